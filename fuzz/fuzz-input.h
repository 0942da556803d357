/* fuzz-input.h: what every fuzz harness shares. The readers take file names (the name picks the
 * format where the bytes do not), so each input is written to a file with a chosen suffix.
 *
 * A harness defines LLVMFuzzerTestOneInput and the NULL-terminated list of suffixes it reads;
 * under libFuzzer the suffix comes from $ISC_FUZZ_SUFFIX (default: the first), and the replay
 * driver takes it from each replayed file's own name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* Suffixes of the harness's formats (".pos", …); defined by each harness. */
extern const char * const isc_fuzz_suffixes[];

int  LLVMFuzzerTestOneInput (const uint8_t *data,
                             size_t         size);

/* The suffix of the current input. */
const char *isc_fuzz_suffix        (void);
void        isc_fuzz_set_suffix    (const char *suffix);

/* Writes the input to a file named with the current suffix in a private temporary folder
 * and returns its path (owned by the helper, valid until the next call). */
const char *isc_fuzz_write_input   (const uint8_t *data,
                                    size_t         size);

G_END_DECLS
