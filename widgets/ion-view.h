/* ion-view.h: the 3-D ion map, a GtkGLArea that draws an ion cloud coloured by species with
 * mouse, touchpad and keyboard controls, level of detail while turning, a picture refined
 * over frames at rest ("drawn-ions", and the status says so) and ROI outlines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "figure-options.h"

#include "camera.h"
#include "roi.h"
#include "ion-cloud.h"
#include "range-set.h"

G_BEGIN_DECLS

#define ISC_TYPE_ION_VIEW (isc_ion_view_get_type ())

G_DECLARE_FINAL_TYPE (IscIonView, isc_ion_view, ISC, ION_VIEW, GtkGLArea)

GtkWidget  *isc_ion_view_new                  (void);
/* On software OpenGL (llvmpipe, softpipe, swrast) makes GTK composite windows with cairo,
 * which repaints only what changed, instead of its GL renderer, which repaints and presents
 * the whole window for every frame of the 3-D view. Call before the first window is made;
 * a GSK_RENDERER set by the user wins. TRUE when cairo was chosen. */
gboolean    isc_ion_view_prefer_cairo_on_software_gl (void);

/* Shows @cloud (the view takes a reference; its positions are prepared on a worker thread and
 * uploaded to the GPU once, so it must not change afterwards). @ranges (copied, may be NULL) gives species names and
 * colours; species index = ion_type. Resets the camera. NULL clears the view. */
void        isc_ion_view_set_cloud            (IscIonView        *view,
                                               IscIonCloud       *cloud,
                                               const IscRangeSet *ranges);

/* Per-species appearance; applies at once. @species is an ion-type index or
 * ISC_ION_UNRANGED (the grey unranged layer, hidden by default). The visibility setter has
 * the shape of IscSpeciesList's "visibility-changed" handler (connect it swapped). */
void        isc_ion_view_set_species_visible  (IscIonView        *view,
                                               guint              species,
                                               gboolean           visible);
/* r, g, b in 0..1 (as IscIonType and isc_species_list_get_color () hold them). */
void        isc_ion_view_set_species_color    (IscIonView        *view,
                                               guint              species,
                                               const double       rgb[3]);
/* Point diameter in logical pixels. */
void        isc_ion_view_set_species_size     (IscIonView        *view,
                                               guint              species,
                                               float              size);

/* Regions outlined in the scene (copied). @colors: r, g, b, a per region, or NULL for the
 * default. */
void        isc_ion_view_set_rois             (IscIonView        *view,
                                               const IscRoi      *rois,
                                               const float      (*colors)[4],
                                               guint              n_rois);

/* Appends one region (copied; @color may be NULL). The action "ion-view.add-cylinder" with
 * "z" or "view" creates a cylinder through the view's centre in one step. */
void        isc_ion_view_add_roi              (IscIonView        *view,
                                               const IscRoi      *roi,
                                               const float        color[4]);
/* The regions shown (owned by the view, valid until they change: "rois-changed"). */
const IscRoi *isc_ion_view_get_rois           (IscIonView        *view,
                                               guint             *n_rois);

/* The selected region (its handles are drawn and can be dragged; Delete removes it, Escape
 * clears the selection): an index into isc_ion_view_get_rois (), or -1 ("selected-roi"
 * property, notified on change). A click on an outline selects its region; a region just
 * added is selected. */
int         isc_ion_view_get_selected_roi     (IscIonView        *view);
void        isc_ion_view_select_roi           (IscIonView        *view,
                                               int                index);
/* Replaces region @index (copied) and emits "rois-changed". */
void        isc_ion_view_update_roi           (IscIonView        *view,
                                               guint              index,
                                               const IscRoi      *roi);
/* Removes region @index (the selection follows its region or clears) and emits
 * "rois-changed". */
void        isc_ion_view_remove_roi           (IscIonView        *view,
                                               guint              index);

/* The view's camera (owned by the view). After changing it, call
 * gtk_gl_area_queue_render (). Its viewport is in device pixels. */
IscCamera  *isc_ion_view_get_camera           (IscIonView        *view);
void        isc_ion_view_view_axis            (IscIonView        *view,
                                               IscViewAxis        axis);
void        isc_ion_view_reset                (IscIonView        *view);

/* "showing N of M ions" while the view draws a subsample, else "". */
const char *isc_ion_view_get_status           (IscIonView        *view);
/* TRUE while a new cloud is prepared for the GPU on a worker thread ("loading" property). */
gboolean    isc_ion_view_get_loading          (IscIonView        *view);
/* FALSE (and the view shows a message instead) when no OpenGL context could be made. */
gboolean    isc_ion_view_get_gl_available     (IscIonView        *view);

/* Renders the current view offscreen at @width × @height px to a PNG, independent of the
 * widget's size. Needs the view realized. */
gboolean    isc_ion_view_export_png           (IscIonView        *view,
                                               const char        *path,
                                               int                width,
                                               int                height,
                                               gboolean           legend,
                                               gboolean           scale_bar,
                                               GError           **error);

/* The current view as a figure in the journal units of @options: width × height at its dpi,
 * points, legend, scale bar and triad sized from its text size (gl-export.h), its background;
 * PNG or TIFF by the suffix of @path, or PDF/SVG holding the image at that size. */
gboolean    isc_ion_view_export_with_options  (IscIonView              *view,
                                               const char              *path,
                                               const IscFigureOptions  *options,
                                               GError                 **error);

/* Draws the scale bar at exactly @length_nm (to match another view of the same site), or at
 * an automatic round length when @length_nm is 0. */
void        isc_ion_view_set_scale_bar_length (IscIonView        *view,
                                               double             length_nm);

/* Surfaces drawn lit and translucent over the points (copied; see mesh-renderer.h for the
 * arrays). @n_triangles 0 removes them. */
void        isc_ion_view_set_mesh             (IscIonView        *view,
                                               const float       *vertices,
                                               const float       *normals,
                                               guint              n_vertices,
                                               const guint32     *triangles,
                                               guint              n_triangles,
                                               const guint32     *surface_of,
                                               const float      (*colors)[4],
                                               guint              n_surfaces);
guint       isc_ion_view_get_mesh_triangles   (IscIonView        *view);
/* A colour override for some ions: ion @ions[k] of the cloud is drawn in
 * @colors[@labels[k] % @n_colors] (e.g. a cluster analysis's members and their cluster ids;
 * only these n ions are kept, never an array per ion of the cloud); with @hide_others the
 * other ions are not drawn. NULL @ions removes it. Set it again after a new cloud. */
void        isc_ion_view_set_ion_labels       (IscIonView        *view,
                                               const guint32     *ions,
                                               const guint32     *labels,
                                               gsize              n,
                                               const float      (*colors)[3],
                                               guint              n_colors,
                                               gboolean           hide_others);
gsize       isc_ion_view_get_n_labelled_ions  (IscIonView        *view);

G_END_DECLS
