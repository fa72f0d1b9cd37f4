/* pb-cli-connect.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

/* rasdial ENTRY: dial a saved connection by its name or UUID. It succeeds
 * once NetworkManager took the activation; the new link's handle is what
 * hangup takes. */

static void
connect_report (PbCli       *cli,
                PbOperation *op,
                gpointer     data)
{
  const char *name = data;
  const char *handle = pb_operation_get_handle (op);
  g_autofree char *server = pb_cli_dup_server_label (cli);
  g_autofree char *text = g_strdup_printf (_("Connecting %s on %s: its link is %s."), name, server, handle);

  pb_cli_print_result (cli, text, pb_operation_get_elapsed_ms (op),
                       "action", "connect",
                       "name", name,
                       "handle", handle,
                       "server", pb_cli_get_server_name (cli),
                       NULL);
}

static int
connect_run (PbCli  *cli,
             int     argc,
             char  **argv)
{
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_connect, NULL, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_connect,
                               argc < 2 ? _("Which connection? Give its name or UUID") : _("Too many arguments"));

  return pb_cli_run_action (cli, PB_SESSION_LINKS, PB_ACTION_CONNECT_LINK, g_variant_new_string (argv[1]),
                            connect_report, g_strdup (argv[1]), g_free);
}

const PbCliCommand pb_cli_command_connect = {
  .name = "connect",
  .parameters = "NAME|UUID",
  .summary = N_("Connect a saved link, as rasdial does"),
  .uses_nm = TRUE,
  .run = connect_run,
};
