/* site-browser.c: the project sidebar — conditions → sites → datasets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "IscSiteBrowser"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "site-browser-private.h"
#include "site-browser-row.h"

/* The nodes of the tree (site-browser-private.h) */

G_DEFINE_FINAL_TYPE (IscSiteNode, isc_site_node, G_TYPE_OBJECT)

enum {
  NODE_PROP_0,
  NODE_PROP_TITLE,
  NODE_PROP_ICON_NAME,
  NODE_PROP_TOOLTIP,
  NODE_PROP_EDITABLE,
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
    case NODE_PROP_ICON_NAME:
      if (node->kind == NODE_CONDITION)
        g_value_set_static_string (value, "folder-symbolic");
      else if (node->kind == NODE_SITE)
        g_value_set_static_string (value, "mark-location-symbolic");
      else
        g_value_set_static_string (value, isc_site_browser_kind_icon (((IscDataset *) node->data)->kind));
      break;
    case NODE_PROP_TOOLTIP:
      /* A dataset's full path: the title shows only its name. */
      g_value_set_string (value, node->kind == NODE_DATASET ? ((IscDataset *) node->data)->path : NULL);
      break;
    case NODE_PROP_EDITABLE:
      g_value_set_boolean (value, node->kind == NODE_SITE);
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
  /* The kind never changes: these three are constant for a node. */
  node_properties[NODE_PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_TOOLTIP] =
    g_param_spec_string ("tooltip", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, FALSE,
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
node_new (IscSiteNodeKind kind,
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
  /* The dataset-kind registry names each kind's icon. */
  return isc_dataset_kind_get_icon (kind);
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

  g_type_ensure (ISC_TYPE_SITE_BROWSER_ROW);

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
  /* Each row is an IscSiteBrowserRow (site-browser-row.ui) bound to its tree row. */
  GtkListItemFactory *factory =
    gtk_builder_list_item_factory_new_from_resource (NULL, "/io/github/ionscape/Ionscape/ui/site-browser-item.ui");

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
