/* project-file.c: reading and atomically writing the .ionscape HDF5 file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "project-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isc-hdf5.h"
#include "isc-isolate.h"
#include "project-batch.h"
#include "project-figures.h"
#include "project-registration.h"

#define APPLICATION_NAME   "Ionscape"
#define MAX_STRING_BYTES   (16u << 20)   /* a sane ceiling for one stored string */
#define MAX_CHILDREN       1000000u
#define MAX_TOKEN_CHARS    40            /* of file content quoted in a message */
#define MAX_SYMLINKS       40            /* as the kernel's ELOOP limit */
/* A temporary file no running save owns can be this recent when a project is opened: a save
 * in another process may have created it and not yet started writing. */
#define STALE_TEMP_AGE_US  (10 * G_USEC_PER_SEC)

/* HDF5 as packaged is not thread-safe, and the error-printing switch is global: projects are
 * read and written under the one HDF5 lock of every reader (isc-hdf5.h), so a worker thread may
 * load while another saves, and an isolated data reader never forks in the middle of a save. */

/* Errors reach the user as GErrors, so HDF5 never prints its error stack, and its printing stays
 * off for good: HDF5 1.10 keeps internal state after reading a corrupt object header (all our
 * identifiers are closed, see close_leftovers) and, were printing on at exit, would report
 * it as "infinite loop closing library" on every exit after a refused project. Called with
 * the HDF5 lock (isc_hdf5_lock) held. */
static void
quiet_hdf5 (void)
{
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
}

/* Shared state of one read or write: the first failure wins, later calls do nothing. */
typedef struct
{
  const char *file;      /* for messages */
  char       *base_dir;  /* folder of the project file, for relative paths */
  GError     *error;
  GPtrArray  *outside;   /* reading: absolute paths outside base_dir, once each; or NULL */
} Ctx;

static gboolean
ctx_failed (Ctx *ctx)
{
  return ctx->error != NULL;
}

/* The innermost HDF5 message, so the user learns *why* HDF5 refused. */
static herr_t
collect_hdf5_message (unsigned int     n,
                      const H5E_error2_t *err,
                      void            *data)
{
  char **message = data;

  if (*message == NULL && err->desc != NULL)
    *message = g_strdup (err->desc);
  return 0;
}

/* Text read from a file, fit to quote in a message: at most MAX_TOKEN_CHARS characters, control
 * characters and invalid UTF-8 escaped, so a message stays one short line whatever the file
 * holds. */
static char *
token (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  guint n = 0;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *head = g_strndup (text, MAX_TOKEN_CHARS);
      g_autofree char *escaped = g_strescape (head, NULL);

      g_string_append (out, escaped);
      p = text + strlen (head);
    }
  else
    for (; *p != '\0' && n < MAX_TOKEN_CHARS; p = g_utf8_next_char (p), n++)
      {
        gunichar c = g_utf8_get_char (p);

        if (c == '\\')
          g_string_append (out, "\\\\");
        else if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
          g_string_append_printf (out, "\\u%04x", c);
        else
          g_string_append_unichar (out, c);
      }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/* The HDF5 path of @loc ("/conditions/2"), for messages; "/" when unknown. */
static char *
hdf5_path_of (hid_t loc)
{
  char buffer[512];
  ssize_t len;

  if (loc < 0)
    return g_strdup ("/");
  len = H5Iget_name (loc, buffer, sizeof buffer);
  if (len <= 0)
    return g_strdup ("/");
  return token (buffer);
}

/* The first failure wins. When @loc is valid, the message says where in the file it happened. */
static void G_GNUC_PRINTF (4, 5)
ctx_fail_at (Ctx        *ctx,
             hid_t       loc,
             int         code,
             const char *format,
             ...)
{
  g_autofree char *what = NULL;
  g_autofree char *hdf5_message = NULL;
  g_autofree char *where = NULL;
  va_list args;

  if (ctx->error != NULL)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* Before any other HDF5 call, which would clear the error stack. */
  H5Ewalk2 (H5E_DEFAULT, H5E_WALK_UPWARD, collect_hdf5_message, &hdf5_message);
  H5Eclear2 (H5E_DEFAULT);
  if (loc >= 0)
    where = hdf5_path_of (loc);
  H5Eclear2 (H5E_DEFAULT);
  if (hdf5_message != NULL)
    g_set_error (&ctx->error, ISC_PROJECT_ERROR, code, "%s: %s%s%s (HDF5: %s)", ctx->file,
                 where != NULL ? where : "", where != NULL ? ": " : "", what, hdf5_message);
  else
    g_set_error (&ctx->error, ISC_PROJECT_ERROR, code, "%s: %s%s%s", ctx->file,
                 where != NULL ? where : "", where != NULL ? ": " : "", what);
}

#define ctx_fail(ctx, code, ...) ctx_fail_at ((ctx), -1, (code), __VA_ARGS__)

/* Writing helpers */

