/* test-session.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "plugboard.h"

/* PbSession without any service: a session of the profile alone, over
 * temporary XDG folders, and the rules it decides for every front end. */

static char *tmp_dir;
static gboolean have_schema;

static char *
profile_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "plugboard", "drives.ini", NULL);
}

static void
write_profile (const char *text)
{
  g_autofree char *path = profile_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static GKeyFile *
read_profile (void)
{
  g_autofree char *path = profile_path ();
  GKeyFile *keyfile = g_key_file_new ();

  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL);

  return keyfile;
}

static void
remove_profile (void)
{
  g_autofree char *path = profile_path ();

  g_remove (path);
}

static void
on_finished (PbOperation *op,
             gboolean    *finished)
{
  *finished = TRUE;
}

/* Runs the main loop until @op has finished. */
static void
wait_for (PbOperation *op)
{
  gboolean finished = pb_operation_is_finished (op);
  gulong id = g_signal_connect (op, "finished", G_CALLBACK (on_finished), &finished);

  while (!finished)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (op, id);
}

static PbSession *
profile_session (void)
{
  return pb_session_new (NULL, PB_SESSION_PROFILE);
}

static void
test_session_actions_have_their_types (void)
{
  g_autoptr(PbSession) session = profile_session ();
  GActionGroup *group = pb_session_get_action_group (session);
  const struct {
    const char *name;
    const char *type;
  } expected[] = {
    { PB_ACTION_HANG_UP,          "(ss)" },
    { PB_ACTION_DISCONNECT_PORT,  "s" },
    { PB_ACTION_CONNECT_LINK,     "s" },
    { PB_ACTION_MAP_DRIVE,        "(ssssu)" },
    { PB_ACTION_REMEMBER_DRIVE,   "(sss)" },
    { PB_ACTION_CANCEL_DRIVE,     "(sbb)" },
    { PB_ACTION_RESTORE,          "s" },
    { PB_ACTION_CANCEL_OPERATION, "u" },
  };
  g_auto(GStrv) names = g_action_group_list_actions (group);

  g_assert_cmpuint (g_strv_length (names), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const GVariantType *type = g_action_group_get_action_parameter_type (group, expected[i].name);

      g_assert_true (g_action_group_has_action (group, expected[i].name));
      g_assert_nonnull (type);
      g_assert_cmpstr (g_variant_type_peek_string (type), ==, expected[i].type);
      g_assert_null (g_action_group_get_action_state_type (group, expected[i].name));
    }
}

static void
test_session_remember_drive_adds_to_profile (void)
{
  g_autoptr(PbSession) session = profile_session ();
  g_autoptr(PbOperation) op = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *remote = NULL;

  remove_profile ();
  op = pb_session_start (session, PB_ACTION_REMEMBER_DRIVE,
                         g_variant_new ("(sss)", "SMB://Server/Share/", "Projects", "alice"));
  wait_for (op);

  g_assert_no_error (pb_operation_get_error (op));
  g_assert_cmpint (pb_operation_get_state (op), ==, PB_OPERATION_SUCCEEDED);
  g_assert_cmpstr (pb_operation_get_action (op), ==, PB_ACTION_REMEMBER_DRIVE);
  g_assert_cmpstr (pb_operation_get_target (op), ==, "Projects");

  /* On disk, normalised, for every other process to see. */
  keyfile = read_profile ();
  remote = g_key_file_get_string (keyfile, "Projects", "RemoteName", NULL);
  g_assert_cmpstr (remote, ==, "smb://server/Share");
  g_assert_true (pb_profile_lookup (pb_session_get_profile (session), "Projects", NULL, NULL));
}

/* D7: a remembered drive that is not connected is forgotten by its local
 * name with the forget flag, and only with it. */
static void
test_session_cancel_drive_forgets_remembered (void)
{
  g_autoptr(PbSession) session = profile_session ();
  g_autoptr(PbOperation) without = NULL;
  g_autoptr(PbOperation) with = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;

  write_profile ("[Guest]\nRemoteName=smb://server/public\n\n[Other]\nRemoteName=smb://server/other\n");

  without = pb_session_start (session, PB_ACTION_CANCEL_DRIVE, g_variant_new ("(sbb)", "Guest", FALSE, FALSE));
  wait_for (without);
  g_assert_error (pb_operation_get_error (without), PB_ERROR, PB_ERROR_NOT_CONNECTED);
  keyfile = read_profile ();
  g_assert_true (g_key_file_has_group (keyfile, "Guest"));
  g_clear_pointer (&keyfile, g_key_file_unref);

  with = pb_session_start (session, PB_ACTION_CANCEL_DRIVE, g_variant_new ("(sbb)", "Guest", FALSE, TRUE));
  wait_for (with);
  g_assert_no_error (pb_operation_get_error (with));
  g_assert_cmpint (pb_operation_get_state (with), ==, PB_OPERATION_SUCCEEDED);

  keyfile = read_profile ();
  g_assert_false (g_key_file_has_group (keyfile, "Guest"));
  g_assert_true (g_key_file_has_group (keyfile, "Other"));
  /* The session's copy has it gone too: whether its password is still
   * needed is judged on what remains. */
  g_assert_false (pb_profile_lookup (pb_session_get_profile (session), "Guest", NULL, NULL));
}

