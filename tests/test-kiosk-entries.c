/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every entry on every kiosk screen keeps what a student types private:
 * no undo history, hints that keep input methods from learning or
 * spell-checking it, and its text in a buffer that wipes its memory.
 * Needs a display (meson runs it under xvfb-run). */
#include <adwaita.h>
#include <string.h>

#include "kiosk-appointment-page.h"
#include "kiosk-consent-page.h"
#include "kiosk-details-page.h"
#include "kiosk-done-page.h"
#include "kiosk-failed-page.h"
#include "kiosk-idle-warning.h"
#include "kiosk-language.h"
#include "kiosk-monitoring-page.h"
#include "kiosk-pin-dialog.h"
#include "kiosk-secure-buffer.h"
#include "kiosk-setup-page.h"
#include "kiosk-topic-page.h"
#include "kiosk-waiting-page.h"
#include "kiosk-welcome-page.h"

/* Every GtkText (the text inside a GtkEntry, GtkPasswordEntry, search
 * entry or spin button) under @widget, checked; returns how many. */
static guint
check_texts (GtkWidget *widget)
{
  guint found = 0;

  if (GTK_IS_TEXT (widget))
    {
      GtkText *text = GTK_TEXT (widget);
      GtkEntryBuffer *buffer = gtk_text_get_buffer (text);
      GtkInputHints hints = gtk_text_get_input_hints (text);

      g_assert_false (gtk_editable_get_enable_undo (GTK_EDITABLE (text)));
      g_assert_cmpuint (hints & GTK_INPUT_HINT_PRIVATE, !=, 0);
      g_assert_cmpuint (hints & GTK_INPUT_HINT_NO_SPELLCHECK, !=, 0);
      g_assert_true (KIOSK_IS_SECURE_BUFFER (buffer) || GTK_IS_PASSWORD_ENTRY_BUFFER (buffer));
      found++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    found += check_texts (child);
  return found;
}

static guint
check_type (GType type)
{
  GtkWidget *widget = g_object_ref_sink (g_object_new (type, NULL));
  guint found = check_texts (widget);

  if (GTK_IS_WINDOW (widget))
    gtk_window_destroy (GTK_WINDOW (widget));
  g_object_unref (widget);
  return found;
}

static void
test_every_entry_private (void)
{
  GType screens[] = {
    KIOSK_TYPE_WELCOME_PAGE, KIOSK_TYPE_TOPIC_PAGE, KIOSK_TYPE_DETAILS_PAGE,
    KIOSK_TYPE_CONSENT_PAGE, KIOSK_TYPE_MONITORING_PAGE, KIOSK_TYPE_APPOINTMENT_PAGE,
    KIOSK_TYPE_DONE_PAGE, KIOSK_TYPE_WAITING_PAGE, KIOSK_TYPE_FAILED_PAGE,
    KIOSK_TYPE_SETUP_PAGE, KIOSK_TYPE_PIN_DIALOG, KIOSK_TYPE_IDLE_WARNING,
  };
  guint found = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (screens); i++)
    found += check_type (screens[i]);
  /* The details, consent, monitoring, appointment, set-up and staff
   * screens have at least this many between them. */
  g_assert_cmpuint (found, >=, 20);
}

/* What deleting or replacing text leaves after its end is zero. */
static void
test_buffer_wipes (void)
{
  g_autoptr(GtkEntryBuffer) buffer = kiosk_secure_buffer_new ();
  const char *marker = "Wipemarker Ōkawa";
  const char *text;
  gsize length = strlen (marker);

  gtk_entry_buffer_set_text (buffer, marker, -1);
  text = gtk_entry_buffer_get_text (buffer);
  g_assert_cmpstr (text, ==, marker);
  gtk_entry_buffer_delete_text (buffer, 4, -1);
  g_assert_cmpstr (gtk_entry_buffer_get_text (buffer), ==, "Wipe");
  g_assert_true (gtk_entry_buffer_get_text (buffer) == text);   /* not moved */
  for (gsize i = 4; i <= length; i++)
    g_assert_cmpint (text[i], ==, 0);

  gtk_entry_buffer_set_text (buffer, "Ab", -1);
  g_assert_cmpstr (gtk_entry_buffer_get_text (buffer), ==, "Ab");
  for (gsize i = 3; i <= length; i++)
    g_assert_cmpint (text[i], ==, 0);

  gtk_entry_buffer_insert_text (buffer, 1, "ö", -1);
  g_assert_cmpstr (gtk_entry_buffer_get_text (buffer), ==, "Aöb");
  g_assert_cmpuint (gtk_entry_buffer_get_length (buffer), ==, 3);
  g_assert_cmpuint (gtk_entry_buffer_get_bytes (buffer), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  /* As the kiosk's main() does: the welcome screen offers the languages
   * other than the one chosen. */
  kiosk_language_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/kiosk-entries/every-entry-private", test_every_entry_private);
  g_test_add_func ("/kiosk-entries/buffer-wipes", test_buffer_wipes);
  return g_test_run ();
}