static void
write_string_attr (Ctx        *ctx,
                   hid_t       loc,
                   const char *name,
                   const char *value)
{
  hid_t type, space, attr;
  gsize len;

  if (ctx_failed (ctx))
    return;
  len = strlen (value);
  type = H5Tcopy (H5T_C_S1);
  /* Fixed-length, NUL-terminated, at least one byte even for "". */
  H5Tset_size (type, len + 1);
  H5Tset_strpad (type, H5T_STR_NULLTERM);
  H5Tset_cset (type, H5T_CSET_UTF8);
  space = H5Screate (H5S_SCALAR);
  attr = H5Acreate2 (loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  if (attr < 0 || H5Awrite (attr, type, value) < 0)
    ctx_fail (ctx, ISC_ERROR_IO, "could not write attribute “%s”", name);
  if (attr >= 0)
    H5Aclose (attr);
  H5Sclose (space);
  H5Tclose (type);
}

static void
write_scalar_attr (Ctx        *ctx,
                   hid_t       loc,
                   const char *name,
                   hid_t       file_type,
                   hid_t       mem_type,
                   const void *value)
{
  hid_t space, attr;

  if (ctx_failed (ctx))
    return;
  space = H5Screate (H5S_SCALAR);
  attr = H5Acreate2 (loc, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
  if (attr < 0 || H5Awrite (attr, mem_type, value) < 0)
    ctx_fail (ctx, ISC_ERROR_IO, "could not write attribute “%s”", name);
  if (attr >= 0)
    H5Aclose (attr);
  H5Sclose (space);
}

static void
write_double_attr (Ctx        *ctx,
                   hid_t       loc,
                   const char *name,
                   double      value)
{
  write_scalar_attr (ctx, loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

static void
write_int_attr (Ctx        *ctx,
                hid_t       loc,
                const char *name,
                gint64      value)
{
  write_scalar_attr (ctx, loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

static hid_t
create_group (Ctx        *ctx,
              hid_t       loc,
              const char *name)
{
  hid_t group;

  if (ctx_failed (ctx))
    return -1;
  group = H5Gcreate2 (loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (group < 0)
    ctx_fail (ctx, ISC_ERROR_IO, "could not create group “%s”", name);
  return group;
}

static void
close_group (hid_t group)
{
  if (group >= 0)
    H5Gclose (group);
}

static void
write_ratios (Ctx          *ctx,
              hid_t         loc,
              const GArray *ratios)
{
  hid_t group = create_group (ctx, loc, "ratios");

  for (guint i = 0; i < ratios->len && !ctx_failed (ctx); i++)
    {
      const IscRatio *ratio = &g_array_index (ratios, IscRatio, i);
      char name[32];

      g_snprintf (name, sizeof name, "e%u", i);
      write_string_attr (ctx, group, name, ratio->element);
      g_snprintf (name, sizeof name, "v%u", i);
      write_double_attr (ctx, group, name, ratio->value);
    }
  close_group (group);
}

static void
write_path_attr (Ctx        *ctx,
                 hid_t       loc,
                 const char *name,
                 const char *path)
{
  g_autofree char *relative = NULL;

  if (g_path_is_absolute (path))
    relative = isc_path_relative_to (ctx->base_dir, path);
  else
    relative = g_strdup (path);
  write_string_attr (ctx, loc, name, relative);
}

static void
write_dataset (Ctx              *ctx,
               hid_t             loc,
               const char       *name,
               const IscDataset *dataset)
{
  hid_t group = create_group (ctx, loc, name);

  write_string_attr (ctx, group, "kind", isc_dataset_kind_to_string (dataset->kind));
  write_path_attr (ctx, group, "path", dataset->path);
  if (dataset->range_path != NULL)
    write_path_attr (ctx, group, "range_path", dataset->range_path);
  write_double_attr (ctx, group, "active_mass_mg", dataset->active_mass_mg);
  write_int_attr (ctx, group, "has_cache", dataset->has_cache ? 1 : 0);
  if (dataset->cache_basis != NULL)
    write_string_attr (ctx, group, "cache_basis", dataset->cache_basis);
  write_int_attr (ctx, group, "stamp_size", dataset->stamp.size);
  write_int_attr (ctx, group, "stamp_mtime_us", dataset->stamp.mtime_us);
  write_int_attr (ctx, group, "range_stamp_size", dataset->range_stamp.size);
  write_int_attr (ctx, group, "range_stamp_mtime_us", dataset->range_stamp.mtime_us);
  if (!ctx_failed (ctx))
    write_ratios (ctx, group, dataset->ratios);
  close_group (group);
}

static void
write_site (Ctx           *ctx,
            hid_t          loc,
            const char    *name,
            const IscSite *site)
{
  hid_t group = create_group (ctx, loc, name);
  hid_t child;
  g_autoptr(GList) keys = NULL;
  guint i = 0;

  write_string_attr (ctx, group, "label", site->label);
  write_double_attr (ctx, group, "depth_nm", site->depth_nm);
  write_string_attr (ctx, group, "region", site->region);

  child = create_group (ctx, group, "rois");
  for (guint r = 0; r < site->rois->len; r++)
    {
      char key[32];

      g_snprintf (key, sizeof key, "%u", r);
      write_string_attr (ctx, child, key, g_ptr_array_index (site->rois, r));
    }
  close_group (child);

  child = create_group (ctx, group, "settings");
  keys = g_list_sort (g_hash_table_get_keys (site->settings), (GCompareFunc) strcmp);
  for (GList *l = keys; l != NULL; l = l->next, i++)
    {
      char key[32];

      g_snprintf (key, sizeof key, "k%u", i);
      write_string_attr (ctx, child, key, l->data);
      g_snprintf (key, sizeof key, "v%u", i);
      write_string_attr (ctx, child, key, g_hash_table_lookup (site->settings, l->data));
    }
  close_group (child);
  if (!ctx_failed (ctx))
    isc_project_registration_write (group, site, ctx->base_dir, &ctx->error);

  child = create_group (ctx, group, "datasets");
  for (guint d = 0; d < site->datasets->len && !ctx_failed (ctx); d++)
    {
      char key[32];

      g_snprintf (key, sizeof key, "%u", d);
      write_dataset (ctx, child, key, g_ptr_array_index (site->datasets, d));
    }
  close_group (child);
  close_group (group);
}

static void
write_notes (Ctx        *ctx,
             hid_t       file,
             const char *notes)
{
  hsize_t len = strlen (notes);
  hid_t space, dset;

  if (ctx_failed (ctx))
    return;
  /* A zero-length simple dataspace is valid; the data pointer may be anything then. */
  space = H5Screate_simple (1, &len, NULL);
  dset = H5Dcreate2 (file, "notes", H5T_STD_U8LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (dset < 0 || (len > 0 && H5Dwrite (dset, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                        notes) < 0))
    ctx_fail (ctx, ISC_ERROR_IO, "could not write the notes");
  if (dset >= 0)
    H5Dclose (dset);
  H5Sclose (space);
}

static void
write_project (Ctx              *ctx,
               hid_t             file,
               const IscProject *project)
{
  hid_t group;

  write_int_attr (ctx, file, "ionscape_format_version", ISC_PROJECT_FORMAT_VERSION);
  write_string_attr (ctx, file, "application", APPLICATION_NAME);
  write_notes (ctx, file, project->notes);

  group = create_group (ctx, file, "references");
  for (guint i = 0; i < project->references->len && !ctx_failed (ctx); i++)
    {
      const IscReference *reference = g_ptr_array_index (project->references, i);
      char key[32];
      hid_t child;

      g_snprintf (key, sizeof key, "%u", i);
      child = create_group (ctx, group, key);
      write_string_attr (ctx, child, "name", reference->name);
      if (!ctx_failed (ctx))
        write_ratios (ctx, child, reference->ratios);
      close_group (child);
    }
  close_group (group);

  group = create_group (ctx, file, "conditions");
  for (guint i = 0; i < project->conditions->len && !ctx_failed (ctx); i++)
    {
      const IscCondition *condition = g_ptr_array_index (project->conditions, i);
      char key[32];
      hid_t child, list;

      g_snprintf (key, sizeof key, "%u", i);
      child = create_group (ctx, group, key);
      write_string_attr (ctx, child, "name", condition->name);
      write_int_attr (ctx, child, "cycles", condition->cycles);
      write_double_attr (ctx, child, "retention", condition->retention);

      list = create_group (ctx, child, "cycler");
      for (guint j = 0; j < condition->cycler_files->len && !ctx_failed (ctx); j++)
        {
          g_snprintf (key, sizeof key, "%u", j);
          write_dataset (ctx, list, key, g_ptr_array_index (condition->cycler_files, j));
        }
      close_group (list);

      list = create_group (ctx, child, "sites");
      for (guint j = 0; j < condition->sites->len && !ctx_failed (ctx); j++)
        {
          g_snprintf (key, sizeof key, "%u", j);
          write_site (ctx, list, key, g_ptr_array_index (condition->sites, j));
        }
      close_group (list);
      close_group (child);
    }
  close_group (group);
  if (!ctx_failed (ctx))
    _isc_project_figures_write (project, file, &ctx->error);
  if (!ctx_failed (ctx))
    _isc_project_batch_write (project, file, ctx->base_dir, &ctx->error);
}

/* Relative paths */

char *
isc_path_relative_to (const char *base_dir,
                      const char *path)
{
  g_autofree char *base = NULL;
  g_autofree char *target = NULL;
  g_auto(GStrv) base_parts = NULL;
  g_auto(GStrv) target_parts = NULL;
  GString *out;
  guint common = 0, nb, nt;

  g_return_val_if_fail (base_dir != NULL && path != NULL, NULL);
  base = g_canonicalize_filename (base_dir, "/");
  target = g_canonicalize_filename (path, base);
  base_parts = g_strsplit (base, "/", -1);
  target_parts = g_strsplit (target, "/", -1);
  nb = g_strv_length (base_parts);
  nt = g_strv_length (target_parts);
  /* Both start with "" (the root); an empty last part comes from a root base "/". */
  if (nb > 0 && base_parts[nb - 1][0] == '\0')
    nb--;
  while (common < nb && common < nt && g_str_equal (base_parts[common], target_parts[common]))
    common++;

  out = g_string_new (NULL);
  for (guint i = common; i < nb; i++)
    g_string_append (out, out->len > 0 ? "/.." : "..");
  for (guint i = common; i < nt; i++)
    {
      if (target_parts[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, '/');
      g_string_append (out, target_parts[i]);
    }
  if (out->len == 0)
    g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

/* Paths and folders */

gboolean
isc_path_is_inside (const char *dir,
                    const char *path)
{
  g_autofree char *base = NULL;
  g_autofree char *target = NULL;
  g_autofree char *real_base = NULL;
  g_autofree char *real_target = NULL;
  gsize n;

  g_return_val_if_fail (dir != NULL && path != NULL, FALSE);
  base = g_canonicalize_filename (dir, "/");
  target = g_canonicalize_filename (path, base);
  n = strlen (base);
  if (!g_str_has_prefix (target, base)
      || (target[n] != '/' && target[n] != '\0' && !(n == 1 && base[0] == '/')))
    return FALSE;
  /* A symbolic link inside the folder may still lead out of it. */
  real_base = realpath (base, NULL);
  real_target = realpath (target, NULL);
  if (real_base == NULL || real_target == NULL)
    return TRUE;
  n = strlen (real_base);
  return g_str_has_prefix (real_target, real_base)
         && (real_target[n] == '/' || real_target[n] == '\0' || g_str_equal (real_base, "/"));
}

/* @path (absolute) with symbolic links followed as long as its last component is one, so a save
 * replaces the file a link points to and not the link; the folders are kept as named. */
static char *
resolve_links (const char  *path,
               GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0; i < MAX_SYMLINKS; i++)
    {
      g_autofree char *target = g_file_read_link (current, NULL);
      g_autofree char *dir = NULL;

      /* Not a link, or nothing there yet: this is the file. */
      if (target == NULL)
        return g_steal_pointer (&current);
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_canonicalize_filename (target, dir);
    }
  g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "%s: too many levels of symbolic links",
               path);
  return NULL;
}

/* Temporary files of interrupted saves */

/* ".NAME.XXXXXX" of g_mkstemp_full for the project file @basename? */
static gboolean
is_temp_name (const char *name,
              const char *basename)
{
  gsize n = strlen (basename);

  if (name[0] != '.' || strncmp (name + 1, basename, n) != 0 || name[n + 1] != '.'
      || strlen (name) != n + 2 + 6)
    return FALSE;
  for (const char *p = name + n + 2; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* Removes the temporary files that saves of the project file @basename in @dir left behind when
 * they were killed: regular files named as ours, last written before @older_than_us (µs since
 * the epoch) and not held open by a running HDF5 writer (which locks the file it writes). */
static guint
remove_stale_temps (const char *dir,
                    const char *basename,
                    gint64      older_than_us)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;
  guint removed = 0;

  if (folder == NULL)
    return 0;
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *full = NULL;
      struct stat st;
      int fd;

      if (!is_temp_name (name, basename))
        continue;
      full = g_build_filename (dir, name, NULL);
      fd = open (full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0)
        continue;
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
          && (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000 < older_than_us
          && flock (fd, LOCK_EX | LOCK_NB) == 0
          && g_unlink (full) == 0)
        removed++;
      close (fd);
    }
  return removed;
}

/* Atomic save */

static IscProject *read_project (Ctx   *ctx,
                                 hid_t  file);

static gboolean
fsync_path (const char *path,
            int         flags)
{
  int fd = g_open (path, flags, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* Counts what the project file @file holds; FALSE when it cannot be read as one. Called with
 * the HDF5 lock (isc_hdf5_lock) held and HDF5's error printing off. */
static gboolean
count_on_disk (const char       *file,
               IscProjectCounts *counts)
{
  Ctx ctx = { file, NULL, NULL, NULL };
  g_autoptr(IscProject) project = NULL;
  hid_t fapl, h5;

  ctx.base_dir = g_path_get_dirname (file);
  fapl = H5Pcreate (H5P_FILE_ACCESS);
  H5Pset_fclose_degree (fapl, H5F_CLOSE_STRONG);
  h5 = H5Fopen (file, H5F_ACC_RDONLY, fapl);
  H5Pclose (fapl);
  if (h5 >= 0)
    {
      project = read_project (&ctx, h5);
      H5Fclose (h5);
    }
  H5Eclear2 (H5E_DEFAULT);
  g_clear_error (&ctx.error);
  g_free (ctx.base_dir);
  if (project == NULL)
    return FALSE;
  isc_project_count (project, counts);
  return TRUE;
}

static char *
describe_counts (const IscProjectCounts *counts)
{
  return g_strdup_printf ("%u conditions, %u sites and %u datasets", counts->conditions,
                          counts->sites, counts->datasets);
}

/* Copies @target to @target.bak, itself replaced atomically and durably. */
static gboolean
keep_backup (const char  *target,
             const char  *display,
             GError     **error)
{
  g_autofree char *backup = g_strconcat (target, ISC_PROJECT_BACKUP_SUFFIX, NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;
  GStatBuf st;

  if (!g_file_get_contents (target, &data, &len, &local)
      || !g_file_set_contents_full (backup, data, len,
                                    G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                    g_stat (target, &st) == 0 ? (int) (st.st_mode & 0777) : 0644,
                                    &local))
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO,
                   "%s: not saved, since the previous version could not be kept as %s: %s",
                   display, backup, local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
isc_project_save (IscProject  *project,
                  const char  *path,
                  GError     **error)
{
  return isc_project_save_full (project, path, ISC_PROJECT_SAVE_DEFAULT, error);
}

gboolean
isc_project_save_full (IscProject          *project,
                       const char          *path,
                       IscProjectSaveFlags  flags,
                       GError             **error)
{
  Ctx ctx = { path, NULL, NULL, NULL };
  g_autofree char *absolute = NULL;
  g_autofree char *target = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *tmp_path = NULL;
  IscProjectCounts now, on_disk;
  gboolean backup = FALSE;
  hid_t fapl, file;
  GStatBuf st, new_st;
  int fd;

  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  isc_project_count (project, &now);
  if ((flags & ISC_PROJECT_SAVE_AUTOMATIC) != 0
      && (now.conditions + project->removed.conditions < project->loaded.conditions
          || now.sites + project->removed.sites < project->loaded.sites
          || now.datasets + project->removed.datasets < project->loaded.datasets))
    {
      g_autofree char *holds = describe_counts (&now);
      g_autofree char *loaded = describe_counts (&project->loaded);
      g_autofree char *removed = describe_counts (&project->removed);

      /* Something dropped part of the project without the user asking: keep the file. */
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_INVALID,
                   "%s: not saved automatically: the project holds %s, but %s were loaded and "
                   "only %s removed", path, holds, loaded, removed);
      return FALSE;
    }

  absolute = g_canonicalize_filename (path, NULL);
  target = resolve_links (absolute, error);
  if (target == NULL)
    return FALSE;
  ctx.base_dir = g_path_get_dirname (target);
  basename = g_path_get_basename (target);
  tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", ctx.base_dir, basename);

  /* Everything from the clean-up to the last HDF5 call under the lock: a save of this process
   * that is still running is never taken for an interrupted one. */
  isc_hdf5_lock ();
  remove_stale_temps (ctx.base_dir, basename, g_get_real_time ());
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;

      isc_hdf5_unlock ();
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO,
                   "%s: could not create a temporary file in %s: %s",
                   path, ctx.base_dir, g_strerror (saved));
      g_free (ctx.base_dir);
      return FALSE;
    }
  /* Keep the permissions of the file being replaced. */
  if (g_stat (target, &st) == 0)
    fchmod (fd, st.st_mode & 07777);
  close (fd);

  quiet_hdf5 ();

  fapl = H5Pcreate (H5P_FILE_ACCESS);
  H5Pset_libver_bounds (fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST);
  file = H5Fcreate (tmp_path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (file < 0)
    ctx_fail (&ctx, ISC_ERROR_IO, "could not create the temporary file %s", tmp_path);
  H5Pclose (fapl);
  if (file >= 0)
    {
      write_project (&ctx, file, project);
      if (!ctx_failed (&ctx) && H5Fflush (file, H5F_SCOPE_GLOBAL) < 0)
        ctx_fail (&ctx, ISC_ERROR_IO, "could not flush the temporary file %s", tmp_path);
      if (H5Fclose (file) < 0)
        ctx_fail (&ctx, ISC_ERROR_IO, "could not close the temporary file %s", tmp_path);
    }

  /* A save that loses conditions, sites or datasets against the file on disk, or makes it much
   * smaller, keeps the previous file beside it: whatever went wrong, it can be undone. */
  if (!ctx_failed (&ctx) && g_stat (target, &st) == 0 && S_ISREG (st.st_mode))
    {
      if (!count_on_disk (target, &on_disk)
          || now.conditions < on_disk.conditions || now.sites < on_disk.sites
          || now.datasets < on_disk.datasets
          || g_stat (tmp_path, &new_st) != 0 || new_st.st_size < st.st_size / 2)
        backup = TRUE;
    }

  isc_hdf5_unlock ();

  if (!ctx_failed (&ctx) && !fsync_path (tmp_path, O_RDONLY))
    g_set_error (&ctx.error, ISC_PROJECT_ERROR, ISC_ERROR_IO,
                 "%s: could not sync the temporary file %s to disk: %s", path, tmp_path,
                 g_strerror (errno));
  if (!ctx_failed (&ctx) && backup)
    keep_backup (target, path, &ctx.error);
  /* Within the folder of the link's target: a rename never crosses file systems, and replaces
   * the file the link names instead of the link. */
  if (!ctx_failed (&ctx) && g_rename (tmp_path, target) != 0)
    g_set_error (&ctx.error, ISC_PROJECT_ERROR, ISC_ERROR_IO,
                 "%s: could not replace the file: %s", path, g_strerror (errno));

  if (ctx_failed (&ctx))
    {
      g_unlink (tmp_path);
      g_propagate_error (error, ctx.error);
      g_free (ctx.base_dir);
      return FALSE;
    }

  /* Make the rename itself durable; failure here leaves a complete file either way. */
  fsync_path (ctx.base_dir, O_RDONLY | O_DIRECTORY);
  isc_project_set_path (project, absolute);
  g_free (ctx.base_dir);
  return TRUE;
}

/* Reading helpers */

static char *
read_string_attr (Ctx        *ctx,
                  hid_t       loc,
                  const char *name,
                  gboolean    optional)
{
  hid_t attr, type, mem_type;
  char *value = NULL;
  H5T_cset_t cset;
  gsize size;

  if (ctx_failed (ctx))
    return NULL;
  if (H5Aexists (loc, name) <= 0)
    {
      if (!optional)
        ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "attribute “%s” is missing", name);
      return NULL;
    }
  attr = H5Aopen (loc, name, H5P_DEFAULT);
  if (attr < 0)
    {
      ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "attribute “%s” cannot be opened", name);
      return NULL;
    }
  type = H5Aget_type (attr);
  if (type < 0 || H5Tget_class (type) != H5T_STRING || H5Tis_variable_str (type) != 0)
    {
      ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "attribute “%s” is not a fixed-length string", name);
      if (type >= 0)
        H5Tclose (type);
      H5Aclose (attr);
      return NULL;
    }
  size = H5Tget_size (type);
  cset = H5Tget_cset (type);
  H5Tclose (type);
  if (size == 0 || size > MAX_STRING_BYTES)
    {
      ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT,
                   "attribute “%s” has an invalid size (%" G_GSIZE_FORMAT ")", name, size);
      H5Aclose (attr);
      return NULL;
    }
  mem_type = H5Tcopy (H5T_C_S1);
  /* One byte more than stored: a full-length NULLPAD string keeps its last character. */
  H5Tset_size (mem_type, size + 1);
  H5Tset_strpad (mem_type, H5T_STR_NULLTERM);
  /* HDF5 does not convert between character sets: read in the one stored. */
  H5Tset_cset (mem_type, cset);
  value = g_malloc0 (size + 1);
  if (H5Aread (attr, mem_type, value) < 0)
    {
      ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "attribute “%s” cannot be read", name);
      g_clear_pointer (&value, g_free);
    }
  H5Tclose (mem_type);
  H5Aclose (attr);
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "attribute “%s” is not valid UTF-8", name);
      g_clear_pointer (&value, g_free);
    }
  return value;
}

static gboolean
read_scalar_attr (Ctx        *ctx,
                  hid_t       loc,
                  const char *name,
                  hid_t       mem_type,
                  void       *value)
{
  hid_t attr, space, type;
  gboolean ok = FALSE;

  if (ctx_failed (ctx))
    return FALSE;
  if (H5Aexists (loc, name) <= 0)
    {
      ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "attribute “%s” is missing", name);
      return FALSE;
    }
  attr = H5Aopen (loc, name, H5P_DEFAULT);
  if (attr < 0)
    {
      ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "attribute “%s” cannot be opened", name);
      return FALSE;
    }
  space = H5Aget_space (attr);
  type = H5Aget_type (attr);
  if (space >= 0 && type >= 0
      && H5Sget_simple_extent_npoints (space) == 1
      && (H5Tget_class (type) == H5T_INTEGER || H5Tget_class (type) == H5T_FLOAT)
      && H5Aread (attr, mem_type, value) >= 0)
    ok = TRUE;
  else
    ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "attribute “%s” is not a single number", name);
  if (type >= 0)
    H5Tclose (type);
  if (space >= 0)
    H5Sclose (space);
  H5Aclose (attr);
  return ok;
}

