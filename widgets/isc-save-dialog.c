/* isc-save-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
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
  IscSaveDialogFlags   flags;
  GtkFileFilter       *initial_filter;  /* owned ref: the filter selected when shown */
  gboolean             reconciled;      /* the suffix was changed once: the next accept writes */
  IscFigureSaveFunc    figure_write;    /* a figure export: choices read into the options */
} SaveRequest;

/* The choices of the last figure export, for the next one. */
static IscFigureOptions last_figure;
static gboolean have_last_figure;
/* The last typed custom width, and whether it was typed in inches. */
static double last_custom_mm = 85;
static gboolean last_custom_inches;

static void
save_request_free (SaveRequest *request)
{
  g_object_unref (request->from);
  g_clear_object (&request->initial_filter);
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

static gboolean
has_suffix_of (const char          *path,
               const IscSaveFilter *f)
{
  IscSaveFilter one[2] = { *f, { NULL } };

  return has_filter_suffix (path, one);
}

/* The entry of @filters shown as the chooser's @filter. */
static const IscSaveFilter *
find_filter (const IscSaveFilter *filters,
             GtkFileFilter       *filter)
{
  const char *name = filter != NULL ? gtk_file_filter_get_name (filter) : NULL;

  for (const IscSaveFilter *f = filters; name != NULL && f != NULL && f->name != NULL; f++)
    if (g_strcmp0 (_(f->name), name) == 0)
      return f;
  return NULL;
}

/* @name less any filter's suffix, plus @f's first. */
static char *
name_with_suffix_of (const char          *name,
                     const IscSaveFilter *filters,
                     const IscSaveFilter *f)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gsize keep = strlen (name);

  for (const IscSaveFilter *g = filters; g->name != NULL; g++)
    for (guint i = 0; i < G_N_ELEMENTS (g->suffixes) && g->suffixes[i] != NULL; i++)
      {
        g_autofree char *dotted = g_strconcat (".", g->suffixes[i], NULL);

        if (g_str_has_suffix (lower, dotted) && strlen (dotted) < keep)
          {
            keep -= strlen (dotted);
            goto found;
          }
      }
found:
  return g_strdup_printf ("%.*s.%s", (int) keep, name, f->suffixes[0]);
}

static const char *const figure_choices[] = { "width", "aspect", "font", "dpi", "background" };

static void
read_figure_choices (GtkFileChooser   *chooser,
                     IscFigureOptions *o)
{
  const char *width = gtk_file_chooser_get_choice (chooser, "width");

  const char *aspect = gtk_file_chooser_get_choice (chooser, "aspect");
  const char *font = gtk_file_chooser_get_choice (chooser, "font");
  const char *dpi = gtk_file_chooser_get_choice (chooser, "dpi");
  const char *background = gtk_file_chooser_get_choice (chooser, "background");

  if (g_strcmp0 (width, "single") == 0)
    o->width_preset = ISC_FIGURE_WIDTH_SINGLE;
  else if (g_strcmp0 (width, "onehalf") == 0)
    o->width_preset = ISC_FIGURE_WIDTH_ONE_HALF;
  else if (g_strcmp0 (width, "double") == 0)
    o->width_preset = ISC_FIGURE_WIDTH_DOUBLE;
  else if (g_strcmp0 (width, "custom") == 0)
    {
      o->width_preset = ISC_FIGURE_WIDTH_CUSTOM;
      o->width_mm = last_custom_mm;
    }
  else if (width != NULL)
    {
      o->width_preset = ISC_FIGURE_WIDTH_CUSTOM;
      o->width_mm = g_ascii_strtod (width, NULL);
    }
  if (aspect != NULL)
    {
      o->aspect = g_ascii_strtod (aspect, NULL);
      o->height_mm = 0;
    }
  if (font != NULL)
    o->font_pt = g_ascii_strtod (font, NULL);
  if (dpi != NULL)
    o->dpi = g_ascii_strtod (dpi, NULL);
  if (g_strcmp0 (background, "black") == 0)
    o->background = ISC_FIGURE_BACKGROUND_BLACK;
  else if (g_strcmp0 (background, "transparent") == 0)
    o->background = ISC_FIGURE_BACKGROUND_TRANSPARENT;
  else if (background != NULL)
    o->background = ISC_FIGURE_BACKGROUND_WHITE;
}

/* Custom width: typed in mm or inches after the chooser, then the figure is written. */

typedef struct
{
  SaveRequest      *request;
  char             *path;
  IscFigureOptions  options;
  GtkWindow        *window;     /* borrowed: frees this struct when destroyed */
  GtkSpinButton    *spin;
  gboolean          inches;
} CustomWidth;

static void
custom_width_free (CustomWidth *cw)
{
  save_request_free (cw->request);
  g_free (cw->path);
  g_free (cw);
}

