/* isc-window-private.h: the window's state, shared by the files that implement it
 * (isc-window.c: shell and actions; isc-window-open.c: opening files and projects).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cycling-view.h"
#include "gradient-view.h"
#include "image-page.h"
#include "isc-apt-page.h"
#include "isc-site-page.h"
#include "isc-window.h"
#include "project.h"
#include "site-browser.h"

G_BEGIN_DECLS

struct _IscWindow
{
  GtkApplicationWindow  parent_instance;

  GCancellable         *job_cancellable;
  GtkFileChooserNative *chooser;

  /* Template children */
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner_box;
  GtkLabel             *banner_label;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkPaned             *main_paned;
  GtkBox               *sidebar_box;
  GtkStack             *content_stack;
  GMenu                *recent_submenu;

  /* Views, created once and kept in content_stack */
  IscSiteBrowser       *site_browser;
  GtkWidget            *sidebar_hint;   /* shown while no project is open */
  IscAptPage           *apt_page;
  IscCyclingView       *cycling_view;
  IscImagePage         *image_page;
  IscSitePage          *site_page;
  IscGradientView      *gradient_view;

  /* The open project (owned), or NULL */
  IscProject           *project;
  /* A loaded project naming files outside its folder, waiting for the user's answer (owned),
   * the question asked, and the projects whose outside files the user allowed this session */
  IscProject           *outside_project;
  GtkWidget            *outside_dialog;
  GHashTable           *outside_allowed;
  /* "CONDITION/SITE" to show once the project has loaded (from --site), or NULL */
  char                 *pending_site;
  /* The tutorial's wishes for the APT page once its data is shown */
  char                 *pending_tab;
  gboolean              pending_cylinder;
  /* A range file opened while its data was still loading */
  char                 *pending_ranges;
};


/* isc-window-open.c, isc-window-project.c, isc-window-cycler.c */
void _isc_window_remember          (IscWindow  *self,
                                    const char *path);
void _isc_window_ranges_edited     (IscWindow  *self);
void _isc_window_project_changed   (IscWindow  *self);
void _isc_window_dataset_activated (IscWindow  *self,
                                    const char *path,
                                    int         kind);
void _isc_window_columns_requested (IscCyclingView            *view,
                                    guint                      cell,
                                    const char                *path,
                                    const IscCyclingColumnMap *columns,
                                    IscWindow                 *self);
void _isc_window_open_init        (IscWindow  *self);
void _isc_window_open_apt         (IscWindow  *self,
                                   const char *path,
                                   const char *range_path);
void _isc_window_open_ranges      (IscWindow  *self,
                                   const char *path);
void _isc_window_open_project     (IscWindow  *self,
                                   const char *path);
void _isc_window_open_cycler      (IscWindow  *self,
                                   const char *path);
void _isc_window_open_image       (IscWindow  *self,
                                   const char *path);
void _isc_window_save_project     (IscWindow  *self);
void _isc_window_open_site        (IscWindow  *self,
                                   IscSite    *site);
void _isc_window_report_error     (IscWindow    *self,
                                   const GError *error);

/* isc-window-tutorial.c */
void _isc_window_show_tutorial     (IscWindow *self);
void _isc_window_tutorial_step     (IscWindow *self,
                                    guint      index);
void _isc_window_apply_pending_tab (IscWindow *self);

G_END_DECLS
