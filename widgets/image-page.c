/* image-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "core-shell-panel.h"
#include "image-page.h"

struct _IscImagePage
{
  GtkWidget parent_instance;

  IscLineProfile *profile;
  gboolean has_spacing;
  double spacing;
  guint fft_frame;

  GtkWidget *paned;
  IscImageView *view;
  IscPlotView *plot_view;
  GtkWidget *spacing_label;
  IscFftPanel *fft_panel;
  GtkWidget *core_shell_section;    /* shown for series (more than one frame) */
  IscCoreShellPanel *core_shell;
};

G_DEFINE_FINAL_TYPE (IscImagePage, isc_image_page, GTK_TYPE_WIDGET)

static void
update_profile (IscImagePage *self)
{
  const IscImage *image = isc_image_view_get_image (self->view);
  double x0, y0, x1, y1;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscPlot) plot = NULL;
  g_autofree char *xlabel = NULL;
  guint n_peaks = 0;

  g_clear_pointer (&self->profile, isc_line_profile_free);
  self->has_spacing = FALSE;
  if (image == NULL || !isc_image_view_get_line (self->view, &x0, &y0, &x1, &y1))
    {
      isc_plot_view_set_plot (self->plot_view, NULL);
      gtk_label_set_text (GTK_LABEL (self->spacing_label),
                          image != NULL ? _("Turn on “Line profile” and drag across the image") : "");
      return;
    }
  self->profile = isc_line_profile_compute (image, isc_image_view_get_frame (self->view), x0, y0, x1, y1,
                                            isc_image_view_get_line_width_px (self->view), &error);
  if (self->profile == NULL)
    {
      isc_plot_view_set_plot (self->plot_view, NULL);
      gtk_label_set_text (GTK_LABEL (self->spacing_label), error->message);
      return;
    }

  plot = isc_plot_new ();
  isc_plot_add_series (plot, ISC_SERIES_LINE, _("Intensity"), self->profile->distance, self->profile->intensity,
                       self->profile->n);
  isc_plot_set_legend_visible (plot, FALSE);
  xlabel = g_strdup_printf (_("Distance (%s)"), self->profile->unit);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, xlabel);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Intensity"));
  isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, 0, MAX (self->profile->distance[self->profile->n - 1], 1e-12), NULL);

  self->has_spacing = isc_line_profile_peak_spacing (self->profile, &self->spacing, &n_peaks);
  if (self->has_spacing)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "d = %.3f %s (%u maximum)",
                                                            "d = %.3f %s (%u maxima)", n_peaks),
                                               self->spacing, self->profile->unit, n_peaks);

      gtk_label_set_text (GTK_LABEL (self->spacing_label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->spacing_label), _("No periodic maxima along the line"));
  isc_plot_view_set_plot (self->plot_view, g_steal_pointer (&plot));
}

static void
on_line_changed (IscImageView *view,
                 IscImagePage *self)
{
  update_profile (self);
  /* A new frame in the view (its frame spin button) needs a new FFT. */
  if (isc_image_view_get_image (view) != NULL && isc_image_view_get_frame (view) != self->fft_frame)
    {
      self->fft_frame = isc_image_view_get_frame (view);
      isc_fft_panel_compute (self->fft_panel, isc_image_view_get_image (view), self->fft_frame);
    }
}

static void
isc_image_page_dispose (GObject *object)
{
  IscImagePage *self = ISC_IMAGE_PAGE (object);

  g_clear_pointer (&self->paned, gtk_widget_unparent);
  G_OBJECT_CLASS (isc_image_page_parent_class)->dispose (object);
}

static void
isc_image_page_finalize (GObject *object)
{
  IscImagePage *self = ISC_IMAGE_PAGE (object);

  g_clear_pointer (&self->profile, isc_line_profile_free);
  G_OBJECT_CLASS (isc_image_page_parent_class)->finalize (object);
}

