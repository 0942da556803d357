/* cycling-data.h: battery-cycler data in one record type, whatever the cycler, and the
 * per-cycle quantities derived from it (capacity, Coulombic efficiency, retention, energy,
 * voltage curves, dQ/dV).
 *
 * Conventions (reference/image-and-cycler-formats.md §4.4): current in mA, positive = charge
 * (oxidation of the cathode) after import, whatever the file used; capacities in mAh; specific
 * capacities in mAh/g of active material; cycle numbers are the file's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "isc-error.h"

G_BEGIN_DECLS

/* A code of ISC_CYCLING_ERROR beyond the shared IscErrorCode: a delimited table whose column
 * names did not tell which column is what. The caller may ask the user for an
 * IscCyclingColumnMap and load again with it. */
#define ISC_CYCLING_ERROR_COLUMNS 100

typedef enum
{
  ISC_CYCLER_AUTO,
  ISC_CYCLER_BIOLOGIC,   /* .mpt text or .mpr binary */
  ISC_CYCLER_ARBIN,      /* MITS Pro CSV export */
  ISC_CYCLER_MACCOR,     /* classic or newer text export */
  ISC_CYCLER_NEWARE,     /* BTSDA CSV export */
  ISC_CYCLER_CSV,        /* any delimited table: columns guessed from their names or set by the caller */
} IscCyclerFormat;

typedef struct
{
  double time_s;          /* since the start of the test */
  double voltage_v;
  double current_ma;      /* mA, positive = charge */
  double charge_mah;      /* charge passed so far in this cycle, mAh (≥ 0) */
  double discharge_mah;   /* discharge passed so far in this cycle, mAh (≥ 0) */
  gint32 cycle;           /* the file's cycle number */
  gint32 step;            /* the file's step index, or -1 */
} IscCyclingRecord;

/* Which column of a delimited table holds what, and the factor that converts the file's unit
 * to ours (s, V, mA, mAh). Index -1 = absent. */
typedef enum
{
  ISC_CYCLING_COL_TIME,
  ISC_CYCLING_COL_VOLTAGE,
  ISC_CYCLING_COL_CURRENT,
  ISC_CYCLING_COL_CHARGE_CAPACITY,
  ISC_CYCLING_COL_DISCHARGE_CAPACITY,
  ISC_CYCLING_COL_CAPACITY,      /* one column for both directions (Maccor Amp-hr, Neware Capacity) */
  ISC_CYCLING_COL_CYCLE,
  ISC_CYCLING_COL_STEP,
  ISC_CYCLING_COL_STATE,         /* C/D/R or "CC Chg"/"CC DChg"/"Rest" … */
  ISC_CYCLING_N_COLS
} IscCyclingColumn;

typedef struct
{
  int    index[ISC_CYCLING_N_COLS];
  double scale[ISC_CYCLING_N_COLS];
} IscCyclingColumnMap;

typedef struct
{
  char *source;             /* file path (or a label) */
  IscCyclerFormat format;   /* the format that was read */
  GArray *records;          /* IscCyclingRecord, in time order */
  double active_mass_g;     /* from the file (BioLogic settings), or NAN */
  IscCyclingColumnMap columns;  /* the table columns that were read (all -1 for binary .mpr) */
} IscCyclingData;

typedef struct
{
  gint32 cycle;
  double charge_mah;
  double discharge_mah;
  double charge_mah_g;          /* NAN without an active mass */
  double discharge_mah_g;       /* NAN without an active mass */
  double coulombic_efficiency;  /* % = 100 × discharge / charge of the same cycle; NAN if no charge */
  double retention;             /* % = 100 × discharge / discharge of the reference cycle */
  double mean_charge_v;         /* energy / capacity, V; NAN without charge */
  double mean_discharge_v;
  double charge_energy_mwh;
  double discharge_energy_mwh;
  guint first_record;
  guint n_records;
} IscCycleSummary;

IscCyclingData *isc_cycling_data_new        (const char *source);
void            isc_cycling_data_free       (IscCyclingData *data);

/* Reads any supported file. ISC_CYCLER_AUTO recognises the format from the content.
 * Errors in ISC_CYCLING_ERROR name the file, the line/offset and what was expected. */
