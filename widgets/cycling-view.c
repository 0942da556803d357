/* cycling-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "cycling-view.h"
#include "isc-style.h"
#include "isc-widgets.h"

typedef struct
{
  char *label;
  IscCyclingData *data;
} Cell;

struct _IscCyclingView
{
  GtkWidget parent_instance;

  GPtrArray *cells;
  IscCyclingPlotKind kind;
  double mass_mg;
  GArray *cycles;            /* gint32; empty = automatic */
  gint32 reference_cycle;

  GtkWidget *kind_dropdown;
  GtkWidget *mass_entry;
  GtkWidget *columns_button;
  GtkWidget *reference_label;
  GtkWidget *plot_view;
};

enum
{
  COLUMNS_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void isc_cycling_view_page_init (IscPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IscCyclingView, isc_cycling_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (ISC_TYPE_PAGE, isc_cycling_view_page_init))

/* Order of the drop-down entries. */
static const IscCyclingPlotKind kinds[] = {
  ISC_CYCLING_PLOT_CAPACITY_EFFICIENCY, ISC_CYCLING_PLOT_CAPACITY, ISC_CYCLING_PLOT_RETENTION,
  ISC_CYCLING_PLOT_EFFICIENCY, ISC_CYCLING_PLOT_VOLTAGE, ISC_CYCLING_PLOT_DQDV,
};

static void
cell_free (Cell *cell)
{
  g_free (cell->label);
  isc_cycling_data_free (cell->data);
  g_free (cell);
}

/* Index of the last cell read from a generic delimited table, or -1. */
static int
last_table (IscCyclingView *self)
{
  for (guint i = self->cells->len; i > 0; i--)
    {
      Cell *c = g_ptr_array_index (self->cells, i - 1);

      if (c->data->format == ISC_CYCLER_CSV && c->data->source != NULL)
        return (int) i - 1;
    }
  return -1;
}

/* One line per cell: what 100 % retention is and the rate of each segment, the same choice
 * as the plot, `cycling --json` and the retention-versus-Li plot. */
static void
update_reference_label (IscCyclingView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *c = g_ptr_array_index (self->cells, i);
      IscReferenceChoice choice;
      g_autofree char *ref = NULL;
      g_autofree char *segments = isc_cycling_segments_text (c->data);

      isc_cycling_choose_reference (c->data, self->reference_cycle, &choice);
      ref = isc_cycling_reference_text (&choice);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (self->cells->len > 1)
        g_string_append_printf (text, "%s: ", c->label);
      g_string_append (text, ref);
      if (*segments != '\0')
        g_string_append_printf (text, " · %s", segments);
    }
  gtk_label_set_markup (GTK_LABEL (self->reference_label), text->str);
  gtk_widget_set_visible (self->reference_label, text->len > 0);
}

static void
rebuild (IscCyclingView *self)
{
  g_autofree IscCyclingCell *cells = g_new0 (IscCyclingCell, MAX (self->cells->len, 1));
  g_autofree char *escaped = NULL;
  IscPlot *plot;

  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *c = g_ptr_array_index (self->cells, i);

      cells[i].data = c->data;
      cells[i].label = c->label;   /* escaped when added */
      cells[i].mass_g = self->mass_mg > 0 ? self->mass_mg / 1000.0 : NAN;
    }
  plot = isc_cycling_plot_new (self->kind, cells, self->cells->len,
                               self->cycles->len > 0 ? (const gint32 *) self->cycles->data : NULL,
                               self->cycles->len, self->reference_cycle);
  isc_plot_view_set_plot (ISC_PLOT_VIEW (self->plot_view), plot);
  update_reference_label (self);
  /* Columns… remaps the last generic table, when someone listens. */
  gtk_widget_set_sensitive (self->columns_button,
                            last_table (self) >= 0
                            && g_signal_has_handler_pending (self, signals[COLUMNS_REQUESTED], 0, FALSE));
  isc_page_capabilities_changed (ISC_PAGE (self));
}

static gboolean
isc_cycling_view_can_export_figure (IscPage *page)
{
  return ISC_CYCLING_VIEW (page)->cells->len > 0;
}

static void
isc_cycling_view_page_init (IscPageInterface *iface)
{
  iface->can_export_figure = isc_cycling_view_can_export_figure;
}

static void
on_kind_selected (GObject        *dropdown,
                  GParamSpec     *pspec,
                  IscCyclingView *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));

  if (i < G_N_ELEMENTS (kinds) && kinds[i] != self->kind)
    {
      self->kind = kinds[i];
      rebuild (self);
    }
}

static void
on_mass_changed (GtkEditable    *entry,
                 IscCyclingView *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (entry));
  char *end;
  double v;

  g_strdelimit (text, ",", '.');   /* accept a decimal comma */
  g_strstrip (text);
  v = g_ascii_strtod (text, &end);
  if (*text == '\0')
    v = NAN;
  else if (end == text || *end != '\0' || !(v > 0))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  if (isnan (v) && isnan (self->mass_mg))
    return;
  self->mass_mg = v;
  rebuild (self);
}

static void
on_cycles_changed (GtkEditable    *entry,
                   IscCyclingView *self)
{
  g_auto(GStrv) parts = g_strsplit_set (gtk_editable_get_text (entry), ", ;", -1);
  g_autoptr(GArray) cycles = g_array_new (FALSE, FALSE, sizeof (gint32));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 v;

      if (*parts[i] == '\0')
        continue;
      if (!g_ascii_string_to_signed (parts[i], 10, 0, G_MAXINT32, &v, NULL))
        {
          gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
          return;
        }
      g_array_append_val (cycles, (gint32) { (gint32) v });
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  isc_cycling_view_set_cycles (self, (const gint32 *) cycles->data, cycles->len);
}

