/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-date-field.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "cf-error.h"
#include "cf-text.h"
#include "kiosk-secure-buffer.h"

#define OLDEST_YEAR 1900

struct _KioskDateField {
  AdwBin     parent_instance;

  GtkLabel  *title_label;
  GtkEntry  *day_entry;
  GtkEntry  *month_entry;
  GtkEntry  *year_entry;
  GtkLabel  *problem_label;

  char      *title;
  gboolean   required;
};

G_DEFINE_FINAL_TYPE (KioskDateField, kiosk_date_field, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_REQUIRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- the rule --- */

static gboolean
invalid (GError    **error,
         const char *sentence)
{
  g_set_error_literal (error, CF_ERROR, CF_ERROR_INVALID_INPUT, sentence);
  return FALSE;
}

/* -1 for a blank part.  Anything but digits is refused, with the text
 * rules' own sentence when it is a hidden or control character. */
static gboolean
parse_part (const char *text,
            const char *what,
            int        *value,
            GError    **error)
{
  *value = -1;
  if (*text == '\0')
    return TRUE;
  if (!cf_text_check (text, -1, CF_TEXT_LINE, what, error))
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return invalid (error, _("Type the date in digits only, like 27 03 2001."));
  *value = atoi (text);
  return TRUE;
}

/* A lone "0" is the start of "07", not a problem yet. */
static gboolean
is_zero (int         value,
         const char *text,
         gboolean    complete)
{
  return value == 0 && (complete || strlen (text) > 1);
}

static gboolean
check_ranges (int          day,
              const char  *day_text,
              int          month,
              const char  *month_text,
              int          year,
              gsize        year_digits,
              const GDate *today,
              gboolean     complete,
              GError     **error)
{
  if (is_zero (day, day_text, complete) || day > 31)
    return invalid (error, _("There is no such day in a month: type a day from 1 to 31."));
  if (is_zero (month, month_text, complete) || month > 12)
    return invalid (error, _("There is no such month: type a month from 1 to 12."));
  if (year_digits == 4 && year < OLDEST_YEAR)
    return invalid (error, _("Check the year: it should be 1900 or later."));
  if (year_digits == 4 && year > g_date_get_year (today))
    return invalid (error, _("A date of birth cannot be in the future."));
  return TRUE;
}

gboolean
kiosk_date_check (const char  *day_text,
                  const char  *month_text,
                  const char  *year_text,
                  const GDate *today,
                  gboolean     complete,
                  GDate       *date,
                  GError     **error)
{
  int day, month, year;
  gsize year_digits = strlen (year_text);

  g_return_val_if_fail (day_text && month_text && year_text && today, FALSE);

  if (!parse_part (day_text, _("The day"), &day, error) ||
      !parse_part (month_text, _("The month"), &month, error) ||
      !parse_part (year_text, _("The year"), &year, error) ||
      !check_ranges (day, day_text, month, month_text, year, year_digits, today, complete, error))
    return FALSE;
  /* Still being typed: not a problem until the student says they are done. */
  if (day < 0 || month < 0 || year_digits < 4)
    {
      if (!complete)
        return TRUE;
      if (day >= 0 && month >= 0 && year >= 0)
        return invalid (error, _("Type the year with four digits, like 2001."));
      return invalid (error, _("Type the whole date: day, month and year."));
    }
  if (!g_date_valid_dmy (day, month, year))
    {
      guint8 days = g_date_get_days_in_month (month, year);

      g_set_error (error, CF_ERROR, CF_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE, "That date does not exist: that month has only %d day.",
                                   "That date does not exist: that month has only %d days.", days),
                   days);
      return FALSE;
    }
  g_date_set_dmy (date, day, month, year);
  if (g_date_compare (date, today) > 0)
    return invalid (error, _("A date of birth cannot be in the future."));
  return TRUE;
}

/* --- the field --- */

