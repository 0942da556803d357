/* isc-window-tutorial.c: the "Show Me" of each tutorial step, done on the demo project.
 *
 * Each step does what its text in isc-tutorial.c says. A step that needs data still loading
 * (an APT specimen, an image) starts the load and finishes once it is there: APT steps are
 * re-run when the data is shown (_isc_window_apply_pending_tab), image steps continue in
 * their own job's callback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "demo.h"
#include "demo-eis.h"
#include "demo-insitu.h"
#include "demo-stem.h"
#include "demo-thermal.h"
#include "eis-page.h"
#include "image.h"
#include "isc-job.h"
#include "isc-tutorial.h"
#include "isc-window-private.h"
#include "spatial-panel.h"
#include "species-list.h"
#include "spectrum-view.h"
#include "xrd-page.h"

/* The site the tour looks at: the 300-cycle surface, where the Li loss shows. */
#define TOUR_CONDITION  "300 cycles"
#define TOUR_SITE       "R1"
#define TOUR_LINES_SITE "R2"    /* Li along line defects: isosurfaces and clusters */
/* The range edit: the 7Li window's upper edge moves here (Da), into the peak's tail. */
#define TOUR_LI7_MASS   7.016
#define TOUR_LI7_HIGH   7.3
#define TOUR_LI_ZOOM_LOW  5.0
#define TOUR_LI_ZOOM_HIGH 9.0
/* The full cell's formation: two slow cycles, so retention counts from cycle 3. */
#define TOUR_REFERENCE_CYCLE 3
/* The in situ series, relative to the project's folder, and the temperature shown (°C). */
#define TOUR_SERIES     "insitu", "ncm622-heating.tif"
#define TOUR_SERIES_C   300.0

/* The synthesis study's files, relative to the project's folder: the XRD heating series (and the
 * 2θ window fitted in it), the TGA/DTA curves, the impedance spectra of the reference cathode. */
#define TOUR_XRD_SERIES "xrd", "heating"
#define TOUR_XRD_WINDOW "17.8:20.2"
#define TOUR_THERMAL    "thermal"
#define TOUR_EIS        "eis", ISC_DEMO_EIS_R_NCM

#define PENDING_KEY     "isc-tutorial-pending-step"
#define TOUR_KEY        "isc-tutorial-window"

static void show_step (guint    index,
                       gpointer user_data);

static char *
demo_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "ionscape", "demo", NULL);
}

static gpointer
demo_write_job (gpointer          input,
                GCancellable     *cancellable,
                IscProgressFunc   progress,
                gpointer          progress_data,
                GError          **error)
{
  if (!isc_demo_write (input, cancellable, progress, progress_data, error))
    return NULL;
  return g_build_filename (input, "demo.ionscape", NULL);
}

static void
demo_written (IscWindow    *self,
              gpointer      data,
              const GError *error,
              gpointer      user_data)
{
  g_autofree char *path = data;

  if (error != NULL)
    _isc_window_report_error (self, error);
  else
    _isc_window_open_project (self, path);
}

static void
open_demo_project (IscWindow *self)
{
  g_autofree char *dir = demo_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.ionscape", NULL);

  if (self->project != NULL && g_strcmp0 (self->project->path, path) == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "gradient");
  else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    _isc_window_open_project (self, path);
  else
    /* First tour on this machine: write the demo (a few seconds) into the cache folder. */
    isc_job_run (self, _("Writing the demo project…"), demo_write_job, g_strdup (dir), g_free, g_free,
                 demo_written, NULL);
}

static IscSite *
tour_site (IscWindow *self)
{
  IscCondition *condition;

  if (self->project == NULL)
    return NULL;
  condition = isc_project_find_condition (self->project, TOUR_CONDITION);
  return condition != NULL ? isc_condition_find_site (condition, TOUR_SITE) : NULL;
}

static const char *
site_dataset (IscSite        *site,
              IscDatasetKind  kind,
              const char    **range_path)
{
  for (guint i = 0; i < site->datasets->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (dataset->kind == kind)
        {
          if (range_path != NULL)
            *range_path = dataset->range_path;
          return dataset->path;
        }
    }
  return NULL;
}

