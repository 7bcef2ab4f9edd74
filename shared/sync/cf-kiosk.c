/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-kiosk.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-feed.h"
#include "cf-files.h"
#include "cf-hlc.h"
#include "cf-json.h"
#include "cf-kiosk-outbox-private.h"
#include "cf-machines-private.h"
#include "cf-ops.h"
#include "cf-sync-private.h"
#include "cf-settings-private.h"
#include "cf-text.h"

#define CODE_ALPHABET "ACDEFGHJKMNPQRTUVWXY34679"

struct _CfKiosk {
  GObject   parent_instance;

  CfStore   *store;
  char      *sync_dir;
  guint8     box_public[CF_BOX_KEY_BYTES];   /* see cf_kiosk_prepare_seal() */
  gboolean   has_box_public;
  CfHlc      clock;        /* see load_clock() */
};

G_DEFINE_FINAL_TYPE (CfKiosk, cf_kiosk, G_TYPE_OBJECT)

static void
cf_kiosk_finalize (GObject *object)
{
  CfKiosk *self = (CfKiosk *) object;

  g_clear_object (&self->store);
  g_free (self->sync_dir);
  G_OBJECT_CLASS (cf_kiosk_parent_class)->finalize (object);
}

static void
cf_kiosk_class_init (CfKioskClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_kiosk_finalize;
}

static void
cf_kiosk_init (CfKiosk *self)
{
}

static CfKey *
read_kiosk_key (const char *data_dir,
                GError    **error)
{
  g_autofree char *path = cf_data_dir_kiosk_key (data_dir);
  g_autofree char *bytes = NULL;
  gsize length = 0;
  CfKey *key = NULL;

  if (!cf_files_read (path, &bytes, &length, error))
    return NULL;
  if (length == CF_KEY_BYTES)
    key = cf_key_new_from_bytes ((const guint8 *) bytes);
  else
    g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
                 _("%s is damaged; enrol this kiosk again."), path);
  sodium_memzero (bytes, length);
  return key;
}

/* A kiosk's database has one user, this kiosk, and holds a few sealed
 * visits at a time; a visit's commit is tuned for that:
 * - the lock is taken once and kept, which saves the system calls that
 *   share it around every transaction (a second copy of the app is told
 *   the database is busy);
 * - a short write-ahead log is checkpointed and begun again from its start
 *   every few visits, so a commit overwrites blocks the file system has
 *   already placed: growing the file costs a file-system journal commit on
 *   top of the fsync. */
static gboolean
tune_for_one_writer (CfStore *store,
                     GError **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

  return _cf_store_exec (store, "PRAGMA locking_mode = EXCLUSIVE;"
                                "PRAGMA wal_autocheckpoint = 64;", error);
}

/* The kiosk's clock goes on from its newest visit still waiting to be
 * sent, or, when none waits, from the stamp the last one sent left in the
 * settings (_cf_kiosk_outbox_sent).  Both are this kiosk's own stamps. */
static gboolean
load_clock (CfKiosk *self,
            GError **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (self->store);
  g_autofree char *sent = NULL, *waiting = NULL;

  if (!_cf_settings_get (self->store, "hlc_last", &sent, error) ||
      !_cf_kiosk_outbox_newest_stamp (self->store, &waiting, error))
    return FALSE;
  cf_hlc_parse (g_strcmp0 (waiting, sent) > 0 ? waiting : sent, &self->clock);
  return TRUE;
}

