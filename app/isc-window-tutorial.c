/* isc-window-tutorial.c: the "Show me" of each tutorial step, done on the demo project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>

#include "demo.h"
#include "isc-job.h"
#include "isc-tutorial.h"
#include "isc-window-private.h"

/* The site the tour looks at: the 300-cycle surface, where the Li loss shows. */
#define TOUR_CONDITION "300 cycles"
#define TOUR_SITE      "R1"

enum {
  STEP_PROJECT,
  STEP_SPECTRUM,
  STEP_COMPOSITION,
  STEP_ION_MAP,
  STEP_PROFILES,
  STEP_STEM,
  STEP_GRADIENT,
  STEP_EXPORT,
};

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

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
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

/* Opens the tour site's first specimen unless the APT page already shows data; @tab and
 * @cylinder are applied once it is shown. */
static void
show_specimen (IscWindow  *self,
               IscSite    *site,
               const char *tab,
               gboolean    cylinder)
{
  if (isc_apt_page_get_cloud (self->apt_page) == NULL)
    {
      for (guint i = 0; i < site->datasets->len; i++)
        {
          IscDataset *dataset = g_ptr_array_index (site->datasets, i);

          if (dataset->kind == ISC_DATASET_APT)
            {
              g_free (self->pending_tab);
              self->pending_tab = g_strdup (tab);
              self->pending_cylinder = cylinder;
              _isc_window_open_apt (self, dataset->path, dataset->range_path);
              return;
            }
        }
    }
  gtk_stack_set_visible_child_name (self->content_stack, "apt");
  isc_apt_page_show_tab (self->apt_page, tab);
  if (cylinder)
    isc_apt_page_add_cylinder (self->apt_page);
}

static void
show_step (guint    index,
           gpointer user_data)
{
  IscWindow *self = user_data;
  IscSite *site;

  if (index == STEP_PROJECT)
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
    case STEP_SPECTRUM:
    case STEP_ION_MAP:
      show_specimen (self, site, "spectrum", FALSE);
      break;
    case STEP_COMPOSITION:
      show_specimen (self, site, "composition", FALSE);
      break;
    case STEP_PROFILES:
      show_specimen (self, site, "analysis", TRUE);
      break;
    case STEP_STEM:
      _isc_window_open_site (self, site);
      break;
    case STEP_GRADIENT:
      gtk_stack_set_visible_child_name (self->content_stack, "gradient");
      break;
    case STEP_EXPORT:
    default:
      gtk_stack_set_visible_child_name (self->content_stack, "gradient");
      gtk_widget_activate_action (GTK_WIDGET (self), "win.export-figure", NULL);
      break;
    }
}

void
_isc_window_apply_pending_tab (IscWindow *self)
{
  if (self->pending_tab == NULL)
    return;
  isc_apt_page_show_tab (self->apt_page, self->pending_tab);
  if (self->pending_cylinder)
    isc_apt_page_add_cylinder (self->apt_page);
  g_clear_pointer (&self->pending_tab, g_free);
  self->pending_cylinder = FALSE;
}

void
_isc_window_tutorial_step (IscWindow *self,
                           guint      index)
{
  show_step (index, self);
}

void
_isc_window_show_tutorial (IscWindow *self)
{
  isc_tutorial_show (GTK_WINDOW (self), show_step, self);
}
