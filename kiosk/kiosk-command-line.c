/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-command-line.h"

#include <glib/gi18n-lib.h>

#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-key.h"
#include "cf-kiosk-pin.h"

static KioskExit
fail (GError *error)
{
  KioskExit status = g_error_matches (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE)
                     ? KIOSK_EXIT_WRONG_CODE : KIOSK_EXIT_FAILED;

  g_printerr ("confide-kiosk: %s\n", error->message);
  g_error_free (error);
  return status;
}

static KioskExit
usage (const char *sentence)
{
  g_printerr ("confide-kiosk: %s\n", sentence);
  return KIOSK_EXIT_USAGE;
}

static KioskExit
enroll (const char *data_dir,
        const char *sync_dir,
        const char *bundle,
        const char *code_file)
{
  g_autofree char *code = NULL;
  GError *error = NULL;

  code = cf_enroll_read_code (code_file, &error);
  if (code == NULL)
    return fail (error);
  if (!cf_enroll_join_kiosk (data_dir, sync_dir, bundle, code, &error))
    {
      cf_wipe_string (g_steal_pointer (&code));
      return fail (error);
    }
  cf_wipe_string (g_steal_pointer (&code));
  g_print ("%s\n", _("This machine is now a kiosk of the office; start confide-kiosk to open it."));
  return KIOSK_EXIT_OK;
}

static KioskExit
set_pin (const char *data_dir,
         const char *pin_file)
{
  GError *error = NULL;
  char *pin = cf_kiosk_pin_read_file (pin_file, &error);
  gboolean ok;

  if (pin == NULL)
    return fail (error);
  ok = cf_kiosk_pin_set (data_dir, pin, &error);
  cf_wipe_string (pin);
  if (!ok)
    return fail (error);
  g_print ("%s\n", _("The staff PIN is set; only its Argon2id hash is kept."));
  return KIOSK_EXIT_OK;
}

KioskExit
kiosk_command_line_run (const char *data_dir,
                        const char *sync_dir,
                        const char *bundle,
                        const char *code_file,
                        const char *pin_file)
{
  KioskExit status = KIOSK_EXIT_OK;

  g_return_val_if_fail (data_dir != NULL, KIOSK_EXIT_USAGE);

  if ((bundle == NULL) != (code_file == NULL))
    return usage (_("--enroll FILE and --code-file FILE go together."));
  if (bundle != NULL && sync_dir == NULL)
    return usage (_("--enroll needs --sync-dir DIR, the folder the desks share."));
  if (bundle != NULL)
    status = enroll (data_dir, sync_dir, bundle, code_file);
  if (status == KIOSK_EXIT_OK && pin_file != NULL)
    status = set_pin (data_dir, pin_file);
  return status;
}
