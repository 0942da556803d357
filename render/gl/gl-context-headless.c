/* gl-context-headless.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gl-context-headless.h"
#include "isc-error.h"

#include <epoxy/gl.h>
#ifdef HAVE_EGL
#include <epoxy/egl.h>
#endif

struct _IscGlHeadless
{
#ifdef HAVE_EGL
  EGLDisplay  display;
  EGLContext  context;
  EGLSurface  surface;
#endif
  char       *renderer;
};

#ifdef HAVE_EGL
static gboolean
has_extension (const char *list,
               const char *name)
{
  g_auto(GStrv) names = NULL;

  if (list == NULL)
    return FALSE;
  names = g_strsplit (list, " ", -1);
  return g_strv_contains ((const char * const *) names, name);
}

static EGLContext
create_core_context (EGLDisplay display,
                     EGLConfig  config)
{
  static const EGLint attribs[] = {
    EGL_CONTEXT_MAJOR_VERSION, 3,
    EGL_CONTEXT_MINOR_VERSION, 3,
    EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
    EGL_NONE,
  };

  if (!eglBindAPI (EGL_OPENGL_API))
    return EGL_NO_CONTEXT;
  return eglCreateContext (display, config, EGL_NO_CONTEXT, attribs);
}

/* Surfaceless Mesa: needs no display server at all. */
static gboolean
try_surfaceless (IscGlHeadless *self,
                 GString       *why)
{
  const char *client = eglQueryString (EGL_NO_DISPLAY, EGL_EXTENSIONS);
  EGLint major, minor;

  if (!has_extension (client, "EGL_MESA_platform_surfaceless")
      || !has_extension (client, "EGL_EXT_platform_base"))
    {
      g_string_append (why, "EGL has no surfaceless platform; ");
      return FALSE;
    }

  self->display = eglGetPlatformDisplayEXT (EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY,
                                            NULL);
  if (self->display == EGL_NO_DISPLAY || !eglInitialize (self->display, &major, &minor))
    {
      g_string_append_printf (why, "surfaceless EGL display failed (0x%x); ", eglGetError ());
      self->display = EGL_NO_DISPLAY;
      return FALSE;
    }
  if (!has_extension (eglQueryString (self->display, EGL_EXTENSIONS), "EGL_KHR_no_config_context")
      || !has_extension (eglQueryString (self->display, EGL_EXTENSIONS), "EGL_KHR_surfaceless_context"))
    {
      g_string_append (why, "surfaceless EGL lacks no-config or surfaceless contexts; ");
      eglTerminate (self->display);
      self->display = EGL_NO_DISPLAY;
      return FALSE;
    }
  self->context = create_core_context (self->display, EGL_NO_CONFIG_KHR);
  if (self->context == EGL_NO_CONTEXT)
    {
      g_string_append_printf (why, "no GL 3.3 core context on surfaceless EGL (0x%x); ",
                              eglGetError ());
      eglTerminate (self->display);
      self->display = EGL_NO_DISPLAY;
      return FALSE;
    }
  return TRUE;
}

/* Fallback: the default EGL display with a 1×1 pbuffer. */
static gboolean
try_pbuffer (IscGlHeadless *self,
             GString       *why)
{
  static const EGLint config_attribs[] = {
    EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,
    EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
    EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8,
    EGL_NONE,
  };
  static const EGLint pbuffer_attribs[] = { EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE };
  EGLConfig config;
  EGLint major, minor, n_configs = 0;

  self->display = eglGetDisplay (EGL_DEFAULT_DISPLAY);
  if (self->display == EGL_NO_DISPLAY || !eglInitialize (self->display, &major, &minor))
    {
      g_string_append_printf (why, "default EGL display failed (0x%x)", eglGetError ());
      self->display = EGL_NO_DISPLAY;
      return FALSE;
    }
  if (!eglChooseConfig (self->display, config_attribs, &config, 1, &n_configs) || n_configs < 1)
    {
      g_string_append (why, "no EGL config for an OpenGL pbuffer");
      goto fail;
    }
  self->surface = eglCreatePbufferSurface (self->display, config, pbuffer_attribs);
  if (self->surface == EGL_NO_SURFACE)
    {
      g_string_append_printf (why, "EGL pbuffer failed (0x%x)", eglGetError ());
      goto fail;
    }
  self->context = create_core_context (self->display, config);
  if (self->context == EGL_NO_CONTEXT)
    {
      g_string_append_printf (why, "no GL 3.3 core context on the EGL pbuffer (0x%x)",
                              eglGetError ());
      goto fail;
    }
  return TRUE;

fail:
  if (self->surface != EGL_NO_SURFACE)
    eglDestroySurface (self->display, self->surface);
  self->surface = EGL_NO_SURFACE;
  eglTerminate (self->display);
  self->display = EGL_NO_DISPLAY;
  return FALSE;
}
#endif

IscGlHeadless *
isc_gl_headless_new (GError **error)
{
  g_autoptr(IscGlHeadless) self = g_new0 (IscGlHeadless, 1);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

#ifdef HAVE_EGL
  {
    g_autoptr(GString) why = g_string_new (NULL);

    self->display = EGL_NO_DISPLAY;
    self->context = EGL_NO_CONTEXT;
    self->surface = EGL_NO_SURFACE;
    /* libepoxy aborts on calls into a missing libEGL: ask first. */
    if (!epoxy_has_egl ())
      {
        g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
                     "no OpenGL available: libEGL cannot be loaded");
        return NULL;
      }
    if (!try_surfaceless (self, why) && !try_pbuffer (self, why))
      {
        g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
                     "no OpenGL available: %s", why->str);
        return NULL;
      }
    if (!isc_gl_headless_make_current (self))
      {
        g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
                     "no OpenGL available: cannot make the EGL context current (0x%x)",
                     eglGetError ());
        return NULL;
      }
    if (epoxy_gl_version () < 33)
      {
        g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
                     "no OpenGL available: OpenGL 3.3 needed, the driver offers %d.%d",
                     epoxy_gl_version () / 10, epoxy_gl_version () % 10);
        return NULL;
      }
    self->renderer = g_strdup ((const char *) glGetString (GL_RENDERER));
    return g_steal_pointer (&self);
  }
#else
  g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
               "no OpenGL available: built without EGL");
  return NULL;
#endif
}

gboolean
isc_gl_headless_make_current (IscGlHeadless *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

#ifdef HAVE_EGL
  return eglMakeCurrent (self->display, self->surface, self->surface, self->context);
#else
  return FALSE;
#endif
}

const char *
isc_gl_headless_get_renderer (IscGlHeadless *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->renderer;
}

void
isc_gl_headless_free (IscGlHeadless *self)
{
  if (self == NULL)
    return;

#ifdef HAVE_EGL
  if (self->display != EGL_NO_DISPLAY)
    {
      eglMakeCurrent (self->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      if (self->context != EGL_NO_CONTEXT)
        eglDestroyContext (self->display, self->context);
      if (self->surface != EGL_NO_SURFACE)
        eglDestroySurface (self->display, self->surface);
      /* eglTerminate would also tear down displays shared with GDK in the same process. */
    }
#endif
  g_free (self->renderer);
  g_free (self);
}
