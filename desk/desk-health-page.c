/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-health-page.h"

#include <glib/gi18n.h>

#include "cf-sync.h"
#include "cf-verify.h"
#include "desk-jobs.h"
#include "desk-widgets.h"

struct _DeskHealthPage {
  GtkWidget     parent_instance;

  AdwActionRow *folder_row;
  AdwActionRow *reach_row;
  AdwActionRow *machines_row;
  AdwActionRow *waiting_row;
  AdwActionRow *last_row;
  GtkSpinner   *verify_spinner;
  GtkLabel     *verify_label;

  CfSession    *session;
  char         *sync_dir;     /* NULL when this desk has none */
  GCancellable *cancellable;
  gboolean      loaded;       /* since the session was set */
};

G_DEFINE_FINAL_TYPE (DeskHealthPage, desk_health_page, GTK_TYPE_WIDGET)

/* --- sync status, on the store's thread --- */

typedef struct {
  gboolean reachable;
  guint    machines;
  guint    revoked;
  guint    waiting;
} Status;

static gpointer
status_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr(GPtrArray) machines = cf_sync_status (session, data, error);
  Status *status;

  if (machines == NULL)
    return NULL;
  status = g_new0 (Status, 1);
  status->reachable = g_file_test (data, G_FILE_TEST_IS_DIR);
  status->machines = machines->len;
  for (guint i = 0; i < machines->len; i++)
    {
      CfSyncMachine *machine = machines->pdata[i];

      status->revoked += machine->revoked ? 1 : 0;
      status->waiting += machine->waiting;
    }
  return status;
}

static void
show_status (DeskHealthPage *self,
             const Status   *status)
{
  g_autofree char *machines = NULL, *waiting = NULL;

  adw_action_row_set_subtitle (self->reach_row, status->reachable
                               ? _("Yes")
                               : _("No: changes wait on this desk until the folder is back."));
  machines = g_strdup_printf (g_dngettext (NULL, "%u machine", "%u machines", status->machines),
                              status->machines);
  if (status->revoked > 0)
    {
      g_autofree char *with = g_strdup_printf (g_dngettext (NULL, "%s, %u of them revoked",
                                                            "%s, %u of them revoked", status->revoked),
                                               machines, status->revoked);
      g_free (machines);
      machines = g_steal_pointer (&with);
    }
  adw_action_row_set_subtitle (self->machines_row, machines);
  waiting = g_strdup_printf (g_dngettext (NULL, "%u segment", "%u segments", status->waiting),
                             status->waiting);
  adw_action_row_set_subtitle (self->waiting_row, waiting);
}

static void
status_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DeskHealthPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree Status *status = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  if (status == NULL)
    {
      adw_action_row_set_subtitle (self->machines_row, error->message);
      return;
    }
  show_status (self, status);
}

void
desk_health_page_reload (DeskHealthPage *self)
{
  g_return_if_fail (DESK_IS_HEALTH_PAGE (self));

  if (self->session == NULL)
    return;
  self->loaded = TRUE;
  adw_action_row_set_subtitle (self->folder_row, self->sync_dir ? self->sync_dir
                               : _("This desk has no sync folder."));
  if (self->sync_dir == NULL)
    return;
  desk_session_run_async (self->session, status_job, g_strdup (self->sync_dir), g_free, g_free,
                          self->cancellable, status_loaded_cb, g_object_ref (self));
}

/* Said by the window after every pass; the numbers change with it. */
void
desk_health_page_note_sync (DeskHealthPage *self,
                            const char     *problem)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format (now, "%H:%M");
  g_autofree char *text = NULL;

  g_return_if_fail (DESK_IS_HEALTH_PAGE (self));

  /* TRANSLATORS: the last sync pass: its time, then a problem, or none */
  text = problem ? g_strdup_printf (_("At %s: %s"), at, problem)
                 : g_strdup_printf (_("At %s, without a problem."), at);
  adw_action_row_set_subtitle (self->last_row, text);
  if (self->loaded)
    desk_health_page_reload (self);
}

/* --- verify --- */

static gpointer
verify_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  CfVerifyReport *report = g_new0 (CfVerifyReport, 1);

  if (!cf_verify_run (session, data, report, error))
    {
      g_free (report);
      return NULL;
    }
  return report;
}

static void
verify_report_free (CfVerifyReport *report)
{
  cf_verify_report_clear (report);
  g_free (report);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfVerifyReport, verify_report_free)

