/* test-roi-editor.c: the region editor (round trip, field edits, kind changes, spec errors)
 * and the ion view's region handles under Xvfb (drawn at the projected handle positions,
 * drags change the region as worked out by hand, removal).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ion-view-private.h"
#include "roi-editor.h"
#include "test-gtk-util.h"

#define W 400
#define H 300

static const IscRoi cylinder = { .kind = ISC_ROI_CYLINDER, .center = { 1.5, -2, 3.25 },
                                 .axis = { 0, 0, 1 }, .radius = 4.5, .length = 30 };

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  guint  n;
  IscRoi last;
} Edits;

static void
edited_cb (IscRoiEditor *editor,
           const IscRoi *roi,
           Edits        *edits)
{
  edits->n++;
  edits->last = *roi;
}

/* Compares the fields the kind uses. */
static void
assert_same_roi (const IscRoi *a,
                 const IscRoi *b)
{
  gboolean cyl = a->kind == ISC_ROI_CYLINDER, sphere = a->kind == ISC_ROI_SPHERE;

  g_assert_cmpint (a->kind, ==, b->kind);
  for (int i = 0; i < 3; i++)
    {
      if (cyl || sphere)
        g_assert_cmpfloat_with_epsilon (a->center[i], b->center[i], 1e-9);
      if (cyl)
        g_assert_cmpfloat_with_epsilon (a->axis[i], b->axis[i], 1e-9);
      if (a->kind == ISC_ROI_BOX)
        {
          g_assert_cmpfloat_with_epsilon (a->box_min[i], b->box_min[i], 1e-9);
          g_assert_cmpfloat_with_epsilon (a->box_max[i], b->box_max[i], 1e-9);
        }
    }
  if (cyl || sphere)
    g_assert_cmpfloat_with_epsilon (a->radius, b->radius, 1e-9);
  if (cyl)
    g_assert_cmpfloat_with_epsilon (a->length, b->length, 1e-9);
}

static IscRoiEditor *
new_editor_in_window (GtkWidget **window,
                      Edits      *edits)
{
  IscRoiEditor *editor = ISC_ROI_EDITOR (isc_roi_editor_new ());

  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), GTK_WIDGET (editor));
  g_signal_connect (editor, "roi-edited", G_CALLBACK (edited_cb), edits);
  gtk_window_present (GTK_WINDOW (*window));
  gtk_test_widget_wait_for_draw (*window);
  return editor;
}

static void
test_editor_round_trip (void)
{
  GtkWidget *window;
  Edits edits = { 0 };
  IscRoiEditor *editor = new_editor_in_window (&window, &edits);
  g_autofree char *spec = isc_roi_to_string (&cylinder);
  IscRoi got, want = cylinder;
  GtkWidget *radius = find_named (GTK_WIDGET (editor), "radius");
  GtkWidget *axis_y = find_named (GTK_WIDGET (editor), "axis-y");
  GtkWidget *min_x = find_named (GTK_WIDGET (editor), "min-x");

  g_assert_false (isc_roi_editor_get_roi (editor, &got));
  isc_roi_editor_set_roi (editor, &cylinder);
  g_assert_cmpuint (edits.n, ==, 0);
  g_assert_true (isc_roi_editor_get_roi (editor, &got));
  assert_same_roi (&got, &cylinder);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (GTK_WIDGET (editor), "spec"))),
                   ==, spec);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (find_named (GTK_WIDGET (editor), "kind"))),
                    ==, ISC_ROI_CYLINDER);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (radius)), ==, 4.5);
  g_assert_true (gtk_widget_get_visible (radius));
  g_assert_false (gtk_widget_get_visible (min_x));

  /* One field: one edit with only that field changed. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (radius), 6.25);
  g_assert_cmpuint (edits.n, ==, 1);
  want.radius = 6.25;
  assert_same_roi (&edits.last, &want);

  /* Axis (0, 1, 1) is normalised to (0, 1/√2, 1/√2). */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (axis_y), 1.0);
  g_assert_cmpuint (edits.n, ==, 2);
  g_assert_cmpfloat_with_epsilon (edits.last.axis[1], M_SQRT1_2, 1e-12);
  g_assert_cmpfloat_with_epsilon (edits.last.axis[2], M_SQRT1_2, 1e-12);

  /* A zero radius is refused inline; the region stays. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (radius), 0.0);
  g_assert_cmpuint (edits.n, ==, 2);
  g_assert_cmpstr (isc_roi_editor_get_error (editor), !=, "");
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (editor), "error")));
  g_assert_true (isc_roi_editor_get_roi (editor, &got));
  g_assert_cmpfloat (got.radius, ==, 6.25);

  /* NULL: no region, fields insensitive. */
  isc_roi_editor_set_roi (editor, NULL);
  g_assert_false (isc_roi_editor_get_roi (editor, &got));
  g_assert_cmpstr (isc_roi_editor_get_error (editor), ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_editor_spec (void)
{
  GtkWidget *window;
  Edits edits = { 0 };
  IscRoiEditor *editor = new_editor_in_window (&window, &edits);
  GtkWidget *spec = find_named (GTK_WIDGET (editor), "spec");
  IscRoi got, sphere = { .kind = ISC_ROI_SPHERE, .center = { 1, 2, 3 }, .radius = 4 };

  isc_roi_editor_set_roi (editor, &cylinder);

  /* A cylinder needs eight numbers: the error shows, the old region stays. */
  gtk_editable_set_text (GTK_EDITABLE (spec), "cylinder:1,2,3");
  g_signal_emit_by_name (spec, "activate");
  g_assert_cmpuint (edits.n, ==, 0);
  g_assert_nonnull (strstr (isc_roi_editor_get_error (editor), "cylinder"));
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (editor), "error")));
  g_assert_true (gtk_widget_has_css_class (spec, "error"));
  g_assert_true (isc_roi_editor_get_roi (editor, &got));
  assert_same_roi (&got, &cylinder);

  /* A valid spec replaces the region, the kind and the fields, and clears the error. */
  gtk_editable_set_text (GTK_EDITABLE (spec), "sphere:1,2,3,4");
  g_signal_emit_by_name (spec, "activate");
  g_assert_cmpuint (edits.n, ==, 1);
  assert_same_roi (&edits.last, &sphere);
  g_assert_cmpstr (isc_roi_editor_get_error (editor), ==, "");
  g_assert_false (gtk_widget_get_visible (find_named (GTK_WIDGET (editor), "error")));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (find_named (GTK_WIDGET (editor), "kind"))),
                    ==, ISC_ROI_SPHERE);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (find_named (GTK_WIDGET (editor), "center-z"))),
                     ==, 3);
  g_assert_false (gtk_widget_get_visible (find_named (GTK_WIDGET (editor), "length")));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Switching a z cylinder to a box gives its bounding box: ±radius in x, y, ±length/2 in z. */
