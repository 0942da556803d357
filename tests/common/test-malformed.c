/* test-malformed.c: every damaged file in ../shared/fixtures/malformed (inputs that once
 * crashed, hung or over-allocated Ionscape) is refused with one line naming the file, by the
 * model and by ionscape-cli, and stays unchanged on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "image.h"
#include "ion-cloud.h"
#include "isc-fixtures.h"
#include "range-set.h"
#include "test-util.h"

typedef enum
{
  KIND_APT,     /* NXapm: ions and ranges from the same file */
  KIND_IMAGE,
  KIND_RANGES,
} Kind;

static Kind
kind_of (const char *name)
{
  if (g_str_has_suffix (name, ".emd"))
    return KIND_IMAGE;
  if (g_str_has_suffix (name, ".nxs"))
    return KIND_APT;
  return KIND_RANGES;
}

/* The error names the file in one line. */
static void
assert_refused (const GError *error,
                const char   *path)
{
  g_autofree char *base = g_path_get_basename (path);

  g_assert_nonnull (error);
  if (strstr (error->message, base) == NULL || strchr (error->message, '\n') != NULL)
    g_error ("%s: expected one line naming the file, got “%s”", base, error->message);
}

/* berkeley-min changes one byte of an object header that libhdf5 1.10 overreads without a
 * crash outside AddressSanitizer; the image data itself is intact. Either it is refused (the
 * sanitizer stops the reader) or it reads exactly as the undamaged file does. */
static void
check_image_refused_or_intact (const char *path,
                               IscImage   *image,
                               GError     *error)
{
  g_autofree char *original = isc_fixture_path ("stem/rsciio/emd_Si100_3D.emd");
  g_autoptr(IscImage) reference = NULL;
  double a[3], b[3];

  if (image == NULL)
    {
      assert_refused (error, path);
      return;
    }
  g_assert_nonnull (original);
  reference = isc_image_load (original, 0, NULL, NULL, NULL, NULL);
  g_assert_nonnull (reference);
  g_assert_cmpuint (image->width, ==, reference->width);
  g_assert_cmpuint (image->height, ==, reference->height);
  g_assert_cmpuint (image->frames, ==, reference->frames);
  isc_image_stats (image, G_MAXUINT, &a[0], &a[1], &a[2]);
  isc_image_stats (reference, G_MAXUINT, &b[0], &b[1], &b[2]);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (a[i], ==, b[i]);
}

static void
check_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *before = isc_test_checksum_file (path);
  g_autofree char *after = NULL;

  switch (kind_of (base))
    {
    case KIND_APT:
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GError) range_error = NULL;
        IscIonCloud *cloud = isc_ion_cloud_load (path, NULL, NULL, NULL, &error);
        IscRangeSet *ranges = isc_range_set_load (path, &range_error);

        /* The name-array files carry intact ions; their ranging definitions are what is damaged. */
        if (g_str_has_prefix (base, "nxapm_name_array"))
          {
            g_assert_no_error (error);
            g_assert_cmpuint (cloud->n_ions, ==, 200);
            for (gsize i = 0; i < cloud->n_ions; i++)
              g_assert_true (isfinite (cloud->mq[i]) && cloud->mq[i] > 0);
          }
        else
          {
            g_assert_null (cloud);
            assert_refused (error, path);
          }
        g_assert_null (ranges);
        assert_refused (range_error, path);
        g_clear_pointer (&cloud, isc_ion_cloud_unref);
      }
      break;

    case KIND_IMAGE:
      {
        g_autoptr(GError) count_error = NULL;
        g_autoptr(GError) error = NULL;
        guint count = isc_image_count_in_file (path, &count_error);
        g_autoptr(IscImage) image = isc_image_load (path, 0, NULL, NULL, NULL, &error);

        if (g_str_has_prefix (base, "berkeley-min"))
          check_image_refused_or_intact (path, image, error);
        else
          {
            g_assert_null (image);
            assert_refused (error, path);
            if (count_error != NULL)
              assert_refused (count_error, path);
            else
              g_assert_cmpuint (count, ==, 0);
          }
      }
      break;

    case KIND_RANGES:
      {
        g_autoptr(GError) error = NULL;
        IscRangeSet *ranges = isc_range_set_load (path, &error);

        g_assert_null (ranges);
        assert_refused (error, path);
      }
      break;
    }

  after = isc_test_checksum_file (path);
  g_assert_cmpstr (before, ==, after);
}

/* The same through ionscape-cli: status 1, nothing on stdout, one line on stderr. */
static void
check_file_cli (gconstpointer data)
{
  const char *path = data;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  switch (kind_of (base))
    {
    case KIND_APT:
      status = isc_test_run_cli (&out, &err, "composition", path, "--ranges", path, NULL);
      break;
    case KIND_IMAGE:
      status = isc_test_run_cli (&out, &err, "image-info", path, NULL);
      break;
    default:
      status = isc_test_run_cli (&out, &err, "info", path, NULL);
      break;
    }
  if (g_str_has_prefix (base, "berkeley-min") && status == 0)
    return;   /* read as the undamaged file does: checked in the model test */
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, base));
  /* exactly one line */
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = isc_fixture_path ("malformed");
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean cli = argc > 1 && strcmp (argv[argc - 1], "--cli") == 0;
  const char *name;

  if (cli)
    argc--;
  g_test_init (&argc, &argv, NULL);
  if (dir == NULL || (folder = g_dir_open (dir, 0, NULL)) == NULL)
    {
      g_test_add_func ("/malformed/fixtures-missing", (GTestFunc) g_test_incomplete);
      g_printerr ("../shared/fixtures/malformed is missing: nothing to replay\n");
      return g_test_run ();
    }
  while ((name = g_dir_read_name (folder)) != NULL)
    if (!g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/malformed/%s/%s", cli ? "cli" : "model", file);
      char *path = g_build_filename (dir, file, NULL);

      g_test_add_data_func_full (test_path, path, cli ? check_file_cli : check_file, g_free);
    }
  return g_test_run ();
}
