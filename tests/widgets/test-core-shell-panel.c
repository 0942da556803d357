/* test-core-shell-panel.c: the core/shell panel on the demo heating series — the result
 * equals the model's, the plot and the circles over the image are on real screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "core-shell-panel.h"
#include "demo-insitu.h"
#include "image-page.h"
#include "image-view.h"
#include "test-gtk-util.h"
#include "test-util.h"

typedef struct
{
  GtkWindow *window;
  GtkWidget *overlay;
  IscImageView *view;
  IscCoreShellPanel *panel;
} Fixture;

static guint32
rgb_of (IscColor c)
{
  return ((guint32) lround (c.r * 255) << 16) | ((guint32) lround (c.g * 255) << 8) | (guint32) lround (c.b * 255);
}

/* Whether a label under @widget reads @text (the frame counter over the slider). */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return gtk_widget_get_mapped (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;
  return FALSE;
}

/* New text in the status label may resize the plot: let layout and drawing finish. */
static void
settle (GtkWidget *widget)
{
  for (int i = 0; i < 3; i++)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      gtk_test_widget_wait_for_draw (widget);
    }
}

static void
wait_for_result (IscCoreShellPanel *panel)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (isc_core_shell_panel_is_running (panel) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (isc_core_shell_panel_is_running (panel));
  settle (GTK_WIDGET (panel));
}

static void
demo_geometry (IscCoreShellGeometry *g)
{
  isc_core_shell_geometry_init (g, ISC_DEMO_INSITU_CENTRE_X_NM, ISC_DEMO_INSITU_CENTRE_Y_NM,
                                ISC_DEMO_INSITU_RADIUS_NM, ISC_DEMO_INSITU_SHELL_NM);
}

static void
fixture_setup (Fixture *f)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  IscCoreShellGeometry g;

  f->view = ISC_IMAGE_VIEW (isc_image_view_new ());
  f->panel = ISC_CORE_SHELL_PANEL (isc_core_shell_panel_new ());
  f->overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (f->overlay), GTK_WIDGET (f->view));
  gtk_overlay_add_overlay (GTK_OVERLAY (f->overlay), isc_core_shell_panel_get_overlay (f->panel));
  gtk_widget_set_hexpand (f->overlay, TRUE);
  gtk_widget_set_size_request (f->overlay, 500, 500);
  gtk_box_append (GTK_BOX (box), f->overlay);
  gtk_widget_set_size_request (GTK_WIDGET (f->panel), 420, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->panel));
  isc_core_shell_panel_set_view (f->panel, f->view);
  f->window = isc_test_show_in_window (box, 1000, 700);

  isc_image_view_set_image (f->view, isc_demo_insitu_series ());
  demo_geometry (&g);
  isc_core_shell_panel_set_geometry (f->panel, &g);
  isc_core_shell_panel_set_temperatures (f->panel, ISC_DEMO_INSITU_T_START, ISC_DEMO_INSITU_T_STEP);
  isc_core_shell_panel_set_reference_frame (f->panel, 2);
  wait_for_result (f->panel);
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (f->window);
}

