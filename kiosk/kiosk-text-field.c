/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-text-field.h"

#include <glib/gi18n-lib.h>

#include "cf-kiosk-pin.h"
#include "cf-text.h"
#include "kiosk-secure-buffer.h"

struct _KioskTextField {
  AdwBin          parent_instance;

  GtkLabel       *title_label;
  GtkEntry       *entry;
  GtkWidget      *password_entry;
  GtkEditable    *editable;       /* the one of the two shown */
  GtkLabel       *hint_label;
  GtkLabel       *problem_label;

  char           *title;
  gboolean        required;
  KioskTextCheck  check;
};

G_DEFINE_FINAL_TYPE (KioskTextField, kiosk_text_field, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_HINT,
  PROP_REQUIRED,
  PROP_INPUT_PURPOSE,
  PROP_SECRET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
kiosk_text_field_set_problem (KioskTextField *self,
                              const char     *sentence)
{
  g_return_if_fail (KIOSK_IS_TEXT_FIELD (self));

  gtk_label_set_text (self->problem_label, sentence ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), sentence != NULL);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->editable), GTK_ACCESSIBLE_STATE_INVALID,
                               sentence ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* Said to a student, who needs to know what to do rather than what the
 * rule is called. */
static char *
student_sentence (CfTextProblem problem,
                  const char   *title)
{
  switch (problem)
    {
    case CF_TEXT_OK:
      return NULL;
    case CF_TEXT_EMPTY:
    case CF_TEXT_BLANK:
      /* TRANSLATORS: %s is the name of a field, like Full name */
      return g_strdup_printf (_("Please fill in “%s”."), title);
    case CF_TEXT_DIRECTION_CONTROL:
      return g_strdup_printf (_("“%s” has a hidden character in it, perhaps from copying: please clear it and type it again."),
                              title);
    case CF_TEXT_TOO_LONG:
      return g_strdup_printf (_("“%s” is full: please shorten it."), title);
    case CF_TEXT_CONTROL:
    case CF_TEXT_INVALID_UTF8:
    default:
      return g_strdup_printf (_("Please use letters, numbers and punctuation in “%s”, not symbols."), title);
    }
}

static gboolean
check (KioskTextField *self,
       gboolean        complete)
{
  const char *text = gtk_editable_get_text (self->editable);
  const char *title = self->title ? self->title : "";
  CfTextProblem problem = cf_text_find_problem (text, -1, CF_TEXT_LINE, complete && self->required);
  g_autofree char *sentence = student_sentence (problem, title);
  g_autoptr(GError) error = NULL;

  if (sentence == NULL && self->check != NULL && !self->check (text, complete, title, &error))
    sentence = g_strdup (error->message);
  kiosk_text_field_set_problem (self, sentence);
  return sentence == NULL;
}

