/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-today-page.h"

#include <glib/gi18n.h>

#include "cf-appointments.h"
#include "cf-students.h"
#include "cf-time.h"
#include "desk-a11y.h"
#include "desk-book-dialog.h"
#include "desk-format.h"
#include "desk-jobs.h"
#include "desk-window.h"

struct _DeskTodayPage {
  GtkWidget       parent_instance;

  GtkLabel       *day_label;
  GtkStack       *content_stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkColumnView  *column_view;
  GtkColumnViewColumn *adviser_column;

  CfSession      *session;
  GCancellable   *cancellable;
  GListStore     *appointments;   /* CfAppointment, shown by column_view */
  GHashTable     *names;          /* student id → name, NULL for a record not ours to see */
  GTimeZone      *zone;
  gboolean        whole_office;
};

G_DEFINE_FINAL_TYPE (DeskTodayPage, desk_today_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WHOLE_OFFICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- loading, on the writer thread --- */

typedef struct {
  gboolean    whole_office;
} TodayQuery;

typedef struct {
  GListModel *appointments;
  GHashTable *names;
  GTimeZone  *zone;
  gint64      day_start;
} TodayResult;

static void
today_result_free (TodayResult *result)
{
  g_clear_object (&result->appointments);
  g_clear_pointer (&result->names, g_hash_table_unref);
  g_clear_pointer (&result->zone, g_time_zone_unref);
  g_free (result);
}

/* Each name is a read of that student's record, audited by the library and
 * refused for a record the adviser may not see. */
static GHashTable *
read_names (CfSession *session, GListModel *appointments)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < g_list_model_get_n_items (appointments); i++)
    {
      g_autoptr(CfAppointment) appointment = g_list_model_get_item (appointments, i);
      const char *id = cf_appointment_get_student_id (appointment);
      g_autoptr(CfStudent) student = NULL;

      if (g_hash_table_contains (names, id))
        continue;
      student = cf_students_get (session, id, NULL);
      g_hash_table_insert (names, g_strdup (id),
                           student ? g_strdup (cf_student_get_name (student)) : NULL);
    }
  return names;
}

static gpointer
today_job (CfSession *session, gpointer data, GCancellable *cancellable, GError **error)
{
  TodayQuery *query = data;
  g_autoptr(GTimeZone) zone = desk_session_get_zone (session, error);
  g_autofree char *today = NULL;
  TodayResult *result;
  gint64 from, to;

  if (zone == NULL)
    return NULL;
  today = cf_date_format (g_get_real_time () / G_USEC_PER_SEC, zone);
  if (!cf_date_parse (today, zone, &from, &to, error))
    return NULL;
  result = g_new0 (TodayResult, 1);
  result->appointments = cf_appointments_list (session, from, to,
                                               query->whole_office ? NULL : cf_session_get_user_id (session),
                                               error);
  if (result->appointments == NULL)
    {
      today_result_free (result);
      return NULL;
    }
  result->names = read_names (session, result->appointments);
  result->zone = g_steal_pointer (&zone);
  result->day_start = from;
  return result;
}

static void
show_result (DeskTodayPage *self, TodayResult *result)
{
  g_autofree char *day = desk_format_day (result->day_start, result->zone);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (result->appointments);

  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->names = g_steal_pointer (&result->names);
  self->zone = g_steal_pointer (&result->zone);
  gtk_label_set_text (self->day_label, day);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (result->appointments, i));
  g_list_store_splice (self->appointments, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->appointments)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->content_stack, n > 0 ? "list" : "empty");
}

static void
today_loaded_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(DeskTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  TodayResult *result = desk_session_run_finish (res, &error);

  if (desk_error_is_cancelled (error))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (result == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }
  show_result (self, result);
  today_result_free (result);
}

void
desk_today_page_reload (DeskTodayPage *self)
{
  TodayQuery *query;

  g_return_if_fail (DESK_IS_TODAY_PAGE (self));
  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (g_list_model_get_n_items (G_LIST_MODEL (self->appointments)) == 0)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
    }
  query = g_new0 (TodayQuery, 1);
  query->whole_office = self->whole_office;
  desk_session_run_async (self->session, today_job, query, g_free,
                          (GDestroyNotify) today_result_free, self->cancellable,
                          today_loaded_cb, g_object_ref (self));
}

void
desk_today_page_set_session (DeskTodayPage *self, CfSession *session)
{
  g_return_if_fail (DESK_IS_TODAY_PAGE (self));
  g_return_if_fail (session == NULL || CF_IS_SESSION (session));

  desk_today_page_clear (self);
  g_set_object (&self->session, session);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.book", session != NULL);
  desk_today_page_reload (self);
}