/* The page's parts have no getters of their own: the tour finds them by type. */
static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/* ---- APT steps ---------------------------------------------------------------------- */

/* TRUE when the APT page shows the tour site's first specimen; else opens it and runs step
 * @index again once it is shown. */
static gboolean
ensure_specimen (IscWindow *self,
                 IscSite   *site,
                 guint      index)
{
  IscIonCloud *cloud = isc_apt_page_get_cloud (self->apt_page);
  const char *range_path = NULL;
  const char *path = site_dataset (site, ISC_DATASET_APT, &range_path);

  if (path == NULL)
    return FALSE;
  if (cloud != NULL && g_strcmp0 (cloud->source_path, path) == 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "apt");
      return TRUE;
    }
  g_object_set_data (G_OBJECT (self), PENDING_KEY, GUINT_TO_POINTER (index + 1));
  _isc_window_open_apt (self, path, range_path);
  return FALSE;
}

/* Shows 5–9 Da, where the 7Li window is, with the window selected. */
static void
zoom_to_li (IscSpectrumView *spectrum)
{
  const IscSpectrum *histogram = isc_spectrum_view_get_spectrum (spectrum);
  IscPlot *plot = isc_plot_view_get_plot (ISC_PLOT_VIEW (isc_spectrum_view_get_plot_view (spectrum)));

  g_signal_handlers_disconnect_by_func (spectrum, zoom_to_li, NULL);
  if (histogram == NULL || plot == NULL)
    return;
  isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, TOUR_LI_ZOOM_LOW, TOUR_LI_ZOOM_HIGH, NULL);
  isc_plot_view_queue_redraw (ISC_PLOT_VIEW (isc_spectrum_view_get_plot_view (spectrum)));
}

static int
find_li7_window (const IscRangeSet *ranges)
{
  for (guint i = 0; i < isc_range_set_get_n_ranges (ranges); i++)
    {
      const IscRange *range = isc_range_set_get_range (ranges, i);

      if (range->low <= TOUR_LI7_MASS && range->high >= TOUR_LI7_MASS)
        return (int) i;
    }
  return -1;
}

/* Moves the 7Li window's upper edge into the tail, as dragging the edge does. The spectrum then
 * asks the window to range the data again; once that is shown, the step runs again and zooms
 * in on the window. */
static void
edit_li7_window (IscWindow *self)
{
  IscSpectrumView *spectrum = ISC_SPECTRUM_VIEW (find_descendant (GTK_WIDGET (self->apt_page),
                                                                  ISC_TYPE_SPECTRUM_VIEW));
  const IscRangeSet *ranges = isc_apt_page_get_ranges (self->apt_page);
  g_autoptr(GError) error = NULL;
  const IscRange *range;
  int index;

  if (spectrum == NULL || ranges == NULL || (index = find_li7_window (ranges)) < 0)
    return;
  range = isc_range_set_get_range (ranges, index);
  if (range->high < TOUR_LI7_HIGH)
    {
      g_object_set_data (G_OBJECT (self), PENDING_KEY, GUINT_TO_POINTER (ISC_TUTORIAL_RANGES + 1));
      if (!isc_spectrum_view_resize_range (spectrum, index, range->low, TOUR_LI7_HIGH, &error))
        {
          g_object_set_data (G_OBJECT (self), PENDING_KEY, NULL);
          isc_window_show_banner (self, ISC_BANNER_ERROR, error->message);
        }
      return;
    }
  isc_spectrum_view_select_range (spectrum, index);
  g_signal_handlers_disconnect_by_func (spectrum, zoom_to_li, NULL);
  if (isc_spectrum_view_is_computing (spectrum) || isc_spectrum_view_get_spectrum (spectrum) == NULL)
    g_signal_connect (spectrum, "spectrum-updated", G_CALLBACK (zoom_to_li), NULL);
  else
    zoom_to_li (spectrum);
}

