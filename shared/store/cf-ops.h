/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The operations of a segment's payload, read one at a time.
 *
 * A payload is a JSON array of operations (see cf-replica.c):
 *   {"k": kind, "id": id, "f": {field: [value, stamp], ...}}   mutable rows
 *   {"k": kind, "id": id, "v": {field: value, ...}}            append-only rows
 *   {"k": "erase", "id": id, "h": stamp}
 *   {"k": "floor", "id": node, "seq": n [, "from": n]}         a snapshot's
 * ("from", in its writer's own floor: the snapshot's first segment).
 * A value is a string, an integer or null.  Members this Confide does not
 * know are skipped, whatever they hold.
 *
 * Importing is the hot path of a sync: a document model would allocate a
 * node, and an object a hash table, for every value of every operation.
 * This reader makes one copy of the payload and unescapes strings in place. */

typedef enum {
  CF_OP_VALUE_NULL,
  CF_OP_VALUE_INTEGER,
  CF_OP_VALUE_STRING,
  CF_OP_VALUE_OTHER,    /* true, false, a fraction, an object or an array: not data */
} CfOpValueKind;

typedef struct {
  CfOpValueKind kind;
  gint64        integer;
  const char   *string;  /* valid UTF-8 */
} CfOpValue;

typedef struct {
  const char *name;
  gsize       name_length;
  CfOpValue   value;
  const char *stamp;     /* NULL in "v"; in "f", NULL unless the pair's second is a string */
  gboolean    paired;    /* from "f", and a two-element array */
} CfOpField;

#define CF_OP_MAX_FIELDS 32

typedef struct {
  const char *kind;      /* NULL when missing or not a string */
  const char *id;
  const char *stamp;     /* "h" */
  gint64      seq;       /* "seq"; -1 when missing */
  gint64      from;      /* "from"; -1 when missing */
  gboolean    has_fields;        /* "f" was an object */
  gboolean    has_values;        /* "v" was an object */
  guint       n_fields;
  CfOpField   fields[CF_OP_MAX_FIELDS];
} CfOp;

typedef struct _CfOpReader CfOpReader;

CfOpReader *cf_op_reader_new  (GBytes      *payload);
/* The next operation, valid until the next call; FALSE at the end, or with
 * @error set when the payload is not such an array. */
gboolean    cf_op_reader_next (CfOpReader  *reader,
                               const CfOp **op,
                               GError     **error);
void        cf_op_reader_free (CfOpReader  *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfOpReader, cf_op_reader_free)

/* The field named @name, or NULL. */
const CfOpField *cf_op_get_field     (const CfOp *op,
                                      const char *name);
/* The one sentence for a payload that is not such an array, or holds an
 * operation that cannot be applied. */
void             cf_op_set_malformed (GError    **error);

/* Writing one operation of a mutable kind into @out, in the same format:
 * begin, any number of fields, end.  Text must be valid UTF-8; it is
 * escaped as JSON needs and passed through otherwise. */
void cf_op_write_begin   (GString    *out,
                          const char *kind,
                          const char *id);
/* A string field; NULL @value writes null. */
void cf_op_write_string  (GString    *out,
                          const char *name,
                          const char *value,
                          const char *stamp);
void cf_op_write_integer (GString    *out,
                          const char *name,
                          gint64      value,
                          const char *stamp);
void cf_op_write_end     (GString    *out);

G_END_DECLS
