/* isc-site-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "eels-page.h"
#include "image-view.h"
#include "ion-overlay.h"
#include "ion-view.h"
#include "isc-register-view.h"
#include "isc-save-dialog.h"
#include "isc-site-page.h"
#include "profile.h"
#include "project-registration.h"
#include "registration-overlay.h"
#include "saed-page.h"
#include "site-figure.h"

/* The figure's size: two journal columns (180 mm), as high as one of its panels is wide (the
 * CLI's 2:1 for the map and the image, 3:1 with an overlay or a profile, 4:1 with both). */
/* Below this width the map and the image stack (the map on top) rather than squeeze. */
#define STACK_BELOW_PX 640

struct _IscSitePage
{
  GtkWidget     parent_instance;

  IscIonCloud  *cloud;
  IscRangeSet  *ranges;
  double        scale_bar_nm;

  GtkWidget    *box;
  GtkWidget    *paned;
  guint         orient_idle;   /* pending switch between side by side and stacked */
  GtkLabel     *title;
  GtkLabel     *hint;
  GtkWidget    *export_button;
  GtkWidget    *profile_check;
  GtkWidget    *overlay_check;
  gboolean      exporting;
  IscIonView   *ion_view;
  IscImageView *image_view;

  /* Register mode: the site's registration as prepared before the site loaded. */
  GtkWidget    *register_toggle;
  GtkStack     *view_stack;
  IscRegisterView *register_view;
  GtkWidget    *diffraction_toggle;  /* shown when the site has diffraction patterns */
  IscSaedPage  *pattern_a;           /* its first two, side by side (core and shell) */
  IscSaedPage  *pattern_b;
  char         *register_title;      /* the title the prepared data belongs to */
  char         *register_condition;
  char         *register_label;
  char         *register_image_path; /* the registered image when it is not the shown one */
  char         *register_first_image;/* the site's first image: what a new fit registers to */
  IscSiteRegistration *registration;

  /* EELS of the site: a page beside the microscopes, read when the site is shown. */
  GtkWidget    *eels_toggle;
  IscEelsPage  *eels_page;
  char         *eels_path;           /* the site's first EELS dataset, or NULL */
  char         *eels_loaded;         /* the file the EELS page shows */
};

enum
{
  SIGNAL_REGISTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void isc_site_page_page_init (IscPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IscSitePage, isc_site_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (ISC_TYPE_PAGE, isc_site_page_page_init))

static void
isc_site_page_dispose (GObject *object)
{
  IscSitePage *self = ISC_SITE_PAGE (object);

  g_clear_handle_id (&self->orient_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_SITE_PAGE);
  G_OBJECT_CLASS (isc_site_page_parent_class)->dispose (object);
}

static void
isc_site_page_finalize (GObject *object)
{
  IscSitePage *self = ISC_SITE_PAGE (object);

  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&self->ranges, isc_range_set_free);
  g_free (self->register_title);
  g_free (self->register_condition);
  g_free (self->register_label);
  g_free (self->register_image_path);
  g_free (self->register_first_image);
  g_clear_pointer (&self->registration, isc_site_registration_free);
  g_free (self->eels_path);
  g_free (self->eels_loaded);
  G_OBJECT_CLASS (isc_site_page_parent_class)->finalize (object);
}

static GtkOrientation
wanted_orientation (IscSitePage *self,
                    int          width)
{
  return width < STACK_BELOW_PX ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;
}

static gboolean
apply_orientation (gpointer data)
{
  IscSitePage *self = data;
  GtkOrientation o = wanted_orientation (self, gtk_widget_get_width (GTK_WIDGET (self)));

  self->orient_idle = 0;
  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) != o)
    {
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), o);
      /* half each way */
      gtk_paned_set_position (GTK_PANED (self->paned),
                              (o == GTK_ORIENTATION_VERTICAL ? gtk_widget_get_height (self->paned)
                                                             : gtk_widget_get_width (self->paned)) / 2);
    }
  return G_SOURCE_REMOVE;
}

/* A narrow page stacks the views; the switch waits for the allocation to end, since changing
 * the orientation asks for a new size. */
