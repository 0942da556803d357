/* column-map-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "column-map-dialog.h"
#include "isc-widgets.h"

#define PREVIEW_ROWS 12

typedef struct
{
  const char *label;   /* a unit symbol, not translated */
  double scale;        /* to s, V, mA or mAh */
} Unit;

static const Unit time_units[] = { { "s", 1 }, { "min", 60 }, { "h", 3600 }, { NULL, 0 } };
static const Unit voltage_units[] = { { "V", 1 }, { "mV", 1e-3 }, { NULL, 0 } };
static const Unit current_units[] = { { "mA", 1 }, { "A", 1000 }, { "µA", 1e-3 }, { NULL, 0 } };
static const Unit capacity_units[] = { { "mAh", 1 }, { "Ah", 1000 }, { "µAh", 1e-3 }, { NULL, 0 } };

typedef struct
{
  IscCyclingColumn column;
  const char *name;      /* N_() */
  const Unit *units;     /* NULL: a count or a label */
} FieldInfo;

/* In the order shown. */
static const FieldInfo field_info[] = {
  { ISC_CYCLING_COL_TIME, N_("_Time"), time_units },
  { ISC_CYCLING_COL_VOLTAGE, N_("_Voltage"), voltage_units },
  { ISC_CYCLING_COL_CURRENT, N_("C_urrent"), current_units },
  { ISC_CYCLING_COL_CHARGE_CAPACITY, N_("C_harge capacity"), capacity_units },
  { ISC_CYCLING_COL_DISCHARGE_CAPACITY, N_("_Discharge capacity"), capacity_units },
  { ISC_CYCLING_COL_CAPACITY, N_("Capacity (_both directions)"), capacity_units },
  { ISC_CYCLING_COL_CYCLE, N_("C_ycle index"), NULL },
  { ISC_CYCLING_COL_STEP, N_("_Step"), NULL },
  { ISC_CYCLING_COL_STATE, N_("State (charge/disc_harge)"), NULL },
};

typedef struct
{
  const FieldInfo *info;
  GtkDropDown *columns;   /* 0 = (none), k = column k - 1 */
  GtkDropDown *units;     /* NULL without units */
  GArray *scales;         /* double per unit entry */
} Field;

struct _IscColumnMapDialog
{
  GtkWindow parent_instance;

  IscCyclingTablePreview *preview;
  Field fields[ISC_CYCLING_N_COLS];   /* indexed by IscCyclingColumn */
  GtkWidget *problem_label;
  GtkWidget **roles;                  /* one label per file column under its name */
  char *problem;
  gboolean building;
};

