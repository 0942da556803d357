/* isc-dataset-kind.c: the table of dataset kinds (see the header for how to add one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>
#include <string.h>

#include "eels-kind.h"
#include "eis-kind.h"
#include "isc-dataset-kind.h"
#include "saed-kind.h"
#include "thermal-kind.h"
#include "xrd-kind.h"

static const char * const apt_suffixes[] = { "pos", "epos", "apt", "ato", "nxs", "h5", NULL };
static const char * const range_suffixes[] = { "rrng", "rng", "env", NULL };
static const char * const image_suffixes[] = { "dm3", "dm4", "emd", "ser", "tif", "tiff", "mrc", NULL };
static const char * const cycler_suffixes[] = { "mpt", "mpr", "csv", "txt", "res", NULL };
static const char * const eis_suffixes[] = { "mpt", "dta", "z", "csv", "txt", NULL };
static const char * const xrd_suffixes[] = { "xrdml", "brml", "raw", "uxd", "ras", "rasx", "xy", "xye", "csv", NULL };
static const char * const thermal_suffixes[] = { "txt", "csv", NULL };
static const char * const eels_suffixes[] = { "msa", "emsa", "dm3", "dm4", "emd", NULL };
static const char * const diffraction_suffixes[] = { "dm3", "dm4", "tif", "tiff", "emd", NULL };

/* One row per kind, in the order of IscDatasetKind. */
static const IscDatasetKindInfo kinds[ISC_DATASET_N_KINDS] = {
  { ISC_DATASET_APT, "apt", N_("APT data"), apt_suffixes, NULL,
    "applications-science-symbolic", NULL },
  { ISC_DATASET_RANGES, "ranges", N_("Range files"), range_suffixes, NULL,
    "text-x-generic-symbolic", NULL },
  { ISC_DATASET_STEM, "stem", N_("Microscope images"), image_suffixes, NULL,
    "image-x-generic-symbolic", NULL },
  { ISC_DATASET_CYCLER, "cycler", N_("Cycler data"), cycler_suffixes, NULL,
    "battery-full-charged-symbolic", NULL },
  { ISC_DATASET_EIS, "eis", N_("Impedance spectra"), eis_suffixes, isc_eis_sniff,
    "gnome-power-manager-symbolic", isc_eis_summarize },
  { ISC_DATASET_XRD, "xrd", N_("Diffraction patterns"), xrd_suffixes, isc_xrd_sniff,
    "view-continuous-symbolic", isc_xrd_summarize },
  { ISC_DATASET_THERMAL, "thermal", N_("Thermal analysis curves"), thermal_suffixes, isc_thermal_sniff,
    "weather-clear-symbolic", isc_thermal_summarize },
  { ISC_DATASET_EELS, "eels", N_("Energy-loss spectra"), eels_suffixes, isc_eels_sniff,
    "colorimeter-colorhug-symbolic", isc_eels_summarize },
  /* No head sniff: the images' kind keeps the name alone; probes[] below decides. */
  { ISC_DATASET_DIFFRACTION, "diffraction", N_("Electron diffraction patterns"), diffraction_suffixes, NULL,
    "view-grid-symbolic", isc_saed_summarize },
};

/* Checks on the path for kinds that share a binary container with a kind without a sniff and
 * cannot be told by the first bytes (see the header); asked only for the kind's own suffixes. */
static const struct
{
  IscDatasetKind kind;
  gboolean     (*probe) (const char *path);
} probes[] = {
  { ISC_DATASET_EELS, isc_eels_probe_file },
  /* DM tags, Velox metadata: a diffraction pattern says so after its pixels */
  { ISC_DATASET_DIFFRACTION, isc_saed_sniff_file },
};

/* The largest head a sniff is given: an EC-Lab header runs to some 80 lines. */
#define SNIFF_BYTES (64 * 1024)

const IscDatasetKindInfo *
isc_dataset_kind_get_info (IscDatasetKind kind)
{
  g_return_val_if_fail ((guint) kind < ISC_DATASET_N_KINDS, NULL);
  g_assert (kinds[kind].kind == kind);
  return &kinds[kind];
}

