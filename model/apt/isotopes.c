/* isotopes.c: the isotope table and isotopologue peaks.
 *
 * Masses: Atomic Mass Evaluation 2016 (Wang et al., Chinese Phys. C 41 (2017) 030003);
 * abundances: IUPAC representative isotopic compositions (Meija et al., Pure Appl. Chem. 88
 * (2016) 293). Isotopes below 10⁻⁵ abundance are left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "isotopes.h"
#include "isc-error.h"

typedef struct
{
  const char *symbol;
  guint       first;   /* index of its first isotope in isotopes[] */
  guint       n;
} ElementEntry;

static const IscIsotope isotopes[] = {
  /* H */  { 1, 1.00782503, 0.999885 }, { 2, 2.01410178, 0.000115 },
  /* He */ { 4, 4.00260325, 0.999998 },
  /* Li */ { 6, 6.0151229, 0.0759 }, { 7, 7.0160034, 0.9241 },
  /* Be */ { 9, 9.0121831, 1.0 },
  /* B */  { 10, 10.0129369, 0.199 }, { 11, 11.0093054, 0.801 },
  /* C */  { 12, 12.0, 0.9893 }, { 13, 13.00335484, 0.0107 },
  /* N */  { 14, 14.00307401, 0.99636 }, { 15, 15.0001089, 0.00364 },
  /* O */  { 16, 15.99491462, 0.99757 }, { 17, 16.9991317, 0.00038 }, { 18, 17.9991596, 0.00205 },
  /* F */  { 19, 18.99840316, 1.0 },
  /* Na */ { 23, 22.98976928, 1.0 },
  /* Mg */ { 24, 23.9850417, 0.7899 }, { 25, 24.98583698, 0.1000 }, { 26, 25.98259297, 0.1101 },
  /* Al */ { 27, 26.98153853, 1.0 },
  /* Si */ { 28, 27.97692653, 0.92223 }, { 29, 28.97649466, 0.04685 }, { 30, 29.97377014, 0.03092 },
  /* P */  { 31, 30.973762, 1.0 },
  /* S */  { 32, 31.97207117, 0.9499 }, { 33, 32.97145891, 0.0075 }, { 34, 33.9678669, 0.0425 },
           { 36, 35.96708071, 0.0001 },
  /* Cl */ { 35, 34.96885268, 0.7576 }, { 37, 36.9659026, 0.2424 },
  /* Ar */ { 36, 35.96754511, 0.003336 }, { 38, 37.9627321, 0.000629 }, { 40, 39.96238312, 0.996035 },
  /* K */  { 39, 38.96370649, 0.932581 }, { 40, 39.9639982, 0.000117 }, { 41, 40.96182526, 0.067302 },
  /* Ca */ { 40, 39.9625909, 0.96941 }, { 42, 41.9586183, 0.00647 }, { 43, 42.9587668, 0.00135 },
           { 44, 43.9554815, 0.02086 }, { 46, 45.953689, 0.00004 }, { 48, 47.9525228, 0.00187 },
  /* Ti */ { 46, 45.9526277, 0.0825 }, { 47, 46.9517588, 0.0744 }, { 48, 47.947942, 0.7372 },
           { 49, 48.9478657, 0.0541 }, { 50, 49.9447869, 0.0518 },
  /* V */  { 50, 49.947156, 0.0025 }, { 51, 50.943957, 0.9975 },
  /* Cr */ { 50, 49.9460418, 0.04345 }, { 52, 51.9405062, 0.83789 }, { 53, 52.9406481, 0.09501 },
           { 54, 53.9388792, 0.02365 },
  /* Mn */ { 55, 54.9380439, 1.0 },
  /* Fe */ { 54, 53.939609, 0.05845 }, { 56, 55.9349363, 0.91754 }, { 57, 56.9353928, 0.02119 },
           { 58, 57.9332744, 0.00282 },
  /* Co */ { 59, 58.9331943, 1.0 },
  /* Ni */ { 58, 57.9353424, 0.68077 }, { 60, 59.9307859, 0.26223 }, { 61, 60.9310556, 0.011399 },
           { 62, 61.9283454, 0.036346 }, { 64, 63.9279668, 0.009255 },
  /* Cu */ { 63, 62.9295977, 0.6915 }, { 65, 64.9277897, 0.3085 },
  /* Zn */ { 64, 63.929142, 0.4917 }, { 66, 65.9260338, 0.2773 }, { 67, 66.9271277, 0.0404 },
           { 68, 67.9248446, 0.1845 }, { 70, 69.925319, 0.0061 },
  /* Ga */ { 69, 68.9255735, 0.60108 }, { 71, 70.9247026, 0.39892 },
  /* Ge */ { 70, 69.9242487, 0.2057 }, { 72, 71.9220758, 0.2745 }, { 73, 72.9234590, 0.0775 },
           { 74, 73.9211778, 0.3650 }, { 76, 75.9214027, 0.0773 },
  /* Zr */ { 90, 89.9046977, 0.5145 }, { 91, 90.9056396, 0.1122 }, { 92, 91.9050347, 0.1715 },
           { 94, 93.9063108, 0.1738 }, { 96, 95.9082714, 0.0280 },
  /* Nb */ { 93, 92.906373, 1.0 },
  /* Mo */ { 92, 91.906808, 0.1453 }, { 94, 93.9050849, 0.0915 }, { 95, 94.9058388, 0.1584 },
           { 96, 95.9046761, 0.1667 }, { 97, 96.9060181, 0.0960 }, { 98, 97.9054048, 0.2439 },
           { 100, 99.9074718, 0.0982 },
  /* Ag */ { 107, 106.9050916, 0.51839 }, { 109, 108.9047553, 0.48161 },
  /* Hf */ { 174, 173.9400461, 0.0016 }, { 176, 175.9414076, 0.0526 }, { 177, 176.9432277, 0.1860 },
           { 178, 177.9437058, 0.2728 }, { 179, 178.9458232, 0.1362 }, { 180, 179.946557, 0.3508 },
  /* Ta */ { 180, 179.9474648, 0.0001201 }, { 181, 180.9479958, 0.9998799 },
  /* W */  { 180, 179.9467108, 0.0012 }, { 182, 181.9482039, 0.2650 }, { 183, 182.9502228, 0.1431 },
           { 184, 183.9509309, 0.3064 }, { 186, 185.9543628, 0.2843 },
  /* Pt */ { 190, 189.9599297, 0.00012 }, { 192, 191.9610387, 0.00782 }, { 194, 193.9626809, 0.3286 },
           { 195, 194.9647917, 0.3378 }, { 196, 195.9649521, 0.2521 }, { 198, 197.9678949, 0.07356 },
  /* Au */ { 197, 196.9665688, 1.0 },
};

