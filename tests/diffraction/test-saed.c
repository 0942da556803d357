/* test-saed.c: SAED centre, azimuthal average, rings, calibration and indexing, on the real
 * fixtures of ../shared/fixtures/saed (values from its REFERENCE.md) and on synthetic ring
 * and spot patterns of known d-spacings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "saed.h"
#include "test-util.h"

#define AU_TIF "saed/pyxem/au_xgrating_20cm.tif"

/* REFERENCE.md: refined centre (row 127.923, col 127.287), centroid (row 127.591, col 127.411) */
#define REF_CX 127.287
#define REF_CY 127.923
#define BEAM_CX 127.411
#define BEAM_CY 127.591

static IscImage *
load_or_skip (const char *relative)
{
  g_autofree char *path = isc_test_fixture_or_skip (relative);
  g_autoptr(GError) error = NULL;
  IscImage *image;

  if (path == NULL)
    return NULL;
  image = isc_image_load (path, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return image;
}

static void
assert_rel (double value,
            double expected,
            double rel)
{
  if (!(fabs (value - expected) <= rel * fabs (expected)))
    g_error ("%.6g is not within %.3g %% of %.6g", value, rel * 100, expected);
}

/* ---- fixtures ---- */

static void
test_au_direct_beam (void)
{
  g_autoptr(IscImage) image = load_or_skip (AU_TIF);
  double cx, cy;

  if (image == NULL)
    return;
  g_assert_cmpuint (image->width, ==, 256);
  g_assert_cmpstr (image->axis[ISC_IMAGE_AXIS_X].unit, ==, "");
  /* the file carries no calibration */
  g_assert_true (isnan (isc_saed_calibration_from_image (image)));
  isc_saed_direct_beam (isc_image_frame_const (image, 0), image->width, image->height, &cx, &cy);
  g_assert_cmpfloat_with_epsilon (cx, BEAM_CX, 0.005);
  g_assert_cmpfloat_with_epsilon (cy, BEAM_CY, 0.005);
}

static void
check_rings (const IscImage *image,
             double          cx,
             double          cy,
             const double   *expected,
             guint           n,
             double          eps)
{
  g_autoptr(IscSaedProfile) p = isc_saed_profile_new (isc_image_frame_const (image, 0), image->width,
                                                      image->height, cx, cy, 0.25, 0);
  g_autoptr(GArray) rings = isc_saed_find_rings (p, 10, 0.02);

  g_assert_cmpuint (rings->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      double r = g_array_index (rings, IscSaedRing, i).radius_px;
      g_test_message ("ring %u: %.3f px (reference %.3f)", i, r, expected[i]);
      g_assert_cmpfloat_with_epsilon (r, expected[i], eps);
    }
}

static void
test_au_ring_radii (void)
{
  g_autoptr(IscImage) image = load_or_skip (AU_TIF);
  /* 111, 220, 311, 331/420 (200 is a shoulder, not a maximum) */
  const double about_refined[] = { 42.336, 69.529, 81.776, 109.388 };
  const double about_centroid[] = { 42.203, 69.168, 81.734, 108.639 };

  if (image == NULL)
    return;
  check_rings (image, REF_CX, REF_CY, about_refined, 4, 0.02);
  check_rings (image, BEAM_CX, BEAM_CY, about_centroid, 4, 0.02);
}

static void
test_au_centre (void)
{
  g_autoptr(IscImage) image = load_or_skip (AU_TIF);
  g_autoptr(GError) error = NULL;
  const double expected[] = { 42.336, 69.529, 81.776, 109.388 };
  double cx = BEAM_CX, cy = BEAM_CY;

  if (image == NULL)
    return;
  g_assert_true (isc_saed_refine_centre (isc_image_frame_const (image, 0), image->width, image->height,
                                         10, &cx, &cy, &error));
  g_assert_no_error (error);
  g_test_message ("ring-fit centre (%.3f, %.3f), reference (%.3f, %.3f)", cx, cy, REF_CX, REF_CY);
  /* the pattern is ~0.8 % elliptical: independent refinements agree to a few tenths of a px */
  g_assert_cmpfloat (hypot (cx - REF_CX, cy - REF_CY), <, 0.15);
  /* and the centroid, 0.35 px away, is not what it returned */
  g_assert_cmpfloat (hypot (cx - BEAM_CX, cy - BEAM_CY), >, 0.2);
  /* the radii about it agree with the reference's (311, the weakest-contrast ring, to 0.2 px) */
  check_rings (image, cx, cy, expected, 4, 0.2);
}

static void
test_au_calibration (void)
{
  g_autoptr(IscImage) image = load_or_skip (AU_TIF);
  g_autoptr(IscSaedResult) res = NULL;
  g_autoptr(GError) error = NULL;
  IscSaedOptions options = { isc_saed_standard_lookup ("au"), 0, FALSE, 0, 0 };
  const char *hkl[] = { "111", "220", "311", "420" };
  double camera;

  if (image == NULL)
    return;
  res = isc_saed_analyse (image, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (res->centre_method, ==, "ring-fit");
  g_assert_cmpint (res->calibration_source, ==, ISC_SAED_CALIBRATION_STANDARD);
  /* REFERENCE.md: ≈ 0.0998 nm⁻¹/px from the three rings; per ring 0.10032 … 0.09945 */
  g_test_message ("calibration %.5f nm⁻¹/px", res->calibration);
  assert_rel (res->calibration, 0.0998, 0.005);
  g_assert_cmpuint (res->standard_matches->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const IscSaedStandardMatch *m = &g_array_index (res->standard_matches, IscSaedStandardMatch, i);
      g_autofree char *s = g_strdup_printf ("%d%d%d", m->reflection.h, m->reflection.k, m->reflection.l);

      g_assert_cmpstr (s, ==, hkl[i]);
      g_assert_cmpuint (m->ring, ==, i);
    }
  /* REFERENCE.md: the ~0.6–0.9 % excess of the ring ratios is the pattern's elliptical distortion */
  g_assert_true (res->has_ellipse);
  g_test_message ("111 ellipse %.3f / %.3f px (ratio %.4f) at %.1f°", res->ellipse.major_px, res->ellipse.minor_px,
                  res->ellipse.major_px / res->ellipse.minor_px, res->ellipse.angle_deg);
  /* (not a REFERENCE.md value: 20°-wide sector profiles put the 111 maximum at 41.2 px along
   * 60° and 43.2 px along 150°, the 220 at 67.8 and 70.8 px: a 3–5 % stretch along ~150°) */
  g_assert_cmpfloat (res->ellipse.major_px / res->ellipse.minor_px, >, 1.02);
  g_assert_cmpfloat (res->ellipse.major_px / res->ellipse.minor_px, <, 1.05);
  g_assert_cmpfloat (res->ellipse.angle_deg, >, 135);
  g_assert_cmpfloat (res->ellipse.angle_deg, <, 165);

  /* camera length 22.0 ± 0.2 cm at 200 kV with 55 µm pixels (nominal 20 cm) */
  assert_rel (isc_electron_wavelength_nm (200e3), 0.0025079, 1e-4);
  camera = isc_saed_camera_length (res->calibration, 55e-6, 200e3);
  g_test_message ("camera length %.2f cm", camera * 100);
  g_assert_cmpfloat_with_epsilon (camera, 0.220, 0.002);
  /* and back */
  assert_rel (isc_saed_calibration_from_camera (camera, 55e-6, 200e3), res->calibration, 1e-9);

  /* the wrong standard (TlCl, primitive cubic) does not reproduce gold's calibration */
  {
    IscSaedOptions wrong = { isc_saed_standard_lookup ("TlCl"), 0, FALSE, 0, 0 };
    g_autoptr(IscSaedResult) other = isc_saed_analyse (image, &wrong, NULL);

    if (other != NULL)
      g_assert_cmpfloat (fabs (other->calibration - res->calibration) / res->calibration, >, 0.05);
  }
}

static void
test_emd_calibration (void)
{
  g_autoptr(IscImage) image = load_or_skip ("saed/ncempy/Camera_Ceta_Diffraction_Micro.emd");
  g_autoptr(IscSaedResult) res = NULL;
  IscSaedOptions options = { NULL, 0, FALSE, 0, 0 };

  if (image == NULL)
    return;
  /* PixelSize 114429680.19923936 1/m = 0.114430 nm⁻¹; Offset = −256.000 px */
  g_assert_cmpfloat_with_epsilon (isc_saed_calibration_from_image (image), 0.11442968, 1e-7);
  g_assert_cmpfloat_with_epsilon (-image->axis[ISC_IMAGE_AXIS_X].origin / image->axis[ISC_IMAGE_AXIS_X].scale,
                                  256.0, 1e-3);
  res = isc_saed_analyse (image, &options, NULL);
  g_assert_nonnull (res);
  g_assert_cmpint (res->calibration_source, ==, ISC_SAED_CALIBRATION_FILE);
  /* Offset −256.000 px: k = 0 at pixel 256, inside the image, so only reported */
  g_assert_true (res->has_file_centre);
  g_assert_cmpfloat_with_epsilon (res->file_cx, 256, 1e-3);
  g_assert_cmpfloat_with_epsilon (res->file_cy, 256, 1e-3);
  g_assert_cmpstr (res->centre_method, !=, "file");
  g_assert_cmpfloat_with_epsilon (res->calibration, 0.11442968, 1e-7);
  /* the nominal camera length and voltage the file states */
  {
    double l, v;

    isc_saed_instrument_from_image (image, &l, &v);
    g_assert_cmpfloat (l, ==, 0.378);
    g_assert_cmpfloat (v, ==, 300000);
    /* REFERENCE.md's consistency check: at that L and λ, one reciprocal pixel is 85.2 µm on the
     * detector (Velox's own camera constant, not 8 × 14 µm) */
    g_assert_cmpfloat_with_epsilon (isc_saed_calibration_from_camera (l, 85.2e-6, v), 0.11443, 0.0002);
    g_assert_cmpfloat_with_epsilon (isc_saed_camera_length (0.11443, 85.2e-6, v), 0.378, 0.001);
  }
  /* 300 kV: λ = 1.9687 pm */
  assert_rel (isc_electron_wavelength_nm (300e3), 0.0019687, 1e-4);
}

static void
test_dm3_calibration (void)
{
  g_autoptr(IscImage) image = load_or_skip ("stem/rsciio/digitalmicrograph_2D_test_diffraction_pattern.dm3");
  double l, v;

  if (image == NULL)
    return;

  g_assert_cmpfloat_with_epsilon (isc_saed_calibration_from_image (image), 0.174433, 1e-5);
  /* 200 kV Tecnai; its STEM camera length is stored as 0 (not stated) */
  isc_saed_instrument_from_image (image, &l, &v);
  g_assert_cmpfloat (v, ==, 200000);
  g_assert_true (isnan (l));
  /* SOURCES.md: DM Origin (−786, −756) px: k = 0 up and left of the 87 × 87 crop; the
   * analysis takes it from the file instead of the brightest pixel */
  {
    IscSaedOptions options = { NULL, 0, FALSE, 0, 0 };
    g_autoptr(IscSaedResult) res = isc_saed_analyse (image, &options, NULL);
    double cx, cy;

    g_assert_true (isc_saed_centre_from_image (image, &cx, &cy));
    g_test_message ("file centre (%.3f, %.3f)", cx, cy);
    g_assert_cmpfloat_with_epsilon (cx, -786, 0.01);
    g_assert_cmpfloat_with_epsilon (cy, -756, 0.01);
    g_assert_cmpstr (res->centre_method, ==, "file");
    g_assert_cmpfloat (res->cx, ==, cx);
    g_assert_cmpfloat (res->cy, ==, cy);
  }
}

/* ---- synthetic ring pattern ---- */

static IscImage *
ring_pattern (guint          width,
              guint          height,
              double         cx,
              double         cy,
              const double  *d_nm,
              const double  *amp,
              guint          n,
              double         scale)
{
  IscImage *image = isc_image_new (width, height, 1, ISC_IMAGE_DTYPE_F32, NULL);
  float *px = isc_image_frame (image, 0);
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        double r = hypot (x - cx, y - cy);
        double v = 50 * exp (-r * r / 18) + 3 * exp (-r / 40) + 0.05;

        for (guint k = 0; k < n; k++)
          {
            double rk = 1 / (d_nm[k] * scale);
            v += amp[k] * exp (-(r - rk) * (r - rk) / (2 * 1.5 * 1.5));
          }
        px[(gsize) y * width + x] = (float) (v + g_rand_double_range (rand, -0.03, 0.03));
      }
  return image;
}

static void
test_synthetic_rings (void)
{
  /* Au 111, 200, 220, 311, 222 at 0.05 nm⁻¹/px about an off-centre point */
  const IscCrystalPhase *au = isc_saed_standard_lookup ("Au");
  const double d[] = { isc_crystal_phase_d (au, 1, 1, 1), isc_crystal_phase_d (au, 2, 0, 0),
                       isc_crystal_phase_d (au, 2, 2, 0), isc_crystal_phase_d (au, 3, 1, 1),
                       isc_crystal_phase_d (au, 2, 2, 2) };
  const double amp[] = { 1.0, 0.6, 0.5, 0.5, 0.25 };
  const double cx = 283.37, cy = 241.82, scale = 0.05;
  g_autoptr(IscImage) image = ring_pattern (560, 500, cx, cy, d, amp, 5, scale);
  IscSaedOptions options = { au, 0, FALSE, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(IscSaedResult) res = isc_saed_analyse (image, &options, &error);

  g_assert_no_error (error);
  g_test_message ("centre (%.3f, %.3f) for (%.2f, %.2f); calibration %.5f", res->cx, res->cy, cx, cy,
                  res->calibration);
  /* the centre to 0.5 % of the first ring's radius (85 px) and of its own coordinates */
  g_assert_cmpfloat (hypot (res->cx - cx, res->cy - cy), <, 0.005 * 85);
  assert_rel (res->cx, cx, 0.005);
  assert_rel (res->cy, cy, 0.005);
  assert_rel (res->calibration, scale, 0.005);
  g_assert_cmpuint (res->rings->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      double r = g_array_index (res->rings, IscSaedRing, i).radius_px;

      assert_rel (r, 1 / (d[i] * scale), 0.005);
      assert_rel (1 / (r * res->calibration), d[i], 0.005);
    }

  /* the alternative centre (sharpest azimuthal average) also finds it from the direct beam */
  {
    double sx, sy;

    isc_saed_direct_beam (isc_image_frame_const (image, 0), image->width, image->height, &sx, &sy);
    g_assert_true (isc_saed_refine_centre_sharpness (isc_image_frame_const (image, 0), image->width, image->height,
                                                     20, &sx, &sy, NULL));
    g_test_message ("sharpness centre (%.3f, %.3f)", sx, sy);
    g_assert_cmpfloat (hypot (sx - cx, sy - cy), <, 0.25);
  }

  /* a given calibration wins over the standard and the (absent) file calibration */
  {
    IscSaedOptions given = { NULL, 0.05, FALSE, 0, 0 };
    g_autoptr(IscSaedResult) g = isc_saed_analyse (image, &given, NULL);

    g_assert_cmpint (g->calibration_source, ==, ISC_SAED_CALIBRATION_GIVEN);
    g_assert_cmpfloat (g->calibration, ==, 0.05);
  }
}

static void
test_synthetic_ellipse (void)
{
  /* one ring of radius 80 px stretched 2 % along 30° (y down) about (150.4, 140.7) */
  const double cx = 150.4, cy = 140.7, th = 30 * G_PI / 180;
  g_autoptr(IscImage) image = isc_image_new (300, 290, 1, ISC_IMAGE_DTYPE_F32, NULL);
  float *px = isc_image_frame (image, 0);
  IscSaedEllipse e;

  for (guint y = 0; y < 290; y++)
    for (guint x = 0; x < 300; x++)
      {
        double dx = x - cx, dy = y - cy;
        double u = (dx * cos (th) + dy * sin (th)) / 1.02, v = -dx * sin (th) + dy * cos (th);
        double r = hypot (u, v);

        px[y * 300 + x] = (float) (exp (-(r - 80) * (r - 80) / 4.5) + 2 * exp (-r / 30));
      }
  g_assert_true (isc_saed_fit_ellipse (px, 300, 290, cx, cy, 80, &e));
  g_test_message ("ellipse %.3f × %.3f px at %.2f°", e.major_px, e.minor_px, e.angle_deg);
  assert_rel (e.major_px / e.minor_px, 1.02, 0.002);
  assert_rel (e.minor_px, 80, 0.003);
  g_assert_cmpfloat_with_epsilon (e.angle_deg, 30, 3);
}

static void
test_synthetic_rocksalt_indexing (void)
{
  /* rock-salt rings 111, 200, 220 and the layered 003: each indexed against its own phase */
  const IscCrystalPhase *rs = isc_saed_phase_lookup ("rocksalt");
  const IscCrystalPhase *lay = isc_saed_phase_lookup ("layered");
  const IscCrystalPhase *sp = isc_saed_phase_lookup ("spinel");
  const double d[] = { isc_crystal_phase_d (rs, 1, 1, 1), isc_crystal_phase_d (rs, 2, 0, 0),
                       isc_crystal_phase_d (rs, 2, 2, 0) };
  const double amp[] = { 0.8, 1.0, 0.6 };
  g_autoptr(IscImage) image = ring_pattern (400, 400, 190.6, 207.2, d, amp, 3, 0.04);
  IscSaedOptions options = { NULL, 0.04, FALSE, 0, 0 };
  g_autoptr(IscSaedResult) res = isc_saed_analyse (image, &options, NULL);
  const char *hkl[] = { "111", "200", "220" };

  g_assert_cmpuint (res->rings->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      double dobs = 1 / (g_array_index (res->rings, IscSaedRing, i).radius_px * res->calibration);
      IscSaedIndexing ix, il;
      g_autofree char *s = NULL;

      g_assert_true (isc_saed_index_d (rs, dobs, &ix));
      s = g_strdup_printf ("%d%d%d", ix.reflection.h, ix.reflection.k, ix.reflection.l);
      g_assert_cmpstr (s, ==, hkl[i]);
      g_assert_cmpfloat (fabs (ix.mismatch), <, 0.005);
      /* the layered phase fits worse (its 101/104 sit 2 % off rock salt's 111/200) */
      if (isc_saed_index_d (lay, dobs, &il))
        g_assert_cmpfloat (fabs (il.mismatch), >, fabs (ix.mismatch));
    }
  /* against spinel, rock salt's 111 (0.2413 nm) lands on 311 (0.2442 nm), 1.2 % off */
  {
    IscSaedIndexing is;
    g_assert_true (isc_saed_index_d (sp, 0.2413, &is));
    g_assert_cmpint (is.reflection.h * 100 + is.reflection.k * 10 + is.reflection.l, ==, 311);
    g_assert_cmpfloat_with_epsilon (is.mismatch, 0.2413 / (0.81 / sqrt (11)) - 1, 1e-9);
  }
}

/* ---- reflection lists ---- */

static gboolean
has (GArray *r, int h, int k, int l)
{
  for (guint i = 0; i < r->len; i++)
    {
      const IscReflection *f = &g_array_index (r, IscReflection, i);
      if (f->h == h && f->k == k && f->l == l)
        return TRUE;
    }
  return FALSE;
}

static void
test_reflections (void)
{
  const IscCrystalPhase *si = isc_saed_standard_lookup ("si");
  const IscCrystalPhase *sp = isc_saed_phase_lookup ("spinel");
  const IscCrystalPhase *lay = isc_saed_phase_lookup ("layered");
  const IscCrystalPhase *tl = isc_saed_standard_lookup ("TlCl");
  g_autoptr(GArray) rsi = isc_crystal_phase_reflections (si, 0.1);
  g_autoptr(GArray) rsp = isc_crystal_phase_reflections (sp, 0.14);
  g_autoptr(GArray) rlay = isc_crystal_phase_reflections (lay, 0.14);
  g_autoptr(GArray) rtl = isc_crystal_phase_reflections (tl, 0.15);

  g_assert_null (isc_saed_standard_lookup ("Cu"));
  /* Si: 111, 220, 311, 400 … but no 200 or 222 */
  g_assert_true (has (rsi, 1, 1, 1) && has (rsi, 2, 2, 0) && has (rsi, 3, 1, 1) && has (rsi, 4, 0, 0));
  g_assert_false (has (rsi, 2, 0, 0) || has (rsi, 2, 2, 2));
  assert_rel (g_array_index (rsi, IscReflection, 0).d_nm, 0.54311 / sqrt (3), 1e-9);
  g_assert_cmpuint (g_array_index (rsi, IscReflection, 0).multiplicity, ==, 8);
  /* spinel: 111, 220, 311, 222, 400, 331, 422, 511/333, 440; not 200 */
  g_assert_true (has (rsp, 1, 1, 1) && has (rsp, 2, 2, 0) && has (rsp, 2, 2, 2) && has (rsp, 4, 4, 0)
                 && has (rsp, 5, 1, 1));
  g_assert_false (has (rsp, 2, 0, 0) || has (rsp, 4, 2, 0));
  /* layered R-3m (obverse): 003 first (c/3 = 0.4737 nm), then 101, 006, 012, 104; 110 at a/2 */
  {
    const IscReflection *f = &g_array_index (rlay, IscReflection, 0);
    g_assert_true (f->h == 0 && f->k == 0 && f->l == 3);
    assert_rel (f->d_nm, 1.4210 / 3, 1e-9);
  }
  g_assert_true (has (rlay, 1, 0, 1) && has (rlay, 0, 0, 6) && has (rlay, 0, 1, 2) && has (rlay, 1, 0, 4)
                 && has (rlay, 1, 1, 0));
  g_assert_false (has (rlay, 1, 0, 0) || has (rlay, 0, 0, 1) || has (rlay, 1, 0, 2));
  assert_rel (isc_crystal_phase_d (lay, 1, 1, 0), 0.2870 / 2, 1e-9);
  /* below 0.02 nm nothing is indexed (the lists would grow as (a/d)³) */
  {
    IscSaedIndexing ix;
    g_autoptr(GArray) tiny = isc_crystal_phase_reflections (sp, 0.001);

    g_assert_false (isc_saed_index_d (sp, 0.0052, &ix));
    g_assert_cmpfloat (g_array_index (tiny, IscReflection, tiny->len - 1).d_nm, >=, ISC_SAED_D_MIN_NM);
  }
  /* TlCl, primitive: 100 first */
  g_assert_true (has (rtl, 1, 0, 0) && has (rtl, 1, 1, 0));
}

/* ---- synthetic spot pattern ---- */

static void
test_synthetic_spots_zone (void)
{
  const IscCrystalPhase *rs = isc_saed_phase_lookup ("rocksalt");
  const double scale = 0.05, cx = 250.6, cy = 261.3, rot = 17 * G_PI / 180;
  double g200 = 1 / (isc_crystal_phase_d (rs, 2, 0, 0) * scale);   /* px */
  g_autoptr(IscImage) image = isc_image_new (512, 512, 1, ISC_IMAGE_DTYPE_F32, NULL);
  float *px = isc_image_frame (image, 0);
  IscSaedOptions options = { NULL, scale, TRUE, 0, 0 };
  g_autoptr(IscSaedResult) res = NULL;
  const IscSaedSpot *s1, *s2 = NULL;
  IscSaedZone zone;
  double g1[2], g2[2];

  /* [001] zone: spots (2m, 2n, 0), rotated by 17° */
  for (guint y = 0; y < 512; y++)
    for (guint x = 0; x < 512; x++)
      {
        double v = 0.1;

        for (int m = -2; m <= 2; m++)
          for (int n = -2; n <= 2; n++)
            {
              double gx = g200 * (m * cos (rot) - n * sin (rot)), gy = g200 * (m * sin (rot) + n * cos (rot));
              double dx = x - cx - gx, dy = y - cy - gy;
              double a = m == 0 && n == 0 ? 100 : 10.0 / (1 + m * m + n * n);

              v += a * exp (-(dx * dx + dy * dy) / (2 * 1.5 * 1.5));
            }
        px[y * 512 + x] = (float) v;
      }
  res = isc_saed_analyse (image, &options, NULL);
  g_assert_nonnull (res);
  g_assert_cmpstr (res->centre_method, ==, "friedel-pairs");
  g_test_message ("Friedel centre (%.3f, %.3f) for (%.2f, %.2f), %u spots", res->cx, res->cy, cx, cy,
                  res->spots->len);
  g_assert_cmpfloat (hypot (res->cx - cx, res->cy - cy), <, 0.05);
  /* the beam, 200 and 220 families at least (the weakest, 440, is 1 % of the beam) */
  g_assert_cmpuint (res->spots->len, >=, 9);
  g_assert_cmpuint (res->spots->len, <=, 25);

  /* spot d-spacings: the four strongest after the direct beam are the 200 family */
  s1 = &g_array_index (res->spots, IscSaedSpot, 1);
  g1[0] = s1->x - res->cx;
  g1[1] = s1->y - res->cy;
  assert_rel (1 / (hypot (g1[0], g1[1]) * scale), isc_crystal_phase_d (rs, 2, 0, 0), 0.005);
  for (guint i = 2; i < res->spots->len && s2 == NULL; i++)
    {
      const IscSaedSpot *s = &g_array_index (res->spots, IscSaedSpot, i);
      double cross = g1[0] * (s->y - res->cy) - g1[1] * (s->x - res->cx);

      if (fabs (cross) > 0.1 * hypot (g1[0], g1[1]) * hypot (s->x - res->cx, s->y - res->cy))
        s2 = s;
    }
  g_assert_nonnull (s2);
  g2[0] = s2->x - res->cx;
  g2[1] = s2->y - res->cy;
  g_assert_true (isc_saed_zone_axis (rs, g1, g2, scale, 0.02, &zone));
  g_test_message ("zone [%d %d %d] from (%d%d%d) and (%d%d%d), angle %.2f° (calc %.2f°)", zone.u, zone.v,
                  zone.w, zone.h1, zone.k1, zone.l1, zone.h2, zone.k2, zone.l2, zone.angle_obs_deg,
                  zone.angle_calc_deg);
  /* a <001> zone axis */
  g_assert_cmpint (abs (zone.u) + abs (zone.v) + abs (zone.w), ==, 1);
  g_assert_cmpfloat_with_epsilon (zone.angle_obs_deg, zone.angle_calc_deg, 0.5);
  g_assert_cmpint (zone.h1 * zone.u + zone.k1 * zone.v + zone.l1 * zone.w, ==, 0);
  g_assert_cmpint (zone.h2 * zone.u + zone.k2 * zone.v + zone.l2 * zone.w, ==, 0);

  /* the layered phase cannot index two perpendicular 0.209 nm spots */
  {
    IscSaedZone z;
    g_assert_false (isc_saed_zone_axis (isc_saed_phase_lookup ("layered"), g1, g2, scale, 0.01, &z));
  }
}

static void
test_zone_hexagonal (void)
{
  /* layered, [001] zone: two in-plane reflections of the 110 family (d = a/2) 60° apart */
  const IscCrystalPhase *lay = isc_saed_phase_lookup ("layered");
  double d = isc_crystal_phase_d (lay, 1, 1, 0), scale = 0.05, r = 1 / (d * scale);
  double g1[2] = { r, 0 }, g2[2] = { r * cos (G_PI / 3), r * sin (G_PI / 3) };
  IscSaedZone z;

  g_assert_true (isc_saed_zone_axis (lay, g1, g2, scale, 0.01, &z));
  g_assert_cmpint (z.u, ==, 0);
  g_assert_cmpint (z.v, ==, 0);
  g_assert_cmpint (z.w, ==, 1);
  g_assert_cmpfloat_with_epsilon (z.angle_calc_deg, 60, 1e-6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/saed/au/direct-beam", test_au_direct_beam);
  g_test_add_func ("/saed/au/ring-radii", test_au_ring_radii);
  g_test_add_func ("/saed/au/centre", test_au_centre);
  g_test_add_func ("/saed/au/calibration", test_au_calibration);
  g_test_add_func ("/saed/emd/calibration", test_emd_calibration);
  g_test_add_func ("/saed/dm3/calibration", test_dm3_calibration);
  g_test_add_func ("/saed/synthetic/rings", test_synthetic_rings);
  g_test_add_func ("/saed/synthetic/indexing", test_synthetic_rocksalt_indexing);
  g_test_add_func ("/saed/synthetic/ellipse", test_synthetic_ellipse);
  g_test_add_func ("/saed/reflections", test_reflections);
  g_test_add_func ("/saed/synthetic/spots-zone", test_synthetic_spots_zone);
  g_test_add_func ("/saed/zone/hexagonal", test_zone_hexagonal);
  return g_test_run ();
}
