/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "kiosk-flow.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "cf-json.h"
#include "cf-key.h"
#include "kiosk-appointment-page.h"
#include "kiosk-consent-page.h"
#include "kiosk-details-page.h"
#include "kiosk-done-page.h"
#include "kiosk-failed-page.h"
#include "kiosk-jobs.h"
#include "kiosk-monitoring-page.h"
#include "kiosk-page.h"
#include "kiosk-topic-page.h"
#include "kiosk-waiting-page.h"
#include "kiosk-welcome-page.h"

typedef enum {
  STEP_WELCOME,
  STEP_TOPIC,
  STEP_DETAILS,
  STEP_CONSENT,
  STEP_MONITORING,
  STEP_APPOINTMENT,
  STEP_DONE,
  STEP_WAITING,
  STEP_FAILED,
  N_STEPS
} KioskStep;

/* The drop-in steps, numbered for "Step 2 of 4". */
#define DROP_IN_STEPS 4

struct _KioskFlow {
  AdwBin             parent_instance;

  GtkLabel          *office_label;
  GtkLabel          *step_label;
  GtkSpinner        *spinner;
  GtkWidget         *start_over_button;
  GtkScrolledWindow *scroller;
  AdwBin            *page_bin;
  GtkWidget         *nav_bar;
  GtkWidget         *skip_button;
  GtkWidget         *next_button;

  /* Made on first use, so the welcome screen starts small; the one shown
   * is also the bin's child. */
  GtkWidget         *pages[N_STEPS];
  KioskStep          step;
  CfVisitKind        kind;
  char              *topic;           /* the office's wording */
  gboolean           with_monitoring; /* for "Try Again" */
  gboolean           busy;
  gint64             feed_at;         /* when the feed was published */
  guint              sent_since_feed; /* drop-ins it cannot know of yet */
  guint              generation;      /* a reset makes pending results stale */

  CfKiosk           *kiosk;
  JsonObject        *feed;
  char              *paused;          /* staff's message; NULL: drop-ins open */
  gboolean           board;           /* only the codes being called, always */
};

G_DEFINE_FINAL_TYPE (KioskFlow, kiosk_flow, ADW_TYPE_BIN)

enum {
  ACTIVITY,
  SUBMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- screens --- */

static GType
page_type (KioskStep step)
{
  switch (step)
    {
    case STEP_WELCOME: return KIOSK_TYPE_WELCOME_PAGE;
    case STEP_TOPIC: return KIOSK_TYPE_TOPIC_PAGE;
    case STEP_DETAILS: return KIOSK_TYPE_DETAILS_PAGE;
    case STEP_CONSENT: return KIOSK_TYPE_CONSENT_PAGE;
    case STEP_MONITORING: return KIOSK_TYPE_MONITORING_PAGE;
    case STEP_APPOINTMENT: return KIOSK_TYPE_APPOINTMENT_PAGE;
    case STEP_DONE: return KIOSK_TYPE_DONE_PAGE;
    case STEP_WAITING: return KIOSK_TYPE_WAITING_PAGE;
    case STEP_FAILED: return KIOSK_TYPE_FAILED_PAGE;
    case N_STEPS:
    default: break;
    }
  g_return_val_if_reached (G_TYPE_INVALID);
}

static void
note_activity (KioskFlow *self)
{
  g_signal_emit (self, signals[ACTIVITY], 0);
}

static void
page_changed_cb (KioskFlow *self)
{
  note_activity (self);
}

static KioskPage *
get_page (KioskFlow *self,
          KioskStep  step)
{
  if (self->pages[step] == NULL)
    {
      self->pages[step] = g_object_ref_sink (g_object_new (page_type (step), NULL));
      g_signal_connect_object (self->pages[step], "changed", G_CALLBACK (page_changed_cb), self,
                               G_CONNECT_SWAPPED);
      if (self->feed != NULL)
        kiosk_page_set_feed (KIOSK_PAGE (self->pages[step]), self->feed);
    }
  return KIOSK_PAGE (self->pages[step]);
}

static void
show_step_label (KioskFlow *self,
                 KioskStep  step)
{
  g_autofree char *text = NULL;

  if (step >= STEP_TOPIC && step <= STEP_MONITORING)
    /* TRANSLATORS: where the student is in the drop-in, like "Step 2 of 4" */
    text = g_strdup_printf (_("Step %d of %d"), (int) step, DROP_IN_STEPS);
  gtk_label_set_text (self->step_label, text ? text : "");
}

/* The drop-in's steps share one row of buttons under the page. */
static void
show_nav (KioskFlow *self,
          KioskStep  step)
{
  gboolean last = step == STEP_MONITORING;

  gtk_widget_set_visible (self->nav_bar, step >= STEP_TOPIC && step <= STEP_MONITORING);
  gtk_widget_set_visible (self->skip_button, last);
  gtk_widget_set_visible (self->next_button, step != STEP_TOPIC);
  gtk_button_set_label (GTK_BUTTON (self->next_button), last ? _("Confirm") : _("Continue"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button),
                                  last ? "flow.confirm" : "flow.next");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  last ? _("Check in now") : "", -1);
}

