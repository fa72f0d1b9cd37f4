/* pb-cli-list.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli-private.h"

typedef enum {
  LIST_LINKS  = 1 << 0,
  LIST_PORTS  = 1 << 1,
  LIST_DRIVES = 1 << 2,
  LIST_ALL    = LIST_LINKS | LIST_PORTS | LIST_DRIVES,
} ListWhat;

static void
append_all (GListStore *store,
            GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_list_store_append (store, item);
    }
}

static void list_print (PbCli *cli, ListWhat what);

typedef struct {
  PbCli    *cli;
  ListWhat  what;
} List;

static void
graph_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree List *list = user_data;

  pb_graph_wait_finish (PB_GRAPH (object), result, NULL);
  list_print (list->cli, list->what);
}

static void
list_loaded (PbCli        *cli,
             const GError *error,
             gpointer      data)
{
  List *list;

  /* A remote server that does not answer (P4). */
  if (error != NULL)
    {
      pb_cli_fail (cli, error);
      pb_cli_done (cli);
      return;
    }

  /* The via and carries keys need the edges current: the drives' server
   * names may still be resolving. */
  list = g_new0 (List, 1);
  list->cli = cli;
  list->what = GPOINTER_TO_UINT (data);
  pb_graph_wait_async (pb_session_get_graph (cli->session), NULL, graph_ready_cb, list);
}

static void
list_print (PbCli    *cli,
            ListWhat  what)
{
  PbSession *session = cli->session;
  PbServer *server = pb_session_get_server (session);
  PbDriveSource *drives = pb_session_get_drives (session);
  g_autoptr(GListStore) all = g_list_store_new (PB_TYPE_CONNECTION);

  if (what & LIST_LINKS)
    append_all (all, G_LIST_MODEL (pb_session_get_links (session)));
  if (what & LIST_PORTS)
    append_all (all, G_LIST_MODEL (pb_session_get_ports (session)));
  if (drives != NULL)
    {
      g_autofree char *status = pb_source_dup_status (PB_SOURCE (drives));

      append_all (all, G_LIST_MODEL (drives));
      if (status != NULL)
        pb_cli_warn (cli, "%s", status);
      if (pb_drive_source_get_sandbox_notice () != NULL)
        pb_cli_warn (cli, "%s", pb_drive_source_get_sandbox_notice ());
    }
  /* Remembered drives missing from the list: say why rather than list none. */
  if ((what & LIST_DRIVES) && pb_session_get_profile (session) != NULL &&
      pb_profile_get_error (pb_session_get_profile (session)) != NULL)
    pb_cli_warn (cli, "%s", pb_profile_get_error (pb_session_get_profile (session))->message);

  if (server != NULL && !pb_server_get_running (server))
    pb_cli_warn (cli, _("%s; links and ports are not listed"), pb_server_get_status (server));

  if (!cli->json && g_list_model_get_n_items (G_LIST_MODEL (all)) == 0)
    g_print ("%s\n", _("Nothing to list."));
  else
    pb_cli_print_items (cli, G_LIST_MODEL (all));

  pb_cli_done (cli);
}

static int
list_run (PbCli  *cli,
          int     argc,
          char  **argv)
{
  ListWhat what = LIST_ALL;
  int status;

  if (!pb_cli_parse (cli, &pb_cli_command_list, NULL, &argc, &argv, &status))
    return status;

  if (argc > 2)
    return pb_cli_usage_error (cli, &pb_cli_command_list, _("Too many arguments"));

  if (argc == 2)
    {
      if (g_str_equal (argv[1], "links"))
        what = LIST_LINKS;
      else if (g_str_equal (argv[1], "ports"))
        what = LIST_PORTS;
      else if (g_str_equal (argv[1], "drives"))
        what = LIST_DRIVES;
      else if (!g_str_equal (argv[1], "all"))
        {
          g_autofree char *message = g_strdup_printf (_("Unknown list “%s”: use links, ports, drives or all"), argv[1]);
          return pb_cli_usage_error (cli, &pb_cli_command_list, message);
        }
    }

  /* Only what is listed is loaded: listing drives needs no NetworkManager. */
  pb_cli_load (cli,
               ((what & LIST_LINKS) ? PB_SESSION_LINKS : 0) |
               ((what & LIST_PORTS) ? PB_SESSION_PORTS : 0) |
               ((what & LIST_DRIVES) ? PB_SESSION_DRIVES : 0),
               list_loaded, GUINT_TO_POINTER (what));

  return -1;
}

const PbCliCommand pb_cli_command_list = {
  .name = "list",
  .parameters = "[links|ports|drives|all]",
  .summary = N_("List links, ports and network drives"),
  .uses_nm = TRUE,
  .run = list_run,
};
