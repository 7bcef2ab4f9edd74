/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Several desks, each with its own copy of the sync folder, and a network
 * between them that delivers segments late, twice, out of order, not at
 * all (then again later), truncated or with a flipped bit.  Whatever
 * happens, every desk must end in the same state, keep every accepted
 * write, and never bring back an erased student. */
#include <glib/gstdio.h>
#include <string.h>

#include "cf-appointments.h"
#include "cf-case-entries.h"
#include "cf-cases.h"
#include "cf-data-dir.h"
#include "cf-enroll.h"
#include "cf-error.h"
#include "cf-office.h"
#include "cf-session-private.h"
#include "cf-students.h"
#include "cf-sync.h"
#include "cf-test-util.h"

#define N_MACHINES   4
#define MANAGER      "Convergence Manager"
#define MANAGER_PW   "convergence passphrase"

typedef struct {
  char      *data_dir;
  char      *sync_dir;     /* this machine's view of the sync folder */
  char      *node_id;
  CfSession *session;
} Machine;

typedef struct {
  Machine     machines[N_MACHINES];
  GRand      *rand;
  GPtrArray  *students;      /* ids ever created */
  GHashTable *erased;        /* student ids erased somewhere */
  GHashTable *entries;       /* entry id → student id, accepted writes */
  guint       refused;
  guint       operations;
} World;

static void
copy_file (GRand      *rand,
           const char *from,
           const char *to,
           gsize       keep,
           gboolean    flip)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (from, &contents, &length, NULL))
    return;
  if (flip && length > 0)
    contents[g_rand_int_range (rand, 0, (gint32) length)] ^= 0x20;
  g_assert_true (g_file_set_contents (to, contents, MIN (keep, length), NULL));
}

/* Delivers machine @from's files to machine @to's view.  @faithful: every
 * file, intact, and deletions mirrored (as a file-sync engine does at
 * rest); otherwise a random subset, some of it damaged. */
static void
deliver (World   *world,
         Machine *from,
         Machine *to,
         gboolean faithful)
{
  g_autofree char *source = g_build_filename (from->sync_dir, from->node_id, NULL);
  g_autofree char *target = g_build_filename (to->sync_dir, from->node_id, NULL);
  g_autoptr(GDir) dir = g_dir_open (source, 0, NULL);
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (target, 0700), ==, 0);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from_path = g_build_filename (source, name, NULL);
      g_autofree char *to_path = g_build_filename (target, name, NULL);
      double dice = g_rand_double (world->rand);

      if (faithful)
        copy_file (world->rand, from_path, to_path, G_MAXSIZE, FALSE);
      else if (dice < 0.35)
        continue;                                           /* late or dropped */
      else if (dice < 0.42)
        copy_file (world->rand, from_path, to_path, g_rand_int_range (world->rand, 0, 200), FALSE); /* truncated */
      else if (dice < 0.49)
        copy_file (world->rand, from_path, to_path, G_MAXSIZE, TRUE);    /* a flipped bit */
      else
        copy_file (world->rand, from_path, to_path, G_MAXSIZE, FALSE);
    }
  if (faithful)
    {
      g_autoptr(GDir) copies = g_dir_open (target, 0, NULL);

      while (copies && (name = g_dir_read_name (copies)) != NULL)
        {
          g_autofree char *original = g_build_filename (source, name, NULL);
          g_autofree char *copy = g_build_filename (target, name, NULL);

          if (!g_file_test (original, G_FILE_TEST_EXISTS))
            g_unlink (copy);
        }
    }
}

static void
sync_machine (World   *world,
              Machine *machine)
{
  g_autoptr(GError) error = NULL;
  CfSyncReport report = { 0 };

  cf_sync_run (machine->session, machine->sync_dir, &report, &error);
  g_assert_no_error (error);
  world->refused += report.segments_refused;
  cf_sync_report_clear (&report);
}

static void
exchange (World   *world,
          gboolean faithful)
{
  /* In a random order, so segments arrive in every order. */
  for (int round = 0; round < N_MACHINES; round++)
    {
      Machine *from = &world->machines[g_rand_int_range (world->rand, 0, N_MACHINES)];
      Machine *to = &world->machines[g_rand_int_range (world->rand, 0, N_MACHINES)];

      if (from != to)
        deliver (world, from, to, faithful);
    }
  if (faithful)
    for (int i = 0; i < N_MACHINES; i++)
      for (int j = 0; j < N_MACHINES; j++)
        if (i != j)
          deliver (world, &world->machines[j], &world->machines[i], TRUE);
  for (int i = 0; i < N_MACHINES; i++)
    sync_machine (world, &world->machines[i]);
}

static char *
node_id_of (const char *data_dir)
{
  g_autoptr(CfNodeConfig) config = cf_node_config_load (data_dir, NULL);

  g_assert_nonnull (config);
  return g_strdup (config->node_id);
}