CfKiosk *
cf_kiosk_open (const char *data_dir,
               const char *sync_dir,
               GError    **error)
{
  g_autoptr(CfNodeConfig) config = NULL;
  g_autoptr(CfKiosk) self = NULL;
  g_autoptr(CfKey) key = NULL;
  g_autofree char *database = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  config = cf_node_config_load (data_dir, error);
  if (config == NULL)
    return NULL;
  if (!g_str_equal (config->kind, "kiosk"))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_SET_UP,
                   _("%s belongs to a desk, not a kiosk."), data_dir);
      return NULL;
    }
  key = read_kiosk_key (data_dir, error);
  if (key == NULL)
    return NULL;
  database = cf_data_dir_database (data_dir);
  self = g_object_new (CF_TYPE_KIOSK, NULL);
  self->store = cf_store_open (database, key, error);
  self->sync_dir = g_strdup (sync_dir ? sync_dir : config->sync_dir);
  if (self->store == NULL || !tune_for_one_writer (self->store, error) ||
      !load_clock (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

CfStore *
cf_kiosk_get_store (CfKiosk *self)
{
  g_return_val_if_fail (CF_IS_KIOSK (self), NULL);
  return self->store;
}

const char *
cf_kiosk_get_sync_dir (CfKiosk *self)
{
  g_return_val_if_fail (CF_IS_KIOSK (self), NULL);
  return self->sync_dir;
}

static char *
random_code (int         groups,
             int         group_length,
             const char *separator)
{
  GString *code = g_string_new (NULL);

  for (int g = 0; g < groups; g++)
    {
      if (g > 0)
        g_string_append (code, separator);
      for (int i = 0; i < group_length; i++)
        g_string_append_c (code, CODE_ALPHABET[randombytes_uniform (sizeof CODE_ALPHABET - 1)]);
    }
  return g_string_free (code, FALSE);
}

char *
cf_kiosk_new_access_code (void)
{
  return random_code (3, 3, "-");
}

/* Every string a student typed, at any depth, must be text we can show.
 * @what names it in the sentence of a refusal.  Adds to @size the most
 * bytes the node can take as JSON text, so write_details can be given a
 * buffer that never moves. */
static gboolean
check_details (JsonNode   *node,
               const char *what,
               gsize      *size,
               GError    **error)
{
  /* A number, a literal or a container's brackets, and a separator. */
  *size += G_ASCII_DTOSTR_BUF_SIZE + 1;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        {
          *size += CF_JSON_ESCAPED_MAX * strlen (name) + 3;
          if (!check_details (member, what, size, error))
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!check_details (json_array_get_element (array, i), what, size, error))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      *size += CF_JSON_ESCAPED_MAX * strlen (text) + 2;
      return cf_text_check (text, -1, CF_TEXT_PARAGRAPHS, what, error);
    }
  return TRUE;
}

static void
write_value (GString  *out,
             JsonNode *node)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      cf_json_append_string (out, json_node_get_string (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    default:
      g_string_append (out, g_ascii_dtostr (number, sizeof number, json_node_get_double (node)));
      break;
    }
}

/* The details as JSON text, members in the order the screens set them,
 * checked first by check_details.  Written here rather than by json-glib's
 * generator, whose growing buffer would leave copies of what the student
 * typed in freed memory. */
static void
write_details (GString  *out,
               JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      gboolean first = TRUE;

      g_string_append_c (out, '{');
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          cf_json_append_string (out, name);
          g_string_append_c (out, ':');
          write_details (out, member);
        }
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          write_details (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
    }
  else if (JSON_NODE_HOLDS_VALUE (node))
    write_value (out, node);
  else
    g_string_append (out, "null");
}

/* The visit as the one operation a kiosk may send: a new ticket. */
static char *
ticket_operation (const char *code,
                  CfVisitKind kind,
                  const char *topic,
                  const char *appointment_id,
                  const char *submission,
                  const char *stamp)
{
  /* The buffer never moves, so no copy of what the student typed is left
   * behind in freed memory. */
  gsize longest = 1024 + CF_JSON_ESCAPED_MAX * (strlen (submission) + (topic ? strlen (topic) : 0));
  GString *op = g_string_sized_new (longest);
  g_autofree char *id = g_uuid_string_random ();

  g_string_append_c (op, '[');
  cf_op_write_begin (op, "ticket", id);
  cf_op_write_string (op, "code", code, stamp);
  cf_op_write_string (op, "kind", kind == CF_VISIT_DROP_IN ? "drop-in" : "appointment", stamp);
  cf_op_write_string (op, "topic", topic, stamp);
  cf_op_write_integer (op, "waiting_since", g_get_real_time () / G_USEC_PER_SEC, stamp);
  cf_op_write_string (op, "status", "waiting", stamp);
  cf_op_write_string (op, "student_id", NULL, stamp);
  cf_op_write_string (op, "appointment_id", appointment_id, stamp);
  cf_op_write_string (op, "adviser_id", NULL, stamp);
  cf_op_write_string (op, "called_at", NULL, stamp);
  cf_op_write_string (op, "submission", submission, stamp);
  cf_op_write_end (op);
  g_string_append_c (op, ']');
  return g_string_free (op, FALSE);
}