static void
isc_site_page_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  IscSitePage *self = ISC_SITE_PAGE (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) != wanted_orientation (self, width)
      && self->orient_idle == 0)
    self->orient_idle = g_idle_add (apply_orientation, self);
}

static void
isc_site_page_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  gtk_widget_measure (ISC_SITE_PAGE (widget)->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
register_toggled_cb (IscSitePage *self)
{
  gboolean on = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->register_toggle));

  if (on)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->eels_toggle), FALSE);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->diffraction_toggle), FALSE);
    }
  gtk_stack_set_visible_child_name (self->view_stack, on ? "register" : "views");
}

static void
eels_toggled_cb (IscSitePage *self)
{
  gboolean on = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->eels_toggle));

  if (on)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->register_toggle), FALSE);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->diffraction_toggle), FALSE);
    }
  if (on || g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "eels") == 0)
    gtk_stack_set_visible_child_name (self->view_stack, on ? "eels" : "views");
  isc_page_capabilities_changed (ISC_PAGE (self));
}

static void
diffraction_toggled_cb (IscSitePage *self)
{
  gboolean on = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->diffraction_toggle));

  if (on)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->register_toggle), FALSE);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->eels_toggle), FALSE);
    }
  if (on || g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "diffraction") == 0)
    gtk_stack_set_visible_child_name (self->view_stack, on ? "diffraction" : "views");
  isc_page_capabilities_changed (ISC_PAGE (self));
}

static void update_overlay_check (IscSitePage *self);

/* A fit in Register mode: the window stores it with the site. */
static void
registered_cb (IscSitePage *self)
{
  const IscSiteRegistration *registration = isc_register_view_get_registration (self->register_view);

  if (registration == NULL || self->register_condition == NULL)
    return;
  g_clear_pointer (&self->registration, isc_site_registration_free);
  self->registration = isc_site_registration_copy (registration);
  if (self->registration->image_path == NULL)
    {
      if (self->register_first_image == NULL)
        return;
      self->registration->image_path = g_strdup (self->register_first_image);
    }
  update_overlay_check (self);
  g_signal_emit (self, signals[SIGNAL_REGISTERED], 0, self->register_condition,
                 self->register_label, self->registration);
}

static void
isc_site_page_class_init (IscSitePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_site_page_dispose;
  object_class->finalize = isc_site_page_finalize;
  widget_class->size_allocate = isc_site_page_size_allocate;
  widget_class->measure = isc_site_page_measure;

  g_type_ensure (ISC_TYPE_ION_VIEW);
  g_type_ensure (ISC_TYPE_IMAGE_VIEW);
  g_type_ensure (ISC_TYPE_REGISTER_VIEW);
  g_type_ensure (ISC_TYPE_EELS_PAGE);
  g_type_ensure (ISC_TYPE_SAED_PAGE);
  /* (condition name, site label, const IscSiteRegistration *): a fit to keep with the site. */
  signals[SIGNAL_REGISTERED] = g_signal_new ("registered", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                             3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_POINTER);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ionscape/Ionscape/ui/site-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, box);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, paned);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, title);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, hint);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, export_button);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, profile_check);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, overlay_check);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, ion_view);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, image_view);
  gtk_widget_class_bind_template_callback (widget_class, isc_site_page_export_figure);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, register_toggle);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, register_view);
  gtk_widget_class_bind_template_callback (widget_class, register_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, diffraction_toggle);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, pattern_a);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, pattern_b);
  gtk_widget_class_bind_template_callback (widget_class, diffraction_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, registered_cb);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, eels_toggle);
  gtk_widget_class_bind_template_child (widget_class, IscSitePage, eels_page);
  gtk_widget_class_bind_template_callback (widget_class, eels_toggled_cb);
}