void
desk_today_page_clear (DeskTodayPage *self)
{
  g_return_if_fail (DESK_IS_TODAY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_list_store_remove_all (self->appointments);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  gtk_label_set_text (self->day_label, "");
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.book", FALSE);
}

/* --- the list --- */

static void
label_set_up_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static CfAppointment *
item_appointment (GtkListItem *item)
{
  return CF_APPOINTMENT (gtk_list_item_get_item (item));
}

static void
time_bound_cb (DeskTodayPage *self, GtkListItem *item)
{
  CfAppointment *appointment = item_appointment (item);
  g_autofree char *text = desk_format_time_range (cf_appointment_get_start_at (appointment),
                                                  cf_appointment_get_end_at (appointment),
                                                  self->zone);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
student_bound_cb (DeskTodayPage *self, GtkListItem *item)
{
  const char *id = cf_appointment_get_student_id (item_appointment (item));
  const char *name = self->names ? g_hash_table_lookup (self->names, id) : NULL;

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      name ? name : _("A record you cannot open"));
}

static void
adviser_bound_cb (DeskTodayPage *self, GtkListItem *item)
{
  g_autofree char *adviser = NULL;

  g_object_get (item_appointment (item), "adviser-name", &adviser, NULL);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), adviser ? adviser : "");
}

static void
mode_bound_cb (DeskTodayPage *self, GtkListItem *item)
{
  g_autofree char *mode = NULL;

  g_object_get (item_appointment (item), "mode", &mode, NULL);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), desk_format_mode (mode));
}

static void
status_bound_cb (DeskTodayPage *self, GtkListItem *item)
{
  const char *status = cf_appointment_get_status (item_appointment (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), desk_format_status (status));
}

/* Opening the row's student is the window's job: it owns the pages. */
static void
row_activated_cb (DeskTodayPage *self, guint position)
{
  g_autoptr(CfAppointment) appointment = g_list_model_get_item (G_LIST_MODEL (self->appointments), position);

  if (appointment != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-student", "s",
                                cf_appointment_get_student_id (appointment));
}

/* --- actions --- */

static void
booked_cb (DeskTodayPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  desk_today_page_reload (self);
  if (DESK_IS_WINDOW (root))
    desk_window_show_toast (DESK_WINDOW (root), _("The appointment is booked."));
}

static void
book_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DeskTodayPage *self = DESK_TODAY_PAGE (widget);
  DeskBookDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = desk_book_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session);
  g_signal_connect_object (dialog, "booked", G_CALLBACK (booked_cb), self, G_CONNECT_SWAPPED);
  if (DESK_IS_WINDOW (gtk_widget_get_root (widget)))
    desk_window_watch_input (DESK_WINDOW (gtk_widget_get_root (widget)), GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
desk_today_page_set_whole_office (DeskTodayPage *self, gboolean whole_office)
{
  if (self->whole_office == whole_office)
    return;
  self->whole_office = whole_office;
  gtk_column_view_column_set_visible (self->adviser_column, whole_office);
  g_list_store_remove_all (self->appointments);
  desk_today_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WHOLE_OFFICE]);
}

/* --- object --- */

static void
desk_today_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DeskTodayPage *self = DESK_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_WHOLE_OFFICE:
      g_value_set_boolean (value, self->whole_office);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_today_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DeskTodayPage *self = DESK_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_WHOLE_OFFICE:
      desk_today_page_set_whole_office (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_today_page_dispose (GObject *object)
{
  DeskTodayPage *self = DESK_TODAY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_TODAY_PAGE);
  g_clear_object (&self->appointments);
  G_OBJECT_CLASS (desk_today_page_parent_class)->dispose (object);
}

static void
desk_today_page_class_init (DeskTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = desk_today_page_get_property;
  object_class->set_property = desk_today_page_set_property;
  object_class->dispose = desk_today_page_dispose;

  properties[PROP_WHOLE_OFFICE] =
    g_param_spec_boolean ("whole-office", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Desk/desk-today-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, day_label);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DeskTodayPage, adviser_column);
  gtk_widget_class_bind_template_callback (widget_class, label_set_up_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, student_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, adviser_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_bound_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_property_action (widget_class, "today.whole-office", "whole-office");
  gtk_widget_class_install_action (widget_class, "today.book", NULL, book_action_cb);
}

static void
desk_today_page_init (DeskTodayPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  desk_present_visible_child_only (GTK_WIDGET (self->content_stack));
  self->appointments = g_list_store_new (CF_TYPE_APPOINTMENT);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->appointments)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.book", FALSE);
}
