/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_BREACH (cf_breach_get_type ())
G_DECLARE_FINAL_TYPE (CfBreach, cf_breach, CF, BREACH, GObject)

/* A breach-of-confidentiality record, also the draft a form fills in.
 * Append-only: a correction is a new record whose corrects-id names the
 * one it corrects.
 *
 * Properties: id, student-id, outline, reason, ground (the first of
 * grounds), grounds (comma-separated), legal-reference, consulted (user
 * ids, comma-separated), consulted-names, unconsulted-reason (why nobody
 * could be consulted, when consulted is empty), purpose,
 * disclosed-to, student-informed ("told", "consent-asked", "not-told"),
 * informed-at (UTC seconds, 0 for none), author-id, author-name,
 * created-at, corrects-id, corrected (a later record corrects it). */
CfBreach   *cf_breach_new            (void);
const char *cf_breach_get_id         (CfBreach          *self);
const char *cf_breach_get_student_id (CfBreach          *self);
/* Sets the consulted users from a NULL-terminated list of ids. */
void        cf_breach_set_consulted  (CfBreach          *self,
                                      const char *const *user_ids);
/* The consulted users' ids (a new list; empty when none). */
GStrv       cf_breach_dup_consulted  (CfBreach          *self);
/* Sets grounds, and ground to the first of them, from a NULL-terminated
 * list of cf_breach_grounds () values. */
void        cf_breach_set_grounds    (CfBreach          *self,
                                      const char *const *grounds);
/* The grounds (a new list; a record of one ground gives that one). */
GStrv       cf_breach_dup_grounds    (CfBreach          *self);

G_END_DECLS