static void
isc_site_page_init (IscSitePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  isc_saed_page_set_compact (self->pattern_a, TRUE);
  isc_saed_page_set_compact (self->pattern_b, TRUE);
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

/* Register mode shows the registered image (loaded here when it is not the site's first one)
 * or the shown one, with the registration prepared for this title. */
static void
update_register_view (IscSitePage *self,
                      const char  *title,
                      IscIonCloud *cloud,
                      IscRangeSet *ranges,
                      IscImage    *image)
{
  g_autoptr(IscImage) registered = NULL;
  gboolean mine = g_strcmp0 (title, self->register_title) == 0;

  if (mine && self->register_image_path != NULL)
    registered = isc_image_load (self->register_image_path, 0, NULL, NULL, NULL, NULL);
  if (!mine)
    {
      g_clear_pointer (&self->register_condition, g_free);
      g_clear_pointer (&self->register_label, g_free);
      g_clear_pointer (&self->registration, isc_site_registration_free);
    }
  isc_register_view_set_data (self->register_view, cloud, ranges,
                              registered != NULL ? registered : image,
                              mine ? self->registration : NULL);
}

void
isc_site_page_prepare_registration (IscSitePage   *self,
                                    const char    *title,
                                    const IscSite *site)
{
  const char *first_image = NULL;

  g_return_if_fail (ISC_IS_SITE_PAGE (self));
  g_return_if_fail (site != NULL);

  for (guint i = 0; i < site->datasets->len && first_image == NULL; i++)
    {
      const IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (dataset->kind == ISC_DATASET_STEM)
        first_image = dataset->path;
    }
  isc_site_page_set_eels_path (self, isc_site_page_find_eels (site));
  g_free (self->register_title);
  self->register_title = g_strdup (title);
  g_free (self->register_condition);
  self->register_condition = g_strdup (site->condition != NULL ? site->condition->name : "");
  g_free (self->register_label);
  self->register_label = g_strdup (site->label);
  g_clear_pointer (&self->register_image_path, g_free);
  g_free (self->register_first_image);
  self->register_first_image = g_strdup (first_image);
  g_clear_pointer (&self->registration, isc_site_registration_free);
  if (site->registration != NULL)
    {
      self->registration = isc_site_registration_copy (site->registration);
      if (g_strcmp0 (site->registration->image_path, first_image) != 0)
        self->register_image_path = g_strdup (site->registration->image_path);
    }
}

const char *
isc_site_page_find_eels (const IscSite *site)
{
  for (guint i = 0; i < site->datasets->len; i++)
    {
      const IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (dataset->kind == ISC_DATASET_EELS)
        return dataset->path;
    }
  return NULL;
}

void
isc_site_page_set_eels_path (IscSitePage *self,
                             const char  *path)
{
  g_return_if_fail (ISC_IS_SITE_PAGE (self));

  g_free (self->eels_path);
  self->eels_path = g_strdup (path);
}

/* The EELS toggle shows for a site with EELS; its page reads the file in its own worker, with
 * the site's HAADF image as the survey the scan line is drawn on. */
static void
update_eels (IscSitePage *self,
             IscImage    *image)
{
  gboolean has = self->eels_path != NULL;

  gtk_widget_set_visible (self->eels_toggle, has);
  if (!has)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->eels_toggle), FALSE);
      g_clear_pointer (&self->eels_loaded, g_free);
      isc_eels_page_set_data (self->eels_page, NULL);
      return;
    }
  isc_eels_page_set_survey (self->eels_page, image != NULL ? isc_image_ref (image) : NULL);
  if (g_strcmp0 (self->eels_loaded, self->eels_path) != 0)
    {
      g_free (self->eels_loaded);
      self->eels_loaded = g_strdup (self->eels_path);
      isc_eels_page_load (self->eels_page, self->eels_path);
    }
}

IscEelsPage *
isc_site_page_get_eels_page (IscSitePage *self)
{
  g_return_val_if_fail (ISC_IS_SITE_PAGE (self), NULL);
  return self->eels_page;
}

/* The overlay panel needs ranged ions and a registration; a registered site gets it ticked, as
 * the figure of a registered site should show. */
static void
update_overlay_check (IscSitePage *self)
{
  gboolean possible = self->cloud != NULL && self->ranges != NULL && self->cloud->ion_type != NULL
                      && self->registration != NULL
                      && isc_image_view_get_image (self->image_view) != NULL;

  gtk_widget_set_sensitive (self->overlay_check, possible);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->overlay_check), possible);
}