enum
{
  MAPPING_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static IscCyclingColumnMap *
column_map_copy (const IscCyclingColumnMap *map)
{
  return g_memdup2 (map, sizeof *map);
}

G_DEFINE_BOXED_TYPE (IscCyclingColumnMap, isc_cycling_column_map, column_map_copy, g_free)
G_DEFINE_FINAL_TYPE (IscColumnMapDialog, isc_column_map_dialog, GTK_TYPE_WINDOW)

static const char *
column_name (IscColumnMapDialog *self,
             int                 index)
{
  const char *name = self->preview->headers[index];

  return *name != '\0' ? name : _("(unnamed)");
}

/* A field's translated name without its mnemonic underscore. */
static char *
plain_name (const FieldInfo *info)
{
  const char *name = _(info->name);
  GString *s = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

static void
read_map (IscColumnMapDialog  *self,
          IscCyclingColumnMap *map)
{
  isc_cycling_column_map_init (map);
  for (guint c = 0; c < ISC_CYCLING_N_COLS; c++)
    {
      Field *f = &self->fields[c];
      guint sel = gtk_drop_down_get_selected (f->columns);

      map->index[c] = sel != GTK_INVALID_LIST_POSITION && sel > 0 ? (int) sel - 1 : -1;
      if (f->units != NULL)
        {
          guint u = gtk_drop_down_get_selected (f->units);

          if (u < f->scales->len)
            map->scale[c] = g_array_index (f->scales, double, u);
        }
    }
}

/* Whether the table reader will take @field as a number (or, for the time, as a clock). */
static gboolean
looks_numeric (const char *field,
               gboolean    decimal_comma,
               gboolean    clock_allowed)
{
  g_autofree char *s = g_strdup (field);
  char *end;

  g_strstrip (g_strdelimit (s, "\"", ' '));
  if (decimal_comma)
    g_strdelimit (s, ",", '.');
  if (clock_allowed && strchr (s, ':') != NULL && g_ascii_isdigit (*s))
    return TRUE;
  g_ascii_strtod (s, &end);
  return *s != '\0' && end != s && *end == '\0';
}

/* What the table reader needs (cycling-table.c read_table): time and voltage, and a current or
 * a capacity; split capacities count only in pairs. A column cannot mean two things. */
static char *
find_problem (IscColumnMapDialog        *self,
              const IscCyclingColumnMap *map)
{
  const int *ix = map->index;

  if (ix[ISC_CYCLING_COL_TIME] < 0)
    return g_strdup (_("Choose the column that holds the time."));
  if (ix[ISC_CYCLING_COL_VOLTAGE] < 0)
    return g_strdup (_("Choose the column that holds the voltage."));
  if ((ix[ISC_CYCLING_COL_CHARGE_CAPACITY] < 0) != (ix[ISC_CYCLING_COL_DISCHARGE_CAPACITY] < 0))
    return g_strdup (_("Choose both the charge and the discharge capacity, or neither."));
  if (ix[ISC_CYCLING_COL_CURRENT] < 0 && ix[ISC_CYCLING_COL_CHARGE_CAPACITY] < 0
      && ix[ISC_CYCLING_COL_CAPACITY] < 0)
    return g_strdup (_("Choose the current, or the capacity columns to derive it from."));
  for (guint a = 0; a < ISC_CYCLING_N_COLS; a++)
    for (guint b = a + 1; b < ISC_CYCLING_N_COLS; b++)
      if (ix[a] >= 0 && ix[a] == ix[b])
        {
          g_autofree char *na = plain_name (self->fields[a].info);
          g_autofree char *nb = plain_name (self->fields[b].info);

          return g_strdup_printf (_("Column “%s” is chosen both as %s and as %s."), column_name (self, ix[a]),
                                  na, nb);
        }
  /* Quantities the reader parses as numbers: a text column would fail on its first row. */
  for (guint c = 0; c < ISC_CYCLING_N_COLS; c++)
    {
      if (ix[c] < 0 || c == ISC_CYCLING_COL_STATE || c == ISC_CYCLING_COL_STEP)
        continue;
      for (guint r = 0; r < self->preview->rows->len; r++)
        {
          char **row = g_ptr_array_index (self->preview->rows, r);
          g_autofree char *name = NULL;

          if (g_strv_length (row) <= (guint) ix[c]
              || looks_numeric (row[ix[c]], self->preview->decimal_comma, c == ISC_CYCLING_COL_TIME))
            continue;
          name = plain_name (self->fields[c].info);
          return g_strdup_printf (_("Column “%s” holds “%s” in data row %u, not a number for %s."),
                                  column_name (self, ix[c]), row[ix[c]], r + 1, name);
        }
    }
  return NULL;
}

static void
update (IscColumnMapDialog *self)
{
  IscCyclingColumnMap map;

  if (self->building)
    return;
  read_map (self, &map);
  g_clear_pointer (&self->problem, g_free);
  self->problem = find_problem (self, &map);
  isc_label_set_status (self->problem_label, self->problem);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "column-map.accept", self->problem == NULL);

  for (guint k = 0; k < self->preview->n_columns; k++)
    gtk_label_set_text (GTK_LABEL (self->roles[k]), "");
  for (guint c = 0; c < ISC_CYCLING_N_COLS; c++)
    {
      Field *f = &self->fields[c];
      int ix = map.index[c];

      if (f->units != NULL)
        gtk_widget_set_sensitive (GTK_WIDGET (f->units), ix >= 0);
      if (ix >= 0 && (guint) ix < self->preview->n_columns)
        {
          g_autofree char *plain = plain_name (f->info);
          const char *old = gtk_label_get_text (GTK_LABEL (self->roles[ix]));
          GString *s = g_string_new (plain);

          if (*old != '\0')
            g_string_prepend (s, ", ");
          g_string_prepend (s, old);
          gtk_label_set_text (GTK_LABEL (self->roles[ix]), s->str);
          g_string_free (s, TRUE);
        }
    }
}

static void
on_changed (GObject            *dropdown,
            GParamSpec         *pspec,
            IscColumnMapDialog *self)
{
  update (self);
}

static void
action_accept (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  IscColumnMapDialog *self = ISC_COLUMN_MAP_DIALOG (widget);
  IscCyclingColumnMap map;

  g_autofree char *problem = NULL;

  read_map (self, &map);
  problem = find_problem (self, &map);
  if (problem != NULL)
    return;
  g_object_ref (self);
  g_signal_emit (self, signals[MAPPING_CHOSEN], 0, &map);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
isc_column_map_dialog_dispose (GObject *object)
{
  IscColumnMapDialog *self = ISC_COLUMN_MAP_DIALOG (object);

  for (guint c = 0; c < ISC_CYCLING_N_COLS; c++)
    g_clear_pointer (&self->fields[c].scales, g_array_unref);
  G_OBJECT_CLASS (isc_column_map_dialog_parent_class)->dispose (object);
}

static void
isc_column_map_dialog_finalize (GObject *object)
{
  IscColumnMapDialog *self = ISC_COLUMN_MAP_DIALOG (object);

  isc_cycling_table_preview_free (self->preview);
  g_free (self->roles);
  g_free (self->problem);
  G_OBJECT_CLASS (isc_column_map_dialog_parent_class)->finalize (object);
}

static void
isc_column_map_dialog_class_init (IscColumnMapDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_column_map_dialog_dispose;
  object_class->finalize = isc_column_map_dialog_finalize;

  signals[MAPPING_CHOSEN] = g_signal_new ("mapping-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          ISC_TYPE_CYCLING_COLUMN_MAP | G_SIGNAL_TYPE_STATIC_SCOPE);
  gtk_widget_class_install_action (widget_class, "column-map.accept", NULL, action_accept);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isc_column_map_dialog_init (IscColumnMapDialog *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 600);
}

/* The unit entry whose factor is @scale, added when none is. */
static guint
unit_position (Field  *f,
               double  scale)
{
  GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (f->units));
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *label = NULL;

  for (guint i = 0; i < f->scales->len; i++)
    if (fabs (g_array_index (f->scales, double, i) / scale - 1) < 1e-9)
      return i;
  label = g_strdup_printf ("× %s", g_ascii_formatd (buf, sizeof buf, "%g", scale));
  gtk_string_list_append (list, label);
  g_array_append_val (f->scales, scale);
  return f->scales->len - 1;
}

static GtkWidget *
build_fields (IscColumnMapDialog *self)
{
  GtkWidget *grid = gtk_grid_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_string_list_append (names, _("(none)"));
  for (guint k = 0; k < self->preview->n_columns; k++)
    {
      g_autofree char *entry = g_strdup_printf ("%u: %s", k + 1, column_name (self, k));

      gtk_string_list_append (names, entry);
    }

  for (guint i = 0; i < G_N_ELEMENTS (field_info); i++)
    {
      const FieldInfo *info = &field_info[i];
      Field *f = &self->fields[info->column];
      GtkWidget *label = gtk_label_new_with_mnemonic (_(info->name));
      GListModel *copy = G_LIST_MODEL (gtk_string_list_new (NULL));
      int col, row;

      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (names)); k++)
        gtk_string_list_append (GTK_STRING_LIST (copy), gtk_string_list_get_string (names, k));
      f->info = info;
      f->columns = GTK_DROP_DOWN (gtk_drop_down_new (copy, NULL));
      gtk_widget_set_hexpand (GTK_WIDGET (f->columns), TRUE);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (f->columns));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      /* Two blocks side by side (quantities, then counters), so the preview keeps its room. */
      col = i < 5 ? 0 : 3;
      row = i < 5 ? i : i - 5;
      gtk_grid_attach (GTK_GRID (grid), label, col, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (f->columns), col + 1, row, 1, 1);
      g_signal_connect (f->columns, "notify::selected", G_CALLBACK (on_changed), self);
      if (info->units != NULL)
        {
          GtkStringList *units = gtk_string_list_new (NULL);

          f->scales = g_array_new (FALSE, FALSE, sizeof (double));
          for (const Unit *u = info->units; u->label != NULL; u++)
            {
              gtk_string_list_append (units, u->label);
              g_array_append_val (f->scales, u->scale);
            }
          f->units = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (units), NULL));
          gtk_accessible_update_property (GTK_ACCESSIBLE (f->units), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unit"), -1);
          gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (f->units), col + 2, row, 1, 1);
          g_signal_connect (f->units, "notify::selected", G_CALLBACK (on_changed), self);
        }
    }
  for (guint c = 0; c < ISC_CYCLING_N_COLS; c++)
    g_assert (self->fields[c].columns != NULL);
  return grid;
}

