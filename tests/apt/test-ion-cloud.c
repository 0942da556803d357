/* test-ion-cloud.c: bounds, reference counting and deep copies of the ion cloud.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ion-cloud.h"

static IscIonCloud *
make_cloud (void)
{
  IscIonCloud *cloud = isc_ion_cloud_new (3);
  const float x[] = { -1, 2, 0.5f }, y[] = { 4, -3, 0 }, z[] = { 0, 10, 5 }, mq[] = { 7, 16, 29 };

  for (int i = 0; i < 3; i++)
    {
      cloud->x[i] = x[i];
      cloud->y[i] = y[i];
      cloud->z[i] = z[i];
      cloud->mq[i] = mq[i];
    }
  isc_ion_cloud_update_bounds (cloud);
  return cloud;
}

static void
test_bounds (void)
{
  g_autoptr(IscIonCloud) cloud = make_cloud ();

  g_assert_cmpfloat (cloud->bounds_min[0], ==, -1);
  g_assert_cmpfloat (cloud->bounds_max[1], ==, 4);
  g_assert_cmpfloat (cloud->bounds_max[2], ==, 10);
  g_assert_cmpfloat (cloud->mq_min, ==, 7);
  g_assert_cmpfloat (cloud->mq_max, ==, 29);
  g_assert_cmpuint (isc_ion_cloud_get_memory_size (cloud), >=, 3 * 16);
}

static void
test_ref_and_copy (void)
{
  IscIonCloud *cloud = make_cloud ();
  IscIonCloud *shared = isc_ion_cloud_ref (cloud);
  g_autoptr(IscIonCloud) copy = NULL;

  g_assert_true (shared == cloud);
  cloud->ion_type = g_new0 (guint8, 3);
  cloud->ion_type[1] = 4;
  copy = isc_ion_cloud_copy (cloud);

  /* Dropping one holder keeps the data for the other. */
  isc_ion_cloud_unref (cloud);
  g_assert_cmpfloat (shared->z[1], ==, 10);
  isc_ion_cloud_unref (shared);

  /* The copy owns its own arrays. */
  g_assert_cmpuint (copy->n_ions, ==, 3);
  g_assert_cmpfloat (copy->mq[2], ==, 29);
  g_assert_cmpuint (copy->ion_type[1], ==, 4);
  g_assert_null (copy->tof);
  g_assert_cmpfloat (copy->bounds_min[1], ==, -3);
}

/* As a boxed type a cloud travels in GValues (properties, signals) by reference, not by copy. */
static void
test_boxed (void)
{
  IscIonCloud *cloud = make_cloud ();
  GValue value = G_VALUE_INIT;
  IscIonCloud *held;

  g_assert_true (G_TYPE_IS_BOXED (ISC_TYPE_ION_CLOUD));
  g_assert_cmpstr (g_type_name (ISC_TYPE_ION_CLOUD), ==, "IscIonCloud");
  g_value_init (&value, ISC_TYPE_ION_CLOUD);
  g_value_set_boxed (&value, cloud);
  held = g_value_get_boxed (&value);
  g_assert_true (held == cloud);
  g_assert_true (g_boxed_copy (ISC_TYPE_ION_CLOUD, cloud) == cloud);
  g_boxed_free (ISC_TYPE_ION_CLOUD, cloud);
  /* The creator's reference goes; the value's keeps the arrays (ASan sees a late read). */
  isc_ion_cloud_unref (cloud);
  g_assert_cmpfloat (held->mq[2], ==, 29);
  g_value_unset (&value);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apt/ion-cloud/bounds", test_bounds);
  g_test_add_func ("/apt/ion-cloud/ref-and-copy", test_ref_and_copy);
  g_test_add_func ("/apt/ion-cloud/boxed", test_boxed);
  return g_test_run ();
}
