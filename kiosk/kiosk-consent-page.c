/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-consent-page.h"

#include <glib/gi18n-lib.h>

#include "cf-json.h"
#include "kiosk-language.h"
#include "kiosk-office-texts.h"
#include "kiosk-page.h"
#include "kiosk-text-field.h"

struct _KioskConsentPage {
  AdwBin          parent_instance;

  GtkLabel       *consent_label;
  GtkWidget      *untranslated_label;
  GtkLabel       *version_label;
  GtkWidget      *parties_section;
  GtkBox         *parties_box;
  GtkWidget      *anonymous_section;
  GtkCheckButton *agree_check;
  GtkWidget      *agree_problem;
  KioskTextField *signature_field;

  char           *version;        /* of the wording shown now */
  gboolean        anonymous;      /* a tick instead of a name, no parties */
  gboolean        declined;       /* "I do not agree": nothing to record */
  GHashTable     *switches;       /* party id → GtkSwitch (in parties_box) */
};

static void kiosk_consent_page_page_init (KioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskConsentPage, kiosk_consent_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PAGE, kiosk_consent_page_page_init))

static void
party_toggled_cb (KioskConsentPage *self)
{
  kiosk_page_changed (KIOSK_PAGE (self));
}

static void
signature_changed_cb (KioskConsentPage *self)
{
  kiosk_page_changed (KIOSK_PAGE (self));
}

static void
agree_toggled_cb (KioskConsentPage *self)
{
  if (gtk_check_button_get_active (self->agree_check))
    gtk_widget_set_visible (self->agree_problem, FALSE);
  kiosk_page_changed (KIOSK_PAGE (self));
}

static void
forget_parties (KioskConsentPage *self)
{
  GHashTableIter iter;
  gpointer toggle;

  g_hash_table_iter_init (&iter, self->switches);
  while (g_hash_table_iter_next (&iter, NULL, &toggle))
    gtk_switch_set_active (toggle, FALSE);
}

/* An anonymous student gives no name, so they agree with a tick; and
 * nobody can be contacted on behalf of someone the adviser cannot name,
 * so the parties are not offered at all. */
void
kiosk_consent_page_set_anonymous (KioskConsentPage *self,
                                  gboolean          anonymous)
{
  g_return_if_fail (KIOSK_IS_CONSENT_PAGE (self));

  self->anonymous = anonymous;
  if (anonymous)
    {
      forget_parties (self);
      kiosk_text_field_clear (self->signature_field);
    }
  else
    gtk_check_button_set_active (self->agree_check, FALSE);
  gtk_widget_set_visible (self->parties_section, !anonymous);
  gtk_widget_set_visible (GTK_WIDGET (self->signature_field), !anonymous);
  gtk_widget_set_visible (self->anonymous_section, anonymous);
  gtk_widget_set_visible (self->agree_problem, FALSE);
}

/* Whatever was chosen or typed is dropped: a declined slip carries only
 * the wording it declined. */
void
kiosk_consent_page_decline (KioskConsentPage *self)
{
  g_return_if_fail (KIOSK_IS_CONSENT_PAGE (self));

  self->declined = TRUE;
  forget_parties (self);
  gtk_check_button_set_active (self->agree_check, FALSE);
  kiosk_text_field_clear (self->signature_field);
}

/* One row per party: its name, and a switch named after it. */
static GtkWidget *
party_row_new (KioskConsentPage *self,
               const char       *id,
               const char       *label,
               gboolean          active)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *title = gtk_label_new (kiosk_office_text (label));
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_add_css_class (row, "card");
  gtk_widget_add_css_class (row, "kiosk-party");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title, NULL, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The adviser may contact them on your behalf"), -1);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (party_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (row), title);
  gtk_box_append (GTK_BOX (row), toggle);
  g_hash_table_insert (self->switches, g_strdup (id), toggle);
  return row;
}

static void
remove_parties (KioskConsentPage *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->switches);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->parties_box))) != NULL)
    gtk_box_remove (self->parties_box, child);
}

/* Keeps the choices already made when the office's list is refreshed. */
static void
show_parties (KioskConsentPage *self,
              JsonArray        *parties)
{
  g_autoptr(GHashTable) chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer id, toggle;

  g_hash_table_iter_init (&iter, self->switches);
  while (g_hash_table_iter_next (&iter, &id, &toggle))
    if (gtk_switch_get_active (toggle))
      g_hash_table_add (chosen, g_strdup (id));
  remove_parties (self);
  for (guint i = 0; parties != NULL && i < json_array_get_length (parties); i++)
    {
      JsonObject *party = cf_json_array_object (parties, i);
      const char *party_id = party ? cf_json_get_string (party, "id") : NULL;
      const char *label = party ? cf_json_get_string (party, "label") : NULL;

      if (party_id != NULL && label != NULL && !g_hash_table_contains (self->switches, party_id))
        gtk_box_append (self->parties_box,
                        party_row_new (self, party_id, label, g_hash_table_contains (chosen, party_id)));
    }
}

