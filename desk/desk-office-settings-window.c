/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-office-settings-window.h"

#include <glib/gi18n.h>

#include "cf-office-settings.h"
#include "cf-services.h"
#include "cf-user.h"
#include "cf-users.h"
#include "desk-jobs.h"

struct _DeskOfficeSettingsWindow {
  AdwPreferencesWindow  parent_instance;

  CfSession            *session;
  GCancellable         *cancellable;
  AdwEntryRow          *hours_row;
  GtkSpinButton        *idle_spins[CF_IDLE_TIME_COUNT];
  GtkTextView          *topics_view;
  GtkTextView          *wording_view;
  AdwActionRow         *version_row;
  AdwPreferencesGroup  *services_group;
  GPtrArray            *service_rows;
  GtkWidget            *save_buttons[3];
};

G_DEFINE_FINAL_TYPE (DeskOfficeSettingsWindow, desk_office_settings_window, ADW_TYPE_PREFERENCES_WINDOW)

/* What a person reads: never markup (a topic may hold "<" or "&"). */
static void
toast (DeskOfficeSettingsWindow *self,
       const char               *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static void
set_view_text (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_busy (DeskOfficeSettingsWindow *self,
          gboolean                  busy)
{
  for (gsize i = 0; i < G_N_ELEMENTS (self->save_buttons); i++)
    gtk_widget_set_sensitive (self->save_buttons[i], !busy);
}

/* --- loading --- */

typedef struct {
  char  *hours;
  GStrv  topics;
  char  *version;
  char  *wording;
  guint  idle[CF_IDLE_TIME_COUNT];
  GListModel *users;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *loaded = data;

  g_free (loaded->hours);
  g_strfreev (loaded->topics);
  g_free (loaded->version);
  g_free (loaded->wording);
  g_clear_object (&loaded->users);
  g_free (loaded);
}

static gpointer
load_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  Loaded *loaded = g_new0 (Loaded, 1);
  gboolean ok = (loaded->hours = cf_office_settings_get_hours (session, error)) != NULL &&
                (loaded->topics = cf_office_settings_get_topics (session, error)) != NULL &&
                (loaded->wording = cf_office_settings_get_wording (session, &loaded->version, error)) != NULL;

  for (CfIdleTime i = 0; ok && i < CF_IDLE_TIME_COUNT; i++)
    ok = cf_office_settings_get_idle (session, i, &loaded->idle[i], error);
  if (ok)
    ok = (loaded->users = cf_users_list (session, error)) != NULL;
  if (!ok)
    {
      loaded_free (loaded);
      return NULL;
    }
  return loaded;
}

static void
show_version (DeskOfficeSettingsWindow *self,
              const char               *version)
{
  /* TRANSLATORS: %s is a consent wording's version, like "2-3f9a" */
  g_autofree char *text = g_strdup_printf (_("Version %s"), version);

  adw_action_row_set_subtitle (self->version_row, text);
}

/* --- restricted services --- */

typedef struct {
  char *user_id;
  char *service;   /* NULL: none */
} ServiceChange;

static void
service_change_free (gpointer data)
{
  ServiceChange *change = data;

  g_free (change->user_id);
  g_free (change->service);
  g_free (change);
}

static gboolean
set_service_job (CfSession    *session,
                 gpointer      data,
                 GCancellable *cancellable,
                 GError      **error)
{
  ServiceChange *change = data;

  return cf_services_set_user_service (session, change->user_id, change->service, error);
}

static void
service_set_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeskOfficeSettingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!desk_session_do_finish (result, &error) && desk_error_is_cancelled (error))
    return;
  toast (self, error ? error->message : _("The service is saved. It applies from that person’s next sign-in."));
}

/* An empty service lifts the restriction. */
static void
service_applied_cb (AdwEntryRow              *row,
                    DeskOfficeSettingsWindow *self)
{
  ServiceChange *change = g_new0 (ServiceChange, 1);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  change->user_id = g_strdup (g_object_get_data (G_OBJECT (row), "user-id"));
  change->service = *text ? g_steal_pointer (&text) : NULL;
  desk_session_do_async (self->session, set_service_job, change, service_change_free,
                         self->cancellable, service_set_cb, g_object_ref (self));
}

