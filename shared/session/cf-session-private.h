/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-case-keys-private.h"
#include "cf-session.h"
#include "cf-store-private.h"

G_BEGIN_DECLS

/* A session for @user_name around a store that is already open: the one
 * path behind sign-in, also used by the benchmark's unencrypted twin
 * (@key_or_null NULL).  The session takes a reference to @store and closes
 * it when locked. */
CfSession *_cf_session_new_for_store (const char  *data_dir,
                                      CfStore     *store,
                                      const CfKey *key_or_null,
                                      const char  *user_name,
                                      GError     **error);

/* Within a store lock: may this user see this student?  Refuses when the
 * user declared a conflict of interest, or works for a restricted service
 * the student is not part of. */
gboolean _cf_session_check_student (CfSession  *self,
                                    const char *student_id,
                                    GError    **error);

/* Runs @body inside one transaction with an audit entry; rolls back on
 * failure so nothing is half-written. */
typedef gboolean (*CfSessionWriteFunc) (CfSession  *self,
                                        gpointer    data,
                                        GError    **error);
gboolean _cf_session_write (CfSession         *self,
                            CfSessionWriteFunc body,
                            gpointer           data,
                            GError           **error);

gboolean _cf_session_audit (CfSession  *self,
                            const char *action,
                            const char *subject,
                            const char *detail,
                            GError    **error);

CfSession     *_cf_session_sign_in_with_progress  (const char         *data_dir,
                                                   const char         *user,
                                                   const char         *passphrase,
                                                   CfStoreProgressFunc progress,
                                                   gpointer            progress_data,
                                                   GError            **error);
const CfKey   *_cf_session_get_office_key         (CfSession          *self);
const CfKey   *_cf_session_get_user_secret        (CfSession          *self);
CfCaseKeyring *_cf_session_get_case_keys          (CfSession          *self);
void           _cf_session_set_case_keys          (CfSession          *self,
                                                   CfCaseKeyring      *keys);
gboolean       _cf_session_reload_case_keys       (CfSession          *self,
                                                   GError            **error);
gboolean       _cf_session_refresh_credentials    (CfSession          *self,
                                                   GError            **error);
const char    *_cf_session_get_restricted_service (CfSession          *self);

G_END_DECLS