static void
test_editor_kind (void)
{
  GtkWidget *window;
  Edits edits = { 0 };
  IscRoiEditor *editor = new_editor_in_window (&window, &edits);
  IscRoi box = { .kind = ISC_ROI_BOX, .box_min = { -3, -6.5, -11.75 },
                 .box_max = { 6, 2.5, 18.25 } };

  isc_roi_editor_set_roi (editor, &cylinder);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (GTK_WIDGET (editor), "kind")), ISC_ROI_BOX);
  g_assert_cmpuint (edits.n, ==, 1);
  assert_same_roi (&edits.last, &box);
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (editor), "max-z")));
  g_assert_false (gtk_widget_get_visible (find_named (GTK_WIDGET (editor), "radius")));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (GTK_WIDGET (editor), "kind")), ISC_ROI_ALL);
  g_assert_cmpuint (edits.n, ==, 2);
  g_assert_cmpint (edits.last.kind, ==, ISC_ROI_ALL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The ion view with a region. */

typedef struct
{
  GtkWidget   *window;
  IscIonView  *view;
  IscIonCloud *cloud;
  guint        n_changed;
} Fixture;

static void
changed_cb (IscIonView *view,
            Fixture    *f)
{
  f->n_changed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  IscCamera *camera;

  /* A few ions in two far corners: the middle of the view is background. */
  f->cloud = isc_ion_cloud_new (4);
  for (gsize i = 0; i < f->cloud->n_ions; i++)
    {
      float v = i % 2 ? 30.0f : -30.0f;

      f->cloud->x[i] = f->cloud->y[i] = f->cloud->z[i] = v;
      f->cloud->mq[i] = 10;
    }
  for (int i = 0; i < 3; i++)
    {
      f->cloud->bounds_min[i] = -30;
      f->cloud->bounds_max[i] = 30;
    }
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), W, H);
  f->view = ISC_ION_VIEW (isc_ion_view_new ());
  g_object_set (f->view, "show-overlay", FALSE, NULL);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  isc_ion_view_set_cloud (f->view, f->cloud, NULL);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (f->window);
  while (isc_ion_view_get_loading (f->view))
    g_main_context_iteration (NULL, TRUE);

  /* Orthographic side view along +y: screen right is +x, up is +z. */
  camera = isc_ion_view_get_camera (f->view);
  isc_camera_set_projection (camera, ISC_PROJECTION_ORTHOGRAPHIC);
  isc_camera_set_azimuth_elevation (camera, 0, 0);
  gtk_gl_area_queue_render (GTK_GL_AREA (f->view));

  g_signal_connect (f->view, "rois-changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_pointer (&f->cloud, isc_ion_cloud_unref);
}

