/* pb-cli-hangup.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

static void
hang_up_report (PbCliTeardown *run,
                double         elapsed_ms,
                const char    *elapsed_text)
{
  PbCli *cli = run->cli;
  g_autofree char *server = pb_server_dup_label (cli->server);
  g_autofree char *text = NULL;

  if (run->device != NULL)
    text = g_strdup_printf (_("Disconnected device %s of link %s (%s) on %s in %s ms; the link stays up."),
                            run->device, run->target, run->detail, server, elapsed_text);
  else
    text = g_strdup_printf (_("Hung up link %s (%s) on %s in %s ms."),
                            run->target, run->detail, server, elapsed_text);

  pb_cli_print_teardown (cli, text, elapsed_ms,
                         "action", "hangup",
                         "handle", run->target,
                         "name", run->detail,
                         "device", run->device,
                         "server", pb_server_get_name (cli->server),
                         NULL);
}

static void
hang_up_start (PbCliTeardown *run)
{
  PbCli *cli = run->cli;
  PbConnection *item = pb_link_source_find_link (cli->links, run->target);

  /* Remember the name now: the row is gone once the link is down. */
  run->detail = g_strdup (item ? pb_connection_get_name (item) : NULL);
  pb_link_hang_up_async (cli->links, run->target, run->device, cli->cancellable, pb_cli_teardown_done, run);
}

static int
hang_up_run (PbCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *device = NULL;
  int timeout = 0;
  const GOptionEntry entries[] = {
    { "device", 'd', 0, G_OPTION_ARG_STRING, &device,
      N_("Disconnect only this device of the link and leave the link up"), N_("IFACE") },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Fail if the teardown takes longer than this (default 30)"), N_("SECONDS") },
    G_OPTION_ENTRY_NULL
  };
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_hangup, entries, &argc, &argv, &status) ||
      !pb_cli_check_timeout (cli, &pb_cli_command_hangup, timeout, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_hangup,
                               argc < 2 ? _("Which link? Give its handle") : _("Too many arguments"));

  return pb_cli_teardown_run (cli, argv[1], device, timeout, hang_up_start, hang_up_report);
}

const PbCliCommand pb_cli_command_hangup = {
  .name = "hangup",
  .parameters = "HANDLE [--device IFACE] [--timeout S]",
  .summary = N_("Hang up a link and wait until it is down"),
  .uses_nm = TRUE,
  .run = hang_up_run,
};
