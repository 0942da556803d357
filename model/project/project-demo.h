/* project-demo.h: the demo project's structure, built from the demo folder's layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "isc-error.h"
#include "project.h"

G_BEGIN_DECLS

/* Builds the project of the demo folder @dir (model/demo/demo-sites.h): conditions pristine,
 * formation, 100 cycles, 300 cycles (0, 2, 100, 300 cycles); their sites with depths; per site
 * the specimens DIR/apt/<slug>/specimen-<k>.pos (k = 1..ISC_DEMO_SPECIMENS_PER_SITE) with the range
 * file DIR/apt/ranges.rrng, and the image DIR/stem/<slug>.tif; the ICP references; and the
 * published capacity retention. Only DIR/cycling is read: its full-cell CSV (a name containing
 * "18650" or "full") is attached to every cycled condition. The other files need not exist yet.
 * Fails only when @dir is not a folder (ISC_PROJECT_ERROR). */
IscProject *isc_project_new_from_demo_dir (const char  *dir,
                                           GError     **error);

G_END_DECLS
