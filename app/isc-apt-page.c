/* isc-apt-page.c: keeps the APT views on the same data and the same region. The layout lives in
 * resources/ui/apt-page.ui.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "analysis-panel.h"
#include "composition-table.h"
#include "ion-view.h"
#include "isc-apt-page.h"
#include "isc-save-dialog.h"
#include "isc-task-slot.h"
#include "isc-widgets.h"
#include "roi-editor.h"
#include "roi.h"
#include "spatial-panel.h"
#include "species-list.h"
#include "spectrum-view.h"
#include "multihit-view.h"

struct _IscAptPage
{
  GtkWidget       parent_instance;

  IscIonCloud    *cloud;
  IscRangeSet    *ranges;
  IscComposition *composition;      /* of the whole dataset */
  IscTaskSlot    *region_task;      /* counts the composition of the selected region */
  guint           region_timeout_id; /* a dragged region settles before it is counted */
  double          split_ratio;      /* map column's share of the page width */
  gboolean        placing_divider;  /* the divider is being moved from code */
  gboolean        orthographic;

  /* Template children */
  GtkWidget      *box;
  GtkPaned       *paned;
  GtkLabel       *title;
  GtkLabel       *summary;
  IscSpeciesList *species;
  IscIonView     *ion_view;
  GtkNotebook    *notebook;
  IscSpectrumView *spectrum;
  GtkStack       *spectrum_stack;
  GtkWidget      *mass_spectrum_button;
  GtkWidget      *correlation_button;
  GtkWidget      *detector_button;
  IscMultihitView *correlation_view;
  IscMultihitView *detector_view;
  IscCompositionTable *composition_table;
  IscAnalysisPanel *analysis;
  IscSpatialPanel *spatial;
  IscRoiEditor   *roi_editor;
  GtkExpander    *roi_expander;
};

enum {
  RANGES_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_ORTHOGRAPHIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void isc_apt_page_page_init (IscPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IscAptPage, isc_apt_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (ISC_TYPE_PAGE, isc_apt_page_page_init))

static void
update_counts (IscAptPage *self)
{
  g_autofree guint64 *atoms = NULL;
  g_autofree char *summary = NULL;
  const IscComposition *c = self->composition;

  if (c == NULL || self->ranges == NULL)
    return;

  /* Atoms per ion type = ions × atoms in one such ion. */
  atoms = g_new0 (guint64, MAX (c->n_ion_types, 1));
  for (guint t = 0; t < c->n_ion_types; t++)
    {
      const IscIonType *type = isc_range_set_get_ion_type (self->ranges, t);

      for (guint e = 0; e < type->n_elements; e++)
        atoms[t] += c->ion_counts[t] * type->elements[e].count;
    }
  isc_species_list_set_counts (self->species, c->ion_counts, atoms, c->n_ion_types, c->ions_unranged);

  {
    /* Numbers first: a format macro inside _() would hide the string from xgettext. */
    g_autofree char *total = g_strdup_printf ("%" G_GUINT64_FORMAT, c->ions_total);
    g_autofree char *ranged = g_strdup_printf ("%" G_GUINT64_FORMAT, c->ions_ranged);

    summary = g_strdup_printf (_("%s ions, %s ranged (%.1f %%)"), total, ranged,
                               c->ions_total > 0 ? 100.0 * c->ions_ranged / c->ions_total : 0.0);
  }
  gtk_label_set_text (self->summary, summary);
}

/* Visibility in the map only: the elements an analysis plots are its own choice, so hiding
 * LiO in the map leaves Li and O in the profile. */
static void
species_visibility_cb (IscAptPage *self,
                       guint       ion_type,
                       gboolean    visible)
{
  isc_ion_view_set_species_visible (self->ion_view, ion_type, visible);
}

static void
species_color_cb (IscAptPage *self,
                  guint       ion_type)
{
  double rgb[3];

  isc_species_list_get_color (self->species, ion_type, rgb);
  isc_ion_view_set_species_color (self->ion_view, ion_type, rgb);
  /* Keep the colour in the range set too, so the spectrum and a saved .rrng follow. */
  if (self->ranges != NULL && ion_type < isc_range_set_get_n_ion_types (self->ranges))
    {
      IscIonType *type = g_ptr_array_index (self->ranges->ion_types, ion_type);

      memcpy (type->color, rgb, sizeof type->color);
      isc_spectrum_view_ranges_changed (self->spectrum);
    }
}

/* The linked row above the spectrum picks the mass spectrum, correlation histogram or detector map. */
static void
spectrum_switch_cb (IscAptPage *self)
{
  const char *name = "spectrum";

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->correlation_button)))
    name = "correlation";
  else if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->detector_button)))
    name = "detector";
  gtk_stack_set_visible_child_name (self->spectrum_stack, name);
}