static char *
describe_all_well (DeskHealthPage       *self,
                   const CfVerifyReport *report)
{
  g_autofree char *audit = g_strdup_printf (g_dngettext (NULL, "%u entry", "%u entries",
                                                         report->audit_entries),
                                            report->audit_entries);
  g_autofree char *folder = NULL;

  if (self->sync_dir == NULL)
    /* TRANSLATORS: %s is "12 entries" */
    return g_strdup_printf (_("Everything checks out: the database and its audit log (%s) are intact. This desk has no sync folder to check."),
                            audit);
  folder = g_strdup_printf (g_dngettext (NULL, "%u file", "%u files", report->sync_files),
                            report->sync_files);
  /* TRANSLATORS: "… its audit log (12 entries) and the sync folder (3 files) …" */
  return g_strdup_printf (_("Everything checks out: the database, its audit log (%s) and the sync folder (%s) are intact."),
                          audit, folder);
}

/* One sentence per part that failed, each saying what to do. */
static char *
describe_problems (const CfVerifyReport *report)
{
  GString *text = g_string_new (_("Verify found a problem. Nothing was changed."));

  if (report->database != NULL)
    g_string_append_printf (text, "\n• %s %s", _("The database:"), report->database->message);
  if (report->audit != NULL)
    g_string_append_printf (text, "\n• %s %s", _("The audit log:"), report->audit->message);
  if (report->folder != NULL)
    g_string_append_printf (text, "\n• %s %s", _("The sync folder:"), report->folder->message);
  return g_string_free (text, FALSE);
}

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskHealthPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfVerifyReport) report = desk_session_run_finish (result, &error);
  g_autofree char *text = NULL;

  if (desk_error_is_cancelled (error))
    return;
  gtk_spinner_stop (self->verify_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_spinner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "health.verify", TRUE);
  if (report == NULL)
    text = g_strdup (error->message);
  else if (cf_verify_report_first (report) == NULL)
    text = describe_all_well (self, report);
  else
    text = describe_problems (report);
  gtk_label_set_text (self->verify_label, text);
}

/* Reads the whole database and the folder: on the store's thread. */
static void
verify_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeskHealthPage *self = DESK_HEALTH_PAGE (widget);

  if (self->session == NULL)
    return;
  gtk_widget_action_set_enabled (widget, "health.verify", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_spinner), TRUE);
  gtk_spinner_start (self->verify_spinner);
  gtk_label_set_text (self->verify_label, _("Verifying…"));
  desk_session_run_async (self->session, verify_job, g_strdup (self->sync_dir), g_free,
                          (GDestroyNotify) verify_report_free, self->cancellable, verified_cb,
                          g_object_ref (self));
}

/* --- the session --- */

static void
mapped_cb (DeskHealthPage *self)
{
  if (!self->loaded)
    desk_health_page_reload (self);
}

void
desk_health_page_set_session (DeskHealthPage *self,
                              CfSession      *session,
                              const char     *sync_dir)
{
  g_return_if_fail (DESK_IS_HEALTH_PAGE (self));

  g_set_object (&self->session, session);
  g_free (self->sync_dir);
  self->sync_dir = g_strdup (sync_dir);
  self->loaded = FALSE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    desk_health_page_reload (self);
}

void
desk_health_page_clear (DeskHealthPage *self)
{
  g_return_if_fail (DESK_IS_HEALTH_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->session);
  self->loaded = FALSE;
  gtk_spinner_stop (self->verify_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_spinner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "health.verify", TRUE);
  gtk_label_set_text (self->verify_label, _("Not verified since you signed in."));
  adw_action_row_set_subtitle (self->last_row, _("Not since you signed in."));
  adw_action_row_set_subtitle (self->folder_row, "");
  adw_action_row_set_subtitle (self->reach_row, "");
  adw_action_row_set_subtitle (self->machines_row, "");
  adw_action_row_set_subtitle (self->waiting_row, "");
}

/* --- object --- */

static void
desk_health_page_dispose (GObject *object)
{
  DeskHealthPage *self = DESK_HEALTH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->sync_dir, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_HEALTH_PAGE);
  /* GTK 4.8 unparents only bound template children. */
  desk_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (desk_health_page_parent_class)->dispose (object);
}

static void
desk_health_page_class_init (DeskHealthPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_health_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-health-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskHealthPage, folder_row);
  gtk_widget_class_bind_template_child (widget_class, DeskHealthPage, reach_row);
  gtk_widget_class_bind_template_child (widget_class, DeskHealthPage, machines_row);
  gtk_widget_class_bind_template_child (widget_class, DeskHealthPage, waiting_row);
  gtk_widget_class_bind_template_child (widget_class, DeskHealthPage, last_row);
  gtk_widget_class_bind_template_child (widget_class, DeskHealthPage, verify_spinner);
  gtk_widget_class_bind_template_child (widget_class, DeskHealthPage, verify_label);
  gtk_widget_class_install_action (widget_class, "health.verify", NULL, verify_action_cb);
}

static void
desk_health_page_init (DeskHealthPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  adw_action_row_set_subtitle (self->last_row, _("Not since you signed in."));
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
}