/* The panel hands the model the geometry, temperatures and reference it shows. */
static void
test_result_matches_model (void)
{
  Fixture f;
  g_autoptr(IscImage) series = isc_demo_insitu_series ();
  g_autoptr(IscCoreShellSeries) direct = NULL;
  g_autofree double *temps = g_new (double, ISC_DEMO_INSITU_FRAMES);
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;
  const IscCoreShellSeries *s;
  IscCoreShellGeometry g;

  fixture_setup (&f);
  for (guint i = 0; i < ISC_DEMO_INSITU_FRAMES; i++)
    temps[i] = ISC_DEMO_INSITU_T_START + i * ISC_DEMO_INSITU_T_STEP;
  demo_geometry (&g);
  direct = isc_core_shell_analyse (series, &g, 2, temps, NULL, &error);
  g_assert_no_error (error);

  s = isc_core_shell_panel_get_series (f.panel);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->n_frames, ==, 31);
  g_assert_cmpuint (s->reference_frame, ==, 2);
  g_assert_true (s->has_temperatures);
  for (guint i = 0; i < 31; i++)
    {
      g_assert_cmpfloat (s->frames[i].temperature, ==, temps[i]);
      g_assert_cmpfloat (s->frames[i].core, ==, direct->frames[i].core);
      g_assert_cmpfloat (s->frames[i].shell_relative, ==, direct->frames[i].shell_relative);
    }
  g_assert_cmpfloat (s->frames[15].shell_relative, >, 1.05);
  g_assert_cmpfloat (s->frames[15].core_relative, <, 0.97);

  g_assert_true (isc_core_shell_panel_export_csv (f.panel, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  expected = isc_core_shell_series_to_csv (direct);
  g_assert_cmpstr (written, ==, expected);
  /* the status names the onset the model finds — the demo's 240 °C within the noise, not the
   * first frame past the threshold (250 °C) — ± half the 10 °C between frames */
  {
    double onset = 0, sigma = 0;
    g_autofree char *text = NULL;

    g_assert_true (isc_core_shell_series_onset_full (direct, 0.01, &onset, &sigma));
    g_assert_cmpfloat_with_epsilon (onset, ISC_DEMO_INSITU_ONSET_C, 2.0);
    text = g_strdup_printf ("onset %.0f ± 5 °C", onset);
    g_assert_nonnull (strstr (isc_test_label_text (GTK_WIDGET (f.panel), "status"), text));
    g_assert_null (strstr (isc_test_label_text (GTK_WIDGET (f.panel), "status"), "250 °C"));
  }
  fixture_teardown (&f);
}

/* The frame line (0xd9a621, dashed and anti-aliased on white): clearly more red and green
 * than blue — no series colour, grey or white is. */
static gboolean
is_orange (guint32 argb)
{
  int r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;

  return r > 150 && r - b > 50 && g - b > 30;
}

/* Selecting a frame moves the view and the plot's line; the view's own frame moves the panel. */
static void
test_frame_and_plot (void)
{
  Fixture f;
  IscPlotView *pv;
  IscPlot *plot;
  g_autofree guint32 *pixels = NULL;
  int w, h;
  double px, py, px_end, py_end;
  guint32 shell_rgb = 0, core_rgb = 0;
  gsize line_hits = 0, shell_hits = 0;

  fixture_setup (&f);
  isc_core_shell_panel_set_frame (f.panel, 15);
  g_assert_cmpuint (isc_image_view_get_frame (f.view), ==, 15);
  isc_image_view_set_frame (f.view, 20);
  g_assert_cmpuint (isc_core_shell_panel_get_frame (f.panel), ==, 20);
  isc_core_shell_panel_set_frame (f.panel, 15);
  g_assert_nonnull (strstr (isc_test_label_text (GTK_WIDGET (f.panel), "status"), "Frame 16 of 31 (300 °C)"));
  g_assert_nonnull (strstr (isc_test_label_text (GTK_WIDGET (f.panel), "status"), "of frame 3"));
  /* the view's toolbar and the slider count alike: frame 16 of 31 (index 15) */
  {
    g_autofree char *toolbar = isc_image_view_dup_frame_text (f.view);
    g_autofree char *slider = isc_core_shell_panel_format_frame (f.panel, 15);
    g_autofree char *last_toolbar = NULL;
    g_autofree char *last_slider = isc_core_shell_panel_format_frame (f.panel, 30);

    g_assert_cmpstr (toolbar, ==, "16 of 31");
    g_assert_cmpstr (slider, ==, "16 of 31 · 300 °C");
    /* and that is what the slider shows */
    g_assert_true (shows_text (GTK_WIDGET (f.panel), "16 of 31 · 300 °C"));
    isc_core_shell_panel_set_frame (f.panel, 30);
    last_toolbar = isc_image_view_dup_frame_text (f.view);
    g_assert_cmpstr (last_toolbar, ==, "31 of 31");
    g_assert_true (g_str_has_prefix (last_slider, "31 of 31"));
    isc_core_shell_panel_set_frame (f.panel, 15);
  }

  pv = ISC_PLOT_VIEW (isc_test_get_widget (GTK_WIDGET (f.panel), ISC_TYPE_PLOT_VIEW, "plot_view"));
  gtk_widget_queue_draw (GTK_WIDGET (pv));
  settle (GTK_WIDGET (pv));
  /* Xvfb's pointer may rest over the plot: its hover read-out and floating buttons are not
   * what this test looks at */
  isc_plot_view_hover (pv, -1, -1);
  gtk_widget_set_visible (gtk_widget_get_first_child (GTK_WIDGET (pv)), FALSE);
  settle (GTK_WIDGET (pv));
  g_free (isc_test_snapshot (GTK_WIDGET (f.panel), &w, &h, "core-shell-panel.png"));
  pixels = isc_test_snapshot (GTK_WIDGET (pv), &w, &h, "core-shell-plot.png");
  plot = isc_plot_view_get_plot (pv);
  g_assert_nonnull (plot);
  for (guint i = 0; i < isc_plot_get_n_series (plot); i++)
    {
      IscPlotSeries *s = isc_plot_get_series (plot, i);

      if (g_strcmp0 (isc_plot_series_get_label (s), "Shell") == 0)
        shell_rgb = rgb_of (isc_plot_series_get_color (s));
      if (g_strcmp0 (isc_plot_series_get_label (s), "Core") == 0)
        core_rgb = rgb_of (isc_plot_series_get_color (s));
    }
  g_assert_cmpuint (shell_rgb, !=, core_rgb);
  g_assert_cmpuint (isc_test_count_color (pixels, w, h, shell_rgb, 30), >, 100);
  g_assert_cmpuint (isc_test_count_color (pixels, w, h, core_rgb, 30), >, 100);

  /* the vertical line at 300 °C: a column of the marker colour at its x */
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 300, 1.0, &px, &py));
  for (int y = 0; y < h; y++)
    for (int x = (int) px - 2; x <= (int) px + 2; x++)
      if (x >= 0 && x < w && is_orange (pixels[y * w + x]))
        {
          line_hits++;
          break;
        }
  /* dashed: about half of the data area's rows */
  g_assert_cmpuint (line_hits, >, 60);

  /* the last shell point (450 °C, +15 %) is drawn where the axes put it */
  g_assert_true (isc_plot_data_to_pixel (plot, ISC_PLOT_AXIS_Y, 450, 1.15, &px_end, &py_end));
  g_test_message ("last shell point at %.1f, %.1f of %d x %d", px_end, py_end, w, h);
  for (int y = (int) py_end - 8; y <= (int) py_end + 8; y++)
    for (int x = (int) px_end - 8; x <= (int) px_end + 8; x++)
      if (x >= 0 && x < w && y >= 0 && y < h)
        shell_hits += isc_test_count_color (&pixels[y * w + x], 1, 1, shell_rgb, 30);
  g_assert_cmpuint (shell_hits, >, 5);
  fixture_teardown (&f);
}

