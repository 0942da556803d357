/* point-renderer.h: OpenGL 3.3 core renderer of an ion cloud as round, depth-tested point
 * sprites, vertex buffers per species (6 bytes per ion), with level of detail, progressive
 * refinement, bounding box, axis triad and ROI outlines. Needs only a current GL context (no GTK).
 *
 * Every function except the getters must be called with the context that created the
 * renderer current.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "camera.h"
#include "gl-roi.h"
#include "ion-cloud.h"
#include "point-batch.h"
#include "range-set.h"

G_BEGIN_DECLS

/* Species index of ions outside every range (a grey layer, hidden by default). */
#define ISC_POINT_RENDERER_UNRANGED ISC_ION_UNRANGED
#define ISC_POINT_RENDERER_N_SPECIES 256
/* Side of the square, lower-left viewport of the axis triad, in pixels (× pixel scale); the
 * axes reach ISC_POINT_RENDERER_TRIAD_REACH of its half side (x, y at 0.8 of that). */
#define ISC_POINT_RENDERER_TRIAD_PX 72
#define ISC_POINT_RENDERER_TRIAD_REACH 0.75

/* The level of detail never goes below this many ions while turning. */
#define ISC_POINT_RENDERER_MIN_LOD_BUDGET 4096

typedef struct _IscPointRenderer IscPointRenderer;

/* Compiles the shaders. Fails with ISC_RENDER_ERROR when the context is not GL ≥ 3.3 core or
 * a shader does not build. */
IscPointRenderer *isc_point_renderer_new             (GError          **error);
/* Releases the GL objects (with the context current) and the renderer. */
void              isc_point_renderer_free            (IscPointRenderer *renderer);

/* Uploads a prepared batch (see point-batch.h) into vertex buffers per species (6 bytes
 * per ion on the GPU: x, y, z as 16-bit fractions of the bounds). The batch is not kept. A
 * batch of a cloud without ion types becomes one unranged layer, made visible. NULL removes
 * the data. */
void              isc_point_renderer_set_batch       (IscPointRenderer    *renderer,
                                                      const IscPointBatch *batch);
/* Takes @batch (transfer full) and copies it into the vertex buffers a step at a time: each
 * draw copies the next part of every species (a representative subsample, as the batch is in
 * random order) and draws only what is there; a full, non-interactive isc_point_renderer_draw
 * copies the rest at once. The batch is freed when all of it is on the GPU, so the renderer
 * keeps no CPU copy of the ions. */
void              isc_point_renderer_take_batch      (IscPointRenderer    *renderer,
                                                      IscPointBatch       *batch);
/* TRUE while a taken batch is not yet all in the vertex buffers. */
gboolean          isc_point_renderer_get_uploading   (IscPointRenderer    *renderer);
/* Prepares and uploads @cloud in one go on the calling thread (the cloud is not kept).
 * FALSE with @error (and no data shown) when the vertex data cannot be allocated. */
gboolean          isc_point_renderer_set_cloud       (IscPointRenderer   *renderer,
                                                      const IscIonCloud  *cloud,
                                                      GError            **error);

/* Per-species appearance (species 0..254, or ISC_POINT_RENDERER_UNRANGED); applies at the
 * next draw. Colours are r, g, b in 0..1, sizes are point diameters in pixels. */
void              isc_point_renderer_set_species     (IscPointRenderer  *renderer,
                                                      guint              species,
                                                      const char        *name,
                                                      const float        rgb[3]);
/* Names and colours of every ion type of @ranges (species index = ion-type index). */
void              isc_point_renderer_set_species_from_ranges (IscPointRenderer  *renderer,
                                                              const IscRangeSet *ranges);
void              isc_point_renderer_set_species_color (IscPointRenderer *renderer,
                                                        guint             species,
                                                        const float       rgb[3]);
void              isc_point_renderer_set_species_size  (IscPointRenderer *renderer,
                                                        guint             species,
                                                        float             size_px);
void              isc_point_renderer_set_species_visible (IscPointRenderer *renderer,
                                                          guint             species,
                                                          gboolean          visible);
/* Returns the species' number of ions in the uploaded cloud; fills what is non-NULL. */
gsize             isc_point_renderer_get_species     (IscPointRenderer  *renderer,
                                                      guint              species,
                                                      const char       **name,
                                                      float              rgb[3],
                                                      float             *size_px,
                                                      gboolean          *visible);

void              isc_point_renderer_set_background  (IscPointRenderer  *renderer,
                                                      const float        rgb[3]);
void              isc_point_renderer_get_background  (IscPointRenderer  *renderer,
                                                      float              rgb[3]);
