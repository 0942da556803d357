/* site-browser.c: the project sidebar — conditions → sites → datasets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "IscSiteBrowser"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "site-browser.h"

/* One row of the tree: wraps a condition, site or dataset of the project (borrowed). */

typedef enum
{
  NODE_CONDITION,
  NODE_SITE,
  NODE_DATASET,
} NodeKind;

#define ISC_TYPE_SITE_NODE (isc_site_node_get_type ())
G_DECLARE_FINAL_TYPE (IscSiteNode, isc_site_node, ISC, SITE_NODE, GObject)

struct _IscSiteNode
{
  GObject     parent_instance;

  NodeKind    kind;
  gpointer    data;        /* IscCondition*, IscSite* or IscDataset* */
  char       *title;
  GListStore *children;    /* IscSiteNode*, NULL for datasets */
};

G_DEFINE_FINAL_TYPE (IscSiteNode, isc_site_node, G_TYPE_OBJECT)

enum {
  NODE_PROP_0,
  NODE_PROP_TITLE,
  NODE_N_PROPS
};

static GParamSpec *node_properties[NODE_N_PROPS];

static void
isc_site_node_finalize (GObject *object)
{
  IscSiteNode *node = ISC_SITE_NODE (object);

  g_free (node->title);
  g_clear_object (&node->children);
  G_OBJECT_CLASS (isc_site_node_parent_class)->finalize (object);
}

