/* isc-gi-apt.c: range files, APT data and their analyses for introspection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "isc-gi.h"

#include "cluster.h"
#include "composition.h"
#include "fda.h"
#include "ion-cloud.h"
#include "profile.h"
#include "range-set.h"
#include "roi.h"

/**
 * isc_gi_bytes_get_address:
 * @bytes: a #GBytes
 *
 * The address of the first byte of @bytes, as a number. The Python override uses it to give
 * numpy the memory itself (`__array_interface__`) instead of the copy `get_data ()` makes.
 *
 * Returns: the data pointer of @bytes as an integer (0 for empty bytes)
 */
guint64
isc_gi_bytes_get_address (GBytes *bytes)
{
  gsize size;

  g_return_val_if_fail (bytes != NULL, 0);
  return (guint64) (guintptr) g_bytes_get_data (bytes, &size);
}

/**
 * isc_gi_get_version:
 *
 * Returns: the Ionscape version, e.g. "0.1.0"
 */
const char *
isc_gi_get_version (void)
{
  return PACKAGE_VERSION;
}

/* Ranges ----------------------------------------------------------------------------------- */

struct _IscGiRanges
{
  GObject      parent_instance;
  IscRangeSet *set;
};

G_DEFINE_FINAL_TYPE (IscGiRanges, isc_gi_ranges, G_TYPE_OBJECT)

static void
isc_gi_ranges_finalize (GObject *object)
{
  g_clear_pointer (&ISC_GI_RANGES (object)->set, isc_range_set_free);
  G_OBJECT_CLASS (isc_gi_ranges_parent_class)->finalize (object);
}

static void
isc_gi_ranges_class_init (IscGiRangesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_ranges_finalize;
}

static void
isc_gi_ranges_init (IscGiRanges *self)
{
}

/**
 * isc_gi_ranges_load:
 * @path: (type filename): a range file (.rrng, .rng, .env)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the ion types and their windows, or %NULL with @error
 */
IscGiRanges *
isc_gi_ranges_load (const char  *path,
                    GError     **error)
{
  IscRangeSet *set;
  IscGiRanges *self;

  g_return_val_if_fail (path != NULL, NULL);

  if ((set = isc_range_set_load (path, error)) == NULL)
    return NULL;
  self = g_object_new (ISC_GI_TYPE_RANGES, NULL);
  self->set = set;
  return self;
}

/**
 * isc_gi_ranges_get_source_path:
 * @self: the ranges
 *
 * Returns: (type filename) (nullable): the file they were read from
 */
const char *
isc_gi_ranges_get_source_path (IscGiRanges *self)
{
  g_return_val_if_fail (ISC_GI_IS_RANGES (self), NULL);
  return self->set->source_path;
}

/**
 * isc_gi_ranges_get_n_ion_types:
 * @self: the ranges
 *
 * Returns: the number of ion types
 */
guint
isc_gi_ranges_get_n_ion_types (IscGiRanges *self)
{
  g_return_val_if_fail (ISC_GI_IS_RANGES (self), 0);
  return isc_range_set_get_n_ion_types (self->set);
}

/**
 * isc_gi_ranges_get_ion_names:
 * @self: the ranges
 *
 * Returns: (transfer full) (array zero-terminated=1): the ion type names ("NiO", "Li"), in
 *   index order (the index ion types carry in #IscGiAptData:ion-types)
 */
char **
isc_gi_ranges_get_ion_names (IscGiRanges *self)
{
  guint n;
  char **names;

  g_return_val_if_fail (ISC_GI_IS_RANGES (self), NULL);

  n = isc_range_set_get_n_ion_types (self->set);
  names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (isc_range_set_get_ion_type (self->set, i)->name);
  return names;
}

/**
 * isc_gi_ranges_get_elements:
 * @self: the ranges
 *
 * Returns: (transfer full) (array zero-terminated=1): the element symbols of all ion types,
 *   in first-seen order
 */
char **
isc_gi_ranges_get_elements (IscGiRanges *self)
{
  g_return_val_if_fail (ISC_GI_IS_RANGES (self), NULL);
  return isc_range_set_list_elements (self->set);
}

/**
 * isc_gi_ranges_get_n_ranges:
 * @self: the ranges
 *
 * Returns: the number of mass-to-charge windows
 */
guint
isc_gi_ranges_get_n_ranges (IscGiRanges *self)
{
  g_return_val_if_fail (ISC_GI_IS_RANGES (self), 0);
  return isc_range_set_get_n_ranges (self->set);
}

/**
 * isc_gi_ranges_get_range:
 * @self: the ranges
 * @index: a window, below isc_gi_ranges_get_n_ranges ()
 * @low: (out): its lower bound, Da (inclusive)
 * @high: (out): its upper bound, Da (inclusive)
 *
 * Windows are sorted by @low.
 *
 * Returns: the name of the window's ion type
 */