IscCyclingData *isc_cycling_load            (const char      *path,
                                             IscCyclerFormat  format,
                                             GCancellable    *cancellable,
                                             GError         **error);
/* A delimited table with an explicit column map (NULL: guessed from the header names). */
IscCyclingData *isc_cycling_load_csv        (const char                *path,
                                             const IscCyclingColumnMap *map,
                                             GCancellable              *cancellable,
                                             GError                   **error);
/* Everything at once, for a worker thread: @map applies to delimited text only (NULL = guess);
 * @progress (may be NULL) gets the fraction read. */
IscCyclingData *isc_cycling_load_full       (const char                *path,
                                             IscCyclerFormat            format,
                                             const IscCyclingColumnMap *map,
                                             GCancellable              *cancellable,
                                             IscProgressFunc            progress,
                                             gpointer                   progress_data,
                                             GError                   **error);

/* Guesses the map from header names such as "Current(A)", "I/mA", "Cycle_Index", "Test (Min)".
 * Returns FALSE unless at least time, voltage and current or a capacity column were found. */
gboolean        isc_cycling_guess_columns   (const char * const  *headers,
                                             guint                n_headers,
                                             IscCyclingColumnMap *map);
void            isc_cycling_column_map_init (IscCyclingColumnMap *map);

/* The start of a text export as the table reader sees it, for a column-mapping preview:
 * the column names and the first data rows split at the same delimiter. */
typedef struct
{
  char           *source;       /* the path */
  IscCyclerFormat format;       /* what the content looks like */
  guint           header_line;  /* 1-based line of the column names in the file */
  char            delimiter;    /* '\t', ',' or ';' */
  gboolean        decimal_comma;
  guint           n_columns;
  char          **headers;      /* n_columns names, trimmed; NULL-terminated */
  GPtrArray      *rows;         /* char ** per row (NULL-terminated, trimmed, may hold fewer
                                 * or more than n_columns fields), blank lines skipped */
} IscCyclingTablePreview;

/* Reads at most the first MiB of @path and returns its header and up to @max_rows data rows
 * (new, free with isc_cycling_table_preview_free). Binary files (.mpr) are refused with
 * ISC_ERROR_UNSUPPORTED. Cheap enough for the main thread. */
IscCyclingTablePreview *isc_cycling_table_preview      (const char  *path,
                                                        guint        max_rows,
                                                        GError     **error);
void                    isc_cycling_table_preview_free (IscCyclingTablePreview *preview);

const char     *isc_cycler_format_to_string (IscCyclerFormat format);
gboolean        isc_cycler_format_from_string (const char      *text,
                                               IscCyclerFormat *format);

/* Makes the records consistent: capacities integrated from the current where the file had
 * none, per-step capacities accumulated over the cycle, current sign normalised to
 * positive = charge. Readers call it; call it again after editing records. */
void            isc_cycling_data_normalize  (IscCyclingData *data,
                                             gboolean        capacities_given);

/* Per-cycle summary (IscCycleSummary, in cycle order). @mass_g (g; NAN = use the file's or
 * none) gives mAh/g. @reference_cycle: the cycle whose discharge is 100 % retention; -1 = chosen
 * by isc_cycling_choose_reference () (the first full cycle at the main rate after formation). */
GArray         *isc_cycling_summarize       (const IscCyclingData *data,
                                             double                mass_g,
                                             gint32                reference_cycle);

/* Segments of a test at one discharge rate (rate-capability steps, formation, the main test):
 * consecutive cycles whose mean discharge current stays within 15 % of the segment's first. */
typedef struct
{
  gint32 first_cycle;
  gint32 last_cycle;
  guint  n_cycles;
  double current_ma;   /* mean discharge current of the segment's cycles, mA; NAN without current */
  double c_rate;       /* current / nominal (the largest discharge of the test), snapped to a
                        * usual rate (0.1, 0.2, 0.5, 1, 2 C …) within 8 %; NAN without current */
} IscRateSegment;

