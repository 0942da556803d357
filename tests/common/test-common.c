/* test-common.c: dataset kinds by name, error domains and the fixtures lookup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "isc-csv.h"
#include "isc-error.h"
#include "isc-dataset-kind.h"
#include "isc-fixtures.h"
#include "test-util.h"

static IscDatasetKind
kind_of_name (const char *name)
{
  IscDatasetKind kind;

  return isc_dataset_kind_guess_data (name, NULL, 0, &kind) ? kind : ISC_DATASET_N_KINDS;
}

static void
test_file_kind (void)
{
  g_assert_cmpint (kind_of_name ("R5076.pos"), ==, ISC_DATASET_APT);
  g_assert_cmpint (kind_of_name ("/a/b/x.EPOS"), ==, ISC_DATASET_APT);
  g_assert_cmpint (kind_of_name ("ranges.RRNG"), ==, ISC_DATASET_RANGES);
  g_assert_cmpint (kind_of_name ("a.env"), ==, ISC_DATASET_RANGES);
  g_assert_cmpint (kind_of_name ("haadf.dm4"), ==, ISC_DATASET_STEM);
  g_assert_cmpint (kind_of_name ("cell.mpt"), ==, ISC_DATASET_CYCLER);
  g_assert_cmpint (kind_of_name ("demo.ionscape"), ==, ISC_DATASET_N_KINDS);
  g_assert_cmpint (kind_of_name ("notes"), ==, ISC_DATASET_N_KINDS);
  g_assert_cmpint (kind_of_name ("dir.pos/notes"), ==, ISC_DATASET_N_KINDS);
  g_assert_cmpint (kind_of_name ("x.doc"), ==, ISC_DATASET_N_KINDS);
}

/* Quotes only where RFC 4180 needs them, with the separator the table uses. */
static void
test_csv_field (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  isc_csv_append_field (out, "Ni", ',');
  g_string_append_c (out, '|');
  isc_csv_append_field (out, "Li/(Ni+Co)", ',');
  g_string_append_c (out, '|');
  isc_csv_append_field (out, "a,b", ',');
  g_string_append_c (out, '|');
  isc_csv_append_field (out, "a,b", '\t');
  g_string_append_c (out, '|');
  isc_csv_append_field (out, "a\tb", '\t');
  g_string_append_c (out, '|');
  isc_csv_append_field (out, "say \"hi\"", ',');
  g_string_append_c (out, '|');
  isc_csv_append_field (out, "two\nlines", ';');
  g_string_append_c (out, '|');
  isc_csv_append_field (out, "", ',');
  g_assert_cmpstr (out->str, ==,
                   "Ni|Li/(Ni+Co)|\"a,b\"|a,b|\"a\tb\"|\"say \"\"hi\"\"\"|\"two\nlines\"|");
}

static void
test_error_domains (void)
{
  g_assert_cmpuint (ISC_APT_ERROR, !=, ISC_IMAGE_ERROR);
  g_assert_cmpstr (g_quark_to_string (ISC_PROJECT_ERROR), ==, "isc-project-error-quark");
}

static void
test_fixtures_lookup (void)
{
  g_autofree char *path = isc_test_fixture_or_skip ("apt/SOURCES.md");

  if (path == NULL)
    return;
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_null (isc_fixture_path ("apt/does-not-exist.pos"));
}

/* Error excerpts: one short printable line, never more of a file than asked for. */
static void
test_error_excerpt (void)
{
  struct { const char *text; guint max; const char *expected; } cases[] = {
    { "540,0000", 20, "540,0000" },
    { "root:x:0:0:root:/root:/bin/bash", 8, "root:x:0…" },
    { "a\tb\nc\rd", 20, "a?b?c?d" },
    { "\xff\xfe" "12", 20, "\xef\xbf\xbd\xef\xbf\xbd" "12" },   /* invalid bytes → U+FFFD */
    { "Ångström", 3, "Ång…" },
    { "", 5, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = isc_error_excerpt (cases[i].text, cases[i].max);

      g_assert_cmpstr (got, ==, cases[i].expected);
      g_assert_true (g_utf8_validate (got, -1, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/common/file-kind", test_file_kind);
  g_test_add_func ("/common/csv-field", test_csv_field);
  g_test_add_func ("/common/error-domains", test_error_domains);
  g_test_add_func ("/common/error-excerpt", test_error_excerpt);
  g_test_add_func ("/common/fixtures", test_fixtures_lookup);
  return g_test_run ();
}
