/* demo-eis.c: impedance spectra of TS-NCM and R-NCM before and after 100 cycles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "demo-eis.h"
#include "demo.h"
#include "eis-circuit.h"
#include "isc-error.h"

#define F_MAX_HZ      1e5
#define F_MIN_HZ      1e-2
#define PER_DECADE    10
#define NOISE         0.003

void
isc_demo_eis_params (gboolean two_step,
                     gboolean cycled,
                     double   params[5])
{
  /* Cycling thickens the surface layer: a larger R_ct, slightly more electrolyte resistance and
   * a less ideal double layer; the R-NCM surface degrades more (its rock-salt layer is thicker). */
  params[0] = cycled ? 4.2 : 3.5;
  params[1] = !cycled ? ISC_DEMO_EIS_RCT_BEFORE : two_step ? ISC_DEMO_EIS_RCT_TS_AFTER : ISC_DEMO_EIS_RCT_R_AFTER;
  params[2] = cycled ? 2.6e-5 : 2.0e-5;
  params[3] = cycled ? 0.82 : 0.86;
  params[4] = cycled ? 24.0 : 18.0;
}

static void
append_spectrum (GString             *out,
                 const IscEisCircuit *circuit,
                 const double        *params,
                 guint                cycle,
                 GRand               *rand)
{
  guint n = (guint) round (log10 (F_MAX_HZ / F_MIN_HZ) * PER_DECADE);

  for (guint k = 0; k <= n; k++)
    {
      double f = F_MAX_HZ * pow (10, -(double) k / PER_DECADE);
      double re, im;
      char fs[G_ASCII_DTOSTR_BUF_SIZE], rs[G_ASCII_DTOSTR_BUF_SIZE], is[G_ASCII_DTOSTR_BUF_SIZE];

      isc_eis_circuit_eval (circuit, params, f, &re, &im);
      re *= 1 + NOISE * g_rand_double_range (rand, -1, 1);
      im *= 1 + NOISE * g_rand_double_range (rand, -1, 1);
      g_ascii_formatd (fs, sizeof fs, "%.6e", f);
      g_ascii_formatd (rs, sizeof rs, "%.6e", re);
      g_ascii_formatd (is, sizeof is, "%.6e", -im);
      g_string_append_printf (out, "%s\t%s\t%s\t%u\n", fs, rs, is, cycle);
    }
}

static gboolean
write_cell (const char  *path,
            gboolean     two_step,
            GError     **error)
{
  g_autoptr(IscEisCircuit) circuit = isc_eis_circuit_parse (ISC_DEMO_EIS_CIRCUIT, error);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (two_step ? 622 : 850);
  double before[5], after[5];

  if (circuit == NULL)
    return FALSE;
  isc_demo_eis_params (two_step, FALSE, before);
  isc_demo_eis_params (two_step, TRUE, after);
  /* An EC-Lab PEIS export: the header counts its own lines, the last one names the columns. */
  g_string_append (out, "EC-Lab ASCII FILE\nNb header lines : 6\n\n"
                        "Potentio Electrochemical Impedance Spectroscopy\n");
  g_string_append_printf (out, "Sample: %s half cell vs Li, 2.7-4.3 V (Ionscape demo)\n",
                          two_step ? "TS-NCM (LiNi0.6Co0.2Mn0.2O2, two-step calcination)"
                                   : "R-NCM (LiNi0.6Co0.2Mn0.2O2, reference calcination)");
  g_string_append (out, "freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\tcycle number\n");
  append_spectrum (out, circuit, before, ISC_DEMO_EIS_CYCLE_BEFORE, rand);
  append_spectrum (out, circuit, after, ISC_DEMO_EIS_CYCLE_AFTER, rand);
  return g_file_set_contents (path, out->str, out->len, error);
}

gboolean
isc_demo_write_eis (const char       *dir,
                    GCancellable     *cancellable,
                    IscProgressFunc   progress,
                    gpointer          progress_data,
                    GError          **error)
{
  g_autofree char *folder = isc_demo_make_folder (dir, "eis", cancellable, error);
  g_autofree char *ts = NULL;
  g_autofree char *r = NULL;

  if (folder == NULL)
    return FALSE;
  ts = g_build_filename (folder, ISC_DEMO_EIS_TS_NCM, NULL);
  r = g_build_filename (folder, ISC_DEMO_EIS_R_NCM, NULL);
  if (!write_cell (ts, TRUE, error) || !write_cell (r, FALSE, error))
    return FALSE;
  if (progress != NULL)
    progress (1.0, progress_data);
  return TRUE;
}
