/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-window-private.h"

#include <glib/gi18n-lib.h>

#include "kiosk-language.h"
#include "kiosk-setup-page.h"

G_DEFINE_FINAL_TYPE (KioskWindow, kiosk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LARGER_TEXT,
  PROP_HIGH_CONTRAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

KioskWindow *
kiosk_window_new (KioskApplication *app)
{
  KioskWindow *self = g_object_new (KIOSK_TYPE_WINDOW, "application", app, NULL);

  /* Only now does the window know its application, which holds the
   * folders and the options. */
  _kiosk_window_set_fullscreen (self, !kiosk_application_get_windowed (app));
  self->paused = kiosk_application_dup_paused (app);
  _kiosk_window_open (self);
  return self;
}

KioskApplication *
_kiosk_window_get_app (KioskWindow *self)
{
  return KIOSK_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* --- what the window shows --- */

static void
flow_activity_cb (KioskWindow *self)
{
  _kiosk_window_note_activity (self);
}

static void
flow_submitted_cb (KioskWindow *self)
{
  _kiosk_window_request_sync (self);
}

static void
set_texts (KioskWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Check-in"));
}

/* Also how the language changes: the screens are built again from their
 * templates, in the new language, after the old ones were wiped. */
void
_kiosk_window_show_flow (KioskWindow *self)
{
  KioskFlow *flow;

  /* GTK reads the direction from its own catalog ("default:RTL" in
   * Arabic) under the language just chosen; every widget without a
   * direction of its own, the window included, follows at once. */
  gtk_widget_set_default_direction (gtk_get_locale_direction ());
  flow = kiosk_flow_new (self->kiosk, self->feed);

  if (self->flow != NULL)
    kiosk_flow_reset (self->flow);
  g_signal_connect_object (flow, "activity", G_CALLBACK (flow_activity_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (flow, "submitted", G_CALLBACK (flow_submitted_cb), self, G_CONNECT_SWAPPED);
  set_texts (self);
  _kiosk_window_sync_language_changed (self);
  kiosk_flow_set_paused (flow, self->paused);
  kiosk_flow_set_board (flow, kiosk_application_get_board (_kiosk_window_get_app (self)));
  self->flow = flow;
  adw_bin_set_child (self->content_bin, GTK_WIDGET (flow));
  gtk_widget_child_focus (GTK_WIDGET (flow), GTK_DIR_TAB_FORWARD);
  _kiosk_window_note_activity (self);
}

static void
setup_finished_cb (KioskWindow *self)
{
  _kiosk_window_open (self);
}

void
_kiosk_window_show_setup (KioskWindow *self,
                          gboolean     pin_only)
{
  KioskApplication *app = _kiosk_window_get_app (self);
  KioskSetupPage *page = kiosk_setup_page_new (kiosk_application_get_data_dir (app),
                                               kiosk_application_get_sync_dir (app), pin_only);

  g_signal_connect_object (page, "finished", G_CALLBACK (setup_finished_cb), self, G_CONNECT_SWAPPED);
  self->flow = NULL;
  adw_bin_set_child (self->content_bin, GTK_WIDGET (page));
  gtk_widget_grab_focus (GTK_WIDGET (page));
}

/* The staff sentence says what to do; students are only asked to find
 * someone. */
void
_kiosk_window_show_problem (KioskWindow *self,
                            const char  *sentence)
{
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *detail = gtk_label_new (sentence);

  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_justify (GTK_LABEL (detail), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (detail, "dim-label");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "dialog-warning-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("This kiosk is not working just now"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), _("Please see a member of staff."));
  adw_status_page_set_child (ADW_STATUS_PAGE (page), detail);
  self->flow = NULL;
  adw_bin_set_child (self->content_bin, page);
}

/* --- full screen and closing --- */

void
_kiosk_window_set_fullscreen (KioskWindow *self,
                              gboolean     fullscreen)
{
  self->fullscreen = fullscreen;
  if (fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    gtk_window_unfullscreen (GTK_WINDOW (self));
  if (self->staff_dialog != NULL)
    kiosk_pin_dialog_set_fullscreen (self->staff_dialog, fullscreen);
}

/* Closing (Alt+F4, the window manager, a stray script) is refused: only
 * staff, with the PIN, may take the kiosk away from students. */
static gboolean
kiosk_window_close_request (GtkWindow *window)
{
  KioskWindow *self = KIOSK_WINDOW (window);

  if (self->may_close)
    return GTK_WINDOW_CLASS (kiosk_window_parent_class)->close_request (window);
  return TRUE;
}

void
_kiosk_window_quit (KioskWindow *self)
{
  if (self->flow != NULL)
    kiosk_flow_reset (self->flow);
  _kiosk_window_close_staff (self);
  self->may_close = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* --- language and display choices --- */

static void
language_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  if (self->flow != NULL && kiosk_language_set (g_variant_get_string (parameter, NULL)))
    _kiosk_window_show_flow (self);
}

static void
set_style_class (KioskWindow *self,
                 const char  *name,
                 gboolean     on)
{
  if (on)
    gtk_widget_add_css_class (GTK_WIDGET (self), name);
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), name);
}

static void
kiosk_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LARGER_TEXT:
      g_value_set_boolean (value, self->larger_text);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KioskWindow *self = KIOSK_WINDOW (object);
  gboolean on = g_value_get_boolean (value);

  switch (prop_id)
    {
    case PROP_LARGER_TEXT:
      if (self->larger_text == on)
        return;
      self->larger_text = on;
      set_style_class (self, "larger-text", on);
      break;
    case PROP_HIGH_CONTRAST:
      if (self->high_contrast == on)
        return;
      self->high_contrast = on;
      set_style_class (self, "high-contrast", on);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_object_notify_by_pspec (object, pspec);
}

/* --- object --- */

static void
kiosk_window_dispose (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  _kiosk_window_close_staff (self);
  _kiosk_window_stop_sync (self);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  kiosk_idle_warning_stop (self->idle_warning);
  if (self->flow != NULL)
    kiosk_flow_reset (self->flow);
  self->flow = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->kiosk);
  g_clear_pointer (&self->feed, json_object_unref);
  g_clear_pointer (&self->sync_problem, g_free);
  g_clear_pointer (&self->paused, g_free);
  G_OBJECT_CLASS (kiosk_window_parent_class)->dispose (object);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.language", "s", language_action_cb);
  gtk_widget_class_install_property_action (widget_class, "win.larger-text", "larger-text");
  gtk_widget_class_install_property_action (widget_class, "win.high-contrast", "high-contrast");
}

static void
kiosk_window_class_init (KioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_window_get_property;
  object_class->set_property = kiosk_window_set_property;
  object_class->dispose = kiosk_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = kiosk_window_close_request;

  properties[PROP_LARGER_TEXT] =
    g_param_spec_boolean ("larger-text", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KIOSK_TYPE_IDLE_WARNING);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, content_bin);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, staff_corner);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, idle_warning);
  install_actions (widget_class);
  _kiosk_window_class_init_staff (widget_class);
}

static void
kiosk_window_init (KioskWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  set_texts (self);
  _kiosk_window_init_idle (self);
  _kiosk_window_init_staff (self);
}
