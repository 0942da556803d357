/* isc-window-cycler.c: battery-cycler files in the window, with the column-mapping dialog when
 * a table's column names say nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "column-map-dialog.h"
#include "cycling-data.h"
#include "isc-job.h"
#include "isc-window-private.h"

/* ---- Cycler data -------------------------------------------------------------------- */

/* What a cycler job reads, and where the result goes. */
typedef struct
{
  char *path;
  gboolean has_map;
  IscCyclingColumnMap map;   /* the user's column mapping, when has_map */
  int replace;               /* cell of the cycling view to replace, or -1 to add one */
} CyclerLoad;

static CyclerLoad *
cycler_load_new (const char                *path,
                 const IscCyclingColumnMap *map,
                 int                        replace)
{
  CyclerLoad *load = g_new0 (CyclerLoad, 1);

  load->path = g_strdup (path);
  load->has_map = map != NULL;
  if (map != NULL)
    load->map = *map;
  load->replace = replace;
  return load;
}

static void
cycler_load_free (CyclerLoad *load)
{
  g_free (load->path);
  g_free (load);
}

static gpointer
cycler_load_job (gpointer          input,
                 GCancellable     *cancellable,
                 IscProgressFunc   progress,
                 gpointer          progress_data,
                 GError          **error)
{
  CyclerLoad *load = input;

  return isc_cycling_load_full (load->path, ISC_CYCLER_AUTO, load->has_map ? &load->map : NULL, cancellable,
                                progress, progress_data, error);
}

static void start_cycler_load (IscWindow                 *self,
                               const char                *path,
                               const IscCyclingColumnMap *map,
                               int                        replace);

static void
mapping_chosen_cb (IscColumnMapDialog        *dialog,
                   const IscCyclingColumnMap *map,
                   IscWindow                 *self)
{
  int replace = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "isc-replace-cell"));

  start_cycler_load (self, isc_column_map_dialog_get_path (dialog), map, replace);
}

/* Asks which column holds what (@initial: NULL = guess), then loads again with that. */
static void
ask_cycler_columns (IscWindow                 *self,
                    const char                *path,
                    const IscCyclingColumnMap *initial,
                    int                        replace)
{
  g_autoptr(GError) error = NULL;
  IscColumnMapDialog *dialog = isc_column_map_dialog_new (GTK_WINDOW (self), path, initial, &error);

  if (dialog == NULL)
    {
      _isc_window_report_error (self, error);
      return;
    }
  g_object_set_data (G_OBJECT (dialog), "isc-replace-cell", GINT_TO_POINTER (replace));
  g_signal_connect_object (dialog, "mapping-chosen", G_CALLBACK (mapping_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_isc_window_columns_requested (IscCyclingView            *view,
                               guint                      cell,
                               const char                *path,
                               const IscCyclingColumnMap *columns,
                               IscWindow                 *self)
{
  /* A cell read without a table map (binary) starts from the guess. */
  ask_cycler_columns (self, path, columns != NULL && columns->index[ISC_CYCLING_COL_TIME] >= 0 ? columns : NULL,
                      (int) cell);
}

static void
cycler_load_done (IscWindow    *self,
                  gpointer      data,
                  const GError *error,
                  gpointer      user_data)
{
  CyclerLoad *load = user_data;
  g_autofree char *label = g_path_get_basename (load->path);

  if (error != NULL && g_error_matches (error, ISC_CYCLING_ERROR, ISC_CYCLING_ERROR_COLUMNS) && !load->has_map)
    /* The column names told nothing: let the user say which is which. */
    ask_cycler_columns (self, load->path, NULL, load->replace);
  else if (error != NULL)
    _isc_window_report_error (self, error);
  else
    {
      /* Cells accumulate, so several cells (e.g. two calcinations) compare in one view;
       * a new column mapping replaces the cell it was chosen for. */
      if (load->replace >= 0)
        isc_cycling_view_replace_cell (self->cycling_view, (guint) load->replace, label, data);
      else
        isc_cycling_view_add_cell (self->cycling_view, label, data);
      gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->cycling_view));
      _isc_window_remember (self, load->path);
    }
  cycler_load_free (load);
}

static void
start_cycler_load (IscWindow                 *self,
                   const char                *path,
                   const IscCyclingColumnMap *map,
                   int                        replace)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *label = g_strdup_printf (_("Loading %s…"), name);

  isc_job_run (self, label, cycler_load_job, cycler_load_new (path, map, replace),
               (GDestroyNotify) cycler_load_free, (GDestroyNotify) isc_cycling_data_free, cycler_load_done,
               cycler_load_new (path, map, replace));
}

void
_isc_window_open_cycler (IscWindow  *self,
                         const char *path)
{
  start_cycler_load (self, path, NULL, -1);
}
