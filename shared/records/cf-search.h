/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-search-hit.h"
#include "cf-session.h"

G_BEGIN_DECLS

/* Full-text search over students (name, preferred name, student ID,
 * email) and case entries (their text), through the FTS4 indexes of
 * schema step 2.  Results leave out every student the user may not open
 * (conflicts of interest, restricted services).  Each search is audited,
 * with one entry per student shown, but never with the words searched
 * for: they may be a name. */

#define CF_SEARCH_LIMIT_MAX 200

/* Words of @text as an FTS4 query: each word quoted (so nothing typed is
 * an operator), all of them required, the last one a prefix when the text
 * does not end in a space and it has at least @min_prefix characters.
 * NULL when @text has no word. */
char *cf_search_build_query (const char *text,
                             guint       min_prefix);

/* Students matching @text: the one whose student ID is exactly @text
 * first, then those with a word of their name starting with the first
 * word, then the rest (say, by email), each group by name.  Paged by
 * @offset; *@more (may be NULL) tells whether more follow. */
GListModel *cf_search_students    (CfSession  *session,
                                   const char *text,
                                   guint       offset,
                                   guint       limit,
                                   gboolean   *more,
                                   GError    **error);
/* The anonymous student given the access code @text at a kiosk (found by
 * its keyed hash, as only the hash is kept), as a list of at most one
 * student hit with its created-at: an empty list when @text is not an
 * access code or nobody the user may see has it.  cf_search_students
 * puts this hit first. */
GListModel *cf_search_access_code (CfSession  *session,
                                   const char *text,
                                   GError    **error);
/* Case entries matching @text, newest first, each with a snippet.  Paged
 * by keyset: pass 0 for the first page, then the *@next it returned, which
 * is 0 when there is nothing more.  A page may hold fewer than @limit hits
 * with more to come: each call looks at a bounded number of matches, so
 * it stays quick however few of them the user may see. */
GListModel *cf_search_entries     (CfSession  *session,
                                   const char *text,
                                   gint64      before,
                                   guint       limit,
                                   gint64     *next,
                                   GError    **error);

G_END_DECLS
