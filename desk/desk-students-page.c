/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-students-page.h"

#include <glib/gi18n.h>

#include "cf-search.h"
#include "cf-students.h"
#include "desk-a11y.h"
#include "desk-format.h"
#include "desk-jobs.h"
#include "desk-window.h"
#include "desk-student-dialog.h"
#include "desk-student-page.h"
#include "desk-widgets.h"

struct _DeskStudentsPage {
  GtkWidget          parent_instance;

  AdwLeaflet        *leaflet;
  GtkSearchEntry    *search_entry;
  GtkStack          *list_stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  GtkListView       *list_view;
  DeskStudentPage   *student_page;

  CfSession         *session;
  GCancellable      *cancellable;
  GListStore        *students;      /* CfStudent, every one the user may see */
  GtkFilterListModel *filtered;
  GtkCustomFilter   *filter;
  char              *query;         /* case-folded search text */
  GCancellable      *code_cancellable;
  char              *code_match;    /* the student whose access code was typed */
  GTimeZone         *zone;
  gboolean           loaded;
};

G_DEFINE_FINAL_TYPE (DeskStudentsPage, desk_students_page, GTK_TYPE_WIDGET)

enum {
  STUDENT_DESTROYED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- the list and its filter --- */

static gboolean
student_matches (gpointer item,
                 gpointer user_data)
{
  DeskStudentsPage *self = user_data;
  CfStudent *student = item;

  return desk_match_student (self->query, desk_format_student_name (cf_student_get_name (student)),
                             cf_student_get_student_number (student)) ||
         g_strcmp0 (cf_student_get_id (student), self->code_match) == 0;
}

static void
update_list_stack (DeskStudentsPage *self)
{
  const char *page = "list";

  if (!self->loaded)
    return;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->students)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    page = "no-results";
  gtk_stack_set_visible_child_name (self->list_stack, page);
}

static void
filter_changed (DeskStudentsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_list_stack (self);
}

/* An anonymous student has only the access code they quote, kept as a
 * hash: the library hashes what was typed and says whose it is. */
static gpointer
code_job (CfSession    *session,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr(GListModel) hits = cf_search_access_code (session, data, error);
  g_autoptr(CfSearchHit) hit = hits ? g_list_model_get_item (hits, 0) : NULL;

  if (hits == NULL)
    return NULL;
  return g_strdup (hit ? cf_search_hit_get_student_id (hit) : "");
}

static void
code_found_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeskStudentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = desk_session_run_finish (result, &error);

  if (desk_error_is_cancelled (error) || id == NULL || *id == '\0')
    return;
  g_free (self->code_match);
  self->code_match = g_steal_pointer (&id);
  filter_changed (self);
}

static void
search_changed_cb (DeskStudentsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_free (self->query);
  self->query = g_utf8_casefold (text, -1);
  g_clear_pointer (&self->code_match, g_free);
  g_cancellable_cancel (self->code_cancellable);
  g_clear_object (&self->code_cancellable);
  filter_changed (self);
  if (self->session == NULL || *text == '\0')
    return;
  self->code_cancellable = g_cancellable_new ();
  desk_session_run_async (self->session, code_job, g_strdup (text), g_free, g_free,
                          self->code_cancellable, code_found_cb, g_object_ref (self));
}

/* The row is a button for pointers and assistive tools (GTK 4.8 gives list
 * rows no action they can run); it takes no focus, so the keyboard moves
 * through the list itself and Enter activates the row. */
static void
student_set_up_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *number = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_widget_add_css_class (number, "dim-label");
  gtk_widget_add_css_class (number, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), number);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "student-row");
  gtk_list_item_set_child (item, button);
}

static void
student_bound_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  DeskStudentsPage *self = user_data;
  CfStudent *student = gtk_list_item_get_item (item);
  GtkWidget *button = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (button)));
  GtkWidget *number = gtk_widget_get_next_sibling (name);
  const char *shown = desk_format_student_name (cf_student_get_name (student));
  g_autofree char *detail = g_strdup (cf_student_get_student_number (student));
  g_autofree char *a11y = NULL;
  gint64 created_at = 0;

  /* An anonymous check-in has neither name nor ID: when they were first
   * seen tells one from another. */
  g_object_get (student, "created-at", &created_at, NULL);
  if (cf_student_get_name (student) == NULL && detail == NULL && self->zone != NULL)
    detail = desk_format_first_seen (created_at, self->zone);
  gtk_label_set_text (GTK_LABEL (name), shown);
  gtk_label_set_text (GTK_LABEL (number), detail ? detail : "");
  gtk_widget_set_visible (number, detail != NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (cf_student_get_id (student)));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "students.open");
  /* TRANSLATORS: a screen reader's name for an anonymous student: "Anonymous, First seen 7 Dec 2026, 14:05" */
  a11y = cf_student_get_name (student) == NULL && detail ? g_strdup_printf (_("%s, %s"), shown, detail)
                                                         : g_strdup (shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
student_unbound_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *button = gtk_list_item_get_child (item);

  /* A recycled row must not keep a name for assistive tools. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
}

static void
open_at (DeskStudentsPage *self,
         guint             position)
{
  g_autoptr(CfStudent) student = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (student != NULL)
    desk_students_page_open (self, cf_student_get_id (student));
}

static void
student_activated_cb (DeskStudentsPage *self,
                      guint             position)
{
  open_at (self, position);
}

/* Enter in the search opens the first match, as in GNOME Settings. */
static void
search_activated_cb (DeskStudentsPage *self)
{
  open_at (self, 0);
}

/* --- loading --- */

typedef struct {
  GListModel *students;
  GTimeZone  *zone;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->students);
  g_clear_pointer (&loaded->zone, g_time_zone_unref);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static gpointer
students_job (CfSession    *session,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(Loaded) loaded = g_new0 (Loaded, 1);

  if ((loaded->zone = desk_session_get_zone (session, error)) == NULL ||
      (loaded->students = cf_students_list (session, error)) == NULL)
    return NULL;
  return g_steal_pointer (&loaded);
}

static void
students_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DeskStudentsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Loaded) loaded = desk_session_run_finish (result, &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *students = loaded ? loaded->students : NULL;

  if (desk_error_is_cancelled (error))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (loaded == NULL)
    {
      desk_status_page_set_text_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
      return;
    }
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_time_zone_ref (loaded->zone);
  for (guint i = 0; i < g_list_model_get_n_items (students); i++)
    g_ptr_array_add (items, g_list_model_get_item (students, i));
  g_list_store_splice (self->students, 0, g_list_model_get_n_items (G_LIST_MODEL (self->students)),
                       items->pdata, items->len);
  self->loaded = TRUE;
  update_list_stack (self);
}

