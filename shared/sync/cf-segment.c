/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-segment.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-error.h"

/* Layout (big-endian integers):
 *   0  magic "CONFIDE2"        8 bytes
 *   8  kind                    1
 *   9  node id (ASCII UUID)   36
 *  45  sequence number         8
 *  53  payload length          4
 *  57  audit chain: entries    8   the writer's head, see cf-audit-head.h
 *  65  audit chain: last hash 32
 *  97  head signature         64   Ed25519, cf_audit_head_sign()
 * 161  payload                 n   nonce + AEAD ciphertext, or a sealed box;
 *                                  for case data, first the key's generation (4)
 *      signature              64   Ed25519 over everything before it
 * The header up to the head signature is also the AEAD's associated data,
 * so a payload cannot be moved under another header. */
#define MAGIC            "CONFIDE2"
#define MAGIC_BYTES      8
#define HEADER_BYTES     97
#define HEAD_SIG_BYTES   CF_AUDIT_SIGNATURE_BYTES
#define PAYLOAD_AT       (HEADER_BYTES + HEAD_SIG_BYTES)
#define SIGNATURE_BYTES  crypto_sign_BYTES
#define NONCE_BYTES      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define MAC_BYTES        crypto_aead_xchacha20poly1305_ietf_ABYTES

CfOfficeKeys *
cf_office_keys_new (void)
{
  CfOfficeKeys *keys;

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  keys = sodium_malloc (sizeof *keys);
  if (keys == NULL)
    g_error ("out of guarded memory for keys");
  sodium_memzero (keys, sizeof *keys);
  return keys;
}

void
cf_office_keys_free (CfOfficeKeys *keys)
{
  if (keys != NULL)
    sodium_free (keys);
}

static void
set_damaged (GError    **error,
             const char *why)
{
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("A segment in the sync folder is damaged or has been tampered with (%s); it was refused and nothing of it was applied."),
               why);
}

static gboolean
valid_kind (guint8 kind)
{
  return kind == CF_SEGMENT_OFFICE || kind == CF_SEGMENT_CASE || kind == CF_SEGMENT_KIOSK ||
         kind == CF_SEGMENT_FEED || kind == CF_SEGMENT_ACKS;
}

