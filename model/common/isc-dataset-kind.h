/* isc-dataset-kind.h: the registry of dataset kinds.
 *
 * Every kind of data Ionscape reads (APT data, range files, images, cycler tables, impedance
 * spectra, …) is one IscDatasetKindInfo row: its id (the string the project file stores), its
 * display name, its file suffixes, a sniff on the first bytes for suffixes several kinds share
 * (.mpt, .csv, .txt), its sidebar icon and its `ionscape-cli info` summary. Opening a file, the
 * Open dialog's filters, the project file and the sidebar walk this table. The page that shows a
 * kind is registered one floor up, in app/isc-window-kinds.c, so this layer stays GTK-free.
 *
 * To add a kind:
 *   1. add ISC_DATASET_NAME just before ISC_DATASET_N_KINDS below (values are never stored:
 *      the project file keeps the id string);
 *   2. add its row, in the same place, to kinds[] in isc-dataset-kind.c; give it a sniff
 *      function when it shares a suffix with another kind (a kind whose sniff accepts the file
 *      wins over every kind without a sniff; among sniffing kinds the first row that accepts
 *      wins, so keep sniffs strict: see model/eis/eis-kind.c);
 *   3. add its entry to kind_pages[] in app/isc-window-kinds.c (how the window opens it); a page
 *      made on first use adds a row to made_pages[] there, which gives it its stack page and
 *      sidebar row, and a file read in a worker goes through load_in_job (see open_thermal);
 *   4. translate its display name in po/de.po and po/ko.po; add its fixtures to
 *      tests/common/test-dataset-kind.c (sniff-fixtures, sniff-other-text).
 * A kind that shares a binary container with another (an EELS spectrum and a STEM image are both
 * .dm3) and can only be told by what lies past the first bytes (a DM spectrum's energy axis
 * follows its thumbnail) also gets a row in probes[] in isc-dataset-kind.c: a check on the path,
 * asked before the sniffs and only by isc_dataset_kind_guess ().
 * An image series (a multi-frame TIFF of a heating experiment) is the image kind: its page
 * shows "In Situ" when the file holds more than one frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  ISC_DATASET_APT,      /* an APT reconstruction (.pos, .epos, .apt, …) */
  ISC_DATASET_RANGES,   /* a range file (.rrng, .rng, .env) */
  ISC_DATASET_STEM,     /* a (S)TEM image or an image series */
  ISC_DATASET_CYCLER,   /* electrochemical cycler data */
  ISC_DATASET_EIS,      /* impedance spectra (.mpt PEIS, .DTA, .z, .csv) */
  ISC_DATASET_XRD,      /* X-ray diffraction patterns and series (.xrdml, .brml, .raw, .xy, …) */
  ISC_DATASET_THERMAL,  /* thermal analysis: TGA mass, DTA/DSC signal (.txt, .csv exports) */
  ISC_DATASET_EELS,     /* energy-loss spectra, line scans, spectrum images (.msa, .dm3/.dm4, .emd) */
  ISC_DATASET_DIFFRACTION, /* electron diffraction (SAED) patterns (.dm3, .dm4, .tif, .emd) */
  ISC_DATASET_N_KINDS
} IscDatasetKind;

/* TRUE when the first @len bytes of a file (at most 64 KiB, @len may be shorter than the file)
 * are of this kind. */
typedef gboolean  (*IscDatasetKindSniffFunc)   (const char *head,
                                                gsize       len);
/* A JSON object describing the file at @path for `ionscape-cli info` (transfer full), or NULL
 * with @error set. */
typedef JsonNode *(*IscDatasetKindSummaryFunc) (const char  *path,
                                                GError     **error);

typedef struct
{
  IscDatasetKind             kind;
  const char                *id;          /* stored in the project file: "apt", "eis" */
  const char                *name;        /* untranslated display name, plural: "APT data" */
  const char * const        *suffixes;    /* lower case without the dot, NULL-terminated */
  IscDatasetKindSniffFunc    sniff;       /* NULL: every file with one of the suffixes */
  const char                *icon_name;   /* symbolic icon of its sidebar rows */
  IscDatasetKindSummaryFunc  summarize;   /* NULL: `info` has its own code for the kind */
} IscDatasetKindInfo;

/* The row of @kind (static, never NULL for a valid kind). */
const IscDatasetKindInfo *isc_dataset_kind_get_info     (IscDatasetKind  kind);
/* The translated display name. */
const char               *isc_dataset_kind_describe     (IscDatasetKind  kind);
const char               *isc_dataset_kind_get_icon     (IscDatasetKind  kind);

const char               *isc_dataset_kind_to_string    (IscDatasetKind  kind);
gboolean                  isc_dataset_kind_from_string  (const char     *text,
                                                         IscDatasetKind *kind);

/* Guesses the kind of @path from its suffix, reading the first bytes when several kinds share
 * the suffix; a file that cannot be read falls to the kind without a sniff. FALSE when unknown. */
gboolean                  isc_dataset_kind_guess        (const char     *path,
                                                         IscDatasetKind *kind);
/* The same with the first bytes given (@head may be NULL: the name alone decides). */
gboolean                  isc_dataset_kind_guess_data   (const char     *name,
                                                         const char     *head,
                                                         gsize           len,
                                                         IscDatasetKind *kind);
/* TRUE when @name ends in one of @kind's suffixes (any case). */
gboolean                  isc_dataset_kind_has_suffix   (IscDatasetKind  kind,
                                                         const char     *name);

G_END_DECLS
