/* gl-program.c: compiles and links a GLSL program (see gl-program.h); shared by the point
 * and mesh renderers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gl-program.h"
#include "isc-error.h"

static GLuint
compile_shader (GLenum       type,
                const char  *source,
                GError     **error)
{
  GLuint shader = glCreateShader (type);
  GLint ok = 0;

  glShaderSource (shader, 1, &source, NULL);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &ok);
  if (!ok)
    {
      char log[1024] = "";

      glGetShaderInfoLog (shader, sizeof log, NULL, log);
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
                   "%s shader does not compile: %s",
                   type == GL_VERTEX_SHADER ? "vertex" : "fragment", log);
      glDeleteShader (shader);
      return 0;
    }
  return shader;
}

GLuint
isc_gl_program_link (const char  *vs_source,
                     const char  *fs_source,
                     GError     **error)
{
  GLuint vs, fs, program;
  GLint ok = 0;

  vs = compile_shader (GL_VERTEX_SHADER, vs_source, error);
  if (vs == 0)
    return 0;
  fs = compile_shader (GL_FRAGMENT_SHADER, fs_source, error);
  if (fs == 0)
    {
      glDeleteShader (vs);
      return 0;
    }
  program = glCreateProgram ();
  glAttachShader (program, vs);
  glAttachShader (program, fs);
  glLinkProgram (program);
  glDetachShader (program, vs);
  glDetachShader (program, fs);
  glDeleteShader (vs);
  glDeleteShader (fs);
  glGetProgramiv (program, GL_LINK_STATUS, &ok);
  if (!ok)
    {
      char log[1024] = "";

      glGetProgramInfoLog (program, sizeof log, NULL, log);
      g_set_error (error, ISC_RENDER_ERROR, ISC_ERROR_UNSUPPORTED,
                   "shader program does not link: %s", log);
      glDeleteProgram (program);
      return 0;
    }
  return program;
}
