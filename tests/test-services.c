/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-error.h"
#include "cf-services.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-test-util.h"
#include "cf-users.h"

#define SERVICE "women's service"

typedef struct {
  char      *data_dir;
  CfSession *manager;
  char      *adviser_id;
  char      *inside;    /* a student of the service */
  char      *outside;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->data_dir = cf_test_make_office ();
  f->manager = cf_test_sign_in (f->data_dir, CF_TEST_MANAGER, CF_TEST_MANAGER_PW);
  f->adviser_id = cf_users_find_id (f->manager, CF_TEST_ADVISER, &error);
  g_assert_no_error (error);
  f->inside = cf_test_add_student (f->manager, "Inside Student");
  f->outside = cf_test_add_student (f->manager, "Outside Student");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->manager);
  g_free (f->adviser_id);
  g_free (f->inside);
  g_free (f->outside);
  g_free (f->data_dir);
}

static gboolean
can_open (CfSession  *session,
          const char *student_id,
          GError    **error)
{
  g_autoptr(CfStudent) student = cf_students_get (session, student_id, error);

  return student != NULL;
}

static void
test_restricted_officer_sees_their_service (Fixture      *f,
                                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfSession) adviser = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_auto(GStrv) services = NULL;

  g_assert_true (cf_services_set_student_group (f->manager, f->inside, SERVICE, &error));
  g_assert_true (cf_services_set_user_service (f->manager, f->adviser_id, SERVICE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cf_test_count_audit (f->manager, "service-group-set", f->inside), ==, 1);
  g_assert_cmpuint (cf_test_count_audit (f->manager, "restricted-service-set", f->adviser_id), ==, 1);
  g_assert_cmpuint (cf_test_count_outbox (f->manager, "user", f->adviser_id), >=, 2);

  adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_assert_true (can_open (adviser, f->inside, &error));
  g_assert_no_error (error);
  g_assert_false (can_open (adviser, f->outside, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  listed = cf_students_list (adviser, &error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 1);

  services = cf_services_list (f->manager, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (services), ==, 1);
  g_assert_cmpstr (services[0], ==, SERVICE);

  /* Lifting the restriction opens every record again, at the next sign-in. */
  g_assert_true (cf_services_set_user_service (f->manager, f->adviser_id, NULL, &error));
  g_clear_object (&adviser);
  adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_assert_true (can_open (adviser, f->outside, &error));
  g_assert_no_error (error);
}

static void
test_only_managers_set_services (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfSession) adviser = cf_test_sign_in (f->data_dir, CF_TEST_ADVISER, CF_TEST_ADVISER_PW);
  g_autoptr(CfStudent) student = NULL;

  g_assert_false (cf_services_set_student_group (adviser, f->inside, SERVICE, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (cf_services_set_user_service (adviser, f->adviser_id, SERVICE, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);

  /* Nor through the registration details. */
  student = cf_students_get (adviser, f->inside, &error);
  g_assert_no_error (error);
  g_object_set (student, "service-group", SERVICE, NULL);
  g_assert_false (cf_students_update (adviser, student, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_DENIED);
  g_clear_error (&error);
  g_object_set (student, "service-group", NULL, "college", "Girton", NULL);
  g_assert_true (cf_students_update (adviser, student, &error));
  g_assert_no_error (error);
  g_object_set (student, "service-group", SERVICE, NULL);
  g_assert_true (cf_students_update (f->manager, student, &error));
  g_assert_no_error (error);
}

static void
test_unknown_user (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cf_services_set_user_service (f->manager, "no-such-user", SERVICE, &error));
  g_assert_error (error, CF_ERROR, CF_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/services/restricted-officer", test_restricted_officer_sees_their_service);
  ADD ("/services/managers-only", test_only_managers_set_services);
  ADD ("/services/unknown-user", test_unknown_user);
#undef ADD
  return g_test_run ();
}
