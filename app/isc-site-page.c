/* isc-site-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "image-view.h"
#include "ion-overlay.h"
#include "ion-view.h"
#include "isc-site-page.h"

struct _IscSitePage
{
  GtkWidget     parent_instance;

  IscIonCloud  *cloud;
  IscRangeSet  *ranges;
  double        scale_bar_nm;

  GtkWidget    *box;
  GtkLabel     *title;
  GtkLabel     *hint;
  IscIonView   *ion_view;
  IscImageView *image_view;
};

G_DEFINE_FINAL_TYPE (IscSitePage, isc_site_page, GTK_TYPE_WIDGET)

static void
isc_site_page_dispose (GObject *object)
{
  IscSitePage *self = ISC_SITE_PAGE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (isc_site_page_parent_class)->dispose (object);
}

static void
isc_site_page_finalize (GObject *object)
{
  IscSitePage *self = ISC_SITE_PAGE (object);

  g_clear_pointer (&self->cloud, isc_ion_cloud_free);
  g_clear_pointer (&self->ranges, isc_range_set_free);
  G_OBJECT_CLASS (isc_site_page_parent_class)->finalize (object);
}

static void
isc_site_page_class_init (IscSitePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_site_page_dispose;
  object_class->finalize = isc_site_page_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
isc_site_page_init (IscSitePage *self)
{
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-4");
  gtk_widget_set_margin_start (GTK_WIDGET (self->title), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->title), 8);
  self->hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->hint, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "dim-label");
  gtk_widget_set_margin_start (GTK_WIDGET (self->hint), 12);

  self->ion_view = ISC_ION_VIEW (isc_ion_view_new ());
  self->image_view = ISC_IMAGE_VIEW (isc_image_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->ion_view), 300, 300);
  gtk_widget_set_size_request (GTK_WIDGET (self->image_view), 300, 300);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (self->ion_view));
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (self->image_view));
  gtk_paned_set_position (GTK_PANED (paned), 480);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), TRUE);
  gtk_widget_set_vexpand (paned, TRUE);

  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->hint));
  gtk_box_append (GTK_BOX (self->box), paned);
}

GtkWidget *
isc_site_page_new (void)
{
  return g_object_new (ISC_TYPE_SITE_PAGE, NULL);
}

/* A round length (1, 2, 5 × 10^k nm) a quarter of the image wide: short enough for the
 * few-nm STEM field, and shown at the same length on the much larger needle. */
static double
common_scale_bar (const IscImage *image)
{
  const IscAxisCalibration *x = &image->axis[ISC_IMAGE_AXIS_X];

  if (g_strcmp0 (x->unit, "nm") != 0 || !(x->scale > 0.0))
    return 0.0;
  return isc_ion_overlay_nice_length (0.25 * image->width * x->scale);
}

void
isc_site_page_set_site (IscSitePage *self,
                        const char  *title,
                        IscIonCloud *cloud,
                        IscRangeSet *ranges,
                        IscImage    *image)
{
  g_autoptr(IscIonCloud) old_cloud = NULL;
  g_autoptr(IscRangeSet) old_ranges = NULL;
  g_autofree char *hint = NULL;

  g_return_if_fail (ISC_IS_SITE_PAGE (self));

  gtk_label_set_text (self->title, title);
  self->scale_bar_nm = (cloud != NULL && image != NULL) ? common_scale_bar (image) : 0.0;
  isc_ion_view_set_scale_bar_length (self->ion_view, self->scale_bar_nm);

  /* The views borrow cloud and ranges: swap, then free the old ones. */
  old_cloud = g_steal_pointer (&self->cloud);
  old_ranges = g_steal_pointer (&self->ranges);
  self->cloud = cloud;
  self->ranges = ranges;
  if (cloud != NULL)
    isc_ion_view_set_cloud (self->ion_view, cloud, ranges);
  gtk_widget_set_visible (GTK_WIDGET (self->ion_view), cloud != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->image_view), image != NULL);
  isc_image_view_set_image (self->image_view, image);
  isc_image_view_set_scale_bar_length (self->image_view, self->scale_bar_nm);

  if (self->scale_bar_nm > 0.0)
    hint = g_strdup_printf (_("Both scale bars are %g nm long."), self->scale_bar_nm);
  else if (cloud == NULL)
    hint = g_strdup (_("This site has no APT specimen."));
  else if (image == NULL)
    hint = g_strdup (_("This site has no STEM image."));
  gtk_label_set_text (self->hint, hint != NULL ? hint : "");
}

double
isc_site_page_get_scale_bar_nm (IscSitePage *self)
{
  g_return_val_if_fail (ISC_IS_SITE_PAGE (self), 0.0);
  return self->scale_bar_nm;
}
