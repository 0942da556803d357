/* eels.h: electron energy-loss spectra (single spectra, line scans, spectrum images) and
 * their analysis: zero-loss peak and t/λ, power-law backgrounds, edge onsets, edge
 * integrals and the L3/L2 white-line ratio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A spectrum, line scan (height 1) or spectrum image: width × height spectra of n_channels
 * each, on the energy axis E_i = energy_offset + i × energy_scale. */
typedef struct
{
  guint    n_channels;
  guint    width;            /* spectra along x (1 for a single spectrum) */
  guint    height;           /* rows (1 for a spectrum or a line scan) */
  double   energy_offset;    /* eV of channel 0 */
  double   energy_scale;     /* eV per channel */
  double   origin_channels;  /* the DM "Origin" (channel of 0 eV): −offset / scale */
  double   spatial_scale;    /* per pixel along x and y, in spatial_unit (1 when uncalibrated) */
  char    *spatial_unit;     /* owned, "" when uncalibrated */
  double  *counts;           /* (y × width + x) × n_channels + i; owned */
  char    *format;           /* "dm3", "dm4", "msa", … ; owned */
  char    *title;            /* owned, may be "" */
  double   beam_energy_kev;  /* NAN when the file does not say */
  double   convergence_mrad; /* NAN when unknown */
  double   collection_mrad;  /* NAN when unknown */
} IscEelsData;

/* Loads @path: EMSA/MSA text, or any image file (DM3/DM4, Velox EMD, …) with one axis
 * calibrated in eV. NULL with @error (ISC_IMAGE_ERROR, the message starting with the file name) on failure. */
IscEelsData  *isc_eels_load          (const char  *path,
                                      GError     **error);
/* Parses EMSA/MSA text held in memory; @name is used in error messages. */
IscEelsData  *isc_eels_parse_msa     (const char  *text,
                                      gsize        len,
                                      const char  *name,
                                      GError     **error);
void          isc_eels_data_free     (IscEelsData *data);
IscEelsData  *isc_eels_data_new      (guint        n_channels,
                                      guint        width,
                                      guint        height);

/* Energy of channel @i. */
double        isc_eels_energy        (const IscEelsData *data,
                                      double             i);
/* The spectrum of pixel (@x, @y) (n_channels values, owned by @data). */
const double *isc_eels_spectrum      (const IscEelsData *data,
                                      guint              x,
                                      guint              y);
/* Sum over all pixels, newly allocated (n_channels values). */
double       *isc_eels_sum_spectrum  (const IscEelsData *data);
/* Energy axis as a newly allocated array, shifted by @shift eV. */
double       *isc_eels_energy_axis   (const IscEelsData *data,
                                      double             shift);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscEelsData, isc_eels_data_free)

/* ---- analysis (eels-analysis.c) ---- */

/* Power law A·E^−r fitted by linear least squares of ln I against ln E over the channels in
 * [lo, hi] with E > 0 and I > 0. */
typedef struct
{
  gboolean ok;
  double   a;
  double   r;
  double   lo, hi;      /* fit window, eV */
  double   rms;         /* rms residual of the fit in counts over the window */
  guint    n_points;
} IscEelsPowerLaw;

gboolean      isc_eels_fit_power_law (const double    *e,
                                      const double    *y,
                                      guint            n,
                                      double           lo,
                                      double           hi,
                                      IscEelsPowerLaw *out);
double        isc_eels_power_law_eval (const IscEelsPowerLaw *bg,
                                       double                 e);

/* Zero-loss peak: maximum refined by a 3-point parabola, FWHM from the linearly interpolated
 * half-maximum crossings, and t/λ = ln(I_total / I_ZLP) with I_ZLP the sum up to the first
 * minimum after the peak. */
typedef struct
{
  gboolean ok;
  double   centre_ev;
  double   height;
  double   fwhm_ev;
  double   first_minimum_ev;
  double   i_zlp;
  double   i_total;
  double   t_over_lambda;
} IscEelsZeroLoss;

gboolean      isc_eels_zero_loss     (const double    *e,
                                      const double    *y,
                                      guint            n,
                                      IscEelsZeroLoss *out);

/* One row of the edge table. */
typedef struct
{
  const char *element;
  const char *edge;       /* "K" or "L2,3" */
  double      onset_ev;   /* K onset, or the L3 energy */
  double      l2_ev;      /* L2 energy; 0 for K edges */
} IscEelsEdgeInfo;

const IscEelsEdgeInfo *isc_eels_edge_table  (guint      *n);
/* Case-insensitive element symbol; NULL when not in the table. */
const IscEelsEdgeInfo *isc_eels_edge_lookup (const char *element);

