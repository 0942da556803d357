/* site-browser-row.c: one row of the project sidebar; layout in site-browser-row.ui.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "IscSiteBrowser"

#include "config.h"

#include "isc-widgets.h"
#include "site-browser-private.h"
#include "site-browser-row.h"

struct _IscSiteBrowserRow
{
  GtkWidget        parent_instance;

  GtkTreeListRow  *list_row;

  /* Template children */
  GtkTreeExpander *expander;
  GtkLabel        *label;
  GtkPopover      *edit_popover;
  GtkEditable     *label_entry;
  GtkSpinButton   *depth_spin;
  GtkWidget       *apply_button;
};

G_DEFINE_FINAL_TYPE (IscSiteBrowserRow, isc_site_browser_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIST_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The node shown (transfer full), or NULL between binds. */
static IscSiteNode *
get_node (IscSiteBrowserRow *self)
{
  return self->list_row != NULL ? gtk_tree_list_row_get_item (self->list_row) : NULL;
}

static IscSiteBrowser *
get_browser (IscSiteBrowserRow *self)
{
  GtkWidget *browser = gtk_widget_get_ancestor (GTK_WIDGET (self), ISC_TYPE_SITE_BROWSER);

  return browser != NULL ? ISC_SITE_BROWSER (browser) : NULL;
}

static void
label_changed_cb (IscSiteBrowserRow *self)
{
  /* The expander's arrow alone says nothing: it takes its row's title as its name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->label), -1);
}

static void
edit_popover_show_cb (IscSiteBrowserRow *self)
{
  g_autoptr(IscSiteNode) node = get_node (self);
  IscSite *site;

  if (node == NULL || node->kind != NODE_SITE)
    return;
  site = node->data;
  gtk_editable_set_text (self->label_entry, site->label);
  gtk_spin_button_set_value (self->depth_spin, site->depth_nm);
}

static void
edit_apply_cb (IscSiteBrowserRow *self)
{
  g_autoptr(IscSiteNode) node = get_node (self);
  IscSiteBrowser *browser = get_browser (self);
  const char *text = gtk_editable_get_text (self->label_entry);

  if (node != NULL && node->kind == NODE_SITE && browser != NULL && text[0] != '\0')
    isc_site_browser_edit_site (browser, node->data, text, gtk_spin_button_get_value (self->depth_spin));
  gtk_popover_popdown (self->edit_popover);
}

static gboolean
drop_cb (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         IscSiteBrowserRow *self)
{
  g_autoptr(IscSiteNode) node = get_node (self);
  IscSiteBrowser *browser = get_browser (self);

  if (node == NULL || node->kind != NODE_SITE || browser == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  return isc_site_browser_add_files (browser, node->data, g_value_get_boxed (value)) > 0;
}

static void
isc_site_browser_row_dispose (GObject *object)
{
  IscSiteBrowserRow *self = ISC_SITE_BROWSER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_SITE_BROWSER_ROW);
  g_clear_object (&self->list_row);
  G_OBJECT_CLASS (isc_site_browser_row_parent_class)->dispose (object);
}

static void
isc_site_browser_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IscSiteBrowserRow *self = ISC_SITE_BROWSER_ROW (object);

  switch (prop_id)
    {
    case PROP_LIST_ROW:
      g_value_set_object (value, self->list_row);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isc_site_browser_row_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  IscSiteBrowserRow *self = ISC_SITE_BROWSER_ROW (object);

  switch (prop_id)
    {
    case PROP_LIST_ROW:
      isc_site_browser_row_set_list_row (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isc_site_browser_row_class_init (IscSiteBrowserRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_site_browser_row_dispose;
  object_class->get_property = isc_site_browser_row_get_property;
  object_class->set_property = isc_site_browser_row_set_property;

  properties[PROP_LIST_ROW] =
    g_param_spec_object ("list-row", NULL, NULL, GTK_TYPE_TREE_LIST_ROW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ISC_TYPE_SITE_NODE);
  isc_widget_class_set_template (widget_class, "site-browser-row", NULL, GTK_TYPE_BIN_LAYOUT);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscSiteBrowserRow, expander, label, edit_popover, label_entry,
                              depth_spin, apply_button);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, label_changed_cb, edit_popover_show_cb, edit_apply_cb);
}

static void
isc_site_browser_row_init (IscSiteBrowserRow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

void
isc_site_browser_row_set_list_row (IscSiteBrowserRow *self,
                                   GtkTreeListRow    *list_row)
{
  g_return_if_fail (ISC_IS_SITE_BROWSER_ROW (self));
  g_return_if_fail (list_row == NULL || GTK_IS_TREE_LIST_ROW (list_row));

  if (g_set_object (&self->list_row, list_row))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_ROW]);
}
