/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Security notice is split by job, as GNOME Text Editor splits its
 * page: cf-security-notice-query.c reads the notice and what Security was
 * told, one file per format writes it (so only cf-security-notice-ics.c
 * needs libical, only cf-security-notice-pdf.c cairo and pango), and
 * cf-security-notice.c puts the file in place and records the export. */

#include "cf-security-notice.h"
#include "cf-store-private.h"

G_BEGIN_DECLS

/* Bookkeeping for one row: which appointment and student it came from.
 * Kept apart from the rows so that no writer is ever handed an id. */
typedef struct {
  char   *appointment_id;
  char   *student_id;
  gint64  start_at;
  gint64  end_at;
} NoticeItem;

typedef struct {
  GArray *rows;    /* CfSecurityNoticeRow */
  GArray *items;   /* NoticeItem, parallel to rows */
} Notice;

void _cf_security_notice_init  (Notice *notice);
void _cf_security_notice_clear (Notice *notice);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Notice, _cf_security_notice_clear)

gboolean _cf_security_notice_read                   (CfStore   *store,
                                                     gint64     from,
                                                     gint64     to,
                                                     Notice    *notice,
                                                     GError   **error);
gboolean _cf_security_notice_check_students_visible (CfSession *session,
                                                     Notice    *notice,
                                                     GError   **error);
guint    _cf_security_notice_count_students         (Notice    *notice);
gboolean _cf_security_notice_check_period           (gint64     from,
                                                     gint64     to,
                                                     GError   **error);

/* The cells of one row, as CSV and PDF show them. */
enum { CELL_NAME, CELL_NUMBER, CELL_DATE, CELL_START, CELL_END, N_CELLS };
typedef char *Cells[N_CELLS];

void _cf_security_notice_row_cells  (const CfSecurityNoticeRow *row,
                                     GTimeZone                 *zone,
                                     char                      *cells[N_CELLS]);
void _cf_security_notice_cells_free (char                      *cells[N_CELLS]);

G_END_DECLS
