/* xrd-page.c: diffraction series — heat map, stacked patterns, one pattern with phase ticks —
 * a peak fitted over every scan, and RIR phase fractions of the shown scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "isc-style.h"
#include "isc-widgets.h"
#include "plot-view.h"
#include "xrd-page.h"
#include "xrd-phase.h"
#include "xrd-plot.h"

struct _IscXrdPage
{
  IscDatasetPage    parent_instance;

  IscXrdSeries     *series;
  guint             scan;
  IscXrdFitOptions  window;
  GArray           *fits;         /* IscXrdPeakFit, one per scan; empty before a fit */
  GPtrArray        *phase_checks; /* GtkCheckButton*, one per built-in phase */
  char             *results;      /* plain text of the listed fits */
  GPtrArray        *queued;       /* paths for the next load (char*) */
  guint             queue_id;     /* the idle that starts it */

  /* Template widgets */
  GtkWidget        *controls;
  GtkWidget        *view_dropdown;
  GtkWidget        *scan_label;
  GtkWidget        *scan_spin;
  GtkWidget        *scan_title;
  GtkWidget        *window_entry;
  GtkWidget        *phase_box;
  GtkWidget        *plot_view;
  GtkWidget        *fractions_label;
  GtkWidget        *rir_note;
  GtkWidget        *results_label;
};

G_DEFINE_FINAL_TYPE (IscXrdPage, isc_xrd_page, ISC_TYPE_DATASET_PAGE)

/* The drop-down lists the views in their order. */
static IscXrdView
shown_view (IscXrdPage *self)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->view_dropdown));
}

static guint
n_scans (IscXrdPage *self)
{
  return self->series != NULL ? self->series->patterns->len : 0;
}

/* The built-in phases whose ticks are shown (copies, owned by the array). */
static GPtrArray *
shown_phases (IscXrdPage *self)
{
  GPtrArray *phases = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_xrd_phase_free);
  const IscXrdPhase *builtin;
  guint n;

  builtin = isc_xrd_builtin_phases (&n);
  for (guint k = 0; k < n && k < self->phase_checks->len; k++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->phase_checks, k)))
      g_ptr_array_add (phases, isc_xrd_phase_copy (&builtin[k]));
  return phases;
}

/* "25 °C" or the scan's label, for lists and the scan title. */
static char *
scan_name (const IscXrdPattern *p)
{
  if (!isnan (p->temperature_c))
    return g_strdup_printf ("%.0f °C", p->temperature_c);
  return g_strdup (p->label);
}

/* ---- Plot, fit list and phase fractions ---------------------------------------------- */

static void
rebuild_plot (IscXrdPage *self)
{
  g_autoptr(GPtrArray) phases = NULL;
  IscPlot *plot = NULL;
  double lo, hi;

  if (n_scans (self) == 0)
    {
      isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), NULL);
      return;
    }
  switch (shown_view (self))
    {
    case ISC_XRD_VIEW_HEATMAP:
      isc_xrd_plot_two_theta_range (self->series, &lo, &hi);
      plot = isc_xrd_plot_heatmap (self->series, lo, hi);
      break;
    case ISC_XRD_VIEW_STACK:
      plot = isc_xrd_plot_stack (self->series);
      break;
    case ISC_XRD_VIEW_PATTERN:
    default:
      {
        /* The plot takes one fit per window: the shown scan's. */
        g_autoptr(GArray) row = g_array_new (FALSE, FALSE, sizeof (IscXrdPeakFit));

        if (self->scan < self->fits->len)
          g_array_append_val (row, g_array_index (self->fits, IscXrdPeakFit, self->scan));
        phases = shown_phases (self);
        plot = isc_xrd_plot_pattern (isc_xrd_series_get (self->series, self->scan), phases, row, &self->window,
                                     row->len, 0);
      }
      break;
    }
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), plot);
}