static gboolean
valid_node_id (const guint8 *text)
{
  for (int i = 0; i < CF_NODE_ID_LENGTH; i++)
    {
      gboolean dash = i == 8 || i == 13 || i == 18 || i == 23;

      if (dash ? text[i] != '-' : !g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

static void
write_header (guint8                *out,
              const CfSegmentHeader *header,
              guint32                payload_length)
{
  guint64 seq = GUINT64_TO_BE (header->seq);
  guint32 length = GUINT32_TO_BE (payload_length);
  guint64 audit_seq = GUINT64_TO_BE (header->audit.seq);

  memcpy (out, MAGIC, MAGIC_BYTES);
  out[8] = (guint8) header->kind;
  memcpy (out + 9, header->node_id, CF_NODE_ID_LENGTH);
  memcpy (out + 45, &seq, sizeof seq);
  memcpy (out + 53, &length, sizeof length);
  memcpy (out + 57, &audit_seq, sizeof audit_seq);
  memcpy (out + 65, header->audit.hash, CF_AUDIT_HASH_BYTES);
}

/* The head names the segment it came in, so it cannot be replayed as
 * another's. */
static void
sign_head (const CfSegmentHeader *header,
           const guint8          *sign_secret,
           guint8                *out)
{
  CfAuditHead head = header->audit;

  g_strlcpy (head.node_id, header->node_id, sizeof head.node_id);
  head.segment_kind = (guint8) header->kind;
  head.segment_seq = header->seq;
  cf_audit_head_sign (&head, sign_secret);
  memcpy (out, head.signature, HEAD_SIG_BYTES);
}

#define GENERATION_BYTES 4

/* The key a segment of @kind is sealed with; for case data, @generation's
 * (0: the newest, for writing). */
static const guint8 *
symmetric_key (const CfOfficeKeys *keys,
               CfSegmentKind       kind,
               guint               generation)
{
  /* Acks hold only machine ids and numbers; kiosks read them too, to know
   * when their own segments may go. */
  if (kind == CF_SEGMENT_FEED || kind == CF_SEGMENT_ACKS)
    return keys->feed_key;
  if (kind == CF_SEGMENT_OFFICE)
    return keys->has_office_key ? keys->office_key : NULL;
  if (keys->case_generation == 0)
    return NULL;
  if (generation == 0 || generation == keys->case_generation)
    return keys->case_key;
  return keys->case_key_for ? keys->case_key_for (generation, keys->case_key_data) : NULL;
}

/* Signs header + payload; the payload is already encrypted or sealed. */
static GBytes *
assemble (const CfSegmentHeader *header,
          const guint8          *payload,
          gsize                  payload_length,
          const guint8          *sign_secret,
          GError               **error)
{
  gsize total = PAYLOAD_AT + payload_length + SIGNATURE_BYTES;
  guint8 *out;

  if (total > CF_SEGMENT_MAX_BYTES)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_FAILED, _("Too many changes for one segment."));
      return NULL;
    }
  out = g_malloc (total);
  write_header (out, header, (guint32) payload_length);
  sign_head (header, sign_secret, out + HEADER_BYTES);
  memcpy (out + PAYLOAD_AT, payload, payload_length);
  crypto_sign_detached (out + PAYLOAD_AT + payload_length, NULL, out,
                        PAYLOAD_AT + payload_length, sign_secret);
  return g_bytes_new_take (out, total);
}

/* libsodium's crypto_box_seal itself: a one-time key pair per box. */
GBytes *
cf_segment_seal_box (GBytes       *plaintext,
                     const guint8 *box_public)
{
  gsize length;
  const guint8 *plain;
  guint8 *sealed;

  g_return_val_if_fail (plaintext && box_public, NULL);
  plain = g_bytes_get_data (plaintext, &length);
  sealed = g_malloc (length + crypto_box_SEALBYTES);
  if (crypto_box_seal (sealed, plain, length, box_public) != 0)
    {
      g_free (sealed);
      return NULL;
    }
  return g_bytes_new_take (sealed, length + crypto_box_SEALBYTES);
}

GBytes *
cf_segment_sign_sealed (const CfSegmentHeader *header,
                        GBytes                *sealed,
                        const guint8          *sign_secret,
                        GError               **error)
{
  gsize length;
  const guint8 *payload = g_bytes_get_data (sealed, &length);

  g_return_val_if_fail (header && header->kind == CF_SEGMENT_KIOSK, NULL);
  return assemble (header, payload, length, sign_secret, error);
}

GBytes *
cf_segment_seal (const CfSegmentHeader *header,
                 GBytes                *plaintext,
                 const CfOfficeKeys    *keys,
                 const guint8          *sign_secret,
                 GError               **error)
{
  gsize plain_length;
  const guint8 *plain = g_bytes_get_data (plaintext, &plain_length);
  g_autofree guint8 *payload = NULL;
  gsize payload_length, prefix;
  const guint8 *key;
  guint8 ad[HEADER_BYTES];

  g_return_val_if_fail (header && plaintext && keys && sign_secret, NULL);
  g_return_val_if_fail (valid_kind (header->kind), NULL);

  if (header->kind == CF_SEGMENT_KIOSK)
    {
      g_autoptr(GBytes) sealed = cf_segment_seal_box (plaintext, keys->box_public);

      if (sealed == NULL)
        {
          g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT, _("The office public key is damaged."));
          return NULL;
        }
      return cf_segment_sign_sealed (header, sealed, sign_secret, error);
    }
  key = symmetric_key (keys, header->kind, 0);
  if (key == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_DENIED,
                   _("This machine does not hold the key for that kind of segment."));
      return NULL;
    }
  prefix = header->kind == CF_SEGMENT_CASE ? GENERATION_BYTES : 0;
  payload_length = prefix + NONCE_BYTES + plain_length + MAC_BYTES;
  payload = g_malloc (payload_length);
  if (prefix)
    {
      guint32 generation = GUINT32_TO_BE (keys->case_generation);

      memcpy (payload, &generation, GENERATION_BYTES);
    }
  write_header (ad, header, (guint32) payload_length);
  randombytes_buf (payload + prefix, NONCE_BYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt (payload + prefix + NONCE_BYTES, NULL, plain, plain_length,
                                              ad, HEADER_BYTES, NULL, payload + prefix, key);
  return assemble (header, payload, payload_length, sign_secret, error);
}

static void
read_head (const guint8    *data,
           CfSegmentHeader *header)
{
  CfAuditHead *head = &header->audit;
  guint64 seq;

  memcpy (&seq, data + 57, sizeof seq);
  g_strlcpy (head->node_id, header->node_id, sizeof head->node_id);
  head->segment_kind = (guint8) header->kind;
  head->segment_seq = header->seq;
  head->seq = GUINT64_FROM_BE (seq);
  memcpy (head->hash, data + 65, CF_AUDIT_HASH_BYTES);
  memcpy (head->signature, data + HEADER_BYTES, HEAD_SIG_BYTES);
}

gboolean
cf_segment_read_header (GBytes          *segment,
                        CfSegmentHeader *header,
                        GError         **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (segment, &size);
  guint64 seq;
  guint32 length;

  if (size < PAYLOAD_AT + SIGNATURE_BYTES || memcmp (data, MAGIC, MAGIC_BYTES) != 0)
    {
      set_damaged (error, _("not a Confide segment"));
      return FALSE;
    }
  if (!valid_kind (data[8]) || !valid_node_id (data + 9))
    {
      set_damaged (error, _("bad header"));
      return FALSE;
    }
  memcpy (&seq, data + 45, sizeof seq);
  memcpy (&length, data + 53, sizeof length);
  if ((gsize) GUINT32_FROM_BE (length) != size - PAYLOAD_AT - SIGNATURE_BYTES)
    {
      set_damaged (error, _("truncated"));
      return FALSE;
    }
  header->kind = (CfSegmentKind) data[8];
  memcpy (header->node_id, data + 9, CF_NODE_ID_LENGTH);
  header->node_id[CF_NODE_ID_LENGTH] = '\0';
  header->seq = GUINT64_FROM_BE (seq);
  read_head (data, header);
  return TRUE;
}