const char *
isc_gi_ranges_get_range (IscGiRanges *self,
                         guint        index,
                         double      *low,
                         double      *high)
{
  const IscRange *range;

  g_return_val_if_fail (ISC_GI_IS_RANGES (self), NULL);
  g_return_val_if_fail (index < isc_range_set_get_n_ranges (self->set), NULL);

  range = isc_range_set_get_range (self->set, index);
  *low = range->low;
  *high = range->high;
  return isc_range_set_get_ion_type (self->set, range->ion_type)->name;
}

/* APT data ------------------------------------------------------------------------------------ */

struct _IscGiAptData
{
  GObject      parent_instance;
  IscIonCloud *cloud;
  /* The cloud is ranged for the analyses that read cloud->ion_type (FDA, profile, clusters);
   * remember with which set, so one set ranges it once. */
  IscGiRanges *ranged_with;
};

G_DEFINE_FINAL_TYPE (IscGiAptData, isc_gi_apt_data, G_TYPE_OBJECT)

static void
isc_gi_apt_data_finalize (GObject *object)
{
  IscGiAptData *self = ISC_GI_APT_DATA (object);

  g_clear_object (&self->ranged_with);
  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  G_OBJECT_CLASS (isc_gi_apt_data_parent_class)->finalize (object);
}

static void
isc_gi_apt_data_class_init (IscGiAptDataClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_apt_data_finalize;
}

static void
isc_gi_apt_data_init (IscGiAptData *self)
{
}

/**
 * isc_gi_apt_data_load:
 * @path: (type filename): APT data (.pos, .epos, .apt, .ato, NeXus .nxs/.h5)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the file as `ionscape-cli` does (large .pos/.epos files are memory-mapped through the
 * column cache).
 *
 * Returns: (transfer full): the ions, or %NULL with @error
 */
IscGiAptData *
isc_gi_apt_data_load (const char    *path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  IscIonCloud *cloud;
  IscGiAptData *self;

  g_return_val_if_fail (path != NULL, NULL);

  if ((cloud = isc_ion_cloud_load (path, cancellable, NULL, NULL, error)) == NULL)
    return NULL;
  self = g_object_new (ISC_GI_TYPE_APT_DATA, NULL);
  self->cloud = cloud;
  return self;
}

/**
 * isc_gi_apt_data_get_n_ions:
 * @self: the data
 *
 * Returns: the number of ions
 */
guint64
isc_gi_apt_data_get_n_ions (IscGiAptData *self)
{
  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), 0);
  return self->cloud->n_ions;
}

/**
 * isc_gi_apt_data_get_format:
 * @self: the data
 *
 * Returns: (nullable): the reader that read it: "pos", "epos", "apt", "nxapm", …
 */
const char *
isc_gi_apt_data_get_format (IscGiAptData *self)
{
  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), NULL);
  return self->cloud->format;
}

/**
 * isc_gi_apt_data_get_source_path:
 * @self: the data
 *
 * Returns: (type filename) (nullable): the file it was read from
 */
const char *
isc_gi_apt_data_get_source_path (IscGiAptData *self)
{
  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), NULL);
  return self->cloud->source_path;
}

typedef struct
{
  const char *name;
  gsize       offset;   /* of the array pointer in IscIonCloud */
} Channel;

/* Four bytes per ion each: float32 but for the two uint32 counters at the end. */
static const Channel channels[] = {
  { "x", G_STRUCT_OFFSET (IscIonCloud, x) },
  { "y", G_STRUCT_OFFSET (IscIonCloud, y) },
  { "z", G_STRUCT_OFFSET (IscIonCloud, z) },
  { "mq", G_STRUCT_OFFSET (IscIonCloud, mq) },
  { "tof", G_STRUCT_OFFSET (IscIonCloud, tof) },
  { "v_dc", G_STRUCT_OFFSET (IscIonCloud, v_dc) },
  { "v_pulse", G_STRUCT_OFFSET (IscIonCloud, v_pulse) },
  { "det_x", G_STRUCT_OFFSET (IscIonCloud, det_x) },
  { "det_y", G_STRUCT_OFFSET (IscIonCloud, det_y) },
  { "pulse_delta", G_STRUCT_OFFSET (IscIonCloud, pulse_delta) },
  { "multiplicity", G_STRUCT_OFFSET (IscIonCloud, multiplicity) },
};

static gconstpointer
channel_data (const IscIonCloud *cloud,
              const Channel     *channel)
{
  return G_STRUCT_MEMBER (gconstpointer, cloud, channel->offset);
}

/**
 * isc_gi_apt_data_list_channels:
 * @self: the data
 *
 * The channels the file carries: always "x", "y", "z" (nm) and "mq" (Da); "tof" (ns),
 * "v_dc", "v_pulse" (V), "det_x", "det_y" (mm) as float32 and "pulse_delta", "multiplicity"
 * as uint32 when the format has them.
 *
 * Returns: (transfer full) (array zero-terminated=1): channel names
 */
