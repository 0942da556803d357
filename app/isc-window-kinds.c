/* isc-window-kinds.c: how the window shows each kind of the dataset registry.
 *
 * The model's registry (model/common/isc-dataset-kind.h) knows how a kind is recognised and
 * stored; this table, one floor up, knows which page opens it. A kind without a row here is
 * recognised but answered with "cannot open yet".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Ionscape"

#include "config.h"

#include <glib/gi18n.h>

#include "eels-page.h"
#include "eis-data.h"
#include "eis-page.h"
#include "isc-job.h"
#include "isc-window-private.h"
#include "project-file.h"
#include "saed-page.h"
#include "thermal-page.h"
#include "xrd-page.h"

/* Opens @path in the kind's page (in a worker thread where reading takes time). */
typedef void (*IscKindOpenFunc) (IscWindow  *self,
                                 const char *path);

typedef struct
{
  IscDatasetKind  kind;
  IscKindOpenFunc open;
} IscKindPage;

static void
open_apt (IscWindow  *self,
          const char *path)
{
  /* Its range file is looked for beside it. */
  _isc_window_open_apt (self, path, NULL);
}

/* A sidebar row for a kind's page, as the rows of window.ui: the kind's icon and a title. Its
 * name, "kind-" and the stack page's name, lets the window find the page. */
static void
add_kind_row (IscWindow      *self,
              IscDatasetKind  kind,
              const char     *page_name,
              const char     *title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *image = g_object_new (GTK_TYPE_IMAGE, "icon-name", isc_dataset_kind_get_icon (kind),
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  GtkWidget *label = gtk_label_new (title);
  g_autofree char *name = g_strconcat ("kind-", page_name, NULL);

  gtk_widget_set_name (row, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (self->page_list, row);
}

/* ---- Pages added to the content stack the first time a file of their kind opens ------- */

static const struct
{
  IscDatasetKind   kind;
  const char      *name;        /* of the stack page; its sidebar row is "kind-" NAME */
  const char      *title;
  GtkWidget     *(*new_page) (void);
} made_pages[] = {
  { ISC_DATASET_EIS, "eis", N_("Impedance"), isc_eis_page_new },
  { ISC_DATASET_XRD, "xrd", N_("Diffraction"), isc_xrd_page_new },
  { ISC_DATASET_THERMAL, "thermal", N_("Thermal Analysis"), isc_thermal_page_new },
  { ISC_DATASET_EELS, "eels", N_("EELS"), isc_eels_page_new },
  { ISC_DATASET_DIFFRACTION, "saed", N_("Electron Diffraction"), isc_saed_page_new },
};

GtkWidget *
_isc_window_get_kind_page (IscWindow      *self,
                           IscDatasetKind  kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (made_pages); i++)
    if (made_pages[i].kind == kind)
      {
        GtkWidget *page = gtk_stack_get_child_by_name (self->content_stack, made_pages[i].name);

        if (page != NULL)
          return page;
        page = made_pages[i].new_page ();
        gtk_stack_add_titled (self->content_stack, page, made_pages[i].name, _(made_pages[i].title));
        add_kind_row (self, kind, made_pages[i].name, _(made_pages[i].title));
        /* The window's actions follow what the page can do, as for the pages of window.ui. */
        g_signal_connect_object (page, "capabilities-changed", G_CALLBACK (_isc_window_actions_update), self,
                                 G_CONNECT_SWAPPED);
        return page;
      }
  return NULL;
}

/* Hands a file's data, read in a worker, to its kind's page (which takes it). */
typedef void (*IscKindShowFunc) (GtkWidget *page,
                                 gpointer   data);

typedef struct
{
  char            *path;
  IscDatasetKind   kind;
  IscKindShowFunc  show;
} KindLoad;

static void
kind_load_free (gpointer data)
{
  KindLoad *load = data;

  g_free (load->path);
  g_free (load);
}

static void
show_kind_page (IscWindow  *self,
                GtkWidget  *page,
                const char *path)
{
  gtk_stack_set_visible_child (self->content_stack, page);
  _isc_window_remember (self, path);
}

static void
kind_load_done (IscWindow    *self,
                gpointer      data,
                const GError *error,
                gpointer      user_data)
{
  KindLoad *load = user_data;
  GtkWidget *page;

  if (error != NULL)
    _isc_window_report_error (self, error);
  else
    {
      page = _isc_window_get_kind_page (self, load->kind);
      load->show (page, data);
      show_kind_page (self, page, load->path);
    }
  kind_load_free (load);
}

/* Reads @path in a worker with @read (its input is the path); @show gives the page the result. */
static void
load_in_job (IscWindow       *self,
             const char      *path,
             IscDatasetKind   kind,
             IscJobFunc       read,
             GDestroyNotify   result_free,
             IscKindShowFunc  show)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *label = g_strdup_printf (_("Loading %s…"), name);
  KindLoad *load = g_new0 (KindLoad, 1);

  load->path = g_strdup (path);
  load->kind = kind;
  load->show = show;
  isc_job_run (self, label, read, g_strdup (path), g_free, result_free, kind_load_done, load);
}

/* ---- Impedance spectra --------------------------------------------------------------- */

