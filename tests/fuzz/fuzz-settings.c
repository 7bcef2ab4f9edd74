/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office's settings as they arrive from other desks (office_setting
 * operations, case data, and consent_wording ones, office data), fed
 * anything past the segment's signature: the input is applied as an office
 * payload and as a case payload, each undone if refused, then every
 * reader of a setting reads what it left, as the desk, the feed and the
 * retention rule do: topics, opening hours (and the times read out of
 * them), idle times, the consent wording, the retention rule's parts. */
#include "cf-office-settings-private.h"
#include "cf-office.h"
#include "cf-retention.h"
#include "fuzz-util.h"

static void
read_hours (CfStore *store)
{
  g_autofree char *hours = _cf_office_settings_hours (store, NULL);
  int opens, closes;

  if (hours == NULL)
    return;
  cf_office_hours_parse (hours, &opens, &closes);
  g_assert (opens >= 0 && opens < closes && closes <= 24 * 60);
  cf_office_hours_check (hours, NULL);
}

static void
read_topics (CfStore *store)
{
  g_auto(GStrv) topics = _cf_office_settings_topics (store, NULL);
  g_auto(GStrv) clean = NULL;

  if (topics == NULL)
    return;
  g_assert (topics[0] != NULL);
  cf_office_settings_check_topics ((const char *const *) topics, &clean, NULL);
}

static void
read_idle_times (CfStore *store)
{
  for (CfIdleTime idle = 0; idle < CF_IDLE_TIME_COUNT; idle++)
    {
      guint seconds, min, max;

      if (!_cf_office_settings_idle (store, idle, &seconds, NULL) || seconds == 0)
        continue;
      cf_office_settings_idle_range (idle, &min, &max);
      g_assert (seconds >= min && seconds <= max);
      g_assert (cf_office_settings_check_idle (idle, seconds, NULL));
    }
}

/* As cf-retention.c reads its rule, then the day a record falls due. */
static void
read_retention (CfStore *store)
{
  g_autofree char *from = NULL, *year_starts = NULL;
  CfRetentionRule rule = { 6, CF_RETENTION_FROM_LAST_CONTACT, 8, 1 };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) leap_day = g_date_time_new (utc, 2024, 2, 29, 0, 0, 0);
  g_autoptr(GDateTime) due = NULL;

  if (_cf_office_settings_read (store, "retention_from", &from, NULL) && from)
    cf_retention_from_parse (from, &rule.from, NULL);
  if (_cf_office_settings_read (store, "retention_year_starts", &year_starts, NULL) && year_starts)
    cf_retention_parse_year_start (year_starts, &rule.year_starts_month, &rule.year_starts_day, NULL);
  g_assert (cf_retention_rule_check (&rule, NULL));
  due = cf_retention_due_day (&rule, leap_day);
  g_assert (due != NULL && g_date_time_compare (due, leap_day) > 0);
}

static void
read_wording (CfStore *store)
{
  g_autofree char *version = NULL, *text = NULL;

  if (_cf_office_settings_current_wording (store, &version, &text, NULL))
    {
      g_assert (version != NULL && text != NULL);
      cf_office_settings_check_wording (text, NULL);
    }
}

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  CfStore *store = fuzz_scratch_store ();
  g_autoptr(GBytes) payload = fuzz_terminated_bytes (data, size);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);

  _cf_store_begin (store, NULL);
  if (fuzz_apply_or_undo (store, payload, CF_DATA_OFFICE) |
      fuzz_apply_or_undo (store, payload, CF_DATA_CASE))
    {
      read_hours (store);
      read_topics (store);
      read_idle_times (store);
      read_retention (store);
      read_wording (store);
    }
  _cf_store_rollback (store);
  return 0;
}
