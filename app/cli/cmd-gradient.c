/* cmd-gradient.c: `ionscape-cli gradient PROJECT [--element Li] [--share 0.9] [--no-save] --json`.
 *
 * Per condition, the element's site means with their scatter and the gradient depth; the fit of
 * gradient depth against cycles and of retention against the mean ratio. Specimens are analysed
 * only when their cached ratios are missing or stale; new results are cached in PROJECT.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli-commands.h"
#include "gradient.h"

static void
add_fit (JsonBuilder        *b,
         const char         *name,
         gboolean            ok,
         const IscLinearFit *fit,
         const GError       *error)
{
  g_autofree char *error_name = g_strconcat (name, "_error", NULL);

  json_builder_set_member_name (b, name);
  if (!ok)
    {
      json_builder_add_null_value (b);
      json_builder_set_member_name (b, error_name);
      json_builder_add_string_value (b, error != NULL ? error->message : "");
      return;
    }
  json_builder_begin_object (b);
  isc_cli_json_add_member (b, "slope", fit->slope);
  isc_cli_json_add_member (b, "intercept", fit->intercept);
  isc_cli_json_add_member (b, "r2", fit->r2);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, fit->n);
  json_builder_end_object (b);
}

static JsonNode *
build_json (IscGradient *gradient,
            const char  *element,
            double       share)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GError) depth_error = NULL;
  g_autoptr(GError) retention_error = NULL;
  IscLinearFit depth_fit, retention_fit;
  gboolean depth_ok, retention_ok;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "element");
  json_builder_add_string_value (b, element);
  json_builder_set_member_name (b, "share");
  json_builder_add_double_value (b, share);

  json_builder_set_member_name (b, "conditions");
  json_builder_begin_array (b);
  for (guint c = 0; c < isc_gradient_get_n_conditions (gradient); c++)
    {
      g_autoptr(GArray) series = isc_gradient_get_series (gradient, c, element);
      g_autofree char *reason = NULL;
      guint cycles = 0;
      const char *name = isc_gradient_get_condition (gradient, c, &cycles);
      double depth = isc_gradient_get_depth (gradient, c, element, share, &reason);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "cycles");
      json_builder_add_int_value (b, cycles);
      isc_cli_json_add_member (b, "mean", isc_gradient_get_condition_mean (gradient, c, element));
      json_builder_set_member_name (b, "sites");
      json_builder_begin_array (b);
      for (guint i = 0; i < series->len; i++)
        {
          const IscGradientPoint *p = &g_array_index (series, IscGradientPoint, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, p->label);
          json_builder_set_member_name (b, "depth_nm");
          json_builder_add_double_value (b, p->depth_nm);
          isc_cli_json_add_member (b, "mean", p->mean);
          isc_cli_json_add_member (b, "std", p->std);
          json_builder_set_member_name (b, "n");
          json_builder_add_int_value (b, p->n);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      isc_cli_json_add_member (b, "gradient_depth_nm", depth);
      isc_cli_json_add_member (b, "gradient_depth_sigma_nm",
                               isc_gradient_get_depth_sigma (gradient, c, element, share));
      isc_cli_json_add_member (b, "gradient_depth_per_share_nm",
                               isc_gradient_get_depth_sensitivity (gradient, c, element, share, 0.05));
      {
        const char *bulk_name = NULL;
        double bulk = isc_gradient_get_bulk_reference (gradient, c, element, &bulk_name);
        double mean = isc_gradient_get_condition_mean (gradient, c, element);

        /* The APT mean over the sites against the bulk (ICP-AES) value of the condition. */
        json_builder_set_member_name (b, "bulk_reference");
        if (!isfinite (bulk))
          json_builder_add_null_value (b);
        else
          {
            json_builder_begin_object (b);
            json_builder_set_member_name (b, "name");
            json_builder_add_string_value (b, bulk_name != NULL ? bulk_name : "");
            isc_cli_json_add_member (b, "value", bulk);
            isc_cli_json_add_member (b, "apt_mean", mean);
            isc_cli_json_add_member (b, "apt_minus_bulk", mean - bulk);
            isc_cli_json_add_member (b, "apt_over_bulk", mean / bulk);
            json_builder_end_object (b);
          }
      }
      if (reason != NULL)
        {
          json_builder_set_member_name (b, "gradient_depth_reason");
          json_builder_add_string_value (b, reason);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  depth_ok = isc_gradient_fit_depth (gradient, element, share, &depth_fit, &depth_error);
  /* A line through two points fits them exactly: r² says nothing then. */
  if (depth_ok && depth_fit.n <= 2)
    depth_fit.r2 = NAN;
  add_fit (b, "fit", depth_ok, &depth_fit, depth_error);
  if (depth_ok && depth_fit.n <= 2)
    {
      json_builder_set_member_name (b, "fit_note");
      json_builder_add_string_value (b, "two points: a line through them, no fit statistics; "
                                        "see fit_origin for the proportional fit");
    }
  {
    double k = NAN, k_sigma = NAN;
    guint n = 0;
    g_autoptr(GError) origin_error = NULL;

    /* "Proportional to the cycles": depth = k × cycles, one parameter. */
    json_builder_set_member_name (b, "fit_origin");
    if (!isc_gradient_fit_depth_origin (gradient, element, share, &k, &k_sigma, &n, &origin_error))
      json_builder_add_null_value (b);
    else
      {
        json_builder_begin_object (b);
        isc_cli_json_add_member (b, "slope_nm_per_cycle", k);
        isc_cli_json_add_member (b, "slope_sigma", k_sigma);
        json_builder_set_member_name (b, "n");
        json_builder_add_int_value (b, n);
        json_builder_end_object (b);
      }
  }
  retention_ok = isc_gradient_fit_retention (gradient, element, &retention_fit, &retention_error);
  add_fit (b, "retention_fit", retention_ok, &retention_fit, retention_error);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_table (IscGradient *gradient,
             const char  *element,
             double       share)
{
  for (guint c = 0; c < isc_gradient_get_n_conditions (gradient); c++)
    {
      g_autoptr(GArray) series = isc_gradient_get_series (gradient, c, element);
      g_autofree char *reason = NULL;
      guint cycles = 0;
      const char *name = isc_gradient_get_condition (gradient, c, &cycles);
      double depth = isc_gradient_get_depth (gradient, c, element, share, &reason);

      if (isfinite (depth))
        printf ("%s (%u cycles): %s gradient depth %.1f nm\n", name, cycles, element, depth);
      else
        printf ("%s (%u cycles): no %s gradient depth (%s)\n", name, cycles, element, reason);
      for (guint i = 0; i < series->len; i++)
        {
          const IscGradientPoint *p = &g_array_index (series, IscGradientPoint, i);

          printf ("  %-8s %10.1f nm %8.4f ± %.4f (n = %u)\n", p->label, p->depth_nm, p->mean,
                  p->std, p->n);
        }
    }
}

int
isc_cli_cmd_gradient (int    argc,
                      char **argv)
{
  g_autofree char *element = NULL;
  double share = ISC_GRADIENT_DEFAULT_SHARE;
  gboolean json = FALSE, no_save = FALSE, allow_outside = FALSE;
  GOptionEntry entries[] = {
    { "element", 0, 0, G_OPTION_ARG_STRING, &element, "Element to follow (default Li)", "EL" },
    { "share", 0, 0, G_OPTION_ARG_DOUBLE, &share,
      "Share of the deepest site's value that defines the gradient depth (default 0.9); the JSON "
      "reports the depth's change per unit of share (gradient_depth_per_share_nm, over ±0.05)", "F" },
    { "no-save", 0, 0, G_OPTION_ARG_NONE, &no_save, "Do not cache new results in PROJECT", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    ISC_CLI_ALLOW_OUTSIDE_ENTRY (&allow_outside),
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("PROJECT — element versus depth per condition, gradient depth and fits");
  g_autoptr(IscProject) project = NULL;
  g_autoptr(IscGradient) gradient = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("gradient: expected one PROJECT file");
  if (!(share > 0.0 && share <= 1.0))
    return isc_cli_fail ("gradient: --share %g is outside (0, 1]", share);
  if (element == NULL)
    element = g_strdup ("Li");

  if ((status = isc_cli_load_project (argv[1], !no_save, allow_outside, &project)) != 0)
    return status;

  gradient = isc_gradient_new ();
  isc_gradient_add_project (gradient, project, TRUE);
  if (json)
    {
      g_autoptr(JsonNode) root = build_json (gradient, element, share);

      isc_cli_print_json (root);
    }
  else
    print_table (gradient, element, share);
  return 0;
}