/* Every species shown (@only NULL), or only the ion type named @only. */
static void
show_species (IscWindow  *self,
              const char *only)
{
  IscSpeciesList *list = ISC_SPECIES_LIST (find_descendant (GTK_WIDGET (self->apt_page),
                                                            ISC_TYPE_SPECIES_LIST));
  const IscRangeSet *ranges = isc_apt_page_get_ranges (self->apt_page);

  if (list == NULL || ranges == NULL)
    return;
  for (guint t = 0; t < isc_range_set_get_n_ion_types (ranges); t++)
    {
      const IscIonType *type = isc_range_set_get_ion_type (ranges, t);

      isc_species_list_set_visible (list, t, only == NULL || g_strcmp0 (type->name, only) == 0);
    }
}

static void
apt_step (IscWindow *self,
          IscSite   *site,
          guint      index)
{
  IscIonView *ion_view;
  guint n_rois = 0;

  if (!ensure_specimen (self, site, index))
    return;
  ion_view = isc_apt_page_get_ion_view (self->apt_page);
  switch (index)
    {
    case ISC_TUTORIAL_SPECTRUM:
      isc_apt_page_show_tab (self->apt_page, "spectrum");
      break;
    case ISC_TUTORIAL_RANGES:
      isc_apt_page_show_tab (self->apt_page, "spectrum");
      edit_li7_window (self);
      break;
    case ISC_TUTORIAL_COMPOSITION:
      isc_apt_page_show_tab (self->apt_page, "composition");
      break;
    case ISC_TUTORIAL_ION_MAP:
      show_species (self, "Li");
      break;
    case ISC_TUTORIAL_PROFILES:
    default:
      /* The previous step hid all but Li; the profile wants every element again. */
      show_species (self, NULL);
      isc_ion_view_get_rois (ion_view, &n_rois);
      if (n_rois == 0)
        isc_apt_page_add_cylinder (self->apt_page);
      isc_apt_page_show_tab (self->apt_page, "analysis");
      break;
    }
}

/* Isosurfaces and clusters of Li on the specimen whose Li lies along lines. */
static void
spatial_step (IscWindow *self,
              guint      index)
{
  IscCondition *condition = isc_project_find_condition (self->project, TOUR_CONDITION);
  IscSite *site = condition != NULL ? isc_condition_find_site (condition, TOUR_LINES_SITE) : NULL;
  IscSpatialPanel *panel;

  if (site == NULL || !ensure_specimen (self, site, index))
    return;
  /* The whole needle: the profile step's cylinder would cut the lines. */
  isc_ion_view_set_rois (isc_apt_page_get_ion_view (self->apt_page), NULL, NULL, 0);
  panel = isc_apt_page_get_spatial_panel (self->apt_page);
  isc_apt_page_show_tab (self->apt_page, "spatial");
  isc_spatial_panel_set_section_expanded (panel, ISC_SPATIAL_ISOSURFACE, TRUE);
  isc_spatial_panel_set_section_expanded (panel, ISC_SPATIAL_CLUSTERS, TRUE);
  isc_spatial_panel_set_isosurface_settings (panel, "Li", 35, 2, 1.5);
  isc_spatial_panel_set_cluster_settings (panel, "Li", 1.2, 300, 0, 0);
}

/* Called when the APT page shows new data: finishes the step that waited for it. */
void
_isc_window_apply_pending_tab (IscWindow *self)
{
  guint pending = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (self), PENDING_KEY));

  if (pending > 0)
    show_step (pending - 1, self);
}

/* ---- Image steps -------------------------------------------------------------------- */

/* What an image step loads (the job's input), and what it gets back (its result): the result
 * carries the request, so a window closed meanwhile frees both. */
typedef struct
{
  char     *path;
  guint     step;
  IscImage *image;
} ImageLoad;

static ImageLoad *
image_load_new (const char *path,
                guint       step)
{
  ImageLoad *load = g_new0 (ImageLoad, 1);

  load->path = g_strdup (path);
  load->step = step;
  return load;
}

static void
image_load_free (gpointer data)
{
  ImageLoad *load = data;

  g_free (load->path);
  g_clear_pointer (&load->image, isc_image_free);
  g_free (load);
}

static gpointer
image_load_job (gpointer          input,
                GCancellable     *cancellable,
                IscProgressFunc   progress,
                gpointer          progress_data,
                GError          **error)
{
  ImageLoad *request = input;
  IscImage *image = isc_image_load (request->path, 0, cancellable, progress, progress_data, error);
  ImageLoad *result;

  if (image == NULL)
    return NULL;
  result = image_load_new (request->path, request->step);
  result->image = image;
  return result;
}

