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

typedef struct
{
  guint           ion_type;      /* ISC_ION_UNRANGED for the unranged row */
  GtkCheckButton *visible;
  GtkColorButton *swatch;
  GtkLabel       *ions;
  GtkLabel       *atoms;
} SpeciesRow;

struct _IscSpeciesList
{
  GtkWidget  parent_instance;

  GtkWidget *scroller;
  GtkGrid   *grid;
  GArray    *rows;               /* SpeciesRow */
  gboolean   updating;           /* set while we change widgets ourselves */
};

G_DEFINE_FINAL_TYPE (IscSpeciesList, isc_species_list, GTK_TYPE_WIDGET)

enum {
  VISIBILITY_CHANGED,
  COLOR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static SpeciesRow *
find_row (IscSpeciesList *self,
          guint           ion_type)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      SpeciesRow *row = &g_array_index (self->rows, SpeciesRow, i);

      if (row->ion_type == ion_type)
        return row;
    }
  return NULL;
}

static void
visible_toggled_cb (GtkCheckButton *button,
                    IscSpeciesList *self)
{
  guint ion_type = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ion-type"));

  if (!self->updating)
    g_signal_emit (self, signals[VISIBILITY_CHANGED], 0, ion_type, gtk_check_button_get_active (button));
}

static void
color_set_cb (GtkColorButton *button,
              IscSpeciesList *self)
{
  guint ion_type = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ion-type"));

  if (!self->updating)
    g_signal_emit (self, signals[COLOR_CHANGED], 0, ion_type);
}

static GtkLabel *
add_label (GtkGrid    *grid,
           const char *text,
           int         column,
           int         row,
           float       xalign,
           gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return GTK_LABEL (label);
}

static void
add_row (IscSpeciesList *self,
         guint           ion_type,
         const char     *name,
         const double    rgb[3],
         gboolean        visible)
{
  SpeciesRow row = { ion_type };
  int grid_row = (int) self->rows->len + 1;
  GdkRGBA color = { rgb[0], rgb[1], rgb[2], 1.0 };
  g_autofree char *tooltip = g_strdup_printf (_("Show or hide %s"), name);
  g_autofree char *show_name = g_strdup_printf (_("Show %s in the map"), name);
  g_autofree char *color_name = g_strdup_printf (_("Colour of %s"), name);

  row.visible = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_check_button_set_active (row.visible, visible);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row.visible), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row.visible), GTK_ACCESSIBLE_PROPERTY_LABEL, show_name, -1);
  g_object_set_data (G_OBJECT (row.visible), "ion-type", GUINT_TO_POINTER (ion_type));
  g_signal_connect (row.visible, "toggled", G_CALLBACK (visible_toggled_cb), self);
  gtk_grid_attach (self->grid, GTK_WIDGET (row.visible), 0, grid_row, 1, 1);

  row.swatch = GTK_COLOR_BUTTON (gtk_color_button_new_with_rgba (&color));
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (row.swatch), FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row.swatch), _("Change the colour"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row.swatch), GTK_ACCESSIBLE_PROPERTY_LABEL, color_name, -1);
  g_object_set_data (G_OBJECT (row.swatch), "ion-type", GUINT_TO_POINTER (ion_type));
  g_signal_connect (row.swatch, "color-set", G_CALLBACK (color_set_cb), self);
  gtk_grid_attach (self->grid, GTK_WIDGET (row.swatch), 1, grid_row, 1, 1);

  add_label (self->grid, name, 2, grid_row, 0.0f, FALSE);
  row.ions = add_label (self->grid, "–", 3, grid_row, 1.0f, FALSE);
  row.atoms = add_label (self->grid, "–", 4, grid_row, 1.0f, FALSE);
  g_array_append_val (self->rows, row);
}

static void
clear_grid (IscSpeciesList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_array_set_size (self->rows, 0);

  add_label (self->grid, _("Show"), 0, 0, 0.0f, TRUE);
  add_label (self->grid, _("Colour"), 1, 0, 0.0f, TRUE);
  add_label (self->grid, _("Species"), 2, 0, 0.0f, TRUE);
  add_label (self->grid, _("Ions"), 3, 0, 1.0f, TRUE);
  add_label (self->grid, _("Atoms"), 4, 0, 1.0f, TRUE);
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

  g_array_unref (self->rows);
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
  self->rows = g_array_new (FALSE, TRUE, sizeof (SpeciesRow));
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 8);
  gtk_grid_set_row_spacing (self->grid, 2);
  /* Clear of a pane divider at the list's left edge: GtkPaned claims presses on its handle,
   * which Adwaita widens by 8 px into the neighbouring pane, so a check box there would only
   * take clicks on its right edge. */
  gtk_widget_set_margin_start (GTK_WIDGET (self->grid), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->grid), 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->grid));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  clear_grid (self);
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
  clear_grid (self);
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
      SpeciesRow *row = &g_array_index (self->rows, SpeciesRow, i);

      if (row->ion_type == ISC_ION_UNRANGED)
        {
          g_autofree char *ions = format_count (unranged);

          gtk_label_set_text (row->ions, ions);
          gtk_label_set_text (row->atoms, "–");
        }
      else if (row->ion_type < n_types)
        {
          g_autofree char *ions = format_count (ion_counts[row->ion_type]);
          g_autofree char *atoms = format_count (atom_counts[row->ion_type]);

          gtk_label_set_text (row->ions, ions);
          gtk_label_set_text (row->atoms, atoms);
        }
    }
}

gboolean
isc_species_list_get_visible (IscSpeciesList *self,
                              guint           ion_type)
{
  SpeciesRow *row;

  g_return_val_if_fail (ISC_IS_SPECIES_LIST (self), FALSE);
  row = find_row (self, ion_type);
  return row != NULL && gtk_check_button_get_active (row->visible);
}

void
isc_species_list_set_visible (IscSpeciesList *self,
                              guint           ion_type,
                              gboolean        visible)
{
  SpeciesRow *row;

  g_return_if_fail (ISC_IS_SPECIES_LIST (self));
  row = find_row (self, ion_type);
  if (row != NULL)
    gtk_check_button_set_active (row->visible, visible);   /* emits visibility-changed */
}

void
isc_species_list_get_color (IscSpeciesList *self,
                            guint           ion_type,
                            double          rgb[3])
{
  SpeciesRow *row;
  GdkRGBA color = { 0.5, 0.5, 0.5, 1.0 };

  g_return_if_fail (ISC_IS_SPECIES_LIST (self));
  row = find_row (self, ion_type);
  if (row != NULL)
    gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (row->swatch), &color);
  rgb[0] = color.red;
  rgb[1] = color.green;
  rgb[2] = color.blue;
}

void
isc_species_list_set_color (IscSpeciesList *self,
                            guint           ion_type,
                            const double    rgb[3])
{
  SpeciesRow *row;
  GdkRGBA color = { rgb[0], rgb[1], rgb[2], 1.0 };

  g_return_if_fail (ISC_IS_SPECIES_LIST (self));
  row = find_row (self, ion_type);
  if (row == NULL)
    return;
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (row->swatch), &color);
  g_signal_emit (self, signals[COLOR_CHANGED], 0, ion_type);
}

guint
isc_species_list_get_n_rows (IscSpeciesList *self)
{
  g_return_val_if_fail (ISC_IS_SPECIES_LIST (self), 0);
  return self->rows->len;
}
