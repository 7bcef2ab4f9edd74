/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The desk's window is split by concern, as GNOME Text Editor splits its
 * page: desk-window.c (start-up, signing in, actions), desk-window-lock.c
 * (idle lock and locking) and desk-window-sync.c (sync passes, and news
 * while locked).  Only these three files include this header. */

#include "cf-sync-watcher.h"
#include "desk-audit-page.h"
#include "desk-health-page.h"
#include "desk-search-page.h"
#include "desk-machines-page.h"
#include "desk-retention-page.h"
#include "desk-statistics-page.h"
#include "desk-security-page.h"
#include "desk-setup-page.h"
#include "desk-sign-in-page.h"
#include "desk-students-page.h"
#include "desk-today-page.h"
#include "desk-users-page.h"
#include "desk-window.h"

G_BEGIN_DECLS

struct _DeskWindow {
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *problem_page;
  DeskSetupPage        *setup_page;
  DeskSignInPage       *sign_in_page;
  AdwViewSwitcherTitle *switcher_title;
  GtkLabel             *signed_in_label;
  AdwViewStack         *view_stack;
  DeskTodayPage        *today_page;
  DeskStudentsPage     *students_page;
  DeskSearchPage       *search_page;
  DeskSecurityPage     *security_page;
  DeskMachinesPage     *machines_page;
  DeskRetentionPage    *retention_page;
  DeskStatisticsPage   *statistics_page;
  DeskAuditPage        *audit_page;
  DeskUsersPage        *users_page;
  DeskHealthPage       *health_page;
  GtkRevealer          *news_revealer;

  CfSession            *session;
  char                 *sync_dir;      /* NULL until known, or when none is set */
  CfSyncWatcher        *watcher;
  GHashTable           *locked_segments; /* segment names seen when the desk locked */
  GCancellable         *sync_cancellable;
  char                 *pending_ticket;  /* to show once signed in */
  guint                 sync_timer;
  gboolean              sync_running;
  gboolean              sync_again;
  gboolean              told_ready;    /* "ready" emitted since the sign-in */
  char                 *last_problem;    /* the sync problem last shown */
  GCancellable         *cancellable;   /* start-up check and office name */
  guint                 idle_source;
  gint64                last_activity; /* monotonic microseconds */
};

/* desk-window.c */
DeskApplication *_desk_window_get_app       (DeskWindow *self);
void             _desk_window_set_signed_in (DeskWindow *self,
                                             gboolean    signed_in);

/* desk-window-lock.c */
void _desk_window_note_activity   (DeskWindow     *self);
void _desk_window_arm_idle_lock   (DeskWindow     *self);
void _desk_window_watch_activity  (DeskWindow     *self,
                                   GtkWidget      *widget);
void _desk_window_class_init_lock (GtkWidgetClass *widget_class);

/* desk-window-sync.c */
void _desk_window_watch_folder    (DeskWindow     *self,
                                   const char     *sync_dir);
void _desk_window_start_syncing   (DeskWindow     *self);
void _desk_window_stop_syncing    (DeskWindow     *self);
void _desk_window_watch_locked    (DeskWindow     *self);
void _desk_window_class_init_sync (GtkWidgetClass *widget_class);

G_END_DECLS