static double
read_double_attr (Ctx        *ctx,
                  hid_t       loc,
                  const char *name)
{
  double value = NAN;

  read_scalar_attr (ctx, loc, name, H5T_NATIVE_DOUBLE, &value);
  return value;
}

static gint64
read_int_attr (Ctx        *ctx,
               hid_t       loc,
               const char *name)
{
  gint64 value = 0;

  read_scalar_attr (ctx, loc, name, H5T_NATIVE_INT64, &value);
  return value;
}

static hid_t
open_group (Ctx        *ctx,
            hid_t       loc,
            const char *name,
            gboolean    optional)
{
  hid_t group;
  H5O_info_t info;
  H5L_info_t link;

  if (ctx_failed (ctx))
    return -1;
  if (H5Lexists (loc, name, H5P_DEFAULT) <= 0)
    {
      if (!optional)
        ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "group “%s” is missing", name);
      return -1;
    }
  /* Soft and external links could lead anywhere, even into another file: only plain groups. */
  if (H5Lget_info (loc, name, &link, H5P_DEFAULT) < 0 || link.type != H5L_TYPE_HARD
      || H5Oget_info_by_name (loc, name, &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_GROUP)
    {
      ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "“%s” is not a group", name);
      return -1;
    }
  group = H5Gopen2 (loc, name, H5P_DEFAULT);
  if (group < 0)
    ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "group “%s” cannot be opened", name);
  return group;
}

