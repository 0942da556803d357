/* image-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "core-shell-panel.h"
#include "image-page.h"
#include "isc-widgets.h"

struct _IscImagePage
{
  GtkWidget parent_instance;

  IscLineProfile *profile;
  IscProfilePeriods *periods;
  IscDisorder *disorder;
  gboolean has_spacing;
  double spacing;
  guint fft_frame;

  /* template children */
  GtkWidget *overlay;
  IscImageView *view;
  IscPlotView *plot_view;
  GtkWidget *spacing_label;
  IscFftPanel *fft_panel;
  GtkWidget *core_shell_section;    /* shown for series (more than one frame) */
  IscCoreShellPanel *core_shell;
};

static void isc_image_page_page_init (IscPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IscImagePage, isc_image_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (ISC_TYPE_PAGE, isc_image_page_page_init))

static void
update_profile (IscImagePage *self)
{
  const IscImage *image = isc_image_view_get_image (self->view);
  double x0, y0, x1, y1;
  g_autoptr(GError) error = NULL;
  g_autoptr(IscPlot) plot = NULL;
  g_autofree char *xlabel = NULL;

  g_clear_pointer (&self->profile, isc_line_profile_free);
  g_clear_pointer (&self->periods, isc_profile_periods_free);
  g_clear_pointer (&self->disorder, isc_disorder_free);
  self->has_spacing = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->plot_view), image != NULL && isc_image_view_get_line (self->view, NULL, NULL, NULL, NULL));
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

  self->periods = isc_line_profile_periods (self->profile, 0);
  self->has_spacing = self->periods != NULL && self->periods->maxima->len >= 2;
  if (self->has_spacing)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      const IscProfilePeriods *pp = self->periods;
      const char *unit = self->profile->unit;
      guint n_peaks = pp->maxima->len, shown = MIN (n_peaks, 12);

      self->spacing = pp->spacing;
      g_string_append_printf (text, _("d = %.3f %s (dominant period)"), pp->spacing, unit);
      g_string_append_c (text, '\n');
      /* both periods of a layered oxide: TM plane to TM plane, and every cation plane */
      g_string_append_printf (text, _("Strength of %.3f %s: %.3g, of %.3f %s: %.3g"),
                              pp->layer_period, unit, pp->layer_strength, pp->layer_period / 2, unit,
                              pp->half_strength);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u maximum at", "%u maxima at", n_peaks),
                              n_peaks);
      for (guint i = 0; i < shown; i++)
        g_string_append_printf (text, "%s%.2f", i == 0 ? " " : ", ",
                                g_array_index (pp->maxima, IscProfileMaximum, i).position);
      g_string_append_printf (text, "%s %s", shown < n_peaks ? ", …" : "", unit);

      /* the measures of disorder, where the line crosses layers */
      self->disorder = isc_disorder_analyse (self->profile, 0, 0, 0, NULL);
      if (self->disorder != NULL)
        {
          const IscDisorder *d = self->disorder;

          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Li/TM layer intensity ratio %.2f"), d->li_tm_ratio);
          g_string_append_c (text, '\n');
          if (d->rocksalt_to_end)
            g_string_append_printf (text, _("Rock-salt layer (Li/TM above %.2f): at least %.2f %s"),
                                    d->threshold, d->rocksalt_thickness, unit);
          else
            g_string_append_printf (text, _("Rock-salt layer (Li/TM above %.2f): %.2f %s"),
                                    d->threshold, d->rocksalt_thickness, unit);
          g_string_append_c (text, '\n');
          if (isfinite (d->rocksalt_thickness_fft))
            g_string_append_printf (text, _("Layer spot back after %.2f %s"), d->rocksalt_thickness_fft, unit);
          else
            g_string_append (text, _("Layer spot: no boundary along the line"));
        }
      gtk_label_set_text (GTK_LABEL (self->spacing_label), text->str);
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
isc_image_page_finalize (GObject *object)
{
  IscImagePage *self = ISC_IMAGE_PAGE (object);

  g_clear_pointer (&self->profile, isc_line_profile_free);
  g_clear_pointer (&self->periods, isc_profile_periods_free);
  g_clear_pointer (&self->disorder, isc_disorder_free);
  G_OBJECT_CLASS (isc_image_page_parent_class)->finalize (object);
}

static void
isc_image_page_class_init (IscImagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isc_widget_dispose_template;
  object_class->finalize = isc_image_page_finalize;

  isc_widget_class_set_template (widget_class, "image-page", "imagepage", GTK_TYPE_BIN_LAYOUT);
  ISC_BIND_TEMPLATE_CHILDREN (widget_class, IscImagePage, overlay, view, plot_view, spacing_label, fft_panel,
                              core_shell_section, core_shell);
  ISC_BIND_TEMPLATE_CALLBACKS (widget_class, on_line_changed);
}

static void
isc_image_page_init (IscImagePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  isc_page_set_export_action (ISC_PAGE (self), GTK_WIDGET (self->view), "image.export");
  /* the core–shell circles are drawn by a widget stacked over the view */
  isc_core_shell_panel_set_view (self->core_shell, self->view);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), isc_core_shell_panel_get_overlay (self->core_shell));
  update_profile (self);
}

GtkWidget *
isc_image_page_new (void)
{
  return g_object_new (ISC_TYPE_IMAGE_PAGE, NULL);
}

static gboolean
isc_image_page_can_export_figure (IscPage *page)
{
  return isc_image_view_get_image (ISC_IMAGE_PAGE (page)->view) != NULL;
}

static void
isc_image_page_page_init (IscPageInterface *iface)
{
  iface->can_export_figure = isc_image_page_can_export_figure;
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
  isc_page_capabilities_changed (ISC_PAGE (self));
}

IscImageView *
isc_image_page_get_view (IscImagePage *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), NULL);
  return self->view;
}

IscFftPanel *
isc_image_page_get_fft_panel (IscImagePage *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), NULL);
  return self->fft_panel;
}

IscImageProfileResult
isc_image_page_get_profile_result (IscImagePage *self)
{
  IscImageProfileResult r = { NULL };

  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), r);

  r.profile = self->profile;
  r.has_spacing = self->has_spacing;
  r.spacing = self->spacing;
  r.periods = self->periods;
  r.disorder = self->disorder;
  return r;
}

IscCoreShellPanel *
isc_image_page_get_core_shell_panel (IscImagePage *self)
{
  g_return_val_if_fail (ISC_IS_IMAGE_PAGE (self), NULL);
  return self->core_shell;
}
