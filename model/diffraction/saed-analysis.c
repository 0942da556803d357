/* saed-analysis.c: one SAED pattern from image to rings, spots and calibration, so the CLI
 * and the GUI compute the same thing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "saed.h"

/* The number stored under the first key ending in @suffix, or NAN (also for 0). */
static double
meta_number (const IscImage *image,
             const char     *suffix)
{
  for (guint i = 0; i < image->meta_keys->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (image->meta_keys, i), suffix))
      {
        const char *text = g_ptr_array_index (image->meta_values, i);
        char *end = NULL;
        double v = g_ascii_strtod (text, &end);

        if (end != text && isfinite (v) && v > 0)
          return v;
        return NAN;
      }
  return NAN;
}

void
isc_saed_instrument_from_image (const IscImage *image,
                                double         *camera_length_m,
                                double         *volts)
{
  double l, v;

  g_return_if_fail (image != NULL && camera_length_m != NULL && volts != NULL);
  l = meta_number (image, "Optics.CameraLength");
  if (isnan (l))
    l = meta_number (image, "Microscope Info.Camera Length") / 1000;
  if (isnan (l))
    l = meta_number (image, "Microscope Info.STEM Camera Length") / 1000;
  v = meta_number (image, "Optics.AccelerationVoltage");
  if (isnan (v))
    v = meta_number (image, "Microscope Info.Voltage");
  *camera_length_m = l;
  *volts = v;
}

void
isc_saed_result_free (IscSaedResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->profile, isc_saed_profile_free);
  g_clear_pointer (&result->rings, g_array_unref);
  g_clear_pointer (&result->spots, g_array_unref);
  g_clear_pointer (&result->standard_matches, g_array_unref);
  g_free (result);
}

IscSaedResult *
isc_saed_analyse (const IscImage        *image,
                  const IscSaedOptions  *options,
                  GError               **error)
{
  g_autoptr(IscSaedResult) res = NULL;
  const float *px;
  double r_min;
  gboolean outside;

  g_return_val_if_fail (image != NULL && options != NULL, NULL);
  if (options->frame >= image->frames)
    {
      g_set_error (error, ISC_SAED_ERROR, ISC_SAED_ERROR_INVALID,
                   "Frame %u does not exist (the image has %u)", options->frame, image->frames);
      return NULL;
    }
  px = isc_image_frame_const (image, options->frame);
  r_min = options->r_min > 0 ? options->r_min : 0.04 * MIN (image->width, image->height);
  res = g_new0 (IscSaedResult, 1);
  res->calibration = NAN;

  isc_saed_direct_beam (px, image->width, image->height, &res->cx, &res->cy);
  res->centre_method = "direct-beam";
  res->has_file_centre = isc_saed_centre_from_image (image, &res->file_cx, &res->file_cy);
  outside = res->has_file_centre
            && (res->file_cx < 0 || res->file_cy < 0
                || res->file_cx > image->width - 1 || res->file_cy > image->height - 1);
  if (outside)
    {
      /* a crop away from the beam: the brightest pixel is not the centre, the file's k = 0 is */
      res->cx = res->file_cx;
      res->cy = res->file_cy;
      res->centre_method = "file";
    }
  if (options->spots)
    {
      double sep = MAX (3.0, 0.015 * MIN (image->width, image->height));

      res->spots = isc_saed_find_spots (px, image->width, image->height, 0.01, sep);
      if (!outside && isc_saed_friedel_centre (res->spots, res->cx, res->cy, 2 * sep, &res->cx, &res->cy) > 0)
        res->centre_method = "friedel-pairs";
    }
  else if (!outside)
    {
      double cx = res->cx, cy = res->cy;

      /* no ring (a blank or spot image), or a fit that wandered further than the direct
       * beam's radius (rings of noise): keep the direct beam */
      if (isc_saed_refine_centre (px, image->width, image->height, r_min, &cx, &cy, NULL)
          && hypot (cx - res->cx, cy - res->cy) <= r_min)
        {
          res->cx = cx;
          res->cy = cy;
          res->centre_method = "ring-fit";
        }
    }
  res->profile = isc_saed_profile_new (px, image->width, image->height, res->cx, res->cy, 0.25, 0);
  if (!options->spots)
    {
      double best = 0;

      res->rings = isc_saed_find_rings (res->profile, r_min, 0.02);
      for (guint i = 0; i < res->rings->len; i++)
        {
          const IscSaedRing *r = &g_array_index (res->rings, IscSaedRing, i);

          if (r->prominence > best)
            {
              best = r->prominence;
              res->ellipse_ring_px = r->radius_px;
            }
        }
      if (best > 0)
        res->has_ellipse = isc_saed_fit_ellipse (px, image->width, image->height, res->cx, res->cy,
                                                 res->ellipse_ring_px, &res->ellipse);
    }

  if (options->calibration > 0)
    {
      res->calibration = options->calibration;
      res->calibration_source = ISC_SAED_CALIBRATION_GIVEN;
    }
  else if (options->standard != NULL)
    {
      if (res->rings == NULL)
        {
          g_set_error (error, ISC_SAED_ERROR, ISC_SAED_ERROR_INVALID,
                       "Calibrating against %s needs its ring pattern, not a spot pattern", options->standard->id);
          return NULL;
        }
      res->calibration = isc_saed_calibrate_standard (res->rings, options->standard, 0.02,
                                                      &res->standard_matches, error);
      if (isnan (res->calibration))
        return NULL;
      res->calibration_source = ISC_SAED_CALIBRATION_STANDARD;
    }
  else
    {
      res->calibration = isc_saed_calibration_from_image (image);
      if (!isnan (res->calibration))
        res->calibration_source = ISC_SAED_CALIBRATION_FILE;
    }
  return g_steal_pointer (&res);
}