static void
isc_site_node_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IscSiteNode *node = ISC_SITE_NODE (object);

  switch (prop_id)
    {
    case NODE_PROP_TITLE:
      g_value_set_string (value, node->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isc_site_node_class_init (IscSiteNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = isc_site_node_finalize;
  object_class->get_property = isc_site_node_get_property;
  node_properties[NODE_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, NODE_N_PROPS, node_properties);
}

static void
isc_site_node_init (IscSiteNode *node)
{
}

static char *
condition_title (const IscCondition *condition)
{
  g_autofree char *count = g_strdup_printf ("%u", condition->cycles);

  /* "300 cycles" already says it; "formation" becomes "formation · 2 cycles". */
  if (strstr (condition->name, count) != NULL)
    return g_strdup (condition->name);
  /* Translators: a cycling condition and its number of cycles, e.g. "formation · 2 cycles" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u cycle", "%s · %u cycles",
                                       condition->cycles),
                          condition->name, condition->cycles);
}

static char *
site_title (const IscSite *site)
{
  /* Translators: a site label and its depth below the particle surface, e.g. "R1 · 15 nm" */
  return g_strdup_printf (_("%s · %g nm"), site->label, site->depth_nm);
}

static void
node_update_title (IscSiteNode *node)
{
  char *title = NULL;

  switch (node->kind)
    {
    case NODE_CONDITION:
      title = condition_title (node->data);
      break;
    case NODE_SITE:
      title = site_title (node->data);
      break;
    case NODE_DATASET:
      title = g_path_get_basename (((IscDataset *) node->data)->path);
      break;
    }
  if (g_strcmp0 (title, node->title) == 0)
    {
      g_free (title);
      return;
    }
  g_free (node->title);
  node->title = title;
  g_object_notify_by_pspec (G_OBJECT (node), node_properties[NODE_PROP_TITLE]);
}

static IscSiteNode *
node_new (NodeKind kind,
          gpointer data)
{
  IscSiteNode *node = g_object_new (ISC_TYPE_SITE_NODE, NULL);

  node->kind = kind;
  node->data = data;
  if (kind != NODE_DATASET)
    node->children = g_list_store_new (ISC_TYPE_SITE_NODE);
  node_update_title (node);
  return node;
}

static void
node_append_dataset (IscSiteNode *parent,
                     IscDataset  *dataset)
{
  g_autoptr(IscSiteNode) child = node_new (NODE_DATASET, dataset);

  g_list_store_append (parent->children, child);
}

static IscSiteNode *
node_new_condition (IscCondition *condition)
{
  IscSiteNode *node = node_new (NODE_CONDITION, condition);

  for (guint i = 0; i < condition->cycler_files->len; i++)
    node_append_dataset (node, g_ptr_array_index (condition->cycler_files, i));
  for (guint i = 0; i < condition->sites->len; i++)
    {
      IscSite *site = g_ptr_array_index (condition->sites, i);
      g_autoptr(IscSiteNode) child = node_new (NODE_SITE, site);

      for (guint d = 0; d < site->datasets->len; d++)
        node_append_dataset (child, g_ptr_array_index (site->datasets, d));
      g_list_store_append (node->children, child);
    }
  return node;
}

/* The browser */

struct _IscSiteBrowser
{
  GtkWidget           parent_instance;

  IscProject         *project;     /* borrowed */
  GListStore         *roots;       /* IscSiteNode* of the conditions */
  GtkSingleSelection *selection;

  GtkWidget          *scrolled;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (IscSiteBrowser, isc_site_browser, GTK_TYPE_WIDGET)

enum {
  DATASET_ACTIVATED,
  SITE_ACTIVATED,
  PROJECT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
isc_site_browser_kind_icon (IscDatasetKind kind)
{
  switch (kind)
    {
    case ISC_DATASET_APT:
      return "applications-science-symbolic";
    case ISC_DATASET_RANGES:
      return "text-x-generic-symbolic";
    case ISC_DATASET_STEM:
      return "image-x-generic-symbolic";
    case ISC_DATASET_CYCLER:
      return "battery-full-charged-symbolic";
    default:
      return "text-x-generic-symbolic";
    }
}

static IscSiteNode *
node_at (IscSiteBrowser *self,
         guint           position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (row == NULL)
    return NULL;
  return gtk_tree_list_row_get_item (row);   /* transfer full */
}

static IscSiteNode *
node_of_list_item (GtkListItem *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;   /* transfer full */
}

static IscSiteNode *
find_site_node (IscSiteBrowser *self,
                IscSite        *site)
{
  guint n = self->roots != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->roots)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IscSiteNode) condition = g_list_model_get_item (G_LIST_MODEL (self->roots), i);
      guint m = g_list_model_get_n_items (G_LIST_MODEL (condition->children));

      for (guint j = 0; j < m; j++)
        {
          g_autoptr(IscSiteNode) node = g_list_model_get_item (G_LIST_MODEL (condition->children),
                                                               j);

          if (node->kind == NODE_SITE && node->data == site)
            return node;   /* still owned by the store */
        }
    }
  return NULL;
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  IscSiteNode *node = item;

  if (node->children == NULL)
    return NULL;
  return G_LIST_MODEL (g_object_ref (node->children));
}

/* Row widgets */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkListItem   *list_item)
{
  g_autoptr(IscSiteNode) node = node_of_list_item (list_item);
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  GtkWidget *self = gtk_widget_get_ancestor (row, ISC_TYPE_SITE_BROWSER);

  if (node == NULL || node->kind != NODE_SITE || self == NULL
      || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  return isc_site_browser_add_files (ISC_SITE_BROWSER (self), node->data,
                                     g_value_get_boxed (value)) > 0;
}

static void
edit_popover_show_cb (GtkPopover  *popover,
                      GtkListItem *list_item)
{
  g_autoptr(IscSiteNode) node = node_of_list_item (list_item);
  GtkEditable *label = g_object_get_data (G_OBJECT (popover), "label-entry");
  GtkSpinButton *depth = g_object_get_data (G_OBJECT (popover), "depth-spin");
  IscSite *site;

  if (node == NULL || node->kind != NODE_SITE)
    return;
  site = node->data;
  gtk_editable_set_text (label, site->label);
  gtk_spin_button_set_value (depth, site->depth_nm);
}

static void
edit_apply_cb (GtkWidget   *button,
               GtkListItem *list_item)
{
  g_autoptr(IscSiteNode) node = node_of_list_item (list_item);
  GtkWidget *popover = gtk_widget_get_ancestor (button, GTK_TYPE_POPOVER);
  GtkEditable *label = g_object_get_data (G_OBJECT (popover), "label-entry");
  GtkSpinButton *depth = g_object_get_data (G_OBJECT (popover), "depth-spin");
  GtkWidget *self = gtk_widget_get_ancestor (popover, ISC_TYPE_SITE_BROWSER);
  const char *text = gtk_editable_get_text (label);

  if (node != NULL && node->kind == NODE_SITE && self != NULL && text[0] != '\0')
    isc_site_browser_edit_site (ISC_SITE_BROWSER (self), node->data, text,
                                gtk_spin_button_get_value (depth));
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static GtkWidget *
edit_popover_new (GtkListItem *list_item)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *label_entry = gtk_entry_new ();
  GtkWidget *depth_spin = gtk_spin_button_new_with_range (0.0, 1.0e6, 1.0);
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (depth_spin), 1);
  gtk_grid_attach (GTK_GRID (grid), gtk_label_new (_("Label")), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), label_entry, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), gtk_label_new (_("Depth (nm)")), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), depth_spin, 1, 1, 1, 1);
  gtk_widget_add_css_class (apply, "suggested-action");
  gtk_grid_attach (GTK_GRID (grid), apply, 1, 2, 1, 1);
  gtk_popover_set_child (GTK_POPOVER (popover), grid);

  g_object_set_data (G_OBJECT (popover), "label-entry", label_entry);
  g_object_set_data (G_OBJECT (popover), "depth-spin", depth_spin);
  g_object_set_data (G_OBJECT (popover), "apply-button", apply);
  g_signal_connect (popover, "show", G_CALLBACK (edit_popover_show_cb), list_item);
  g_signal_connect (apply, "clicked", G_CALLBACK (edit_apply_cb), list_item);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), apply);
  gtk_entry_set_activates_default (GTK_ENTRY (label_entry), TRUE);
  return popover;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          IscSiteBrowser           *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *edit = gtk_menu_button_new ();
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (edit), "document-edit-symbolic");
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (edit), FALSE);
  gtk_widget_set_tooltip_text (edit, _("Edit label and depth"));
  /* Icon-only: a screen reader needs the name the tooltip gives the eye. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Edit label and depth"), -1);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (edit), edit_popover_new (list_item));

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), edit);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);

  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), list_item);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drop));

  g_object_set_data (G_OBJECT (list_item), "icon", icon);
  g_object_set_data (G_OBJECT (list_item), "label", label);
  g_object_set_data (G_OBJECT (list_item), "edit", edit);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         IscSiteBrowser           *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(IscSiteNode) node = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *icon = g_object_get_data (G_OBJECT (list_item), "icon");
  GtkWidget *label = g_object_get_data (G_OBJECT (list_item), "label");
  GtkWidget *edit = g_object_get_data (G_OBJECT (list_item), "edit");
  GBinding *binding;
  const char *icon_name = "folder-symbolic";

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  /* The expander arrow alone says nothing: name it after its row. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL, node->title, -1);
  binding = g_object_bind_property (node, "title", label, "label", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (list_item), "binding", binding);

  if (node->kind == NODE_SITE)
    icon_name = "mark-location-symbolic";
  else if (node->kind == NODE_DATASET)
    icon_name = isc_site_browser_kind_icon (((IscDataset *) node->data)->kind);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_widget_set_visible (edit, node->kind == NODE_SITE);
  gtk_widget_set_tooltip_text (label, node->kind == NODE_DATASET
                                      ? ((IscDataset *) node->data)->path : NULL);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           IscSiteBrowser           *self)
{
  GBinding *binding = g_object_get_data (G_OBJECT (list_item), "binding");

  if (binding != NULL)
    g_binding_unbind (binding);
  g_object_set_data (G_OBJECT (list_item), "binding", NULL);
}

static void
activate_cb (GtkListView    *list_view,
             guint           position,
             IscSiteBrowser *self)
{
  isc_site_browser_activate_row (self, position);
}

/* Keyboard path for the expanders: + and − (or → and ←) open and fold the selected row. */
static void
set_selected_expanded (IscSiteBrowser *self,
                       gboolean        expanded)
{
  GtkTreeListRow *row;

  if (self->selection == NULL)
    return;
  row = gtk_single_selection_get_selected_item (self->selection);
  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, expanded);
}