/* Counts pixels of @rgb within 3 px of widget point (x, y). */
static gsize
hits_near (const guint32 *pixels,
           int            w,
           int            h,
           double         x,
           double         y,
           guint32        rgb)
{
  gsize n = 0;

  for (int yy = (int) y - 3; yy <= (int) y + 3; yy++)
    for (int xx = (int) x - 3; xx <= (int) x + 3; xx++)
      if (xx >= 0 && xx < w && yy >= 0 && yy < h)
        n += isc_test_count_color (&pixels[yy * w + xx], 1, 1, rgb, 50);
  return n;
}

static void
image_point_nm (Fixture *f,
                double   x_nm,
                double   y_nm,
                double  *wx,
                double  *wy)
{
  graphene_point_t in, out;
  double cx, cy;

  isc_image_view_image_to_canvas (f->view, x_nm / ISC_DEMO_INSITU_PIXEL_NM, y_nm / ISC_DEMO_INSITU_PIXEL_NM, &cx, &cy);
  in = GRAPHENE_POINT_INIT (cx, cy);
  g_assert_true (gtk_widget_compute_point (isc_image_view_get_canvas (f->view), f->overlay, &in, &out));
  *wx = out.x;
  *wy = out.y;
}

/* The circles sit at R and R − t on the image, and go away with the panel. */
static void
test_circles (void)
{
  Fixture f;
  g_autofree guint32 *pixels = NULL;
  g_autofree guint32 *hidden = NULL;
  int w, h;
  guint32 shell_rgb = rgb_of (isc_palette_get (5)), core_rgb = rgb_of (isc_palette_get (4));
  double x, y;
  const double cx = ISC_DEMO_INSITU_CENTRE_X_NM, cy = ISC_DEMO_INSITU_CENTRE_Y_NM;
  const double r = ISC_DEMO_INSITU_RADIUS_NM, rc = r - ISC_DEMO_INSITU_SHELL_NM;

  fixture_setup (&f);
  gtk_widget_queue_draw (f.overlay);
  settle (f.overlay);
  pixels = isc_test_snapshot (f.overlay, &w, &h, "core-shell-overlay.png");

  /* right, left and top of the outer circle; right and bottom of the core's */
  image_point_nm (&f, cx + r, cy, &x, &y);
  g_assert_cmpuint (hits_near (pixels, w, h, x, y, shell_rgb), >, 2);
  image_point_nm (&f, cx - r, cy, &x, &y);
  g_assert_cmpuint (hits_near (pixels, w, h, x, y, shell_rgb), >, 2);
  image_point_nm (&f, cx, cy - r, &x, &y);
  g_assert_cmpuint (hits_near (pixels, w, h, x, y, shell_rgb), >, 2);
  image_point_nm (&f, cx + rc, cy, &x, &y);
  g_assert_cmpuint (hits_near (pixels, w, h, x, y, core_rgb), >, 2);
  image_point_nm (&f, cx, cy + rc, &x, &y);
  g_assert_cmpuint (hits_near (pixels, w, h, x, y, core_rgb), >, 2);
  /* not in the middle of the shell nor at the centre */
  image_point_nm (&f, cx + (r + rc) / 2, cy, &x, &y);
  g_assert_cmpuint (hits_near (pixels, w, h, x, y, shell_rgb) + hits_near (pixels, w, h, x, y, core_rgb), ==, 0);
  image_point_nm (&f, cx, cy, &x, &y);
  g_assert_cmpuint (hits_near (pixels, w, h, x, y, core_rgb), ==, 0);
  g_assert_cmpuint (isc_test_count_color (pixels, w, h, shell_rgb, 50), >, 200);

  /* a hidden panel draws no circles */
  gtk_widget_set_visible (GTK_WIDGET (f.panel), FALSE);
  settle (f.overlay);
  hidden = isc_test_snapshot (f.overlay, &w, &h, NULL);
  g_assert_cmpuint (isc_test_count_color (hidden, w, h, shell_rgb, 50), ==, 0);
  fixture_teardown (&f);
}

