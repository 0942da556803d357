/* isc-gi.h: the model as seen from Python (GObject Introspection namespace Ionscape 1.0).
 *
 * The model's own types are plain structs (DESIGN.md); this facade wraps the ones a notebook
 * needs in small GObjects that introspection can describe, with the names of the CLI's JSON
 * keys (`ionscape-cli composition --json`, `fda --json`, `info`). Per-ion and per-pixel arrays
 * come as GBytes that point into the model's own memory (a reference on the cloud or image
 * keeps it alive), so numpy wraps them without a copy: see gi/overrides/Ionscape.py and
 * docs/python.md. Everything here is synchronous and runs in the caller's thread.
 *
 * This header includes only GLib/GIO so that g-ir-scanner reads nothing else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ISC_GI_TYPE_RANGES (isc_gi_ranges_get_type ())
G_DECLARE_FINAL_TYPE (IscGiRanges, isc_gi_ranges, ISC_GI, RANGES, GObject)

#define ISC_GI_TYPE_APT_DATA (isc_gi_apt_data_get_type ())
G_DECLARE_FINAL_TYPE (IscGiAptData, isc_gi_apt_data, ISC_GI, APT_DATA, GObject)

#define ISC_GI_TYPE_COMPOSITION (isc_gi_composition_get_type ())
G_DECLARE_FINAL_TYPE (IscGiComposition, isc_gi_composition, ISC_GI, COMPOSITION, GObject)

#define ISC_GI_TYPE_FDA_RESULT (isc_gi_fda_result_get_type ())
G_DECLARE_FINAL_TYPE (IscGiFdaResult, isc_gi_fda_result, ISC_GI, FDA_RESULT, GObject)

#define ISC_GI_TYPE_PROFILE (isc_gi_profile_get_type ())
G_DECLARE_FINAL_TYPE (IscGiProfile, isc_gi_profile, ISC_GI, PROFILE, GObject)

#define ISC_GI_TYPE_IMAGE (isc_gi_image_get_type ())
G_DECLARE_FINAL_TYPE (IscGiImage, isc_gi_image, ISC_GI, IMAGE, GObject)

#define ISC_GI_TYPE_CYCLER_DATA (isc_gi_cycler_data_get_type ())
G_DECLARE_FINAL_TYPE (IscGiCyclerData, isc_gi_cycler_data, ISC_GI, CYCLER_DATA, GObject)

#define ISC_GI_TYPE_DATASET (isc_gi_dataset_get_type ())
G_DECLARE_FINAL_TYPE (IscGiDataset, isc_gi_dataset, ISC_GI, DATASET, GObject)

#define ISC_GI_TYPE_PROJECT (isc_gi_project_get_type ())
G_DECLARE_FINAL_TYPE (IscGiProject, isc_gi_project, ISC_GI, PROJECT, GObject)

#define ISC_GI_TYPE_CONDITION (isc_gi_condition_get_type ())
G_DECLARE_FINAL_TYPE (IscGiCondition, isc_gi_condition, ISC_GI, CONDITION, GObject)

#define ISC_GI_TYPE_SITE (isc_gi_site_get_type ())
G_DECLARE_FINAL_TYPE (IscGiSite, isc_gi_site, ISC_GI, SITE, GObject)

/* Buffers */
guint64           isc_gi_bytes_get_address          (GBytes        *bytes);
const char       *isc_gi_get_version                (void);

/* Range files */
IscGiRanges      *isc_gi_ranges_load                (const char    *path,
                                                     GError       **error);
const char       *isc_gi_ranges_get_source_path     (IscGiRanges   *self);
guint             isc_gi_ranges_get_n_ion_types     (IscGiRanges   *self);
char            **isc_gi_ranges_get_ion_names       (IscGiRanges   *self);
char            **isc_gi_ranges_get_elements        (IscGiRanges   *self);
guint             isc_gi_ranges_get_n_ranges        (IscGiRanges   *self);
const char       *isc_gi_ranges_get_range           (IscGiRanges   *self,
                                                     guint          index,
                                                     double        *low,
                                                     double        *high);