static const ElementEntry elements[] = {
  { "H", 0, 2 }, { "He", 2, 1 }, { "Li", 3, 2 }, { "Be", 5, 1 }, { "B", 6, 2 }, { "C", 8, 2 },
  { "N", 10, 2 }, { "O", 12, 3 }, { "F", 15, 1 }, { "Na", 16, 1 }, { "Mg", 17, 3 }, { "Al", 20, 1 },
  { "Si", 21, 3 }, { "P", 24, 1 }, { "S", 25, 4 }, { "Cl", 29, 2 }, { "Ar", 31, 3 }, { "K", 34, 3 },
  { "Ca", 37, 6 }, { "Ti", 43, 5 }, { "V", 48, 2 }, { "Cr", 50, 4 }, { "Mn", 54, 1 }, { "Fe", 55, 4 },
  { "Co", 59, 1 }, { "Ni", 60, 5 }, { "Cu", 65, 2 }, { "Zn", 67, 5 }, { "Ga", 72, 2 }, { "Ge", 74, 5 },
  { "Zr", 79, 5 }, { "Nb", 84, 1 }, { "Mo", 85, 7 }, { "Ag", 92, 2 }, { "Hf", 94, 6 }, { "Ta", 100, 2 },
  { "W", 102, 5 }, { "Pt", 107, 6 }, { "Au", 113, 1 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (isotopes) == 114);

const IscIsotope *
isc_isotopes_lookup (const char *symbol,
                     guint      *n)
{
  g_return_val_if_fail (symbol != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    if (g_str_equal (elements[i].symbol, symbol))
      {
        if (n != NULL)
          *n = elements[i].n;
        return &isotopes[elements[i].first];
      }
  if (n != NULL)
    *n = 0;
  return NULL;
}

static int
compare_peaks (gconstpointer a,
               gconstpointer b)
{
  double ma = ((const IscIsotopePeak *) a)->mass_da;
  double mb = ((const IscIsotopePeak *) b)->mass_da;

  return (ma > mb) - (ma < mb);
}

/* Sorts @peaks and merges neighbours closer than @tolerance (in the array's own mass unit). */
static void
merge_peaks (GArray *peaks,
             double  tolerance)
{
  guint out = 0;

  g_array_sort (peaks, compare_peaks);
  for (guint i = 0; i < peaks->len; i++)
    {
      IscIsotopePeak *p = &g_array_index (peaks, IscIsotopePeak, i);
      IscIsotopePeak *last = out > 0 ? &g_array_index (peaks, IscIsotopePeak, out - 1) : NULL;

      if (last != NULL && p->mass_da - last->mass_da < tolerance)
        {
          double total = last->abundance + p->abundance;

          if (total > 0)
            last->mass_da = (last->mass_da * last->abundance + p->mass_da * p->abundance) / total;
          last->abundance = total;
        }
      else
        g_array_index (peaks, IscIsotopePeak, out++) = *p;
    }
  g_array_set_size (peaks, out);
}

/* Convolution of two peak lists (masses add, probabilities multiply); drops what falls below
 * @floor so that large molecules stay small. */
static GArray *
convolve (GArray *a,
          GArray *b,
          double  floor)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (IscIsotopePeak));

  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      {
        const IscIsotopePeak *pa = &g_array_index (a, IscIsotopePeak, i);
        const IscIsotopePeak *pb = &g_array_index (b, IscIsotopePeak, j);
        IscIsotopePeak p = { pa->mass_da + pb->mass_da, pa->abundance * pb->abundance };

        if (p.abundance >= floor)
          g_array_append_val (out, p);
      }
  return out;
}

