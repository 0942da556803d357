/* cmd-xrd.c: `ionscape-cli xrd FILE…` — diffraction patterns and series: peak fits over the
 * series, phase reflections and semi-quantitative (RIR) phase fractions as JSON, or a figure
 * (heat map of log intensity with 2θ across and temperature up, stacked patterns, one pattern
 * with phase ticks).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli-commands.h"
#include "cli-figure-options.h"
#include "plot.h"
#include "xrd-fit.h"
#include "xrd-phase.h"
#include "xrd-plot.h"

typedef enum
{
  XRD_PLOT_HEATMAP,
  XRD_PLOT_STACK,
  XRD_PLOT_PATTERN,
} XrdPlotKind;

/* Largest distance (deg) between a fitted peak and a reflection it is assigned to. */
#define ASSIGN_TOLERANCE 0.3

static char *
hkl_text (int h,
          int k,
          int l)
{
  if (h >= 0 && k >= 0 && l >= 0 && h < 10 && k < 10 && l < 10)
    return g_strdup_printf ("%d%d%d", h, k, l);
  return g_strdup_printf ("%d %d %d", h, k, l);
}

static char *
radiation_text (const IscXrdPattern *p)
{
  return g_strdup_printf ("%s Kα1 %.5g Å%s", p->anode != NULL ? p->anode : (p->wavelength_from_file ? "?" : "Cu"),
                          p->wavelength, p->wavelength_from_file ? "" : " (default: the file states no wavelength)");
}

/* The reflection of @phases nearest to the fitted peak, within ASSIGN_TOLERANCE. */
static gboolean
assign_peak (const IscXrdPattern *p,
             GPtrArray           *phases,
             const IscXrdPeakFit *f,
             double               zero_shift,
             guint               *phase_index,
             IscXrdReflection    *refl)
{
  double best = ASSIGN_TOLERANCE, x = f->center - zero_shift;
  gboolean found = FALSE;

  if (!f->ok)
    return FALSE;
  for (guint k = 0; k < phases->len; k++)
    {
      g_autoptr(GArray) r = isc_xrd_phase_reflections (g_ptr_array_index (phases, k), p->wavelength,
                                                       x - ASSIGN_TOLERANCE, x + ASSIGN_TOLERANCE);

      for (guint j = 0; j < r->len; j++)
        if (fabs (g_array_index (r, IscXrdReflection, j).two_theta - x) < best)
          {
            best = fabs (g_array_index (r, IscXrdReflection, j).two_theta - x);
            *phase_index = k;
            *refl = g_array_index (r, IscXrdReflection, j);
            found = TRUE;
          }
    }
  return found;
}

/* "refined": lattice parameters of @phases[@k] from the fitted peaks assigned to it. */
static void
add_refinement (JsonBuilder         *b,
                const IscXrdPattern *p,
                GPtrArray           *phases,
                guint                k,
                GArray              *row,
                double               zero_shift)
{
  g_autoptr(GArray) assigned = g_array_new (FALSE, FALSE, sizeof (IscXrdAssignedPeak));
  g_autoptr(IscXrdPhase) refined = NULL;
  g_autoptr(GError) error = NULL;
  double sa, sc;

  for (guint w = 0; w < row->len; w++)
    {
      const IscXrdPeakFit *f = &g_array_index (row, IscXrdPeakFit, w);
      IscXrdReflection refl;
      guint phase_index;

      if (assign_peak (p, phases, f, zero_shift, &phase_index, &refl) && phase_index == k)
        {
          IscXrdAssignedPeak a = { refl.h, refl.k, refl.l, f->center, f->center_sigma };

          g_array_append_val (assigned, a);
        }
    }
  json_builder_set_member_name (b, "refined");
  if (!isc_xrd_refine_lattice (g_ptr_array_index (phases, k), (IscXrdAssignedPeak *) assigned->data, assigned->len,
                               p->wavelength, zero_shift, &refined, &sa, &sc, &error))
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, error->message);
      json_builder_end_object (b);
      return;
    }
  json_builder_begin_object (b);
  isc_cli_json_add_member (b, "a_A", refined->a);
  isc_cli_json_add_member (b, "a_sigma", sa);
  isc_cli_json_add_member (b, "c_A", refined->c);
  isc_cli_json_add_member (b, "c_sigma", sc);
  json_builder_set_member_name (b, "n_reflections");
  json_builder_add_int_value (b, assigned->len);
  json_builder_end_object (b);
}

