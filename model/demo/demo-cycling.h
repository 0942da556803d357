/* demo-cycling.h: the demo's cycler data (../shared/SCIENCE.md): the 18650 full cell and the two
 * half cells (TS-NCM, R-NCM), written as cycler-style CSV that the generic CSV reader loads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  const char *file;            /* name inside DIR/cycling/ */
  const char *label;           /* "18650 full cell", "TS-NCM", "R-NCM" */
  double      active_mass_mg;  /* cathode active mass assumed, mg */
  gint32      reference_cycle; /* the cycle retention is counted from (first cycle at the test rate) */
  gint32      last_cycle;
  double      retention;       /* %, discharge of last_cycle over reference_cycle (SCIENCE.md) */
  double      first_capacity;  /* mAh/g, discharge of cycle 1 */
} IscDemoCell;

/* The three cells, in a fixed order. */
const IscDemoCell *isc_demo_cycling_cells (guint *n_cells);

/* Writes DIR/cycling/<cell>.csv (columns Test_Time(s), Voltage(V), Current(mA),
 * Charge_Capacity(mAh), Discharge_Capacity(mAh), Cycle_Index, Step_Index; a first comment
 * line states the active mass) and DIR/cycling/cells.json describing them. Deterministic. */
gboolean isc_demo_write_cycling (const char    *dir,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
