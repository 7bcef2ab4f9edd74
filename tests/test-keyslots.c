/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cf-error.h"
#include "cf-keyslots.h"
#include "cf-test-util.h"

/* The way sign-in goes: the passphrase opens the user's secret key and the
 * office key sealed to them, which opens this machine's database key. */
static CfKey *
unlock_database_key (const char *path,
                     const char *user,
                     const char *passphrase,
                     GError    **error)
{
  g_autoptr(CfKey) office_key = NULL;
  g_autoptr(CfKey) secret = cf_keyslots_unlock (path, user, passphrase, &office_key, error);

  return secret ? cf_keyslots_open_office_box (path, office_key, error) : NULL;
}

/* A credential with a key pair of its own. */
static char *
new_credential (const char  *path,
                const char  *user,
                const char  *passphrase,
                const CfKey *office_key,
                GError     **error)
{
  g_autoptr(CfKey) secret = cf_key_new_random ();

  return cf_keyslots_make_credential (path, user, passphrase, secret, office_key, error);
}

static char *
new_slots_path (void)
{
  g_autofree char *dir = cf_test_make_dir ("slots");

  return g_build_filename (dir, "keyslots.json", NULL);
}

/* A slot file for one desk, with one user's slot in it. */
static void
create_with_user (const char  *path,
                  const CfKey *desk_key,
                  const CfKey *db_key,
                  const char  *user,
                  const char  *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *credential = NULL;

  g_assert_true (cf_keyslots_create (path, NULL, desk_key, db_key, &error));
  credential = new_credential (path, user, passphrase, desk_key, &error);
  g_assert_no_error (error);
  g_assert_true (cf_keyslots_put_credentials (path, (const char *const[]) { credential, NULL },
                                              FALSE, &error));
}

static void
put (const char  *path,
     const CfKey *desk_key,
     const char  *user,
     const char  *passphrase)
{
  g_autofree char *credential = new_credential (path, user, passphrase, desk_key, NULL);

  g_assert_nonnull (credential);
  g_assert_true (cf_keyslots_put_credentials (path, (const char *const[]) { credential, NULL },
                                              FALSE, NULL));
}

static void
test_unlock_round_trip (void)
{
  g_autofree char *path = new_slots_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(CfKey) desk = cf_key_new_random ();
  g_autoptr(CfKey) opened = NULL;
  g_autoptr(GError) error = NULL;

  create_with_user (path, desk, key, "Siân Jones", "a long passphrase");
  /* User names are matched case-insensitively. */
  opened = unlock_database_key (path, "SIÂN JONES", "a long passphrase", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (cf_key_get_bytes (opened), CF_KEY_BYTES, cf_key_get_bytes (key), CF_KEY_BYTES);
}

static void
test_wrong_passphrase_and_unknown_user_say_the_same (void)
{
  g_autofree char *path = new_slots_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(CfKey) desk = cf_key_new_random ();
  g_autoptr(GError) wrong = NULL, unknown = NULL;

  create_with_user (path, desk, key, "ada", "a long passphrase");
  g_assert_null (unlock_database_key (path, "ada", "not the passphrase", &wrong));
  g_assert_null (unlock_database_key (path, "nobody", "a long passphrase", &unknown));
  g_assert_error (wrong, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
  g_assert_error (unknown, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
  g_assert_cmpstr (wrong->message, ==, unknown->message);
}

static void
test_file_names_nobody (void)
{
  g_autofree char *path = new_slots_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(CfKey) desk = cf_key_new_random ();
  g_autofree char *contents = NULL;

  create_with_user (path, desk, key, "Rhiannon Pritchard", "a long passphrase");
  put (path, desk, "Tomos Evans", "another passphrase");
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
  g_autoptr(CfKey) desk = cf_key_new_random ();
  g_autoptr(CfKey) opened = NULL;
  g_autoptr(GError) error = NULL;

  create_with_user (path, desk, key, "ada", "first passphrase");
  put (path, desk, "ada", "second passphrase");
  g_assert_null (unlock_database_key (path, "ada", "first passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  opened = unlock_database_key (path, "ada", "second passphrase", &error);
  g_assert_no_error (error);

  g_assert_true (cf_keyslots_remove (path, "ada", &error));
  g_assert_false (cf_keyslots_has (path, "ada", NULL));
  g_assert_null (unlock_database_key (path, "ada", "second passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_WRONG_PASSPHRASE);
}

static void
test_damaged_file_is_an_integrity_error (void)
{
  g_autofree char *path = new_slots_path ();
  g_autoptr(CfKey) key = cf_key_new_random ();
  g_autoptr(CfKey) desk = cf_key_new_random ();
  g_autoptr(GError) error = NULL;

  create_with_user (path, desk, key, "ada", "a long passphrase");
  g_assert_true (g_file_set_contents (path, "{ \"format\": 1, \"salt\": 12", -1, NULL));
  g_assert_null (unlock_database_key (path, "ada", "a long passphrase", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
}

/* A slot made on one desk opens another desk of the same office, each with
 * its own database key: that is how credentials replicate. */
static void
test_credential_works_on_another_desk (void)
{
  g_autofree char *first = new_slots_path ();
  g_autofree char *second = new_slots_path ();
  g_autoptr(CfKey) desk = cf_key_new_random ();
  g_autoptr(CfKey) key_one = cf_key_new_random ();
  g_autoptr(CfKey) key_two = cf_key_new_random ();
  g_autoptr(CfKey) opened = NULL;
  g_autofree char *credential = NULL;
  guint8 salt[CF_SLOT_SALT_BYTES];
  g_autoptr(GError) error = NULL;

  create_with_user (first, desk, key_one, "ada", "a long passphrase");
  g_assert_true (cf_keyslots_get_salt (first, salt, &error));
  g_assert_true (cf_keyslots_create (second, salt, desk, key_two, &error));
  credential = new_credential (first, "ada", "a long passphrase", desk, &error);
  g_assert_true (cf_keyslots_put_credentials (second, (const char *const[]) { credential, NULL },
                                              TRUE, &error));
  opened = unlock_database_key (second, "ADA", "a long passphrase", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (cf_key_get_bytes (opened), CF_KEY_BYTES, cf_key_get_bytes (key_two), CF_KEY_BYTES);

  /* Replacing all slots drops users who are gone. */
  g_assert_true (cf_keyslots_put_credentials (second, (const char *const[]) { NULL }, TRUE, &error));
  g_assert_false (cf_keyslots_has (second, "ada", NULL));
}

static void
test_missing_file_says_not_set_up (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (unlock_database_key ("/nonexistent/keyslots.json", "ada", "x", &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_SET_UP);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyslots/round-trip", test_unlock_round_trip);
  g_test_add_func ("/keyslots/same-answer", test_wrong_passphrase_and_unknown_user_say_the_same);
  g_test_add_func ("/keyslots/names-nobody", test_file_names_nobody);
  g_test_add_func ("/keyslots/change-and-remove", test_change_and_remove);
  g_test_add_func ("/keyslots/damaged", test_damaged_file_is_an_integrity_error);
  g_test_add_func ("/keyslots/missing", test_missing_file_says_not_set_up);
  g_test_add_func ("/keyslots/another-desk", test_credential_works_on_another_desk);
  return g_test_run ();
}