/* Only .epos data have multiple hits and detector coordinates: the other views are greyed out
 * with the reason as their tooltip. */
static void
update_spectrum_switcher (IscAptPage *self)
{
  struct { GtkWidget *button; IscMultihitViewKind kind; const char *tooltip; } views[] = {
    { self->correlation_button, ISC_MULTIHIT_VIEW_CORRELATION,
      _("Mass-to-charge of ion pairs from the same pulse (Saxey plot)") },
    { self->detector_button, ISC_MULTIHIT_VIEW_DETECTOR, _("Hits per position on the detector") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      const char *why = NULL;
      gboolean ok = isc_multihit_view_can_show (views[i].kind, self->cloud, &why);

      if (!ok && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (views[i].button)))
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mass_spectrum_button), TRUE);
      gtk_widget_set_sensitive (views[i].button, ok);
      gtk_widget_set_tooltip_text (views[i].button, ok ? views[i].tooltip : why);
    }
}

/* The spectrum edits the range set in place; the window re-ranges the cloud with it. */
static void
spectrum_ranges_changed_cb (IscAptPage *self)
{
  g_signal_emit (self, signals[RANGES_EDITED], 0);
}

/* ---- Region ----------------------------------------------------------------------------- */

/* The region the analyses and the composition follow: the selected one, else the last one
 * drawn, else NULL (the whole dataset). */
static const IscRoi *
current_roi (IscAptPage *self)
{
  guint n = 0;
  const IscRoi *rois = isc_ion_view_get_rois (self->ion_view, &n);
  int selected = isc_ion_view_get_selected_roi (self->ion_view);

  if (selected >= 0 && (guint) selected < n)
    return &rois[selected];
  if (n > 0)
    return &rois[n - 1];
  return NULL;
}

static const char *
roi_kind_name (IscRoiKind kind)
{
  switch (kind)
    {
    case ISC_ROI_CYLINDER:
      return _("cylinder");
    case ISC_ROI_BOX:
      return _("box");
    case ISC_ROI_SPHERE:
      return _("sphere");
    case ISC_ROI_ALL:
    default:
      return NULL;
    }
}

typedef struct
{
  IscIonCloud *cloud;
  IscRangeSet *ranges;
  IscRoi       roi;
} RegionInput;

static void
region_input_free (RegionInput *input)
{
  g_clear_pointer (&input->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&input->ranges, isc_range_set_free);
  g_free (input);
}

typedef struct
{
  IscComposition *composition;
  guint64         n_ions;
  IscRoiKind      kind;
} RegionResult;

static void
region_result_free (RegionResult *result)
{
  g_clear_pointer (&result->composition, isc_composition_free);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegionResult, region_result_free)

/* Worker thread: the ions inside the region, ranged and counted. */
static gpointer
region_thread (gpointer          data,
               GCancellable     *cancellable,
               IscProgressFunc   progress,
               gpointer          progress_data,
               GError          **error)
{
  RegionInput *input = data;
  g_autofree guint8 *mask = g_malloc (MAX (input->cloud->n_ions, 1));
  RegionResult *result = g_new0 (RegionResult, 1);

  result->kind = input->roi.kind;
  result->n_ions = isc_roi_select (&input->roi, input->cloud, mask);
  result->composition = isc_composition_compute (input->cloud, input->ranges, mask, cancellable, error);
  if (result->composition == NULL)
    {
      region_result_free (result);
      return NULL;
    }
  return result;
}