void
isc_site_page_set_patterns (IscSitePage   *self,
                            const IscSite *site)
{
  IscSaedPage *pages[] = { self->pattern_a, self->pattern_b };
  guint n = 0;

  g_return_if_fail (ISC_IS_SITE_PAGE (self));
  g_return_if_fail (site != NULL);

  for (guint i = 0; i < site->datasets->len && n < G_N_ELEMENTS (pages); i++)
    {
      const IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (dataset->kind == ISC_DATASET_DIFFRACTION)
        isc_saed_page_load (pages[n++], dataset->path);
    }
  for (guint k = n; k < G_N_ELEMENTS (pages); k++)
    isc_saed_page_set_image (pages[k], NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->pattern_b), n > 1);
  gtk_widget_set_visible (self->diffraction_toggle, n > 0);
  if (n == 0)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->diffraction_toggle), FALSE);
}

IscSaedPage *
isc_site_page_get_pattern (IscSitePage *self,
                           guint        index)
{
  g_return_val_if_fail (ISC_IS_SITE_PAGE (self), NULL);
  g_return_val_if_fail (index < 2, NULL);
  return index == 0 ? self->pattern_a : self->pattern_b;
}

void
isc_site_page_show_diffraction (IscSitePage *self,
                                gboolean     show)
{
  g_return_if_fail (ISC_IS_SITE_PAGE (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->diffraction_toggle),
                                show && gtk_widget_get_visible (self->diffraction_toggle));
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
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), title);
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
  update_register_view (self, title, cloud, ranges, image);
  update_eels (self, image);
  isc_image_view_set_scale_bar_length (self->image_view, self->scale_bar_nm);

  if (self->scale_bar_nm > 0.0)
    hint = g_strdup_printf (_("Both scale bars are %g nm long."), self->scale_bar_nm);
  else if (cloud == NULL)
    hint = g_strdup (_("This site has no APT specimen."));
  else if (image == NULL)
    hint = g_strdup (_("This site has no STEM image."));
  gtk_label_set_text (self->hint, hint != NULL ? hint : "");
  gtk_widget_set_sensitive (self->export_button, self->scale_bar_nm > 0.0 && !self->exporting);
  /* a profile needs ranged ions */
  gtk_widget_set_sensitive (self->profile_check, cloud != NULL && ranges != NULL && cloud->ion_type != NULL);
  update_overlay_check (self);
  isc_page_capabilities_changed (ISC_PAGE (self));
}

double
isc_site_page_get_scale_bar_nm (IscSitePage *self)
{
  g_return_val_if_fail (ISC_IS_SITE_PAGE (self), 0.0);
  return self->scale_bar_nm;
}

/* What the worker needs, taken on the main thread (copies of settings, references to shared
 * data): the page may show another site meanwhile. */
typedef struct
{
  char        *path;
  char        *title;
  IscIonCloud *cloud;
  IscRangeSet *ranges;
  IscImage    *image;       /* a reference */
  guint        frame;
  gboolean     profile;     /* the last panel: the Li profile along z */
  IscRegistration *registration; /* the overlay panel's transform, or NULL: none */
  char        *registered_image_path; /* with it, panels b and c show this image, not @image */
  IscContrast  contrast;
  IscColormap  colormap;
  double       azimuth;
  double       elevation;
  double       scale_bar_nm;
  IscFigureOptions options;
} FigureJob;

static void
figure_job_free (gpointer data)
{
  FigureJob *job = data;

  g_free (job->path);
  g_free (job->title);
  g_clear_pointer (&job->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&job->ranges, isc_range_set_free);
  g_clear_pointer (&job->image, isc_image_unref);
  g_free (job->registration);
  g_free (job->registered_image_path);
  g_free (job);
}

