/* test-analysis-panel.c: the analysis panel computes off the main thread, shows the chi2 table
 * with high-mu rows highlighted, plots the profile, follows the region and exports CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "analysis-panel.h"
#include "fda.h"
#include "plot.h"
#include "profile.h"
#include "test-gtk-util.h"

enum { T_LI, T_O, T_NI, N_TYPES };
static const char *formulas[N_TYPES] = { "Li", "O", "Ni" };
static const float masses[N_TYPES] = { 7.0f, 16.0f, 58.0f };

static IscRangeSet *
make_ranges (void)
{
  IscRangeSet *set = isc_range_set_new ();

  /* Each ion in its own palette colour: the plots must draw an element in its ion's colour. */
  for (guint t = 0; t < N_TYPES; t++)
    {
      IscElementCount el[ISC_MAX_ELEMENTS_PER_ION];
      IscColor c = isc_palette_get (t);
      const double color[3] = { c.r, c.g, c.b };
      guint n_el = 0;

      g_assert_true (isc_parse_formula (formulas[t], el, &n_el, NULL));
      g_assert_cmpint (isc_range_set_add_ion_type (set, formulas[t], el, n_el, color, NULL), ==, t);
      g_assert_true (isc_range_set_add_range (set, masses[t] - 0.3, masses[t] + 0.3, t, NULL));
    }
  return set;
}

/* File order = depth (z from 0 to 40 nm). Each ion is O with probability 0.5 everywhere (a random
 * solution); otherwise Li with probability 0.8 inside 1 nm layers every 4 nm and 0.04 elsewhere,
 * else Ni. Li and Ni are segregated, O is not. */
static double
li_fraction_at (double z)
{
  return 0.5 * (fmod (z, 4.0) < 1.0 ? 0.8 : 0.04);
}

static IscIonCloud *
make_layered_cloud (const IscRangeSet *set)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  IscIonCloud *cloud = isc_ion_cloud_new (40000);

  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      double z = i * 0.001;
      double u = g_rand_double (rand);

      cloud->x[i] = g_rand_double_range (rand, -5, 5);
      cloud->y[i] = g_rand_double_range (rand, -5, 5);
      cloud->z[i] = z;
      cloud->mq[i] = u < 0.5 ? masses[T_O] : u < 0.5 + li_fraction_at (z) ? masses[T_LI] : masses[T_NI];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));
  return cloud;
}

static void
count_notify (gpointer data)
{
  (*(guint *) data)++;
}

static void
on_updated (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
on_timeout (gpointer data)
{
  g_error ("the analysis panel did not update within 30 s");
  return G_SOURCE_REMOVE;
}

static void
wait_for_update (IscAnalysisPanel *panel)
{
  gboolean done = FALSE;
  gulong handler = g_signal_connect_swapped (panel, "updated", G_CALLBACK (on_updated), &done);
  guint timeout = g_timeout_add_seconds (30, on_timeout, NULL);

  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_signal_handler_disconnect (panel, handler);
  g_assert_false (isc_analysis_panel_is_busy (panel));
}

/* A real screenshot of @widget: paintable → render node → texture → bytes (cairo ARGB32). */
typedef struct
{
  int     width;
  int     height;
  gsize   stride;
  guint8 *data;
} Shot;

static Shot
take_shot (GtkWidget *widget)
{
  Shot shot;

  shot.data = (guint8 *) isc_test_snapshot (widget, &shot.width, &shot.height,
                                            g_getenv ("ISC_TEST_SCREENSHOT_DIR") != NULL ? "analysis-panel.png" : NULL);
  g_assert_cmpint (shot.width, >, 100);
  g_assert_cmpint (shot.height, >, 100);
  shot.stride = 4 * (gsize) shot.width;
  return shot;
}

/* Pixels within @tol (per channel, 0..255) of @rgb inside @rect (widget coordinates). */
static guint
count_color (const Shot            *shot,
             const graphene_rect_t *rect,
             const guint8           rgb[3],
             int                    tol)
{
  guint n = 0;
  int x0 = MAX (0, (int) rect->origin.x), y0 = MAX (0, (int) rect->origin.y);
  int x1 = MIN (shot->width, (int) (rect->origin.x + rect->size.width));
  int y1 = MIN (shot->height, (int) (rect->origin.y + rect->size.height));

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guint8 *p = shot->data + y * shot->stride + 4 * x;  /* B, G, R, A */

        if (abs (p[2] - rgb[0]) <= tol && abs (p[1] - rgb[1]) <= tol && abs (p[0] - rgb[2]) <= tol)
          n++;
      }
  return n;
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_rect_t rect;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &rect));
  return rect;
}