static void
region_done (gpointer      owner,
             gpointer      data,
             const GError *error)
{
  IscAptPage *self = ISC_APT_PAGE (owner);
  g_autoptr(RegionResult) result = data;

  if (result == NULL)
    {
      gtk_label_set_text (self->summary, error->message);
      return;
    }
  isc_composition_table_set_composition (self->composition_table, result->composition);
  isc_composition_table_set_scope (self->composition_table, roi_kind_name (result->kind), result->n_ions);
}

/* The composition tab counts the ions of the current region, or the whole dataset. */
static void
update_region_composition (IscAptPage *self)
{
  const IscRoi *roi = current_roi (self);
  RegionInput *input;

  if (self->cloud == NULL || self->ranges == NULL || roi == NULL || roi->kind == ISC_ROI_ALL)
    {
      isc_task_slot_cancel (self->region_task);
      isc_composition_table_set_composition (self->composition_table, self->composition);
      isc_composition_table_set_scope (self->composition_table, NULL, 0);
      return;
    }
  input = g_new0 (RegionInput, 1);
  input->cloud = isc_ion_cloud_ref (self->cloud);
  input->ranges = isc_range_set_copy (self->ranges);
  input->roi = *roi;
  isc_task_slot_run (self->region_task, region_thread, input, (GDestroyNotify) region_input_free,
                     (GDestroyNotify) region_result_free, region_done);
}

static gboolean
region_settled_cb (gpointer data)
{
  IscAptPage *self = data;

  self->region_timeout_id = 0;
  update_region_composition (self);
  return G_SOURCE_REMOVE;
}

/* The spatial panel's surfaces and clusters are drawn in the map with the points. */
static void
spatial_display_cb (IscAptPage *self)
{
  IscSpatialResults r = isc_spatial_panel_get_results (self->spatial);
  const IscIsosurface *iso = r.isosurface;
  const IscClusterResult *cl = r.clusters;

  if (iso != NULL && iso->n_triangles > 0 && r.show_surfaces)
    {
      g_autofree float *colors = g_new (float, 4 * iso->n_surfaces);

      /* Translucent, so that the ions inside stay visible. */
      for (guint s = 0; s < iso->n_surfaces; s++)
        {
          isc_spatial_panel_get_item_color (s, colors + 4 * s);
          colors[4 * s + 3] = 0.55f;
        }
      isc_ion_view_set_mesh (self->ion_view, iso->vertices, r.isosurface_normals,
                             iso->n_vertices, iso->triangles, iso->n_triangles, iso->surface_of,
                             (const float (*)[4]) colors, iso->n_surfaces);
    }
  else
    isc_ion_view_set_mesh (self->ion_view, NULL, NULL, 0, NULL, 0, NULL, NULL, 0);

  if (cl != NULL && cl->n_clusters > 0 && cl->n_members > 0 && r.colour_clusters)
    {
      g_autofree float *colors = g_new (float, 3 * cl->n_clusters);

      for (guint c = 0; c < cl->n_clusters; c++)
        isc_spatial_panel_get_item_color (c, colors + 3 * c);
      isc_ion_view_set_ion_labels (self->ion_view, cl->member_ions, cl->member_cluster, cl->n_members,
                                   (const float (*)[3]) colors, cl->n_clusters, r.hide_non_cluster);
    }
  else
    isc_ion_view_set_ion_labels (self->ion_view, NULL, NULL, 0, NULL, 0, FALSE);
}

static void
spatial_updated_cb (IscAptPage *self,
                    guint       section)
{
  if (section == ISC_SPATIAL_ISOSURFACE || section == ISC_SPATIAL_CLUSTERS)
    spatial_display_cb (self);
}