/* Clicks the FFT spot of the layer planes: the reflection nearest to ISC_DEMO_STEM_LAYER_NM. */
static gboolean
select_layer_spot (IscFftPanel *panel)
{
  GArray *peaks = isc_fft_panel_get_peaks (panel);
  const IscFftPeak *best = NULL;
  double x, y;

  for (guint i = 0; peaks != NULL && i < peaks->len; i++)
    {
      const IscFftPeak *peak = &g_array_index (peaks, IscFftPeak, i);

      if (best == NULL || fabs (peak->d - ISC_DEMO_STEM_LAYER_NM) < fabs (best->d - ISC_DEMO_STEM_LAYER_NM))
        best = peak;
    }
  /* Zoomed in, the first-order spot stands clear of the brighter second order beside it. */
  isc_fft_panel_set_zoom (panel, 4);
  if (best == NULL || !isc_fft_panel_fft_to_canvas (panel, best->px, best->py, &x, &y))
    return FALSE;
  isc_fft_panel_click (panel, x, y);
  return TRUE;
}

/* The spot is clicked on the canvas: one not laid out yet (the page just shown, a busy machine)
 * gets the click on a later frame. */
static gboolean
select_spot_tick (GtkWidget     *panel,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  guint *frames = user_data;

  return select_layer_spot (ISC_FFT_PANEL (panel)) || ++*frames > 600 ? G_SOURCE_REMOVE
                                                                       : G_SOURCE_CONTINUE;
}

static void
select_layer_spot_soon (IscFftPanel *panel)
{
  if (!select_layer_spot (panel))
    gtk_widget_add_tick_callback (GTK_WIDGET (panel), select_spot_tick, g_new0 (guint, 1), g_free);
}

static void
fft_computed_cb (IscFftPanel *panel,
                 gpointer     user_data)
{
  g_signal_handlers_disconnect_by_func (panel, fft_computed_cb, user_data);
  select_layer_spot_soon (panel);
}

static void
show_lattice (IscWindow *self)
{
  IscImageView *view = isc_image_page_get_view (self->image_page);
  IscFftPanel *fft = isc_image_page_get_fft_panel (self->image_page);
  const IscImage *image = isc_image_view_get_image (view);

  if (image == NULL)
    return;
  /* The planes run along x: a line along y, over the middle half, crosses ~11 of them. */
  isc_image_view_set_tool (view, ISC_IMAGE_TOOL_LINE);
  isc_image_view_set_line (view, image->width / 2.0, image->height * 0.25,
                           image->width / 2.0, image->height * 0.75);
  g_signal_handlers_disconnect_by_func (fft, fft_computed_cb, self);
  if (isc_fft_panel_is_busy (fft) || isc_fft_panel_get_fft (fft) == NULL)
    g_signal_connect (fft, "computed", G_CALLBACK (fft_computed_cb), self);
  else
    select_layer_spot_soon (fft);
}

/* Scrolls the column holding @widget so that @widget's section starts at its top, once it
 * has been laid out (the section shows only for series). */
static gboolean
scroll_to_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *section = gtk_widget_get_parent (widget);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;

  if (scroller == NULL || section == NULL)
    return G_SOURCE_REMOVE;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (gtk_widget_get_height (widget) == 0 || !gtk_widget_compute_bounds (section, content, &bounds))
    return G_SOURCE_CONTINUE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, bounds.origin.y);
  return G_SOURCE_REMOVE;
}

