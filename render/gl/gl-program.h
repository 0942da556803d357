/* gl-program.h: compiles and links a GLSL program, with the driver's log in the error.
 * Needs a current OpenGL context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <epoxy/gl.h>
#include <glib.h>

G_BEGIN_DECLS

/* The program's id, or 0 with @error (ISC_RENDER_ERROR) naming the stage that failed. */
GLuint isc_gl_program_link (const char  *vs_source,
                            const char  *fs_source,
                            GError     **error);

G_END_DECLS
