/* isc-widgets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "isc-widgets.h"
#include "ion-view.h"

void
isc_widgets_ensure_types (void)
{
  /* Each widget adds its g_type_ensure () here as it lands. */
  g_type_ensure (ISC_TYPE_ION_VIEW);
}
