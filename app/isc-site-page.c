/* isc-site-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "image-view.h"
#include "ion-overlay.h"
#include "ion-view.h"
#include "isc-save-dialog.h"
#include "isc-site-page.h"
#include "site-figure.h"

/* The figure's size: a two-column journal figure, 7 × 3.5 in, at 300 dpi for PNG. */
#define FIGURE_WIDTH_PT  504.0
#define FIGURE_HEIGHT_PT 252.0
#define FIGURE_DPI       300.0

struct _IscSitePage
{
  GtkWidget     parent_instance;

  IscIonCloud  *cloud;
  IscRangeSet  *ranges;
  double        scale_bar_nm;

  GtkWidget    *box;
  GtkLabel     *title;
  GtkLabel     *hint;
  GtkWidget    *export_button;
  gboolean      exporting;
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

  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
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
  GtkWidget *header;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 8);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-4");
  self->export_button = gtk_button_new_with_mnemonic (_("Export _Figure…"));
  gtk_widget_set_tooltip_text (self->export_button,
                               _("Save the ion map and the image side by side, with scale bars "
                                 "of the same length, as PDF, SVG or PNG"));
  gtk_widget_set_sensitive (self->export_button, FALSE);
  g_signal_connect_swapped (self->export_button, "clicked",
                            G_CALLBACK (isc_site_page_export_figure), self);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (header), self->export_button);
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
  gtk_paned_set_position (GTK_PANED (paned), 380);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), TRUE);
  gtk_widget_set_vexpand (paned, TRUE);

  gtk_box_append (GTK_BOX (self->box), header);
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
  gtk_widget_set_sensitive (self->export_button, self->scale_bar_nm > 0.0 && !self->exporting);
}

double
isc_site_page_get_scale_bar_nm (IscSitePage *self)
{
  g_return_val_if_fail (ISC_IS_SITE_PAGE (self), 0.0);
  return self->scale_bar_nm;
}

/* What the worker needs, copied on the main thread: the page may show another site meanwhile. */
typedef struct
{
  char        *path;
  char        *title;
  IscIonCloud *cloud;
  IscRangeSet *ranges;
  IscImage    *image;
  IscContrast  contrast;
  IscColormap  colormap;
  double       azimuth;
  double       elevation;
  double       scale_bar_nm;
} FigureJob;

static void
figure_job_free (gpointer data)
{
  FigureJob *job = data;

  g_free (job->path);
  g_free (job->title);
  g_clear_pointer (&job->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&job->ranges, isc_range_set_free);
  g_clear_pointer (&job->image, isc_image_free);
  g_free (job);
}

/* The shown frame with its calibration, as a new single-frame image. */
static IscImage *
copy_frame (const IscImage *image,
            guint           frame)
{
  IscImage *copy = isc_image_new (image->width, image->height, 1, ISC_IMAGE_DTYPE_F32, NULL);

  if (copy == NULL)
    return NULL;
  memcpy (isc_image_frame (copy, 0), isc_image_frame_const (image, frame),
          (gsize) image->width * image->height * sizeof (float));
  for (guint a = ISC_IMAGE_AXIS_X; a <= ISC_IMAGE_AXIS_Y; a++)
    {
      copy->axis[a].origin = image->axis[a].origin;
      copy->axis[a].scale = image->axis[a].scale;
      g_free (copy->axis[a].unit);
      copy->axis[a].unit = g_strdup (image->axis[a].unit);
    }
  return copy;
}

