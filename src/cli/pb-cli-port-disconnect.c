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
  PbCli      *cli;
  char       *port;
  char       *link;
  int         timeout;
  PbCliGuard  guard;
} PortDisconnect;

static void
port_disconnect_free (PortDisconnect *run)
{
  pb_cli_release (run->cli);
  g_free (run->port);
  g_free (run->link);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortDisconnect, port_disconnect_free)

static gboolean
name_equal (gconstpointer item,
            gconstpointer name)
{
  return g_strcmp0 (pb_connection_get_name ((PbConnection *)item), name) == 0;
}

static void
disconnect_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PortDisconnect) run = user_data;
  PbCli *cli = run->cli;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *elapsed_text = NULL;
  g_autofree char *server = pb_server_dup_label (run->cli->server);
  gboolean ok;
  double elapsed;

  ok = pb_port_disconnect_finish (PB_PORT_SOURCE (object), result, &error);
  elapsed = pb_cli_teardown_end (cli, &run->guard);

  if (!ok)
    {
      pb_cli_fail (cli, error);
      return;
    }

  elapsed_text = g_strdup_printf ("%.1f", elapsed);
  text = g_strdup_printf (_("Disconnected port %s on %s in %s ms."),
                          run->port, server, elapsed_text);

  pb_cli_print_teardown (cli, text, elapsed,
                         "action", "port-disconnect",
                         "port", run->port,
                         "link", run->link,
                         "server", pb_server_get_name (cli->server),
                         NULL);
}

static void
load_nm_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PortDisconnect) run = user_data;
  PbCli *cli = run->cli;
  g_autoptr(GError) error = NULL;
  PbConnection *item;

  if (!pb_cli_load_nm_finish (cli, result, &error))
    {
      pb_cli_fail (cli, error);
      return;
    }

  pb_cli_apply_timeout (cli, run->timeout);

  /* The link it carried, for the report: it is gone afterwards. */
  item = pb_source_find (PB_SOURCE (cli->ports), name_equal, run->port, NULL);
  run->link = g_strdup (item ? pb_connection_get_link (item) : NULL);

  pb_cli_teardown_begin (cli, &run->guard);
  pb_port_disconnect_async (cli->ports, run->port, cli->cancellable, disconnect_cb, run);
  run = NULL; /* disconnect_cb owns it now */
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
  PortDisconnect *run;
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_port_disconnect, entries, &argc, &argv, &status) ||
      !pb_cli_check_timeout (cli, &pb_cli_command_port_disconnect, timeout, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_port_disconnect,
                               argc < 2 ? _("Which port? Give its interface name") : _("Too many arguments"));

  run = g_new0 (PortDisconnect, 1);
  run->cli = cli;
  run->port = g_strdup (argv[1]);
  run->timeout = timeout;
  pb_cli_hold (cli);
  pb_cli_load_nm_async (cli, load_nm_cb, run);

  return -1;
}

const PbCliCommand pb_cli_command_port_disconnect = {
  .name = "port-disconnect",
  .parameters = "PORT [--timeout SECONDS]",
  .summary = N_("Disconnect a port (a device) and wait until it is down"),
  .uses_nm = TRUE,
  .run = port_disconnect_run,
};
