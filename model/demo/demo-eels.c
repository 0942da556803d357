/* demo-eels.c: a synthetic EELS line scan across a nanopore, written as DM3 with its survey.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "demo-eels.h"
#include "demo-sites.h"
#include "isc-error.h"

#define E0_EV     500.0
#define STEP_EV   0.25
#define CHANNELS  1800

/* One L2,3 edge: white lines (Gaussians) on a double step, amplitudes in counts. */
typedef struct
{
  double l3, l2;          /* eV in the dense oxide */
  double l3_area;         /* counts × eV of the L3 line */
  double ratio;           /* L3/L2 in the dense oxide */
  double ratio_pore;      /* at the pore centre */
  double shift_pore;      /* L3 and L2 shift at the pore centre, eV */
  double step;            /* continuum behind L2, counts */
} DemoEdge;

static const DemoEdge edges[] = {
  { 640.5, 651.5, 2500, 2.6, 3.1, -0.5, 300 },    /* Mn: little of it */
  { 779.5, 794.6, 5000, 2.9, 3.1, -0.3, 650 },    /* Co */
  { 855.4, 872.6, 20000, 2.8, 3.2, ISC_DEMO_EELS_NI_SHIFT_EV, 2500 },  /* Ni */
};

static double
gauss (double x,
       double centre,
       double area,
       double sigma)
{
  return area / (sigma * sqrt (2 * G_PI)) * exp (-0.5 * pow ((x - centre) / sigma, 2));
}

/* 1 at the pore centre, 0 in the oxide, a smooth edge in between. */
static double
pore_weight (double x_nm)
{
  double r = fabs (x_nm - (ISC_DEMO_EELS_POINTS - 1) * ISC_DEMO_EELS_STEP_NM / 2);

  return 1 / (1 + exp ((r - ISC_DEMO_EELS_PORE_NM) / 0.3));
}

static double
normal (GRand *rand)
{
  double u1 = g_rand_double_range (rand, 1e-12, 1), u2 = g_rand_double (rand);

  return sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
}

