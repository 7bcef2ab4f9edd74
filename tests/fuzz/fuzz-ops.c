/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The operations of a segment's payload, fed anything, past the signature
 * and encryption (fuzz-segment seals each input first; this one does not,
 * so it runs many more): each operation the reader accepts is written again
 * by the writer and must read back the same, then the whole payload is
 * applied twice in one transaction, as office and as case data, so the
 * second pass meets the rows the first made (newer and older stamps,
 * merges, erasures of what exists). */
#include <string.h>

#include "cf-ops.h"
#include "fuzz-util.h"

static gboolean
writable (const CfOp      *op,
          const CfOpField *field)
{
  return op->kind && op->id && field->paired && field->stamp &&
         strlen (field->name) == field->name_length &&
         (field->value.kind == CF_OP_VALUE_NULL || field->value.kind == CF_OP_VALUE_INTEGER ||
          field->value.kind == CF_OP_VALUE_STRING);
}

/* The fields of @op the writer can write, written as one operation. */
static GString *
write_again (const CfOp *op,
             guint      *n_written)
{
  GString *out = g_string_new ("[");

  *n_written = 0;
  cf_op_write_begin (out, op->kind, op->id);
  for (guint i = 0; i < op->n_fields; i++)
    {
      const CfOpField *field = &op->fields[i];
      g_autofree char *name = NULL;

      if (!writable (op, field))
        continue;
      name = g_strndup (field->name, field->name_length);
      if (field->value.kind == CF_OP_VALUE_INTEGER)
        cf_op_write_integer (out, name, field->value.integer, field->stamp);
      else
        cf_op_write_string (out, name, field->value.kind == CF_OP_VALUE_STRING ?
                                       field->value.string : NULL, field->stamp);
      (*n_written)++;
    }
  cf_op_write_end (out);
  g_string_append_c (out, ']');
  return out;
}

static void
check_same (const CfOp *op,
            const CfOp *again)
{
  guint j = 0;

  g_assert (g_str_equal (op->kind, again->kind) && g_str_equal (op->id, again->id));
  for (guint i = 0; i < op->n_fields; i++)
    {
      const CfOpField *a = &op->fields[i], *b;

      if (!writable (op, a))
        continue;
      b = &again->fields[j++];
      g_assert (a->name_length == b->name_length && memcmp (a->name, b->name, a->name_length) == 0);
      g_assert (a->value.kind == b->value.kind && b->paired && g_str_equal (a->stamp, b->stamp));
      g_assert (a->value.kind != CF_OP_VALUE_INTEGER || a->value.integer == b->value.integer);
      g_assert (a->value.kind != CF_OP_VALUE_STRING || g_str_equal (a->value.string, b->value.string));
    }
  g_assert (j == again->n_fields);
}

static void
round_trip (const CfOp *op)
{
  guint n_written;
  g_autoptr(GString) text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CfOpReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const CfOp *again;

  if (op->kind == NULL || op->id == NULL)
    return;
  text = write_again (op, &n_written);
  bytes = g_bytes_new (text->str, text->len);
  reader = cf_op_reader_new (bytes);
  g_assert (cf_op_reader_next (reader, &again, &error));
  g_assert (again->has_fields && again->n_fields == n_written);
  check_same (op, again);
  g_assert (!cf_op_reader_next (reader, &again, &error) && error == NULL);
}

static void
read_all (GBytes *payload)
{
  g_autoptr(CfOpReader) reader = cf_op_reader_new (payload);
  const CfOp *op;

  while (cf_op_reader_next (reader, &op, NULL))
    round_trip (op);
}

static void
apply_twice (GBytes *payload,
             size_t  size)
{
  CfStore *store = fuzz_scratch_store ();
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

  _cf_store_begin (store, NULL);
  if (fuzz_apply (store, payload, FALSE, size % 2 ? CF_DATA_CASE : CF_DATA_OFFICE))
    fuzz_apply (store, payload, FALSE, size % 2 ? CF_DATA_OFFICE : CF_DATA_CASE);
  fuzz_apply (store, payload, FALSE, size % 2 ? CF_DATA_CASE : CF_DATA_OFFICE);
  _cf_store_rollback (store);
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) payload = fuzz_terminated_bytes (data, size);

  read_all (payload);
  apply_twice (payload, size);
  return 0;
}
