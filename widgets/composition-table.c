/* composition-table.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "composition-table.h"
#include "isc-csv.h"
#include "isc-error.h"
#include "isc-save-dialog.h"
#include "isc-widgets.h"

struct _IscCompositionTable
{
  GtkWidget parent_instance;

  IscComposition *comp;     /* own deep copy, or NULL */
  char **basis;             /* NULL-terminated */

  char *scope;               /* NULL: the whole dataset */
  guint64 scope_ions;

  /* Template children */
  GtkWidget *scope_label;
  GtkWidget *basis_entry;
  GtkWidget *basis_error;
  GtkWidget *summary;
  GtkWidget *element_grid;
  GtkWidget *ion_grid;
  GtkWidget *copy_button;
  GtkWidget *export_button;
};

G_DEFINE_FINAL_TYPE (IscCompositionTable, isc_composition_table, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------ data */

static IscComposition *
composition_copy (const IscComposition *c)
{
  IscComposition *copy = g_new0 (IscComposition, 1);

  copy->ions_total = c->ions_total;
  copy->ions_ranged = c->ions_ranged;
  copy->ions_unranged = c->ions_unranged;
  copy->n_ion_types = c->n_ion_types;
  copy->ion_names = g_strdupv (c->ion_names);
  copy->ion_counts = g_memdup2 (c->ion_counts, sizeof (guint64) * MAX (c->n_ion_types, 1));
  copy->n_elements = c->n_elements;
  copy->elements = g_strdupv (c->elements);
  copy->atom_counts = g_memdup2 (c->atom_counts, sizeof (guint64) * MAX (c->n_elements, 1));
  copy->fractions = g_memdup2 (c->fractions, sizeof (double) * MAX (c->n_elements, 1));
  copy->sigmas = g_memdup2 (c->sigmas, sizeof (double) * MAX (c->n_elements, 1));
  copy->atoms_total = c->atoms_total;
  return copy;
}

static char *
basis_label (IscCompositionTable *self)
{
  return g_strjoinv ("+", self->basis);
}

char *
isc_composition_table_to_text (IscCompositionTable *self,
                               char                 separator)
{
  g_return_val_if_fail (ISC_IS_COMPOSITION_TABLE (self), NULL);

  /* The model writes the text, so ionscape-cli composition --csv gives the same. */
  return isc_composition_to_text (self->comp, (const char * const *) self->basis, separator);
}

char *
isc_composition_table_to_tsv (IscCompositionTable *self)
{
  return isc_composition_table_to_text (self, '\t');
}

gboolean
isc_composition_table_export_csv (IscCompositionTable  *self,
                                  const char           *path,
                                  GError              **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (ISC_IS_COMPOSITION_TABLE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = isc_composition_table_to_text (self, ',');
  /* g_file_set_contents writes a temporary file and renames it: never a half-written CSV. */
  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_IO, _("Could not write %s: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------ display */

static GtkWidget *
cell (const char *text,
      float       xalign,
      gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_selectable (GTK_LABEL (label), !header);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
clear_grid (GtkWidget *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (grid)) != NULL)
    gtk_grid_remove (GTK_GRID (grid), child);
}

static void
rebuild (IscCompositionTable *self)
{
  const IscComposition *c = self->comp;
  g_autofree char *basis = basis_label (self);
  g_autofree char *ratio_header = g_strdup_printf (_("Ratio to %s"), basis);
  const char *element_headers[] = { _("Element"), _("at.%"), _("± at.%"), _("Atoms"), ratio_header };
  const char *ion_headers[] = { _("Ion"), _("Count") };

  clear_grid (self->element_grid);
  clear_grid (self->ion_grid);
  gtk_widget_set_sensitive (self->copy_button, c != NULL);
  gtk_widget_set_sensitive (self->export_button, c != NULL);
  if (c == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->summary), _("No ranged data"));
      return;
    }

  {
    g_autofree char *total = g_strdup_printf ("%" G_GUINT64_FORMAT, c->ions_total);
    g_autofree char *ranged = g_strdup_printf ("%" G_GUINT64_FORMAT, c->ions_ranged);
    g_autofree char *unranged = g_strdup_printf ("%" G_GUINT64_FORMAT, c->ions_unranged);
    g_autofree char *atoms = g_strdup_printf ("%" G_GUINT64_FORMAT, c->atoms_total);
    /* Translators: ion and atom counts of the ranged data */
    g_autofree char *text = g_strdup_printf (_("%s ions: %s ranged, %s unranged; %s atoms"),
                                             total, ranged, unranged, atoms);

    gtk_label_set_text (GTK_LABEL (self->summary), text);
  }

  for (guint k = 0; k < G_N_ELEMENTS (element_headers); k++)
    {
      GtkWidget *header = cell (element_headers[k], k == 0 ? 0 : 1, TRUE);

      /* "Ratio to Ni+Co+Mn" may wrap: the columns, not that header, set the table's width. */
      if (k == G_N_ELEMENTS (element_headers) - 1)
        {
          gtk_label_set_wrap (GTK_LABEL (header), TRUE);
          gtk_label_set_justify (GTK_LABEL (header), GTK_JUSTIFY_RIGHT);
        }
      gtk_widget_set_valign (header, GTK_ALIGN_END);
      gtk_grid_attach (GTK_GRID (self->element_grid), header, k, 0, 1, 1);
    }
  for (guint e = 0; e < c->n_elements; e++)
    {
      g_autofree char *pct = g_strdup_printf ("%.3f", 100.0 * c->fractions[e]);
      g_autofree char *sig = g_strdup_printf ("%.3f", 100.0 * c->sigmas[e]);
      g_autofree char *atoms = g_strdup_printf ("%" G_GUINT64_FORMAT, c->atom_counts[e]);
      double r = isc_composition_get_ratio (c, (const char * const *) self->basis, c->elements[e]);
      g_autofree char *ratio = isfinite (r) ? g_strdup_printf ("%.4f", r) : g_strdup ("—");

      gtk_grid_attach (GTK_GRID (self->element_grid), cell (c->elements[e], 0, FALSE), 0, e + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (self->element_grid), cell (pct, 1, FALSE), 1, e + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (self->element_grid), cell (sig, 1, FALSE), 2, e + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (self->element_grid), cell (atoms, 1, FALSE), 3, e + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (self->element_grid), cell (ratio, 1, FALSE), 4, e + 1, 1, 1);
    }

  for (guint k = 0; k < G_N_ELEMENTS (ion_headers); k++)
    gtk_grid_attach (GTK_GRID (self->ion_grid), cell (ion_headers[k], k == 0 ? 0 : 1, TRUE), k, 0, 1, 1);
  for (guint t = 0; t < c->n_ion_types; t++)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, c->ion_counts[t]);

      gtk_grid_attach (GTK_GRID (self->ion_grid), cell (c->ion_names[t], 0, FALSE), 0, t + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (self->ion_grid), cell (count, 1, FALSE), 1, t + 1, 1, 1);
    }
}