char **
isc_gi_apt_data_list_channels (IscGiAptData *self)
{
  GPtrArray *names = g_ptr_array_new ();

  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (channel_data (self->cloud, &channels[i]) != NULL)
      g_ptr_array_add (names, g_strdup (channels[i].name));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/**
 * isc_gi_apt_data_get_channel:
 * @self: the data
 * @name: a channel of isc_gi_apt_data_list_channels ()
 * @error: return location for a #GError
 *
 * The channel's values, one per ion in file order, in host byte order (float32, or uint32 for
 * "pulse_delta" and "multiplicity"). The bytes are the data's own memory, not a copy: they
 * hold a reference on it, so they stay valid after @self is gone.
 *
 * Returns: (transfer full): the values, or %NULL with @error when the file has no such channel
 */
GBytes *
isc_gi_apt_data_get_channel (IscGiAptData  *self,
                             const char    *name,
                             GError       **error)
{
  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (g_strcmp0 (channels[i].name, name) == 0)
      {
        gconstpointer data = channel_data (self->cloud, &channels[i]);

        if (data == NULL)
          break;
        return g_bytes_new_with_free_func (data, self->cloud->n_ions * 4,
                                           (GDestroyNotify) isc_ion_cloud_unref,
                                           isc_ion_cloud_ref (self->cloud));
      }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no channel “%s” in this %s file",
               self->cloud->source_path != NULL ? self->cloud->source_path : "APT data", name,
               self->cloud->format != NULL ? self->cloud->format : "APT");
  return NULL;
}

static GBytes *
core_channel (IscGiAptData *self,
              const char   *name)
{
  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), NULL);
  return isc_gi_apt_data_get_channel (self, name, NULL);
}

/**
 * isc_gi_apt_data_get_x:
 * @self: the data
 *
 * Returns: (transfer full): x of every ion, float32, nm (see isc_gi_apt_data_get_channel ())
 */
GBytes *
isc_gi_apt_data_get_x (IscGiAptData *self)
{
  return core_channel (self, "x");
}

/**
 * isc_gi_apt_data_get_y:
 * @self: the data
 *
 * Returns: (transfer full): y of every ion, float32, nm
 */
GBytes *
isc_gi_apt_data_get_y (IscGiAptData *self)
{
  return core_channel (self, "y");
}

/**
 * isc_gi_apt_data_get_z:
 * @self: the data
 *
 * Returns: (transfer full): z of every ion (the analysis direction), float32, nm
 */
GBytes *
isc_gi_apt_data_get_z (IscGiAptData *self)
{
  return core_channel (self, "z");
}

/**
 * isc_gi_apt_data_get_mq:
 * @self: the data
 *
 * Returns: (transfer full): mass-to-charge of every ion, float32, Da
 */
GBytes *
isc_gi_apt_data_get_mq (IscGiAptData *self)
{
  return core_channel (self, "mq");
}

/**
 * isc_gi_apt_data_get_bounds:
 * @self: the data
 * @x_min: (out): nm
 * @x_max: (out): nm
 * @y_min: (out): nm
 * @y_max: (out): nm
 * @z_min: (out): nm
 * @z_max: (out): nm
 *
 * The bounding box of the ions.
 */
void
isc_gi_apt_data_get_bounds (IscGiAptData *self,
                            double       *x_min,
                            double       *x_max,
                            double       *y_min,
                            double       *y_max,
                            double       *z_min,
                            double       *z_max)
{
  g_return_if_fail (ISC_GI_IS_APT_DATA (self));

  *x_min = self->cloud->bounds_min[0];
  *x_max = self->cloud->bounds_max[0];
  *y_min = self->cloud->bounds_min[1];
  *y_max = self->cloud->bounds_max[1];
  *z_min = self->cloud->bounds_min[2];
  *z_max = self->cloud->bounds_max[2];
}

/* Ranges the cloud with @ranges unless it already is. The cloud is this object's alone to
 * write (GBytes views share only the channels, never ion_type). */
static gboolean
ensure_ranged (IscGiAptData  *self,
               IscGiRanges   *ranges,
               GCancellable  *cancellable,
               GError       **error)
{
  if (self->ranged_with == ranges && self->cloud->ion_type != NULL)
    return TRUE;
  g_clear_object (&self->ranged_with);
  if (!isc_range_set_apply (ranges->set, self->cloud, cancellable, NULL, NULL, error))
    return FALSE;
  self->ranged_with = g_object_ref (ranges);
  return TRUE;
}

/**
 * isc_gi_apt_data_get_ion_types:
 * @self: the data
 * @ranges: the ranges to classify the ions with
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): one uint8 per ion, the index of its ion type in @ranges
 *   (isc_gi_ranges_get_ion_names ()) or 255 when unranged; a copy, or %NULL with @error
 */
