/* species-row.c: the layout lives in resources/ui/species-row.ui; this file names the parts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "isc-widgets.h"
#include "species-row.h"

struct _IscSpeciesRow
{
  GtkWidget       parent_instance;

  guint           ion_type;

  /* Template children */
  GtkCheckButton *check;
  GtkColorButton *swatch;
  GtkLabel       *name_label;
  GtkLabel       *ions_label;
  GtkLabel       *atoms_label;
};

G_DEFINE_FINAL_TYPE (IscSpeciesRow, isc_species_row, GTK_TYPE_WIDGET)

static void
isc_species_row_class_init (IscSpeciesRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_widget_dispose_template;
  isc_widget_class_set_template (widget_class, "species-row", "speciesrow", GTK_TYPE_BIN_LAYOUT);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscSpeciesRow, check, swatch, name_label, ions_label,
                              atoms_label);
}

static void
isc_species_row_init (IscSpeciesRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
isc_species_row_new (guint         ion_type,
                     const char   *name,
                     const double  rgb[3],
                     gboolean      visible)
{
  IscSpeciesRow *self = g_object_new (ISC_TYPE_SPECIES_ROW, NULL);
  GdkRGBA color = { rgb[0], rgb[1], rgb[2], 1.0 };
  g_autofree char *tooltip = g_strdup_printf (_("Show or hide %s"), name);
  g_autofree char *show_name = g_strdup_printf (_("Show %s in the map"), name);
  g_autofree char *color_name = g_strdup_printf (_("Colour of %s"), name);

  self->ion_type = ion_type;
  gtk_check_button_set_active (self->check, visible);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->check), tooltip);
  /* Screen readers read which species a box shows, not "check box". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL, show_name, -1);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->swatch), &color);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->swatch), GTK_ACCESSIBLE_PROPERTY_LABEL, color_name, -1);
  /* The accessibility bus shows the swatch's inner button, not the GtkColorButton: name it too. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->swatch)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, color_name, -1);
  gtk_label_set_text (self->name_label, name);
  return GTK_WIDGET (self);
}

guint
isc_species_row_get_ion_type (IscSpeciesRow *self)
{
  g_return_val_if_fail (ISC_IS_SPECIES_ROW (self), 0);
  return self->ion_type;
}

GtkCheckButton *
isc_species_row_get_check (IscSpeciesRow *self)
{
  g_return_val_if_fail (ISC_IS_SPECIES_ROW (self), NULL);
  return self->check;
}

GtkColorButton *
isc_species_row_get_swatch (IscSpeciesRow *self)
{
  g_return_val_if_fail (ISC_IS_SPECIES_ROW (self), NULL);
  return self->swatch;
}

void
isc_species_row_set_counts (IscSpeciesRow *self,
                            const char    *ions,
                            const char    *atoms)
{
  g_return_if_fail (ISC_IS_SPECIES_ROW (self));
  gtk_label_set_text (self->ions_label, ions);
  gtk_label_set_text (self->atoms_label, atoms);
}

void
isc_species_row_add_to_columns (IscSpeciesRow *self,
                                GtkSizeGroup  *columns[ISC_SPECIES_ROW_N_COLUMNS])
{
  GtkWidget *cells[ISC_SPECIES_ROW_N_COLUMNS] = {
    GTK_WIDGET (self->check), GTK_WIDGET (self->swatch), GTK_WIDGET (self->name_label),
    GTK_WIDGET (self->ions_label), GTK_WIDGET (self->atoms_label),
  };

  g_return_if_fail (ISC_IS_SPECIES_ROW (self));
  for (guint c = 0; c < ISC_SPECIES_ROW_N_COLUMNS; c++)
    gtk_size_group_add_widget (columns[c], cells[c]);
}
