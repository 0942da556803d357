/* batch-recipe.h: a recipe of analyses to run over every dataset of a study (`ionscape-cli batch`).
 *
 * A recipe is JSON: {"analyses": [{"kind": "composition", "basis": ["Ni", "Co", "Mn"]},
 * {"kind": "fda", "element": "Li", "block": 100, "chi2": "pool"}, {"kind": "profile", "axis": "z",
 * "bin": 1.0}, {"kind": "cluster", "elements": ["Li"], "dmax": 0.5, "nmin": 10}]}. Every analysis
 * takes the settings (and defaults) of its CLI command, and an optional "name" for its rows (else
 * composition, fda_EL, profile_AXIS, cluster_EL+EL). Running one gives rows of (key, value) with
 * the numbers formatted as the CLI's JSON writes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cluster.h"
#include "composition.h"
#include "fda.h"
#include "ion-cloud.h"
#include "profile.h"
#include "range-set.h"
#include "roi.h"

G_BEGIN_DECLS

#define ISC_BATCH_ERROR (isc_batch_error_quark ())

typedef enum
{
  ISC_BATCH_ERROR_RECIPE,    /* the recipe cannot be read or is not valid */
  ISC_BATCH_ERROR_DATASET,   /* a dataset lacks what the recipe needs (e.g. a range file) */
  ISC_BATCH_ERROR_OUTPUT,    /* the output or its done-record cannot be used */
} IscBatchError;

typedef enum
{
  ISC_BATCH_COMPOSITION,
  ISC_BATCH_FDA,
  ISC_BATCH_PROFILE,
  ISC_BATCH_CLUSTER,
} IscBatchKind;

typedef struct
{
  IscBatchKind        kind;
  char               *name;        /* the CSV's analysis column */
  gboolean            has_roi;
  IscRoi              roi;         /* all ions unless has_roi */
  /* composition */
  char              **basis;
  /* fda */
  char               *element;
  IscFdaSettings      fda;
  /* profile */
  IscProfileSettings  profile;
  /* cluster */
  char              **solutes;
  double              d_max;       /* NAN with dmax_auto */
  gboolean            dmax_auto;
  guint               n_min;
  double              envelope;
  double              erosion;
} IscBatchAnalysis;

typedef struct
{
  char      *path;       /* the recipe file, for messages */
  GPtrArray *analyses;   /* IscBatchAnalysis* */
  char      *hash;       /* SHA-256 of the recipe's settings in canonical form (not of its text) */
} IscBatchRecipe;

/* One result row: the analysis name, the key and the value as text. */
typedef struct
{
  char *analysis;
  char *key;
  char *value;
} IscBatchRow;

GQuark          isc_batch_error_quark      (void);

/* Errors (ISC_BATCH_ERROR_RECIPE, one line) name @path and the analysis index: "r.json:
 * analyses[1] (fda): unknown key “blok” (expected …)". */
IscBatchRecipe *isc_batch_recipe_load      (const char  *path,
                                            GError     **error);
IscBatchRecipe *isc_batch_recipe_parse     (const char  *path,
                                            const char  *text,
                                            gssize       length,
                                            GError     **error);
void            isc_batch_recipe_free      (IscBatchRecipe *recipe);

/* Runs every analysis of @recipe on @cloud (its ion types filled by @ranges) and appends
 * IscBatchRow* to @rows. Callable from a worker thread; cancellable. */
gboolean        isc_batch_recipe_run       (const IscBatchRecipe *recipe,
                                            const IscIonCloud    *cloud,
                                            const IscRangeSet    *ranges,
                                            GPtrArray            *rows,
                                            GCancellable         *cancellable,
                                            GError              **error);

IscBatchRow    *isc_batch_row_new          (const char *analysis,
                                            const char *key,
                                            const char *value);
void            isc_batch_row_free         (IscBatchRow *row);

/* @value as the CLI's JSON prints it (json-glib's generator), "NaN" when it is not finite. */
char           *isc_batch_format_double    (double value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscBatchRecipe, isc_batch_recipe_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscBatchRow, isc_batch_row_free)

G_END_DECLS
