/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One screen of a visit.  The flow asks every screen the same things, so
 * a new screen cannot forget to wipe what it holds. */
#define KIOSK_TYPE_PAGE (kiosk_page_get_type ())
G_DECLARE_INTERFACE (KioskPage, kiosk_page, KIOSK, PAGE, GtkWidget)

struct _KioskPageInterface {
  GTypeInterface parent_iface;

  /* Forgets everything the student entered. */
  void     (*clear)    (KioskPage  *self);
  /* Checks the whole screen; shows a sentence beside each problem and
   * focuses the first. */
  gboolean (*validate) (KioskPage  *self);
  /* Adds what the screen holds to a submission. */
  void     (*collect)  (KioskPage  *self,
                        JsonObject *details);
  /* The office's texts changed (topics, consent, calling codes). */
  void     (*set_feed) (KioskPage  *self,
                        JsonObject *feed);
};

void     kiosk_page_clear    (KioskPage  *self);
gboolean kiosk_page_validate (KioskPage  *self);
void     kiosk_page_collect  (KioskPage  *self,
                              JsonObject *details);
void     kiosk_page_set_feed (KioskPage  *self,
                              JsonObject *feed);
/* For implementations: emits "changed" (the student did something). */
void     kiosk_page_changed  (KioskPage  *self);

G_END_DECLS