/* Children are named 0, 1, 2, … without gaps. Anything else (a gap, a stray name) means the file
 * was damaged or written by something else: refused, since loading the rest would drop the odd
 * entries at the next save. Returns the count, or -1 after recording an error. */
static gint64
count_children (Ctx   *ctx,
                hid_t  group)
{
  H5G_info_t info;
  g_autoptr(GString) odd = NULL;
  gint64 missing = -1;

  if (H5Gget_info (group, &info) < 0)
    {
      ctx_fail_at (ctx, group, ISC_ERROR_FORMAT, "the group cannot be listed");
      return -1;
    }
  if (info.nlinks > MAX_CHILDREN)
    {
      ctx_fail_at (ctx, group, ISC_ERROR_FORMAT, "too many entries (%" G_GUINT64_FORMAT ")",
                   (guint64) info.nlinks);
      return -1;
    }
  /* n distinct names that include every one of 0 … n-1 are exactly those. */
  for (hsize_t i = 0; i < info.nlinks; i++)
    {
      char key[32];

      g_snprintf (key, sizeof key, "%" G_GUINT64_FORMAT, (guint64) i);
      if (H5Lexists (group, key, H5P_DEFAULT) <= 0)
        {
          missing = (gint64) i;
          break;
        }
    }
  if (missing < 0)
    return (gint64) info.nlinks;

  /* Name the entries that do not fit, a few of them. */
  odd = g_string_new (NULL);
  for (hsize_t i = 0, shown = 0; i < info.nlinks && shown < 5; i++)
    {
      char name[64] = { 0 };
      g_autofree char *shown_name = NULL;
      char *end = NULL;
      guint64 index;

      if (H5Lget_name_by_idx (group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                              H5P_DEFAULT) < 0)
        continue;
      index = g_ascii_strtoull (name, &end, 10);
      if (name[0] != '\0' && *end == '\0' && index < info.nlinks
          && (name[0] != '0' || name[1] == '\0'))
        continue;
      shown_name = token (name);
      g_string_append_printf (odd, "%s“%s”", odd->len > 0 ? ", " : "", shown_name);
      shown++;
    }
  H5Eclear2 (H5E_DEFAULT);
  ctx_fail_at (ctx, group, ISC_ERROR_FORMAT,
               "entry “%" G_GINT64_FORMAT "” is missing: %" G_GUINT64_FORMAT
               " entries must be numbered 0 to %" G_GUINT64_FORMAT " without gaps%s%s",
               missing, (guint64) info.nlinks, (guint64) info.nlinks - 1,
               odd->len > 0 ? ", found " : "", odd->str);
  return -1;
}

