/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-data-dir.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cf-error.h"
#include "cf-files.h"
#include "cf-json.h"

char *
cf_data_dir_default (void)
{
  return g_build_filename (g_get_user_data_dir (), "confide", NULL);
}

char *
cf_data_dir_database (const char *data_dir)
{
  return g_build_filename (data_dir, "confide.db", NULL);
}

/* The case database: everything about students, under a key of its own. */
char *
cf_data_dir_cases (const char *data_dir)
{
  return g_build_filename (data_dir, "cases.db", NULL);
}

/* Where a re-keyed copy of the case database is made before it replaces it. */
char *
cf_data_dir_cases_rekeyed (const char *data_dir)
{
  return g_build_filename (data_dir, "cases.db.rekeyed", NULL);
}

char *
cf_data_dir_keyslots (const char *data_dir)
{
  return g_build_filename (data_dir, "keyslots.json", NULL);
}

char *
cf_data_dir_config (const char *data_dir)
{
  return g_build_filename (data_dir, "node.conf", NULL);
}

/* A kiosk has no users: its database key sits in this file beside it. */
char *
cf_data_dir_kiosk_key (const char *data_dir)
{
  return g_build_filename (data_dir, "kiosk.key", NULL);
}

/* Present from a restore until the machine has caught up with its own
 * folder in the sync folder (cf-backup.c, cf-sync.c). */
char *
cf_data_dir_restored (const char *data_dir)
{
  return g_build_filename (data_dir, "restored", NULL);
}

gboolean
cf_data_dir_is_restored (const char *data_dir)
{
  g_autofree char *path = cf_data_dir_restored (data_dir);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The marker holds "own_after", the last own segment the restored
 * database holds, and "caught_up" once the machine holds its own office
 * data written after the backup.  Written here only, never copied from
 * the backup file, whose hashes anyone can recompute. */
static JsonObject *
read_marker (const char *data_dir)
{
  g_autofree char *path = cf_data_dir_restored (data_dir);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) document = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  document = cf_json_parse (contents, (gssize) length);
  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    return json_object_new ();   /* damaged: still restored, nothing caught up */
  return json_object_ref (json_node_get_object (document));
}

gboolean
cf_data_dir_is_catching_up (const char *data_dir)
{
  g_autoptr(JsonObject) marker = NULL;

  if (!cf_data_dir_is_restored (data_dir))
    return FALSE;
  marker = read_marker (data_dir);
  return marker == NULL || !cf_json_get_boolean (marker, "caught_up", FALSE);
}

/* Set by the machine itself at its first pass after the restore, from its
 * restored database, never taken from the backup file. */
gboolean
cf_data_dir_restored_after (const char *data_dir,
                            gint64     *after)
{
  g_autoptr(JsonObject) marker = read_marker (data_dir);

  if (marker == NULL || !json_object_has_member (marker, "own_after"))
    return FALSE;
  *after = cf_json_get_int (marker, "own_after", 0);
  return TRUE;
}

static gboolean
write_marker (const char *data_dir,
              JsonObject *marker,
              GError    **error)
{
  g_autofree char *path = cf_data_dir_restored (data_dir);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), marker);
  g_autofree char *text = json_to_string (node, FALSE);

  return cf_files_write_atomic (path, text, strlen (text), error);
}

gboolean
cf_data_dir_set_restored_after (const char *data_dir,
                                gint64      after,
                                GError    **error)
{
  g_autoptr(JsonObject) marker = read_marker (data_dir);

  if (marker == NULL)
    return TRUE;
  json_object_set_int_member (marker, "own_after", after);
  return write_marker (data_dir, marker, error);
}

gboolean
cf_data_dir_mark_caught_up (const char *data_dir,
                            GError    **error)
{
  g_autoptr(JsonObject) marker = read_marker (data_dir);

  if (marker == NULL)
    return TRUE;
  json_object_set_boolean_member (marker, "caught_up", TRUE);
  return write_marker (data_dir, marker, error);
}

void
cf_data_dir_remove_machine (const char *data_dir)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  char *databases[] = { cf_data_dir_database (data_dir), cf_data_dir_cases (data_dir),
                         cf_data_dir_cases_rekeyed (data_dir),
                         g_build_filename (data_dir, CF_DATA_DIR_OFFICE_COPY, NULL) };
  char *others[] = {
    cf_data_dir_keyslots (data_dir), cf_data_dir_config (data_dir), cf_data_dir_kiosk_key (data_dir),
    cf_data_dir_restored (data_dir),
  };

  for (gsize d = 0; d < G_N_ELEMENTS (databases); d++)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (databases[d], suffixes[i], NULL);
          g_unlink (path);
        }
      g_free (databases[d]);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_unlink (others[i]);
      g_free (others[i]);
    }
}

void
cf_node_config_free (CfNodeConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->node_id);
  g_free (config->kind);
  g_free (config->sync_dir);
  g_free (config);
}

CfNodeConfig *
cf_node_config_load (const char *data_dir,
                     GError    **error)
{
  g_autofree char *path = cf_data_dir_config (data_dir);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(CfNodeConfig) config = g_new0 (CfNodeConfig, 1);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_NOT_SET_UP,
                   _("This machine is not set up in %s. Run “confidectl init” or “confidectl join”, or pass the right --data-dir."),
                   data_dir);
      return NULL;
    }
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
                   _("%s is damaged. Nothing was changed; restore it from a backup."), path);
      return NULL;
    }
  config->node_id = g_key_file_get_string (file, "node", "id", NULL);
  config->kind = g_key_file_get_string (file, "node", "kind", NULL);
  config->sync_dir = g_key_file_get_string (file, "node", "sync-dir", NULL);
  if (config->node_id == NULL || config->kind == NULL)
    {
      g_set_error (error, CF_ERROR, CF_ERROR_CORRUPT,
                   _("%s is damaged. Nothing was changed; restore it from a backup."), path);
      return NULL;
    }
  return g_steal_pointer (&config);
}

gboolean
cf_node_config_save (const char         *data_dir,
                     const CfNodeConfig *config,
                     GError            **error)
{
  g_autofree char *path = cf_data_dir_config (data_dir);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *text = NULL;
  gsize length;

  g_key_file_set_string (file, "node", "id", config->node_id);
  g_key_file_set_string (file, "node", "kind", config->kind);
  /* Absolute: the programs may run from another folder later. */
  if (config->sync_dir)
    {
      g_autofree char *absolute = g_canonicalize_filename (config->sync_dir, NULL);
      g_key_file_set_string (file, "node", "sync-dir", absolute);
    }
  text = g_key_file_to_data (file, &length, NULL);
  return cf_files_write_atomic (path, text, length, error);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  CfNodeConfig *config = cf_node_config_load (task_data, &error);

  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, config, (GDestroyNotify) cf_node_config_free);
}

void
cf_node_config_load_async (const char         *data_dir,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, cf_node_config_load_async);
  g_task_set_task_data (task, g_strdup (data_dir), g_free);
  g_task_run_in_thread (task, load_thread);
}

CfNodeConfig *
cf_node_config_load_finish (GAsyncResult *result,
                            GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
