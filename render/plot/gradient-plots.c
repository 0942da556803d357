/* gradient-plots.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gradient-plots.h"

#include <math.h>

#include <glib/gi18n.h>

#include "composition.h"

static const char *const kind_names[ISC_GRADIENT_PLOT_N_KINDS] = {
  "gradient", "elements", "gradient-depth", "retention",
};

gboolean
isc_gradient_plot_kind_from_string (const char          *text,
                                    IscGradientPlotKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *kind = (IscGradientPlotKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
isc_gradient_plot_kind_to_string (IscGradientPlotKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

IscColor
isc_gradient_condition_color (guint index)
{
  return isc_palette_get (index);
}

IscMarker
isc_gradient_condition_marker (guint index)
{
  static const IscMarker markers[] = { ISC_MARKER_CIRCLE, ISC_MARKER_SQUARE, ISC_MARKER_TRIANGLE,
                                       ISC_MARKER_DIAMOND };

  return markers[index % G_N_ELEMENTS (markers)];
}

/* "(Ni+Co+Mn)", or "Ni" for a single element, escaped for markup. */
static char *
basis_markup (const char *basis)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *sum = NULL;

  if (basis != NULL && *basis != '\0')
    parts = g_strsplit (basis, ",", -1);
  else
    parts = g_strdupv ((char **) isc_composition_default_basis ());
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *e = g_markup_escape_text (g_strstrip (parts[i]), -1);

      g_free (parts[i]);
      parts[i] = e;
    }
  sum = g_strjoinv ("+", parts);
  if (g_strv_length (parts) > 1)
    return g_strdup_printf ("(%s)", sum);
  return g_steal_pointer (&sum);
}

char *
isc_gradient_ratio_markup (const char *element,
                           const char *basis)
{
  g_autofree char *escaped = g_markup_escape_text (element != NULL ? element : "Li", -1);
  g_autofree char *sum = basis_markup (basis);

  return g_strdup_printf ("%s/%s", escaped, sum);
}

static void
style_condition (IscPlotSeries *series,
                 guint          index)
{
  IscColor color = isc_gradient_condition_color (index);

  isc_plot_series_set_color (series, &color);
  isc_plot_series_set_marker (series, isc_gradient_condition_marker (index), 6.0);
}

/* Markup-safe condition name. */
static char *
condition_markup (IscGradient *gradient,
                  guint        index)
{
  return g_markup_escape_text (isc_gradient_get_condition (gradient, index, NULL), -1);
}

/* One error-bar series per site set; a missing std (one specimen) draws no bar. */
static IscPlotSeries *
add_series_points (IscPlot    *plot,
                   const char *label,
                   GArray     *series)
{
  g_autofree double *x = g_new (double, MAX (series->len, 1));
  g_autofree double *y = g_new (double, MAX (series->len, 1));
  g_autofree double *e = g_new (double, MAX (series->len, 1));
  IscPlotSeries *s;

  for (guint i = 0; i < series->len; i++)
    {
      const IscGradientPoint *p = &g_array_index (series, IscGradientPoint, i);

      x[i] = p->depth_nm;
      y[i] = p->mean;
      e[i] = isfinite (p->std) ? p->std : 0.0;
    }
  s = isc_plot_add_series (plot, ISC_SERIES_ERRORBARS, label, x, y, series->len);
  isc_plot_series_set_errors (s, e, NULL);
  return s;
}

static void
set_depth_axis (IscPlot                      *plot,
                const IscGradientPlotOptions *options)
{
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Depth below surface (nm)"));
  if (options->log_depth)
    isc_plot_set_axis_scale (plot, ISC_PLOT_AXIS_X, ISC_AXIS_LOG);
}

/* FALSE with @error set when no specimen of any condition has @element. */
static gboolean
require_element (IscGradient  *gradient,
                 const char   *element,
                 GError      **error)
{
  g_auto(GStrv) elements = isc_gradient_list_elements (gradient, G_MAXUINT);

  if (g_strv_contains ((const char * const *) elements, element))
    return TRUE;
  g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
               _("No specimen of the project has the element %s"), element);
  return FALSE;
}

/* The bulk (ICP-AES) ratio of each condition that has one: a dashed level in the condition's
 * colour across the depths of all sites, named in the legend. */
