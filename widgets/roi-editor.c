/* roi-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "isc-roi-editor"

#include "config.h"

#include "isc-widgets.h"
#include "roi-editor.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define DIGITS 3

typedef enum
{
  F_CENTER_X, F_CENTER_Y, F_CENTER_Z,
  F_AXIS_X, F_AXIS_Y, F_AXIS_Z,
  F_MIN_X, F_MIN_Y, F_MIN_Z,
  F_MAX_X, F_MAX_Y, F_MAX_Z,
  F_RADIUS, F_LENGTH,
  N_FIELDS
} Field;

#define KIND_BIT(k) (1u << (k))

typedef struct
{
  const char *label;       /* translated at use */
  Field       first;
  guint       n;
  guint       kinds;       /* KIND_BIT of the kinds that have this row */
} RowSpec;

static const RowSpec row_specs[] = {
  { N_("Centre (nm)"), F_CENTER_X, 3, KIND_BIT (ISC_ROI_CYLINDER) | KIND_BIT (ISC_ROI_SPHERE) },
  { N_("Axis"), F_AXIS_X, 3, KIND_BIT (ISC_ROI_CYLINDER) },
  { N_("Radius (nm)"), F_RADIUS, 1, KIND_BIT (ISC_ROI_CYLINDER) | KIND_BIT (ISC_ROI_SPHERE) },
  { N_("Length (nm)"), F_LENGTH, 1, KIND_BIT (ISC_ROI_CYLINDER) },
  { N_("Lower corner (nm)"), F_MIN_X, 3, KIND_BIT (ISC_ROI_BOX) },
  { N_("Upper corner (nm)"), F_MAX_X, 3, KIND_BIT (ISC_ROI_BOX) },
};

static const char *field_names[N_FIELDS] = {
  "center-x", "center-y", "center-z", "axis-x", "axis-y", "axis-z",
  "min-x", "min-y", "min-z", "max-x", "max-y", "max-z", "radius", "length",
};

struct _IscRoiEditor
{
  GtkWidget  parent_instance;

  /* Template children */
  GtkWidget *content;          /* everything but the title: insensitive without a region */
  GtkWidget *kind;             /* GtkDropDown, items in IscRoiKind order */
  GtkWidget *grid;
  GtkWidget *spins[N_FIELDS];
  GtkWidget *row_labels[G_N_ELEMENTS (row_specs)];
  GtkWidget *component_labels[N_FIELDS];   /* "x", "y", "z" beside a vector's spin buttons */
  GtkWidget *spec;
  GtkWidget *error_label;

  gboolean   has_roi;
  IscRoi     roi;              /* the last valid region */
  IscRoi     raw;              /* the fields as shown (axis as typed, not normalised) */
  char      *error;
  gboolean   updating;         /* fields are being filled: no edits */
};

G_DEFINE_FINAL_TYPE (IscRoiEditor, isc_roi_editor, GTK_TYPE_WIDGET)

enum {
  ROI_EDITED,
  REMOVE_REQUESTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static double *
field_ptr (IscRoi *roi,
           Field   f)
{
  switch (f)
    {
    case F_CENTER_X: case F_CENTER_Y: case F_CENTER_Z:
      return &roi->center[f - F_CENTER_X];
    case F_AXIS_X: case F_AXIS_Y: case F_AXIS_Z:
      return &roi->axis[f - F_AXIS_X];
    case F_MIN_X: case F_MIN_Y: case F_MIN_Z:
      return &roi->box_min[f - F_MIN_X];
    case F_MAX_X: case F_MAX_Y: case F_MAX_Z:
      return &roi->box_max[f - F_MAX_X];
    case F_RADIUS:
      return &roi->radius;
    case F_LENGTH:
      return &roi->length;
    case N_FIELDS:
    default:
      g_return_val_if_reached (&roi->radius);
    }
}

/* The model's checks (normalised axis, positive sizes, ordered corners). */
static gboolean
validate (const IscRoi  *raw,
          IscRoi        *out,
          GError       **error)
{
  IscRoi roi = *raw;

  switch (raw->kind)
    {
    case ISC_ROI_ALL:
      isc_roi_init_all (&roi);
      break;
    case ISC_ROI_CYLINDER:
      if (!isc_roi_set_cylinder (&roi, raw->center, raw->axis, raw->radius, raw->length, error))
        return FALSE;
      break;
    case ISC_ROI_BOX:
      if (!isc_roi_set_box (&roi, raw->box_min, raw->box_max, error))
        return FALSE;
      break;
    case ISC_ROI_SPHERE:
      if (!isc_roi_set_sphere (&roi, raw->center, raw->radius, error))
        return FALSE;
      break;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown region kind %d",
                   raw->kind);
      return FALSE;
    }
  *out = roi;
  return TRUE;
}

