/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-case.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* A student's cases: each is opened about a topic, resolved with an
 * outcome and may be reopened.  Every change replicates and is audited;
 * the list is audited as a read of the case.  Retention ("N years after
 * the case closed") and the statistics ("by outcome") read what these
 * write. */

/* The outcomes a case may be resolved with, as stable codes (NULL-ended):
 * they are stored, replicated and counted, so a code never changes. */
const char *const *cf_cases_outcomes      (void);
/* The outcome's words, translated ("Advice given"); a code from a later
 * version that this one does not know reads "Another outcome". */
const char        *cf_cases_outcome_label (const char *outcome);

/* Opens a new case about @topic for the student, with the user as its
 * adviser, even if another case is open: a student may bring two matters. */
CfCase     *cf_cases_open    (CfSession  *session,
                              const char *student_id,
                              const char *topic,
                              GError    **error);
/* Resolves an open case with @outcome (one of cf_cases_outcomes). */
gboolean    cf_cases_resolve (CfSession  *session,
                              const char *case_id,
                              const char *outcome,
                              GError    **error);
/* Opens a resolved case again; its outcome and resolution are cleared. */
gboolean    cf_cases_reopen  (CfSession  *session,
                              const char *case_id,
                              GError    **error);
/* The student's cases, newest first. */
GListModel *cf_cases_list    (CfSession  *session,
                              const char *student_id,
                              GError    **error);

G_END_DECLS
