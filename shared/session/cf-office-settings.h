/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* The office's own settings, shared by every machine of the office: its
 * opening hours, the topics the kiosk offers, the consent wording, and how
 * long the desk and the kiosk wait idle.  Desks keep them in
 * office_settings (the wording in consent_wordings) and replicate them;
 * kiosks receive them in the feed.  Set by a manager, each change audited.
 * The retention rule is kept with them but set through cf-retention.h. */

/* The idle times an office may set.  Unset, each program uses its own
 * GSettings key (org.confide.Desk idle-lock-seconds, org.confide.Kiosk
 * idle-reset-seconds, idle-reading-seconds, idle-warning-seconds). */
typedef enum {
  CF_IDLE_DESK_LOCK,      /* the desk locks itself */
  CF_IDLE_KIOSK_RESET,    /* the kiosk wipes its screens */
  CF_IDLE_KIOSK_READING,  /* the same, on a screen a student reads */
  CF_IDLE_KIOSK_WARNING,  /* the countdown before a wipe */
} CfIdleTime;

#define CF_IDLE_TIME_COUNT (CF_IDLE_KIOSK_WARNING + 1)

/* The most topics a kiosk offers, and the longest a topic may be. */
#define CF_OFFICE_TOPICS_MAX       30
#define CF_OFFICE_TOPIC_CHARS_MAX  80
/* The longest consent wording, in characters. */
#define CF_OFFICE_WORDING_CHARS_MAX 20000

/* Checks without a session, so a form can say what is wrong as it is typed.
 * Topics come back trimmed in *clean; they must be one line each, not
 * blank, and no two the same to a person (cf_text_fold). */
gboolean cf_office_settings_check_topics  (const char *const *topics,
                                           GStrv             *clean,
                                           GError           **error);
gboolean cf_office_settings_check_wording (const char        *text,
                                           GError           **error);
/* The range @idle may be set to, in seconds. */
void     cf_office_settings_idle_range    (CfIdleTime         idle,
                                           guint             *min,
                                           guint             *max);
gboolean cf_office_settings_check_idle    (CfIdleTime         idle,
                                           guint              seconds,
                                           GError           **error);

/* Reading: anyone signed in.  Opening hours: "" when never set.  Topics:
 * the defaults when never set.  An idle time never set is 0. */
char    *cf_office_settings_get_hours           (CfSession  *session,
                                                 GError    **error);
GStrv    cf_office_settings_get_topics          (CfSession  *session,
                                                 GError    **error);
gboolean cf_office_settings_get_idle            (CfSession  *session,
                                                 CfIdleTime  idle,
                                                 guint      *seconds,
                                                 GError    **error);
/* The office's opening hours as cf_office_hours_parse reads them (9:00
 * to 17:00 when never set): what booking and the week's grid go by. */
gboolean cf_office_settings_get_opening_hours   (CfSession  *session,
                                                 int        *opens,
                                                 int        *closes,
                                                 GError    **error);
/* The wording kiosks offer now and its version; the built-in one (version
 * "1") until a manager publishes another. */
char    *cf_office_settings_get_wording         (CfSession  *session,
                                                 char      **version,
                                                 GError    **error);
/* The exact wording of @version, as a student saw it: a consent keeps its
 * version, so it shows the words it was given under after any change.
 * NULL with CF_ERROR_NOT_FOUND for a version this office never published. */
char    *cf_office_settings_get_wording_version (CfSession  *session,
                                                 const char *version,
                                                 gint64     *published_at,
                                                 GError    **error);

/* Setting: managers only (CF_PERMISSION_OFFICE_SETTINGS); each is checked
 * as above, written in one transaction with its audit entry, and
 * replicated. */
gboolean cf_office_settings_set_hours          (CfSession         *session,
                                                const char        *hours,
                                                GError           **error);
gboolean cf_office_settings_set_topics         (CfSession         *session,
                                                const char *const *topics,
                                                GError           **error);
/* @seconds 0 unsets it, so each machine's own setting applies again. */
gboolean cf_office_settings_set_idle           (CfSession         *session,
                                                CfIdleTime         idle,
                                                guint              seconds,
                                                GError           **error);
/* The Office page's one button, in one transaction: @hours and the
 * CF_IDLE_TIME_COUNT times in @idle; each that differs from what is set
 * now is written and audited, the rest left alone.  Empty @hours leave
 * hours never set unset, and are refused once there are some. */
gboolean cf_office_settings_set_hours_and_idle (CfSession         *session,
                                                const char        *hours,
                                                const guint       *idle,
                                                GError           **error);
/* A new wording is a new version (never an edit of the old one): returns
 * the new version, or NULL when refused, the same text as now included. */
char    *cf_office_settings_publish_wording    (CfSession         *session,
                                                const char        *text,
                                                GError           **error);

G_END_DECLS
