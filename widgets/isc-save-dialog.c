/* isc-save-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "isc-save-dialog.h"

typedef struct
{
  GtkWidget           *from;            /* owned ref */
  const IscSaveFilter *filters;         /* static, owned by the caller */
  char                *default_suffix;  /* ".png", or NULL: keep the name as chosen */
  char                *error_title;
  IscSaveFunc          write;
  gpointer             data;
} SaveRequest;

static void
save_request_free (SaveRequest *request)
{
  g_object_unref (request->from);
  g_free (request->default_suffix);
  g_free (request->error_title);
  g_free (request);
}

void
isc_show_error (GtkWidget  *from,
                const char *primary,
                const char *secondary)
{
  GtkRoot *root = gtk_widget_get_root (from);
  GtkWidget *msg = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                           GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (msg), "%s", secondary);
  g_signal_connect (msg, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (msg));
}

/* Case-insensitive: "A.PNG" counts as a PNG. */
static gboolean
has_filter_suffix (const char          *path,
                   const IscSaveFilter *filters)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (const IscSaveFilter *f = filters; f != NULL && f->name != NULL; f++)
    for (guint i = 0; i < G_N_ELEMENTS (f->suffixes) && f->suffixes[i] != NULL; i++)
      {
        g_autofree char *dotted = g_strconcat (".", f->suffixes[i], NULL);

        if (g_str_has_suffix (lower, dotted))
          return TRUE;
      }
  return FALSE;
}

static void
on_response (GtkNativeDialog *dialog,
             int              response,
             SaveRequest     *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autofree char *with_suffix = NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL && request->default_suffix != NULL && !has_filter_suffix (path, request->filters))
        with_suffix = g_strconcat (path, request->default_suffix, NULL);
      if (path != NULL && !request->write (with_suffix != NULL ? with_suffix : path, request->data, &error)
          && request->error_title != NULL)
        isc_show_error (request->from, request->error_title, error != NULL ? error->message : "");
    }
  save_request_free (request);
  g_object_unref (dialog);
}

void
isc_save_dialog_run (GtkWidget           *from,
                     const char          *title,
                     const char          *accept_label,
                     const char          *suggested_name,
                     const IscSaveFilter *filters,
                     IscSaveDialogFlags   flags,
                     const char          *error_title,
                     IscSaveFunc          write,
                     gpointer             data)
{
  GtkRoot *root;
  GtkFileChooserNative *dialog;
  SaveRequest *request;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (title != NULL && accept_label != NULL);
  g_return_if_fail (write != NULL);

  root = gtk_widget_get_root (from);
  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, accept_label, _("_Cancel"));
  if (!(flags & ISC_SAVE_DIALOG_MODELESS))
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  for (const IscSaveFilter *f = filters; f != NULL && f->name != NULL; f++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(f->name));
      for (guint i = 0; i < G_N_ELEMENTS (f->suffixes) && f->suffixes[i] != NULL; i++)
        gtk_file_filter_add_suffix (filter, f->suffixes[i]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      g_object_unref (filter);
    }

  request = g_new0 (SaveRequest, 1);
  request->from = g_object_ref (from);
  request->filters = filters;
  if ((flags & ISC_SAVE_DIALOG_ADD_SUFFIX) && suggested_name != NULL && strrchr (suggested_name, '.') != NULL)
    request->default_suffix = g_strdup (strrchr (suggested_name, '.'));
  request->error_title = g_strdup (error_title);
  request->write = write;
  request->data = data;
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
