/* eis-circuit.h: equivalent circuits in the common string notation, and their impedance.
 *
 * The notation is impedance.py's: elements joined in series by '-', parallel blocks written
 * p(A,B[,C…]), blocks nested freely: "R0-p(R1,CPE1)-W1". An element is a type followed by an
 * identifier of digits, letters after a digit, or '_' ("R0", "CPE1", "Wo_1"):
 *   R    resistance R [Ω]                       Z = R
 *   C    capacitance C [F]                      Z = 1/(jωC)
 *   L    inductance L [H]                       Z = jωL
 *   CPE  constant-phase element Q [Ω⁻¹sᵅ], α    Z = 1/(Q (jω)^α)
 *   W    semi-infinite Warburg Aw [Ω s^-½]      Z = Aw (1 − j)/√ω
 *   Wo   finite-length open Warburg Z0 [Ω], τ [s]     Z = Z0 coth(√(jωτ))/√(jωτ)
 *   Ws   finite-length short Warburg Z0 [Ω], τ [s]    Z = Z0 tanh(√(jωτ))/√(jωτ)
 * with ω = 2πf. Parameters are numbered in the order the elements appear; an element with one
 * parameter names it by the element ("R0"), one with two adds _0 and _1 ("CPE1_0", "CPE1_1"), as
 * impedance.py writes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "eis-data.h"

G_BEGIN_DECLS

typedef struct _IscEisCircuit IscEisCircuit;

/* Parses @text; errors (ISC_EIS_ERROR, ISC_ERROR_ARGUMENT) name the character offset. */
IscEisCircuit *isc_eis_circuit_parse            (const char          *text,
                                                 GError             **error);
void           isc_eis_circuit_free             (IscEisCircuit       *circuit);
const char    *isc_eis_circuit_get_text         (const IscEisCircuit *circuit);

guint          isc_eis_circuit_get_n_params     (const IscEisCircuit *circuit);
const char    *isc_eis_circuit_get_param_name   (const IscEisCircuit *circuit,
                                                 guint                index);
/* "Ohm", "F", "H", "Ohm^-1 s^a", "", "Ohm s^-1/2", "s" */
const char    *isc_eis_circuit_get_param_unit   (const IscEisCircuit *circuit,
                                                 guint                index);

/* TRUE for a parameter bounded to (0, 1): a CPE's exponent α. Every other parameter is > 0. */
gboolean       isc_eis_circuit_param_is_fraction (const IscEisCircuit *circuit,
                                                  guint                index);

/* Z at @freq_hz for @params (isc_eis_circuit_get_n_params values). */
void           isc_eis_circuit_eval             (const IscEisCircuit *circuit,
                                                 const double        *params,
                                                 double               freq_hz,
                                                 double              *re,
                                                 double              *im);

/* Starting values from the spectrum's shape: the high-frequency intercept for a series R, the
 * arc's width shared among the other resistances, capacitances from the arc's apex. */
void           isc_eis_circuit_guess_initial    (const IscEisCircuit  *circuit,
                                                 const IscEisSpectrum *spectrum,
                                                 double               *params);

/* The parameter index of the charge-transfer resistance: the first R inside a parallel block
 * (R1 of "R0-p(R1,CPE1)"), or -1 when the circuit has none. */
int            isc_eis_circuit_charge_transfer  (const IscEisCircuit *circuit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscEisCircuit, isc_eis_circuit_free)

G_END_DECLS
