/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a stolen machine's memory may give away, decided at the start of
 * main(), before any thread or window.
 *
 * Both programs: no core dump is written (RLIMIT_CORE 0) and the process is
 * not dumpable (PR_SET_DUMPABLE 0), so another program of the same user can
 * neither attach to it nor read its memory.
 *
 * With CF_PROCESS_WIPE_FREED (the kiosk): freed memory is overwritten
 * (glibc's M_PERTURB).  glibc skips that for the small blocks it keeps in a
 * per-thread cache, and GLib 2.74's slice allocator never gives blocks to
 * free(); both are turned off with environment variables that only take
 * effect when a program starts, so the program is started again once with
 * them set (@argv is main's).
 *
 * For tests only: CONFIDE_TEST_DUMPABLE=1 in the environment keeps the
 * process dumpable, so a test run as an ordinary user can take a core of it
 * with gcore.  A kiosk or desk in use never sets it. */
typedef enum {
  CF_PROCESS_DEFAULT    = 0,
  CF_PROCESS_WIPE_FREED = 1 << 0,
} CfProcessFlags;

void cf_process_keep_private (char         **argv,
                              CfProcessFlags flags);

G_END_DECLS
