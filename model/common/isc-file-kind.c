/* isc-file-kind.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gi18n.h>

#include "isc-file-kind.h"

static const char * const apt_suffixes[] = { "pos", "epos", "apt", "ato", "nxs", "h5", NULL };
static const char * const range_suffixes[] = { "rrng", "rng", "env", NULL };
static const char * const image_suffixes[] = { "dm3", "dm4", "emd", "ser", "tif", "tiff", "mrc", NULL };
static const char * const cycler_suffixes[] = { "mpt", "mpr", "csv", "txt", "res", NULL };
static const char * const project_suffixes[] = { "ionscape", NULL };
static const char * const no_suffixes[] = { NULL };

const char * const *
isc_file_kind_suffixes (IscFileKind kind)
{
  switch (kind)
    {
    case ISC_FILE_KIND_APT_DATA: return apt_suffixes;
    case ISC_FILE_KIND_RANGES:   return range_suffixes;
    case ISC_FILE_KIND_IMAGE:    return image_suffixes;
    case ISC_FILE_KIND_CYCLER:   return cycler_suffixes;
    case ISC_FILE_KIND_PROJECT:  return project_suffixes;
    case ISC_FILE_KIND_UNKNOWN:
    default:                     return no_suffixes;
    }
}

IscFileKind
isc_file_kind_from_name (const char *filename)
{
  const char *dot;
  g_autofree char *suffix = NULL;

  g_return_val_if_fail (filename != NULL, ISC_FILE_KIND_UNKNOWN);

  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return ISC_FILE_KIND_UNKNOWN;
  suffix = g_ascii_strdown (dot + 1, -1);

  for (IscFileKind kind = ISC_FILE_KIND_APT_DATA; kind <= ISC_FILE_KIND_PROJECT; kind++)
    if (g_strv_contains (isc_file_kind_suffixes (kind), suffix))
      return kind;
  return ISC_FILE_KIND_UNKNOWN;
}

const char *
isc_file_kind_describe (IscFileKind kind)
{
  switch (kind)
    {
    case ISC_FILE_KIND_APT_DATA: return _("APT data");
    case ISC_FILE_KIND_RANGES:   return _("Range files");
    case ISC_FILE_KIND_IMAGE:    return _("Microscope images");
    case ISC_FILE_KIND_CYCLER:   return _("Cycler data");
    case ISC_FILE_KIND_PROJECT:  return _("Ionscape projects");
    case ISC_FILE_KIND_UNKNOWN:
    default:                     return _("Unknown");
    }
}
