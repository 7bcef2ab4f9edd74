/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-breach.h"
#include "cf-session.h"
#include "cf-user.h"

G_BEGIN_DECLS

/* Breaches of confidentiality.  A record cannot be saved until it says
 * everything the policies ask of it: the student, an outline, the reason,
 * the grounds (one or more; a legal duty with its reference), who was
 * consulted (at least one other adviser, or, when there was no time, why
 * not: the consultation is added later by a correcting record), what
 * disclosure would achieve, to whom it was made, and whether and when the
 * student was told or asked for consent. */

typedef enum {
  CF_BREACH_FIELD_STUDENT,
  CF_BREACH_FIELD_OUTLINE,
  CF_BREACH_FIELD_REASON,
  CF_BREACH_FIELD_GROUND,
  CF_BREACH_FIELD_LEGAL_REFERENCE,
  CF_BREACH_FIELD_CONSULTED,
  CF_BREACH_FIELD_UNCONSULTED_REASON,
  CF_BREACH_FIELD_PURPOSE,
  CF_BREACH_FIELD_DISCLOSED_TO,
  CF_BREACH_FIELD_STUDENT_INFORMED,
  CF_BREACH_FIELD_INFORMED_AT,
  CF_BREACH_N_FIELDS
} CfBreachField;

/* One thing a draft lacks, in a sentence the form shows beside @field. */
typedef struct {
  CfBreachField  field;
  char          *sentence;
} CfBreachProblem;

void cf_breach_problem_free (CfBreachProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfBreachProblem, cf_breach_problem_free)

/* "risk-to-student", "risk-to-others", "terrorism", "money-laundering",
 * "safeguarding-children", "other-legal-duty"; NULL-terminated. */
const char *const *cf_breach_grounds         (void);
/* TRUE for the grounds a law imposes, which need a legal reference. */
gboolean           cf_breach_ground_is_legal (const char *ground);
/* "told", "consent-asked", "not-told"; NULL-terminated. */
const char *const *cf_breach_informed_values (void);

/* What @draft still lacks, by @author_id at @now (UTC seconds): a
 * GPtrArray of CfBreachProblem in field order, empty when complete.  Pure:
 * the form calls it as the adviser types. */
GPtrArray *cf_breach_check (CfBreach   *draft,
                            const char *author_id,
                            gint64      now);

/* Saves @draft as a new record by the signed-in user; refuses an
 * incomplete one with CF_ERROR_INVALID_INPUT and every missing item's
 * sentence, one a line.  Those consulted must be current advisers or
 * managers.  Audited; returns the saved record. */
CfBreach   *cf_breaches_add        (CfSession  *session,
                                    CfBreach   *draft,
                                    GError    **error);
/* The student's breach records, newest first, with author and consulted
 * names.  Audited as a read of the record. */
GListModel *cf_breaches_list       (CfSession  *session,
                                    const char *student_id,
                                    GError    **error);
/* Who the signed-in user can name as consulted: the other current
 * advisers and managers.  A GListModel of CfUser, by name. */
GListModel *cf_breaches_colleagues (CfSession  *session,
                                    GError    **error);

G_END_DECLS
