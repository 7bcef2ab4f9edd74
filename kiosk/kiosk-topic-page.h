/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Drop in, step 1: what the visit is about, from the office's list.
 * Each topic is a button for "flow.choose-topic" with the office's own
 * wording as target, whatever language it is shown in. */
#define KIOSK_TYPE_TOPIC_PAGE (kiosk_topic_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskTopicPage, kiosk_topic_page, KIOSK, TOPIC_PAGE, AdwBin)

G_END_DECLS