static gpointer
eis_load_job (gpointer          input,
              GCancellable     *cancellable,
              IscProgressFunc   progress,
              gpointer          progress_data,
              GError          **error)
{
  return isc_eis_data_load (input, error);
}

static void
eis_show (GtkWidget *page,
          gpointer   data)
{
  isc_eis_page_set_data (ISC_EIS_PAGE (page), data);
}

static void
open_eis (IscWindow  *self,
          const char *path)
{
  load_in_job (self, path, ISC_DATASET_EIS, eis_load_job, (GDestroyNotify) isc_eis_data_free, eis_show);
}

/* ---- Diffraction series: loading in the page's own worker ---------------------------- */

static void
open_xrd (IscWindow  *self,
          const char *path)
{
  GtkWidget *page = _isc_window_get_kind_page (self, ISC_DATASET_XRD);

  /* Every scan of the file forms one series (a heating run in one .brml, .uxd or .xrdml), and
   * so do the files opened together (several chosen in one Open dialog). */
  isc_xrd_page_queue_path (ISC_XRD_PAGE (page), path);
  show_kind_page (self, page, path);
}

/* ---- Thermal analysis: every file opened joins the overlay --------------------------- */

static gpointer
thermal_load_job (gpointer          input,
                  GCancellable     *cancellable,
                  IscProgressFunc   progress,
                  gpointer          progress_data,
                  GError          **error)
{
  return isc_thermal_load (input, ISC_THERMAL_FORMAT_AUTO, NULL, error);
}

static void
thermal_show (GtkWidget *page,
              gpointer   data)
{
  /* With and without LiOH side by side. */
  isc_thermal_page_add_curves (ISC_THERMAL_PAGE (page), data);
}

static void
open_thermal (IscWindow  *self,
              const char *path)
{
  load_in_job (self, path, ISC_DATASET_THERMAL, thermal_load_job, (GDestroyNotify) g_ptr_array_unref, thermal_show);
}

/* ---- Energy-loss spectra: read and analysed in the page's own worker ------------------- */

static void
open_eels (IscWindow  *self,
           const char *path)
{
  GtkWidget *page = _isc_window_get_kind_page (self, ISC_DATASET_EELS);

  isc_eels_page_load (ISC_EELS_PAGE (page), path);
  show_kind_page (self, page, path);
}

/* ---- Electron diffraction patterns: a page made on first use, reading in its own worker -- */

static IscSaedPage *
ensure_saed_page (IscWindow *self)
{
  return ISC_SAED_PAGE (_isc_window_get_kind_page (self, ISC_DATASET_DIFFRACTION));
}

static void
open_diffraction (IscWindow  *self,
                  const char *path)
{
  IscSaedPage *page = ensure_saed_page (self);

  isc_saed_page_load (page, path);
  show_kind_page (self, GTK_WIDGET (page), path);
}

void
_isc_window_analyse_diffraction (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  IscWindow *self = ISC_WINDOW (widget);
  IscImageView *view = isc_image_page_get_view (self->image_page);
  IscImage *image = isc_image_view_ref_image (view);
  IscSaedPage *page;

  if (image == NULL)
    return;
  page = ensure_saed_page (self);
  isc_saed_page_set_image (page, image, image->title != NULL && image->title[0] != '\0' ? image->title : NULL);
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (page));
}

static const IscKindPage kind_pages[] = {
  { ISC_DATASET_APT, open_apt },
  { ISC_DATASET_RANGES, _isc_window_open_ranges },
  { ISC_DATASET_STEM, _isc_window_open_image },
  { ISC_DATASET_CYCLER, _isc_window_open_cycler },
  { ISC_DATASET_EIS, open_eis },
  { ISC_DATASET_XRD, open_xrd },
  { ISC_DATASET_THERMAL, open_thermal },
  { ISC_DATASET_EELS, open_eels },
  { ISC_DATASET_DIFFRACTION, open_diffraction },
};

gboolean
_isc_window_kind_has_page (IscDatasetKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_pages); i++)
    if (kind_pages[i].kind == kind)
      return TRUE;
  return FALSE;
}

void
_isc_window_open_kind (IscWindow      *self,
                       IscDatasetKind  kind,
                       const char     *path)
{
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kind_pages); i++)
    if (kind_pages[i].kind == kind)
      {
        kind_pages[i].open (self, path);
        return;
      }
  name = g_path_get_basename (path);
  message = g_strdup_printf (_("Ionscape cannot open “%s” yet: reading %s is not available in this version."),
                             name, isc_dataset_kind_describe (kind));
  isc_window_show_banner (self, ISC_BANNER_ERROR, message);
}

char *
_isc_window_describe_unknown (const char *name)
{
  g_autoptr(GString) kinds = g_string_new (NULL);

  /* Every kind the registry knows, so a new kind is named here without an edit. */
  for (IscDatasetKind kind = 0; kind < ISC_DATASET_N_KINDS; kind++)
    {
      if (kinds->len > 0)
        g_string_append (kinds, ", ");
      g_string_append (kinds, isc_dataset_kind_describe (kind));
    }
  return g_strdup_printf (_("“%s” is not a file type Ionscape knows. It opens projects and these kinds of data: %s."),
                          name, kinds->str);
}

gboolean
_isc_window_is_project_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, ISC_PROJECT_SUFFIX);
}
