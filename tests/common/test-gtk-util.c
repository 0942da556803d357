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
  /* The application's style sheet, as IscApplication loads it: widgets style through it. */
  if (g_resources_get_info ("/io/github/ionscape/Ionscape/style.css", 0, NULL, NULL, NULL))
    {
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, "/io/github/ionscape/Ionscape/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
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

/* The widget's current frame as a render node; the paintable is empty until one was drawn. */
static GskRenderNode *
snapshot_node (GtkWidget *widget,
               int       *width,
               int       *height)
{
  GskRenderNode *node = NULL;

  for (int attempt = 0; attempt < 10 && node == NULL; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        gtk_test_widget_wait_for_draw (widget);
      *width = gtk_widget_get_width (widget);
      *height = gtk_widget_get_height (widget);
      g_assert_cmpint (*width, >, 0);
      g_assert_cmpint (*height, >, 0);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *width, *height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  return node;
}

static guint32 *
render_pixels (GskRenderer   *renderer,
               GskRenderNode *node,
               int            width,
               int            height,
               const char    *png_name)
{
  g_autoptr(GdkTexture) texture = gsk_renderer_render_texture (renderer, node,
                                                                &GRAPHENE_RECT_INIT (0, 0, width, height));
  guint32 *pixels = g_new (guint32, (gsize) width * height);

  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  if (png_name != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                                png_name, NULL);

      gdk_texture_save_to_png (texture, path);
    }
  return pixels;
}

guint32 *
isc_test_snapshot (GtkWidget  *widget,
                   int        *width,
                   int        *height,
                   const char *png_name)
{
  g_autoptr(GskRenderNode) node = snapshot_node (widget, width, height);

  return render_pixels (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                        *width, *height, png_name);
}

guint32 *
isc_test_snapshot_cairo (GtkWidget  *widget,
                         int        *width,
                         int        *height,
                         const char *png_name)
{
  g_autoptr(GskRenderNode) node = snapshot_node (widget, width, height);
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GError) error = NULL;
  guint32 *pixels;

  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  pixels = render_pixels (renderer, node, *width, *height, png_name);
  gsk_renderer_unrealize (renderer);
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