static void
isc_image_page_class_init (IscImagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_image_page_dispose;
  object_class->finalize = isc_image_page_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "imagepage");
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
isc_image_page_init (IscImagePage *self)
{
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller, *overlay, *core_shell;

  self->paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));

  self->view = ISC_IMAGE_VIEW (isc_image_view_new ());
  g_signal_connect (self->view, "line-changed", G_CALLBACK (on_line_changed), self);
  /* the core–shell circles are drawn by a widget stacked over the view */
  core_shell = isc_core_shell_panel_new ();
  self->core_shell = ISC_CORE_SHELL_PANEL (core_shell);
  isc_core_shell_panel_set_view (ISC_CORE_SHELL_PANEL (core_shell), self->view);
  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->view));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), isc_core_shell_panel_get_overlay (ISC_CORE_SHELL_PANEL (core_shell)));
  gtk_paned_set_start_child (GTK_PANED (self->paned), overlay);
  gtk_paned_set_resize_start_child (GTK_PANED (self->paned), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (self->paned), FALSE);

  gtk_widget_set_margin_start (side, 6);
  gtk_widget_set_margin_end (side, 6);
  gtk_widget_set_margin_top (side, 6);
  gtk_widget_set_margin_bottom (side, 6);
  gtk_box_append (GTK_BOX (side), heading (_("Line profile")));
  self->plot_view = ISC_PLOT_VIEW (isc_plot_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->plot_view), 320, 220);
  gtk_widget_set_vexpand (GTK_WIDGET (self->plot_view), FALSE);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->plot_view));
  self->spacing_label = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (self->spacing_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->spacing_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->spacing_label), TRUE);
  gtk_box_append (GTK_BOX (side), self->spacing_label);
  gtk_box_append (GTK_BOX (side), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (side), heading (_("FFT")));
  self->fft_panel = ISC_FFT_PANEL (isc_fft_panel_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->fft_panel), TRUE);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->fft_panel));
  self->core_shell_section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (self->core_shell_section), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->core_shell_section), heading (_("Core and shell")));
  gtk_box_append (GTK_BOX (self->core_shell_section), core_shell);
  gtk_widget_set_visible (self->core_shell_section, FALSE);
  gtk_box_append (GTK_BOX (side), self->core_shell_section);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), side);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_paned_set_end_child (GTK_PANED (self->paned), scroller);
  gtk_paned_set_resize_end_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->paned), FALSE);

  update_profile (self);
}

GtkWidget *
isc_image_page_new (void)
{
  return g_object_new (ISC_TYPE_IMAGE_PAGE, NULL);
}

void
isc_image_page_set_image (IscImagePage *self,
                          IscImage     *image)
{
  g_return_if_fail (ISC_IS_IMAGE_PAGE (self));
  /* The view takes the reference; the FFT panel takes one of its own for its worker. */
  self->fft_frame = 0;
  isc_image_view_set_image (self->view, image);
  gtk_widget_set_visible (self->core_shell_section, image != NULL && image->frames > 1);
  isc_fft_panel_compute (self->fft_panel, image, 0);
}

IscImageView *
isc_image_page_get_view (IscImagePage *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), NULL);
  return self->view;
}

IscPlotView *
isc_image_page_get_profile_view (IscImagePage *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), NULL);
  return self->plot_view;
}

IscFftPanel *
isc_image_page_get_fft_panel (IscImagePage *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), NULL);
  return self->fft_panel;
}

const IscLineProfile *
isc_image_page_get_profile (IscImagePage *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), NULL);
  return self->profile;
}

gboolean
isc_image_page_get_spacing (IscImagePage *self,
                            double       *spacing)
{
  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), FALSE);
  if (self->has_spacing && spacing != NULL)
    *spacing = self->spacing;
  return self->has_spacing;
}

const char *
isc_image_page_get_spacing_text (IscImagePage *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->spacing_label));
}

IscCoreShellPanel *
isc_image_page_get_core_shell_panel (IscImagePage *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), NULL);
  return self->core_shell;
}
