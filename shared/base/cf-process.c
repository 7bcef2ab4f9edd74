/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-process.h"

#include <malloc.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* Any byte but 0: glibc fills freed memory with it, and memory it hands
 * out with its complement. */
#define PERTURB_BYTE 0xa5
#define NO_THREAD_CACHE "glibc.malloc.tcache_count=0"

/* Starts the program again with glibc's per-thread cache and GLib's slice
 * magazines off; returns only when that has been done already, or when
 * the program cannot be started again (then M_PERTURB still covers every
 * block but the cached ones). */
static void
start_again_without_caches (char **argv)
{
  const char *tunables = g_getenv ("GLIBC_TUNABLES");
  g_autofree char *value = NULL;

  if (tunables != NULL && strstr (tunables, NO_THREAD_CACHE) != NULL)
    return;
  value = tunables && *tunables ? g_strconcat (tunables, ":", NO_THREAD_CACHE, NULL)
                                : g_strdup (NO_THREAD_CACHE);
  g_setenv ("GLIBC_TUNABLES", value, TRUE);
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  execv ("/proc/self/exe", argv);
}

void
cf_process_keep_private (char         **argv,
                         CfProcessFlags flags)
{
  struct rlimit none = { 0, 0 };

  g_return_if_fail (argv != NULL);

  if (flags & CF_PROCESS_WIPE_FREED)
    {
      start_again_without_caches (argv);
      mallopt (M_PERTURB, PERTURB_BYTE);
    }
  setrlimit (RLIMIT_CORE, &none);
  if (g_strcmp0 (g_getenv ("CONFIDE_TEST_DUMPABLE"), "1") != 0)
    prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}
