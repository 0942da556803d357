/* fda.h: frequency-distribution (binomial) analysis with Pearson's chi-square and the
 * normalised coefficient mu of Moody et al. (Microsc. Res. Tech. 71 (2008) 542).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "composition.h"
#include "ion-cloud.h"
#include "range-set.h"
#include "roi.h"

G_BEGIN_DECLS

#define ISC_FDA_DEFAULT_BLOCK_SIZE 100
#define ISC_FDA_MIN_EXPECTED       5.0   /* Pearson's validity threshold per class */

typedef enum
{
  /* Scan n = 0, 1, 2, …, close a class once its summed expectation reaches 5; what is left at
   * the end joins the last class. dof = classes − 1. */
  ISC_FDA_CHI2_POOL,
  /* 3Depict's rule: drop classes whose observed count is below 5 (or whose expectation is 0);
   * dof = classes used − 1. */
  ISC_FDA_CHI2_SKIP,
} IscFdaChi2Mode;

typedef enum
{
  ISC_FDA_COUNT_ATOMS,  /* molecular ions expanded into atoms (definition order) */
  ISC_FDA_COUNT_IONS,   /* one unit per ranged ion; an ion counts for each element it contains */
} IscFdaCountUnit;

typedef enum
{
  ISC_FDA_BLOCKS_SEQUENCE,  /* consecutive units in evaporation (file) order */
  ISC_FDA_BLOCKS_SPATIAL,   /* xy columns of a grid whose cubes hold ~block_size units,
                             * cut along z every block_size units */
  ISC_FDA_BLOCKS_NN,        /* one block per ranged ion (or per one of max_nn_blocks of them,
                             * evenly over the file): its block_size (k ≤ 64) nearest other
                             * ranged ions, nearest first (Stephenson et al. 2014). The
                             * blocks overlap (an ion is in about k of them) and are as many
                             * as the ions, so chi2 finds departures from the binomial that
                             * sequence blocks miss: with molecular ions counted as atoms
                             * (which come together) p is ≪ 0.05 even for a random solution
                             * of 10^5 ions, while μ stays that of sequence blocks. Compare μ */
} IscFdaBlocks;

/* The N of Pearson's μ = √(χ² / (N + χ²)). */
typedef enum
{
  ISC_FDA_MU_N_SOLUTE,  /* the element's units in the blocks, N_s (as 3Depict; the default) */
  ISC_FDA_MU_N_BLOCKS,  /* the number of blocks, N_b (Moody et al.'s sample size) */
  ISC_FDA_MU_N_ATOMS,   /* all units in the blocks, N_b · n_b */
} IscFdaMuN;

typedef struct
{
  guint            block_size;   /* n_b, units per block */
  IscFdaChi2Mode   chi2_mode;
  IscFdaCountUnit  count_unit;
  IscFdaBlocks     blocks;
  IscFdaMuN        mu_n;
  /* NULL: window counting. Else (borrowed, computed for the same range set) blocks are cut by
   * the plain units of each ion as before, but each unit of an ion in a window group counts the
   * group's decomposed share of every element (its background share counts for none), and a
   * block's count of an element is that sum rounded. Block sizes up to 65535. */
  const IscDecomposition *decomposition;
  /* ISC_FDA_BLOCKS_NN: at most this many blocks, centred on ranged ions spread evenly over the
   * file (0: one per ranged ion; default ISC_FDA_NN_DEFAULT_BLOCKS). A sample of centres keeps
   * the distributions and spares a neighbour search per ion of a billion. */
  gsize                   max_nn_blocks;
} IscFdaSettings;

#define ISC_FDA_NN_DEFAULT_BLOCKS 100000

typedef struct
{
  guint  first;     /* n of the first member */
  guint  last;      /* n of the last member (inclusive) */
  double observed;  /* summed O */
  double expected;  /* summed E */
} IscFdaClass;

