/* cmd-saed.c: `ionscape-cli saed FILE [--standard Au] [--phases layered,rocksalt,spinel]
 * [--spots] --json | --plot profile|rings --out FIG` → centre, azimuthal average, ring (or
 * spot) d-spacings indexed against the phases, the reciprocal calibration and, for a spot
 * pattern, the zone axis.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "cli-figure-options.h"
#include "image.h"
#include "plot.h"
#include "saed-plot.h"
#include "saed.h"

typedef struct
{
  const IscSaedResult  *res;
  GPtrArray            *phases;    /* const IscCrystalPhase *, not owned */
  double                tolerance; /* a ring is indexed to a phase within this relative mismatch */
  const IscCrystalPhase *standard; /* or NULL */
  double                r_full;    /* px: the largest circle about the centre inside the image */
  IscSaedPlotInput      plot;      /* the same, for labels and figures (saed-plot.h) */
} Ctx;

static const char *
source_name (IscSaedCalibrationSource s)
{
  switch (s)
    {
    case ISC_SAED_CALIBRATION_GIVEN:
      return "given";
    case ISC_SAED_CALIBRATION_FILE:
      return "file";
    case ISC_SAED_CALIBRATION_STANDARD:
      return "standard";
    case ISC_SAED_CALIBRATION_NONE:
    default:
      return "none";
    }
}

static void
add_hkl (JsonBuilder *b,
         const char  *name,
         int h, int k, int l)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  json_builder_add_int_value (b, h);
  json_builder_add_int_value (b, k);
  json_builder_add_int_value (b, l);
  json_builder_end_array (b);
}

