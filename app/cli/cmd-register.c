/* cmd-register.c: `ionscape-cli register PROJECT --site C/L [--image NAME] --landmarks F.csv|--outline
 * [--view x|y|z|a,b,c] [--refine] [--save] [--json]` — the correlative registration of a site's APT
 * data to one of its images, from landmark pairs or, for an image of the needle before it was
 * evaporated, from the needle's outline (registration-outline.h) — and the overlay figure of `ionscape-cli figure --plot overlay` (isc_cli_overlay_figure).
 *
 * The transform maps APT (x, y), projected along --view (z by default), in nm to image pixels as
 * p = scale · R(rotation) · (x, y) / pixel_size + translation: scale is 1 when both calibrations
 * agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli-commands.h"
#include "image.h"
#include "overlay-figure.h"
#include "project-file.h"
#include "project-registration.h"
#include "registration-outline.h"
#include "registration-overlay.h"
#include "registration.h"

#define LANDMARK_HEADER ISC_LANDMARKS_CSV_HEADER
/* Maps wider than this many bins are binned coarser: refinement and overlays need the shape. */

/* "300 cycles/R1": the label follows the last slash, so condition names may hold one. */
static IscSite *
find_site (IscProject *project,
           const char *spec)
{
  const char *slash = strrchr (spec, '/');
  g_autofree char *condition_name = NULL;
  IscCondition *condition;

  if (slash == NULL)
    return NULL;
  condition_name = g_strndup (spec, slash - spec);
  condition = isc_project_find_condition (project, g_strstrip (condition_name));
  return condition != NULL ? isc_condition_find_site (condition, slash + 1) : NULL;
}

static IscDataset *
first_dataset (IscSite        *site,
               IscDatasetKind  kind)
{
  for (guint i = 0; i < site->datasets->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (site->datasets, i);

      if (dataset->kind == kind)
        return dataset;
    }
  return NULL;
}

/* The image to register: the site's image called @name (file name, or a path inside the
 * project folder, e.g. an image of the needle that is no dataset of the site); without a name
 * the registered one, else the site's first image. NULL when there is none. */
static char *
find_image (IscProject *project,
            IscSite    *site,
            const char *name,
            gboolean    allow_outside)
{
  g_autofree char *base_dir = g_path_get_dirname (project->path);
  g_autofree char *path = NULL;

  if (name == NULL && site->registration != NULL)
    return g_strdup (site->registration->image_path);
  for (guint i = 0; i < site->datasets->len; i++)
    {
      IscDataset *dataset = g_ptr_array_index (site->datasets, i);
      g_autofree char *base = g_path_get_basename (dataset->path);

      if (dataset->kind == ISC_DATASET_STEM
          && (name == NULL || g_str_equal (base, name) || g_str_equal (dataset->path, name)))
        return g_strdup (dataset->path);
    }
  if (name == NULL)
    return NULL;
  if (site->registration != NULL)
    {
      g_autofree char *base = g_path_get_basename (site->registration->image_path);

      if (g_str_equal (base, name))
        return g_strdup (site->registration->image_path);
    }
  path = g_canonicalize_filename (name, base_dir);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)
      || (!allow_outside && !isc_path_is_inside (base_dir, path)))
    return NULL;
  return g_steal_pointer (&path);
}

static int
open_site (const char  *command,
           const char  *project_path,
           const char  *site_spec,
           gboolean     allow_outside,
           IscProject **project_out,
           IscSite    **site_out)
{
  g_autoptr(IscProject) project = NULL;
  int status;

  if (site_spec == NULL)
    return isc_cli_fail ("%s: give --site “CONDITION/LABEL”", command);
  if ((status = isc_cli_open_project (project_path, allow_outside, &project)) != 0)
    return status;
  *site_out = find_site (project, site_spec);
  if (*site_out == NULL)
    return isc_cli_fail ("%s: %s has no site “%s” (expected CONDITION/LABEL, e.g. “300 "
                         "cycles/R1”)", command, project_path, site_spec);
  *project_out = g_steal_pointer (&project);
  return 0;
}

