/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-verify.h"

#include "cf-audit.h"
#include "cf-sync.h"

void
cf_verify_report_clear (CfVerifyReport *report)
{
  g_clear_error (&report->database);
  g_clear_error (&report->audit);
  g_clear_error (&report->folder);
  report->audit_entries = report->sync_files = 0;
}

GError *
cf_verify_report_first (CfVerifyReport *report)
{
  if (report->database != NULL)
    return report->database;
  return report->audit != NULL ? report->audit : report->folder;
}

/* Every part is checked even when an earlier one failed: whoever reads
 * the answer learns everything that is wrong at once. */
gboolean
cf_verify_run (CfSession      *session,
               const char     *sync_dir_or_null,
               CfVerifyReport *report,
               GError        **error)
{
  CfStore *store;

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  /* Every role may check, as the check shows no record's content; a
   * locked desk may not. */
  if (!cf_session_can (session, CF_PERMISSION_ADMINISTER) &&
      !cf_session_require (session, CF_PERMISSION_READ_CASES, error))
    return FALSE;
  store = cf_session_get_store (session);
  (void) cf_store_check_integrity (store, &report->database);
  if (!cf_audit_verify (store, &report->audit_entries, &report->audit))
    report->audit_entries = 0;
  if (sync_dir_or_null != NULL &&
      !cf_sync_verify_folder (session, sync_dir_or_null, &report->sync_files, &report->folder))
    report->sync_files = 0;
  return TRUE;
}
