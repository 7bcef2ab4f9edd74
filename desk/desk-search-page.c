/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-search-page.h"

#include <glib/gi18n.h>

#include "cf-search.h"
#include "desk-a11y.h"
#include "desk-format.h"
#include "desk-widgets.h"
#include "desk-jobs.h"

#define PAGE_SIZE 20

struct _DeskSearchPage {
  GtkWidget       parent_instance;

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkWidget      *students_group;
  GtkListBox     *students_list;
  GtkWidget      *more_students_button;
  GtkWidget      *entries_group;
  GtkListBox     *entries_list;
  GtkWidget      *more_entries_button;

  CfSession      *session;
  GCancellable   *cancellable;   /* the search under way; a new one cancels it */
  char           *text;          /* what the results are for */
  GListStore     *students;      /* CfSearchHit */
  GListStore     *entries;       /* CfSearchHit */
  gint64          next_entries;  /* where more entries start, 0 for none */
  GTimeZone      *zone;
};

G_DEFINE_FINAL_TYPE (DeskSearchPage, desk_search_page, GTK_TYPE_WIDGET)

/* --- the job --- */

typedef enum {
  SEARCH_BOTH,
  SEARCH_MORE_STUDENTS,
  SEARCH_MORE_ENTRIES,
} SearchKind;

typedef struct {
  SearchKind  kind;
  char       *text;
  guint       offset;
  gint64      before;
} Request;

typedef struct {
  SearchKind  kind;
  GListModel *students;
  gboolean    more_students;
  GListModel *entries;
  gint64      next_entries;
  GTimeZone  *zone;
} Answer;

static void
request_free (Request *request)
{
  g_free (request->text);
  g_free (request);
}

static void
answer_free (Answer *answer)
{
  g_clear_object (&answer->students);
  g_clear_object (&answer->entries);
  g_clear_pointer (&answer->zone, g_time_zone_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static gpointer
search_job (CfSession    *session,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  Request *request = data;
  g_autoptr(Answer) answer = g_new0 (Answer, 1);

  answer->kind = request->kind;
  if ((answer->zone = desk_session_get_zone (session, error)) == NULL)
    return NULL;
  if (request->kind != SEARCH_MORE_ENTRIES &&
      (answer->students = cf_search_students (session, request->text, request->offset, PAGE_SIZE,
                                              &answer->more_students, error)) == NULL)
    return NULL;
  if (request->kind != SEARCH_MORE_STUDENTS &&
      (answer->entries = cf_search_entries (session, request->text, request->before, PAGE_SIZE,
                                            &answer->next_entries, error)) == NULL)
    return NULL;
  return g_steal_pointer (&answer);
}

/* --- rows --- */

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A row is a button that opens the student (win.open-student), named for
 * assistive tools by what it shows. */
static GtkWidget *
new_result_row (CfSearchHit *hit,
                GtkWidget   *content,
                const char  *a11y_label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *button = gtk_button_new ();

  g_object_set (content, "margin-top", 6, "margin-bottom", 6, NULL);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "search-result");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-student");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (cf_search_hit_get_student_id (hit)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_label, -1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), button);
  return row;
}

static const char *
shown_name (CfSearchHit *hit)
{
  return desk_format_student_name (cf_search_hit_get_student_name (hit));
}

/* An anonymous student, found by their access code, is told apart by the
 * day they were first seen. */
static GtkWidget *
create_student_row (gpointer item,
                    gpointer user_data)
{
  DeskSearchPage *self = user_data;
  CfSearchHit *hit = item;
  g_autofree char *number = NULL, *email = NULL, *seen = NULL, *details = NULL, *a11y = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gint64 created_at = 0;

  g_object_get (hit, "student-number", &number, "email", &email, "created-at", &created_at, NULL);
  if (cf_search_hit_get_student_name (hit) == NULL && created_at != 0)
    seen = desk_format_first_seen (created_at, self->zone);
  details = desk_format_detail_line ((const char *const[]) {
      number ? number : "", email ? email : "", seen ? seen : "", NULL });
  gtk_box_append (GTK_BOX (box), new_label (shown_name (hit), NULL));
  gtk_box_append (GTK_BOX (box), new_label (details, "dim-label"));
  /* TRANSLATORS: what a screen reader says for an anonymous student: "Anonymous, First seen 7 Dec 2026, 14:05" */
  a11y = seen ? g_strdup_printf (_("%s, %s"), shown_name (hit), seen) : g_strdup (shown_name (hit));
  return new_result_row (hit, box, a11y);
}

static GtkWidget *
create_entry_row (gpointer item,
                  gpointer user_data)
{
  DeskSearchPage *self = user_data;
  CfSearchHit *hit = item;
  g_autofree char *kind = NULL, *when = NULL, *meta = NULL, *a11y = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gint64 created_at;

  g_object_get (hit, "entry-kind", &kind, "created-at", &created_at, NULL);
  when = desk_format_moment (created_at, self->zone);
  meta = desk_format_detail_line ((const char *const[]) {
      shown_name (hit), desk_format_entry_kind (kind), when, NULL });
  /* TRANSLATORS: what a screen reader says for a found entry: "Zanele Okonkwo: …text…" */
  a11y = g_strdup_printf (_("%s: %s"), shown_name (hit), cf_search_hit_get_snippet (hit));
  gtk_box_append (GTK_BOX (box), new_label (meta, "dim-label"));
  gtk_box_append (GTK_BOX (box), new_label (cf_search_hit_get_snippet (hit), NULL));
  return new_result_row (hit, box, a11y);
}

/* --- showing results --- */

static void
append_all (GListStore *store,
            GListModel *items)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    g_ptr_array_add (copies, g_list_model_get_item (items, i));
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0,
                       copies->pdata, copies->len);
}