static void
on_columns_clicked (GtkButton      *button,
                    IscCyclingView *self)
{
  int i = last_table (self);
  Cell *c;

  if (i < 0)
    return;
  c = g_ptr_array_index (self->cells, i);
  g_signal_emit (self, signals[COLUMNS_REQUESTED], 0, (guint) i, c->data->source, &c->data->columns);
}

static void
action_kind (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  IscCyclingPlotKind kind;

  if (isc_cycling_plot_kind_from_string (g_variant_get_string (param, NULL), &kind))
    isc_cycling_view_set_kind (ISC_CYCLING_VIEW (widget), kind);
}

static void
isc_cycling_view_finalize (GObject *object)
{
  IscCyclingView *self = ISC_CYCLING_VIEW (object);

  g_ptr_array_unref (self->cells);
  g_array_unref (self->cycles);
  G_OBJECT_CLASS (isc_cycling_view_parent_class)->finalize (object);
}

static void
isc_cycling_view_class_init (IscCyclingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_widget_dispose_template;
  object_class->finalize = isc_cycling_view_finalize;
  gtk_widget_class_install_action (widget_class, "cycling.kind", "s", action_kind);

  isc_widget_class_set_template (widget_class, "cycling-view", "cyclingview", G_TYPE_INVALID);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscCyclingView, kind_dropdown, mass_entry, columns_button,
                              reference_label, plot_view);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_kind_selected, on_mass_changed, on_cycles_changed,
                               on_columns_clicked);

  /* (guint cell, const char *path, const IscCyclingColumnMap *columns): the user asked to
   * choose the columns of that cell's table again; answer with isc_cycling_view_replace_cell. */
  signals[COLUMNS_REQUESTED] = g_signal_new ("columns-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING,
                                             G_TYPE_POINTER);
}

static void
isc_cycling_view_init (IscCyclingView *self)
{
  self->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);
  self->cycles = g_array_new (FALSE, FALSE, sizeof (gint32));
  self->kind = ISC_CYCLING_PLOT_CAPACITY_EFFICIENCY;
  self->mass_mg = NAN;
  self->reference_cycle = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  isc_page_set_export_action (ISC_PAGE (self), self->plot_view, "plot.export");
  isc_label_drop_down (self->kind_dropdown, _("Plot"));
  rebuild (self);
}

GtkWidget *
isc_cycling_view_new (void)
{
  return g_object_new (ISC_TYPE_CYCLING_VIEW, NULL);
}

void
isc_cycling_view_add_cell (IscCyclingView *self,
                           const char     *label,
                           IscCyclingData *data)
{
  Cell *cell;

  g_return_if_fail (ISC_IS_CYCLING_VIEW (self));
  g_return_if_fail (data != NULL);

  cell = g_new0 (Cell, 1);
  cell->label = g_markup_escape_text (label != NULL ? label : "", -1);
  cell->data = data;
  g_ptr_array_add (self->cells, cell);
  rebuild (self);
}

void
isc_cycling_view_replace_cell (IscCyclingView *self,
                               guint           index,
                               const char     *label,
                               IscCyclingData *data)
{
  Cell *cell;

  g_return_if_fail (ISC_IS_CYCLING_VIEW (self));
  g_return_if_fail (data != NULL);
  if (index >= self->cells->len)
    {
      isc_cycling_view_add_cell (self, label, data);
      return;
    }
  cell = g_ptr_array_index (self->cells, index);
  g_free (cell->label);
  cell->label = g_markup_escape_text (label != NULL ? label : "", -1);
  isc_cycling_data_free (cell->data);
  cell->data = data;
  rebuild (self);
}

void
isc_cycling_view_clear (IscCyclingView *self)
{
  g_return_if_fail (ISC_IS_CYCLING_VIEW (self));
  g_ptr_array_set_size (self->cells, 0);
  rebuild (self);
}

guint
isc_cycling_view_get_n_cells (IscCyclingView *self)
{
  g_return_val_if_fail (ISC_IS_CYCLING_VIEW (self), 0);
  return self->cells->len;
}

void
isc_cycling_view_set_kind (IscCyclingView     *self,
                           IscCyclingPlotKind  kind)
{
  g_return_if_fail (ISC_IS_CYCLING_VIEW (self));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == kind)
      {
        self->kind = kind;
        /* notify::selected is a no-op when the kind already matches. */
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind_dropdown), i);
        rebuild (self);
        return;
      }
}

IscCyclingPlotKind
isc_cycling_view_get_kind (IscCyclingView *self)
{
  g_return_val_if_fail (ISC_IS_CYCLING_VIEW (self), ISC_CYCLING_PLOT_CAPACITY);
  return self->kind;
}

void
isc_cycling_view_set_mass_mg (IscCyclingView *self,
                              double          mass_mg)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (ISC_IS_CYCLING_VIEW (self));
  /* Through the entry, so that what is shown and what is used never differ. */
  gtk_editable_set_text (GTK_EDITABLE (self->mass_entry),
                         mass_mg > 0 ? g_ascii_formatd (buf, sizeof buf, "%g", mass_mg) : "");
}

void
isc_cycling_view_set_cycles (IscCyclingView *self,
                             const gint32   *cycles,
                             guint           n_cycles)
{
  g_return_if_fail (ISC_IS_CYCLING_VIEW (self));
  g_array_set_size (self->cycles, 0);
  if (cycles != NULL)
    g_array_append_vals (self->cycles, cycles, n_cycles);
  rebuild (self);
}

void
isc_cycling_view_set_reference_cycle (IscCyclingView *self,
                                      gint32          cycle)
{
  g_return_if_fail (ISC_IS_CYCLING_VIEW (self));
  self->reference_cycle = cycle;
  rebuild (self);
}
