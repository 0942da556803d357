/* isc-widgets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "analysis-panel.h"
#include "batch-table.h"
#include "column-map-dialog.h"
#include "composition-table.h"
#include "core-shell-panel.h"
#include "cycling-view.h"
#include "eels-page.h"
#include "eis-page.h"
#include "saed-page.h"
#include "fft-panel.h"
#include "gradient-view.h"
#include "image-page.h"
#include "image-view.h"
#include "ion-view.h"
#include "multihit-view.h"
#include "isc-widgets.h"
#include "plot-view.h"
#include "roi-editor.h"
#include "site-browser.h"
#include "species-list.h"
#include "spatial-panel.h"
#include "spectrum-view.h"
#include "thermal-page.h"
#include "xrd-page.h"

void
isc_widgets_ensure_types (void)
{
  /* Each widget adds its g_type_ensure () here as it lands. */
  g_type_ensure (ISC_TYPE_ION_VIEW);
  g_type_ensure (ISC_TYPE_SITE_BROWSER);
  g_type_ensure (ISC_TYPE_SPECIES_LIST);
  g_type_ensure (ISC_TYPE_ANALYSIS_PANEL);
  g_type_ensure (ISC_TYPE_PLOT_VIEW);
  g_type_ensure (ISC_TYPE_CYCLING_VIEW);
  g_type_ensure (ISC_TYPE_EIS_PAGE);
  g_type_ensure (ISC_TYPE_THERMAL_PAGE);
  g_type_ensure (ISC_TYPE_EELS_PAGE);
  g_type_ensure (ISC_TYPE_SAED_PAGE);
  g_type_ensure (ISC_TYPE_GRADIENT_VIEW);
  g_type_ensure (ISC_TYPE_IMAGE_VIEW);
  g_type_ensure (ISC_TYPE_FFT_PANEL);
  g_type_ensure (ISC_TYPE_IMAGE_PAGE);
  g_type_ensure (ISC_TYPE_COMPOSITION_TABLE);
  g_type_ensure (ISC_TYPE_SPECTRUM_VIEW);
  g_type_ensure (ISC_TYPE_ROI_EDITOR);
  g_type_ensure (ISC_TYPE_CORE_SHELL_PANEL);
  g_type_ensure (ISC_TYPE_COLUMN_MAP_DIALOG);
  g_type_ensure (ISC_TYPE_BATCH_TABLE);
  g_type_ensure (ISC_TYPE_MULTIHIT_VIEW);
  g_type_ensure (ISC_TYPE_SPATIAL_PANEL);
  g_type_ensure (ISC_TYPE_XRD_PAGE);
}

void
isc_widget_class_set_template (GtkWidgetClass *widget_class,
                               const char     *name,
                               const char     *css_name,
                               GType           layout_manager_type)
{
  g_autofree char *path = g_strdup_printf ("/io/github/ionscape/Ionscape/ui/%s.ui", name);

  isc_widgets_ensure_types ();
  if (layout_manager_type != G_TYPE_INVALID)
    gtk_widget_class_set_layout_manager_type (widget_class, layout_manager_type);
  if (css_name != NULL)
    gtk_widget_class_set_css_name (widget_class, css_name);
  gtk_widget_class_set_template_from_resource (widget_class, path);
}

void
isc_widget_dispose_template (GObject *object)
{
  GtkWidget *widget = GTK_WIDGET (object);
  GType type = G_OBJECT_TYPE (object);
  GtkWidget *child;

  /* Only a final type knows its parent class from the instance alone. */
  g_return_if_fail (G_TYPE_IS_FINAL (type));

  gtk_widget_dispose_template (widget, type);
  /* Children the template does not bind, which the call above leaves in place. */
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (g_type_class_peek_parent (G_OBJECT_GET_CLASS (object)))->dispose (object);
}

void
isc_label_set_status (GtkWidget  *label,
                      const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL && text[0] != '\0');
}
