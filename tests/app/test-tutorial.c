/* test-tutorial.c: the guided tour, walked in a real window on the demo project. Every step is
 * reached with Next, its "Show Me" button is pressed, the work it starts is waited for (with a
 * deadline), and what the step's text promises is checked: the page shown, the selection made,
 * the plot drawn, the file written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "analysis-panel.h"
#include "demo-eis.h"
#include "eis-page.h"
#include "isc-register-view.h"
#include "isc-application.h"
#include "isc-tutorial.h"
#include "isc-window-private.h"
#include "spatial-panel.h"
#include "species-list.h"
#include "spectrum-view.h"

#include "test-gtk-util.h"
#include "test-util.h"
#include "thermal-page.h"
#include "xrd-page.h"

#define DEADLINE_S 120

static IscApplication *app;
static gboolean german;

/* ---- helpers ------------------------------------------------------------------------ */

typedef gboolean (*Condition) (gpointer data);

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds; fails the test after DEADLINE_S seconds. */
static void
wait_until_full (Condition   condition,
                 gpointer    data,
                 const char *what)
{
  gint64 end = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  guint tick = g_timeout_add (20, tick_cb, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  /* Let idles queued by the finished work (redraws, follow-ups) run too. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
#define wait_until(cond, data) wait_until_full ((Condition) (cond), (data), #cond)

static gboolean
jobs_done (IscWindow *window)
{
  return !isc_window_job_is_running (window);
}

static gboolean
xrd_loaded (IscXrdPage *page)
{
  return !isc_xrd_page_is_busy (page) && isc_xrd_page_get_series (page) != NULL;
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = find_button (child, action)) != NULL)
        return found;
    }
  return NULL;
}

static void
clicked_cb (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

static gboolean
is_true (gboolean *flag)
{
  return *flag;
}

/* Presses the tour's button for @action as the keyboard does (it must be shown and sensitive),
 * and waits for the click, which GtkButton sends a moment later. */
static void
press (IscTutorial *tour,
       const char  *action)
{
  GtkWidget *button = find_button (GTK_WIDGET (tour), action);
  gboolean clicked = FALSE;
  gulong id;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  /* Held: Done closes the tour, button and all. */
  g_object_ref (button);
  id = g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), &clicked);
  g_assert_true (gtk_widget_activate (button));
  wait_until (is_true, &clicked);
  g_signal_handler_disconnect (button, id);
  g_object_unref (button);
}

static const char *
page (IscWindow *window)
{
  return gtk_stack_get_visible_child_name (window->content_stack);
}

static guint
plot_points (IscPlot *plot,
             guint   *n_series)
{
  guint total = 0;

  *n_series = isc_plot_get_n_series (plot);
  for (guint i = 0; i < *n_series; i++)
    {
      const double *x, *y;

      total += isc_plot_series_get_data (isc_plot_get_series (plot, i), &x, &y);
    }
  return total;
}

static int
find_li7 (const IscRangeSet *ranges)
{
  for (guint i = 0; i < isc_range_set_get_n_ranges (ranges); i++)
    {
      const IscRange *range = isc_range_set_get_range (ranges, i);

      if (range->low <= 7.016 && range->high >= 7.016)
        return (int) i;
    }
  return -1;
}

static guint64
li_atoms (const IscComposition *composition)
{
  int li = isc_composition_find_element (composition, "Li");

  g_assert_cmpint (li, >=, 0);
  return composition->atom_counts[li];
}

static const char *
first_specimen (IscWindow  *window,
                const char *condition_name,
                const char *site_label)
{
  IscCondition *condition = isc_project_find_condition (window->project, condition_name);
  IscSite *site = condition != NULL ? isc_condition_find_site (condition, site_label) : NULL;

  g_assert_nonnull (site);
  for (guint i = 0; i < site->datasets->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (dataset->kind == ISC_DATASET_APT)
        return dataset->path;
    }
  g_assert_not_reached ();
}

/* ---- conditions waited for ---------------------------------------------------------- */

