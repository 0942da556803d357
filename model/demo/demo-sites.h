/* demo-sites.h: the published site table (../shared/SCIENCE.md) that the demo project follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *condition;     /* "pristine", "formation", "100 cycles", "300 cycles" */
  guint       cycles;        /* 0, 2 (formation), 100, 300 */
  const char *label;         /* "R1", … or "bulk" */
  const char *region;        /* the table's wording, e.g. "< 100 nm" */
  double      depth_nm;      /* representative depth below the particle surface */
  double      li, ni, co, mn, o;   /* atomic ratios normalised to Ni + Co + Mn = 1 */
  double      disorder;      /* 0..1: transition-metal migration into the Li layer (STEM) */
} IscDemoSite;

/* The 14 sites of the site table, in table order. */
const IscDemoSite *isc_demo_sites_get   (guint *n_sites);

/* Specimens (APT needles) per site, as in the study. */
#define ISC_DEMO_SPECIMENS_PER_SITE 5

/* The fixed seed of every random draw in the demo. */
#define ISC_DEMO_SEED 20261122u

/* Folder-safe name of a site, e.g. "300cycles_R1". Free with g_free. */
char              *isc_demo_site_slug   (const IscDemoSite *site);

G_END_DECLS
