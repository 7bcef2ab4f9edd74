/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a desk reads of a kiosk's visit once its sealed box is open, fed
 * anything: the padding taken off, the visit applied as a kiosk's payload
 * (only new tickets are let in), then each ticket it made read as an
 * arrival and opened by a manager, as the desk's queue does: the student
 * found or made, a case opened, the monitoring answers and the consent
 * slip turned into records.  The office is a real one, made once, in a
 * scratch folder; each input's tickets are removed afterwards so the next
 * input's, whatever their ids, are new again. */
#include "cf-ops.h"
#include "cf-sync-private.h"
#include "cf-test-util.h"
#include "cf-tickets.h"
#include "fuzz-util.h"

static CfSession *session;

static void
set_up (void)
{
  g_autofree char *data_dir = NULL;

  if (session != NULL)
    return;
  data_dir = cf_test_make_office ();
  session = cf_test_sign_in (data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  /* Nothing here needs to survive a power cut. */
  g_assert (_cf_store_exec (cf_session_get_store (session), "PRAGMA synchronous = OFF", NULL));
}

/* Applied and committed, as the import does; the ids of its tickets. */
static GPtrArray *
apply_visit (CfStore *store,
             GBytes  *visit)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  g_autoptr(CfOpReader) reader = cf_op_reader_new (visit);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const CfOp *op;

  if (!_cf_store_begin (store, NULL))
    return NULL;
  if (!fuzz_apply (store, visit, TRUE, CF_DATA_CASE) || !_cf_store_commit (store, NULL))
    {
      _cf_store_rollback (store);
      return NULL;
    }
  while (cf_op_reader_next (reader, &op, NULL))
    if (op->id != NULL && g_strcmp0 (op->kind, "ticket") == 0)
      g_ptr_array_add (ids, g_strdup (op->id));
  return g_steal_pointer (&ids);
}

static void
remove_ticket (CfStore    *store,
               const char *id)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, "DELETE FROM tickets WHERE id = ?", NULL);

  g_assert (stmt != NULL);
  _cf_bind_text (stmt, 1, id);
  /* Whatever refers to it keeps it: the next input makes its own. */
  _cf_store_step_done (store, stmt, NULL);
}

static void
open_ticket (const char *id)
{
  g_autofree char *name = NULL, *date_of_birth = NULL, *student_id = NULL;

  cf_tickets_get_arrival (session, id, &name, &date_of_birth, NULL);
  student_id = cf_tickets_open (session, id, NULL);
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) padded = g_bytes_new (data, size);
  g_autoptr(GBytes) visit = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  CfStore *store;

  set_up ();
  store = cf_session_get_store (session);
  visit = _cf_sync_unpad_visit (padded, NULL);
  if (visit == NULL)
    return 0;
  /* A visit from before padding is taken as it is: terminated here, as
   * cf_segment_open leaves a payload. */
  if (visit == padded)
    {
      g_bytes_unref (visit);
      visit = fuzz_terminated_bytes (data, size);
    }
  ids = apply_visit (store, visit);
  for (guint i = 0; ids && i < ids->len; i++)
    {
      open_ticket (ids->pdata[i]);
      remove_ticket (store, ids->pdata[i]);
    }
  return 0;
}