static GtkWidget *
preview_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  return label;
}

static GtkWidget *
build_preview (IscColumnMapDialog *self)
{
  IscCyclingTablePreview *p = self->preview;
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_widget_set_name (scrolled, "preview");
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_widget_set_margin_start (grid, 6);
  gtk_widget_set_margin_end (grid, 6);
  self->roles = g_new0 (GtkWidget *, MAX (p->n_columns, 1));
  for (guint k = 0; k < p->n_columns; k++)
    {
      GtkWidget *head = preview_label (column_name (self, k));

      gtk_widget_add_css_class (head, "heading");
      gtk_grid_attach (GTK_GRID (grid), head, k, 0, 1, 1);
      self->roles[k] = preview_label ("");
      gtk_widget_add_css_class (self->roles[k], "accent");
      gtk_widget_add_css_class (self->roles[k], "caption");
      gtk_grid_attach (GTK_GRID (grid), self->roles[k], k, 1, 1, 1);
    }
  for (guint r = 0; r < p->rows->len; r++)
    {
      char **row = g_ptr_array_index (p->rows, r);

      for (guint k = 0; row[k] != NULL && k < p->n_columns; k++)
        {
          GtkWidget *cell = preview_label (row[k]);

          gtk_widget_add_css_class (cell, "preview-cell");
          gtk_widget_add_css_class (cell, "numeric");
          gtk_grid_attach (GTK_GRID (grid), cell, k, r + 2, 1, 1);
        }
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_size_request (scrolled, -1, 200);
  gtk_widget_add_css_class (scrolled, "frame");
  return scrolled;
}

IscColumnMapDialog *
isc_column_map_dialog_new (GtkWindow                 *parent,
                           const char                *path,
                           const IscCyclingColumnMap *initial,
                           GError                   **error)
{
  g_autoptr(IscCyclingTablePreview) preview = NULL;
  IscColumnMapDialog *self;
  IscCyclingColumnMap map;
  GtkWidget *box, *intro, *buttons, *cancel, *ok, *heading;
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  preview = isc_cycling_table_preview (path, PREVIEW_ROWS, error);
  if (preview == NULL)
    return NULL;
  self = g_object_new (ISC_TYPE_COLUMN_MAP_DIALOG, NULL);
  self->preview = g_steal_pointer (&preview);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  base = g_filename_display_basename (path);
  title = g_strdup_printf (_("Columns of %s"), base);
  gtk_window_set_title (GTK_WINDOW (self), title);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  text = g_strdup_printf (_("Choose which column holds what. The column names are on line %u."),
                          self->preview->header_line);
  intro = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), intro);
  gtk_box_append (GTK_BOX (box), build_fields (self));

  self->problem_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->problem_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->problem_label), 0);
  gtk_widget_add_css_class (self->problem_label, "error");
  gtk_box_append (GTK_BOX (box), self->problem_label);

  heading = gtk_label_new (_("First rows of the file"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), build_preview (self));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  ok = gtk_button_new_with_mnemonic (_("_OK"));
  gtk_widget_set_name (ok, "ok");
  gtk_widget_add_css_class (ok, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (ok), "column-map.accept");
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), ok);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_window_set_child (GTK_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), ok);

  if (initial != NULL)
    map = *initial;
  else
    isc_cycling_guess_columns ((const char * const *) self->preview->headers, self->preview->n_columns, &map);
  self->building = TRUE;
  for (guint c = 0; c < ISC_CYCLING_N_COLS; c++)
    isc_column_map_dialog_set_column (self, c, map.index[c], map.scale[c]);
  self->building = FALSE;
  update (self);
  return self;
}

