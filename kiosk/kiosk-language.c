/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-language.h"

#include <libintl.h>
#include <locale.h>

typedef struct {
  const char *code;
  const char *native_name;
} KioskLanguage;

/* Each name is written in its own language and never translated: a student
 * looks for the name of the language they read.  English comes first: it
 * is the language of the texts in the source. */
static const KioskLanguage languages[] = {
  { "en", "English" },
  { "fr", "Français" },
  { "cy", "Cymraeg" },
  { "zh_CN", "简体中文" },
  { "ar", "العربية" },
};

static const KioskLanguage *current_language;
static const KioskLanguage *default_language;

static const KioskLanguage *
find_language (const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i].code, code))
      return &languages[i];
  return NULL;
}

/* g_get_language_names() lists "fr_FR.UTF-8", "fr_FR", "fr", …, "C" from
 * LANGUAGE, LC_ALL, LC_MESSAGES and LANG, most wanted first. */
static const KioskLanguage *
language_from_environment (void)
{
  const char *const *names = g_get_language_names ();

  for (gsize i = 0; names[i] != NULL; i++)
    {
      const KioskLanguage *language = find_language (names[i]);

      if (language != NULL)
        return language;
    }
  return &languages[0];
}

static void
apply_language (const KioskLanguage *language)
{
  current_language = language;
  /* LANGUAGE was set in kiosk_language_init() before any thread started,
   * so this only replaces the value's pointer in the environment (glibc
   * never moves the array for it nor frees old values): a getenv() on
   * another thread reads the old or the new language, never freed memory. */
  g_setenv ("LANGUAGE", language->code, TRUE);
  /* gettext caches translations per locale, not per LANGUAGE; calling
   * textdomain() is its documented way to say the catalogs changed. */
  textdomain (textdomain (NULL));
}

void
kiosk_language_init (void)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);

  /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is always there
   * and honours it, so the language button works on any machine. */
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
  default_language = language_from_environment ();
  apply_language (default_language);
}

const char *
kiosk_language_get_current (void)
{
  g_return_val_if_fail (current_language != NULL, "en");
  return current_language->code;
}

const char *
kiosk_language_get_default (void)
{
  g_return_val_if_fail (default_language != NULL, "en");
  return default_language->code;
}

gboolean
kiosk_language_set (const char *code)
{
  const KioskLanguage *language;

  g_return_val_if_fail (code != NULL, FALSE);

  language = find_language (code);
  g_return_val_if_fail (language != NULL, FALSE);
  if (language == current_language)
    return FALSE;
  apply_language (language);
  return TRUE;
}

const char *
kiosk_language_get_code (guint index)
{
  return index < G_N_ELEMENTS (languages) ? languages[index].code : NULL;
}

const char *
kiosk_language_get_native_name (const char *code)
{
  const KioskLanguage *language;

  g_return_val_if_fail (code != NULL, NULL);

  language = find_language (code);
  return language ? language->native_name : code;
}