static void
set_up_machines (World *world)
{
  Machine *first = &world->machines[0];
  g_autoptr(GError) error = NULL;

  first->data_dir = cf_test_make_dir ("desk");
  first->sync_dir = cf_test_make_dir ("view");
  g_assert_true (cf_office_create (first->data_dir, first->sync_dir, "Convergence Office",
                                   MANAGER, MANAGER_PW, &error));
  first->node_id = node_id_of (first->data_dir);
  first->session = cf_test_sign_in (first->data_dir, MANAGER, MANAGER_PW);

  for (int i = 1; i < N_MACHINES; i++)
    {
      Machine *m = &world->machines[i];
      g_autofree char *dir = cf_test_make_dir ("bundle");
      g_autofree char *bundle = g_build_filename (dir, "desk.bundle", NULL);
      g_autofree char *code_path = g_build_filename (dir, "desk.code", NULL);
      g_autofree char *code = NULL;

      g_assert_true (cf_enroll_create (first->session, CF_MACHINE_DESK, bundle, code_path, &error));
      g_assert_true (cf_sync_write_snapshot (first->session, first->sync_dir, &error));
      g_assert_no_error (error);
      code = cf_enroll_read_code (code_path, &error);
      m->data_dir = cf_test_make_dir ("desk");
      m->sync_dir = cf_test_make_dir ("view");
      g_assert_true (cf_enroll_join_desk (m->data_dir, m->sync_dir, bundle, code, MANAGER,
                                          MANAGER_PW, &error));
      g_assert_no_error (error);
      m->node_id = node_id_of (m->data_dir);
      m->session = cf_test_sign_in (m->data_dir, MANAGER, MANAGER_PW);
      sync_machine (world, first);
      for (int j = 0; j < i; j++)
        {
          deliver (world, &world->machines[j], m, TRUE);
          deliver (world, m, &world->machines[j], TRUE);
        }
      sync_machine (world, m);
    }
}

static const char *
random_student (World *world)
{
  if (world->students->len == 0)
    return NULL;
  return world->students->pdata[g_rand_int_range (world->rand, 0, (gint32) world->students->len)];
}

static gboolean
exists_here (Machine    *m,
             const char *student_id)
{
  g_autoptr(CfStudent) student = cf_students_get (m->session, student_id, NULL);

  return student != NULL;
}

/* The student's newest case here, resolved with a random outcome if it is
 * open, reopened if it is resolved: machines that do this to the same case
 * at once must agree on its state and outcome. */
static void
toggle_case (World      *world,
             Machine    *m,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cases = cf_cases_list (m->session, id, &error);
  g_autoptr(CfCase) newest = NULL;
  const char *const *outcomes = cf_cases_outcomes ();

  g_assert_no_error (error);
  if (g_list_model_get_n_items (cases) == 0)
    return;
  newest = g_list_model_get_item (cases, 0);
  if (cf_case_is_resolved (newest))
    g_assert_true (cf_cases_reopen (m->session, cf_case_get_id (newest), &error));
  else
    g_assert_true (cf_cases_resolve (m->session, cf_case_get_id (newest),
                                     outcomes[g_rand_int_range (world->rand, 0, g_strv_length ((char **) outcomes))],
                                     &error));
  g_assert_no_error (error);
}

/* One random operation; writes refused because the record is not (or no
 * longer) on this machine are simply not accepted. */
static void
random_operation (World   *world,
                  Machine *m)
{
  const char *id = random_student (world);
  g_autoptr(GError) error = NULL;
  int choice = g_rand_int_range (world->rand, 0, 100);

  world->operations++;
  if (choice < 20 || id == NULL)
    {
      g_autofree char *name = g_strdup_printf ("Student %u", g_rand_int (world->rand));
      g_ptr_array_add (world->students, cf_test_add_student (m->session, name));
    }
  else if (choice < 40)
    {
      /* The same field edited on several machines: last writer wins. */
      g_autoptr(CfStudent) student = cf_students_get (m->session, id, NULL);
      g_autofree char *college = g_strdup_printf ("College %d", g_rand_int_range (world->rand, 0, 5));

      if (student == NULL)
        return;
      g_object_set (student, "college", college, NULL);
      g_assert_true (cf_students_update (m->session, student, &error));
    }
  else if (choice < 45)
    {
      if (exists_here (m, id))
        toggle_case (world, m, id);
    }
  else if (choice < 75)
    {
      g_autofree char *text = g_strdup_printf ("Entry %u", g_rand_int (world->rand));
      g_autoptr(CfCaseEntry) entry = exists_here (m, id)
        ? cf_case_entries_add (m->session, id, CF_ENTRY_NOTE, text, NULL, NULL, &error) : NULL;

      g_assert_no_error (error);
      if (entry)
        g_hash_table_insert (world->entries, g_strdup (cf_case_entry_get_id (entry)), g_strdup (id));
    }
  else if (choice < 90)
    {
      g_autoptr(CfAppointment) appointment = cf_appointment_new ();
      gint64 start = 1795000000 + g_rand_int_range (world->rand, 0, 1000) * 1800;

      if (!exists_here (m, id))
        return;
      g_object_set (appointment, "student-id", id, "start-at", start, "end-at", start + 1800, NULL);
      g_assert_true (cf_appointments_add (m->session, appointment, &error));
      if (g_rand_boolean (world->rand))
        g_assert_true (cf_appointments_cancel (m->session, cf_appointment_get_id (appointment), &error));
    }
  else if (choice < 96)
    {
      if (exists_here (m, id))
        g_assert_true (cf_students_set_removed_from_course (m->session, id, g_rand_boolean (world->rand),
                                                            "Registry letter", &error));
    }
  else if (exists_here (m, id))
    {
      /* Erasure races the edits other machines are making. */
      g_assert_true (cf_students_destroy (m->session, id, "on request", NULL, &error));
      g_hash_table_add (world->erased, g_strdup (id));
    }
  g_assert_no_error (error);
}

