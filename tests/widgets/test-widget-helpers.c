/* test-widget-helpers.c: the shared helpers of the widgets. ISC_BIND_TEMPLATE_CHILDREN and
 * ISC_BIND_TEMPLATE_CALLBACKS bind every name of their list (isc-widgets.h); the "busy" property
 * of isc-busy.h answers through the class's function and notifies once per change;
 * isc_widget_class_set_template () gives a page its template, CSS name and layout, and
 * isc_widget_dispose_template () leaves no child behind; isc_label_set_status () hides an empty
 * status line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "isc-busy.h"
#include "isc-widgets.h"
#include "test-gtk-util.h"
#include "thermal-page.h"

/* ------------------------------------------------------------ a templated widget */

#define TEST_TYPE_BOUND (test_bound_get_type ())
G_DECLARE_FINAL_TYPE (TestBound, test_bound, TEST, BOUND, GtkWidget)

struct _TestBound
{
  GtkWidget  parent_instance;
  GtkWidget *box;
  GtkWidget *first_button;
  GtkWidget *second_button;
  GtkWidget *label;
  guint      first_clicks;
  guint      second_clicks;
};

G_DEFINE_FINAL_TYPE (TestBound, test_bound, GTK_TYPE_WIDGET)

/* The last child has no id, as a row of a composition table: only the shared dispose
 * unparents it. */
static const char bound_ui[] =
  "<interface>"
  "  <template class='TestBound' parent='GtkWidget'>"
  "    <child>"
  "      <object class='GtkBox' id='box'>"
  "        <child><object class='GtkButton' id='first_button'>"
  "          <signal name='clicked' handler='on_first_clicked' swapped='yes'/></object></child>"
  "        <child><object class='GtkButton' id='second_button'>"
  "          <signal name='clicked' handler='on_second_clicked' swapped='yes'/></object></child>"
  "        <child><object class='GtkLabel' id='label'><property name='label'>bound</property>"
  "          </object></child>"
  "      </object>"
  "    </child>"
  "    <child><object class='GtkButton'/></child>"
  "  </template>"
  "</interface>";

static void
on_first_clicked (TestBound *self)
{
  self->first_clicks++;
}

static void
on_second_clicked (TestBound *self)
{
  self->second_clicks++;
}

static void
test_bound_class_init (TestBoundClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  g_autoptr(GBytes) ui = g_bytes_new_static (bound_ui, sizeof bound_ui - 1);

  G_OBJECT_CLASS (klass)->dispose = isc_widget_dispose_template;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template (widget_class, ui);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, TestBound, box, first_button, second_button, label);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_first_clicked, on_second_clicked);
}

static void
test_bound_init (TestBound *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
test_bind_template (void)
{
  TestBound *self = g_object_ref_sink (g_object_new (TEST_TYPE_BOUND, NULL));

  g_assert_true (GTK_IS_BOX (self->box));
  g_assert_true (GTK_IS_BUTTON (self->first_button));
  g_assert_true (GTK_IS_BUTTON (self->second_button));
  g_assert_true (self->first_button != self->second_button);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (self->label)), ==, "bound");

  /* Each handler name reaches its own function. */
  g_signal_emit_by_name (self->second_button, "clicked");
  g_signal_emit_by_name (self->second_button, "clicked");
  g_signal_emit_by_name (self->first_button, "clicked");
  g_assert_cmpuint (self->first_clicks, ==, 1);
  g_assert_cmpuint (self->second_clicks, ==, 2);

  g_assert_finalize_object (self);
}

/* ------------------------------------------------------------ the shared dispose */

static void
test_dispose_template (void)
{
  TestBound *self = g_object_ref_sink (g_object_new (TEST_TYPE_BOUND, NULL));
  GtkWidget *box = g_object_ref (self->box);
  GtkWidget *button = g_object_ref (gtk_widget_get_last_child (GTK_WIDGET (self)));

  g_assert_true (GTK_IS_BUTTON (button));
  g_object_run_dispose (G_OBJECT (self));
  g_assert_null (self->box);
  g_assert_null (gtk_widget_get_parent (box));
  g_assert_null (gtk_widget_get_parent (button));
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (self)));
  g_assert_finalize_object (self);
  g_assert_finalize_object (box);
  g_assert_finalize_object (button);
}

/* A page with a vertical box layout from its template: the layout, CSS name and children are
 * the template's. */
