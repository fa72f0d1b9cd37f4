/* pb-cli-drives.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-cli-private.h"

static void
drive_source_new_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PbCliLoad *load = user_data;
  g_autoptr(GError) error = NULL;

  load->cli->drives = pb_drive_source_new_finish (result, &error);
  pb_cli_load_done (load, error);
}

/* Builds the drive source: GVfs mounts, kernel mounts and the profile, then
 * starts the command. The source is complete by then; a profile that cannot
 * be read is not an error here but in the commands that need it (D8). */
void
pb_cli_load_drives (PbCli          *cli,
                    PbCliStart      start,
                    gpointer        run,
                    GDestroyNotify  free_run)
{
  pb_drive_source_new_async (cli->cancellable, drive_source_new_cb,
                             pb_cli_load_new (cli, start, run, free_run));
}
