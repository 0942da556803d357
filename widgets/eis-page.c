/* eis-page.c: impedance spectra, their circuit fits and the Nyquist/Bode plot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <math.h>

#include "eis-circuit.h"
#include "eis-fit.h"
#include "eis-page.h"
#include "isc-style.h"
#include "isc-widgets.h"
#include "plot-view.h"

struct _IscEisPage
{
  IscDatasetPage  parent_instance;

  IscEisData     *data;
  IscEisCircuit  *circuit;     /* the last circuit fitted, or NULL */
  GPtrArray      *fits;        /* IscEisFit*, one per spectrum, empty without a circuit */
  GPtrArray      *checks;      /* IscEisLinKK*, one per spectrum */

  /* Template widgets */
  GtkWidget      *kind_dropdown;
  GtkWidget      *circuit_entry;
  GtkWidget      *plot_view;
  GtkWidget      *params_label;
};

G_DEFINE_FINAL_TYPE (IscEisPage, isc_eis_page, ISC_TYPE_DATASET_PAGE)

/* ---- Plot and parameter list --------------------------------------------------------- */

/* The drop-down lists the plot kinds in their order. */
static IscEisPlotKind
plot_kind (IscEisPage *self)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));
}

/* An ohm stays as long on both axes at the plot view's size: the Nyquist ranges are set through
 * a copy given to the view, which keeps its own zoom state from the plot it is given, and the
 * equal ranges become the state its reset returns to. */
static void
isc_eis_page_refit (IscDatasetPage *page,
                    int             width,
                    int             height)
{
  IscEisPage *self = ISC_EIS_PAGE (page);
  IscPlot *plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (self->plot_view));

  if (plot == NULL || plot_kind (self) != ISC_EIS_PLOT_NYQUIST)
    return;
  plot = isc_plot_copy (plot);
  isc_eis_plot_equalize (plot, width, height);
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), plot);
}

static void
rebuild_plot (IscEisPage *self)
{
  g_autofree IscEisPlotSpectrum *items = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint n = self->data != NULL ? self->data->spectra->len : 0;

  if (n == 0)
    {
      isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), NULL);
      return;
    }
  items = g_new0 (IscEisPlotSpectrum, n);
  for (guint i = 0; i < n; i++)
    {
      const IscEisSpectrum *s = g_ptr_array_index (self->data->spectra, i);
      char *label = g_strdup_printf (_("Cycle %u"), s->cycle);

      g_ptr_array_add (labels, label);
      items[i].spectrum = s;
      items[i].label = label;
      if (self->circuit != NULL && i < self->fits->len)
        {
          items[i].circuit = self->circuit;
          items[i].params = ((IscEisFit *) g_ptr_array_index (self->fits, i))->values;
          items[i].errors = ((IscEisFit *) g_ptr_array_index (self->fits, i))->errors;
        }
    }
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), isc_eis_plot_new (plot_kind (self), items, n));
}

static void
rebuild_params (IscEisPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->data == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->params_label), "");
      return;
    }
  for (guint i = 0; i < self->data->spectra->len; i++)
    {
      const IscEisSpectrum *s = g_ptr_array_index (self->data->spectra, i);
      const IscEisLinKK *kk = i < self->checks->len ? g_ptr_array_index (self->checks, i) : NULL;
      g_autofree char *title = g_strdup_printf (_("Cycle %u"), s->cycle);

      g_string_append_printf (text, "<b>%s</b>\n", title);
      if (self->circuit != NULL && i < self->fits->len)
        {
          const IscEisFit *fit = g_ptr_array_index (self->fits, i);
          int rct = isc_eis_circuit_charge_transfer (self->circuit);

          for (guint k = 0; k < fit->n_params; k++)
            {
              g_autofree char *name = g_markup_escape_text (isc_eis_circuit_get_param_name (self->circuit, k), -1);

              g_string_append_printf (text, "%s = %.4g ± %.2g %s\n", name, fit->values[k], fit->errors[k],
                                      isc_eis_circuit_get_param_unit (self->circuit, k));
            }
          if (rct >= 0)
            g_string_append_printf (text, _("R<sub>ct</sub> = %.4g Ω"), fit->values[rct]);
          g_string_append_c (text, '\n');
        }
      if (kk != NULL)
        {
          g_string_append_printf (text, _("Lin-KK: largest residual %.2f %% (%u RC elements)"),
                                  100 * kk->max_residual, kk->m);
          g_string_append_c (text, '\n');
        }
      g_string_append_c (text, '\n');
    }
  /* The model names units in ASCII for JSON; the page writes them as a scientist would. */
  g_string_replace (text, "Ohm", "Ω", 0);
  gtk_label_set_markup (GTK_LABEL (self->params_label), text->str);
}

static void
isc_eis_page_rebuild (IscDatasetPage *page)
{
  rebuild_plot (ISC_EIS_PAGE (page));
  rebuild_params (ISC_EIS_PAGE (page));
}

/* ---- Callbacks ----------------------------------------------------------------------- */

static void
on_fit_clicked (IscEisPage *self)
{
  isc_eis_page_fit (self, gtk_editable_get_text (GTK_EDITABLE (self->circuit_entry)));
}

