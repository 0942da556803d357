/* isc-isolate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "isc-error.h"
#include "isc-isolate.h"

/* The memory file starts with a header the child writes last: a result without it means the
 * child died before it finished. */
#define HEADER_SIZE 16
static const char header_magic[8] = "ISCISO1";

enum { STATUS_OK = 0, STATUS_ERROR = 1 };

struct _IscIsolateWriter
{
  int      fd;
  gboolean failed;
};

IscIsolateLimits
isc_isolate_limits_for_file (guint64 file_size)
{
  IscIsolateLimits limits;

  limits.timeout_s = 5.0 + (double) file_size / 40e6;
  limits.memory_bytes = ((guint64) 2 << 30) + 8 * file_size;
  return limits;
}

gboolean
isc_isolate_write (IscIsolateWriter *writer,
                   const void       *data,
                   gsize             len)
{
  const guint8 *p = data;

  while (!writer->failed && len > 0)
    {
      ssize_t n = write (writer->fd, p, MIN (len, (gsize) 1 << 30));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        writer->failed = TRUE;
      else
        {
          p += n;
          len -= (gsize) n;
        }
    }
  return !writer->failed;
}

gboolean
isc_isolate_write_u64 (IscIsolateWriter *writer,
                       guint64           value)
{
  return isc_isolate_write (writer, &value, sizeof value);
}

gboolean
isc_isolate_write_double (IscIsolateWriter *writer,
                          double            value)
{
  return isc_isolate_write (writer, &value, sizeof value);
}

gboolean
isc_isolate_write_string (IscIsolateWriter *writer,
                          const char       *text)
{
  if (text == NULL)
    return isc_isolate_write_u64 (writer, G_MAXUINT64);
  return isc_isolate_write_u64 (writer, strlen (text)) && isc_isolate_write (writer, text, strlen (text));
}

/* ---- child ---- */

/* Sanitizer runtimes (and libFuzzer through them) run a callback when they stop a process;
 * in the child that would report the caller's input as a crash. Weak: NULL without them. */
extern void __sanitizer_set_death_callback (void (*callback) (void)) __attribute__ ((weak));

/* A crash in the child must simply end it, not run handlers the caller installed (libFuzzer,
 * sanitizers, crash reporters), which would treat the child's crash as the caller's. */
static void
reset_crash_handlers (void)
{
  const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP };

  for (guint i = 0; i < G_N_ELEMENTS (fatal); i++)
    signal (fatal[i], SIG_DFL);
  if (__sanitizer_set_death_callback != NULL)
    __sanitizer_set_death_callback (NULL);
}

/* Address space already in use, from /proc/self/statm (pages). */
static guint64
current_address_space (void)
{
  char buf[128] = "";
  unsigned long long pages = 0;
  int fd = open ("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  ssize_t n = fd >= 0 ? read (fd, buf, sizeof buf - 1) : -1;

  if (fd >= 0)
    close (fd);
  if (n > 0)
    pages = g_ascii_strtoull (buf, NULL, 10);
  return (guint64) pages * (guint64) sysconf (_SC_PAGESIZE);
}

static void
limit_memory (guint64 extra)
{
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer reserves terabytes of shadow address space: a limit would stop it, not
   * the reader. The time limit still holds. */
  (void) extra;
  (void) current_address_space;
#else
  struct rlimit limit;

  limit.rlim_cur = limit.rlim_max = (rlim_t) (current_address_space () + extra);
  setrlimit (RLIMIT_AS, &limit);
#endif
}

static void G_GNUC_NORETURN
run_child (int                      fd,
           IscIsolatedFunc          func,
           gpointer                 user_data,
           const IscIsolateLimits  *limits)
{
  IscIsolateWriter writer = { fd, FALSE };
  GError *error = NULL;
  guint32 header[4];
  gboolean ok;

  /* The child never writes to the caller's output (a CLI's JSON, a test's TAP stream), and a
   * damaged file may make the library print pages of diagnostics (or a sanitizer report): the
   * caller prints one line instead. ISC_ISOLATE_DEBUG keeps stderr. */
  {
    int null_fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);

    if (null_fd >= 0)
      {
        dup2 (null_fd, STDOUT_FILENO);
        if (g_getenv ("ISC_ISOLATE_DEBUG") == NULL)
          dup2 (null_fd, STDERR_FILENO);
      }
  }
  reset_crash_handlers ();
  limit_memory (limits->memory_bytes);

  if (lseek (fd, HEADER_SIZE, SEEK_SET) != HEADER_SIZE)
    _exit (3);
  ok = func (&writer, user_data, &error) && !writer.failed;
  if (!ok)
    {
      /* Start over: only the error goes back. */
      writer.failed = FALSE;
      if (ftruncate (fd, HEADER_SIZE) != 0 || lseek (fd, HEADER_SIZE, SEEK_SET) != HEADER_SIZE)
        _exit (3);
      isc_isolate_write_string (&writer, error ? g_quark_to_string (error->domain) : NULL);
      isc_isolate_write_u64 (&writer, error ? (guint64) error->code : 0);
      isc_isolate_write_string (&writer, error ? error->message : "the reader failed without a message");
    }
  memcpy (header, header_magic, sizeof header_magic);
  header[2] = ok ? STATUS_OK : STATUS_ERROR;
  header[3] = 0;
  if (writer.failed || pwrite (fd, header, sizeof header, 0) != (ssize_t) sizeof header)
    _exit (3);
  /* _exit: no atexit handlers (libhdf5 would try to close what the damaged file left open). */
  _exit (0);
}

