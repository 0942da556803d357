/* saed-page.c: an electron diffraction pattern, its rings, their indexing and the profile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "isc-save-dialog.h"
#include "isc-style.h"
#include "isc-widgets.h"
#include "saed-page.h"
#include "saed-plot.h"

/* A ring is indexed to a phase within this relative d mismatch (the CLI's default). */
#define TOLERANCE 0.02

/* The calibration drop-down's rows after "From the file". */
static const char * const standard_ids[] = { "Au", "Al", "Si", "TlCl" };

struct _IscSaedPage
{
  IscDatasetPage parent_instance;

  IscImage      *image;
  char          *title;
  IscSaedResult *result;
  IscPlot       *pattern_plot;     /* equal axes are set on a copy for the view's size */
  gboolean       compact;

  /* Template widgets */
  GtkWidget     *controls;
  GtkWidget     *calibration_dropdown;
  GtkWidget     *calibration_label;
  GtkWidget     *layered_check;
  GtkWidget     *rocksalt_check;
  GtkWidget     *spinel_check;
  GtkWidget     *axis_dropdown;
  GtkWidget     *paned;
  GtkWidget     *pattern_view;
  GtkWidget     *profile_view;
  GtkWidget     *ring_table;
};

enum
{
  SIGNAL_ANALYSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IscSaedPage, isc_saed_page, ISC_TYPE_DATASET_PAGE)

static gboolean
write_pattern (const char              *path,
               const IscFigureOptions  *options,
               gpointer                 data,
               GError                 **error)
{
  return isc_saed_page_write_pattern_figure (ISC_SAED_PAGE (data), path, options, error);
}

/* The pattern with its rings, kept round at the figure's size (the profile view has its own
 * export button). */
static void
isc_saed_page_export_figure (IscDatasetPage *page)
{
  IscSaedPage *self = ISC_SAED_PAGE (page);
  g_autofree char *stem = g_strdup (self->title != NULL ? self->title : "pattern");
  g_autofree char *name = NULL;
  IscFigureOptions options;
  char *dot = strrchr (stem, '.');

  if (dot != NULL && dot != stem)
    *dot = '\0';
  name = g_strdup_printf ("%s-rings.pdf", stem);
  g_strdelimit (name, "/\\:", '-');
  isc_save_dialog_get_figure_options (&options);
  /* the pattern and its colour bar are near square */
  options.height_mm = 0;
  options.aspect = 0.85;
  isc_save_dialog_run_figure (GTK_WIDGET (self), _("Export Diffraction Pattern"), name, &options,
                              _("The figure could not be saved"), write_pattern, self);
}

/* ---- What is shown ------------------------------------------------------------------- */

static const IscCrystalPhase *
chosen_standard (IscSaedPage *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->calibration_dropdown));

  return i >= 1 && i <= G_N_ELEMENTS (standard_ids) ? isc_saed_standard_lookup (standard_ids[i - 1]) : NULL;
}

/* The ticked phases (static rows of the model's table). */
static GPtrArray *
chosen_phases (IscSaedPage *self)
{
  GPtrArray *phases = g_ptr_array_new ();
  struct { GtkWidget *check; const char *id; } rows[] = {
    { self->layered_check, "layered" }, { self->rocksalt_check, "rocksalt" }, { self->spinel_check, "spinel" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (rows[i].check)))
      g_ptr_array_add (phases, (gpointer) isc_saed_phase_lookup (rows[i].id));
  return phases;
}

static void
plot_input (IscSaedPage      *self,
            GPtrArray        *phases,
            IscSaedPlotInput *in)
{
  *in = (IscSaedPlotInput) {
    self->result, (const IscCrystalPhase * const *) phases->pdata, phases->len,
    self->result->calibration_source == ISC_SAED_CALIBRATION_STANDARD ? chosen_standard (self) : NULL,
    TOLERANCE, isc_saed_plot_full_radius (self->image->width, self->image->height, self->result->cx, self->result->cy),
  };
}

