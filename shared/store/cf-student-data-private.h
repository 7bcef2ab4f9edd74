/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cf-store-private.h"

G_BEGIN_DECLS

/* Everything held about one student is one list, in cf-student-data.c:
 * destruction (here) and the subject access export read the same one, so
 * a new table about students is added once and both know it. */

/* Within the caller's transaction: deletes every record about
 * @student_id, from every table of the case database, search index entries
 * included, and notes the ids of the records that may be tied to them
 * without naming them (their appointments, and tickets).  @n_records (may be NULL) counts the records
 * destroyed.  The search index keeps the words in its segments until they
 * are merged: that is _cf_student_data_clean_up's, which the caller runs
 * once the transaction is committed. */
gboolean _cf_student_data_destroy (CfStore    *store,
                                   const char *student_id,
                                   guint      *n_records,
                                   GError    **error);

/* Within the caller's transaction: everything held about @student_id,
 * for the subject access export, as an object of sections ("student",
 * "monitoring", "cases", "case_entries", "consents", "appointments",
 * "tickets", "breaches", "security_notices", "audit", …), parents first,
 * each an array of records: an object whose "id" is the record's, a
 * member a column (NULL ones left out); a member named "at" or ending in
 * "_at" holds UTC seconds.  Reads each table once, by its index on the
 * student. */
JsonObject *_cf_student_data_read (CfStore    *store,
                                   const char *student_id,
                                   GError    **error);

/* Whether @record_id was destroyed here with its student: a change to it,
 * or to a record tied to it, that does not name the student is dropped. */
gboolean _cf_student_data_is_erased  (CfStore    *store,
                                      const char *record_id,
                                      gboolean   *erased,
                                      GError    **error);
/* Whether any record was ever noted as erased here: an import asks once,
 * not for every change. */
gboolean _cf_student_data_any_erased (CfStore    *store,
                                      gboolean   *any,
                                      GError    **error);

/* Takes the store's lock and its own transactions.  When a destruction
 * has left words in the search index's segments, merges them (every
 * segment into one, which leaves out what was deleted; secure_delete
 * overwrites the freed pages), then empties the write-ahead log where
 * there is one.  Cheap when nothing is pending; a crash before it ends
 * leaves it pending, for the next caller. */
gboolean _cf_student_data_clean_up (CfStore *store,
                                    GError **error);

G_END_DECLS