GArray *
isc_isotopes_ion_peaks (const IscElementCount  *elems,
                        guint                   n_elements,
                        guint                   charge,
                        double                  tolerance_da,
                        double                  min_abundance,
                        GError                **error)
{
  g_autoptr(GArray) peaks = g_array_new (FALSE, FALSE, sizeof (IscIsotopePeak));
  /* Exact isotopologues of one element repeated merge only when their masses coincide. */
  const double exact = 1e-7;
  const double floor = MIN (min_abundance, 1e-9) * 1e-3;
  IscIsotopePeak start = { 0.0, 1.0 };

  if (charge == 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT, "charge state must be at least 1");
      return NULL;
    }
  if (n_elements == 0)
    {
      g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT, "the ion has no atoms");
      return NULL;
    }
  g_array_append_val (peaks, start);
  for (guint e = 0; e < n_elements; e++)
    {
      guint n_iso = 0;
      const IscIsotope *iso = isc_isotopes_lookup (elems[e].symbol, &n_iso);
      g_autoptr(GArray) single = NULL;

      if (iso == NULL)
        {
          g_set_error (error, ISC_APT_ERROR, ISC_ERROR_ARGUMENT,
                       "no isotopes known for element “%s”", elems[e].symbol);
          return NULL;
        }
      single = g_array_new (FALSE, FALSE, sizeof (IscIsotopePeak));
      for (guint k = 0; k < n_iso; k++)
        {
          IscIsotopePeak p = { iso[k].mass, iso[k].abundance };

          g_array_append_val (single, p);
        }
      for (guint c = 0; c < elems[e].count; c++)
        {
          GArray *next = convolve (peaks, single, floor);

          g_array_unref (peaks);
          peaks = next;
          merge_peaks (peaks, exact);
        }
    }
  for (guint i = 0; i < peaks->len; i++)
    g_array_index (peaks, IscIsotopePeak, i).mass_da /= charge;
  merge_peaks (peaks, MAX (tolerance_da, exact));
  {
    guint out = 0;

    for (guint i = 0; i < peaks->len; i++)
      if (g_array_index (peaks, IscIsotopePeak, i).abundance >= min_abundance)
        g_array_index (peaks, IscIsotopePeak, out++) = g_array_index (peaks, IscIsotopePeak, i);
    g_array_set_size (peaks, out);
  }
  return g_steal_pointer (&peaks);
}

GArray *
isc_isotopes_formula_peaks (const char  *formula,
                            guint        charge,
                            double       tolerance_da,
                            double       min_abundance,
                            GError     **error)
{
  IscElementCount elems[ISC_MAX_ELEMENTS_PER_ION];
  guint n = 0;

  if (!isc_parse_formula (formula, elems, &n, error))
    return NULL;
  return isc_isotopes_ion_peaks (elems, n, charge, tolerance_da, min_abundance, error);
}