static void
rebuild_fractions (IscXrdPage *self)
{
  g_autoptr(GPtrArray) phases = shown_phases (self);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree double *areas = NULL;
  g_autofree double *rirs = NULL;
  g_autofree double *fractions = NULL;
  const IscXrdPattern *p;
  guint measured = 0;

  if (n_scans (self) == 0 || phases->len == 0)
    {
      gtk_label_set_text (GTK_LABEL (self->fractions_label), "");
      gtk_widget_set_visible (self->fractions_label, FALSE);
      gtk_widget_set_visible (self->rir_note, FALSE);
      return;
    }
  p = isc_xrd_series_get (self->series, self->scan);
  areas = g_new0 (double, phases->len);
  rirs = g_new0 (double, phases->len);
  fractions = g_new0 (double, phases->len);
  for (guint k = 0; k < phases->len; k++)
    {
      IscXrdPeakFit fit;

      rirs[k] = ((IscXrdPhase *) g_ptr_array_index (phases, k))->rir;
      if (isc_xrd_phase_line_area (p, (const IscXrdPhase * const *) phases->pdata, phases->len, k,
                                   ISC_XRD_PROFILE_PSEUDO_VOIGT, TRUE, 0, &fit, NULL))
        {
          areas[k] = fit.area;
          measured++;
        }
    }
  {
    g_autofree char *name = scan_name (p);
    g_autofree char *escaped = g_markup_escape_text (name, -1);
    g_autofree char *title = g_strdup_printf (_("Phase fractions, %s"), escaped);

    g_string_append_printf (text, "<b>%s</b>\n", title);
  }
  if (measured > 0 && isc_xrd_rir_fractions (areas, rirs, NULL, phases->len, fractions, NULL))
    for (guint k = 0; k < phases->len; k++)
      {
        /* The model's phase names are Pango markup (subscripts). */
        const char *name = ((IscXrdPhase *) g_ptr_array_index (phases, k))->name;

        g_string_append_printf (text, "%s: %.1f %%\n", name, 100 * fractions[k]);
      }
  else
    g_string_append (text, _("No reference line of the shown phases was found in this scan."));
  g_strchomp (text->str);
  gtk_label_set_markup (GTK_LABEL (self->fractions_label), text->str);
  gtk_widget_set_visible (self->fractions_label, TRUE);
  gtk_widget_set_visible (self->rir_note, TRUE);
}

static void
rebuild_results (IscXrdPage *self)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) plain = g_string_new (NULL);

  if (self->fits->len > 0)
    {
      g_autofree char *title = g_strdup_printf (_("Peak in %g–%g° 2θ"), self->window.lo, self->window.hi);

      g_string_append_printf (markup, "<b>%s</b>\n", title);
      g_string_append_printf (plain, "%s\n", title);
    }
  for (guint i = 0; i < self->fits->len && i < n_scans (self); i++)
    {
      const IscXrdPeakFit *f = &g_array_index (self->fits, IscXrdPeakFit, i);
      g_autofree char *name = scan_name (isc_xrd_series_get (self->series, i));
      g_autofree char *line = NULL;

      if (f->ok)
        line = g_strdup_printf (_("%s: 2θ %.4f ± %.4f°\n    FWHM %.4f ± %.4f°, area %.5g ± %.2g"), name, f->center,
                                f->center_sigma, f->fwhm, f->fwhm_sigma, f->area, f->area_sigma);
      else
        line = g_strdup_printf (_("%s: no peak fitted"), name);
      g_string_append_printf (plain, "%s\n", line);
      {
        g_autofree char *escaped = g_markup_escape_text (line, -1);

        g_string_append_printf (markup, "%s\n", escaped);
      }
    }
  g_free (self->results);
  self->results = g_string_free (g_steal_pointer (&plain), FALSE);
  gtk_label_set_markup (GTK_LABEL (self->results_label), markup->str);
}

static void
isc_xrd_page_rebuild (IscDatasetPage *page)
{
  IscXrdPage *self = ISC_XRD_PAGE (page);

  rebuild_plot (self);
  rebuild_results (self);
  rebuild_fractions (self);
}

static gboolean parse_window (const char *text,
                              double     *lo,
                              double     *hi);

static void
update_scan_controls (IscXrdPage *self)
{
  gboolean single = shown_view (self) == ISC_XRD_VIEW_PATTERN;
  guint n = n_scans (self);

  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->scan_spin)), MAX (n, 1));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->scan_spin), self->scan + 1);
  gtk_widget_set_sensitive (self->scan_spin, single && n > 1);
  gtk_widget_set_sensitive (self->scan_label, single && n > 1);
  /* The phase ticks are drawn on the single pattern; the fractions follow its scan. */
  gtk_widget_set_sensitive (self->phase_box, n > 0);
  if (n > 0)
    {
      const IscXrdPattern *p = isc_xrd_series_get (self->series, self->scan);
      g_autofree char *name = scan_name (p);
      g_autofree char *title = g_strdup_printf (_("%s, λ = %.5g Å%s"), name, p->wavelength,
                                                p->wavelength_from_file ? "" : _(" (Cu Kα1 assumed)"));

      gtk_label_set_text (GTK_LABEL (self->scan_title), title);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->scan_title), "");
}