/* Indexing of one d against every phase: nearest family and mismatch, best first. */
static void
add_indexing (JsonBuilder *b,
              const Ctx   *ctx,
              double       d)
{
  json_builder_set_member_name (b, "indexing");
  json_builder_begin_array (b);
  for (guint p = 0; isfinite (d) && p < ctx->phases->len; p++)
    {
      const IscCrystalPhase *phase = g_ptr_array_index (ctx->phases, p);
      IscSaedIndexing ix;

      if (!isc_saed_index_d (phase, d, &ix))
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "phase");
      json_builder_add_string_value (b, phase->id);
      add_hkl (b, "hkl", ix.reflection.h, ix.reflection.k, ix.reflection.l);
      isc_cli_json_add_member (b, "d_calc_nm", ix.reflection.d_nm);
      isc_cli_json_add_member (b, "mismatch_pct", ix.mismatch * 100);
      json_builder_set_member_name (b, "within_tolerance");
      json_builder_add_boolean_value (b, fabs (ix.mismatch) <= ctx->tolerance);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* Spots of a spot pattern: the shortest g vector and the next shortest not parallel to it. */
static gboolean
pick_two_spots (const IscSaedResult *res,
                guint               *a,
                guint               *b)
{
  double best = INFINITY, r0 = 0;
  gboolean found = FALSE;

  for (guint i = 0; i < res->spots->len; i++)
    {
      const IscSaedSpot *s = &g_array_index (res->spots, IscSaedSpot, i);
      double r = hypot (s->x - res->cx, s->y - res->cy);

      if (r > 3 && r < best)
        {
          best = r;
          *a = i;
          found = TRUE;
        }
    }
  if (!found)
    return FALSE;
  {
    const IscSaedSpot *sa = &g_array_index (res->spots, IscSaedSpot, *a);
    double ax = sa->x - res->cx, ay = sa->y - res->cy;

    r0 = hypot (ax, ay);
    best = INFINITY;
    found = FALSE;
    for (guint i = 0; i < res->spots->len; i++)
      {
        const IscSaedSpot *s = &g_array_index (res->spots, IscSaedSpot, i);
        double x = s->x - res->cx, y = s->y - res->cy, r = hypot (x, y);

        if (r > 3 && fabs (ax * y - ay * x) > 0.2 * r0 * r && r < best)
          {
            best = r;
            *b = i;
            found = TRUE;
          }
      }
  }
  return found;
}

/* How well each phase explains the rings (or spots): how many it indexes within tolerance
 * and their mean |mismatch|, and — because a phase with a dense reflection list (the layered
 * one) indexes almost any ring — how many of its families from the largest d down to the
 * smallest observed d were seen at all (no structure factors: weak families count too). */
static void
add_phase_summary (JsonBuilder *b,
                   const Ctx   *ctx)
{
  const IscSaedResult *res = ctx->res;
  GArray *items = res->rings != NULL ? res->rings : res->spots;
  guint n_items = items != NULL ? items->len : 0;

  json_builder_set_member_name (b, "phase_summary");
  json_builder_begin_array (b);
  for (guint p = 0; isfinite (res->calibration) && p < ctx->phases->len; p++)
    {
      const IscCrystalPhase *phase = g_ptr_array_index (ctx->phases, p);
      guint n = 0, total = 0, fam_seen = 0;
      double sum = 0, d_min = INFINITY;
      g_autoptr(GArray) d_obs = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) families = NULL;

      for (guint i = 0; i < n_items; i++)
        {
          double r, d;
          IscSaedIndexing ix;

          if (res->rings != NULL)
            r = g_array_index (items, IscSaedRing, i).radius_px;
          else
            {
              const IscSaedSpot *sp = &g_array_index (items, IscSaedSpot, i);
              r = hypot (sp->x - res->cx, sp->y - res->cy);
              if (r <= 3)
                continue;   /* the direct beam */
            }
          total++;
          d = 1.0 / (r * res->calibration);
          g_array_append_val (d_obs, d);
          d_min = MIN (d_min, d);
          if (isc_saed_index_d (phase, d, &ix) && fabs (ix.mismatch) <= ctx->tolerance)
            {
              n++;
              sum += fabs (ix.mismatch);
            }
        }
      families = isfinite (d_min) ? isc_crystal_phase_reflections (phase, d_min * (1 - ctx->tolerance))
                                  : g_array_new (FALSE, FALSE, sizeof (IscReflection));
      for (guint f = 0; f < families->len; f++)
        {
          double df = g_array_index (families, IscReflection, f).d_nm;

          for (guint k = 0; k < d_obs->len; k++)
            if (fabs (g_array_index (d_obs, double, k) - df) <= ctx->tolerance * df)
              {
                fam_seen++;
                break;
              }
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "phase");
      json_builder_add_string_value (b, phase->id);
      json_builder_set_member_name (b, "families_expected");
      json_builder_add_int_value (b, families->len);
      json_builder_set_member_name (b, "families_seen");
      json_builder_add_int_value (b, fam_seen);
      json_builder_set_member_name (b, "indexed");
      json_builder_add_int_value (b, n);
      json_builder_set_member_name (b, "of");
      json_builder_add_int_value (b, total);
      isc_cli_json_add_member (b, "mean_abs_mismatch_pct", n > 0 ? sum / n * 100 : NAN);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* The azimuthal average against r, q and d (inside the last full circle). */
static void
add_profile (JsonBuilder *b,
             const Ctx   *ctx)
{
  const IscSaedProfile *p = ctx->res->profile;
  double s = ctx->res->calibration;
  const char *names[] = { "radius_px", "q_nm_inv", "d_nm", "intensity" };

  json_builder_set_member_name (b, "profile");
  json_builder_begin_object (b);
  isc_cli_json_add_member (b, "bin_px", p->step);
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      json_builder_set_member_name (b, names[k]);
      json_builder_begin_array (b);
      for (guint i = 0; i < p->n && p->radius[i] <= ctx->r_full; i++)
        {
          double r = p->radius[i];
          double v = k == 0 ? r : k == 1 ? r * s : k == 2 ? 1.0 / (r * s) : p->intensity[i];
          isc_cli_json_add_number (b, v);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static JsonNode *
build_json (const char     *path,
            const IscImage *image,
            const Ctx      *ctx,
            double          pixel_m,
            double          volts,
            gboolean        with_profile)
{
  const IscSaedResult *res = ctx->res;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  double s = res->calibration;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, path);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, image->width);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, image->height);
  json_builder_set_member_name (b, "centre_px");
  json_builder_begin_array (b);
  isc_cli_json_add_number (b, res->cx);
  isc_cli_json_add_number (b, res->cy);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "centre_method");
  json_builder_add_string_value (b, res->centre_method);
  if (res->has_file_centre)
    {
      json_builder_set_member_name (b, "file_centre_px");
      json_builder_begin_array (b);
      isc_cli_json_add_number (b, res->file_cx);
      isc_cli_json_add_number (b, res->file_cy);
      json_builder_end_array (b);
    }
  isc_cli_json_add_member (b, "calibration_nm_inv_per_px", s);
  json_builder_set_member_name (b, "calibration_source");
  json_builder_add_string_value (b, source_name (res->calibration_source));
  {
    double file_l, file_v;

    isc_saed_instrument_from_image (image, &file_l, &file_v);
    isc_cli_json_add_member (b, "file_camera_length_m", file_l);
    isc_cli_json_add_member (b, "file_voltage_v", file_v);
    if (!(volts > 0) && file_v > 0)
      volts = file_v;
  }
  if (pixel_m > 0 && volts > 0)
    {
      isc_cli_json_add_member (b, "camera_length_m", isc_saed_camera_length (s, pixel_m, volts));
      isc_cli_json_add_member (b, "wavelength_nm", isc_electron_wavelength_nm (volts));
    }
  if (res->standard_matches != NULL)
    {
      json_builder_set_member_name (b, "standard_rings");
      json_builder_begin_array (b);
      for (guint i = 0; i < res->standard_matches->len; i++)
        {
          const IscSaedStandardMatch *m = &g_array_index (res->standard_matches, IscSaedStandardMatch, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "ring");
          json_builder_add_int_value (b, m->ring);
          add_hkl (b, "hkl", m->reflection.h, m->reflection.k, m->reflection.l);
          isc_cli_json_add_member (b, "d_nm", m->reflection.d_nm);
          isc_cli_json_add_member (b, "radius_px", m->radius_px);
          isc_cli_json_add_member (b, "ring_calibration_nm_inv_per_px", m->scale);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (res->has_ellipse)
    {
      json_builder_set_member_name (b, "ellipse");
      json_builder_begin_object (b);
      isc_cli_json_add_member (b, "ring_radius_px", res->ellipse_ring_px);
      isc_cli_json_add_member (b, "major_px", res->ellipse.major_px);
      isc_cli_json_add_member (b, "minor_px", res->ellipse.minor_px);
      isc_cli_json_add_member (b, "axis_ratio", res->ellipse.major_px / res->ellipse.minor_px);
      isc_cli_json_add_member (b, "angle_deg", res->ellipse.angle_deg);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "phases");
  json_builder_begin_array (b);
  for (guint p = 0; p < ctx->phases->len; p++)
    {
      const IscCrystalPhase *phase = g_ptr_array_index (ctx->phases, p);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, phase->id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, phase->name);
      isc_cli_json_add_member (b, "a_nm", phase->a_nm);
      if (phase->system == ISC_LATTICE_HEXAGONAL)
        isc_cli_json_add_member (b, "c_nm", phase->c_nm);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "rings");
  json_builder_begin_array (b);
  for (guint i = 0; res->rings != NULL && i < res->rings->len; i++)
    {
      const IscSaedRing *r = &g_array_index (res->rings, IscSaedRing, i);
      double d = 1.0 / (r->radius_px * s);

      json_builder_begin_object (b);
      isc_cli_json_add_member (b, "radius_px", r->radius_px);
      isc_cli_json_add_member (b, "d_nm", d);
      isc_cli_json_add_member (b, "q_nm_inv", r->radius_px * s);
      isc_cli_json_add_member (b, "height", r->height);
      isc_cli_json_add_member (b, "prominence", r->prominence);
      add_indexing (b, ctx, d);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (res->spots != NULL)
    {
      guint a = 0, c = 0;

      json_builder_set_member_name (b, "spots");
      json_builder_begin_array (b);
      for (guint i = 0; i < res->spots->len; i++)
        {
          const IscSaedSpot *sp = &g_array_index (res->spots, IscSaedSpot, i);
          double r = hypot (sp->x - res->cx, sp->y - res->cy), d = r > 3 ? 1.0 / (r * s) : NAN;

          json_builder_begin_object (b);
          isc_cli_json_add_member (b, "x_px", sp->x);
          isc_cli_json_add_member (b, "y_px", sp->y);
          isc_cli_json_add_member (b, "intensity", sp->intensity);
          isc_cli_json_add_member (b, "radius_px", r);
          isc_cli_json_add_member (b, "d_nm", d);
          add_indexing (b, ctx, d);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);

      json_builder_set_member_name (b, "zone_axes");
      json_builder_begin_array (b);
      if (isfinite (s) && pick_two_spots (res, &a, &c))
        {
          const IscSaedSpot *sa = &g_array_index (res->spots, IscSaedSpot, a);
          const IscSaedSpot *sc = &g_array_index (res->spots, IscSaedSpot, c);
          double g1[2] = { sa->x - res->cx, sa->y - res->cy }, g2[2] = { sc->x - res->cx, sc->y - res->cy };

          for (guint p = 0; p < ctx->phases->len; p++)
            {
              const IscCrystalPhase *phase = g_ptr_array_index (ctx->phases, p);
              IscSaedZone z;

              if (!isc_saed_zone_axis (phase, g1, g2, s, ctx->tolerance, &z))
                continue;
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "phase");
              json_builder_add_string_value (b, phase->id);
              add_hkl (b, "uvw", z.u, z.v, z.w);
              json_builder_set_member_name (b, "spots");
              json_builder_begin_array (b);
              json_builder_add_int_value (b, a);
              json_builder_add_int_value (b, c);
              json_builder_end_array (b);
              add_hkl (b, "hkl_1", z.h1, z.k1, z.l1);
              add_hkl (b, "hkl_2", z.h2, z.k2, z.l2);
              isc_cli_json_add_member (b, "angle_obs_deg", z.angle_obs_deg);
              isc_cli_json_add_member (b, "angle_calc_deg", z.angle_calc_deg);
              isc_cli_json_add_member (b, "mismatch_1_pct", z.mismatch1 * 100);
              isc_cli_json_add_member (b, "mismatch_2_pct", z.mismatch2 * 100);
              json_builder_end_object (b);
            }
        }
      json_builder_end_array (b);
    }
  add_phase_summary (b, ctx);
  if (with_profile)
    add_profile (b, ctx);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_text (const Ctx *ctx)
{
  const IscSaedResult *res = ctx->res;
  double s = res->calibration;

  printf ("centre        %.3f, %.3f px (%s)\n", res->cx, res->cy, res->centre_method);
  if (isfinite (s))
    printf ("calibration   %.6g nm⁻¹/px (%s)\n", s, source_name (res->calibration_source));
  else
    printf ("calibration   none (give --standard or --calibration)\n");
  if (res->rings != NULL)
    {
      printf ("%-12s %-10s %s\n", "radius_px", "d_nm", "indexed");
      for (guint i = 0; i < res->rings->len; i++)
        {
          double r = g_array_index (res->rings, IscSaedRing, i).radius_px;
          g_autofree char *label = isc_saed_plot_ring_label (&ctx->plot, i);

          if (isfinite (s))
            printf ("%-12.3f %-10.5f %s\n", r, 1.0 / (r * s), label != NULL ? label : "–");
          else
            printf ("%-12.3f %-10s %s\n", r, "–", "–");
        }
    }
  if (res->spots != NULL)
    printf ("%u spots (use --json for their d-spacings and the zone axis)\n", res->spots->len);
}

int
isc_cli_cmd_saed (int    argc,
                  char **argv)
{
  g_autofree char *standard_name = NULL;
  g_autofree char *phases_text = NULL;
  g_autofree char *plot_name = NULL;
  g_autofree char *out_path = NULL;
  double calibration = 0, pixel_um = 0, kv = 0, r_min = 0, tolerance_pct = 2;
  int index = 0, frame = 0;
  gboolean json = FALSE, spots = FALSE, with_profile = FALSE;
  GOptionEntry entries[] = {
    { "standard", 's', 0, G_OPTION_ARG_STRING, &standard_name, "Calibrate on this standard's rings: Au, Al, Si or TlCl", "NAME" },
    { "calibration", 0, 0, G_OPTION_ARG_DOUBLE, &calibration, "Reciprocal calibration in nm⁻¹ per pixel (overrides the file)", "S" },
    { "phases", 'p', 0, G_OPTION_ARG_STRING, &phases_text, "Index against these phases (default layered,rocksalt,spinel; none for no indexing)", "LIST" },
    { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &tolerance_pct, "Largest d mismatch of an indexed reflection, % (default 2)", "PCT" },
    { "spots", 0, 0, G_OPTION_ARG_NONE, &spots, "A spot pattern: centre from Friedel pairs, spot d-spacings, zone axis", NULL },
    { "r-min", 0, 0, G_OPTION_ARG_DOUBLE, &r_min, "Ignore rings inside this radius, px (default 4 % of the smaller side)", "PX" },
    { "pixel-um", 0, 0, G_OPTION_ARG_DOUBLE, &pixel_um, "Detector pixel size in µm: report the camera length (voltage from --kv or the file)", "UM" },
    { "kv", 0, 0, G_OPTION_ARG_DOUBLE, &kv, "Accelerating voltage in kV (for the camera length)", "KV" },
    { "index", 'i', 0, G_OPTION_ARG_INT, &index, "Which image of a multi-image file (from 0)", "K" },
    { "frame", 'f', 0, G_OPTION_ARG_INT, &frame, "Which frame of a stack (from 0)", "F" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "profile", 0, 0, G_OPTION_ARG_NONE, &with_profile, "With --json: the azimuthal average (r, q, d, I in 0.25 px bins)", NULL },
    { "plot", 0, 0, G_OPTION_ARG_STRING, &plot_name, "profile (azimuthal average) or rings (the pattern with its rings)", "KIND" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Figure file (.png, .tif, .svg or .pdf)", "FIG" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(IscSaedResult) res = NULL;
  g_autoptr(GPtrArray) phases = g_ptr_array_new ();
  IscSaedOptions options = { NULL, 0, FALSE, 0, 0 };
  IscCliFigureArgs figure_args;
  IscFigureOptions figure;
  gboolean figure_ok, rings_plot_kind = FALSE;
  Ctx ctx;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Selected-area electron diffraction: finds the centre (ring fit, or Friedel pairs with\n"
                                "--spots), the azimuthal average, ring radii and d-spacings (nm), calibrates from the\n"
                                "file's 1/nm axis, --calibration or a --standard ring pattern, and indexes rings or\n"
                                "spots against layered R-3m, rock-salt and spinel phases (mismatch per reflection).");
  isc_cli_figure_args_init (&figure_args);
  isc_cli_figure_args_add (&figure_args, context);
  /* the rings figure is near square (the pattern plus its colour bar) */
  figure_ok = isc_cli_parse (context, &argc, &argv)
              && isc_cli_figure_args_resolve (&figure_args, "saed", 0,
                                              plot_name != NULL && g_str_equal (plot_name, "rings") ? 0.85 : 0,
                                              &figure);
  isc_cli_figure_args_clear (&figure_args);
  if (!figure_ok)
    return 1;
  if (argc != 2)
    return isc_cli_fail ("saed needs exactly one FILE");
  if (index < 0 || frame < 0)
    return isc_cli_fail ("saed: --index and --frame must not be negative");
  if (calibration < 0 || !isfinite (calibration))
    return isc_cli_fail ("saed: --calibration must be a positive number of nm⁻¹ per pixel");
  if (!(tolerance_pct > 0 && tolerance_pct <= 20))
    return isc_cli_fail ("saed: --tolerance must be between 0 and 20 %%");
  if (pixel_um < 0 || kv < 0)
    return isc_cli_fail ("saed: --pixel-um and --kv must be positive");
  if (kv > 0 && !(pixel_um > 0))
    return isc_cli_fail ("saed: --kv is for the camera length, which also needs --pixel-um");
  if (plot_name != NULL)
    {
      if (g_str_equal (plot_name, "rings"))
        rings_plot_kind = TRUE;
      else if (!g_str_equal (plot_name, "profile"))
        return isc_cli_fail ("saed: unknown --plot “%s” (profile, rings)", plot_name);
      if (out_path == NULL)
        return isc_cli_fail ("saed: --plot needs --out FIG.png|svg|pdf");
    }
  if (standard_name != NULL)
    {
      options.standard = isc_saed_standard_lookup (standard_name);
      if (options.standard == NULL)
        return isc_cli_fail ("saed: unknown --standard “%s” (%s)", standard_name, isc_saed_standard_ids ());
    }
  if (phases_text == NULL || !g_str_equal (phases_text, "none"))
    {
      g_auto(GStrv) ids = g_strsplit (phases_text != NULL ? phases_text : "layered,rocksalt,spinel", ",", -1);

      for (guint i = 0; ids[i] != NULL; i++)
        {
          const IscCrystalPhase *phase = isc_saed_phase_lookup (g_strstrip (ids[i]));

          if (phase == NULL)
            return isc_cli_fail ("saed: unknown phase “%s” (%s)", ids[i], isc_saed_phase_ids ());
          g_ptr_array_add (phases, (gpointer) phase);
        }
    }

  image = isc_image_load (argv[1], index, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);
  options.calibration = calibration;
  options.spots = spots;
  options.r_min = r_min;
  options.frame = frame;
  res = isc_saed_analyse (image, &options, &error);
  if (res == NULL)
    return isc_cli_fail ("saed: %s: %s", argv[1], error->message);
  ctx = (Ctx) { res, phases, tolerance_pct / 100, options.standard,
                isc_saed_plot_full_radius (image->width, image->height, res->cx, res->cy), { 0 } };
  ctx.plot = (IscSaedPlotInput) { res, (const IscCrystalPhase * const *) phases->pdata, phases->len,
                                  options.standard, ctx.tolerance, ctx.r_full };

  if (plot_name != NULL)
    {
      g_autoptr(IscPlot) plot = rings_plot_kind ? isc_saed_plot_pattern (image, frame, &ctx.plot)
                                                : isc_saed_plot_profile (&ctx.plot, ISC_SAED_PLOT_Q, FALSE);

      /* one nm⁻¹ as long on both axes at the figure's size, its text sizes applied */
      if (rings_plot_kind)
        {
          isc_figure_options_apply_to_plot (&figure, plot);
          isc_saed_plot_equal_aspect (plot, isc_figure_options_width_pt (&figure),
                                      isc_figure_options_height_pt (&figure));
        }

      if (!isc_plot_export_with_options (plot, out_path, &figure, &error))
        return isc_cli_fail_error (error);
    }
  if (json)
    {
      g_autoptr(JsonNode) root = build_json (argv[1], image, &ctx, pixel_um * 1e-6, kv * 1e3, with_profile);
      isc_cli_print_json (root);
    }
  else if (plot_name == NULL)
    print_text (&ctx);
  return 0;
}
