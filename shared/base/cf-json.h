/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Members of JSON that came from a file or another machine: NULL when
 * missing or of another type, never a critical warning. */
JsonArray  *cf_json_get_array    (JsonObject *object,
                                  const char *member);
JsonObject *cf_json_get_object   (JsonObject *object,
                                  const char *member);
JsonObject *cf_json_array_object (JsonArray  *array,
                                  guint       index);
const char *cf_json_get_string   (JsonObject *object,
                                  const char *member);
/* An integer or boolean member; @fallback when it is missing or of any
 * other type (null, a string, a fraction, an object, an array). */
gint64      cf_json_get_int      (JsonObject *object,
                                  const char *member,
                                  gint64      fallback);
gboolean    cf_json_get_boolean  (JsonObject *object,
                                  const char *member,
                                  gboolean    fallback);

/* The document's root, or NULL for invalid or empty text. */
JsonNode *cf_json_parse (const char *data,
                         gssize      length);

/* Appends @text, valid UTF-8, to @out as a JSON string: quotes, backslashes
 * and control characters escaped, everything else passed through.  A byte
 * of @text takes at most CF_JSON_ESCAPED_MAX bytes of @out. */
#define CF_JSON_ESCAPED_MAX 6
void cf_json_append_string (GString    *out,
                            const char *text);

G_END_DECLS