static void
figure_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  FigureJob *job = data;
  IscSiteFigureInput in = { 0 };
  g_autoptr(IscProfile) profile = NULL;
  g_autofree float *overlay = NULL;
  g_autofree char *overlay_label = NULL;
  GError *error = NULL;

  /* the same profile as `ionscape-cli figure --profile` */
  if (job->profile && job->ranges != NULL)
    {
      IscProfileSettings settings;

      isc_profile_settings_init (&settings);
      settings.axis = ISC_PROFILE_AXIS_Z;
      profile = isc_profile_compute (job->cloud, job->ranges, NULL, &settings, cancellable, NULL, NULL, &error);
      if (profile == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  in.profile = profile;
  /* the same map as `ionscape-cli figure --overlay`, on the image it is registered to */
  if (job->registered_image_path != NULL)
    {
      IscImage *registered = isc_image_load (job->registered_image_path, 0, cancellable, NULL,
                                             NULL, &error);

      if (registered == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_clear_pointer (&job->image, isc_image_unref);
      job->image = registered;
      job->frame = 0;
      isc_contrast_init_default (&job->contrast);
      job->scale_bar_nm = 0;   /* the common length for this image */
    }
  if (job->registration != NULL)
    {
      overlay = isc_registration_overlay_new (job->registration, job->cloud, job->ranges, "Li",
                                              job->image->width, job->image->height,
                                              &overlay_label, &error);
      if (overlay == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  in.overlay = overlay;
  in.overlay_label = overlay_label;

  in.cloud = job->cloud;
  in.ranges = job->ranges;
  in.azimuth = job->azimuth;
  in.elevation = job->elevation;
  in.legend = job->ranges != NULL;
  in.image = job->image;
  in.frame = job->frame;
  in.contrast = &job->contrast;
  in.colormap = job->colormap;
  in.title = job->title;
  in.scale_bar_nm = job->scale_bar_nm;
  /* The headless context is made on this thread: the window's GL context stays untouched. */
  if (isc_site_figure_export_with_options (&in, job->path, &job->options, &error))
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
  isc_page_capabilities_changed (ISC_PAGE (self));
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    isc_show_error (GTK_WIDGET (self), _("The figure could not be saved"), error->message);
}

static gboolean write_figure_with_options (IscSitePage             *self,
                                           const char              *path,
                                           const IscFigureOptions  *options,
                                           GError                 **error);

static gboolean
write_figure (const char              *path,
              const IscFigureOptions  *options,
              gpointer                 data,
              GError                 **error)
{
  return write_figure_with_options (ISC_SITE_PAGE (data), path, options, error);
}

static gboolean
check_wanted (GtkWidget *check)
{
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (check)) && gtk_widget_get_sensitive (check);
}

static gboolean
profile_wanted (IscSitePage *self)
{
  return check_wanted (self->profile_check);
}

static gboolean
overlay_wanted (IscSitePage *self)
{
  return check_wanted (self->overlay_check);
}

/* Height over width of the figure: one panel's square in each column. */
static double
figure_aspect (IscSitePage *self)
{
  return 1.0 / (2 + (profile_wanted (self) ? 1 : 0) + (overlay_wanted (self) ? 1 : 0));
}

/* The figure's journal size for this site: two columns, as high as a panel is wide. */
static void
default_options (IscSitePage      *self,
                 IscFigureOptions *options)
{
  isc_figure_options_init (options);
  options->width_preset = ISC_FIGURE_WIDTH_DOUBLE;
  options->aspect = figure_aspect (self);
}

gboolean
isc_site_page_write_figure (IscSitePage  *self,
                            const char   *path,
                            GError      **error)
{
  IscFigureOptions options;

  default_options (self, &options);
  return write_figure_with_options (self, path, &options, error);
}

static gboolean
write_figure_with_options (IscSitePage             *self,
                           const char              *path,
                           const IscFigureOptions  *options,
                           GError                 **error)
{
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
  job->options = *options;
  job->title = g_strdup (gtk_label_get_text (self->title));
  job->cloud = isc_ion_cloud_ref (self->cloud);
  job->ranges = self->ranges != NULL ? isc_range_set_copy (self->ranges) : NULL;
  /* the view's image is shared and never changed: the worker reads it in place */
  job->image = isc_image_view_ref_image (self->image_view);
  job->frame = isc_image_view_get_frame (self->image_view);
  job->profile = profile_wanted (self);
  if (overlay_wanted (self))
    {
      job->registration = g_memdup2 (&self->registration->transform, sizeof (IscRegistration));
      job->registered_image_path = g_strdup (self->register_image_path);
    }
  isc_image_view_get_contrast (self->image_view, &job->contrast);
  job->colormap = isc_image_view_get_colormap (self->image_view);
  job->scale_bar_nm = self->scale_bar_nm;
  /* The view direction as the figure's orbit angles (see isc_camera_set_azimuth_elevation). */
  isc_camera_get_view_direction (isc_ion_view_get_camera (self->ion_view), forward);
  job->elevation = asin (CLAMP (-forward[2], -1.0, 1.0)) * 180.0 / G_PI;
  job->azimuth = atan2 (-forward[0], forward[1]) * 180.0 / G_PI;

  self->exporting = TRUE;
  gtk_widget_set_sensitive (self->export_button, FALSE);
  isc_page_capabilities_changed (ISC_PAGE (self));
  task = g_task_new (self, NULL, figure_done, NULL);
  g_task_set_source_tag (task, write_figure);
  g_task_set_task_data (task, job, figure_job_free);
  g_task_run_in_thread (task, figure_thread);
  return TRUE;
}

void
isc_site_page_export_figure (IscSitePage *self)
{
  g_autofree char *name = NULL;
  IscFigureOptions options;

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
  /* The text size, resolution and background of the last export; the site figure's own shape. */
  isc_save_dialog_get_figure_options (&options);
  options.width_preset = ISC_FIGURE_WIDTH_DOUBLE;
  options.height_mm = 0;
  options.aspect = figure_aspect (self);
  isc_save_dialog_run_figure (GTK_WIDGET (self), _("Export Site Figure"),
                              name[0] != '.' ? name : "site-figure.pdf", &options, NULL,
                              write_figure, self);
}

/* A site figure needs the specimen and a calibrated image (the common scale bar), and one
 * export at a time. */
static gboolean
isc_site_page_can_export_figure (IscPage *page)
{
  IscSitePage *self = ISC_SITE_PAGE (page);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "eels") == 0)
    return isc_page_can_export_figure (ISC_PAGE (self->eels_page));
  return self->scale_bar_nm > 0.0 && !self->exporting;
}

static void
isc_site_page_page_export_figure (IscPage *page)
{
  IscSitePage *self = ISC_SITE_PAGE (page);

  /* the EELS page, when shown, exports its spectrum */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "eels") == 0)
    {
      isc_page_export_figure (ISC_PAGE (self->eels_page));
      return;
    }
  isc_site_page_export_figure (ISC_SITE_PAGE (page));
}