/* ---- parent ---- */

typedef struct
{
  void  *map;
  gsize  len;
} Mapping;

static void
mapping_free (gpointer data)
{
  Mapping *m = data;

  munmap (m->map, m->len);
  g_free (m);
}

/* The child's result, mapped rather than copied (it may be gigabytes of ion positions);
 * NULL without @error when the child left too little to hold a header. */
static GBytes *
map_result (int      fd,
            GError **error)
{
  struct stat st;
  Mapping *m;
  void *map;

  if (fstat (fd, &st) != 0 || st.st_size < HEADER_SIZE)
    return NULL;
  map = mmap (NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot map the reader's result: %s",
                   g_strerror (saved));
      return NULL;
    }
  m = g_new (Mapping, 1);
  m->map = map;
  m->len = (gsize) st.st_size;
  return g_bytes_new_with_free_func (map, m->len, mapping_free, m);
}

static void
describe_end (int      status,
              GString *out)
{
  if (WIFSIGNALED (status))
    g_string_append_printf (out, "reading it crashed or ran out of memory (%s)", strsignal (WTERMSIG (status)));
  else if (WIFEXITED (status))
    g_string_append_printf (out, "the reader stopped with status %d before it finished", WEXITSTATUS (status));
  else
    g_string_append (out, "the reader stopped before it finished");
}

/* Waits until the child closes its end of the pipe @alive_fd (it exited), @cancellable is
 * cancelled or @deadline (monotonic µs) passes. FALSE only when the deadline passed. */
static gboolean
wait_for_child (int           alive_fd,
                GCancellable *cancellable,
                gint64        deadline)
{
  GPollFD fds[2] = { { alive_fd, G_IO_IN | G_IO_HUP | G_IO_ERR, 0 } };
  guint n_fds = 1;
  gboolean ended = FALSE;

  if (g_cancellable_make_pollfd (cancellable, &fds[1]))
    n_fds = 2;
  while (!ended && !g_cancellable_is_cancelled (cancellable))
    {
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;

      if (left_ms <= 0)
        break;
      /* Nothing is ever written to the pipe: any event on it is its closing. */
      if (g_poll (fds, n_fds, (int) MIN (left_ms, G_MAXINT)) > 0 && fds[0].revents != 0)
        ended = TRUE;
    }
  if (n_fds == 2)
    g_cancellable_release_fd (cancellable);
  return ended || g_cancellable_is_cancelled (cancellable);
}

