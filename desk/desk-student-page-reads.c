/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The student page's "Who Has Read This Record", for managers: each read
 * of the record from the audit log, newest first, who, when and on which
 * machine, a page at a time (see desk-student-page-private.h). */
#include "desk-student-page-private.h"

#include <glib/gi18n.h>

#include "cf-audit-log.h"
#include "desk-format.h"
#include "desk-jobs.h"

#define PAGE_SIZE 20

/* --- reading, on the writer thread --- */

typedef struct {
  char         *student_id;
  CfAuditEntry *after;
} ReadsQuery;

static void
reads_query_free (ReadsQuery *query)
{
  g_free (query->student_id);
  g_clear_object (&query->after);
  g_free (query);
}

static gpointer
reads_job (CfSession    *session,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  ReadsQuery *query = data;

  return cf_audit_log_reads (session, query->student_id, query->after, PAGE_SIZE, error);
}

/* --- the list --- */

/* What was read, in words: the log keeps a stable code. */
static const char *
format_read (const char *action)
{
  static const struct {
    const char *action;
    const char *label;
  } reads[] = {
    { "student-read", N_("Record opened") },
    { "case-read", N_("Case read") },
    { "consents-read", N_("Consents read") },
    { "breaches-read", N_("Breach records read") },
    { "student-exported", N_("Records exported") },
    { "search-result-shown", N_("Shown in a search") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (reads); i++)
    if (g_strcmp0 (reads[i].action, action) == 0)
      return _(reads[i].label);
  return action;
}

/* Who as the title, when, what and where as the subtitle: all stored
 * text, so never markup. */
static GtkWidget *
create_read_row (gpointer item,
                 gpointer user_data)
{
  DeskStudentPage *self = user_data;
  CfAuditEntry *entry = item;
  const char *user = cf_audit_entry_get_user_name (entry);
  g_autofree char *when = self->zone ? desk_format_moment (cf_audit_entry_get_at (entry), self->zone)
                                     : g_strdup ("");
  /* TRANSLATORS: %s is a machine's id in the office */
  g_autofree char *machine = g_strdup_printf (_("Machine %s"), cf_audit_entry_get_machine (entry));
  const char *parts[] = { when, format_read (cf_audit_entry_get_action (entry)), machine, NULL };
  g_autofree char *subtitle = desk_format_detail_line (parts);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 user ? user : cf_audit_entry_get_user_id (entry));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
read_listed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DeskStudentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) page = desk_session_run_finish (result, &error);
  guint n;

  if (desk_error_is_cancelled (error))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->reads_problem_label), page == NULL);
  if (page == NULL)
    {
      gtk_label_set_text (self->reads_problem_label, error->message);
      return;
    }
  n = g_list_model_get_n_items (page);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CfAuditEntry) entry = g_list_model_get_item (page, i);

      g_list_store_append (self->reads, entry);
    }
  /* A full page may have more behind it; a short one is the last. */
  gtk_widget_set_visible (self->reads_more_button, n == PAGE_SIZE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.more-reads", n == PAGE_SIZE);
}

/* The next page after the last read shown, or from the newest. */
static void
load_reads (DeskStudentPage *self,
            gboolean         more)
{
  ReadsQuery *query = g_new0 (ReadsQuery, 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->reads));

  query->student_id = g_strdup (self->student_id);
  if (more && n > 0)
    query->after = g_list_model_get_item (G_LIST_MODEL (self->reads), n - 1);
  else
    g_list_store_remove_all (self->reads);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.more-reads", FALSE);
  desk_session_run_async (self->session, reads_job, query, (GDestroyNotify) reads_query_free,
                          g_object_unref, self->cancellable, read_listed_cb, g_object_ref (self));
}

/* Only a manager reads the audit log: for anyone else the section is not
 * there and nothing is asked (the library would refuse it).  Asked after
 * the record is opened, so this very read is listed first. */
void
_desk_student_page_show_reads (DeskStudentPage *self)
{
  gboolean allowed = self->session != NULL && self->student_id != NULL &&
                     cf_session_can (self->session, CF_PERMISSION_VIEW_AUDIT);

  gtk_widget_set_visible (self->reads_group, allowed);
  if (allowed)
    load_reads (self, FALSE);
}

void
_desk_student_page_clear_reads (DeskStudentPage *self)
{
  g_list_store_remove_all (self->reads);
  gtk_widget_set_visible (self->reads_group, FALSE);
  gtk_widget_set_visible (self->reads_more_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->reads_problem_label), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.more-reads", FALSE);
}

static void
more_reads_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DeskStudentPage *self = DESK_STUDENT_PAGE (widget);

  if (self->session != NULL && self->student_id != NULL)
    load_reads (self, TRUE);
}

void
_desk_student_page_reads_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, reads_group);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, reads_list);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, reads_problem_label);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentPage, reads_more_button);
  gtk_widget_class_install_action (widget_class, "student.more-reads", NULL, more_reads_action_cb);
}

void
_desk_student_page_reads_init (DeskStudentPage *self)
{
  GtkWidget *empty = gtk_label_new (_("No read of this record is held here."));

  self->reads = g_list_store_new (CF_TYPE_AUDIT_ENTRY);
  gtk_list_box_bind_model (self->reads_list, G_LIST_MODEL (self->reads), create_read_row, self, NULL);
  gtk_widget_add_css_class (empty, "dim-label");
  g_object_set (empty, "margin-top", 12, "margin-bottom", 12, NULL);
  gtk_list_box_set_placeholder (self->reads_list, empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "student.more-reads", FALSE);
}
