/* isc-apt-page.c: lays out the APT views side by side and keeps them on the same data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "analysis-panel.h"
#include "composition-table.h"
#include "ion-view.h"
#include "isc-apt-page.h"
#include "roi-editor.h"
#include "roi.h"
#include "species-list.h"
#include "spectrum-view.h"

struct _IscAptPage
{
  GtkWidget       parent_instance;

  IscIonCloud    *cloud;
  IscRangeSet    *ranges;
  IscComposition *composition;

  GtkWidget      *paned;
  GtkLabel       *title;
  GtkLabel       *summary;
  IscSpeciesList *species;
  IscIonView     *ion_view;
  GtkNotebook    *notebook;
  IscSpectrumView *spectrum;
  IscCompositionTable *composition_table;
  IscAnalysisPanel *analysis;
  IscRoiEditor   *roi_editor;
  GtkWidget      *roi_expander;
};

enum {
  RANGES_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IscAptPage, isc_apt_page, GTK_TYPE_WIDGET)

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

static void
species_visibility_cb (IscAptPage *self,
                       guint       ion_type,
                       gboolean    visible)
{
  const IscIonType *type;

  if (self->ranges == NULL || ion_type >= isc_range_set_get_n_ion_types (self->ranges))
    return;
  type = isc_range_set_get_ion_type (self->ranges, ion_type);
  /* The analysis plots follow the elements of the toggled species. */
  for (guint e = 0; e < type->n_elements; e++)
    isc_analysis_panel_set_element_visible (self->analysis, type->elements[e].symbol, visible);
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

/* The spectrum edits the range set in place; the window re-ranges the cloud with it. */
static void
spectrum_ranges_changed_cb (IscAptPage *self)
{
  g_signal_emit (self, signals[RANGES_EDITED], 0);
}

/* The analyses follow the selected region, else the last one drawn, else the whole data. */
static void
rois_changed_cb (IscAptPage *self)
{
  guint n = 0;
  const IscRoi *rois = isc_ion_view_get_rois (self->ion_view, &n);
  int selected = isc_ion_view_get_selected_roi (self->ion_view);
  IscRoi whole;

  if (selected >= 0 && (guint) selected < n)
    isc_analysis_panel_set_roi (self->analysis, &rois[selected]);
  else if (n > 0)
    isc_analysis_panel_set_roi (self->analysis, &rois[n - 1]);
  else if (isc_roi_parse ("all", &whole, NULL))
    isc_analysis_panel_set_roi (self->analysis, &whole);
}

/* The editor under the map shows the selected region and edits it in place. */
static void
sync_roi_editor (IscAptPage *self)
{
  guint n = 0;
  const IscRoi *rois = isc_ion_view_get_rois (self->ion_view, &n);
  int selected = isc_ion_view_get_selected_roi (self->ion_view);

  isc_roi_editor_set_roi (self->roi_editor, selected >= 0 ? &rois[selected] : NULL);
  if (selected >= 0 && self->roi_expander != NULL)
    gtk_expander_set_expanded (GTK_EXPANDER (self->roi_expander), TRUE);
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

/* Widget actions resolve only inside the ion view, so the buttons forward their clicks. */
static void
view_button_clicked_cb (GtkButton  *button,
                        IscAptPage *self)
{
  const char *action = g_object_get_data (G_OBJECT (button), "isc-action");
  GVariant *target = g_object_get_data (G_OBJECT (button), "isc-target");

  gtk_widget_activate_action_variant (GTK_WIDGET (self->ion_view), action, target);
}

static GtkWidget *
make_view_button (IscAptPage *self,
                  const char *label,
                  const char *tooltip,
                  const char *action,
                  GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data (G_OBJECT (button), "isc-action", (gpointer) action);
  if (target != NULL)
    g_object_set_data_full (G_OBJECT (button), "isc-target", g_variant_ref_sink (target),
                            (GDestroyNotify) g_variant_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (view_button_clicked_cb), self);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void export_ion_map (IscAptPage *self);

static void
projection_toggled_cb (GtkToggleButton *button,
                       IscAptPage      *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self->ion_view), "ion-view.projection", "s",
                              gtk_toggle_button_get_active (button) ? "orthographic" : "perspective");
}

