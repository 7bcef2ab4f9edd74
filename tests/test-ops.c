/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reader of a segment's operations: what it takes, what it refuses. */
#include <string.h>

#include <json-glib/json-glib.h>

#include "cf-error.h"
#include "cf-ops.h"

static void
assert_refused (const char *json)
{
  g_autoptr(GBytes) payload = g_bytes_new (json, strlen (json));
  g_autoptr(CfOpReader) reader = cf_op_reader_new (payload);
  g_autoptr(GError) error = NULL;
  const CfOp *op;

  while (cf_op_reader_next (reader, &op, &error))
    ;
  if (error == NULL)
    g_error ("accepted: %s", json);
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  /* Refused once, refused again: nothing more is read. */
  g_clear_error (&error);
  g_assert_false (cf_op_reader_next (reader, &op, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
}

static void
test_shapes (void)
{
  const char *json =
    " [ {\"k\":\"student\",\"id\":\"s1\",\"f\":{\"name\":[\"Zanele\",\"00000000000a0000@n\"],"
    "\"removed_from_course\":[1,\"00000000000a0001@n\"]}},\n"
    "{\"v\":{\"body\":\"a note\",\"created_at\":-42,\"third_party\":null},\"k\":\"case_entry\",\"id\":\"e1\"},"
    "{\"k\":\"erase\",\"id\":\"s2\",\"h\":\"00000000000b0000@n\"},"
    "{\"k\":\"floor\",\"id\":\"n1\",\"seq\":17,\"from\":12,\"later\":{\"a\":[1,2,{\"b\":true}],\"c\":1.5e3}} ]\t";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = g_bytes_new (json, strlen (json));
  g_autoptr(CfOpReader) reader = cf_op_reader_new (payload);
  const CfOp *op;
  const CfOpField *field;

  g_assert_true (cf_op_reader_next (reader, &op, &error));
  g_assert_cmpstr (op->kind, ==, "student");
  g_assert_cmpstr (op->id, ==, "s1");
  g_assert_true (op->has_fields);
  g_assert_false (op->has_values);
  g_assert_cmpuint (op->n_fields, ==, 2);
  field = cf_op_get_field (op, "name");
  g_assert_true (field->paired);
  g_assert_cmpint (field->value.kind, ==, CF_OP_VALUE_STRING);
  g_assert_cmpstr (field->value.string, ==, "Zanele");
  g_assert_cmpstr (field->stamp, ==, "00000000000a0000@n");
  field = cf_op_get_field (op, "removed_from_course");
  g_assert_cmpint (field->value.kind, ==, CF_OP_VALUE_INTEGER);
  g_assert_cmpint (field->value.integer, ==, 1);
  g_assert_null (cf_op_get_field (op, "email"));

  g_assert_true (cf_op_reader_next (reader, &op, &error));
  g_assert_cmpstr (op->kind, ==, "case_entry");
  g_assert_true (op->has_values);
  g_assert_cmpstr (cf_op_get_field (op, "body")->value.string, ==, "a note");
  g_assert_false (cf_op_get_field (op, "body")->paired);
  g_assert_cmpint (cf_op_get_field (op, "created_at")->value.integer, ==, -42);
  g_assert_cmpint (cf_op_get_field (op, "third_party")->value.kind, ==, CF_OP_VALUE_NULL);

  g_assert_true (cf_op_reader_next (reader, &op, &error));
  g_assert_cmpstr (op->kind, ==, "erase");
  g_assert_cmpstr (op->stamp, ==, "00000000000b0000@n");
  g_assert_cmpint (op->seq, ==, -1);
  g_assert_cmpint (op->from, ==, -1);

  g_assert_true (cf_op_reader_next (reader, &op, &error));
  g_assert_cmpstr (op->kind, ==, "floor");
  g_assert_cmpint (op->seq, ==, 17);
  g_assert_cmpint (op->from, ==, 12);
  g_assert_cmpuint (op->n_fields, ==, 0);

  g_assert_false (cf_op_reader_next (reader, &op, &error));
  g_assert_no_error (error);
  g_assert_null (op);
  /* The end stays the end. */
  g_assert_false (cf_op_reader_next (reader, &op, &error));
  g_assert_no_error (error);
}

static const CfOpField *
only_field (CfOpReader  *reader,
            const CfOp **op)
{
  g_autoptr(GError) error = NULL;
  gboolean more = cf_op_reader_next (reader, op, &error);

  g_assert_no_error (error);
  g_assert_true (more);
  g_assert_cmpuint ((*op)->n_fields, >=, 1);
  return &(*op)->fields[(*op)->n_fields - 1];
}

static void
test_values (void)
{
  const char *json =
    "[{\"f\":{\"a\":[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"s\"]}},"
    "{\"f\":{\"a\":[\"caf\\u00e9 \\ud83d\\ude00 \xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa7\",\"s\"]}},"
    "{\"f\":{\"a\":[9223372036854775807,\"s\"]}},"
    "{\"f\":{\"a\":[-9223372036854775808,\"s\"]}},"
    "{\"f\":{\"a\":[9223372036854775808,\"s\"]}},"
    "{\"f\":{\"a\":[0.5,\"s\"]}},"
    "{\"f\":{\"a\":[true,\"s\"]}},"
    "{\"f\":{\"a\":[\"x\",7]}},"
    "{\"f\":{\"a\":[\"x\"]}},"
    "{\"f\":{\"a\":[]}},"
    "{\"f\":{\"a\":[\"x\",\"s\",\"t\"]}},"
    "{\"f\":{\"a\":\"bare\"}},"
    "{\"v\":{\"a\":\"first\",\"a\":\"second\"}}]";
  g_autoptr(GBytes) payload = g_bytes_new (json, strlen (json));
  g_autoptr(CfOpReader) reader = cf_op_reader_new (payload);
  const CfOpField *field;
  const CfOp *op;

  field = only_field (reader, &op);
  g_assert_cmpstr (field->value.string, ==, "\"\\/\b\f\n\r\t");
  field = only_field (reader, &op);
  g_assert_cmpstr (field->value.string, ==, "café 😀 سارا");
  field = only_field (reader, &op);
  g_assert_cmpint (field->value.integer, ==, G_MAXINT64);
  field = only_field (reader, &op);
  g_assert_cmpint (field->value.integer, ==, G_MININT64);
  field = only_field (reader, &op);                     /* beyond 64 bits */
  g_assert_cmpint (field->value.kind, ==, CF_OP_VALUE_OTHER);
  field = only_field (reader, &op);                     /* a fraction */
  g_assert_cmpint (field->value.kind, ==, CF_OP_VALUE_OTHER);
  field = only_field (reader, &op);                     /* a boolean */
  g_assert_cmpint (field->value.kind, ==, CF_OP_VALUE_OTHER);
  field = only_field (reader, &op);                     /* a stamp that is not text */
  g_assert_true (field->paired);
  g_assert_null (field->stamp);
  for (int i = 0; i < 4; i++)                           /* not a pair: missing */
    {
      field = only_field (reader, &op);
      g_assert_false (field->paired);
    }
  only_field (reader, &op);                             /* a repeated name: the last */
  g_assert_cmpstr (cf_op_get_field (op, "a")->value.string, ==, "second");
}

static void
test_refused (void)
{
  g_autoptr(GString) deep = g_string_new ("[{\"later\":");
  g_autoptr(GString) wide = g_string_new ("[{\"v\":{");
  const char *refused[] = {
    "", " ", "{}", "[", "[{}", "[{},]", "[,{}]", "[{}] x", "[{}][]", "[1]", "[\"op\"]",
    "[{\"k\":\"a\" \"id\":\"b\"}]",              /* no comma */
    "[{\"k\"}]", "[{k:\"a\"}]", "[{\"k\":'a'}]",
    "[{\"k\":\"a\x01\"}]",                        /* a raw control character */
    "[{\"k\":\"\\x41\"}]",                        /* no such escape */
    "[{\"k\":\"\\u00\"}]", "[{\"k\":\"\\u0000\"}]",
    "[{\"k\":\"\\ud83d\"}]", "[{\"k\":\"\\ude00\"}]", "[{\"k\":\"\\ud83d\\u0041\"}]",
    "[{\"k\":\"\xc3\x28\"}]",                     /* not UTF-8 */
    "[{\"k\":\"\xed\xa0\x80\"}]",                 /* an encoded surrogate */
    "[{\"seq\":01}]", "[{\"seq\":-}]", "[{\"seq\":1.}]", "[{\"seq\":1e}]", "[{\"seq\":+1}]",
    "[{\"k\":nul}]", "[{\"k\":True}]",
    "[{\"f\":{},\"v\":{}}]", "[{\"f\":{},\"f\":{}}]",   /* two sets of fields */
    "[{\"f\":{\"a\":[1,\"s\"],}}]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_refused (refused[i]);
  /* Nesting deeper than any operation, where a newer Confide might put
   * something: refused, not followed down the stack. */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_refused (deep->str);
  for (int i = 0; i <= CF_OP_MAX_FIELDS; i++)
    g_string_append_printf (wide, "%s\"f%d\":1", i ? "," : "", i);
  g_string_append (wide, "}}]");
  assert_refused (wide->str);
  {
    g_autoptr(GBytes) nul = g_bytes_new ("[{}]\0", 5);   /* a NUL after the end */
    g_autoptr(CfOpReader) reader = cf_op_reader_new (nul);
    g_autoptr(GError) error = NULL;
    const CfOp *op;

    g_assert_true (cf_op_reader_next (reader, &op, &error));
    g_assert_false (cf_op_reader_next (reader, &op, &error));
    g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  }
}

static void
test_empty (void)
{
  g_autoptr(GBytes) payload = g_bytes_new_static (" [ ] ", 5);
  g_autoptr(CfOpReader) reader = cf_op_reader_new (payload);
  g_autoptr(GError) error = NULL;
  const CfOp *op;

  g_assert_false (cf_op_reader_next (reader, &op, &error));
  g_assert_no_error (error);
  g_assert_null (op);
}

/* The string of a one-field operation {"v":{"s":"<text>"}}, or NULL if
 * the reader refused it. */
static char *
read_one_string (const char *text)
{
  g_autofree char *json = g_strdup_printf ("[{\"k\":\"x\",\"id\":\"i\",\"v\":{\"s\":\"%s\"}}]",
                                           text);
  g_autoptr(GBytes) payload = g_bytes_new (json, strlen (json));
  g_autoptr(CfOpReader) reader = cf_op_reader_new (payload);
  g_autoptr(GError) error = NULL;
  const CfOp *op;

  if (!cf_op_reader_next (reader, &op, &error))
    {
      g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
      return NULL;
    }
  return g_strdup (cf_op_get_field (op, "s")->value.string);
}

/* Strings are scanned eight bytes at a time: whatever a string holds is
 * found wherever it falls in a word, and the text around it is kept. */
static void
test_strings_at_every_offset (void)
{
  const struct {
    const char *inside;     /* as written in the JSON */
    const char *read;       /* what the reader gives; NULL: refused */
  } cases[] = {
    { "", "" },
    { "\\n", "\n" },
    { "\\\"", "\"" },
    { "\\u00e9", "\xc3\xa9" },
    { "\xc3\xa9", "\xc3\xa9" },
    { "\xe2\x80\xae", "\xe2\x80\xae" },
    { "\x01", NULL },
    { "\x1f", NULL },
    { "\x7f", "\x7f" },
    { "\xff", NULL },
    { "\xc3", NULL },
    { "\xed\xa0\x80", NULL },      /* a surrogate, encoded */
  };

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    for (int before = 0; before < 20; before++)
      {
        g_autofree char *head = g_strnfill (before, 'a');
        g_autofree char *text = g_strconcat (head, cases[c].inside, "bcdefghijklmnop", NULL);
        g_autofree char *expected = cases[c].read
                                    ? g_strconcat (head, cases[c].read, "bcdefghijklmnop", NULL)
                                    : NULL;
        g_autofree char *read = read_one_string (text);

        g_assert_cmpstr (read, ==, expected);
      }
}

/* What the writer writes, the reader and json-glib read back as it was,
 * whatever the text holds. */
static void
test_written (void)
{
  const char *texts[] = {
    "", "plain", "quote \" and backslash \\", "lines\nand\ttabs\r", "\x01\x1f\x7f",
    "\u202eright-to-left override\u202c", "Ōkawa-سارا 😀", "{\"a\": [1, \"b\"]}",
    "\\u0041 is not an escape here",
  };
  g_autoptr(GString) out = g_string_new ("[");
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(CfOpReader) reader = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *fields;
  const CfOp *op;

  cf_op_write_begin (out, "ticket", "t\"1");
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *name = g_strdup_printf ("s%" G_GSIZE_FORMAT, i);

      cf_op_write_string (out, name, texts[i], "0000000000010000@n");
    }
  cf_op_write_string (out, "none", NULL, "0000000000010001@n");
  cf_op_write_integer (out, "low", G_MININT64, "0000000000010002@n");
  cf_op_write_end (out);
  g_string_append_c (out, ']');

  payload = g_bytes_new (out->str, out->len);
  reader = cf_op_reader_new (payload);
  g_assert_true (cf_op_reader_next (reader, &op, &error));
  g_assert_cmpstr (op->kind, ==, "ticket");
  g_assert_cmpstr (op->id, ==, "t\"1");
  g_assert_cmpuint (op->n_fields, ==, G_N_ELEMENTS (texts) + 2);
  root = json_from_string (out->str, &error);
  g_assert_no_error (error);
  fields = json_object_get_object_member (json_array_get_object_element (json_node_get_array (root), 0), "f");
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_assert_cmpint (op->fields[i].value.kind, ==, CF_OP_VALUE_STRING);
      g_assert_cmpstr (op->fields[i].value.string, ==, texts[i]);
      g_assert_cmpstr (op->fields[i].stamp, ==, "0000000000010000@n");
      g_assert_cmpstr (json_array_get_string_element (
          json_object_get_array_member (fields, op->fields[i].name), 0), ==, texts[i]);
    }
  g_assert_cmpint (cf_op_get_field (op, "none")->value.kind, ==, CF_OP_VALUE_NULL);
  g_assert_cmpint (cf_op_get_field (op, "low")->value.kind, ==, CF_OP_VALUE_INTEGER);
  g_assert_cmpint (cf_op_get_field (op, "low")->value.integer, ==, G_MININT64);
  g_assert_false (cf_op_reader_next (reader, &op, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ops/shapes", test_shapes);
  g_test_add_func ("/ops/values", test_values);
  g_test_add_func ("/ops/refused", test_refused);
  g_test_add_func ("/ops/empty", test_empty);
  g_test_add_func ("/ops/written", test_written);
  g_test_add_func ("/ops/strings-at-every-offset", test_strings_at_every_offset);
  return g_test_run ();
}
