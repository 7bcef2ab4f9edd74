/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-audit-log.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cf-audit-private.h"
#include "cf-error.h"
#include "cf-session-private.h"

typedef struct {
  const CfAuditFilter *filter;
  CfAuditEntry        *after;
  guint                limit;
  GListModel          *entries;
} Page;

/* The page, and an entry saying it was read: who looked, at whose record
 * (the student filtered on, if any) and how many entries they saw. */
static gboolean
read_page (CfSession *session,
           gpointer   data,
           GError   **error)
{
  Page *page = data;
  g_autofree char *detail = NULL;

  page->entries = _cf_audit_list (cf_session_get_store (session), page->filter, page->after,
                                  page->limit, error);
  if (page->entries == NULL)
    return FALSE;
  detail = g_strdup_printf ("%u", g_list_model_get_n_items (page->entries));
  return _cf_session_audit (session, "audit-read", page->filter->subject, detail, error);
}

gboolean
cf_audit_log_check_filter (const CfAuditFilter *filter,
                           GError             **error)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  /* The subject is written into the audit-read entry, which replicates
   * and is never destroyed: a name typed there must not reach it. */
  if (filter->subject != NULL && !g_uuid_string_is_valid (filter->subject))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Type the student's id, as on their page, not their name."));
      return FALSE;
    }
  return TRUE;
}

GListModel *
cf_audit_log_list (CfSession           *session,
                   const CfAuditFilter *filter,
                   CfAuditEntry        *after,
                   guint                limit,
                   GError             **error)
{
  Page page = { filter, after, CLAMP (limit, 1, CF_AUDIT_LOG_PAGE_MAX), NULL };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_VIEW_AUDIT, error) ||
      !cf_audit_log_check_filter (filter, error))
    return NULL;
  if (!_cf_session_write (session, read_page, &page, error))
    {
      g_clear_object (&page.entries);
      return NULL;
    }
  return page.entries;
}

GListModel *
cf_audit_log_reads (CfSession    *session,
                    const char   *student_id,
                    CfAuditEntry *after,
                    guint         limit,
                    GError      **error)
{
  CfAuditFilter filter = { .subject = student_id, .reads_only = TRUE };

  g_return_val_if_fail (student_id != NULL, NULL);
  return cf_audit_log_list (session, &filter, after, limit, error);
}

gboolean
cf_audit_log_check (CfSession         *session,
                    CfAuditChainState *state,
                    GError           **error)
{
  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);

  memset (state, 0, sizeof *state);
  return cf_session_require (session, CF_PERMISSION_VIEW_AUDIT, error) &&
         cf_audit_check (cf_session_get_store (session), state, error);
}

char *
cf_audit_log_find_user (CfSession  *session,
                        const char *name,
                        GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfStoreLock) lock = NULL;
  sqlite3_stmt *stmt;
  char *id = NULL;

  if (!cf_session_require (session, CF_PERMISSION_VIEW_AUDIT, error))
    return NULL;
  lock = _cf_store_lock (store);
  /* Names may repeat (two desks apart): someone still here first, then
   * whoever was added last. */
  stmt = _cf_store_prepare (store,
      "SELECT id FROM users WHERE name = ? COLLATE NOCASE"
      " ORDER BY removed_at IS NOT NULL, created_at DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, name);
  if (!_cf_store_get_text (store, stmt, &id, error))
    return NULL;
  if (id == NULL)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no user with that name."));
  return id;
}
