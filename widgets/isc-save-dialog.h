/* isc-save-dialog.h: the one "save to a file" flow of the widgets: a native chooser in save mode
 * with filters and a suggested name; on accept the caller's write function gets the chosen path,
 * and a failure is shown in an error dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "figure-options.h"

G_BEGIN_DECLS

/* One filter of the chooser. @name is untranslated (mark it with N_()); @suffixes are lower-case,
 * without the dot, NULL-terminated ("tif", "tiff"). A list of filters ends with { NULL }. */
typedef struct
{
  const char *name;
  const char *suffixes[3];
} IscSaveFilter;

typedef enum
{
  ISC_SAVE_DIALOG_DEFAULT    = 0,
  /* A chosen name that ends with no filter's suffix gets the suggested name's suffix. */
  ISC_SAVE_DIALOG_ADD_SUFFIX = 1 << 0,
  /* Keep the parent window usable while the chooser is open. */
  ISC_SAVE_DIALOG_MODELESS   = 1 << 1,
  /* When the user picks a filter and accepts a name whose suffix belongs to another filter, the
   * suffix is changed to the picked filter's in the chooser, which stays open to show it; the
   * next accept writes. The file's format then always follows its name. */
  ISC_SAVE_DIALOG_MATCH_FILTER = 1 << 2,
} IscSaveDialogFlags;

/* Writes to @path (absolute, in the file-system encoding). Returns FALSE with @error set on failure. */
typedef gboolean (*IscSaveFunc) (const char  *path,
                                 gpointer     data,
                                 GError     **error);

/* Opens the chooser over @from's window. @from is kept alive until the chooser closes; @write is
 * called with @data only when the user accepts a local file. When @write fails, an error dialog
 * shows @error_title (translated) over the error's message; with @error_title NULL the failure is
 * left to @write to report. @title and @accept_label are translated; @filters may be NULL, else
 * it must outlive the chooser (a static array). */
void isc_save_dialog_run (GtkWidget           *from,
                          const char          *title,
                          const char          *accept_label,
                          const char          *suggested_name,
                          const IscSaveFilter *filters,
                          IscSaveDialogFlags   flags,
                          const char          *error_title,
                          IscSaveFunc          write,
                          gpointer             data);

/* A table's export: isc_save_dialog_run () with the one CSV filter and an "Export" button. */
void isc_save_dialog_run_csv (GtkWidget   *from,
                              const char  *title,
                              const char  *suggested_name,
                              const char  *error_title,
                              IscSaveFunc  write,
                              gpointer     data);

/* The filters of a figure export (PDF, SVG, PNG, TIFF), as isc_save_dialog_run_figure () offers
 * them, for a figure that is written without its choices. */
extern const IscSaveFilter isc_save_dialog_figure_filters[];

/* Writes a figure with @options to @path (the format follows its suffix). */
typedef gboolean (*IscFigureSaveFunc) (const char              *path,
                                       const IscFigureOptions  *options,
                                       gpointer                 data,
                                       GError                 **error);

/* The export of a figure: the chooser with PDF, SVG, PNG and TIFF filters (matched to the name as
 * ISC_SAVE_DIALOG_MATCH_FILTER), and choices for the width (journal columns), height (aspect),
 * text size, resolution and background, starting from the last export's (or @initial, when
 * given). @suggested_name's suffix picks the first format. */
void isc_save_dialog_run_figure (GtkWidget              *from,
                                 const char             *title,
                                 const char             *suggested_name,
                                 const IscFigureOptions *initial,
                                 const char             *error_title,
                                 IscFigureSaveFunc       write,
                                 gpointer                data);
/* The choices of the last figure export in this process (the defaults before any). */
void isc_save_dialog_get_figure_options (IscFigureOptions *options);

/* Shows a modal error dialog with @primary over @secondary, transient for @from's window. */
void isc_show_error      (GtkWidget           *from,
                          const char          *primary,
                          const char          *secondary);

G_END_DECLS