/* Only the screen shown is in the widget tree, so assistive technologies
 * never reach a screen nobody sees. */
static void
show_step (KioskFlow *self,
           KioskStep  step)
{
  GtkWidget *page = GTK_WIDGET (get_page (self, step));

  self->step = step;
  adw_bin_set_child (self->page_bin, page);
  show_step_label (self, step);
  show_nav (self, step);
  /* The welcome screen has the office's name as its heading already. */
  gtk_widget_set_visible (GTK_WIDGET (self->office_label), step != STEP_WELCOME);
  /* Shown where there is something to abandon and no button of its own. */
  gtk_widget_set_visible (self->start_over_button,
                          step >= STEP_TOPIC && step <= STEP_APPOINTMENT);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  /* Keyboard users start at the screen's first control. */
  if (gtk_widget_get_root (page) != NULL)
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
  note_activity (self);
}

/* Every screen forgets what it held; the ticket screen too, unless it is
 * the one to show next. */
static void
wipe (KioskFlow *self,
      gboolean   keep_done)
{
  for (int step = 0; step < N_STEPS; step++)
    if (self->pages[step] != NULL && !(keep_done && step == STEP_DONE))
      kiosk_page_clear (KIOSK_PAGE (self->pages[step]));
  g_clear_pointer (&self->topic, cf_wipe_string);
}

static void
set_busy (KioskFlow *self,
          gboolean   busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_bin), !busy);
  gtk_widget_set_sensitive (self->nav_bar, !busy);
  gtk_widget_set_sensitive (self->start_over_button, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

/* A board has no welcome screen: the codes being called are its home. */
static KioskStep
home_step (KioskFlow *self)
{
  return self->board ? STEP_WAITING : STEP_WELCOME;
}

void
kiosk_flow_reset (KioskFlow *self)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));

  self->generation++;
  set_busy (self, FALSE);
  wipe (self, FALSE);
  show_step (self, home_step (self));
}

gboolean
kiosk_flow_is_home (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), TRUE);
  return self->step == home_step (self);
}

void
kiosk_flow_set_board (KioskFlow *self,
                      gboolean   board)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));

  self->board = board;
  kiosk_waiting_page_set_board (KIOSK_WAITING_PAGE (get_page (self, STEP_WAITING)), board);
  kiosk_flow_reset (self);
}

void
kiosk_flow_set_paused (KioskFlow  *self,
                       const char *message)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));

  g_free (self->paused);
  self->paused = g_strdup (message);
  /* A drop-in already under way is finished; only new ones wait. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.drop-in", message == NULL);
  kiosk_welcome_page_set_paused (KIOSK_WELCOME_PAGE (get_page (self, STEP_WELCOME)), message);
}

/* The screens where a student reads or fills something in, and may sit
 * still for a while doing it. */
gboolean
kiosk_flow_is_reading (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  return self->step == STEP_DETAILS || self->step == STEP_CONSENT || self->step == STEP_MONITORING;
}

