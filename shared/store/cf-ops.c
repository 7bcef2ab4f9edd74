/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-ops.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cf-error.h"
#include "cf-json.h"

/* Deeper than any operation; what is skipped may nest no further. */
#define MAX_DEPTH 32

struct _CfOpReader {
  char    *text;       /* the payload, copied and NUL-terminated */
  char    *at;
  char    *end;
  gboolean started;
  gboolean finished;
  gboolean failed;
  CfOp     op;
};

CfOpReader *
cf_op_reader_new (GBytes *payload)
{
  CfOpReader *reader = g_new0 (CfOpReader, 1);
  gsize length;
  const char *data = g_bytes_get_data (payload, &length);

  reader->text = g_malloc (length + 1);
  if (length > 0)
    memcpy (reader->text, data, length);
  reader->text[length] = '\0';
  reader->at = reader->text;
  reader->end = reader->text + length;
  return reader;
}

void
cf_op_reader_free (CfOpReader *reader)
{
  if (reader == NULL)
    return;
  g_free (reader->text);
  g_free (reader);
}

/* The last of a repeated name counts, as in most readers of JSON. */
const CfOpField *
cf_op_get_field (const CfOp *op,
                 const char *name)
{
  gsize length = strlen (name);

  /* Looked up for every column of every operation applied: the length
   * and the first letter rule out most names without a call. */
  for (guint i = op->n_fields; i > 0; i--)
    {
      const CfOpField *field = &op->fields[i - 1];

      if (field->name_length == length && field->name[0] == name[0] &&
          memcmp (field->name, name, length) == 0)
        return field;
    }
  return NULL;
}

void
cf_op_set_malformed (GError **error)
{
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("A segment in the sync folder holds changes in a form this Confide cannot read; it was refused and nothing of it was applied."));
}

/* ---- the scanner ------------------------------------------------------ */

static void
skip_space (CfOpReader *r)
{
  while (r->at < r->end && (*r->at == ' ' || *r->at == '\t' || *r->at == '\n' || *r->at == '\r'))
    r->at++;
}

/* The next significant character, not consumed; '\0' at the end. */
static char
peek (CfOpReader *r)
{
  skip_space (r);
  return r->at < r->end ? *r->at : '\0';
}