void
desk_students_page_reload (DeskStudentsPage *self)
{
  g_return_if_fail (DESK_IS_STUDENTS_PAGE (self));

  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (!self->loaded)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
    }
  desk_session_run_async (self->session, students_job, NULL, NULL, (GDestroyNotify) loaded_free,
                          self->cancellable, students_loaded_cb, g_object_ref (self));
}

void
desk_students_page_set_session (DeskStudentsPage *self,
                                CfSession        *session)
{
  g_return_if_fail (DESK_IS_STUDENTS_PAGE (self));
  g_return_if_fail (session == NULL || CF_IS_SESSION (session));

  desk_students_page_clear (self);
  g_set_object (&self->session, session);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "students.add", session != NULL);
  desk_students_page_reload (self);
}

void
desk_students_page_clear (DeskStudentsPage *self)
{
  g_return_if_fail (DESK_IS_STUDENTS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->code_cancellable);
  g_clear_object (&self->code_cancellable);
  g_clear_object (&self->session);
  self->loaded = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_list_store_remove_all (self->students);
  desk_student_page_clear (self->student_page);
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->list_stack, "loading");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "students.add", FALSE);
}

void
desk_students_page_open (DeskStudentsPage *self,
                         const char       *student_id)
{
  g_return_if_fail (DESK_IS_STUDENTS_PAGE (self));
  g_return_if_fail (student_id != NULL);

  if (self->session == NULL)
    return;
  desk_student_page_open (self->student_page, self->session, student_id);
  adw_leaflet_set_visible_child_name (self->leaflet, "student");
}

void
desk_students_page_focus_search (DeskStudentsPage *self)
{
  g_return_if_fail (DESK_IS_STUDENTS_PAGE (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The user declared a conflict of interest: the student leaves their list. */
static void
student_closed_cb (DeskStudentsPage *self)
{
  desk_students_page_reload (self);
}

/* The student's records were destroyed: back to the list, without them. */
static void
student_destroyed_cb (DeskStudentsPage *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  desk_students_page_reload (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  g_signal_emit (self, signals[STUDENT_DESTROYED], 0);
}

/* --- actions --- */

static void
student_added_cb (DeskStudentsPage *self,
                  const char       *student_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("The student is added."));
  desk_students_page_reload (self);
  desk_students_page_open (self, student_id);
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DeskStudentsPage *self = DESK_STUDENTS_PAGE (widget);
  DeskStudentDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = desk_student_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session);
  g_signal_connect_object (dialog, "added", G_CALLBACK (student_added_cb), self, G_CONNECT_SWAPPED);
  if (DESK_IS_WINDOW (gtk_widget_get_root (widget)))
    desk_window_watch_input (DESK_WINDOW (gtk_widget_get_root (widget)), GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  desk_students_page_open (DESK_STUDENTS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeskStudentsPage *self = DESK_STUDENTS_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* --- object --- */

static void
desk_students_page_dispose (GObject *object)
{
  DeskStudentsPage *self = DESK_STUDENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->code_cancellable);
  g_clear_object (&self->code_cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_STUDENTS_PAGE);
  g_clear_object (&self->filtered);
  g_clear_object (&self->students);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->code_match, g_free);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  G_OBJECT_CLASS (desk_students_page_parent_class)->dispose (object);
}

static void
desk_students_page_class_init (DeskStudentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_students_page_dispose;

  /* A student's records were destroyed from their page: other lists that
   * may name them are read again. */
  signals[STUDENT_DESTROYED] = g_signal_new ("student-destroyed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (DESK_TYPE_STUDENT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-students-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DeskStudentsPage, student_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, student_set_up_cb);
  gtk_widget_class_bind_template_callback (widget_class, student_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, student_unbound_cb);
  gtk_widget_class_bind_template_callback (widget_class, student_activated_cb);

  gtk_widget_class_install_action (widget_class, "students.add", NULL, add_action_cb);
  gtk_widget_class_install_action (widget_class, "students.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "students.open", "s", open_action_cb);
}

static void
desk_students_page_init (DeskStudentsPage *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  desk_present_visible_child_only (GTK_WIDGET (self->list_stack));
  desk_present_visible_child_only (GTK_WIDGET (self->leaflet));

  self->students = g_list_store_new (CF_TYPE_STUDENT);
  self->filter = gtk_custom_filter_new (student_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->students)),
                                              GTK_FILTER (self->filter));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_bind_property (self->leaflet, "folded", self->student_page, "show-back",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->student_page, "closed", G_CALLBACK (student_closed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->student_page, "destroyed", G_CALLBACK (student_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "students.add", FALSE);
}
