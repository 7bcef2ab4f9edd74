/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-hlc.h"

#define NODE "2f0c1f3e-7b1a-4c7e-9d0a-1b2c3d4e5f60"

static void
test_monotonic_when_wall_clock_goes_back (void)
{
  CfHlc clock = { 0, 0 };
  char first[CF_HLC_STAMP_MAX], second[CF_HLC_STAMP_MAX], third[CF_HLC_STAMP_MAX];

  cf_hlc_tick (&clock, 1000000, NODE, first);
  cf_hlc_tick (&clock, 999000, NODE, second);   /* clock set back a second */
  cf_hlc_tick (&clock, 999000, NODE, third);
  g_assert_cmpstr (first, <, second);
  g_assert_cmpstr (second, <, third);
}

static void
test_observe_orders_after_remote (void)
{
  CfHlc ahead = { 0, 0 }, behind = { 0, 0 };
  char remote[CF_HLC_STAMP_MAX], local[CF_HLC_STAMP_MAX];

  cf_hlc_tick (&ahead, 5000000, "b", remote);
  g_assert_true (cf_hlc_observe (&behind, remote));
  cf_hlc_tick (&behind, 1000, "a", local);        /* a skewed wall clock */
  g_assert_cmpstr (local, >, remote);
}

static void
test_parse_round_trip_and_garbage (void)
{
  CfHlc clock = { 0, 0 }, parsed;
  char stamp[CF_HLC_STAMP_MAX];

  cf_hlc_tick (&clock, 1763750000123, NODE, stamp);
  g_assert_true (cf_hlc_parse (stamp, &parsed));
  g_assert_cmpuint (parsed.millis, ==, 1763750000123);
  g_assert_cmpuint (parsed.counter, ==, 0);
  g_assert_false (cf_hlc_parse ("zz", &parsed));
  g_assert_false (cf_hlc_parse ("0000000000000000x" NODE, &parsed));
  g_assert_false (cf_hlc_parse ("00000000000g0000@" NODE, &parsed));
  /* The origin stamp names no machine. */
  g_assert_true (cf_hlc_parse ("0000000000000000@", &parsed));
  /* A machine id is letters, digits and dashes, and the stamp fits. */
  g_assert_false (cf_hlc_parse ("0000000000000000@a;name=ffffffffffffffff@b", &parsed));
  g_assert_false (cf_hlc_parse ("0000000000000000@a=b", &parsed));
  g_assert_false (cf_hlc_parse ("0000000000000000@\xe2\x80\xae", &parsed));
  g_assert_true (cf_hlc_parse ("0000000000000000@0123456789012345678901234567890123456789012345",
                               &parsed));
  g_assert_false (cf_hlc_parse ("0000000000000000@01234567890123456789012345678901234567890123456",
                                &parsed));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hlc/monotonic", test_monotonic_when_wall_clock_goes_back);
  g_test_add_func ("/hlc/observe", test_observe_orders_after_remote);
  g_test_add_func ("/hlc/parse", test_parse_round_trip_and_garbage);
  return g_test_run ();
}
