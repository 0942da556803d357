/* fuzz-eis.c: impedance exports (EC-Lab PEIS .mpt, Gamry .DTA, ZPlot .z, Z60W/CHI text, CSV),
 * through the registry's sniff, the reader, a fit and Lin-KK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "eis-circuit.h"
#include "eis-data.h"
#include "eis-fit.h"
#include "eis-kind.h"
#include "fuzz-input.h"

const char * const isc_fuzz_suffixes[] = { ".csv", ".mpt", ".dta", ".z", ".txt", NULL };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *path = isc_fuzz_write_input (data, size);
  GError *error = NULL;
  IscEisData *eis;

  isc_eis_sniff ((const char *) data, size);
  eis = isc_eis_data_load (path, &error);
  g_assert ((eis == NULL) != (error == NULL));
  if (eis != NULL)
    {
      IscEisCircuit *circuit = isc_eis_circuit_parse ("R0-p(R1,CPE1)", NULL);

      for (guint i = 0; i < eis->spectra->len; i++)
        {
          const IscEisSpectrum *s = g_ptr_array_index (eis->spectra, i);
          IscEisFit *fit = isc_eis_fit (circuit, s, NULL, ISC_EIS_WEIGHT_MODULUS, NULL);
          IscEisLinKK *kk = isc_eis_linkk (s, 0.85, 50, TRUE, NULL);

          g_assert (s->n > 0);
          g_clear_pointer (&fit, isc_eis_fit_free);
          g_clear_pointer (&kk, isc_eis_linkk_free);
        }
      isc_eis_circuit_free (circuit);
    }
  g_clear_pointer (&eis, isc_eis_data_free);
  g_clear_error (&error);
  return 0;
}