/* A cluster picked in the table: the map centres on it. */
static void
spatial_cluster_selected_cb (IscAptPage *self,
                             guint       id)
{
  const IscClusterResult *cl = isc_spatial_panel_get_results (self->spatial).clusters;
  IscCamera *camera = isc_ion_view_get_camera (self->ion_view);
  double radius;

  if (cl == NULL || id >= cl->n_clusters)
    return;
  /* The cluster and some matrix around it fill the view. */
  radius = MAX (3.0 * cl->clusters[id].guinier, 5.0);
  for (int i = 0; i < 3; i++)
    camera->target[i] = cl->clusters[id].centre[i];
  camera->distance = radius / tan (0.5 * camera->fovy * G_PI / 180.0);
  camera->framed = FALSE;   /* a close-up, not the whole scene */
  gtk_gl_area_queue_render (GTK_GL_AREA (self->ion_view));
}

/* Regions changed or another was selected: the analyses, the composition and the editor under
 * the map follow. */
static void
rois_changed_cb (IscAptPage *self)
{
  const IscRoi *roi = current_roi (self);
  guint n = 0;
  const IscRoi *rois = isc_ion_view_get_rois (self->ion_view, &n);
  int selected = isc_ion_view_get_selected_roi (self->ion_view);

  isc_analysis_panel_set_roi (self->analysis, roi);
  isc_spatial_panel_set_roi (self->spatial, roi);
  /* A drag changes the region every frame: count once it rests for a moment. */
  g_clear_handle_id (&self->region_timeout_id, g_source_remove);
  self->region_timeout_id = g_timeout_add (100, region_settled_cb, self);

  isc_roi_editor_set_roi (self->roi_editor, selected >= 0 && (guint) selected < n ? &rois[selected] : NULL);
  if (selected >= 0)
    gtk_expander_set_expanded (self->roi_expander, TRUE);
}

static void
roi_edited_cb (IscAptPage   *self,
               const IscRoi *roi)
{
  int selected = isc_ion_view_get_selected_roi (self->ion_view);

  if (selected >= 0)
    isc_ion_view_update_roi (self->ion_view, (guint) selected, roi);
}

static void
roi_remove_cb (IscAptPage *self)
{
  int selected = isc_ion_view_get_selected_roi (self->ion_view);

  if (selected >= 0)
    isc_ion_view_remove_roi (self->ion_view, (guint) selected);
}

/* ---- Actions ---------------------------------------------------------------------------- */

/* The ion view's own actions resolve only inside it: the toolbar's go through the page. */
static void
view_axis_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  gtk_widget_activate_action_variant (GTK_WIDGET (ISC_APT_PAGE (widget)->ion_view), "ion-view.view-axis", param);
}

static void
reset_view_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (ISC_APT_PAGE (widget)->ion_view), "ion-view.reset", NULL);
}

static void
add_cylinder_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  gtk_widget_activate_action_variant (GTK_WIDGET (ISC_APT_PAGE (widget)->ion_view), "ion-view.add-cylinder", param);
}

static void export_ion_map (IscAptPage *self);

static void
export_map_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  export_ion_map (ISC_APT_PAGE (widget));
}

static void
set_orthographic (IscAptPage *self,
                  gboolean    orthographic)
{
  if (self->orthographic == orthographic)
    return;
  self->orthographic = orthographic;
  gtk_widget_activate_action (GTK_WIDGET (self->ion_view), "ion-view.projection", "s",
                              orthographic ? "orthographic" : "perspective");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORTHOGRAPHIC]);
}

/* ---- Layout ----------------------------------------------------------------------------- */

/* The divider keeps its share of the page when the window is resized (GtkPaned keeps pixels);
 * a drag by the user sets a new share. */
/* The divider keeps its share of the page when the window is resized (GtkPaned keeps pixels);
 * a drag by the user sets a new share. GtkPaned clamps it so neither side goes below its
 * minimum. */