GBytes *
isc_gi_apt_data_get_ion_types (IscGiAptData  *self,
                               IscGiRanges   *ranges,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), NULL);
  g_return_val_if_fail (ISC_GI_IS_RANGES (ranges), NULL);

  if (!ensure_ranged (self, ranges, cancellable, error))
    return NULL;
  /* A copy: ranging with another set rewrites the array. */
  return g_bytes_new (self->cloud->ion_type, self->cloud->n_ions);
}

/* Composition --------------------------------------------------------------------------------- */

struct _IscGiComposition
{
  GObject         parent_instance;
  IscComposition *comp;
};

G_DEFINE_FINAL_TYPE (IscGiComposition, isc_gi_composition, G_TYPE_OBJECT)

static void
isc_gi_composition_finalize (GObject *object)
{
  g_clear_pointer (&ISC_GI_COMPOSITION (object)->comp, isc_composition_free);
  G_OBJECT_CLASS (isc_gi_composition_parent_class)->finalize (object);
}

static void
isc_gi_composition_class_init (IscGiCompositionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_composition_finalize;
}

static void
isc_gi_composition_init (IscGiComposition *self)
{
}

/**
 * isc_gi_apt_data_composition:
 * @self: the data
 * @ranges: the ranges to count with
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Ion and atom counts of all ions, as `ionscape-cli composition` (window counting).
 *
 * Returns: (transfer full): the composition, or %NULL with @error
 */
IscGiComposition *
isc_gi_apt_data_composition (IscGiAptData  *self,
                             IscGiRanges   *ranges,
                             GCancellable  *cancellable,
                             GError       **error)
{
  IscComposition *comp;
  IscGiComposition *result;

  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), NULL);
  g_return_val_if_fail (ISC_GI_IS_RANGES (ranges), NULL);

  if ((comp = isc_composition_compute (self->cloud, ranges->set, NULL, cancellable, error)) == NULL)
    return NULL;
  result = g_object_new (ISC_GI_TYPE_COMPOSITION, NULL);
  result->comp = comp;
  return result;
}

/**
 * isc_gi_composition_get_ions_total:
 * @self: the composition
 *
 * Returns: the ions counted
 */
guint64
isc_gi_composition_get_ions_total (IscGiComposition *self)
{
  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), 0);
  return self->comp->ions_total;
}

/**
 * isc_gi_composition_get_ions_ranged:
 * @self: the composition
 *
 * Returns: the ions inside a window
 */
guint64
isc_gi_composition_get_ions_ranged (IscGiComposition *self)
{
  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), 0);
  return self->comp->ions_ranged;
}

/**
 * isc_gi_composition_get_ions_unranged:
 * @self: the composition
 *
 * Returns: the ions outside every window
 */
guint64
isc_gi_composition_get_ions_unranged (IscGiComposition *self)
{
  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), 0);
  return self->comp->ions_unranged;
}

/**
 * isc_gi_composition_get_atoms_total:
 * @self: the composition
 *
 * Returns: the atoms of all elements, molecular ions decomposed
 */
guint64
isc_gi_composition_get_atoms_total (IscGiComposition *self)
{
  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), 0);
  return self->comp->atoms_total;
}

/**
 * isc_gi_composition_get_ion_names:
 * @self: the composition
 *
 * Returns: (transfer full) (array zero-terminated=1): the ion types (keys of "ions")
 */
char **
isc_gi_composition_get_ion_names (IscGiComposition *self)
{
  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), NULL);
  return g_strdupv (self->comp->ion_names);
}

/**
 * isc_gi_composition_get_ion_count:
 * @self: the composition
 * @ion: an ion type name
 *
 * Returns: the ions of that type (0 for an unknown name)
 */
guint64
isc_gi_composition_get_ion_count (IscGiComposition *self,
                                  const char       *ion)
{
  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), 0);

  for (guint t = 0; t < self->comp->n_ion_types; t++)
    if (g_strcmp0 (self->comp->ion_names[t], ion) == 0)
      return self->comp->ion_counts[t];
  return 0;
}

/**
 * isc_gi_composition_get_elements:
 * @self: the composition
 *
 * Returns: (transfer full) (array zero-terminated=1): the elements (keys of "atoms")
 */
char **
isc_gi_composition_get_elements (IscGiComposition *self)
{
  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), NULL);
  return g_strdupv (self->comp->elements);
}

/**
 * isc_gi_composition_get_count:
 * @self: the composition
 * @element: an element symbol
 *
 * Returns: the atoms of @element (0 when absent)
 */
guint64
isc_gi_composition_get_count (IscGiComposition *self,
                              const char       *element)
{
  int e;

  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), 0);
  e = isc_composition_find_element (self->comp, element);
  return e >= 0 ? self->comp->atom_counts[e] : 0;
}

/**
 * isc_gi_composition_get_fraction:
 * @self: the composition
 * @element: an element symbol
 *
 * Returns: the atomic fraction of @element (0..1), NaN when absent
 */
