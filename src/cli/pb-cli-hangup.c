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
  PbCli      *cli;
  char       *handle;
  char       *device;
  char       *name;
  int         timeout;
  PbCliGuard  guard;
} HangUp;

static void
hang_up_free (HangUp *run)
{
  pb_cli_release (run->cli);
  g_free (run->handle);
  g_free (run->device);
  g_free (run->name);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HangUp, hang_up_free)

static gboolean
handle_equal (gconstpointer item,
              gconstpointer handle)
{
  return g_strcmp0 (pb_connection_get_handle ((PbConnection *)item), handle) == 0;
}

static void
hang_up_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HangUp) run = user_data;
  PbCli *cli = run->cli;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *elapsed_text = NULL;
  g_autofree char *server = pb_server_dup_label (run->cli->server);
  gboolean ok;
  double elapsed;

  ok = pb_link_hang_up_finish (PB_LINK_SOURCE (object), result, &error);
  elapsed = pb_cli_teardown_end (cli, &run->guard);

  if (!ok)
    {
      pb_cli_fail (cli, error);
      return;
    }

  elapsed_text = g_strdup_printf ("%.1f", elapsed);
  if (run->device != NULL)
    text = g_strdup_printf (_("Disconnected device %s of link %s (%s) on %s in %s ms; the link stays up."),
                            run->device, run->handle, run->name, server, elapsed_text);
  else
    text = g_strdup_printf (_("Hung up link %s (%s) on %s in %s ms."),
                            run->handle, run->name, server, elapsed_text);

  pb_cli_print_teardown (cli, text, elapsed,
                         "action", "hangup",
                         "handle", run->handle,
                         "name", run->name,
                         "device", run->device,
                         "server", pb_server_get_name (cli->server),
                         NULL);
}

static void
load_nm_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HangUp) run = user_data;
  PbCli *cli = run->cli;
  g_autoptr(GError) error = NULL;
  PbConnection *item;

  if (!pb_cli_load_nm_finish (cli, result, &error))
    {
      pb_cli_fail (cli, error);
      return;
    }

  pb_cli_apply_timeout (cli, run->timeout);

  /* Remember the name now: the row is gone once the link is down. */
  item = pb_source_find (PB_SOURCE (cli->links), handle_equal, run->handle, NULL);
  run->name = g_strdup (item ? pb_connection_get_name (item) : NULL);

  pb_cli_teardown_begin (cli, &run->guard);
  pb_link_hang_up_async (cli->links, run->handle, run->device, cli->cancellable, hang_up_cb, run);
  run = NULL; /* hang_up_cb owns it now */
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
  HangUp *run;
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_hangup, entries, &argc, &argv, &status) ||
      !pb_cli_check_timeout (cli, &pb_cli_command_hangup, timeout, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_hangup,
                               argc < 2 ? _("Which link? Give its handle") : _("Too many arguments"));

  run = g_new0 (HangUp, 1);
  run->cli = cli;
  run->handle = g_strdup (argv[1]);
  run->device = g_steal_pointer (&device);
  run->timeout = timeout;
  pb_cli_hold (cli);
  pb_cli_load_nm_async (cli, load_nm_cb, run);

  return -1;
}

const PbCliCommand pb_cli_command_hangup = {
  .name = "hangup",
  .parameters = "HANDLE [--device IFACE] [--timeout S]",
  .summary = N_("Hang up a link and wait until it is down"),
  .uses_nm = TRUE,
  .run = hang_up_run,
};
