/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: the office's lists behind the feed. */

#include "cf-store.h"

G_BEGIN_DECLS

/* The office's fixed topic choices, as the kiosk offers them: the ones a
 * manager set, or the defaults; never an empty one. */
GStrv _cf_feed_office_topics (CfStore *store,
                              GError **error);

G_END_DECLS