static void
place_divider (IscAptPage *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));
  int position = (int) (self->split_ratio * width + 0.5);

  if (width <= 0 || position == gtk_paned_get_position (self->paned))
    return;
  self->placing_divider = TRUE;
  gtk_paned_set_position (self->paned, position);
  self->placing_divider = FALSE;
}

static void
divider_moved_cb (IscAptPage *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));

  if (!self->placing_divider && width > 0)
    self->split_ratio = CLAMP ((double) gtk_paned_get_position (self->paned) / width, 0.0, 1.0);
}

static void
isc_apt_page_dispose (GObject *object)
{
  IscAptPage *self = ISC_APT_PAGE (object);

  g_clear_pointer (&self->region_task, isc_task_slot_free);
  g_clear_handle_id (&self->region_timeout_id, g_source_remove);
  /* Stop the histogram worker before the cloud it reads goes away. */
  if (self->spectrum != NULL)
    isc_spectrum_view_set_data (self->spectrum, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISC_TYPE_APT_PAGE);
  G_OBJECT_CLASS (isc_apt_page_parent_class)->dispose (object);
}

static void
isc_apt_page_finalize (GObject *object)
{
  IscAptPage *self = ISC_APT_PAGE (object);

  g_clear_pointer (&self->cloud, isc_ion_cloud_unref);
  g_clear_pointer (&self->ranges, isc_range_set_free);
  g_clear_pointer (&self->composition, isc_composition_free);
  G_OBJECT_CLASS (isc_apt_page_parent_class)->finalize (object);
}

static void
isc_apt_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  IscAptPage *self = ISC_APT_PAGE (object);

  switch (prop_id)
    {
    case PROP_ORTHOGRAPHIC:
      g_value_set_boolean (value, self->orthographic);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isc_apt_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  IscAptPage *self = ISC_APT_PAGE (object);

  switch (prop_id)
    {
    case PROP_ORTHOGRAPHIC:
      set_orthographic (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isc_apt_page_class_init (IscAptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_apt_page_dispose;
  object_class->finalize = isc_apt_page_finalize;
  object_class->get_property = isc_apt_page_get_property;
  object_class->set_property = isc_apt_page_set_property;

  /* The ion map without perspective: lengths comparable across depth. */
  properties[PROP_ORTHOGRAPHIC] =
    g_param_spec_boolean ("orthographic", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The ranges were edited in the spectrum: the data needs ranging again. */
  signals[RANGES_EDITED] = g_signal_new ("ranges-edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "apt.view-axis", "s", view_axis_action);
  gtk_widget_class_install_action (widget_class, "apt.reset-view", NULL, reset_view_action);
  gtk_widget_class_install_action (widget_class, "apt.add-cylinder", "s", add_cylinder_action);
  gtk_widget_class_install_action (widget_class, "apt.export-map", NULL, export_map_action);
  gtk_widget_class_install_property_action (widget_class, "apt.orthographic", "orthographic");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "aptpage");

  /* The template names the widgets' types. */
  isc_widgets_ensure_types ();
  g_type_ensure (ISC_TYPE_SPATIAL_PANEL);
  g_type_ensure (ISC_TYPE_MULTIHIT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ionscape/Ionscape/ui/apt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, box);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, paned);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, title);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, summary);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, species);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, ion_view);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, notebook);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, spectrum);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, spectrum_stack);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, mass_spectrum_button);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, correlation_button);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, detector_button);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, correlation_view);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, detector_view);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, composition_table);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, analysis);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, spatial);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, roi_editor);
  gtk_widget_class_bind_template_child (widget_class, IscAptPage, roi_expander);
  gtk_widget_class_bind_template_callback (widget_class, rois_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, roi_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, roi_remove_cb);
  gtk_widget_class_bind_template_callback (widget_class, species_visibility_cb);
  gtk_widget_class_bind_template_callback (widget_class, species_color_cb);
  gtk_widget_class_bind_template_callback (widget_class, spectrum_ranges_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, spectrum_switch_cb);
  gtk_widget_class_bind_template_callback (widget_class, spatial_updated_cb);
  gtk_widget_class_bind_template_callback (widget_class, spatial_display_cb);
  gtk_widget_class_bind_template_callback (widget_class, spatial_cluster_selected_cb);
}

