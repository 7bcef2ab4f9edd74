/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-appointments.h"
#include "cf-error.h"
#include "cf-replica-private.h"
#include "cf-security-notice.h"
#include "cf-store-private.h"
#include "cf-students.h"
#include "cf-test-util.h"
#include "cf-users.h"

/* A VFS over the real default one whose next read of a main database at
 * one offset fails, as a failing disk would.  SQLCipher decrypts above the
 * VFS, so the encrypted store reads through it like any other. */

#define NO_FAULT   (-1)
#define ANY_OFFSET (-2)

typedef struct {
  sqlite3_file  base;
  sqlite3_file *real;
  gboolean      main_db;
} ShimFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static gint64 failing_offset = NO_FAULT;

#define REAL(file) (((ShimFile *) (file))->real)

/* Fails once, then reads go through again. */
static int
shim_read (sqlite3_file *file,
           void         *buffer,
           int           amount,
           sqlite3_int64 offset)
{
  ShimFile *shim = (ShimFile *) file;

  if (shim->main_db && (failing_offset == ANY_OFFSET || failing_offset == offset))
    {
      failing_offset = NO_FAULT;
      return SQLITE_IOERR_READ;
    }
  return shim->real->pMethods->xRead (shim->real, buffer, amount, offset);
}

static int
shim_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
shim_write (sqlite3_file *file,
            const void   *buffer,
            int           amount,
            sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
shim_truncate (sqlite3_file *file,
               sqlite3_int64 size)
{
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
shim_sync (sqlite3_file *file,
           int           flags)
{
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
shim_file_size (sqlite3_file  *file,
                sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
shim_lock (sqlite3_file *file,
           int           level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
shim_unlock (sqlite3_file *file,
             int           level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
shim_check_reserved_lock (sqlite3_file *file,
                          int          *reserved)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), reserved);
}

static int
shim_file_control (sqlite3_file *file,
                   int           op,
                   void         *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
shim_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
shim_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
shim_shm_map (sqlite3_file   *file,
              int             page,
              int             size,
              int             extend,
              void volatile **memory)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, size, extend, memory);
}

static int
shim_shm_lock (sqlite3_file *file,
               int           offset,
               int           n,
               int           flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
shim_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
shim_shm_unmap (sqlite3_file *file,
                int           delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

/* No memory-mapped pages: every page is read through shim_read. */
static int
shim_fetch (sqlite3_file *file,
            sqlite3_int64 offset,
            int           amount,
            void        **pages)
{
  *pages = NULL;
  return SQLITE_OK;
}

static int
shim_unfetch (sqlite3_file *file,
              sqlite3_int64 offset,
              void         *pages)
{
  return SQLITE_OK;
}

static const sqlite3_io_methods shim_methods = {
  3, shim_close, shim_read, shim_write, shim_truncate, shim_sync, shim_file_size, shim_lock,
  shim_unlock, shim_check_reserved_lock, shim_file_control, shim_sector_size,
  shim_device_characteristics, shim_shm_map, shim_shm_lock, shim_shm_barrier, shim_shm_unmap,
  shim_fetch, shim_unfetch,
};

static int
shim_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out_flags)
{
  ShimFile *shim = (ShimFile *) file;
  int rc;

  shim->real = (sqlite3_file *) (shim + 1);
  shim->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  rc = real_vfs->xOpen (real_vfs, name, shim->real, flags, out_flags);
  shim->base.pMethods = shim->real->pMethods ? &shim_methods : NULL;
  return rc;
}

/* Registered as the default before any store opens. */
static void
register_shim (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 1);
  shim_vfs = *real_vfs;
  shim_vfs.zName = "failing-reads";
  shim_vfs.szOsFile = (int) sizeof (ShimFile) + real_vfs->szOsFile;
  shim_vfs.xOpen = shim_open;
  g_assert_cmpint (sqlite3_vfs_register (&shim_vfs, 1), ==, SQLITE_OK);
}

static gint64
query_int (CfStore    *store,
           const char *sql,
           const char *arg)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  gint64 value;

  g_assert_nonnull (stmt);
  _cf_bind_text (stmt, 1, arg);
  g_assert_cmpint (_cf_store_step (store, stmt, NULL), ==, CF_STEP_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* Every page goes back to the file, and out of the page cache, so the
 * next read of @page (0: of any page) reaches the disk, and fails. */
static void
fail_next_read (CfStore *store,
                gint64   page)
{
  gint64 page_size = query_int (store, "PRAGMA page_size", NULL);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

  g_assert_true (_cf_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  g_assert_cmpint (sqlite3_db_release_memory (_cf_store_get_db (store)), ==, SQLITE_OK);
  failing_offset = page > 0 ? (page - 1) * page_size : ANY_OFFSET;
}

/* The failure a person is shown: the I/O sentence, not "no row". */
static void
assert_read_failed (const GError *error)
{
  g_assert_error (error, CF_ERROR, CF_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "could not be read or written"));
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_cmpint (failing_offset, ==, NO_FAULT);
}

static CfAppointment *
appointment_at (const char *student,
                const char *adviser_id,
                gint64      start)
{
  CfAppointment *appointment = cf_appointment_new ();

  g_object_set (appointment, "student-id", student, "adviser-id", adviser_id,
                "start-at", start, "end-at", start + 1800, NULL);
  return appointment;
}

/* The check that refuses a double booking reads the adviser's day through
 * its index; a read that fails there refuses the booking too. */
static void
test_double_booking_check_fails_closed (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) adviser = cf_test_sign_in (data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  CfStore *store = cf_session_get_store (adviser);
  g_autofree char *student = cf_test_add_student (adviser, "Clash Student");
  const char *adviser_id = cf_session_get_user_id (adviser);
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 3600;
  g_autoptr(CfAppointment) first = appointment_at (student, adviser_id, start);
  g_autoptr(CfAppointment) clash = appointment_at (student, adviser_id, start + 900);
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_appointments_add (adviser, first, &error));
  g_assert_no_error (error);
  fail_next_read (store, query_int (store, "SELECT rootpage FROM cases.sqlite_master WHERE name = ?",
                                    "appointments_adviser_start"));
  g_assert_false (cf_appointments_add (adviser, clash, &error));
  /* A failed read rolls the whole transaction back: anything written
   * after a check that missed it would commit on its own. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM appointments WHERE adviser_id = ?",
                              adviser_id), ==, 1);
  assert_read_failed (error);
}

/* A snapshot that cannot read a table fails; it is never sent short. */
static void
test_snapshot_fails_on_a_failed_read (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  CfStore *store = cf_session_get_store (manager);
  g_autofree char *student = cf_test_add_student (manager, "Snapshot Student");
  g_autoptr(GBytes) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  guint n_ops = 0;

  fail_next_read (store, 0);
  {
    g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
    snapshot = _cf_replica_export_all (store, CF_DATA_CASE, &n_ops, &error);
  }
  g_assert_null (snapshot);
  assert_read_failed (error);
}

/* A list that cannot read its rows fails; it is never shown short. */
static void
test_list_fails_on_a_failed_read (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  g_autoptr(GListModel) users = NULL;
  g_autoptr(GError) error = NULL;

  fail_next_read (cf_session_get_store (manager), 0);
  users = cf_users_list (manager, &error);
  g_assert_null (users);
  assert_read_failed (error);
}

/* An export that cannot read what Security was last sent about an
 * appointment fails: it never sends a UID's SEQUENCE from nothing, and
 * records nothing. */
static void
test_notice_fails_on_a_failed_read (void)
{
  g_autofree char *data_dir = cf_test_make_office ();
  g_autofree char *out_dir = cf_test_make_dir ("notice");
  g_autofree char *first = g_build_filename (out_dir, "first.ics", NULL);
  g_autofree char *second = g_build_filename (out_dir, "second.ics", NULL);
  g_autoptr(CfSession) manager = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  CfStore *store = cf_session_get_store (manager);
  g_autofree char *student = cf_test_add_student (manager, "Notice Student");
  gint64 start = g_get_real_time () / G_USEC_PER_SEC + 3600;
  g_autoptr(CfAppointment) appointment = appointment_at (student, cf_session_get_user_id (manager), start);
  g_autoptr(GError) error = NULL;
  guint n_appointments = 0;

  g_assert_true (cf_students_set_removed_from_course (manager, student, TRUE, "Hearing", &error));
  g_assert_true (cf_appointments_add (manager, appointment, &error));
  g_assert_true (cf_security_notice_export (manager, start - 60, start + 60, CF_SECURITY_FORMAT_ICS,
                                            first, &n_appointments, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_appointments, ==, 1);
  fail_next_read (store, query_int (store, "SELECT rootpage FROM cases.sqlite_master WHERE name = ?",
                                    "security_notice_items_appointment"));
  g_assert_false (cf_security_notice_export (manager, start - 60, start + 60, CF_SECURITY_FORMAT_ICS,
                                             second, NULL, NULL, &error));
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM security_notices WHERE format = ?", "ics"), ==, 1);
  assert_read_failed (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  register_shim ();
  g_test_add_func ("/failing-reads/double-booking-check", test_double_booking_check_fails_closed);
  g_test_add_func ("/failing-reads/snapshot", test_snapshot_fails_on_a_failed_read);
  g_test_add_func ("/failing-reads/list", test_list_fails_on_a_failed_read);
  g_test_add_func ("/failing-reads/notice", test_notice_fails_on_a_failed_read);
  return g_test_run ();
}
