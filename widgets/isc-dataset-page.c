/* isc-dataset-page.c: the base class of the instrument pages (see isc-dataset-page.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "isc-dataset-page.h"
#include "isc-page.h"
#include "isc-widgets.h"
#include "plot-view.h"

typedef struct
{
  GtkWidget       *status_label;  /* template child; NULL once disposed */
  IscTaskSlot     *slot;          /* made on the first run */
  int              fit_width;     /* the figure size of the last refit */
  int              fit_height;
} IscDatasetPagePrivate;

static void isc_dataset_page_page_init (IscPageInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (IscDatasetPage, isc_dataset_page, GTK_TYPE_WIDGET,
                                  G_ADD_PRIVATE (IscDatasetPage)
                                  G_IMPLEMENT_INTERFACE (ISC_TYPE_PAGE, isc_dataset_page_page_init))

static GQuark
figure_id_quark (void)
{
  return g_quark_from_static_string ("isc-dataset-page-figure-id");
}

/* ---- IscPage ------------------------------------------------------------------------- */

static gboolean
isc_dataset_page_can_export_figure (IscPage *page)
{
  GtkWidget *figure = isc_dataset_page_get_figure (ISC_DATASET_PAGE (page));

  return figure != NULL && isc_plot_view_get_plot (ISC_PLOT_VIEW (figure)) != NULL;
}

static void
isc_dataset_page_export_figure (IscPage *page)
{
  ISC_DATASET_PAGE_GET_CLASS (page)->export_figure (ISC_DATASET_PAGE (page));
}

static void
isc_dataset_page_page_init (IscPageInterface *iface)
{
  iface->can_export_figure = isc_dataset_page_can_export_figure;
  iface->export_figure = isc_dataset_page_export_figure;
}

static void
isc_dataset_page_real_export_figure (IscDatasetPage *self)
{
  GtkWidget *figure = isc_dataset_page_get_figure (self);

  if (figure != NULL)
    gtk_widget_activate_action (figure, "plot.export", NULL);
}

/* ---- GObject / GtkWidget ------------------------------------------------------------- */

/* Calls the class's refit when the figure has a size other than at the last call. */
static void
refit_to_size (IscDatasetPage *self)
{
  IscDatasetPagePrivate *priv = isc_dataset_page_get_instance_private (self);
  GtkWidget *figure = isc_dataset_page_get_figure (self);
  int width, height;

  if (ISC_DATASET_PAGE_GET_CLASS (self)->refit == NULL || figure == NULL)
    return;
  width = gtk_widget_get_width (figure);
  height = gtk_widget_get_height (figure);
  if (width <= 0 || height <= 0 || (width == priv->fit_width && height == priv->fit_height))
    return;
  priv->fit_width = width;
  priv->fit_height = height;
  ISC_DATASET_PAGE_GET_CLASS (self)->refit (self, width, height);
}

/* A widget with a layout manager gets no size_allocate call, and every resize redraws: the
 * figure's size is checked here, before the figure draws. */
static void
isc_dataset_page_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  refit_to_size (ISC_DATASET_PAGE (widget));
  GTK_WIDGET_CLASS (isc_dataset_page_parent_class)->snapshot (widget, snapshot);
}

static void
isc_dataset_page_dispose (GObject *object)
{
  IscDatasetPage *self = ISC_DATASET_PAGE (object);
  IscDatasetPagePrivate *priv = isc_dataset_page_get_instance_private (self);
  GtkWidget *child;

  /* A result that arrives later is freed without reaching the page. */
  g_clear_pointer (&priv->slot, isc_task_slot_free);
  /* The template is the page's (the final type's), its children bound here and there. */
  gtk_widget_dispose_template (GTK_WIDGET (object), G_OBJECT_TYPE (object));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (isc_dataset_page_parent_class)->dispose (object);
}

static void
isc_dataset_page_class_init (IscDatasetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_dataset_page_dispose;
  widget_class->snapshot = isc_dataset_page_snapshot;
  klass->export_figure = isc_dataset_page_real_export_figure;
}

static void
isc_dataset_page_init (IscDatasetPage *self)
{
}

/* ---- API ----------------------------------------------------------------------------- */