static GtkWidget *
find_drawing_area (GtkWidget *root,
                   guint      index)
{
  guint seen = 0;
  GQueue queue = G_QUEUE_INIT;

  g_queue_push_tail (&queue, root);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *w = g_queue_pop_head (&queue);

      if (GTK_IS_DRAWING_AREA (w) && seen++ == index)
        {
          g_queue_clear (&queue);
          return w;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  return NULL;
}

static void
test_panel (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  IscIonCloud *cloud = make_layered_cloud (set);
  g_autoptr(GPtrArray) direct = NULL;
  static const guint8 orange[3] = { 0xe6, 0x9f, 0x00 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_analysis_panel_new ();
  IscAnalysisPanel *panel = ISC_ANALYSIS_PANEL (widget);
  IscProfileSettings ps;
  IscFdaSettings fs;
  const IscFdaResult *li, *o;
  const IscProfile *profile;
  GtkWidget *profile_area;
  IscColor li_color = isc_palette_get (0);
  guint8 li_rgb[3] = { li_color.r * 255 + 0.5, li_color.g * 255 + 0.5, li_color.b * 255 + 0.5 };
  g_autofree char *csv = NULL, *profile_csv = NULL;
  Shot shot;
  IscRoi roi;
  guint n_li_pixels, n_bins_checked = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 880);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));

  isc_profile_settings_init (&ps);
  ps.axis = ISC_PROFILE_AXIS_Z;
  ps.bin_width = 1.0;
  isc_analysis_panel_set_profile_settings (panel, &ps);
  isc_fda_settings_init (&fs);
  isc_analysis_panel_set_fda_settings (panel, &fs);
  isc_analysis_panel_set_mu_threshold (panel, 0.3);
  {
    guint n_busy = 0;
    gulong handler = g_signal_connect_swapped (panel, "notify::busy", G_CALLBACK (count_notify), &n_busy);
    gboolean busy = FALSE;

    isc_analysis_panel_set_data (panel, cloud, (GDestroyNotify) isc_ion_cloud_unref, set);
    g_assert_true (isc_analysis_panel_is_busy (panel));
    g_object_get (panel, "busy", &busy, NULL);
    g_assert_true (busy);
    wait_for_update (panel);
    g_object_get (panel, "busy", &busy, NULL);
    g_assert_false (busy);
    /* Once when the work was queued, once when it ended. */
    g_assert_cmpuint (n_busy, ==, 2);
    g_signal_handler_disconnect (panel, handler);
  }

  /* The table holds what the model computes for the same region and settings. */
  direct = isc_fda_compute (cloud, set, NULL, &fs, NULL, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (direct->len, ==, 3);
  for (guint i = 0; i < direct->len; i++)
    {
      const IscFdaResult *d = g_ptr_array_index (direct, i);
      const IscFdaResult *shown = isc_analysis_panel_get_fda_result (panel, d->element);

      g_assert_nonnull (shown);
      g_assert_cmpfloat (shown->chi2, ==, d->chi2);
      g_assert_cmpfloat (shown->mu, ==, d->mu);
      g_assert_cmpuint (shown->n_solute, ==, d->n_solute);
    }
  li = isc_analysis_panel_get_fda_result (panel, "Li");
  o = isc_analysis_panel_get_fda_result (panel, "O");
  g_test_message ("mu Li %g, O %g", li->mu, o->mu);
  g_assert_cmpfloat (li->mu, >, 0.3);
  g_assert_cmpfloat (o->mu, <, 0.3);

  /* The profile recovers the layers bin by bin (5 sigma of the constructed fraction). */
  profile = isc_analysis_panel_get_profile (panel);
  g_assert_cmpuint (profile->n_bins, ==, 40);
  for (guint b = 0; b < profile->n_bins; b++)
    {
      int e = isc_profile_find_element (profile, "Li");
      double c = li_fraction_at (profile->start[b] + 0.5);
      double n = profile->atoms[b];

      g_assert_cmpfloat (fabs (profile->fraction[b * profile->n_elements + e] - c), <=, 5 * sqrt (c * (1 - c) / n));
      n_bins_checked++;
    }
  g_assert_cmpuint (n_bins_checked, ==, 40);

  /* Screenshot: Li's row is orange, O's is not; the profile plot shows Li's colour. */
  gtk_test_widget_wait_for_draw (window);
  shot = take_shot (widget);
  {
    graphene_rect_t li_rect = bounds_in (isc_analysis_panel_get_mu_label (panel, "Li"), widget);
    graphene_rect_t o_rect = bounds_in (isc_analysis_panel_get_mu_label (panel, "O"), widget);
    guint area = li_rect.size.width * li_rect.size.height;

    g_assert_cmpuint (count_color (&shot, &li_rect, orange, 8), >, area / 2);
    g_assert_cmpuint (count_color (&shot, &o_rect, orange, 8), ==, 0);
  }
  profile_area = find_drawing_area (widget, 0);
  g_assert_nonnull (profile_area);
  {
    graphene_rect_t rect = bounds_in (profile_area, widget);

    n_li_pixels = count_color (&shot, &rect, li_rgb, 10);
    g_test_message ("%u Li-coloured pixels in the profile plot", n_li_pixels);
    g_assert_cmpuint (n_li_pixels, >, 100);
  }
  g_free (shot.data);

  /* Hiding Li removes its colour from the plot. */
  isc_analysis_panel_set_element_visible (panel, "Li", FALSE);
  gtk_test_widget_wait_for_draw (window);
  shot = take_shot (widget);
  {
    graphene_rect_t rect = bounds_in (profile_area, widget);

    g_assert_cmpuint (count_color (&shot, &rect, li_rgb, 10), <, n_li_pixels / 10);
  }
  g_free (shot.data);
  isc_analysis_panel_set_element_visible (panel, "Li", TRUE);

  /* CSV exports. */
  csv = isc_analysis_panel_get_fda_csv (panel);
  g_assert_true (g_str_has_prefix (csv, "element,block_size,blocks,fraction,chi2,dof,p_value,mu,n_solute,mode"));
  g_assert_nonnull (strstr (csv, "\nLi,100,"));
  g_assert_nonnull (strstr (csv, "\nO,100,"));
  profile_csv = isc_analysis_panel_get_profile_csv (panel);
  {
    g_autofree char *expected = isc_profile_to_csv (profile);

    g_assert_cmpstr (profile_csv, ==, expected);
  }

  /* A region between two layers: Li is now a dilute random solution, no highlight. */
  g_assert_true (isc_roi_parse ("box:-10,-10,1.2,10,10,3.8", &roi, NULL));
  isc_analysis_panel_set_roi (panel, &roi);
  wait_for_update (panel);
  li = isc_analysis_panel_get_fda_result (panel, "Li");
  g_test_message ("between layers: mu Li %g p %g", li->mu, li->p_value);
  g_assert_cmpfloat (li->mu, <, 0.3);
  profile = isc_analysis_panel_get_profile (panel);
  g_assert_cmpfloat (profile->start[0], ==, 1.0);
  gtk_test_widget_wait_for_draw (window);
  shot = take_shot (widget);
  {
    graphene_rect_t li_rect = bounds_in (isc_analysis_panel_get_mu_label (panel, "Li"), widget);

    g_assert_cmpuint (count_color (&shot, &li_rect, orange, 8), ==, 0);
  }
  g_free (shot.data);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Settings that cannot produce a block: the panel reports the model's error, no crash. */
static void
test_panel_error (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  IscIonCloud *cloud = make_layered_cloud (set);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_analysis_panel_new ();
  IscAnalysisPanel *panel = ISC_ANALYSIS_PANEL (widget);
  IscRoi roi;

  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  /* 1 nm sphere: ~30 ions, fewer than one block of 100. */
  g_assert_true (isc_roi_parse ("sphere:0,0,10,1", &roi, NULL));
  isc_analysis_panel_set_roi (panel, &roi);
  isc_analysis_panel_set_data (panel, cloud, (GDestroyNotify) isc_ion_cloud_unref, set);
  wait_for_update (panel);
  g_assert_null (isc_analysis_panel_get_fda_result (panel, "Li"));
  g_assert_null (isc_analysis_panel_get_fda_csv (panel));
  g_assert_nonnull (isc_analysis_panel_get_profile (panel));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Destroying the window while a computation runs finalizes the panel at once: the worker holds
 * only its own job, never the widget, and nothing waits for it. */
static void
test_dispose_while_busy (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  IscIonCloud *cloud = isc_ion_cloud_new (3000000);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_analysis_panel_new ();

  /* Large enough that the worker is still busy when the window goes. */
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->x[i] = (i % 97) * 0.1f;
      cloud->y[i] = (i % 89) * 0.1f;
      cloud->z[i] = i * 1e-5f;
      cloud->mq[i] = masses[i % N_TYPES];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  isc_analysis_panel_set_data (ISC_ANALYSIS_PANEL (widget), cloud, (GDestroyNotify) isc_ion_cloud_unref, set);
  /* Let the coalescing idle start the worker — one iteration at a time, so the check comes
   * before a fast worker's result is delivered too. */
  {
    gboolean busy = FALSE;

    for (int i = 0; i < 10000 && !busy; i++)
      {
        g_main_context_iteration (NULL, FALSE);
        busy = isc_analysis_panel_is_busy (ISC_ANALYSIS_PANEL (widget));
      }
    g_assert_true (busy);
  }
  g_object_ref (widget);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (widget);
  /* The worker finishes on its own; its result is dropped without touching the panel. */
  for (int i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

/* The profile starts with Li ticked (not empty), and the analysis's elements are its own
 * choice: other elements stay unticked until asked for. Without Li, the basis is ticked. */
static void
test_default_elements (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  IscIonCloud *cloud = make_layered_cloud (set);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_analysis_panel_new ();
  IscAnalysisPanel *panel = ISC_ANALYSIS_PANEL (widget);
  g_autoptr(IscRangeSet) no_li = isc_range_set_new ();
  IscElementCount el[ISC_MAX_ELEMENTS_PER_ION];
  const double grey[3] = { 0.5, 0.5, 0.5 };
  guint n_el = 0;

  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  isc_analysis_panel_set_data (panel, cloud, (GDestroyNotify) isc_ion_cloud_unref, set);
  g_assert_true (isc_analysis_panel_get_element_visible (panel, "Li"));
  g_assert_false (isc_analysis_panel_get_element_visible (panel, "O"));
  g_assert_false (isc_analysis_panel_get_element_visible (panel, "Ni"));
  wait_for_update (panel);
  {
    GtkWidget *profile_area = find_drawing_area (widget, 0);
    IscColor li_color = isc_palette_get (0);
    guint8 li_rgb[3] = { li_color.r * 255 + 0.5, li_color.g * 255 + 0.5, li_color.b * 255 + 0.5 };
    graphene_rect_t rect;
    Shot shot;

    gtk_test_widget_wait_for_draw (window);
    shot = take_shot (widget);
    rect = bounds_in (profile_area, widget);
    g_assert_cmpuint (count_color (&shot, &rect, li_rgb, 10), >, 100);
    g_free (shot.data);
  }

  /* Ranges without Li: the basis elements are ticked instead. */
  g_assert_true (isc_parse_formula ("Ni", el, &n_el, NULL));
  isc_range_set_add_ion_type (no_li, "Ni", el, n_el, grey, NULL);
  g_assert_true (isc_parse_formula ("O", el, &n_el, NULL));
  isc_range_set_add_ion_type (no_li, "O", el, n_el, grey, NULL);
  g_assert_true (isc_range_set_add_range (no_li, 57.7, 58.3, 0, NULL));
  g_assert_true (isc_range_set_add_range (no_li, 15.7, 16.3, 1, NULL));
  {
    IscIonCloud *other = make_layered_cloud (set);

    g_assert_true (isc_range_set_apply (no_li, other, NULL, NULL, NULL, NULL));
    isc_analysis_panel_set_data (panel, other, (GDestroyNotify) isc_ion_cloud_unref, no_li);
  }
  g_assert_true (isc_analysis_panel_get_element_visible (panel, "Ni"));
  g_assert_false (isc_analysis_panel_get_element_visible (panel, "O"));
  wait_for_update (panel);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* p below 1e-300 reads "< 1e-300" in the table, never "0". */
static void
test_tiny_p (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  IscIonCloud *cloud = isc_ion_cloud_new (60000);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_analysis_panel_new ();
  IscAnalysisPanel *panel = ISC_ANALYSIS_PANEL (widget);
  const IscFdaResult *li;
  GtkWidget *p_label;

  /* Li only in every other block of 100: as segregated as it gets. */
  for (gsize i = 0; i < cloud->n_ions; i++)
    {
      cloud->x[i] = g_rand_double_range (rand, -5, 5);
      cloud->y[i] = g_rand_double_range (rand, -5, 5);
      cloud->z[i] = i * 0.001;
      cloud->mq[i] = (i / 100) % 2 == 0 ? masses[T_LI] : g_rand_boolean (rand) ? masses[T_O] : masses[T_NI];
    }
  g_assert_true (isc_range_set_apply (set, cloud, NULL, NULL, NULL, NULL));
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  isc_analysis_panel_set_data (panel, cloud, (GDestroyNotify) isc_ion_cloud_unref, set);
  wait_for_update (panel);
  li = isc_analysis_panel_get_fda_result (panel, "Li");
  g_assert_cmpfloat (li->p_value, <, 1e-300);
  /* The p cell sits left of the mu cell in the same row. */
  p_label = gtk_widget_get_prev_sibling (isc_analysis_panel_get_mu_label (panel, "Li"));
  g_assert_true (GTK_IS_LABEL (p_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (p_label)), ==, "< 1e-300");
  /* μ's heading names its N (N_s, the default); its cell gives the definition and N's value. */
  {
    GtkWidget *mu_label = isc_analysis_panel_get_mu_label (panel, "Li");
    GtkWidget *grid = gtk_widget_get_parent (mu_label);
    GtkWidget *heading = gtk_grid_get_child_at (GTK_GRID (grid), 5, 0);
    g_autofree char *n_text = g_strdup_printf ("N = %" G_GUINT64_FORMAT, li->mu_n_value);

    g_assert_cmpint (li->mu_n, ==, ISC_FDA_MU_N_SOLUTE);
    g_assert_cmpuint (li->mu_n_value, ==, li->n_solute);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (heading)), ==, "μ (Ns)");
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (heading), "√(χ² / (N + χ²))"));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (mu_label), "√(χ² / (N + χ²))"));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (mu_label), n_text));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Blocks: Nearest neighbours runs the FDA on each ion's k nearest neighbours, with the block
 * size brought into 1 … 64 (k = 20 from the default 100). */
