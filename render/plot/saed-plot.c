/* saed-plot.c: azimuthal average and pattern figures of an electron diffraction pattern.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "palette.h"
#include "saed-plot.h"

static const IscColor ring_color = { 0.84, 0.37, 0.0, 0.8 };

double
isc_saed_plot_full_radius (guint  width,
                           guint  height,
                           double cx,
                           double cy)
{
  return MAX (0.0, MIN (MIN (cx, width - 1 - cx), MIN (cy, height - 1 - cy)));
}

char *
isc_saed_plot_ring_label (const IscSaedPlotInput *in,
                          guint                   i)
{
  const IscSaedResult *res = in->result;
  IscSaedIndexing ix;
  double r;

  g_return_val_if_fail (res->rings != NULL && i < res->rings->len, NULL);
  for (guint k = 0; res->standard_matches != NULL && k < res->standard_matches->len; k++)
    {
      const IscSaedStandardMatch *m = &g_array_index (res->standard_matches, IscSaedStandardMatch, k);

      if (m->ring == i)
        {
          g_autofree char *hkl = isc_reflection_label (m->reflection.h, m->reflection.k, m->reflection.l);
          return g_strdup_printf ("%s %s", in->standard != NULL ? in->standard->id : "standard", hkl);
        }
    }
  r = g_array_index (res->rings, IscSaedRing, i).radius_px;
  if (res->standard_matches == NULL && isfinite (res->calibration)
      && isc_saed_index_best (in->phases, in->n_phases, 1.0 / (r * res->calibration), in->tolerance, &ix))
    {
      g_autofree char *hkl = isc_reflection_label (ix.reflection.h, ix.reflection.k, ix.reflection.l);
      return g_strdup_printf ("%s %s", ix.phase->id, hkl);
    }
  return NULL;
}

/* x of radius @r on @axis. */
static double
axis_value (const IscSaedResult *res,
            IscSaedPlotAxis      axis,
            double               r)
{
  if (!isfinite (res->calibration))
    return r;
  return axis == ISC_SAED_PLOT_D ? 1.0 / (r * res->calibration) : r * res->calibration;
}

