/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A hybrid logical clock: wall-clock milliseconds plus a counter, so that
 * stamps from one machine always increase and a machine whose clock is
 * behind still orders its writes after everything it has seen.  A stamp is
 * text that sorts in clock order: 12 hex digits of milliseconds, 4 of
 * counter, '@', the machine id (the tie-breaker), at most
 * CF_HLC_STAMP_MAX - 1 characters in all. */
typedef struct {
  guint64 millis;
  guint16 counter;
} CfHlc;

#define CF_HLC_STAMP_MAX 64

void     cf_hlc_tick    (CfHlc      *clock,
                         gint64      now_millis,
                         const char *node_id,
                         char        stamp[CF_HLC_STAMP_MAX]);
gboolean cf_hlc_observe (CfHlc      *clock,
                         const char *stamp);
gboolean cf_hlc_parse   (const char *stamp,
                         CfHlc      *out);

G_END_DECLS