/* D4: a name that is neither mounted nor remembered. */
static void
test_session_unknown_name_not_connected (void)
{
  g_autoptr(PbSession) session = profile_session ();
  g_autoptr(PbOperation) op = NULL;

  write_profile ("[Other]\nRemoteName=smb://server/other\n");
  op = pb_session_start (session, PB_ACTION_CANCEL_DRIVE, g_variant_new ("(sbb)", "Nowhere", FALSE, TRUE));
  wait_for (op);

  g_assert_error (pb_operation_get_error (op), PB_ERROR, PB_ERROR_NOT_CONNECTED);
  g_assert_cmpint (pb_operation_get_state (op), ==, PB_OPERATION_FAILED);
  g_assert_nonnull (strstr (pb_operation_get_error (op)->message, "Nowhere"));
}

/* D8: a profile that cannot be parsed says so, even for a name only the
 * profile could know, and is left as it is. */
static void
test_session_bad_profile (void)
{
  g_autoptr(PbSession) session = profile_session ();
  g_autoptr(PbOperation) op = NULL;
  g_autofree char *path = profile_path ();
  g_autofree char *after = NULL;
  const char *broken = "[Guest\nRemoteName=smb://server/public\n";

  write_profile (broken);
  op = pb_session_start (session, PB_ACTION_CANCEL_DRIVE, g_variant_new ("(sbb)", "Guest", FALSE, TRUE));
  wait_for (op);

  g_assert_error (pb_operation_get_error (op), PB_ERROR, PB_ERROR_BAD_PROFILE);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, broken);
}

typedef struct {
  gboolean in_start;
  gboolean finished;
  gboolean finished_in_start;
} Reentrancy;

static void
on_finished_check (PbOperation *op,
                   Reentrancy  *r)
{
  r->finished = TRUE;
  r->finished_in_start = r->in_start;
}

static void
on_operation_started (PbSession   *session,
                      PbOperation *op,
                      Reentrancy  *r)
{
  g_signal_connect (op, "finished", G_CALLBACK (on_finished_check), r);
}

/* Even an outcome known at once (a wrong parameter, a missing part, an
 * unknown action) is delivered from the main loop, after start returned. */
static void
test_session_finished_from_main_loop (void)
{
  g_autoptr(PbSession) session = profile_session ();
  struct {
    const char *action;
    GVariant   *parameter;
    GQuark      domain;
    int         code;
  } cases[] = {
    { PB_ACTION_CANCEL_DRIVE, g_variant_new_string ("wrong type"), G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT },
    { PB_ACTION_HANG_UP, g_variant_new ("(ss)", "12", ""), PB_ERROR, PB_ERROR_CALL_NOT_IMPLEMENTED },
    { "no-such-action", NULL, PB_ERROR, PB_ERROR_CALL_NOT_IMPLEMENTED },
    { PB_ACTION_CANCEL_OPERATION, g_variant_new_uint32 (4242), PB_ERROR, PB_ERROR_INVALID_HANDLE },
    { PB_ACTION_REMEMBER_DRIVE, g_variant_new ("(sss)", "smb://server/x", "bad/name", ""), G_IO_ERROR,
      G_IO_ERROR_INVALID_ARGUMENT },
  };

  remove_profile ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Reentrancy r = { 0 };
      g_autoptr(PbOperation) op = NULL;
      gulong id = g_signal_connect (session, "operation-started", G_CALLBACK (on_operation_started), &r);

      r.in_start = TRUE;
      op = pb_session_start (session, cases[i].action, cases[i].parameter);
      r.in_start = FALSE;
      g_signal_handler_disconnect (session, id);

      g_assert_false (pb_operation_is_finished (op));
      g_assert_false (r.finished);
      wait_for (op);
      g_assert_true (r.finished);
      g_assert_false (r.finished_in_start);
      g_assert_error (pb_operation_get_error (op), cases[i].domain, cases[i].code);
    }
}