static void
print_result (const IscSiteRegistration *registration,
              const double              *residuals,
              double                     rms,
              double                     ncc,
              gboolean                   outline,
              gboolean                   json)
{
  const IscRegistration *t = &registration->transform;
  guint n = registration->landmarks->len;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      isc_cli_json_add_member (builder, "rotation_deg", t->rotation_deg);
      isc_cli_json_add_member (builder, "scale", t->scale);
      json_builder_set_member_name (builder, "translation_px");
      json_builder_begin_array (builder);
      isc_cli_json_add_number (builder, t->translation_px[0]);
      isc_cli_json_add_number (builder, t->translation_px[1]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "residuals_nm");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        isc_cli_json_add_number (builder, residuals[i]);
      json_builder_end_array (builder);
      isc_cli_json_add_member (builder, "rms_nm", rms);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, t->kind == ISC_REGISTRATION_AFFINE ? "affine"
                                                                                  : "similarity");
      json_builder_set_member_name (builder, "matrix_px_per_nm");
      json_builder_begin_array (builder);
      for (guint i = 0; i < 4; i++)
        isc_cli_json_add_number (builder, t->matrix[i]);
      json_builder_end_array (builder);
      isc_cli_json_add_member (builder, "pixel_size_nm", t->pixel_size_nm);
      /* The pixel size the APT reconstruction's scale implies: the other calibration. */
      isc_cli_json_add_member (builder, "pixel_size_from_apt_nm", t->pixel_size_nm / t->scale);
      json_builder_set_member_name (builder, "view");
      json_builder_begin_array (builder);
      for (guint i = 0; i < 3; i++)
        isc_cli_json_add_number (builder, t->view[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "image");
      json_builder_add_string_value (builder, registration->image_path);
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, outline ? "outline" : "landmarks");
      json_builder_set_member_name (builder, "refined");
      json_builder_add_boolean_value (builder, registration->refined);
      if (registration->refined)
        isc_cli_json_add_member (builder, "ncc", ncc);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      isc_cli_print_json (root);
      return;
    }
  printf ("image: %s\n", registration->image_path);
  if (outline)
    printf ("start: the needle's outline (axis and apex)\n");
  printf ("rotation: %.3f°\nscale: %.5f (1 when the APT and image calibrations agree)\n",
          t->rotation_deg, t->scale);
  printf ("pixel size: %.5f nm from the image, %.5f nm from the APT reconstruction\n",
          t->pixel_size_nm, t->pixel_size_nm / t->scale);
  printf ("translation: %.2f, %.2f px\n", t->translation_px[0], t->translation_px[1]);
  if (registration->refined)
    printf ("refined: normalised cross-correlation %.4f\n", ncc);
  for (guint i = 0; i < n; i++)
    printf ("landmark %u: residual %.3f nm\n", i + 1, residuals[i]);
  if (n > 0)
    printf ("rms: %.3f nm\n", rms);
}