static void
expand_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  set_selected_expanded (ISC_SITE_BROWSER (widget), TRUE);
}

static void
collapse_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  set_selected_expanded (ISC_SITE_BROWSER (widget), FALSE);
}

static void
isc_site_browser_dispose (GObject *object)
{
  IscSiteBrowser *self = ISC_SITE_BROWSER (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->roots);
  self->project = NULL;
  G_OBJECT_CLASS (isc_site_browser_parent_class)->dispose (object);
}

static void
isc_site_browser_class_init (IscSiteBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_site_browser_dispose;

  /* (path, kind): the absolute path and its IscDatasetKind. */
  signals[DATASET_ACTIVATED] =
    g_signal_new ("dataset-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
  /* (site): the IscSite*, borrowed from the project. */
  signals[SITE_ACTIVATED] =
    g_signal_new ("site-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[PROJECT_CHANGED] =
    g_signal_new ("project-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "sitebrowser.expand", NULL, expand_action);
  gtk_widget_class_install_action (widget_class, "sitebrowser.collapse", NULL, collapse_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "sitebrowser.expand", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "sitebrowser.expand", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "sitebrowser.expand", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "sitebrowser.collapse", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "sitebrowser.collapse", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "sitebrowser.collapse", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sitebrowser");
}

static void
isc_site_browser_init (IscSiteBrowser *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);

  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Conditions, sites and files"), -1);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (activate_cb), self);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled),
                                 GTK_WIDGET (self->list_view));
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
isc_site_browser_new (void)
{
  return g_object_new (ISC_TYPE_SITE_BROWSER, NULL);
}

void
isc_site_browser_set_project (IscSiteBrowser *self,
                              IscProject     *project)
{
  GtkTreeListModel *tree;

  g_return_if_fail (ISC_IS_SITE_BROWSER (self));

  self->project = project;
  g_clear_object (&self->roots);
  g_clear_object (&self->selection);
  self->roots = g_list_store_new (ISC_TYPE_SITE_NODE);
  if (project != NULL)
    for (guint i = 0; i < project->conditions->len; i++)
      {
        g_autoptr(IscSiteNode) node = node_new_condition (g_ptr_array_index (project->conditions,
                                                                             i));

        g_list_store_append (self->roots, node);
      }
  tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->roots)), FALSE, TRUE,
                                  create_children_cb, NULL, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (tree));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

IscProject *
isc_site_browser_get_project (IscSiteBrowser *self)
{
  g_return_val_if_fail (ISC_IS_SITE_BROWSER (self), NULL);
  return self->project;
}

guint
isc_site_browser_get_n_rows (IscSiteBrowser *self)
{
  g_return_val_if_fail (ISC_IS_SITE_BROWSER (self), 0);
  return self->selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;
}

char *
isc_site_browser_get_row_text (IscSiteBrowser *self,
                               guint           position)
{
  g_autoptr(IscSiteNode) node = NULL;

  g_return_val_if_fail (ISC_IS_SITE_BROWSER (self), NULL);
  if (self->selection == NULL)
    return NULL;
  node = node_at (self, position);
  return node != NULL ? g_strdup (node->title) : NULL;
}

void
isc_site_browser_activate_row (IscSiteBrowser *self,
                               guint           position)
{
  g_autoptr(GtkTreeListRow) row = NULL;
  g_autoptr(IscSiteNode) node = NULL;

  g_return_if_fail (ISC_IS_SITE_BROWSER (self));
  if (self->selection == NULL)
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (row == NULL)
    return;
  node = gtk_tree_list_row_get_item (row);
  switch (node->kind)
    {
    case NODE_CONDITION:
      gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
      break;
    case NODE_SITE:
      g_signal_emit (self, signals[SITE_ACTIVATED], 0, node->data);
      break;
    case NODE_DATASET:
      {
        IscDataset *dataset = node->data;

        g_signal_emit (self, signals[DATASET_ACTIVATED], 0, dataset->path, (int) dataset->kind);
      }
      break;
    }
}

static const char *
site_range_path (IscSite *site)
{
  for (guint i = 0; i < site->datasets->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (dataset->kind == ISC_DATASET_RANGES)
        return dataset->path;
    }
  for (guint i = 0; i < site->datasets->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (dataset->kind == ISC_DATASET_APT && dataset->range_path != NULL)
        return dataset->range_path;
    }
  return NULL;
}

guint
isc_site_browser_add_files (IscSiteBrowser *self,
                            IscSite        *site,
                            GSList         *files)
{
  IscSiteNode *node;
  guint added = 0;

  g_return_val_if_fail (ISC_IS_SITE_BROWSER (self), 0);
  g_return_val_if_fail (site != NULL, 0);

  node = find_site_node (self, site);
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (G_FILE (l->data));
      IscDatasetKind kind;
      IscDataset *dataset;

      if (path == NULL || isc_site_find_dataset (site, path) != NULL
          || !isc_dataset_kind_guess (path, &kind))
        continue;
      if (kind == ISC_DATASET_RANGES)
        for (guint i = 0; i < site->datasets->len; i++)
          {
            IscDataset *apt = g_ptr_array_index (site->datasets, i);

            if (apt->kind == ISC_DATASET_APT && apt->range_path == NULL)
              isc_dataset_set_range_path (apt, path);
          }
      dataset = isc_site_add_dataset (site, kind, path);
      if (kind == ISC_DATASET_APT)
        isc_dataset_set_range_path (dataset, site_range_path (site));
      if (node != NULL)
        node_append_dataset (node, dataset);
      added++;
    }
  if (added > 0)
    g_signal_emit (self, signals[PROJECT_CHANGED], 0);
  return added;
}

void
isc_site_browser_edit_site (IscSiteBrowser *self,
                            IscSite        *site,
                            const char     *label,
                            double          depth_nm)
{
  IscSiteNode *node;

  g_return_if_fail (ISC_IS_SITE_BROWSER (self));
  g_return_if_fail (site != NULL && label != NULL);

  if (g_str_equal (site->label, label) && site->depth_nm == depth_nm)
    return;
  isc_site_set_label (site, label);
  site->depth_nm = depth_nm;
  node = find_site_node (self, site);
  if (node != NULL)
    node_update_title (node);
  g_signal_emit (self, signals[PROJECT_CHANGED], 0);
}

void
isc_site_browser_collapse_sites (IscSiteBrowser *self)
{
  guint n;

  g_return_if_fail (ISC_IS_SITE_BROWSER (self));
  if (self->selection == NULL)
    return;

  /* From the end: collapsing a row only removes rows after it, so the indices still to visit
   * stay valid. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  for (guint i = n; i-- > 0;)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), i);
      g_autoptr(IscSiteNode) node = gtk_tree_list_row_get_item (row);

      if (node->kind == NODE_SITE)
        gtk_tree_list_row_set_expanded (row, FALSE);
    }
}