static gboolean
row_exists (Machine    *m,
            const char *sql,
            const char *id)
{
  CfStore *store = cf_session_get_store (m->session);
  g_autoptr(CfStoreLock) lock = _cf_store_lock (store);
  sqlite3_stmt *stmt = _cf_store_prepare (store, sql, NULL);
  gboolean found;

  _cf_bind_text (stmt, 1, id);
  g_assert_true (_cf_store_exists (store, stmt, &found, NULL));
  return found;
}

static void
assert_converged (World *world)
{
  g_autofree char *first = NULL;
  GHashTableIter iter;
  gpointer entry, student;

  for (int round = 0; round < 8; round++)
    exchange (world, TRUE);
  first = cf_sync_digest (world->machines[0].session, NULL);
  for (int i = 1; i < N_MACHINES; i++)
    {
      g_autofree char *digest = cf_sync_digest (world->machines[i].session, NULL);
      g_assert_cmpstr (digest, ==, first);
    }

  for (int i = 0; i < N_MACHINES; i++)
    {
      Machine *m = &world->machines[i];

      /* No accepted write is lost... */
      g_hash_table_iter_init (&iter, world->entries);
      while (g_hash_table_iter_next (&iter, &entry, &student))
        if (!g_hash_table_contains (world->erased, student))
          g_assert_true (row_exists (m, "SELECT 1 FROM case_entries WHERE id = ?", entry));
        else
          g_assert_false (row_exists (m, "SELECT 1 FROM case_entries WHERE id = ?", entry));
      /* ...and nothing erased comes back. */
      g_hash_table_iter_init (&iter, world->erased);
      while (g_hash_table_iter_next (&iter, &student, NULL))
        {
          g_assert_false (row_exists (m, "SELECT 1 FROM students WHERE id = ?", student));
          g_assert_false (row_exists (m, "SELECT 1 FROM appointments WHERE student_id = ?", student));
          g_assert_true (row_exists (m, "SELECT 1 FROM tombstones WHERE id = ?", student));
        }
    }
}

static void
test_convergence (void)
{
  World world = { 0 };
  guint seed = g_test_rand_int ();
  int rounds = g_test_slow () ? 120 : 40;

  g_test_message ("seed %u", seed);
  world.rand = g_rand_new_with_seed (seed);
  world.students = g_ptr_array_new_with_free_func (g_free);
  world.erased = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world.entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  set_up_machines (&world);

  for (int round = 0; round < rounds; round++)
    {
      for (int i = 0; i < N_MACHINES; i++)
        for (int op = 0; op < 12; op++)
          random_operation (&world, &world.machines[i]);
      exchange (&world, FALSE);
    }
  g_test_message ("%u operations, %u students (%u erased), %u entries, %u damaged deliveries refused",
                  world.operations, world.students->len, g_hash_table_size (world.erased),
                  g_hash_table_size (world.entries), world.refused);
  assert_converged (&world);
  /* The network did damage segments, and every one was refused. */
  g_assert_cmpuint (world.refused, >, 0);

  for (int i = 0; i < N_MACHINES; i++)
    {
      g_clear_object (&world.machines[i].session);
      g_free (world.machines[i].data_dir);
      g_free (world.machines[i].sync_dir);
      g_free (world.machines[i].node_id);
    }
  g_ptr_array_unref (world.students);
  g_hash_table_unref (world.erased);
  g_hash_table_unref (world.entries);
  g_rand_free (world.rand);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/convergence", test_convergence);
  return g_test_run ();
}
