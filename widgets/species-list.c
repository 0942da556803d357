/* species-list.c: a compact list of species rows — swatch, visibility, name, ions, atoms.
 *
 * Signals "visibility-changed" (guint ion_type, gboolean visible) and "color-changed"
 * (guint ion_type) let the ion map and the spectrum follow at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "species-list.h"
#include "species-row.h"

struct _IscSpeciesList
{
  GtkWidget     parent_instance;

  GtkWidget    *scroller;
  GtkWidget    *rows_box;        /* the header, then one IscSpeciesRow per ion type */
  GtkSizeGroup *columns[ISC_SPECIES_ROW_N_COLUMNS];
  GPtrArray    *rows;            /* IscSpeciesRow*, borrowed from rows_box */
  gboolean      updating;        /* set while we change widgets ourselves */
};

G_DEFINE_FINAL_TYPE (IscSpeciesList, isc_species_list, GTK_TYPE_WIDGET)

enum {
  VISIBILITY_CHANGED,
  COLOR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static IscSpeciesRow *
find_row (IscSpeciesList *self,
          guint           ion_type)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      IscSpeciesRow *row = g_ptr_array_index (self->rows, i);

      if (isc_species_row_get_ion_type (row) == ion_type)
        return row;
    }
  return NULL;
}

static void
visible_toggled_cb (GtkCheckButton *button,
                    IscSpeciesList *self)
{
  IscSpeciesRow *row = ISC_SPECIES_ROW (gtk_widget_get_ancestor (GTK_WIDGET (button), ISC_TYPE_SPECIES_ROW));

  if (!self->updating)
    g_signal_emit (self, signals[VISIBILITY_CHANGED], 0, isc_species_row_get_ion_type (row),
                   gtk_check_button_get_active (button));
}

static void
color_set_cb (GtkColorButton *button,
              IscSpeciesList *self)
{
  IscSpeciesRow *row = ISC_SPECIES_ROW (gtk_widget_get_ancestor (GTK_WIDGET (button), ISC_TYPE_SPECIES_ROW));

  if (!self->updating)
    g_signal_emit (self, signals[COLOR_CHANGED], 0, isc_species_row_get_ion_type (row));
}

static void
add_row (IscSpeciesList *self,
         guint           ion_type,
         const char     *name,
         const double    rgb[3],
         gboolean        visible)
{
  IscSpeciesRow *row = ISC_SPECIES_ROW (isc_species_row_new (ion_type, name, rgb, visible));

  isc_species_row_add_to_columns (row, self->columns);
  g_signal_connect (isc_species_row_get_check (row), "toggled", G_CALLBACK (visible_toggled_cb), self);
  g_signal_connect (isc_species_row_get_swatch (row), "color-set", G_CALLBACK (color_set_cb), self);
  gtk_box_append (GTK_BOX (self->rows_box), GTK_WIDGET (row));
  g_ptr_array_add (self->rows, row);
}

static GtkWidget *
header_label (IscSpeciesList *self,
              const char     *text,
              guint           column,
              float           xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, "heading");
  gtk_size_group_add_widget (self->columns[column], label);
  return label;
}

