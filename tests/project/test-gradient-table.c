/* test-gradient-table.c: the site table CSV from a hand-made gradient.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gradient-table.h"
#include "test-util.h"

static void
test_table (void)
{
  g_autoptr(IscGradient) g = isc_gradient_new ();
  g_autofree char *csv = NULL;

  /* Sites added deep first: the table sorts them by depth. */
  isc_gradient_add_specimen (g, "300 cycles", 300, "R7", 2500, "Li", 1.0);
  isc_gradient_add_specimen (g, "300 cycles", 300, "R1", 15, "Li", 0.3);
  isc_gradient_add_specimen (g, "300 cycles", 300, "R1", 15, "Li", 0.5);
  isc_gradient_add_specimen (g, "300 cycles", 300, "R1", 15, "Ni", 0.8);
  isc_gradient_add_specimen (g, "300 cycles", 300, "R1", 15, "Ni", 0.8);
  isc_gradient_add_specimen (g, "a, \"b\"", 1, "bulk", 500, "Ni", 0.75);
  csv = isc_gradient_site_table_csv (g);
  /* R1: Li 0.4 ± sqrt (0.02) = 0.141421; Ni 0.8 ± 0; one specimen has no std. */
  g_assert_cmpstr (csv, ==,
                   "condition,cycles,site,depth_nm,n,Li_mean,Li_std,Ni_mean,Ni_std\n"
                   "300 cycles,300,R1,15,2,0.4,0.141421,0.8,0\n"
                   "300 cycles,300,R7,2500,1,1,,,\n"
                   "\"a, \"\"b\"\"\",1,bulk,500,1,,,0.75,\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradient-table/csv", test_table);
  return g_test_run ();
}