static gboolean
project_shown (IscWindow *window)
{
  return window->project != NULL && jobs_done (window) && !isc_gradient_view_get_busy (window->gradient_view);
}

static gboolean
spectrum_ready (IscSpectrumView *spectrum)
{
  return isc_spectrum_view_get_spectrum (spectrum) != NULL && !isc_spectrum_view_is_computing (spectrum);
}

typedef struct
{
  IscWindow            *window;
  const IscComposition *old;
} Reranged;

static gboolean
reranged (Reranged *r)
{
  return jobs_done (r->window) && isc_apt_page_get_composition (r->window->apt_page) != r->old;
}

static gboolean
analysis_ready (IscAnalysisPanel *panel)
{
  return !isc_analysis_panel_is_busy (panel) && isc_analysis_panel_get_profile (panel) != NULL;
}

/* The R2 specimen shown, and the spatial panel done with its surfaces and clusters. */
static gboolean
spatial_ready (IscWindow *window)
{
  IscSpatialPanel *panel = isc_apt_page_get_spatial_panel (window->apt_page);

  return !isc_window_job_is_running (window) && isc_apt_page_get_cloud (window->apt_page) != NULL
         && strstr (isc_apt_page_get_cloud (window->apt_page)->source_path, "R2") != NULL
         && !isc_spatial_panel_is_busy (panel) && isc_spatial_panel_get_results (panel).isosurface != NULL
         && isc_spatial_panel_get_results (panel).clusters != NULL;
}

static gboolean
fft_spot_selected (IscFftPanel *panel)
{
  return !isc_fft_panel_is_busy (panel) && isc_fft_panel_get_selection (panel, NULL, NULL);
}

static gboolean
core_shell_ready (IscCoreShellPanel *panel)
{
  return !isc_core_shell_panel_is_running (panel) && isc_core_shell_panel_get_series (panel) != NULL;
}

/* @widget lies (at least half of it) inside the visible part of its scrolled window. */
static gboolean
plot_in_view (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_nonnull (scroller);
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_compute_bounds (widget, scroller, &bounds))
    return FALSE;
  return bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height / 2 <= gtk_widget_get_height (scroller);
}

static gboolean
chooser_open (gpointer data)
{
  return isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL) != NULL;
}

static gboolean
chooser_closed (gpointer data)
{
  return isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL) == NULL;
}

static gboolean
file_written (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 && st.st_size > 0;
}

/* ---- the tour ----------------------------------------------------------------------- */

static IscWindow *
new_window (void)
{
  IscWindow *window = isc_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static IscTutorial *
open_tour (IscWindow *window)
{
  IscTutorial *tour;

  isc_window_show_tutorial (window);
  tour = ISC_TUTORIAL (isc_test_find_toplevel (ISC_TYPE_TUTORIAL, NULL));
  g_assert_nonnull (tour);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (tour));
  /* Asked again, the same tour comes to the front. */
  isc_window_show_tutorial (window);
  g_assert_true (ISC_TUTORIAL (isc_test_find_toplevel (ISC_TYPE_TUTORIAL, NULL)) == tour);
  return tour;
}

/* Saves the window and the tour as they look after @step, under the build folder, for a
 * person to read through. */
static void
save_screenshots (IscWindow   *window,
                  IscTutorial *tour,
                  guint        step)
{
  const char *lang = german ? "de" : "en";
  g_autofree char *main_name = g_strdup_printf ("tutorial-%s-step-%02u.png", lang, step + 1);
  g_autofree char *tour_name = g_strdup_printf ("tutorial-%s-step-%02u-tour.png", lang, step + 1);
  int width, height;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_free (isc_test_snapshot (GTK_WIDGET (window), &width, &height, main_name));
  g_free (isc_test_snapshot (GTK_WIDGET (tour), &width, &height, tour_name));
}

static IscWindow *
window_of (IscTutorial *tour)
{
  return ISC_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (tour)));
}

/* Saves what the previous step showed and goes to @step with Next. */
static void
go_to_step (IscTutorial *tour,
            guint        step)
{
  if (step > 0)
    {
      save_screenshots (window_of (tour), tour, step - 1);
      press (tour, "tutorial.next");
    }
  g_assert_cmpuint (isc_tutorial_get_step (tour), ==, step);
}