IscPlot *
isc_saed_plot_profile (const IscSaedPlotInput *in,
                       IscSaedPlotAxis         axis,
                       gboolean                ticks)
{
  const IscSaedResult *res = in->result;
  const IscSaedProfile *p = res->profile;
  gboolean calibrated = isfinite (res->calibration);
  IscPlot *plot = isc_plot_new ();
  g_autofree double *x = g_new (double, MAX (p->n, 1));
  g_autofree double *y = g_new (double, MAX (p->n, 1));
  guint n = 0;
  gboolean positive = TRUE;
  double r_lo = 0.04 * MIN (p->cx * 2, p->cy * 2), y_max = 0, y_min = INFINITY, x_lo = INFINITY, x_hi = -INFINITY;

  if (!calibrated)
    axis = ISC_SAED_PLOT_Q;
  r_lo = MAX (r_lo, 1.0);
  /* out to the last full circle inside the image: the corners average fewer directions */
  for (guint i = 0; i < p->n; i++)
    if (isfinite (p->intensity[i]) && p->radius[i] >= r_lo && (in->r_full <= 0 || p->radius[i] <= in->r_full))
      {
        x[n] = axis_value (res, axis, p->radius[i]);
        y[n] = p->intensity[i];
        positive &= y[n] > 0;
        y_max = MAX (y_max, y[n]);
        y_min = MIN (y_min, y[n]);
        x_lo = MIN (x_lo, x[n]);
        x_hi = MAX (x_hi, x[n]);
        n++;
      }
  isc_plot_add_series (plot, ISC_SERIES_LINE, "Azimuthal average", x, y, n);
  for (guint i = 0; res->rings != NULL && i < res->rings->len; i++)
    {
      const IscSaedRing *r = &g_array_index (res->rings, IscSaedRing, i);
      double xr = axis_value (res, axis, r->radius_px);
      g_autofree char *label = isc_saed_plot_ring_label (in, i);

      isc_plot_add_vline (plot, xr, &ring_color);
      /* every other label a step higher, so neighbouring rings' labels do not overlap */
      if (label != NULL)
        isc_plot_add_text (plot, xr, positive ? r->height * ((i % 2) ? 1.6 : 1.0) : r->height + (i % 2) * 0.08 * y_max,
                           label);
    }
  /* The phases' reflections as ticks below the curve, one row per phase. */
  for (guint k = 0; ticks && calibrated && n > 0 && k < in->n_phases; k++)
    {
      const IscCrystalPhase *phase = in->phases[k];
      double d_min = axis == ISC_SAED_PLOT_D ? x_lo : 1.0 / x_hi;
      g_autoptr(GArray) refl = isc_crystal_phase_reflections (phase, d_min);
      g_autofree double *tx = g_new (double, MAX (refl->len, 1));
      g_autofree double *ty = g_new (double, MAX (refl->len, 1));
      g_autofree double *te = g_new (double, MAX (refl->len, 1));
      IscColor color = isc_palette_get (k + 2);
      IscPlotSeries *s;
      guint m = 0;

      for (guint i = 0; i < refl->len; i++)
        {
          double d = g_array_index (refl, IscReflection, i).d_nm;
          double xv = axis == ISC_SAED_PLOT_D ? d : 1.0 / d;

          if (xv < x_lo || xv > x_hi)
            continue;
          tx[m] = xv;
          if (positive)
            {
              ty[m] = y_min * pow (0.55, k + 1);
              te[m] = 0.2 * ty[m];
            }
          else
            {
              ty[m] = y_min - (0.06 + 0.07 * k) * (y_max - y_min);
              te[m] = 0.025 * (y_max - y_min);
            }
          m++;
        }
      if (m == 0)
        continue;
      s = isc_plot_add_series (plot, ISC_SERIES_ERRORBARS, phase->name, tx, ty, m);
      isc_plot_series_set_errors (s, te, NULL);
      /* a small square on each tick gives the legend its swatch */
      isc_plot_series_set_marker (s, ISC_MARKER_SQUARE, 1.5);
      isc_plot_series_set_color (s, &color);
    }
  /* room on the right for the outermost ring's label */
  if (n > 1 && res->rings != NULL && res->rings->len > 0)
    isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, x_lo, x_hi + 0.08 * (x_hi - x_lo), NULL);
  if (positive && n > 0)
    isc_plot_set_axis_scale (plot, ISC_PLOT_AXIS_Y, ISC_AXIS_LOG);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X,
                           !calibrated ? "Radius (px)"
                           : axis == ISC_SAED_PLOT_D ? "d (nm)" : "q = 1/d (nm<sup>−1</sup>)");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, "Intensity");
  isc_plot_set_legend_visible (plot, ticks && calibrated && in->n_phases > 0);
  return plot;
}

