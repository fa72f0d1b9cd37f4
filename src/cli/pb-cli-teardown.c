/* pb-cli-teardown.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "pb-cli-private.h"

/* What hangup and port-disconnect share: the settings that shape the
 * sources, one run of a teardown with the guard that keeps the process alive
 * through it, and the report of what was done. */

/**
 * pb_cli_apply_settings:
 *
 * Gives the loaded sources the user's link types and teardown timeout: the
 * GSettings keys `link-types` and `teardown-timeout` when the schema is
 * installed, then the --link-types option, which wins.
 */
void
pb_cli_apply_settings (PbCli *cli)
{
  g_autoptr(GSettings) settings = pb_settings_dup ();
  g_auto(GStrv) types = NULL;

  /* --link-types wins; setting the types once spares the rows a second
   * rebuild. */
  if (cli->link_types == NULL && pb_settings_has_key (settings, "link-types"))
    types = g_settings_get_strv (settings, "link-types");
  if (pb_settings_has_key (settings, "teardown-timeout"))
    {
      guint seconds = g_settings_get_uint (settings, "teardown-timeout");

      if (seconds > 0)
        {
          pb_link_source_set_teardown_timeout (cli->links, seconds);
          if (cli->ports != NULL)
            pb_port_source_set_teardown_timeout (cli->ports, seconds);
        }
    }

  if (cli->link_types != NULL)
    {
      g_auto(GStrv) given = g_strsplit (cli->link_types, ",", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; given[i] != NULL; i++)
        if (*g_strstrip (given[i]) != '\0')
          g_strv_builder_add (builder, given[i]);
      types = g_strv_builder_end (builder);
    }

  if (types != NULL)
    pb_link_source_set_link_types (cli->links, (const char * const *)types);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  PbCli *cli = user_data;

  /* Quitting now would leave the port half torn down (L4). */
  pb_cli_warn (cli, "%s", _("a teardown is in progress; waiting for it to end"));

  return G_SOURCE_CONTINUE;
}

static void
pb_cli_teardown_free (PbCliTeardown *run)
{
  g_clear_handle_id (&run->sigint_id, g_source_remove);
  g_clear_handle_id (&run->sigterm_id, g_source_remove);
  pb_cli_release (run->cli);
  g_free (run->target);
  g_free (run->device);
  g_free (run->detail);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbCliTeardown, pb_cli_teardown_free)

/* With the sources loaded: --timeout, when given, bounds the wait of both,
 * and until the teardown is done SIGINT and SIGTERM only say that we wait. */
static void
teardown_start (PbCli    *cli,
                gpointer  user_data)
{
  PbCliTeardown *run = user_data;

  if (run->timeout > 0)
    {
      pb_link_source_set_teardown_timeout (cli->links, run->timeout);
      if (cli->ports != NULL)
        pb_port_source_set_teardown_timeout (cli->ports, run->timeout);
    }

  run->started = g_get_monotonic_time ();
  run->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, cli);
  run->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, cli);
  run->start (run);
}

/* Holds @cli, loads the NetworkManager sources and tears down @target with
 * @start, then prints with @report what was done. Returns what a command's
 * run returns to have the main loop run until then. */
int
pb_cli_teardown_run (PbCli               *cli,
                     const char          *target,
                     const char          *device,
                     int                  timeout,
                     PbCliTeardownStart   start,
                     PbCliTeardownReport  report)
{
  PbCliTeardown *run = g_new0 (PbCliTeardown, 1);

  run->cli = cli;
  run->target = g_strdup (target);
  run->device = g_strdup (device);
  run->timeout = timeout;
  run->start = start;
  run->report = report;
  pb_cli_hold (cli);
  pb_cli_load_nm (cli, teardown_start, run, (GDestroyNotify)pb_cli_teardown_free);

  return -1;
}

/* The callback of the teardown a PbCliTeardownStart began: fails, or reports
 * with the milliseconds it took. Freeing the run ends the signal guard. */
void
pb_cli_teardown_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PbCliTeardown) run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *elapsed_text = NULL;
  gboolean ok = pb_source_disconnect_finish (PB_SOURCE (source), result, &error);
  gint64 now = g_get_monotonic_time ();
  double elapsed = (now - run->started) / 1000.0;

  g_debug ("Teardown reported to the CLI at %" G_GINT64_FORMAT " µs (monotonic)", now);
  if (!ok)
    {
      pb_cli_fail (run->cli, error);
      return;
    }

  elapsed_text = g_strdup_printf ("%.1f", elapsed);
  run->report (run, elapsed, elapsed_text);
}

gboolean
pb_cli_check_timeout (PbCli              *cli,
                      const PbCliCommand *command,
                      int                 seconds,
                      int                *exit_status)
{
  if (seconds >= 0 && seconds <= 600)
    return TRUE;

  *exit_status = pb_cli_usage_error (cli, command, _("--timeout takes a number of seconds from 1 to 600"));

  return FALSE;
}

/* Prints @text, or with --json one object: the member names and string
 * values that follow @elapsed_ms in pairs up to a NULL name (a NULL value
 * prints as null), then "elapsed_ms". */
void
pb_cli_print_teardown (PbCli       *cli,
                       const char  *text,
                       double       elapsed_ms,
                       const char  *first_name,
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
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  pb_cli_print_json (root);
}