/* ---- GObject / GtkWidget ------------------------------------------------------------- */

static void
isc_eis_page_finalize (GObject *object)
{
  IscEisPage *self = ISC_EIS_PAGE (object);

  g_clear_pointer (&self->data, isc_eis_data_free);
  g_clear_pointer (&self->circuit, isc_eis_circuit_free);
  g_clear_pointer (&self->fits, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  G_OBJECT_CLASS (isc_eis_page_parent_class)->finalize (object);
}

static void
isc_eis_page_class_init (IscEisPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  IscDatasetPageClass *page_class = ISC_DATASET_PAGE_CLASS (klass);

  object_class->finalize = isc_eis_page_finalize;
  page_class->rebuild = isc_eis_page_rebuild;
  page_class->refit = isc_eis_page_refit;

  isc_dataset_page_class_set_template (widget_class, "eis-page", "plot_view");
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscEisPage, kind_dropdown, circuit_entry, plot_view, params_label);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_fit_clicked);
}

static void
isc_eis_page_init (IscEisPage *self)
{
  self->fits = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_eis_fit_free);
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_eis_linkk_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  isc_label_drop_down (self->kind_dropdown, _("Plot"));
}

/* ---- Public API ---------------------------------------------------------------------- */

GtkWidget *
isc_eis_page_new (void)
{
  return g_object_new (ISC_TYPE_EIS_PAGE, NULL);
}

void
isc_eis_page_set_data (IscEisPage *self,
                       IscEisData *data)
{
  g_return_if_fail (ISC_IS_EIS_PAGE (self));

  g_clear_pointer (&self->data, isc_eis_data_free);
  self->data = data;
  g_ptr_array_set_size (self->checks, 0);
  for (guint i = 0; data != NULL && i < data->spectra->len; i++)
    {
      /* A series capacitance in the Lin-KK model: battery spectra end in a diffusion tail. */
      IscEisLinKK *kk = isc_eis_linkk (g_ptr_array_index (data->spectra, i), 0.85, 50, TRUE, NULL);

      if (kk != NULL)
        g_ptr_array_add (self->checks, kk);
    }
  /* a fit rebuilds what it changed */
  if (data == NULL || !isc_eis_page_fit (self, gtk_editable_get_text (GTK_EDITABLE (self->circuit_entry))))
    isc_dataset_page_rebuild (ISC_DATASET_PAGE (self));
}

const IscEisData *
isc_eis_page_get_data (IscEisPage *self)
{
  g_return_val_if_fail (ISC_IS_EIS_PAGE (self), NULL);
  return self->data;
}

void
isc_eis_page_set_plot_kind (IscEisPage     *self,
                            IscEisPlotKind  kind)
{
  g_return_if_fail (ISC_IS_EIS_PAGE (self));

  /* its handler redraws */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), (guint) kind);
}

gboolean
isc_eis_page_fit (IscEisPage *self,
                  const char *circuit_text)
{
  g_autoptr(IscEisCircuit) circuit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fits = NULL;

  g_return_val_if_fail (ISC_IS_EIS_PAGE (self), FALSE);
  g_return_val_if_fail (circuit_text != NULL, FALSE);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->circuit_entry)), circuit_text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->circuit_entry), circuit_text);
  circuit = isc_eis_circuit_parse (circuit_text, &error);
  if (circuit == NULL)
    {
      isc_dataset_page_set_status (ISC_DATASET_PAGE (self), error->message);
      return FALSE;
    }
  if (self->data == NULL)
    return FALSE;
  /* A fit of tens of points takes milliseconds: it runs here, not in a worker. */
  fits = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_eis_fit_free);
  for (guint i = 0; i < self->data->spectra->len; i++)
    {
      IscEisFit *fit = isc_eis_fit (circuit, g_ptr_array_index (self->data->spectra, i), NULL,
                                    ISC_EIS_WEIGHT_MODULUS, &error);

      if (fit == NULL)
        {
          isc_dataset_page_set_status (ISC_DATASET_PAGE (self), error->message);
          return FALSE;
        }
      g_ptr_array_add (fits, fit);
    }
  g_clear_pointer (&self->circuit, isc_eis_circuit_free);
  self->circuit = g_steal_pointer (&circuit);
  g_clear_pointer (&self->fits, g_ptr_array_unref);
  self->fits = g_steal_pointer (&fits);
  isc_dataset_page_set_status (ISC_DATASET_PAGE (self), NULL);
  isc_dataset_page_rebuild (ISC_DATASET_PAGE (self));
  return TRUE;
}

double
isc_eis_page_get_parameter (IscEisPage *self,
                            guint       index,
                            const char *name)
{
  g_return_val_if_fail (ISC_IS_EIS_PAGE (self), NAN);

  if (self->circuit == NULL || index >= self->fits->len)
    return NAN;
  for (guint k = 0; k < isc_eis_circuit_get_n_params (self->circuit); k++)
    if (g_str_equal (isc_eis_circuit_get_param_name (self->circuit, k), name))
      return ((IscEisFit *) g_ptr_array_index (self->fits, index))->values[k];
  return NAN;
}
