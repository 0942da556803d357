/* test-registration-project.c: a site's registration survives save and reload; project files
 * without one still open; a damaged or newer registration is refused with a message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <hdf5.h>
#include <math.h>
#include <string.h>

#include "project-file.h"
#include "project-registration.h"
#include "test-util.h"

static IscProject *
make_project (const char *dir)
{
  IscProject *project = isc_project_new ();
  IscCondition *condition = isc_project_add_condition (project, "300 cycles", 300);
  IscSite *site = isc_condition_add_site (condition, "R1", 50, "< 100 nm");
  g_autofree char *image = g_build_filename (dir, "images", "needle.tif", NULL);

  isc_site_add_dataset (site, ISC_DATASET_STEM, image);
  return project;
}

static IscSiteRegistration *
make_registration (const char *image)
{
  IscSiteRegistration *registration = isc_site_registration_new (image);
  IscLandmark landmarks[3] = {
    { { 0, 0, 5 }, { 100, 100 } }, { { 10, 0, 9 }, { 125, 100 } }, { { 0, 10, 1 }, { 100, 125 } },
  };

  g_array_append_vals (registration->landmarks, landmarks, 3);
  isc_registration_init (&registration->transform, NULL, 0.4, 12.5, 1.03, 101.25, 99.5);
  registration->refined = TRUE;
  return registration;
}

static void
test_save_reload (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "study.ionscape", NULL);
  g_autofree char *image = g_build_filename (dir, "images", "needle.tif", NULL);
  g_autoptr(IscProject) project = make_project (dir);
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IscSite *site = isc_condition_find_site (isc_project_find_condition (project, "300 cycles"), "R1");
  const IscSiteRegistration *got;

  isc_site_set_registration (site, make_registration (image));
  g_assert_true (isc_project_save (project, path, &error));
  g_assert_no_error (error);

  loaded = isc_project_load (path, &error);
  g_assert_no_error (error);
  site = isc_condition_find_site (isc_project_find_condition (loaded, "300 cycles"), "R1");
  got = site->registration;
  g_assert_nonnull (got);
  g_assert_cmpstr (got->image_path, ==, image);
  g_assert_cmpint (got->transform.kind, ==, ISC_REGISTRATION_SIMILARITY);
  g_assert_cmpfloat_with_epsilon (got->transform.rotation_deg, 12.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (got->transform.scale, 1.03, 1e-9);
  g_assert_cmpfloat_with_epsilon (got->transform.pixel_size_nm, 0.4, 1e-12);
  g_assert_cmpfloat (got->transform.translation_px[0], ==, 101.25);
  g_assert_cmpfloat (got->transform.translation_px[1], ==, 99.5);
  g_assert_cmpfloat (got->transform.view[2], ==, 1);
  g_assert_true (got->refined);
  g_assert_cmpuint (got->landmarks->len, ==, 3);
  g_assert_cmpfloat (g_array_index (got->landmarks, IscLandmark, 1).apt_nm[2], ==, 9);
  g_assert_cmpfloat (g_array_index (got->landmarks, IscLandmark, 2).image_px[1], ==, 125);

  /* Cleared and saved again: gone. */
  isc_site_set_registration (site, NULL);
  g_assert_true (isc_project_save (loaded, path, &error));
  g_clear_pointer (&project, isc_project_free);
  project = isc_project_load (path, &error);
  g_assert_no_error (error);
  site = isc_condition_find_site (isc_project_find_condition (project, "300 cycles"), "R1");
  g_assert_null (site->registration);
}

/* The image path is stored relative to the project, so a moved project folder keeps it. */
static void
test_relative_path (void)
{
  g_autoptr(IscSiteRegistration) registration = make_registration ("/data/study/images/a.tif");
  g_autofree char *json = isc_site_registration_to_json (registration, "/data/study");
  g_autoptr(IscSiteRegistration) back = NULL;

  g_assert_nonnull (strstr (json, "\"image\":\"images/a.tif\""));
  g_assert_nonnull (strstr (json, "\"version\":1"));
  back = isc_site_registration_from_json (json, "/elsewhere/study", NULL);
  g_assert_cmpstr (back->image_path, ==, "/elsewhere/study/images/a.tif");
}

/* A file written before registrations existed: a project saved without one has no attribute,
 * exactly like those files, and opens with no registration. */
static void
test_old_file (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.ionscape", NULL);
  g_autoptr(IscProject) project = make_project (dir);
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  hid_t file, group;

  g_assert_true (isc_project_save (project, path, &error));
  file = H5Fopen (path, H5F_ACC_RDONLY, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);
  group = H5Gopen2 (file, "conditions/0/sites/0", H5P_DEFAULT);
  g_assert_cmpint (group, >=, 0);
  g_assert_cmpint (H5Aexists (group, "registration"), ==, 0);
  H5Gclose (group);
  H5Fclose (file);

  loaded = isc_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_null (((IscSite *) g_ptr_array_index (((IscCondition *) g_ptr_array_index (
                    loaded->conditions, 0))->sites, 0))->registration);
}

/* An image outside the project folder is listed with the other outside paths, so the CLI
 * refuses to read it without --allow-outside. */
static void
test_outside (void)
{
  g_autofree char *dir = isc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "study.ionscape", NULL);
  g_autoptr(IscProject) project = make_project (dir);
  g_autoptr(IscProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  IscSite *site = isc_condition_find_site (isc_project_find_condition (project, "300 cycles"), "R1");

  isc_site_set_registration (site, make_registration ("/etc/passwd"));
  g_assert_true (isc_project_save (project, path, &error));
  loaded = isc_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_ptr_array_find_with_equal_func (loaded->outside_paths, "/etc/passwd",
                                                   g_str_equal, NULL));
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (isc_site_registration_from_json ("{\"version\":2,\"image\":\"a.tif\"}", NULL,
                                                  &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "newer"));
  g_clear_error (&error);
  g_assert_null (isc_site_registration_from_json ("[1]", NULL, &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_null (isc_site_registration_from_json (
    "{\"version\":1,\"image\":\"a.tif\",\"view\":[0,0,1],\"pixel_size_nm\":0.4,"
    "\"matrix_px_per_nm\":[1,0,0],\"translation_px\":[0,0],\"landmarks\":[]}", NULL, &error));
  g_assert_error (error, ISC_PROJECT_ERROR, ISC_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "matrix_px_per_nm"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/registration-project/save-reload", test_save_reload);
  g_test_add_func ("/registration-project/relative-path", test_relative_path);
  g_test_add_func ("/registration-project/old-file", test_old_file);
  g_test_add_func ("/registration-project/outside", test_outside);
  g_test_add_func ("/registration-project/refused", test_refused);
  return g_test_run ();
}
