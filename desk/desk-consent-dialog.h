/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-session.h"

G_BEGIN_DECLS

#define DESK_TYPE_CONSENT_DIALOG (desk_consent_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DeskConsentDialog, desk_consent_dialog, DESK, CONSENT_DIALOG, AdwWindow)

/* Records a student's consent for one third party: which party, how it
 * was given, and for a verbal one a note of what was agreed.  Emits
 * "recorded" once it is saved, then closes. */
DeskConsentDialog *desk_consent_dialog_new (GtkWindow  *parent,
                                            CfSession  *session,
                                            const char *student_id);

G_END_DECLS
