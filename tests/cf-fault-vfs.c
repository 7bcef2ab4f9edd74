/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-fault-vfs.h"

#include <errno.h>
#include <execinfo.h>
#include <sqlite3.h>
#include <string.h>

typedef struct {
  sqlite3_file  base;
  sqlite3_file *real;
  gboolean      counted;   /* see cf_fault_vfs_only_files() */
  gboolean      main_db;
} FaultFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;

/* The store's writer thread and the test's own both reach the disk. */
static GMutex fault_mutex;
static guint counts[CF_FAULT_N_KINDS];
static struct {
  gboolean    armed;
  gboolean    fired;
  CfFaultKind kind;
  guint       nth;
  CfFaultType type;
  gboolean    sticky;
  gboolean    main_read;   /* see cf_fault_vfs_fail_main_read() */
  gint64      offset;
} fault;
static char *only_suffix;

#define REAL(file) (((FaultFile *) (file))->real)

/* Counts one call of @kind; TRUE when it is the one that fails. */
static gboolean
count_call (sqlite3_file *file,
            CfFaultKind   kind)
{
  gboolean fails = FALSE;

  if (!((FaultFile *) file)->counted)
    return FALSE;
  g_mutex_lock (&fault_mutex);
  counts[kind]++;
  if (fault.armed && fault.kind == kind && --fault.nth == 0)
    {
      fault.armed = fault.sticky;
      fault.nth = 1;
      fault.fired = TRUE;
      fails = TRUE;
      if (g_getenv ("CF_FAULT_BACKTRACE"))
        {
          void *frames[40];
          backtrace_symbols_fd (frames, backtrace (frames, 40), 2);
        }
    }
  g_mutex_unlock (&fault_mutex);
  return fails;
}

/* An ENOSPC is what SQLite reads back, through xGetLastError, to tell a
 * full disk from another write error. */
static int
failure_for (int io_error)
{
  if (fault.type == CF_FAULT_EIO)
    {
      errno = EIO;
      return io_error;
    }
  errno = ENOSPC;
  return fault.type == CF_FAULT_ENOSPC ? SQLITE_FULL : SQLITE_IOERR_WRITE;
}

/* TRUE when this read of a main database is the one armed to fail. */
static gboolean
main_read_fails (sqlite3_file *file,
                 sqlite3_int64 offset)
{
  gboolean fails = FALSE;

  if (!((FaultFile *) file)->main_db)
    return FALSE;
  g_mutex_lock (&fault_mutex);
  if (fault.main_read && (fault.offset < 0 || fault.offset == offset))
    {
      fault.main_read = FALSE;
      fault.fired = TRUE;
      fault.type = CF_FAULT_EIO;
      fails = TRUE;
    }
  g_mutex_unlock (&fault_mutex);
  return fails;
}

