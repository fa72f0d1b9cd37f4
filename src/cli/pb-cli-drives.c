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
  g_autoptr(GTask) task = user_data;
  PbCli *cli = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  cli->drives = pb_drive_source_new_finish (result, &error);
  if (cli->drives == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Builds the drive source: GVfs mounts, kernel mounts and the profile. It is
 * complete when this returns; a profile that cannot be read is not an error
 * here but in the commands that need it (D8). */
void
pb_cli_load_drives_async (PbCli               *cli,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cli->cancellable, callback, user_data);

  g_task_set_source_tag (task, pb_cli_load_drives_async);
  g_task_set_task_data (task, cli, NULL);

  pb_drive_source_new_async (cli->cancellable, drive_source_new_cb, g_steal_pointer (&task));
}

gboolean
pb_cli_load_drives_finish (PbCli         *cli,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
