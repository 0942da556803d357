/* isc-window-private.h: the window's state, shared by the files that implement it:
 * isc-window.c (shell: sidebar, messages, size), isc-window-actions.c (actions and their
 * enabled state), isc-window-history.c (Back/Forward), isc-window-dnd.c (drops),
 * isc-window-open.c (APT data, ranges, images), isc-window-project.c (projects, sites),
 * isc-window-cycler.c (cycler files), isc-window-tutorial.c (the tour) and isc-job.c (the
 * job queue and progress).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "batch-table.h"
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
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;      /* the application's, once it is set */
  GtkFileChooserNative *chooser;

  /* Jobs (isc-job.c): the running one's cancellable, the waiting ones (Job*), and the latest
   * progress, written by workers and shown by one pending idle at a time. */
  GCancellable         *job_cancellable;
  GQueue                jobs;
  GMutex                progress_lock;
  double                progress_fraction;
  guint                 progress_source;

  /* Template children */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkToggleButton      *sidebar_button;
  GtkMenuButton        *primary_menu_button;
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner_box;
  GtkLabel             *banner_label;
  GtkWidget            *banner_close_button;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  GtkBox               *sidebar_box;
  GtkListBox           *page_list;
  GtkWidget            *overview_row;
  GtkWidget            *cycling_row;
  GtkWidget            *batch_row;      /* the project's cached recipe run */
  GtkWidget            *image_row;
  GtkLabel             *image_row_label;
  GtkWidget            *site_row;
  GtkWidget            *apt_row;
  GtkWidget            *sidebar_hint;   /* shown while no project is open */
  GtkStack             *content_stack;
  AdwStatusPage        *welcome_page;
  GMenu                *recent_section;
  IscSiteBrowser       *site_browser;
  IscAptPage           *apt_page;
  IscCyclingView       *cycling_view;
  IscBatchTable        *batch_table;
  IscImagePage         *image_page;
  IscSitePage          *site_page;
  IscGradientView      *gradient_view;

  /* Messages: the error lines of the banner (char*), and the toast shown, if any (borrowed) */
  GPtrArray            *banner_errors;
  AdwToast             *toast;
  char                 *toast_text;

  /* Pages visited (GtkWidget*, borrowed from content_stack): back and forward */
  GPtrArray            *history_back;
  GPtrArray            *history_forward;
  GtkWidget            *shown_page;
  gboolean              navigating;

  /* The open project (owned), or NULL */
  IscProject           *project;
  /* A loaded project naming files outside its folder, waiting for the user's answer (owned),
   * the question asked, and the projects whose outside files the user allowed this session */
  IscProject           *outside_project;
  GtkWidget            *outside_dialog;
  GHashTable           *outside_allowed;
  /* "CONDITION/SITE" to show once the project has loaded (from --site), or NULL */
  char                 *pending_site;
  /* Whether the site page has been given a site */
  gboolean              site_shown;
  /* A range file opened while its data was still loading */
  char                 *pending_ranges;
};


/* isc-window-actions.c: every window action, enabled from the visible page's capabilities */
void     _isc_window_class_actions_init (IscWindowClass *klass);
void     _isc_window_actions_update     (IscWindow      *self);
/* Whether the page shown can export a figure (what win.export-figure does there). */
/* The Open dialog with its filters, not yet shown: projects only, or every kind of the registry. */
GtkFileChooserNative *_isc_window_new_chooser (IscWindow *self,
                                               gboolean   project_only);

/* isc-window-history.c: the pages visited, for Back and Forward */
void     _isc_window_history_init       (IscWindow *self);
void     _isc_window_history_page_shown (IscWindow *self);
gboolean _isc_window_go_back            (IscWindow *self);
gboolean _isc_window_go_forward         (IscWindow *self);
gboolean _isc_window_can_go_back        (IscWindow *self);
gboolean _isc_window_can_go_forward     (IscWindow *self);
/* What the mouse's back (8) and forward (9) buttons do; TRUE when the button was one of them. */
gboolean _isc_window_navigate_button    (IscWindow *self,
                                         guint      button);

/* isc-window.c */
/* Shows or hides the sidebar's page rows from what each page has to show. */
void     _isc_window_update_page_rows   (IscWindow *self);
/* Hides the banner (forgetting its errors) and the toast. */
void     _isc_window_dismiss_messages   (IscWindow *self);

/* isc-window-dnd.c: the window's drop target */
void     _isc_window_dnd_init           (IscWindow *self);

/* isc-window-batch.c: Run Recipe… (a file chooser), and the run of one recipe file */
void     _isc_window_run_recipe         (IscWindow  *self);
/* Shows the project's cached recipe run (or hides its row when there is none). */
void     _isc_window_show_batch         (IscWindow  *self);
void     _isc_window_run_recipe_file    (IscWindow  *self,
                                         const char *recipe_path);

/* isc-job.c: frees the jobs still waiting, without running them */
void     _isc_window_jobs_clear         (IscWindow *self);

/* isc-window-open.c, isc-window-project.c, isc-window-cycler.c */
void _isc_window_remember          (IscWindow  *self,
                                    const char *path);
void _isc_window_ranges_edited     (IscWindow  *self);
void _isc_window_project_changed   (IscWindow  *self);
/* Register mode's fits are kept with their site (isc-window-register.c). */
void _isc_window_register_init     (IscWindow  *self);
void _isc_window_dataset_activated (IscWindow  *self,
                                    const char *path,
                                    int         kind);
void _isc_window_columns_requested (IscCyclingView            *view,
                                    guint                      cell,
                                    const char                *path,
                                    const IscCyclingColumnMap *columns,
                                    IscWindow                 *self);
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

/* isc-window-kinds.c: the page of each kind of the dataset registry */
gboolean _isc_window_kind_has_page     (IscDatasetKind  kind);
/* The page of a kind shown on a page made on first use (impedance, diffraction, thermal
 * analysis), made now when needed; NULL for other kinds. */
GtkWidget *_isc_window_get_kind_page   (IscWindow      *self,
                                        IscDatasetKind  kind);
/* "“NAME” is not a file type Ionscape knows…", naming every kind of the registry. */
char    *_isc_window_describe_unknown  (const char     *name);
/* Opens @path, of @kind, in its page; a kind without a page is answered with a banner. */
void     _isc_window_open_kind         (IscWindow      *self,
                                        IscDatasetKind  kind,
                                        const char     *path);
/* TRUE when @name ends in .ionscape (any case). */
gboolean _isc_window_is_project_name   (const char     *name);
/* win.analyse-diffraction: the image page's image on the diffraction page (a pattern whose
 * file does not say it is one). */
void     _isc_window_analyse_diffraction (GtkWidget    *widget,
                                          const char   *action_name,
                                          GVariant     *parameter);

/* isc-window-tutorial.c */
void _isc_window_show_tutorial     (IscWindow *self);
void _isc_window_tutorial_step     (IscWindow *self,
                                    guint      index);
void _isc_window_apply_pending_tab (IscWindow *self);

G_END_DECLS
