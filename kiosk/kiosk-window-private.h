/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For kiosk-window*.c only: the window is split by concern (start-up and
 * sync, staff access) over this one structure, as GNOME Text Editor does. */

#include "cf-kiosk.h"
#include "cf-sync-watcher.h"
#include "kiosk-flow.h"
#include "kiosk-idle-warning.h"
#include "kiosk-pin-dialog.h"
#include "kiosk-window.h"

G_BEGIN_DECLS

struct _KioskWindow {
  AdwApplicationWindow  parent_instance;

  AdwBin               *content_bin;
  GtkWidget            *staff_corner;
  GtkImage             *sync_indicator;
  KioskIdleWarning     *idle_warning;   /* over everything; hidden */

  KioskFlow            *flow;           /* the content, once the kiosk is open */
  KioskPinDialog       *staff_dialog;   /* while open */

  CfKiosk              *kiosk;
  JsonObject           *feed;
  GCancellable         *cancellable;

  CfSyncWatcher        *watcher;
  guint                 sync_timer;
  gboolean              syncing;
  gboolean              sync_wanted;
  gboolean              sync_folder_available;
  char                 *sync_problem;   /* for staff only */
  gint64                last_sync;      /* real time in µs; 0 = not yet */
  gint64                unreachable_since; /* the first failed pass; 0 = fine */

  guint                 idle_source;
  gint64                last_activity;  /* monotonic µs */

  char                 *paused;         /* drop-ins paused: staff's message */

  gboolean              larger_text;
  gboolean              high_contrast;
  gboolean              fullscreen;
  gboolean              may_close;
};

KioskApplication *_kiosk_window_get_app (KioskWindow *self);

/* kiosk-window.c */
void _kiosk_window_show_flow      (KioskWindow *self);
void _kiosk_window_show_setup     (KioskWindow *self,
                                   gboolean     pin_only);
void _kiosk_window_show_problem   (KioskWindow *self,
                                   const char  *sentence);
void _kiosk_window_set_fullscreen (KioskWindow *self,
                                   gboolean     fullscreen);
void _kiosk_window_quit           (KioskWindow *self);

/* kiosk-window-idle.c */
void _kiosk_window_init_idle     (KioskWindow *self);
void _kiosk_window_note_activity (KioskWindow *self);

/* kiosk-window-sync.c */
void  _kiosk_window_open                  (KioskWindow *self);
void  _kiosk_window_request_sync          (KioskWindow *self);
void  _kiosk_window_stop_sync             (KioskWindow *self);
char *_kiosk_window_describe_sync         (KioskWindow *self);
void  _kiosk_window_sync_language_changed (KioskWindow *self);

/* kiosk-window-staff.c */
void _kiosk_window_class_init_staff (GtkWidgetClass *widget_class);
void _kiosk_window_init_staff       (KioskWindow    *self);
void _kiosk_window_open_staff       (KioskWindow    *self);
void _kiosk_window_close_staff      (KioskWindow    *self);
void _kiosk_window_set_paused       (KioskWindow    *self,
                                     const char     *message);

G_END_DECLS