/* APT data */
IscGiAptData     *isc_gi_apt_data_load              (const char    *path,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
guint64           isc_gi_apt_data_get_n_ions        (IscGiAptData  *self);
const char       *isc_gi_apt_data_get_format        (IscGiAptData  *self);
const char       *isc_gi_apt_data_get_source_path   (IscGiAptData  *self);
char            **isc_gi_apt_data_list_channels     (IscGiAptData  *self);
GBytes           *isc_gi_apt_data_get_channel       (IscGiAptData  *self,
                                                     const char    *name,
                                                     GError       **error);
GBytes           *isc_gi_apt_data_get_x             (IscGiAptData  *self);
GBytes           *isc_gi_apt_data_get_y             (IscGiAptData  *self);
GBytes           *isc_gi_apt_data_get_z             (IscGiAptData  *self);
GBytes           *isc_gi_apt_data_get_mq            (IscGiAptData  *self);
void              isc_gi_apt_data_get_bounds        (IscGiAptData  *self,
                                                     double        *x_min,
                                                     double        *x_max,
                                                     double        *y_min,
                                                     double        *y_max,
                                                     double        *z_min,
                                                     double        *z_max);
GBytes           *isc_gi_apt_data_get_ion_types     (IscGiAptData  *self,
                                                     IscGiRanges   *ranges,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
IscGiComposition *isc_gi_apt_data_composition       (IscGiAptData  *self,
                                                     IscGiRanges   *ranges,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
IscGiFdaResult   *isc_gi_apt_data_fda               (IscGiAptData  *self,
                                                     IscGiRanges   *ranges,
                                                     const char    *element,
                                                     guint          block_size,
                                                     const char    *chi2,
                                                     const char    *count,
                                                     const char    *block_layout,
                                                     const char    *mu_n,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
IscGiProfile     *isc_gi_apt_data_profile           (IscGiAptData  *self,
                                                     IscGiRanges   *ranges,
                                                     const char    *axis,
                                                     double         bin_width,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
char             *isc_gi_apt_data_clusters          (IscGiAptData  *self,
                                                     IscGiRanges   *ranges,
                                                     const char * const *solutes,
                                                     double         d_max,
                                                     guint          n_min,
                                                     GCancellable  *cancellable,
                                                     GError       **error);

/* Composition (keys of `ionscape-cli composition --json`) */
guint64           isc_gi_composition_get_ions_total    (IscGiComposition *self);
guint64           isc_gi_composition_get_ions_ranged   (IscGiComposition *self);
guint64           isc_gi_composition_get_ions_unranged (IscGiComposition *self);
guint64           isc_gi_composition_get_atoms_total   (IscGiComposition *self);
char            **isc_gi_composition_get_ion_names     (IscGiComposition *self);
guint64           isc_gi_composition_get_ion_count     (IscGiComposition *self,
                                                        const char       *ion);
char            **isc_gi_composition_get_elements      (IscGiComposition *self);
guint64           isc_gi_composition_get_count         (IscGiComposition *self,
                                                        const char       *element);
double            isc_gi_composition_get_fraction      (IscGiComposition *self,
                                                        const char       *element);
double            isc_gi_composition_get_sigma         (IscGiComposition *self,
                                                        const char       *element);
double            isc_gi_composition_get_ratio         (IscGiComposition *self,
                                                        const char * const *basis,
                                                        const char       *element);
char             *isc_gi_composition_to_csv            (IscGiComposition *self,
                                                        const char * const *basis);

/* Frequency distribution analysis (keys of `ionscape-cli fda --json`) */
const char       *isc_gi_fda_result_get_element      (IscGiFdaResult *self);
guint             isc_gi_fda_result_get_block_size   (IscGiFdaResult *self);
guint64           isc_gi_fda_result_get_blocks       (IscGiFdaResult *self);
double            isc_gi_fda_result_get_fraction     (IscGiFdaResult *self);
double            isc_gi_fda_result_get_chi2         (IscGiFdaResult *self);
guint             isc_gi_fda_result_get_dof          (IscGiFdaResult *self);
double            isc_gi_fda_result_get_p_value      (IscGiFdaResult *self);
double            isc_gi_fda_result_get_mu           (IscGiFdaResult *self);
const char       *isc_gi_fda_result_get_mu_n         (IscGiFdaResult *self);
guint64           isc_gi_fda_result_get_mu_n_value   (IscGiFdaResult *self);
guint64           isc_gi_fda_result_get_n_solute     (IscGiFdaResult *self);
const char       *isc_gi_fda_result_get_mode         (IscGiFdaResult *self);
const char       *isc_gi_fda_result_get_count        (IscGiFdaResult *self);
const char       *isc_gi_fda_result_get_block_layout (IscGiFdaResult *self);
guint64          *isc_gi_fda_result_get_observed     (IscGiFdaResult *self,
                                                      guint          *n_values);
double           *isc_gi_fda_result_get_expected     (IscGiFdaResult *self,
                                                      guint          *n_values);

/* 1D concentration profile */
guint             isc_gi_profile_get_n_bins          (IscGiProfile   *self);
char            **isc_gi_profile_get_elements        (IscGiProfile   *self);
double           *isc_gi_profile_get_start           (IscGiProfile   *self,
                                                      guint          *n_bins);
double           *isc_gi_profile_get_end             (IscGiProfile   *self,
                                                      guint          *n_bins);
guint64          *isc_gi_profile_get_atoms           (IscGiProfile   *self,
                                                      guint          *n_bins);
double           *isc_gi_profile_get_fraction        (IscGiProfile   *self,
                                                      const char     *element,
                                                      guint          *n_bins);
double           *isc_gi_profile_get_sigma           (IscGiProfile   *self,
                                                      const char     *element,
                                                      guint          *n_bins);
guint64          *isc_gi_profile_get_counts          (IscGiProfile   *self,
                                                      const char     *element,
                                                      guint          *n_bins);
char             *isc_gi_profile_to_csv              (IscGiProfile   *self);

/* Images */
IscGiImage       *isc_gi_image_load                  (const char     *path,
                                                      GCancellable   *cancellable,
                                                      GError        **error);
guint             isc_gi_image_get_width             (IscGiImage     *self);
guint             isc_gi_image_get_height            (IscGiImage     *self);
guint             isc_gi_image_get_frames            (IscGiImage     *self);
const char       *isc_gi_image_get_dtype             (IscGiImage     *self);
const char       *isc_gi_image_get_format            (IscGiImage     *self);
const char       *isc_gi_image_get_title             (IscGiImage     *self);
GBytes           *isc_gi_image_get_pixels            (IscGiImage     *self);
double            isc_gi_image_get_axis_origin       (IscGiImage     *self,
                                                      guint           axis);
double            isc_gi_image_get_axis_scale        (IscGiImage     *self,
                                                      guint           axis);
const char       *isc_gi_image_get_axis_unit         (IscGiImage     *self,
                                                      guint           axis);
double            isc_gi_image_get_intensity_offset  (IscGiImage     *self);
double            isc_gi_image_get_intensity_scale   (IscGiImage     *self);
const char       *isc_gi_image_get_intensity_unit    (IscGiImage     *self);
char            **isc_gi_image_list_metadata         (IscGiImage     *self);
const char       *isc_gi_image_get_metadata          (IscGiImage     *self,
                                                      const char     *key);

/* Cycler data */
IscGiCyclerData  *isc_gi_cycler_data_load            (const char      *path,
                                                      GCancellable    *cancellable,
                                                      GError         **error);
guint             isc_gi_cycler_data_get_n_records   (IscGiCyclerData *self);
const char       *isc_gi_cycler_data_get_format      (IscGiCyclerData *self);
double            isc_gi_cycler_data_get_active_mass_g (IscGiCyclerData *self);
GBytes           *isc_gi_cycler_data_get_column      (IscGiCyclerData *self,
                                                      const char      *name,
                                                      GError         **error);

/* Any dataset kind, through the registry */
IscGiDataset     *isc_gi_dataset_new_for_path        (const char      *path,
                                                      GError         **error);
const char       *isc_gi_dataset_get_kind            (IscGiDataset    *self);
const char       *isc_gi_dataset_get_path            (IscGiDataset    *self);
const char       *isc_gi_dataset_get_range_path      (IscGiDataset    *self);
GObject          *isc_gi_dataset_load                (IscGiDataset    *self,
                                                      GCancellable    *cancellable,
                                                      GError         **error);
IscGiRanges      *isc_gi_dataset_load_ranges         (IscGiDataset    *self,
                                                      GError         **error);
char             *isc_gi_dataset_summarize           (IscGiDataset    *self,
                                                      GError         **error);
GObject          *isc_gi_load                        (const char      *path,
                                                      GCancellable    *cancellable,
                                                      GError         **error);

/* Projects */
IscGiProject     *isc_gi_project_load                (const char      *path,
                                                      GError         **error);
const char       *isc_gi_project_get_path            (IscGiProject    *self);
const char       *isc_gi_project_get_notes           (IscGiProject    *self);
GList            *isc_gi_project_get_conditions      (IscGiProject    *self);
GList            *isc_gi_project_get_datasets        (IscGiProject    *self);
char             *isc_gi_project_get_batch_csv       (IscGiProject    *self);
const char       *isc_gi_condition_get_name          (IscGiCondition  *self);
guint             isc_gi_condition_get_cycles        (IscGiCondition  *self);
double            isc_gi_condition_get_retention     (IscGiCondition  *self);
GList            *isc_gi_condition_get_sites         (IscGiCondition  *self);
GList            *isc_gi_condition_get_cycler_files  (IscGiCondition  *self);
const char       *isc_gi_site_get_label              (IscGiSite       *self);
double            isc_gi_site_get_depth_nm           (IscGiSite       *self);
const char       *isc_gi_site_get_region             (IscGiSite       *self);
const char       *isc_gi_site_get_condition_name     (IscGiSite       *self);
GList            *isc_gi_site_get_datasets           (IscGiSite       *self);

G_END_DECLS