void
isc_composition_table_set_composition (IscCompositionTable  *self,
                                       const IscComposition *composition)
{
  g_return_if_fail (ISC_IS_COMPOSITION_TABLE (self));

  g_clear_pointer (&self->comp, isc_composition_free);
  if (composition != NULL)
    self->comp = composition_copy (composition);
  rebuild (self);
}

/* "12 345": digits grouped by threes with a narrow no-break space, whatever the locale. */
static char *
format_grouped (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, "\u202f");
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static void
update_scope (IscCompositionTable *self)
{
  if (self->scope == NULL)
    gtk_label_set_text (GTK_LABEL (self->scope_label), _("Whole dataset"));
  else
    {
      g_autofree char *count = format_grouped (self->scope_ions);
      /* Translators: the region the composition counts, e.g. "Region: cylinder, 12 345 ions" */
      g_autofree char *text = g_strdup_printf (_("Region: %s, %s ions"), self->scope, count);

      gtk_label_set_text (GTK_LABEL (self->scope_label), text);
    }
}

void
isc_composition_table_set_scope (IscCompositionTable *self,
                                 const char          *region,
                                 guint64              n_ions)
{
  g_return_if_fail (ISC_IS_COMPOSITION_TABLE (self));

  g_free (self->scope);
  self->scope = g_strdup (region);
  self->scope_ions = n_ions;
  update_scope (self);
}

const IscComposition *
isc_composition_table_get_composition (IscCompositionTable *self)
{
  g_return_val_if_fail (ISC_IS_COMPOSITION_TABLE (self), NULL);
  return self->comp;
}

/* ------------------------------------------------------------ basis */