/* ---- Callbacks ----------------------------------------------------------------------- */

static void
on_view_selected (IscXrdPage *self)
{
  update_scan_controls (self);
  rebuild_plot (self);
}

static void
on_scan_changed (IscXrdPage *self)
{
  int value = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->scan_spin));

  if (value >= 1)
    isc_xrd_page_set_scan (self, (guint) value - 1);
}

static void
on_fit_clicked (IscXrdPage *self)
{
  isc_xrd_page_fit (self, gtk_editable_get_text (GTK_EDITABLE (self->window_entry)));
}

static void
on_phase_toggled (IscXrdPage *self)
{
  rebuild_fractions (self);
  /* Ticks are drawn on the single pattern: show it when a phase is chosen. */
  if (shown_view (self) != ISC_XRD_VIEW_PATTERN)
    isc_xrd_page_set_view (self, ISC_XRD_VIEW_PATTERN);
  else
    rebuild_plot (self);
}

typedef struct
{
  char  **paths;
  guint   n_paths;
} LoadInput;

static void
load_input_free (LoadInput *input)
{
  g_strfreev (input->paths);
  g_free (input);
}

static gpointer
load_job (gpointer          input,
          GCancellable     *cancellable,
          IscProgressFunc   progress,
          gpointer          progress_data,
          GError          **error)
{
  LoadInput *in = input;

  return isc_xrd_load_many ((const char * const *) in->paths, in->n_paths, error);
}

static void
isc_xrd_page_done (IscDatasetPage *page,
                   gpointer        series)
{
  IscXrdPage *self = ISC_XRD_PAGE (page);

  gtk_widget_set_sensitive (self->controls, TRUE);
  if (series != NULL)
    isc_xrd_page_set_series (self, series);
}

/* ---- GObject / GtkWidget ------------------------------------------------------------- */

static void
isc_xrd_page_dispose (GObject *object)
{
  IscXrdPage *self = ISC_XRD_PAGE (object);

  g_clear_handle_id (&self->queue_id, g_source_remove);
  G_OBJECT_CLASS (isc_xrd_page_parent_class)->dispose (object);
}

static void
isc_xrd_page_finalize (GObject *object)
{
  IscXrdPage *self = ISC_XRD_PAGE (object);

  g_clear_pointer (&self->series, isc_xrd_series_free);
  g_clear_pointer (&self->fits, g_array_unref);
  g_clear_pointer (&self->phase_checks, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_free);
  g_clear_pointer (&self->queued, g_ptr_array_unref);
  G_OBJECT_CLASS (isc_xrd_page_parent_class)->finalize (object);
}

static void
isc_xrd_page_class_init (IscXrdPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_xrd_page_dispose;
  object_class->finalize = isc_xrd_page_finalize;
  ISC_DATASET_PAGE_CLASS (klass)->rebuild = isc_xrd_page_rebuild;
  ISC_DATASET_PAGE_CLASS (klass)->done = isc_xrd_page_done;

  isc_dataset_page_class_set_template (widget_class, "xrd-page", "plot_view");
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscXrdPage, controls, view_dropdown, scan_label, scan_spin,
                              scan_title, window_entry, phase_box, plot_view, fractions_label, rir_note,
                              results_label);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_view_selected, on_scan_changed, on_fit_clicked);
}

static void
isc_xrd_page_init (IscXrdPage *self)
{
  const IscXrdPhase *builtin;
  guint n;

  self->fits = g_array_new (FALSE, TRUE, sizeof (IscXrdPeakFit));
  self->phase_checks = g_ptr_array_new ();
  self->queued = g_ptr_array_new_with_free_func (g_free);
  isc_xrd_fit_options_init (&self->window, 18, 20);
  gtk_widget_init_template (GTK_WIDGET (self));
  isc_label_drop_down (self->view_dropdown, _("View"));

  /* One toggle per built-in phase; its formula and structure are the model's names. */
  builtin = isc_xrd_builtin_phases (&n);
  for (guint k = 0; k < n; k++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (builtin[k].id);

      gtk_widget_set_tooltip_markup (check, builtin[k].name);
      gtk_widget_set_name (check, builtin[k].id);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_phase_toggled), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (self->phase_box), check);
      g_ptr_array_add (self->phase_checks, check);
    }
  update_scan_controls (self);
  rebuild_fractions (self);
}

/* ---- Public API ---------------------------------------------------------------------- */

