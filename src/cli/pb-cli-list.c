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

typedef struct {
  PbCli    *cli;
  ListWhat  what;
} ListRun;

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

static void
list_run_free (ListRun *run)
{
  pb_cli_release (run->cli);
  g_free (run);
}

static void
finish_list (PbCli    *cli,
             gpointer  user_data)
{
  ListRun *run = user_data;
  g_autoptr(GListStore) all = g_list_store_new (PB_TYPE_CONNECTION);

  if (cli->links != NULL && (run->what & LIST_LINKS))
    append_all (all, G_LIST_MODEL (cli->links));
  if (cli->ports != NULL && (run->what & LIST_PORTS))
    append_all (all, G_LIST_MODEL (cli->ports));
  if (cli->drives != NULL && (run->what & LIST_DRIVES))
    {
      g_autofree char *status = pb_source_dup_status (PB_SOURCE (cli->drives));

      append_all (all, G_LIST_MODEL (cli->drives));
      if (status != NULL)
        pb_cli_warn (cli, "%s", status);
    }

  if (cli->server != NULL && !pb_server_get_running (cli->server) &&
      (run->what & (LIST_LINKS | LIST_PORTS)))
    pb_cli_warn (cli, _("%s; links and ports are not listed"), pb_server_get_status (cli->server));

  if (!cli->json && g_list_model_get_n_items (G_LIST_MODEL (all)) == 0)
    g_print ("%s\n", _("Nothing to list."));
  else
    pb_cli_print_items (cli, G_LIST_MODEL (all));

  list_run_free (run);
}

static void
drives_loaded (PbCli    *cli,
               gpointer  user_data)
{
  ListRun *run = user_data;

  if (run->what & (LIST_LINKS | LIST_PORTS))
    pb_cli_load_nm (cli, finish_list, run, (GDestroyNotify)list_run_free);
  else
    finish_list (cli, run);
}

static int
list_run (PbCli  *cli,
          int     argc,
          char  **argv)
{
  ListRun *run;
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

  run = g_new0 (ListRun, 1);
  run->cli = cli;
  run->what = what;
  cli->needs_ports = (what & LIST_PORTS) != 0;
  pb_cli_hold (cli);
  /* Drives first: they are local, and listing only them needs no NetworkManager. */
  if (what & LIST_DRIVES)
    pb_cli_load_drives (cli, drives_loaded, run, (GDestroyNotify)list_run_free);
  else
    pb_cli_load_nm (cli, finish_list, run, (GDestroyNotify)list_run_free);

  return -1;
}

const PbCliCommand pb_cli_command_list = {
  .name = "list",
  .parameters = "[links|ports|drives|all]",
  .summary = N_("List links, ports and network drives"),
  .uses_nm = TRUE,
  .run = list_run,
};