static GtkWidget *
make_ion_view_toolbar (IscAptPage *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  static const char *axes[] = { "+x", "+y", "+z", "-z" };

  for (guint i = 0; i < G_N_ELEMENTS (axes); i++)
    {
      g_autofree char *tooltip = g_strdup_printf (_("View along %s"), axes[i]);

      gtk_box_append (GTK_BOX (bar), make_view_button (self, axes[i], tooltip, "ion-view.view-axis",
                                                       g_variant_new_string (axes[i])));
    }
  {
    GtkWidget *ortho = gtk_toggle_button_new_with_label (_("Ortho"));

    gtk_widget_set_tooltip_text (ortho, _("Orthographic projection: no perspective, lengths comparable across depth"));
    gtk_widget_add_css_class (ortho, "flat");
    g_signal_connect (ortho, "toggled", G_CALLBACK (projection_toggled_cb), self);
    gtk_box_append (GTK_BOX (bar), ortho);
  }
  gtk_box_append (GTK_BOX (bar), make_view_button (self, _("Reset"), _("Reset the view (R)"),
                                                   "ion-view.reset", NULL));
  {
    GtkWidget *export = gtk_button_new_with_label (_("Export Map…"));

    gtk_widget_set_tooltip_text (export, _("Save the ion map as a PNG image with legend and scale bar"));
    gtk_widget_add_css_class (export, "flat");
    g_signal_connect_swapped (export, "clicked", G_CALLBACK (export_ion_map), self);
    gtk_box_append (GTK_BOX (bar), export);
  }
  gtk_box_append (GTK_BOX (bar), make_view_button (self, _("Cylinder ∥ z"),
                                                   _("Add a cylinder region along the needle axis for the profile and the homogeneity analysis"),
                                                   "ion-view.add-cylinder", g_variant_new_string ("z")));
  gtk_box_append (GTK_BOX (bar), make_view_button (self, _("Cylinder ∥ view"),
                                                   _("Add a cylinder region along the line of sight"),
                                                   "ion-view.add-cylinder", g_variant_new_string ("view")));
  return bar;
}

static GtkWidget *
scrolled (GtkWidget *child)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), child);
  return scroller;
}

/* Scrolls sideways only: a wide toolbar or form must not set the page's minimum width. */
static GtkWidget *
scrolled_sideways (GtkWidget *child)
{
  GtkWidget *scroller = scrolled (child);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  return scroller;
}

static GtkWidget *
add_tab (GtkNotebook *notebook,
         GtkWidget   *child,
         const char  *label)
{
  gtk_notebook_append_page (notebook, child, gtk_label_new_with_mnemonic (label));
  return child;
}

