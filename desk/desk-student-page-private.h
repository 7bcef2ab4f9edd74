/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* DeskStudentPage is split by concern, as GNOME Text Editor splits its
 * page: desk-student-page.c opens the record and keeps the timeline,
 * desk-student-page-records.c the consents, breach records and what
 * Security was told, desk-student-page-cases.c the cases, appointments
 * and contact details, desk-student-page-conflict.c conflicts of
 * interest, desk-student-page-removed.c the removed-from-course flag,
 * desk-student-page-reads.c who has read the record (managers only). */

#include "cf-student.h"
#include "desk-student-page.h"

G_BEGIN_DECLS

struct _DeskStudentPage {
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkWidget     *back_button;
  GtkLabel      *name_label;
  AdwActionRow  *number_row;
  AdwActionRow  *college_row;
  AdwActionRow  *faculty_row;
  AdwActionRow  *email_row;
  AdwActionRow  *service_row;
  AdwActionRow  *preferred_row;
  AdwActionRow  *phone_row;
  AdwActionRow  *kiosk_topic_row;
  GtkListBox    *cases_list;
  GtkListBox    *appointments_list;
  GtkListBox    *timeline_list;
  GtkDropDown   *kind_dropdown;
  GtkWidget     *correction_box;
  GtkLabel      *correction_label;
  GtkTextView   *composer_view;
  GtkLabel      *composer_error_label;
  GtkListBox    *consents_list;
  GtkListBox    *breaches_list;
  GtkWidget     *security_group;
  GtkListBox    *security_list;
  AdwActionRow  *removed_row;
  GtkButton     *removed_button;
  GtkListBox    *handover_list;
  GtkLabel      *handover_label;
  GtkWidget     *export_group;
  GtkWidget     *destroy_group;
  GtkWidget     *reads_group;
  GtkListBox    *reads_list;
  GtkLabel      *reads_problem_label;
  GtkWidget     *reads_more_button;

  CfSession     *session;
  char          *student_id;
  CfStudent     *student;
  GCancellable  *cancellable;   /* opening the record, and every change to it */
  GListStore    *entries;       /* CfCaseEntry, oldest first */
  GListStore    *consents;      /* CfConsent, one per third party */
  GListStore    *breaches;      /* CfBreach, newest first */
  GtkStringList *told;          /* what Security was told, as sentences */
  GListStore    *colleagues;    /* CfUser who could take the case */
  GListStore    *cases;         /* CfCase, newest first */
  GListStore    *appointments;  /* CfAppointment, latest first */
  GListStore    *reads;         /* CfAuditEntry, the record's reads, newest first */
  char          *kiosk_topic;   /* the topic last given at the kiosk */
  GTimeZone     *zone;
  char          *correcting_id; /* the entry the composer corrects, if any */
  gboolean       show_back;
};

/* What the open job reads on the writer thread. */
typedef struct {
  CfStudent  *student;
  GListModel *entries;
  GListModel *consents;
  GListModel *breaches;
  GArray     *told;       /* CfSecurityTold */
  GListModel *cases;
  GListModel *appointments;
  char       *kiosk_topic;
  GTimeZone  *zone;
} DeskStudentRecord;

GtkWindow *_desk_student_page_get_window     (DeskStudentPage *self);
void       _desk_student_page_show_error     (DeskStudentPage *self,
                                              const GError    *error);
/* A button in a row, named @a11y_label for assistive tools. */
GtkWidget *_desk_student_page_new_row_button (const char      *label,
                                              const char      *a11y_label,
                                              const char      *action,
                                              const char      *target);

void     _desk_student_page_records_class_init (GtkWidgetClass    *widget_class);
void     _desk_student_page_records_init       (DeskStudentPage   *self);
gboolean _desk_student_page_load_records       (CfSession         *session,
                                                const char        *student_id,
                                                DeskStudentRecord *record,
                                                GError           **error);
void     _desk_student_page_show_records       (DeskStudentPage   *self,
                                                DeskStudentRecord *record);
void     _desk_student_page_clear_records      (DeskStudentPage   *self);

void     _desk_student_page_cases_class_init (GtkWidgetClass    *widget_class);
void     _desk_student_page_cases_init       (DeskStudentPage   *self);
gboolean _desk_student_page_load_cases       (CfSession         *session,
                                              const char        *student_id,
                                              DeskStudentRecord *record,
                                              GError           **error);
void     _desk_student_page_free_cases       (DeskStudentRecord *record);
void     _desk_student_page_show_cases       (DeskStudentPage   *self,
                                              DeskStudentRecord *record);
void     _desk_student_page_show_contact     (DeskStudentPage   *self,
                                              CfStudent         *student);
void     _desk_student_page_clear_cases      (DeskStudentPage   *self);

void _desk_student_page_removed_class_init (GtkWidgetClass  *widget_class);
void _desk_student_page_show_removed       (DeskStudentPage *self);

void       _desk_student_page_export_class_init   (GtkWidgetClass  *widget_class);
void       _desk_student_page_show_export         (DeskStudentPage *self);
/* Withhold… on a timeline entry. */
GtkWidget *_desk_student_page_new_withhold_button (const char      *entry_id,
                                                   const char      *written);

void _desk_student_page_destroy_class_init (GtkWidgetClass  *widget_class);
void _desk_student_page_show_destroy       (DeskStudentPage *self);

void _desk_student_page_reads_class_init (GtkWidgetClass  *widget_class);
void _desk_student_page_reads_init       (DeskStudentPage *self);
void _desk_student_page_show_reads       (DeskStudentPage *self);
void _desk_student_page_clear_reads      (DeskStudentPage *self);

void _desk_student_page_conflict_class_init (GtkWidgetClass  *widget_class);
void _desk_student_page_conflict_init       (DeskStudentPage *self);
void _desk_student_page_clear_conflict      (DeskStudentPage *self);

G_END_DECLS