/* The office public key is read once: every visit is sealed to it. */
gboolean
cf_kiosk_prepare_seal (CfKiosk *self,
                       GError **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  g_autofree char *text = NULL;
  g_autofree guint8 *decoded = NULL;
  gsize length = 0;

  g_return_val_if_fail (CF_IS_KIOSK (self), FALSE);
  lock = _cf_store_lock (self->store);
  if (self->has_box_public)
    return TRUE;
  if (!_cf_settings_get (self->store, "office_box_public", &text, error))
    return FALSE;
  decoded = text ? g_base64_decode (text, &length) : NULL;
  if (length == CF_BOX_KEY_BYTES)
    {
      memcpy (self->box_public, decoded, CF_BOX_KEY_BYTES);
      self->has_box_public = TRUE;
      return TRUE;
    }
  g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
               _("The office key is missing from this kiosk; enrol it again."));
  return FALSE;
}

/* --- padding --- */

/* A visit is padded to a power of two, at least PAD_SMALLEST bytes, before
 * it is sealed, so the length of a box in the outbox or the sync folder
 * tells nothing of how much a student typed.  The padding is ISO/IEC
 * 7816-4's (sodium_pad): a 0x80 byte and then zeros, never more than one
 * way to read. */
#define PAD_SMALLEST 1024

static gsize
pad_bucket (gsize length)
{
  gsize bucket = PAD_SMALLEST;

  /* At least one byte of padding: 0x80 marks where the visit ends. */
  while (bucket <= length)
    bucket *= 2;
  return bucket;
}

/* @plain padded in a buffer of its own, wiped by the caller. */
static guint8 *
pad_visit (const char *plain,
           gsize      *padded_length)
{
  gsize length = strlen (plain);
  gsize bucket = pad_bucket (length);
  guint8 *padded = g_malloc (bucket);
  size_t written = 0;

  memcpy (padded, plain, length);
  if (sodium_pad (&written, padded, length, bucket, bucket) != 0)
    g_error ("A visit could not be padded");
  *padded_length = written;
  return padded;
}

GBytes *
_cf_sync_unpad_visit (GBytes  *payload,
                      GError **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (payload, &length);
  size_t unpadded = 0;
  char *copy;

  /* A visit sealed before kiosks padded them is JSON text, which never
   * ends with the 0x80 or 0x00 of padding; it is taken as it is. */
  if (length > 0 && data[length - 1] == ']')
    return g_bytes_ref (payload);
  /* The whole bucket is the block: the padding may be longer than
   * PAD_SMALLEST. */
  if (length < PAD_SMALLEST || (length & (length - 1)) != 0 ||
      sodium_unpad (&unpadded, data, length, length) != 0)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT, _("A kiosk's visit is damaged."));
      return NULL;
    }
  /* Terminated, as cf_segment_open leaves a payload, to be read as text. */
  copy = g_malloc (unpadded + 1);
  memcpy (copy, data, unpadded);
  copy[unpadded] = '\0';
  return g_bytes_new_take (copy, unpadded);
}

static gboolean
seal_and_store (CfKiosk    *self,
                const char *plain,
                const char *stamp,
                GError    **error)
{
  g_autoptr(GBytes) plaintext = NULL, sealed = NULL;
  guint8 *padded;
  gsize length;

  if (!cf_kiosk_prepare_seal (self, error))
    return FALSE;
  padded = pad_visit (plain, &length);
  plaintext = g_bytes_new_static (padded, length);
  sealed = cf_segment_seal_box (plaintext, self->box_public);
  sodium_memzero (padded, length);
  g_free (padded);
  if (sealed == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT, _("The office public key is damaged."));
      return FALSE;
    }
  return _cf_kiosk_outbox_add (self->store, sealed, stamp, error);
}

/* ---- ticket codes ---- */

