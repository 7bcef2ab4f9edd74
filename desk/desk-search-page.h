/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_SEARCH_PAGE (desk_search_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskSearchPage, desk_search_page, DESK, SEARCH_PAGE, GtkWidget)

/* Searches students (name, student ID, email) and case entries as the
 * adviser types; a result opens the student's record (win.open-student). */
void desk_search_page_set_session (DeskSearchPage *self,
                                   CfSession      *session);
void desk_search_page_focus       (DeskSearchPage *self);
/* Forgets the search and its results: the desk is being locked. */
void desk_search_page_clear       (DeskSearchPage *self);

G_END_DECLS