static void
today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static const char *
part (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
show_problem (KioskDateField *self,
              const char     *sentence)
{
  GtkAccessibleInvalidState state = sentence ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE;
  GtkEntry *entries[] = { self->day_entry, self->month_entry, self->year_entry };

  gtk_label_set_text (self->problem_label, sentence ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), sentence != NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_accessible_update_state (GTK_ACCESSIBLE (entries[i]), GTK_ACCESSIBLE_STATE_INVALID, state, -1);
}

static gboolean
check (KioskDateField *self,
       gboolean        complete,
       GDate          *date)
{
  g_autoptr(GError) error = NULL;
  GDate now;
  gboolean ok;

  if (complete && !self->required && kiosk_date_field_is_blank (self))
    {
      show_problem (self, NULL);
      return TRUE;
    }
  today (&now);
  ok = kiosk_date_check (part (self->day_entry), part (self->month_entry), part (self->year_entry),
                         &now, complete, date, &error);
  show_problem (self, ok ? NULL : error->message);
  return ok;
}

static void
part_changed_cb (KioskDateField *self)
{
  GDate date;

  g_date_clear (&date, 1);
  check (self, FALSE, &date);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
kiosk_date_field_is_blank (KioskDateField *self)
{
  g_return_val_if_fail (KIOSK_IS_DATE_FIELD (self), TRUE);

  return *part (self->day_entry) == '\0' && *part (self->month_entry) == '\0' &&
         *part (self->year_entry) == '\0';
}

char *
kiosk_date_field_get_iso (KioskDateField *self)
{
  g_autoptr(GError) error = NULL;
  GDate date, now;

  g_return_val_if_fail (KIOSK_IS_DATE_FIELD (self), NULL);

  if (kiosk_date_field_is_blank (self))
    return NULL;
  g_date_clear (&date, 1);
  today (&now);
  if (!kiosk_date_check (part (self->day_entry), part (self->month_entry), part (self->year_entry),
                         &now, TRUE, &date, &error))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

void
kiosk_date_field_clear (KioskDateField *self)
{
  g_return_if_fail (KIOSK_IS_DATE_FIELD (self));

  gtk_editable_set_text (GTK_EDITABLE (self->day_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->month_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->year_entry), "");
  show_problem (self, NULL);
}

gboolean
kiosk_date_field_validate (KioskDateField *self)
{
  GDate date;

  g_return_val_if_fail (KIOSK_IS_DATE_FIELD (self), FALSE);

  g_date_clear (&date, 1);
  if (check (self, TRUE, &date))
    return TRUE;
  gtk_widget_grab_focus (GTK_WIDGET (self->day_entry));
  return FALSE;
}

/* Each entry is named after the whole field as well ("Date of birth:
 * day"), so a screen reader user knows which date is asked for. */
static void
name_entries (KioskDateField *self)
{
  const char *title = self->title ? self->title : "";
  g_autofree char *day = g_strdup_printf (_("%s: day"), title);
  g_autofree char *month = g_strdup_printf (_("%s: month"), title);
  g_autofree char *year = g_strdup_printf (_("%s: year"), title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->day_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, day, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->month_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, month, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->year_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, year, -1);
}

static void
set_title (KioskDateField *self,
           const char     *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_label_set_text (self->title_label, title ? title : "");
  name_entries (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static gboolean
kiosk_date_field_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (KIOSK_DATE_FIELD (widget)->day_entry));
}

static void
kiosk_date_field_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KioskDateField *self = KIOSK_DATE_FIELD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_date_field_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KioskDateField *self = KIOSK_DATE_FIELD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      set_title (self, g_value_get_string (value));
      break;
    case PROP_REQUIRED:
      if (self->required != g_value_get_boolean (value))
        {
          self->required = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_date_field_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_DATE_FIELD);
  G_OBJECT_CLASS (kiosk_date_field_parent_class)->dispose (object);
}

static void
kiosk_date_field_finalize (GObject *object)
{
  g_free (KIOSK_DATE_FIELD (object)->title);
  G_OBJECT_CLASS (kiosk_date_field_parent_class)->finalize (object);
}

static void
kiosk_date_field_class_init (KioskDateFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_date_field_get_property;
  object_class->set_property = kiosk_date_field_set_property;
  object_class->dispose = kiosk_date_field_dispose;
  object_class->finalize = kiosk_date_field_finalize;
  widget_class->grab_focus = kiosk_date_field_grab_focus;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-date-field.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskDateField, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDateField, day_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskDateField, month_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskDateField, year_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskDateField, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, part_changed_cb);
}

static void
kiosk_date_field_init (KioskDateField *self)
{
  GtkEntry *entries[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  entries[0] = self->day_entry;
  entries[1] = self->month_entry;
  entries[2] = self->year_entry;
  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      kiosk_entry_make_private (GTK_EDITABLE (entries[i]));
      gtk_accessible_update_relation (GTK_ACCESSIBLE (entries[i]),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->problem_label, NULL,
                                      -1);
    }
}