/* Attribute lists ("0", "1", … or "e0", "v0", …) must hold exactly what was read: a gap would
 * hide the entries after it. */
static void
check_attr_count (Ctx        *ctx,
                  hid_t       loc,
                  guint64     n_read)
{
  H5O_info_t info;

  if (ctx_failed (ctx))
    return;
  if (H5Oget_info2 (loc, &info, H5O_INFO_NUM_ATTRS) < 0)
    ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT, "the attributes cannot be listed");
  else if ((guint64) info.num_attrs != n_read)
    ctx_fail_at (ctx, loc, ISC_ERROR_FORMAT,
                 "%" G_GUINT64_FORMAT " attributes, but only %" G_GUINT64_FORMAT
                 " numbered without gaps", (guint64) info.num_attrs, n_read);
}

typedef void (*ReadEntryFunc) (Ctx      *ctx,
                               hid_t     entry,
                               gpointer  data);

/* Calls @read_entry on each numbered child of the group @name of @parent, in order, until the
 * context fails. */
static void
read_numbered (Ctx           *ctx,
               hid_t          parent,
               const char    *name,
               ReadEntryFunc  read_entry,
               gpointer       data)
{
  hid_t group = open_group (ctx, parent, name, FALSE);
  gint64 n = group >= 0 ? count_children (ctx, group) : 0;

  for (gint64 i = 0; i < n && !ctx_failed (ctx); i++)
    {
      char key[32];
      hid_t entry;

      g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, i);
      entry = open_group (ctx, group, key, FALSE);
      if (entry >= 0)
        read_entry (ctx, entry, data);
      close_group (entry);
    }
  close_group (group);
}