/* A ticket code is "D-" or "A-" and CODE_LENGTH characters of the
 * alphabet: 15,625 codes of each kind.  Drawn at random, a day of 150
 * check-ins would give two students the same code one day in two (the
 * birthday problem), so a kiosk draws none it knows was handed out today:
 * its own (OWN_CODES) and the desks' (the feed's "issued").
 *
 * What remains: kiosks do not talk to each other, so two kiosks can still
 * draw the same code within the time one's code takes to reach the other
 * (its sync, a desk's, the other's: 30 s each by default, 90 s at most
 * while the folder is there).  Each such pair of tickets shares a code
 * once in about 15,600; two kiosks sharing 150 check-ins evenly over an
 * eight-hour day make about 35 such pairs, about one day in 440.  Kiosks
 * cut off from the folder all day are back to the birthday odds between
 * them (never within one kiosk). */
static JsonObject *read_feed (CfKiosk *self,
                              GError **error);

#define CODE_LENGTH 3
#define CODE_DRAWS  32
/* Settings key: "YYYY-MM-DD" and this kiosk's codes of that day, a line
 * each.  Nothing about the students: the codes are on the public board. */
#define OWN_CODES   "kiosk_codes_today"

/* The kiosk's today.  A kiosk keeps the office's time zone, like its desks
 * (the office took it from the first desk's); when it does not, the
 * feed's codes count only while both days agree, and its own are
 * forgotten at its own midnight. */
static char *
kiosk_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* This kiosk's codes of @day, as the text to store them with one more;
 * each is added to @taken.  Another day's are dropped. */
static GString *
read_own_codes (CfStore    *store,
                const char *day,
                GHashTable *taken,
                GError    **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!_cf_settings_get (store, OWN_CODES, &text, error))
    return NULL;
  lines = g_strsplit (text ? text : "", "\n", -1);
  if (lines[0] == NULL || !g_str_equal (lines[0], day))
    return g_string_new (day);
  for (int i = 1; lines[i]; i++)
    g_hash_table_add (taken, cf_feed_normalise_code (lines[i]));
  return g_string_new (text);
}

/* The prefix and @length characters, from @index when it is not negative
 * (a number in base 25), else at random. */
static char *
make_code (char   prefix,
           int    length,
           gint64 index)
{
  GString *code = g_string_new (NULL);

  g_string_append_printf (code, "%c-", prefix);
  for (int i = 0; i < length; i++)
    {
      guint32 digit = index < 0 ? randombytes_uniform (sizeof CODE_ALPHABET - 1)
                                : (guint32) (index % (sizeof CODE_ALPHABET - 1));

      g_string_append_c (code, CODE_ALPHABET[digit]);
      if (index >= 0)
        index /= sizeof CODE_ALPHABET - 1;
    }
  return g_string_free (code, FALSE);
}

static gboolean
is_taken (GHashTable *taken,
          const char *code)
{
  g_autofree char *normal = cf_feed_normalise_code (code);

  return g_hash_table_contains (taken, normal);
}

/* One of the free codes of CODE_LENGTH, each as likely; NULL when none is
 * left.  Only reached when CODE_DRAWS draws all met taken codes. */
static char *
pick_free (char        prefix,
           GHashTable *taken)
{
  gint64 count = 1, free_count = 0;
  g_autofree gint64 *free_codes = NULL;

  for (int i = 0; i < CODE_LENGTH; i++)
    count *= sizeof CODE_ALPHABET - 1;
  free_codes = g_new (gint64, count);
  for (gint64 index = 0; index < count; index++)
    {
      g_autofree char *code = make_code (prefix, CODE_LENGTH, index);

      if (!is_taken (taken, code))
        free_codes[free_count++] = index;
    }
  if (free_count == 0)
    return NULL;
  return make_code (prefix, CODE_LENGTH, free_codes[randombytes_uniform ((guint32) free_count)]);
}

/* A code not in @taken: drawn again while the draw is taken, a bounded
 * number of times, then chosen among the free ones; when every code is
 * taken, one a character longer (never refused: a student is waiting). */
static char *
draw_code (CfVisitKind kind,
           GHashTable *taken)
{
  char prefix = kind == CF_VISIT_DROP_IN ? 'D' : 'A';

  for (int length = CODE_LENGTH; ; length++)
    {
      char *code;

      for (int i = 0; i < CODE_DRAWS; i++)
        {
          code = make_code (prefix, length, -1);
          if (!is_taken (taken, code))
            return code;
          g_free (code);
        }
      /* Longer codes are never short of free ones: only the first length
       * can be crowded by a day's tickets. */
      if (length == CODE_LENGTH && (code = pick_free (prefix, taken)) != NULL)
        return code;
    }
}

