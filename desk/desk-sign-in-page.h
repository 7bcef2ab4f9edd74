/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DESK_TYPE_SIGN_IN_PAGE (desk_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (DeskSignInPage, desk_sign_in_page, DESK, SIGN_IN_PAGE, GtkWidget)

void desk_sign_in_page_set_data_dir      (DeskSignInPage *self,
                                          const char     *data_dir);
void desk_sign_in_page_set_user_name     (DeskSignInPage *self,
                                          const char     *user_name);
void desk_sign_in_page_reset             (DeskSignInPage *self,
                                          const char     *message);
void desk_sign_in_page_focus             (DeskSignInPage *self);
/* Signs in as the user name shown, with the first line of the file. */
void desk_sign_in_page_sign_in_from_file (DeskSignInPage *self,
                                          const char     *passphrase_file);

/* Microseconds the last successful sign-in took, from the passphrase
 * given to the session opened. */
gint64 desk_sign_in_page_get_sign_in_time (DeskSignInPage *self);

G_END_DECLS