/* One element's result. observed/expected are indexed by n = 0..block_size. */
typedef struct
{
  char            *element;
  guint            block_size;
  guint64          n_blocks;     /* N_b: complete blocks (the incomplete last one is dropped) */
  guint64          n_solute;     /* N_s: the element's units in the blocks (mu's N) */
  double           fraction;     /* c = N_s / (N_b · n_b) */
  double           chi2;
  guint            dof;
  double           p_value;      /* P(chi2_dof ≥ chi2); NAN when fewer than two classes */
  double           mu;           /* sqrt (chi2 / (N + chi2)), N as mu_n; NAN with fewer than two classes */
  IscFdaMuN        mu_n;
  guint64          mu_n_value;   /* the N used */
  IscFdaChi2Mode   mode;
  IscFdaCountUnit  count_unit;
  IscFdaBlocks     blocks;
  guint64         *observed;     /* O(n), block_size + 1 values */
  double          *expected;     /* E(n) = N_b · C(n_b, n) c^n (1 − c)^(n_b − n) */
  IscFdaClass     *classes;      /* the classes entering chi2 */
  guint            n_classes;
  char            *method;       /* "decomposed by isotope abundances[, background MODEL]" or NULL */
} IscFdaResult;

void          isc_fda_settings_init        (IscFdaSettings *settings);

/* The statistics from per-block counts of one element (each ≤ @block_size). This is the whole
 * analysis after the blocks are formed; exposed so known distributions can be fed directly. */
IscFdaResult *isc_fda_from_block_counts    (const char      *element,
                                            const guint     *counts,
                                            gsize            n_blocks,
                                            guint            block_size,
                                            IscFdaChi2Mode   mode,
                                            GError         **error);

/* Frequency-distribution analysis of @elements (NULL-terminated symbols; NULL for every element
 * of @ranges) on the ranged ions of @cloud inside @roi (NULL: all). Blocks are formed once for
 * all elements. Returns a GPtrArray of IscFdaResult* (in @elements order, freed with the array)
 * or NULL with @error (unknown element, no complete block, cancelled). Worker-thread safe. */
GPtrArray    *isc_fda_compute              (const IscIonCloud     *cloud,
                                            const IscRangeSet     *ranges,
                                            const IscRoi          *roi,
                                            const IscFdaSettings  *settings,
                                            const char * const    *elements,
                                            GCancellable          *cancellable,
                                            IscProgressFunc        progress,
                                            gpointer               progress_data,
                                            GError               **error);

void          isc_fda_result_free          (IscFdaResult *result);

/* p for people: "< 1e-300" when p is below 1e-300 (the chi-square tail underflows to 0 there,
 * and "0" would claim certainty), "—" for NAN, else three significant digits. Free with g_free. */
char         *isc_fda_format_p_value       (double p);

/* The results table as CSV, one row per element of @results (IscFdaResult*, as returned by
 * isc_fda_compute): header element,block_size,blocks,fraction,chi2,dof,p_value,mu,n_solute,
 * mode,count,block_layout,mu_n; '.' decimals whatever the locale, "nan" where undefined, and
 * "<1e-300" for a p value below 1e-300, and a last column mu_n naming mu's N; decomposed
 * results start with a "# counts: <method>" line. The GUI's "Export Table CSV" and `ionscape-cli fda
 * --csv` both write this text. Free with g_free. */
char         *isc_fda_results_to_csv       (GPtrArray *results);

const char   *isc_fda_chi2_mode_to_string  (IscFdaChi2Mode mode);   /* "pool", "skip" */
gboolean      isc_fda_chi2_mode_from_string (const char     *text,
                                             IscFdaChi2Mode *out);
const char   *isc_fda_count_unit_to_string (IscFdaCountUnit unit);  /* "atoms", "ions" */
gboolean      isc_fda_count_unit_from_string (const char      *text,
                                              IscFdaCountUnit *out);
const char   *isc_fda_blocks_to_string     (IscFdaBlocks blocks);   /* "sequence", "spatial", "nn" */
gboolean      isc_fda_blocks_from_string   (const char   *text,
                                            IscFdaBlocks *out);
const char   *isc_fda_mu_n_to_string       (IscFdaMuN mu_n);        /* "solute", "blocks", "atoms" */
gboolean      isc_fda_mu_n_from_string     (const char *text,
                                            IscFdaMuN  *out);
/* Recomputes @result's mu with the N of @mu_n. */
void          isc_fda_result_set_mu_n      (IscFdaResult *result,
                                            IscFdaMuN     mu_n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscFdaResult, isc_fda_result_free)

G_END_DECLS