/* A ticket shown or the welcome screen hold nothing to lose; a visit not
 * yet sent (one that failed to save included) does. */
gboolean
kiosk_flow_holds_input (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  return (self->step >= STEP_TOPIC && self->step <= STEP_APPOINTMENT) || self->step == STEP_FAILED;
}

void
kiosk_flow_set_feed (KioskFlow  *self,
                     JsonObject *feed)
{
  const char *office;

  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (feed != NULL);

  if (self->feed != feed)
    {
      g_clear_pointer (&self->feed, json_object_unref);
      self->feed = json_object_ref (feed);
    }
  if (cf_json_get_int (feed, "at", 0) != self->feed_at)
    {
      self->feed_at = cf_json_get_int (feed, "at", 0);
      self->sent_since_feed = 0;
    }
  office = cf_json_get_string (feed, "office");
  gtk_label_set_text (self->office_label, office ? office : "");
  for (int step = 0; step < N_STEPS; step++)
    if (self->pages[step] != NULL)
      kiosk_page_set_feed (KIOSK_PAGE (self->pages[step]), feed);
}

/* --- submitting --- */

typedef struct {
  KioskFlow   *self;
  guint        generation;
  CfVisitKind  kind;
  gboolean     declined;      /* "I do not agree" on the consent slip */
  char        *access_code;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  cf_wipe_string (pending->access_code);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

/* Those waiting when a desk last published, and those this kiosk sent
 * since; another kiosk's are not known until the next feed. */
static void
show_queue (KioskFlow *self)
{
  gint64 waiting = self->feed ? cf_json_get_int (self->feed, "waiting", -1) : -1;

  if (waiting < 0)   /* a desk too old to publish it */
    return;
  kiosk_done_page_show_queue (KIOSK_DONE_PAGE (get_page (self, STEP_DONE)),
                              (guint) waiting + self->sent_since_feed);
  self->sent_since_feed++;
}

static void
show_receipt (KioskFlow    *self,
              Pending      *pending,
              KioskReceipt *receipt)
{
  if (receipt->ticket == NULL)
    {
      kiosk_appointment_page_show_not_found (KIOSK_APPOINTMENT_PAGE (get_page (self, STEP_APPOINTMENT)));
      return;
    }
  /* Committed: nothing the student typed stays on any screen. */
  wipe (self, FALSE);
  kiosk_done_page_show (KIOSK_DONE_PAGE (get_page (self, STEP_DONE)), pending->kind,
                        receipt->ticket, pending->access_code, receipt->start);
  if (pending->kind == CF_VISIT_DROP_IN)
    show_queue (self);
  if (pending->declined)
    kiosk_done_page_show_declined (KIOSK_DONE_PAGE (get_page (self, STEP_DONE)));
  show_step (self, STEP_DONE);
}

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  KioskFlow *self = pending->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskReceipt) receipt = kiosk_submit_finish (result, &error);

  /* Kept on this kiosk even if the screens were reset or rebuilt since:
   * it goes out with the next sync. */
  if (receipt != NULL && receipt->ticket != NULL)
    g_signal_emit (self, signals[SUBMITTED], 0);
  if (pending->generation != self->generation)
    return;
  set_busy (self, FALSE);
  if (receipt == NULL)
    {
      /* The sentence may name the kiosk's files: it is for staff, in the
       * log, and holds nothing the student typed. */
      g_warning ("A check-in could not be saved: %s", error->message);
      show_step (self, STEP_FAILED);
      return;
    }
  show_receipt (self, pending, receipt);
}

static gboolean
is_declined (KioskVisit *visit)
{
  JsonObject *consent = cf_json_get_object (visit->details, "consent");

  return consent != NULL && cf_json_get_boolean (consent, "declined", FALSE);
}

static void
submit (KioskFlow  *self,
        KioskVisit *visit,
        char       *access_code)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->generation = self->generation;
  pending->kind = visit->kind;
  pending->declined = is_declined (visit);
  pending->access_code = access_code;
  set_busy (self, TRUE);
  /* Never cancelled: once the student confirmed, the visit is committed
   * whatever happens to the screens. */
  kiosk_submit_async (self->kiosk, visit, NULL, submitted_cb, pending);
}

