/* pb-cli.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pb-cli-private.h"

/* One row per command: a later command is one more file and one more line. */
static const PbCliCommand * const commands[] = {
  &pb_cli_command_list,
  &pb_cli_command_drive_map,
  &pb_cli_command_drive_remember,
  &pb_cli_command_drive_cancel,
  &pb_cli_command_restore,
  &pb_cli_command_hangup,
  &pb_cli_command_port_disconnect,
  &pb_cli_command_connect,
};

static void
print_usage (void)
{
  g_print ("%s\n  plugboard-cli [--json] [--server HOST]… COMMAND [ARGUMENTS…]\n\n%s\n",
           _("Usage:"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = g_strdup_printf ("%s %s", commands[i]->name, commands[i]->parameters);

      /* A long synopsis gets a line of its own rather than a ragged column. */
      if (g_utf8_strlen (synopsis, -1) > 44)
        g_print ("  %s\n  %-44s %s\n", synopsis, "", _(commands[i]->summary));
      else
        g_print ("  %-44s %s\n", synopsis, _(commands[i]->summary));
    }
  g_print ("\n%s\n", _("Run “plugboard-cli COMMAND --help” for a command’s options."));
}

/* Options that take a value in the next argument, so that the command name
 * can be found wherever the global options stand. */
static gboolean
takes_value (const char *arg)
{
  return g_str_equal (arg, "--server") || g_str_equal (arg, "-s") || g_str_equal (arg, "--link-types");
}

int
main (int   argc,
      char *argv[])
{
  PbCli cli = { 0 };
  const PbCliCommand *command = NULL;
  int command_index = -1;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Known before any option is parsed: a usage error answers in JSON too. */
  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    cli.json |= g_str_equal (argv[i], "--json") || g_str_equal (argv[i], "-j");
  pb_cli_setup_output (cli.json);

  /* Handles, ports, names and URIs travel as D-Bus strings, which are UTF-8;
   * the locale's bytes are refused here rather than mangled later. */
  for (int i = 1; i < argc; i++)
    if (!g_utf8_validate (argv[i], -1, NULL))
      {
        g_autofree char *message = g_strdup_printf (_("argument %d (“%s”) is not UTF-8 text"), i, argv[i]);

        return pb_cli_usage_error (&cli, NULL, message);
      }

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--version"))
        {
          g_print ("plugboard-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      if (takes_value (argv[i]))
        {
          i++;
          continue;
        }
      if (argv[i][0] != '-')
        {
          command_index = i;
          break;
        }
    }

  if (command_index < 0)
    {
      gboolean asked = FALSE;

      for (int i = 1; i < argc; i++)
        asked |= g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h");
      if (!asked && cli.json)
        return pb_cli_usage_error (&cli, NULL, _("no command given; run “plugboard-cli --help” for the commands"));
      print_usage ();
      return asked ? 0 : PB_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i]->name, argv[command_index]))
      command = commands[i];

  if (command == NULL && cli.json)
    {
      g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), argv[command_index]);

      return pb_cli_usage_error (&cli, NULL, message);
    }

  if (command == NULL)
    {
      g_printerr (_("plugboard-cli: unknown command “%s”\n"), argv[command_index]);
      print_usage ();
      return PB_CLI_EXIT_USAGE;
    }

  /* Hand the command an argv that starts with its own name, global options
   * kept wherever they were. */
  {
    g_autofree char **command_argv = g_new0 (char *, argc + 1);
    int command_argc = 0;

    /* GOption names the program after argv[0] in --help: "plugboard-cli list". */
    g_autofree char *command_name = g_strdup_printf ("plugboard-cli %s", argv[command_index]);

    command_argv[command_argc++] = command_name;
    for (int i = 1; i < argc; i++)
      if (i != command_index)
        command_argv[command_argc++] = argv[i];

    cli.loop = g_main_loop_new (NULL, FALSE);

    /* The loop ends when the command's operation has finished (L4). */
    status = command->run (&cli, command_argc, command_argv);
    if (status < 0)
      {
        if (!cli.done)
          g_main_loop_run (cli.loop);
        status = cli.exit_status;
      }
  }

  g_clear_object (&cli.op);
  g_clear_object (&cli.session);
  g_clear_pointer (&cli.loop, g_main_loop_unref);
  g_clear_pointer (&cli.servers, g_strfreev);
  g_clear_pointer (&cli.server_name, g_free);
  g_clear_pointer (&cli.link_types, g_free);

  return status;
}
