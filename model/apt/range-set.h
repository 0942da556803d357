/* range-set.h: ion types and their mass-to-charge windows, and ranging of an ion cloud.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ion-cloud.h"
#include "isc-error.h"

G_BEGIN_DECLS

#define ISC_MAX_ION_TYPES        254   /* 255 is ISC_ION_UNRANGED */
#define ISC_MAX_ELEMENTS_PER_ION 8
#define ISC_MAX_ELEMENTS         64
#define ISC_RANGE_MAX_DA         10000   /* no ion window reaches beyond this m/n (Da) */

typedef struct
{
  char  symbol[4];   /* "Li", "O", … (or any label a range file uses) */
  guint count;       /* atoms of this element in one ion */
} IscElementCount;

typedef struct
{
  char            *name;        /* "NiO", "Li", "O2" */
  IscElementCount  elements[ISC_MAX_ELEMENTS_PER_ION];
  guint            n_elements;  /* in the order the definition lists them */
  double           color[3];    /* r, g, b in 0..1 */
} IscIonType;

typedef struct
{
  double low;        /* Da, inclusive */
  double high;       /* Da, inclusive */
  guint8 ion_type;   /* index into ion_types */
} IscRange;

typedef struct
{
  GPtrArray *ion_types;    /* IscIonType*, index = ion-type index */
  GArray    *ranges;       /* IscRange, sorted by low; windows of different ions overlap only
                            * where both have an isotope peak (then has_overlaps) */
  char      *source_path;  /* provenance, or NULL */
  gboolean   has_overlaps; /* some windows overlap (the decomposition can split their ions) */
} IscRangeSet;

IscRangeSet      *isc_range_set_new             (void);
void              isc_range_set_free            (IscRangeSet *set);
IscRangeSet      *isc_range_set_copy            (const IscRangeSet *set);

/* Adds an ion type, or returns the existing one with the same element multiset
 * (duplicates are merged). Returns the index, or -1 with @error when the set is full. */
int               isc_range_set_add_ion_type    (IscRangeSet            *set,
                                                 const char             *name,
                                                 const IscElementCount  *elements,
                                                 guint                   n_elements,
                                                 const double            color[3],
                                                 GError                **error);

/* Adds the inclusive window [low, high] for @ion_type. A window that overlaps a window of
 * another ion is kept only when both ions have a natural isotope peak (charge 1–4) inside the
 * overlap (O⁺ and O₂²⁺ at 16 Da, ⁶⁴Ni²⁺ in the O₂⁺ window); any other overlap is refused with a
 * message naming both windows. Overlapping or duplicate windows of the same ion merge into
 * their union. Windows may share a boundary. */
gboolean          isc_range_set_add_range       (IscRangeSet  *set,
                                                 double        low,
                                                 double        high,
                                                 guint8        ion_type,
                                                 GError      **error);

/* As isc_range_set_add_range; with @merge_same_ion FALSE, overlapping windows of one ion are
 * refused too (only identical duplicates merge), as 3Depict does for .rng files. */
gboolean          isc_range_set_add_range_full  (IscRangeSet  *set,
                                                 double        low,
                                                 double        high,
                                                 guint8        ion_type,
                                                 gboolean      merge_same_ion,
                                                 GError      **error);

/* Removes range @index (its ion type stays). */
void              isc_range_set_remove_range    (IscRangeSet  *set,
                                                 guint         index);

guint             isc_range_set_get_n_ion_types (const IscRangeSet *set);
guint             isc_range_set_get_n_ranges    (const IscRangeSet *set);
const IscIonType *isc_range_set_get_ion_type    (const IscRangeSet *set,
                                                 guint              index);
const IscRange   *isc_range_set_get_range       (const IscRangeSet *set,
                                                 guint              index);

/* Ion type whose window holds @mq (low ≤ mq ≤ high, bounds compared as float32; a boundary
 * shared by two windows belongs to the upper one, and an ion in overlapping windows to the
 * window starting last), or ISC_ION_UNRANGED. O(log n) without overlaps. */
guint8            isc_range_set_lookup          (const IscRangeSet *set,
                                                 float              mq);

/* A direct-lookup table over the ranged m/n span, for classifying many ions at table speed
 * (one load per ion; binary search only in the few bins a window edge falls in). Gives exactly
 * isc_range_set_lookup ()'s answer. Borrows @set: free the table first. */
typedef struct _IscRangeTable IscRangeTable;

IscRangeTable    *isc_range_table_new           (const IscRangeSet   *set);
void              isc_range_table_free          (IscRangeTable       *table);
/* types[i] = the ion type of mq[i], for i < @n. */
void              isc_range_table_classify      (const IscRangeTable *table,
                                                 const float         *mq,
                                                 gsize                n,
                                                 guint8              *types);
/* Adds one to counts[type of mq[i]] for i < @n (only where selected[i], unless @selected is
 * NULL). */
void              isc_range_table_count         (const IscRangeTable *table,
                                                 const float         *mq,
                                                 const guint8        *selected,
                                                 gsize                n,
                                                 guint64              counts[256]);

/* Fills cloud->ion_type (allocating it when NULL). Cancellable; reports progress. */
gboolean          isc_range_set_apply           (const IscRangeSet  *set,
                                                 IscIonCloud        *cloud,
                                                 GCancellable       *cancellable,
                                                 IscProgressFunc     progress,
                                                 gpointer            progress_data,
                                                 GError            **error);

/* The distinct element symbols of all ion types, in first-seen order (NULL-terminated,
 * owned by the caller: g_strfreev). */
char            **isc_range_set_list_elements   (const IscRangeSet *set);

/* selected[t] = TRUE for every ion type t holding @symbol (the rest FALSE; 256 entries). FALSE
 * when no ion type holds it. */
gboolean          isc_range_set_select_element  (const IscRangeSet *set,
                                                 const char        *symbol,
                                                 gboolean          *selected);

/* Atoms of @symbol in one ion of @ion_type (0 when absent). */
guint             isc_range_set_count_atoms     (const IscRangeSet *set,
                                                 guint              ion_type,
                                                 const char        *symbol);

/* Parses a formula such as "NiO", "O2", "LiO", "Co" into element counts (in written order).
 * Returns FALSE with @error when it is not a formula. */
gboolean          isc_parse_formula             (const char       *formula,
                                                 IscElementCount  *elements,
                                                 guint            *n_elements,
                                                 GError          **error);

/* A default colour for an element (stable across runs), for files that carry none. */
void              isc_element_default_color     (const char *symbol,
                                                 double      color[3]);

/* Reads a range file: .rrng, .rng (ORNL, with the IVAS polyatomic extension) or .env, chosen
 * by suffix, else by content. Returns a new set or NULL with @error (ISC_APT_ERROR naming the
 * file and line). Writers and per-format parsers: range-io.h. */
IscRangeSet      *isc_range_set_load            (const char  *path,
                                                 GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscRangeSet, isc_range_set_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscRangeTable, isc_range_table_free)

G_END_DECLS