/* Not damage: a desk waits for a key it has not been granted yet (case
 * data, where no adviser or manager has signed in), and a kiosk never
 * holds the desks' keys. */
static void
set_no_key (GError      **error,
            CfSegmentKind kind)
{
  g_set_error (error, CF_ERROR, CF_ERROR_NO_KEY,
               kind == CF_SEGMENT_CASE
               ? _("This desk does not hold the key for some case records in the sync folder yet; they will be applied when an adviser or a manager signs in here.")
               : _("This machine does not hold the key for some segments in the sync folder."));
}

static GBytes *
decrypt_payload (const guint8       *data,
                 gsize               payload_length,
                 CfSegmentKind       kind,
                 const CfOfficeKeys *keys,
                 GError            **error)
{
  const guint8 *payload = data + PAYLOAD_AT;
  g_autofree guint8 *plain = NULL;
  gsize plain_length;

  if (kind == CF_SEGMENT_KIOSK)
    {
      if (!keys->has_box_secret)
        {
          set_no_key (error, CF_SEGMENT_CASE);
          return NULL;
        }
      if (payload_length < crypto_box_SEALBYTES)
        goto refused;
      plain_length = payload_length - crypto_box_SEALBYTES;
      plain = g_malloc (plain_length + 1);
      if (crypto_box_seal_open (plain, payload, payload_length, keys->box_public, keys->box_secret) != 0)
        goto refused;
    }
  else
    {
      gsize prefix = kind == CF_SEGMENT_CASE ? GENERATION_BYTES : 0;
      guint32 generation = 0;
      const guint8 *key;
      unsigned long long opened;

      if (payload_length < prefix + NONCE_BYTES + MAC_BYTES)
        goto refused;
      if (prefix)
        {
          memcpy (&generation, payload, GENERATION_BYTES);
          generation = GUINT32_FROM_BE (generation);
          if (generation == 0)
            goto refused;
        }
      key = symmetric_key (keys, kind, generation);
      if (key == NULL)
        {
          set_no_key (error, kind);
          return NULL;
        }
      payload += prefix;
      payload_length -= prefix;
      plain = g_malloc (payload_length + 1);
      if (crypto_aead_xchacha20poly1305_ietf_decrypt (plain, &opened, NULL, payload + NONCE_BYTES,
                                                      payload_length - NONCE_BYTES, data,
                                                      HEADER_BYTES, payload, key) != 0)
        goto refused;
      plain_length = (gsize) opened;
    }
  /* Terminated, so a payload can be read as text; the size excludes it. */
  plain[plain_length] = '\0';
  return g_bytes_new_take (g_steal_pointer (&plain), plain_length);

refused:
  set_damaged (error, _("it does not decrypt with the office key"));
  return NULL;
}

/* The header, and the signature of the whole segment checked against the
 * roster; nothing is decrypted. */
gboolean
cf_segment_check_signature (GBytes          *segment,
                            CfSignerLookup   lookup,
                            gpointer         lookup_data,
                            CfSegmentHeader *header,
                            GError         **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (segment, &size);
  const guint8 *signer;
  gsize signed_length;

  g_return_val_if_fail (segment && lookup && header, FALSE);

  if (!cf_segment_read_header (segment, header, error))
    return FALSE;
  signer = lookup (header->node_id, lookup_data);
  if (signer == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_UNKNOWN_SIGNER,
                   _("A segment in the sync folder was written by machine %s, which is not enrolled in this office; it was refused."),
                   header->node_id);
      return FALSE;
    }
  signed_length = size - SIGNATURE_BYTES;
  if (crypto_sign_verify_detached (data + signed_length, data, signed_length, signer) != 0)
    {
      set_damaged (error, _("its signature does not match"));
      return FALSE;
    }
  return TRUE;
}

/* Checks the signature against the roster before anything is decrypted,
 * and refuses the whole segment on any failure. */
GBytes *
cf_segment_open (GBytes             *segment,
                 const CfOfficeKeys *keys,
                 CfSignerLookup      lookup,
                 gpointer            lookup_data,
                 CfSegmentHeader    *header,
                 GError            **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (segment, &size);

  g_return_val_if_fail (segment && keys && lookup && header, NULL);

  if (!cf_segment_check_signature (segment, lookup, lookup_data, header, error))
    return NULL;
  return decrypt_payload (data, size - SIGNATURE_BYTES - PAYLOAD_AT, header->kind, keys, error);
}
