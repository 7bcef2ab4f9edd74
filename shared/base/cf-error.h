/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CF_ERROR (cf_error_quark ())

/* One domain for every failure libconfide reports.  Each code says what a
 * person can do about it; the message is a sentence written for that person. */
typedef enum {
  CF_ERROR_FAILED,
  CF_ERROR_INVALID_INPUT,      /* refused text: bad UTF-8, control characters, too long */
  CF_ERROR_NOT_FOUND,
  CF_ERROR_EXISTS,             /* a unique value is already taken */
  CF_ERROR_WRONG_PASSPHRASE,   /* wrong user or passphrase */
  CF_ERROR_DENIED,             /* the signed-in role may not do this */
  CF_ERROR_NOT_A_DATABASE,     /* the file is not a Confide database */
  CF_ERROR_CORRUPT,            /* a page or file failed its integrity check */
  CF_ERROR_READ_ONLY,
  CF_ERROR_DISK_FULL,
  CF_ERROR_NO_FOLDER,
  CF_ERROR_BUSY,
  CF_ERROR_TOO_NEW,            /* written by a newer Confide */
  CF_ERROR_NOT_SET_UP,
  CF_ERROR_NO_CONSENT,         /* acting with a third party needs consent or a breach record */
  CF_ERROR_UNKNOWN_SIGNER,     /* a segment signed by a machine not in the office */
  CF_ERROR_NO_KEY,             /* this machine does not hold that key (yet) */
  CF_ERROR_HELD,               /* the student's records are held past retention */
} CfErrorCode;

GQuark   cf_error_quark        (void);
gboolean cf_error_is_integrity (const GError *error);

G_END_DECLS
