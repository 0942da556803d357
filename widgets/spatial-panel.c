/* spatial-panel.c: concentration map, isosurfaces and proxigram, clusters, nearest neighbours
 * and RDF of a region. Each section computes in its own IscTaskSlot (the latest request wins)
 * when it is open and its settings change; the layout lives in resources/ui/spatial-panel.ui.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "isc-busy.h"
#include "isc-save-dialog.h"
#include "isc-style.h"
#include "isc-task-slot.h"
#include "isc-widgets.h"
#include "palette.h"
#include "plot-view.h"
#include "spatial-panel.h"

/* Slot of the d_max suggestion, after the sections' own. */
#define SUGGEST_SLOT ISC_SPATIAL_N_SECTIONS
/* The exact isosurface follows the slider once it rests this long (ms). */
#define EXACT_DELAY_MS 350

/* ---- Cluster rows ----------------------------------------------------------------------- */

enum { COL_ID, COL_SOLUTE, COL_ATOMS, COL_RG, COL_GUINIER, COL_FRACTION, N_COLS };

#define ISC_TYPE_CLUSTER_ITEM (isc_cluster_item_get_type ())
G_DECLARE_FINAL_TYPE (IscClusterItem, isc_cluster_item, ISC, CLUSTER_ITEM, GObject)

struct _IscClusterItem
{
  GObject parent_instance;
  double  values[N_COLS];
};

G_DEFINE_FINAL_TYPE (IscClusterItem, isc_cluster_item, G_TYPE_OBJECT)

static void
isc_cluster_item_class_init (IscClusterItemClass *klass)
{
}

static void
isc_cluster_item_init (IscClusterItem *self)
{
}

/* ---- Jobs ------------------------------------------------------------------------------- */

/* What a worker needs, owned by the job so that the panel may change meanwhile. */
typedef struct
{
  IscIonCloud         *cloud;
  IscRangeSet         *ranges;
  IscRoi               roi;
  gboolean             has_roi;
  char                *quantity;      /* map, isosurface */
  IscConcMapSettings   map;
  double               half_thickness;
  double               position;
  IscVoxelSettings     voxel;
  double               threshold;     /* % */
  gboolean             coarse;
  char               **solutes;
  IscClusterSettings   cluster;
  char                *from;
  char                *to;
  guint                k;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&job->ranges, isc_range_set_free);
  g_free (job->quantity);
  g_strfreev (job->solutes);
  g_free (job->from);
  g_free (job->to);
  g_free (job);
}

static const IscRoi *
job_roi (const Job *job)
{
  return job->has_roi ? &job->roi : NULL;
}

typedef struct
{
  IscIsosurface *surface;
  float         *normals;
  IscProxigram  *proxigram;
  gboolean       coarse;
} IsoResult;

static void
iso_result_free (IsoResult *r)
{
  g_clear_pointer (&r->surface, isc_isosurface_free);
  g_clear_pointer (&r->proxigram, isc_proxigram_free);
  g_free (r->normals);
  g_free (r);
}

typedef struct
{
  IscNnResult  *nn;
  IscRdfResult *rdf;
} NnResult;

static void
nn_result_free (NnResult *r)
{
  g_clear_pointer (&r->nn, isc_nn_result_free);
  g_clear_pointer (&r->rdf, isc_rdf_result_free);
  g_free (r);
}

struct _IscSpatialPanel
{
  GtkWidget          parent_instance;

  IscIonCloud       *cloud;
  IscRangeSet       *ranges;
  IscRoi             roi;
  gboolean           has_roi;

  IscTaskSlot       *tasks[ISC_SPATIAL_N_SECTIONS + 1];
  gboolean           pending[ISC_SPATIAL_N_SECTIONS];
  gboolean           stale[ISC_SPATIAL_N_SECTIONS];   /* changed while the panel was hidden */
  gboolean           pending_coarse;
  guint              idle_id;
  guint              exact_id;        /* the exact isosurface after the slider rests */
  gboolean           exact_wanted;
  guint              map_axis;        /* the slab normal the position was set for */    /* a coarse isosurface runs; the exact one follows it */
  gboolean           busy;            /* as last notified */
  gboolean           syncing;         /* controls are being set from code */
  char              *status;          /* the last success */
  char              *errors[ISC_SPATIAL_N_SECTIONS];  /* each section's last error, or NULL */

  IscConcMap        *map;
  IsoResult         *iso;
  IscClusterResult  *clusters;
  NnResult          *nn;
  GListStore        *cluster_store;
  GtkSingleSelection *cluster_selection;

  /* Template children */
  GtkWidget         *box;
  GtkLabel          *status_label;
  GtkExpander       *map_expander;
  GtkDropDown       *map_axis_dropdown;
  GtkSpinButton     *map_position_spin;
  GtkSpinButton     *map_thickness_spin;
  GtkSpinButton     *map_bin_spin;
  GtkEntry          *map_quantity_entry;
  GtkCheckButton    *map_error_check;
  IscPlotView       *map_view;
  GtkExpander       *iso_expander;
  GtkEntry          *iso_quantity_entry;
  GtkRange          *iso_threshold_scale;
  GtkSpinButton     *iso_bin_spin;
  GtkSpinButton     *iso_delocalise_spin;
  GtkCheckButton    *iso_show_check;
  GtkGrid           *iso_table;
  IscPlotView       *proxigram_view;
  GtkExpander       *cluster_expander;
  GtkEntry          *cluster_solutes_entry;
  GtkSpinButton     *cluster_dmax_spin;
  GtkSpinButton     *cluster_nmin_spin;
  GtkSpinButton     *cluster_envelope_spin;
  GtkSpinButton     *cluster_erosion_spin;
  GtkCheckButton    *cluster_colour_check;
  GtkCheckButton    *cluster_hide_check;
  GtkColumnView     *cluster_view;
  IscPlotView       *cluster_hist_view;
  GtkExpander       *nn_expander;
  GtkEntry          *nn_from_entry;
  GtkEntry          *nn_to_entry;
  GtkSpinButton     *nn_k_spin;
  GtkLabel          *nn_summary_label;
  IscPlotView       *nn_view;
  IscPlotView       *rdf_view;
};

G_DEFINE_FINAL_TYPE (IscSpatialPanel, isc_spatial_panel, GTK_TYPE_WIDGET)

enum { UPDATED, DISPLAY_CHANGED, CLUSTER_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update_busy (IscSpatialPanel *self)
{
  gboolean busy = isc_spatial_panel_is_busy (self);