/* Rings stay round at the pattern view's size. */
static void
isc_saed_page_refit (IscDatasetPage *page,
                     int             width,
                     int             height)
{
  IscSaedPage *self = ISC_SAED_PAGE (page);
  IscPlot *plot;

  if (self->pattern_plot == NULL)
    return;
  /* the view gives the plot its screen theme (text sizes) first: the data area it leaves
   * is the one to equalise; set again, the view takes the new ranges as its home */
  plot = isc_plot_copy (self->pattern_plot);
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->pattern_view), plot);
  isc_saed_plot_equal_aspect (plot, width, height);
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->pattern_view), plot);
}

static void
table_cell (GtkGrid    *grid,
            int         column,
            int         row,
            const char *text,
            gboolean    numeric)
{
  GtkWidget *label = isc_table_label_new (text, numeric);

  if (row == 0)
    gtk_widget_add_css_class (label, "heading");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

/* "+0.13": a relative mismatch in % to two places, without a "-0.00" */
static char *
percent_text (double relative)
{
  double pct = 100 * relative;

  return g_strdup_printf ("%+.2f", fabs (pct) < 0.005 ? 0.0 : pct);
}

/* radius px | d nm | hkl | phase | mismatch % */
static void
rebuild_table (IscSaedPage *self,
               GPtrArray   *phases)
{
  GtkGrid *grid = GTK_GRID (self->ring_table);
  GtkWidget *child;
  const IscSaedResult *res = self->result;
  const char *headers[] = { _("r (px)"), _("d (nm)"), _("hkl"), _("Phase"), _("Δd/d (%)") };

  while ((child = gtk_widget_get_first_child (self->ring_table)) != NULL)
    gtk_grid_remove (grid, child);
  if (res == NULL || res->rings == NULL)
    return;
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    table_cell (grid, c, 0, headers[c], FALSE);
  for (guint i = 0; i < res->rings->len; i++)
    {
      double r = g_array_index (res->rings, IscSaedRing, i).radius_px;
      double d = isfinite (res->calibration) ? 1.0 / (r * res->calibration) : NAN;
      g_autofree char *rt = g_strdup_printf ("%.2f", r);
      g_autofree char *dt = isfinite (d) ? g_strdup_printf ("%.4f", d) : g_strdup ("–");
      g_autofree char *hkl = NULL;
      g_autofree char *mis = NULL;
      const char *phase = "–";
      IscSaedIndexing ix;

      for (guint k = 0; res->standard_matches != NULL && k < res->standard_matches->len; k++)
        {
          const IscSaedStandardMatch *m = &g_array_index (res->standard_matches, IscSaedStandardMatch, k);

          if (m->ring == i)
            {
              const IscCrystalPhase *standard = chosen_standard (self);

              hkl = isc_reflection_label (m->reflection.h, m->reflection.k, m->reflection.l);
              mis = percent_text ((d - m->reflection.d_nm) / m->reflection.d_nm);
              phase = standard != NULL ? standard->name : "–";
            }
        }
      if (hkl == NULL && isc_saed_index_best ((const IscCrystalPhase * const *) phases->pdata, phases->len, d,
                                              TOLERANCE, &ix))
        {
          hkl = isc_reflection_label (ix.reflection.h, ix.reflection.k, ix.reflection.l);
          mis = percent_text (ix.mismatch);
          phase = ix.phase->name;
        }
      table_cell (grid, 0, i + 1, rt, TRUE);
      table_cell (grid, 1, i + 1, dt, TRUE);
      table_cell (grid, 2, i + 1, hkl != NULL ? hkl : "–", FALSE);
      table_cell (grid, 3, i + 1, phase, FALSE);
      table_cell (grid, 4, i + 1, mis != NULL ? mis : "–", TRUE);
    }
}

static void
rebuild_calibration_text (IscSaedPage *self)
{
  const IscSaedResult *res = self->result;
  g_autofree char *text = NULL;

  if (res == NULL)
    text = g_strdup ("");
  else if (!isfinite (res->calibration))
    text = g_strdup (_("Not calibrated: choose a standard"));
  else if (res->calibration_source == ISC_SAED_CALIBRATION_STANDARD)
    text = g_strdup_printf (_("%.5f nm⁻¹/px from %u rings of the standard"), res->calibration,
                            res->standard_matches != NULL ? res->standard_matches->len : 0);
  else
    text = g_strdup_printf (_("%.5f nm⁻¹/px from the file"), res->calibration);
  gtk_label_set_text (GTK_LABEL (self->calibration_label), text);
  gtk_widget_set_tooltip_text (self->calibration_label, text);
}

/* Plots and table from the current result, phases and axis (no new analysis). */
static void
isc_saed_page_rebuild (IscDatasetPage *page)
{
  IscSaedPage *self = ISC_SAED_PAGE (page);
  g_autoptr(GPtrArray) phases = chosen_phases (self);
  IscSaedPlotInput in;
  IscSaedPlotAxis axis = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->axis_dropdown)) == 1
                         ? ISC_SAED_PLOT_D : ISC_SAED_PLOT_Q;

  g_clear_pointer (&self->pattern_plot, isc_plot_free);
  if (self->result == NULL || self->image == NULL)
    {
      isc_plot_view_set_plot (ISC_PLOT_VIEW (self->pattern_view), NULL);
      isc_plot_view_set_plot (ISC_PLOT_VIEW (self->profile_view), NULL);
      rebuild_table (self, phases);
      rebuild_calibration_text (self);
      return;
    }
  plot_input (self, phases, &in);
  self->pattern_plot = isc_saed_plot_pattern (self->image, 0, &in);
  if (self->title != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (self->title, -1);
      isc_plot_set_title (self->pattern_plot, escaped);
    }
  /* rings are made round when the base refits */
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->pattern_view), isc_plot_copy (self->pattern_plot));
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->profile_view), isc_saed_plot_profile (&in, axis, TRUE));
  rebuild_table (self, phases);
  rebuild_calibration_text (self);
}