static void
isc_apt_page_init (IscAptPage *self)
{
  self->split_ratio = 0.45;
  self->region_task = isc_task_slot_new (self, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_spectrum_switcher (self);
  g_signal_connect_object (self->paned, "notify::max-position", G_CALLBACK (place_divider),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->paned, "notify::position", G_CALLBACK (divider_moved_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
isc_apt_page_new (void)
{
  return g_object_new (ISC_TYPE_APT_PAGE, NULL);
}

static gboolean
isc_apt_page_can_export_figure (IscPage *page)
{
  return ISC_APT_PAGE (page)->cloud != NULL;
}

static void
isc_apt_page_page_export_figure (IscPage *page)
{
  isc_apt_page_export_figure (ISC_APT_PAGE (page));
}

static void
isc_apt_page_page_init (IscPageInterface *iface)
{
  iface->can_export_figure = isc_apt_page_can_export_figure;
  iface->export_figure = isc_apt_page_page_export_figure;
}

void
isc_apt_page_set_data (IscAptPage     *self,
                       IscIonCloud    *cloud,
                       IscRangeSet    *ranges,
                       IscComposition *composition)
{
  /* Views borrow the data: the old set is freed only after every view holds the new one. */
  g_autoptr(IscIonCloud) old_cloud = NULL;
  g_autoptr(IscRangeSet) old_ranges = NULL;
  g_autoptr(IscComposition) old_composition = NULL;

  g_return_if_fail (ISC_IS_APT_PAGE (self));
  g_return_if_fail (cloud != NULL);

  old_cloud = g_steal_pointer (&self->cloud);
  old_ranges = g_steal_pointer (&self->ranges);
  old_composition = g_steal_pointer (&self->composition);
  self->cloud = cloud;
  self->ranges = ranges;
  self->composition = composition;

  isc_ion_view_set_cloud (self->ion_view, cloud, ranges);
  isc_spectrum_view_set_data (self->spectrum, cloud, ranges);
  if (ranges != NULL)
    {
      isc_species_list_set_ranges (self->species, ranges);
      /* The panel holds its own reference: its running jobs may outlive this data. */
      isc_analysis_panel_set_data (self->analysis, isc_ion_cloud_ref (cloud),
                                   (GDestroyNotify) isc_ion_cloud_unref, ranges);
      isc_analysis_panel_set_roi (self->analysis, current_roi (self));
      isc_spatial_panel_set_roi (self->spatial, current_roi (self));
      isc_spatial_panel_set_data (self->spatial, cloud, ranges);
    }
  isc_multihit_view_set_cloud (self->correlation_view, cloud);
  isc_multihit_view_set_cloud (self->detector_view, cloud);
  update_spectrum_switcher (self);
  update_region_composition (self);
  update_counts (self);
  isc_page_capabilities_changed (ISC_PAGE (self));
}

IscIonCloud *
isc_apt_page_get_cloud (IscAptPage *self)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return self->cloud;
}

const IscRangeSet *
isc_apt_page_get_ranges (IscAptPage *self)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return self->ranges;
}

const IscComposition *
isc_apt_page_get_composition (IscAptPage *self)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return self->composition;
}

void
isc_apt_page_set_title (IscAptPage *self,
                        const char *title)
{
  g_return_if_fail (ISC_IS_APT_PAGE (self));
  gtk_label_set_text (self->title, title);
  /* The whole title stays readable when a narrow window ellipsizes it. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), title);
}

void
isc_apt_page_set_source (IscAptPage *self,
                         const char *condition,
                         const char *site,
                         const char *file)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (ISC_IS_APT_PAGE (self));

  if (condition != NULL && *condition != '\0')
    g_strv_builder_add (parts, condition);
  if (site != NULL && *site != '\0')
    g_strv_builder_add (parts, site);
  if (file != NULL && *file != '\0')
    g_strv_builder_add (parts, file);
  strv = g_strv_builder_end (parts);
  title = g_strjoinv (" · ", strv);
  isc_apt_page_set_title (self, title);
}

const char *
isc_apt_page_get_title (IscAptPage *self)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return gtk_label_get_text (self->title);
}

static gboolean
write_ion_map (const char              *path,
               const IscFigureOptions  *options,
               gpointer                 data,
               GError                 **error)
{
  IscAptPage *self = data;

  return isc_ion_view_export_with_options (self->ion_view, path, options, error);
}

/* The ion map in journal units, as every figure (isc_ion_view_export_with_options ()). */
static void
export_ion_map (IscAptPage *self)
{
  isc_save_dialog_run_figure (GTK_WIDGET (self), _("Export Ion Map"), "ion-map.png", NULL,
                              _("The ion map could not be exported"), write_ion_map, self);
}

void
isc_apt_page_export_figure (IscAptPage *self)
{
  g_return_if_fail (ISC_IS_APT_PAGE (self));

  /* The spectrum (or the histogram shown in its place) in front exports itself (PNG, SVG or
   * PDF); otherwise the ion map. */
  if (g_strcmp0 (isc_apt_page_get_tab (self), "spectrum") == 0)
    {
      const char *shown = gtk_stack_get_visible_child_name (self->spectrum_stack);
      GtkWidget *plot = g_strcmp0 (shown, "correlation") == 0 ? isc_multihit_view_get_plot_view (self->correlation_view)
                      : g_strcmp0 (shown, "detector") == 0 ? isc_multihit_view_get_plot_view (self->detector_view)
                      : isc_spectrum_view_get_plot_view (self->spectrum);

      gtk_widget_activate_action (plot, "plot.export", NULL);
    }
  else
    export_ion_map (self);
}

/* In the order add_tab () appends them. */
static const char *tab_names[] = { "spectrum", "composition", "analysis", "spatial" };

void
isc_apt_page_show_tab (IscAptPage *self,
                       const char *name)
{
  g_return_if_fail (ISC_IS_APT_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (tab_names); i++)
    if (g_strcmp0 (name, tab_names[i]) == 0)
      gtk_notebook_set_current_page (self->notebook, (int) i);
}

const char *
isc_apt_page_get_tab (IscAptPage *self)
{
  int page;

  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  page = gtk_notebook_get_current_page (self->notebook);
  return page >= 0 && (guint) page < G_N_ELEMENTS (tab_names) ? tab_names[page] : NULL;
}

void
isc_apt_page_add_cylinder (IscAptPage *self)
{
  g_return_if_fail (ISC_IS_APT_PAGE (self));

  gtk_widget_activate_action (GTK_WIDGET (self->ion_view), "ion-view.add-cylinder", "s", "z");
}

IscIonView *
isc_apt_page_get_ion_view (IscAptPage *self)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return self->ion_view;
}

IscCompositionTable *
isc_apt_page_get_composition_table (IscAptPage *self)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return self->composition_table;
}

IscAnalysisPanel *
isc_apt_page_get_analysis_panel (IscAptPage *self)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return self->analysis;
}

IscSpatialPanel *
isc_apt_page_get_spatial_panel (IscAptPage *self)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return self->spatial;
}

/* "spectrum", "correlation" or "detector": the view shown in the Spectrum tab. */
const char *
isc_apt_page_get_spectrum_view_name (IscAptPage *self)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->spectrum_stack);
}

IscMultihitView *
isc_apt_page_get_multihit_view (IscAptPage          *self,
                                IscMultihitViewKind  kind)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return kind == ISC_MULTIHIT_VIEW_DETECTOR ? self->detector_view : self->correlation_view;
}

IscSpeciesList *
isc_apt_page_get_species_list (IscAptPage *self)
{
  g_return_val_if_fail (ISC_IS_APT_PAGE (self), NULL);
  return self->species;
}
