/* demo-cycling.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "demo-cycling.h"
#include "isc-error.h"

/* SCIENCE.md: the 18650 cell (graphite anode, 2.8–4.35 V) gives 180.9 mAh/g at the first 1 C
 * cycle after two 0.2 C formation cycles and 137.5 mAh/g (76.0 %) after 300; the half cells
 * (Li metal, 2.7–4.3 V) give ~180 mAh/g at 0.1 C and keep 83 % (TS-NCM) and 74 % (R-NCM) after
 * 100 cycles at 0.5 C. */
static const IscDemoCell cells[] = {
  { "18650-full-cell.csv", "18650 full cell", 15000.0, 3, 302, 76.0, 186.0 },
  { "TS-NCM-half-cell.csv", "TS-NCM", 10.0, 2, 101, 83.0, 180.4 },
  { "R-NCM-half-cell.csv", "R-NCM", 10.0, 2, 101, 74.0, 180.1 },
};

#define POINTS_PER_HALF 40

const IscDemoCell *
isc_demo_cycling_cells (guint *n_cells)
{
  if (n_cells != NULL)
    *n_cells = G_N_ELEMENTS (cells);
  return cells;
}

typedef struct
{
  gboolean full_cell;
  double vmin, vmax;
  double mass_g;
  double nominal_mah;   /* 1 C capacity, mAh */
  guint32 rng;
  double time;
  GString *out;
} Writer;

/* A small LCG: the demo must not depend on GLib's generator across versions. */
static double
noise (Writer *w)
{
  w->rng = w->rng * 1664525u + 1013904223u;
  return ((w->rng >> 8) / 16777216.0) - 0.5;
}

/* Open-circuit voltage of a Ni-rich NCM versus Li (half cell) or graphite (full cell) against
 * state of charge s ∈ [0, 1]: steep knee at full lithiation, slope through the middle, a small
 * rise near the top (shape of the NMC811 OCP of Chen 2020). */
static double
ocv (gboolean full_cell,
     double   s)
{
  double v = 3.60 + 0.65 * s - 0.55 * exp (-s / 0.035) + 0.06 * exp (-(1 - s) / 0.05)
             + 0.035 * sin (G_PI * s * 2.2);

  return full_cell ? v - 0.12 + 0.05 * s : v;
}

static void
write_half (Writer *w,
            gint32  cycle,
            gint32  step,
            gboolean charge,
            double  capacity_mah,   /* what this half delivers */
            double  c_rate,
            double  overpotential,  /* V */
            double  charged_before) /* charge capacity of this cycle, kept during the discharge */
{
  double current = c_rate * w->nominal_mah;   /* mA */
  double duration = capacity_mah / current * 3600.0;
  char b[7][G_ASCII_DTOSTR_BUF_SIZE];

  for (guint k = 0; k <= POINTS_PER_HALF; k++)
    {
      double f = (double) k / POINTS_PER_HALF;
      double q = f * capacity_mah;
      /* SOC of this cycle's usable window: charging 0 → 1, discharging 1 → 0. */
      double s = charge ? f : 1 - f;
      double v = ocv (w->full_cell, s) + (charge ? overpotential : -overpotential) + 0.0008 * noise (w);

      v = CLAMP (v, w->vmin, w->vmax);
      g_string_append_printf (w->out, "%s,%s,%s,%s,%s,%d,%d\n",
                              g_ascii_formatd (b[0], sizeof b[0], "%.1f", w->time + f * duration),
                              g_ascii_formatd (b[1], sizeof b[1], "%.4f", v),
                              g_ascii_formatd (b[2], sizeof b[2], "%.4f", charge ? current : -current),
                              g_ascii_formatd (b[3], sizeof b[3], "%.5f", charge ? q : charged_before),
                              g_ascii_formatd (b[4], sizeof b[4], "%.5f", charge ? 0.0 : q),
                              cycle, step);
    }
  w->time += duration + 60;   /* a minute's rest between halves */
}

/* Smooth, continuous fade from 1 to @end over x ∈ [0, 1], slightly accelerating. */
static double
fade (double x,
      double end)
{
  return 1 - (1 - end) * (0.65 * x + 0.35 * x * x);
}