static void
show_series (IscWindow  *self,
             const char *path)
{
  IscCoreShellPanel *panel = isc_image_page_get_core_shell_panel (self->image_page);
  g_autofree char *stem = g_strndup (path, strlen (path) - strlen (".tif"));
  g_autofree char *sidecar = g_strconcat (stem, ".json", NULL);
  g_autoptr(GError) error = NULL;
  double frame = (TOUR_SERIES_C - ISC_DEMO_INSITU_T_START) / ISC_DEMO_INSITU_T_STEP;

  if (!isc_core_shell_panel_load_sidecar (panel, sidecar, &error))
    isc_window_show_banner (self, ISC_BANNER_ERROR, error->message);
  isc_core_shell_panel_set_frame (panel, (guint) round (frame));
  /* Dragging pans the series again; the lattice step left the line tool on. */
  isc_image_view_clear_line (isc_image_page_get_view (self->image_page));
  isc_image_view_set_tool (isc_image_page_get_view (self->image_page), ISC_IMAGE_TOOL_PAN);
  gtk_widget_add_tick_callback (GTK_WIDGET (panel), scroll_to_cb, NULL, NULL);
}

static void
image_loaded (IscWindow    *self,
              gpointer      data,
              const GError *error,
              gpointer      user_data)
{
  ImageLoad *result = data;

  if (error != NULL)
    {
      _isc_window_report_error (self, error);
      return;
    }
  isc_image_page_set_image (self->image_page, g_steal_pointer (&result->image));
  gtk_stack_set_visible_child_name (self->content_stack, "image");
  if (result->step == ISC_TUTORIAL_LATTICE)
    show_lattice (self);
  else
    show_series (self, result->path);
  image_load_free (result);
}

static void
open_image (IscWindow  *self,
            const char *path,
            guint       step)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *label = g_strdup_printf (_("Loading %s…"), name);

  isc_job_run (self, label, image_load_job, image_load_new (path, step), image_load_free, image_load_free,
               image_loaded, NULL);
}

/* ---- Cycling steps ------------------------------------------------------------------ */

static void
cycling_step (IscWindow *self,
              IscSite   *site,
              guint      index)
{
  IscCondition *condition = site->condition;
  IscDataset *cycler = condition->cycler_files->len > 0 ? g_ptr_array_index (condition->cycler_files, 0) : NULL;

  if (index == ISC_TUTORIAL_RETENTION)
    {
      isc_cycling_view_set_reference_cycle (self->cycling_view, TOUR_REFERENCE_CYCLE);
      isc_cycling_view_set_kind (self->cycling_view, ISC_CYCLING_PLOT_RETENTION);
    }
  else
    isc_cycling_view_set_kind (self->cycling_view, ISC_CYCLING_PLOT_CAPACITY_EFFICIENCY);

  /* Cells accumulate in the view: the full cell is read once. */
  if (isc_cycling_view_get_n_cells (self->cycling_view) > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "cycling");
  else if (cycler != NULL)
    _isc_window_open_cycler (self, cycler->path);
}

/* ---- Synthesis steps: diffraction, thermal analysis, impedance ---------------------- */

static char *
project_file (IscWindow  *self,
              const char *first,
              const char *second)
{
  g_autofree char *dir = g_path_get_dirname (self->project->path);

  return g_build_filename (dir, first, second, NULL);
}

static void
synthesis_step (IscWindow *self,
                guint      index)
{
  switch (index)
    {
    case ISC_TUTORIAL_XRD:
      {
        g_autofree char *folder = project_file (self, TOUR_XRD_SERIES);

        _isc_window_open_kind (self, ISC_DATASET_XRD, folder);
        /* The window the page fits once the series is read (it is read in the page's worker). */
        isc_xrd_page_fit (ISC_XRD_PAGE (_isc_window_get_kind_page (self, ISC_DATASET_XRD)), TOUR_XRD_WINDOW);
      }
      break;
    case ISC_TUTORIAL_THERMAL:
      {
        g_autofree char *hydroxide = project_file (self, TOUR_THERMAL, ISC_DEMO_THERMAL_HYDROXIDE);
        g_autofree char *mixture = project_file (self, TOUR_THERMAL, ISC_DEMO_THERMAL_MIXTURE);

        /* Both join the overlay; opened again, each replaces its own curve. */
        _isc_window_open_kind (self, ISC_DATASET_THERMAL, hydroxide);
        _isc_window_open_kind (self, ISC_DATASET_THERMAL, mixture);
      }
      break;
    case ISC_TUTORIAL_EIS:
    default:
      {
        g_autofree char *path = project_file (self, TOUR_EIS);

        /* The circuit the page fits to the spectra when they arrive. */
        isc_eis_page_fit (ISC_EIS_PAGE (_isc_window_get_kind_page (self, ISC_DATASET_EIS)), ISC_DEMO_EIS_CIRCUIT);
        _isc_window_open_kind (self, ISC_DATASET_EIS, path);
      }
      break;
    }
}

