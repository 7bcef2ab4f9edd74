/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The text of a kiosk entry, in memory of its own that is wiped whenever
 * text is deleted or replaced and when the buffer is freed: a student's
 * name must not stay behind in freed memory once the screen forgot it.
 * The memory is also locked (never swapped out) and left out of core
 * dumps (libsodium's sodium_malloc). */
#define KIOSK_TYPE_SECURE_BUFFER (kiosk_secure_buffer_get_type ())
G_DECLARE_FINAL_TYPE (KioskSecureBuffer, kiosk_secure_buffer, KIOSK, SECURE_BUFFER, GtkEntryBuffer)

GtkEntryBuffer *kiosk_secure_buffer_new (void);

/* Every entry at the kiosk goes through this once: a wiping buffer (a
 * GtkPasswordEntry has its own, in locked memory), no undo history (it
 * would keep every version of the text), and hints that keep input
 * methods from learning or checking what is typed. */
void kiosk_entry_make_private (GtkEditable *editable);

G_END_DECLS
