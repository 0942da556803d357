/* bench-gl.c: frame time of the point renderer against ion count, with and without level of
 * detail, buffer upload time and GPU bytes per ion, each printed against a baseline measured
 * in the same run (one memcpy pass over the vertex data).
 *
 * Usage: bench-gl [MAX_MILLIONS] [--png FILE]
 *   default sizes 0.25 M and 1 M; MAX_MILLIONS = 20 runs 1 M, 5 M and 20 M.
 *        bench-gl --progressive [MILLIONS…]   (default 10 50)
 *   the view's way: a 300 000-ion sample drawn first while all ions are prepared on a thread,
 *   then refined a frame's budget at a time. Prints time to the first picture and to full
 *   detail, the longest frame meanwhile and interactive frames, all against the time one
 *   full draw of the 300 000-ion sample takes; and resident memory per ion against the
 *   cloud's own bytes (16 B/ion + 1 B/ion type), after full detail and at the peak. Then
 *   where a frame goes while the view turns (clear, box and triad, a 1280×800 readback, the
 *   CPU side of a draw, the level of detail's adaptation, the adapted frame), each against
 *   a fixed 1 M-point frame of the same run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <epoxy/gl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "camera.h"
#include "gl-context-headless.h"
#include "gl-export.h"
#include "point-renderer.h"

#include <unistd.h>

#define W 1280
#define H 800

static const float colors[4][3] = {
  { 0.90f, 0.62f, 0.00f }, { 0.34f, 0.71f, 0.91f }, { 0.00f, 0.62f, 0.45f }, { 0.80f, 0.47f, 0.65f },
};

/* A needle-shaped reconstruction: a cone of 40 → 25 nm radius over 200 nm, four species. */
static IscIonCloud *
make_cloud (gsize n)
{
  IscIonCloud *cloud = isc_ion_cloud_new (n);
  guint64 s = 88172645463325252ull;

  cloud->ion_type = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      double u[3], r, t, z;

      for (int k = 0; k < 3; k++)
        {
          s ^= s << 13;
          s ^= s >> 7;
          s ^= s << 17;
          u[k] = (s >> 11) * (1.0 / 9007199254740992.0);
        }
      z = 200.0 * u[0];
      r = (25.0 + 15.0 * z / 200.0) * sqrt (u[1]);
      t = 2.0 * G_PI * u[2];
      cloud->x[i] = (float) (r * cos (t));
      cloud->y[i] = (float) (r * sin (t));
      cloud->z[i] = (float) z;
      cloud->mq[i] = 10.0f;
      cloud->ion_type[i] = (guint8) (s % 5 == 4 ? ISC_ION_UNRANGED : s % 4);
    }
  isc_ion_cloud_update_bounds (cloud);
  return cloud;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
frame_ms (IscPointRenderer *renderer,
          IscCamera        *camera)
{
  double start = now_ms (), ms;

  isc_point_renderer_draw (renderer, camera);
  glFinish ();
  ms = now_ms () - start;
  isc_point_renderer_report_frame_time (renderer, ms);
  return ms;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* kB of a /proc/self/status line ("VmRSS", "VmHWM"). */
static long
status_kb (const char *key)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return 0;
  line = strstr (text, key);
  return line != NULL ? strtol (line + strlen (key) + 1, NULL, 10) : 0;
}

