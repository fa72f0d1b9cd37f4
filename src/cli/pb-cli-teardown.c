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
 * sources, the guard that keeps the process alive through a teardown, and
 * the report of what was done. */

static GSettings *
dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* The CLI also runs from a build tree or a bare install without the
   * schema: the built-in defaults apply then. */
  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

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
  g_autoptr(GSettings) settings = dup_settings ();

  if (settings != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      g_object_get (settings, "settings-schema", &schema, NULL);
      if (g_settings_schema_has_key (schema, "link-types"))
        {
          g_auto(GStrv) types = g_settings_get_strv (settings, "link-types");

          pb_link_source_set_link_types (cli->links, (const char * const *)types);
        }
      if (g_settings_schema_has_key (schema, "teardown-timeout"))
        {
          guint seconds = g_settings_get_uint (settings, "teardown-timeout");

          if (seconds > 0)
            {
              pb_link_source_set_teardown_timeout (cli->links, seconds);
              pb_port_source_set_teardown_timeout (cli->ports, seconds);
            }
        }
    }

  if (cli->link_types != NULL)
    {
      g_auto(GStrv) types = g_strsplit (cli->link_types, ",", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) cleaned = NULL;

      for (guint i = 0; types[i] != NULL; i++)
        if (*g_strstrip (types[i]) != '\0')
          g_strv_builder_add (builder, types[i]);
      cleaned = g_strv_builder_end (builder);
      pb_link_source_set_link_types (cli->links, (const char * const *)cleaned);
    }
}

static gboolean
on_quit_signal (gpointer user_data)
{
  PbCli *cli = user_data;

  /* Quitting now would leave the port half torn down (L4). */
  pb_cli_warn (cli, "%s", _("a teardown is in progress; waiting for it to end"));

  return G_SOURCE_CONTINUE;
}

/* Until pb_cli_teardown_end(), SIGINT and SIGTERM only say that we wait. */
void
pb_cli_teardown_begin (PbCli      *cli,
                       PbCliGuard *guard)
{
  guard->started = g_get_monotonic_time ();
  guard->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, cli);
  guard->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, cli);
}

/* Returns the milliseconds the teardown took. */
double
pb_cli_teardown_end (PbCli      *cli,
                     PbCliGuard *guard)
{
  gint64 now = g_get_monotonic_time ();

  g_debug ("Teardown reported to the CLI at %" G_GINT64_FORMAT " µs (monotonic)", now);
  g_clear_handle_id (&guard->sigint_id, g_source_remove);
  g_clear_handle_id (&guard->sigterm_id, g_source_remove);

  return (now - guard->started) / 1000.0;
}

/* --timeout, when given, bounds the wait of both sources. */
void
pb_cli_apply_timeout (PbCli *cli,
                      int    seconds)
{
  if (seconds <= 0)
    return;

  pb_link_source_set_teardown_timeout (cli->links, seconds);
  pb_port_source_set_teardown_timeout (cli->ports, seconds);
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
