/* pb-cli-output.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

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

static GStrv
item_row (PbConnection *item)
{
  g_autoptr(GStrvBuilder) row = g_strv_builder_new ();
  const char * const *devices;
  g_autofree char *joined = NULL;

#define CELL(s) g_strv_builder_add (row, (s) ? (s) : "—")
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
 * @model: a model of #PbConnection, all of one kind or mixed
 *
 * With --json, one array of objects; otherwise one aligned table per kind,
 * in the order the kinds first appear.
 */
void
pb_cli_print_items (PbCli      *cli,
                    GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (n);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PbConnection) item = g_list_model_get_item (model, i);

          json_array_add_element (array, pb_cli_item_to_json (item));
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