static void
submit_drop_in (KioskFlow *self)
{
  KioskVisit *visit = kiosk_visit_new (CF_VISIT_DROP_IN);
  char *access_code = NULL;

  visit->topic = g_strdup (self->topic);
  kiosk_page_collect (get_page (self, STEP_DETAILS), visit->details);
  kiosk_page_collect (get_page (self, STEP_CONSENT), visit->details);
  if (self->with_monitoring)
    kiosk_page_collect (get_page (self, STEP_MONITORING), visit->details);
  if (cf_json_get_boolean (visit->details, "anonymous", FALSE))
    {
      access_code = cf_kiosk_new_access_code ();
      json_object_set_string_member (visit->details, "access_code", access_code);
    }
  submit (self, visit, access_code);
}

static void
submit_arrival (KioskFlow *self)
{
  KioskAppointmentPage *page = KIOSK_APPOINTMENT_PAGE (get_page (self, STEP_APPOINTMENT));
  KioskVisit *visit = kiosk_visit_new (CF_VISIT_APPOINTMENT);
  const char *code = kiosk_appointment_page_get_code (page);

  visit->booking_code = g_strdup (code);
  kiosk_page_collect (KIOSK_PAGE (page), visit->details);
  submit (self, visit, NULL);
}

/* --- actions ---
 *
 * Each notes activity first: a press that is refused (a field to fix, a
 * check-in being saved) still means the student is there. */

static KioskStep
previous_step (KioskStep step)
{
  switch (step)
    {
    case STEP_DETAILS: return STEP_TOPIC;
    case STEP_CONSENT: return STEP_DETAILS;
    case STEP_MONITORING: return STEP_CONSENT;
    case STEP_WELCOME:
    case STEP_TOPIC:
    case STEP_APPOINTMENT:
    case STEP_DONE:
    case STEP_WAITING:
    case STEP_FAILED:
    case N_STEPS:
    default: return STEP_WELCOME;
    }
}

static void
start_over_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  kiosk_flow_reset (KIOSK_FLOW (widget));
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KioskFlow *self = KIOSK_FLOW (widget);

  note_activity (self);
  if (!self->busy)
    show_step (self, previous_step (self->step));
}

static void
next_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KioskFlow *self = KIOSK_FLOW (widget);

  note_activity (self);
  if (self->busy || !kiosk_page_validate (get_page (self, self->step)))
    return;
  if (self->step == STEP_DETAILS)
    {
      KioskDetailsPage *details = KIOSK_DETAILS_PAGE (get_page (self, STEP_DETAILS));

      kiosk_consent_page_set_anonymous (KIOSK_CONSENT_PAGE (get_page (self, STEP_CONSENT)),
                                        kiosk_details_page_get_anonymous (details));
      show_step (self, STEP_CONSENT);
    }
  else if (self->step == STEP_CONSENT)
    show_step (self, STEP_MONITORING);
}

static void
drop_in_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskFlow *self = KIOSK_FLOW (widget);

  self->kind = CF_VISIT_DROP_IN;
  show_step (self, STEP_TOPIC);
}

static void
appointment_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KioskFlow *self = KIOSK_FLOW (widget);

  self->kind = CF_VISIT_APPOINTMENT;
  show_step (self, STEP_APPOINTMENT);
}

static void
waiting_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  show_step (KIOSK_FLOW (widget), STEP_WAITING);
}

static void
choose_topic_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KioskFlow *self = KIOSK_FLOW (widget);

  cf_wipe_string (self->topic);
  self->topic = g_variant_dup_string (parameter, NULL);
  show_step (self, STEP_DETAILS);
}

static void
confirm_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskFlow *self = KIOSK_FLOW (widget);

  note_activity (self);
  if (self->busy || !kiosk_page_validate (get_page (self, STEP_MONITORING)))
    return;
  self->with_monitoring = TRUE;
  submit_drop_in (self);
}

