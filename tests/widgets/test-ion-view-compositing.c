/* test-ion-view-compositing.c: on software OpenGL the application composites its windows
 * with cairo (GTK's GL renderer repaints and presents the whole window for every frame of
 * the turning 3-D view); a GSK_RENDERER the user set wins. One process per choice: GTK reads
 * the choice once, when the first window is made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <epoxy/gl.h>
#include <string.h>

#include "ion-view.h"
#include "test-gtk-util.h"

/* The GL_RENDERER of a context of the display, or NULL without GL. */
static char *
gl_renderer_name (void)
{
  g_autoptr(GdkGLContext) context = gdk_display_create_gl_context (gdk_display_get_default (), NULL);
  char *name;

  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return NULL;
  gdk_gl_context_make_current (context);
  name = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();
  return name;
}

static void
test_user_choice_wins (void)
{
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_assert_false (isc_ion_view_prefer_cairo_on_software_gl ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
  g_unsetenv ("GSK_RENDERER");
}

static void
test_software_gl_composites_with_cairo (void)
{
  g_autofree char *name = gl_renderer_name ();
  gboolean software;
  GtkWidget *window;
  const char *type;

  if (name == NULL)
    {
      g_test_skip ("no OpenGL context could be made");
      return;
    }
  software = strstr (name, "llvmpipe") != NULL || strstr (name, "softpipe") != NULL
             || strstr (name, "swrast") != NULL;
  g_test_message ("GL renderer: %s", name);
  g_assert_cmpint (isc_ion_view_prefer_cairo_on_software_gl (), ==, software);

  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), isc_ion_view_new ());
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  type = G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window)));
  g_test_message ("window renderer: %s", type);
  if (software)
    g_assert_cmpstr (type, ==, "GskCairoRenderer");
  else
    g_assert_cmpstr (type, !=, "GskCairoRenderer");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  /* the user's own choice is tested explicitly below */
  g_unsetenv ("GSK_RENDERER");
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ion-view/compositing/user-choice-wins", test_user_choice_wins);
  g_test_add_func ("/ion-view/compositing/software-gl-cairo", test_software_gl_composites_with_cairo);
  return g_test_run ();
}
