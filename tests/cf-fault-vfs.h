/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A VFS over SQLite's own default one, registered as the default, that
 * counts the calls of each kind made to every file (main databases, the
 * attached case database, journals, WAL) and can make the Nth of one kind
 * fail once, as a failing disk would.  SQLCipher encrypts above the VFS,
 * so an encrypted store reads and writes through it like any other. */

typedef enum {
  CF_FAULT_READ,
  CF_FAULT_WRITE,
  CF_FAULT_SYNC,
  CF_FAULT_TRUNCATE,
  CF_FAULT_N_KINDS,
} CfFaultKind;

typedef enum {
  CF_FAULT_EIO,          /* SQLITE_IOERR_READ, _WRITE, _FSYNC or _TRUNCATE */
  CF_FAULT_ENOSPC,       /* SQLITE_FULL, with errno ENOSPC */
  CF_FAULT_SHORT_WRITE,  /* half the bytes written, then SQLITE_IOERR_WRITE with errno ENOSPC */
} CfFaultType;

/* Registers the VFS as the default; call before any database opens. */
void        cf_fault_vfs_register       (void);
/* Zeroes the counts and disarms any fault. */
void        cf_fault_vfs_reset          (void);
guint       cf_fault_vfs_count          (CfFaultKind kind);
/* The @nth call of @kind from now (1: the next) fails with @type; the
 * ones before it go through, and those after it too unless @sticky (a
 * disk that stays full fails every write until the fault is reset). */
void        cf_fault_vfs_arm            (CfFaultKind kind,
                                         guint       nth,
                                         CfFaultType type,
                                         gboolean    sticky);
/* The next read of a main database (the office's or the attached case
 * database, not a journal) at @offset, or at any offset when it is
 * negative, fails with SQLITE_IOERR_READ, once. */
void        cf_fault_vfs_fail_main_read (gint64      offset);
/* Whether the armed fault has been injected since it was armed. */
gboolean    cf_fault_vfs_fired          (void);
/* Only files whose path ends with @suffix (NULL: every file) count and fail. */
void        cf_fault_vfs_only_files     (const char *suffix);
const char *cf_fault_kind_name          (CfFaultKind kind);
const char *cf_fault_type_name          (CfFaultType type);

G_END_DECLS