IscPlot *
isc_saed_plot_pattern (const IscImage         *image,
                       guint                   frame,
                       const IscSaedPlotInput *in)
{
  const IscSaedResult *res = in->result;
  const float *px = isc_image_frame_const (image, frame);
  double s = isfinite (res->calibration) ? res->calibration : 1;
  guint bin = MAX (1, (MAX (image->width, image->height) + 511) / 512);
  guint nx = image->width / bin, ny = image->height / bin;
  g_autofree double *z = g_new (double, (gsize) nx * ny);
  double lo = INFINITY, hi = -INFINITY, floor_v, arm;
  IscPlot *plot = isc_plot_new ();

  for (gsize i = 0; i < (gsize) image->width * image->height; i++)
    if (isfinite (px[i]))
      {
        lo = MIN (lo, px[i]);
        hi = MAX (hi, px[i]);
      }
  floor_v = (hi - lo) * 1e-4 + 1e-30;
  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++)
      {
        double sum = 0;
        guint n = 0;

        for (guint dy = 0; dy < bin; dy++)
          for (guint dx = 0; dx < bin; dx++)
            {
              float v = px[(gsize) (j * bin + dy) * image->width + i * bin + dx];
              if (isfinite (v))
                {
                  sum += v;
                  n++;
                }
            }
        /* z row 0 is drawn at the bottom: the image's last row */
        z[(gsize) (ny - 1 - j) * nx + i] = n > 0 ? log10 (sum / n - lo + floor_v) : NAN;
      }
  isc_plot_add_heatmap (plot, "log<sub>10</sub> I", z, nx, ny,
                        (0 - res->cx) * s, (nx * bin - res->cx) * s,
                        (res->cy - ny * bin) * s, (res->cy - 0) * s);
  for (guint i = 0; res->rings != NULL && i < res->rings->len; i++)
    {
      double r = g_array_index (res->rings, IscSaedRing, i).radius_px * s;
      double cxs[121], cys[121];
      IscPlotSeries *series;

      for (guint k = 0; k <= 120; k++)
        {
          cxs[k] = r * cos (k * G_PI / 60);
          cys[k] = r * sin (k * G_PI / 60);
        }
      series = isc_plot_add_series (plot, ISC_SERIES_LINE, i == 0 ? "Rings" : "", cxs, cys, 121);
      isc_plot_series_set_color (series, &(IscColor) { 1, 1, 1, 0.8 });
      isc_plot_series_set_line_width (series, 0.6);
      isc_plot_series_set_show_in_legend (series, FALSE);
    }
  for (guint i = 0; res->spots != NULL && i < res->spots->len; i++)
    {
      const IscSaedSpot *sp = &g_array_index (res->spots, IscSaedSpot, i);
      double kx = (sp->x - res->cx) * s, ky = (res->cy - sp->y) * s;
      IscPlotSeries *series = isc_plot_add_series (plot, ISC_SERIES_SCATTER, "", &kx, &ky, 1);

      isc_plot_series_set_marker (series, ISC_MARKER_CIRCLE, 3);
      isc_plot_series_set_color (series, &(IscColor) { 1, 1, 1, 0.8 });
      isc_plot_series_set_show_in_legend (series, FALSE);
    }
  /* the centre as a cross, 8 px each way */
  arm = 8 * s;
  for (guint k = 0; k < 2; k++)
    {
      double xs[2] = { k == 0 ? -arm : 0, k == 0 ? arm : 0 };
      double ys[2] = { k == 0 ? 0 : -arm, k == 0 ? 0 : arm };
      IscPlotSeries *series = isc_plot_add_series (plot, ISC_SERIES_LINE, "", xs, ys, 2);

      isc_plot_series_set_color (series, &ring_color);
      isc_plot_series_set_line_width (series, 1.0);
      isc_plot_series_set_show_in_legend (series, FALSE);
    }
  isc_plot_set_legend_visible (plot, FALSE);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, isfinite (res->calibration) ? "k<sub>x</sub> (nm<sup>−1</sup>)" : "x − x<sub>0</sub> (px)");
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, isfinite (res->calibration) ? "k<sub>y</sub> (nm<sup>−1</sup>)" : "y<sub>0</sub> − y (px)");
  isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, (0 - res->cx) * s, (nx * bin - res->cx) * s, NULL);
  isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, (res->cy - ny * bin) * s, res->cy * s, NULL);
  return plot;
}

static void
equal_aspect_area (IscPlot *plot,
                   double   area_width,
                   double   area_height)
{
  double x0, x1, y0, y1;

  if (!(area_width > 0) || !(area_height > 0))
    return;
  isc_plot_get_axis_range (plot, ISC_PLOT_AXIS_X, &x0, &x1);
  isc_plot_get_axis_range (plot, ISC_PLOT_AXIS_Y, &y0, &y1);
  if ((x1 - x0) / area_width < (y1 - y0) / area_height)
    {
      double half = (y1 - y0) / area_height * area_width / 2, mid = (x0 + x1) / 2;
      isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_X, mid - half, mid + half, NULL);
    }
  else
    {
      double half = (x1 - x0) / area_width * area_height / 2, mid = (y0 + y1) / 2;
      isc_plot_set_axis_range (plot, ISC_PLOT_AXIS_Y, mid - half, mid + half, NULL);
    }
}

void
isc_saed_plot_equal_aspect (IscPlot *plot,
                            double   width,
                            double   height)
{
  g_autoptr(IscPlot) probe = isc_plot_copy (plot);
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  double ax, ay, aw, ah;

  isc_plot_draw (probe, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  if (isc_plot_get_data_area (probe, &ax, &ay, &aw, &ah))
    equal_aspect_area (plot, aw, ah);
}
