/* test-gtk-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

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

/* "_Save ranges…" → "Save ranges…" ("__" stays one underscore). */
static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
text_matches (const char *text,
              const char *wanted)
{
  g_autofree char *plain = NULL;

  if (text == NULL)
    return FALSE;
  if (strcmp (text, wanted) == 0)
    return TRUE;
  plain = strip_mnemonic (text);
  return strcmp (plain, wanted) == 0;
}

static const char *
widget_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_CHECK_BUTTON (widget))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
  if (GTK_IS_EXPANDER (widget))
    return gtk_expander_get_label (GTK_EXPANDER (widget));
  return NULL;
}

static gboolean
widget_matches (GtkWidget  *widget,
                GType       type,
                const char *wanted)
{
  if (!G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return FALSE;
  if (wanted == NULL)
    return TRUE;
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), wanted) == 0
         || g_strcmp0 (gtk_widget_get_name (widget), wanted) == 0
         || text_matches (widget_label (widget), wanted)
         || g_strcmp0 (gtk_widget_get_tooltip_text (widget), wanted) == 0;
}

GtkWidget *
isc_test_find_widget (GtkWidget  *root,
                      GType       type,
                      const char *name_or_label)
{
  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  if (widget_matches (root, type, name_or_label))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = isc_test_find_widget (child, type, name_or_label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
isc_test_get_widget (GtkWidget  *root,
                     GType       type,
                     const char *name_or_label)
{
  GtkWidget *widget = isc_test_find_widget (root, type, name_or_label);

  if (widget == NULL)
    g_error ("no %s \"%s\" under %s", g_type_name (type), name_or_label ? name_or_label : "(any)",
             G_OBJECT_TYPE_NAME (root));
  return widget;
}

const char *
isc_test_label_text (GtkWidget  *root,
                     const char *name)
{
  return gtk_label_get_text (GTK_LABEL (isc_test_get_widget (root, GTK_TYPE_LABEL, name)));
}

GtkWindow *
isc_test_find_toplevel (GType       type,
                        const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window))
          && (title == NULL || g_strcmp0 (gtk_window_get_title (window), title) == 0))
        return window;
    }
  return NULL;
}
