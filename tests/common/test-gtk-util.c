/* test-gtk-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

#include "test-gtk-util.h"

gboolean
isc_test_gtk_init (int    *argc,
                   char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return FALSE;
    }
  g_test_init (argc, argv, NULL);
  gtk_init ();
  return TRUE;
}

GtkWindow *
isc_test_show_in_window (GtkWidget *widget,
                         int        width,
                         int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, widget);
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* A couple more frames so size allocation and GL realisation settle. */
  for (int i = 0; i < 3; i++)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    }
  return window;
}

guint32 *
isc_test_snapshot (GtkWidget  *widget,
                   int        *width,
                   int        *height,
                   const char *png_name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  guint32 *pixels;

  g_assert_cmpint (w, >, 0);
  g_assert_cmpint (h, >, 0);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));

  pixels = g_new (guint32, (gsize) w * h);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) w * 4);
  if (png_name != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                                png_name, NULL);

      gdk_texture_save_to_png (texture, path);
    }
  *width = w;
  *height = h;
  return pixels;
}

gsize
isc_test_count_color (const guint32 *pixels,
                      int            width,
                      int            height,
                      guint32        rgb,
                      int            tolerance)
{
  gsize n = 0;

  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint32 p = pixels[i];

      if (abs ((int) ((p >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff)) <= tolerance
          && abs ((int) ((p >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff)) <= tolerance
          && abs ((int) (p & 0xff) - (int) (rgb & 0xff)) <= tolerance)
        n++;
    }
  return n;
}
