/* gl-context-headless.h: an OpenGL 3.3 core context without any window (EGL surfaceless
 * Mesa, or an EGL pbuffer), for the CLI, tests and benchmarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _IscGlHeadless IscGlHeadless;

/* Creates a context and makes it current on the calling thread. Render into a framebuffer
 * object: there is no default framebuffer. Fails with ISC_RENDER_ERROR,
 * ISC_ERROR_UNSUPPORTED and a message starting "no OpenGL available: " when no context can
 * be made. */
IscGlHeadless *isc_gl_headless_new          (GError        **error);
gboolean       isc_gl_headless_make_current (IscGlHeadless  *context);
/* The GL_RENDERER string, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
const char    *isc_gl_headless_get_renderer (IscGlHeadless  *context);
void           isc_gl_headless_free         (IscGlHeadless  *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscGlHeadless, isc_gl_headless_free)

G_END_DECLS
