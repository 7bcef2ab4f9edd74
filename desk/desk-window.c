/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-window-private.h"

#include <glib/gi18n.h>

#include "cf-data-dir.h"
#include "cf-error.h"
#include "cf-office.h"
#include "cf-users.h"
#include "desk-a11y.h"
#include "desk-format.h"
#include "desk-jobs.h"
#include "desk-office-settings-window.h"
#include "desk-widgets.h"


G_DEFINE_FINAL_TYPE (DeskWindow, desk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void check_setup (DeskWindow *self);

/* The check starts once the window knows its application, which holds
 * the folders: GtkWindow sets that property only after construction. */
DeskWindow *
desk_window_new (DeskApplication *app)
{
  DeskWindow *self = g_object_new (DESK_TYPE_WINDOW, "application", app, NULL);

  check_setup (self);
  return self;
}

DeskApplication *
_desk_window_get_app (DeskWindow *self)
{
  return DESK_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* Every page and dialog says what happened through this one action.
 * Toasts never hold a name: they may show over anything.  The message is
 * plain text (a toast's title is markup by default). */
static void
toast_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);
  g_autofree char *escaped = g_markup_escape_text (g_variant_get_string (parameter, NULL), -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

void
desk_window_show_ticket (DeskWindow *self,
                         const char *ticket_id)
{
  g_return_if_fail (DESK_IS_WINDOW (self));
  g_return_if_fail (ticket_id != NULL);

  if (self->session == NULL)
    {
      g_free (self->pending_ticket);
      self->pending_ticket = g_strdup (ticket_id);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, "today");
  desk_today_page_show_ticket (self->today_page, ticket_id);
}

/* --- actions that need a signed-in session --- */

static void
open_student_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);

  if (self->session == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "students");
  desk_students_page_open (self->students_page, g_variant_get_string (parameter, NULL));
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);

  if (self->session == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "students");
  desk_students_page_focus_search (self->students_page);
}

void
_desk_window_set_signed_in (DeskWindow *self,
                            gboolean    signed_in)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-student", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.office-settings",
                                 signed_in && self->session != NULL &&
                                 cf_session_can (self->session, CF_PERMISSION_OFFICE_SETTINGS));
}

/* The office's settings, for managers; the menu hides the item from
 * everyone else (hidden-when action-disabled). */
static void
office_settings_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);
  DeskOfficeSettingsWindow *window;

  if (self->session == NULL || !cf_session_can (self->session, CF_PERMISSION_OFFICE_SETTINGS))
    return;
  window = desk_office_settings_window_new (GTK_WINDOW (self), self->session);
  desk_window_watch_input (self, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

/* Shows one of the pages offered to this role, by name ("retention"). */
static void
show_page_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DeskWindow *self = DESK_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *page = adw_view_stack_get_child_by_name (self->view_stack, name);

  if (self->session != NULL && page != NULL &&
      adw_view_stack_page_get_visible (adw_view_stack_get_page (self->view_stack, page)))
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* --- signing in --- */

static gpointer
office_name_job (CfSession    *session,
                 gpointer      data,
                 GCancellable *cancellable,
                 GError      **error)
{
  if (cf_session_is_locked (session))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_DENIED, _("The desk is locked. Sign in again to continue."));
      return NULL;
    }
  return cf_office_get_name (session, error);
}

/* Who is signed in, and as what, is always in sight: a desk left open
 * shows whose it is. */
static void
office_name_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DeskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = desk_session_run_finish (result, &error);
  g_autofree char *subtitle = NULL;
  g_autofree char *who = NULL;

  if (name == NULL || self->session == NULL)
    return;
  /* TRANSLATORS: beside the Lock button, on two short lines: who is
   * signed in, and their role */
  who = g_strdup_printf (_("%s\n%s"), cf_session_get_user_name (self->session),
                         desk_format_role (cf_session_get_role (self->session)));
  gtk_label_set_text (self->signed_in_label, who);
  /* TRANSLATORS: the header bar: the user's name, their role, the office */
  subtitle = g_strdup_printf (_("%s (%s) · %s"), cf_session_get_user_name (self->session),
                              desk_format_role (cf_session_get_role (self->session)), name);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
}

static void
offer_page (DeskWindow *self,
            GtkWidget  *page,
            gboolean    offered)
{
  adw_view_stack_page_set_visible (adw_view_stack_get_page (self->view_stack, page), offered);
}

/* Statistics count every student's records (cf_statistics_report_new): a
 * manager's. */
static gboolean
counts (CfSession *session)
{
  return cf_session_can (session, CF_PERMISSION_VIEW_AUDIT) &&
         cf_session_can (session, CF_PERMISSION_READ_CASES);
}