GtkWidget *
isc_xrd_page_new (void)
{
  return g_object_new (ISC_TYPE_XRD_PAGE, NULL);
}

void
isc_xrd_page_load (IscXrdPage         *self,
                   const char * const *paths,
                   guint               n_paths)
{
  LoadInput *input;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (ISC_IS_XRD_PAGE (self));
  g_return_if_fail (paths != NULL && n_paths > 0);

  input = g_new0 (LoadInput, 1);
  input->paths = g_new0 (char *, n_paths + 1);
  for (guint i = 0; i < n_paths; i++)
    input->paths[i] = g_strdup (paths[i]);
  input->n_paths = n_paths;
  name = g_path_get_basename (paths[0]);
  text = g_strdup_printf (_("Loading %s…"), name);
  gtk_widget_set_sensitive (self->controls, FALSE);
  isc_dataset_page_run (ISC_DATASET_PAGE (self), text, load_job, input, (GDestroyNotify) load_input_free,
                        (GDestroyNotify) isc_xrd_series_free);
}

static gboolean
load_queued (gpointer data)
{
  IscXrdPage *self = data;
  g_autoptr(GPtrArray) paths = g_steal_pointer (&self->queued);

  self->queue_id = 0;
  self->queued = g_ptr_array_new_with_free_func (g_free);
  isc_xrd_page_load (self, (const char * const *) paths->pdata, paths->len);
  return G_SOURCE_REMOVE;
}

void
isc_xrd_page_queue_path (IscXrdPage *self,
                         const char *path)
{
  g_return_if_fail (ISC_IS_XRD_PAGE (self));
  g_return_if_fail (path != NULL);

  g_ptr_array_add (self->queued, g_strdup (path));
  if (self->queue_id == 0)
    self->queue_id = g_idle_add (load_queued, self);
}

gboolean
isc_xrd_page_is_busy (IscXrdPage *self)
{
  g_return_val_if_fail (ISC_IS_XRD_PAGE (self), FALSE);
  return self->queue_id != 0 || isc_dataset_page_is_busy (ISC_DATASET_PAGE (self));
}

/* The entry's window when it lies inside the first pattern, else ±0.6° around its maximum. */
static const char *
default_window (IscXrdPage *self)
{
  const IscXrdPattern *p = isc_xrd_series_get (self->series, 0);
  g_autofree char *text = NULL;
  char lo_text[G_ASCII_DTOSTR_BUF_SIZE], hi_text[G_ASCII_DTOSTR_BUF_SIZE];
  double lo, hi, top = -INFINITY, at = 0;

  if (parse_window (gtk_editable_get_text (GTK_EDITABLE (self->window_entry)), &lo, &hi)
      && lo >= p->two_theta[0] && hi <= p->two_theta[p->n - 1])
    return gtk_editable_get_text (GTK_EDITABLE (self->window_entry));
  for (guint j = 0; j < p->n; j++)
    if (p->intensity[j] > top)
      {
        top = p->intensity[j];
        at = p->two_theta[j];
      }
  lo = MAX (p->two_theta[0], round (10 * (at - 0.6)) / 10);
  hi = MIN (p->two_theta[p->n - 1], round (10 * (at + 0.6)) / 10);
  g_ascii_formatd (lo_text, sizeof lo_text, "%.1f", lo);
  g_ascii_formatd (hi_text, sizeof hi_text, "%.1f", hi);
  text = g_strconcat (lo_text, ":", hi_text, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->window_entry), text);
  return gtk_editable_get_text (GTK_EDITABLE (self->window_entry));
}

void
isc_xrd_page_set_series (IscXrdPage   *self,
                         IscXrdSeries *series)
{
  g_return_if_fail (ISC_IS_XRD_PAGE (self));

  g_clear_pointer (&self->series, isc_xrd_series_free);
  self->series = series;
  self->scan = 0;
  g_array_set_size (self->fits, 0);
  isc_dataset_page_set_status (ISC_DATASET_PAGE (self), NULL);
  update_scan_controls (self);
  /* A first look at the series: the window already typed, or, outside the first pattern, one
   * around its strongest peak. A window that fits nothing here is no error of the user's. */
  if (series == NULL || series->patterns->len == 0 || !isc_xrd_page_fit (self, default_window (self)))
    {
      isc_dataset_page_set_status (ISC_DATASET_PAGE (self), NULL);
      isc_dataset_page_rebuild (ISC_DATASET_PAGE (self));
    }
}

const IscXrdSeries *
isc_xrd_page_get_series (IscXrdPage *self)
{
  g_return_val_if_fail (ISC_IS_XRD_PAGE (self), NULL);
  return self->series;
}

