/* pb-cli-port-disconnect.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

typedef struct {
  char            *port;
  char            *link; /* the link it carried: gone from the row afterwards */
  PbCarriedDrives  policy;
} PortDisconnect;

static void
port_disconnect_free (PortDisconnect *run)
{
  g_free (run->port);
  g_free (run->link);
  g_free (run);
}

static void
port_disconnect_report (PbCli       *cli,
                        PbOperation *op,
                        gpointer     data)
{
  PortDisconnect *run = data;
  g_autofree char *server = pb_cli_dup_server_label (cli);
  g_autofree char *elapsed = g_strdup_printf ("%.1f", pb_operation_get_elapsed_ms (op));
  g_autofree char *text = g_strdup_printf (_("Disconnected port %s on %s in %s ms."), run->port, server, elapsed);

  pb_cli_print_result (cli, text, pb_operation_get_elapsed_ms (op),
                       "action", "port-disconnect",
                       "port", run->port,
                       "link", run->link,
                       "server", pb_cli_get_server_name (cli),
                       NULL);
}

static void
port_disconnect_loaded (PbCli        *cli,
                        const GError *error,
                        gpointer      data)
{
  PortDisconnect *run = data;
  PbOperation *op;
  PbConnection *item;

  pb_cli_start (cli, PB_ACTION_DISCONNECT_PORT, g_variant_new ("(su)", run->port, run->policy),
                port_disconnect_report, run, (GDestroyNotify)port_disconnect_free);

  /* The row the operation acts on names the link it carries now. */
  op = cli->op;
  item = pb_operation_get_item (op);
  run->link = g_strdup (item ? pb_connection_get_link (item) : NULL);
}

static int
port_disconnect_run (PbCli  *cli,
                     int     argc,
                     char  **argv)
{
  int timeout = PB_CLI_UNSET;
  g_autofree char *drives = NULL;
  gboolean force = FALSE;
  PbCarriedDrives policy = PB_CARRIED_KEEP;
  const GOptionEntry entries[] = {
    { "drives", 0, 0, G_OPTION_ARG_STRING, &drives,
      N_("What to do with the network drives riding on the port: keep them mounted (the default) or "
         "disconnect them first"), N_("keep|disconnect") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("With --drives=disconnect: disconnect the drives even with open files"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Fail if the teardown takes longer than this (default 30)"), N_("SECONDS") },
    G_OPTION_ENTRY_NULL
  };
  PortDisconnect *run;
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_port_disconnect, entries, &argc, &argv, &status) ||
      !pb_cli_check_timeout (cli, &pb_cli_command_port_disconnect, timeout, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_port_disconnect,
                               argc < 2 ? _("Which port? Give its interface name") : _("Too many arguments"));
  if (!pb_cli_parse_drives (drives, force, &policy))
    return pb_cli_usage_error (cli, &pb_cli_command_port_disconnect, _("--drives takes keep or disconnect"));

  run = g_new0 (PortDisconnect, 1);
  run->port = g_strdup (argv[1]);
  run->policy = policy;
  /* The drives are loaded (and reported) only when asked about. */
  pb_cli_load (cli, drives ? PB_SESSION_PORTS | PB_SESSION_DRIVES : PB_SESSION_PORTS, port_disconnect_loaded, run);

  return -1;
}

const PbCliCommand pb_cli_command_port_disconnect = {
  .name = "port-disconnect",
  .parameters = "PORT [--drives keep|disconnect [--force]] [--timeout SECONDS]",
  .summary = N_("Disconnect a port (a device) and wait until it is down"),
  .uses_nm = TRUE,
  .run = port_disconnect_run,
};
