/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-consents.h"

#include <glib/gi18n-lib.h>

#include "cf-changes-private.h"
#include "cf-consent-private.h"
#include "cf-consents-private.h"
#include "cf-error.h"
#include "cf-session-private.h"
#include "cf-text.h"

static const char *const source_names[] = { "kiosk", "written", "email", "verbal" };

const char *
cf_consent_source_to_string (CfConsentSource source)
{
  g_return_val_if_fail (source <= CF_CONSENT_SOURCE_VERBAL, NULL);
  return source_names[source];
}

gboolean
cf_consent_source_from_string (const char      *text,
                               CfConsentSource *source)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_names); i++)
    if (g_strcmp0 (text, source_names[i]) == 0)
      {
        *source = (CfConsentSource) i;
        return TRUE;
      }
  return FALSE;
}

/* The ids are those of the consent slip (defaults/parties.txt), which
 * speaks to the student; these labels speak to advisers. */
static const struct {
  const char *id;
  const char *label;
  const char *phrase;   /* what follows "contact" in a sentence */
} parties[] = {
  { "college-tutor", N_("College tutor"), N_("the college tutor") },
  { "department", N_("Department or faculty"), N_("the department or faculty") },
  { "health", N_("Health or counselling services"), N_("health or counselling services") },
  { "university-offices", N_("Other university offices"), N_("other university offices") },
  { "outside-agencies", N_("Outside organisations"), N_("outside organisations") },
};

const char *const *
cf_consents_standard_parties (void)
{
  static const char *ids[G_N_ELEMENTS (parties) + 1];

  if (ids[0] == NULL)
    for (gsize i = 0; i < G_N_ELEMENTS (parties); i++)
      ids[i] = parties[i].id;
  return ids;
}

const char *
cf_consents_party_label (const char *party)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parties); i++)
    if (g_strcmp0 (party, parties[i].id) == 0)
      return _(parties[i].label);
  return party;
}

const char *
cf_consents_party_phrase (const char *party)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parties); i++)
    if (g_strcmp0 (party, parties[i].id) == 0)
      return _(parties[i].phrase);
  return party;
}

/* ---- The rule ---------------------------------------------------------- */

/* A corrected breach record no longer speaks for itself: its correction
 * does.  Parties compare without regard to case, as people type them. */
gboolean
cf_consents_cover (CfStore    *store,
                   const char *student_id,
                   const char *third_party,
                   GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean covered;
  CfStep step;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (student_id != NULL && third_party != NULL, FALSE);

  stmt = _cf_store_prepare (store,
      "SELECT EXISTS (SELECT 1 FROM consents c WHERE c.student_id = ?1"
      "   AND c.third_party = ?2 COLLATE NOCASE AND c.granted = 1 AND c.withdraws_id IS NULL"
      "   AND NOT EXISTS (SELECT 1 FROM consents w WHERE w.withdraws_id = c.id))"
      " OR EXISTS (SELECT 1 FROM breaches b WHERE b.student_id = ?1"
      "   AND b.disclosed_to = ?2 COLLATE NOCASE"
      "   AND NOT EXISTS (SELECT 1 FROM breaches n WHERE n.corrects_id = b.id))", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, student_id);
  _cf_bind_text (stmt, 2, third_party);
  step = _cf_store_step (store, stmt, error);
  covered = step == CF_STEP_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (step == CF_STEP_DONE)
    _cf_store_set_error (store, SQLITE_DONE, error);
  else if (step == CF_STEP_ROW && !covered)
    g_set_error (error, CF_ERROR, CF_ERROR_NO_CONSENT,
                 _("The student has not consented to the service acting with %s. Record their consent, or a breach-of-confidentiality record, first."),
                 cf_consents_party_label (third_party));
  return covered;
}

/* ---- Recording --------------------------------------------------------- */

static gboolean
check_note (CfConsentSource source,
            const char     *note,
            gboolean        required,
            GError        **error)
{
  if (source == CF_CONSENT_SOURCE_VERBAL && required)
    return cf_text_check_required (note, CF_TEXT_PARAGRAPHS,
                                   _("The note of what the student agreed to"), error);
  return note == NULL || cf_text_check (note, -1, CF_TEXT_PARAGRAPHS, _("The note"), error);
}