double
isc_gi_composition_get_fraction (IscGiComposition *self,
                                 const char       *element)
{
  int e;

  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), NAN);
  e = isc_composition_find_element (self->comp, element);
  return e >= 0 ? self->comp->fractions[e] : NAN;
}

/**
 * isc_gi_composition_get_sigma:
 * @self: the composition
 * @element: an element symbol
 *
 * Returns: the counting error of the fraction, sqrt (c (1 − c) / N), NaN when absent
 */
double
isc_gi_composition_get_sigma (IscGiComposition *self,
                              const char       *element)
{
  int e;

  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), NAN);
  e = isc_composition_find_element (self->comp, element);
  return e >= 0 ? self->comp->sigmas[e] : NAN;
}

/**
 * isc_gi_composition_get_ratio:
 * @self: the composition
 * @basis: (array zero-terminated=1) (nullable): elements to normalise to; %NULL for Ni, Co, Mn
 * @element: an element symbol
 *
 * The "normalized"/"ratios" value of `ionscape-cli composition --basis … --json`.
 *
 * Returns: atoms of @element over the summed atoms of @basis; NaN when the basis holds none
 */
double
isc_gi_composition_get_ratio (IscGiComposition   *self,
                              const char * const *basis,
                              const char         *element)
{
  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), NAN);
  return isc_composition_get_ratio (self->comp, basis, element);
}

/**
 * isc_gi_composition_to_csv:
 * @self: the composition
 * @basis: (array zero-terminated=1) (nullable): elements to normalise to; %NULL for Ni, Co, Mn
 *
 * Returns: (transfer full): the table of `ionscape-cli composition --csv`
 */
char *
isc_gi_composition_to_csv (IscGiComposition   *self,
                           const char * const *basis)
{
  g_return_val_if_fail (ISC_GI_IS_COMPOSITION (self), NULL);
  return isc_composition_to_text (self->comp, basis, ',');
}

/* Frequency distribution analysis -------------------------------------------------------------- */

struct _IscGiFdaResult
{
  GObject       parent_instance;
  IscFdaResult *result;
};

G_DEFINE_FINAL_TYPE (IscGiFdaResult, isc_gi_fda_result, G_TYPE_OBJECT)

static void
isc_gi_fda_result_finalize (GObject *object)
{
  g_clear_pointer (&ISC_GI_FDA_RESULT (object)->result, isc_fda_result_free);
  G_OBJECT_CLASS (isc_gi_fda_result_parent_class)->finalize (object);
}

static void
isc_gi_fda_result_class_init (IscGiFdaResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_fda_result_finalize;
}

static void
isc_gi_fda_result_init (IscGiFdaResult *self)
{
}

/* Sets @error for a setting the analysis does not know; returns NULL for the caller to return. */
static gpointer
bad_setting (GError    **error,
             const char *name,
             const char *value,
             const char *expected)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s “%s”: expected %s",
               name, value, expected);
  return NULL;
}

/**
 * isc_gi_apt_data_fda:
 * @self: the data
 * @ranges: the ranges
 * @element: the element to test, e.g. "Li"
 * @block_size: units per block (0: 100); with @block_layout "nn", the neighbours k (1 to 64)
 * @chi2: (nullable): "pool" (default) or "skip"
 * @count: (nullable): "atoms" (default) or "ions"
 * @block_layout: (nullable): "sequence" (default), "spatial" or "nn"
 * @mu_n: (nullable): N of μ: "solute" (default), "blocks" or "atoms"
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The frequency distribution analysis of `ionscape-cli fda --element … --json` over all ions,
 * with the same settings (the CLI's option names).
 *
 * Returns: (transfer full): the result, or %NULL with @error
 */
IscGiFdaResult *
isc_gi_apt_data_fda (IscGiAptData  *self,
                     IscGiRanges   *ranges,
                     const char    *element,
                     guint          block_size,
                     const char    *chi2,
                     const char    *count,
                     const char    *block_layout,
                     const char    *mu_n,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GPtrArray) results = NULL;
  const char *elements[2] = { element, NULL };
  IscFdaSettings settings;
  IscGiFdaResult *result;
  IscRoi roi;

  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), NULL);
  g_return_val_if_fail (ISC_GI_IS_RANGES (ranges), NULL);
  g_return_val_if_fail (element != NULL, NULL);

  isc_fda_settings_init (&settings);
  if (block_size != 0)
    settings.block_size = block_size;
  if (chi2 != NULL && !isc_fda_chi2_mode_from_string (chi2, &settings.chi2_mode))
    return bad_setting (error, "fda: chi2", chi2, "pool or skip");
  if (count != NULL && !isc_fda_count_unit_from_string (count, &settings.count_unit))
    return bad_setting (error, "fda: count", count, "atoms or ions");
  if (block_layout != NULL && !isc_fda_blocks_from_string (block_layout, &settings.blocks))
    return bad_setting (error, "fda: block_layout", block_layout, "sequence, spatial or nn");
  if (mu_n != NULL && !isc_fda_mu_n_from_string (mu_n, &settings.mu_n))
    return bad_setting (error, "fda: mu_n", mu_n, "solute, blocks or atoms");
  if (settings.blocks == ISC_FDA_BLOCKS_NN && block_size == 0)
    settings.block_size = 20;   /* the CLI's default k */

  if (!ensure_ranged (self, ranges, cancellable, error))
    return NULL;
  isc_roi_init_all (&roi);
  results = isc_fda_compute (self->cloud, ranges->set, &roi, &settings, elements, cancellable,
                             NULL, NULL, error);
  if (results == NULL)
    return NULL;
  result = g_object_new (ISC_GI_TYPE_FDA_RESULT, NULL);
  result->result = g_ptr_array_steal_index (results, 0);
  return result;
}

