/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Security notice is split by job, as GNOME Text Editor splits its
 * page: cf-security-notice-query.c reads the notice and what Security was
 * told, cf-security-notice-sequence.c what Security's calendar holds (each
 * appointment's UID and SEQUENCE, and the cancellations due), one file per
 * format writes it (so only cf-security-notice-ics.c needs libical, only
 * cf-security-notice-pdf.c cairo and pango), and cf-security-notice.c puts
 * the file in place and records the export. */

#include "cf-security-notice.h"
#include "cf-store-private.h"

G_BEGIN_DECLS

/* Bookkeeping for one row: which appointment and student it came from,
 * and what the row tells Security (security_notice_items, schema step 14).
 * Kept apart from the rows so that no writer is ever handed an id. */
typedef struct {
  char     *appointment_id;
  char     *student_id;
  gint64    start_at;
  gint64    end_at;
  guint     sequence;
  gboolean  cancelled;
  char     *shown;    /* keyed hash of the name and student ID; may be NULL */
} NoticeItem;

/* A subquery: the id of the latest item about @appointment, the one that
 * says what Security holds.  Latest by SEQUENCE first, which every desk
 * agrees on; then by when it was exported. */
#define NOTICE_LATEST_ITEM(appointment) \
  "SELECT i2.id FROM security_notice_items i2" \
  " JOIN security_notices n2 ON n2.id = i2.notice_id" \
  " WHERE i2.appointment_id = " appointment \
  " ORDER BY coalesce (i2.sequence, 0) DESC, n2.exported_at DESC, n2.id DESC LIMIT 1"

/* The rows still on come first, in the order of the notice; the
 * cancellations (_cf_security_notice_sequence) follow them. */
typedef struct {
  GArray *rows;    /* CfSecurityNoticeRow */
  GArray *items;   /* NoticeItem, parallel to rows */
  guint   n_on;    /* rows that are not cancelled */
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

/* The one reader of the key behind the notice's UIDs and its shown hashes
 * (cf-security-notice-sequence.c): derived from the case key's box secret,
 * so every desk of the office has the same, and nobody without the case
 * key can tell which appointment a UID stands for.  @uid_key and
 * @shown_key are crypto_generichash_KEYBYTES each; wipe them after use. */
gboolean _cf_security_notice_uid_key  (CfSession *session,
                                       guint8    *uid_key,
                                       guint8    *shown_key,
                                       GError   **error);
/* Within the export's transaction, after _cf_security_notice_read: gives
 * each row its UID and SEQUENCE from what Security was last sent about its
 * appointment, and adds a cancelled row for each appointment Security was
 * told of in [@from, @to) that is no longer in the notice. */
gboolean _cf_security_notice_sequence (CfSession *session,
                                       gint64     from,
                                       gint64     to,
                                       Notice    *notice,
                                       GError   **error);

/* The cells of one row, as CSV and PDF show them. */
enum { CELL_NAME, CELL_NUMBER, CELL_DATE, CELL_START, CELL_END, N_CELLS };
typedef char *Cells[N_CELLS];

void _cf_security_notice_row_cells  (const CfSecurityNoticeRow *row,
                                     GTimeZone                 *zone,
                                     char                      *cells[N_CELLS]);
void _cf_security_notice_cells_free (char                      *cells[N_CELLS]);

G_END_DECLS
