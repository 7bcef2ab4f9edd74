/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

#define CF_TEST_MANAGER     "Mari Manager"
#define CF_TEST_MANAGER_PW  "manager passphrase"
#define CF_TEST_ADVISER     "Ada Adviser"
#define CF_TEST_ADVISER_PW  "adviser passphrase"
#define CF_TEST_ADMIN       "Alun Admin"
#define CF_TEST_ADMIN_PW    "admin passphrase"

/* A fresh folder under the test's temporary directory, removed at exit. */
char      *cf_test_make_dir        (const char *name);
/* A new office in a fresh data folder, with a manager, an adviser and an
 * administrator; returns the data folder. */
char      *cf_test_make_office     (void);
CfSession *cf_test_sign_in         (const char *data_dir,
                                    const char *user,
                                    const char *passphrase);
/* A second desk of @manager's office, which joins from a snapshot written
 * to @sync_dir; returns its data folder. */
char      *cf_test_join_desk       (CfSession  *manager,
                                    const char *sync_dir);
char      *cf_test_add_student     (CfSession  *session,
                                    const char *name);
/* TRUE when @needle occurs in any file below @folder. */
gboolean   cf_test_folder_contains (const char *folder,
                                    const char *needle);

/* How many audit entries have @action and, unless NULL, @subject. */
guint cf_test_count_audit  (CfSession  *session,
                            const char *action,
                            const char *subject);
/* How many changes of @kind to @row_id wait in the outbox to replicate. */
guint cf_test_count_outbox (CfSession  *session,
                            const char *kind,
                            const char *row_id);

G_END_DECLS
