/* pb-cli-port-disconnect.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

static gboolean
name_equal (gconstpointer item,
            gconstpointer name)
{
  return g_strcmp0 (pb_connection_get_name ((PbConnection *)item), name) == 0;
}

static void
port_disconnect_report (PbCliTeardown *run,
                        double         elapsed_ms,
                        const char    *elapsed_text)
{
  PbCli *cli = run->cli;
  g_autofree char *server = pb_server_dup_label (cli->server);
  g_autofree char *text = g_strdup_printf (_("Disconnected port %s on %s in %s ms."),
                                           run->target, server, elapsed_text);

  pb_cli_print_teardown (cli, text, elapsed_ms,
                         "action", "port-disconnect",
                         "port", run->target,
                         "link", run->detail,
                         "server", pb_server_get_name (cli->server),
                         NULL);
}

static void
port_disconnect_start (PbCliTeardown *run)
{
  PbCli *cli = run->cli;
  PbConnection *item = pb_source_find (PB_SOURCE (cli->ports), name_equal, run->target, NULL);

  /* The link it carried, for the report: it is gone afterwards. */
  run->detail = g_strdup (item ? pb_connection_get_link (item) : NULL);
  pb_port_disconnect_async (cli->ports, run->target, cli->cancellable, pb_cli_teardown_done, run);
}

static int
port_disconnect_run (PbCli  *cli,
                     int     argc,
                     char  **argv)
{
  int timeout = 0;
  const GOptionEntry entries[] = {
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Fail if the teardown takes longer than this (default 30)"), N_("SECONDS") },
    G_OPTION_ENTRY_NULL
  };
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_port_disconnect, entries, &argc, &argv, &status) ||
      !pb_cli_check_timeout (cli, &pb_cli_command_port_disconnect, timeout, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_port_disconnect,
                               argc < 2 ? _("Which port? Give its interface name") : _("Too many arguments"));

  cli->needs_ports = TRUE;
  return pb_cli_teardown_run (cli, argv[1], NULL, timeout, port_disconnect_start, port_disconnect_report);
}

const PbCliCommand pb_cli_command_port_disconnect = {
  .name = "port-disconnect",
  .parameters = "PORT [--timeout SECONDS]",
  .summary = N_("Disconnect a port (a device) and wait until it is down"),
  .uses_nm = TRUE,
  .run = port_disconnect_run,
};