  isc_busy_update (self, &self->busy, busy);
}

/* An error stays in the status line until its section succeeds: another section's success
 * must not hide it. */
static void
show_status (IscSpatialPanel *self)
{
  for (guint s = 0; s < ISC_SPATIAL_N_SECTIONS; s++)
    if (self->errors[s] != NULL)
      {
        gtk_label_set_text (self->status_label, self->errors[s]);
        return;
      }
  gtk_label_set_text (self->status_label, self->status != NULL ? self->status : "");
}

static void
set_status (IscSpatialPanel *self,
            const char      *text)
{
  g_free (self->status);
  self->status = g_strdup (text);
  show_status (self);
}

static void
set_section_error (IscSpatialPanel   *self,
                   IscSpatialSection  section,
                   const char        *title,
                   const char        *message)
{
  g_free (self->errors[section]);
  self->errors[section] = message != NULL ? g_strdup_printf ("%s: %s", title, message) : NULL;
  show_status (self);
}

void
isc_spatial_panel_get_item_color (guint index,
                                  float rgb[3])
{
  IscColor c = isc_palette_get (index);

  rgb[0] = c.r;
  rgb[1] = c.g;
  rgb[2] = c.b;
}

/* ---- Workers (touch only their job) ----------------------------------------------------- */

static gpointer
map_thread (gpointer          input,
            GCancellable     *cancellable,
            IscProgressFunc   progress,
            gpointer          progress_data,
            GError          **error)
{
  Job *job = input;
  IscQuantity quantity = { 0 };
  IscConcMap *map;

  if (!isc_quantity_parse (job->quantity, job->ranges, &quantity, error))
    return NULL;
  map = isc_conc_map_compute (job->cloud, job->ranges, job_roi (job), &quantity, &job->map,
                              cancellable, progress, progress_data, error);
  isc_quantity_clear (&quantity);
  return map;
}

static gpointer
iso_thread (gpointer          input,
            GCancellable     *cancellable,
            IscProgressFunc   progress,
            gpointer          progress_data,
            GError          **error)
{
  Job *job = input;
  IscQuantity quantity = { 0 };
  g_autoptr(IscVoxelGrid) grid = NULL;
  IsoResult *r;
  IscIsosurface *surface;

  if (!isc_quantity_parse (job->quantity, job->ranges, &quantity, error))
    return NULL;
  grid = isc_voxel_grid_compute (job->cloud, job->ranges, job_roi (job), &job->voxel, cancellable,
                                 progress, progress_data, error);
  surface = grid != NULL ? isc_isosurface_compute (grid, &quantity, job->threshold / 100.0, cancellable, error) : NULL;
  isc_quantity_clear (&quantity);
  if (surface == NULL)
    return NULL;

  r = g_new0 (IsoResult, 1);
  r->surface = surface;
  r->coarse = job->coarse;
  r->normals = isc_isosurface_vertex_normals (surface);
  /* While the slider moves only the mesh matters; the exact run counts and profiles. */
  if (!job->coarse)
    {
      IscProxigramSettings settings;

      if (!isc_isosurface_count_ions (surface, job->cloud, job->ranges, job_roi (job), cancellable, error))
        {
          iso_result_free (r);
          return NULL;
        }
      isc_proxigram_settings_init (&settings);
      if (surface->n_surfaces > 0)
        {
          r->proxigram = isc_proxigram_compute (surface, job->cloud, job->ranges, job_roi (job), &settings,
                                                cancellable, NULL, NULL, error);
          if (r->proxigram == NULL)
            {
              iso_result_free (r);
              return NULL;
            }
        }
    }
  return r;
}

static gpointer
cluster_thread (gpointer          input,
                GCancellable     *cancellable,
                IscProgressFunc   progress,
                gpointer          progress_data,
                GError          **error)
{
  Job *job = input;

  job->cluster.solutes = (const char * const *) job->solutes;
  return isc_cluster_compute (job->cloud, job->ranges, job_roi (job), &job->cluster, cancellable,
                              progress, progress_data, error);
}

static gpointer
nn_thread (gpointer          input,
           GCancellable     *cancellable,
           IscProgressFunc   progress,
           gpointer          progress_data,
           GError          **error)
{
  Job *job = input;
  IscNnSettings nn_settings;
  IscRdfSettings rdf_settings;
  NnResult *r = g_new0 (NnResult, 1);

  isc_nn_settings_init (&nn_settings);
  nn_settings.k_max = job->k;
  isc_rdf_settings_init (&rdf_settings);
  r->nn = isc_nn_compute (job->cloud, job->ranges, job_roi (job), job->from, job->to, &nn_settings,
                          cancellable, progress, progress_data, error);
  if (r->nn != NULL)
    r->rdf = isc_rdf_compute (job->cloud, job->ranges, job_roi (job), job->from,
                              job->to != NULL ? job->to : job->from, &rdf_settings, cancellable, NULL, NULL, error);
  if (r->nn == NULL || r->rdf == NULL)
    {
      nn_result_free (r);
      return NULL;
    }
  return r;
}

static gpointer
suggest_thread (gpointer          input,
                GCancellable     *cancellable,
                IscProgressFunc   progress,
                gpointer          progress_data,
                GError          **error)
{
  Job *job = input;
  IscNnSettings settings;

  isc_nn_settings_init (&settings);
  settings.k_max = 1;
  return isc_nn_compute (job->cloud, job->ranges, job_roi (job), job->from, NULL, &settings, cancellable,
                         progress, progress_data, error);
}

/* ---- Views ------------------------------------------------------------------------------ */

static const char *
axis_name (guint axis,
           guint which)
{
  /* u and v of the slab normal x, y, z (conc-map's convention); the region axis has its own. */
  static const char *names[3][2] = { { "y (nm)", "z (nm)" }, { "x (nm)", "z (nm)" }, { "x (nm)", "y (nm)" } };

  if (axis < 3)
    return names[axis][which];
  return which == 0 ? _("u (nm)") : _("v (nm)");
}

static void
rebuild_map_plot (IscSpatialPanel *self)
{
  IscPlot *plot = isc_plot_new ();
  const IscConcMap *m = self->map;

  if (m != NULL && m->width > 0 && m->height > 0)
    {
      gsize n = (gsize) m->width * m->height;
      g_autofree double *z = g_new (double, n);
      gboolean error_view = gtk_check_button_get_active (self->map_error_check);
      g_autofree char *label = NULL;
      guint axis = gtk_drop_down_get_selected (self->map_axis_dropdown);
      IscQuantity quantity = { 0 };
      gboolean fraction = TRUE;
      double scale;

      /* Fractions (Li, Li/(Li+Ni)) show in at.%; a ratio (Li/(Ni+Co+Mn)) as it is. */
      if (self->ranges != NULL && isc_quantity_parse (m->quantity, self->ranges, &quantity, NULL))
        fraction = isc_quantity_is_fraction (&quantity);
      isc_quantity_clear (&quantity);
      scale = fraction ? 100.0 : 1.0;

      for (gsize i = 0; i < n; i++)
        z[i] = (error_view ? m->sigma[i] : m->value[i]) * scale;
      if (fraction)
        label = g_strdup_printf (error_view ? _("σ %s (at.%%)") : _("%s (at.%%)"), m->quantity);
      else
        label = g_strdup_printf (error_view ? _("σ %s") : "%s", m->quantity);
      isc_plot_add_heatmap (plot, label, z, m->width, m->height, m->u0, m->u0 + m->width * m->bin,
                            m->v0, m->v0 + m->height * m->bin);
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, axis_name (axis, 0));
      isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, axis_name (axis, 1));
    }
  isc_plot_view_set_plot (self->map_view, plot);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  float rgb[3];

  isc_spatial_panel_get_item_color (GPOINTER_TO_UINT (data), rgb);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
}