static void
figure_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  FigureJob *job = data;
  IscSiteFigureInput in = { 0 };
  GError *error = NULL;

  in.cloud = job->cloud;
  in.ranges = job->ranges;
  in.azimuth = job->azimuth;
  in.elevation = job->elevation;
  in.legend = job->ranges != NULL;
  in.image = job->image;
  in.contrast = &job->contrast;
  in.colormap = job->colormap;
  in.title = job->title;
  in.scale_bar_nm = job->scale_bar_nm;
  /* The headless context is made on this thread: the window's GL context stays untouched. */
  if (isc_site_figure_export (&in, job->path, FIGURE_WIDTH_PT, FIGURE_HEIGHT_PT, FIGURE_DPI,
                              &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
figure_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IscSitePage *self = ISC_SITE_PAGE (source);
  g_autoptr(GError) error = NULL;

  self->exporting = FALSE;
  gtk_widget_set_sensitive (self->export_button, self->scale_bar_nm > 0.0);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    isc_show_error (GTK_WIDGET (self), _("The figure could not be saved"), error->message);
}

static gboolean
write_figure (const char  *path,
              gpointer     data,
              GError     **error)
{
  IscSitePage *self = ISC_SITE_PAGE (data);
  const IscImage *image = isc_image_view_get_image (self->image_view);
  g_autoptr(GTask) task = NULL;
  FigureJob *job;
  double forward[3];

  if (self->cloud == NULL || image == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The site needs both an APT specimen and a STEM image."));
      isc_show_error (GTK_WIDGET (self), _("The figure could not be saved"), (*error)->message);
      return FALSE;
    }
  job = g_new0 (FigureJob, 1);
  job->path = g_strdup (path);
  job->title = g_strdup (gtk_label_get_text (self->title));
  job->cloud = isc_ion_cloud_ref (self->cloud);
  job->ranges = self->ranges != NULL ? isc_range_set_copy (self->ranges) : NULL;
  job->image = copy_frame (image, isc_image_view_get_frame (self->image_view));
  isc_image_view_get_contrast (self->image_view, &job->contrast);
  job->colormap = isc_image_view_get_colormap (self->image_view);
  job->scale_bar_nm = self->scale_bar_nm;
  /* The view direction as the figure's orbit angles (see isc_camera_set_azimuth_elevation). */
  isc_camera_get_view_direction (isc_ion_view_get_camera (self->ion_view), forward);
  job->elevation = asin (CLAMP (-forward[2], -1.0, 1.0)) * 180.0 / G_PI;
  job->azimuth = atan2 (-forward[0], forward[1]) * 180.0 / G_PI;
  if (job->image == NULL)
    {
      figure_job_free (job);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("Not enough memory to copy the image."));
      isc_show_error (GTK_WIDGET (self), _("The figure could not be saved"), (*error)->message);
      return FALSE;
    }

  self->exporting = TRUE;
  gtk_widget_set_sensitive (self->export_button, FALSE);
  task = g_task_new (self, NULL, figure_done, NULL);
  g_task_set_source_tag (task, write_figure);
  g_task_set_task_data (task, job, figure_job_free);
  g_task_run_in_thread (task, figure_thread);
  return TRUE;
}

void
isc_site_page_export_figure (IscSitePage *self)
{
  static const IscSaveFilter filters[] = {
    { N_("PDF document"), { "pdf", NULL } },
    { N_("SVG image"), { "svg", NULL } },
    { N_("PNG image"), { "png", NULL } },
    { NULL },
  };
  g_autofree char *name = NULL;

  g_return_if_fail (ISC_IS_SITE_PAGE (self));

  if (self->exporting)
    return;
  if (self->scale_bar_nm <= 0.0)
    {
      isc_show_error (GTK_WIDGET (self), _("The figure could not be saved"),
                      _("The site needs both an APT specimen and a STEM image calibrated in nm."));
      return;
    }
  name = g_strdup_printf ("%s.pdf", gtk_label_get_text (self->title));
  g_strdelimit (name, "/\\:", '-');
  isc_save_dialog_run (GTK_WIDGET (self), _("Export Site Figure"), _("_Export"),
                       name[0] != '.' ? name : "site-figure.pdf", filters,
                       ISC_SAVE_DIALOG_ADD_SUFFIX, NULL, write_figure, self);
}