/* How the L3/L2 white-line ratio is measured. */
typedef enum
{
  ISC_EELS_WHITE_LINE_PEARSON,            /* step continuum removed, areas around each maximum */
  ISC_EELS_WHITE_LINE_SECOND_DERIVATIVE,  /* negative lobes of the smoothed second derivative */
} IscEelsWhiteLineMethod;

/* "pearson" or "second-derivative" (static). */
const char   *isc_eels_white_line_method_to_string   (IscEelsWhiteLineMethod  method);
gboolean      isc_eels_white_line_method_from_string (const char             *text,
                                                      IscEelsWhiteLineMethod *method);
/* One sentence saying how the method measures the ratio, for JSON and tooltips (static). */
const char   *isc_eels_white_line_method_describe    (IscEelsWhiteLineMethod  method);

/* Windows; NAN means "chosen automatically" (see eels-analysis.c). */
typedef struct
{
  double bg_lo, bg_hi;          /* background fit window */
  double integration_width;     /* edge integral from the onset over this many eV (default 50) */
  IscEelsWhiteLineMethod method;  /* default Pearson's */
} IscEelsEdgeOptions;

void          isc_eels_edge_options_init (IscEelsEdgeOptions *options);

typedef struct
{
  const IscEelsEdgeInfo *info;
  gboolean        found;          /* an edge rises above the background noise */
  IscEelsPowerLaw background;
  double          onset_ev;       /* 10 % onset of the 5-point smoothed signal */
  double          edge_max;       /* maximum of the smoothed signal in the search range */
  double          integral;       /* background-subtracted counts × eV over [int_lo, int_hi] */
  double          int_lo, int_hi;
  /* white lines (L2,3 edges; NAN otherwise) */
  double          l3_ev, l2_ev;   /* parabolic maxima of the background-subtracted signal */
  double          l3_height, l2_height;
  double          l3_area, l2_area;  /* Pearson: after the step continuum is removed; second
                                      * derivative: the negative lobes (counts/eV) */
  double          continuum;      /* step height (counts) behind L2; NAN for the second derivative */
  double          l3_l2_ratio;
  IscEelsWhiteLineMethod method;  /* how l3_l2_ratio (and the areas) were measured */
} IscEelsEdgeResult;

/* Fits the background before @info's edge, finds the onset, integrates the edge and, for an
 * L2,3 edge, measures the white lines. FALSE (with out->found FALSE) when the spectrum does not
 * cover the windows. */
gboolean      isc_eels_analyse_edge  (const double             *e,
                                      const double             *y,
                                      guint                     n,
                                      const IscEelsEdgeInfo    *info,
                                      const IscEelsEdgeOptions *options,
                                      IscEelsEdgeResult        *out);

/* Profiles and maps of a line scan or spectrum image: every pixel of @data (energies @e) is
 * analysed with the background window of @reference (normally the result of the sum
 * spectrum, so that all pixels share one window; NULL: each pixel chooses its own). @out
 * receives width × height results, x fastest. */
void          isc_eels_analyse_map   (const IscEelsData        *data,
                                      const double             *e,
                                      const IscEelsEdgeInfo    *info,
                                      const IscEelsEdgeOptions *options,
                                      const IscEelsEdgeResult  *reference,
                                      IscEelsEdgeResult        *out);

/* Pearson's method on a background-subtracted signal @s: a step continuum (Heaviside steps at
 * the L3 and L2 maxima, heights 2/3 and 1/3 of the mean signal in [l2 + 10, l2 + 20] eV) is
 * removed, and the rest is integrated over ±half the L3–L2 splitting around each maximum.
 * Returns the L3/L2 area ratio (NAN when undefined). */
double        isc_eels_white_line_ratio (const double *e,
                                         const double *s,
                                         guint         n,
                                         double        l3_ev,
                                         double        l2_ev,
                                         double       *out_l3_area,
                                         double       *out_l2_area,
                                         double       *out_continuum);

/* The second-derivative method: @s is smoothed by a Gaussian of σ = max(1 eV, 2 channels), its
 * second derivative taken, and the negative lobe around each maximum (from zero crossing to zero
 * crossing) integrated. The step continuum, odd about each line, drops out; for white lines of
 * equal width the lobe ratio is their area ratio. Returns L3/L2 (NAN when undefined); the lobe
 * integrals (counts/eV) go to @out_l3_lobe and @out_l2_lobe. */
double        isc_eels_white_line_ratio_d2 (const double *e,
                                            const double *s,
                                            guint         n,
                                            double        l3_ev,
                                            double        l2_ev,
                                            double       *out_l3_lobe,
                                            double       *out_l2_lobe);

/* Maximum of @y in [lo, hi] refined by a 3-point parabola; NAN when the window is empty. */
double        isc_eels_peak_in       (const double *e,
                                      const double *y,
                                      guint         n,
                                      double        lo,
                                      double        hi,
                                      double       *out_height);

G_END_DECLS
