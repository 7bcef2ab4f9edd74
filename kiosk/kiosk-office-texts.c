/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-office-texts.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The built-in wording of shared/sync/defaults/, listed here so that xgettext
 * finds it.  It must match those files exactly; a text changed there and
 * not here is simply shown untranslated. */
static const char *const builtin_texts[] = {
  /* topics.txt */
  N_("Academic appeals and complaints"),
  N_("Exams, coursework and extensions"),
  N_("Fitness to study and intermission"),
  N_("Housing and landlords"),
  N_("Money, funding and hardship"),
  N_("Immigration and visas"),
  N_("Health and wellbeing"),
  N_("Harassment, discrimination and misconduct"),
  N_("Something else"),
  /* parties.txt */
  N_("Your college tutor"),
  N_("Your department or faculty"),
  N_("Health or counselling services"),
  N_("Other university offices"),
  N_("Outside organisations (for example a council or a solicitor)"),
  /* consent-1.txt, one paragraph each */
  N_("What you tell us stays with the advice service. Only the advisers here can see your record, and they talk about cases only with each other, to give you the best advice."),
  N_("We do not tell anyone outside the service that you have been here, and we do not contact your college, your department or anyone else for you unless you say we may. You can change your mind at any time, and we will record that too."),
  N_("There are a few rare exceptions. If we believe that you or someone else is at serious and immediate risk of harm, or the law requires us to pass something on (for example about the safety of a child, terrorism or money laundering), we may have to share information without your permission. If that happens, an adviser will talk it through with you first whenever it is safe to do so, and we will only share what is needed."),
  N_("You can ask to see what we hold about you. We keep records for six academic years and then destroy them."),
};

static gboolean
is_builtin (const char *text)
{
  for (gsize i = 0; i < G_N_ELEMENTS (builtin_texts); i++)
    if (strcmp (builtin_texts[i], text) == 0)
      return TRUE;
  return FALSE;
}

/* Only built-in texts are looked up, so an office's own topic that happens
 * to read like some other message of the program stays as written. */
const char *
kiosk_office_text (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);
  return is_builtin (text) ? _(text) : text;
}

char *
kiosk_office_consent_text (const char *text,
                           gboolean   *translated)
{
  g_auto(GStrv) paragraphs = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);

  paragraphs = g_strsplit (text, "\n\n", -1);
  for (gsize i = 0; paragraphs[i] != NULL; i++)
    {
      if (!is_builtin (paragraphs[i]))
        {
          /* Half a translation would mix two wordings: all or nothing. */
          if (translated != NULL)
            *translated = FALSE;
          return g_strdup (text);
        }
      if (i > 0)
        g_string_append (shown, "\n\n");
      g_string_append (shown, _(paragraphs[i]));
    }
  if (translated != NULL)
    *translated = TRUE;
  return g_string_free (g_steal_pointer (&shown), FALSE);
}
