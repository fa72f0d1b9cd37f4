/* pb-cli-drive-map.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "pb-cli-private.h"

typedef struct {
  PbCli      *cli;
  char       *uri;
  char       *name;
  char       *user;
  char       *password;
  gboolean    remember;
  gboolean    save_password;
} DriveMap;

static void
drive_map_free (DriveMap *run)
{
  g_free (run->uri);
  g_free (run->name);
  g_free (run->user);
  secret_password_free (run->password);
  g_free (run);
}

static void
map_report (PbCli       *cli,
            PbOperation *op,
            gpointer     data)
{
  DriveMap *run = data;
  const char *mount_path = pb_operation_get_mount_path (op);
  const char *warning = pb_operation_get_warning (op);
  g_autofree char *text = NULL;

  if (warning != NULL)
    pb_cli_warn (cli, "%s", warning);

  if (run->name != NULL)
    text = g_strdup_printf (_("Mapped %s as %s at %s."), run->uri, run->name, mount_path ? mount_path : "—");
  else
    text = g_strdup_printf (_("Mapped %s at %s."), run->uri, mount_path ? mount_path : "—");

  pb_cli_print_result (cli, text, pb_operation_get_elapsed_ms (op),
                       "action", "drive-map",
                       "remote_name", run->uri,
                       "local_name", run->name,
                       "mount_path", mount_path,
                       "warning", warning,
                       NULL);
}

static int
drive_map_start (DriveMap *run)
{
  PbDriveMapFlags flags = (run->remember ? PB_DRIVE_MAP_REMEMBER : PB_DRIVE_MAP_NONE) |
                          (run->save_password ? PB_DRIVE_MAP_SAVE_PASSWORD : PB_DRIVE_MAP_NONE);
  GVariant *parameter = g_variant_new ("(ssssu)", run->uri, run->name ? run->name : "",
                                       run->user ? run->user : "", run->password ? run->password : "",
                                       flags);

  return pb_cli_run_action (run->cli, PB_SESSION_DRIVES, PB_ACTION_MAP_DRIVE, parameter,
                            map_report, run, (GDestroyNotify)drive_map_free);
}

static void
password_read (PbCli    *cli,
               char     *password,
               gpointer  data)
{
  DriveMap *run = data;

  run->password = password;
  drive_map_start (run);
}

static int
drive_map_run (PbCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *user = NULL;
  gboolean remember = FALSE;
  gboolean save_password = FALSE;
  gboolean password_stdin = FALSE;
  int timeout = PB_CLI_UNSET;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      N_("Map it under this local name"), N_("NAME") },
    { "remember", 'r', 0, G_OPTION_ARG_NONE, &remember,
      N_("Keep it in the profile and restore it at login (needs --name)"), NULL },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user,
      N_("Connect as this user instead of as a guest"), N_("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { "save-password", 0, 0, G_OPTION_ARG_NONE, &save_password,
      N_("Keep the password in the keyring even if the drive is not remembered"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Fail if GVfs takes longer than this to mount it (default 30)"), N_("SECONDS") },
    G_OPTION_ENTRY_NULL
  };
  DriveMap *run;
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_drive_map, entries, &argc, &argv, &status) ||
      !pb_cli_check_timeout (cli, &pb_cli_command_drive_map, timeout, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_drive_map,
                               argc < 2 ? _("What to map? Give a URI such as smb://server/share")
                                        : _("Too many arguments"));
  if (remember && name == NULL)
    return pb_cli_usage_error (cli, &pb_cli_command_drive_map, _("--remember needs --name"));
  if (name != NULL && !pb_profile_name_is_valid (name))
    return pb_cli_usage_error (cli, &pb_cli_command_drive_map,
                               _("A local name must not be empty nor contain “/”, “[”, “]” or control characters"));

  run = g_new0 (DriveMap, 1);
  run->cli = cli;
  run->uri = g_strdup (argv[1]);
  run->name = g_steal_pointer (&name);
  run->user = g_steal_pointer (&user);
  run->remember = remember;
  run->save_password = save_password;

  if (password_stdin)
    {
      pb_cli_read_password (cli, password_read, run, (GDestroyNotify)drive_map_free);
      return -1;
    }

  return drive_map_start (run);
}

const PbCliCommand pb_cli_command_drive_map = {
  .name = "drive-map",
  .parameters = "URI [--name NAME] [--remember] [--user USER] [--password-stdin] [--save-password] [--timeout S]",
  .summary = N_("Map a network drive, optionally remembered"),
  .run = drive_map_run,
};