static GtkWidget *
swatch (guint index)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 12);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, GUINT_TO_POINTER (index), NULL);
  return area;
}

static void
rebuild_iso_table (IscSpatialPanel *self)
{
  /* Units in the caption under the table: short headings fit a narrow pane. */
  const char *headers[] = { "", "#", N_("Area"), N_("Volume"), N_("Closed"), N_("Ions") };
  const IscIsosurface *s = self->iso != NULL ? self->iso->surface : NULL;

  clear_grid (self->iso_table);
  for (guint c = 1; c < G_N_ELEMENTS (headers); c++)
    gtk_grid_attach (self->iso_table, isc_table_heading_new (c > 1 ? _(headers[c]) : headers[c], c > 1),
                     c, 0, 1, 1);
  if (s == NULL)
    return;
  if (s->n_surfaces == 0)
    {
      gtk_grid_attach (self->iso_table, isc_table_label_new (_("No surface at this threshold"), FALSE),
                       1, 1, 5, 1);
      return;
    }
  for (guint i = 0; i < s->n_surfaces; i++)
    {
      const IscSurfaceInfo *info = &s->surfaces[i];
      char text[5][64];

      g_snprintf (text[0], sizeof text[0], "%u", info->id + 1);
      g_snprintf (text[1], sizeof text[1], "%.1f", info->area);
      g_snprintf (text[2], sizeof text[2], "%.1f", info->volume);
      g_strlcpy (text[3], info->closed ? _("yes") : _("no"), sizeof text[3]);
      if (self->iso->coarse)
        g_strlcpy (text[4], "…", sizeof text[4]);
      else
        g_snprintf (text[4], sizeof text[4], "%" G_GUINT64_FORMAT, info->n_ions);
      gtk_grid_attach (self->iso_table, swatch (i), 0, i + 1, 1, 1);
      for (guint c = 0; c < 5; c++)
        gtk_grid_attach (self->iso_table, isc_table_label_new (text[c], c != 3), c + 1, i + 1, 1, 1);
    }
}

static void
rebuild_proxigram_plot (IscSpatialPanel *self)
{
  IscPlot *plot = isc_plot_new ();
  const IscProxigram *p = self->iso != NULL ? self->iso->proxigram : NULL;

  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Distance to the surface (nm)"));
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Concentration (at.%)"));
  if (p != NULL && p->n_shells > 0)
    {
      for (guint e = 0; e < p->n_elements; e++)
        isc_plot_add_binned_fraction (plot, p->elements[e], p->n_shells, p->start, p->end, p->n_elements, e,
                                      p->fraction, p->sigma, 100.0);
      isc_plot_add_vline (plot, 0, NULL);
    }
  isc_plot_view_set_plot (self->proxigram_view, plot);
}

static void
rebuild_clusters (IscSpatialPanel *self)
{
  const IscClusterResult *r = self->clusters;
  IscPlot *plot = isc_plot_new ();
  int f = -1;

  g_list_store_remove_all (self->cluster_store);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Solute atoms"));
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Clusters"));
  if (r != NULL)
    {
      guint64 largest = 0;

      /* The composition column shows the first solute. */
      for (guint e = 0; r->solutes != NULL && r->solutes[0] != NULL && e < r->n_elements; e++)
        if (g_str_equal (r->elements[e], r->solutes[0]))
          f = e;
      for (guint i = 0; i < r->n_clusters; i++)
        {
          const IscCluster *c = &r->clusters[i];
          IscClusterItem *item = g_object_new (ISC_TYPE_CLUSTER_ITEM, NULL);

          item->values[COL_ID] = c->id;
          item->values[COL_SOLUTE] = c->solute_atoms;
          item->values[COL_ATOMS] = c->atoms;
          item->values[COL_RG] = c->rg;
          item->values[COL_GUINIER] = c->guinier;
          item->values[COL_FRACTION] = f >= 0 ? 100.0 * isc_cluster_fraction (r, c, f) : NAN;
          g_list_store_append (self->cluster_store, item);
          g_object_unref (item);
          largest = MAX (largest, c->solute_atoms);
        }
      if (r->n_clusters > 0)
        {
          /* A histogram of about √n bins (at least 5) from 0 to the largest cluster. */
          guint n_bins = MAX (5, (guint) ceil (sqrt (r->n_clusters)) * 2);
          double width = ceil ((largest + 1.0) / n_bins);
          g_autofree double *x = g_new (double, n_bins);
          g_autofree double *y = g_new0 (double, n_bins);

          for (guint b = 0; b < n_bins; b++)
            x[b] = (b + 0.5) * width;
          for (guint i = 0; i < r->n_clusters; i++)
            y[MIN ((guint) (r->clusters[i].solute_atoms / width), n_bins - 1)] += 1;
          isc_plot_set_legend_visible (plot, FALSE);
          isc_plot_add_series (plot, ISC_SERIES_BARS, _("Clusters"), x, y, n_bins);
        }
    }
  {
    /* The composition column is named after its element. */
    GListModel *columns = gtk_column_view_get_columns (self->cluster_view);
    g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, COL_FRACTION);
    gtk_column_view_column_set_title (column, f >= 0 ? r->elements[f] : "—");
  }
  isc_plot_view_set_plot (self->cluster_hist_view, plot);
}

