/* isc-dataset-page.h: the base class of the instrument pages (XRD, impedance, thermal, EELS,
 * SAED), as GNOME Builder's IdePage is of its pages.
 *
 * What every instrument page has lives here once: the IscPage implementation (a figure can be
 * exported while the figure view shows a plot; export is the view's "plot.export"), the status
 * line, one background computation (an IscTaskSlot cancelled in dispose) and the "rebuild the
 * plots and tables, then tell the window" step. A page re-fits axes that must keep their shape
 * (equal ohms on both axes, round rings) when the figure changes size through `refit`.
 *
 * A page derives from IscDatasetPage, sets its template with
 * isc_dataset_page_class_set_template () and implements `rebuild`; its own fields are what it
 * shows, its own functions what it computes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "isc-task-slot.h"

G_BEGIN_DECLS

#define ISC_TYPE_DATASET_PAGE (isc_dataset_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (IscDatasetPage, isc_dataset_page, ISC, DATASET_PAGE, GtkWidget)

struct _IscDatasetPageClass
{
  GtkWidgetClass parent_class;

  /* Redraws the plots and tables from what the page holds (isc_dataset_page_rebuild ()). */
  void (*rebuild)       (IscDatasetPage *self);
  /* The figure is @width × @height pixels, after each rebuild and whenever its size changes:
   * re-fits axes that must keep a shape. NULL: the figure has none. */
  void (*refit)         (IscDatasetPage *self,
                         int             width,
                         int             height);
  /* IscPage's export_figure; the default activates the figure's "plot.export". */
  void (*export_figure) (IscDatasetPage *self);
  /* The newest run of isc_dataset_page_run () has ended: @result is the page's to keep or free,
   * NULL after an error (which the status line shows). */
  void (*done)          (IscDatasetPage *self,
                         gpointer        result);

  gpointer padding[8];
};

/* In class_init: the template resources/ui/@name.ui (a vertical box that sets its own
 * `layout-manager`), the CSS name (@name without its dashes) and the builder id of the page's
 * figure, an IscPlotView. The template child "status_label" (hidden) is the status line. */
void       isc_dataset_page_class_set_template (GtkWidgetClass  *widget_class,
                                                const char      *name,
                                                const char      *figure_id);

GtkWidget *isc_dataset_page_get_figure         (IscDatasetPage  *self);

/* The status line: @text, or hidden for NULL or "". */
void       isc_dataset_page_set_status         (IscDatasetPage  *self,
                                                const char      *text);

/* The class's rebuild, then its refit, then the window is told that what the page can do may
 * have changed. Bound as a template callback of that name: a page's .ui may name it as the
 * (swapped) handler of a control that only changes what is drawn. */
void       isc_dataset_page_rebuild            (IscDatasetPage  *self);

/* The page's one background computation, where the latest request wins (isc_task_slot_run ()).
 * @status (may be NULL) is shown meanwhile. When the newest run ends the status line says its
 * error, if any, then the class's `done` gets the result, then the window is told. */
void       isc_dataset_page_run                (IscDatasetPage  *self,
                                                const char      *status,
                                                IscTaskSlotFunc  func,
                                                gpointer         input,
                                                GDestroyNotify   input_free,
                                                GDestroyNotify   result_free);
/* Drops the running computation, if any: its result is freed, `done` not called. */
void       isc_dataset_page_cancel             (IscDatasetPage  *self);
/* TRUE from isc_dataset_page_run () until its result is in or it was cancelled. */
gboolean   isc_dataset_page_is_busy            (IscDatasetPage  *self);

G_END_DECLS