static void
isc_apt_page_dispose (GObject *object)
{
  IscAptPage *self = ISC_APT_PAGE (object);

  /* Stop the histogram worker before the cloud it reads goes away. */
  if (self->spectrum != NULL)
    isc_spectrum_view_set_data (self->spectrum, NULL, NULL);
  self->spectrum = NULL;

  g_clear_pointer (&self->paned, gtk_widget_unparent);
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
isc_apt_page_class_init (IscAptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_apt_page_dispose;
  object_class->finalize = isc_apt_page_finalize;

  /* The ranges were edited in the spectrum: the data needs ranging again. */
  signals[RANGES_EDITED] = g_signal_new ("ranges-edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
isc_apt_page_init (IscAptPage *self)
{
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  self->paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_position (GTK_PANED (self->paned), 420);
  /* Both sides may be narrower than they would like: the window, not the page, sets the width. */
  gtk_paned_set_shrink_start_child (GTK_PANED (self->paned), TRUE);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->paned), TRUE);
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-4");
  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "dim-label");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->summary));
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, 8);

  self->ion_view = ISC_ION_VIEW (isc_ion_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->ion_view), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->ion_view), 320, 300);
  g_signal_connect_object (self->ion_view, "rois-changed", G_CALLBACK (rois_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->species = ISC_SPECIES_LIST (isc_species_list_new ());
  g_signal_connect_object (self->species, "visibility-changed", G_CALLBACK (species_visibility_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->species, "visibility-changed",
                           G_CALLBACK (isc_ion_view_set_species_visible), self->ion_view,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->species, "color-changed", G_CALLBACK (species_color_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (left), header);
  {
    /* Map above, species below, the split movable: long range files get room when needed. */
    GtkWidget *split = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
    GtkWidget *map_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_box_append (GTK_BOX (map_box), GTK_WIDGET (self->ion_view));
    gtk_box_append (GTK_BOX (map_box), scrolled_sideways (make_ion_view_toolbar (self)));
    self->roi_editor = ISC_ROI_EDITOR (isc_roi_editor_new ());
    g_signal_connect_object (self->ion_view, "rois-changed", G_CALLBACK (sync_roi_editor),
                             self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->ion_view, "notify::selected-roi",
                             G_CALLBACK (sync_roi_editor), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->roi_editor, "roi-edited", G_CALLBACK (roi_edited_cb),
                             self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->roi_editor, "remove-requested", G_CALLBACK (roi_remove_cb),
                             self, G_CONNECT_SWAPPED);
    /* Folded away until a region is selected, so the map keeps its room. */
    self->roi_expander = gtk_expander_new_with_mnemonic (_("_Region (nm)"));
    gtk_expander_set_child (GTK_EXPANDER (self->roi_expander), scrolled_sideways (GTK_WIDGET (self->roi_editor)));
    g_signal_connect_object (self->ion_view, "notify::selected-roi", G_CALLBACK (rois_changed_cb),
                             self, G_CONNECT_SWAPPED);
    gtk_box_append (GTK_BOX (map_box), self->roi_expander);
    gtk_paned_set_start_child (GTK_PANED (split), map_box);
    gtk_paned_set_end_child (GTK_PANED (split), GTK_WIDGET (self->species));
    gtk_paned_set_resize_end_child (GTK_PANED (split), FALSE);
    gtk_paned_set_position (GTK_PANED (split), 520);
    gtk_widget_set_vexpand (split, TRUE);
    gtk_box_append (GTK_BOX (left), split);
  }
  gtk_paned_set_start_child (GTK_PANED (self->paned), left);

  self->notebook = GTK_NOTEBOOK (gtk_notebook_new ());
  self->spectrum = ISC_SPECTRUM_VIEW (isc_spectrum_view_new ());
  g_signal_connect_object (self->spectrum, "ranges-changed", G_CALLBACK (spectrum_ranges_changed_cb),
                           self, G_CONNECT_SWAPPED);
  add_tab (self->notebook, scrolled_sideways (GTK_WIDGET (self->spectrum)), _("_Spectrum"));
  self->composition_table = ISC_COMPOSITION_TABLE (isc_composition_table_new ());
  add_tab (self->notebook, scrolled (GTK_WIDGET (self->composition_table)), _("_Composition"));
  self->analysis = ISC_ANALYSIS_PANEL (isc_analysis_panel_new ());
  add_tab (self->notebook, scrolled (GTK_WIDGET (self->analysis)), _("_Analysis"));
  gtk_paned_set_end_child (GTK_PANED (self->paned), GTK_WIDGET (self->notebook));
}

GtkWidget *
isc_apt_page_new (void)
{
  return g_object_new (ISC_TYPE_APT_PAGE, NULL);
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
  isc_composition_table_set_composition (self->composition_table, composition);
  if (ranges != NULL)
    {
      isc_species_list_set_ranges (self->species, ranges);
      /* The panel holds its own reference: its running jobs may outlive this data. */
      isc_analysis_panel_set_data (self->analysis, isc_ion_cloud_ref (cloud),
                                   (GDestroyNotify) isc_ion_cloud_unref, ranges);
    }
  update_counts (self);
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
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    IscAptPage      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      /* A fixed, print-friendly size: the export does not depend on the window. */
      if (path != NULL
          && !isc_ion_view_export_png (self->ion_view, path, 2400, 1800, TRUE, TRUE, &error))
        gtk_label_set_text (self->summary, error->message);
    }
  g_object_unref (chooser);
}

static void
export_ion_map (IscAptPage *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  chooser = gtk_file_chooser_native_new (_("Export Ion Map"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "ion-map.png");
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
isc_apt_page_export_figure (IscAptPage *self)
{
  g_return_if_fail (ISC_IS_APT_PAGE (self));

  /* The spectrum in front exports itself (PNG, SVG or PDF); otherwise the ion map. */
  if (g_strcmp0 (isc_apt_page_get_tab (self), "spectrum") == 0)
    gtk_widget_activate_action (isc_spectrum_view_get_plot_view (self->spectrum), "plot.export", NULL);
  else
    export_ion_map (self);
}

/* In the order add_tab () appends them. */
static const char *tab_names[] = { "spectrum", "composition", "analysis" };

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
