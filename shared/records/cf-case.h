/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_CASE (cf_case_get_type ())
G_DECLARE_FINAL_TYPE (CfCase, cf_case, CF, CASE, GObject)

/* A student's case: opened about a topic, resolved with an outcome (one of
 * cf_cases_outcomes), perhaps reopened.  Properties: id, student-id, topic,
 * status ("open" or "resolved"), outcome, adviser-id, adviser-name,
 * opened-at, resolved-at (0 while open). */
CfCase     *cf_case_new             (void);
const char *cf_case_get_id          (CfCase *self);
const char *cf_case_get_student_id  (CfCase *self);
const char *cf_case_get_topic       (CfCase *self);
gboolean    cf_case_is_resolved     (CfCase *self);
const char *cf_case_get_outcome     (CfCase *self);
gint64      cf_case_get_opened_at   (CfCase *self);
gint64      cf_case_get_resolved_at (CfCase *self);

G_END_DECLS