/* Resets VmHWM to the current RSS (Linux ≥ 4.0). */
static void
reset_peak (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

typedef struct
{
  IscIonCloud   *cloud;
  IscPointBatch *batch;
  GError        *error;
  gint           done;
} PrepareJob;

static gpointer
prepare_thread (gpointer data)
{
  PrepareJob *job = data;

  job->batch = isc_point_batch_new (job->cloud, NULL, &job->error);
  g_atomic_int_set (&job->done, 1);
  return NULL;
}

/* One frame of the view at rest: a progressive step timed with glFinish and reported. */
static gboolean
refine_frame (IscPointRenderer *renderer,
              IscCamera        *camera,
              double           *ms)
{
  double start = now_ms ();
  gboolean complete;

  complete = isc_point_renderer_draw_progressive (renderer, camera,
                                                  isc_point_renderer_get_refine_budget (renderer));
  glFinish ();
  *ms = now_ms () - start;
  isc_point_renderer_report_frame_time (renderer, *ms);
  return complete;
}

static double
median (double *v,
        int     n)
{
  qsort (v, n, sizeof (double), compare_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#define PARTS_FRAMES 9

/* Where a frame goes while the view turns, each part the median of PARTS_FRAMES frames with
 * the camera turning: a bare clear, the extras (clear, box, triad: every species hidden), the
 * readback a window's compositor or a screenshot adds, the CPU side of a draw (uniforms and
 * draw calls, before glFinish), the level of detail's adaptation, a fixed 1 M points, and the
 * adapted frame itself. Printed against the 1 M-point frame of the same run. */
static void
turning_parts (IscPointRenderer  *renderer,
               IscCamera         *camera,
               const IscIonCloud *cloud)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscPointRenderer) million = isc_point_renderer_new (&error);
  g_autoptr(IscPointBatch) sample = isc_point_batch_new_sample (cloud, 1000000, NULL, &error);
  g_autofree guint8 *pixels = g_malloc (W * H * 4);
  double clear[PARTS_FRAMES], extras[PARTS_FRAMES], readback[PARTS_FRAMES], submit[PARTS_FRAMES];
  double adapt[PARTS_FRAMES], points1m[PARTS_FRAMES], lod[PARTS_FRAMES], lod_rb[PARTS_FRAMES];
  double lod_max = 0, base;
  gboolean visible[ISC_POINT_RENDERER_N_SPECIES];
  guint64 shown = 0, total = 0, shown_min = G_MAXUINT64;

  if (million == NULL || sample == NULL)
    {
      fprintf (stderr, "bench-gl: %s\n", error->message);
      return;
    }
  for (guint s = 0; s < 4; s++)
    isc_point_renderer_set_species (million, s, NULL, colors[s]);
  isc_point_renderer_set_batch (million, sample);
  g_clear_pointer (&sample, isc_point_batch_free);

  /* warm: shaders and framebuffer tiles */
  isc_point_renderer_draw (million, camera);
  glFinish ();
  isc_point_renderer_set_interactive (renderer, TRUE);
  for (int f = 0; f < 12; f++)
    {
      double t = now_ms ();

      isc_camera_orbit (camera, 3, 0);
      isc_point_renderer_draw (renderer, camera);
      glFinish ();
      isc_point_renderer_report_frame_time (renderer, now_ms () - t);
    }

  for (int f = 0; f < PARTS_FRAMES; f++)
    {
      double t;

      isc_camera_orbit (camera, 3, 0);

      t = now_ms ();
      glViewport (0, 0, W, H);
      glClearColor (1, 1, 1, 1);
      glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
      glFinish ();
      clear[f] = now_ms () - t;

      t = now_ms ();
      glPixelStorei (GL_PACK_ALIGNMENT, 1);
      glReadPixels (0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
      readback[f] = now_ms () - t;

      for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
        {
          isc_point_renderer_get_species (renderer, s, NULL, NULL, NULL, &visible[s]);
          isc_point_renderer_set_species_visible (renderer, s, FALSE);
        }
      t = now_ms ();
      isc_point_renderer_draw (renderer, camera);
      glFinish ();
      extras[f] = now_ms () - t;
      for (guint s = 0; s < ISC_POINT_RENDERER_N_SPECIES; s++)
        isc_point_renderer_set_species_visible (renderer, s, visible[s]);

      t = now_ms ();
      isc_point_renderer_draw (million, camera);
      glFinish ();
      points1m[f] = now_ms () - t;

      /* the frame of the view while turning: draw, finish, report */
      t = now_ms ();
      isc_point_renderer_draw (renderer, camera);
      submit[f] = now_ms () - t;
      glFinish ();
      lod[f] = now_ms () - t;
      t = now_ms ();
      isc_point_renderer_report_frame_time (renderer, lod[f]);
      adapt[f] = now_ms () - t;
      isc_point_renderer_get_counts (renderer, &shown, &total);
      shown_min = MIN (shown_min, shown);
      lod_max = MAX (lod_max, lod[f]);
      glReadPixels (0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
      lod_rb[f] = now_ms () - t + lod[f] - adapt[f];
    }
  isc_point_renderer_set_interactive (renderer, FALSE);

  base = median (points1m, PARTS_FRAMES);
  printf ("#   turning at %" G_GUINT64_FORMAT " ions, %d×%d (median of %d frames; ratio to a"
          " fixed 1 M-point frame = %.1f ms):\n", total, W, H, PARTS_FRAMES, base);
  printf ("#     %-34s %8s %8s\n", "part", "ms", "×1M");
#define PART(label, v) do { double m_ = median (v, PARTS_FRAMES); \
    printf ("#     %-34s %8.2f %8.3f\n", label, m_, m_ / base); } while (0)
  PART ("clear only", clear);
  PART ("extras (clear, box, triad)", extras);
  PART ("readback 1280×800 RGBA", readback);
  PART ("CPU submit (uniforms, draw calls)", submit);
  PART ("LOD adaptation (report)", adapt);
  PART ("fixed 1 M points", points1m);
  PART ("LOD frame", lod);
  PART ("LOD frame + readback", lod_rb);
#undef PART
  printf ("#     LOD frame worst %.2f ms (×%.3f), %" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT
          " of %" G_GUINT64_FORMAT " ions drawn, budget %" G_GUINT64_FORMAT "\n",
          lod_max, lod_max / base, shown_min, shown, total,
          isc_point_renderer_get_lod_budget (renderer));
  fflush (stdout);
}

static int
run_progressive (const double *millions,
                 int           n_sizes)
{
  g_autoptr(GError) error = NULL;

  printf ("# the view's way: sample first, all ions prepared on a thread, refined per frame"
          " (budget 25 ms); baseline: one full draw of the 300 000-ion sample\n"
          "# worst: the longest frame after the first picture, until full detail\n");
  printf ("%10s %9s %9s %8s %9s %8s %7s %9s %8s %9s %8s %9s %9s %8s %8s\n", "ions", "sample ms",
          "first ms", "×sample", "full ms", "×sample", "frames", "worst ms", "×sample", "LOD ms",
          "×sample", "LOD shown", "RSS B/ion", "×cloud", "peak ×c");

  for (int k = 0; k < n_sizes; k++)
    {
      gsize n = (gsize) (millions[k] * 1e6);
      g_autoptr(IscIonCloud) cloud = NULL;
      g_autoptr(IscPointRenderer) renderer = NULL;
      g_autoptr(IscCamera) camera = isc_camera_new ();
      double sample_ms = G_MAXDOUBLE, first_ms, full_ms, worst = 0, ms, lod[20], lod_max = 0;
      double cloud_bytes = 17.0 * n, start;
      long rss0, rss_full, peak;
      guint frames = 0;
      guint64 shown, total;
      PrepareJob job = { 0 };
      GThread *thread;

      rss0 = status_kb ("VmRSS");
      cloud = make_cloud (n);
      isc_camera_set_viewport (camera, W, H);
      isc_camera_set_scene_bounds (camera, cloud->bounds_min, cloud->bounds_max);
      isc_camera_set_azimuth_elevation (camera, 30, 20);

      /* Baseline: one full draw of the sample the view shows first (best of 3, warm). */
      {
        g_autoptr(IscPointRenderer) base = isc_point_renderer_new (&error);
        g_autoptr(IscPointBatch) sample = isc_point_batch_new_sample (cloud, 300000, NULL, &error);

        if (base == NULL || sample == NULL)
          {
            fprintf (stderr, "bench-gl: %s\n", error->message);
            return 1;
          }
        for (guint s = 0; s < 4; s++)
          isc_point_renderer_set_species (base, s, NULL, colors[s]);
        isc_point_renderer_set_batch (base, sample);
        for (int r = 0; r < 4; r++)
          {
            double t = now_ms ();

            isc_point_renderer_draw (base, camera);
            glFinish ();
            if (r > 0)
              sample_ms = MIN (sample_ms, now_ms () - t);
          }
      }

      renderer = isc_point_renderer_new (&error);
      if (renderer == NULL)
        {
          fprintf (stderr, "bench-gl: %s\n", error->message);
          return 1;
        }
      for (guint s = 0; s < 4; s++)
        isc_point_renderer_set_species (renderer, s, NULL, colors[s]);
      reset_peak ();

      /* Load: the sample is prepared and drawn at once, all ions are prepared behind it. */
      start = now_ms ();
      {
        g_autoptr(IscPointBatch) sample = isc_point_batch_new_sample (cloud, 300000, NULL, &error);

        if (sample == NULL)
          {
            fprintf (stderr, "bench-gl: %s\n", error->message);
            return 1;
          }
        isc_point_renderer_set_batch (renderer, sample);
      }
      job.cloud = cloud;
      thread = g_thread_new ("prepare", prepare_thread, &job);
      refine_frame (renderer, camera, &ms);
      first_ms = now_ms () - start;
      /* the first frame is the first picture (and compiles the shaders): counted above */
      /* Frames go on while the thread works (the sample picture completes, then waits). */
      while (!g_atomic_int_get (&job.done))
        {
          if (refine_frame (renderer, camera, &ms))
            g_usleep (16000);
          worst = MAX (worst, ms);
          frames++;
        }
      g_thread_join (thread);
      if (job.batch == NULL)
        {
          fprintf (stderr, "bench-gl: %s\n", job.error->message);
          return 1;
        }
      isc_point_renderer_take_batch (renderer, g_steal_pointer (&job.batch));
      while (!refine_frame (renderer, camera, &ms))
        {
          worst = MAX (worst, ms);
          frames++;
        }
      worst = MAX (worst, ms);
      frames++;
      full_ms = now_ms () - start;
      rss_full = status_kb ("VmRSS");
      peak = status_kb ("VmHWM");

      /* Interaction: the camera turns every frame; the subsample adapts over 20 frames and
       * the last 10 are reported (median and worst). */
      isc_point_renderer_set_interactive (renderer, TRUE);
      for (int f = 0; f < 20; f++)
        {
          double t = now_ms ();

          isc_camera_orbit (camera, 3, 0);
          isc_point_renderer_draw (renderer, camera);
          glFinish ();
          lod[f] = now_ms () - t;
          isc_point_renderer_report_frame_time (renderer, lod[f]);
        }
      isc_point_renderer_get_counts (renderer, &shown, &total);
      for (int f = 10; f < 20; f++)
        lod_max = MAX (lod_max, lod[f]);
      qsort (lod + 10, 10, sizeof (double), compare_double);

      printf ("%10zu %9.1f %9.1f %8.2f %9.0f %8.1f %7u %9.1f %8.2f %9.1f %8.2f %9" G_GUINT64_FORMAT
              " %9.1f %8.2f %8.2f\n",
              n, sample_ms, first_ms, first_ms / sample_ms, full_ms, full_ms / sample_ms, frames,
              worst, worst / sample_ms, 0.5 * (lod[14] + lod[15]), 0.5 * (lod[14] + lod[15]) / sample_ms,
              shown, (rss_full - rss0) * 1024.0 / n, (rss_full - rss0) * 1024.0 / cloud_bytes,
              (peak - rss0) * 1024.0 / cloud_bytes);
      printf ("#   %zu ions: renderer %.1f B/ion resident beyond the cloud (GPU buffer %.1f B/ion),"
              " interactive worst %.1f ms\n", n,
              (rss_full - rss0) * 1024.0 / n - 17.0,
              (double) isc_point_renderer_get_gpu_bytes (renderer) / n, lod_max);
      printf ("#   %zu ions: %.1f B/ion after full detail, %.1f B/ion at the peak (goal ≤ 25)\n",
              n, (rss_full - rss0) * 1024.0 / n, (peak - rss0) * 1024.0 / n);
      fflush (stdout);
      turning_parts (renderer, camera, cloud);
    }
  printf ("# goals on llvmpipe: first picture < 1000 ms, worst frame while refining and LOD"
          " frames < 33 ms, ≤ 25 B/ion resident in all (cloud 17 + one 8 B/ion GPU copy)\n");
  return 0;
}


int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IscGlHeadless) context = NULL;
  double max_millions = 1.0;
  const char *png = NULL;
  double progressive[16];
  int n_progressive = -1;
  static const double all_sizes[] = { 0.25, 1, 5, 20 };
  GLuint fbo, rbo[2];

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--png") && i + 1 < argc)
        png = argv[++i];
      else if (g_str_equal (argv[i], "--progressive"))
        n_progressive = 0;
      else if (n_progressive >= 0 && n_progressive < (int) G_N_ELEMENTS (progressive))
        progressive[n_progressive++] = g_ascii_strtod (argv[i], NULL);
      else
        max_millions = g_ascii_strtod (argv[i], NULL);
    }
  if (!(max_millions > 0))
    {
      fprintf (stderr, "usage: bench-gl [MAX_MILLIONS] [--png FILE]\n");
      return 2;
    }

  context = isc_gl_headless_new (&error);
  if (context == NULL)
    {
      fprintf (stderr, "bench-gl: %s\n", error->message);
      return 1;
    }
  printf ("# renderer: %s, framebuffer %d×%d, point size 2 px, LOD budget 25 ms\n",
          isc_gl_headless_get_renderer (context), W, H);

  glGenFramebuffers (1, &fbo);
  glGenRenderbuffers (2, rbo);
  glBindRenderbuffer (GL_RENDERBUFFER, rbo[0]);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_RGBA8, W, H);
  glBindRenderbuffer (GL_RENDERBUFFER, rbo[1]);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, W, H);
  glBindFramebuffer (GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rbo[0]);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, rbo[1]);

  /* Warm llvmpipe up (threads, shader variants, first-touch of the framebuffer) so that the
   * first measured size is not charged for it. */
  {
    g_autoptr(IscIonCloud) cloud = make_cloud (200000);
    g_autoptr(IscPointRenderer) renderer = isc_point_renderer_new (&error);
    g_autoptr(IscCamera) camera = isc_camera_new ();

    if (renderer == NULL || !isc_point_renderer_set_cloud (renderer, cloud, &error))
      {
        fprintf (stderr, "bench-gl: %s\n", error->message);
        return 1;
      }
    isc_camera_set_viewport (camera, W, H);
    isc_camera_set_scene_bounds (camera, cloud->bounds_min, cloud->bounds_max);
    for (int f = 0; f < 5; f++)
      frame_ms (renderer, camera);
  }

  if (n_progressive >= 0)
    {
      int status;

      if (n_progressive == 0)
        {
          progressive[n_progressive++] = 10;
          progressive[n_progressive++] = 50;
        }
      status = run_progressive (progressive, n_progressive);
      glBindFramebuffer (GL_FRAMEBUFFER, 0);
      glDeleteFramebuffers (1, &fbo);
      glDeleteRenderbuffers (2, rbo);
      return status;
    }

  printf ("# prepare: group, quantise, shuffle on the CPU (worker thread in the widget);"
          " upload: glBufferData + glFinish\n");
  printf ("%10s %10s %10s %10s %9s %9s %11s %9s %11s %9s %12s %9s %8s\n", "ions", "first ms", "memcpy ms",
          "prepare ms", "×memcpy", "upload ms", "×memcpy", "full ms", "×memcpy", "LOD ms",
          "LOD shown", "LOD max", "B/ion");

  for (guint k = 0; k < G_N_ELEMENTS (all_sizes); k++)
    {
      gsize n = (gsize) (all_sizes[k] * 1e6);
      g_autoptr(IscIonCloud) cloud = NULL;
      g_autoptr(IscPointRenderer) renderer = NULL;
      g_autoptr(IscCamera) camera = isc_camera_new ();
      g_autofree guint64 *src = NULL, *dst = NULL;
      double memcpy_ms, prepare_ms, upload_ms, first_ms, full = G_MAXDOUBLE, lod[12], lod_max = 0;
      guint64 shown, total;

      if (all_sizes[k] > max_millions || (max_millions >= 5 && all_sizes[k] < 1))
        continue;

      cloud = make_cloud (n);
      renderer = isc_point_renderer_new (&error);
      if (renderer == NULL)
        {
          fprintf (stderr, "bench-gl: %s\n", error->message);
          return 1;
        }
      for (guint s = 0; s < 4; s++)
        isc_point_renderer_set_species (renderer, s, NULL, colors[s]);

      /* Baseline: one memcpy pass over as many bytes as the vertex data holds. */
      src = g_new0 (guint64, n);
      dst = g_new (guint64, n);
      memcpy (dst, src, n * sizeof (guint64));
      {
        double start = now_ms ();

        memcpy (dst, src, n * sizeof (guint64));
        memcpy_ms = MAX (now_ms () - start, 1e-3);
      }
      g_clear_pointer (&src, g_free);
      g_clear_pointer (&dst, g_free);

      isc_camera_set_viewport (camera, W, H);
      isc_camera_set_scene_bounds (camera, cloud->bounds_min, cloud->bounds_max);
      isc_camera_set_azimuth_elevation (camera, 30, 20);

      /* First picture, as the view shows it: a sample of at most 300 000 ions prepared, uploaded
       * and drawn (the full batch replaces it below). */
      {
        double start = now_ms ();
        g_autoptr(IscPointBatch) sample = isc_point_batch_new_sample (cloud, 300000, NULL, &error);

        if (sample == NULL)
          {
            fprintf (stderr, "bench-gl: %s\n", error->message);
            return 1;
          }
        isc_point_renderer_set_batch (renderer, sample);
        frame_ms (renderer, camera);
        first_ms = now_ms () - start;
      }

      {
        g_autoptr(IscPointBatch) batch = isc_point_batch_new (cloud, NULL, &error);

        if (batch == NULL)
          {
            fprintf (stderr, "bench-gl: %s\n", error->message);
            return 1;
          }
        prepare_ms = batch->prepare_ms;
        isc_point_renderer_set_batch (renderer, batch);
      }
      upload_ms = isc_point_renderer_get_upload_ms (renderer);

      /* Full redraw: one warm-up (shader JIT) then the best of three. */
      frame_ms (renderer, camera);
      for (int r = 0; r < 3; r++)
        full = MIN (full, frame_ms (renderer, camera));

      /* Interactive: the camera turns every frame; the budget adapts over 12 frames and the
       * last 6 are reported (median and worst). */
      isc_point_renderer_set_interactive (renderer, TRUE);
      for (int f = 0; f < 12; f++)
        {
          isc_camera_orbit (camera, 3, 0);
          lod[f] = frame_ms (renderer, camera);
        }
      isc_point_renderer_get_counts (renderer, &shown, &total);
      for (int f = 6; f < 12; f++)
        lod_max = MAX (lod_max, lod[f]);
      qsort (lod + 6, 6, sizeof (double), compare_double);
      isc_point_renderer_set_interactive (renderer, FALSE);

      printf ("%10zu %10.1f %10.2f %10.1f %9.1f %9.1f %11.1f %9.1f %11.1f %9.1f %12" G_GUINT64_FORMAT
              " %9.1f %8.1f\n",
              n, first_ms, memcpy_ms, prepare_ms, prepare_ms / memcpy_ms, upload_ms, upload_ms / memcpy_ms,
              full, full / memcpy_ms,
              0.5 * (lod[8] + lod[9]), shown, lod_max,
              (double) isc_point_renderer_get_gpu_bytes (renderer) / n);

      if (png != NULL)
        {
          IscGlExportOptions options = { 1200, 800, TRUE, TRUE };

          isc_point_renderer_set_species (renderer, 0, "Li", colors[0]);
          isc_point_renderer_set_species (renderer, 1, "Ni", colors[1]);
          isc_point_renderer_set_species (renderer, 2, "Mn", colors[2]);
          isc_point_renderer_set_species (renderer, 3, "O", colors[3]);
          if (!isc_gl_export_png (renderer, camera, &options, png, &error))
            {
              fprintf (stderr, "bench-gl: %s\n", error->message);
              return 1;
            }
        }
    }

  printf ("# goals on llvmpipe: first picture < 1000 ms and LOD frames < 33 ms at every size;"
          " full redraw of 1 M < 300 ms\n");
  glBindFramebuffer (GL_FRAMEBUFFER, 0);
  glDeleteFramebuffers (1, &fbo);
  glDeleteRenderbuffers (2, rbo);
  return 0;
}
