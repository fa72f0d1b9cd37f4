/* pb-cli-drive-remember.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "pb-cli-private.h"

/* Remembering a drive without mounting it now: one edit of the profile and,
 * with a password, the Secret Service. Neither needs GVfs, so neither is
 * asked for: the drive is mapped at the next login or `restore`. */

typedef struct {
  PbCli *cli;
  char  *remote_name; /* normalised, no user: as drive-map keeps it */
  char  *name;
  char  *user;
  char  *password;
} DriveRemember;

static void
drive_remember_free (DriveRemember *run)
{
  g_free (run->remote_name);
  g_free (run->name);
  g_free (run->user);
  secret_password_free (run->password);
  g_free (run);
}

static void
report (PbCli       *cli,
        PbOperation *op,
        gpointer     data)
{
  DriveRemember *run = data;
  const char *warning = pb_operation_get_warning (op);
  g_autofree char *text = g_strdup_printf (_("Remembered %s as %s: it is mapped at the next login or restore."),
                                           run->remote_name, run->name);

  /* As drive-map --remember: the drive stays remembered even when the
   * keyring could not take its password. */
  if (warning != NULL)
    pb_cli_warn (cli, "%s", warning);

  pb_cli_print_result (cli, text, pb_operation_get_elapsed_ms (op),
                       "action", "drive-remember",
                       "remote_name", run->remote_name,
                       "local_name", run->name,
                       "user", run->user,
                       "warning", warning,
                       NULL);
}

/* One edit of the profile and, with a password, the Secret Service: the
 * session's remember-drive, which needs neither GVfs nor a mount. */
static int
drive_remember_start (DriveRemember *run)
{
  GVariant *parameter;

  if (run->password != NULL)
    parameter = g_variant_new ("(ssss)", run->remote_name, run->name, run->user, run->password);
  else
    parameter = g_variant_new ("(sss)", run->remote_name, run->name, run->user ? run->user : "");

  return pb_cli_run_action (run->cli, PB_SESSION_PROFILE, PB_ACTION_REMEMBER_DRIVE, parameter,
                            report, run, (GDestroyNotify)drive_remember_free);
}

static void
password_read (PbCli    *cli,
               char     *password,
               gpointer  data)
{
  DriveRemember *run = data;

  run->password = password;
  drive_remember_start (run);
}

static int
drive_remember_run (PbCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *user = NULL;
  g_autofree char *remote_name = NULL;
  g_autoptr(GUri) parsed = NULL;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      N_("Remember it under this local name"), N_("NAME") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user,
      N_("Connect as this user instead of as a guest"), N_("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input and keep it in the keyring"), NULL },
    G_OPTION_ENTRY_NULL
  };
  DriveRemember *run;
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_drive_remember, entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return pb_cli_usage_error (cli, &pb_cli_command_drive_remember,
                               argc < 2 ? _("What to remember? Give a URI such as smb://server/share")
                                        : _("Too many arguments"));
  if (name == NULL)
    return pb_cli_usage_error (cli, &pb_cli_command_drive_remember, _("A remembered drive needs --name"));
  if (!pb_profile_name_is_valid (name))
    return pb_cli_usage_error (cli, &pb_cli_command_drive_remember,
                               _("A local name must not be empty nor contain “/”, “[”, “]” or control characters"));

  remote_name = pb_drive_normalize_uri (argv[1], FALSE);
  if (remote_name == NULL)
    return pb_cli_usage_error (cli, &pb_cli_command_drive_remember,
                               _("Not a network location: give a URI such as smb://server/share"));

  /* The user may come in the URI, as with drive-map; the profile keeps it apart. */
  parsed = g_uri_parse (argv[1], G_URI_FLAGS_NON_DNS, NULL);
  if (user == NULL && parsed != NULL && g_uri_get_user (parsed) != NULL)
    user = g_strdup (g_uri_get_user (parsed));
  if (password_stdin && user == NULL)
    return pb_cli_usage_error (cli, &pb_cli_command_drive_remember,
                               _("A password is kept for a user: --password-stdin needs --user"));

  run = g_new0 (DriveRemember, 1);
  run->cli = cli;
  run->remote_name = g_steal_pointer (&remote_name);
  run->name = g_steal_pointer (&name);
  run->user = g_steal_pointer (&user);

  if (password_stdin)
    {
      pb_cli_read_password (cli, password_read, run, (GDestroyNotify)drive_remember_free);
      return -1;
    }

  return drive_remember_start (run);
}

const PbCliCommand pb_cli_command_drive_remember = {
  .name = "drive-remember",
  .parameters = "URI --name NAME [--user USER] [--password-stdin]",
  .summary = N_("Remember a network drive without mapping it now"),
  .run = drive_remember_run,
};