static gboolean
expect (CfOpReader *r,
        char        c)
{
  if (peek (r) != c)
    return FALSE;
  r->at++;
  return TRUE;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (const char *p,
           const char *end,
           gunichar   *out)
{
  gunichar value = 0;

  if (end - p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_digit (p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  *out = value;
  return TRUE;
}

/* At the backslash of \uXXXX: the character, a surrogate pair joined;
 * lone surrogates and NUL are refused. */
static gboolean
read_unicode_escape (const char **p,
                     const char  *end,
                     gunichar    *out)
{
  gunichar high, low;

  if (!read_hex4 (*p + 2, end, &high))
    return FALSE;
  *p += 6;
  if (high >= 0xDC00 && high <= 0xDFFF)
    return FALSE;
  if (high >= 0xD800 && high <= 0xDBFF)
    {
      if (end - *p < 6 || (*p)[0] != '\\' || (*p)[1] != 'u' || !read_hex4 (*p + 2, end, &low) ||
          low < 0xDC00 || low > 0xDFFF)
        return FALSE;
      *p += 6;
      high = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
    }
  *out = high;
  return high != 0;
}

/* Eight bytes at a time, for the scan below: the high bit of each byte of
 * @word that is zero, or below @limit (at most 0x80).  A byte can be
 * flagged falsely, but only above a byte flagged truly: the lowest flag is
 * exact. */
#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

static inline guint64
zero_bytes (guint64 word)
{
  return (word - ONES) & ~word & HIGHS;
}

static inline guint64
bytes_below (guint64 word,
             guint8  limit)
{
  return (word - ONES * limit) & ~word & HIGHS;
}

/* From @p, the run of bytes that need no unescaping: up to the first
 * quote, backslash or control character.  Every byte of it is ORed into
 * @seen, so that text with no byte above 0x7f is known to be ASCII. */
static const char *
scan_plain (const char *p,
            const char *end,
            guint64    *seen)
{
  for (; end - p >= 8; p += 8)
    {
      guint64 word, stops;

      memcpy (&word, p, sizeof word);
      word = GUINT64_FROM_LE (word);
      stops = zero_bytes (word ^ (ONES * '"')) | zero_bytes (word ^ (ONES * '\\')) |
              bytes_below (word, 0x20);
      if (stops != 0)
        {
          guint before = (guint) __builtin_ctzll (stops) / 8;

          *seen |= before > 0 ? word << (64 - 8 * before) : 0;
          return p + before;
        }
      *seen |= word;
    }
  for (; p < end && *p != '"' && *p != '\\' && (guint8) *p >= 0x20; p++)
    *seen |= (guint8) *p;
  return p;
}

/* At a '"': the string, unescaped in place and NUL-terminated (the text
 * only ever shrinks), or NULL. */
static const char *
read_string (CfOpReader *r)
{
  char *start = r->at + 1, *w;
  guint64 seen = 0;
  /* Most strings hold no escape: up to the first one, the text is already
   * where it belongs and is only scanned. */
  const char *p = scan_plain (start, r->end, &seen);
  gboolean plain = p < r->end && *p == '"';

  w = start + (p - start);
  while (p < r->end && *p != '"')
    {
      unsigned char c = (unsigned char) *p;

      if (c < 0x20)
        return NULL;
      if (c != '\\')
        {
          *w++ = *p++;
          continue;
        }
      if (p + 1 >= r->end)
        return NULL;
      switch (p[1])
        {
        case '"': *w++ = '"'; p += 2; break;
        case '\\': *w++ = '\\'; p += 2; break;
        case '/': *w++ = '/'; p += 2; break;
        case 'b': *w++ = '\b'; p += 2; break;
        case 'f': *w++ = '\f'; p += 2; break;
        case 'n': *w++ = '\n'; p += 2; break;
        case 'r': *w++ = '\r'; p += 2; break;
        case 't': *w++ = '\t'; p += 2; break;
        case 'u':
          {
            gunichar ch;

            if (!read_unicode_escape (&p, r->end, &ch))
              return NULL;
            w += g_unichar_to_utf8 (ch, w);
            break;
          }
        default:
          return NULL;
        }
    }
  if (p >= r->end)
    return NULL;
  r->at = (char *) p + 1;
  *w = '\0';
  /* Plain ASCII is valid UTF-8 as it stands. */
  if (plain && (seen & HIGHS) == 0)
    return start;
  return g_utf8_validate (start, w - start, NULL) ? start : NULL;
}

static gboolean
read_literal (CfOpReader *r,
              const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (r->end - r->at) < length || memcmp (r->at, word, length) != 0)
    return FALSE;
  r->at += length;
  return TRUE;
}

/* An integer is data; a fraction or an exponent is read and marked other. */
static gboolean
read_number (CfOpReader *r,
             CfOpValue  *value)
{
  gboolean negative = *r->at == '-';
  guint64 magnitude = 0, limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
  gboolean overflow = FALSE, fraction = FALSE;
  const char *digits;

  if (negative)
    r->at++;
  digits = r->at;
  while (r->at < r->end && g_ascii_isdigit (*r->at))
    {
      guint digit = (guint) (*r->at++ - '0');

      overflow |= magnitude > (limit - digit) / 10;
      if (!overflow)
        magnitude = magnitude * 10 + digit;
    }
  if (r->at == digits || (*digits == '0' && r->at - digits > 1))
    return FALSE;
  if (r->at < r->end && *r->at == '.')
    {
      fraction = TRUE;
      digits = ++r->at;
      while (r->at < r->end && g_ascii_isdigit (*r->at))
        r->at++;
      if (r->at == digits)
        return FALSE;
    }
  if (r->at < r->end && (*r->at == 'e' || *r->at == 'E'))
    {
      fraction = TRUE;
      r->at++;
      if (r->at < r->end && (*r->at == '+' || *r->at == '-'))
        r->at++;
      digits = r->at;
      while (r->at < r->end && g_ascii_isdigit (*r->at))
        r->at++;
      if (r->at == digits)
        return FALSE;
    }
  if (fraction || overflow)
    {
      value->kind = CF_OP_VALUE_OTHER;
      return TRUE;
    }
  value->kind = CF_OP_VALUE_INTEGER;
  value->integer = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;
  return TRUE;
}

static gboolean read_value (CfOpReader *r,
                            CfOpValue  *value,
                            int         depth);

/* An object or array that is not data: checked, and passed over. */
static gboolean
skip_container (CfOpReader *r,
                int         depth)
{
  char close = *r->at == '{' ? '}' : ']';
  gboolean object = close == '}';
  CfOpValue ignored;

  if (depth >= MAX_DEPTH)
    return FALSE;
  r->at++;
  if (expect (r, close))
    return TRUE;
  do
    {
      if (object && (peek (r) != '"' || read_string (r) == NULL || !expect (r, ':')))
        return FALSE;
      if (!read_value (r, &ignored, depth + 1))
        return FALSE;
    }
  while (expect (r, ','));
  return expect (r, close);
}

static gboolean
read_value (CfOpReader *r,
            CfOpValue  *value,
            int         depth)
{
  char c = peek (r);

  memset (value, 0, sizeof *value);
  switch (c)
    {
    case '"':
      value->kind = CF_OP_VALUE_STRING;
      return (value->string = read_string (r)) != NULL;
    case 'n':
      value->kind = CF_OP_VALUE_NULL;
      return read_literal (r, "null");
    case 't':
      value->kind = CF_OP_VALUE_OTHER;
      return read_literal (r, "true");
    case 'f':
      value->kind = CF_OP_VALUE_OTHER;
      return read_literal (r, "false");
    case '{':
    case '[':
      value->kind = CF_OP_VALUE_OTHER;
      return skip_container (r, depth);
    default:
      return (c == '-' || g_ascii_isdigit (c)) && read_number (r, value);
    }
}

/* ---- operations ------------------------------------------------------- */

/* [value, stamp]: anything else leaves the field unpaired, which the
 * applier reads as missing. */
static gboolean
read_pair (CfOpReader *r,
           CfOpField  *field,
           int         depth)
{
  CfOpValue stamp;

  if (peek (r) != '[')
    return read_value (r, &field->value, depth);
  if (!expect (r, '['))
    return FALSE;
  if (expect (r, ']'))
    return TRUE;
  if (!read_value (r, &field->value, depth + 1))
    return FALSE;
  if (!expect (r, ','))
    return expect (r, ']');
  if (!read_value (r, &stamp, depth + 1))
    return FALSE;
  if (expect (r, ']'))
    {
      field->paired = TRUE;
      field->stamp = stamp.kind == CF_OP_VALUE_STRING ? stamp.string : NULL;
      return TRUE;
    }
  /* More than two: passed over, unpaired. */
  while (expect (r, ','))
    if (!read_value (r, &stamp, depth + 1))
      return FALSE;
  field->value.kind = CF_OP_VALUE_OTHER;
  return expect (r, ']');
}

static gboolean
read_fields (CfOpReader *r,
             CfOp       *op,
             gboolean    paired,
             int         depth)
{
  if (!expect (r, '{'))
    return FALSE;
  if (expect (r, '}'))
    return TRUE;
  do
    {
      CfOpField *field;

      if (op->n_fields == CF_OP_MAX_FIELDS || peek (r) != '"')
        return FALSE;
      field = &op->fields[op->n_fields++];
      memset (field, 0, sizeof *field);
      if ((field->name = read_string (r)) == NULL || !expect (r, ':'))
        return FALSE;
      field->name_length = strlen (field->name);
      if (paired ? !read_pair (r, field, depth + 1) : !read_value (r, &field->value, depth + 1))
        return FALSE;
    }
  while (expect (r, ','));
  return expect (r, '}');
}

static gboolean
read_member (CfOpReader *r,
             CfOp       *op,
             const char *name)
{
  CfOpValue value;
  gboolean paired = strcmp (name, "f") == 0;

  if (paired || strcmp (name, "v") == 0)
    {
      /* One set of fields an operation: a second is not ours to guess at. */
      if (op->has_fields || op->has_values)
        return FALSE;
      if (peek (r) == '{')
        {
          op->has_fields = paired;
          op->has_values = !paired;
          return read_fields (r, op, paired, 1);
        }
    }
  if (!read_value (r, &value, 1))
    return FALSE;
  if (strcmp (name, "k") == 0)
    op->kind = value.kind == CF_OP_VALUE_STRING ? value.string : NULL;
  else if (strcmp (name, "id") == 0)
    op->id = value.kind == CF_OP_VALUE_STRING ? value.string : NULL;
  else if (strcmp (name, "h") == 0)
    op->stamp = value.kind == CF_OP_VALUE_STRING ? value.string : NULL;
  else if (strcmp (name, "seq") == 0)
    op->seq = value.kind == CF_OP_VALUE_INTEGER ? value.integer : -1;
  else if (strcmp (name, "from") == 0)
    op->from = value.kind == CF_OP_VALUE_INTEGER ? value.integer : -1;
  return TRUE;
}

static gboolean
read_op (CfOpReader *r,
         CfOp       *op)
{
  /* Not the whole struct: only the first n_fields fields are ever read. */
  op->kind = op->id = op->stamp = NULL;
  op->seq = op->from = -1;
  op->has_fields = op->has_values = FALSE;
  op->n_fields = 0;
  if (!expect (r, '{'))
    return FALSE;
  if (expect (r, '}'))
    return TRUE;
  do
    {
      const char *name;

      if (peek (r) != '"' || (name = read_string (r)) == NULL || !expect (r, ':') ||
          !read_member (r, op, name))
        return FALSE;
    }
  while (expect (r, ','));
  return expect (r, '}');
}

static gboolean
fail (CfOpReader *r,
      GError    **error)
{
  r->failed = TRUE;
  cf_op_set_malformed (error);
  return FALSE;
}

gboolean
cf_op_reader_next (CfOpReader  *r,
                   const CfOp **op,
                   GError     **error)
{
  g_return_val_if_fail (r != NULL && op != NULL, FALSE);

  *op = NULL;
  if (r->failed || r->finished)
    return r->failed ? fail (r, error) : FALSE;
  if (!r->started)
    {
      r->started = TRUE;
      if (!expect (r, '['))
        return fail (r, error);
      if (expect (r, ']'))
        r->finished = TRUE;
    }
  else if (!expect (r, ','))
    {
      if (!expect (r, ']'))
        return fail (r, error);
      r->finished = TRUE;
    }
  if (r->finished)
    return peek (r) == '\0' && r->at == r->end ? FALSE : fail (r, error);
  if (!read_op (r, &r->op))
    return fail (r, error);
  *op = &r->op;
  return TRUE;
}

/* ---- the writer ------------------------------------------------------- */

void
cf_op_write_begin (GString    *out,
                   const char *kind,
                   const char *id)
{
  g_string_append (out, "{\"k\":");
  cf_json_append_string (out, kind);
  g_string_append (out, ",\"id\":");
  cf_json_append_string (out, id);
  g_string_append (out, ",\"f\":{");
}

/* "name":[ — with the comma that separates it from the field before. */
static void
write_field_start (GString    *out,
                   const char *name)
{
  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  cf_json_append_string (out, name);
  g_string_append (out, ":[");
}

static void
write_field_end (GString    *out,
                 const char *stamp)
{
  g_string_append_c (out, ',');
  cf_json_append_string (out, stamp);
  g_string_append_c (out, ']');
}

void
cf_op_write_string (GString    *out,
                    const char *name,
                    const char *value,
                    const char *stamp)
{
  write_field_start (out, name);
  if (value != NULL)
    cf_json_append_string (out, value);
  else
    g_string_append (out, "null");
  write_field_end (out, stamp);
}

void
cf_op_write_integer (GString    *out,
                     const char *name,
                     gint64      value,
                     const char *stamp)
{
  write_field_start (out, name);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
  write_field_end (out, stamp);
}

void
cf_op_write_end (GString *out)
{
  g_string_append (out, "}}");
}