/* How the reference (100 % retention) cycle was chosen. */
typedef enum
{
  ISC_REFERENCE_NONE,             /* no cycle with a discharge */
  ISC_REFERENCE_REQUESTED,        /* the caller named it */
  ISC_REFERENCE_FIRST_CYCLE,      /* no formation detected: the first cycle with a discharge */
  ISC_REFERENCE_AFTER_FORMATION,  /* the first full cycle at the main rate, after formation */
} IscReferenceReason;

typedef struct
{
  gint32             cycle;        /* -1 = none */
  IscReferenceReason reason;
  guint              n_formation;  /* leading cycles recognised as formation */
  double             c_rate;       /* rate of the reference cycle (NAN unknown) */
  double             formation_c_rate;  /* rate of the first formation cycle (NAN: none/unknown) */
} IscReferenceChoice;

/* Formation: the leading cycles before the main (longest, the earliest on a tie) rate segment,
 * when there are at most ISC_CYCLING_MAX_FORMATION of them and every one is discharged slower
 * than ISC_CYCLING_FORMATION_RATE_SHARE × the main rate. A rate-capability test (many short
 * segments) has none. Files without a current column have none. */
#define ISC_CYCLING_FORMATION_RATE_SHARE 0.75
#define ISC_CYCLING_MAX_FORMATION 10

/* The rate segments of @data (new array of IscRateSegment, in cycle order). */
GArray         *isc_cycling_rate_segments   (const IscCyclingData *data);

/* Mean |current| (mA) over the discharging records of one summarised cycle; NAN when none. */
double          isc_cycling_mean_discharge_current (const IscCyclingData  *data,
                                                    const IscCycleSummary *cycle);

/* Chooses the reference cycle: @requested ≥ 0 is taken as given (REQUESTED, even when absent
 * from the data: then cycle = @requested and retention is NAN); -1 = the first full cycle after
 * formation, or the first cycle with a discharge when there is no formation. */
void            isc_cycling_choose_reference (const IscCyclingData *data,
                                              gint32                requested,
                                              IscReferenceChoice   *choice);

/* Plain English for JSON and logs: "cycle 3, the first at 1 C after 2 formation cycles at 0.2 C". */
char           *isc_reference_choice_describe (const IscReferenceChoice *choice);

/* "1 C", "0.2 C", "0.33 C"; "" for NAN. New string. */
char           *isc_c_rate_format             (double c_rate);

/* isc_cycling_summarize () that also says which reference it used (@choice may be NULL).
 * isc_cycling_summarize () with -1 uses the same automatic choice. */
GArray         *isc_cycling_summarize_full  (const IscCyclingData *data,
                                             double                mass_g,
                                             gint32                reference_cycle,
                                             IscReferenceChoice   *choice);

/* Voltage versus capacity of one half of one cycle: @capacity in mAh (or mAh/g when
 * @mass_g > 0) counted from the start of that half, @voltage in V. FALSE if the cycle has no
 * such half. Arrays are new (free with g_array_unref). */
gboolean        isc_cycling_voltage_curve   (const IscCyclingData *data,
                                             gint32                cycle,
                                             gboolean              charge,
                                             double                mass_g,
                                             GArray              **capacity,
                                             GArray              **voltage);

/* dQ/dV of one half cycle: central differences over a window spanning at least @bin_v volts
 * (0 = 5 mV), at most ~2000 points; @voltage in V in the order of the measurement, @dqdv in
 * mAh/V (or mAh/(g V) with a mass), positive for both halves. */
gboolean        isc_cycling_dqdv            (const IscCyclingData *data,
                                             gint32                cycle,
                                             gboolean              charge,
                                             double                mass_g,
                                             double                bin_v,
                                             GArray              **voltage,
                                             GArray              **dqdv);

/* Trapezoidal ∫ I dt over records [first, first + n) split by sign: mAh charged and discharged. */
void            isc_cycling_integrate       (const IscCyclingData *data,
                                             guint                 first,
                                             guint                 n,
                                             double               *charge_mah,
                                             double               *discharge_mah);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscCyclingData, isc_cycling_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IscCyclingTablePreview, isc_cycling_table_preview_free)

G_END_DECLS
