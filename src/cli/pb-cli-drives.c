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
/* TRANSITIONAL, until the CLI runs on a PbSession: the profiles the source
 * reads are loaded here, one after the other. */
typedef struct
{
  PbCliLoad *load;
  PbProfile *profile;
  PbProfile *session_names;
} ProfilesLoad;

static void
profile_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ProfilesLoad *pl = user_data;
  PbCli *cli = pl->load->cli;

  /* A profile that failed keeps its error for the commands that need it. */
  pb_profile_load_finish (PB_PROFILE (object), result, NULL);

  if (PB_PROFILE (object) == pl->profile)
    {
      pb_profile_load_async (pl->session_names, cli->cancellable, profile_loaded_cb, pl);
      return;
    }

  pb_drive_source_new_async (pl->profile, pl->session_names, cli->cancellable, drive_source_new_cb, pl->load);
  g_object_unref (pl->profile);
  g_object_unref (pl->session_names);
  g_free (pl);
}

void
pb_cli_load_drives (PbCli          *cli,
                    PbCliStart      start,
                    gpointer        run,
                    GDestroyNotify  free_run)
{
  ProfilesLoad *pl = g_new0 (ProfilesLoad, 1);

  pl->load = pb_cli_load_new (cli, start, run, free_run);
  pl->profile = pb_profile_new_default ();
  pl->session_names = pb_profile_new_session ();
  pb_profile_load_async (pl->profile, cli->cancellable, profile_loaded_cb, pl);
}