int
isc_cli_cmd_register (int    argc,
                      char **argv)
{
  g_autofree char *site_spec = NULL;
  g_autofree char *image_name = NULL;
  g_autofree char *landmarks_path = NULL;
  g_autofree char *view_text = NULL;
  g_autofree char *element = NULL;
  gboolean refine = FALSE, save = FALSE, json = FALSE, affine = FALSE, allow_outside = FALSE;
  gboolean outline = FALSE;
  GOptionEntry entries[] = {
    { "site", 0, 0, G_OPTION_ARG_STRING, &site_spec, "The site", "CONDITION/LABEL" },
    { "image", 0, 0, G_OPTION_ARG_STRING, &image_name,
      "The site's image (file name; default: the registered one, else the first)", "NAME" },
    { "landmarks", 0, 0, G_OPTION_ARG_FILENAME, &landmarks_path,
      "Landmark pairs, CSV with header " LANDMARK_HEADER, "F.csv" },
    { "outline", 0, 0, G_OPTION_ARG_NONE, &outline,
      "No landmarks: start from the needle's outline on an image of the whole needle (with "
      "--view across the needle, e.g. y)", NULL },
    { "view", 0, 0, G_OPTION_ARG_STRING, &view_text,
      "Projection direction of the APT data: x, y, z (default, the needle axis) or a,b,c", "DIR" },
    { "affine", 0, 0, G_OPTION_ARG_NONE, &affine,
      "Fit an affine transform instead of rotation, scale and shift", NULL },
    { "refine", 0, 0, G_OPTION_ARG_NONE, &refine,
      "Refine by maximising the correlation of the image and the projected APT map", NULL },
    { "element", 0, 0, G_OPTION_ARG_STRING, &element,
      "Refine against this element's map instead of the ion density", "EL" },
    { "save", 0, 0, G_OPTION_ARG_NONE, &save, "Store the registration with the site", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    ISC_CLI_ALLOW_OUTSIDE_ENTRY (&allow_outside),
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("PROJECT — place a site's APT data on one of its images");
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(GArray) landmarks = NULL;
  g_autoptr(IscSiteRegistration) registration = NULL;
  g_autofree double *residuals = NULL;
  g_autofree float *needle_mask = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) ranges = NULL;
  double view[3] = { 0, 0, 1 }, pixel_size, rms = NAN, ncc = NAN;
  g_autofree char *image_path = NULL;
  IscSite *site;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "The transform maps APT (x, y) in nm, projected along --view, to image pixels as\n"
    "p = scale · R(rotation) · (x, y) / pixel_size + translation, so scale is 1 when the\n"
    "calibrations agree. Residuals are the landmarks' misfits on the image, in nm.");
  if (!isc_cli_parse (context, &argc, &argv))
    return 1;
  if (argc != 2)
    return isc_cli_fail ("register: expected one PROJECT file");
  if ((landmarks_path == NULL) == !outline)
    return isc_cli_fail ("register: give either --landmarks F.csv (header " LANDMARK_HEADER ") "
                         "or --outline");
  if (outline && element != NULL)
    return isc_cli_fail ("register: --outline registers the needle's silhouette, which has no "
                         "--element");
  if (view_text != NULL && !isc_registration_parse_view (view_text, view, &error))
    return isc_cli_fail ("register: --view: %s", error->message);
  if ((status = open_site ("register", argv[1], site_spec, allow_outside, &project, &site)) != 0)
    return status;
  image_path = find_image (project, site, image_name, allow_outside);
  if (image_path == NULL)
    return isc_cli_fail ("register: site “%s” has no image%s%s%s", site_spec,
                         image_name != NULL ? " called “" : "",
                         image_name != NULL ? image_name : "", image_name != NULL ? "”" : "");

  landmarks = outline ? g_array_new (FALSE, FALSE, sizeof (IscLandmark))
                     : isc_landmarks_read_csv (landmarks_path, &error);
  if (landmarks == NULL)
    return isc_cli_fail ("register: %s", error->message);
  image = isc_image_load (image_path, 0, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);
  pixel_size = isc_registration_pixel_size (image, &error);
  if (isnan (pixel_size))
    return isc_cli_fail ("register: %s: %s", image_path, error->message);

  registration = isc_site_registration_new (image_path);
  g_array_append_vals (registration->landmarks, landmarks->data, landmarks->len);
  residuals = g_new0 (double, MAX (landmarks->len, 1));
  if (outline || refine)
    {
      IscDataset *apt = first_dataset (site, ISC_DATASET_APT);

      if (apt == NULL)
        return isc_cli_fail ("register: %s: site “%s” has no APT specimen",
                             outline ? "--outline" : "--refine", site_spec);
      if ((status = isc_cli_load_ranged (apt->path, element != NULL ? apt->range_path : NULL,
                                         &cloud, &ranges)) != 0)
        return status;
    }
  if (outline)
    {
      if (!isc_registration_from_outline (&registration->transform, cloud->x, cloud->y, cloud->z,
                                          cloud->n_ions, view, isc_image_frame_const (image, 0),
                                          image->width, image->height, pixel_size, &needle_mask,
                                          &error))
        return isc_cli_fail ("register: --outline: %s: %s", image_path, error->message);
    }
  else if (!isc_registration_fit ((const IscLandmark *) landmarks->data, landmarks->len,
                                  affine ? ISC_REGISTRATION_AFFINE : ISC_REGISTRATION_SIMILARITY,
                                  view, pixel_size, &registration->transform, residuals, &rms,
                                  &error))
    return isc_cli_fail ("register: %s: %s", landmarks_path, error->message);

  if (refine && outline)
    {
      if (!isc_registration_refine_outline (&registration->transform, cloud->x, cloud->y,
                                            cloud->z, cloud->n_ions, needle_mask, image->width,
                                            image->height, &ncc, &error))
        return isc_cli_fail ("register: --refine: %s", error->message);
      registration->refined = TRUE;
    }
  else if (refine)
    {
      gboolean selected[256];

      if (element != NULL && ranges == NULL)
        return isc_cli_fail ("register: --element %s: the specimen has no range file", element);
      if (element != NULL && !isc_range_set_select_element (ranges, element, selected))
        return isc_cli_fail ("register: --element %s: no ion of the ranges holds %s", element, element);
      if (!isc_registration_refine_points (&registration->transform, cloud->x, cloud->y,
                                           cloud->z, cloud->n_ions,
                                           element != NULL ? cloud->ion_type : NULL,
                                           element != NULL ? selected : NULL,
                                           isc_image_frame_const (image, 0), image->width,
                                           image->height, &ncc, &error))
        return isc_cli_fail ("register: --refine: %s", error->message);
      registration->refined = TRUE;
      isc_registration_residuals (&registration->transform, (const IscLandmark *) landmarks->data,
                                  landmarks->len, residuals, &rms);
    }

  print_result (registration, residuals, rms, ncc, outline, json);
  if (save)
    {
      isc_site_set_registration (site, g_steal_pointer (&registration));
      if (!isc_project_save (project, argv[1], &error))
        return isc_cli_fail_error (error);
    }
  return 0;
}