/* "zero_shift_from_standard": the fitted peaks indexed against a line-position standard. */
static void
add_standard (JsonBuilder         *b,
              const IscXrdPattern *p,
              const IscXrdPhase   *standard,
              GArray              *row)
{
  g_autoptr(GArray) r = isc_xrd_phase_reflections (standard, p->wavelength, p->two_theta[0] - 1, p->two_theta[p->n - 1] + 1);
  g_autoptr(GArray) assigned = g_array_new (FALSE, FALSE, sizeof (IscXrdAssignedPeak));
  g_autoptr(GError) error = NULL;
  double zero, sigma;

  for (guint w = 0; w < row->len; w++)
    {
      const IscXrdPeakFit *f = &g_array_index (row, IscXrdPeakFit, w);
      int index;

      if (!f->ok)
        continue;
      isc_xrd_assign (r, &f->center, 1, ASSIGN_TOLERANCE, &index);
      if (index >= 0)
        {
          IscXrdReflection *x = &g_array_index (r, IscXrdReflection, index);
          IscXrdAssignedPeak a = { x->h, x->k, x->l, f->center, f->center_sigma };

          g_array_append_val (assigned, a);
        }
    }
  json_builder_set_member_name (b, "zero_shift_from_standard");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "standard");
  json_builder_add_string_value (b, standard->id);
  if (isc_xrd_zero_shift (standard, (IscXrdAssignedPeak *) assigned->data, assigned->len, p->wavelength, &zero,
                          &sigma, &error))
    {
      isc_cli_json_add_member (b, "zero_shift_deg", zero);
      isc_cli_json_add_member (b, "sigma_deg", sigma);
    }
  else
    {
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, error->message);
    }
  json_builder_set_member_name (b, "n_reflections");
  json_builder_add_int_value (b, assigned->len);
  json_builder_end_object (b);
}

static gboolean
parse_window (const char       *text,
              IscXrdFitOptions *options)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  double lo, hi;
  char *end;

  if (g_strv_length (parts) != 2)
    return FALSE;
  lo = g_ascii_strtod (parts[0], &end);
  if (end == parts[0] || *end != '\0')
    return FALSE;
  hi = g_ascii_strtod (parts[1], &end);
  if (end == parts[1] || *end != '\0' || !(hi > lo) || !isfinite (lo) || !isfinite (hi))
    return FALSE;
  isc_xrd_fit_options_init (options, lo, hi);
  return TRUE;
}

static void
add_fit (JsonBuilder         *b,
         const IscXrdPeakFit *f,
         double               zero_shift)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, f->ok);
  isc_cli_json_add_member (b, "two_theta_deg", f->center - zero_shift);
  isc_cli_json_add_member (b, "two_theta_sigma", f->center_sigma);
  isc_cli_json_add_member (b, "fwhm_deg", f->fwhm);
  isc_cli_json_add_member (b, "fwhm_sigma", f->fwhm_sigma);
  isc_cli_json_add_member (b, "area", f->area);
  isc_cli_json_add_member (b, "area_sigma", f->area_sigma);
  isc_cli_json_add_member (b, "height", f->height);
  isc_cli_json_add_member (b, "eta", f->eta);
  isc_cli_json_add_member (b, "fwhm_left_deg", f->fwhm_left);
  isc_cli_json_add_member (b, "fwhm_right_deg", f->fwhm_right);
  isc_cli_json_add_member (b, "chi2_reduced", f->chi2_reduced);
  json_builder_set_member_name (b, "ka2_modelled");
  json_builder_add_boolean_value (b, f->ka2_modelled);
}

