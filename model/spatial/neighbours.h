/* neighbours.h: k-th nearest-neighbour distance distributions against randomly relabelled ions
 * (the standard null model of APT), with a two-sample Kolmogorov–Smirnov test per k, and the
 * radial distribution of one element around another normalised to the bulk composition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "range-set.h"
#include "roi.h"

G_BEGIN_DECLS

#define ISC_NN_MAX_K 10
/* Queries measured by default: the histograms are smooth long before, and a billion-ion
 * dataset then costs memory for its targets near them, not for a distance per ion. */
#define ISC_NN_DEFAULT_QUERIES 1000000

typedef struct
{
  guint   k_max;        /* distributions for k = 1 … k_max (≤ ISC_NN_MAX_K) */
  double  bin;          /* nm, histogram bin */
  gsize   max_queries;  /* at most this many ions of the first element are queried (evenly
                         * spread over the file); 0: all. Default ISC_NN_DEFAULT_QUERIES */
  guint64 seed;         /* of the random relabelling */
  guint   n_workers;
} IscNnSettings;

/* Ions "of an element" are the ranged ions holding at least one atom of it. */
typedef struct
{
  char    *from;
  char    *to;
  guint    k_max;
  guint64  n_from;          /* ions of @from in the region */
  guint64  n_to;
  guint64  n_queries;       /* measured per k (after sampling, with k neighbours found) */
  double   mean[ISC_NN_MAX_K];          /* nm, index k − 1 */
  double   random_mean[ISC_NN_MAX_K];
  double   ks_d[ISC_NN_MAX_K];           /* largest gap between the two cumulative distributions */
  double   ks_p[ISC_NN_MAX_K];           /* two-sample KS p-value, as for independent samples:
                                          * neighbour distances are not (mutual neighbours share
                                          * one), so it errs small; compare p across datasets */
  double   bin;
  guint    n_bins;
  guint64 *hist;            /* k_max × n_bins: row k − 1 */
  guint64 *random_hist;
  double   suggested_dmax;  /* nm: where the measured 1st-NN distribution first drops below the
                             * random one past its peak (a d_max for clustering); NAN if never */
} IscNnResult;

void          isc_nn_settings_init   (IscNnSettings *settings);
/* @to NULL: @from to itself. Errors: unranged data, k outside 1 … 10, an element not in the
 * ranges, fewer than k + 1 ions. */
IscNnResult  *isc_nn_compute         (const IscIonCloud    *cloud,
                                      const IscRangeSet    *ranges,
                                      const IscRoi         *roi,
                                      const char           *from,
                                      const char           *to,
                                      const IscNnSettings  *settings,
                                      GCancellable         *cancellable,
                                      IscProgressFunc       progress,
                                      gpointer              progress_data,
                                      GError              **error);
void          isc_nn_result_free     (IscNnResult *result);
/* CSV: r_nm,k1,k1_random,k2,k2_random,… (counts per bin). Free with g_free. */
char         *isc_nn_result_to_csv   (const IscNnResult *result);

/* Asymptotic two-sample Kolmogorov–Smirnov p-value of the largest gap @d between samples of
 * @n1 and @n2 values (Stephens' correction). */
double        isc_ks_p_value         (double d,
                                      double n1,
                                      double n2);

typedef struct
{
  double  r_max;        /* nm */
  double  dr;           /* nm, shell width */
  gsize   max_centres;  /* centre ions sampled evenly from the file; 0: all */
  guint   n_workers;
} IscRdfSettings;

/* Around each centre ion of @from: atoms of @to and all atoms per shell. rdf = (to / all) /
 * bulk, with bulk the atomic fraction of @to in the region: 1 for a random solid solution. */
typedef struct
{
  char    *from;
  char    *to;
  guint    n_bins;
  double   dr;
  guint64  n_centres;
  double   bulk;
  guint64 *to_atoms;
  guint64 *all_atoms;
  double  *rdf;         /* NAN for shells without atoms */
  double  *sigma;       /* counting error of rdf */
} IscRdfResult;

void          isc_rdf_settings_init  (IscRdfSettings *settings);
IscRdfResult *isc_rdf_compute        (const IscIonCloud    *cloud,
                                      const IscRangeSet    *ranges,
                                      const IscRoi         *roi,
                                      const char           *from,
                                      const char           *to,
                                      const IscRdfSettings *settings,
                                      GCancellable         *cancellable,
                                      IscProgressFunc       progress,
                                      gpointer              progress_data,
                                      GError              **error);
void          isc_rdf_result_free    (IscRdfResult *result);
/* CSV: r_nm (shell centre),to_atoms,all_atoms,rdf,sigma. Free with g_free. */
char         *isc_rdf_result_to_csv  (const IscRdfResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscNnResult, isc_nn_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscRdfResult, isc_rdf_result_free)

G_END_DECLS
