/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the kiosk and its sync pass only: the outbox of sealed visits. */

#include "cf-store.h"

G_BEGIN_DECLS

/* Within the visit's transaction: @stamp is the visit's clock stamp. */
gboolean _cf_kiosk_outbox_add          (CfStore    *store,
                                        GBytes     *sealed,
                                        const char *stamp,
                                        GError    **error);
/* The stamp of the newest visit still waiting, NULL when none waits. */
gboolean _cf_kiosk_outbox_newest_stamp (CfStore    *store,
                                        char      **stamp,
                                        GError    **error);
gboolean _cf_kiosk_outbox_oldest       (CfStore    *store,
                                        gint64     *seq,
                                        GBytes    **sealed,
                                        GError    **error);
/* A visit now in the sync folder leaves the outbox, and its clock stamp
 * stays behind in the settings. */
gboolean _cf_kiosk_outbox_sent         (CfStore    *store,
                                        gint64      seq,
                                        GError    **error);

G_END_DECLS