/* ---- Steps -------------------------------------------------------------------------- */

static void
show_step (guint    index,
           gpointer user_data)
{
  IscWindow *self = user_data;
  IscSite *site;

  g_object_set_data (G_OBJECT (self), PENDING_KEY, NULL);
  if (index == ISC_TUTORIAL_PROJECT)
    {
      open_demo_project (self);
      return;
    }

  site = tour_site (self);
  if (site == NULL)
    {
      isc_window_show_banner (self, ISC_BANNER_INFO,
                              _("The tour uses the demo project: go back to step 1 and press “Show Me”."));
      return;
    }

  switch (index)
    {
    case ISC_TUTORIAL_SPECTRUM:
    case ISC_TUTORIAL_RANGES:
    case ISC_TUTORIAL_COMPOSITION:
    case ISC_TUTORIAL_ION_MAP:
    case ISC_TUTORIAL_PROFILES:
      apt_step (self, site, index);
      break;
    case ISC_TUTORIAL_SPATIAL:
      spatial_step (self, index);
      break;
    case ISC_TUTORIAL_SITE:
      isc_site_page_set_register_mode (self->site_page, FALSE);
      _isc_window_open_site (self, site);
      break;
    case ISC_TUTORIAL_REGISTER:
      {
        IscCondition *condition = isc_project_find_condition (self->project, TOUR_CONDITION);
        IscSite *lines = condition != NULL ? isc_condition_find_site (condition, TOUR_LINES_SITE) : NULL;

        /* The site whose needle image carries the demo's landmarks, in Register mode as it loads. */
        if (lines != NULL)
          {
            isc_site_page_set_register_mode (self->site_page, TRUE);
            _isc_window_open_site (self, lines);
          }
      }
      break;
    case ISC_TUTORIAL_LATTICE:
      {
        const char *path = site_dataset (site, ISC_DATASET_STEM, NULL);

        if (path != NULL)
          open_image (self, path, index);
      }
      break;
    case ISC_TUTORIAL_GRADIENT:
      gtk_stack_set_visible_child_name (self->content_stack, "gradient");
      break;
    case ISC_TUTORIAL_CAPACITY:
    case ISC_TUTORIAL_RETENTION:
      cycling_step (self, site, index);
      break;
    case ISC_TUTORIAL_IN_SITU:
      {
        g_autofree char *dir = g_path_get_dirname (self->project->path);
        g_autofree char *path = g_build_filename (dir, TOUR_SERIES, NULL);

        open_image (self, path, index);
      }
      break;
    case ISC_TUTORIAL_XRD:
    case ISC_TUTORIAL_THERMAL:
    case ISC_TUTORIAL_EIS:
      synthesis_step (self, index);
      break;
    case ISC_TUTORIAL_EXPORT:
    default:
      gtk_stack_set_visible_child_name (self->content_stack, "gradient");
      gtk_widget_activate_action (GTK_WIDGET (self), "win.export-figure", NULL);
      break;
    }
}

void
_isc_window_tutorial_step (IscWindow *self,
                           guint      index)
{
  show_step (index, self);
}

static void
tour_destroyed_cb (GtkWidget *tour,
                   IscWindow *self)
{
  g_object_set_data (G_OBJECT (self), TOUR_KEY, NULL);
}

void
_isc_window_show_tutorial (IscWindow *self)
{
  GtkWindow *tour = g_object_get_data (G_OBJECT (self), TOUR_KEY);

  /* One tour per window: asking again brings it to the front. */
  if (tour == NULL)
    {
      tour = isc_tutorial_show (GTK_WINDOW (self), show_step, self);
      g_object_set_data (G_OBJECT (self), TOUR_KEY, tour);
      g_signal_connect_object (tour, "destroy", G_CALLBACK (tour_destroyed_cb), self, 0);
    }
  gtk_window_present (tour);
}