static void
test_error_shown (void)
{
  Fixture f;
  IscCoreShellGeometry g;
  IscPlotView *pv;

  fixture_setup (&f);
  demo_geometry (&g);
  g.shell = g.radius + 10;
  isc_core_shell_panel_set_geometry (f.panel, &g);
  wait_for_result (f.panel);
  g_assert_null (isc_core_shell_panel_get_series (f.panel));
  g_assert_nonnull (strstr (isc_test_label_text (GTK_WIDGET (f.panel), "status"), "shell thickness"));
  pv = ISC_PLOT_VIEW (isc_test_get_widget (GTK_WIDGET (f.panel), ISC_TYPE_PLOT_VIEW, "plot_view"));
  g_assert_null (isc_plot_view_get_plot (pv));
  g_assert_false (isc_core_shell_panel_export_csv (f.panel, "/nonexistent/x.csv", NULL));
  fixture_teardown (&f);
}

/* The demo's side-car file sets geometry, temperatures and the 170 °C reference. */
static void
test_sidecar (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *side = g_build_filename (dir, "insitu", "ncm622-heating.json", NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  IscImageView *view = ISC_IMAGE_VIEW (isc_image_view_new ());
  IscCoreShellPanel *panel = ISC_CORE_SHELL_PANEL (isc_core_shell_panel_new ());
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  IscCoreShellGeometry g;
  const IscCoreShellSeries *s;

  g_assert_true (isc_demo_write_insitu (dir, NULL, &error));
  gtk_widget_set_size_request (GTK_WIDGET (view), 300, 300);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (panel));
  isc_core_shell_panel_set_view (panel, view);
  window = isc_test_show_in_window (box, 900, 600);
  isc_image_view_set_image (view, isc_demo_insitu_series ());
  g_assert_true (isc_core_shell_panel_load_sidecar (panel, side, &error));
  g_assert_no_error (error);
  wait_for_result (panel);
  isc_core_shell_panel_get_geometry (panel, &g);
  g_assert_cmpfloat (g.centre_x, ==, ISC_DEMO_INSITU_CENTRE_X_NM);
  g_assert_cmpfloat (g.radius, ==, ISC_DEMO_INSITU_RADIUS_NM);
  g_assert_cmpfloat (g.shell, ==, ISC_DEMO_INSITU_SHELL_NM);
  s = isc_core_shell_panel_get_series (panel);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->reference_frame, ==, 2);
  g_assert_cmpfloat (s->frames[30].temperature, ==, 450);
  g_assert_cmpfloat_with_epsilon (s->frames[30].shell_relative, 1.15, 0.01);

  g_assert_false (isc_core_shell_panel_load_sidecar (panel, "/nonexistent/side.json", &error));
  g_assert_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO);
  gtk_window_destroy (window);
}

