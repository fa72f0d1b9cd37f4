/* pb-cli-drive-cancel.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

typedef struct {
  char     *name;
  gboolean  forget;
} DriveCancel;

static void
drive_cancel_free (DriveCancel *run)
{
  g_free (run->name);
  g_free (run);
}

/* A failure, OPEN_FILES with the processes that hold the drive included,
 * is printed by pb_cli_start(). */
static void
cancel_report (PbCli       *cli,
               PbOperation *op,
               gpointer     data)
{
  DriveCancel *run = data;
  g_autofree char *text = g_strdup_printf (run->forget ? _("Disconnected %s and forgot it.") : _("Disconnected %s."),
                                           run->name);

  if (pb_operation_get_warning (op) != NULL)
    pb_cli_warn (cli, "%s", pb_operation_get_warning (op));

  pb_cli_print_result (cli, text, pb_operation_get_elapsed_ms (op),
                       "action", "drive-cancel",
                       "name", run->name,
                       "forget", run->forget ? "yes" : "no",
                       NULL);
}

static int
drive_cancel_run (PbCli  *cli,
                  int     argc,
                  char  **argv)
{
  gboolean force = FALSE;
  gboolean forget = FALSE;
  int timeout = PB_CLI_UNSET;
  const GOptionEntry entries[] = {
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Disconnect even with open files or running jobs"), NULL },
    { "forget", 0, 0, G_OPTION_ARG_NONE, &forget,
      N_("Also remove a remembered drive from the profile and its password from the keyring"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Fail if the unmount takes longer than this (default 30)"), N_("SECONDS") },
    G_OPTION_ENTRY_NULL
  };
  DriveCancel *run;
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_drive_cancel, entries, &argc, &argv, &status) ||
      !pb_cli_check_timeout (cli, &pb_cli_command_drive_cancel, timeout, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_drive_cancel,
                               argc < 2 ? _("Which drive? Give its local name or its remote name (URI)")
                                        : _("Too many arguments"));

  run = g_new0 (DriveCancel, 1);
  run->name = g_strdup (argv[1]);
  run->forget = forget;

  return pb_cli_run_action (cli, PB_SESSION_DRIVES, PB_ACTION_CANCEL_DRIVE,
                            g_variant_new ("(sbb)", run->name, force, forget),
                            cancel_report, run, (GDestroyNotify)drive_cancel_free);
}

const PbCliCommand pb_cli_command_drive_cancel = {
  .name = "drive-cancel",
  .parameters = "NAME [--force] [--forget] [--timeout S]",
  .summary = N_("Disconnect a network drive by local or remote name"),
  .run = drive_cancel_run,
};