int
isc_cli_overlay_figure (const char             *project_path,
                        const char             *site_spec,
                        const char             *element,
                        const char             *title,
                        const char             *out_path,
                        const IscFigureOptions *options,
                        gboolean                allow_outside)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscProject) project = NULL;
  g_autoptr(IscImage) image = NULL;
  g_autoptr(IscIonCloud) cloud = NULL;
  g_autoptr(IscRangeSet) ranges = NULL;
  g_autofree float *overlay = NULL;
  g_autofree char *label = NULL;
  IscOverlayFigureInput in = { 0 };
  const IscSiteRegistration *registration;
  IscDataset *apt;
  IscSite *site;
  int status;

  if (out_path == NULL)
    return isc_cli_fail ("figure: --out FIG.png|tif|svg|pdf is required");
  if ((status = open_site ("figure", project_path, site_spec, allow_outside, &project, &site)) != 0)
    return status;
  registration = site->registration;
  if (registration == NULL)
    return isc_cli_fail ("figure: site “%s” is not registered: run ionscape-cli register %s "
                         "--site “%s” --landmarks F.csv --save first", site_spec, project_path,
                         site_spec);
  apt = first_dataset (site, ISC_DATASET_APT);
  if (apt == NULL)
    return isc_cli_fail ("figure: site “%s” has no APT specimen", site_spec);
  if ((status = isc_cli_load_ranged (apt->path, apt->range_path, &cloud, &ranges)) != 0)
    return status;
  image = isc_image_load (registration->image_path, 0, NULL, NULL, NULL, &error);
  if (image == NULL)
    return isc_cli_fail_error (error);

  overlay = isc_registration_overlay_new (&registration->transform, cloud, ranges, element,
                                          image->width, image->height, &label, &error);
  if (overlay == NULL)
    return isc_cli_fail ("figure: %s", error->message);
  in.image = image;
  in.overlay = overlay;
  in.opacity = 0.6;
  in.colormap = ISC_COLORMAP_VIRIDIS;
  in.label = label;
  in.title = title;
  if (!isc_overlay_figure_export (&in, out_path, options, &error))
    return isc_cli_fail ("figure: %s", error->message);
  return 0;
}