static void
save_service_clicked_cb (GtkButton                *button,
                         DeskOfficeSettingsWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);

  service_applied_cb (ADW_ENTRY_ROW (row), self);
}

static GtkWidget *
new_service_row (DeskOfficeSettingsWindow *self,
                 CfUser                   *user)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());
  g_autofree char *service = NULL;
  g_autofree char *save_name = NULL;
  GtkWidget *save;

  g_object_get (user, "restricted-service", &service, NULL);
  /* A person's name: stored text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cf_user_get_name (user));
  /* A button of our own rather than the row's apply button, which
   * libadwaita 1.2 leaves without an accessible name. */
  save = gtk_button_new_with_label (_("Save"));
  /* Each row has one: the name says whose it is. */
  /* TRANSLATORS: %s is a person's name */
  save_name = g_strdup_printf (_("Save %s’s service"), cf_user_get_name (user));
  gtk_accessible_update_property (GTK_ACCESSIBLE (save), GTK_ACCESSIBLE_PROPERTY_LABEL, save_name, -1);
  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  g_signal_connect (save, "clicked", G_CALLBACK (save_service_clicked_cb), self);
  adw_entry_row_add_suffix (row, save);
  gtk_editable_set_text (GTK_EDITABLE (row), service ? service : "");
  g_object_set_data_full (G_OBJECT (row), "user-id", g_strdup (cf_user_get_id (user)), g_free);
  g_signal_connect (row, "entry-activated", G_CALLBACK (service_applied_cb), self);
  return GTK_WIDGET (row);
}

/* Advisers and managers: an administrator never sees a student. */
static void
show_services (DeskOfficeSettingsWindow *self,
               GListModel               *users)
{
  for (guint i = 0; i < self->service_rows->len; i++)
    adw_preferences_group_remove (self->services_group, g_ptr_array_index (self->service_rows, i));
  g_ptr_array_set_size (self->service_rows, 0);
  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(CfUser) user = g_list_model_get_item (users, i);
      GtkWidget *row;

      if (g_strcmp0 (cf_user_get_role (user), "admin") == 0)
        continue;
      row = new_service_row (self, user);
      adw_preferences_group_add (self->services_group, row);
      g_ptr_array_add (self->service_rows, row);
    }
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskOfficeSettingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = desk_session_run_finish (result, &error);
  g_autofree char *topics = NULL;

  if (loaded == NULL && desk_error_is_cancelled (error))
    return;
  /* Saving stays off when nothing could be read: a save from empty
   * fields would unset the office's settings.  The toast says why, and
   * opening the window again tries again. */
  if (loaded == NULL)
    {
      toast (self, error->message);
      return;
    }
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->hours_row), loaded->hours);
  topics = g_strjoinv ("\n", loaded->topics);
  set_view_text (self->topics_view, topics);
  set_view_text (self->wording_view, loaded->wording);
  show_version (self, loaded->version);
  for (CfIdleTime i = 0; i < CF_IDLE_TIME_COUNT; i++)
    gtk_spin_button_set_value (self->idle_spins[i], loaded->idle[i]);
  show_services (self, loaded->users);
  loaded_free (loaded);
}

static void
load (DeskOfficeSettingsWindow *self)
{
  set_busy (self, TRUE);
  desk_session_run_async (self->session, load_job, NULL, NULL, loaded_free, self->cancellable,
                          loaded_cb, g_object_ref (self));
}

/* --- saving --- */

typedef struct {
  char  *hours;
  GStrv  topics;
  char  *wording;
  guint  idle[CF_IDLE_TIME_COUNT];
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->hours);
  g_strfreev (change->topics);
  g_free (change->wording);
  g_free (change);
}

/* Hours and idle times are saved together, in one transaction: the
 * Office page's one button. */
static gboolean
save_office_job (CfSession    *session,
                 gpointer      data,
                 GCancellable *cancellable,
                 GError      **error)
{
  Change *change = data;

  return cf_office_settings_set_hours_and_idle (session, change->hours, change->idle, error);
}

static gboolean
save_topics_job (CfSession    *session,
                 gpointer      data,
                 GCancellable *cancellable,
                 GError      **error)
{
  Change *change = data;

  return cf_office_settings_set_topics (session, (const char *const *) change->topics, error);
}

