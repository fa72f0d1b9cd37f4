/* pb-cli-restore.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

/* One line (or one JSON object) per remembered drive, in the profile's
 * order; the exit status is the first failure's, so a script sees that
 * something did not come back. */
static void
restore_report (PbCli       *cli,
                PbOperation *op,
                gpointer     data)
{
  GPtrArray *results = pb_operation_get_restore_results (op);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const GError *first = NULL;
  guint n = results ? results->len : 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_double_value (builder, pb_operation_get_elapsed_ms (op));
  json_builder_set_member_name (builder, "drives");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      PbRestoreResult *result = g_ptr_array_index (results, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "local_name");
      json_builder_add_string_value (builder, result->local_name);
      json_builder_set_member_name (builder, "restored");
      json_builder_add_boolean_value (builder, result->error == NULL);
      if (result->error != NULL)
        {
          g_autoptr(JsonNode) node = pb_cli_error_to_json (result->error);

          json_builder_set_member_name (builder, "error");
          json_builder_add_value (builder, json_node_copy (json_object_get_member (json_node_get_object (node), "error")));
          first = first ? first : result->error;
          if (!cli->json)
            g_printerr (_("%s: not restored: %s\n"), result->local_name, result->error->message);
        }
      else if (!cli->json)
        g_print (_("%s: restored\n"), result->local_name);
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

static int
restore_run (PbCli  *cli,
             int     argc,
             char  **argv)
{
  int timeout = PB_CLI_UNSET;
  const GOptionEntry entries[] = {
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Give up a drive that GVfs takes longer than this to mount (default 30)"), N_("SECONDS") },
    G_OPTION_ENTRY_NULL
  };
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_restore, entries, &argc, &argv, &status) ||
      !pb_cli_check_timeout (cli, &pb_cli_command_restore, timeout, &status))
    return status;

  if (argc != 1)
    return pb_cli_usage_error (cli, &pb_cli_command_restore, _("Too many arguments"));

  return pb_cli_run_action (cli, PB_SESSION_DRIVES, PB_ACTION_RESTORE, g_variant_new_string (""),
                            restore_report, NULL, NULL);
}

const PbCliCommand pb_cli_command_restore = {
  .name = "restore",
  .parameters = "[--timeout S]",
  .summary = N_("Map every remembered drive again, as at login"),
  .run = restore_run,
};
