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
#include "isc-widgets.h"
#include "plot-view.h"
#include "roi-editor.h"
#include "site-browser.h"
#include "species-list.h"
#include "spectrum-view.h"
#include "thermal-page.h"

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
}