static gpointer
publish_job (CfSession    *session,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  Change *change = data;

  return cf_office_settings_publish_wording (session, change->wording, error);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DeskOfficeSettingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!desk_session_do_finish (result, &error) && desk_error_is_cancelled (error))
    return;
  set_busy (self, FALSE);
  toast (self, error ? error->message : _("The office’s settings are saved. Kiosks show them after their next sync."));
}

static void
published_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DeskOfficeSettingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = desk_session_run_finish (result, &error);

  if (version == NULL && desk_error_is_cancelled (error))
    return;
  set_busy (self, FALSE);
  if (version == NULL)
    {
      toast (self, error->message);
      return;
    }
  show_version (self, version);
  toast (self, _("The new consent wording is published. Consents already given keep the wording they were given under."));
}

static void
save_office_cb (DeskOfficeSettingsWindow *self)
{
  Change *change = g_new0 (Change, 1);

  change->hours = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->hours_row))));
  for (CfIdleTime i = 0; i < CF_IDLE_TIME_COUNT; i++)
    change->idle[i] = (guint) gtk_spin_button_get_value_as_int (self->idle_spins[i]);
  set_busy (self, TRUE);
  desk_session_do_async (self->session, save_office_job, change, change_free, self->cancellable,
                         saved_cb, g_object_ref (self));
}

/* One topic a line; blank lines are left out, the rest checked in shared/. */
static void
save_topics_cb (DeskOfficeSettingsWindow *self)
{
  Change *change = g_new0 (Change, 1);
  g_autofree char *text = view_text (self->topics_view);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GStrvBuilder) topics = g_strv_builder_new ();

  for (int i = 0; lines[i]; i++)
    if (*g_strstrip (lines[i]))
      g_strv_builder_add (topics, lines[i]);
  change->topics = g_strv_builder_end (topics);
  set_busy (self, TRUE);
  desk_session_do_async (self->session, save_topics_job, change, change_free, self->cancellable,
                         saved_cb, g_object_ref (self));
}

static void
publish_cb (DeskOfficeSettingsWindow *self)
{
  Change *change = g_new0 (Change, 1);

  change->wording = view_text (self->wording_view);
  set_busy (self, TRUE);
  desk_session_run_async (self->session, publish_job, change, change_free, g_free, self->cancellable,
                          published_cb, g_object_ref (self));
}

/* --- building --- */

static void
name_widget (GtkWidget  *widget,
             const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static AdwPreferencesGroup *
add_group (AdwPreferencesPage *page,
           const char         *title,
           const char         *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (page, group);
  return group;
}

static GtkWidget *
add_button (AdwPreferencesGroup *group,
            const char          *label,
            GCallback            clicked,
            gpointer             self)
{
  /* Without a mnemonic: GTK 4.8 would read its label out twice. */
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (button, 12);
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", clicked, self);
  adw_preferences_group_add (group, button);
  return button;
}

static GtkTextView *
add_text_view (AdwPreferencesGroup *group,
               const char          *name,
               int                  height)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *frame = gtk_frame_new (NULL);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  name_widget (view, name);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), height);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  adw_preferences_group_add (group, frame);
  return GTK_TEXT_VIEW (view);
}

static const char *
idle_title (CfIdleTime idle)
{
  switch (idle)
    {
    case CF_IDLE_DESK_LOCK:
      return _("Desks lock after");
    case CF_IDLE_KIOSK_RESET:
      return _("Kiosks start again after");
    case CF_IDLE_KIOSK_READING:
      return _("Kiosks start again, on a screen a student reads, after");
    case CF_IDLE_KIOSK_WARNING:
    default:
      return _("Kiosks count down before starting again for");
    }
}

static void
add_idle_rows (DeskOfficeSettingsWindow *self,
               AdwPreferencesGroup      *group)
{
  for (CfIdleTime i = 0; i < CF_IDLE_TIME_COUNT; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      guint min, max;
      GtkWidget *spin;

      cf_office_settings_idle_range (i, &min, &max);
      spin = gtk_spin_button_new_with_range (0, max, 5);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), idle_title (i));
      /* TRANSLATORS: the range an idle time may be set to */
      {
        g_autofree char *subtitle = g_strdup_printf (_("Seconds, %u to %u; 0 leaves each machine’s own setting"),
                                                     min, max);
        adw_action_row_set_subtitle (row, subtitle);
      }
      /* Named by the row's title, which the row relates it to. */
      adw_action_row_add_suffix (row, spin);
      adw_action_row_set_activatable_widget (row, spin);
      adw_preferences_group_add (group, GTK_WIDGET (row));
      self->idle_spins[i] = GTK_SPIN_BUTTON (spin);
    }
}

