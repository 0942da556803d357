/* batch-table.c: the cached recipe run as a wide table (datasets × analysis values).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "batch-table.h"
#include "isc-widgets.h"

/* One dataset's row: its cells, column 0 the dataset name. */
#define ISC_TYPE_BATCH_TABLE_ROW (isc_batch_table_row_get_type ())
G_DECLARE_FINAL_TYPE (IscBatchTableRow, isc_batch_table_row, ISC, BATCH_TABLE_ROW, GObject)

struct _IscBatchTableRow
{
  GObject  parent_instance;
  char   **cells;   /* n_columns, NULL where the dataset has no such value */
};

G_DEFINE_FINAL_TYPE (IscBatchTableRow, isc_batch_table_row, G_TYPE_OBJECT)

static void
isc_batch_table_row_finalize (GObject *object)
{
  g_strfreev (ISC_BATCH_TABLE_ROW (object)->cells);
  G_OBJECT_CLASS (isc_batch_table_row_parent_class)->finalize (object);
}

static void
isc_batch_table_row_class_init (IscBatchTableRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isc_batch_table_row_finalize;
}

static void
isc_batch_table_row_init (IscBatchTableRow *self)
{
}

struct _IscBatchTable
{
  GtkWidget   parent_instance;

  GListStore *rows;        /* IscBatchTableRow */
  guint       n_columns;

  /* Template children */
  GtkLabel      *title_label;
  GtkLabel      *summary_label;
  GtkColumnView *column_view;
};

G_DEFINE_FINAL_TYPE (IscBatchTable, isc_batch_table, GTK_TYPE_WIDGET)

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Values line up on their decimals; the dataset column reads left to right. */
  if (GPOINTER_TO_UINT (user_data) == 0)
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  IscBatchTableRow *row = gtk_list_item_get_item (item);
  const char *text = row->cells[GPOINTER_TO_UINT (user_data)];

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

static void
add_column (IscBatchTable *self,
            const char    *title,
            guint          index)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (index));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (index));
  column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
}

static void
clear_columns (IscBatchTable *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
  self->n_columns = 0;
}

static void
isc_batch_table_finalize (GObject *object)
{
  g_clear_object (&ISC_BATCH_TABLE (object)->rows);
  G_OBJECT_CLASS (isc_batch_table_parent_class)->finalize (object);
}

static void
isc_batch_table_class_init (IscBatchTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_widget_dispose_template;
  object_class->finalize = isc_batch_table_finalize;

  isc_widget_class_set_template (widget_class, "batch-table", NULL, G_TYPE_INVALID);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscBatchTable, title_label, summary_label, column_view);
}

static void
isc_batch_table_init (IscBatchTable *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_list_store_new (ISC_TYPE_BATCH_TABLE_ROW);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
}

GtkWidget *
isc_batch_table_new (void)
{
  return g_object_new (ISC_TYPE_BATCH_TABLE, NULL);
}

void
isc_batch_table_set_batch (IscBatchTable         *self,
                           const IscProjectBatch *batch)
{
  g_autoptr(GHashTable) column_of = NULL;   /* "analysis\nkey" → column + 1 */
  g_autoptr(GHashTable) row_of = NULL;      /* dataset → row + 1 */
  g_autoptr(GPtrArray) titles = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) finished = NULL;
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;

  g_return_if_fail (ISC_IS_BATCH_TABLE (self));

  g_list_store_remove_all (self->rows);
  clear_columns (self);
  if (batch == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->summary_label, "");
      return;
    }

  /* Long form (dataset, analysis, key, value) into one row per dataset, columns in the order
   * the values first appear: the recipe's order. */
  column_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  row_of = g_hash_table_new (g_str_hash, g_str_equal);
  titles = g_ptr_array_new_with_free_func (g_free);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_ptr_array_add (titles, g_strdup (_("Dataset")));
  for (guint i = 0; i < batch->rows->len; i++)
    {
      const IscProjectBatchRow *r = g_ptr_array_index (batch->rows, i);
      g_autofree char *id = g_strconcat (r->analysis, "\n", r->key, NULL);
      guint column = GPOINTER_TO_UINT (g_hash_table_lookup (column_of, id));
      guint row = GPOINTER_TO_UINT (g_hash_table_lookup (row_of, r->dataset));
      GPtrArray *cells;

      if (column == 0)
        {
          g_ptr_array_add (titles, g_strdup_printf ("%s · %s", r->analysis, r->key));
          column = titles->len;
          g_hash_table_insert (column_of, g_steal_pointer (&id), GUINT_TO_POINTER (column));
        }
      if (row == 0)
        {
          cells = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (cells, g_strdup (r->dataset));
          g_ptr_array_add (rows, cells);
          row = rows->len;
          g_hash_table_insert (row_of, r->dataset, GUINT_TO_POINTER (row));
        }
      cells = g_ptr_array_index (rows, row - 1);
      while (cells->len < column)
        g_ptr_array_add (cells, NULL);
      g_free (g_ptr_array_index (cells, column - 1));
      g_ptr_array_index (cells, column - 1) = g_strdup (r->value);
    }

  self->n_columns = titles->len;
  for (guint c = 0; c < titles->len; c++)
    add_column (self, g_ptr_array_index (titles, c), c);
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *cells = g_ptr_array_index (rows, i);
      g_autoptr(IscBatchTableRow) row = g_object_new (ISC_TYPE_BATCH_TABLE_ROW, NULL);

      while (cells->len < self->n_columns)
        g_ptr_array_add (cells, NULL);
      row->cells = g_new0 (char *, self->n_columns + 1);
      for (guint c = 0; c < self->n_columns; c++)
        row->cells[c] = g_strdup (g_ptr_array_index (cells, c));
      g_list_store_append (self->rows, row);
    }

  title = g_strdup_printf (_("Recipe “%s”"), batch->recipe);
  gtk_label_set_text (self->title_label, title);
  finished = g_date_time_new_from_unix_local (batch->finished_us / G_USEC_PER_SEC);
  when = finished != NULL ? g_date_time_format (finished, "%x %X") : g_strdup ("?");
  if (batch->table != NULL)
    summary = g_strdup_printf (_("Datasets: %u · finished %s · table %s"), rows->len, when, batch->table);
  else
    summary = g_strdup_printf (_("Datasets: %u · finished %s"), rows->len, when);
  gtk_label_set_text (self->summary_label, summary);
}

guint
isc_batch_table_get_n_rows (IscBatchTable *self)
{
  g_return_val_if_fail (ISC_IS_BATCH_TABLE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

guint
isc_batch_table_get_n_columns (IscBatchTable *self)
{
  g_return_val_if_fail (ISC_IS_BATCH_TABLE (self), 0);
  return self->n_columns;
}

const char *
isc_batch_table_get_column_title (IscBatchTable *self,
                                  guint          column)
{
  g_autoptr(GtkColumnViewColumn) item = NULL;

  g_return_val_if_fail (ISC_IS_BATCH_TABLE (self), NULL);

  item = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), column);
  return item != NULL ? gtk_column_view_column_get_title (item) : NULL;   /* the view keeps it */
}

const char *
isc_batch_table_get_cell (IscBatchTable *self,
                          guint          row,
                          guint          column)
{
  g_autoptr(IscBatchTableRow) item = NULL;

  g_return_val_if_fail (ISC_IS_BATCH_TABLE (self), NULL);

  if (column >= self->n_columns || (item = g_list_model_get_item (G_LIST_MODEL (self->rows), row)) == NULL)
    return NULL;
  return item->cells[column];   /* the store keeps the row */
}