static void
rebuild_nn (IscSpatialPanel *self)
{
  const IscNnResult *nn = self->nn != NULL ? self->nn->nn : NULL;
  const IscRdfResult *rdf = self->nn != NULL ? self->nn->rdf : NULL;
  IscPlot *nn_plot = isc_plot_new ();
  IscPlot *rdf_plot = isc_plot_new ();

  isc_plot_set_axis_label (nn_plot, ISC_PLOT_AXIS_X, _("Distance (nm)"));
  isc_plot_set_axis_label (nn_plot, ISC_PLOT_AXIS_Y, _("Ions"));
  isc_plot_set_axis_label (rdf_plot, ISC_PLOT_AXIS_X, _("r (nm)"));
  isc_plot_set_axis_label (rdf_plot, ISC_PLOT_AXIS_Y, _("RDF (normalised to the bulk)"));
  gtk_label_set_text (self->nn_summary_label, "");
  if (nn != NULL && nn->n_bins > 0)
    {
      guint k = nn->k_max;
      g_autofree double *x = g_new (double, nn->n_bins);
      g_autofree double *y = g_new (double, nn->n_bins);
      g_autofree double *yr = g_new (double, nn->n_bins);
      const guint64 *row = nn->hist + (gsize) (k - 1) * nn->n_bins;
      const guint64 *rrow = nn->random_hist + (gsize) (k - 1) * nn->n_bins;
      g_autofree char *measured = g_strdup_printf (_("%u-th NN"), k);
      g_autofree char *summary = NULL;
      IscColor grey = { 0.45, 0.45, 0.45, 1 };
      IscPlotSeries *series;

      for (guint b = 0; b < nn->n_bins; b++)
        {
          x[b] = (b + 0.5) * nn->bin;
          y[b] = row[b];
          yr[b] = rrow[b];
        }
      isc_plot_add_series (nn_plot, ISC_SERIES_STEP, measured, x, y, nn->n_bins);
      series = isc_plot_add_series (nn_plot, ISC_SERIES_LINE, _("Randomised"), x, yr, nn->n_bins);
      isc_plot_series_set_color (series, &grey);
      summary = g_strdup_printf (_("Mean %.3f nm, randomised %.3f nm, KS p = %.3g; suggested d_max %.2f nm"),
                                 nn->mean[k - 1], nn->random_mean[k - 1], nn->ks_p[k - 1], nn->suggested_dmax);
      gtk_label_set_text (self->nn_summary_label, summary);
    }
  if (rdf != NULL && rdf->n_bins > 0)
    {
      g_autofree double *x = g_new (double, rdf->n_bins);
      g_autofree double *y = g_new (double, rdf->n_bins);
      g_autofree double *err = g_new (double, rdf->n_bins);
      guint n = 0;

      for (guint b = 0; b < rdf->n_bins; b++)
        {
          if (isnan (rdf->rdf[b]))
            continue;
          x[n] = (b + 0.5) * rdf->dr;
          y[n] = rdf->rdf[b];
          err[n] = rdf->sigma[b];
          n++;
        }
      if (n > 0)
        {
          IscPlotSeries *series = isc_plot_add_series (rdf_plot, ISC_SERIES_ERRORBARS, "RDF", x, y, n);

          isc_plot_series_set_errors (series, err, NULL);
          isc_plot_set_legend_visible (rdf_plot, FALSE);
          isc_plot_add_hline (rdf_plot, 1.0, NULL);
        }
    }
  isc_plot_view_set_plot (self->nn_view, nn_plot);
  isc_plot_view_set_plot (self->rdf_view, rdf_plot);
}

/* ---- Computation ------------------------------------------------------------------------ */

static void
done_common (IscSpatialPanel   *self,
             IscSpatialSection  section,
             const GError      *error,
             const char        *title)
{
  update_busy (self);
  set_section_error (self, section, title, error != NULL ? error->message : NULL);
}

static void
map_done (gpointer      owner,
          gpointer      result,
          const GError *error)
{
  IscSpatialPanel *self = owner;

  done_common (self, ISC_SPATIAL_MAP, error, _("Concentration map"));
  g_clear_pointer (&self->map, isc_conc_map_free);
  self->map = result;
  if (result != NULL)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, self->map->n_atoms);
      g_autofree char *text = g_strdup_printf (_("Concentration map: %s atoms in the slab"), n);

      set_status (self, text);
    }
  rebuild_map_plot (self);
  g_signal_emit (self, signals[UPDATED], 0, ISC_SPATIAL_MAP);
}

static void queue_if_open (IscSpatialPanel *self, IscSpatialSection section);

static gboolean
exact_iso_cb (gpointer data)
{
  IscSpatialPanel *self = data;

  self->exact_id = 0;
  self->exact_wanted = FALSE;
  queue_if_open (self, ISC_SPATIAL_ISOSURFACE);
  return G_SOURCE_REMOVE;
}

static void
iso_done (gpointer      owner,
          gpointer      result,
          const GError *error)
{
  IscSpatialPanel *self = owner;
  IsoResult *r = result;

  done_common (self, ISC_SPATIAL_ISOSURFACE, error, _("Isosurfaces"));
  g_clear_pointer (&self->iso, iso_result_free);
  self->iso = r;
  if (r != NULL)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Isosurfaces: %u surface", "Isosurfaces: %u surfaces",
                                                         r->surface->n_surfaces), r->surface->n_surfaces);

      set_status (self, text);
    }
  rebuild_iso_table (self);
  if (r == NULL || !r->coarse)
    rebuild_proxigram_plot (self);
  /* The coarse surfaces are shown first, whatever the machine's speed; the exact ones follow
   * once the slider has rested a moment. */
  if (self->exact_wanted && self->exact_id == 0)
    self->exact_id = g_timeout_add (EXACT_DELAY_MS, exact_iso_cb, self);
  g_signal_emit (self, signals[UPDATED], 0, ISC_SPATIAL_ISOSURFACE);
}

static void
cluster_done (gpointer      owner,
              gpointer      result,
              const GError *error)
{
  IscSpatialPanel *self = owner;

  done_common (self, ISC_SPATIAL_CLUSTERS, error, _("Clusters"));
  g_clear_pointer (&self->clusters, isc_cluster_result_free);
  self->clusters = result;
  if (result != NULL)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Clusters: %u cluster", "Clusters: %u clusters",
                                                         self->clusters->n_clusters), self->clusters->n_clusters);

      set_status (self, text);
    }
  rebuild_clusters (self);
  g_signal_emit (self, signals[UPDATED], 0, ISC_SPATIAL_CLUSTERS);
}

static void
nn_done (gpointer      owner,
         gpointer      result,
         const GError *error)
{
  IscSpatialPanel *self = owner;

  done_common (self, ISC_SPATIAL_NEIGHBOURS, error, _("Nearest neighbours"));
  g_clear_pointer (&self->nn, nn_result_free);
  self->nn = result;
  if (result != NULL)
    set_status (self, _("Nearest neighbours and RDF computed"));
  rebuild_nn (self);
  g_signal_emit (self, signals[UPDATED], 0, ISC_SPATIAL_NEIGHBOURS);
}

static void
suggest_done (gpointer      owner,
              gpointer      result,
              const GError *error)
{
  IscSpatialPanel *self = owner;
  g_autoptr(IscNnResult) nn = result;

  update_busy (self);
  if (nn == NULL)
    set_section_error (self, ISC_SPATIAL_CLUSTERS, _("Clusters"), error->message);
  else if (!isfinite (nn->suggested_dmax))
    set_status (self, _("Clusters: the nearest-neighbour distribution suggests no d_max"));
  else
    gtk_spin_button_set_value (self->cluster_dmax_spin, nn->suggested_dmax);
}

static char *
entry_text (GtkEntry *entry)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static Job *
new_job (IscSpatialPanel *self)
{
  Job *job = g_new0 (Job, 1);

  job->cloud = isc_ion_cloud_ref (self->cloud);
  job->ranges = isc_range_set_copy (self->ranges);
  job->roi = self->roi;
  job->has_roi = self->has_roi;
  return job;
}