int
isc_cli_cmd_xrd (int    argc,
                 char **argv)
{
  g_auto(GStrv) peak_texts = NULL;
  g_auto(GStrv) lattice_texts = NULL;
  g_autofree char *phases_text = NULL;
  g_autofree char *plot_name = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *profile_name = NULL;
  double wavelength = NAN, zero_shift = 0;
  int index = 1;
  g_autofree char *standard_name = NULL;
  const IscXrdPhase *standard = NULL;
  gboolean json = FALSE, no_ka2 = FALSE, refine = FALSE;
  GOptionEntry entries[] = {
    { "peak", 0, 0, G_OPTION_ARG_STRING_ARRAY, &peak_texts, "Fit one peak in this 2θ window (repeat, or separate windows by commas)", "LO:HI" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, "pv (pseudo-Voigt, default) or split-pv", "NAME" },
    { "no-ka2", 0, 0, G_OPTION_ARG_NONE, &no_ka2, "Never model a Kα2 line, even when the file states one", NULL },
    { "phases", 0, 0, G_OPTION_ARG_STRING, &phases_text, "Built-in phases for reflections and RIR fractions: layered,rocksalt,spinel,hydroxide,lioh,li2co3,si,lab6", "LIST" },
    { "lattice", 0, 0, G_OPTION_ARG_STRING_ARRAY, &lattice_texts, "Lattice parameters of a chosen phase instead of the built-in ones (repeat)", "ID=A[,C]" },
    { "wavelength", 0, 0, G_OPTION_ARG_DOUBLE, &wavelength, "Wavelength in Å for every pattern (overrides the file and the Cu Kα1 default)", "Å" },
    { "zero-shift", 0, 0, G_OPTION_ARG_DOUBLE, &zero_shift, "Instrument zero shift in degrees, subtracted from fitted positions (from a Si or LaB6 standard)", "DEG" },
    { "refine", 0, 0, G_OPTION_ARG_NONE, &refine, "Refine the lattice of each phase from the fitted peaks assigned to it (least squares in 1/d²)", NULL },
    { "standard", 0, 0, G_OPTION_ARG_STRING, &standard_name, "Index the fitted peaks as a line-position standard (si or lab6) and report the zero shift", "ID" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Patterns, fits and phases as JSON on stdout", NULL },
    { "plot", 0, 0, G_OPTION_ARG_STRING, &plot_name, "heatmap|stack|pattern", "KIND" },
    { "index", 0, 0, G_OPTION_ARG_INT, &index, "The pattern drawn by --plot pattern (1 = first, default)", "N" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Figure file (.png, .tif, .svg or .pdf)", "FIG" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE|FOLDER…");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscXrdSeries) series = NULL;
  g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (IscXrdFitOptions));
  g_autoptr(GPtrArray) phases = g_ptr_array_new_with_free_func ((GDestroyNotify) isc_xrd_phase_free);
  g_autoptr(GPtrArray) fits = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  IscXrdProfile profile = ISC_XRD_PROFILE_PSEUDO_VOIGT;
  XrdPlotKind plot_kind = XRD_PLOT_HEATMAP;
  IscCliFigureArgs figure_args;
  IscFigureOptions figure;
  gboolean figure_ok;

  g_option_context_set_summary (context,
                                "Reads X-ray diffraction patterns (PANalytical .xrdml/.csv, Bruker .brml/.raw/.uxd,\n"
                                "Rigaku .ras/.rasx, .xy/.xye); several scans of a file, several files or a folder form a\n"
                                "series against temperature (or time). Fits pseudo-Voigt peaks over the series (2θ in\n"
                                "degrees, FWHM in degrees, area in intensity × degrees, with standard errors), lists phase\n"
                                "reflections and semi-quantitative RIR phase fractions (no Rietveld refinement), or draws\n"
                                "a heat map, stacked patterns or one pattern. Cu Kα1 1.5406 Å is assumed when a file\n"
                                "states no wavelength.");
  g_option_context_add_main_entries (context, entries, NULL);
  isc_cli_figure_args_init (&figure_args);
  isc_cli_figure_args_add (&figure_args, context);
  figure_ok = isc_cli_parse (context, &argc, &argv)
              && isc_cli_figure_args_resolve (&figure_args, "xrd", 0, 0, &figure);
  isc_cli_figure_args_clear (&figure_args);
  if (!figure_ok)
    return 1;
  if (argc < 2)
    return isc_cli_fail ("xrd: expected at least one FILE or FOLDER");
  if (!json && plot_name == NULL)
    return isc_cli_fail ("xrd: give --json or --plot heatmap|stack|pattern --out FIG");
  if (plot_name != NULL)
    {
      if (g_str_equal (plot_name, "heatmap"))
        plot_kind = XRD_PLOT_HEATMAP;
      else if (g_str_equal (plot_name, "stack"))
        plot_kind = XRD_PLOT_STACK;
      else if (g_str_equal (plot_name, "pattern"))
        plot_kind = XRD_PLOT_PATTERN;
      else
        return isc_cli_fail ("xrd: unknown --plot “%s” (heatmap, stack, pattern)", plot_name);
      if (out_path == NULL)
        return isc_cli_fail ("xrd: --plot needs --out FIG.png|svg|pdf");
    }
  if (profile_name != NULL)
    {
      if (g_str_equal (profile_name, "pv") || g_str_equal (profile_name, "pseudo-voigt"))
        profile = ISC_XRD_PROFILE_PSEUDO_VOIGT;
      else if (g_str_equal (profile_name, "split-pv") || g_str_equal (profile_name, "split"))
        profile = ISC_XRD_PROFILE_SPLIT_PSEUDO_VOIGT;
      else
        return isc_cli_fail ("xrd: unknown --profile “%s” (pv, split-pv)", profile_name);
    }
  if (!isnan (wavelength) && !(wavelength > 0.1 && wavelength < 10))
    return isc_cli_fail ("xrd: --wavelength %g Å is not an X-ray wavelength", wavelength);
  if (!isfinite (zero_shift) || fabs (zero_shift) > 5)
    return isc_cli_fail ("xrd: --zero-shift %g° is not an instrument zero shift (|shift| ≤ 5°)", zero_shift);
  for (guint i = 0; peak_texts != NULL && peak_texts[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (peak_texts[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          IscXrdFitOptions options;

          if (!parse_window (g_strstrip (parts[j]), &options))
            return isc_cli_fail ("xrd: --peak expects LO:HI in degrees 2θ with LO < HI, got “%s”", parts[j]);
          options.profile = profile;
          options.model_ka2 = !no_ka2;
          g_array_append_val (windows, options);
        }
    }
  if (phases_text != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (phases_text, ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          const IscXrdPhase *phase = isc_xrd_builtin_phase (g_strstrip (parts[j]));

          if (phase == NULL)
            return isc_cli_fail ("xrd: unknown phase “%s” (layered, rocksalt, spinel, hydroxide, lioh, li2co3, si, lab6)",
                                 parts[j]);
          g_ptr_array_add (phases, isc_xrd_phase_copy (phase));
        }
    }
  if (standard_name != NULL)
    {
      standard = isc_xrd_builtin_phase (standard_name);
      if (standard == NULL || (!g_str_equal (standard->id, "si") && !g_str_equal (standard->id, "lab6")))
        return isc_cli_fail ("xrd: --standard is si or lab6, got “%s”", standard_name);
    }
  if (refine && (phases->len == 0 || windows->len == 0))
    return isc_cli_fail ("xrd: --refine needs --phases and --peak windows to assign");
  for (guint i = 0; lattice_texts != NULL && lattice_texts[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (lattice_texts[i], "=", 2);
      IscXrdPhase *target = NULL;
      double v[2] = { NAN, NAN };
      IscXrdCrystalSystem system;

      for (guint k = 0; kv[0] != NULL && k < phases->len; k++)
        if (g_ascii_strcasecmp (((IscXrdPhase *) g_ptr_array_index (phases, k))->id, g_strstrip (kv[0])) == 0)
          target = g_ptr_array_index (phases, k);
      if (target == NULL || kv[1] == NULL)
        return isc_cli_fail ("xrd: --lattice expects ID=A[,C] for a phase named in --phases, got “%s”", lattice_texts[i]);
      system = isc_xrd_space_group_system (target->group);
      if (!(isc_cli_parse_doubles (kv[1], v, system == ISC_XRD_SYSTEM_CUBIC ? 1 : 2) && v[0] > 0.5 && v[0] < 100
            && (system == ISC_XRD_SYSTEM_CUBIC || (v[1] > 0.5 && v[1] < 100))))
        return isc_cli_fail ("xrd: --lattice %s needs %s in Å, got “%s”", target->id,
                             system == ISC_XRD_SYSTEM_CUBIC ? "A" : "A,C", kv[1]);
      if (system == ISC_XRD_SYSTEM_MONOCLINIC)
        return isc_cli_fail ("xrd: --lattice of a monoclinic phase (%s) is not supported", target->id);
      target->a = target->b = v[0];
      target->c = system == ISC_XRD_SYSTEM_CUBIC ? v[0] : v[1];
    }

  series = isc_xrd_load_many ((const char * const *) argv + 1, argc - 1, &error);
  if (series == NULL)
    return isc_cli_fail_error (error);
  if (!isnan (wavelength))
    for (guint i = 0; i < series->patterns->len; i++)
      {
        IscXrdPattern *p = isc_xrd_series_get (series, i);

        p->wavelength = wavelength;
        p->wavelength_from_file = TRUE;
        p->ka2_ratio = 0;
      }

  /* Fits: every window over every pattern (fitted positions include the zero shift; it is
   * subtracted when reported). */
  for (guint i = 0; i < series->patterns->len; i++)
    {
      GArray *row = g_array_new (FALSE, TRUE, sizeof (IscXrdPeakFit));

      for (guint w = 0; w < windows->len; w++)
        {
          IscXrdPeakFit fit;

          isc_xrd_fit_peak (isc_xrd_series_get (series, i), &g_array_index (windows, IscXrdFitOptions, w), &fit, NULL);
          g_array_append_val (row, fit);
        }
      g_ptr_array_add (fits, row);
    }

  if (plot_name != NULL)
    {
      g_autoptr(IscPlot) plot = NULL;
      double lo, hi;

      isc_xrd_plot_two_theta_range (series, &lo, &hi);
      switch (plot_kind)
        {
        case XRD_PLOT_HEATMAP:
          plot = isc_xrd_plot_heatmap (series, lo, hi);
          break;
        case XRD_PLOT_STACK:
          plot = isc_xrd_plot_stack (series);
          break;
        case XRD_PLOT_PATTERN:
        default:
          if (index < 1 || (guint) index > series->patterns->len)
            return isc_cli_fail ("xrd: --index %d is outside 1…%u", index, series->patterns->len);
          plot = isc_xrd_plot_pattern (isc_xrd_series_get (series, index - 1), phases, g_ptr_array_index (fits, index - 1),
                               (IscXrdFitOptions *) windows->data, windows->len, zero_shift);
          break;
        }
      if (!isc_plot_export_with_options (plot, out_path, &figure, &error))
        return isc_cli_fail_error (error);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "n_patterns");
      json_builder_add_int_value (b, series->patterns->len);
      isc_cli_json_add_member (b, "zero_shift_deg", zero_shift);
      if (phases->len > 0)
        {
          json_builder_set_member_name (b, "phase_fraction_method");
          json_builder_add_string_value (b, "reference intensity ratio (RIR), semi-quantitative: random orientation, "
                                            "no amorphous content, approximate I/Ic values; not a Rietveld refinement");
        }
      json_builder_set_member_name (b, "patterns");
      json_builder_begin_array (b);
      for (guint i = 0; i < series->patterns->len; i++)
        {
          IscXrdPattern *p = isc_xrd_series_get (series, i);
          GArray *row = g_ptr_array_index (fits, i);
          g_autofree char *radiation = radiation_text (p);
          g_autofree double *areas = g_new0 (double, MAX (phases->len, 1));
          g_autofree double *rirs = g_new0 (double, MAX (phases->len, 1));
          g_autofree double *fractions = g_new0 (double, MAX (phases->len, 1));
          guint n_measured = 0;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "file");
          json_builder_add_string_value (b, p->source);
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, p->label);
          json_builder_set_member_name (b, "format");
          json_builder_add_string_value (b, isc_xrd_format_to_string (p->format));
          isc_cli_json_add_member (b, "temperature_c", p->temperature_c);
          isc_cli_json_add_member (b, "time_s", p->time_s);
          json_builder_set_member_name (b, "n_points");
          json_builder_add_int_value (b, p->n);
          isc_cli_json_add_member (b, "two_theta_min", p->two_theta[0]);
          isc_cli_json_add_member (b, "two_theta_max", p->two_theta[p->n - 1]);
          isc_cli_json_add_member (b, "wavelength_A", p->wavelength);
          json_builder_set_member_name (b, "wavelength_from_file");
          json_builder_add_boolean_value (b, p->wavelength_from_file);
          json_builder_set_member_name (b, "radiation");
          json_builder_add_string_value (b, radiation);
          if (standard != NULL)
            add_standard (b, p, standard, row);
          json_builder_set_member_name (b, "peaks");
          json_builder_begin_array (b);
          for (guint w = 0; w < row->len; w++)
            {
              const IscXrdPeakFit *f = &g_array_index (row, IscXrdPeakFit, w);
              const IscXrdFitOptions *o = &g_array_index (windows, IscXrdFitOptions, w);
              IscXrdReflection refl;
              guint phase_index;

              add_fit (b, f, zero_shift);
              isc_cli_json_add_member (b, "window_lo", o->lo);
              isc_cli_json_add_member (b, "window_hi", o->hi);
              /* The nearest reflection of the chosen phases. */
              if (assign_peak (p, phases, f, zero_shift, &phase_index, &refl))
                {
                  g_autofree char *hkl = hkl_text (refl.h, refl.k, refl.l);

                  json_builder_set_member_name (b, "phase");
                  json_builder_add_string_value (b, ((IscXrdPhase *) g_ptr_array_index (phases, phase_index))->id);
                  json_builder_set_member_name (b, "hkl");
                  json_builder_add_string_value (b, hkl);
                  isc_cli_json_add_member (b, "two_theta_calc", refl.two_theta);
                }
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          if (phases->len > 0)
            {
              json_builder_set_member_name (b, "phases");
              json_builder_begin_array (b);
              for (guint k = 0; k < phases->len; k++)
                {
                  const IscXrdPhase *phase = g_ptr_array_index (phases, k);
                  g_autoptr(GArray) r = isc_xrd_phase_reflections (phase, p->wavelength, p->two_theta[0], p->two_theta[p->n - 1]);
                  g_autofree char *ref_hkl = hkl_text (phase->ref_h, phase->ref_k, phase->ref_l);
                  IscXrdPeakFit fit;

                  json_builder_begin_object (b);
                  json_builder_set_member_name (b, "id");
                  json_builder_add_string_value (b, phase->id);
                  json_builder_set_member_name (b, "space_group");
                  json_builder_add_string_value (b, isc_xrd_space_group_name (phase->group));
                  isc_cli_json_add_member (b, "a_A", phase->a);
                  isc_cli_json_add_member (b, "c_A", phase->c);
                  json_builder_set_member_name (b, "reflections");
                  json_builder_begin_array (b);
                  for (guint j = 0; j < r->len; j++)
                    {
                      IscXrdReflection *x = &g_array_index (r, IscXrdReflection, j);
                      g_autofree char *hkl = hkl_text (x->h, x->k, x->l);

                      json_builder_begin_object (b);
                      json_builder_set_member_name (b, "hkl");
                      json_builder_add_string_value (b, hkl);
                      isc_cli_json_add_member (b, "two_theta_deg", x->two_theta);
                      isc_cli_json_add_member (b, "d_A", x->d);
                      json_builder_end_object (b);
                    }
                  json_builder_end_array (b);
                  /* RIR area: the phase's reference line fitted where it should be. */
                  json_builder_set_member_name (b, "rir_reflection");
                  json_builder_add_string_value (b, ref_hkl);
                  isc_cli_json_add_member (b, "rir", phase->rir);
                  areas[k] = 0;
                  if (isc_xrd_phase_line_area (p, (const IscXrdPhase * const *) phases->pdata, phases->len, k,
                                               profile, !no_ka2, zero_shift, &fit, NULL))
                    {
                      areas[k] = fit.area;
                      n_measured++;
                    }
                  rirs[k] = phase->rir;
                  isc_cli_json_add_member (b, "rir_area", areas[k] > 0 ? areas[k] : NAN);
                  if (refine)
                    add_refinement (b, p, phases, k, row, zero_shift);
                  json_builder_end_object (b);
                }
              json_builder_end_array (b);
              json_builder_set_member_name (b, "phase_fractions");
              if (n_measured > 0 && isc_xrd_rir_fractions (areas, rirs, NULL, phases->len, fractions, NULL))
                {
                  json_builder_begin_object (b);
                  for (guint k = 0; k < phases->len; k++)
                    isc_cli_json_add_member (b, ((const IscXrdPhase *) g_ptr_array_index (phases, k))->id, fractions[k]);
                  json_builder_end_object (b);
                }
              else
                json_builder_add_null_value (b);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      isc_cli_print_json (root);
    }
  return 0;
}