const char *
isc_column_map_dialog_get_path (IscColumnMapDialog *self)
{
  g_return_val_if_fail (ISC_IS_COLUMN_MAP_DIALOG (self), NULL);
  return self->preview->source;
}

gboolean
isc_column_map_dialog_get_map (IscColumnMapDialog  *self,
                               IscCyclingColumnMap *map)
{
  g_autofree char *problem = NULL;

  g_return_val_if_fail (ISC_IS_COLUMN_MAP_DIALOG (self), FALSE);
  g_return_val_if_fail (map != NULL, FALSE);
  read_map (self, map);
  problem = find_problem (self, map);
  return problem == NULL;
}

void
isc_column_map_dialog_set_column (IscColumnMapDialog *self,
                                  IscCyclingColumn    column,
                                  int                 index,
                                  double              scale)
{
  Field *f;

  g_return_if_fail (ISC_IS_COLUMN_MAP_DIALOG (self));
  g_return_if_fail (column < ISC_CYCLING_N_COLS);

  f = &self->fields[column];
  /* A map for another file may point past this one's columns: treat as none. */
  gtk_drop_down_set_selected (f->columns, index >= 0 && (guint) index < self->preview->n_columns ? (guint) index + 1 : 0);
  if (f->units != NULL && isfinite (scale) && scale > 0)
    gtk_drop_down_set_selected (f->units, unit_position (f, scale));
}

const char *
isc_column_map_dialog_get_problem (IscColumnMapDialog *self)
{
  g_return_val_if_fail (ISC_IS_COLUMN_MAP_DIALOG (self), NULL);
  return self->problem;
}
