/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The segment reader, fed anything: first as a whole segment file (header,
 * signature, decryption must refuse it cleanly), then as the plaintext of a
 * correctly signed and encrypted segment, so the operations applier behind
 * the authentication is exercised too. */
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "cf-fts-private.h"
#include "cf-ops.h"
#include "cf-replica-private.h"
#include "cf-segment.h"
#include "cf-store-private.h"

#define NODE "6f1c0d2e-4b3a-4c5d-8e7f-0a1b2c3d4e5f"

static CfOfficeKeys *keys;
static guint8 sign_public[CF_SIGN_PUBLIC_BYTES];
static guint8 sign_secret[CF_SIGN_SECRET_BYTES];
static CfStore *store;

static const guint8 *
lookup (const char *node_id,
        gpointer    data)
{
  return g_str_equal (node_id, NODE) ? sign_public : NULL;
}

/* Deterministic keys, and one scratch database for the whole run. */
static void
set_up (void)
{
  guint8 seed[crypto_sign_SEEDBYTES] = { 7 };
  g_autofree char *dir = NULL, *path = NULL;

  if (keys != NULL)
    return;
  keys = cf_office_keys_new ();
  memset (keys->office_key, 1, sizeof keys->office_key);
  memset (keys->case_key, 3, sizeof keys->case_key);
  keys->case_generation = 1;
  memset (keys->feed_key, 2, sizeof keys->feed_key);
  crypto_box_seed_keypair (keys->box_public, keys->box_secret, seed);
  keys->has_office_key = keys->has_box_secret = TRUE;
  crypto_sign_seed_keypair (sign_public, sign_secret, seed);
  dir = g_dir_make_tmp ("confide-fuzz-XXXXXX", NULL);
  path = g_build_filename (dir, "fuzz.db", NULL);
  store = cf_store_open_unencrypted (path, NULL);
  g_assert (store != NULL);
}

static void
read_as_file (const guint8 *data,
              size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GBytes) payload = NULL;
  CfSegmentHeader header;

  payload = cf_segment_open (bytes, keys, lookup, NULL, &header, NULL);
  g_assert (payload == NULL || g_bytes_get_size (payload) <= size);
}

static void
apply_as_payload (const guint8 *data,
                  size_t        size)
{
  CfSegmentHeader header = { CF_SEGMENT_OFFICE, NODE, 1 };
  g_autoptr(GBytes) plain = g_bytes_new (data, size);
  g_autoptr(GBytes) sealed = cf_segment_seal (&header, plain, keys, sign_secret, NULL);
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  CfSegmentHeader read_back;
  g_autoptr(CfReplicaMemo) memo = NULL;
  CfFtsWatermark watermark;
  guint applied;

  opened = cf_segment_open (sealed, keys, lookup, NULL, &read_back, NULL);
  g_assert (opened != NULL && g_bytes_equal (opened, plain));
  _cf_store_begin (store, NULL);
  _cf_store_exec (store, "PRAGMA defer_foreign_keys = ON", NULL);
  g_assert (_cf_fts_watermark (store, &watermark, NULL));
  memo = _cf_replica_memo_new ();
  if (_cf_replica_apply (store, memo, opened, size % 2 == 0,
                         size % 3 == 0 ? CF_DATA_OFFICE : CF_DATA_CASE, NULL, &applied, NULL))
    _cf_fts_index_above (store, &watermark, NULL);
  _cf_store_rollback (store);
}

/* The operations reader is never more lenient than JSON itself: what it
 * reads to the end, a full JSON parser accepts too. */
static void
read_as_operations (const guint8 *data,
                    size_t        size)
{
  g_autoptr(GBytes) payload = g_bytes_new (data, size);
  g_autoptr(CfOpReader) reader = cf_op_reader_new (payload);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const CfOp *op;

  while (cf_op_reader_next (reader, &op, &error))
    g_assert (op->n_fields <= CF_OP_MAX_FIELDS);
  if (error == NULL)
    g_assert (json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL));
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  set_up ();
  read_as_file (data, size);
  read_as_operations (data, size);
  apply_as_payload (data, size);
  return 0;
}
