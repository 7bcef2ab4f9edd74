/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-hlc.h"

#include <stdio.h>
#include <string.h>

void
cf_hlc_tick (CfHlc      *clock,
             gint64      now_millis,
             const char *node_id,
             char        stamp[CF_HLC_STAMP_MAX])
{
  guint64 now = now_millis > 0 ? (guint64) now_millis : 0;

  if (now > clock->millis)
    {
      clock->millis = now;
      clock->counter = 0;
    }
  else if (clock->counter == G_MAXUINT16)
    {
      /* Counter exhausted within one millisecond: borrow from the future. */
      clock->millis++;
      clock->counter = 0;
    }
  else
    clock->counter++;

  g_snprintf (stamp, CF_HLC_STAMP_MAX, "%012" G_GINT64_MODIFIER "x%04x@%s",
              clock->millis & G_GUINT64_CONSTANT (0xffffffffffff),
              clock->counter, node_id);
}

/* The machine part is a node id (letters, digits and dashes), short enough
 * for the stamp to fit CF_HLC_STAMP_MAX.  Records keep their stamps as
 * "field=stamp;..." (cf-replica.c), so no stamp may hold '=' or ';'. */
static gboolean
valid_node_part (const char *node)
{
  gsize length = 0;

  for (; node[length] != '\0'; length++)
    if (!g_ascii_isalnum (node[length]) && node[length] != '-')
      return FALSE;
  return 17 + length < CF_HLC_STAMP_MAX;
}

gboolean
cf_hlc_parse (const char *stamp,
              CfHlc      *out)
{
  char millis[13], counter[5];

  if (stamp == NULL || strnlen (stamp, 17) < 17 || stamp[16] != '@' ||
      !valid_node_part (stamp + 17))
    return FALSE;
  for (int i = 0; i < 16; i++)
    if (!g_ascii_isxdigit (stamp[i]))
      return FALSE;
  memcpy (millis, stamp, 12);
  millis[12] = '\0';
  memcpy (counter, stamp + 12, 4);
  counter[4] = '\0';
  out->millis = g_ascii_strtoull (millis, NULL, 16);
  out->counter = (guint16) g_ascii_strtoull (counter, NULL, 16);
  return TRUE;
}

/* Moves the clock past a stamp received from another machine. */
gboolean
cf_hlc_observe (CfHlc      *clock,
                const char *stamp)
{
  CfHlc remote;

  if (!cf_hlc_parse (stamp, &remote))
    return FALSE;
  if (remote.millis > clock->millis ||
      (remote.millis == clock->millis && remote.counter > clock->counter))
    *clock = remote;
  return TRUE;
}