static void
start_section (IscSpatialPanel   *self,
               IscSpatialSection  section,
               gboolean           coarse)
{
  Job *job = new_job (self);

  switch (section)
    {
    case ISC_SPATIAL_MAP:
      {
        double centre = gtk_spin_button_get_value (self->map_position_spin);
        double half = 0.5 * gtk_spin_button_get_value (self->map_thickness_spin);

        isc_conc_map_settings_init (&job->map);
        job->quantity = entry_text (self->map_quantity_entry);
        if (job->quantity == NULL)
          job->quantity = g_strdup ("");
        job->map.axis = gtk_drop_down_get_selected (self->map_axis_dropdown);
        job->map.from = centre - half;
        job->map.to = centre + half;
        job->map.bin = gtk_spin_button_get_value (self->map_bin_spin);
        isc_task_slot_run (self->tasks[section], map_thread, job, (GDestroyNotify) job_free,
                           (GDestroyNotify) isc_conc_map_free, map_done);
      }
      break;
    case ISC_SPATIAL_ISOSURFACE:
      isc_voxel_settings_init (&job->voxel);
      job->quantity = entry_text (self->iso_quantity_entry);
      if (job->quantity == NULL)
        job->quantity = g_strdup ("");
      job->threshold = gtk_range_get_value (self->iso_threshold_scale);
      job->voxel.bin = gtk_spin_button_get_value (self->iso_bin_spin);
      job->voxel.delocalise = gtk_spin_button_get_value (self->iso_delocalise_spin);
      job->coarse = coarse;
      if (!coarse)
        {
          /* This is the exact run a moving slider was waiting for. */
          self->exact_wanted = FALSE;
          g_clear_handle_id (&self->exact_id, g_source_remove);
        }
      if (coarse)
        {
          /* Eight times fewer voxels: fast enough to follow a slider. */
          job->voxel.bin *= 2;
          job->voxel.delocalise *= 2;
        }
      isc_task_slot_run (self->tasks[section], iso_thread, job, (GDestroyNotify) job_free,
                         (GDestroyNotify) iso_result_free, iso_done);
      break;
    case ISC_SPATIAL_CLUSTERS:
      {
        g_autofree char *text = entry_text (self->cluster_solutes_entry);

        isc_cluster_settings_init (&job->cluster);
        job->solutes = g_strsplit_set (text != NULL ? text : "", ",+ ", -1);
        /* Drop the empty pieces that runs of separators leave. */
        {
          guint n = 0;

          for (guint i = 0; job->solutes[i] != NULL; i++)
            if (*job->solutes[i] != '\0')
              job->solutes[n++] = job->solutes[i];
            else
              g_free (job->solutes[i]);
          job->solutes[n] = NULL;
        }
        job->cluster.d_max = gtk_spin_button_get_value (self->cluster_dmax_spin);
        job->cluster.n_min = gtk_spin_button_get_value_as_int (self->cluster_nmin_spin);
        job->cluster.envelope = gtk_spin_button_get_value (self->cluster_envelope_spin);
        job->cluster.erosion = gtk_spin_button_get_value (self->cluster_erosion_spin);
        isc_task_slot_run (self->tasks[section], cluster_thread, job, (GDestroyNotify) job_free,
                           (GDestroyNotify) isc_cluster_result_free, cluster_done);
      }
      break;
    case ISC_SPATIAL_NEIGHBOURS:
      job->from = entry_text (self->nn_from_entry);
      job->to = entry_text (self->nn_to_entry);
      job->k = gtk_spin_button_get_value_as_int (self->nn_k_spin);
      if (job->from == NULL)
        job->from = g_strdup ("");
      isc_task_slot_run (self->tasks[section], nn_thread, job, (GDestroyNotify) job_free,
                         (GDestroyNotify) nn_result_free, nn_done);
      break;
    case ISC_SPATIAL_N_SECTIONS:
    default:
      job_free (job);
      g_return_if_reached ();
    }
}

static gboolean
start_pending (gpointer data)
{
  IscSpatialPanel *self = data;

  self->idle_id = 0;
  for (guint s = 0; s < ISC_SPATIAL_N_SECTIONS; s++)
    if (self->pending[s])
      {
        self->pending[s] = FALSE;
        if (self->cloud != NULL && self->ranges != NULL)
          start_section (self, s, s == ISC_SPATIAL_ISOSURFACE && self->pending_coarse);
      }
  self->pending_coarse = FALSE;
  update_busy (self);
  return G_SOURCE_REMOVE;
}

/* Coalesces changes that arrive together (e.g. a dragged region) into one computation. */
static void
queue_section (IscSpatialPanel   *self,
               IscSpatialSection  section,
               gboolean           coarse)
{
  if (self->cloud == NULL || self->ranges == NULL)
    return;
  self->pending[section] = TRUE;
  self->stale[section] = FALSE;
  self->pending_coarse = coarse;
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (start_pending, self);
  update_busy (self);
}

static GtkExpander *
section_expander (IscSpatialPanel   *self,
                  IscSpatialSection  section)
{
  GtkExpander *expanders[] = { self->map_expander, self->iso_expander, self->cluster_expander, self->nn_expander };

  return expanders[section];
}

/* A section computes while it is open and the panel is on screen: closed sections and a
 * tab in the background cost nothing (the panel catches up when it is shown). */
static void
queue_if_open (IscSpatialPanel   *self,
               IscSpatialSection  section)
{
  if (self->syncing || !gtk_expander_get_expanded (section_expander (self, section)))
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale[section] = TRUE;
      return;
    }
  queue_section (self, section, FALSE);
}

static void
queue_open_sections (IscSpatialPanel *self)
{
  for (guint s = 0; s < ISC_SPATIAL_N_SECTIONS; s++)
    queue_if_open (self, s);
}

/* ---- Controls --------------------------------------------------------------------------- */

static void
on_expanded (IscSpatialPanel *self)
{
  queue_open_sections (self);
}

/* The middle of the data along @axis (x, y, z), or of the region's axis from its start. */
static double
map_centre (IscSpatialPanel *self,
            guint            axis)
{
  if (self->cloud == NULL)
    return 0;
  if (axis < 3)
    return 0.5 * (self->cloud->bounds_min[axis] + self->cloud->bounds_max[axis]);
  return self->has_roi && self->roi.kind == ISC_ROI_CYLINDER ? 0.5 * self->roi.length : 0;
}

static void
on_map_changed (IscSpatialPanel *self)
{
  guint axis = gtk_drop_down_get_selected (self->map_axis_dropdown);

  /* A new slab normal starts the slab across the middle of the data along it. */
  if (!self->syncing && axis != self->map_axis)
    {
      self->map_axis = axis;
      self->syncing = TRUE;
      gtk_spin_button_set_value (self->map_position_spin, map_centre (self, axis));
      self->syncing = FALSE;
    }
  queue_if_open (self, ISC_SPATIAL_MAP);
}

static void
on_map_view_changed (IscSpatialPanel *self)
{
  rebuild_map_plot (self);
}