static void
count_running (PbSession  *session,
               GParamSpec *pspec,
               GArray     *seen)
{
  guint n = pb_session_get_n_running (session);

  g_array_append_val (seen, n);
}

/* n-running is what a front end holds its process on (L4). */
static void
test_session_n_running (void)
{
  g_autoptr(PbSession) session = profile_session ();
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(PbOperation) first = NULL;
  g_autoptr(PbOperation) second = NULL;
  GListModel *operations = pb_session_get_operations (session);

  remove_profile ();
  g_signal_connect (session, "notify::n-running", G_CALLBACK (count_running), seen);

  first = pb_session_start (session, PB_ACTION_REMEMBER_DRIVE, g_variant_new ("(sss)", "smb://a/x", "A", ""));
  second = pb_session_start (session, PB_ACTION_REMEMBER_DRIVE, g_variant_new ("(sss)", "smb://b/y", "B", ""));
  g_assert_cmpuint (pb_session_get_n_running (session), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (operations), ==, 2);
  g_assert_cmpuint (pb_operation_get_id (first), !=, pb_operation_get_id (second));

  wait_for (first);
  wait_for (second);
  g_assert_cmpuint (pb_session_get_n_running (session), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (operations), ==, 0);

  g_assert_cmpuint (seen->len, ==, 4);
  g_assert_cmpuint (g_array_index (seen, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (seen, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (seen, guint, 3), ==, 0);
}

/* cancel-operation stops an operation by its id; one waiting for the load
 * never runs. */
static void
test_session_cancel_operation (void)
{
  g_autoptr(PbSession) session = profile_session ();
  g_autoptr(PbOperation) op = NULL;
  g_autoptr(PbOperation) cancel = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *id = NULL;

  remove_profile ();
  op = pb_session_start (session, PB_ACTION_REMEMBER_DRIVE, g_variant_new ("(sss)", "smb://a/x", "A", ""));
  g_assert_false (pb_session_get_loaded (session));

  g_action_group_activate_action (pb_session_get_action_group (session), PB_ACTION_CANCEL_OPERATION,
                                  g_variant_new_uint32 (pb_operation_get_id (op)));
  wait_for (op);

  g_assert_cmpint (pb_operation_get_state (op), ==, PB_OPERATION_CANCELLED);
  g_assert_error (pb_operation_get_error (op), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  keyfile = read_profile ();
  g_assert_false (g_key_file_has_group (keyfile, "A"));

  /* Cancelling what has finished is an unknown id. */
  id = g_strdup_printf ("%u", pb_operation_get_id (op));
  cancel = pb_session_start (session, PB_ACTION_CANCEL_OPERATION, g_variant_new_uint32 (pb_operation_get_id (op)));
  wait_for (cancel);
  g_assert_error (pb_operation_get_error (cancel), PB_ERROR, PB_ERROR_INVALID_HANDLE);
  g_assert_nonnull (strstr (pb_operation_get_error (cancel)->message, id));
  while (pb_session_get_n_running (session) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_loaded (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (pb_session_load_finish (PB_SESSION (object), result, NULL));
  *done = TRUE;
}

/* A session only loads what it was asked for. */
static void
test_session_loads_only_its_parts (void)
{
  g_autoptr(PbSession) session = profile_session ();
  gboolean done = FALSE;

  pb_session_load_async (session, NULL, on_loaded, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (pb_session_get_loaded (session));
  g_assert_null (pb_session_get_load_error (session));
  g_assert_nonnull (pb_session_get_profile (session));
  g_assert_null (pb_session_get_server (session));
  g_assert_null (pb_session_get_links (session));
  g_assert_null (pb_session_get_ports (session));
  g_assert_null (pb_session_get_drives (session));
}

/* A front end's --timeout wins over the setting; 0 gives the setting back. */
static void
test_session_timeout_override (void)
{
  g_autoptr(PbSession) session = profile_session ();

  g_assert_cmpuint (pb_session_get_teardown_timeout (session), ==, 30);
  pb_session_set_teardown_timeout (session, 5);
  g_assert_cmpuint (pb_session_get_teardown_timeout (session), ==, 5);
  pb_session_set_teardown_timeout (session, 0);
  g_assert_cmpuint (pb_session_get_teardown_timeout (session), ==, 30);
  g_assert_true (pb_session_get_restore_at_login (session));
}

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

/* The settings are read in one place, live, and a front end's choice wins
 * over them until it gives it back. */
static void
test_session_settings_live (void)
{
  g_autoptr(PbSession) session = profile_session ();
  g_autoptr(GSettings) settings = pb_settings_dup ();

  if (!have_schema)
    {
      g_test_skip ("the GSettings schema could not be compiled");
      return;
    }
  g_assert_nonnull (settings);

  g_settings_set_uint (settings, "teardown-timeout", 45);
  g_assert_cmpuint (pb_session_get_teardown_timeout (session), ==, 45);
  pb_session_set_teardown_timeout (session, 7);
  g_settings_set_uint (settings, "teardown-timeout", 50);
  g_assert_cmpuint (pb_session_get_teardown_timeout (session), ==, 7);
  pb_session_set_teardown_timeout (session, 0);
  g_assert_cmpuint (pb_session_get_teardown_timeout (session), ==, 50);

  g_assert_true (pb_session_get_restore_at_login (session));
  g_settings_set_boolean (settings, "restore-at-login", FALSE);
  g_assert_false (pb_session_get_restore_at_login (session));

  g_settings_reset (settings, "teardown-timeout");
  g_settings_reset (settings, "restore-at-login");
}

static GError *
restore_error (void)
{
  return g_error_new_literal (PB_ERROR, PB_ERROR_EXTENDED, "no");
}

/* Every front end lists a restore in the profile's order; names the profile
 * lost meanwhile come last, by name. */
static void
test_restore_results_in_profile_order (void)
{
  g_autoptr(GHashTable) results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, error_free0);
  const char *order[] = { "Zeta", "Alpha", "Mid", "Gone", NULL };
  g_autoptr(GPtrArray) ordered = NULL;
  const char *expected[] = { "Zeta", "Alpha", "Mid", "Beta", "Omega" };

  g_hash_table_insert (results, g_strdup ("Alpha"), NULL);
  g_hash_table_insert (results, g_strdup ("Omega"), restore_error ());
  g_hash_table_insert (results, g_strdup ("Mid"), restore_error ());
  g_hash_table_insert (results, g_strdup ("Zeta"), NULL);
  g_hash_table_insert (results, g_strdup ("Beta"), NULL);

  ordered = pb_restore_results_new_ordered (results, order);
  g_assert_cmpuint (ordered->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < ordered->len; i++)
    {
      PbRestoreResult *result = g_ptr_array_index (ordered, i);

      g_assert_cmpstr (result->local_name, ==, expected[i]);
      if (g_str_equal (expected[i], "Mid") || g_str_equal (expected[i], "Omega"))
        g_assert_error (result->error, PB_ERROR, PB_ERROR_EXTENDED);
      else
        g_assert_no_error (result->error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *runtime = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("pb-test-session-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  config = g_build_filename (tmp_dir, "config", NULL);
  runtime = g_build_filename (tmp_dir, "runtime", NULL);
  g_mkdir_with_parents (runtime, 0700);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", tmp_dir, TRUE);

  /* The real schema, compiled into the temporary folder. */
  if (g_getenv ("PB_SOURCE_ROOT") != NULL)
    {
      g_autofree char *schema = g_build_filename (g_getenv ("PB_SOURCE_ROOT"), "data",
                                                  APPLICATION_ID ".gschema.xml", NULL);
      g_autofree char *schema_arg = g_strconcat ("--schema-file=", schema, NULL);
      g_autofree char *target_arg = g_strconcat ("--targetdir=", tmp_dir, NULL);
      const char *compile[] = { "glib-compile-schemas", "--strict", schema_arg, target_arg, NULL };
      int wait_status = -1;

      have_schema = g_spawn_sync (NULL, (char **)compile, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                  &wait_status, NULL) &&
                    g_spawn_check_wait_status (wait_status, NULL);
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/actions-have-their-types", test_session_actions_have_their_types);
  g_test_add_func ("/session/remember-drive-adds-to-profile", test_session_remember_drive_adds_to_profile);
  g_test_add_func ("/session/D7-cancel-drive-forgets-remembered", test_session_cancel_drive_forgets_remembered);
  g_test_add_func ("/session/D4-unknown-name-not-connected", test_session_unknown_name_not_connected);
  g_test_add_func ("/session/D8-bad-profile", test_session_bad_profile);
  g_test_add_func ("/session/finished-from-main-loop", test_session_finished_from_main_loop);
  g_test_add_func ("/session/n-running", test_session_n_running);
  g_test_add_func ("/session/cancel-operation", test_session_cancel_operation);
  g_test_add_func ("/session/loads-only-its-parts", test_session_loads_only_its_parts);
  g_test_add_func ("/session/timeout-override", test_session_timeout_override);
  g_test_add_func ("/session/settings-live", test_session_settings_live);
  g_test_add_func ("/session/restore-results-in-profile-order", test_restore_results_in_profile_order);

  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (tmp_dir);

  return status;
}