static void
clear_rows (IscSpeciesList *self)
{
  GtkWidget *child, *header;

  while ((child = gtk_widget_get_first_child (self->rows_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->rows_box), child);
  g_ptr_array_set_size (self->rows, 0);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_box_append (GTK_BOX (header), header_label (self, _("Show"), 0, 0.0f));
  gtk_box_append (GTK_BOX (header), header_label (self, _("Colour"), 1, 0.0f));
  gtk_box_append (GTK_BOX (header), header_label (self, _("Species"), 2, 0.0f));
  gtk_box_append (GTK_BOX (header), header_label (self, _("Ions"), 3, 1.0f));
  gtk_box_append (GTK_BOX (header), header_label (self, _("Atoms"), 4, 1.0f));
  gtk_box_append (GTK_BOX (self->rows_box), header);
}

static void
isc_species_list_dispose (GObject *object)
{
  IscSpeciesList *self = ISC_SPECIES_LIST (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  G_OBJECT_CLASS (isc_species_list_parent_class)->dispose (object);
}

static void
isc_species_list_finalize (GObject *object)
{
  IscSpeciesList *self = ISC_SPECIES_LIST (object);

  g_ptr_array_unref (self->rows);
  for (guint c = 0; c < ISC_SPECIES_ROW_N_COLUMNS; c++)
    g_clear_object (&self->columns[c]);
  G_OBJECT_CLASS (isc_species_list_parent_class)->finalize (object);
}

static void
isc_species_list_class_init (IscSpeciesListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_species_list_dispose;
  object_class->finalize = isc_species_list_finalize;

  signals[VISIBILITY_CHANGED] = g_signal_new ("visibility-changed", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
  signals[COLOR_CHANGED] = g_signal_new ("color-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "isc-species-list");
}

static void
isc_species_list_init (IscSpeciesList *self)
{
  self->rows = g_ptr_array_new ();
  for (guint c = 0; c < ISC_SPECIES_ROW_N_COLUMNS; c++)
    self->columns[c] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  self->rows_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  /* Clear of a pane divider at the list's left edge: GtkPaned claims presses on its handle,
   * which Adwaita widens by 8 px into the neighbouring pane, so a check box there would only
   * take clicks on its right edge. */
  gtk_widget_set_margin_start (self->rows_box, 18);
  gtk_widget_set_margin_end (self->rows_box, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->rows_box);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  clear_rows (self);
}

GtkWidget *
isc_species_list_new (void)
{
  return g_object_new (ISC_TYPE_SPECIES_LIST, NULL);
}

void
isc_species_list_set_ranges (IscSpeciesList    *self,
                             const IscRangeSet *ranges)
{
  static const double grey[3] = { 0.6, 0.6, 0.6 };

  g_return_if_fail (ISC_IS_SPECIES_LIST (self));
  g_return_if_fail (ranges != NULL);

  self->updating = TRUE;
  clear_rows (self);
  for (guint i = 0; i < isc_range_set_get_n_ion_types (ranges); i++)
    {
      const IscIonType *type = isc_range_set_get_ion_type (ranges, i);

      add_row (self, i, type->name, type->color, TRUE);
    }
  add_row (self, ISC_ION_UNRANGED, _("Unranged"), grey, FALSE);
  self->updating = FALSE;
}

static char *
format_count (guint64 n)
{
  /* Thin grouping makes millions of ions readable at a glance. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

void
isc_species_list_set_counts (IscSpeciesList *self,
                             const guint64  *ion_counts,
                             const guint64  *atom_counts,
                             guint           n_types,
                             guint64         unranged)
{
  g_return_if_fail (ISC_IS_SPECIES_LIST (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      IscSpeciesRow *row = g_ptr_array_index (self->rows, i);
      guint type = isc_species_row_get_ion_type (row);

      if (type == ISC_ION_UNRANGED)
        {
          g_autofree char *ions = format_count (unranged);

          isc_species_row_set_counts (row, ions, "–");
        }
      else if (type < n_types)
        {
          g_autofree char *ions = format_count (ion_counts[type]);
          g_autofree char *atoms = format_count (atom_counts[type]);

          isc_species_row_set_counts (row, ions, atoms);
        }
    }
}

gboolean
isc_species_list_get_visible (IscSpeciesList *self,
                              guint           ion_type)
{
  IscSpeciesRow *row;

  g_return_val_if_fail (ISC_IS_SPECIES_LIST (self), FALSE);
  row = find_row (self, ion_type);
  return row != NULL && gtk_check_button_get_active (isc_species_row_get_check (row));
}

void
isc_species_list_set_visible (IscSpeciesList *self,
                              guint           ion_type,
                              gboolean        visible)
{
  IscSpeciesRow *row;

  g_return_if_fail (ISC_IS_SPECIES_LIST (self));
  row = find_row (self, ion_type);
  if (row != NULL)
    gtk_check_button_set_active (isc_species_row_get_check (row), visible);   /* emits visibility-changed */
}

void
isc_species_list_get_color (IscSpeciesList *self,
                            guint           ion_type,
                            double          rgb[3])
{
  IscSpeciesRow *row;
  GdkRGBA color = { 0.5, 0.5, 0.5, 1.0 };

  g_return_if_fail (ISC_IS_SPECIES_LIST (self));
  row = find_row (self, ion_type);
  if (row != NULL)
    gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (isc_species_row_get_swatch (row)), &color);
  rgb[0] = color.red;
  rgb[1] = color.green;
  rgb[2] = color.blue;
}

void
isc_species_list_set_color (IscSpeciesList *self,
                            guint           ion_type,
                            const double    rgb[3])
{
  IscSpeciesRow *row;
  GdkRGBA color = { rgb[0], rgb[1], rgb[2], 1.0 };

  g_return_if_fail (ISC_IS_SPECIES_LIST (self));
  row = find_row (self, ion_type);
  if (row == NULL)
    return;
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (isc_species_row_get_swatch (row)), &color);
  g_signal_emit (self, signals[COLOR_CHANGED], 0, ion_type);
}

guint
isc_species_list_get_n_rows (IscSpeciesList *self)
{
  g_return_val_if_fail (ISC_IS_SPECIES_LIST (self), 0);
  return self->rows->len;
}