/* Called inside the visit's transaction: the code is kept as handed out
 * only when the visit is. */
static char *
issue_code (CfKiosk    *self,
            CfVisitKind kind,
            GError    **error)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *day = kiosk_today ();
  g_autoptr(JsonObject) feed = NULL;
  GString *own;
  char *code;
  gboolean ok;

  own = read_own_codes (self->store, day, taken, error);
  if (own == NULL)
    return NULL;
  feed = read_feed (self, error);
  if (feed == NULL)
    {
      g_string_free (own, TRUE);
      return NULL;
    }
  cf_feed_issued_codes (feed, day, taken);
  code = draw_code (kind, taken);
  g_string_append_printf (own, "\n%s", code);
  ok = _cf_settings_set (self->store, OWN_CODES, own->str, error);
  g_string_free (own, TRUE);
  if (!ok)
    g_clear_pointer (&code, g_free);
  return code;
}

/* Yesterday's codes are not kept into a day with no visit yet. */
static gboolean
forget_old_codes (CfKiosk *self,
                  GError **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (self->store);
  g_autofree char *day = kiosk_today ();
  g_autofree char *text = NULL;
  gsize length = strlen (day);

  if (!_cf_settings_get (self->store, OWN_CODES, &text, error))
    return FALSE;
  if (text == NULL || (strncmp (text, day, length) == 0 && (text[length] == '\0' || text[length] == '\n')))
    return TRUE;
  return _cf_settings_set (self->store, OWN_CODES, day, error);
}

char *
cf_kiosk_submit (CfKiosk    *self,
                 CfVisitKind kind,
                 const char *topic,
                 const char *appointment_id,
                 JsonObject *details,
                 GError    **error)
{
  g_autoptr(CfStoreLock) lock = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *code = NULL;
  char stamp[CF_HLC_STAMP_MAX];
  const char *node_id;
  GString *submission;
  char *plain;
  gsize size = 0;
  gboolean ok;

  g_return_val_if_fail (CF_IS_KIOSK (self), NULL);
  g_return_val_if_fail (details != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), details);
  if (!check_details (node, _("What was typed"), &size, error) ||
      (topic && !cf_text_check (topic, -1, CF_TEXT_LINE, _("The topic"), error)))
    return NULL;
  submission = g_string_sized_new (size);
  write_details (submission, node);
  lock = _cf_store_lock (self->store);
  /* One durable commit: the sealed visit, its clock stamp and its code
   * among the day's. */
  if (!_cf_store_begin (self->store, error) || !_cf_settings_get_node_id (self->store, &node_id, error) ||
      (code = issue_code (self, kind, error)) == NULL)
    {
      _cf_store_rollback (self->store);
      cf_wipe_string (g_string_free (submission, FALSE));
      return NULL;
    }
  cf_hlc_tick (&self->clock, g_get_real_time () / 1000, node_id, stamp);
  plain = ticket_operation (code, kind, topic, appointment_id, submission->str, stamp);
  /* Sealed in memory first: only the sealed box is ever written. */
  ok = seal_and_store (self, plain, stamp, error) && _cf_store_commit (self->store, error);
  if (!ok)
    _cf_store_rollback (self->store);
  cf_wipe_string (g_string_free (submission, FALSE));
  cf_wipe_string (plain);
  return ok ? g_steal_pointer (&code) : NULL;
}

gboolean
cf_kiosk_sync (CfKiosk      *self,
               CfSyncReport *report,
               GError      **error)
{
  g_return_val_if_fail (CF_IS_KIOSK (self), FALSE);

  if (self->sync_dir == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NO_FOLDER,
                   _("No sync folder is set for this kiosk; pass --sync-dir DIR."));
      return FALSE;
    }
  return _cf_sync_run_kiosk (self->store, self->sync_dir, report, error) &&
         forget_old_codes (self, error);
}

