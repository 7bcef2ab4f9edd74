/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-audit-page.h"

#include <glib/gi18n.h>

#include "cf-audit-csv.h"
#include "cf-audit-log.h"
#include "cf-time.h"
#include "desk-format.h"
#include "desk-jobs.h"
#include "desk-widgets.h"

#define PAGE_SIZE 100

struct _DeskAuditPage {
  GtkWidget     parent_instance;

  GtkLabel     *chain_label;
  GtkEditable  *from_entry;
  GtkEditable  *to_entry;
  GtkEditable  *user_entry;
  GtkEditable  *action_entry;
  GtkEditable  *student_entry;
  GtkListBox   *entry_list;
  GtkLabel     *problem_label;

  CfSession    *session;
  GCancellable *cancellable;        /* every job of this session */
  GCancellable *list_cancellable;   /* the list being shown, renewed by a new search */
  gboolean      chain_checked;      /* once a session, then on Check Again */
  GTimeZone    *zone;
  GListStore   *entries;   /* CfAuditEntry, newest first */
};

G_DEFINE_FINAL_TYPE (DeskAuditPage, desk_audit_page, GTK_TYPE_WIDGET)

/* --- the filters, read on the writer thread --- */

/* What is typed, copied so the job owns it. */
typedef struct {
  char         *from;
  char         *to;
  char         *user;
  char         *action;
  char         *student;
  CfAuditEntry *after;
  char         *out;      /* the CSV file, for an export */
} Query;

static void
query_free (Query *query)
{
  g_free (query->from);
  g_free (query->to);
  g_free (query->user);
  g_free (query->action);
  g_free (query->student);
  g_clear_object (&query->after);
  g_free (query->out);
  g_free (query);
}

static char *
typed (GtkEditable *entry)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (text[0] != '\0')
    return text;
  g_free (text);
  return NULL;
}

static Query *
query_new (DeskAuditPage *self)
{
  Query *query = g_new0 (Query, 1);

  query->from = typed (self->from_entry);
  query->to = typed (self->to_entry);
  query->user = typed (self->user_entry);
  query->action = typed (self->action_entry);
  query->student = typed (self->student_entry);
  return query;
}

/* The filter in the office's time zone; @user_id holds the user's id. */
static gboolean
make_filter (CfSession     *session,
             Query         *query,
             CfAuditFilter *filter,
             char         **user_id,
             GError       **error)
{
  g_autoptr(GTimeZone) zone = desk_session_get_zone (session, error);

  *filter = (CfAuditFilter) { .action = query->action, .subject = query->student };
  if (zone == NULL ||
      (query->from && !cf_date_parse (query->from, zone, &filter->from, NULL, error)) ||
      (query->to && !cf_date_parse (query->to, zone, NULL, &filter->to, error)))
    return FALSE;
  if (query->user != NULL && (*user_id = cf_audit_log_find_user (session, query->user, error)) == NULL)
    return FALSE;
  filter->user_id = *user_id;
  return TRUE;
}

static gpointer
list_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  Query *query = data;
  g_autofree char *user_id = NULL;
  CfAuditFilter filter;

  if (!make_filter (session, query, &filter, &user_id, error))
    return NULL;
  return cf_audit_log_list (session, &filter, query->after, PAGE_SIZE, error);
}

/* Every entry the filters keep into the file, its export audited. */
static gboolean
export_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  Query *query = data;
  g_autofree char *user_id = NULL;
  CfAuditFilter filter;

  return make_filter (session, query, &filter, &user_id, error) &&
         cf_audit_log_export (session, &filter, 0, query->out, NULL, error);
}

static gpointer
check_job (CfSession    *session,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  g_autofree CfAuditChainState *state = g_new0 (CfAuditChainState, 1);

  if (!cf_audit_log_check (session, state, error))
    return NULL;
  return g_steal_pointer (&state);
}

static void
state_free (CfAuditChainState *state)
{
  cf_audit_chain_state_clear (state);
  g_free (state);
}

/* --- the chain's state --- */

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeskAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;
  CfAuditChainState *state = desk_session_run_finish (result, &error);
  g_autofree char *text = NULL;

  if (desk_error_is_cancelled (error))
    return;
  if (state == NULL)
    text = g_strdup (error->message);
  else if (state->problem != NULL)
    text = g_strdup (state->problem);
  else
    text = g_strdup_printf (ngettext ("Verified: the chain of every machine is whole (%u entry).",
                                      "Verified: the chain of every machine is whole (%u entries).",
                                      state->n_entries), state->n_entries);
  gtk_label_set_text (self->chain_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.check", TRUE);
  if (state == NULL || state->problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->chain_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->chain_label), "error");
  g_clear_pointer (&state, state_free);
}

/* Every entry of every chain is read on the store's one writer thread:
 * done once a session, and when asked again, not at every showing. */
static void
check_chain (DeskAuditPage *self)
{
  self->chain_checked = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.check", FALSE);
  gtk_label_set_text (self->chain_label, _("Checking the audit log…"));
  desk_session_run_async (self->session, check_job, NULL, NULL, (GDestroyNotify) state_free,
                          self->cancellable, checked_cb, g_object_ref (self));
}

