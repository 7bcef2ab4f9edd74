/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-page.h"

G_DEFINE_INTERFACE (KioskPage, kiosk_page, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kiosk_page_default_init (KioskPageInterface *iface)
{
  /* Typing into an entry through an on-screen keyboard or assistive
   * technology makes no input event the window could see; this keeps the
   * idle timer from wiping a screen someone is filling in. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

void
kiosk_page_clear (KioskPage *self)
{
  KioskPageInterface *iface;

  g_return_if_fail (KIOSK_IS_PAGE (self));

  iface = KIOSK_PAGE_GET_IFACE (self);
  if (iface->clear != NULL)
    iface->clear (self);
}

gboolean
kiosk_page_validate (KioskPage *self)
{
  KioskPageInterface *iface;

  g_return_val_if_fail (KIOSK_IS_PAGE (self), FALSE);

  iface = KIOSK_PAGE_GET_IFACE (self);
  return iface->validate == NULL || iface->validate (self);
}

void
kiosk_page_collect (KioskPage  *self,
                    JsonObject *details)
{
  KioskPageInterface *iface;

  g_return_if_fail (KIOSK_IS_PAGE (self));
  g_return_if_fail (details != NULL);

  iface = KIOSK_PAGE_GET_IFACE (self);
  if (iface->collect != NULL)
    iface->collect (self, details);
}

void
kiosk_page_set_feed (KioskPage  *self,
                     JsonObject *feed)
{
  KioskPageInterface *iface;

  g_return_if_fail (KIOSK_IS_PAGE (self));
  g_return_if_fail (feed != NULL);

  iface = KIOSK_PAGE_GET_IFACE (self);
  if (iface->set_feed != NULL)
    iface->set_feed (self, feed);
}

void
kiosk_page_changed (KioskPage *self)
{
  g_return_if_fail (KIOSK_IS_PAGE (self));
  g_signal_emit (self, signals[CHANGED], 0);
}