IscEelsData *
isc_demo_eels_line_scan (void)
{
  IscEelsData *d = isc_eels_data_new (CHANNELS, ISC_DEMO_EELS_POINTS, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (ISC_DEMO_SEED + 16);

  d->energy_offset = E0_EV;
  d->energy_scale = STEP_EV;
  d->origin_channels = -E0_EV / STEP_EV;
  d->spatial_scale = ISC_DEMO_EELS_STEP_NM;
  g_free (d->spatial_unit);
  d->spatial_unit = g_strdup ("nm");
  g_free (d->format);
  d->format = g_strdup ("dm3");
  g_free (d->title);
  d->title = g_strdup ("EELS line scan across a nanopore");
  d->beam_energy_kev = 200;
  for (guint x = 0; x < ISC_DEMO_EELS_POINTS; x++)
    {
      double w = pore_weight (x * ISC_DEMO_EELS_STEP_NM);
      /* the pore leaves a thinner wall of oxide under the beam */
      double mass = 1 - 0.55 * w;
      double *y = d->counts + (gsize) x * CHANNELS;

      for (guint i = 0; i < CHANNELS; i++)
        {
          double e = E0_EV + i * STEP_EV, v;

          v = mass * 5.5e11 * pow (e, -2.75);
          /* O K: a pre-peak and a broad maximum on a step */
          if (e >= 530)
            v += mass * 2500 * (1 - exp (-(e - 530) / 4));
          v += mass * (gauss (e, 531.5, 8000, 0.9) + gauss (e, 541, 25000, 3.5));
          for (guint k = 0; k < G_N_ELEMENTS (edges); k++)
            {
              const DemoEdge *edge = &edges[k];
              double shift = edge->shift_pore * w;
              double ratio = edge->ratio + (edge->ratio_pore - edge->ratio) * w;
              double l3 = edge->l3 + shift, l2 = edge->l2 + shift;

              v += mass * (gauss (e, l3, edge->l3_area, 1.0) + gauss (e, l2, edge->l3_area / ratio, 1.0));
              v += mass * (e >= l3 ? 2 * edge->step / 3 : 0) + mass * (e >= l2 ? edge->step / 3 : 0);
            }
          y[i] = MAX (0, v + sqrt (v) * normal (rand));
        }
    }
  return d;
}

IscImage *
isc_demo_eels_survey (void)
{
  const guint n = ISC_DEMO_EELS_SURVEY_PX;
  IscImage *image = isc_image_new (n, n, 1, ISC_IMAGE_DTYPE_F32, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (ISC_DEMO_SEED + 17);
  float *p = isc_image_frame (image, 0);

  for (guint j = 0; j < n; j++)
    for (guint i = 0; i < n; i++)
      {
        double x = (i - (n - 1) / 2.0) * ISC_DEMO_EELS_SURVEY_NM;
        double y = (j - (n - 1) / 2.0) * ISC_DEMO_EELS_SURVEY_NM;
        double r = hypot (x, y);
        /* transition-metal layers 0.47 nm apart, seen edge-on */
        double layers = 0.6 + 0.4 * pow (cos (G_PI * y / 0.47), 2);
        double wall = 1 - 0.6 / (1 + exp ((r - ISC_DEMO_EELS_PORE_NM) / 0.3));
        double v = 800 * layers * wall + 60;

        p[(gsize) j * n + i] = v + sqrt (v) * normal (rand);
      }
  isc_image_set_axis (image, ISC_IMAGE_AXIS_X, 0, ISC_DEMO_EELS_SURVEY_NM, "nm", "x");
  isc_image_set_axis (image, ISC_IMAGE_AXIS_Y, 0, ISC_DEMO_EELS_SURVEY_NM, "nm", "y");
  g_free (image->title);
  image->title = g_strdup ("HAADF survey");
  return image;
}

/* ---- A minimal DM3 writer: tag tree big-endian, values and pixels little-endian ---------- */

static void
put_be (GByteArray *b,
        guint64     v,
        guint       size)
{
  for (guint i = 0; i < size; i++)
    {
      guint8 c = (v >> (8 * (size - 1 - i))) & 0xff;
      g_byte_array_append (b, &c, 1);
    }
}

static void
put_le32 (GByteArray *b,
          guint32     v)
{
  for (guint i = 0; i < 4; i++)
    {
      guint8 c = (v >> (8 * i)) & 0xff;
      g_byte_array_append (b, &c, 1);
    }
}

static void
put_f32 (GByteArray *b,
         float       f)
{
  guint32 v;

  memcpy (&v, &f, 4);
  put_le32 (b, v);
}

static void
tag_header (GByteArray *b,
            guint8      kind,
            const char *name)
{
  put_be (b, kind, 1);
  put_be (b, strlen (name), 2);
  g_byte_array_append (b, (const guint8 *) name, strlen (name));
}

static void
group (GByteArray *b,
       const char *name,
       guint       n_tags)
{
  tag_header (b, 20, name);
  put_be (b, 0, 1);
  put_be (b, 0, 1);
  put_be (b, n_tags, 4);
}

/* A data tag's "%%%%", then its type description @info (@n_info words). */
static void
data_header (GByteArray    *b,
             const char    *name,
             const guint32 *info,
             guint          n_info)
{
  tag_header (b, 21, name);
  put_be (b, 0x25252525, 4);
  put_be (b, n_info, 4);
  for (guint i = 0; i < n_info; i++)
    put_be (b, info[i], 4);
}

/* A data tag of one simple value: 3 long, 5 ulong, 6 float. */
static void
simple (GByteArray *b,
        const char *name,
        guint       type,
        double      value)
{
  data_header (b, name, (guint32[]) { type }, 1);
  if (type == 6)
    put_f32 (b, value);
  else
    put_le32 (b, (guint32) (gint32) value);
}

static void
array_header (GByteArray *b,
              const char *name,
              guint       elem_type,
              guint       count)
{
  data_header (b, name, (guint32[]) { 20, elem_type, count }, 3);
}

/* A string as DM keeps it: an array of UTF-16 units. */
static void
text (GByteArray *b,
      const char *name,
      const char *value)
{
  glong n = 0;
  g_autofree gunichar2 *u = g_utf8_to_utf16 (value, -1, NULL, &n, NULL);

  array_header (b, name, 4, n);
  for (glong i = 0; i < n; i++)
    {
      guint8 c[2] = { u[i] & 0xff, u[i] >> 8 };
      g_byte_array_append (b, c, 2);
    }
}

/* One ImageList entry: float pixels (@dims[0] fastest), calibrations as DM's origin/scale. */
static void
image_entry (GByteArray   *b,
             const char   *title,
             const float  *pixels,
             const guint  *dims,
             const double *offset,
             const double *scale,
             const char  **units)
{
  guint64 n = (guint64) dims[0] * dims[1];

  group (b, "", 2);
  group (b, "ImageData", 4);
  group (b, "Calibrations", 1);
  group (b, "Dimension", 2);
  for (guint d = 0; d < 2; d++)
    {
      group (b, "", 3);
      simple (b, "Origin", 6, -offset[d] / scale[d]);
      simple (b, "Scale", 6, scale[d]);
      text (b, "Units", units[d]);
    }
  array_header (b, "Data", 6, n);
  for (guint64 i = 0; i < n; i++)
    put_f32 (b, pixels[i]);
  simple (b, "DataType", 3, 2);
  group (b, "Dimensions", 2);
  simple (b, "", 5, dims[0]);
  simple (b, "", 5, dims[1]);
  text (b, "Name", title);
}

gboolean
isc_demo_eels_write_dm3 (const char  *path,
                         GError     **error)
{
  g_autoptr(IscEelsData) scan = isc_demo_eels_line_scan ();
  g_autoptr(IscImage) survey = isc_demo_eels_survey ();
  g_autoptr(GByteArray) b = g_byte_array_new ();
  g_autofree float *pixels = g_new (float, (gsize) CHANNELS * ISC_DEMO_EELS_POINTS);
  const guint scan_dims[2] = { ISC_DEMO_EELS_POINTS, CHANNELS };
  const double scan_offset[2] = { 0, E0_EV }, scan_scale[2] = { ISC_DEMO_EELS_STEP_NM, STEP_EV };
  const char *scan_units[2] = { "nm", "eV" };
  const guint survey_dims[2] = { survey->width, survey->height };
  const double survey_offset[2] = { 0, 0 }, survey_scale[2] = { ISC_DEMO_EELS_SURVEY_NM, ISC_DEMO_EELS_SURVEY_NM };
  const char *survey_units[2] = { "nm", "nm" };

  /* DM keeps a line scan as an image: position across, energy down */
  for (guint x = 0; x < ISC_DEMO_EELS_POINTS; x++)
    for (guint i = 0; i < CHANNELS; i++)
      pixels[(gsize) i * ISC_DEMO_EELS_POINTS + x] = scan->counts[(gsize) x * CHANNELS + i];
  put_be (b, 3, 4);
  put_be (b, 0, 4);   /* file length, patched below */
  put_be (b, 1, 4);   /* little-endian values */
  put_be (b, 1, 1);
  put_be (b, 0, 1);
  put_be (b, 1, 4);
  group (b, "ImageList", 2);
  image_entry (b, scan->title, pixels, scan_dims, scan_offset, scan_scale, scan_units);
  image_entry (b, survey->title, isc_image_frame (survey, 0), survey_dims, survey_offset, survey_scale, survey_units);
  put_be (b, 0, 8);
  {
    guint32 len = GUINT32_TO_BE (b->len - 16);
    memcpy (b->data + 4, &len, 4);
  }
  if (!g_file_set_contents (path, (const char *) b->data, b->len, error))
    return FALSE;
  return TRUE;
}

char *
isc_demo_eels_path (const char *dir)
{
  return g_build_filename (dir, "eels", "pore-line-scan.dm3", NULL);
}

gboolean
isc_demo_write_eels (const char       *dir,
                     GCancellable     *cancellable,
                     IscProgressFunc   progress,
                     gpointer          progress_data,
                     GError          **error)
{
  g_autofree char *path = isc_demo_eels_path (dir);
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0777) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot create the folder", folder);
      return FALSE;
    }
  return isc_demo_eels_write_dm3 (path, error);
}

void
isc_demo_eels_attach (IscProject *project,
                      const char *dir)
{
  g_autofree char *path = isc_demo_eels_path (dir);
  IscCondition *condition = isc_project_find_condition (project, "pristine");
  IscSite *site = condition != NULL ? isc_condition_find_site (condition, "bulk") : NULL;

  if (site != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    isc_site_add_dataset (site, ISC_DATASET_EELS, path);
}
