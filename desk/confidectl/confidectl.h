/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cf-session.h"

G_BEGIN_DECLS

/* Exit statuses of interfaces.md: scripts rely on them. */
typedef enum {
  CTL_EXIT_OK = 0,
  CTL_EXIT_FAILED = 1,
  CTL_EXIT_USAGE = 2,
  CTL_EXIT_AUTH = 3,
  CTL_EXIT_INTEGRITY = 4,
} CtlExit;

typedef struct {
  char      *data_dir;
  char      *sync_dir;
  char      *user;
  char      *passphrase_file;
  gboolean   json;
  CfSession *session;
} CtlContext;

typedef CtlExit (*CtlCommandFunc) (CtlContext  *ctx,
                                   int          argc,
                                   char       **argv);

typedef struct {
  const char     *name;      /* "student add" */
  const char     *usage;     /* arguments after the name */
  CtlCommandFunc  run;
  const char     *about;     /* what it does, for COMMAND --help; may be NULL */
} CtlCommand;

/* Shared by every command. */
CtlExit  ctl_fail            (GError       *error);
CtlExit  ctl_usage           (const char   *format,
                              ...) G_GNUC_PRINTF (1, 2);
gboolean ctl_parse           (const char   *command,
                              GOptionEntry *entries,
                              int          *argc,
                              char       ***argv,
                              int           positional);
char    *ctl_read_passphrase (const char   *path,
                              const char   *prompt,
                              GError      **error);
CtlExit  ctl_sign_in         (CtlContext   *ctx);
char    *ctl_read_text_file  (const char   *path,
                              GError      **error);
void     ctl_print_json      (JsonBuilder  *builder);

extern const CtlCommand ctl_export_commands[];

G_END_DECLS