static GtkWidget *
find_panel (GtkWidget *widget)
{
  if (ISC_IS_CORE_SHELL_PANEL (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_panel (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The image page shows the panel (and the circles) for a series only. */
static void
test_image_page (void)
{
  GtkWidget *page = isc_image_page_new ();
  GtkWindow *window = isc_test_show_in_window (page, 1300, 850);
  IscCoreShellPanel *panel = ISC_CORE_SHELL_PANEL (find_panel (page));
  IscImage *single = isc_image_new (64, 64, 1, ISC_IMAGE_DTYPE_F32, NULL);
  g_autofree guint32 *pixels = NULL;
  IscCoreShellGeometry g;
  int w, h;

  g_assert_nonnull (panel);
  isc_image_page_set_image (ISC_IMAGE_PAGE (page), isc_demo_insitu_series ());
  demo_geometry (&g);
  isc_core_shell_panel_set_geometry (panel, &g);
  isc_core_shell_panel_set_temperatures (panel, ISC_DEMO_INSITU_T_START, ISC_DEMO_INSITU_T_STEP);
  wait_for_result (panel);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panel)));
  g_assert_nonnull (isc_core_shell_panel_get_series (panel));
  g_assert_cmpuint (isc_core_shell_panel_get_series (panel)->n_frames, ==, 31);
  pixels = isc_test_snapshot (page, &w, &h, "core-shell-page.png");
  g_assert_cmpuint (isc_test_count_color (pixels, w, h, rgb_of (isc_palette_get (5)), 50), >, 200);

  isc_image_page_set_image (ISC_IMAGE_PAGE (page), single);
  settle (page);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (panel)));
  g_clear_pointer (&pixels, g_free);
  pixels = isc_test_snapshot (page, &w, &h, NULL);
  g_assert_cmpuint (isc_test_count_color (pixels, w, h, rgb_of (isc_palette_get (4)), 30), ==, 0);
  gtk_window_destroy (window);
}

/* As the window opens a series: the image page is set up while hidden, the side-car follows,
 * then the page is shown. The temperature axis covers the data (150–450 °C), not more. */
