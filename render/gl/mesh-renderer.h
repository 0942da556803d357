/* mesh-renderer.h: OpenGL 3.3 core renderer of what the spatial analyses add to the point
 * cloud: triangle meshes (isosurfaces), lit by a head light from both sides, translucent, one
 * colour per surface; and ions recoloured one by one (clusters).
 * Needs only a current GL context (no GTK); call every function except the getters with the
 * context that created the renderer current.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "camera.h"

G_BEGIN_DECLS

typedef struct _IscMeshRenderer IscMeshRenderer;

/* Compiles the shaders; fails with ISC_RENDER_ERROR when the context is not GL ≥ 3.3 core. */
IscMeshRenderer *isc_mesh_renderer_new          (GError           **error);
void             isc_mesh_renderer_free         (IscMeshRenderer   *renderer);
/* Uploads a mesh (copied): @n_vertices positions (3 floats, nm) with unit normals (3 floats;
 * NULL: flat, from the triangles), @n_triangles triangles (3 vertex indices each), the
 * surface of each triangle (NULL: all 0) and one r, g, b, a colour per surface (@n_surfaces).
 * @n_triangles 0 removes the mesh. */
void             isc_mesh_renderer_set_mesh     (IscMeshRenderer   *renderer,
                                                 const float       *vertices,
                                                 const float       *normals,
                                                 guint              n_vertices,
                                                 const guint32     *triangles,
                                                 guint              n_triangles,
                                                 const guint32     *surface_of,
                                                 const float      (*colors)[4],
                                                 guint              n_surfaces);
guint            isc_mesh_renderer_get_n_triangles (IscMeshRenderer *renderer);
/* A per-ion colour override: @n points (3 floats each, nm) drawn as round sprites of
 * @size_px in their own r, g, b colours (@rgb, 3 floats each) over the species' points at the
 * same places (e.g. the ions of each cluster). @n 0 removes them. */
void             isc_mesh_renderer_set_points   (IscMeshRenderer   *renderer,
                                                 const float       *xyz,
                                                 const float       *rgb,
                                                 gsize              n,
                                                 float              size_px);
gsize            isc_mesh_renderer_get_n_points (IscMeshRenderer   *renderer);
/* Draws over what the bound framebuffer holds (the points and their depth): first the
 * override points, then the mesh with depth test and without depth writes, so the points
 * inside stay visible through the surface. */
void             isc_mesh_renderer_draw         (IscMeshRenderer   *renderer,
                                                 const IscCamera   *camera);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscMeshRenderer, isc_mesh_renderer_free)

G_END_DECLS