/* Goes to @step and presses Show Me. */
static void
do_step (IscTutorial *tour,
         guint        step)
{
  go_to_step (tour, step);
  press (tour, "tutorial.show-me");
}

static void
answer_chooser (const char *dir,
                const char *name)
{
  GtkWindow *chooser;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  wait_until (chooser_open, NULL);
  chooser = isc_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  wait_until (chooser_closed, NULL);
}

static void
test_tour (void)
{
  IscWindow *window = new_window ();
  IscTutorial *tour = open_tour (window);
  IscSpectrumView *spectrum;
  const IscRangeSet *ranges;
  const IscComposition *composition;
  guint64 li_before;
  double li7_high_before;
  guint n_series, n_points;

  g_assert_cmpuint (isc_tutorial_get_n_steps (), ==, ISC_TUTORIAL_N_STEPS);
  g_assert_false (gtk_widget_is_sensitive (find_button (GTK_WIDGET (tour), "tutorial.back")));

  /* 1. The demo project: written into the (test's) cache folder and opened on its gradient. */
  do_step (tour, ISC_TUTORIAL_PROJECT);
  wait_until (project_shown, window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpuint (window->project->conditions->len, ==, 4);
  g_assert_cmpstr (page (window), ==, "gradient");
  g_assert_nonnull (isc_gradient_view_get_gradient (window->gradient_view));

  /* 2. The spectrum of the first specimen of 300 cycles · R1, with its range windows, even
   * when the user had opened another specimen meanwhile. */
  go_to_step (tour, ISC_TUTORIAL_SPECTRUM);
  _isc_window_open_apt (window, first_specimen (window, "300 cycles", "R2"), NULL);
  wait_until (jobs_done, window);
  g_assert_cmpstr (isc_apt_page_get_cloud (window->apt_page)->source_path, ==,
                   first_specimen (window, "300 cycles", "R2"));
  press (tour, "tutorial.show-me");
  wait_until (jobs_done, window);
  g_assert_cmpstr (page (window), ==, "apt");
  g_assert_cmpstr (isc_apt_page_get_tab (window->apt_page), ==, "spectrum");
  g_assert_nonnull (isc_apt_page_get_cloud (window->apt_page));
  g_assert_cmpstr (isc_apt_page_get_cloud (window->apt_page)->source_path, ==,
                   first_specimen (window, "300 cycles", "R1"));
  spectrum = ISC_SPECTRUM_VIEW (find_descendant (GTK_WIDGET (window->apt_page), ISC_TYPE_SPECTRUM_VIEW));
  g_assert_nonnull (spectrum);
  wait_until (spectrum_ready, spectrum);
  g_assert_cmpuint (isc_spectrum_view_get_spectrum (spectrum)->n_bins, >, 100);
  n_points = plot_points (isc_spectrum_view_get_plot (spectrum), &n_series);
  g_assert_cmpuint (n_series, >=, 1);
  g_assert_cmpuint (n_points, >, 100);
  ranges = isc_apt_page_get_ranges (window->apt_page);
  g_assert_cmpint (find_li7 (ranges), >=, 0);
  li7_high_before = isc_range_set_get_range (ranges, find_li7 (ranges))->high;
  composition = isc_apt_page_get_composition (window->apt_page);
  li_before = li_atoms (composition);

  /* 3. Range editing: the 7Li window now ends at 7.3 Da, the data were ranged again and count
   * more Li. */
  g_assert_cmpfloat (li7_high_before, <, 7.3);
  do_step (tour, ISC_TUTORIAL_RANGES);
  {
    Reranged r = { window, composition };

    wait_until (reranged, &r);
  }
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (isc_apt_page_get_tab (window->apt_page), ==, "spectrum");
  ranges = isc_apt_page_get_ranges (window->apt_page);
  g_assert_cmpfloat_with_epsilon (isc_range_set_get_range (ranges, find_li7 (ranges))->high, 7.3, 1e-9);
  composition = isc_apt_page_get_composition (window->apt_page);
  g_assert_cmpuint (li_atoms (composition), >, li_before);
  /* ... and the spectrum shows the window close up, selected. */
  wait_until (spectrum_ready, spectrum);
  {
    double x0, x1;

    g_assert_true (isc_plot_get_axis_fixed (isc_spectrum_view_get_plot (spectrum), ISC_PLOT_AXIS_X, &x0, &x1));
    g_assert_cmpfloat (x0, <, 6.0);
    g_assert_cmpfloat (x1, >, 7.3);
    g_assert_cmpfloat (x1 - x0, <, 10.0);
    g_assert_cmpint (isc_spectrum_view_get_selected_range (spectrum), ==, find_li7 (ranges));
  }

  /* 4. The composition table. */
  do_step (tour, ISC_TUTORIAL_COMPOSITION);
  g_assert_cmpstr (page (window), ==, "apt");
  g_assert_cmpstr (isc_apt_page_get_tab (window->apt_page), ==, "composition");

  /* 5. The ion map: only Li ticked. */
  do_step (tour, ISC_TUTORIAL_ION_MAP);
  {
    IscSpeciesList *list = ISC_SPECIES_LIST (find_descendant (GTK_WIDGET (window->apt_page),
                                                              ISC_TYPE_SPECIES_LIST));
    guint n_li = 0;

    g_assert_nonnull (list);
    for (guint t = 0; t < isc_range_set_get_n_ion_types (ranges); t++)
      {
        gboolean is_li = g_str_equal (isc_range_set_get_ion_type (ranges, t)->name, "Li");

        g_assert_cmpint (isc_species_list_get_visible (list, t), ==, is_li);
        n_li += is_li;
      }
    g_assert_cmpuint (n_li, ==, 1);
  }

  /* 6. A cylinder, every species again, and the profile along it. */
  do_step (tour, ISC_TUTORIAL_PROFILES);
  {
    IscAnalysisPanel *analysis = ISC_ANALYSIS_PANEL (find_descendant (GTK_WIDGET (window->apt_page),
                                                                      ISC_TYPE_ANALYSIS_PANEL));
    IscSpeciesList *list = ISC_SPECIES_LIST (find_descendant (GTK_WIDGET (window->apt_page),
                                                              ISC_TYPE_SPECIES_LIST));
    const IscProfile *profile;
    guint n_rois = 0;

    g_assert_cmpstr (isc_apt_page_get_tab (window->apt_page), ==, "analysis");
    isc_ion_view_get_rois (isc_apt_page_get_ion_view (window->apt_page), &n_rois);
    g_assert_cmpuint (n_rois, ==, 1);
    for (guint t = 0; t < isc_range_set_get_n_ion_types (ranges); t++)
      g_assert_true (isc_species_list_get_visible (list, t));
    wait_until (analysis_ready, analysis);
    profile = isc_analysis_panel_get_profile (analysis);
    g_assert_cmpuint (profile->n_bins, >, 5);
    g_assert_cmpuint (profile->n_ions, >, 0);
  }

  /* 6b. Isosurfaces and clusters of Li on the 300-cycle R2 specimen, whose Li lies along
   * lines: 5 surfaces at 35 at.% and 5 clusters (d_max 1.2 nm, N_min 300), as
   * `ionscape-cli isosurface` and `cluster` give on the same file, drawn in the map. */
  do_step (tour, ISC_TUTORIAL_SPATIAL);
  wait_until (spatial_ready, window);
  {
    IscSpatialPanel *panel = isc_apt_page_get_spatial_panel (window->apt_page);
    IscIonView *ion_view = isc_apt_page_get_ion_view (window->apt_page);
    const IscIsosurface *iso = isc_spatial_panel_get_results (panel).isosurface;
    const IscClusterResult *clusters = isc_spatial_panel_get_results (panel).clusters;
    guint n_rois = 0;

    g_assert_null (isc_window_get_banner_text (window));
    g_assert_cmpstr (page (window), ==, "apt");
    g_assert_cmpstr (isc_apt_page_get_tab (window->apt_page), ==, "spatial");
    g_assert_cmpstr (isc_apt_page_get_cloud (window->apt_page)->source_path, ==,
                     first_specimen (window, "300 cycles", "R2"));
    /* The whole needle: no region left from the profile step. */
    isc_ion_view_get_rois (ion_view, &n_rois);
    g_assert_cmpuint (n_rois, ==, 0);
    g_assert_cmpuint (iso->n_surfaces, ==, 5);
    g_assert_cmpuint (clusters->n_clusters, ==, 5);
    g_assert_cmpfloat (clusters->d_max, ==, 1.2);
    g_assert_cmpuint (clusters->n_min, ==, 300);
    g_assert_cmpuint (isc_ion_view_get_mesh_triangles (ion_view), ==, iso->n_triangles);
    g_assert_cmpuint (isc_ion_view_get_n_labelled_ions (ion_view), >, 5 * 300);
  }

  /* 7. The site: ion map and STEM image with one scale bar. */
  do_step (tour, ISC_TUTORIAL_SITE);
  wait_until (jobs_done, window);
  g_assert_cmpstr (page (window), ==, "site");
  g_assert_cmpfloat (isc_site_page_get_scale_bar_nm (window->site_page), >, 0.0);
  g_assert_false (isc_site_page_get_register_mode (window->site_page));

  /* 8. Register mode on the needle image of 300 cycles · R2: six landmarks, about 17°, scale 1. */
  do_step (tour, ISC_TUTORIAL_REGISTER);
  wait_until (jobs_done, window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (page (window), ==, "site");
  g_assert_true (isc_site_page_get_register_mode (window->site_page));
  {
    IscRegisterView *view = ISC_REGISTER_VIEW (isc_test_get_widget (GTK_WIDGET (window->site_page),
                                                                    ISC_TYPE_REGISTER_VIEW, NULL));
    const IscSiteRegistration *registration = isc_register_view_get_registration (view);

    g_assert_true (gtk_widget_is_visible (GTK_WIDGET (view)));
    g_assert_nonnull (registration);
    g_assert_cmpuint (registration->landmarks->len, ==, 6);
    g_assert_cmpfloat_with_epsilon (registration->transform.rotation_deg, 17.0, 0.5);
    g_assert_cmpfloat_with_epsilon (registration->transform.scale, 1.0, 0.01);
  }

  /* 9. The lattice: a line across the planes gives ~0.47 nm, and so does the FFT spot. */
  do_step (tour, ISC_TUTORIAL_LATTICE);
  wait_until (jobs_done, window);
  g_assert_cmpstr (page (window), ==, "image");
  {
    IscFftPanel *fft = isc_image_page_get_fft_panel (window->image_page);
    const IscLineProfile *line;
    double spacing = 0, d = 0, angle = 0;

    wait_until (fft_spot_selected, fft);
    line = isc_image_page_get_profile (window->image_page);
    g_assert_nonnull (line);
    g_assert_cmpuint (line->n, >, 100);
    /* at the 300-cycle R1 site the Li planes hold transition metals: every cation plane is a
     * maximum, so the dominant period is half the (003) spacing, which the profile still finds */
    g_assert_true (isc_image_page_get_spacing (window->image_page, &spacing));
    g_assert_cmpfloat_with_epsilon (spacing, 0.235, 0.01);
    g_assert_nonnull (isc_image_page_get_periods (window->image_page));
    g_assert_cmpfloat_with_epsilon (isc_image_page_get_periods (window->image_page)->layer_period, 0.47, 0.02);
    g_assert_true (isc_fft_panel_get_selection (fft, &d, &angle));
    g_assert_cmpfloat_with_epsilon (d, 0.47, 0.02);
    g_assert_cmpfloat_with_epsilon (angle, 90.0, 2.0);
    g_assert_true (g_str_has_prefix (isc_test_label_text (GTK_WIDGET (fft), "selection_label"), "d = "));
    n_points = plot_points (isc_plot_view_get_plot (isc_image_page_get_profile_view (window->image_page)),
                            &n_series);
    g_assert_cmpuint (n_points, >, 100);
  }

  /* 10. The gradient. */
  do_step (tour, ISC_TUTORIAL_GRADIENT);
  g_assert_cmpstr (page (window), ==, "gradient");
  n_points = plot_points (isc_plot_view_get_plot (isc_gradient_view_get_plot_view (window->gradient_view)),
                          &n_series);
  g_assert_cmpuint (n_series, >=, 2);
  g_assert_cmpuint (n_points, >, 4);

  /* 11. Capacity and efficiency of the full cell, 302 cycles. */
  do_step (tour, ISC_TUTORIAL_CAPACITY);
  wait_until (jobs_done, window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (page (window), ==, "cycling");
  g_assert_cmpuint (isc_cycling_view_get_n_cells (window->cycling_view), ==, 1);
  g_assert_cmpint (isc_cycling_view_get_kind (window->cycling_view), ==, ISC_CYCLING_PLOT_CAPACITY_EFFICIENCY);
  n_points = plot_points (isc_plot_view_get_plot (isc_cycling_view_get_plot_view (window->cycling_view)),
                          &n_series);
  g_assert_cmpuint (n_series, >=, 2);
  g_assert_cmpuint (n_points, >=, 2 * 300);

  /* 12. Retention against cycle 3: 100 % there, ~76 % at the end. */
  do_step (tour, ISC_TUTORIAL_RETENTION);
  g_assert_cmpstr (page (window), ==, "cycling");
  g_assert_cmpint (isc_cycling_view_get_kind (window->cycling_view), ==, ISC_CYCLING_PLOT_RETENTION);
  g_assert_cmpuint (isc_cycling_view_get_n_cells (window->cycling_view), ==, 1);
  {
    IscPlot *plot = isc_plot_view_get_plot (isc_cycling_view_get_plot_view (window->cycling_view));
    const double *x = NULL, *y = NULL;
    guint n = 0, at3 = G_MAXUINT;

    for (guint i = 0; i < isc_plot_get_n_series (plot) && n == 0; i++)
      n = isc_plot_series_get_data (isc_plot_get_series (plot, i), &x, &y);
    g_assert_cmpuint (n, >=, 300);
    for (guint i = 0; i < n; i++)
      if (x[i] == 3.0)
        at3 = i;
    g_assert_cmpuint (at3, <, n);
    g_assert_cmpfloat_with_epsilon (y[at3], 100.0, 1e-6);
    g_assert_cmpfloat_with_epsilon (y[n - 1], 76.0, 2.0);
  }

  /* 13. The heating series, analysed, at 300 °C. */
  do_step (tour, ISC_TUTORIAL_IN_SITU);
  wait_until (jobs_done, window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (page (window), ==, "image");
  {
    IscCoreShellPanel *panel = isc_image_page_get_core_shell_panel (window->image_page);
    GtkWidget *plot_view = isc_test_get_widget (GTK_WIDGET (panel), ISC_TYPE_PLOT_VIEW, "plot_view");
    const IscCoreShellSeries *series;

    g_assert_cmpuint (isc_image_view_get_image (isc_image_page_get_view (window->image_page))->frames, ==, 31);
    wait_until (core_shell_ready, panel);
    series = isc_core_shell_panel_get_series (panel);
    g_assert_cmpuint (series->n_frames, ==, 31);
    g_assert_true (series->has_temperatures);
    g_assert_cmpuint (isc_core_shell_panel_get_frame (panel), ==, 15);
    g_assert_cmpfloat_with_epsilon (series->frames[15].temperature, 300.0, 1e-6);
    /* Past the onset the shell darkens and the core lightens. */
    g_assert_cmpfloat (series->frames[30].shell_relative, >, 1.05);
    g_assert_cmpfloat (series->frames[30].core_relative, <, 0.97);
    n_points = plot_points (isc_plot_view_get_plot (ISC_PLOT_VIEW (plot_view)), &n_series);
    g_assert_cmpuint (n_points, >=, 2 * 31);
    /* Its plot is scrolled into view in the side column. */
    wait_until (plot_in_view, plot_view);
  }

  /* 14. In situ XRD: the peak in 17.8–20.2° moves from the hydroxide's 19.5° to the layered
   * (003) at 18.5° from ~200 °C. */
  do_step (tour, ISC_TUTORIAL_XRD);
  {
    IscXrdPage *xrd = ISC_XRD_PAGE (gtk_stack_get_child_by_name (window->content_stack, "xrd"));
    const IscXrdSeries *series;
    guint n;

    g_assert_nonnull (xrd);
    wait_until (xrd_loaded, xrd);
    g_assert_null (isc_window_get_banner_text (window));
    g_assert_cmpstr (page (window), ==, "xrd");
    series = isc_xrd_page_get_series (xrd);
    n = isc_xrd_series_get_n (series);
    g_assert_cmpuint (n, >=, 10);
    g_assert_true (isc_xrd_page_get_fit (xrd, 0)->ok);
    g_assert_cmpfloat_with_epsilon (isc_xrd_page_get_fit (xrd, 0)->center, 19.5, 0.2);
    g_assert_true (isc_xrd_page_get_fit (xrd, n - 1)->ok);
    g_assert_cmpfloat_with_epsilon (isc_xrd_page_get_fit (xrd, n - 1)->center, 18.5, 0.2);
    for (guint i = 0; i < n; i++)
      if (isc_xrd_series_get (series, i)->temperature_c <= 175)
        g_assert_cmpfloat (isc_xrd_page_get_fit (xrd, i)->center, >, 19.2);
  }

  /* 15. TGA/DTA: both curves overlaid; with LiOH a step peaks near 200 °C, before the hydroxide
   * decomposes (220–350 °C). */
  do_step (tour, ISC_TUTORIAL_THERMAL);
  wait_until (jobs_done, window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (page (window), ==, "thermal");
  {
    IscThermalPage *thermal = ISC_THERMAL_PAGE (gtk_stack_get_visible_child (window->content_stack));
    gboolean lithiation = FALSE, decomposition = FALSE;

    g_assert_cmpuint (isc_thermal_page_get_n_curves (thermal), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        const IscThermalAnalysis *a = isc_thermal_page_get_analysis (thermal, i);

        for (guint k = 0; k < a->steps->len; k++)
          {
            const IscThermalStep *step = &g_array_index (a->steps, IscThermalStep, k);

            lithiation |= fabs (step->peak_c - 200) < 5;
            decomposition |= step->peak_c > 220 && step->peak_c < 350 && step->mass_loss_pct > 5;
          }
      }
    g_assert_true (lithiation && decomposition);
  }

  /* 16. Impedance of R-NCM: R_ct 80 Ω before and 150 Ω after 100 cycles. */
  do_step (tour, ISC_TUTORIAL_EIS);
  wait_until (jobs_done, window);
  g_assert_null (isc_window_get_banner_text (window));
  g_assert_cmpstr (page (window), ==, "eis");
  {
    IscEisPage *eis = ISC_EIS_PAGE (gtk_stack_get_visible_child (window->content_stack));

    g_assert_cmpfloat_with_epsilon (isc_eis_page_get_parameter (eis, 0, "R1"), ISC_DEMO_EIS_RCT_BEFORE, 1.6);
    g_assert_cmpfloat_with_epsilon (isc_eis_page_get_parameter (eis, 1, "R1"), ISC_DEMO_EIS_RCT_R_AFTER, 3.0);
  }

  /* 17. Export: the gradient plot through its dialog, as PNG and as PDF. */
  {
    g_autofree char *dir = isc_test_make_tmpdir ();
    g_autofree char *png = g_build_filename (dir, "tour.png", NULL);
    g_autofree char *pdf = g_build_filename (dir, "tour.pdf", NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    do_step (tour, ISC_TUTORIAL_EXPORT);
    /* The last step's Next is Done. */
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_button (GTK_WIDGET (tour), "tutorial.next"))), ==,
                     _("_Done"));
    g_assert_cmpstr (page (window), ==, "gradient");
    answer_chooser (dir, "tour.png");
    wait_until (file_written, png);
    g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 1000);
    g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
    g_clear_pointer (&contents, g_free);

    press (tour, "tutorial.show-me");
    answer_chooser (dir, "tour.pdf");
    wait_until (file_written, pdf);
    g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 500);
    g_assert_cmpmem (contents, 5, "%PDF-", 5);
  }

  save_screenshots (window, tour, ISC_TUTORIAL_EXPORT);

  /* Back walks the steps again; Next comes back to the last step, Done closes the tour. */
  press (tour, "tutorial.back");
  g_assert_cmpuint (isc_tutorial_get_step (tour), ==, ISC_TUTORIAL_EIS);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_button (GTK_WIDGET (tour), "tutorial.next"))), ==,
                   _("_Next"));
  press (tour, "tutorial.next");
  g_assert_cmpuint (isc_tutorial_get_step (tour), ==, ISC_TUTORIAL_EXPORT);
  press (tour, "tutorial.next");
  g_assert_null (isc_test_find_toplevel (ISC_TYPE_TUTORIAL, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The tour goes with its window, and Escape closes it. */
static void
test_close (void)
{
  IscWindow *window = new_window ();
  IscTutorial *tour = open_tour (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tour), "window.close", NULL));
  g_assert_null (isc_test_find_toplevel (ISC_TYPE_TUTORIAL, NULL));
  tour = open_tour (window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (isc_test_find_toplevel (ISC_TYPE_TUTORIAL, NULL));
}

/* Without the demo project the later steps say what to do instead of doing nothing. */
static void
test_needs_project (void)
{
  IscWindow *window = new_window ();
  IscTutorial *tour = open_tour (window);

  isc_tutorial_set_step (tour, ISC_TUTORIAL_LATTICE);
  press (tour, "tutorial.show-me");
  g_assert_nonnull (isc_window_get_banner_text (window));
  g_assert_cmpstr (isc_window_get_banner_text (window), ==,
                   _("The tour uses the demo project: go back to step 1 and press “Show Me”."));
  g_assert_false (isc_window_job_is_running (window));
  gtk_window_destroy (GTK_WINDOW (tour));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every step has a title and a text that says what "Show Me" does. */
static void
test_texts (void)
{
  for (guint i = 0; i < isc_tutorial_get_n_steps (); i++)
    {
      g_assert_nonnull (isc_tutorial_get_title (i));
      g_assert_cmpuint (strlen (isc_tutorial_get_body (i)), >, 80);
    }
  g_assert_nonnull (strstr (isc_tutorial_get_body (ISC_TUTORIAL_LATTICE), "FFT"));
  if (german)
    {
      /* Translated, with the German name of the button. */
      g_assert_cmpstr (isc_tutorial_get_title (ISC_TUTORIAL_RANGES), ==, "Bereiche bearbeiten");
      for (guint i = 0; i < isc_tutorial_get_n_steps (); i++)
        g_assert_nonnull (strstr (isc_tutorial_get_body (i), "„Zeigen“"));
    }
  else
    {
      g_assert_nonnull (strstr (isc_tutorial_get_body (ISC_TUTORIAL_RETENTION), "cycle 3"));
      for (guint i = 0; i < isc_tutorial_get_n_steps (); i++)
        g_assert_nonnull (strstr (isc_tutorial_get_body (i), "Show Me"));
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  german = argc > 1 && g_str_equal (argv[argc - 1], "--german");
  if (german)
    argc--;
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  /* The tour writes the demo into the cache folder: keep it inside the test's own folder. */
  {
    g_autofree char *cache = isc_test_make_tmpdir ();

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  /* C.UTF-8 rather than C: gettext ignores LANGUAGE only under the plain C locale. */
  if (german)
    {
      g_setenv ("LANGUAGE", "de", TRUE);
      setlocale (LC_ALL, "C.UTF-8");
    }
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IONSCAPE_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();

  app = isc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/tutorial/texts", test_texts);
  g_test_add_func ("/tutorial/needs-project", test_needs_project);
  g_test_add_func ("/tutorial/close", test_close);
  g_test_add_func ("/tutorial/tour", test_tour);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