static int
fault_read (sqlite3_file *file,
            void         *buffer,
            int           amount,
            sqlite3_int64 offset)
{
  if (main_read_fails (file, offset) || count_call (file, CF_FAULT_READ))
    return failure_for (SQLITE_IOERR_READ);
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

/* A short write puts the first half of the bytes on the disk, as a disk
 * that fills up part way through does. */
static int
fault_write (sqlite3_file *file,
             const void   *buffer,
             int           amount,
             sqlite3_int64 offset)
{
  if (count_call (file, CF_FAULT_WRITE))
    {
      if (fault.type == CF_FAULT_SHORT_WRITE && amount > 1)
        REAL (file)->pMethods->xWrite (REAL (file), buffer, amount / 2, offset);
      return failure_for (SQLITE_IOERR_WRITE);
    }
  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
fault_truncate (sqlite3_file *file,
                sqlite3_int64 size)
{
  if (count_call (file, CF_FAULT_TRUNCATE))
    return failure_for (SQLITE_IOERR_TRUNCATE);
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
fault_sync (sqlite3_file *file,
            int           flags)
{
  if (count_call (file, CF_FAULT_SYNC))
    return failure_for (SQLITE_IOERR_FSYNC);
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
fault_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
fault_file_size (sqlite3_file  *file,
                 sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
fault_lock (sqlite3_file *file,
            int           level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
fault_unlock (sqlite3_file *file,
              int           level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
fault_check_reserved_lock (sqlite3_file *file,
                           int          *reserved)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), reserved);
}

static int
fault_file_control (sqlite3_file *file,
                    int           op,
                    void         *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
fault_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
fault_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
fault_shm_map (sqlite3_file   *file,
               int             page,
               int             size,
               int             extend,
               void volatile **memory)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, size, extend, memory);
}

static int
fault_shm_lock (sqlite3_file *file,
                int           offset,
                int           n,
                int           flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
fault_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
fault_shm_unmap (sqlite3_file *file,
                 int           delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

/* No memory-mapped pages: every page is read through fault_read. */
static int
fault_fetch (sqlite3_file *file,
             sqlite3_int64 offset,
             int           amount,
             void        **pages)
{
  *pages = NULL;
  return SQLITE_OK;
}

static int
fault_unfetch (sqlite3_file *file,
               sqlite3_int64 offset,
               void         *pages)
{
  return SQLITE_OK;
}

static const sqlite3_io_methods fault_methods = {
  3, fault_close, fault_read, fault_write, fault_truncate, fault_sync, fault_file_size,
  fault_lock, fault_unlock, fault_check_reserved_lock, fault_file_control, fault_sector_size,
  fault_device_characteristics, fault_shm_map, fault_shm_lock, fault_shm_barrier,
  fault_shm_unmap, fault_fetch, fault_unfetch,
};

static int
fault_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *file,
            int           flags,
            int          *out_flags)
{
  FaultFile *fault_file = (FaultFile *) file;
  int rc;

  fault_file->real = (sqlite3_file *) (fault_file + 1);
  fault_file->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  g_mutex_lock (&fault_mutex);
  fault_file->counted = only_suffix == NULL || (name != NULL && g_str_has_suffix (name, only_suffix));
  g_mutex_unlock (&fault_mutex);
  rc = real_vfs->xOpen (real_vfs, name, fault_file->real, flags, out_flags);
  fault_file->base.pMethods = fault_file->real->pMethods ? &fault_methods : NULL;
  return rc;
}

void
cf_fault_vfs_register (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  fault_vfs = *real_vfs;
  fault_vfs.zName = "confide-faults";
  fault_vfs.szOsFile = (int) sizeof (FaultFile) + real_vfs->szOsFile;
  fault_vfs.xOpen = fault_open;
  g_assert_cmpint (sqlite3_vfs_register (&fault_vfs, 1), ==, SQLITE_OK);
}

void
cf_fault_vfs_reset (void)
{
  g_mutex_lock (&fault_mutex);
  memset (counts, 0, sizeof counts);
  fault.armed = FALSE;
  fault.fired = FALSE;
  fault.main_read = FALSE;
  g_mutex_unlock (&fault_mutex);
}

void
cf_fault_vfs_fail_main_read (gint64 offset)
{
  g_mutex_lock (&fault_mutex);
  fault.main_read = TRUE;
  fault.fired = FALSE;
  fault.offset = offset;
  g_mutex_unlock (&fault_mutex);
}

guint
cf_fault_vfs_count (CfFaultKind kind)
{
  guint count;

  g_mutex_lock (&fault_mutex);
  count = counts[kind];
  g_mutex_unlock (&fault_mutex);
  return count;
}

void
cf_fault_vfs_arm (CfFaultKind kind,
                  guint       nth,
                  CfFaultType type,
                  gboolean    sticky)
{
  g_return_if_fail (nth > 0);
  g_mutex_lock (&fault_mutex);
  fault.armed = TRUE;
  fault.fired = FALSE;
  fault.kind = kind;
  fault.nth = nth;
  fault.type = type;
  fault.sticky = sticky;
  g_mutex_unlock (&fault_mutex);
}

gboolean
cf_fault_vfs_fired (void)
{
  gboolean fired;

  g_mutex_lock (&fault_mutex);
  fired = fault.fired;
  g_mutex_unlock (&fault_mutex);
  return fired;
}

/* Files already open keep the choice made when they were opened. */
void
cf_fault_vfs_only_files (const char *suffix)
{
  g_mutex_lock (&fault_mutex);
  g_free (only_suffix);
  only_suffix = g_strdup (suffix);
  g_mutex_unlock (&fault_mutex);
}

const char *
cf_fault_kind_name (CfFaultKind kind)
{
  static const char *const names[] = { "read", "write", "sync", "truncate" };

  return names[kind];
}

const char *
cf_fault_type_name (CfFaultType type)
{
  static const char *const names[] = { "EIO", "ENOSPC", "short write" };

  return names[type];
}