gboolean
_cf_consents_wording_known (CfStore    *store,
                            const char *version,
                            gboolean   *known,
                            GError    **error)
{
  sqlite3_stmt *stmt;

  *known = FALSE;
  if (version == NULL)
    return TRUE;
  stmt = _cf_store_prepare (store, "SELECT 1 FROM consent_wordings WHERE version = ?", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, version);
  return _cf_store_exists (store, stmt, known, error);
}

/* A desk names a wording only when it means one this office published. */
static gboolean
check_wording (CfStore   *store,
               CfConsent *consent,
               GError   **error)
{
  gboolean found;

  if (consent->wording_version == NULL)
    return TRUE;
  if (!_cf_consents_wording_known (store, consent->wording_version, &found, error))
    return FALSE;
  if (!found)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND,
                 _("There is no consent wording with version %s."), consent->wording_version);
  return found;
}

gboolean
_cf_consents_insert (CfSession  *session,
                     CfConsent  *consent,
                     const char *withdraws_id,
                     GError    **error)
{
  CfStore *store = cf_session_get_store (session);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "INSERT INTO consents (id, student_id, third_party, granted, source, wording_version,"
      " verbal_note, recorded_by, recorded_at, withdraws_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      error);

  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, consent->id);
  _cf_bind_text (stmt, 2, consent->student_id);
  _cf_bind_text (stmt, 3, consent->third_party);
  sqlite3_bind_int (stmt, 4, consent->granted ? 1 : 0);
  _cf_bind_text (stmt, 5, consent->source);
  _cf_bind_text (stmt, 6, consent->wording_version);
  _cf_bind_text (stmt, 7, consent->verbal_note);
  _cf_bind_text (stmt, 8, consent->recorded_by);
  sqlite3_bind_int64 (stmt, 9, consent->recorded_at);
  _cf_bind_text (stmt, 10, withdraws_id);
  return _cf_store_step_done (store, stmt, error) &&
         _cf_changes_record (store, "consent", consent->id, NULL, error);
}

static gboolean
insert_consent (CfSession *session,
                gpointer   data,
                GError   **error)
{
  CfConsent *consent = data;

  return _cf_session_check_student (session, consent->student_id, error) &&
         check_wording (cf_session_get_store (session), consent, error) &&
         _cf_consents_insert (session, consent, NULL, error) &&
         _cf_session_audit (session, "consent-recorded", consent->student_id, consent->id, error);
}

static CfConsent *
new_consent (CfSession      *session,
             const char     *student_id,
             const char     *third_party,
             CfConsentSource source,
             const char     *note)
{
  CfConsent *consent = cf_consent_new ();

  consent->id = g_uuid_string_random ();
  consent->student_id = g_strdup (student_id);
  consent->third_party = g_strstrip (g_strdup (third_party));
  consent->source = g_strdup (cf_consent_source_to_string (source));
  consent->verbal_note = g_strdup (note);
  consent->recorded_by = g_strdup (cf_session_get_user_id (session));
  consent->recorded_by_name = g_strdup (cf_session_get_user_name (session));
  consent->recorded_at = g_get_real_time () / G_USEC_PER_SEC;
  return consent;
}

static gboolean
check_grant (const char *const *third_parties,
             CfConsentSource    source,
             const char        *wording_version,
             const char        *note,
             GError           **error)
{
  if (third_parties[0] == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("Choose at least one party the student lets the service contact."));
      return FALSE;
    }
  for (guint i = 0; third_parties[i]; i++)
    if (!cf_text_check_required (third_parties[i], CF_TEXT_LINE, _("The third party"), error))
      return FALSE;
  if (!check_note (source, note, TRUE, error))
    return FALSE;
  if (source == CF_CONSENT_SOURCE_KIOSK && wording_version == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("A consent from the kiosk slip must name the wording the student saw."));
      return FALSE;
    }
  return TRUE;
}

/* Every consent or none: one transaction. */
static gboolean
insert_all (CfSession *session,
            gpointer   data,
            GError   **error)
{
  GListModel *consents = data;

  for (guint i = 0; i < g_list_model_get_n_items (consents); i++)
    {
      g_autoptr(CfConsent) consent = g_list_model_get_item (consents, i);

      if (!insert_consent (session, consent, error))
        return FALSE;
    }
  return TRUE;
}

