/* pb-cli-hangup.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

typedef struct {
  char *handle;
  char *device;
} HangUp;

static void
hang_up_free (HangUp *run)
{
  g_free (run->handle);
  g_free (run->device);
  g_free (run);
}

static void
hang_up_report (PbCli       *cli,
                PbOperation *op,
                gpointer     data)
{
  HangUp *run = data;
  PbConnection *item = pb_operation_get_item (op);
  const char *name = item ? pb_connection_get_name (item) : NULL;
  g_autofree char *server = pb_cli_dup_server_label (cli);
  g_autofree char *elapsed = g_strdup_printf ("%.1f", pb_operation_get_elapsed_ms (op));
  g_autofree char *text = NULL;

  if (run->device != NULL)
    text = g_strdup_printf (_("Disconnected device %s of link %s (%s) on %s in %s ms; the link stays up."),
                            run->device, run->handle, name, server, elapsed);
  else
    text = g_strdup_printf (_("Hung up link %s (%s) on %s in %s ms."), run->handle, name, server, elapsed);

  pb_cli_print_result (cli, text, pb_operation_get_elapsed_ms (op),
                       "action", "hangup",
                       "handle", run->handle,
                       "name", name,
                       "device", run->device,
                       "server", pb_cli_get_server_name (cli),
                       NULL);
}

static int
hang_up_run (PbCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *device = NULL;
  g_autofree char *drives = NULL;
  gboolean force = FALSE;
  PbCarriedDrives policy = PB_CARRIED_KEEP;
  int timeout = PB_CLI_UNSET;
  const GOptionEntry entries[] = {
    { "device", 'd', 0, G_OPTION_ARG_STRING, &device,
      N_("Disconnect only this device of the link and leave the link up"), N_("IFACE") },
    { "drives", 0, 0, G_OPTION_ARG_STRING, &drives,
      N_("What to do with the network drives riding on the link: keep them mounted (the default) or "
         "disconnect them first"), N_("keep|disconnect") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("With --drives=disconnect: disconnect the drives even with open files"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Fail if the teardown takes longer than this (default 30)"), N_("SECONDS") },
    G_OPTION_ENTRY_NULL
  };
  HangUp *run;
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_hangup, entries, &argc, &argv, &status) ||
      !pb_cli_check_timeout (cli, &pb_cli_command_hangup, timeout, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_hangup,
                               argc < 2 ? _("Which link? Give its handle") : _("Too many arguments"));
  if (!pb_cli_parse_drives (drives, force, &policy))
    return pb_cli_usage_error (cli, &pb_cli_command_hangup, _("--drives takes keep or disconnect"));

  run = g_new0 (HangUp, 1);
  run->handle = g_strdup (argv[1]);
  run->device = g_steal_pointer (&device);

  /* The drives are loaded (and reported) only when asked about. */
  return pb_cli_run_action (cli, drives ? PB_SESSION_LINKS | PB_SESSION_DRIVES : PB_SESSION_LINKS, PB_ACTION_HANG_UP,
                            g_variant_new ("(ssu)", run->handle, run->device ? run->device : "", policy),
                            hang_up_report, run, (GDestroyNotify)hang_up_free);
}

const PbCliCommand pb_cli_command_hangup = {
  .name = "hangup",
  .parameters = "HANDLE [--device IFACE] [--drives keep|disconnect [--force]] [--timeout S]",
  .summary = N_("Hang up a link and wait until it is down"),
  .uses_nm = TRUE,
  .run = hang_up_run,
};