static void
isc_site_page_page_init (IscPageInterface *iface)
{
  iface->can_export_figure = isc_site_page_can_export_figure;
  iface->export_figure = isc_site_page_page_export_figure;
}

void
isc_site_page_set_profile_panel (IscSitePage *self,
                                 gboolean     profile)
{
  g_return_if_fail (ISC_IS_SITE_PAGE (self));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->profile_check), profile);
}

void
isc_site_page_set_overlay_panel (IscSitePage *self,
                                 gboolean     overlay)
{
  g_return_if_fail (ISC_IS_SITE_PAGE (self));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->overlay_check), overlay);
}

gboolean
isc_site_page_get_overlay_possible (IscSitePage *self)
{
  g_return_val_if_fail (ISC_IS_SITE_PAGE (self), FALSE);
  return gtk_widget_get_sensitive (self->overlay_check);
}

GtkOrientation
isc_site_page_get_orientation (IscSitePage *self)
{
  g_return_val_if_fail (ISC_IS_SITE_PAGE (self), GTK_ORIENTATION_HORIZONTAL);
  return gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned));
}

void
isc_site_page_set_register_mode (IscSitePage *self,
                                 gboolean     on)
{
  g_return_if_fail (ISC_IS_SITE_PAGE (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->register_toggle), on);
}

gboolean
isc_site_page_get_register_mode (IscSitePage *self)
{
  g_return_val_if_fail (ISC_IS_SITE_PAGE (self), FALSE);
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->register_toggle));
}