static void
on_iso_changed (IscSpatialPanel *self)
{
  queue_if_open (self, ISC_SPATIAL_ISOSURFACE);
}

/* While the slider moves, a coarse grid follows it; the exact surfaces come when it rests. */
static void
on_iso_threshold_changed (IscSpatialPanel *self)
{
  if (self->syncing || !gtk_expander_get_expanded (self->iso_expander) || self->cloud == NULL
      || self->ranges == NULL)
    return;
  queue_section (self, ISC_SPATIAL_ISOSURFACE, TRUE);
  g_clear_handle_id (&self->exact_id, g_source_remove);
  self->exact_wanted = TRUE;
}

static void
on_iso_show_toggled (IscSpatialPanel *self)
{
  g_signal_emit (self, signals[DISPLAY_CHANGED], 0);
}

static void
on_cluster_changed (IscSpatialPanel *self)
{
  queue_if_open (self, ISC_SPATIAL_CLUSTERS);
}

static void
on_cluster_map_toggled (IscSpatialPanel *self)
{
  g_signal_emit (self, signals[DISPLAY_CHANGED], 0);
}

static void
on_nn_changed (IscSpatialPanel *self)
{
  queue_if_open (self, ISC_SPATIAL_NEIGHBOURS);
}

static void
on_suggest_dmax (IscSpatialPanel *self)
{
  g_auto(GStrv) solutes = NULL;
  g_autofree char *text = entry_text (self->cluster_solutes_entry);
  Job *job;

  if (self->cloud == NULL || self->ranges == NULL)
    return;
  solutes = g_strsplit_set (text != NULL ? text : "", ",+ ", 2);
  job = new_job (self);
  job->from = g_strdup (solutes[0] != NULL ? solutes[0] : "");
  isc_task_slot_run (self->tasks[SUGGEST_SLOT], suggest_thread, job, (GDestroyNotify) job_free,
                     (GDestroyNotify) isc_nn_result_free, suggest_done);
  update_busy (self);
}

static void
on_cluster_selected (IscSpatialPanel *self)
{
  IscClusterItem *item = gtk_single_selection_get_selected_item (self->cluster_selection);

  if (item != NULL)
    g_signal_emit (self, signals[CLUSTER_SELECTED], 0, (guint) item->values[COL_ID]);
}

/* ---- Exports (the model's CSV, the plot's figure) --------------------------------------- */

static gboolean
save_text (char        *text,
           const char  *path,
           GError     **error)
{
  g_autofree char *owned = text;

  if (text == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Nothing to export yet"));
      return FALSE;
    }
  return g_file_set_contents (path, text, -1, error);
}

static gboolean
write_map_png (const char *path, gpointer data, GError **error)
{
  return isc_plot_view_export (ISC_SPATIAL_PANEL (data)->map_view, path, error);
}

static gboolean
write_map_csv (const char *path, gpointer data, GError **error)
{
  IscSpatialPanel *self = data;

  return save_text (self->map != NULL ? isc_conc_map_to_csv (self->map) : NULL, path, error);
}

static gboolean
write_mesh (const char *path, gpointer data, GError **error)
{
  IscSpatialPanel *self = data;

  if (self->iso == NULL)
    return save_text (NULL, path, error);
  return isc_isosurface_save (self->iso->surface, path, error);
}

static gboolean
write_proxigram (const char *path, gpointer data, GError **error)
{
  IscSpatialPanel *self = data;

  return save_text (self->iso != NULL && self->iso->proxigram != NULL
                    ? isc_proxigram_to_csv (self->iso->proxigram) : NULL, path, error);
}

static gboolean
write_clusters (const char *path, gpointer data, GError **error)
{
  IscSpatialPanel *self = data;

  return save_text (self->clusters != NULL ? isc_cluster_result_to_csv (self->clusters) : NULL, path, error);
}

static gboolean
write_clusters_json (const char *path, gpointer data, GError **error)
{
  IscSpatialPanel *self = data;
  g_autofree char *roi_text = self->has_roi ? isc_roi_to_string (&self->roi) : NULL;

  return save_text (self->clusters != NULL ? isc_cluster_result_to_json (self->clusters, FALSE, roi_text) : NULL,
                    path, error);
}

static gboolean
write_nn (const char *path, gpointer data, GError **error)
{
  IscSpatialPanel *self = data;

  return save_text (self->nn != NULL ? isc_nn_result_to_csv (self->nn->nn) : NULL, path, error);
}

static gboolean
write_rdf (const char *path, gpointer data, GError **error)
{
  IscSpatialPanel *self = data;

  return save_text (self->nn != NULL ? isc_rdf_result_to_csv (self->nn->rdf) : NULL, path, error);
}

static const IscSaveFilter csv_filters[] = { { N_("CSV files"), { "csv", NULL } }, { NULL } };
static const IscSaveFilter json_filters[] = { { N_("JSON files"), { "json", NULL } }, { NULL } };
static const IscSaveFilter png_filters[] = { { N_("PNG images"), { "png", NULL } }, { NULL } };
static const IscSaveFilter ply_filters[] = { { N_("PLY meshes"), { "ply", NULL } }, { NULL } };
static const IscSaveFilter stl_filters[] = { { N_("STL meshes"), { "stl", NULL } }, { NULL } };

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  static const struct
  {
    const char          *action;
    const char          *title;
    const char          *file;
    const IscSaveFilter *filters;
    IscSaveFunc          write;
  } exports[] = {
    { "spatial.export-map-png", N_("Export Concentration Map"), "map.png", png_filters, write_map_png },
    { "spatial.export-map-csv", N_("Export Concentration Map"), "map.csv", csv_filters, write_map_csv },
    { "spatial.export-ply", N_("Export Isosurfaces"), "isosurfaces.ply", ply_filters, write_mesh },
    { "spatial.export-stl", N_("Export Isosurfaces"), "isosurfaces.stl", stl_filters, write_mesh },
    { "spatial.export-proxigram", N_("Export Proxigram"), "proxigram.csv", csv_filters, write_proxigram },
    { "spatial.export-clusters", N_("Export Clusters"), "clusters.csv", csv_filters, write_clusters },
    { "spatial.export-clusters-json", N_("Export Clusters"), "clusters.json", json_filters, write_clusters_json },
    { "spatial.export-nn", N_("Export Nearest Neighbours"), "nn.csv", csv_filters, write_nn },
    { "spatial.export-rdf", N_("Export RDF"), "rdf.csv", csv_filters, write_rdf },
  };

  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    if (g_str_equal (name, exports[i].action))
      isc_save_dialog_run (widget, _(exports[i].title), _("_Export"), exports[i].file, exports[i].filters,
                           ISC_SAVE_DIALOG_ADD_SUFFIX | ISC_SAVE_DIALOG_MODELESS, _("Could not export"),
                           exports[i].write, widget);
}