static void
custom_unit_changed (GtkDropDown *unit,
                     GParamSpec  *pspec,
                     CustomWidth *cw)
{
  GtkSpinButton *spin = cw->spin;
  gboolean inches = gtk_drop_down_get_selected (unit) == 1;

  /* The length stays; only its unit changes. */
  if (inches != cw->inches)
    gtk_spin_button_set_value (spin, inches ? gtk_spin_button_get_value (spin) / 25.4
                                            : gtk_spin_button_get_value (spin) * 25.4);
  cw->inches = inches;
}

static void
custom_cancel (CustomWidth *cw)
{
  gtk_window_destroy (cw->window);
}

static void
custom_export (CustomWidth *cw)
{
  GtkSpinButton *spin = cw->spin;
  SaveRequest *request = cw->request;
  g_autoptr(GError) error = NULL;
  double value;

  gtk_spin_button_update (spin);
  value = gtk_spin_button_get_value (spin);
  last_custom_inches = cw->inches;
  last_custom_mm = cw->inches ? value * 25.4 : value;
  cw->options.width_preset = ISC_FIGURE_WIDTH_CUSTOM;
  cw->options.width_mm = last_custom_mm;
  last_figure = cw->options;
  have_last_figure = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (cw->window), FALSE);
  if (!request->figure_write (cw->path, &cw->options, request->data, &error)
      && request->error_title != NULL)
    isc_show_error (request->from, request->error_title, error != NULL ? error->message : "");
  custom_cancel (cw);
}

static void
ask_custom_width (SaveRequest            *request,
                  const char             *path,
                  const IscFigureOptions *options)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/ionscape/Ionscape/ui/custom-width-dialog.ui");
  CustomWidth *cw = g_new0 (CustomWidth, 1);
  GtkRoot *root = gtk_widget_get_root (request->from);
  GtkWindow *window;
  GtkDropDown *unit;

  cw->request = request;
  cw->path = g_strdup (path);
  cw->options = *options;
  cw->window = window = GTK_WINDOW (gtk_builder_get_object (builder, "window"));
  cw->spin = GTK_SPIN_BUTTON (gtk_builder_get_object (builder, "width_spin"));
  unit = GTK_DROP_DOWN (gtk_builder_get_object (builder, "unit_dropdown"));
  gtk_spin_button_set_value (cw->spin, last_custom_inches ? last_custom_mm / 25.4 : last_custom_mm);
  cw->inches = last_custom_inches;
  gtk_drop_down_set_selected (unit, last_custom_inches ? 1 : 0);
  g_signal_connect (unit, "notify::selected", G_CALLBACK (custom_unit_changed), cw);
  g_signal_connect_swapped (gtk_builder_get_object (builder, "cancel_button"), "clicked",
                            G_CALLBACK (custom_cancel), cw);
  g_signal_connect_swapped (gtk_builder_get_object (builder, "export_button"), "clicked",
                            G_CALLBACK (custom_export), cw);
  gtk_window_set_default_widget (window, GTK_WIDGET (gtk_builder_get_object (builder, "export_button")));
  /* Freed with the window, however it closes. */
  g_signal_connect_swapped (window, "destroy", G_CALLBACK (custom_width_free), cw);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (window, GTK_WINDOW (root));
  gtk_window_present (window);
}

static void
on_response (GtkNativeDialog *dialog,
             int              response,
             SaveRequest     *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autofree char *with_suffix = NULL;
      g_autoptr(GError) error = NULL;
      GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);   /* borrowed */
      const IscSaveFilter *picked = find_filter (request->filters, filter);
      gboolean ok;

      /* A filter picked by the user and a name of another format: change the name where the
       * user sees it, and let the user accept it. */
      if (path != NULL && (request->flags & ISC_SAVE_DIALOG_MATCH_FILTER) && !request->reconciled
          && picked != NULL && filter != request->initial_filter
          && has_filter_suffix (path, request->filters) && !has_suffix_of (path, picked))
        {
          g_autofree char *base = g_file_get_basename (file);
          g_autofree char *renamed = name_with_suffix_of (base, request->filters, picked);
          g_autoptr(GFile) folder = g_file_get_parent (file);

          request->reconciled = TRUE;
          /* Shown again, the chooser starts from its stored choices: keep the user's. */
          if (request->figure_write != NULL)
            for (guint i = 0; i < G_N_ELEMENTS (figure_choices); i++)
              {
                g_autofree char *value = g_strdup (gtk_file_chooser_get_choice (chooser,
                                                                                figure_choices[i]));

                if (value != NULL)
                  gtk_file_chooser_set_choice (chooser, figure_choices[i], value);
              }
          if (folder != NULL)
            gtk_file_chooser_set_current_folder (chooser, folder, NULL);
          gtk_file_chooser_set_current_name (chooser, renamed);
          gtk_native_dialog_show (dialog);
          return;
        }
      if (path != NULL && request->default_suffix != NULL && !has_filter_suffix (path, request->filters))
        {
          /* No suffix: the picked filter's, else the suggested name's. */
          if (picked != NULL && (request->flags & ISC_SAVE_DIALOG_MATCH_FILTER))
            with_suffix = g_strconcat (path, ".", picked->suffixes[0], NULL);
          else
            with_suffix = g_strconcat (path, request->default_suffix, NULL);
        }
      if (path != NULL && request->figure_write != NULL)
        {
          IscFigureOptions options;

          isc_save_dialog_get_figure_options (&options);
          read_figure_choices (chooser, &options);
          if (g_strcmp0 (gtk_file_chooser_get_choice (chooser, "width"), "custom") == 0)
            {
              ask_custom_width (request, with_suffix != NULL ? with_suffix : path, &options);
              g_object_unref (dialog);
              return;
            }
          last_figure = options;
          have_last_figure = TRUE;
          ok = request->figure_write (with_suffix != NULL ? with_suffix : path, &options,
                                      request->data, &error);
        }
      else
        ok = path == NULL
             || request->write (with_suffix != NULL ? with_suffix : path, request->data, &error);
      if (!ok && request->error_title != NULL)
        isc_show_error (request->from, request->error_title, error != NULL ? error->message : "");
    }
  save_request_free (request);
  g_object_unref (dialog);
}