/**
 * isc_gi_fda_result_get_element:
 * @self: the result
 *
 * Returns: the element tested
 */
const char *
isc_gi_fda_result_get_element (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NULL);
  return self->result->element;
}

/**
 * isc_gi_fda_result_get_block_size:
 * @self: the result
 *
 * Returns: n_b, the units per block
 */
guint
isc_gi_fda_result_get_block_size (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), 0);
  return self->result->block_size;
}

/**
 * isc_gi_fda_result_get_blocks:
 * @self: the result
 *
 * Returns: N_b, the complete blocks
 */
guint64
isc_gi_fda_result_get_blocks (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), 0);
  return self->result->n_blocks;
}

/**
 * isc_gi_fda_result_get_fraction:
 * @self: the result
 *
 * Returns: c = N_s / (N_b · n_b)
 */
double
isc_gi_fda_result_get_fraction (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NAN);
  return self->result->fraction;
}

/**
 * isc_gi_fda_result_get_chi2:
 * @self: the result
 *
 * Returns: Pearson's χ² against the binomial distribution
 */
double
isc_gi_fda_result_get_chi2 (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NAN);
  return self->result->chi2;
}

/**
 * isc_gi_fda_result_get_dof:
 * @self: the result
 *
 * Returns: the degrees of freedom of χ²
 */
guint
isc_gi_fda_result_get_dof (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), 0);
  return self->result->dof;
}

/**
 * isc_gi_fda_result_get_p_value:
 * @self: the result
 *
 * Returns: P(χ²_dof ≥ χ²); NaN with fewer than two classes
 */
double
isc_gi_fda_result_get_p_value (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NAN);
  return self->result->p_value;
}

/**
 * isc_gi_fda_result_get_mu:
 * @self: the result
 *
 * Returns: μ = sqrt (χ² / (N + χ²)); NaN with fewer than two classes
 */
double
isc_gi_fda_result_get_mu (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NAN);
  return self->result->mu;
}

/**
 * isc_gi_fda_result_get_mu_n:
 * @self: the result
 *
 * Returns: the N of μ: "solute", "blocks" or "atoms"
 */
const char *
isc_gi_fda_result_get_mu_n (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NULL);
  return isc_fda_mu_n_to_string (self->result->mu_n);
}

/**
 * isc_gi_fda_result_get_mu_n_value:
 * @self: the result
 *
 * Returns: the value of that N
 */
guint64
isc_gi_fda_result_get_mu_n_value (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), 0);
  return self->result->mu_n_value;
}

/**
 * isc_gi_fda_result_get_n_solute:
 * @self: the result
 *
 * Returns: N_s, the element's units in the blocks
 */
guint64
isc_gi_fda_result_get_n_solute (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), 0);
  return self->result->n_solute;
}

/**
 * isc_gi_fda_result_get_mode:
 * @self: the result
 *
 * Returns: how classes with E < 5 were handled: "pool" or "skip"
 */
const char *
isc_gi_fda_result_get_mode (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NULL);
  return isc_fda_chi2_mode_to_string (self->result->mode);
}

/**
 * isc_gi_fda_result_get_count:
 * @self: the result
 *
 * Returns: the unit counted: "atoms" or "ions"
 */
const char *
isc_gi_fda_result_get_count (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NULL);
  return isc_fda_count_unit_to_string (self->result->count_unit);
}

/**
 * isc_gi_fda_result_get_block_layout:
 * @self: the result
 *
 * Returns: "sequence", "spatial" or "nn"
 */
const char *
isc_gi_fda_result_get_block_layout (IscGiFdaResult *self)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NULL);
  return isc_fda_blocks_to_string (self->result->blocks);
}

/**
 * isc_gi_fda_result_get_observed:
 * @self: the result
 * @n_values: (out): block_size + 1
 *
 * Returns: (transfer full) (array length=n_values): O(n), blocks holding n units, n = 0…block_size
 */
guint64 *
isc_gi_fda_result_get_observed (IscGiFdaResult *self,
                                guint          *n_values)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NULL);
  *n_values = self->result->block_size + 1;
  return g_memdup2 (self->result->observed, *n_values * sizeof (guint64));
}