static void
add_bulk_references (IscPlot     *plot,
                     IscGradient *gradient,
                     const char  *element)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint c = 0; c < isc_gradient_get_n_conditions (gradient); c++)
    {
      g_autoptr(GArray) series = isc_gradient_get_series (gradient, c, element);

      for (guint i = 0; i < series->len; i++)
        {
          lo = MIN (lo, g_array_index (series, IscGradientPoint, i).depth_nm);
          hi = MAX (hi, g_array_index (series, IscGradientPoint, i).depth_nm);
        }
    }
  if (!isfinite (lo))
    return;
  if (!(hi > lo))
    {
      lo *= 0.5;
      hi = hi * 2 + 1;
    }
  for (guint c = 0; c < isc_gradient_get_n_conditions (gradient); c++)
    {
      const char *name = NULL;
      double value = isc_gradient_get_bulk_reference (gradient, c, element, &name);
      double x[2] = { lo, hi }, y[2] = { value, value };
      g_autofree char *escaped = NULL;
      g_autofree char *label = NULL;
      IscColor color;
      IscPlotSeries *s;

      if (!isfinite (value))
        continue;
      escaped = g_markup_escape_text (name != NULL ? name : isc_gradient_get_condition (gradient, c, NULL), -1);
      /* Translators: the legend entry of a bulk reference level, e.g. “Bulk: 300 cycles (ICP-AES)” */
      label = g_strdup_printf (_("Bulk: %s"), escaped);
      color = isc_color_with_alpha (isc_gradient_condition_color (c), 0.7);
      s = isc_plot_add_series (plot, ISC_SERIES_LINE, label, x, y, 2);
      isc_plot_series_set_color (s, &color);
      isc_plot_series_set_marker (s, ISC_MARKER_NONE, 0);
      isc_plot_series_set_line_width (s, 1.0);
    }
}

static IscPlot *
build_gradient (IscGradient                  *gradient,
                const IscGradientPlotOptions *options,
                const char                   *element,
                GError                      **error)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  g_autofree char *ratio = isc_gradient_ratio_markup (element, options->basis);

  if (!require_element (gradient, element, error))
    return NULL;
  set_depth_axis (plot, options);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, ratio);
  for (guint c = 0; c < isc_gradient_get_n_conditions (gradient); c++)
    {
      g_autoptr(GArray) series = isc_gradient_get_series (gradient, c, element);
      g_autofree char *label = condition_markup (gradient, c);

      if (series->len == 0)
        continue;
      style_condition (add_series_points (plot, label, series), c);
    }
  add_bulk_references (plot, gradient, element);
  return g_steal_pointer (&plot);
}

static IscPlot *
build_elements (IscGradient                  *gradient,
                const IscGradientPlotOptions *options,
                GError                      **error)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  g_auto(GStrv) elements = NULL;
  g_autofree char *title = NULL;
  g_autofree char *ylabel = NULL;
  g_autofree char *basis_sum = NULL;
  guint index = G_MAXUINT;

  for (guint c = 0; c < isc_gradient_get_n_conditions (gradient); c++)
    if (options->condition == NULL
        || g_str_equal (options->condition, isc_gradient_get_condition (gradient, c, NULL)))
      {
        index = c;
        break;
      }
  if (index == G_MAXUINT)
    {
      if (options->condition != NULL)
        g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                     _("The project has no condition named “%s”"), options->condition);
      else
        g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                     _("The project has no condition"));
      return NULL;
    }

  /* The axis names the basis, the legend the elements. */
  basis_sum = basis_markup (options->basis);
  ylabel = g_strdup_printf (_("Atomic ratio to %s"), basis_sum);
  title = condition_markup (gradient, index);
  isc_plot_set_title (plot, title);
  set_depth_axis (plot, options);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, ylabel);

  elements = isc_gradient_list_elements (gradient, index);
  for (guint e = 0; elements[e] != NULL; e++)
    {
      g_autoptr(GArray) series = isc_gradient_get_series (gradient, index, elements[e]);
      g_autofree char *label = g_markup_escape_text (elements[e], -1);
      IscPlotSeries *s = add_series_points (plot, label, series);
      IscColor color = isc_palette_get (e);

      isc_plot_series_set_color (s, &color);
      isc_plot_series_set_marker (s, isc_gradient_condition_marker (e), 6.0);
    }
  return g_steal_pointer (&plot);
}