static GtkFileChooserNative *
save_dialog_new (GtkWidget           *from,
                 const char          *title,
                 const char          *accept_label,
                 const char          *suggested_name,
                 const IscSaveFilter *filters,
                 IscSaveDialogFlags   flags,
                 const char          *error_title,
                 SaveRequest        **out_request)
{
  GtkRoot *root;
  GtkFileChooserNative *dialog;
  SaveRequest *request;
  GtkFileFilter *first = NULL, *suggested = NULL;

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
      if (first == NULL)
        first = filter;
      if (suggested == NULL && suggested_name != NULL && has_suffix_of (suggested_name, f))
        suggested = filter;
      g_object_unref (filter);
    }

  request = g_new0 (SaveRequest, 1);
  request->from = g_object_ref (from);
  request->filters = filters;
  if ((flags & ISC_SAVE_DIALOG_ADD_SUFFIX) && suggested_name != NULL && strrchr (suggested_name, '.') != NULL)
    request->default_suffix = g_strdup (strrchr (suggested_name, '.'));
  request->error_title = g_strdup (error_title);
  request->flags = flags;
  if (suggested != NULL || first != NULL)
    {
      /* The suggested name's format is the one shown; a change of it is the user's. */
      gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), suggested != NULL ? suggested : first);
      g_set_object (&request->initial_filter, gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog)));
    }
  *out_request = request;
  return dialog;
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
  GtkFileChooserNative *dialog;
  SaveRequest *request;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (title != NULL && accept_label != NULL);
  g_return_if_fail (write != NULL);

  dialog = save_dialog_new (from, title, accept_label, suggested_name, filters, flags, error_title,
                            &request);
  request->write = write;
  request->data = data;
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
isc_save_dialog_get_figure_options (IscFigureOptions *options)
{
  g_return_if_fail (options != NULL);

  if (have_last_figure)
    *options = last_figure;
  else
    isc_figure_options_init (options);
}

/* GTK 4.8's chooser ignores gtk_file_chooser_set_choice () for lists and shows the first
 * option: the selected option is put first. */
static void
add_choice (GtkFileChooser *chooser,
            const char     *id,
            const char     *label,
            const char    **options,
            const char    **labels,
            const char     *selected)
{
  guint n = g_strv_length ((char **) options), k = 1;
  g_autofree const char **o = g_new0 (const char *, n + 1);
  g_autofree const char **l = g_new0 (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (options[i], selected) == 0)
      {
        o[0] = options[i];
        l[0] = labels[i];
      }
  if (o[0] == NULL)
    {
      o[0] = options[0];
      l[0] = labels[0];
    }
  for (guint i = 0; i < n; i++)
    if (options[i] != o[0])
      {
        o[k] = options[i];
        l[k++] = labels[i];
      }
  gtk_file_chooser_add_choice (chooser, id, label, o, l);
  gtk_file_chooser_set_choice (chooser, id, o[0]);
}

const IscSaveFilter isc_save_dialog_figure_filters[] = {
  { N_("PDF (vector)"), { "pdf" } },
  { N_("SVG (vector)"), { "svg" } },
  { N_("PNG (raster)"), { "png" } },
  { N_("TIFF (raster, LZW)"), { "tif", "tiff" } },
  { NULL },
};

