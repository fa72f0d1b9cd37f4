/* pb-cli-graph.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

/* What rides on what, as the CLI prints it: the `via` and `carries` keys of
 * a listed row, and what a hang-up or a port disconnect did to the drives
 * riding on it (--drives=). */

static void
add_identities (JsonObject *object,
                const char *member,
                GPtrArray  *items)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      PbConnection *other = g_ptr_array_index (items, i);
      JsonObject *identity = json_object_new ();

      /* The other row's identity: what its own row prints as kind and
       * handle (a link's handle, a port's name, a drive's local name). */
      json_object_set_string_member (identity, "kind", pb_connection_get_kind_name (other));
      json_object_set_string_member (identity, "handle", pb_connection_get_handle (other));
      json_object_set_string_member (identity, "name", pb_connection_get_name (other));
      json_array_add_object_element (array, identity);
    }

  json_object_set_array_member (object, member, array);
}

/* The edges of @item in the graph of its own session: a graph knows only
 * its session's rows, and answers %NULL for any other. */
static GPtrArray *
find_edges (GPtrArray    *graphs,
            PbConnection *item,
            gboolean      via)
{
  for (guint i = 0; graphs != NULL && i < graphs->len; i++)
    {
      PbGraph *graph = g_ptr_array_index (graphs, i);
      GPtrArray *edges = via ? pb_graph_get_via (graph, item) : pb_graph_get_carries (graph, item);

      if (edges != NULL)
        return edges;
    }

  return NULL;
}

/**
 * pb_cli_add_edges:
 * @graphs: (element-type PbGraph) (nullable): the graphs of the sessions
 *   the rows come from, one session per server
 * @object: @item's JSON object
 *
 * Adds `via` (the rows @item rides on) and `carries` (the rows that ride on
 * it), empty arrays when there are none.
 */
void
pb_cli_add_edges (GPtrArray    *graphs,
                  JsonObject   *object,
                  PbConnection *item)
{
  add_identities (object, "via", find_edges (graphs, item, TRUE));
  add_identities (object, "carries", find_edges (graphs, item, FALSE));
}

/**
 * pb_cli_parse_drives:
 * @value: (nullable): the --drives value
 * @force: --force was given
 * @policy: (out): what to do with the drives riding on the link or port
 *
 * Returns: %FALSE for a value that is neither `keep` nor `disconnect`
 */
gboolean
pb_cli_parse_drives (const char      *value,
                     gboolean         force,
                     PbCarriedDrives *policy)
{
  *policy = PB_CARRIED_KEEP;
  if (value == NULL || g_str_equal (value, "keep"))
    return TRUE;
  if (!g_str_equal (value, "disconnect"))
    return FALSE;

  *policy = PB_CARRIED_DISCONNECT | (force ? PB_CARRIED_FORCE : 0);
  return TRUE;
}

/**
 * pb_cli_carried_to_json:
 *
 * Returns: (transfer full) (nullable): the `drives` array of a hang-up or
 *   port disconnect that was given --drives=, in the order they were done
 */
JsonNode *
pb_cli_carried_to_json (PbOperation *op)
{
  GPtrArray *carried = pb_operation_get_carried (op);
  JsonArray *array;
  JsonNode *node;

  if (carried == NULL)
    return NULL;

  array = json_array_new ();
  for (guint i = 0; i < carried->len; i++)
    {
      PbCarriedDrive *drive = g_ptr_array_index (carried, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "local_name", drive->local_name);
      json_object_set_string_member (object, "remote_name", drive->remote_name);
      json_object_set_string_member (object, "result",
                                     drive->disconnected ? "disconnected" : drive->error ? "failed" : "kept");
      if (drive->disconnected || drive->error)
        json_object_set_double_member (object, "done_ms", drive->done_ms);
      if (drive->error != NULL)
        json_object_set_member (object, "error", pb_cli_error_to_json (drive->error));
      json_array_add_object_element (array, object);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);

  return node;
}

/**
 * pb_cli_print_carried:
 *
 * Without --json, one line for each drive that rode on the link or port,
 * before the line about the link or port itself.
 */
void
pb_cli_print_carried (PbCli       *cli,
                      PbOperation *op)
{
  GPtrArray *carried = pb_operation_get_carried (op);

  if (cli->json || carried == NULL)
    return;

  for (guint i = 0; i < carried->len; i++)
    {
      PbCarriedDrive *drive = g_ptr_array_index (carried, i);

      if (drive->disconnected)
        g_print (_("Disconnected drive %s (%s) first.\n"), drive->local_name, drive->remote_name);
      else if (drive->error != NULL)
        g_print (_("Could not disconnect drive %s (%s): %s\n"), drive->local_name, drive->remote_name,
                 drive->error->message);
      else
        g_print (_("Kept drive %s (%s) mounted: it rode on what went down.\n"), drive->local_name,
                 drive->remote_name);
    }
}
