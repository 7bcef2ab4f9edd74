/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, as confidectl's (interfaces.md): scripts rely on them. */
typedef enum {
  KIOSK_EXIT_OK = 0,
  KIOSK_EXIT_FAILED = 1,
  KIOSK_EXIT_USAGE = 2,
  KIOSK_EXIT_WRONG_CODE = 3,
} KioskExit;

/* Headless set-up (--enroll FILE --code-file FILE, --set-pin-file FILE):
 * one sentence on stdout when done, one line starting "confide-kiosk: " on
 * stderr when not.  Either may be NULL. */
KioskExit kiosk_command_line_run (const char *data_dir,
                                  const char *sync_dir,
                                  const char *bundle,
                                  const char *code_file,
                                  const char *pin_file);

G_END_DECLS
