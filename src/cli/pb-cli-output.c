/* pb-cli-output.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

#include <stdio.h>

static gboolean output_json;

static gboolean
is_control (gunichar c)
{
  return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0);
}

/**
 * pb_cli_escape:
 * @text: bytes from anywhere: names NetworkManager, GVfs or a profile gave,
 *   arguments, messages quoting them
 * @json: whether @text goes into --json output
 * @keep_lines: whether newlines and tabs pass as they are
 *
 * Names are not ours: they may hold bytes that are not UTF-8 and terminal
 * control sequences (ESC ] … BEL retitles the terminal, ESC [2J clears it).
 * With --json every such byte becomes U+FFFD and every control character
 * \u00XX, which keeps the document valid UTF-8 JSON (outside its strings
 * there is nothing but ASCII). In text, both show as \xXX, so that what
 * the terminal shows is what the name holds.
 *
 * Returns: (transfer full): @text, safe to print
 */
char *
pb_cli_escape (const char *text,
               gboolean    json,
               gboolean    keep_lines)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          if (json)
            g_string_append (out, "\xef\xbf\xbd");
          else
            g_string_append_printf (out, "\\x%02x", (guchar)*p);
          p++;
          continue;
        }

      if (is_control (c) || (!keep_lines && (c == '\n' || c == '\t')))
        {
          if (json)
            g_string_append_printf (out, "\\u%04x", c);
          else if (c == '\n')
            g_string_append (out, "\\n");
          else if (c == '\t')
            g_string_append (out, "\\t");
          else if (c < 0x80)
            g_string_append_printf (out, "\\x%02x", c);
          else
            g_string_append_printf (out, "\\u%04x", c);
        }
      else
        g_string_append_unichar (out, c);

      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}

static void
print_escaped (const char *text)
{
  g_autofree char *safe = pb_cli_escape (text, output_json, TRUE);

  fputs (safe, stdout);
  fflush (stdout);
}

static void
printerr_escaped (const char *text)
{
  g_autofree char *safe = pb_cli_escape (text, output_json, TRUE);

  fputs (safe, stderr);
  fflush (stderr);
}

/**
 * pb_cli_setup_output:
 * @json: whether --json was given
 *
 * Everything the CLI prints goes through g_print() and g_printerr(): one
 * place makes all of it safe (pb_cli_escape()), whatever a message quotes.
 */
void
pb_cli_setup_output (gboolean json)
{
  output_json = json;
  g_set_print_handler (print_escaped);
  g_set_printerr_handler (printerr_escaped);
}

void
pb_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* {"error": {"code", "win32", "win32_code", "message"}}: the README's
 * contract with scripts. A failure outside PB_ERROR keeps the same shape. */
JsonNode *
pb_cli_error_to_json (const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean ours = error->domain == PB_ERROR;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, ours ? pb_error_get_name (error->code) : "FAILED");
  json_builder_set_member_name (builder, "win32");
  if (ours)
    json_builder_add_string_value (builder, pb_error_get_win32_name (error->code));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "win32_code");
  if (ours && pb_error_get_win32_code (error->code) >= 0)
    json_builder_add_int_value (builder, pb_error_get_win32_code (error->code));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
