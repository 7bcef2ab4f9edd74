/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-case-entry.h"
#include "cf-session.h"

G_BEGIN_DECLS

typedef enum {
  CF_ENTRY_NOTE,
  CF_ENTRY_ADVICE,
  CF_ENTRY_ACTION,
} CfEntryKind;

const char *cf_entry_kind_to_string   (CfEntryKind  kind);
gboolean    cf_entry_kind_from_string (const char  *text,
                                       CfEntryKind *kind);

/* Appends an entry to the student's open case (opening one if needed).
 * @corrects_id names an entry this one corrects; @third_party, for an
 * action, the party acted with: it must be covered by the student's
 * consent or by a breach-of-confidentiality record. */
CfCaseEntry *cf_case_entries_add      (CfSession  *session,
                                       const char *student_id,
                                       CfEntryKind kind,
                                       const char *body,
                                       const char *third_party,
                                       const char *corrects_id,
                                       GError    **error);
/* The student's entries, oldest first.  Audited as a read of the case. */
GListModel  *cf_case_entries_timeline (CfSession  *session,
                                       const char *student_id,
                                       GError    **error);

G_END_DECLS
