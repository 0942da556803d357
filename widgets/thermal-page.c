/* thermal-page.c: thermal-analysis curves overlaid, their DTG and their mass-loss steps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isc-style.h"
#include "isc-widgets.h"
#include "palette.h"
#include "plot-view.h"
#include "thermal-page.h"

/* One curve of the overlay and what the model found in it. */
typedef struct
{
  IscThermalCurve    *curve;
  IscThermalAnalysis *analysis;  /* NULL: no mass in the file */
} Entry;

struct _IscThermalPage
{
  IscDatasetPage      parent_instance;

  GPtrArray          *entries;   /* Entry* */

  /* Template widgets */
  GtkWidget          *kind_dropdown;
  GtkWidget          *curves_label;
  GtkWidget          *clear_button;
  GtkWidget          *plot_view;
  GtkWidget          *steps_grid;
  GtkWidget          *method_label;
};

G_DEFINE_FINAL_TYPE (IscThermalPage, isc_thermal_page, ISC_TYPE_DATASET_PAGE)

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_clear_pointer (&e->curve, isc_thermal_curve_free);
  g_clear_pointer (&e->analysis, isc_thermal_analysis_free);
  g_free (e);
}

/* ---- Plot and steps table ------------------------------------------------------------ */

static void
rebuild_plot (IscThermalPage *self)
{
  g_autofree IscThermalPlotCurve *items = g_new0 (IscThermalPlotCurve, MAX (self->entries->len, 1));
  IscPlot *plot;
  IscThermalPlotKind kind;

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (self->entries, i);

      items[i].curve = e->curve;
      items[i].analysis = e->analysis;
    }
  /* the drop-down lists the plot kinds in their order */
  kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));
  plot = self->entries->len > 0 ? isc_thermal_plot_new (kind, items, self->entries->len) : NULL;
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), plot);
}

static char *
format_c (double value)
{
  return isfinite (value) ? g_strdup_printf ("%.1f", value) : g_strdup ("–");
}

/* The curve's name in its plot colour, as the legend draws it. */
static GtkWidget *
curve_cell (const IscThermalCurve *curve,
            guint                  colour_index)
{
  IscColor color = isc_palette_get (colour_index % isc_palette_get_n ());
  g_autofree char *hex = isc_color_to_hex (&color);
  g_autofree char *name = g_markup_escape_text (curve->label, -1);
  g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\">●</span> %s", hex, name);
  GtkWidget *label = isc_table_label_new (NULL, FALSE);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_tooltip_text (label, curve->source);
  return label;
}

static void
rebuild_steps (IscThermalPage *self)
{
  GtkGrid *grid = GTK_GRID (self->steps_grid);
  const char *headers[] = { _("Onset (°C)"), _("DTG peak (°C)"), _("Loss (%)") };
  GtkWidget *child;
  guint row = 1, window = 0, plotted = 0;

  while ((child = gtk_widget_get_first_child (self->steps_grid)) != NULL)
    gtk_grid_remove (grid, child);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_grid_attach (grid, isc_table_heading_new (headers[c], TRUE), (int) c, 0, 1, 1);
  /* Per curve, its name in its plot colour (the plot draws curves with a mass first, in this
   * order), then a row per step. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (self->entries, i);
      guint n = e->analysis != NULL ? e->analysis->steps->len : 0;

      gtk_grid_attach (grid, curve_cell (e->curve, e->analysis != NULL ? plotted++ : i), 0, (int) row++, 3, 1);
      if (e->analysis == NULL)
        gtk_grid_attach (grid, isc_table_label_new (_("No mass in this file"), FALSE),
                         0, (int) row++, 3, 1);
      else if (n == 0)
        gtk_grid_attach (grid, isc_table_label_new (_("No step found"), FALSE), 0, (int) row++, 3, 1);
      else
        window = window == 0 ? e->analysis->window : window;
      for (guint k = 0; k < n; k++)
        {
          const IscThermalStep *s = &g_array_index (e->analysis->steps, IscThermalStep, k);
          g_autofree char *onset = format_c (s->onset_c);
          g_autofree char *peak = format_c (s->peak_c);
          g_autofree char *loss = g_strdup_printf ("%.2f", s->mass_loss_pct);

          gtk_grid_attach (grid, isc_table_label_new (onset, TRUE), 0, (int) row, 1, 1);
          gtk_grid_attach (grid, isc_table_label_new (peak, TRUE), 1, (int) row, 1, 1);
          gtk_grid_attach (grid, isc_table_label_new (loss, TRUE), 2, (int) row++, 1, 1);
        }
    }
  if (self->entries->len == 0)
    {
      gtk_label_set_text (GTK_LABEL (self->method_label), "");
      return;
    }
  {
    g_autofree char *method = g_strdup_printf (_("Mass relative to the first point. DTG: Savitzky–Golay derivative "
                                                 "(order 2, %u points), on heating only. Onset: the baseline "
                                                 "tangent meets the tangent at the DTG peak (triangles in the plot)."),
                                               window);

    gtk_label_set_text (GTK_LABEL (self->method_label), method);
  }
}

static void
isc_thermal_page_rebuild (IscDatasetPage *page)
{
  IscThermalPage *self = ISC_THERMAL_PAGE (page);
  g_autofree char *count = NULL;

  rebuild_plot (self);
  rebuild_steps (self);
  if (self->entries->len > 0)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u curve", "%u curves", self->entries->len),
                             self->entries->len);
  gtk_label_set_text (GTK_LABEL (self->curves_label), count != NULL ? count : "");
  gtk_widget_set_sensitive (self->clear_button, self->entries->len > 0);
}

/* ---- Callbacks ----------------------------------------------------------------------- */

static void
on_kind_selected (IscThermalPage *self)
{
  rebuild_plot (self);
}

static void
on_clear_clicked (IscThermalPage *self)
{
  isc_thermal_page_clear (self);
}

/* ---- GObject / GtkWidget ------------------------------------------------------------- */

static void
isc_thermal_page_finalize (GObject *object)
{
  IscThermalPage *self = ISC_THERMAL_PAGE (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (isc_thermal_page_parent_class)->finalize (object);
}

static void
isc_thermal_page_class_init (IscThermalPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = isc_thermal_page_finalize;
  ISC_DATASET_PAGE_CLASS (klass)->rebuild = isc_thermal_page_rebuild;

  isc_dataset_page_class_set_template (widget_class, "thermal-page", "plot_view");
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscThermalPage, kind_dropdown, curves_label, clear_button,
                              plot_view, steps_grid, method_label);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_kind_selected, on_clear_clicked);
}