const char *
isc_dataset_kind_describe (IscDatasetKind kind)
{
  g_return_val_if_fail ((guint) kind < ISC_DATASET_N_KINDS, NULL);
  return _(kinds[kind].name);
}

const char *
isc_dataset_kind_get_icon (IscDatasetKind kind)
{
  if ((guint) kind >= ISC_DATASET_N_KINDS)
    return "text-x-generic-symbolic";
  return kinds[kind].icon_name;
}

const char *
isc_dataset_kind_to_string (IscDatasetKind kind)
{
  g_return_val_if_fail ((guint) kind < ISC_DATASET_N_KINDS, NULL);
  return kinds[kind].id;
}

gboolean
isc_dataset_kind_from_string (const char     *text,
                              IscDatasetKind *kind)
{
  g_return_val_if_fail (text != NULL && kind != NULL, FALSE);
  for (guint i = 0; i < ISC_DATASET_N_KINDS; i++)
    if (g_str_equal (text, kinds[i].id))
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* The suffix of @name after its last dot, lower case, or NULL (a dot in a folder name is none). */
static char *
name_suffix (const char *name)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || strchr (dot, '/') != NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return NULL;
  return g_ascii_strdown (dot + 1, -1);
}

gboolean
isc_dataset_kind_has_suffix (IscDatasetKind  kind,
                             const char     *name)
{
  g_autofree char *suffix = NULL;

  g_return_val_if_fail ((guint) kind < ISC_DATASET_N_KINDS, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  suffix = name_suffix (name);
  return suffix != NULL && g_strv_contains (kinds[kind].suffixes, suffix);
}

/* Does any kind with a sniff claim @suffix? Then the file's first bytes are worth reading. */
static gboolean
suffix_is_sniffed (const char *suffix)
{
  for (guint i = 0; i < ISC_DATASET_N_KINDS; i++)
    if (kinds[i].sniff != NULL && g_strv_contains (kinds[i].suffixes, suffix))
      return TRUE;
  return FALSE;
}

gboolean
isc_dataset_kind_guess_data (const char     *name,
                             const char     *head,
                             gsize           len,
                             IscDatasetKind *kind)
{
  g_autofree char *suffix = NULL;

  g_return_val_if_fail (name != NULL && kind != NULL, FALSE);
  suffix = name_suffix (name);
  if (suffix == NULL)
    return FALSE;

  /* A kind that recognises the bytes wins; then the first kind that takes the suffix as it is. */
  if (head != NULL)
    for (guint i = 0; i < ISC_DATASET_N_KINDS; i++)
      if (kinds[i].sniff != NULL && g_strv_contains (kinds[i].suffixes, suffix)
          && kinds[i].sniff (head, len))
        {
          *kind = kinds[i].kind;
          return TRUE;
        }
  for (guint i = 0; i < ISC_DATASET_N_KINDS; i++)
    if (kinds[i].sniff == NULL && g_strv_contains (kinds[i].suffixes, suffix))
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  /* Unreadable, with only sniffing kinds for the suffix (.dta, .z): trust the name. */
  if (head == NULL)
    for (guint i = 0; i < ISC_DATASET_N_KINDS; i++)
      if (g_strv_contains (kinds[i].suffixes, suffix))
        {
          *kind = kinds[i].kind;
          return TRUE;
        }
  return FALSE;
}

gboolean
isc_dataset_kind_guess (const char     *path,
                        IscDatasetKind *kind)
{
  g_autofree char *suffix = NULL;
  g_autofree char *head = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL && kind != NULL, FALSE);
  suffix = name_suffix (path);
  if (suffix == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    if (g_strv_contains (kinds[probes[i].kind].suffixes, suffix) && probes[i].probe (path))
      {
        *kind = probes[i].kind;
        return TRUE;
      }
  if (suffix_is_sniffed (suffix))
    {
      file = g_file_new_for_path (path);
      stream = g_file_read (file, NULL, NULL);
      if (stream != NULL)
        {
          head = g_malloc (SNIFF_BYTES + 1);
          if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, SNIFF_BYTES, &len, NULL, NULL))
            g_clear_pointer (&head, g_free);
          else
            head[len] = '\0';
        }
    }
  return isc_dataset_kind_guess_data (path, head, len, kind);
}