static char *
read_path_attr (Ctx        *ctx,
                hid_t       loc,
                const char *name,
                gboolean    optional)
{
  g_autofree char *stored = read_string_attr (ctx, loc, name, optional);
  char *path;

  if (stored == NULL)
    return NULL;
  path = g_canonicalize_filename (stored, ctx->base_dir);
  if (ctx->outside != NULL && !isc_path_is_inside (ctx->base_dir, path)
      && !g_ptr_array_find_with_equal_func (ctx->outside, path, g_str_equal, NULL))
    g_ptr_array_add (ctx->outside, g_strdup (path));
  return path;
}

static void
read_ratios (Ctx    *ctx,
             hid_t   loc,
             GArray *ratios)
{
  hid_t group = open_group (ctx, loc, "ratios", FALSE);
  guint i;

  for (i = 0; group >= 0 && !ctx_failed (ctx); i++)
    {
      char key[32];
      g_autofree char *element = NULL;
      double value;

      g_snprintf (key, sizeof key, "e%u", i);
      if (H5Aexists (group, key) <= 0)
        break;
      element = read_string_attr (ctx, group, key, FALSE);
      g_snprintf (key, sizeof key, "v%u", i);
      value = read_double_attr (ctx, group, key);
      if (element != NULL && !ctx_failed (ctx))
        isc_ratios_set (ratios, element, value);
    }
  if (group >= 0)
    check_attr_count (ctx, group, 2 * (guint64) i);
  close_group (group);
}

static void
read_dataset_fields (Ctx        *ctx,
                     hid_t       group,
                     IscDataset *dataset)
{
  g_autofree char *range_path = read_path_attr (ctx, group, "range_path", TRUE);

  dataset->range_path = g_steal_pointer (&range_path);
  dataset->active_mass_mg = read_double_attr (ctx, group, "active_mass_mg");
  /* NaN means unknown; anything else must be a mass. */
  if (!ctx_failed (ctx) && (isinf (dataset->active_mass_mg) || dataset->active_mass_mg < 0))
    ctx_fail_at (ctx, group, ISC_ERROR_INVALID, "invalid active mass (%g mg)",
                 dataset->active_mass_mg);
  dataset->has_cache = read_int_attr (ctx, group, "has_cache") != 0;
  dataset->cache_basis = read_string_attr (ctx, group, "cache_basis", TRUE);
  dataset->stamp.size = read_int_attr (ctx, group, "stamp_size");
  dataset->stamp.mtime_us = read_int_attr (ctx, group, "stamp_mtime_us");
  dataset->range_stamp.size = read_int_attr (ctx, group, "range_stamp_size");
  dataset->range_stamp.mtime_us = read_int_attr (ctx, group, "range_stamp_mtime_us");
  read_ratios (ctx, group, dataset->ratios);
}

/* Reads kind and path of a dataset entry; FALSE after recording an error. */
static gboolean
read_dataset_head (Ctx            *ctx,
                   hid_t           group,
                   IscDatasetKind *kind,
                   char          **path)
{
  g_autofree char *kind_text = read_string_attr (ctx, group, "kind", FALSE);

  if (kind_text == NULL)
    return FALSE;
  if (!isc_dataset_kind_from_string (kind_text, kind))
    {
      g_autofree char *shown = token (kind_text);

      ctx_fail_at (ctx, group, ISC_ERROR_FORMAT, "unknown dataset kind “%s”", shown);
      return FALSE;
    }
  *path = read_path_attr (ctx, group, "path", FALSE);
  return *path != NULL;
}

static void
read_site_dataset (Ctx      *ctx,
                   hid_t     entry,
                   gpointer  site)
{
  IscDatasetKind kind;
  g_autofree char *path = NULL;

  if (read_dataset_head (ctx, entry, &kind, &path))
    read_dataset_fields (ctx, entry, isc_site_add_dataset (site, kind, path));
}

static void
read_cycler_dataset (Ctx      *ctx,
                     hid_t     entry,
                     gpointer  condition)
{
  IscDatasetKind kind;
  g_autofree char *path = NULL;

  if (read_dataset_head (ctx, entry, &kind, &path))
    read_dataset_fields (ctx, entry, isc_condition_add_cycler (condition, path, NAN));
}

