/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-error.h"

G_DEFINE_QUARK (cf-error-quark, cf_error)

/* Integrity problems are the ones that must never be "repaired" silently:
 * the caller stops and tells a person (confidectl exits 4). */
gboolean
cf_error_is_integrity (const GError *error)
{
  return g_error_matches (error, CF_ERROR, CF_ERROR_CORRUPT) ||
         g_error_matches (error, CF_ERROR, CF_ERROR_NOT_A_DATABASE) ||
         g_error_matches (error, CF_ERROR, CF_ERROR_UNKNOWN_SIGNER);
}