/* Adds the fit line over [x0, x1] with its equation in the legend. */
static void
add_fit_line (IscPlot            *plot,
              const IscLinearFit *fit,
              double              x0,
              double              x1,
              const char         *equation)
{
  double x[2] = { x0, x1 };
  double y[2] = { fit->intercept + fit->slope * x0, fit->intercept + fit->slope * x1 };
  IscColor grey = { 0.35, 0.35, 0.35, 1.0 };
  IscPlotSeries *s = isc_plot_add_series (plot, ISC_SERIES_LINE, equation, x, y, 2);

  isc_plot_series_set_color (s, &grey);
  isc_plot_series_set_marker (s, ISC_MARKER_NONE, 0);
}

/* Three significant digits without exponents for the sizes a fit gives (1398, 5.19, 0.0412). */
static char *
format_number (double v)
{
  if (fabs (v) >= 100.0)
    return g_strdup_printf ("%.0f", v);
  return g_strdup_printf ("%.3g", v);
}

/* "a N + b": the sign of b joins the terms. */
static char *
format_line (const IscLinearFit *fit,
             const char         *variable)
{
  g_autofree char *slope = format_number (fit->slope);
  g_autofree char *intercept = format_number (fabs (fit->intercept));

  return g_strdup_printf ("%s %s %s %s", slope, variable, fit->intercept < 0 ? "−" : "+",
                          intercept);
}

static char *
format_r2 (double r2)
{
  if (!isfinite (r2))
    return g_strdup ("–");
  return g_strdup_printf ("%.3f", r2);
}

static IscPlot *
build_depth (IscGradient                  *gradient,
             const IscGradientPlotOptions *options,
             const char                   *element,
             GError                      **error)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  g_autofree char *ylabel = NULL;
  double share = options->share > 0 ? options->share : ISC_GRADIENT_DEFAULT_SHARE;
  double lo = INFINITY, hi = -INFINITY;
  IscLinearFit fit;
  guint drawn = 0;

  if (!require_element (gradient, element, error))
    return NULL;
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, _("Number of cycles"));
  ylabel = g_strdup_printf (_("%s gradient depth (nm)"), element);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, ylabel);
  for (guint c = 0; c < isc_gradient_get_n_conditions (gradient); c++)
    {
      g_autofree char *label = condition_markup (gradient, c);
      guint cycles = 0;
      double depth;
      double x;

      isc_gradient_get_condition (gradient, c, &cycles);
      depth = isc_gradient_get_depth (gradient, c, element, share, NULL);
      if (!isfinite (depth))
        continue;
      x = cycles;
      {
        /* Error bar: the depth's uncertainty from the specimen scatter. */
        double sigma = isc_gradient_get_depth_sigma (gradient, c, element, share);
        IscPlotSeries *s = isc_plot_add_series (plot, ISC_SERIES_ERRORBARS, label, &x, &depth, 1);

        sigma = isfinite (sigma) ? sigma : 0.0;
        isc_plot_series_set_errors (s, &sigma, NULL);
        style_condition (s, c);
      }
      lo = MIN (lo, x);
      hi = MAX (hi, x);
      drawn++;
    }
  if (drawn == 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   _("No condition has a %s gradient depth: each needs sites at two depths "
                     "with %s rising toward the deepest"), element, element);
      return NULL;
    }
  if (isc_gradient_fit_depth (gradient, element, share, &fit, NULL))
    {
      g_autofree char *r2 = format_r2 (fit.r2);
      g_autofree char *line = format_line (&fit, "<i>N</i>");
      g_autofree char *equation = NULL;

      /* A line through two points fits them exactly: an r² of 1 would claim what it cannot. */
      if (fit.n <= 2)
        /* d: gradient depth, N: cycles. */
        equation = g_strdup_printf (_("Fit: <i>d</i> = %s nm; two points: no fit statistics"), line);
      else
        /* d: gradient depth, N: cycles. */
        equation = g_strdup_printf (_("Fit: <i>d</i> = %s nm, r² = %s"), line, r2);
      add_fit_line (plot, &fit, lo, hi, equation);
    }
  {
    double k, k_sigma;
    guint n;

    /* The study's statement, depth proportional to the cycles: one parameter through the origin. */
    if (isc_gradient_fit_depth_origin (gradient, element, share, &k, &k_sigma, &n, NULL))
      {
        IscLinearFit origin = { k, 0.0, NAN, n };
        g_autofree char *slope = format_number (k);
        g_autofree char *sigma = format_number (k_sigma);
        g_autofree char *equation = NULL;
        IscPlotSeries *s;
        IscColor color = isc_palette_get (5);

        if (isfinite (k_sigma))
          /* d: gradient depth, N: cycles; the slope and its standard error in nm per cycle. */
          equation = g_strdup_printf (_("Through the origin: <i>d</i> = (%s ± %s) nm × <i>N</i>"), slope, sigma);
        else
          equation = g_strdup_printf (_("Through the origin: <i>d</i> = %s nm × <i>N</i>"), slope);
        add_fit_line (plot, &origin, 0.0, hi, equation);
        s = isc_plot_get_series (plot, isc_plot_get_n_series (plot) - 1);
        isc_plot_series_set_color (s, &color);
      }
  }
  return g_steal_pointer (&plot);
}