static void
isc_thermal_page_init (IscThermalPage *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  isc_label_drop_down (self->kind_dropdown, _("Plot"));
  isc_dataset_page_rebuild (ISC_DATASET_PAGE (self));
}

/* ---- Public API ---------------------------------------------------------------------- */

GtkWidget *
isc_thermal_page_new (void)
{
  return g_object_new (ISC_TYPE_THERMAL_PAGE, NULL);
}

void
isc_thermal_page_add_curves (IscThermalPage *self,
                             GPtrArray      *curves)
{
  g_autoptr(GPtrArray) owned = curves;
  IscThermalOptions options;

  g_return_if_fail (ISC_IS_THERMAL_PAGE (self));
  g_return_if_fail (curves != NULL);

  /* A file opened again replaces its curves rather than drawing them twice. */
  for (guint k = 0; k < owned->len; k++)
    {
      const IscThermalCurve *curve = g_ptr_array_index (owned, k);

      for (guint i = self->entries->len; i-- > 0;)
        if (g_strcmp0 (((Entry *) g_ptr_array_index (self->entries, i))->curve->source, curve->source) == 0)
          g_ptr_array_remove_index (self->entries, i);
    }
  isc_thermal_options_init (&options);
  /* Steps of a curve of thousands of points are found in milliseconds: here, not in a worker. */
  for (guint k = 0; k < owned->len; k++)
    {
      Entry *e = g_new0 (Entry, 1);

      e->curve = g_ptr_array_index (owned, k);
      g_ptr_array_index (owned, k) = NULL;
      if (e->curve->mass != NULL)
        e->analysis = isc_thermal_analyse (e->curve, &options, NULL);
      g_ptr_array_add (self->entries, e);
    }
  isc_dataset_page_rebuild (ISC_DATASET_PAGE (self));
}

void
isc_thermal_page_clear (IscThermalPage *self)
{
  g_return_if_fail (ISC_IS_THERMAL_PAGE (self));

  g_ptr_array_set_size (self->entries, 0);
  isc_dataset_page_rebuild (ISC_DATASET_PAGE (self));
}

guint
isc_thermal_page_get_n_curves (IscThermalPage *self)
{
  g_return_val_if_fail (ISC_IS_THERMAL_PAGE (self), 0);
  return self->entries->len;
}

const IscThermalCurve *
isc_thermal_page_get_curve (IscThermalPage            *self,
                            guint                      index,
                            const IscThermalAnalysis **analysis)
{
  const Entry *e;

  g_return_val_if_fail (ISC_IS_THERMAL_PAGE (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  e = g_ptr_array_index (self->entries, index);
  if (analysis != NULL)
    *analysis = e->analysis;
  return e->curve;
}

void
isc_thermal_page_set_plot_kind (IscThermalPage     *self,
                                IscThermalPlotKind  kind)
{
  g_return_if_fail (ISC_IS_THERMAL_PAGE (self));
  g_return_if_fail (kind <= ISC_THERMAL_PLOT_SIGNAL);

  /* its handler redraws */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), (guint) kind);
}

char *
isc_thermal_page_dup_steps_text (IscThermalPage *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (ISC_IS_THERMAL_PAGE (self), NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (self->entries, i);

      for (guint k = 0; e->analysis != NULL && k < e->analysis->steps->len; k++)
        {
          const IscThermalStep *s = &g_array_index (e->analysis->steps, IscThermalStep, k);

          g_string_append_printf (text, "%s\t%.1f\t%.1f\t%.2f\n", e->curve->label, s->onset_c, s->peak_c,
                                  s->mass_loss_pct);
        }
    }
  return g_string_free (text, FALSE);
}
