/* thermal-kind.h: how the dataset-kind registry recognises and summarises thermal-analysis
 * exports (TGA, DTA, DSC).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* TRUE when the first @len bytes are a thermal-analysis export: a TA Instruments, NETZSCH,
 * METTLER TOLEDO or PerkinElmer header, or a delimited table whose header names a temperature
 * and a mass or DTA/DSC column and nothing of a cycler (voltage, current, cycle, capacity). */
gboolean  isc_thermal_sniff      (const char  *head,
                                  gsize        len);

/* The `ionscape-cli info` object: format, curves, points and temperature range of each. */
JsonNode *isc_thermal_summarize  (const char  *path,
                                  GError     **error);

G_END_DECLS
