/* demo-sites.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "demo-sites.h"

/* Ratios are the site-specific APT table of SCIENCE.md. Depths stand for the table's regions
 * ("< 100 nm" → 50 nm, "< 30 nm" → 30 nm as the study places R1, "surface to centre" → 500 nm). Disorder grows toward the cycled surface. */
static const IscDemoSite sites[] = {
  { "pristine",   0,   "bulk", "surface to centre", 500,  1.03, 0.84, 0.12, 0.04, 1.94, 0.02 },
  { "formation",  2,   "bulk", "surface to centre", 500,  0.96, 0.81, 0.15, 0.05, 1.89, 0.04 },
  { "100 cycles", 100, "R1",   "< 100 nm",          50,   0.57, 0.79, 0.16, 0.05, 1.85, 0.45 },
  { "100 cycles", 100, "R2",   "~200 nm",           200,  0.68, 0.79, 0.16, 0.05, 1.90, 0.30 },
  { "100 cycles", 100, "R3",   "~300 nm",           300,  0.76, 0.79, 0.16, 0.05, 1.73, 0.20 },
  { "100 cycles", 100, "R4",   "~2 um",             2000, 0.99, 0.79, 0.16, 0.05, 1.92, 0.03 },
  { "300 cycles", 300, "R0",   "surface",           5,    0.03, 0.81, 0.16, 0.03, 1.63, 0.90 },
  { "300 cycles", 300, "R1",   "< 30 nm",           30,   0.37, 0.81, 0.14, 0.05, 1.88, 0.70 },
  { "300 cycles", 300, "R2",   "~100 nm",           100,  0.47, 0.83, 0.13, 0.04, 1.84, 0.55 },
  { "300 cycles", 300, "R3",   "~350 nm",           350,  0.69, 0.81, 0.14, 0.05, 1.86, 0.35 },
  { "300 cycles", 300, "R4",   "~700 nm",           700,  0.77, 0.82, 0.14, 0.04, 1.79, 0.25 },
  { "300 cycles", 300, "R5",   "~1.0 um",           1000, 0.84, 0.80, 0.15, 0.05, 1.91, 0.15 },
  { "300 cycles", 300, "R6",   "~1.5 um",           1500, 0.91, 0.82, 0.14, 0.04, 1.94, 0.08 },
  { "300 cycles", 300, "R7",   "~2.5 um",           2500, 1.03, 0.82, 0.14, 0.04, 1.91, 0.03 },
};

const IscDemoSite *
isc_demo_sites_get (guint *n_sites)
{
  if (n_sites != NULL)
    *n_sites = G_N_ELEMENTS (sites);
  return sites;
}

char *
isc_demo_site_slug (const IscDemoSite *site)
{
  /* "100 cycles" + "R1" → "100cycles_R1" */
  g_auto(GStrv) parts = g_strsplit (site->condition, " ", -1);
  g_autofree char *condition = g_strjoinv ("", parts);

  return g_strdup_printf ("%s_%s", condition, site->label);
}
