/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Modelled on GTK's GtkPasswordEntryBuffer, which keeps its text in
 * GTK's private secure memory; this one uses libsodium's, and wipes what
 * a deletion leaves after the end of the text. */
#include "kiosk-secure-buffer.h"

#include <sodium.h>
#include <string.h>

#include "cf-key.h"

#define SMALLEST 64   /* bytes; a name fits without growing */

struct _KioskSecureBuffer {
  GtkEntryBuffer  parent_instance;

  char           *text;      /* sodium_malloc'd, NUL-terminated; NULL when empty */
  gsize           size;      /* bytes allocated */
  gsize           bytes;     /* bytes of text */
  guint           chars;     /* characters of text */
};

G_DEFINE_FINAL_TYPE (KioskSecureBuffer, kiosk_secure_buffer, GTK_TYPE_ENTRY_BUFFER)

/* --- memory --- */

static void
free_text (KioskSecureBuffer *self)
{
  /* sodium_free wipes the memory before it gives it back. */
  g_clear_pointer (&self->text, sodium_free);
  self->size = self->bytes = 0;
  self->chars = 0;
}

/* Makes room for @needed bytes and the NUL; the old memory is wiped as it
 * is freed.  FALSE when no locked memory is left. */
static gboolean
grow (KioskSecureBuffer *self,
      gsize              needed)
{
  gsize size = MAX (self->size, SMALLEST);
  char *text;

  while (size < needed + 1)
    size *= 2;
  if (size == self->size)
    return TRUE;
  text = sodium_malloc (size);
  if (text == NULL)
    return FALSE;
  memcpy (text, self->text ? self->text : "", self->bytes + 1);
  if (self->text != NULL)
    sodium_free (self->text);
  self->text = text;
  self->size = size;
  return TRUE;
}

/* --- GtkEntryBuffer --- */

static const char *
kiosk_secure_buffer_get_text (GtkEntryBuffer *buffer,
                              gsize          *n_bytes)
{
  KioskSecureBuffer *self = KIOSK_SECURE_BUFFER (buffer);

  if (n_bytes != NULL)
    *n_bytes = self->bytes;
  return self->text ? self->text : "";
}

static guint
kiosk_secure_buffer_get_length (GtkEntryBuffer *buffer)
{
  return KIOSK_SECURE_BUFFER (buffer)->chars;
}

static guint
kiosk_secure_buffer_insert_text (GtkEntryBuffer *buffer,
                                 guint           position,
                                 const char     *chars,
                                 guint           n_chars)
{
  KioskSecureBuffer *self = KIOSK_SECURE_BUFFER (buffer);
  gsize n_bytes = g_utf8_offset_to_pointer (chars, n_chars) - chars;
  gsize at;

  if (self->bytes + n_bytes >= GTK_ENTRY_BUFFER_MAX_SIZE || !grow (self, self->bytes + n_bytes))
    return 0;
  at = g_utf8_offset_to_pointer (self->text, MIN (position, self->chars)) - self->text;
  memmove (self->text + at + n_bytes, self->text + at, self->bytes - at + 1);
  memcpy (self->text + at, chars, n_bytes);
  self->bytes += n_bytes;
  self->chars += n_chars;
  gtk_entry_buffer_emit_inserted_text (buffer, position, chars, n_chars);
  return n_chars;
}

/* The class handler of "deleted-text", as in GtkPasswordEntryBuffer: the
 * text is removed here, and the bytes the text no longer reaches are
 * wiped. */
static void
kiosk_secure_buffer_deleted_text (GtkEntryBuffer *buffer,
                                  guint           position,
                                  guint           n_chars)
{
  KioskSecureBuffer *self = KIOSK_SECURE_BUFFER (buffer);
  gsize start = g_utf8_offset_to_pointer (self->text, position) - self->text;
  gsize end = g_utf8_offset_to_pointer (self->text, position + n_chars) - self->text;

  memmove (self->text + start, self->text + end, self->bytes + 1 - end);
  self->bytes -= end - start;
  self->chars -= n_chars;
  sodium_memzero (self->text + self->bytes + 1, end - start);
  g_object_notify (G_OBJECT (buffer), "text");
  g_object_notify (G_OBJECT (buffer), "length");
}

static guint
kiosk_secure_buffer_delete_text (GtkEntryBuffer *buffer,
                                 guint           position,
                                 guint           n_chars)
{
  KioskSecureBuffer *self = KIOSK_SECURE_BUFFER (buffer);

  position = MIN (position, self->chars);
  n_chars = MIN (n_chars, self->chars - position);
  if (n_chars > 0)
    gtk_entry_buffer_emit_deleted_text (buffer, position, n_chars);
  return n_chars;
}

GtkEntryBuffer *
kiosk_secure_buffer_new (void)
{
  return g_object_new (KIOSK_TYPE_SECURE_BUFFER, NULL);
}

/* --- entries --- */

void
kiosk_entry_make_private (GtkEditable *editable)
{
  GtkEditable *delegate = gtk_editable_get_delegate (editable);
  GtkInputHints hints = GTK_INPUT_HINT_PRIVATE | GTK_INPUT_HINT_NO_SPELLCHECK;

  g_return_if_fail (GTK_IS_ENTRY (editable) || GTK_IS_PASSWORD_ENTRY (editable));

  if (GTK_IS_ENTRY (editable))
    {
      g_autoptr(GtkEntryBuffer) buffer = kiosk_secure_buffer_new ();

      /* The limit is the buffer's: the new one takes the template's. */
      gtk_entry_buffer_set_max_length (buffer, gtk_entry_get_max_length (GTK_ENTRY (editable)));
      gtk_entry_set_buffer (GTK_ENTRY (editable), buffer);
    }
  gtk_editable_set_enable_undo (editable, FALSE);
  /* A GtkPasswordEntry's hints are on the text inside it. */
  if (GTK_IS_TEXT (delegate))
    gtk_text_set_input_hints (GTK_TEXT (delegate), gtk_text_get_input_hints (GTK_TEXT (delegate)) | hints);
}

static void
kiosk_secure_buffer_finalize (GObject *object)
{
  free_text (KIOSK_SECURE_BUFFER (object));
  G_OBJECT_CLASS (kiosk_secure_buffer_parent_class)->finalize (object);
}

static void
kiosk_secure_buffer_class_init (KioskSecureBufferClass *klass)
{
  GtkEntryBufferClass *buffer_class = GTK_ENTRY_BUFFER_CLASS (klass);

  /* sodium_malloc needs libsodium set up, and a screen may be built
   * before any key is read. */
  if (!cf_crypto_init ())
    g_error ("libsodium could not be initialised");
  G_OBJECT_CLASS (klass)->finalize = kiosk_secure_buffer_finalize;
  buffer_class->get_text = kiosk_secure_buffer_get_text;
  buffer_class->get_length = kiosk_secure_buffer_get_length;
  buffer_class->insert_text = kiosk_secure_buffer_insert_text;
  buffer_class->delete_text = kiosk_secure_buffer_delete_text;
  buffer_class->deleted_text = kiosk_secure_buffer_deleted_text;
}

static void
kiosk_secure_buffer_init (KioskSecureBuffer *self)
{
}
