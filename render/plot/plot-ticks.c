/* plot-ticks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "isc-error.h"
#include "plot-ticks.h"

void
isc_ticks_free (IscTicks *ticks)
{
  if (ticks == NULL)
    return;
  g_array_unref (ticks->major);
  g_array_unref (ticks->minor);
  g_ptr_array_unref (ticks->labels);
  g_free (ticks);
}

void
isc_axis_fix_range (IscAxisScale  scale,
                    double       *min,
                    double       *max)
{
  if (scale == ISC_AXIS_LOG)
    {
      if (!(*min > 0) || !(*max > 0) || !isfinite (*min) || !isfinite (*max))
        {
          *min = 1;
          *max = 10;
          return;
        }
      if (*max <= *min * (1 + 1e-12))
        {
          double v = *min;
          *min = v / 10.0;
          *max = v * 10.0;
        }
      return;
    }

  if (!isfinite (*min) || !isfinite (*max) || *min > *max)
    {
      *min = 0;
      *max = 1;
      return;
    }
  /* A single point: open a window around it proportional to its size, so 1e-12 stays visible. */
  if (*max - *min <= fabs (*max) * 1e-14 || *max == *min)
    {
      double v = 0.5 * (*min + *max);
      double half = v == 0 ? 1.0 : fabs (v) * 0.1;

      *min = v - half;
      *max = v + half;
    }
}

char *
isc_ticks_format (double value,
                  double step)
{
  double maxabs = fabs (value);
  int digits;
  char *text;

  if (step > 0 && fabs (value) < step * 1e-9)
    value = 0;   /* avoid "-1.2e-17" at the origin */
  if (value == 0)
    return g_strdup ("0");
  if (!(step > 0))
    return g_strdup_printf ("%g", value);

  digits = (int) floor (log10 (maxabs)) - (int) floor (log10 (step)) + 1;
  digits = CLAMP (digits, 1, 17);
  /* Plain decimals for moderate magnitudes, otherwise the %g exponent form. */
  if (maxabs >= 1e-4 && maxabs < 1e6 && step >= 1e-6)
    {
      int decimals = MAX (0, -(int) floor (log10 (step) + 1e-9));

      /* 2.5-steps need one more decimal than their decade. */
      if (fabs (step * pow (10, decimals) - round (step * pow (10, decimals))) > 1e-6)
        decimals++;
      text = g_strdup_printf ("%.*f", decimals, value);
    }
  else
    text = g_strdup_printf ("%.*g", digits, value);
  /* A typographic minus, as in print. */
  if (text[0] == '-')
    {
      char *minus = g_strconcat ("\xe2\x88\x92", text + 1, NULL);

      g_free (text);
      text = minus;
    }
  return text;
}

static double
nice_step (double raw)
{
  double decade = pow (10, floor (log10 (raw)));
  double f = raw / decade;

  f *= 1 - 1e-6;   /* 2.0000001 (rounding of a tiny span) is 2 */
  if (f <= 1.0)
    return decade;
  if (f <= 2.0)
    return 2 * decade;
  if (f <= 2.5)
    return 2.5 * decade;
  if (f <= 5.0)
    return 5 * decade;
  return 10 * decade;
}

static void
linear_ticks (double    min,
              double    max,
              guint     target,
              IscTicks *ticks)
{
  /* Work in units of a power of ten so that huge (1e300) and tiny (1e-300) ranges do not
   * overflow or underflow when the span is formed. */
  double maxabs = MAX (fabs (min), fabs (max));
  double unit = maxabs > 0 ? pow (10, floor (log10 (maxabs))) : 1.0;
  double a = min / unit, b = max / unit;
  double span = b - a;
  double step, minor_step;
  double first;
  int n_minor;

  if (!(span > 0))
    span = fabs (a) > 0 ? fabs (a) : 1;
  step = nice_step (span / MAX (target, 2));
  n_minor = (fabs (step / pow (10, floor (log10 (step))) - 2) < 1e-9) ? 4 : 5;
  minor_step = step / n_minor;

  first = ceil (a / step - 1e-9) * step;
  for (int i = 0; i < 1000; i++)
    {
      double v = first + i * step;
      double value;

      if (v > b + step * 1e-9)
        break;
      value = v * unit;
      if (fabs (v) < step * 1e-9)
        value = 0;
      g_array_append_val (ticks->major, value);
      g_ptr_array_add (ticks->labels, isc_ticks_format (value, step * unit));
    }
  first = ceil (a / minor_step - 1e-9) * minor_step;
  for (int i = 0; i < 10000; i++)
    {
      double v = first + i * minor_step;
      double k;

      if (v > b + minor_step * 1e-9)
        break;
      k = v / step;
      if (fabs (k - round (k)) < 1e-6)
        continue;
      v *= unit;
      g_array_append_val (ticks->minor, v);
    }
}

static void
log_ticks (double    min,
           double    max,
           guint     target,
           IscTicks *ticks)
{
  double lo = log10 (min), hi = log10 (max);
  int d0 = (int) floor (lo + 1e-9), d1 = (int) ceil (hi - 1e-9);
  int every = MAX (1, (int) ceil ((hi - lo) / MAX (target, 2)));

  for (int d = d0; d <= d1; d++)
    {
      double decade = pow (10, d);

      if (d % every == 0 && decade >= min * (1 - 1e-9) && decade <= max * (1 + 1e-9))
        {
          g_array_append_val (ticks->major, decade);
          if (d >= -2 && d <= 3)
            g_ptr_array_add (ticks->labels, isc_ticks_format (decade, decade));
          else
            g_ptr_array_add (ticks->labels, g_strdup_printf ("10<sup>%d</sup>", d));
        }
      if (every == 1)
        for (int m = 2; m <= 9; m++)
          {
            double v = m * decade;

            if (v >= min && v <= max)
              g_array_append_val (ticks->minor, v);
          }
      else if (d % every != 0 && decade >= min && decade <= max)
        g_array_append_val (ticks->minor, decade);
    }

  /* Less than a decade: fall back to linear ticks so the axis is not bare. */
  if (ticks->major->len < 2)
    {
      g_array_set_size (ticks->major, 0);
      g_array_set_size (ticks->minor, 0);
      g_ptr_array_set_size (ticks->labels, 0);
      linear_ticks (min, max, target, ticks);
    }
}

gboolean
isc_ticks_compute (IscAxisScale   scale,
                   double         min,
                   double         max,
                   guint          target_count,
                   IscTicks     **out,
                   GError       **error)
{
  IscTicks *ticks;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!isfinite (min) || !isfinite (max) || min > max)
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "Axis range [%g, %g] is not an ascending finite range", min, max);
      return FALSE;
    }
  if (scale == ISC_AXIS_LOG && !(min > 0))
    {
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_ARGUMENT,
                   "A logarithmic axis needs a positive range, got [%g, %g]", min, max);
      return FALSE;
    }

  ticks = g_new0 (IscTicks, 1);
  ticks->major = g_array_new (FALSE, FALSE, sizeof (double));
  ticks->minor = g_array_new (FALSE, FALSE, sizeof (double));
  ticks->labels = g_ptr_array_new_with_free_func (g_free);
  isc_axis_fix_range (scale, &min, &max);
  if (scale == ISC_AXIS_LOG)
    log_ticks (min, max, MAX (target_count, 2), ticks);
  else
    linear_ticks (min, max, MAX (target_count, 2), ticks);
  *out = ticks;
  return TRUE;
}