static void
entry_changed_cb (KioskTextField *self)
{
  check (self, FALSE);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
entry_activated_cb (KioskTextField *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

gboolean
kiosk_text_check_pin (const char *text,
                      gboolean    complete,
                      const char *title,
                      GError    **error)
{
  gboolean digits = TRUE;

  for (const char *p = text; *p != '\0'; p++)
    digits = digits && g_ascii_isdigit (*p);
  if (digits && !complete)
    return TRUE;
  return cf_kiosk_pin_check (text, error);
}

const char *
kiosk_text_field_get_text (KioskTextField *self)
{
  g_return_val_if_fail (KIOSK_IS_TEXT_FIELD (self), NULL);
  return gtk_editable_get_text (self->editable);
}

gboolean
kiosk_text_field_is_blank (KioskTextField *self)
{
  g_return_val_if_fail (KIOSK_IS_TEXT_FIELD (self), TRUE);

  for (const char *p = kiosk_text_field_get_text (self); *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

void
kiosk_text_field_set_text (KioskTextField *self,
                           const char     *text)
{
  g_return_if_fail (KIOSK_IS_TEXT_FIELD (self));
  gtk_editable_set_text (self->editable, text ? text : "");
}

void
kiosk_text_field_clear (KioskTextField *self)
{
  g_return_if_fail (KIOSK_IS_TEXT_FIELD (self));

  gtk_editable_set_text (self->editable, "");
  kiosk_text_field_set_problem (self, NULL);
}

gboolean
kiosk_text_field_validate (KioskTextField *self)
{
  g_return_val_if_fail (KIOSK_IS_TEXT_FIELD (self), FALSE);

  if (check (self, TRUE))
    return TRUE;
  gtk_widget_grab_focus (GTK_WIDGET (self->editable));
  return FALSE;
}

void
kiosk_text_field_set_check (KioskTextField *self,
                            KioskTextCheck  check_func)
{
  g_return_if_fail (KIOSK_IS_TEXT_FIELD (self));
  self->check = check_func;
}

static void
set_title (KioskTextField *self,
           const char     *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_label_set_text (self->title_label, title ? title : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
set_hint (KioskTextField *self,
          const char     *hint)
{
  if (g_strcmp0 (gtk_label_get_text (self->hint_label), hint ? hint : "") == 0)
    return;
  gtk_label_set_text (self->hint_label, hint ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL && *hint != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HINT]);
}

/* A secret is typed in the password entry; the other one is emptied, so
 * the text lives in one place. */
static void
set_secret (KioskTextField *self,
            gboolean        secret)
{
  GtkEditable *editable = secret ? GTK_EDITABLE (self->password_entry) : GTK_EDITABLE (self->entry);

  if (editable == self->editable)
    return;
  gtk_editable_set_text (editable, gtk_editable_get_text (self->editable));
  gtk_editable_set_text (self->editable, "");
  gtk_widget_set_visible (GTK_WIDGET (self->editable), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (editable), TRUE);
  self->editable = editable;
  gtk_label_set_mnemonic_widget (self->title_label, GTK_WIDGET (editable));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRET]);
}

/* The password entry keeps its own purpose (a password), unless the
 * secret is a PIN. */
static void
set_input_purpose (KioskTextField *self,
                   GtkInputPurpose purpose)
{
  GtkEditable *hidden = gtk_editable_get_delegate (GTK_EDITABLE (self->password_entry));

  gtk_entry_set_input_purpose (self->entry, purpose);
  if (purpose == GTK_INPUT_PURPOSE_PIN)
    gtk_text_set_input_purpose (GTK_TEXT (hidden), purpose);
}

static gboolean
kiosk_text_field_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (KIOSK_TEXT_FIELD (widget)->editable));
}

static void
kiosk_text_field_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KioskTextField *self = KIOSK_TEXT_FIELD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_HINT:
      g_value_set_string (value, gtk_label_get_text (self->hint_label));
      break;
    case PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;
    case PROP_INPUT_PURPOSE:
      g_value_set_enum (value, gtk_entry_get_input_purpose (self->entry));
      break;
    case PROP_SECRET:
      g_value_set_boolean (value, self->editable == GTK_EDITABLE (self->password_entry));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_text_field_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KioskTextField *self = KIOSK_TEXT_FIELD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      set_title (self, g_value_get_string (value));
      break;
    case PROP_HINT:
      set_hint (self, g_value_get_string (value));
      break;
    case PROP_REQUIRED:
      if (self->required != g_value_get_boolean (value))
        {
          self->required = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_INPUT_PURPOSE:
      if (gtk_entry_get_input_purpose (self->entry) != (GtkInputPurpose) g_value_get_enum (value))
        {
          set_input_purpose (self, g_value_get_enum (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SECRET:
      set_secret (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_text_field_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TEXT_FIELD);
  G_OBJECT_CLASS (kiosk_text_field_parent_class)->dispose (object);
}

static void
kiosk_text_field_finalize (GObject *object)
{
  g_free (KIOSK_TEXT_FIELD (object)->title);
  G_OBJECT_CLASS (kiosk_text_field_parent_class)->finalize (object);
}

static void
kiosk_text_field_class_init (KioskTextFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_text_field_get_property;
  object_class->set_property = kiosk_text_field_set_property;
  object_class->dispose = kiosk_text_field_dispose;
  object_class->finalize = kiosk_text_field_finalize;
  widget_class->grab_focus = kiosk_text_field_grab_focus;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HINT] =
    g_param_spec_string ("hint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INPUT_PURPOSE] =
    g_param_spec_enum ("input-purpose", NULL, NULL, GTK_TYPE_INPUT_PURPOSE,
                       GTK_INPUT_PURPOSE_FREE_FORM,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SECRET] =
    g_param_spec_boolean ("secret", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-text-field.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskTextField, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTextField, entry);
  gtk_widget_class_bind_template_child (widget_class, KioskTextField, password_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskTextField, hint_label);
  gtk_widget_class_bind_template_child (widget_class, KioskTextField, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
}

static void
kiosk_text_field_init (KioskTextField *self)
{
  GtkEditable *editables[2];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->editable = GTK_EDITABLE (self->entry);
  editables[0] = GTK_EDITABLE (self->entry);
  editables[1] = GTK_EDITABLE (self->password_entry);
  for (gsize i = 0; i < G_N_ELEMENTS (editables); i++)
    {
      GtkText *text = GTK_TEXT (gtk_editable_get_delegate (editables[i]));

      kiosk_entry_make_private (editables[i]);
      /* Typing stops at the limit instead of being told off after it. */
      gtk_text_set_max_length (text, CF_TEXT_LINE_MAX);
      /* A screen reader reads the hint and the problem with the entry. */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (editables[i]),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->hint_label,
                                      self->problem_label, NULL,
                                      -1);
    }
}