static void
test_nn_blocks (void)
{
  g_autoptr(IscRangeSet) set = make_ranges ();
  IscIonCloud *cloud = make_layered_cloud (set);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = isc_analysis_panel_new ();
  IscAnalysisPanel *panel = ISC_ANALYSIS_PANEL (widget);
  GtkDropDown *layout;
  const IscFdaResult *li, *o;

  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  isc_analysis_panel_set_data (panel, cloud, (GDestroyNotify) isc_ion_cloud_unref, set);
  wait_for_update (panel);
  layout = GTK_DROP_DOWN (isc_test_get_widget (widget, GTK_TYPE_DROP_DOWN, "layout_dropdown"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (layout)), ==, 3);
  gtk_drop_down_set_selected (layout, ISC_FDA_BLOCKS_NN);
  wait_for_update (panel);
  li = isc_analysis_panel_get_fda_result (panel, "Li");
  o = isc_analysis_panel_get_fda_result (panel, "O");
  g_assert_cmpint (li->blocks, ==, ISC_FDA_BLOCKS_NN);
  g_assert_cmpuint (li->block_size, ==, 20);
  g_assert_cmpuint (li->n_blocks, ==, 40000);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (isc_test_get_widget (widget, GTK_TYPE_SPIN_BUTTON,
                                                                                        "block_spin"))), ==, 20);
  /* Li in layers: its neighbourhoods are Li-rich or Li-poor; O is random. */
  g_test_message ("nn blocks: mu Li %g, O %g", li->mu, o->mu);
  g_assert_cmpfloat (li->mu, >, 0.3);
  g_assert_cmpfloat (o->mu, <, 0.05);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/analysis-panel/panel", test_panel);
  g_test_add_func ("/analysis-panel/error", test_panel_error);
  g_test_add_func ("/analysis-panel/dispose-while-busy", test_dispose_while_busy);
  g_test_add_func ("/analysis-panel/default-elements", test_default_elements);
  g_test_add_func ("/analysis-panel/tiny-p", test_tiny_p);
  g_test_add_func ("/analysis-panel/nn-blocks", test_nn_blocks);
  return g_test_run ();
}