GListModel *
cf_consents_record_parties (CfSession         *session,
                            const char        *student_id,
                            const char *const *third_parties,
                            CfConsentSource    source,
                            const char        *wording_version,
                            const char        *note,
                            GError           **error)
{
  g_autoptr(GListStore) consents = g_list_store_new (CF_TYPE_CONSENT);

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL && third_parties != NULL, NULL);
  g_return_val_if_fail (source <= CF_CONSENT_SOURCE_VERBAL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !check_grant (third_parties, source, wording_version, note, error))
    return NULL;
  for (guint i = 0; third_parties[i]; i++)
    {
      g_autoptr(CfConsent) consent = new_consent (session, student_id, third_parties[i], source, note);

      consent->granted = TRUE;
      consent->wording_version = g_strdup (wording_version);
      g_list_store_append (consents, consent);
    }
  if (!_cf_session_write (session, insert_all, consents, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&consents));
}

CfConsent *
cf_consents_record (CfSession      *session,
                    const char     *student_id,
                    const char     *third_party,
                    CfConsentSource source,
                    const char     *wording_version,
                    const char     *note,
                    GError        **error)
{
  g_autoptr(GListModel) consents = NULL;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  /* A missing party makes an empty list, which is refused as one. */
  consents = cf_consents_record_parties (session, student_id, (const char *const[]) { third_party, NULL },
                                         source, wording_version, note, error);
  return consents ? g_list_model_get_item (consents, 0) : NULL;
}

/* ---- Withdrawing ------------------------------------------------------- */

typedef struct {
  const char      *consent_id;
  CfConsentSource  source;
  const char      *note;
} Withdrawal;

/* The grant being withdrawn, if it is one and it stands. */
static CfConsent *
load_grant (CfStore    *store,
            const char *consent_id,
            GError    **error)
{
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT student_id, third_party,"
      " EXISTS (SELECT 1 FROM consents w WHERE w.withdraws_id = c.id)"
      " FROM consents c WHERE id = ? AND granted = 1 AND withdraws_id IS NULL", error);
  CfConsent *grant = NULL;
  gboolean withdrawn = FALSE;
  CfStep step;

  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, consent_id);
  step = _cf_store_step (store, stmt, error);
  if (step == CF_STEP_FAILED)
    return NULL;
  if (step == CF_STEP_ROW)
    {
      grant = cf_consent_new ();
      grant->id = g_strdup (consent_id);
      grant->student_id = _cf_column_dup (stmt, 0);
      grant->third_party = _cf_column_dup (stmt, 1);
      withdrawn = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  if (grant == NULL)
    g_set_error (error, CF_ERROR, CF_ERROR_NOT_FOUND, _("There is no such consent to withdraw."));
  else if (withdrawn)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_EXISTS, _("That consent has already been withdrawn."));
      g_clear_object (&grant);
    }
  return grant;
}

/* Every grant for the party that still stands, @grant's among them. */
static GPtrArray *
standing_grants (CfStore   *store,
                 CfConsent *grant,
                 GError   **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _cf_store_prepare (store,
      "SELECT id FROM consents c WHERE student_id = ? AND third_party = ? COLLATE NOCASE"
      " AND granted = 1 AND withdraws_id IS NULL"
      " AND NOT EXISTS (SELECT 1 FROM consents w WHERE w.withdraws_id = c.id)", error);

  if (stmt == NULL)
    return NULL;
  _cf_bind_text (stmt, 1, grant->student_id);
  _cf_bind_text (stmt, 2, grant->third_party);
  if (!_cf_store_collect (store, stmt, ids, error))
    return NULL;
  return g_steal_pointer (&ids);
}

static gboolean
withdraw_one (CfSession  *session,
              CfConsent  *grant,
              const char *grant_id,
              Withdrawal *withdrawal,
              GError    **error)
{
  /* A withdrawal is a row of its own that grants nothing. */
  g_autoptr(CfConsent) row = new_consent (session, grant->student_id, grant->third_party,
                                          withdrawal->source, withdrawal->note);

  row->granted = FALSE;
  return _cf_consents_insert (session, row, grant_id, error) &&
         _cf_session_audit (session, "consent-withdrawn", grant->student_id, grant_id, error);
}

static gboolean
insert_withdrawal (CfSession *session,
                   gpointer   data,
                   GError   **error)
{
  Withdrawal *withdrawal = data;
  CfStore *store = cf_session_get_store (session);
  g_autoptr(CfConsent) grant = load_grant (store, withdrawal->consent_id, error);
  g_autoptr(GPtrArray) ids = NULL;

  if (grant == NULL || !_cf_session_check_student (session, grant->student_id, error))
    return FALSE;
  ids = standing_grants (store, grant, error);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!withdraw_one (session, grant, ids->pdata[i], withdrawal, error))
      return FALSE;
  return TRUE;
}