void
isc_xrd_page_set_view (IscXrdPage *self,
                       IscXrdView  view)
{
  g_return_if_fail (ISC_IS_XRD_PAGE (self));

  /* its handler redraws */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->view_dropdown), (guint) view);
}

void
isc_xrd_page_set_scan (IscXrdPage *self,
                       guint       index)
{
  g_return_if_fail (ISC_IS_XRD_PAGE (self));

  if (n_scans (self) == 0)
    return;
  index = MIN (index, n_scans (self) - 1);
  if (self->scan == index)
    return;
  self->scan = index;
  update_scan_controls (self);
  rebuild_plot (self);
  rebuild_fractions (self);
}

/* "LO:HI", "LO-HI", "LO–HI" or "LO HI" in degrees. */
static gboolean
parse_window (const char *text,
              double     *lo,
              double     *hi)
{
  g_autoptr(GString) s = g_string_new (text);
  g_auto(GStrv) parts = NULL;
  guint n = 0;
  double v[2];

  g_string_replace (s, "–", ":", 0);
  parts = g_strsplit_set (s->str, ":- ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *end = NULL;

      if (parts[i][0] == '\0')
        continue;
      if (n == 2)
        return FALSE;
      v[n] = g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0' || !isfinite (v[n]))
        return FALSE;
      n++;
    }
  if (n != 2 || !(v[1] > v[0]))
    return FALSE;
  *lo = v[0];
  *hi = v[1];
  return TRUE;
}

gboolean
isc_xrd_page_fit (IscXrdPage *self,
                  const char *window)
{
  IscXrdFitOptions options;
  g_autoptr(GArray) fits = NULL;
  g_autoptr(GError) error = NULL;
  double lo, hi;
  guint n_ok = 0;

  g_return_val_if_fail (ISC_IS_XRD_PAGE (self), FALSE);
  g_return_val_if_fail (window != NULL, FALSE);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->window_entry)), window) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->window_entry), window);
  if (!parse_window (window, &lo, &hi))
    {
      isc_dataset_page_set_status (ISC_DATASET_PAGE (self),
                                   _("The 2θ window is two angles in degrees, from and to: 18:20"));
      return FALSE;
    }
  if (n_scans (self) == 0)
    return FALSE;
  isc_xrd_fit_options_init (&options, lo, hi);
  /* A peak in some twenty scans fits in milliseconds: here, not in a worker. */
  fits = g_array_new (FALSE, TRUE, sizeof (IscXrdPeakFit));
  for (guint i = 0; i < n_scans (self); i++)
    {
      IscXrdPeakFit fit;

      g_clear_error (&error);
      if (!isc_xrd_fit_peak (isc_xrd_series_get (self->series, i), &options, &fit, &error))
        fit.ok = FALSE;
      n_ok += fit.ok;
      g_array_append_val (fits, fit);
    }
  if (n_ok == 0)
    {
      isc_dataset_page_set_status (ISC_DATASET_PAGE (self), error != NULL ? error->message
                                                            : _("No peak was fitted in this window in any scan."));
      return FALSE;
    }
  self->window = options;
  g_clear_pointer (&self->fits, g_array_unref);
  self->fits = g_steal_pointer (&fits);
  isc_dataset_page_set_status (ISC_DATASET_PAGE (self), NULL);
  isc_dataset_page_rebuild (ISC_DATASET_PAGE (self));
  return TRUE;
}

const IscXrdPeakFit *
isc_xrd_page_get_fit (IscXrdPage *self,
                      guint       index)
{
  g_return_val_if_fail (ISC_IS_XRD_PAGE (self), NULL);

  if (index >= self->fits->len)
    return NULL;
  return &g_array_index (self->fits, IscXrdPeakFit, index);
}

void
isc_xrd_page_set_phase_shown (IscXrdPage *self,
                              const char *id,
                              gboolean    shown)
{
  g_return_if_fail (ISC_IS_XRD_PAGE (self));

  for (guint k = 0; k < self->phase_checks->len; k++)
    if (g_str_equal (gtk_widget_get_name (g_ptr_array_index (self->phase_checks, k)), id))
      gtk_check_button_set_active (g_ptr_array_index (self->phase_checks, k), shown);
}

const char *
isc_xrd_page_get_results (IscXrdPage *self)
{
  g_return_val_if_fail (ISC_IS_XRD_PAGE (self), NULL);
  return self->results != NULL ? self->results : "";
}