/**
 * isc_gi_fda_result_get_expected:
 * @self: the result
 * @n_values: (out): block_size + 1
 *
 * Returns: (transfer full) (array length=n_values): E(n) of the binomial distribution
 */
double *
isc_gi_fda_result_get_expected (IscGiFdaResult *self,
                                guint          *n_values)
{
  g_return_val_if_fail (ISC_GI_IS_FDA_RESULT (self), NULL);
  *n_values = self->result->block_size + 1;
  return g_memdup2 (self->result->expected, *n_values * sizeof (double));
}

/* Profile ------------------------------------------------------------------------------------- */

struct _IscGiProfile
{
  GObject     parent_instance;
  IscProfile *profile;
};

G_DEFINE_FINAL_TYPE (IscGiProfile, isc_gi_profile, G_TYPE_OBJECT)

static void
isc_gi_profile_finalize (GObject *object)
{
  g_clear_pointer (&ISC_GI_PROFILE (object)->profile, isc_profile_free);
  G_OBJECT_CLASS (isc_gi_profile_parent_class)->finalize (object);
}

static void
isc_gi_profile_class_init (IscGiProfileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_gi_profile_finalize;
}

static void
isc_gi_profile_init (IscGiProfile *self)
{
}

/**
 * isc_gi_apt_data_profile:
 * @self: the data
 * @ranges: the ranges
 * @axis: "x", "y" or "z"
 * @bin_width: nm, > 0
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * A 1D concentration profile of all ranged ions along @axis in bins of @bin_width, as
 * `ionscape-cli profile --axis … --bin …`.
 *
 * Returns: (transfer full): the profile, or %NULL with @error
 */
IscGiProfile *
isc_gi_apt_data_profile (IscGiAptData  *self,
                         IscGiRanges   *ranges,
                         const char    *axis,
                         double         bin_width,
                         GCancellable  *cancellable,
                         GError       **error)
{
  IscProfileSettings settings;
  IscProfile *profile;
  IscGiProfile *result;

  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), NULL);
  g_return_val_if_fail (ISC_GI_IS_RANGES (ranges), NULL);
  g_return_val_if_fail (axis != NULL, NULL);

  isc_profile_settings_init (&settings);
  if (!isc_profile_axis_from_string (axis, &settings.axis) || settings.axis == ISC_PROFILE_AXIS_ROI)
    return bad_setting (error, "profile axis", axis, "x, y or z");
  if (!(bin_width > 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "profile: bin width %g nm: expected a width above 0", bin_width);
      return NULL;
    }
  settings.binning = ISC_PROFILE_FIXED_WIDTH;
  settings.bin_width = bin_width;
  if (!ensure_ranged (self, ranges, cancellable, error))
    return NULL;
  profile = isc_profile_compute (self->cloud, ranges->set, NULL, &settings, cancellable, NULL, NULL, error);
  if (profile == NULL)
    return NULL;
  result = g_object_new (ISC_GI_TYPE_PROFILE, NULL);
  result->profile = profile;
  return result;
}

/**
 * isc_gi_profile_get_n_bins:
 * @self: the profile
 *
 * Returns: the number of bins
 */
guint
isc_gi_profile_get_n_bins (IscGiProfile *self)
{
  g_return_val_if_fail (ISC_GI_IS_PROFILE (self), 0);
  return self->profile->n_bins;
}

/**
 * isc_gi_profile_get_elements:
 * @self: the profile
 *
 * Returns: (transfer full) (array zero-terminated=1): the elements, in range-set order
 */
char **
isc_gi_profile_get_elements (IscGiProfile *self)
{
  g_return_val_if_fail (ISC_GI_IS_PROFILE (self), NULL);
  return g_strdupv (self->profile->elements);
}

/**
 * isc_gi_profile_get_start:
 * @self: the profile
 * @n_bins: (out): the number of bins
 *
 * Returns: (transfer full) (array length=n_bins): where each bin starts along the axis, nm
 */
double *
isc_gi_profile_get_start (IscGiProfile *self,
                          guint        *n_bins)
{
  g_return_val_if_fail (ISC_GI_IS_PROFILE (self), NULL);
  *n_bins = self->profile->n_bins;
  return g_memdup2 (self->profile->start, *n_bins * sizeof (double));
}

/**
 * isc_gi_profile_get_end:
 * @self: the profile
 * @n_bins: (out): the number of bins
 *
 * Returns: (transfer full) (array length=n_bins): where each bin ends (exclusive), nm
 */
double *
isc_gi_profile_get_end (IscGiProfile *self,
                        guint        *n_bins)
{
  g_return_val_if_fail (ISC_GI_IS_PROFILE (self), NULL);
  *n_bins = self->profile->n_bins;
  return g_memdup2 (self->profile->end, *n_bins * sizeof (double));
}

/**
 * isc_gi_profile_get_atoms:
 * @self: the profile
 * @n_bins: (out): the number of bins
 *
 * Returns: (transfer full) (array length=n_bins): the atoms in each bin
 */