/* ---- Analysis in the worker ------------------------------------------------------------ */

typedef struct
{
  char           *path;    /* read first when set */
  IscImage       *image;   /* a reference */
  IscSaedOptions  options;
} Job;

typedef struct
{
  IscImage      *image;
  IscSaedResult *result;
  char          *warning;  /* the standard could not be fitted: shown with the file's calibration */
} JobResult;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_clear_pointer (&job->image, isc_image_unref);
  g_free (job);
}

static void
job_result_free (JobResult *r)
{
  g_clear_pointer (&r->image, isc_image_unref);
  g_clear_pointer (&r->result, isc_saed_result_free);
  g_free (r->warning);
  g_free (r);
}

static gpointer
analyse_worker (gpointer          input,
                GCancellable     *cancellable,
                IscProgressFunc   progress,
                gpointer          progress_data,
                GError          **error)
{
  Job *job = input;
  g_autoptr(IscImage) image = job->image != NULL ? isc_image_ref (job->image)
                              : isc_image_load (job->path, 0, cancellable, NULL, NULL, error);
  g_autoptr(GError) fit_error = NULL;
  JobResult *r;

  if (image == NULL)
    return NULL;
  r = g_new0 (JobResult, 1);
  r->result = isc_saed_analyse (image, &job->options, &fit_error);
  if (r->result == NULL && job->options.standard != NULL)
    {
      IscSaedOptions plain = job->options;

      /* the pattern is still worth seeing, with the file's calibration */
      r->warning = g_strdup_printf (_("The rings of %s could not be fitted: %s"), job->options.standard->id,
                                    fit_error->message);
      plain.standard = NULL;
      r->result = isc_saed_analyse (image, &plain, NULL);
    }
  if (r->result == NULL)
    {
      job_result_free (r);
      g_propagate_error (error, g_steal_pointer (&fit_error));
      return NULL;
    }
  r->image = g_steal_pointer (&image);
  return r;
}

