/* pb-cli-restore.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

typedef struct {
  PbCli  *cli;
  gint64  started;
} Restore;

static void
restore_free (Restore *run)
{
  pb_cli_release (run->cli);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Restore, restore_free)

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

/* One line (or one JSON object) per remembered drive; the exit status is the
 * first failure's, so a script sees that something did not come back. */
static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Restore) run = user_data;
  PbCli *cli = run->cli;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) results = pb_drive_restore_finish (PB_DRIVE_SOURCE (object), result, &error);
  g_autofree const char **names = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const GError *first = NULL;
  guint n = 0;

  if (results == NULL)
    {
      pb_cli_fail (cli, error);
      return;
    }

  names = (const char **)g_hash_table_get_keys_as_array (results, &n);
  qsort (names, n, sizeof (char *), compare_names);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_double_value (builder, (g_get_monotonic_time () - run->started) / 1000.0);
  json_builder_set_member_name (builder, "drives");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      const GError *failure = g_hash_table_lookup (results, names[i]);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "local_name");
      json_builder_add_string_value (builder, names[i]);
      json_builder_set_member_name (builder, "restored");
      json_builder_add_boolean_value (builder, failure == NULL);
      if (failure != NULL)
        {
          g_autoptr(JsonNode) node = pb_cli_error_to_json (failure);

          json_builder_set_member_name (builder, "error");
          json_builder_add_value (builder, json_node_copy (json_object_get_member (json_node_get_object (node), "error")));
          first = first ? first : failure;
          if (!cli->json)
            g_printerr (_("%s: not restored: %s\n"), names[i], failure->message);
        }
      else if (!cli->json)
        g_print (_("%s: restored\n"), names[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      pb_cli_print_json (root);
    }
  else if (n == 0)
    g_print ("%s\n", _("No remembered drives to restore."));

  if (first != NULL)
    cli->exit_status = pb_cli_exit_status (first);
}

static void
restore_start (PbCli    *cli,
               gpointer  user_data)
{
  Restore *run = user_data;

  run->started = g_get_monotonic_time ();
  pb_drive_restore_async (cli->drives, cli->cancellable, restore_cb, run);
}

static int
restore_run (PbCli  *cli,
             int     argc,
             char  **argv)
{
  Restore *run;
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_restore, NULL, &argc, &argv, &status))
    return status;

  if (argc != 1)
    return pb_cli_usage_error (cli, &pb_cli_command_restore, _("Too many arguments"));

  run = g_new0 (Restore, 1);
  run->cli = cli;
  pb_cli_hold (cli);
  pb_cli_load_drives (cli, restore_start, run, (GDestroyNotify)restore_free);

  return -1;
}

const PbCliCommand pb_cli_command_restore = {
  .name = "restore",
  .parameters = "",
  .summary = N_("Map every remembered drive again, as at login"),
  .run = restore_run,
};
