/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-text.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "cf-error.h"

/* Explicit bidirectional embeddings, overrides and isolates can make text
 * display differently from what it says (a name that reads as another).
 * Right-to-left scripts themselves are welcome; these controls are not. */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
is_refused_control (gunichar   c,
                    CfTextKind kind)
{
  if (kind == CF_TEXT_PARAGRAPHS && (c == '\n' || c == '\t'))
    return FALSE;
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
    return TRUE;
  return c == 0x2028 || c == 0x2029 || is_bidi_control (c);
}

static CfTextProblem
check_characters (const char *text,
                  gsize       length,
                  CfTextKind  kind)
{
  const char *end = text + length;
  glong count = 0;
  glong limit = kind == CF_TEXT_LINE ? CF_TEXT_LINE_MAX : CF_TEXT_PARAGRAPHS_MAX;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_bidi_control (c))
        return CF_TEXT_DIRECTION_CONTROL;
      if (is_refused_control (c, kind))
        return CF_TEXT_CONTROL;
      if (++count > limit)
        return CF_TEXT_TOO_LONG;
    }
  return CF_TEXT_OK;
}

static gboolean
is_blank (const char *text,
          gsize       length)
{
  const char *end = text + length;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Accepts any script, emoji included, and refuses what cannot be shown
 * faithfully: invalid UTF-8, control characters, bidi overrides. */
CfTextProblem
cf_text_find_problem (const char *text,
                      gssize      length,
                      CfTextKind  kind,
                      gboolean    required)
{
  gsize len;
  CfTextProblem problem;

  if (text == NULL || (length < 0 ? *text == '\0' : length == 0))
    return required ? CF_TEXT_EMPTY : CF_TEXT_OK;
  len = length < 0 ? strlen (text) : (gsize) length;
  if (!g_utf8_validate_len (text, len, NULL))
    return CF_TEXT_INVALID_UTF8;
  problem = check_characters (text, len, kind);
  if (problem == CF_TEXT_OK && required && is_blank (text, len))
    return CF_TEXT_BLANK;
  return problem;
}

static gboolean
set_problem (CfTextProblem problem,
             CfTextKind    kind,
             const char   *what,
             GError      **error)
{
  glong limit = kind == CF_TEXT_LINE ? CF_TEXT_LINE_MAX : CF_TEXT_PARAGRAPHS_MAX;

  switch (problem)
    {
    case CF_TEXT_OK:
      return TRUE;
    case CF_TEXT_INVALID_UTF8:
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("%s is not valid UTF-8 text; please save it as UTF-8 and try again."), what);
      break;
    case CF_TEXT_DIRECTION_CONTROL:
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("%s contains a hidden direction-changing character; please type it again without it."),
                   what);
      break;
    case CF_TEXT_CONTROL:
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("%s contains a control character; please use letters, numbers and punctuation only."),
                   what);
      break;
    case CF_TEXT_TOO_LONG:
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   _("%s is too long: at most %ld characters are accepted."), what, limit);
      break;
    case CF_TEXT_EMPTY:
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT, _("%s must not be empty."), what);
      break;
    case CF_TEXT_BLANK:
    default:
      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT, _("%s must not be blank."), what);
      break;
    }
  return FALSE;
}

gboolean
cf_text_check (const char *text,
               gssize      length,
               CfTextKind  kind,
               const char *what,
               GError    **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  return set_problem (cf_text_find_problem (text, length, kind, FALSE), kind, what, error);
}

gboolean
cf_text_check_required (const char *text,
                        CfTextKind  kind,
                        const char *what,
                        GError    **error)
{
  g_return_val_if_fail (what != NULL, FALSE);

  return set_problem (cf_text_find_problem (text, -1, kind, TRUE), kind, what, error);
}

/* Long enough for any date or id a person types, short enough that a
 * message stays one line. */
#define QUOTABLE_MAX 40

gboolean
cf_text_is_quotable (const char *text)
{
  return text != NULL &&
         cf_text_find_problem (text, -1, CF_TEXT_LINE, FALSE) == CF_TEXT_OK &&
         g_utf8_strlen (text, -1) <= QUOTABLE_MAX;
}

/* --- comparing names --- */

/* Text a person typed, set inside a sentence: between FIRST STRONG
 * ISOLATE and POP DIRECTIONAL ISOLATE, so a right-to-left name in a
 * left-to-right sentence (or the reverse) keeps the sentence in order. */
char *
cf_text_isolate (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return g_strconcat ("\u2068", text, "\u2069", NULL);
}

/* What a person typing a name may leave out: case, accents and the
 * spacing between words.  "ŌKAFOR  ngozi" and "Okafor Ngozi" differ in
 * word order and are kept apart; "Ōkafor" and "okafor" fold together. */
char *
cf_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) bare = NULL;
  gboolean space = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)      /* not UTF-8: nothing typed matches it */
    return g_strdup ("");
  bare = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      if (g_unichar_isspace (c))
        {
          space = bare->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (bare, ' ');
      space = FALSE;
      g_string_append_unichar (bare, c);
    }
  return g_utf8_casefold (bare->str, (gssize) bare->len);
}

void
cf_csv_append_field (GString    *out,
                     const char *value)
{
  gboolean formula = value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;

  if (!formula && value[strcspn (value, ",\"\r\n")] == '\0')
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