static JsonObject *
default_feed (void)
{
  JsonObject *feed = json_object_new ();
  JsonObject *consent = json_object_new ();
  JsonArray *topics = json_array_new ();
  g_auto(GStrv) names = cf_feed_default_topics ();
  g_autofree char *version = NULL;
  g_autofree char *text = cf_feed_default_consent (&version);

  for (int i = 0; names[i]; i++)
    json_array_add_string_element (topics, names[i]);
  json_object_set_int_member (feed, "format", 1);
  json_object_set_int_member (feed, "at", 0);
  json_object_set_string_member (feed, "office", "");
  json_object_set_string_member (feed, "hours", "");
  json_object_set_array_member (feed, "topics", topics);
  json_object_set_string_member (consent, "version", version);
  json_object_set_string_member (consent, "text", text);
  json_object_set_array_member (consent, "parties", cf_feed_default_parties ());
  json_object_set_object_member (feed, "consent", consent);
  json_object_set_array_member (feed, "calling", json_array_new ());
  json_object_set_array_member (feed, "bookings", json_array_new ());
  return feed;
}

/* The stored feed, or the built-in one when no desk has published yet. */
static JsonObject *
read_feed (CfKiosk *self,
           GError **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (self->store);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!_cf_settings_get (self->store, "feed", &text, error))
    return NULL;
  root = text ? json_from_string (text, NULL) : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return default_feed ();
  return json_object_ref (json_node_get_object (root));
}

/* The screen always has something to show: a feed that cannot be read is
 * shown as the built-in one, and the fault is reported by the next visit's
 * commit, which has a page for it. */
JsonObject *
cf_kiosk_get_feed (CfKiosk *self)
{
  JsonObject *feed;

  g_return_val_if_fail (CF_IS_KIOSK (self), NULL);
  feed = read_feed (self, NULL);
  return feed ? feed : default_feed ();
}

/* *present is FALSE on a kiosk no desk has given the feed key yet.  Codes
 * are keyed with the booking key, which outlives a replaced feed key. */
static gboolean
read_booking_key (CfKiosk  *self,
                  guint8    booking_key[CF_SYMMETRIC_BYTES],
                  gboolean *present,
                  GError  **error)
{
  g_autoptr(CfStoreLock) lock = _cf_store_lock (self->store);
  g_autoptr(CfKey) key = NULL;
  g_autoptr(GError) local_error = NULL;

  key = _cf_machines_booking_key (self->store, &local_error);
  *present = key != NULL;
  if (key != NULL)
    memcpy (booking_key, cf_key_get_bytes (key), CF_SYMMETRIC_BYTES);
  else if (!g_error_matches (local_error, CF_ERROR, CF_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static void
booking_found (JsonObject *booking,
               char      **appointment_id,
               gint64     *start,
               gint64     *end)
{
  if (appointment_id)
    *appointment_id = g_strdup (cf_json_get_string (booking, "appointment"));
  if (start)
    *start = cf_json_get_int (booking, "start", 0);
  if (end)
    *end = cf_json_get_int (booking, "end", 0);
}

gboolean
cf_kiosk_find_booking (CfKiosk    *self,
                       const char *code,
                       gboolean   *found,
                       char      **appointment_id,
                       gint64     *start,
                       gint64     *end,
                       GError    **error)
{
  g_autoptr(JsonObject) feed = NULL;
  JsonArray *bookings;
  guint8 booking_key[CF_SYMMETRIC_BYTES];
  g_autofree char *verifier = NULL;

  g_return_val_if_fail (CF_IS_KIOSK (self) && code != NULL && found != NULL, FALSE);
  *found = FALSE;
  feed = read_feed (self, error);
  if (feed == NULL || !read_booking_key (self, booking_key, found, error))
    return FALSE;
  if (!*found)
    return TRUE;
  verifier = cf_feed_booking_verifier (booking_key, code);
  sodium_memzero (booking_key, sizeof booking_key);
  bookings = cf_json_get_array (feed, "bookings");
  *found = FALSE;
  for (guint i = 0; bookings && i < json_array_get_length (bookings) && !*found; i++)
    {
      JsonObject *booking = cf_json_array_object (bookings, i);

      *found = booking && g_strcmp0 (cf_json_get_string (booking, "verifier"),
                                     verifier) == 0;
      if (*found)
        booking_found (booking, appointment_id, start, end);
    }
  return TRUE;
}
