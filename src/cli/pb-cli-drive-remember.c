/* pb-cli-drive-remember.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "pb-cli-private.h"
#include "pb-drive-secret.h"

/* Remembering a drive without mounting it now: one edit of the profile and,
 * with a password, the Secret Service. Neither needs GVfs, so neither is
 * asked for: the drive is mapped at the next login or `restore`. */

typedef struct {
  PbCli     *cli;
  PbProfile *profile;
  char      *remote_name; /* normalised, no user: as drive-map keeps it */
  char      *name;
  char      *user;
  char      *password;
  char      *warning;
  gint64     started;
} DriveRemember;

static void
drive_remember_free (DriveRemember *run)
{
  pb_cli_release (run->cli);
  g_clear_object (&run->profile);
  g_free (run->remote_name);
  g_free (run->name);
  g_free (run->user);
  secret_password_free (run->password);
  g_free (run->warning);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DriveRemember, drive_remember_free)

static void
report (DriveRemember *run)
{
  g_autofree char *text = g_strdup_printf (_("Remembered %s as %s: it is mapped at the next login or restore."),
                                           run->remote_name, run->name);
  double elapsed = (g_get_monotonic_time () - run->started) / 1000.0;

  if (run->warning != NULL)
    pb_cli_warn (run->cli, "%s", run->warning);

  pb_cli_print_teardown (run->cli, text, elapsed,
                         "action", "drive-remember",
                         "remote_name", run->remote_name,
                         "local_name", run->name,
                         "user", run->user,
                         "warning", run->warning,
                         NULL);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DriveRemember) run = user_data;
  g_autoptr(GError) error = NULL;

  /* As drive-map --remember: the drive stays remembered, and restoring it
   * will ask for the password the keyring could not take. */
  if (!pb_drive_secret_store_finish (result, &error))
    run->warning = g_strdup_printf (_("%s is remembered, but its password could not be stored in the Secret "
                                      "Service (%s): restoring it will need the password again."),
                                    run->name, error->message);
  report (run);
}

static void
set_drive_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DriveRemember) run = user_data;
  g_autoptr(GError) error = NULL;

  if (!pb_profile_set_drive_finish (PB_PROFILE (object), result, &error))
    {
      pb_cli_fail (run->cli, error);
      return;
    }

  if (run->password != NULL)
    {
      DriveRemember *storing = g_steal_pointer (&run);

      pb_drive_secret_store_async (storing->remote_name, storing->user, storing->password,
                                   storing->cli->cancellable, store_cb, storing);
      return;
    }

  report (run);
}

static void
drive_remember_start (DriveRemember *run)
{
  run->started = g_get_monotonic_time ();
  run->profile = pb_profile_new_default ();
  pb_profile_set_drive_async (run->profile, run->name, run->remote_name, run->user, NULL,
                              run->cli->cancellable, set_drive_cb, run);
}

static void
read_password_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DriveRemember) run = user_data;
  g_autoptr(GError) error = NULL;
  char *line;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, &length, &error);
  if (line == NULL)
    {
      g_autoptr(GError) failure = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                               _("No password on standard input: %s"),
                                               error ? error->message : _("it is empty"));
      pb_cli_fail (run->cli, failure);
      return;
    }
  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';

  run->password = g_steal_pointer (&line);
  drive_remember_start (g_steal_pointer (&run));
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
                               _("A local name must not be empty nor contain “/”, “[” or “]”"));

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
  pb_cli_hold (cli);

  if (password_stdin)
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GDataInputStream) lines = g_data_input_stream_new (in);

      g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, cli->cancellable, read_password_cb, run);
    }
  else
    drive_remember_start (run);

  return -1;
}

const PbCliCommand pb_cli_command_drive_remember = {
  .name = "drive-remember",
  .parameters = "URI --name NAME [--user USER] [--password-stdin]",
  .summary = N_("Remember a network drive without mapping it now"),
  .run = drive_remember_run,
};
