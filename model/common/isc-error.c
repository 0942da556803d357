/* isc-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "isc-error.h"

G_DEFINE_QUARK (isc-apt-error-quark, isc_apt_error)
G_DEFINE_QUARK (isc-image-error-quark, isc_image_error)
G_DEFINE_QUARK (isc-cycling-error-quark, isc_cycling_error)
G_DEFINE_QUARK (isc-project-error-quark, isc_project_error)
G_DEFINE_QUARK (isc-render-error-quark, isc_render_error)
G_DEFINE_QUARK (isc-analysis-error-quark, isc_analysis_error)