/* --- the list --- */

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DeskAuditPage *self = user_data;
  CfAuditEntry *entry = item;
  g_autofree char *when = self->zone ? desk_format_moment (cf_audit_entry_get_at (entry), self->zone)
                                     : g_strdup ("");
  const char *user = cf_audit_entry_get_user_name (entry);
  const char *subject = cf_audit_entry_get_subject (entry);
  const char *title_parts[] = { cf_audit_entry_get_action (entry), subject, NULL };
  const char *subtitle_parts[] = { when, user ? user : cf_audit_entry_get_user_id (entry),
                                   cf_audit_entry_get_machine (entry), NULL };
  g_autofree char *title = desk_format_detail_line (title_parts);
  g_autofree char *subtitle = desk_format_detail_line (subtitle_parts);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) page = desk_session_run_finish (result, &error);
  guint n;

  if (desk_error_is_cancelled (error))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), page == NULL);
  if (page == NULL)
    {
      gtk_label_set_text (self->problem_label, error->message);
      return;
    }
  n = g_list_model_get_n_items (page);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CfAuditEntry) entry = g_list_model_get_item (page, i);

      g_list_store_append (self->entries, entry);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.more", n == PAGE_SIZE);
}

/* @more: the next page after the last entry shown; otherwise from the
 * newest, with the filters as typed now. */
static void
load (DeskAuditPage *self,
      gboolean       more)
{
  Query *query = query_new (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  if (more && n > 0)
    query->after = g_list_model_get_item (G_LIST_MODEL (self->entries), n - 1);
  else
    {
      /* A page still coming belongs to the list being replaced: its
       * result is then reported cancelled, and listed_cb drops it. */
      g_cancellable_cancel (self->list_cancellable);
      g_clear_object (&self->list_cancellable);
      self->list_cancellable = g_cancellable_new ();
      g_list_store_remove_all (self->entries);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.more", FALSE);
  desk_session_run_async (self->session, list_job, query, (GDestroyNotify) query_free,
                          g_object_unref, self->list_cancellable, listed_cb, g_object_ref (self));
}

static void
zone_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeskAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GTimeZone *zone = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error) || zone == NULL)
    return;
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = zone;
  load (self, FALSE);
}

static gpointer
zone_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  return desk_session_get_zone (session, error);
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskAuditPage *self = DESK_AUDIT_PAGE (widget);

  if (self->session != NULL)
    load (self, FALSE);
}

static void
more_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeskAuditPage *self = DESK_AUDIT_PAGE (widget);

  if (self->session != NULL)
    load (self, TRUE);
}

static void
check_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DeskAuditPage *self = DESK_AUDIT_PAGE (widget);

  if (self->session != NULL)
    check_chain (self);
}

/* --- export --- */

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!desk_session_do_finish (result, &error))
    {
      if (!desk_error_is_cancelled (error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("The audit log is exported."));
}

static void
file_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                gpointer         user_data)
{
  DeskAuditPage *self = user_data;
  g_autoptr(GFile) file = NULL;
  Query *query;

  if (response == GTK_RESPONSE_ACCEPT && self->session != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      query = query_new (self);
      query->out = g_file_get_path (file);
      if (query->out != NULL)
        desk_session_do_async (self->session, export_job, query, (GDestroyNotify) query_free,
                               self->cancellable, exported_cb, g_object_ref (self));
      else
        query_free (query);
    }
  g_object_unref (chooser);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskAuditPage *self = DESK_AUDIT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  GtkFileChooserNative *chooser;

  if (self->session == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export the Audit Log"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), home, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "audit.csv");
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- the session --- */

static void
reload (DeskAuditPage *self)
{
  if (self->session == NULL)
    return;
  if (!self->chain_checked)
    check_chain (self);
  desk_session_run_async (self->session, zone_job, NULL, NULL, (GDestroyNotify) g_time_zone_unref,
                          self->cancellable, zone_loaded_cb, g_object_ref (self));
}

void
desk_audit_page_set_session (DeskAuditPage *self,
                             CfSession     *session)
{
  g_return_if_fail (DESK_IS_AUDIT_PAGE (self));
  g_return_if_fail (session == NULL || CF_IS_SESSION (session));

  desk_audit_page_clear (self);
  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

/* Read when someone looks at the page: entries arrive from other desks
 * meanwhile. */
static void
mapped_cb (DeskAuditPage *self)
{
  reload (self);
}

void
desk_audit_page_clear (DeskAuditPage *self)
{
  g_return_if_fail (DESK_IS_AUDIT_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  self->chain_checked = FALSE;
  g_clear_object (&self->session);
  g_list_store_remove_all (self->entries);
  gtk_label_set_text (self->chain_label, "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.more", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
}

/* --- object --- */

static void
desk_audit_page_dispose (GObject *object)
{
  DeskAuditPage *self = DESK_AUDIT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_AUDIT_PAGE);
  desk_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->entries);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  G_OBJECT_CLASS (desk_audit_page_parent_class)->dispose (object);
}

static void
desk_audit_page_class_init (DeskAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_audit_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-audit-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskAuditPage, chain_label);
  gtk_widget_class_bind_template_child (widget_class, DeskAuditPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskAuditPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskAuditPage, user_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskAuditPage, action_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskAuditPage, student_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskAuditPage, entry_list);
  gtk_widget_class_bind_template_child (widget_class, DeskAuditPage, problem_label);
  gtk_widget_class_install_action (widget_class, "audit.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "audit.more", NULL, more_action_cb);
  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "audit.check", NULL, check_action_cb);
}

static void
desk_audit_page_init (DeskAuditPage *self)
{
  GtkWidget *empty;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->list_cancellable = g_cancellable_new ();
  self->entries = g_list_store_new (CF_TYPE_AUDIT_ENTRY);
  gtk_list_box_bind_model (self->entry_list, G_LIST_MODEL (self->entries), create_row, self, NULL);
  empty = gtk_label_new (_("No entry matches."));
  gtk_widget_add_css_class (empty, "dim-label");
  g_object_set (empty, "margin-top", 12, "margin-bottom", 12, NULL);
  gtk_list_box_set_placeholder (self->entry_list, empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.more", FALSE);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
}