static void
read_site (Ctx      *ctx,
           hid_t     group,
           gpointer  condition)
{
  g_autofree char *label = read_string_attr (ctx, group, "label", FALSE);
  g_autofree char *region = read_string_attr (ctx, group, "region", FALSE);
  double depth = read_double_attr (ctx, group, "depth_nm");
  IscSite *site;
  hid_t child;
  g_autoptr(GError) local = NULL;

  guint i;

  if (ctx_failed (ctx))
    return;
  /* Sites are ordered and plotted by depth: NaN, infinity or a depth above the surface would
   * put a site nowhere. */
  if (!isfinite (depth) || depth < 0)
    {
      g_autofree char *shown = token (label);

      ctx_fail_at (ctx, group, ISC_ERROR_INVALID,
                   "site “%s” has an invalid depth (%g nm): expected a finite depth ≥ 0 nm",
                   shown, depth);
      return;
    }
  site = isc_condition_add_site (condition, label, depth, region);

  child = open_group (ctx, group, "rois", FALSE);
  for (i = 0; child >= 0 && !ctx_failed (ctx); i++)
    {
      char key[32];
      g_autofree char *spec = NULL;

      g_snprintf (key, sizeof key, "%u", i);
      if (H5Aexists (child, key) <= 0)
        break;
      spec = read_string_attr (ctx, child, key, FALSE);
      if (spec != NULL)
        isc_site_add_roi (site, spec);
    }
  if (child >= 0)
    check_attr_count (ctx, child, i);
  close_group (child);

  child = open_group (ctx, group, "settings", FALSE);
  for (i = 0; child >= 0 && !ctx_failed (ctx); i++)
    {
      char key[32];
      g_autofree char *k = NULL;
      g_autofree char *v = NULL;

      g_snprintf (key, sizeof key, "k%u", i);
      if (H5Aexists (child, key) <= 0)
        break;
      k = read_string_attr (ctx, child, key, FALSE);
      g_snprintf (key, sizeof key, "v%u", i);
      v = read_string_attr (ctx, child, key, FALSE);
      if (k != NULL && v != NULL)
        isc_site_set_setting (site, k, v);
    }
  if (child >= 0)
    check_attr_count (ctx, child, 2 * (guint64) i);
  close_group (child);

  if (!ctx_failed (ctx)
      && !isc_project_registration_read (group, site, ctx->base_dir, ctx->outside, &local))
    ctx_fail_at (ctx, group, local->code, "%s", local->message);

  read_numbered (ctx, group, "datasets", read_site_dataset, site);
}

static void
read_condition (Ctx      *ctx,
                hid_t     group,
                gpointer  project)
{
  g_autofree char *name = read_string_attr (ctx, group, "name", FALSE);
  gint64 cycles = read_int_attr (ctx, group, "cycles");
  double retention = read_double_attr (ctx, group, "retention");
  IscCondition *condition;

  if (ctx_failed (ctx))
    return;
  if (cycles < 0 || cycles > G_MAXUINT)
    {
      g_autofree char *shown = token (name);

      ctx_fail_at (ctx, group, ISC_ERROR_FORMAT, "condition “%s” has an invalid number of cycles (%"
                   G_GINT64_FORMAT ")", shown, cycles);
      return;
    }
  /* NaN means unknown; a retention is a fraction of the first capacity. */
  if (isinf (retention) || retention < 0)
    {
      g_autofree char *shown = token (name);

      ctx_fail_at (ctx, group, ISC_ERROR_INVALID, "condition “%s” has an invalid retention (%g)",
                   shown, retention);
      return;
    }
  condition = isc_project_add_condition (project, name, (guint) cycles);
  condition->retention = retention;

  read_numbered (ctx, group, "cycler", read_cycler_dataset, condition);
  read_numbered (ctx, group, "sites", read_site, condition);
}

static void
read_reference (Ctx      *ctx,
                hid_t     entry,
                gpointer  project)
{
  g_autofree char *name = read_string_attr (ctx, entry, "name", FALSE);

  if (name != NULL)
    read_ratios (ctx, entry, isc_project_add_reference (project, name)->ratios);
}

static char *
read_notes (Ctx   *ctx,
            hid_t  file)
{
  hid_t dset, space, type;
  hssize_t n;
  char *notes = NULL;

  if (ctx_failed (ctx))
    return NULL;
  dset = H5Dopen2 (file, "notes", H5P_DEFAULT);
  if (dset < 0)
    {
      ctx_fail (ctx, ISC_ERROR_FORMAT, "the notes dataset is missing");
      return NULL;
    }
  space = H5Dget_space (dset);
  type = H5Dget_type (dset);
  n = space >= 0 ? H5Sget_simple_extent_npoints (space) : -1;
  if (type < 0 || H5Tget_class (type) != H5T_INTEGER || H5Tget_size (type) != 1
      || n < 0 || (guint64) n > MAX_STRING_BYTES)
    ctx_fail (ctx, ISC_ERROR_FORMAT, "the notes dataset is not a byte string");
  else
    {
      notes = g_malloc0 ((gsize) n + 1);
      if (n > 0 && H5Dread (dset, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT, notes) < 0)
        {
          ctx_fail (ctx, ISC_ERROR_FORMAT, "the notes cannot be read");
          g_clear_pointer (&notes, g_free);
        }
      else if (!g_utf8_validate (notes, n, NULL))
        {
          ctx_fail (ctx, ISC_ERROR_FORMAT, "the notes are not valid UTF-8");
          g_clear_pointer (&notes, g_free);
        }
    }
  if (type >= 0)
    H5Tclose (type);
  if (space >= 0)
    H5Sclose (space);
  H5Dclose (dset);
  return notes;
}

static IscProject *
read_project (Ctx   *ctx,
              hid_t  file)
{
  g_autoptr(IscProject) project = NULL;
  g_autofree char *application = NULL;
  g_autofree char *notes = NULL;
  gint64 version;

  if (H5Aexists (file, "ionscape_format_version") <= 0)
    {
      ctx_fail (ctx, ISC_ERROR_FORMAT,
                "not an Ionscape project (HDF5 file without an ionscape_format_version attribute)");
      return NULL;
    }
  version = read_int_attr (ctx, file, "ionscape_format_version");
  if (ctx_failed (ctx))
    return NULL;
  if (version > ISC_PROJECT_FORMAT_VERSION)
    {
      ctx_fail (ctx, ISC_ERROR_VERSION,
                "written by a newer Ionscape (format version %" G_GINT64_FORMAT
                ", this version reads up to %d)", version, ISC_PROJECT_FORMAT_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      ctx_fail (ctx, ISC_ERROR_FORMAT, "invalid format version %" G_GINT64_FORMAT, version);
      return NULL;
    }
  application = read_string_attr (ctx, file, "application", FALSE);
  if (application != NULL && !g_str_equal (application, APPLICATION_NAME))
    {
      g_autofree char *shown = token (application);

      ctx_fail (ctx, ISC_ERROR_FORMAT, "written by “%s”, not by %s", shown, APPLICATION_NAME);
    }
  if (ctx_failed (ctx))
    return NULL;

  project = isc_project_new ();
  notes = read_notes (ctx, file);
  if (notes != NULL)
    isc_project_set_notes (project, notes);

  read_numbered (ctx, file, "references", read_reference, project);
  read_numbered (ctx, file, "conditions", read_condition, project);
  if (!ctx_failed (ctx))
    _isc_project_figures_read (project, file, &ctx->error);
  if (!ctx_failed (ctx))
    _isc_project_batch_read (project, file, ctx->base_dir, &ctx->error);

  if (ctx_failed (ctx))
    return NULL;
  return g_steal_pointer (&project);
}

/* Identifiers HDF5 has open on any file, sorted. */
static GArray *
open_ids (void)
{
  ssize_t n = H5Fget_obj_count (H5F_OBJ_ALL, H5F_OBJ_ALL);
  GArray *ids = g_array_new (FALSE, TRUE, sizeof (hid_t));

  if (n > 0)
    {
      g_array_set_size (ids, n);
      n = H5Fget_obj_ids (H5F_OBJ_ALL, H5F_OBJ_ALL, (size_t) n, (hid_t *) ids->data);
      g_array_set_size (ids, MAX (n, 0));
    }
  return ids;
}

static gboolean
ids_contain (GArray *ids,
             hid_t   id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, hid_t, i) == id)
      return TRUE;
  return FALSE;
}

