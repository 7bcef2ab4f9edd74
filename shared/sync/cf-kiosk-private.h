/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-store.h"

G_BEGIN_DECLS

/* For the kiosk's sync pass: a visit now in the sync folder leaves the
 * outbox, and its clock stamp stays behind in the settings. */
gboolean _cf_kiosk_outbox_sent (CfStore  *store,
                                gint64    seq,
                                GError  **error);

G_END_DECLS