static void
set_error (IscRoiEditor *self,
           const char   *message)
{
  g_free (self->error);
  self->error = g_strdup (message != NULL ? message : "");
  gtk_label_set_text (GTK_LABEL (self->error_label), self->error);
  gtk_widget_set_visible (self->error_label, self->error[0] != '\0');
  if (self->error[0] != '\0')
    gtk_widget_add_css_class (self->spec, "error");
  else
    gtk_widget_remove_css_class (self->spec, "error");
}

static void
show_spec (IscRoiEditor *self)
{
  g_autofree char *spec = self->has_roi ? isc_roi_to_string (&self->roi) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (self->spec), spec);
}

/* Fills the widgets from self->raw without reacting to their signals. */
static void
load_fields (IscRoiEditor *self)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->kind), (guint) self->raw.kind);
  for (Field f = 0; f < N_FIELDS; f++)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->spins[f]), *field_ptr (&self->raw, f));
  for (guint r = 0; r < G_N_ELEMENTS (row_specs); r++)
    {
      gboolean visible = (row_specs[r].kinds & KIND_BIT (self->raw.kind)) != 0;

      gtk_widget_set_visible (self->row_labels[r], visible);
      for (guint k = 0; k < row_specs[r].n; k++)
        {
          gtk_widget_set_visible (self->spins[row_specs[r].first + k], visible);
          if (self->component_labels[row_specs[r].first + k] != NULL)
            gtk_widget_set_visible (self->component_labels[row_specs[r].first + k], visible);
        }
    }
  show_spec (self);
  self->updating = FALSE;
}

static void
emit_edited (IscRoiEditor *self)
{
  IscRoi roi = self->roi;

  g_signal_emit (self, signals [ROI_EDITED], 0, &roi);
}

/* Takes the shown fields as the region when they make a valid one. */
static void
apply_raw (IscRoiEditor *self)
{
  g_autoptr(GError) error = NULL;
  IscRoi roi;

  if (!validate (&self->raw, &roi, &error))
    {
      set_error (self, error->message);
      return;
    }
  self->roi = roi;
  set_error (self, NULL);
  show_spec (self);
  emit_edited (self);
}

static void
spin_changed_cb (GtkSpinButton *spin,
                 IscRoiEditor  *self)
{
  Field f = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "isc-field"));
  double *p = field_ptr (&self->raw, f);
  double value = gtk_spin_button_get_value (spin);

  if (self->updating || !self->has_roi)
    return;
  /* Leaving a field re-reads its rounded text: that is not an edit. */
  if (fabs (value - *p) < 0.5 * pow (10, -DIGITS))
    return;
  *p = value;
  apply_raw (self);
}