/* A role that cannot read students' records is not offered the pages that
 * show them, rather than pages that look empty because they were refused;
 * whoever runs the office is offered its users, its sync and Verify (and,
 * once wired, its machines); only a role that may destroy records, their
 * retention. */
static gboolean
offer_pages_for_role (DeskWindow *self,
                      CfSession  *session)
{
  gboolean reads = cf_session_can (session, CF_PERMISSION_READ_CASES);
  gboolean runs = cf_session_can (session, CF_PERMISSION_ADMINISTER);
  GtkWidget *pages[] = {
    GTK_WIDGET (self->today_page), GTK_WIDGET (self->students_page),
    GTK_WIDGET (self->search_page), GTK_WIDGET (self->security_page),
  };

  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    offer_page (self, pages[i], reads);
  offer_page (self, GTK_WIDGET (self->users_page), cf_users_can_manage (session, CF_ROLE_ADMIN));
  offer_page (self, GTK_WIDGET (self->health_page), runs);
  offer_page (self, GTK_WIDGET (self->machines_page), cf_session_can (session, CF_PERMISSION_ADMINISTER));
  offer_page (self, GTK_WIDGET (self->retention_page), cf_session_can (session, CF_PERMISSION_DESTROY_RECORDS));
  offer_page (self, GTK_WIDGET (self->statistics_page), counts (session));
  offer_page (self, GTK_WIDGET (self->audit_page), cf_session_can (session, CF_PERMISSION_VIEW_AUDIT));
  adw_view_stack_set_visible_child_name (self->view_stack, reads ? "today" : "users");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-student", reads);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", reads);
  return reads;
}

/* Today's lists are queued on the store's thread first, then the first
 * sync pass, so the adviser sees their day before anything is exchanged. */
static void
signed_in_cb (DeskWindow *self,
              CfSession  *session)
{
  g_set_object (&self->session, session);
  self->told_ready = FALSE;
  _desk_window_set_signed_in (self, TRUE);
  g_clear_pointer (&self->locked_segments, g_hash_table_unref);
  gtk_revealer_set_reveal_child (self->news_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "desk");
  if (offer_pages_for_role (self, session))
    {
      desk_today_page_set_session (self->today_page, session);
      desk_students_page_set_session (self->students_page, session);
      desk_search_page_set_session (self->search_page, session);
      desk_security_page_set_session (self->security_page, session);
    }
  if (cf_session_can (session, CF_PERMISSION_ADMINISTER))
    desk_machines_page_set_session (self->machines_page, session);
  if (cf_session_can (session, CF_PERMISSION_DESTROY_RECORDS))
    desk_retention_page_set_session (self->retention_page, session);
  if (counts (session))
    desk_statistics_page_set_session (self->statistics_page, session);
  if (cf_session_can (session, CF_PERMISSION_VIEW_AUDIT))
    desk_audit_page_set_session (self->audit_page, session);
  desk_users_page_set_session (self->users_page, session);
  desk_health_page_set_session (self->health_page, session, self->sync_dir);
  desk_session_run_async (session, office_name_job, NULL, NULL, g_free,
                          self->cancellable, office_name_loaded_cb, g_object_ref (self));
  _desk_window_note_activity (self);
  _desk_window_arm_idle_lock (self);
  if (self->pending_ticket != NULL)
    {
      g_autofree char *ticket = g_steal_pointer (&self->pending_ticket);
      desk_window_show_ticket (self, ticket);
    }
  _desk_window_start_syncing (self);
}

/* Students' records were destroyed (on request, or the records due): the
 * lists that named them are read again, and any search that found them is
 * forgotten. */
static void
records_destroyed_cb (DeskWindow *self)
{
  if (self->session == NULL)
    return;
  desk_today_page_reload (self->today_page);
  desk_students_page_reload (self->students_page);
  desk_search_page_set_session (self->search_page, self->session);
}

/* Today's lists are on the screen: said once per sign-in, for the
 * start-up benchmark. */
static void
today_loaded_cb (DeskWindow *self)
{
  if (!self->told_ready)
    g_signal_emit (self, signals[READY], 0, desk_sign_in_page_get_sign_in_time (self->sign_in_page));
  self->told_ready = TRUE;
}

static void
office_created_cb (DeskWindow *self,
                   const char *user_name)
{
  desk_sign_in_page_set_user_name (self->sign_in_page, user_name);
  desk_sign_in_page_reset (self->sign_in_page,
                           _("The office is ready. Sign in with the passphrase you chose."));
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  desk_sign_in_page_focus (self->sign_in_page);
  /* The new office's sync folder is in its node.conf: watch it. */
  check_setup (self);
}