static void
test_axis_follows_data (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *side = g_build_filename (dir, "insitu", "ncm622-heating.json", NULL);
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *page = isc_image_page_new ();
  GtkWindow *window;
  IscCoreShellPanel *panel;
  IscPlotView *pv;
  g_autoptr(GError) error = NULL;
  double lo, hi;

  g_assert_true (isc_demo_write_insitu (dir, NULL, &error));
  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("welcome"), "welcome");
  gtk_stack_add_named (GTK_STACK (stack), page, "image");
  window = isc_test_show_in_window (stack, 1280, 800);
  panel = isc_image_page_get_core_shell_panel (ISC_IMAGE_PAGE (page));
  isc_image_page_set_image (ISC_IMAGE_PAGE (page), isc_demo_insitu_series ());
  g_assert_true (isc_core_shell_panel_load_sidecar (panel, side, &error));
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "image");
  settle (page);
  wait_for_result (panel);
  /* the slider's label follows the new series and its temperatures (it said "1 of 1") */
  g_assert_true (shows_text (GTK_WIDGET (panel), "1 of 31 · 150 °C"));
  pv = ISC_PLOT_VIEW (isc_test_get_widget (GTK_WIDGET (panel), ISC_TYPE_PLOT_VIEW, "plot_view"));
  gtk_widget_queue_draw (GTK_WIDGET (pv));
  settle (GTK_WIDGET (pv));
  isc_plot_get_axis_range (isc_plot_view_get_plot (pv), ISC_PLOT_AXIS_X, &lo, &hi);
  g_test_message ("temperature axis %.1f – %.1f", lo, hi);
  g_assert_cmpfloat (lo, >=, 100);
  g_assert_cmpfloat (lo, <=, 150);
  g_assert_cmpfloat (hi, >=, 450);
  g_assert_cmpfloat (hi, <=, 500);
  gtk_window_destroy (window);
}

/* Destroying the window mid-analysis finalizes the panel at once; the worker, which read the
 * view's series by reference, lets go of it when it ends. */
static void
test_dispose_while_busy (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  IscImageView *view = ISC_IMAGE_VIEW (isc_image_view_new ());
  IscCoreShellPanel *panel = ISC_CORE_SHELL_PANEL (isc_core_shell_panel_new ());
  IscImage *series = isc_demo_insitu_series ();
  IscCoreShellGeometry g;
  GtkWindow *window;
  gint64 deadline;

  gtk_widget_set_size_request (GTK_WIDGET (view), 300, 300);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (panel));
  isc_core_shell_panel_set_view (panel, view);
  window = isc_test_show_in_window (box, 900, 600);
  isc_image_view_set_image (view, isc_image_ref (series));
  demo_geometry (&g);
  isc_core_shell_panel_set_geometry (panel, &g);
  g_assert_true (isc_core_shell_panel_is_running (panel));
  /* the worker reads the view's own series: no copy */
  /* ours, the view's and at least the running worker's (a cancelled one may still hold one) */
  g_assert_cmpint (g_atomic_int_get (&series->ref_count), >=, 3);

  g_object_ref (panel);
  g_object_ref (view);
  gtk_window_destroy (window);
  g_assert_finalize_object (panel);
  g_assert_finalize_object (view);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!g_atomic_ref_count_compare (&series->ref_count, 1) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (g_atomic_ref_count_compare (&series->ref_count, 1));
  isc_image_unref (series);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/core-shell-panel/result-matches-model", test_result_matches_model);
  g_test_add_func ("/core-shell-panel/frame-and-plot", test_frame_and_plot);
  g_test_add_func ("/core-shell-panel/circles", test_circles);
  g_test_add_func ("/core-shell-panel/error-shown", test_error_shown);
  g_test_add_func ("/core-shell-panel/image-page", test_image_page);
  g_test_add_func ("/core-shell-panel/sidecar", test_sidecar);
  g_test_add_func ("/core-shell-panel/dispose-while-busy", test_dispose_while_busy);
  g_test_add_func ("/core-shell-panel/axis-follows-data", test_axis_follows_data);
  return g_test_run ();
}
