/* test-site-browser.c: the sidebar shows conditions → sites → datasets, activates rows, takes
 * dropped files and edits sites; a real screenshot shows one text band per row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>
#include <math.h>

#include "site-browser.h"
#include "site-browser-row.h"
#include "test-gtk-util.h"
#include "test-util.h"

typedef struct
{
  char *dataset_path;
  int   dataset_kind;
  IscSite *site;
  guint changes;
} Events;

static void
dataset_activated_cb (IscSiteBrowser *browser,
                      const char     *path,
                      int             kind,
                      Events         *events)
{
  g_free (events->dataset_path);
  events->dataset_path = g_strdup (path);
  events->dataset_kind = kind;
}

static void
site_activated_cb (IscSiteBrowser *browser,
                   IscSite        *site,
                   Events         *events)
{
  events->site = site;
}

static void
project_changed_cb (IscSiteBrowser *browser,
                    Events         *events)
{
  events->changes++;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Renders @widget as the screen shows it and returns its ARGB32 words (0xAARRGGBB). */
static guint32 *
screenshot (GtkWidget *widget,
            int       *out_width,
            int       *out_height)
{
  return isc_test_snapshot (widget, out_width, out_height,
                            g_getenv ("ISC_KEEP_SHOTS") != NULL ? "site-browser-shot.png" : NULL);
}

static gboolean
is_ink (guint32 argb)
{
  guint r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;

  return (r * 299 + g * 587 + b * 114) / 1000 < 110;
}

/* Horizontal bands of pixel rows holding dark (text or icon) pixels: one per visible tree row. */
static guint
count_ink_bands (GtkWidget *widget)
{
  int width, height;
  g_autofree guint32 *pixels = screenshot (widget, &width, &height);
  gboolean in_band = FALSE;
  guint bands = 0, ink_rows = 0;

  for (int y = 0; y < height; y++)
    {
      gboolean ink = FALSE;

      for (int x = 0; x < width && !ink; x++)
        ink = is_ink (pixels[(gsize) y * width + x]);
      if (ink && !in_band)
        bands++;
      ink_rows += ink;
      in_band = ink;
    }
  /* The last pixel row lies below every tree row: plain light background. */
  for (int x = 0; x < width; x++)
    g_assert_false (is_ink (pixels[(gsize) (height - 1) * width + x]));
  g_assert_cmpuint (ink_rows, <, (guint) height / 2);
  return bands;
}

static IscProject *
small_project (const char *dir)
{
  IscProject *project = isc_project_new ();
  IscCondition *pristine = isc_project_add_condition (project, "pristine", 0);
  IscCondition *cycled = isc_project_add_condition (project, "300 cycles", 300);
  g_autofree char *bulk_pos = g_build_filename (dir, "bulk.pos", NULL);
  g_autofree char *pos = g_build_filename (dir, "specimen-1.pos", NULL);
  g_autofree char *tif = g_build_filename (dir, "300cycles_R1.tif", NULL);
  g_autofree char *csv = g_build_filename (dir, "18650.csv", NULL);
  IscSite *site;

  site = isc_condition_add_site (pristine, "bulk", 500, "surface to centre");
  isc_site_add_dataset (site, ISC_DATASET_APT, bulk_pos);
  isc_condition_add_cycler (cycled, csv, NAN);
  site = isc_condition_add_site (cycled, "R1", 15, "< 30 nm");
  isc_site_add_dataset (site, ISC_DATASET_APT, pos);
  isc_site_add_dataset (site, ISC_DATASET_STEM, tif);
  isc_condition_add_site (cycled, "R7", 2500, "~2.5 um");
  return project;
}

