/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: the keys the machines of an office
 * share, and how long an unjoined desk counts. */

#include "cf-key.h"
#include "cf-machines.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* The key booking-code verifiers are made with.  It was the first feed key
 * and never changes, so codes given to students keep working after a
 * kiosk is revoked; a database that never replaced its feed key has no
 * booking_key of its own and uses the feed key.  Within a store lock. */
CfKey   *_cf_machines_booking_key   (CfStore *store,
                                     GError **error);
/* Within a store lock: the office setting machine_unjoined_days, or the
 * default. */
gboolean _cf_machines_unjoined_days (CfStore *store,
                                     gint64  *days,
                                     GError **error);

G_END_DECLS
