/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The disclosure rule, in one place: every count that leaves the library
 * passes through here, rounded, so that no report, file, chart or page
 * can show how many people an exact count holds.  HESA's rule: each count
 * rounded to the nearest multiple of 5, with 0, 1 and 2 shown as 0; a
 * total rounded from the exact total; a median (or mean) over 7 people or
 * fewer hidden as "..", and so a percentage whose base is under 22.5,
 * which no report here shows. */
#include "cf-statistics-report.h"

#include "cf-retention.h"
#include "cf-statistics-private.h"

#include <glib/gi18n-lib.h>

#define SMALLEST_SHOWN 3          /* 0, 1 and 2 are shown as 0 */
#define SMALLEST_MEDIAN_BASE 8    /* a median over 7 people or fewer is hidden */

struct _CfStatisticsReport {
  gatomicrefcount  ref_count;
  char            *by[3];
  GDateTime       *from;
  GDateTime       *to;
  GPtrArray       *rows;    /* CfStatisticsRow */
  CfStatisticsRow  total;
};

const char *
cf_statistics_rule (void)
{
  return _("To protect anyone who could be identified, every count, totals included, is"
           " rounded to the nearest multiple of 5, and 0, 1 and 2 are shown as 0 (HESA's"
           " rounding rule). A percentage whose base is under 22.5, and a mean or median"
           " over 7 or fewer people, are shown as “..”.");
}

/* --- the rule --- */

static guint
round_count (guint exact)
{
  if (exact < SMALLEST_SHOWN)
    return 0;
  return (exact + 2) / 5 * 5;
}

/* The median of the waits (by minutes ascending), or -1 when fewer than
 * SMALLEST_MEDIAN_BASE people waited: eight drop-ins may be two people's. */
static double
median_of (GArray *waits,
           guint   waiters)
{
  guint64 n = 0, seen = 0, low = 0, high = 0;
  gint64 low_value = 0;

  for (guint i = 0; i < waits->len; i++)
    n += g_array_index (waits, CfStatisticsWait, i).n;
  if (waiters < SMALLEST_MEDIAN_BASE || n == 0)
    return -1;
  /* The middle two (one when n is odd): the (n+1)/2-th and (n+2)/2-th. */
  low = (n + 1) / 2;
  high = (n + 2) / 2;
  for (guint i = 0; i < waits->len; i++)
    {
      CfStatisticsWait *wait = &g_array_index (waits, CfStatisticsWait, i);

      if (seen < low && seen + wait->n >= low)
        low_value = wait->minutes;
      if (seen < high && seen + wait->n >= high)
        return (low_value + wait->minutes) / 2.0;
      seen += wait->n;
    }
  g_return_val_if_reached (-1);
}

char *
cf_statistics_format_median (double median)
{
  if (median < 0)
    return g_strdup ("..");
  if (median == (double) (gint64) median)
    return g_strdup_printf ("%.0f", median);
  return g_strdup_printf ("%.1f", median);
}

static void
row_free (CfStatisticsRow *row)
{
  g_free (row->group[0]);
  g_free (row->group[1]);
  g_free (row);
}

static CfStatisticsRow *
row_from_count (CfStatisticsCount *count)
{
  CfStatisticsRow *row = g_new0 (CfStatisticsRow, 1);

  row->group[0] = g_strdup (count->group[0]);
  row->group[1] = g_strdup (count->group[1]);
  row->students = round_count (count->students);
  row->cases = round_count (count->cases);
  row->contacts = round_count (count->contacts);
  row->median_wait = median_of (count->waits, count->waiters);
  return row;
}

static int
compare_waits (gconstpointer a,
               gconstpointer b)
{
  const CfStatisticsWait *x = a, *y = b;

  return (x->minutes > y->minutes) - (x->minutes < y->minutes);
}

/* The total from the exact counts, then rounded like any cell. */
static void
set_total (CfStatisticsReport *report,
           GPtrArray          *counts)
{
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (CfStatisticsWait));
  CfStatisticsCount total = { { NULL, NULL }, 0, 0, 0, waits, 0 };

  for (guint i = 0; i < counts->len; i++)
    {
      CfStatisticsCount *count = counts->pdata[i];

      total.students += count->students;
      total.cases += count->cases;
      total.contacts += count->contacts;
      g_array_append_vals (waits, count->waits->data, count->waits->len);
      /* The same person may have waited in several groups: the largest
       * group's people are surely distinct, and no more is claimed. */
      total.waiters = MAX (total.waiters, count->waiters);
    }
  g_array_sort (waits, compare_waits);
  report->total.students = round_count (total.students);
  report->total.cases = round_count (total.cases);
  report->total.contacts = round_count (total.contacts);
  report->total.median_wait = median_of (waits, total.waiters);
}

/* --- the report --- */

CfStatisticsReport *
cf_statistics_report_new (CfSession         *session,
                          GDateTime         *from,
                          GDateTime         *to,
                          const char *const *by,
                          GError           **error)
{
  g_autoptr(GPtrArray) counts = NULL;
  CfStatisticsReport *report;
  CfRetentionRule rule;

  g_return_val_if_fail (CF_IS_SESSION (session), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  /* A term is counted from the month the office's year starts in. */
  if (!cf_retention_get_rule (session, &rule, error))
    return NULL;
  counts = _cf_statistics_count (session, from, to, by, rule.year_starts_month, error);
  if (counts == NULL)
    return NULL;
  report = g_new0 (CfStatisticsReport, 1);
  g_atomic_ref_count_init (&report->ref_count);
  for (guint i = 0; by != NULL && by[i] != NULL; i++)
    report->by[i] = g_strdup (by[i]);
  report->from = g_date_time_ref (from);
  report->to = g_date_time_ref (to);
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  for (guint i = 0; i < counts->len; i++)
    g_ptr_array_add (report->rows, row_from_count (counts->pdata[i]));
  set_total (report, counts);
  return report;
}

CfStatisticsReport *
cf_statistics_report_ref (CfStatisticsReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  g_atomic_ref_count_inc (&report->ref_count);
  return report;
}

void
cf_statistics_report_unref (CfStatisticsReport *report)
{
  g_return_if_fail (report != NULL);

  if (!g_atomic_ref_count_dec (&report->ref_count))
    return;
  for (guint i = 0; i < 2; i++)
    g_free (report->by[i]);
  g_date_time_unref (report->from);
  g_date_time_unref (report->to);
  g_ptr_array_unref (report->rows);
  g_free (report);
}

const char *const *
cf_statistics_report_get_by (CfStatisticsReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return (const char *const *) report->by;
}

GDateTime *
cf_statistics_report_get_from (CfStatisticsReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return report->from;
}

GDateTime *
cf_statistics_report_get_to (CfStatisticsReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return report->to;
}

guint
cf_statistics_report_get_n_rows (CfStatisticsReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->rows->len;
}

const CfStatisticsRow *
cf_statistics_report_get_row (CfStatisticsReport *report,
                              guint               i)
{
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (i < report->rows->len, NULL);
  return report->rows->pdata[i];
}

const CfStatisticsRow *
cf_statistics_report_get_total (CfStatisticsReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return &report->total;
}