/* Closes what a load left open that was not open before it (@before): a read that stopped
 * half-way through a corrupt file, or an open that failed after opening parts of it, must not
 * leave identifiers behind (HDF5 loops over them when the program exits). Identifiers that
 * other code held before are left alone. */
static void
close_leftovers (GArray *before)
{
  g_autoptr(GArray) after = open_ids ();

  /* Objects first, files last. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < after->len; i++)
      {
        hid_t id = g_array_index (after, hid_t, i);
        H5I_type_t type = H5Iget_type (id);

        if (ids_contain (before, id) || type == H5I_BADID || (type == H5I_FILE) != (pass == 1))
          continue;
        if (type == H5I_FILE)
          H5Fclose (id);
        else if (type == H5I_GROUP)
          H5Gclose (id);
        else if (type == H5I_DATASET)
          H5Dclose (id);
        else if (type == H5I_ATTR)
          H5Aclose (id);
        else if (type == H5I_DATATYPE)
          H5Tclose (id);
      }
  H5Eclear2 (H5E_DEFAULT);
}

/* The HDF5 part of a load, with the HDF5 lock held: @file_path read into a new project, or
 * NULL with the failure in @ctx. Closes whatever a corrupt file left open. */
static IscProject *
read_project_file (Ctx        *ctx,
                   const char *file_path)
{
  g_autoptr(GArray) before = open_ids ();
  IscProject *project = NULL;
  htri_t is_hdf5 = H5Fis_hdf5 (file_path);

  if (is_hdf5 <= 0)
    ctx_fail (ctx, ISC_ERROR_FORMAT, "not an Ionscape project (not an HDF5 file)");
  else
    {
      /* Strong close: a corrupt file whose reading stopped half-way leaves nothing open. */
      hid_t fapl = H5Pcreate (H5P_FILE_ACCESS);
      hid_t file;

      H5Pset_fclose_degree (fapl, H5F_CLOSE_STRONG);
      file = H5Fopen (file_path, H5F_ACC_RDONLY, fapl);
      /* Before any other HDF5 call, which would clear the error stack. */
      if (file < 0)
        ctx_fail (ctx, ISC_ERROR_FORMAT, "the HDF5 file is truncated or corrupt");
      H5Pclose (fapl);
      if (file >= 0)
        {
          project = read_project (ctx, file);
          if (H5Fclose (file) < 0 && !ctx_failed (ctx))
            ctx_fail (ctx, ISC_ERROR_FORMAT, "the HDF5 file is corrupt");
        }
    }
  close_leftovers (before);
  return project;
}

typedef struct
{
  const Ctx  *ctx;
  const char *file_path;
} Probe;

/* Child side of probe_in_child: the whole read; only success or the error goes back. */
static gboolean
probe_read (IscIsolateWriter  *writer,
            gpointer           user_data,
            GError           **error)
{
  const Probe *probe = user_data;
  g_autoptr(GPtrArray) outside = g_ptr_array_new_with_free_func (g_free);
  Ctx ctx = { probe->ctx->file, probe->ctx->base_dir, NULL, outside };
  IscProject *project = read_project_file (&ctx, probe->file_path);

  isc_project_free (project);
  if (ctx.error != NULL)
    {
      g_propagate_error (error, ctx.error);
      return FALSE;
    }
  return TRUE;
}

/* Reads @file_path in a child process (the HDF5 lock held); FALSE with the failure in @ctx when
 * the file is refused there or the child crashed, looped or ran out of memory. */
static gboolean
probe_in_child (Ctx        *ctx,
                const char *file_path)
{
  Probe probe = { ctx, file_path };
  IscIsolateLimits limits = isc_isolate_limits_for_file (isc_hdf5_file_size (file_path));
  g_autoptr(GBytes) bytes = isc_isolate_run (ctx->file, ISC_PROJECT_ERROR, probe_read, &probe, &limits,
                                             NULL, &ctx->error);

  return bytes != NULL;
}

IscProject *
isc_project_load (const char  *path,
                  GError     **error)
{
  Ctx ctx = { path, NULL, NULL, NULL };
  g_autofree char *absolute = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GPtrArray) outside = g_ptr_array_new_with_free_func (g_free);
  IscProject *project = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_access (path, R_OK) != 0)
    {
      g_set_error (error, ISC_PROJECT_ERROR, ISC_ERROR_IO, "%s: cannot be read: %s", path,
                   g_file_test (path, G_FILE_TEST_EXISTS) ? "not a readable file"
                                                          : "no such file");
      return NULL;
    }
  absolute = g_canonicalize_filename (path, NULL);
  /* Relative paths are relative to the folder the file is in, which a link may not be. */
  file_path = resolve_links (absolute, error);
  if (file_path == NULL)
    return NULL;
  ctx.base_dir = g_path_get_dirname (file_path);
  basename = g_path_get_basename (file_path);
  ctx.outside = outside;

  isc_hdf5_lock ();
  /* Saves of this process hold the lock: what is left now was left by a killed one, unless
   * another process has only just created it. */
  remove_stale_temps (ctx.base_dir, basename, g_get_real_time () - STALE_TEMP_AGE_US);

  quiet_hdf5 ();
  /* libhdf5 can crash or loop on a damaged file: the same read first runs in a child process,
   * and only a file the child read to the end is read here. Project files are small (a read
   * takes milliseconds), so reading twice costs little. */
  if (probe_in_child (&ctx, file_path))
    project = read_project_file (&ctx, file_path);
  isc_hdf5_unlock ();
  g_free (ctx.base_dir);

  if (ctx_failed (&ctx))
    {
      g_clear_pointer (&project, isc_project_free);
      g_propagate_error (error, ctx.error);
      return NULL;
    }
  isc_project_set_path (project, absolute);
  g_ptr_array_extend_and_steal (project->outside_paths, g_steal_pointer (&outside));
  isc_project_count (project, &project->loaded);
  return project;
}