GBytes *
isc_isolate_run (const char              *path,
                 GQuark                   domain,
                 IscIsolatedFunc          func,
                 gpointer                 user_data,
                 const IscIsolateLimits  *limits,
                 GCancellable            *cancellable,
                 GError                 **error)
{
  IscIsolateLimits used = { 10.0, (guint64) 2 << 30 };
  g_autoptr(GBytes) whole = NULL;
  int fd, alive[2], status = 0;
  gboolean timed_out = FALSE;
  pid_t pid;

  g_return_val_if_fail (path != NULL && func != NULL, NULL);
  if (limits != NULL)
    {
      if (limits->timeout_s > 0)
        used.timeout_s = limits->timeout_s;
      if (limits->memory_bytes > 0)
        used.memory_bytes = limits->memory_bytes;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  fd = memfd_create ("ionscape-reader", MFD_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, domain, ISC_ERROR_IO, "%s: cannot prepare the reader: %s", path, g_strerror (saved));
      return NULL;
    }
  /* The child holds the write end of @alive until it exits: the parent wakes at once then,
   * instead of polling. */
  if (pipe2 (alive, O_CLOEXEC) != 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, domain, ISC_ERROR_IO, "%s: cannot prepare the reader: %s", path, g_strerror (saved));
      return NULL;
    }
  pid = fork ();
  if (pid < 0)
    {
      int saved = errno;

      close (alive[0]);
      close (alive[1]);
      close (fd);
      g_set_error (error, domain, ISC_ERROR_IO, "%s: cannot start the reader process: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  if (pid == 0)
    {
      close (alive[0]);
      run_child (fd, func, user_data, &used);
    }

  close (alive[1]);
  timed_out = !wait_for_child (alive[0], cancellable,
                               g_get_monotonic_time () + (gint64) (used.timeout_s * G_USEC_PER_SEC));
  close (alive[0]);
  if (timed_out || g_cancellable_is_cancelled (cancellable))
    kill (pid, SIGKILL);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;

  if (!timed_out && g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      close (fd);
      return NULL;
    }
  if (timed_out)
    {
      close (fd);
      g_set_error (error, domain, ISC_ERROR_FORMAT,
                   "%s: reading took longer than %.0f s and was stopped; the file is probably damaged",
                   path, used.timeout_s);
      return NULL;
    }

  whole = map_result (fd, error);
  close (fd);
  if (whole == NULL && error != NULL && *error != NULL)
    return NULL;

  {
    gsize len = 0;
    const guint8 *data = whole ? g_bytes_get_data (whole, &len) : NULL;
    guint32 header[4];

    if (data == NULL || len < HEADER_SIZE || memcmp (data, header_magic, sizeof header_magic) != 0)
      {
        g_autoptr(GString) why = g_string_new (NULL);

        describe_end (status, why);
        g_set_error (error, domain, ISC_ERROR_FORMAT, "%s: the file is damaged: %s", path, why->str);
        return NULL;
      }
    memcpy (header, data, sizeof header);
    if (header[2] == STATUS_OK)
      return g_bytes_new_from_bytes (whole, HEADER_SIZE, len - HEADER_SIZE);

    /* The child's own error, with its domain and code. */
    {
      g_autoptr(GBytes) rest = g_bytes_new_from_bytes (whole, HEADER_SIZE, len - HEADER_SIZE);
      IscIsolateReader reader;
      g_autofree char *domain_name = NULL;
      g_autofree char *message = NULL;
      guint64 code;

      isc_isolate_reader_init (&reader, rest);
      domain_name = isc_isolate_read_string (&reader);
      code = isc_isolate_read_u64 (&reader);
      message = isc_isolate_read_string (&reader);
      if (reader.failed || message == NULL)
        g_set_error (error, domain, ISC_ERROR_FORMAT, "%s: the reader failed without a readable message", path);
      else
        g_set_error_literal (error, domain_name ? g_quark_from_string (domain_name) : domain,
                             (int) code, message);
      return NULL;
    }
  }
}

/* ---- reader ---- */

void
isc_isolate_reader_init (IscIsolateReader *reader,
                         GBytes           *bytes)
{
  reader->data = g_bytes_get_data (bytes, &reader->len);
  reader->pos = 0;
  reader->failed = FALSE;
}

gboolean
isc_isolate_read (IscIsolateReader *reader,
                  void             *out,
                  gsize             len)
{
  if (reader->failed || len > reader->len - reader->pos)
    {
      reader->failed = TRUE;
      return FALSE;
    }
  if (len > 0)
    memcpy (out, reader->data + reader->pos, len);
  reader->pos += len;
  return TRUE;
}

guint64
isc_isolate_read_u64 (IscIsolateReader *reader)
{
  guint64 value = 0;

  isc_isolate_read (reader, &value, sizeof value);
  return value;
}

double
isc_isolate_read_double (IscIsolateReader *reader)
{
  double value = 0.0;

  isc_isolate_read (reader, &value, sizeof value);
  return value;
}

char *
isc_isolate_read_string (IscIsolateReader *reader)
{
  guint64 len = isc_isolate_read_u64 (reader);
  char *text;

  if (reader->failed || len == G_MAXUINT64)
    return NULL;
  if (len > reader->len - reader->pos)
    {
      reader->failed = TRUE;
      return NULL;
    }
  text = g_malloc ((gsize) len + 1);
  isc_isolate_read (reader, text, (gsize) len);
  text[len] = '\0';
  return text;
}
