/* isc-file-kind.h: which family a file belongs to, judged by its name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ISC_FILE_KIND_UNKNOWN,
  ISC_FILE_KIND_APT_DATA,   /* .pos .epos .apt .ato .nxs .h5 (NXapm) */
  ISC_FILE_KIND_RANGES,     /* .rrng .rng .env */
  ISC_FILE_KIND_IMAGE,      /* .dm3 .dm4 .emd .ser .tif .tiff .mrc */
  ISC_FILE_KIND_CYCLER,     /* .mpt .mpr .csv .txt .res */
  ISC_FILE_KIND_PROJECT,    /* .ionscape */
} IscFileKind;

IscFileKind  isc_file_kind_from_name    (const char  *filename);
const char  *isc_file_kind_describe     (IscFileKind  kind);

/* NULL-terminated suffix lists ("pos", "epos", …) for file-chooser filters. */
const char * const *isc_file_kind_suffixes (IscFileKind kind);

G_END_DECLS
