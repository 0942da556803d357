/* demo-thermal.c: the demo's TGA/DTA curves of TM(OH)2 with and without LiOH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "demo-thermal.h"
#include "demo.h"
#include "isc-error.h"

/* TM(OH)2 alone: adsorbed water, then M(OH)2 → oxide + H2O over 220–350 °C. */
static const IscDemoThermalStep hydroxide_steps[] = {
  {  95.0,  8.0,  1.0, "adsorbed water" },
  { 285.0, 11.0, 16.5, "hydroxide decomposition" },
};

/* With LiOH (21.5 wt %): lithiation of the hydroxide near 200 °C, decomposition of the rest,
 * then the loss of the remaining water as lithiation proceeds above the LiOH melt. */
static const IscDemoThermalStep mixture_steps[] = {
  {  95.0,  8.0,  0.8, "adsorbed water" },
  { 200.0,  4.0,  4.0, "lithiation of the hydroxide" },
  { 295.0, 10.0, 11.0, "hydroxide decomposition" },
  { 490.0, 14.0,  3.5, "lithiation with molten LiOH" },
};

const IscDemoThermalStep *
isc_demo_thermal_steps (gboolean  with_lioh,
                        guint    *n_steps)
{
  *n_steps = with_lioh ? G_N_ELEMENTS (mixture_steps) : G_N_ELEMENTS (hydroxide_steps);
  return with_lioh ? mixture_steps : hydroxide_steps;
}

static gboolean
write_curve (const char  *path,
             gboolean     with_lioh,
             GError     **error)
{
  guint n_steps, n = (guint) ((ISC_DEMO_THERMAL_T_END - ISC_DEMO_THERMAL_T_START) / ISC_DEMO_THERMAL_T_STEP) + 1;
  const IscDemoThermalStep *steps = isc_demo_thermal_steps (with_lioh, &n_steps);
  double m0 = with_lioh ? 12.0 : 10.0;
  g_autoptr(GRand) rand = g_rand_new_with_seed (with_lioh ? 622 : 226);
  GString *out = g_string_new (NULL);
  gboolean ok;

  g_string_append_printf (out, "# Ionscape demo: TGA/DTA of Ni0.6Co0.2Mn0.2(OH)2%s, %.0f mg, in O2, %.0f K/min\n",
                          with_lioh ? " + LiOH (Li/M = 1.05)" : "", m0, ISC_DEMO_THERMAL_RATE);
  g_string_append (out, "Time/min,Temperature/°C,Mass/mg,DTA/uV\n");
  for (guint i = 0; i < n; i++)
    {
      double t = ISC_DEMO_THERMAL_T_START + ISC_DEMO_THERMAL_T_STEP * i;
      double pct = 100, dta = -0.002 * (t - ISC_DEMO_THERMAL_T_START);
      char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

      for (guint k = 0; k < n_steps; k++)
        {
          double x = (t - steps[k].center_c) / steps[k].width_k;
          double dtg = steps[k].loss_pct / (4 * steps[k].width_k * cosh (0.5 * x) * cosh (0.5 * x));

          pct -= steps[k].loss_pct / (1 + exp (-x));
          /* Dehydration and decomposition are endothermic: the DTA dips with the DTG. */
          dta -= 8.0 * dtg;
        }
      if (with_lioh)
        dta -= 3.0 * exp (-0.5 * pow ((t - ISC_DEMO_THERMAL_LIOH_MELT) / 2.0, 2));
      pct += 0.002 * g_rand_double_range (rand, -1, 1);
      dta += 0.01 * g_rand_double_range (rand, -1, 1);
      g_ascii_formatd (a, sizeof a, "%.6f", m0 * pct / 100);
      g_ascii_formatd (b, sizeof b, "%.4f", dta);
      g_string_append_printf (out, "%.2f,%.1f,%s,%s\n", (t - ISC_DEMO_THERMAL_T_START) / ISC_DEMO_THERMAL_RATE, t, a, b);
    }
  ok = g_file_set_contents (path, out->str, out->len, error);
  g_string_free (out, TRUE);
  return ok;
}

gboolean
isc_demo_write_thermal (const char       *dir,
                        GCancellable     *cancellable,
                        IscProgressFunc   progress,
                        gpointer          progress_data,
                        GError          **error)
{
  g_autofree char *folder = isc_demo_make_folder (dir, "thermal", cancellable, error);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (folder == NULL)
    return FALSE;
  a = g_build_filename (folder, ISC_DEMO_THERMAL_HYDROXIDE, NULL);
  b = g_build_filename (folder, ISC_DEMO_THERMAL_MIXTURE, NULL);
  if (!write_curve (a, FALSE, error) || !write_curve (b, TRUE, error))
    return FALSE;
  if (progress != NULL)
    progress (1.0, progress_data);
  return TRUE;
}
