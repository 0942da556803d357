/* demo-apt.h: the APT part of the demo project — needle specimens (.pos) for every site of the
 * published table and one range file, all from a fixed seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "demo-sites.h"
#include "ion-cloud.h"
#include "range-set.h"

G_BEGIN_DECLS

/* Ions per specimen lie in [ISC_DEMO_APT_MIN_IONS, ISC_DEMO_APT_MAX_IONS]. */
#define ISC_DEMO_APT_MIN_IONS 100000
#define ISC_DEMO_APT_MAX_IONS 200000

/* Depth of the Li-depleted top of the 300-cycle surface specimens (nm). */
#define ISC_DEMO_APT_DEPLETED_NM 15.0

/* The 300-cycle R1 specimens (~30 nm below the surface): Li rises as 1 − 0.7 exp (−z / 30 nm)
 * along the needle, no depleted cap. */
#define ISC_DEMO_APT_RISE_NM 30.0

/* The line-defect site: 4–6 Li-rich lines of this radius (nm) across the needle, holding
 * nearly all of its Li (the matrix keeps none). */
#define ISC_DEMO_APT_MAX_LINES 6
#define ISC_DEMO_APT_LINE_RADIUS_NM 6.0

/* The demo's range set: 6Li+, 7Li+, O+, O2+, Ni2+ (58, 60, 62), Co2+, Mn2+, NiO+, LiO+ with
 * overlap-free windows. Free with isc_range_set_free. */
IscRangeSet *isc_demo_apt_ranges           (void);

/* Generates specimen @specimen (0-based, < ISC_DEMO_SPECIMENS_PER_SITE) of site @site_index
 * (index into isc_demo_sites_get). Deterministic: the same call gives the same ions. Ions are
 * in evaporation order; z (nm) is the depth below the needle apex. */
IscIonCloud *isc_demo_apt_specimen         (guint site_index,
                                            guint specimen);

/* TRUE for the site whose specimens carry Li enriched along line defects. */
gboolean     isc_demo_apt_has_line_defects (guint site_index);

/* TRUE for the site whose specimens have a Li-depleted top (300 cycles R0, the surface). */
gboolean     isc_demo_apt_has_depleted_top (guint site_index);

/* TRUE for the site whose specimens show a gradual rise of Li along the needle (300 cycles R1). */
gboolean     isc_demo_apt_has_gradual_rise (guint site_index);

/* DIR/apt/<slug>/specimen-<k>.pos (k = 1…5) and DIR/apt/ranges.rrng. Free with g_free. */
char        *isc_demo_apt_specimen_path    (const char *dir,
                                            guint       site_index,
                                            guint       specimen);
char        *isc_demo_apt_ranges_path      (const char *dir);

/* Writes the range file and the five specimens of one site below @dir. */
gboolean     isc_demo_apt_write_site       (const char    *dir,
                                            guint          site_index,
                                            GCancellable  *cancellable,
                                            GError       **error);

/* Writes the whole APT part below @dir (DIR/apt/…). */
gboolean     isc_demo_apt_write            (const char       *dir,
                                            GCancellable     *cancellable,
                                            IscProgressFunc   progress,
                                            gpointer          progress_data,
                                            GError          **error);

/* The elements isc_demo_apt_measure_site reports, in its order. */
#define ISC_DEMO_APT_N_ELEMENTS 5
extern const char * const isc_demo_apt_elements[ISC_DEMO_APT_N_ELEMENTS];   /* Li Ni Co Mn O */

/* Reads the five specimens of a site back from @dir through the real readers, ranges them with
 * @ranges and returns mean and standard deviation (n − 1) over the specimens of the Li, Ni, Co,
 * Mn, O ratios normalised to Ni + Co + Mn. */
gboolean     isc_demo_apt_measure_site     (const char          *dir,
                                            guint                site_index,
                                            const IscRangeSet   *ranges,
                                            double               mean[ISC_DEMO_APT_N_ELEMENTS],
                                            double               sd[ISC_DEMO_APT_N_ELEMENTS],
                                            GCancellable        *cancellable,
                                            GError             **error);

G_END_DECLS