static void
test_set_template (void)
{
  GtkWidget *page = g_object_ref_sink (isc_thermal_page_new ());
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (page);

  g_assert_true (GTK_IS_BOX_LAYOUT (layout));
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (layout)), ==, GTK_ORIENTATION_VERTICAL);
  g_assert_cmpint (gtk_box_layout_get_spacing (GTK_BOX_LAYOUT (layout)), ==, 6);
  g_assert_cmpstr (gtk_widget_get_css_name (page), ==, "thermalpage");
  g_assert_nonnull (gtk_widget_get_first_child (page));
  g_assert_finalize_object (page);
}

static void
test_label_set_status (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("old"));

  isc_label_set_status (label, "Fitting…");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Fitting…");
  g_assert_true (gtk_widget_get_visible (label));
  isc_label_set_status (label, "");
  g_assert_false (gtk_widget_get_visible (label));
  isc_label_set_status (label, "Done");
  g_assert_true (gtk_widget_get_visible (label));
  isc_label_set_status (label, NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "");
  g_assert_false (gtk_widget_get_visible (label));
  g_assert_finalize_object (label);
}

/* ------------------------------------------------------------ a busy object */

#define TEST_TYPE_BUSY (test_busy_get_type ())
G_DECLARE_FINAL_TYPE (TestBusy, test_busy, TEST, BUSY, GObject)

struct _TestBusy
{
  GObject  parent_instance;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (TestBusy, test_busy, G_TYPE_OBJECT)

static gboolean
test_busy_is_busy (TestBusy *self)
{
  return self->busy;
}

static void
test_busy_class_init (TestBusyClass *klass)
{
  isc_busy_class_install (G_OBJECT_CLASS (klass), (IscBusyFunc) test_busy_is_busy);
}

static void
test_busy_init (TestBusy *self)
{
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static gboolean
get_busy (gpointer object)
{
  gboolean busy = FALSE;

  g_object_get (object, "busy", &busy, NULL);
  return busy;
}

static void
test_busy_property (void)
{
  TestBusy *self = g_object_new (TEST_TYPE_BUSY, NULL);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), "busy");
  guint notified = 0;

  g_assert_nonnull (pspec);
  g_assert_true (pspec->value_type == G_TYPE_BOOLEAN);
  g_assert_true ((pspec->flags & G_PARAM_READABLE) != 0);
  g_assert_true ((pspec->flags & G_PARAM_WRITABLE) == 0);
  g_assert_true ((pspec->flags & G_PARAM_EXPLICIT_NOTIFY) != 0);
  g_signal_connect (self, "notify::busy", G_CALLBACK (count_notify), &notified);

  g_assert_false (get_busy (self));
  isc_busy_update (self, &self->busy, TRUE);
  g_assert_true (get_busy (self));
  g_assert_cmpuint (notified, ==, 1);
  /* No change, no notification; any non-zero value is TRUE. */
  isc_busy_update (self, &self->busy, 2);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (self->busy == TRUE);
  isc_busy_update (self, &self->busy, FALSE);
  g_assert_false (get_busy (self));
  g_assert_cmpuint (notified, ==, 2);

  g_assert_finalize_object (self);
}

static void
test_busy_spinner (void)
{
  TestBusy *self = g_object_new (TEST_TYPE_BUSY, NULL);
  GtkWidget *spinner = g_object_ref_sink (gtk_spinner_new ());
  guint notified = 0;

  gtk_widget_set_visible (spinner, FALSE);
  g_signal_connect (self, "notify::busy", G_CALLBACK (count_notify), &notified);

  isc_busy_set_spinner (self, spinner, TRUE);
  g_assert_true (gtk_widget_get_visible (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_cmpuint (notified, ==, 1);
  isc_busy_set_spinner (self, spinner, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  isc_busy_set_spinner (self, spinner, FALSE);
  g_assert_false (gtk_widget_get_visible (spinner));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_cmpuint (notified, ==, 2);

  g_assert_finalize_object (self);
  g_assert_finalize_object (spinner);
}

int
main (int   argc,
      char *argv[])
{
  if (!isc_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/widgets/helpers/bind-template", test_bind_template);
  g_test_add_func ("/widgets/helpers/busy-property", test_busy_property);
  g_test_add_func ("/widgets/helpers/busy-spinner", test_busy_spinner);
  g_test_add_func ("/widgets/helpers/dispose-template", test_dispose_template);
  g_test_add_func ("/widgets/helpers/set-template", test_set_template);
  g_test_add_func ("/widgets/helpers/label-set-status", test_label_set_status);
  return g_test_run ();
}
