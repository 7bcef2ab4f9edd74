/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-session.h"

G_BEGIN_DECLS

/* Enrolling a machine: a desk makes a bundle (the office keys a machine of
 * that kind needs, its own new signing key, the roster, and for a desk the
 * users' credentials), encrypted under a one-time code written to a
 * separate file.  The new machine is on the roster from that moment. */
typedef enum {
  CF_MACHINE_DESK,
  CF_MACHINE_KIOSK,
} CfMachineKind;

gboolean cf_enroll_create (CfSession    *session,
                           CfMachineKind kind,
                           const char   *bundle_path,
                           const char   *code_path,
                           GError      **error);

/* Opens a bundle with its code; wrong code or a tampered bundle give
 * CF_ERROR_WRONG_PASSPHRASE (they cannot be told apart). */
gboolean cf_enroll_join_desk  (const char *data_dir,
                               const char *sync_dir,
                               const char *bundle_path,
                               const char *code,
                               const char *user,
                               const char *passphrase,
                               GError    **error);
gboolean cf_enroll_join_kiosk (const char *data_dir,
                               const char *sync_dir,
                               const char *bundle_path,
                               const char *code,
                               GError    **error);

/* The code's first line from a file, spaces and dashes removed. */
char *cf_enroll_read_code (const char *path,
                           GError    **error);

G_END_DECLS