/* A region of another kind that covers about the same ions as @from. */
static void
convert_roi (const IscRoi *from,
             const IscRoi *raw,
             IscRoiKind    kind,
             IscRoi       *to)
{
  IscRoi r = *raw;
  double c[3] = { 0, 0, 0 }, half[3] = { 5, 5, 10 };

  switch (from->kind)
    {
    case ISC_ROI_CYLINDER:
      for (int i = 0; i < 3; i++)
        {
          double a = from->axis[i];

          c[i] = from->center[i];
          half[i] = from->radius * sqrt (MAX (0.0, 1.0 - a * a)) + fabs (a) * from->length / 2;
        }
      break;
    case ISC_ROI_SPHERE:
      for (int i = 0; i < 3; i++)
        {
          c[i] = from->center[i];
          half[i] = from->radius;
        }
      break;
    case ISC_ROI_BOX:
      for (int i = 0; i < 3; i++)
        {
          c[i] = 0.5 * (from->box_min[i] + from->box_max[i]);
          half[i] = 0.5 * (from->box_max[i] - from->box_min[i]);
        }
      break;
    case ISC_ROI_ALL:
    default:
      {
        IscRoi check = *raw;

        /* From the whole dataset: the fields last shown for that kind, if they still hold. */
        check.kind = kind;
        if (validate (&check, to, NULL))
          return;
      }
    }

  r.kind = kind;
  switch (kind)
    {
    case ISC_ROI_CYLINDER:
      if (from->kind != ISC_ROI_CYLINDER)
        {
          memcpy (r.center, c, sizeof c);
          r.axis[0] = r.axis[1] = 0;
          r.axis[2] = 1;
          r.radius = MIN (half[0], half[1]);
          r.length = 2 * half[2];
        }
      break;
    case ISC_ROI_SPHERE:
      memcpy (r.center, c, sizeof c);
      r.radius = from->kind == ISC_ROI_CYLINDER ? from->radius : MIN (half[0], MIN (half[1], half[2]));
      break;
    case ISC_ROI_BOX:
      for (int i = 0; i < 3; i++)
        {
          r.box_min[i] = c[i] - half[i];
          r.box_max[i] = c[i] + half[i];
        }
      break;
    case ISC_ROI_ALL:
    default:
      break;
    }
  *to = r;
}

static void
kind_changed_cb (GObject      *dropdown,
                 GParamSpec   *pspec,
                 IscRoiEditor *self)
{
  IscRoiKind kind = (IscRoiKind) gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));

  if (self->updating || !self->has_roi || kind == self->raw.kind || kind > ISC_ROI_SPHERE)
    return;
  convert_roi (&self->roi, &self->raw, kind, &self->raw);
  load_fields (self);
  apply_raw (self);
}

static void
spec_activate_cb (GtkEntry     *entry,
                  IscRoiEditor *self)
{
  g_autoptr(GError) error = NULL;
  IscRoi roi;

  if (!self->has_roi)
    return;
  if (!isc_roi_parse (gtk_editable_get_text (GTK_EDITABLE (entry)), &roi, &error))
    {
      /* The old region stays; the text stays too, so it can be corrected. */
      set_error (self, error->message);
      return;
    }
  self->roi = roi;
  self->raw = roi;
  set_error (self, NULL);
  load_fields (self);
  emit_edited (self);
}

static void
remove_clicked_cb (GtkButton    *button,
                   IscRoiEditor *self)
{
  g_signal_emit (self, signals [REMOVE_REQUESTED], 0);
}

static GtkWidget *
new_spin (IscRoiEditor *self,
          Field         f)
{
  gboolean axis = f >= F_AXIS_X && f <= F_AXIS_Z;
  gboolean size = f == F_RADIUS || f == F_LENGTH;
  GtkWidget *spin = gtk_spin_button_new_with_range (size ? 0.0 : -1e6, 1e6, axis ? 0.1 : 1.0);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), DIGITS);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 7);
  gtk_widget_set_hexpand (spin, TRUE);
  gtk_widget_set_name (spin, field_names[f]);
  g_object_set_data (G_OBJECT (spin), "isc-field", GUINT_TO_POINTER (f));
  g_signal_connect (spin, "value-changed", G_CALLBACK (spin_changed_cb), self);
  return spin;
}

static void
isc_roi_editor_finalize (GObject *object)
{
  IscRoiEditor *self = ISC_ROI_EDITOR (object);

  g_free (self->error);
  G_OBJECT_CLASS (isc_roi_editor_parent_class)->finalize (object);
}

