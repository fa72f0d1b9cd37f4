/* pb-cli-session.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "pb-cli-private.h"

/* What every command does with the core: one PbSession with only the parts
 * it needs, one action started there, the process held until that action's
 * operation has finished (L4), and its outcome printed. Settings, teardown
 * bookkeeping and loading are the session's. */

typedef struct {
  PbCli       *cli;
  PbCliLoaded  loaded;
  gpointer     data;
} Load;

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;

  pb_session_load_finish (PB_SESSION (object), result, &error);
  load->loaded (load->cli, error, load->data);
  g_free (load);
}

/**
 * pb_cli_new_session:
 * @server: (nullable): the server whose links and ports to load, %NULL
 *   for this computer
 * @parts: what the command needs
 *
 * Returns: (transfer full): a session, not yet loaded, with --link-types
 *   and --timeout as the front end's overrides of the settings
 */
PbSession *
pb_cli_new_session (PbCli          *cli,
                    const char     *server,
                    PbSessionParts  parts)
{
  PbSession *session = pb_session_new (server, parts);

  if (cli->timeout > 0)
    pb_session_set_teardown_timeout (session, cli->timeout);
  if (cli->link_types != NULL)
    {
      g_auto(GStrv) given = g_strsplit (cli->link_types, ",", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) types = NULL;

      for (guint i = 0; given[i] != NULL; i++)
        if (*g_strstrip (given[i]) != '\0')
          g_strv_builder_add (builder, given[i]);
      types = g_strv_builder_end (builder);
      pb_session_set_link_types (session, (const char * const *)types);
    }

  return session;
}

/**
 * pb_cli_load:
 * @parts: what the command needs
 * @loaded: called when the session is loaded, with the error of a part
 *   that could not be loaded at all (a remote server that does not answer)
 *
 * Makes the command's session on its one server (pb_cli_new_session()) and
 * loads it.
 */
void
pb_cli_load (PbCli          *cli,
             PbSessionParts  parts,
             PbCliLoaded     loaded,
             gpointer        data)
{
  Load *load = g_new0 (Load, 1);

  g_assert (cli->session == NULL);

  cli->session = pb_cli_new_session (cli, cli->server_name, parts);
  load->cli = cli;
  load->loaded = loaded;
  load->data = data;
  pb_session_load_async (cli->session, NULL, load_cb, load);
}

typedef struct {
  PbCli          *cli;
  PbCliReport     report;
  gpointer        data;
  GDestroyNotify  free_data;
} Run;

static void
run_free (gpointer  user_data,
          GClosure *closure)
{
  Run *run = user_data;

  if (run->free_data != NULL && run->data != NULL)
    run->free_data (run->data);
  g_free (run);
}

static gboolean
is_teardown (const char *action)
{
  return g_str_equal (action, PB_ACTION_HANG_UP) ||
         g_str_equal (action, PB_ACTION_DISCONNECT_PORT) ||
         g_str_equal (action, PB_ACTION_CANCEL_DRIVE);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  PbCli *cli = user_data;

  /* Quitting now would leave the link, the port or the drive half done (L4):
   * the process ends when the operation does, with its status. */
  if (cli->op != NULL && is_teardown (pb_operation_get_action (cli->op)))
    pb_cli_warn (cli, "%s", _("a teardown is in progress; waiting for it to end"));
  else
    pb_cli_warn (cli, "%s", _("an operation is in progress; waiting for it to end"));

  return G_SOURCE_CONTINUE;
}

static void
hold_signals (PbCli *cli)
{
  const int signums[] = { SIGINT, SIGTERM, SIGHUP };

  G_STATIC_ASSERT (G_N_ELEMENTS (signums) == G_N_ELEMENTS (cli->signal_ids));

  for (guint i = 0; i < G_N_ELEMENTS (signums); i++)
    cli->signal_ids[i] = g_unix_signal_add (signums[i], on_quit_signal, cli);
}

static void
release_signals (PbCli *cli)
{
  for (guint i = 0; i < G_N_ELEMENTS (cli->signal_ids); i++)
    g_clear_handle_id (&cli->signal_ids[i], g_source_remove);
}

/* With --json, OPEN_FILES and DEVICE_IN_USE carry the processes inside the
 * error object: {"error": {..., "processes": [{"pid", "command", "app_id"}]}}. */
