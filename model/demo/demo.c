/* demo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "demo-apt.h"
#include "demo.h"

typedef gboolean (*DemoPartFunc) (const char       *dir,
                                  GCancellable     *cancellable,
                                  IscProgressFunc   progress,
                                  gpointer          progress_data,
                                  GError          **error);

/* One row per part of the demo; weight = share of the progress bar. Image, cycling and
 * project parts add their rows here. */
static const struct
{
  const char   *name;
  DemoPartFunc  write;
  double        weight;
} parts[] = {
  { "apt", isc_demo_apt_write, 1.0 },
};

typedef struct
{
  IscProgressFunc progress;
  gpointer        data;
  double          offset;
  double          weight;
} PartProgress;

static void
part_progress (double   fraction,
               gpointer user_data)
{
  PartProgress *p = user_data;

  p->progress (p->offset + p->weight * fraction, p->data);
}

gboolean
isc_demo_write (const char       *dir,
                GCancellable     *cancellable,
                IscProgressFunc   progress,
                gpointer          progress_data,
                GError          **error)
{
  double total = 0, done = 0;

  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "%s: cannot create the demo folder", dir);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    total += parts[i].weight;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      PartProgress p = { progress, progress_data, done / total, parts[i].weight / total };

      if (!parts[i].write (dir, cancellable, progress != NULL ? part_progress : NULL, &p, error))
        return FALSE;
      done += parts[i].weight;
    }
  return TRUE;
}