/* ---- Cluster table ---------------------------------------------------------------------- */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  guint col = GPOINTER_TO_UINT (data);
  IscClusterItem *item = gtk_list_item_get_item (list_item);
  double v = item->values[col];
  char text[64];

  if (isnan (v))
    g_strlcpy (text, "—", sizeof text);
  else if (col == COL_RG || col == COL_GUINIER)
    g_snprintf (text, sizeof text, "%.2f", v);
  else if (col == COL_FRACTION)
    g_snprintf (text, sizeof text, "%.1f", v);
  else
    g_snprintf (text, sizeof text, "%.0f", col == COL_ID ? v + 1 : v);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  guint col = GPOINTER_TO_UINT (data);
  double va = ((const IscClusterItem *) a)->values[col];
  double vb = ((const IscClusterItem *) b)->values[col];

  return va < vb ? -1 : va > vb ? 1 : 0;
}

static void
build_cluster_view (IscSpatialPanel *self)
{
  /* Short titles, so that the table fits a third of a laptop screen; the units are in the
   * caption under it. */
  const char *titles[N_COLS] = { "#", N_("Solute"), N_("Atoms"), "Rg", "Guinier", "" };
  const int widths[N_COLS] = { 36, 64, 64, 52, 68, 52 };
  GtkSortListModel *sorted;

  for (guint c = 0; c < N_COLS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      g_autofree char *plain = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (c));
      plain = g_strdup (c == COL_SOLUTE || c == COL_ATOMS ? _(titles[c]) : titles[c]);
      column = gtk_column_view_column_new (plain, factory);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (gtk_custom_sorter_new (compare_items, GUINT_TO_POINTER (c), NULL)));
      /* Narrow fixed widths that grow with the pane: the table fits a third of a laptop. */
      gtk_column_view_column_set_fixed_width (column, widths[c]);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->cluster_view, column);
      g_object_unref (column);
    }
  self->cluster_store = g_list_store_new (ISC_TYPE_CLUSTER_ITEM);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->cluster_store)),
                                    g_object_ref (gtk_column_view_get_sorter (self->cluster_view)));
  self->cluster_selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->cluster_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->cluster_selection, TRUE);
  gtk_column_view_set_model (self->cluster_view, GTK_SELECTION_MODEL (self->cluster_selection));
  g_signal_connect_object (self->cluster_selection, "notify::selected-item", G_CALLBACK (on_cluster_selected),
                           self, G_CONNECT_SWAPPED);
}

/* ---- Construction ----------------------------------------------------------------------- */

static void
unfocus_flow_box_cells (GtkWidget *widget)
{
  /* The controls take the focus, not the flow box's cells around them. */
  if (GTK_IS_FLOW_BOX_CHILD (widget))
    gtk_widget_set_focusable (widget, FALSE);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    unfocus_flow_box_cells (c);
}

static void
isc_spatial_panel_map (GtkWidget *widget)
{
  IscSpatialPanel *self = ISC_SPATIAL_PANEL (widget);

  GTK_WIDGET_CLASS (isc_spatial_panel_parent_class)->map (widget);
  for (guint s = 0; s < ISC_SPATIAL_N_SECTIONS; s++)
    if (self->stale[s])
      queue_if_open (self, s);
}

static void
isc_spatial_panel_dispose (GObject *object)
{
  IscSpatialPanel *self = ISC_SPATIAL_PANEL (object);

  /* Never waits: a worker still running frees its own job and result. */
  for (guint s = 0; s < G_N_ELEMENTS (self->tasks); s++)
    g_clear_pointer (&self->tasks[s], isc_task_slot_free);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->exact_id, g_source_remove);
  if (self->cluster_view != NULL)
    gtk_column_view_set_model (self->cluster_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_SPATIAL_PANEL);
  G_OBJECT_CLASS (isc_spatial_panel_parent_class)->dispose (object);
}

static void
isc_spatial_panel_finalize (GObject *object)
{
  IscSpatialPanel *self = ISC_SPATIAL_PANEL (object);

  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&self->ranges, isc_range_set_free);
  g_clear_pointer (&self->map, isc_conc_map_free);
  g_clear_pointer (&self->iso, iso_result_free);
  g_clear_pointer (&self->clusters, isc_cluster_result_free);
  g_clear_pointer (&self->nn, nn_result_free);
  g_clear_object (&self->cluster_selection);
  g_clear_object (&self->cluster_store);
  g_free (self->status);
  for (guint s = 0; s < ISC_SPATIAL_N_SECTIONS; s++)
    g_free (self->errors[s]);
  G_OBJECT_CLASS (isc_spatial_panel_parent_class)->finalize (object);
}

static void
isc_spatial_panel_class_init (IscSpatialPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *actions[] = { "spatial.export-map-png", "spatial.export-map-csv", "spatial.export-ply",
                            "spatial.export-stl", "spatial.export-proxigram", "spatial.export-clusters",
                            "spatial.export-clusters-json", "spatial.export-nn", "spatial.export-rdf" };

  object_class->dispose = isc_spatial_panel_dispose;
  object_class->finalize = isc_spatial_panel_finalize;
  widget_class->map = isc_spatial_panel_map;

  isc_busy_class_install (object_class, (IscBusyFunc) isc_spatial_panel_is_busy);

  /* Emitted with the IscSpatialSection whose results (or error) arrived. */
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* What the 3D map should show changed (surfaces, cluster colours, hidden ions). */
  signals[DISPLAY_CHANGED] = g_signal_new ("display-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A row of the cluster table was selected: the cluster's id. */
  signals[CLUSTER_SELECTED] = g_signal_new ("cluster-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, export_action);

  isc_widget_class_set_template (widget_class, "spatial-panel", "spatialpanel", GTK_TYPE_BIN_LAYOUT);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscSpatialPanel, box, status_label, map_expander,
                              map_axis_dropdown, map_position_spin, map_thickness_spin, map_bin_spin,
                              map_quantity_entry, map_error_check, map_view, iso_expander, iso_quantity_entry,
                              iso_threshold_scale, iso_bin_spin, iso_delocalise_spin, iso_show_check,
                              iso_table, proxigram_view, cluster_expander, cluster_solutes_entry,
                              cluster_dmax_spin, cluster_nmin_spin, cluster_envelope_spin,
                              cluster_erosion_spin, cluster_colour_check, cluster_hide_check, cluster_view,
                              cluster_hist_view, nn_expander, nn_from_entry, nn_to_entry, nn_k_spin,
                              nn_summary_label, nn_view, rdf_view);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_expanded, on_map_changed, on_map_view_changed, on_iso_changed,
                               on_iso_threshold_changed, on_iso_show_toggled, on_cluster_changed,
                               on_cluster_map_toggled, on_suggest_dmax, on_nn_changed);
}

