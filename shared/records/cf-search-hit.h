/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_SEARCH_HIT (cf_search_hit_get_type ())
G_DECLARE_FINAL_TYPE (CfSearchHit, cf_search_hit, CF, SEARCH_HIT, GObject)

/* One search result: a student, or a case entry with a short snippet of
 * its text around the words searched for.
 *
 * Properties: kind ("student" or "entry"), student-id, student-name,
 * student-number, email, entry-id, entry-kind, snippet, created-at. */
CfSearchHit *cf_search_hit_new              (void);
const char  *cf_search_hit_get_kind         (CfSearchHit *self);
const char  *cf_search_hit_get_student_id   (CfSearchHit *self);
const char  *cf_search_hit_get_student_name (CfSearchHit *self);
const char  *cf_search_hit_get_entry_id     (CfSearchHit *self);
const char  *cf_search_hit_get_snippet      (CfSearchHit *self);

G_END_DECLS