static gboolean
is_element_symbol (const char *s)
{
  gsize n = strlen (s);

  if (n < 1 || n > 3 || !g_ascii_isupper (s[0]))
    return FALSE;
  for (gsize i = 1; i < n; i++)
    if (!g_ascii_islower (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
apply_basis (IscCompositionTable  *self,
             const char           *text,
             GError              **error)
{
  g_auto(GStrv) tokens = NULL;
  g_autoptr(GPtrArray) symbols = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local = NULL;
  gboolean any_present = FALSE;

  tokens = g_strsplit (text, ",", -1);
  for (guint i = 0; tokens[i] != NULL && local == NULL; i++)
    {
      char *symbol = g_strstrip (tokens[i]);

      if (*symbol == '\0')
        continue;
      if (!is_element_symbol (symbol))
        g_set_error (&local, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                     _("“%s” is not an element symbol (write e.g. Ni, Co, Mn)"), symbol);
      else if (g_ptr_array_find_with_equal_func (symbols, symbol, g_str_equal, NULL))
        g_set_error (&local, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT, _("%s appears twice in the basis"), symbol);
      else
        {
          g_ptr_array_add (symbols, g_strdup (symbol));
          any_present |= self->comp != NULL && isc_composition_find_element (self->comp, symbol) >= 0;
        }
    }
  if (local == NULL && symbols->len == 0)
    g_set_error (&local, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                 _("The basis is empty: list one or more elements, separated by commas"));
  if (local == NULL && self->comp != NULL && !any_present)
    g_set_error (&local, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                 _("None of the basis elements is in the ranged data"));

  if (local != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->basis_error), local->message);
      gtk_widget_set_visible (self->basis_error, TRUE);
      gtk_widget_add_css_class (self->basis_entry, "error");
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  gtk_widget_set_visible (self->basis_error, FALSE);
  gtk_widget_remove_css_class (self->basis_entry, "error");
  g_ptr_array_add (symbols, NULL);
  g_strfreev (self->basis);
  self->basis = (char **) g_ptr_array_steal (symbols, NULL);
  rebuild (self);
  return TRUE;
}

static void on_basis_changed (GtkEditable *entry, IscCompositionTable *self);

gboolean
isc_composition_table_set_basis (IscCompositionTable  *self,
                                 const char           *text,
                                 GError              **error)
{
  g_return_val_if_fail (ISC_IS_COMPOSITION_TABLE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  /* The entry shows what was asked for, valid or not, so the inline error refers to it. */
  g_signal_handlers_block_by_func (self->basis_entry, on_basis_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->basis_entry), text);
  g_signal_handlers_unblock_by_func (self->basis_entry, on_basis_changed, self);
  return apply_basis (self, text, error);
}

const char * const *
isc_composition_table_get_basis (IscCompositionTable *self)
{
  g_return_val_if_fail (ISC_IS_COMPOSITION_TABLE (self), NULL);
  return (const char * const *) self->basis;
}

static void
on_basis_changed (GtkEditable         *entry,
                  IscCompositionTable *self)
{
  apply_basis (self, gtk_editable_get_text (entry), NULL);
}

/* ------------------------------------------------------------ actions */

static void
action_copy_tsv (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  g_autofree char *tsv = isc_composition_table_to_tsv (ISC_COMPOSITION_TABLE (widget));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), tsv);
}

static gboolean
write_csv (const char  *path,
           gpointer     self,
           GError     **error)
{
  return isc_composition_table_export_csv (self, path, error);
}

static void
action_export_csv (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  isc_save_dialog_run_csv (widget, _("Export Composition"), "composition.csv",
                           _("The composition could not be exported"), write_csv, widget);
}

/* ------------------------------------------------------------ GObject */

static void
isc_composition_table_finalize (GObject *object)
{
  IscCompositionTable *self = ISC_COMPOSITION_TABLE (object);

  g_clear_pointer (&self->comp, isc_composition_free);
  g_strfreev (self->basis);
  g_free (self->scope);
  G_OBJECT_CLASS (isc_composition_table_parent_class)->finalize (object);
}

static void
isc_composition_table_class_init (IscCompositionTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_widget_dispose_template;
  object_class->finalize = isc_composition_table_finalize;
  gtk_widget_class_install_action (widget_class, "composition.copy-tsv", NULL, action_copy_tsv);
  gtk_widget_class_install_action (widget_class, "composition.export-csv", NULL, action_export_csv);
  isc_widget_class_set_template (widget_class, "composition-table", "compositiontable", G_TYPE_INVALID);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscCompositionTable, scope_label, basis_entry, basis_error,
                              summary, element_grid, ion_grid, copy_button, export_button);
}

static void
isc_composition_table_init (IscCompositionTable *self)
{
  const char * const *defaults = isc_composition_default_basis ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->basis = g_strdupv ((char **) defaults);
  {
    g_autofree char *text = g_strjoinv (", ", self->basis);

    gtk_editable_set_text (GTK_EDITABLE (self->basis_entry), text);
  }
  g_signal_connect (self->basis_entry, "changed", G_CALLBACK (on_basis_changed), self);
  rebuild (self);
}

GtkWidget *
isc_composition_table_new (void)
{
  return g_object_new (ISC_TYPE_COMPOSITION_TABLE, NULL);
}