static void
isc_saed_page_done (IscDatasetPage *page,
                    gpointer        result)
{
  IscSaedPage *self = ISC_SAED_PAGE (page);
  JobResult *r = result;

  g_clear_pointer (&self->result, isc_saed_result_free);
  /* NULL after an error, which is in the status line already */
  if (r != NULL)
    {
      if (r->image != self->image)
        {
          g_clear_pointer (&self->image, isc_image_unref);
          self->image = g_steal_pointer (&r->image);
        }
      self->result = g_steal_pointer (&r->result);
      isc_dataset_page_set_status (ISC_DATASET_PAGE (self), r->warning);
      job_result_free (r);
    }
  isc_dataset_page_rebuild (ISC_DATASET_PAGE (self));
  g_signal_emit (self, signals[SIGNAL_ANALYSED], 0);
}

static void
analyse (IscSaedPage *self,
         const char  *path)
{
  Job *job;

  if (path == NULL && self->image == NULL)
    {
      isc_dataset_page_cancel (ISC_DATASET_PAGE (self));
      g_clear_pointer (&self->result, isc_saed_result_free);
      isc_dataset_page_rebuild (ISC_DATASET_PAGE (self));
      return;
    }
  job = g_new0 (Job, 1);
  job->path = g_strdup (path);
  job->image = path == NULL ? isc_image_ref (self->image) : NULL;
  job->options.standard = chosen_standard (self);
  isc_dataset_page_run (ISC_DATASET_PAGE (self), NULL, analyse_worker, job, (GDestroyNotify) job_free,
                        (GDestroyNotify) job_result_free);
}

/* A new pattern called @title (taken): the last one's status goes and the analysis starts, of
 * the file at @path or, when NULL, of the image held. */
static void
start (IscSaedPage *self,
       char        *title,
       const char  *path)
{
  g_free (self->title);
  self->title = title;
  isc_dataset_page_set_status (ISC_DATASET_PAGE (self), NULL);
  analyse (self, path);
}

/* ---- Callbacks ----------------------------------------------------------------------- */

static void
on_settings_changed (IscSaedPage *self)
{
  analyse (self, NULL);
}

/* ---- GObject / GtkWidget ------------------------------------------------------------- */

static void
isc_saed_page_finalize (GObject *object)
{
  IscSaedPage *self = ISC_SAED_PAGE (object);

  g_clear_pointer (&self->image, isc_image_unref);
  g_clear_pointer (&self->result, isc_saed_result_free);
  g_clear_pointer (&self->pattern_plot, isc_plot_free);
  g_free (self->title);
  G_OBJECT_CLASS (isc_saed_page_parent_class)->finalize (object);
}

static void
isc_saed_page_class_init (IscSaedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  IscDatasetPageClass *page_class = ISC_DATASET_PAGE_CLASS (klass);

  object_class->finalize = isc_saed_page_finalize;
  page_class->rebuild = isc_saed_page_rebuild;
  page_class->refit = isc_saed_page_refit;
  page_class->export_figure = isc_saed_page_export_figure;
  page_class->done = isc_saed_page_done;

  signals[SIGNAL_ANALYSED] = g_signal_new ("analysed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 0);

  isc_dataset_page_class_set_template (widget_class, "saed-page", "pattern_view");
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscSaedPage, controls, calibration_dropdown, calibration_label,
                              layered_check, rocksalt_check, spinel_check, axis_dropdown, paned, pattern_view,
                              profile_view, ring_table);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_settings_changed);
}

static void
isc_saed_page_init (IscSaedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  isc_label_drop_down (self->calibration_dropdown, _("Calibration"));
  isc_label_drop_down (self->axis_dropdown, _("Profile"));
}