static guint32 *
screenshot (GtkWidget *widget)
{
  int width, height;
  guint32 *pixels;

  gtk_test_widget_wait_for_draw (widget);
  pixels = isc_test_snapshot_cairo (widget, &width, &height, NULL);
  g_assert_cmpint (width, ==, W);
  g_assert_cmpint (height, ==, H);
  return pixels;
}

/* Pixels of the default region colour (magenta 0.85, 0.1, 0.75) in the 7 × 7 square around
 * (@x, @y). */
static guint
count_magenta (const guint32 *pixels,
               double         x,
               double         y)
{
  static const int want[3] = { 217, 26, 191 };
  guint n = 0;

  for (int j = (int) floor (y) - 3; j <= (int) floor (y) + 3; j++)
    for (int i = (int) floor (x) - 3; i <= (int) floor (x) + 3; i++)
      {
        guint32 p = pixels[j * W + i];
        int rgb[3] = { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };

        if (abs (rgb[0] - want[0]) <= 12 && abs (rgb[1] - want[1]) <= 12
            && abs (rgb[2] - want[2]) <= 12)
          n++;
      }
  return n;
}

static gboolean
require_gl (Fixture *f)
{
  if (!isc_ion_view_get_gl_available (f->view))
    {
      g_test_skip ("no OpenGL context could be made for the view");
      return FALSE;
    }
  return TRUE;
}

static void
test_view_handles_drawn (Fixture       *f,
                         gconstpointer  data)
{
  IscRoi roi = { .kind = ISC_ROI_CYLINDER, .axis = { 0, 0, 1 }, .radius = 10, .length = 40 };
  IscCamera *camera = isc_ion_view_get_camera (f->view);
  double s = gtk_widget_get_scale_factor (GTK_WIDGET (f->view));
  /* Centre, lower end, upper end, rim 10 nm along screen-right (+x). */
  static const double handles[4][3] = { { 0, 0, 0 }, { 0, 0, -20 }, { 0, 0, 20 }, { 10, 0, 0 } };
  g_autofree guint32 *plain = NULL;
  g_autofree guint32 *selected = NULL;

  if (!require_gl (f))
    return;

  isc_ion_view_add_roi (f->view, &roi, NULL);
  g_assert_cmpint (isc_ion_view_get_selected_roi (f->view), ==, 0);
  isc_ion_view_select_roi (f->view, -1);
  plain = screenshot (GTK_WIDGET (f->view));
  isc_ion_view_select_roi (f->view, 0);
  selected = screenshot (GTK_WIDGET (f->view));

  for (int k = 0; k < 4; k++)
    {
      double px, py;

      g_assert_true (isc_camera_project (camera, handles[k], &px, &py, NULL));
      px /= s;
      py /= s;
      /* Unselected: at most the outline's lines cross the square; selected: a filled handle. */
      g_assert_cmpuint (count_magenta (plain, px, py), <=, 21);
      g_assert_cmpuint (count_magenta (selected, px, py), >=, 40);
    }
  /* Away from every handle nothing changed. */
  g_assert_cmpuint (count_magenta (selected, W / 2.0 - 60, H / 2.0 + 10), ==,
                    count_magenta (plain, W / 2.0 - 60, H / 2.0 + 10));
}