void
isc_dataset_page_class_set_template (GtkWidgetClass *widget_class,
                                     const char     *name,
                                     const char     *figure_id)
{
  g_autoptr(GString) css_name = g_string_new (name);

  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), ISC_TYPE_DATASET_PAGE));
  g_return_if_fail (figure_id != NULL);

  g_string_replace (css_name, "-", "", 0);
  isc_widget_class_set_template (widget_class, name, css_name->str, G_TYPE_INVALID);
  g_type_set_qdata (G_TYPE_FROM_CLASS (widget_class), figure_id_quark (), (gpointer) g_intern_string (figure_id));
  gtk_widget_class_bind_template_child_full (widget_class, "status_label", FALSE,
                                             G_PRIVATE_OFFSET (IscDatasetPage, status_label));
  /* A control that only changes what is drawn names this handler (swapped) in the template. */
  gtk_widget_class_bind_template_callback_full (widget_class, "isc_dataset_page_rebuild",
                                                G_CALLBACK (isc_dataset_page_rebuild));
}

GtkWidget *
isc_dataset_page_get_figure (IscDatasetPage *self)
{
  GType type;

  g_return_val_if_fail (ISC_IS_DATASET_PAGE (self), NULL);

  /* The page binds its figure to a field of its own; NULL once disposed. */
  type = G_OBJECT_TYPE (self);
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), type,
                                                    g_type_get_qdata (type, figure_id_quark ())));
}

void
isc_dataset_page_set_status (IscDatasetPage *self,
                             const char     *text)
{
  IscDatasetPagePrivate *priv = isc_dataset_page_get_instance_private (self);

  g_return_if_fail (ISC_IS_DATASET_PAGE (self));

  if (priv->status_label == NULL)
    return;
  isc_label_set_status (priv->status_label, text);
  /* a status line cut short shows the whole text on hover */
  if (gtk_label_get_ellipsize (GTK_LABEL (priv->status_label)) != PANGO_ELLIPSIZE_NONE)
    gtk_widget_set_tooltip_text (priv->status_label, text);
}

void
isc_dataset_page_rebuild (IscDatasetPage *self)
{
  IscDatasetPagePrivate *priv = isc_dataset_page_get_instance_private (self);

  g_return_if_fail (ISC_IS_DATASET_PAGE (self));

  ISC_DATASET_PAGE_GET_CLASS (self)->rebuild (self);
  /* a new plot: fitted to the figure now if it has a size, else before it first draws */
  priv->fit_width = priv->fit_height = 0;
  refit_to_size (self);
  isc_page_capabilities_changed (ISC_PAGE (self));
}

static void
run_done (gpointer      owner,
          gpointer      result,
          const GError *error)
{
  IscDatasetPage *self = owner;

  if (error != NULL)
    isc_dataset_page_set_status (self, error->message);
  ISC_DATASET_PAGE_GET_CLASS (self)->done (self, result);
  isc_page_capabilities_changed (ISC_PAGE (self));
}

void
isc_dataset_page_run (IscDatasetPage  *self,
                      const char      *status,
                      IscTaskSlotFunc  func,
                      gpointer         input,
                      GDestroyNotify   input_free,
                      GDestroyNotify   result_free)
{
  IscDatasetPagePrivate *priv = isc_dataset_page_get_instance_private (self);

  g_return_if_fail (ISC_IS_DATASET_PAGE (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (ISC_DATASET_PAGE_GET_CLASS (self)->done != NULL);

  if (priv->slot == NULL)
    priv->slot = isc_task_slot_new (self, NULL);
  if (status != NULL)
    isc_dataset_page_set_status (self, status);
  isc_task_slot_run (priv->slot, func, input, input_free, result_free, run_done);
  isc_page_capabilities_changed (ISC_PAGE (self));
}

void
isc_dataset_page_cancel (IscDatasetPage *self)
{
  IscDatasetPagePrivate *priv = isc_dataset_page_get_instance_private (self);

  g_return_if_fail (ISC_IS_DATASET_PAGE (self));

  if (priv->slot != NULL)
    isc_task_slot_cancel (priv->slot);
}

gboolean
isc_dataset_page_is_busy (IscDatasetPage *self)
{
  IscDatasetPagePrivate *priv = isc_dataset_page_get_instance_private (self);

  g_return_val_if_fail (ISC_IS_DATASET_PAGE (self), FALSE);

  return priv->slot != NULL && isc_task_slot_is_busy (priv->slot);
}