/* ---- Public API ---------------------------------------------------------------------- */

GtkWidget *
isc_saed_page_new (void)
{
  return g_object_new (ISC_TYPE_SAED_PAGE, NULL);
}

void
isc_saed_page_set_image (IscSaedPage *self,
                         IscImage    *image,
                         const char  *title)
{
  g_return_if_fail (ISC_IS_SAED_PAGE (self));

  g_clear_pointer (&self->image, isc_image_unref);
  self->image = image;
  start (self, g_strdup (title), NULL);
}

void
isc_saed_page_load (IscSaedPage *self,
                    const char  *path)
{
  g_return_if_fail (ISC_IS_SAED_PAGE (self));
  g_return_if_fail (path != NULL);

  start (self, g_path_get_basename (path), path);
}

void
isc_saed_page_set_compact (IscSaedPage *self,
                           gboolean     compact)
{
  g_return_if_fail (ISC_IS_SAED_PAGE (self));

  self->compact = compact;
  gtk_widget_set_visible (self->controls, !compact);
  gtk_widget_set_visible (self->profile_view, !compact);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), compact ? GTK_ORIENTATION_VERTICAL
                                                                        : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_size_request (gtk_paned_get_end_child (GTK_PANED (self->paned)), compact ? -1 : 340, -1);
}

void
isc_saed_page_set_standard (IscSaedPage *self,
                            const char  *standard)
{
  guint row = 0;

  g_return_if_fail (ISC_IS_SAED_PAGE (self));
  for (guint i = 0; standard != NULL && i < G_N_ELEMENTS (standard_ids); i++)
    if (g_ascii_strcasecmp (standard, standard_ids[i]) == 0)
      row = i + 1;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->calibration_dropdown), row);
}

void
isc_saed_page_set_phase_shown (IscSaedPage *self,
                               const char  *id,
                               gboolean     shown)
{
  GtkWidget *check;

  g_return_if_fail (ISC_IS_SAED_PAGE (self));
  check = g_str_equal (id, "layered") ? self->layered_check
          : g_str_equal (id, "rocksalt") ? self->rocksalt_check
          : g_str_equal (id, "spinel") ? self->spinel_check : NULL;
  g_return_if_fail (check != NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), shown);
}

const IscSaedResult *
isc_saed_page_get_result (IscSaedPage *self)
{
  g_return_val_if_fail (ISC_IS_SAED_PAGE (self), NULL);
  return self->result;
}

const IscImage *
isc_saed_page_get_image (IscSaedPage *self)
{
  g_return_val_if_fail (ISC_IS_SAED_PAGE (self), NULL);
  return self->image;
}

char *
isc_saed_page_dup_ring_label (IscSaedPage *self,
                              guint        i)
{
  g_autoptr(GPtrArray) phases = NULL;
  IscSaedPlotInput in;

  g_return_val_if_fail (ISC_IS_SAED_PAGE (self), NULL);
  if (self->result == NULL || self->result->rings == NULL || i >= self->result->rings->len)
    return NULL;
  phases = chosen_phases (self);
  plot_input (self, phases, &in);
  return isc_saed_plot_ring_label (&in, i);
}

gboolean
isc_saed_page_write_pattern_figure (IscSaedPage             *self,
                                    const char              *path,
                                    const IscFigureOptions  *options,
                                    GError                 **error)
{
  g_autoptr(IscPlot) plot = NULL;

  g_return_val_if_fail (ISC_IS_SAED_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL && options != NULL, FALSE);
  if (self->pattern_plot == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No diffraction pattern is shown."));
      return FALSE;
    }
  plot = isc_plot_copy (self->pattern_plot);
  isc_figure_options_apply_to_plot (options, plot);
  isc_saed_plot_equal_aspect (plot, isc_figure_options_width_pt (options), isc_figure_options_height_pt (options));
  return isc_plot_export_with_options (plot, path, options, error);
}