gboolean
isc_isotopes_peak_in (const IscElementCount *elems,
                      guint                  n_elements,
                      guint                  charge,
                      double                 low,
                      double                 high)
{
  g_autoptr(GArray) peaks = isc_isotopes_ion_peaks (elems, n_elements, charge, 0, 1e-6, NULL);

  if (peaks == NULL)
    return FALSE;
  for (guint i = 0; i < peaks->len; i++)
    {
      double m = g_array_index (peaks, IscIsotopePeak, i).mass_da;

      if (m >= low && m <= high)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  double mq;
  GArray *out;
  double tolerance;
  guint max_charge;
} CandidateSearch;

static void
candidate_clear (gpointer data)
{
  g_free (((IscIonCandidate *) data)->formula);
}

static void
try_ion (CandidateSearch           *search,
         const char * const        *elements,
         const guint               *counts,
         guint                      n_elements)
{
  IscElementCount ion[ISC_MAX_ELEMENTS_PER_ION];
  guint n = 0;
  g_autoptr(GString) formula = g_string_new (NULL);

  for (guint e = 0; e < n_elements && n < ISC_MAX_ELEMENTS_PER_ION; e++)
    if (counts[e] > 0)
      {
        g_strlcpy (ion[n].symbol, elements[e], sizeof ion[n].symbol);
        ion[n].count = counts[e];
        n++;
        g_string_append (formula, elements[e]);
        if (counts[e] > 1)
          g_string_append_printf (formula, "%u", counts[e]);
      }
  for (guint z = 1; z <= search->max_charge; z++)
    {
      g_autoptr(GArray) peaks = isc_isotopes_ion_peaks (ion, n, z, 0.005, 0.01, NULL);

      for (guint i = 0; peaks != NULL && i < peaks->len; i++)
        {
          const IscIsotopePeak *p = &g_array_index (peaks, IscIsotopePeak, i);

          if (fabs (p->mass_da - search->mq) <= search->tolerance)
            {
              IscIonCandidate c = { g_strdup (formula->str), z, p->mass_da, p->abundance };

              g_array_append_val (search->out, c);
            }
        }
    }
}

/* Every multiset of @n_elements elements of total size 1…@left (counts[e] for e ≥ @from). */
static void
enumerate (CandidateSearch     *search,
           const char * const  *elements,
           guint               *counts,
           guint                n_elements,
           guint                from,
           guint                used,
           guint                left)
{
  if (from == n_elements)
    {
      if (used > 0)
        try_ion (search, elements, counts, n_elements);
      return;
    }
  for (guint k = 0; k <= left; k++)
    {
      counts[from] = k;
      enumerate (search, elements, counts, n_elements, from + 1, used + k, left - k);
    }
  counts[from] = 0;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b,
                    gpointer      data)
{
  const IscIonCandidate *ca = a, *cb = b;
  double mq = *(const double *) data;
  double da = fabs (ca->mass_da - mq), db = fabs (cb->mass_da - mq);

  if (da != db)
    return da < db ? -1 : 1;
  return (ca->abundance < cb->abundance) - (ca->abundance > cb->abundance);
}

GArray *
isc_isotopes_candidates (double              mq,
                         double              tolerance_da,
                         const char * const *elements,
                         guint               max_atoms,
                         guint               max_charge)
{
  CandidateSearch search = { mq, g_array_new (FALSE, FALSE, sizeof (IscIonCandidate)), tolerance_da, max_charge };
  g_autoptr(GPtrArray) known = g_ptr_array_new ();
  g_autofree guint *counts = NULL;

  g_array_set_clear_func (search.out, candidate_clear);
  for (guint e = 0; elements != NULL && elements[e] != NULL; e++)
    if (isc_isotopes_lookup (elements[e], NULL) != NULL)
      g_ptr_array_add (known, (gpointer) elements[e]);
  g_ptr_array_add (known, NULL);
  counts = g_new0 (guint, known->len);
  enumerate (&search, (const char * const *) known->pdata, counts, known->len - 1, 0, 0, MIN (max_atoms, 6));
  g_array_sort_with_data (search.out, compare_candidates, &mq);
  return search.out;
}
