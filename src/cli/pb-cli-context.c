/* pb-cli-context.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "pb-cli-private.h"

/* The command's work is over: the main loop may end, and with it the
 * process. Only ever called once no operation is in flight (L4). */
void
pb_cli_done (PbCli *cli)
{
  cli->done = TRUE;
  g_main_loop_quit (cli->loop);
}

/* The exit status a failure ends the CLI with (see README). */
int
pb_cli_exit_status (const GError *error)
{
  return error->domain == PB_ERROR ? pb_error_get_exit_status (error->code) : 1;
}

/* Like pb_cli_fail(), but with --json prints @json (from
 * pb_cli_error_to_json(), with more members) instead of the bare error. */
void
pb_cli_fail_json (PbCli        *cli,
                  const GError *error,
                  JsonNode     *json)
{
  cli->exit_status = pb_cli_exit_status (error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json ? json_node_ref (json) : pb_cli_error_to_json (error);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_root (generator, node);
      text = json_generator_to_data (generator, NULL);
      g_printerr ("%s\n", text);
    }
  else
    {
      g_autofree char *text = pb_error_dup_text (error);

      g_printerr ("plugboard-cli: %s\n", text);
    }
}

void
pb_cli_fail (PbCli        *cli,
             const GError *error)
{
  pb_cli_fail_json (cli, error, NULL);
}

void
pb_cli_warn (PbCli      *cli,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr (_("plugboard-cli: warning: %s\n"), message);
}

/* A script that asked for --json parses what comes back even when its
 * command line was wrong: {"error": {"code": "USAGE", …}}, exit status 2. */
static void
print_usage_json (const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, "USAGE");
  json_builder_set_member_name (builder, "win32");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "win32_code");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_printerr ("%s\n", text);
}

/* A command line the CLI cannot run: @command is %NULL when no command
 * was recognised. */
int
pb_cli_usage_error (PbCli              *cli,
                    const PbCliCommand *command,
                    const char         *message)
{
  if (cli->json)
    {
      print_usage_json (message);
      return PB_CLI_EXIT_USAGE;
    }

  if (command == NULL)
    {
      g_printerr ("plugboard-cli: %s\n", message);
      g_printerr (_("Try “plugboard-cli --help”.\n"));
      return PB_CLI_EXIT_USAGE;
    }

  g_printerr ("plugboard-cli %s: %s\n", command->name, message);
  g_printerr (_("Try “plugboard-cli %s --help”.\n"), command->name);

  return PB_CLI_EXIT_USAGE;
}

/* Every command accepts the global options too, before or after its name. */
gboolean
pb_cli_parse (PbCli               *cli,
              const PbCliCommand  *command,
              const GOptionEntry  *entries,
              int                 *argc,
              char              ***argv,
              int                 *exit_status)
{
  const GOptionEntry global_entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print JSON instead of a table"), NULL },
    G_OPTION_ENTRY_NULL
  };
  /* Only the commands that ask NetworkManager offer these. */
  const GOptionEntry nm_entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING_ARRAY, &cli->servers,
      command->many_servers
        ? N_("Ask NetworkManager on this host (\\\\host or host; local is this computer, the default); "
             "repeat it to list several hosts at once")
        : N_("Ask NetworkManager on this host (\\\\host or host) instead of this computer"),
      N_("HOST") },
    { "link-types", 0, 0, G_OPTION_ARG_STRING, &cli->link_types,
      N_("Show active connections of these types as links (default: the link-types setting)"), N_("TYPE,…") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (command->parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  if (command->description != NULL)
    g_option_context_set_description (context, _(command->description));
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);
  if (command->uses_nm)
    g_option_context_add_main_entries (context, nm_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  gboolean json = cli->json;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      /* GOption takes back what it set, --json included (as FALSE). */
      cli->json = json;
      *exit_status = pb_cli_usage_error (cli, command, error->message);
      return FALSE;
    }

  /* GOption keeps "--" when an argument that looks like an option follows
   * it: "drive-cancel -- -name" means the name "-name". */
  for (int i = 1; i < *argc; i++)
    if (g_str_equal ((*argv)[i], "--"))
      {
        memmove (*argv + i, *argv + i + 1, (*argc - i) * sizeof (char *));
        (*argc)--;
        break;
      }

  /* A hang-up, a disconnect or a connect acts on one server: which of two
   * was meant is not for the CLI to guess. */
  if (cli->servers != NULL && cli->servers[0] != NULL)
    {
      if (cli->servers[1] != NULL && !command->many_servers)
        {
          *exit_status = pb_cli_usage_error (cli, command, _("Only “list” takes --server more than once"));
          return FALSE;
        }
      if (cli->servers[1] == NULL)
        cli->server_name = g_strdup (cli->servers[0]);
    }

  return TRUE;
}

/* --timeout, when given, takes 1 to 600 seconds: 0 or less would be a
 * teardown that fails at once, or never times out. A valid one becomes the
 * session's. */
gboolean
pb_cli_check_timeout (PbCli              *cli,
                      const PbCliCommand *command,
                      int                 seconds,
                      int                *exit_status)
{
  if (seconds == PB_CLI_UNSET)
    return TRUE;
  if (seconds >= 1 && seconds <= 600)
    {
      cli->timeout = seconds;
      return TRUE;
    }

  *exit_status = pb_cli_usage_error (cli, command, _("--timeout takes a number of seconds from 1 to 600"));

  return FALSE;
}

typedef struct {
  PbCli             *cli;
  PbCliPasswordRead  done;
  gpointer           data;
  GDestroyNotify     free_data;
} PasswordRead;

static void
read_password_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PasswordRead *read = user_data;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, &length, &error);

  if (line == NULL)
    {
      g_autoptr(GError) failure = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                               _("No password on standard input: %s"),
                                               error ? error->message : _("it is empty"));

      pb_cli_fail (read->cli, failure);
      pb_cli_done (read->cli);
      read->free_data (read->data);
      g_free (read);
      return;
    }
  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';

  read->done (read->cli, line, read->data);
  g_free (read);
}

/**
 * pb_cli_read_password:
 * @done: called with the password (transfer full) and @data
 * @free_data: frees @data when no password could be read; the command has
 *   failed then
 *
 * --password-stdin: reads the first line of standard input on the main
 * loop, a trailing carriage return dropped.
 */
void
pb_cli_read_password (PbCli             *cli,
                      PbCliPasswordRead  done,
                      gpointer           data,
                      GDestroyNotify     free_data)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (in);
  PasswordRead *read = g_new0 (PasswordRead, 1);

  /* From here this process holds a password: no core dump may carry it, and
   * no other process of the user may read its memory (/proc/PID/mem, ptrace). */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_debug ("Could not make the process undumpable: %s", g_strerror (errno));

  read->cli = cli;
  read->done = done;
  read->data = data;
  read->free_data = free_data;
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, read_password_cb, read);
}
