/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A local change is stamped with this machine's clock and queued in the
 * outbox: the next sync pass exports it. */
#include "cf-changes-private.h"

#include "cf-hlc.h"
#include "cf-replica-private.h"
#include "cf-settings-private.h"
#include "cf-store-private.h"

/* The clock survives restarts through the settings table, so stamps keep
 * increasing even if the wall clock is set back. */
static gboolean
next_stamp (CfStore *self,
            char     stamp[CF_HLC_STAMP_MAX],
            GError **error)
{
  g_autofree char *last = NULL;
  const char *node;
  CfHlc clock = { 0, 0 };

  if (!_cf_settings_get (self, "hlc_last", &last, error) ||
      !_cf_settings_get_node_id (self, &node, error))
    return FALSE;
  if (last != NULL)
    cf_hlc_parse (last, &clock);
  cf_hlc_tick (&clock, g_get_real_time () / 1000, node ? node : "local", stamp);
  return _cf_settings_set (self, "hlc_last", stamp, error);
}

gboolean
_cf_changes_record (CfStore           *self,
                    const char        *kind,
                    const char        *row_id,
                    const char *const *fields,
                    GError           **error)
{
  char stamp[CF_HLC_STAMP_MAX];
  sqlite3_stmt *stmt;

  if (!next_stamp (self, stamp, error))
    return FALSE;

  if (!_cf_replica_stamp (self, kind, row_id, fields, stamp, error))
    return FALSE;

  stmt = _cf_store_prepare (self, "INSERT INTO outbox (kind, row_id, hlc) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, kind);
  _cf_bind_text (stmt, 2, row_id);
  _cf_bind_text (stmt, 3, stamp);
  return _cf_store_step_done (self, stmt, error);
}