static void
isc_spatial_panel_init (IscSpatialPanel *self)
{
  isc_roi_init_all (&self->roi);
  for (guint s = 0; s < G_N_ELEMENTS (self->tasks); s++)
    self->tasks[s] = isc_task_slot_new (self, NULL);
  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->syncing = FALSE;
  isc_label_drop_down (GTK_WIDGET (self->map_axis_dropdown), _("Axis"));
  unfocus_flow_box_cells (self->box);
  build_cluster_view (self);
  rebuild_iso_table (self);
  rebuild_map_plot (self);
  rebuild_proxigram_plot (self);
  rebuild_clusters (self);
  rebuild_nn (self);
}

GtkWidget *
isc_spatial_panel_new (void)
{
  return g_object_new (ISC_TYPE_SPATIAL_PANEL, NULL);
}

void
isc_spatial_panel_set_data (IscSpatialPanel   *self,
                            IscIonCloud       *cloud,
                            const IscRangeSet *ranges)
{
  g_return_if_fail (ISC_IS_SPATIAL_PANEL (self));

  for (guint s = 0; s < G_N_ELEMENTS (self->tasks); s++)
    isc_task_slot_cancel (self->tasks[s]);
  self->exact_wanted = FALSE;
  g_clear_handle_id (&self->exact_id, g_source_remove);
  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&self->ranges, isc_range_set_free);
  self->cloud = cloud != NULL ? isc_ion_cloud_ref (cloud) : NULL;
  self->ranges = ranges != NULL ? isc_range_set_copy (ranges) : NULL;
  g_clear_pointer (&self->map, isc_conc_map_free);
  g_clear_pointer (&self->iso, iso_result_free);
  g_clear_pointer (&self->clusters, isc_cluster_result_free);
  g_clear_pointer (&self->nn, nn_result_free);
  for (guint s = 0; s < ISC_SPATIAL_N_SECTIONS; s++)
    g_clear_pointer (&self->errors[s], g_free);
  rebuild_map_plot (self);
  rebuild_iso_table (self);
  rebuild_proxigram_plot (self);
  rebuild_clusters (self);
  rebuild_nn (self);
  if (cloud != NULL)
    {
      /* The slab starts across the middle of the data along its normal. */
      self->map_axis = gtk_drop_down_get_selected (self->map_axis_dropdown);
      self->syncing = TRUE;
      gtk_spin_button_set_value (self->map_position_spin, map_centre (self, self->map_axis));
      self->syncing = FALSE;
      set_status (self, ranges != NULL ? "" : _("Range the spectrum to analyse the data"));
    }
  for (guint s = 0; s < ISC_SPATIAL_N_SECTIONS; s++)
    g_signal_emit (self, signals[UPDATED], 0, s);
  queue_open_sections (self);
  update_busy (self);
}

void
isc_spatial_panel_set_roi (IscSpatialPanel *self,
                           const IscRoi    *roi)
{
  g_return_if_fail (ISC_IS_SPATIAL_PANEL (self));

  self->has_roi = roi != NULL && roi->kind != ISC_ROI_ALL;
  if (self->has_roi)
    self->roi = *roi;
  else
    isc_roi_init_all (&self->roi);
  queue_open_sections (self);
}

void
isc_spatial_panel_compute (IscSpatialPanel   *self,
                           IscSpatialSection  section)
{
  g_return_if_fail (ISC_IS_SPATIAL_PANEL (self));
  g_return_if_fail (section < ISC_SPATIAL_N_SECTIONS);

  queue_section (self, section, FALSE);
}

void
isc_spatial_panel_set_section_expanded (IscSpatialPanel   *self,
                                        IscSpatialSection  section,
                                        gboolean           expanded)
{
  g_return_if_fail (ISC_IS_SPATIAL_PANEL (self));
  g_return_if_fail (section < ISC_SPATIAL_N_SECTIONS);

  gtk_expander_set_expanded (section_expander (self, section), expanded);
}

void
isc_spatial_panel_set_isosurface_settings (IscSpatialPanel *self,
                                           const char      *quantity,
                                           double           threshold,
                                           double           bin,
                                           double           delocalise)
{
  g_return_if_fail (ISC_IS_SPATIAL_PANEL (self));

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->iso_quantity_entry), quantity);
  gtk_range_set_value (self->iso_threshold_scale, threshold);
  gtk_spin_button_set_value (self->iso_bin_spin, bin);
  gtk_spin_button_set_value (self->iso_delocalise_spin, delocalise);
  self->syncing = FALSE;
  queue_section (self, ISC_SPATIAL_ISOSURFACE, FALSE);
}

void
isc_spatial_panel_set_cluster_settings (IscSpatialPanel *self,
                                        const char      *solutes,
                                        double           d_max,
                                        guint            n_min,
                                        double           envelope,
                                        double           erosion)
{
  g_return_if_fail (ISC_IS_SPATIAL_PANEL (self));

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->cluster_solutes_entry), solutes);
  gtk_spin_button_set_value (self->cluster_dmax_spin, d_max);
  gtk_spin_button_set_value (self->cluster_nmin_spin, n_min);
  gtk_spin_button_set_value (self->cluster_envelope_spin, envelope);
  gtk_spin_button_set_value (self->cluster_erosion_spin, erosion);
  self->syncing = FALSE;
  queue_section (self, ISC_SPATIAL_CLUSTERS, FALSE);
}

gboolean
isc_spatial_panel_is_busy (IscSpatialPanel *self)
{
  g_return_val_if_fail (ISC_IS_SPATIAL_PANEL (self), FALSE);

  if (self->idle_id != 0 || self->exact_id != 0 || self->exact_wanted)
    return TRUE;
  for (guint s = 0; s < G_N_ELEMENTS (self->tasks); s++)
    if (self->tasks[s] != NULL && isc_task_slot_is_busy (self->tasks[s]))
      return TRUE;
  return FALSE;
}

IscSpatialResults
isc_spatial_panel_get_results (IscSpatialPanel *self)
{
  IscSpatialResults r = { NULL };

  g_return_val_if_fail (ISC_IS_SPATIAL_PANEL (self), r);

  r.conc_map = self->map;
  if (self->iso != NULL)
    {
      r.isosurface = self->iso->surface;
      r.isosurface_normals = self->iso->normals;
      r.proxigram = self->iso->proxigram;
    }
  r.clusters = self->clusters;
  if (self->nn != NULL)
    {
      r.nn = self->nn->nn;
      r.rdf = self->nn->rdf;
    }
  r.show_surfaces = gtk_check_button_get_active (self->iso_show_check);
  r.colour_clusters = gtk_check_button_get_active (self->cluster_colour_check);
  r.hide_non_cluster = gtk_check_button_get_active (self->cluster_hide_check);
  return r;
}

void
isc_spatial_panel_select_cluster (IscSpatialPanel *self,
                                  guint            id)
{
  GListModel *model;

  g_return_if_fail (ISC_IS_SPATIAL_PANEL (self));

  model = G_LIST_MODEL (self->cluster_selection);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IscClusterItem) item = g_list_model_get_item (model, i);

      if ((guint) item->values[COL_ID] == id)
        {
          gtk_single_selection_set_selected (self->cluster_selection, i);
          return;
        }
    }
}