static void
write_cell (const IscDemoCell *cell,
            guint              index,
            GString           *out)
{
  Writer w = { 0 };
  gint32 cycle = 1;

  w.full_cell = index == 0;
  w.vmin = w.full_cell ? 2.8 : 2.7;
  w.vmax = w.full_cell ? 4.35 : 4.3;
  w.mass_g = cell->active_mass_mg / 1000.0;
  w.nominal_mah = 180.0 * w.mass_g;
  w.rng = 20261122u + index;
  w.out = out;

  g_string_append_printf (out, "# Ionscape demo cell: %s; active mass %.3f mg; window %.2f-%.2f V\n",
                          cell->label, cell->active_mass_mg, w.vmin, w.vmax);
  g_string_append (out, "Test_Time(s),Voltage(V),Current(mA),Charge_Capacity(mAh),"
                        "Discharge_Capacity(mAh),Cycle_Index,Step_Index\n");

  if (w.full_cell)
    {
      /* Two 0.2 C formation cycles (first with the SEI loss), then 300 at 1 C. */
      const double formation[2] = { cell->first_capacity, 184.2 };
      const double ce[2] = { 0.86, 0.985 };

      for (guint k = 0; k < 2; k++, cycle++)
        {
          double qd = formation[k] * w.mass_g, qc = qd / ce[k];

          write_half (&w, cycle, 1, TRUE, qc, 0.2, 0.03, 0);
          write_half (&w, cycle, 2, FALSE, qd, 0.2, 0.03, qc);
        }
      for (guint n = 0; n < 300; n++, cycle++)
        {
          double x = n / 299.0;
          double qd = 180.9 * fade (x, 137.5 / 180.9) * w.mass_g;
          double qc = qd / (0.9985 - 0.001 * exp (-(double) n / 5.0));
          double eta = 0.06 + 0.05 * x;   /* growing impedance */

          write_half (&w, cycle, 3, TRUE, qc, 1.0, eta, 0);
          write_half (&w, cycle, 4, FALSE, qd, 1.0, eta, qc);
        }
    }
  else
    {
      /* One 0.1 C cycle, then 100 at 0.5 C; rate loss brings the first 0.5 C cycle to ~172. */
      double q05 = index == 1 ? 173.0 : 171.5;
      double r_growth = index == 1 ? 0.03 : 0.07;   /* 80 → 110 Ω (TS) versus 80 → 150 Ω (R) */
      double qd = cell->first_capacity * w.mass_g;
      /* The study: the two-step calcination (TS-NCM) gives the higher first-cycle efficiency. */
      double ce1 = index == 1 ? 0.915 : 0.875;

      write_half (&w, cycle, 1, TRUE, qd / ce1, 0.1, 0.01, 0);
      write_half (&w, cycle, 2, FALSE, qd, 0.1, 0.01, qd / ce1);
      cycle++;
      for (guint n = 0; n < 100; n++, cycle++)
        {
          double x = n / 99.0;
          double q = q05 * fade (x, cell->retention / 100.0) * w.mass_g;
          double eta = 0.04 + r_growth * x;

          write_half (&w, cycle, 3, TRUE, q / 0.997, 0.5, eta, 0);
          write_half (&w, cycle, 4, FALSE, q, 0.5, eta, q / 0.997);
        }
    }
}

gboolean
isc_demo_write_cycling (const char    *dir,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *folder = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);

  folder = g_build_filename (dir, "cycling", NULL);
  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "Cannot create %s", folder);
      return FALSE;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cells");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_autoptr(GString) out = g_string_sized_new (1 << 20);
      g_autofree char *path = g_build_filename (folder, cells[i].file, NULL);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      write_cell (&cells[i], i, out);
      if (!g_file_set_contents (path, out->str, out->len, &local))
        {
          g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "%s", local->message);
          return FALSE;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, cells[i].file);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, cells[i].label);
      json_builder_set_member_name (b, "active_mass_mg");
      json_builder_add_double_value (b, cells[i].active_mass_mg);
      json_builder_set_member_name (b, "reference_cycle");
      json_builder_add_int_value (b, cells[i].reference_cycle);
      json_builder_set_member_name (b, "last_cycle");
      json_builder_add_int_value (b, cells[i].last_cycle);
      json_builder_set_member_name (b, "retention_percent");
      json_builder_add_double_value (b, cells[i].retention);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json = json_generator_to_data (gen, NULL);
  json_path = g_build_filename (folder, "cells.json", NULL);
  if (!g_file_set_contents (json_path, json, -1, &local))
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}