static void
test_view_drag (Fixture       *f,
                gconstpointer  data)
{
  IscRoi roi = { .kind = ISC_ROI_CYLINDER, .center = { 2, 0, 1 }, .axis = { 0, 0, 1 },
                 .radius = 10, .length = 40 };
  IscCamera *camera = isc_ion_view_get_camera (f->view);
  const IscRoi *rois;
  double k;
  guint n;

  if (!require_gl (f))
    return;

  isc_ion_view_add_roi (f->view, &roi, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->view));
  /* nm per logical pixel of the orthographic view: 2·distance·tan(fovy/2) over the height. */
  k = 2.0 * camera->distance * tan (camera->fovy * G_PI / 360.0) / camera->height
      * gtk_widget_get_scale_factor (GTK_WIDGET (f->view));

  /* Upper end 12 px up: 12k nm longer, the lower end stays at z = −19. */
  f->n_changed = 0;
  g_assert_true (_isc_ion_view_drag_handle (f->view, ISC_ROI_HANDLE_END_HIGH, 200, 50, 203, 38));
  g_assert_cmpuint (f->n_changed, ==, 1);
  rois = isc_ion_view_get_rois (f->view, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat_with_epsilon (rois[0].length, 40 + 12 * k, 1e-6);
  g_assert_cmpfloat_with_epsilon (rois[0].center[2] - rois[0].length / 2, -19, 1e-6);

  g_assert_cmpuint (f->n_changed, ==, 1);
  /* Centre 15 px right and 5 px down. */
  roi = rois[0];
  g_assert_true (_isc_ion_view_drag_handle (f->view, ISC_ROI_HANDLE_CENTER, 10, 10, 25, 15));
  rois = isc_ion_view_get_rois (f->view, &n);
  g_assert_cmpfloat_with_epsilon (rois[0].center[0], roi.center[0] + 15 * k, 1e-6);
  g_assert_cmpfloat_with_epsilon (rois[0].center[1], roi.center[1], 1e-6);
  g_assert_cmpfloat_with_epsilon (rois[0].center[2], roi.center[2] - 5 * k, 1e-6);

  g_assert_cmpuint (f->n_changed, ==, 2);
  /* Rim 7 px right: radius + 7k. */
  g_assert_true (_isc_ion_view_drag_handle (f->view, ISC_ROI_HANDLE_RIM, 0, 0, 7, 0));
  rois = isc_ion_view_get_rois (f->view, &n);
  g_assert_cmpfloat_with_epsilon (rois[0].radius, 10 + 7 * k, 1e-6);
  g_assert_cmpuint (f->n_changed, ==, 3);

  /* A box handle on a cylinder does nothing; without a selection nothing drags. */
  g_assert_false (_isc_ion_view_drag_handle (f->view, ISC_ROI_HANDLE_CORNER_MAX, 0, 0, 7, 0));
  isc_ion_view_select_roi (f->view, -1);
  g_assert_false (_isc_ion_view_drag_handle (f->view, ISC_ROI_HANDLE_CENTER, 0, 0, 7, 0));
  g_assert_cmpuint (f->n_changed, ==, 3);
}

/* The page's wiring in small: editor edits go to the selected region; Delete removes it. */
static void
test_view_editor_wiring (Fixture       *f,
                         gconstpointer  data)
{
  IscRoiEditor *editor = ISC_ROI_EDITOR (isc_roi_editor_new ());
  IscRoi edited = cylinder, other = { .kind = ISC_ROI_SPHERE, .radius = 3 };
  const IscRoi *rois;
  guint n;

  g_object_ref_sink (editor);
  isc_ion_view_add_roi (f->view, &other, NULL);
  isc_ion_view_add_roi (f->view, &cylinder, NULL);
  g_assert_cmpint (isc_ion_view_get_selected_roi (f->view), ==, 1);
  rois = isc_ion_view_get_rois (f->view, &n);
  isc_roi_editor_set_roi (editor, &rois[1]);

  edited.radius = 8;
  isc_ion_view_update_roi (f->view, 1, &edited);
  rois = isc_ion_view_get_rois (f->view, &n);
  g_assert_cmpfloat (rois[1].radius, ==, 8);
  g_assert_cmpfloat (rois[0].radius, ==, 3);

  f->n_changed = 0;
  gtk_widget_activate_action (GTK_WIDGET (f->view), "ion-view.remove-selected", NULL);
  rois = isc_ion_view_get_rois (f->view, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (rois[0].kind, ==, ISC_ROI_SPHERE);
  g_assert_cmpint (isc_ion_view_get_selected_roi (f->view), ==, -1);
  g_assert_cmpuint (f->n_changed, ==, 1);

  /* Removing a region before the selected one keeps the selection on its region. */
  isc_ion_view_add_roi (f->view, &cylinder, NULL);
  g_assert_cmpint (isc_ion_view_get_selected_roi (f->view), ==, 1);
  isc_ion_view_remove_roi (f->view, 0);
  g_assert_cmpint (isc_ion_view_get_selected_roi (f->view), ==, 0);
  rois = isc_ion_view_get_rois (f->view, &n);
  g_assert_cmpint (rois[0].kind, ==, ISC_ROI_CYLINDER);
  g_object_unref (editor);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;

  g_test_add_func ("/roi-editor/round-trip", test_editor_round_trip);
  g_test_add_func ("/roi-editor/spec", test_editor_spec);
  g_test_add_func ("/roi-editor/kind", test_editor_kind);
  g_test_add ("/roi-editor/view-handles-drawn", Fixture, NULL, fixture_set_up,
              test_view_handles_drawn, fixture_tear_down);
  g_test_add ("/roi-editor/view-drag", Fixture, NULL, fixture_set_up, test_view_drag,
              fixture_tear_down);
  g_test_add ("/roi-editor/view-editor-wiring", Fixture, NULL, fixture_set_up,
              test_view_editor_wiring, fixture_tear_down);
  return g_test_run ();
}
