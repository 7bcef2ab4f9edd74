/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"
#include "cf-user.h"

G_BEGIN_DECLS

/* Who may add or remove a user of @role: a manager, anyone; an
 * administrator, other administrators only. */
gboolean cf_users_can_manage (CfSession *session,
                              CfRole     role);

/* Adding a user or changing a passphrase derives a key: keep these off the
 * GTK main thread. */
gboolean    cf_users_add               (CfSession  *session,
                                        const char *name,
                                        CfRole      role,
                                        const char *passphrase,
                                        GError    **error);
GListModel *cf_users_list              (CfSession  *session,
                                        GError    **error);
gboolean    cf_users_remove            (CfSession  *session,
                                        const char *name,
                                        GError    **error);
char       *cf_users_find_id           (CfSession  *session,
                                        const char *name,
                                        GError    **error);
/* A new generation of the case key for everyone still here (managers). */
gboolean    cf_users_rotate_keys       (CfSession  *session,
                                        GError    **error);
gboolean    cf_users_change_passphrase (CfSession  *session,
                                        const char *new_passphrase,
                                        GError    **error);

G_END_DECLS
