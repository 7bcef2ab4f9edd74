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
char      *cf_test_make_dir     (const char *name);
/* A new office in a fresh data folder, with a manager, an adviser and an
 * administrator; returns the data folder. */
char      *cf_test_make_office  (void);
CfSession *cf_test_sign_in      (const char *data_dir,
                                 const char *user,
                                 const char *passphrase);
char      *cf_test_add_student  (CfSession  *session,
                                 const char *name);
/* TRUE when @needle occurs in any file below @folder. */
gboolean   cf_test_folder_contains (const char *folder,
                                    const char *needle);

G_END_DECLS