static void
show_wording (KioskConsentPage *self,
              const char       *text,
              const char       *version)
{
  gboolean translated = TRUE;
  g_autofree char *shown = kiosk_office_consent_text (text ? text : "", &translated);
  g_autofree char *version_text = g_strdup_printf (_("Version %s of this wording"), version);

  g_free (self->version);
  self->version = g_strdup (version);
  gtk_label_set_text (self->consent_label, shown);
  gtk_label_set_text (self->version_label, version_text);
  gtk_widget_set_visible (self->untranslated_label,
                          !translated && !g_str_equal (kiosk_language_get_current (), "en"));
}

static void
kiosk_consent_page_set_feed (KioskPage  *page,
                             JsonObject *feed)
{
  KioskConsentPage *self = KIOSK_CONSENT_PAGE (page);
  JsonObject *consent = cf_json_get_object (feed, "consent");
  const char *version = consent ? cf_json_get_string (consent, "version") : NULL;

  if (consent == NULL || version == NULL)
    return;
  show_wording (self, cf_json_get_string (consent, "text"), version);
  show_parties (self, cf_json_get_array (consent, "parties"));
}

static void
kiosk_consent_page_clear (KioskPage *page)
{
  KioskConsentPage *self = KIOSK_CONSENT_PAGE (page);

  if (self->switches == NULL)   /* disposed: nothing left to wipe */
    return;
  self->declined = FALSE;
  kiosk_consent_page_set_anonymous (self, FALSE);
  forget_parties (self);
  kiosk_text_field_clear (self->signature_field);
}

static gboolean
kiosk_consent_page_validate (KioskPage *page)
{
  KioskConsentPage *self = KIOSK_CONSENT_PAGE (page);
  gboolean agreed;

  if (!self->anonymous)
    return kiosk_text_field_validate (self->signature_field);
  agreed = gtk_check_button_get_active (self->agree_check);
  gtk_widget_set_visible (self->agree_problem, !agreed);
  if (!agreed)
    gtk_widget_grab_focus (GTK_WIDGET (self->agree_check));
  return agreed;
}

static void
collect_agreement (KioskConsentPage *self,
                   JsonObject       *consent)
{
  JsonObject *parties = json_object_new ();
  GHashTableIter iter;
  gpointer id, toggle;

  g_hash_table_iter_init (&iter, self->switches);
  while (g_hash_table_iter_next (&iter, &id, &toggle))
    json_object_set_boolean_member (parties, id, gtk_switch_get_active (toggle));
  json_object_set_object_member (consent, "parties", parties);
  if (self->anonymous)
    json_object_set_boolean_member (consent, "agreed", TRUE);
  else
    json_object_set_string_member (consent, "signature",
                                   kiosk_text_field_get_text (self->signature_field));
}

/* The version and language say exactly which wording the student read. */
static void
kiosk_consent_page_collect (KioskPage  *page,
                            JsonObject *details)
{
  KioskConsentPage *self = KIOSK_CONSENT_PAGE (page);
  JsonObject *consent = json_object_new ();

  json_object_set_string_member (consent, "version", self->version ? self->version : "");
  json_object_set_string_member (consent, "language", kiosk_language_get_current ());
  if (self->declined)
    json_object_set_boolean_member (consent, "declined", TRUE);
  else
    collect_agreement (self, consent);
  json_object_set_object_member (details, "consent", consent);
}

static void
kiosk_consent_page_page_init (KioskPageInterface *iface)
{
  iface->clear = kiosk_consent_page_clear;
  iface->validate = kiosk_consent_page_validate;
  iface->collect = kiosk_consent_page_collect;
  iface->set_feed = kiosk_consent_page_set_feed;
}

static void
kiosk_consent_page_dispose (GObject *object)
{
  KioskConsentPage *self = KIOSK_CONSENT_PAGE (object);

  g_clear_pointer (&self->switches, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_CONSENT_PAGE);
  G_OBJECT_CLASS (kiosk_consent_page_parent_class)->dispose (object);
}

static void
kiosk_consent_page_finalize (GObject *object)
{
  g_free (KIOSK_CONSENT_PAGE (object)->version);
  G_OBJECT_CLASS (kiosk_consent_page_parent_class)->finalize (object);
}

static void
kiosk_consent_page_class_init (KioskConsentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_consent_page_dispose;
  G_OBJECT_CLASS (klass)->finalize = kiosk_consent_page_finalize;

  g_type_ensure (KIOSK_TYPE_TEXT_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskConsentPage, consent_label);
  gtk_widget_class_bind_template_child (widget_class, KioskConsentPage, untranslated_label);
  gtk_widget_class_bind_template_child (widget_class, KioskConsentPage, version_label);
  gtk_widget_class_bind_template_child (widget_class, KioskConsentPage, parties_section);
  gtk_widget_class_bind_template_child (widget_class, KioskConsentPage, parties_box);
  gtk_widget_class_bind_template_child (widget_class, KioskConsentPage, anonymous_section);
  gtk_widget_class_bind_template_child (widget_class, KioskConsentPage, agree_check);
  gtk_widget_class_bind_template_child (widget_class, KioskConsentPage, agree_problem);
  gtk_widget_class_bind_template_child (widget_class, KioskConsentPage, signature_field);
  gtk_widget_class_bind_template_callback (widget_class, signature_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, agree_toggled_cb);
}

static void
kiosk_consent_page_init (KioskConsentPage *self)
{
  /* The switches are the box's children; the table only finds them. */
  self->switches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
