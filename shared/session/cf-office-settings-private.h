/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For libconfide's own modules only: office_settings and consent_wordings,
 * which cf-office-settings.c writes, read within a store lock. */

#include "cf-office-settings.h"
#include "cf-store.h"

G_BEGIN_DECLS

/* *value is NULL for a setting never set. */
gboolean    _cf_office_settings_read            (CfStore    *store,
                                                 const char *name,
                                                 char      **value,
                                                 GError    **error);
/* Sets @name and records the change to replicate, in the caller's
 * transaction. */
gboolean    _cf_office_settings_write           (CfStore    *store,
                                                 const char *name,
                                                 const char *value,
                                                 GError    **error);
/* The office's topics: a manager's, or the defaults; never an empty one. */
GStrv       _cf_office_settings_topics          (CfStore    *store,
                                                 GError    **error);
/* "" when never set. */
char       *_cf_office_settings_hours           (CfStore    *store,
                                                 GError    **error);
gboolean    _cf_office_settings_idle            (CfStore    *store,
                                                 CfIdleTime  idle,
                                                 guint      *seconds,
                                                 GError    **error);
/* The name of @idle in the kiosk feed's "idle" object ("reset", …), or
 * NULL for the desk's own. */
const char *_cf_office_settings_idle_feed_name  (CfIdleTime  idle);
/* The newest wording, storing the built-in one first when there is none,
 * so that consents can refer to its version.  Outside a transaction. */
gboolean    _cf_office_settings_current_wording (CfStore    *store,
                                                 char      **version,
                                                 char      **text,
                                                 GError    **error);

/* The built-in texts, for an office that has not written its own. */
char *_cf_office_settings_default_wording (char **version);
GStrv _cf_office_settings_default_topics  (void);

G_END_DECLS