void
isc_save_dialog_run_csv (GtkWidget   *from,
                         const char  *title,
                         const char  *suggested_name,
                         const char  *error_title,
                         IscSaveFunc  write,
                         gpointer     data)
{
  static const IscSaveFilter filters[] = {
    { N_("CSV (comma-separated values)"), { "csv" } },
    { NULL },
  };

  isc_save_dialog_run (from, title, _("_Export"), suggested_name, filters, ISC_SAVE_DIALOG_DEFAULT,
                       error_title, write, data);
}

void
isc_save_dialog_run_figure (GtkWidget              *from,
                            const char             *title,
                            const char             *suggested_name,
                            const IscFigureOptions *initial,
                            const char             *error_title,
                            IscFigureSaveFunc       write,
                            gpointer                data)
{
  const IscSaveFilter *filters = isc_save_dialog_figure_filters;
  static const char *width_ids[] = { "single", "onehalf", "double", "88.9", "177.8", "custom", NULL };
  static const char *aspect_ids[] = { "0.75", "0.618", "0.5625", "1", "0.5", "0.3333", "1.333",
                                      NULL };
  static const char *font_ids[] = { "6", "7", "8", "9", "10", "12", NULL };
  static const char *dpi_ids[] = { "300", "600", "1200", NULL };
  static const char *background_ids[] = { "white", "black", "transparent", NULL };
  const char *width_labels[] = { _("85 mm (one column)"), _("120 mm (1.5 columns)"),
                                 _("180 mm (two columns)"), _("3.5 in"), _("7 in"),
                                 _("Custom width…"), NULL };
  const char *aspect_labels[] = { _("3:4"), _("Golden ratio"), _("9:16"), _("Square"), _("1:2"),
                                  _("1:3"), _("4:3 (tall)"), NULL };
  const char *font_labels[] = { _("6 pt"), _("7 pt"), _("8 pt"), _("9 pt"), _("10 pt"),
                                _("12 pt"), NULL };
  const char *dpi_labels[] = { _("300 dpi"), _("600 dpi"), _("1200 dpi"), NULL };
  const char *background_labels[] = { _("White"), _("Black"), _("Transparent"), NULL };
  GtkFileChooserNative *dialog;
  GtkFileChooser *chooser;
  SaveRequest *request;
  IscFigureOptions o;
  g_autofree char *width = NULL, *aspect = NULL, *font = NULL, *dpi = NULL;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (title != NULL && write != NULL);

  if (initial != NULL)
    o = *initial;
  else
    isc_save_dialog_get_figure_options (&o);
  dialog = save_dialog_new (from, title, _("_Export"), suggested_name, filters,
                            ISC_SAVE_DIALOG_ADD_SUFFIX | ISC_SAVE_DIALOG_MATCH_FILTER, error_title,
                            &request);
  request->figure_write = write;
  request->data = data;
  chooser = GTK_FILE_CHOOSER (dialog);

  /* The nearest offered value of each option is selected. */
  width = g_strdup (o.width_preset == ISC_FIGURE_WIDTH_ONE_HALF ? "onehalf"
                    : o.width_preset == ISC_FIGURE_WIDTH_DOUBLE ? "double"
                    : o.width_preset == ISC_FIGURE_WIDTH_CUSTOM && fabs (o.width_mm - 88.9) < 0.5 ? "88.9"
                    : o.width_preset == ISC_FIGURE_WIDTH_CUSTOM && fabs (o.width_mm - 177.8) < 0.5 ? "177.8"
                    : o.width_preset == ISC_FIGURE_WIDTH_CUSTOM ? "custom"
                    : "single");
  {
    double a = isc_figure_options_height_mm (&o) / isc_figure_options_width_mm (&o), best = G_MAXDOUBLE;

    for (guint i = 0; aspect_ids[i] != NULL; i++)
      if (fabs (g_ascii_strtod (aspect_ids[i], NULL) - a) < best)
        {
          best = fabs (g_ascii_strtod (aspect_ids[i], NULL) - a);
          g_free (aspect);
          aspect = g_strdup (aspect_ids[i]);
        }
  }
  font = g_strdup_printf ("%d", (int) CLAMP (lround (o.font_pt), 6, 12));
  if (!g_strv_contains (font_ids, font))
    {
      g_free (font);
      font = g_strdup ("8");
    }
  dpi = g_strdup (o.dpi >= 1000 ? "1200" : o.dpi >= 450 ? "600" : "300");

  add_choice (chooser, "width", _("Width"), width_ids, width_labels, width);
  add_choice (chooser, "aspect", _("Height"), aspect_ids, aspect_labels, aspect);
  add_choice (chooser, "font", _("Text"), font_ids, font_labels, font);
  add_choice (chooser, "dpi", _("Resolution"), dpi_ids, dpi_labels, dpi);
  add_choice (chooser, "background", _("Background"), background_ids, background_labels,
              background_ids[o.background]);

  g_signal_connect (dialog, "response", G_CALLBACK (on_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