void              isc_point_renderer_set_show_box    (IscPointRenderer  *renderer,
                                                      gboolean           show);
void              isc_point_renderer_set_show_axes   (IscPointRenderer  *renderer,
                                                      gboolean           show);
gboolean          isc_point_renderer_get_show_axes   (IscPointRenderer  *renderer);
/* Multiplies every point size and the triad (e.g. for high-resolution export). */
void              isc_point_renderer_set_pixel_scale (IscPointRenderer  *renderer,
                                                      float              scale);
/* Copies @n_rois regions to outline (replacing the previous ones). @colors holds r, g, b,
 * a (0..1) per region, or is NULL for the default magenta. */
void              isc_point_renderer_set_rois        (IscPointRenderer  *renderer,
                                                      const IscRoi      *rois,
                                                      const float      (*colors)[4],
                                                      guint              n_rois);

/* Level of detail: while interactive, draws a subsample (a prefix of each species' fixed
 * random order, never more ions than the budget) sized so that the whole frame — the draw
 * plus the caller's overhead — stays under the frame budget (default 25 ms, below the 33 ms
 * of 30 frames/s); when not interactive draws all. The frame time is measured by the
 * caller, who owns the clock (the widget's frame clock, or glFinish around a headless draw):
 * GPU timer queries are not trustworthy on software GL. */
void              isc_point_renderer_set_interactive (IscPointRenderer  *renderer,
                                                      gboolean           interactive);
void              isc_point_renderer_set_frame_budget (IscPointRenderer *renderer,
                                                       double            ms);
/* Feeds the time (ms) the last draw took; adapts the budget of that kind of draw to it. */
void              isc_point_renderer_report_frame_time (IscPointRenderer *renderer,
                                                        double            ms);
/* The time (ms) each frame costs beyond the renderer's draw — compositing and presenting
 * the picture, measured by the caller between frames; the budget of ions leaves it out. */
void              isc_point_renderer_set_frame_overhead (IscPointRenderer *renderer,
                                                         double            ms);
double            isc_point_renderer_get_frame_overhead (IscPointRenderer *renderer);
/* Ions the level of detail currently allows while interactive. */
guint64           isc_point_renderer_get_lod_budget  (IscPointRenderer  *renderer);
/* Ions a progressive step may add to stay in the budget: steered by the reports of
 * progressive frames only, as the interactive budget is by interactive frames. */
guint64           isc_point_renderer_get_refine_budget (IscPointRenderer *renderer);

/* Clears and draws into the bound framebuffer over the camera's viewport (0, 0, width,
 * height). */
void              isc_point_renderer_draw            (IscPointRenderer  *renderer,
                                                      const IscCamera   *camera);
/* Progressive refinement: draws into the bound framebuffer (viewport 0, 0, width, height) the
 * picture kept between calls in an offscreen framebuffer of the renderer, after adding up to
 * @max_ions more ions to it (the next part of every visible species' random order, in
 * proportion). Any change of camera, size, appearance, regions or data starts a new picture.
 * The kept depth is copied too when the bound framebuffer's depth format allows, so that
 * what is drawn afterwards is hidden behind nearer ions. Returns TRUE once every ion of the
 * visible species is in the picture (it then equals isc_point_renderer_draw's, up to the
 * order of ions at exactly equal depth). Time the call and report it as for interactive
 * frames: the copy is counted as a fixed cost, not per ion. */
gboolean          isc_point_renderer_draw_progressive (IscPointRenderer *renderer,
                                                       const IscCamera  *camera,
                                                       guint64           max_ions);
/* After a draw: ions in the picture and ions of the visible species. */
void              isc_point_renderer_get_counts      (IscPointRenderer  *renderer,
                                                      guint64           *shown,
                                                      guint64           *total);
/* Bounds (nm) of the uploaded cloud; FALSE when there is none. */
gboolean          isc_point_renderer_get_bounds      (IscPointRenderer  *renderer,
                                                      float              min[3],
                                                      float              max[3]);
/* Bytes of vertex data on the GPU, and the time the last buffer upload took (ms, including
 * glFinish; preparing the batch is timed in IscPointBatch.prepare_ms). */
guint64           isc_point_renderer_get_gpu_bytes   (IscPointRenderer  *renderer);
double            isc_point_renderer_get_upload_ms   (IscPointRenderer  *renderer);
/* The last reported frame time (ms), or -1. */
double            isc_point_renderer_get_last_frame_ms (IscPointRenderer *renderer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscPointRenderer, isc_point_renderer_free)

G_END_DECLS
