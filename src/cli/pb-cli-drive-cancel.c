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
  PbCli             *cli;
  char              *name;
  PbDisconnectFlags  flags;
  gint64             started;
} DriveCancel;

static void
drive_cancel_free (DriveCancel *run)
{
  pb_cli_release (run->cli);
  g_free (run->name);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DriveCancel, drive_cancel_free)

/* With --json, OPEN_FILES and DEVICE_IN_USE carry the processes inside the
 * error object: {"error": {..., "processes": [{"pid", "command", "app_id"}]}}. */
static void
fail_with_processes (PbCli        *cli,
                     const GError *error,
                     GPtrArray    *holders)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *processes;

  if (!cli->json || holders == NULL)
    {
      pb_cli_fail (cli, error);
      return;
    }

  node = pb_cli_error_to_json (error);
  object = json_object_get_object_member (json_node_get_object (node), "error");
  processes = json_array_sized_new (holders->len);
  for (guint i = 0; i < holders->len; i++)
    {
      PbDriveHolder *holder = g_ptr_array_index (holders, i);
      JsonObject *process = json_object_new ();

      json_object_set_int_member (process, "pid", pb_drive_holder_get_pid (holder));
      json_object_set_string_member (process, "command", pb_drive_holder_get_command (holder));
      if (pb_drive_holder_get_app_id (holder) != NULL)
        json_object_set_string_member (process, "app_id", pb_drive_holder_get_app_id (holder));
      else
        json_object_set_null_member (process, "app_id");
      json_array_add_object_element (processes, process);
    }
  json_object_set_array_member (object, "processes", processes);

  pb_cli_fail_json (cli, error, node);
}

static void
cancel_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DriveCancel) run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holders = NULL;
  g_autofree char *text = NULL;
  double elapsed = (g_get_monotonic_time () - run->started) / 1000.0;
  gboolean forget = (run->flags & PB_DISCONNECT_FORGET) != 0;

  if (!pb_drive_cancel_finish (PB_DRIVE_SOURCE (object), result, &holders, &error))
    {
      fail_with_processes (run->cli, error, holders);
      return;
    }

  text = g_strdup_printf (forget ? _("Disconnected %s and forgot it.") : _("Disconnected %s."), run->name);
  pb_cli_print_teardown (run->cli, text, elapsed,
                         "action", "drive-cancel",
                         "name", run->name,
                         "forget", forget ? "yes" : "no",
                         NULL);
}

static void
drive_cancel_start (PbCli    *cli,
                    gpointer  user_data)
{
  DriveCancel *run = user_data;

  run->started = g_get_monotonic_time ();
  pb_drive_cancel_async (cli->drives, run->name, run->flags, cli->cancellable, cancel_cb, run);
}

static int
drive_cancel_run (PbCli  *cli,
                  int     argc,
                  char  **argv)
{
  gboolean force = FALSE;
  gboolean forget = FALSE;
  const GOptionEntry entries[] = {
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Disconnect even with open files or running jobs"), NULL },
    { "forget", 0, 0, G_OPTION_ARG_NONE, &forget,
      N_("Also remove a remembered drive from the profile and its password from the keyring"), NULL },
    G_OPTION_ENTRY_NULL
  };
  DriveCancel *run;
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_drive_cancel, entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_drive_cancel,
                               argc < 2 ? _("Which drive? Give its local name or its remote name (URI)")
                                        : _("Too many arguments"));

  run = g_new0 (DriveCancel, 1);
  run->cli = cli;
  run->name = g_strdup (argv[1]);
  run->flags = (force ? PB_DISCONNECT_FORCE : 0) | (forget ? PB_DISCONNECT_FORGET : 0);
  pb_cli_hold (cli);
  pb_cli_load_drives (cli, drive_cancel_start, run, (GDestroyNotify)drive_cancel_free);

  return -1;
}

const PbCliCommand pb_cli_command_drive_cancel = {
  .name = "drive-cancel",
  .parameters = "NAME [--force] [--forget]",
  .summary = N_("Disconnect a network drive by local or remote name"),
  .run = drive_cancel_run,
};