static void
test_site_browser (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autoptr(IscProject) project = small_project (dir);
  IscCondition *cycled = g_ptr_array_index (project->conditions, 1);
  IscSite *r1 = g_ptr_array_index (cycled->sites, 0);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *browser = isc_site_browser_new ();
  static const char *expected[] = {
    "pristine · 0 cycles", "bulk · 500 nm", "bulk.pos", "300 cycles", "18650.csv",
    "R1 · 15 nm", "specimen-1.pos", "300cycles_R1.tif", "R7 · 2500 nm",
  };
  Events events = { 0 };
  g_autofree char *new_tif = g_build_filename (dir, "extra image.tif", NULL);
  g_autofree char *rrng = g_build_filename (dir, "ranges.rrng", NULL);
  g_autofree char *docx = g_build_filename (dir, "notes.docx", NULL);
  g_autofree char *pos = g_build_filename (dir, "specimen-1.pos", NULL);
  GSList *files = NULL;
  guint bands_before, bands_after;
  GtkWidget *label, *edit, *row;
  GObject *entry;
  GtkPopover *popover;

  g_signal_connect (browser, "dataset-activated", G_CALLBACK (dataset_activated_cb), &events);
  g_signal_connect (browser, "site-activated", G_CALLBACK (site_activated_cb), &events);
  g_signal_connect (browser, "project-changed", G_CALLBACK (project_changed_cb), &events);
  isc_site_browser_set_project (ISC_SITE_BROWSER (browser), project);
  gtk_window_set_default_size (GTK_WINDOW (window), 320, 560);
  gtk_window_set_child (GTK_WINDOW (window), browser);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  /* Every row, expanded, in project order. */
  g_assert_cmpuint (isc_site_browser_get_n_rows (ISC_SITE_BROWSER (browser)), ==,
                    G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *text = isc_site_browser_get_row_text (ISC_SITE_BROWSER (browser), i);

      g_assert_cmpstr (text, ==, expected[i]);
      /* …and on screen, as a label. */
      g_assert_nonnull (find_label (browser, expected[i]));
    }

  /* One band of dark pixels per row in the real rendering. */
  bands_before = count_ink_bands (browser);
  g_assert_cmpuint (bands_before, ==, G_N_ELEMENTS (expected));

  isc_site_browser_activate_row (ISC_SITE_BROWSER (browser), 6);
  g_assert_cmpstr (events.dataset_path, ==, pos);
  g_assert_cmpint (events.dataset_kind, ==, ISC_DATASET_APT);
  isc_site_browser_activate_row (ISC_SITE_BROWSER (browser), 7);
  g_assert_cmpint (events.dataset_kind, ==, ISC_DATASET_STEM);
  isc_site_browser_activate_row (ISC_SITE_BROWSER (browser), 5);
  g_assert_true (events.site == r1);

  /* A drop: the image and the range file are added, the unknown file and the duplicate are not. */
  files = g_slist_append (files, g_file_new_for_path (new_tif));
  files = g_slist_append (files, g_file_new_for_path (docx));
  files = g_slist_append (files, g_file_new_for_path (pos));
  files = g_slist_append (files, g_file_new_for_path (rrng));
  g_assert_cmpuint (isc_site_browser_add_files (ISC_SITE_BROWSER (browser), r1, files), ==, 2);
  g_slist_free_full (files, g_object_unref);
  g_assert_cmpuint (events.changes, ==, 1);
  g_assert_cmpuint (r1->datasets->len, ==, 4);
  g_assert_cmpstr (isc_site_find_dataset (r1, pos)->range_path, ==, rrng);
  g_assert_cmpint (isc_site_find_dataset (r1, new_tif)->kind, ==, ISC_DATASET_STEM);
  g_assert_cmpuint (isc_site_browser_get_n_rows (ISC_SITE_BROWSER (browser)), ==,
                    G_N_ELEMENTS (expected) + 2);
  gtk_test_widget_wait_for_draw (window);
  g_assert_nonnull (find_label (browser, "extra image.tif"));
  bands_after = count_ink_bands (browser);
  g_assert_cmpuint (bands_after, ==, bands_before + 2);

  /* Editing through the row's popover, as a user would. */
  label = find_label (browser, "R1 · 15 nm");
  g_assert_nonnull (label);
  edit = gtk_widget_get_last_child (gtk_widget_get_parent (label));
  g_assert_true (GTK_IS_MENU_BUTTON (edit));
  g_assert_true (gtk_widget_get_visible (edit));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (edit));
  row = gtk_widget_get_ancestor (edit, ISC_TYPE_SITE_BROWSER_ROW);
  g_assert_nonnull (row);
  gtk_menu_button_popup (GTK_MENU_BUTTON (edit));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  entry = gtk_widget_get_template_child (row, ISC_TYPE_SITE_BROWSER_ROW, "label_entry");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "R1");
  gtk_editable_set_text (GTK_EDITABLE (entry), "R1a");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gtk_widget_get_template_child (row, ISC_TYPE_SITE_BROWSER_ROW, "depth_spin")),
                             20.0);
  g_signal_emit_by_name (gtk_widget_get_template_child (row, ISC_TYPE_SITE_BROWSER_ROW, "apply_button"), "clicked");
  g_assert_cmpstr (r1->label, ==, "R1a");
  g_assert_cmpfloat (r1->depth_nm, ==, 20.0);
  g_assert_cmpuint (events.changes, ==, 2);
  gtk_test_widget_wait_for_draw (window);
  g_assert_nonnull (find_label (browser, "R1a · 20 nm"));
  g_assert_null (find_label (browser, "R1 · 15 nm"));

  /* The API path does the same. */
  isc_site_browser_edit_site (ISC_SITE_BROWSER (browser), r1, "R1", 15.5);
  gtk_test_widget_wait_for_draw (window);
  g_assert_nonnull (find_label (browser, "R1 · 15.5 nm"));

  /* Folding the sites leaves conditions, cycler files and sites: 11 rows less the 5 datasets
   * (bulk.pos and R1's four). */
  isc_site_browser_collapse_sites (ISC_SITE_BROWSER (browser));
  g_assert_cmpuint (isc_site_browser_get_n_rows (ISC_SITE_BROWSER (browser)), ==, 6);
  {
    g_autofree char *site_row = isc_site_browser_get_row_text (ISC_SITE_BROWSER (browser), 5);

    g_assert_cmpstr (site_row, ==, "R7 · 2500 nm");
  }
  isc_site_browser_set_project (ISC_SITE_BROWSER (browser), project);
  g_assert_cmpuint (isc_site_browser_get_n_rows (ISC_SITE_BROWSER (browser)), ==,
                    G_N_ELEMENTS (expected) + 2);

  /* Collapsing a condition by activating it hides its rows. */
  isc_site_browser_activate_row (ISC_SITE_BROWSER (browser), 0);
  g_assert_cmpuint (isc_site_browser_get_n_rows (ISC_SITE_BROWSER (browser)), ==,
                    G_N_ELEMENTS (expected) + 2 - 2);

  isc_site_browser_set_project (ISC_SITE_BROWSER (browser), NULL);
  g_assert_cmpuint (isc_site_browser_get_n_rows (ISC_SITE_BROWSER (browser)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (events.dataset_path);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/site-browser/rows-signals-drop-edit", test_site_browser);
  return g_test_run ();
}
