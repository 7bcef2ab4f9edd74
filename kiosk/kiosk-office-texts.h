/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Texts that come from the office through the kiosk feed (topics, party
 * names, the consent wording).  An office that keeps the built-in wording
 * (shared/sync/defaults/) gets it shown in the student's language; its own
 * wording is shown as written. */
const char *kiosk_office_text (const char *text);

/* The consent wording to show, paragraph by paragraph; *@translated says
 * whether it is in the student's language or the office's own words. */
char *kiosk_office_consent_text (const char *text,
                                 gboolean   *translated);

G_END_DECLS
