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

/* One server of the list: its own session, loaded beside the others'. */
typedef struct _List List;

typedef struct {
  List      *list;
  char      *name;      /* "local" or the host: the `server` key */
  PbSession *session;
  GError    *error;     /* why it could not be loaded at all */
} ListServer;

struct _List {
  PbCli     *cli;
  ListWhat   what;
  GPtrArray *servers;   /* of ListServer, in the order given */
  guint      pending;
};

static void
list_server_free (ListServer *server)
{
  g_free (server->name);
  g_clear_object (&server->session);
  g_clear_error (&server->error);
  g_free (server);
}

static void
list_free (List *list)
{
  g_ptr_array_unref (list->servers);
  g_free (list);
}

/* With --json, the failed server's name rides in the error object, so that
 * a script asking several servers knows which one did not answer. */
static void
fail_server (PbCli      *cli,
             ListServer *server)
{
  g_autoptr(JsonNode) node = pb_cli_error_to_json (server->error);
  JsonObject *error = json_object_get_object_member (json_node_get_object (node), "error");

  json_object_set_string_member (error, "server", server->name);
  pb_cli_fail_json (cli, server->error, node);
}

static void
list_print (List *list)
{
  PbCli *cli = list->cli;
  ListWhat what = list->what;
  g_autoptr(GListStore) all = g_list_store_new (PB_TYPE_CONNECTION);
  g_autoptr(GPtrArray) graphs = g_ptr_array_new ();
  PbSession *with_drives = NULL;
  int exit_status = 0;

  for (guint i = 0; i < list->servers->len; i++)
    {
      ListServer *server = g_ptr_array_index (list->servers, i);
      PbServer *nm;

      /* Its rows are missing; the others' are still listed (P4). */
      if (server->error != NULL)
        {
          fail_server (cli, server);
          if (exit_status == 0)
            exit_status = cli->exit_status;
          continue;
        }

      g_ptr_array_add (graphs, pb_session_get_graph (server->session));
      if ((what & LIST_LINKS) && pb_session_get_links (server->session) != NULL)
        append_all (all, G_LIST_MODEL (pb_session_get_links (server->session)));
      if ((what & LIST_PORTS) && pb_session_get_ports (server->session) != NULL)
        append_all (all, G_LIST_MODEL (pb_session_get_ports (server->session)));
      if (pb_session_get_drives (server->session) != NULL ||
          pb_session_get_profile (server->session) != NULL)
        with_drives = server->session;

      nm = pb_session_get_server (server->session);
      if (nm != NULL && !pb_server_get_running (nm))
        pb_cli_warn (cli, _("%s; links and ports are not listed"), pb_server_get_status (nm));
    }

  /* Drives are this computer's: listed once, after every server's links
   * and ports. */
  if (with_drives != NULL)
    {
      PbDriveSource *drives = pb_session_get_drives (with_drives);
      PbProfile *profile = pb_session_get_profile (with_drives);

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
      if (profile != NULL && pb_profile_get_error (profile) != NULL)
        pb_cli_warn (cli, "%s", pb_profile_get_error (profile)->message);
    }

  /* When no server answered there is nothing to print: the errors said why. */
  if (graphs->len > 0 || list->servers->len == 0)
    {
      if (!cli->json && g_list_model_get_n_items (G_LIST_MODEL (all)) == 0)
        g_print ("%s\n", _("Nothing to list."));
      else
        pb_cli_print_items (cli, G_LIST_MODEL (all), graphs);
    }

  cli->exit_status = exit_status;
  list_free (list);
  pb_cli_done (cli);
}

static void
list_server_done (List *list)
{
  g_assert (list->pending > 0);
  if (--list->pending == 0)
    list_print (list);
}

static void
graph_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ListServer *server = user_data;

  pb_graph_wait_finish (PB_GRAPH (object), result, NULL);
  list_server_done (server->list);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ListServer *server = user_data;

  /* A remote server that does not answer (P4). */
  if (!pb_session_load_finish (PB_SESSION (object), result, &server->error))
    {
      list_server_done (server->list);
      return;
    }

  /* The via and carries keys need the edges current: the drives' server
   * names may still be resolving. */
  pb_graph_wait_async (pb_session_get_graph (server->session), NULL, graph_ready_cb, server);
}

/* Every server gets its own session, and all of them load at once on the
 * main loop: a slow server makes the list as slow as itself, not slower
 * than the others by its whole time. */
static int
list_start (PbCli    *cli,
            ListWhat  what)
{
  /* Each server once, in the order given; no --server means this computer. */
  static const char * const here[] = { "local", NULL };
  g_auto(GStrv) names = pb_server_dup_hosts (cli->servers != NULL && cli->servers[0] != NULL
                                             ? (const char * const *)cli->servers : here);
  List *list = g_new0 (List, 1);
  PbSessionParts nm_parts = ((what & LIST_LINKS) ? PB_SESSION_LINKS : 0) |
                            ((what & LIST_PORTS) ? PB_SESSION_PORTS : 0);
  gboolean several = g_strv_length (names) > 1;
  gboolean local_asked = FALSE;

  list->cli = cli;
  list->what = what;
  list->servers = g_ptr_array_new_with_free_func ((GDestroyNotify)list_server_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];
      gboolean local = g_str_equal (name, "local");
      PbSessionParts parts = nm_parts;
      ListServer *server;

      /* Only what is listed is loaded: listing drives needs no
       * NetworkManager. With one server, its list has this computer's
       * drives, as it always had; with several, only this computer's own
       * entry has them, so that they are listed once. */
      if ((what & LIST_DRIVES) && (!several || local))
        parts |= PB_SESSION_DRIVES;
      local_asked |= local;
      if (parts == 0)
        continue;

      server = g_new0 (ListServer, 1);
      server->list = list;
      server->name = g_strdup (name);
      server->session = pb_cli_new_session (cli, local ? NULL : name, parts);
      g_ptr_array_add (list->servers, server);
    }

  if (what == LIST_DRIVES && several && !local_asked)
    pb_cli_warn (cli, "%s", _("Drives are this computer’s: add --server local to list them with other servers"));

  if (list->servers->len == 0)
    {
      list_print (list);
      return cli->exit_status;
    }

  /* Counted in full before the first load starts: none may end the list
   * while the others are still to start. */
  list->pending = list->servers->len;
  for (guint i = 0; i < list->servers->len; i++)
    {
      ListServer *server = g_ptr_array_index (list->servers, i);

      pb_session_load_async (server->session, NULL, load_cb, server);
    }

  return -1;
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

  return list_start (cli, what);
}

const PbCliCommand pb_cli_command_list = {
  .name = "list",
  .parameters = "[links|ports|drives|all]",
  .summary = N_("List links, ports and network drives"),
  .description = N_("With --server given more than once, every server is asked at the same time and their rows "
                    "are listed together. Drives are this computer’s: with several servers they are listed only "
                    "when local is one of them. A server that cannot be reached is named on standard error, the "
                    "others are still listed, and the exit status is 20."),
  .uses_nm = TRUE,
  .many_servers = TRUE,
  .run = list_run,
};