/* The rule is set where its consequences are shown: the Retention page. */
static void
open_retention_cb (DeskOfficeSettingsWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-page", "s", "retention");
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_retention_row (DeskOfficeSettingsWindow *self,
                   AdwPreferencesGroup      *group)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *button = gtk_button_new_with_label (_("Open Retention"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("How long records are kept"));
  adw_action_row_set_subtitle (row, _("Set on the Retention page, beside the records it makes due"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (open_retention_cb), self);
  adw_action_row_add_suffix (row, button);
  adw_preferences_group_add (group, GTK_WIDGET (row));
}

static void
build_office_page (DeskOfficeSettingsWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group;

  adw_preferences_page_set_title (page, _("Office"));
  adw_preferences_page_set_icon_name (page, "preferences-system-symbolic");
  group = add_group (page, _("Opening Hours"),
                     _("As students read them at the kiosk: when the office opens, then when it closes, as in “Monday to Friday, 10:00 to 16:00”."));
  self->hours_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->hours_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->hours_row), _("Opening hours"));
  adw_preferences_group_add (group, GTK_WIDGET (self->hours_row));
  group = add_group (page, _("Idle Times"), _("How long the office’s machines wait for someone to use them."));
  add_idle_rows (self, group);
  self->save_buttons[0] = add_button (group, _("Save Hours and Idle Times"), G_CALLBACK (save_office_cb), self);
  group = add_group (page, _("Retention"), NULL);
  add_retention_row (self, group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
}

static void
build_kiosk_page (DeskOfficeSettingsWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group;

  adw_preferences_page_set_title (page, _("Kiosk"));
  adw_preferences_page_set_icon_name (page, "input-touchpad-symbolic");
  group = add_group (page, _("Topics"),
                     _("What a student can choose to talk about, one topic a line. Kiosks offer them after their next sync."));
  self->topics_view = add_text_view (group, _("Topics, one a line"), 180);
  self->save_buttons[1] = add_button (group, _("Save Topics"), G_CALLBACK (save_topics_cb), self);
  group = add_group (page, _("Consent Wording"),
                     _("What a student agrees to at the kiosk. A change is a new version: every consent keeps the wording it was given under."));
  self->version_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->version_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->version_row), _("Offered now"));
  adw_preferences_group_add (group, GTK_WIDGET (self->version_row));
  self->wording_view = add_text_view (group, _("Consent wording"), 260);
  self->save_buttons[2] = add_button (group, _("Publish New Version"), G_CALLBACK (publish_cb), self);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
}

static void
build_services_page (DeskOfficeSettingsWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());

  adw_preferences_page_set_title (page, _("Services"));
  adw_preferences_page_set_icon_name (page, "system-users-symbolic");
  self->services_group = add_group (page, _("Restricted Services"),
                                    _("Someone who works in a restricted service (say, for students who self-define as women) sees only the students in it. Type the service and save it; leave it empty for none. A change applies from their next sign-in."));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
}

DeskOfficeSettingsWindow *
desk_office_settings_window_new (GtkWindow *parent,
                                 CfSession *session)
{
  DeskOfficeSettingsWindow *self;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);

  self = g_object_new (DESK_TYPE_OFFICE_SETTINGS_WINDOW, "transient-for", parent, "modal", TRUE,
                       "destroy-with-parent", TRUE, "title", _("Office Settings"),
                       "search-enabled", FALSE, "default-width", 640, "default-height", 720, NULL);
  self->session = g_object_ref (session);
  load (self);
  return self;
}

static void
desk_office_settings_window_dispose (GObject *object)
{
  DeskOfficeSettingsWindow *self = DESK_OFFICE_SETTINGS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->service_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (desk_office_settings_window_parent_class)->dispose (object);
}

static void
desk_office_settings_window_class_init (DeskOfficeSettingsWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = desk_office_settings_window_dispose;
}

static void
desk_office_settings_window_init (DeskOfficeSettingsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  build_office_page (self);
  build_kiosk_page (self);
  build_services_page (self);
  self->service_rows = g_ptr_array_new ();
}
