/* site-browser-private.h: the tree's nodes, shared by the browser and its row widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "site-browser.h"

G_BEGIN_DECLS

typedef enum
{
  NODE_CONDITION,
  NODE_SITE,
  NODE_DATASET,
} IscSiteNodeKind;

/* One row of the tree: wraps a condition, site or dataset of the project (borrowed). Its
 * properties (title, icon-name, tooltip, editable) are what the row template shows. */
#define ISC_TYPE_SITE_NODE (isc_site_node_get_type ())
G_DECLARE_FINAL_TYPE (IscSiteNode, isc_site_node, ISC, SITE_NODE, GObject)

struct _IscSiteNode
{
  GObject          parent_instance;

  IscSiteNodeKind  kind;
  gpointer         data;        /* IscCondition*, IscSite* or IscDataset* */
  char            *title;
  GListStore      *children;    /* IscSiteNode*, NULL for datasets */
};

G_END_DECLS