static void
update_view (DeskSearchPage *self,
             gboolean        more_students)
{
  guint n_students = g_list_model_get_n_items (G_LIST_MODEL (self->students));
  guint n_entries = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  gtk_widget_set_visible (self->students_group, n_students > 0);
  gtk_widget_set_visible (self->more_students_button, more_students);
  gtk_widget_set_visible (self->entries_group, n_entries > 0 || self->next_entries != 0);
  gtk_widget_set_visible (self->more_entries_button, self->next_entries != 0);
  gtk_stack_set_visible_child_name (self->stack,
                                    n_students + n_entries > 0 || self->next_entries ? "results" : "none");
}

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskSearchPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Answer) answer = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (answer == NULL)
    {
      desk_status_page_set_text_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_time_zone_ref (answer->zone);
  if (answer->kind == SEARCH_BOTH)
    {
      g_list_store_remove_all (self->students);
      g_list_store_remove_all (self->entries);
    }
  if (answer->students != NULL)
    append_all (self->students, answer->students);
  if (answer->entries != NULL)
    {
      append_all (self->entries, answer->entries);
      self->next_entries = answer->next_entries;
    }
  update_view (self, answer->students ? answer->more_students
                                      : gtk_widget_get_visible (self->more_students_button));
}

static void
run_search (DeskSearchPage *self,
            SearchKind      kind)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->text = g_strdup (self->text);
  request->offset = kind == SEARCH_MORE_STUDENTS ? g_list_model_get_n_items (G_LIST_MODEL (self->students)) : 0;
  request->before = kind == SEARCH_MORE_ENTRIES ? self->next_entries : 0;
  desk_session_run_async (self->session, search_job, request, (GDestroyNotify) request_free,
                          (GDestroyNotify) answer_free, self->cancellable, searched_cb,
                          g_object_ref (self));
}

static void
restart (DeskSearchPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* GtkSearchEntry waits for a pause in the typing before it says so. */
static void
search_changed_cb (DeskSearchPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  restart (self);
  g_free (self->text);
  self->text = g_strstrip (g_strdup (text));
  if (self->session == NULL || self->text[0] == '\0')
    {
      g_list_store_remove_all (self->students);
      g_list_store_remove_all (self->entries);
      gtk_stack_set_visible_child_name (self->stack, "start");
      return;
    }
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  run_search (self, SEARCH_BOTH);
}

static void
more_students_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  DeskSearchPage *self = DESK_SEARCH_PAGE (widget);

  if (self->session != NULL && self->text != NULL)
    run_search (self, SEARCH_MORE_STUDENTS);
}

static void
more_entries_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DeskSearchPage *self = DESK_SEARCH_PAGE (widget);

  if (self->session != NULL && self->text != NULL && self->next_entries != 0)
    run_search (self, SEARCH_MORE_ENTRIES);
}

/* --- public --- */

void
desk_search_page_set_session (DeskSearchPage *self,
                              CfSession      *session)
{
  g_return_if_fail (DESK_IS_SEARCH_PAGE (self));
  g_return_if_fail (session == NULL || CF_IS_SESSION (session));

  desk_search_page_clear (self);
  g_set_object (&self->session, session);
}

void
desk_search_page_focus (DeskSearchPage *self)
{
  g_return_if_fail (DESK_IS_SEARCH_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
desk_search_page_clear (DeskSearchPage *self)
{
  g_return_if_fail (DESK_IS_SEARCH_PAGE (self));

  restart (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->text, g_free);
  /* Emptying the entry runs search_changed_cb, which empties the lists. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_list_store_remove_all (self->students);
  g_list_store_remove_all (self->entries);
  self->next_entries = 0;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "start");
}

/* --- object --- */

static void
desk_search_page_dispose (GObject *object)
{
  DeskSearchPage *self = DESK_SEARCH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_SEARCH_PAGE);
  /* GTK 4.8 unparents only bound template children; the page's own child
   * must go too, or it outlives its parent. */
  desk_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->students);
  g_clear_object (&self->entries);
  G_OBJECT_CLASS (desk_search_page_parent_class)->dispose (object);
}

static void
desk_search_page_class_init (DeskSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_search_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-search-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskSearchPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskSearchPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeskSearchPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeskSearchPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeskSearchPage, students_group);
  gtk_widget_class_bind_template_child (widget_class, DeskSearchPage, students_list);
  gtk_widget_class_bind_template_child (widget_class, DeskSearchPage, more_students_button);
  gtk_widget_class_bind_template_child (widget_class, DeskSearchPage, entries_group);
  gtk_widget_class_bind_template_child (widget_class, DeskSearchPage, entries_list);
  gtk_widget_class_bind_template_child (widget_class, DeskSearchPage, more_entries_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_install_action (widget_class, "search.more-students", NULL, more_students_action_cb);
  gtk_widget_class_install_action (widget_class, "search.more-entries", NULL, more_entries_action_cb);
}

static void
desk_search_page_init (DeskSearchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  desk_present_visible_child_only (GTK_WIDGET (self->stack));
  self->cancellable = g_cancellable_new ();
  self->students = g_list_store_new (CF_TYPE_SEARCH_HIT);
  self->entries = g_list_store_new (CF_TYPE_SEARCH_HIT);
  self->zone = g_time_zone_new_utc ();
  gtk_list_box_bind_model (self->students_list, G_LIST_MODEL (self->students), create_student_row, self, NULL);
  gtk_list_box_bind_model (self->entries_list, G_LIST_MODEL (self->entries), create_entry_row, self, NULL);
}