pb_cli_item_to_json (PbConnection *item)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string_or_null (builder, "kind", pb_connection_get_kind_name (item));
  add_string_or_null (builder, "name", pb_connection_get_name (item));
  add_string_or_null (builder, "type", pb_connection_get_type_name (item));
  add_string_or_null (builder, "state", pb_connection_get_state (item));
  add_string_or_null (builder, "server", pb_connection_get_server (item));
  /* What hangup, port-disconnect or drive-cancel takes for this row. */
  add_string_or_null (builder, "handle", pb_connection_get_handle (item));

  switch (pb_connection_get_kind (item))
    {
    case PB_CONNECTION_KIND_LINK:
      {
        const char * const *devices = pb_connection_get_devices (item);

        json_builder_set_member_name (builder, "devices");
        json_builder_begin_array (builder);
        for (guint i = 0; devices != NULL && devices[i] != NULL; i++)
          json_builder_add_string_value (builder, devices[i]);
        json_builder_end_array (builder);
      }
      break;

    case PB_CONNECTION_KIND_PORT:
      add_string_or_null (builder, "link", pb_connection_get_link (item));
      break;

    case PB_CONNECTION_KIND_DRIVE:
      add_string_or_null (builder, "local_name", pb_connection_get_local_name (item));
      add_string_or_null (builder, "remote_name", pb_connection_get_remote_name (item));
      add_string_or_null (builder, "mount_path", pb_connection_get_mount_path (item));
      json_builder_set_member_name (builder, "remembered");
      json_builder_add_boolean_value (builder, pb_connection_get_remembered (item));
      break;

    default:
      g_assert_not_reached ();
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_cell (GStrvBuilder *row,
          const char   *text)
{
  g_autofree char *safe = text ? pb_cli_escape (text, FALSE, FALSE) : NULL;

  g_strv_builder_add (row, safe ? safe : "—");
}

static GStrv
item_row (PbConnection *item)
{
  g_autoptr(GStrvBuilder) row = g_strv_builder_new ();
  const char * const *devices;
  g_autofree char *joined = NULL;

  /* A newline or tab in a name would forge rows or columns. */
#define CELL(s) add_cell (row, (s))
  switch (pb_connection_get_kind (item))
    {
    case PB_CONNECTION_KIND_LINK:
      devices = pb_connection_get_devices (item);
      joined = devices ? g_strjoinv (",", (char **)devices) : NULL;
      CELL (pb_connection_get_handle (item));
      CELL (pb_connection_get_name (item));
      CELL (pb_connection_get_type_name (item));
      CELL (pb_connection_get_state (item));
      CELL (joined && *joined ? joined : NULL);
      CELL (pb_connection_get_server (item));
      break;

    case PB_CONNECTION_KIND_PORT:
      CELL (pb_connection_get_name (item));
      CELL (pb_connection_get_type_name (item));
      CELL (pb_connection_get_state (item));
      CELL (pb_connection_get_link (item));
      CELL (pb_connection_get_server (item));
      break;

    case PB_CONNECTION_KIND_DRIVE:
      CELL (pb_connection_get_local_name (item));
      CELL (pb_connection_get_remote_name (item));
      CELL (pb_connection_get_type_name (item));
      CELL (pb_connection_get_state (item));
      CELL (pb_connection_get_remembered (item) ? _("yes") : _("no"));
      CELL (pb_connection_get_mount_path (item));
      break;

    default:
      g_assert_not_reached ();
    }
#undef CELL

  return g_strv_builder_end (row);
}

static GStrv
header_row (PbConnectionKind kind)
{
  const char *link_headers[] = { N_("HANDLE"), N_("NAME"), N_("TYPE"), N_("STATE"), N_("DEVICES"), N_("SERVER"), NULL };
  const char *port_headers[] = { N_("PORT"), N_("TYPE"), N_("STATE"), N_("LINK"), N_("SERVER"), NULL };
  const char *drive_headers[] = { N_("LOCAL NAME"), N_("REMOTE NAME"), N_("TYPE"), N_("STATE"), N_("REMEMBERED"), N_("MOUNT PATH"), NULL };
  const char **headers = kind == PB_CONNECTION_KIND_LINK ? link_headers
                       : kind == PB_CONNECTION_KIND_PORT ? port_headers
                       : drive_headers;
  g_autoptr(GStrvBuilder) row = g_strv_builder_new ();

  for (guint i = 0; headers[i] != NULL; i++)
    g_strv_builder_add (row, _(headers[i]));

  return g_strv_builder_end (row);
}

static void
print_table (GPtrArray *rows)
{
  guint n_columns = g_strv_length (g_ptr_array_index (rows, 0));
  g_autofree guint *widths = g_new0 (guint, n_columns);

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < n_columns)
            for (guint pad = g_utf8_strlen (row[c], -1); pad < widths[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      g_print ("%s\n", line->str);
    }
}

/**
 * pb_cli_print_items:
 * @model: a model of #PbConnection, all of one kind or mixed, of one server
 *   or several
 * @graphs: (element-type PbGraph): the graphs of the sessions the rows come
 *   from, for the `via` and `carries` keys
 *
 * With --json, one array of objects; otherwise one aligned table per kind,
 * in the order the kinds first appear.
 */
void
pb_cli_print_items (PbCli      *cli,
                    GListModel *model,
                    GPtrArray  *graphs)
{
  guint n = g_list_model_get_n_items (model);

  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (n);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PbConnection) item = g_list_model_get_item (model, i);
          JsonNode *node = pb_cli_item_to_json (item);

          pb_cli_add_edges (graphs, json_node_get_object (node), item);
          json_array_add_element (array, node);
        }
      json_node_set_array (root, array);
      pb_cli_print_json (root);
      return;
    }

  gboolean printed = FALSE;

  for (PbConnectionKind kind = PB_CONNECTION_KIND_LINK; kind <= PB_CONNECTION_KIND_DRIVE; kind++)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

      g_ptr_array_add (rows, header_row (kind));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PbConnection) item = g_list_model_get_item (model, i);

          if (pb_connection_get_kind (item) == kind)
            g_ptr_array_add (rows, item_row (item));
        }

      if (rows->len > 1)
        {
          if (printed)
            g_print ("\n");
          print_table (rows);
          printed = TRUE;
        }
    }
}