gboolean
cf_consents_withdraw (CfSession      *session,
                      const char     *consent_id,
                      CfConsentSource source,
                      const char     *note,
                      GError        **error)
{
  Withdrawal withdrawal = { consent_id, source, note };

  g_return_val_if_fail (CF_IS_SESSION (session), FALSE);
  g_return_val_if_fail (consent_id != NULL, FALSE);
  g_return_val_if_fail (source <= CF_CONSENT_SOURCE_VERBAL, FALSE);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !check_note (source, note, FALSE, error))
    return FALSE;
  return _cf_session_write (session, insert_withdrawal, &withdrawal, error);
}

/* ---- Listing ----------------------------------------------------------- */

typedef struct {
  const char *student_id;
  GListStore *consents;
} ListConsents;

static CfConsent *
consent_from_row (sqlite3_stmt *stmt)
{
  CfConsent *consent = cf_consent_new ();

  consent->id = _cf_column_dup (stmt, 0);
  consent->student_id = _cf_column_dup (stmt, 1);
  consent->third_party = _cf_column_dup (stmt, 2);
  consent->granted = sqlite3_column_int (stmt, 3) != 0;
  consent->source = _cf_column_dup (stmt, 4);
  consent->wording_version = _cf_column_dup (stmt, 5);
  consent->verbal_note = _cf_column_dup (stmt, 6);
  consent->recorded_by = _cf_column_dup (stmt, 7);
  consent->recorded_by_name = _cf_column_dup (stmt, 8);
  consent->recorded_at = sqlite3_column_int64 (stmt, 9);
  consent->withdrawal_id = _cf_column_dup (stmt, 10);
  consent->withdrawal_source = _cf_column_dup (stmt, 11);
  consent->withdrawal_note = _cf_column_dup (stmt, 12);
  consent->withdrawn_by_name = _cf_column_dup (stmt, 13);
  consent->withdrawn_at = sqlite3_column_int64 (stmt, 14);
  return consent;
}

/* Rows come party by party, the one that decides the party's state first:
 * a standing grant, else the latest. */
static gboolean
list_consents (CfSession *session,
               gpointer   data,
               GError   **error)
{
  ListConsents *list = data;
  CfStore *store = cf_session_get_store (session);
  g_autofree char *last_party = NULL;
  sqlite3_stmt *stmt;
  CfStep step;

  if (!_cf_session_check_student (session, list->student_id, error))
    return FALSE;
  stmt = _cf_store_prepare (store,
      "SELECT c.id, c.student_id, c.third_party, c.granted, c.source, c.wording_version,"
      " c.verbal_note, c.recorded_by, u.name, c.recorded_at,"
      " w.id, w.source, w.verbal_note, wu.name, w.recorded_at"
      " FROM consents c LEFT JOIN users u ON u.id = c.recorded_by"
      " LEFT JOIN consents w ON w.withdraws_id = c.id LEFT JOIN users wu ON wu.id = w.recorded_by"
      " WHERE c.student_id = ? AND c.withdraws_id IS NULL"
      " ORDER BY c.third_party COLLATE NOCASE, (c.granted = 1 AND w.id IS NULL) DESC,"
      "   c.recorded_at DESC, c.rowid DESC", error);
  if (stmt == NULL)
    return FALSE;
  _cf_bind_text (stmt, 1, list->student_id);
  while ((step = _cf_store_step (store, stmt, error)) == CF_STEP_ROW)
    {
      const char *party = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *folded = g_utf8_casefold (party, -1);
      g_autoptr(CfConsent) consent = NULL;

      if (g_strcmp0 (folded, last_party) == 0)
        continue;
      g_free (last_party);
      last_party = g_steal_pointer (&folded);
      consent = consent_from_row (stmt);
      g_list_store_append (list->consents, consent);
    }
  sqlite3_reset (stmt);
  if (step == CF_STEP_FAILED)
    return FALSE;
  return _cf_session_audit (session, "consents-read", list->student_id, NULL, error);
}

GListModel *
cf_consents_list (CfSession  *session,
                  const char *student_id,
                  GError    **error)
{
  g_autoptr(GListStore) consents = g_list_store_new (CF_TYPE_CONSENT);
  ListConsents list = { student_id, consents };

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (student_id != NULL, NULL);

  if (!cf_session_require (session, CF_PERMISSION_READ_CASES, error) ||
      !_cf_session_write (session, list_consents, &list, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&consents));
}