guint64 *
isc_gi_profile_get_atoms (IscGiProfile *self,
                          guint        *n_bins)
{
  g_return_val_if_fail (ISC_GI_IS_PROFILE (self), NULL);
  *n_bins = self->profile->n_bins;
  return g_memdup2 (self->profile->atoms, *n_bins * sizeof (guint64));
}

/* One element's column of a row-major bins × elements table; an unknown element gives NaN. */
static double *
profile_doubles (IscGiProfile *self,
                 const char   *element,
                 const double *table,
                 guint        *n_bins)
{
  const IscProfile *p = self->profile;
  int e = isc_profile_find_element (p, element);
  double *out = g_new (double, MAX (p->n_bins, 1));

  *n_bins = p->n_bins;
  for (guint b = 0; b < p->n_bins; b++)
    out[b] = e >= 0 ? table[(gsize) b * p->n_elements + e] : NAN;
  return out;
}

/**
 * isc_gi_profile_get_fraction:
 * @self: the profile
 * @element: an element symbol
 * @n_bins: (out): the number of bins
 *
 * Returns: (transfer full) (array length=n_bins): the atomic fraction of @element per bin
 *   (NaN in empty bins)
 */
double *
isc_gi_profile_get_fraction (IscGiProfile *self,
                             const char   *element,
                             guint        *n_bins)
{
  g_return_val_if_fail (ISC_GI_IS_PROFILE (self), NULL);
  return profile_doubles (self, element, self->profile->fraction, n_bins);
}

/**
 * isc_gi_profile_get_sigma:
 * @self: the profile
 * @element: an element symbol
 * @n_bins: (out): the number of bins
 *
 * Returns: (transfer full) (array length=n_bins): the counting error of each fraction
 */
double *
isc_gi_profile_get_sigma (IscGiProfile *self,
                          const char   *element,
                          guint        *n_bins)
{
  g_return_val_if_fail (ISC_GI_IS_PROFILE (self), NULL);
  return profile_doubles (self, element, self->profile->sigma, n_bins);
}

/**
 * isc_gi_profile_get_counts:
 * @self: the profile
 * @element: an element symbol
 * @n_bins: (out): the number of bins
 *
 * Returns: (transfer full) (array length=n_bins): the atoms of @element per bin
 */
guint64 *
isc_gi_profile_get_counts (IscGiProfile *self,
                           const char   *element,
                           guint        *n_bins)
{
  const IscProfile *p;
  guint64 *out;
  int e;

  g_return_val_if_fail (ISC_GI_IS_PROFILE (self), NULL);

  p = self->profile;
  e = isc_profile_find_element (p, element);
  out = g_new0 (guint64, MAX (p->n_bins, 1));
  *n_bins = p->n_bins;
  for (guint b = 0; b < p->n_bins && e >= 0; b++)
    out[b] = p->counts[(gsize) b * p->n_elements + e];
  return out;
}

/**
 * isc_gi_profile_to_csv:
 * @self: the profile
 *
 * Returns: (transfer full): the CSV of `ionscape-cli profile --csv`
 */
char *
isc_gi_profile_to_csv (IscGiProfile *self)
{
  g_return_val_if_fail (ISC_GI_IS_PROFILE (self), NULL);
  return isc_profile_to_csv (self->profile);
}

/* Clusters ------------------------------------------------------------------------------------ */

/**
 * isc_gi_apt_data_clusters:
 * @self: the data
 * @ranges: the ranges
 * @solutes: (array zero-terminated=1): the solute elements
 * @d_max: nm, the largest distance between linked solute ions (> 0)
 * @n_min: the fewest solute ions a cluster holds (≥ 1)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Maximum-separation cluster search over all ranged ions (no envelope, no erosion).
 *
 * Returns: (transfer full): the JSON of `ionscape-cli cluster --json` ("clusters", "matrix",
 *   "size_distribution", "parameters"), for json.loads (), or %NULL with @error
 */
char *
isc_gi_apt_data_clusters (IscGiAptData       *self,
                          IscGiRanges        *ranges,
                          const char * const *solutes,
                          double              d_max,
                          guint               n_min,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_autoptr(IscClusterResult) result = NULL;
  IscClusterSettings settings;

  g_return_val_if_fail (ISC_GI_IS_APT_DATA (self), NULL);
  g_return_val_if_fail (ISC_GI_IS_RANGES (ranges), NULL);
  g_return_val_if_fail (solutes != NULL, NULL);

  isc_cluster_settings_init (&settings);
  settings.solutes = solutes;
  settings.d_max = d_max;
  settings.n_min = n_min;
  if (!ensure_ranged (self, ranges, cancellable, error))
    return NULL;
  result = isc_cluster_compute (self->cloud, ranges->set, NULL, &settings, cancellable, NULL, NULL, error);
  if (result == NULL)
    return NULL;
  return isc_cluster_result_to_json (result, FALSE, NULL);
}
