/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-error.h"
#include "cf-keyslots.h"
#include "cf-test-util.h"

static char *
new_slots_path (void)
{
  g_autofree char *dir = cf_test_make_dir ("slots");

  return g_build_filename (dir, "keyslots.json", NULL);
}

static void
test_unlock_round_trip (void)
{
  g_autofree char *path = new_slots_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(CfKey) opened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_keyslots_create (path, "Siân Jones", "a long passphrase", key, &error));
  g_assert_no_error (error);
  /* User names are matched case-insensitively. */
  opened = cf_keyslots_unlock (path, "SIÂN JONES", "a long passphrase", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (cf_key_get_bytes (opened), CF_KEY_BYTES, cf_key_get_bytes (key), CF_KEY_BYTES);
}

static void
test_wrong_passphrase_and_unknown_user_say_the_same (void)
{
  g_autofree char *path = new_slots_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(GError) wrong = NULL, unknown = NULL;

  g_assert_true (cf_keyslots_create (path, "ada", "a long passphrase", key, NULL));
  g_assert_null (cf_keyslots_unlock (path, "ada", "not the passphrase", &wrong));
  g_assert_null (cf_keyslots_unlock (path, "nobody", "a long passphrase", &unknown));
  g_assert_error (wrong, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
  g_assert_error (unknown, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
  g_assert_cmpstr (wrong->message, ==, unknown->message);
}

static void
test_file_names_nobody (void)
{
  g_autofree char *path = new_slots_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autofree char *contents = NULL;

  g_assert_true (cf_keyslots_create (path, "Rhiannon Pritchard", "a long passphrase", key, NULL));
  g_assert_true (cf_keyslots_set (path, "Tomos Evans", "another passphrase", key, NULL));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "Rhiannon"));
  g_assert_null (strstr (contents, "Tomos"));
  g_assert_null (strstr (contents, "passphrase"));
}

static void
test_change_and_remove (void)
{
  g_autofree char *path = new_slots_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(CfKey) opened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_keyslots_create (path, "ada", "first passphrase", key, NULL));
  g_assert_true (cf_keyslots_set (path, "ada", "second passphrase", key, &error));
  g_assert_null (cf_keyslots_unlock (path, "ada", "first passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  opened = cf_keyslots_unlock (path, "ada", "second passphrase", &error);
  g_assert_no_error (error);

  g_assert_true (cf_keyslots_remove (path, "ada", &error));
  g_assert_false (cf_keyslots_has (path, "ada", NULL));
  g_assert_null (cf_keyslots_unlock (path, "ada", "second passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
}

static void
test_damaged_file_is_an_integrity_error (void)
{
  g_autofree char *path = new_slots_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_keyslots_create (path, "ada", "a long passphrase", key, NULL));
  g_assert_true (g_file_set_contents (path, "{ \"format\": 1, \"salt\": 12", -1, NULL));
  g_assert_null (cf_keyslots_unlock (path, "ada", "a long passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_missing_file_says_not_set_up (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (cf_keyslots_unlock ("/nonexistent/keyslots.json", "ada", "x", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_SET_UP);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyslots/round-trip", test_unlock_round_trip);
  g_test_add_func ("/keyslots/same-answer", test_wrong_passphrase_and_unknown_user_say_the_same);
  g_test_add_func ("/keyslots/names-nobody", test_file_names_nobody);
  g_test_add_func ("/keyslots/change-and-remove", test_change_and_remove);
  g_test_add_func ("/keyslots/damaged", test_damaged_file_is_an_integrity_error);
  g_test_add_func ("/keyslots/missing", test_missing_file_says_not_set_up);
  return g_test_run ();
}