static void
isc_roi_editor_class_init (IscRoiEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_widget_dispose_template;
  object_class->finalize = isc_roi_editor_finalize;

  signals [ROI_EDITED] =
    g_signal_new ("roi-edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals [REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  isc_widget_class_set_template (widget_class, "roi-editor", "roieditor", GTK_TYPE_BIN_LAYOUT);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscRoiEditor, content, kind, grid, spec, error_label);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, kind_changed_cb, spec_activate_cb, remove_clicked_cb);
}

static void
isc_roi_editor_init (IscRoiEditor *self)
{
  GtkWidget *grid;

  self->error = g_strdup ("");
  isc_roi_init_all (&self->roi);
  self->raw = self->roi;
  /* The kind drop-down must not react while the template sets it up. */
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;
  grid = self->grid;

  /* One coordinate per line ("Centre (nm)  x [ ]", "  y [ ]", …): narrow enough for the map's
   * column at a third of a 740 px page; the expander around it scrolls vertically. */
  for (guint r = 0, line = 0; r < G_N_ELEMENTS (row_specs); r++)
    {
      self->row_labels[r] = gtk_label_new (_(row_specs[r].label));
      gtk_label_set_xalign (GTK_LABEL (self->row_labels[r]), 0);
      gtk_grid_attach (GTK_GRID (grid), self->row_labels[r], 0, line, 1, 1);
      for (guint k = 0; k < row_specs[r].n; k++, line++)
        {
          Field f = row_specs[r].first + k;

          self->spins[f] = new_spin (self, f);
          /* A screen reader reads "Centre (nm), x" rather than an unnamed spin button. */
          if (row_specs[r].n == 1)
            {
              gtk_accessible_update_relation (GTK_ACCESSIBLE (self->spins[f]), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                              self->row_labels[r], NULL, -1);
              gtk_grid_attach (GTK_GRID (grid), self->spins[f], 1, line, 2, 1);
            }
          else
            {
              static const char *components[] = { "x", "y", "z" };
              /* Translators: an accessible name: a row of the region editor and one coordinate, e.g. "Centre (nm), x" */
              g_autofree char *name = g_strdup_printf (_("%s, %s"), _(row_specs[r].label), components[k]);

              gtk_accessible_update_property (GTK_ACCESSIBLE (self->spins[f]), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
              self->component_labels[f] = gtk_label_new (components[k]);
              gtk_widget_add_css_class (self->component_labels[f], "dim-label");
              gtk_grid_attach (GTK_GRID (grid), self->component_labels[f], 1, line, 1, 1);
              gtk_grid_attach (GTK_GRID (grid), self->spins[f], 2, line, 1, 1);
            }
        }
    }
  load_fields (self);
}

GtkWidget *
isc_roi_editor_new (void)
{
  return g_object_new (ISC_TYPE_ROI_EDITOR, NULL);
}

static gboolean
same_roi (const IscRoi *a,
          const IscRoi *b)
{
  if (a->kind != b->kind)
    return FALSE;
  for (int i = 0; i < 3; i++)
    if (a->center[i] != b->center[i] || a->axis[i] != b->axis[i]
        || a->box_min[i] != b->box_min[i] || a->box_max[i] != b->box_max[i])
      return FALSE;
  return a->radius == b->radius && a->length == b->length;
}

void
isc_roi_editor_set_roi (IscRoiEditor *self,
                        const IscRoi *roi)
{
  g_return_if_fail (ISC_IS_ROI_EDITOR (self));

  /* Our own edit coming back through the view: keep the fields as the user typed them. */
  if (roi != NULL && self->has_roi && same_roi (roi, &self->roi))
    return;
  set_error (self, NULL);
  self->has_roi = roi != NULL;
  if (roi != NULL)
    {
      self->roi = *roi;
      self->raw = *roi;
    }
  load_fields (self);
  gtk_widget_set_sensitive (self->content, self->has_roi);
}

gboolean
isc_roi_editor_get_roi (IscRoiEditor *self,
                        IscRoi       *out)
{
  g_return_val_if_fail (ISC_IS_ROI_EDITOR (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!self->has_roi)
    return FALSE;
  *out = self->roi;
  return TRUE;
}

const char *
isc_roi_editor_get_error (IscRoiEditor *self)
{
  g_return_val_if_fail (ISC_IS_ROI_EDITOR (self), NULL);

  return self->error;
}