/* Declining still gives a ticket: the student talks to an adviser first,
 * and the slip goes with no agreement on it.  The monitoring form is not
 * offered to someone who has just said they are unsure. */
static void
decline_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskFlow *self = KIOSK_FLOW (widget);

  note_activity (self);
  if (self->busy || self->step != STEP_CONSENT)
    return;
  kiosk_consent_page_decline (KIOSK_CONSENT_PAGE (get_page (self, STEP_CONSENT)));
  kiosk_page_clear (get_page (self, STEP_MONITORING));
  self->with_monitoring = FALSE;
  submit_drop_in (self);
}

/* Skipping wipes the form: half-filled answers are not sent. */
static void
skip_monitoring_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  KioskFlow *self = KIOSK_FLOW (widget);

  note_activity (self);
  if (self->busy)
    return;
  kiosk_page_clear (get_page (self, STEP_MONITORING));
  self->with_monitoring = FALSE;
  submit_drop_in (self);
}

static void
check_in_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KioskFlow *self = KIOSK_FLOW (widget);

  note_activity (self);
  if (self->busy || !kiosk_page_validate (get_page (self, STEP_APPOINTMENT)))
    return;
  submit_arrival (self);
}

static void
try_again_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KioskFlow *self = KIOSK_FLOW (widget);

  note_activity (self);
  if (self->busy)
    return;
  if (self->kind == CF_VISIT_DROP_IN)
    submit_drop_in (self);
  else
    submit_arrival (self);
}

/* --- object --- */

KioskFlow *
kiosk_flow_new (CfKiosk    *kiosk,
                JsonObject *feed)
{
  KioskFlow *self;

  g_return_val_if_fail (CF_IS_KIOSK (kiosk), NULL);
  g_return_val_if_fail (feed != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_FLOW, NULL);
  self->kiosk = g_object_ref (kiosk);
  kiosk_flow_set_feed (self, feed);
  show_step (self, STEP_WELCOME);
  return self;
}

static void
kiosk_flow_dispose (GObject *object)
{
  KioskFlow *self = KIOSK_FLOW (object);

  self->generation++;
  wipe (self, FALSE);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_FLOW);
  for (int step = 0; step < N_STEPS; step++)
    g_clear_object (&self->pages[step]);
  g_clear_object (&self->kiosk);
  g_clear_pointer (&self->feed, json_object_unref);
  g_clear_pointer (&self->paused, g_free);
  G_OBJECT_CLASS (kiosk_flow_parent_class)->dispose (object);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "flow.start-over", NULL, start_over_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.next", NULL, next_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.drop-in", NULL, drop_in_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.appointment", NULL, appointment_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.waiting", NULL, waiting_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.choose-topic", "s", choose_topic_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.confirm", NULL, confirm_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.decline", NULL, decline_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.skip-monitoring", NULL, skip_monitoring_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.check-in", NULL, check_in_action_cb);
  gtk_widget_class_install_action (widget_class, "flow.try-again", NULL, try_again_action_cb);
}

static void
kiosk_flow_class_init (KioskFlowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_flow_dispose;

  signals[ACTIVITY] = g_signal_new ("activity", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/confide/Kiosk/kiosk-flow.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskFlow, office_label);
  gtk_widget_class_bind_template_child (widget_class, KioskFlow, step_label);
  gtk_widget_class_bind_template_child (widget_class, KioskFlow, spinner);
  gtk_widget_class_bind_template_child (widget_class, KioskFlow, start_over_button);
  gtk_widget_class_bind_template_child (widget_class, KioskFlow, scroller);
  gtk_widget_class_bind_template_child (widget_class, KioskFlow, page_bin);
  gtk_widget_class_bind_template_child (widget_class, KioskFlow, nav_bar);
  gtk_widget_class_bind_template_child (widget_class, KioskFlow, skip_button);
  gtk_widget_class_bind_template_child (widget_class, KioskFlow, next_button);
  install_actions (widget_class);
}

static void
kiosk_flow_init (KioskFlow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