/* --- start-up: is this machine set up? --- */

/* --user fills in the name; --passphrase-file signs in with it at once.
 * Until someone is signed in, what arrives in the folder is news, whether
 * or not that sign-in succeeds. */
static void
show_sign_in (DeskWindow *self)
{
  DeskApplication *app = _desk_window_get_app (self);

  if (desk_application_get_user (app) != NULL)
    desk_sign_in_page_set_user_name (self->sign_in_page, desk_application_get_user (app));
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  desk_sign_in_page_focus (self->sign_in_page);
  _desk_window_watch_locked (self);
  if (desk_application_get_passphrase_file (app) != NULL)
    desk_sign_in_page_sign_in_from_file (self->sign_in_page,
                                         desk_application_get_passphrase_file (app));
}

static void
setup_checked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DeskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfNodeConfig) config = cf_node_config_load_finish (result, &error);

  if (config != NULL)
    {
      const char *given = desk_application_get_sync_dir (_desk_window_get_app (self));

      _desk_window_watch_folder (self, given ? given : config->sync_dir);
      show_sign_in (self);
    }
  else if (g_error_matches (error, CF_ERROR, CF_ERROR_NOT_SET_UP))
    {
      gtk_stack_set_visible_child_name (self->stack, "setup");
      desk_setup_page_focus (self->setup_page);
    }
  else if (!desk_error_is_cancelled (error))
    {
      desk_status_page_set_text_description (self->problem_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "problem");
    }
}

/* Reading node.conf touches the disk, so even this runs in a thread. */
static void
check_setup (DeskWindow *self)
{
  const char *data_dir = desk_application_get_data_dir (_desk_window_get_app (self));

  desk_setup_page_set_folders (self->setup_page, data_dir,
                               desk_application_get_sync_dir (_desk_window_get_app (self)));
  desk_sign_in_page_set_data_dir (self->sign_in_page, data_dir);
  cf_node_config_load_async (data_dir, self->cancellable, setup_checked_cb, g_object_ref (self));
}

/* --- object --- */

static void
desk_window_dispose (GObject *object)
{
  DeskWindow *self = DESK_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->sync_timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->sync_cancellable);
  if (self->session != NULL)
    cf_session_lock (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sync_cancellable);
  g_clear_object (&self->watcher);
  g_clear_pointer (&self->sync_dir, g_free);
  g_clear_pointer (&self->locked_segments, g_hash_table_unref);
  g_clear_pointer (&self->pending_ticket, g_free);
  g_clear_pointer (&self->last_problem, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_WINDOW);
  G_OBJECT_CLASS (desk_window_parent_class)->dispose (object);
}

static void
desk_window_class_init (DeskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_window_dispose;

  /* Today's lists are shown for the first time after a sign-in, which
   * took the microseconds given. */
  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (DESK_TYPE_SETUP_PAGE);
  g_type_ensure (DESK_TYPE_SIGN_IN_PAGE);
  g_type_ensure (DESK_TYPE_TODAY_PAGE);
  g_type_ensure (DESK_TYPE_STUDENTS_PAGE);
  g_type_ensure (DESK_TYPE_SEARCH_PAGE);
  g_type_ensure (DESK_TYPE_SECURITY_PAGE);
  g_type_ensure (DESK_TYPE_MACHINES_PAGE);
  g_type_ensure (DESK_TYPE_RETENTION_PAGE);
  g_type_ensure (DESK_TYPE_STATISTICS_PAGE);
  g_type_ensure (DESK_TYPE_AUDIT_PAGE);
  g_type_ensure (DESK_TYPE_USERS_PAGE);
  g_type_ensure (DESK_TYPE_HEALTH_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, problem_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, signed_in_label);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, today_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, students_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, search_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, security_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, machines_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, retention_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, statistics_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, audit_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, users_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, health_page);
  gtk_widget_class_bind_template_child (widget_class, DeskWindow, news_revealer);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, office_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, today_loaded_cb);
  gtk_widget_class_bind_template_callback (widget_class, records_destroyed_cb);
  _desk_window_class_init_lock (widget_class);
  _desk_window_class_init_sync (widget_class);

  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open-student", "s", open_student_action_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "win.office-settings", NULL, office_settings_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
desk_window_init (DeskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  desk_present_visible_child_only (GTK_WIDGET (self->stack));
  desk_present_visible_child_only (GTK_WIDGET (self->view_stack));
  self->cancellable = g_cancellable_new ();
  self->sync_cancellable = g_cancellable_new ();
  _desk_window_watch_activity (self, GTK_WIDGET (self));
  _desk_window_set_signed_in (self, FALSE);
}
