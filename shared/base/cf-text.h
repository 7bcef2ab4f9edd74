/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CF_TEXT_LINE,        /* a name or a short value: one line */
  CF_TEXT_PARAGRAPHS,  /* a note: new lines and tabs allowed */
} CfTextKind;

/* Longest accepted values, in characters.  Generous on purpose: real names
 * are long in many cultures, and an adviser's note may be pages long. */
#define CF_TEXT_LINE_MAX        300
#define CF_TEXT_PARAGRAPHS_MAX  200000

/* What is wrong with a text, for a program that says it in its own words
 * (the kiosk speaks to students, not to staff). */
typedef enum {
  CF_TEXT_OK,
  CF_TEXT_INVALID_UTF8,
  CF_TEXT_DIRECTION_CONTROL,
  CF_TEXT_CONTROL,
  CF_TEXT_TOO_LONG,
  CF_TEXT_EMPTY,
  CF_TEXT_BLANK,
} CfTextProblem;

CfTextProblem cf_text_find_problem (const char *text,
                                    gssize      length,
                                    CfTextKind  kind,
                                    gboolean    required);

gboolean cf_text_check (const char *text,
                        gssize      length,
                        CfTextKind  kind,
                        const char *what,
                        GError    **error);

gboolean cf_text_check_required (const char *text,
                                 CfTextKind  kind,
                                 const char *what,
                                 GError    **error);

/* Whether @text may be quoted back in a message as it was typed: valid
 * UTF-8, one short line, no control or direction-changing character (on a
 * terminal they would move the cursor or reorder the line). */
gboolean cf_text_is_quotable (const char *text);

/* @text between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (U+2068,
 * U+2069), to put a name or other typed text into a translated sentence:
 * the text keeps its own direction, and a right-to-left name in an English
 * sentence (or a Latin one in an Arabic sentence) does not reorder the
 * words around it.  Never for text stored or compared, only shown. */
char *cf_text_isolate (const char *text);

/* @text as names are compared: accents dropped (NFKD, then no combining
 * marks), case folded, spaces trimmed and runs of them made one. */
char *cf_text_fold (const char *text);

/* @value as one CSV cell (RFC 4180) appended to @out: quoted when it holds
 * a comma, a quote or a line break.  A spreadsheet runs a cell that starts
 * like a formula (=, +, -, @, a tab or a carriage return), so such a cell
 * is quoted with a leading apostrophe: typed text never runs there. */
void cf_csv_append_field (GString    *out,
                          const char *value);

G_END_DECLS
