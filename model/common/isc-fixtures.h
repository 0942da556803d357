/* isc-fixtures.h: where the shared real-world test files live.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns the fixtures folder: $IONSCAPE_FIXTURES if set, else ../shared/fixtures beside the
 * source root; NULL when neither exists (tests then skip with a message). Free with g_free. */
char *isc_fixtures_dir  (void);

/* Returns the path of @relative inside the fixtures folder, or NULL when it is missing. */
char *isc_fixture_path  (const char *relative);

G_END_DECLS