static void
fail_operation (PbCli       *cli,
                PbOperation *op)
{
  const GError *error = pb_operation_get_error (op);
  GPtrArray *holders = pb_operation_get_holders (op);
  JsonNode *carried = pb_cli_carried_to_json (op);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *processes;

  if (!cli->json || (holders == NULL && carried == NULL))
    {
      g_clear_pointer (&carried, json_node_unref);
      pb_cli_fail (cli, error);
      return;
    }

  node = pb_cli_error_to_json (error);
  /* What a hang-up did to its drives before it stopped. */
  if (carried != NULL)
    json_object_set_member (json_node_get_object (node), "drives", carried);
  if (holders == NULL)
    {
      pb_cli_fail_json (cli, error, node);
      return;
    }

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
on_finished (PbOperation *op,
             Run         *run)
{
  PbCli *cli = run->cli;

  g_debug ("Operation %u reported to the CLI at %" G_GINT64_FORMAT " µs (monotonic)",
           pb_operation_get_id (op), g_get_monotonic_time ());
  release_signals (cli);
  pb_cli_print_carried (cli, op);

  if (pb_operation_get_state (op) == PB_OPERATION_SUCCEEDED)
    run->report (cli, op, run->data);
  else
    fail_operation (cli, op);

  pb_cli_done (cli);
}

/**
 * pb_cli_start:
 * @action: a PB_ACTION_* of the loaded session
 * @parameter: (transfer floating): its parameter
 * @report: prints what the operation did when it succeeded
 *
 * Starts the command's one operation. Until it has finished, SIGINT,
 * SIGTERM and SIGHUP only say that the CLI waits (L4); then the outcome is
 * printed, the exit status is the operation's, and the main loop ends.
 */
void
pb_cli_start (PbCli          *cli,
              const char     *action,
              GVariant       *parameter,
              PbCliReport     report,
              gpointer        data,
              GDestroyNotify  free_data)
{
  Run *run = g_new0 (Run, 1);

  g_assert (cli->session != NULL && cli->op == NULL);

  run->cli = cli;
  run->report = report;
  run->data = data;
  run->free_data = free_data;

  /* Held before the action starts: its first step may reach the other side
   * before pb_session_start() returns. */
  hold_signals (cli);
  cli->op = pb_session_start (cli->session, action, parameter);
  g_debug ("Operation %u (%s) started; quit signals are held", pb_operation_get_id (cli->op), action);
  g_signal_connect_data (cli->op, "finished", G_CALLBACK (on_finished), run, run_free, 0);
}

typedef struct {
  char           *action;
  GVariant       *parameter;
  PbCliReport     report;
  gpointer        data;
  GDestroyNotify  free_data;
} Pending;

/* Whatever the load says, the action runs: one whose part could not be
 * loaded fails with the load's own error (P4). */
static void
run_action_loaded (PbCli        *cli,
                   const GError *error,
                   gpointer      user_data)
{
  Pending *pending = user_data;

  pb_cli_start (cli, pending->action, pending->parameter, pending->report, pending->data, pending->free_data);
  g_variant_unref (pending->parameter);
  g_free (pending->action);
  g_free (pending);
}

/**
 * pb_cli_run_action:
 *
 * pb_cli_load() with @parts, then pb_cli_start(). Returns what a command's
 * run returns to have the main loop run until the operation has finished.
 */
int
pb_cli_run_action (PbCli          *cli,
                   PbSessionParts  parts,
                   const char     *action,
                   GVariant       *parameter,
                   PbCliReport     report,
                   gpointer        data,
                   GDestroyNotify  free_data)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->action = g_strdup (action);
  pending->parameter = g_variant_ref_sink (parameter);
  pending->report = report;
  pending->data = data;
  pending->free_data = free_data;
  pb_cli_load (cli, parts, run_action_loaded, pending);

  return -1;
}

/* How messages name the server: "this computer" or the quoted host. */
char *
pb_cli_dup_server_label (PbCli *cli)
{
  PbServer *server = cli->session ? pb_session_get_server (cli->session) : NULL;

  return server ? pb_server_dup_label (server) : g_strdup (_("this computer"));
}

/* The `server` key of the JSON: "local" or the host. */
const char *
pb_cli_get_server_name (PbCli *cli)
{
  PbServer *server = cli->session ? pb_session_get_server (cli->session) : NULL;

  return server ? pb_server_get_name (server) : "local";
}

/**
 * pb_cli_print_result:
 *
 * Prints @text, or with --json one object: the member names and string
 * values that follow @elapsed_ms in pairs up to a NULL name (a NULL value
 * prints as null), then "elapsed_ms".
 */
void
pb_cli_print_result (PbCli      *cli,
                     const char *text,
                     double      elapsed_ms,
                     const char *first_name,
                     ...)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *name;
  va_list args;

  if (!cli->json)
    {
      g_print ("%s\n", text);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  va_start (args, first_name);
  for (name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      json_builder_set_member_name (builder, name);
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_null_value (builder);
    }
  va_end (args);
  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_double_value (builder, elapsed_ms);
  /* A hang-up or port disconnect given --drives=: its drives, and when the
   * link or port itself began to go (after them). */
  if (cli->op != NULL && pb_operation_get_carried (cli->op) != NULL)
    {
      json_builder_set_member_name (builder, "drives");
      json_builder_add_value (builder, pb_cli_carried_to_json (cli->op));
      json_builder_set_member_name (builder, "teardown_started_ms");
      json_builder_add_double_value (builder, pb_operation_get_teardown_started_ms (cli->op));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  pb_cli_print_json (root);
}