static IscPlot *
build_retention (IscGradient                  *gradient,
                 const IscGradientPlotOptions *options,
                 const char                   *element,
                 GError                      **error)
{
  g_autoptr(IscPlot) plot = isc_plot_new ();
  g_autofree char *ratio = isc_gradient_ratio_markup (element, options->basis);
  g_autofree char *xlabel = NULL;
  double lo = INFINITY, hi = -INFINITY;
  IscLinearFit fit;
  guint drawn = 0;

  if (!require_element (gradient, element, error))
    return NULL;
  xlabel = g_strdup_printf (_("Mean %s over the sites"), ratio);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_X, xlabel);
  isc_plot_set_axis_label (plot, ISC_PLOT_AXIS_Y, _("Capacity retention (%)"));
  for (guint c = 0; c < isc_gradient_get_n_conditions (gradient); c++)
    {
      g_autofree char *label = condition_markup (gradient, c);
      double mean = isc_gradient_get_condition_mean (gradient, c, element);
      double retention = isc_gradient_get_retention (gradient, c) * 100.0;

      if (!isfinite (mean) || !isfinite (retention))
        continue;
      style_condition (isc_plot_add_series (plot, ISC_SERIES_SCATTER, label, &mean, &retention, 1),
                       c);
      lo = MIN (lo, mean);
      hi = MAX (hi, mean);
      drawn++;
    }
  if (drawn == 0)
    {
      g_set_error (error, ISC_ANALYSIS_ERROR, ISC_ERROR_ARGUMENT,
                   _("No condition has both a capacity retention and a mean %s ratio"), element);
      return NULL;
    }
  if (isc_gradient_fit_retention (gradient, element, &fit, NULL))
    {
      g_autofree char *r2 = format_r2 (fit.r2);
      g_autofree char *line = NULL;
      g_autofree char *equation = NULL;

      /* The model fits fractions; the axis shows percent. */
      fit.slope *= 100.0;
      fit.intercept *= 100.0;
      line = format_line (&fit, "<i>x</i>");
      if (fit.n <= 2)
        /* R: retention, x: the mean ratio. */
        equation = g_strdup_printf (_("Fit: <i>R</i> = %s %%; two points: no fit statistics"), line);
      else
        /* R: retention, x: the mean ratio. */
        equation = g_strdup_printf (_("Fit: <i>R</i> = %s %%, r² = %s"), line, r2);
      add_fit_line (plot, &fit, lo, hi, equation);
    }
  return g_steal_pointer (&plot);
}

IscPlot *
isc_gradient_plot_new (IscGradient                  *gradient,
                       IscGradientPlotKind           kind,
                       const IscGradientPlotOptions *options,
                       GError                      **error)
{
  IscGradientPlotOptions defaults = { NULL, NULL, NULL, FALSE, 0.0 };
  const char *element;

  g_return_val_if_fail (gradient != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;
  element = options->element != NULL ? options->element : "Li";

  switch (kind)
    {
    case ISC_GRADIENT_PLOT_GRADIENT:
      return build_gradient (gradient, options, element, error);
    case ISC_GRADIENT_PLOT_ELEMENTS:
      return build_elements (gradient, options, error);
    case ISC_GRADIENT_PLOT_DEPTH:
      return build_depth (gradient, options, element, error);
    case ISC_GRADIENT_PLOT_RETENTION:
      return build_retention (gradient, options, element, error);
    }
  g_return_val_if_reached (NULL);
}
