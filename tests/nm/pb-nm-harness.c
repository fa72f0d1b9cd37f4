/* pb-nm-harness.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Drives libplugboard in-process against the test NetworkManager, for what
 * the CLI cannot show: the exact items-changed and notify emissions of the
 * models, and what a PbTeardown leaves behind (L6). Prints JSON lines.
 *
 *   pb-nm-harness watch                  events until stdin closes (items-changed
 *                                        names the rows it adds: handle, name)
 *   pb-nm-harness teardown HANDLE [IFACE] [TIMEOUT]
 *   pb-nm-harness session HANDLE         a hang-up through PbSession's registry
 *   pb-nm-harness restore-with-link      drives back with their link until stdin
 *                                        closes ("stop" on stdin stops restoring)
 *   pb-nm-harness statistics TYPES       links of TYPES (comma-separated) with their
 *                                        traffic held until stdin closes, then let go
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <stdio.h>

#include "plugboard.h"

static GMainLoop *loop;
static gboolean   failed;

static void print_line (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
print_line (const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  printf ("\n");
  fflush (stdout);
}

/* ---------------------------------------------------------------- watch */

static void
on_item_notify (PbConnection *item,
                GParamSpec   *pspec,
                const char   *model)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *text = NULL;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (G_OBJECT (item), pspec->name, &value);
  if (G_VALUE_HOLDS_STRING (&value))
    text = g_strdup (g_value_get_string (&value));
  else if (G_VALUE_HOLDS (&value, G_TYPE_STRV))
    text = g_value_get_boxed (&value) ? g_strjoinv (",", g_value_get_boxed (&value)) : NULL;
  else if (G_VALUE_HOLDS_BOOLEAN (&value))
    text = g_strdup (g_value_get_boolean (&value) ? "true" : "false");
  else if (G_VALUE_HOLDS_INT64 (&value))
    text = g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (&value));

  print_line ("{\"model\": \"%s\", \"event\": \"notify\", \"name\": \"%s\", \"property\": \"%s\", \"value\": \"%s\"}",
              model, pb_connection_get_name (item), pspec->name, text ? text : "");
}

/* @text as a JSON string, quotes included. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar)*p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar)*p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  const char *name)
{
  /* Which rows came: a restarted NetworkManager refills the models with
   * rows whose handles are new (or old numbers on new activations). */
  g_autoptr(GString) rows = g_string_new (NULL);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (model, i);

      g_signal_connect (item, "notify", G_CALLBACK (on_item_notify), (gpointer)name);
      g_string_append (rows, i > position ? ", {\"handle\": " : "{\"handle\": ");
      append_json_string (rows, pb_connection_get_handle (item));
      g_string_append (rows, ", \"name\": ");
      append_json_string (rows, pb_connection_get_name (item));
      g_string_append_c (rows, '}');
    }

  print_line ("{\"model\": \"%s\", \"event\": \"items-changed\", \"position\": %u, \"removed\": %u, "
              "\"added\": %u, \"n_items\": %u, \"added_rows\": [%s]}",
              name, position, removed, added, g_list_model_get_n_items (model), rows->str);
}

static void
watch_model (GListModel *model,
             const char *name)
{
  on_items_changed (model, 0, 0, g_list_model_get_n_items (model), name);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), (gpointer)name);
}

static void
stdin_closed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    g_input_stream_read_bytes_async (G_INPUT_STREAM (object), 4096, G_PRIORITY_DEFAULT, NULL,
                                     stdin_closed_cb, NULL);
  else
    g_main_loop_quit (loop);
}

static void
watch (PbServer *server)
{
  g_autoptr(PbLinkSource) links = pb_link_source_new (server);
  g_autoptr(PbPortSource) ports = pb_port_source_new (links);
  g_autoptr(GInputStream) input = g_unix_input_stream_new (0, FALSE);

  watch_model (G_LIST_MODEL (links), "links");
  watch_model (G_LIST_MODEL (ports), "ports");
  watch_model (pb_link_source_get_profiles (links), "profiles");
  print_line ("{\"event\": \"ready\"}");

  g_input_stream_read_bytes_async (input, 4096, G_PRIORITY_DEFAULT, NULL, stdin_closed_cb, NULL);
  g_main_loop_run (loop);
}

/* -------------------------------------------------------------- statistics */

static void
flushed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_dbus_connection_flush_finish (G_DBUS_CONNECTION (object), result, NULL);
  g_main_loop_quit (loop);
}

static void
release_activate (GApplication *application,
                  PbLinkSource *links)
{
  pb_link_source_release_statistics (links);
}

/* Holds the links' traffic while stdin is open (the notify lines carry
 * rx-bytes and tx-bytes), then lets it go as a front end does: inside a
 * GApplication, which each rate put back holds until NetworkManager has
 * answered its Set (a process gone before that answer would have its Set
 * refused by polkit, which checks the caller). Prints "released" then. */
static void
statistics (PbServer   *server,
            const char *types)
{
  g_autoptr(PbLinkSource) links = pb_link_source_new (server);
  g_autoptr(GInputStream) input = g_unix_input_stream_new (0, FALSE);
  g_auto(GStrv) link_types = g_strsplit (types, ",", -1);

  pb_link_source_set_link_types (links, (const char * const *)link_types);
  watch_model (G_LIST_MODEL (links), "links");
  pb_link_source_hold_statistics (links);
  print_line ("{\"event\": \"ready\"}");

  g_input_stream_read_bytes_async (input, 4096, G_PRIORITY_DEFAULT, NULL, stdin_closed_cb, NULL);
  g_main_loop_run (loop);

  {
    g_autoptr(GApplication) application = g_application_new (NULL, G_APPLICATION_NON_UNIQUE);

    g_application_set_default (application);
    g_signal_connect (application, "activate", G_CALLBACK (release_activate), links);
    g_application_run (application, 0, NULL);
    g_application_set_default (NULL);
  }
  g_dbus_connection_flush (nm_client_get_dbus_connection (pb_server_get_client (server)), NULL, flushed_cb, NULL);
  g_main_loop_run (loop);
  print_line ("{\"event\": \"released\"}");
}

/* ---------------------------------------------------------------- teardown */

typedef struct {
  PbTeardown *teardown;     /* weak */
  NMClient   *client;
  NMObject   *target;
  gpointer    signal_us;    /* when our own bus listener saw the final state (µs, atomic) */
  gboolean    done;
} Run;

/* Runs in GDBus's worker thread as the message comes off the socket: the
 * earliest moment this process can know of the signal. */
static GDBusMessage *
raw_filter (GDBusConnection *connection,
            GDBusMessage    *message,
            gboolean         incoming,
            gpointer         user_data)
{
  Run *run = user_data;
  const char *interface = g_dbus_message_get_interface (message);
  const char *member = g_dbus_message_get_member (message);
  GVariant *body = g_dbus_message_get_body (message);
  guint32 state = 0;

  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_SIGNAL ||
      g_strcmp0 (g_dbus_message_get_path (message), nm_object_get_path (run->target)) != 0 || body == NULL)
    return message;

  /* NetworkManager announces a state twice: PropertiesChanged, then
   * StateChanged. Whichever comes first is the signal. */
  if (g_strcmp0 (member, "PropertiesChanged") == 0 && g_variant_is_of_type (body, G_VARIANT_TYPE ("(sa{sv}as)")))
    {
      g_autoptr(GVariant) changed = g_variant_get_child_value (body, 1);

      g_variant_get_child (body, 0, "&s", &interface);
      if (!g_variant_lookup (changed, "State", "u", &state))
        return message;
    }
  else if (g_strcmp0 (member, "StateChanged") == 0 && g_variant_n_children (body) >= 1)
    g_variant_get_child (body, 0, "u", &state);
  else
    return message;
  if ((g_str_has_suffix (interface, "Connection.Active") && state == NM_ACTIVE_CONNECTION_STATE_DEACTIVATED) ||
      (g_str_has_suffix (interface, "Device") && state == NM_DEVICE_STATE_DISCONNECTED))
    {
      gint64 now = g_get_monotonic_time ();

      g_atomic_pointer_compare_and_exchange (&run->signal_us, NULL, GSIZE_TO_POINTER ((gsize)now));
    }

  return message;
}

static void
teardown_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  gint64 done_us = g_get_monotonic_time ();
  gboolean ok = pb_teardown_run_finish (PB_TEARDOWN (object), result, &error);
  guint handlers;
  gboolean source_left;

  /* Everything must be let go by the time the caller hears of it (L6). */
  handlers = g_signal_handlers_disconnect_matched (run->target, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, object)
           + g_signal_handlers_disconnect_matched (run->client, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, object);
  source_left = g_main_context_find_source_by_user_data (NULL, object) != NULL;

  print_line ("{\"event\": \"completed\", \"ok\": %s, \"error\": \"%s\", \"code\": %d, "
              "\"handlers_left\": %u, \"source_left\": %s, \"done_us\": %" G_GINT64_FORMAT "}",
              ok ? "true" : "false", error ? pb_error_get_name (error->code) : "",
              error ? error->code : 0, handlers, source_left ? "true" : "false", done_us);
  run->done = TRUE;
}

static gboolean
find_by_handle (NMClient            *client,
                const char          *handle,
                NMActiveConnection **active)
{
  const GPtrArray *actives = nm_client_get_active_connections (client);
  /* The teardown takes the client's objects: the handle's number names
   * one, and its tag (the daemon's run) is the link source's to check. */
  g_autofree char *number = g_strndup (handle, strcspn (handle, "."));

  for (guint i = 0; i < actives->len; i++)
    {
      const char *path = nm_object_get_path (g_ptr_array_index (actives, i));

      if (g_str_equal (strrchr (path, '/') + 1, number))
        {
          *active = g_ptr_array_index (actives, i);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static int
teardown (PbServer   *server,
          const char *handle,
          const char *iface,
          guint       timeout)
{
  NMClient *client = pb_server_get_client (server);
  g_autoptr(GDBusConnection) listener = NULL;
  g_autoptr(PbTeardown) teardown = NULL;
  NMActiveConnection *active = NULL;
  gboolean expired = FALSE;
  guint grace_id;
  Run run = { 0 };

  if (!find_by_handle (client, handle, &active))
    {
      print_line ("{\"event\": \"error\", \"message\": \"no link %s\"}", handle);
      return 1;
    }

  /* A plain GDBus listener on its own connection: the reference point for
   * how long PbTeardown takes from NetworkManager's signal to completion. */
  listener = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS"),
                                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                     NULL, NULL, NULL);
  /* The match rule is in place before the request goes out. */
  g_variant_unref (g_dbus_connection_call_sync (listener, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                "org.freedesktop.DBus", "AddMatch",
                                                g_variant_new ("(s)", "type='signal'"),
                                                NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL));

  if (iface != NULL)
    {
      const GPtrArray *devices = nm_active_connection_get_devices (active);
      NMDevice *device = NULL;

      for (guint i = 0; i < devices->len; i++)
        if (g_str_equal (nm_device_get_iface (g_ptr_array_index (devices, i)), iface))
          device = g_ptr_array_index (devices, i);
      g_assert (device != NULL);
      teardown = pb_teardown_new_for_device (client, device, NULL);
      run.target = NM_OBJECT (device);
    }
  else
    {
      teardown = pb_teardown_new_for_link (client, active, handle, NULL);
      run.target = NM_OBJECT (active);
    }

  run.client = client;
  g_object_ref (run.target);
  g_dbus_connection_add_filter (listener, raw_filter, &run, NULL);
  run.teardown = teardown;
  g_object_add_weak_pointer (G_OBJECT (teardown), (gpointer *)&run.teardown);
  pb_teardown_run_async (teardown, timeout, NULL, teardown_cb, &run);
  g_clear_object (&teardown);

  while (!run.done)
    g_main_context_iteration (NULL, TRUE);

  /* The request's reply (or its cancellation) is the last thing that may
   * hold the teardown; give the bus a moment to deliver it. */
  grace_id = g_timeout_add (2000, set_flag, &expired);
  while ((run.teardown != NULL || g_atomic_pointer_get (&run.signal_us) == NULL) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (grace_id);

  print_line ("{\"event\": \"released\", \"finalized\": %s, \"signal_us\": %" G_GINT64_FORMAT "}",
              run.teardown == NULL ? "true" : "false",
              (gint64)GPOINTER_TO_SIZE (g_atomic_pointer_get (&run.signal_us)));
  g_dbus_connection_close_sync (listener, NULL, NULL);
  g_object_unref (run.target);

  return 0;
}

/* ---------------------------------------------------------------- session */

static void
session_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  pb_session_load_finish (PB_SESSION (object), result, NULL);
  *(gboolean *)user_data = TRUE;
}

static void
session_finished_cb (PbOperation *op,
                     gpointer     user_data)
{
  PbSession *session = user_data;
  PbConnection *item = pb_operation_get_item (op);

  /* What a front end sees when ::finished arrives: the registry and the row
   * already say that nothing runs. */
  print_line ("{\"event\": \"finished\", \"state\": %d, \"busy\": %s, \"n_running\": %u, "
              "\"found\": %s, \"elapsed_ms\": %.1f}",
              pb_operation_get_state (op),
              item && pb_connection_get_busy (item) ? "true" : "false",
              pb_session_get_n_running (session),
              item && pb_session_find_operation (session, item) ? "true" : "false",
              pb_operation_get_elapsed_ms (op));
  g_main_loop_quit (loop);
}

/* The session marks the row busy while its operation runs, keeps the
 * operation in its registry, and lets both go when it finishes. */
static int
session (const char *handle)
{
  g_autoptr(PbSession) session = pb_session_new (NULL, PB_SESSION_LINKS);
  g_autoptr(PbOperation) op = NULL;
  PbConnection *item;
  gboolean loaded = FALSE;

  pb_session_load_async (session, NULL, session_loaded_cb, &loaded);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);

  item = pb_link_source_find_link (pb_session_get_links (session), handle);
  op = pb_session_start (session, PB_ACTION_HANG_UP, g_variant_new ("(ss)", handle, ""));
  print_line ("{\"event\": \"started\", \"id\": %u, \"target\": \"%s\", \"busy\": %s, \"n_running\": %u, "
              "\"found\": %s, \"same_item\": %s}",
              pb_operation_get_id (op), pb_operation_get_target (op),
              item && pb_connection_get_busy (item) ? "true" : "false",
              pb_session_get_n_running (session),
              item && pb_session_find_operation (session, item) == op ? "true" : "false",
              pb_operation_get_item (op) == item ? "true" : "false");
  g_signal_connect (op, "finished", G_CALLBACK (session_finished_cb), session);
  g_main_loop_run (loop);

  return 0;
}

/* ------------------------------------------------------ restore with link */

static void
on_link_state (PbConnection *link,
               GParamSpec   *pspec,
               gpointer      user_data)
{
  print_line ("{\"event\": \"link-state\", \"handle\": \"%s\", \"state\": \"%s\", \"t_us\": %" G_GINT64_FORMAT "}",
              pb_connection_get_handle (link), pb_connection_get_state (link), g_get_monotonic_time ());
}

static void
on_links_changed (GListModel *links,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(PbConnection) link = g_list_model_get_item (links, i);

      on_link_state (link, NULL, NULL);
      g_signal_connect (link, "notify::state", G_CALLBACK (on_link_state), NULL);
    }
}

static void
on_operation_started (PbSession   *session,
                      PbOperation *op,
                      gpointer     user_data)
{
  if (g_str_equal (pb_operation_get_action (op), PB_ACTION_RESTORE))
    print_line ("{\"event\": \"restore-started\", \"name\": \"%s\", \"t_us\": %" G_GINT64_FORMAT "}",
                pb_operation_get_target (op), g_get_monotonic_time ());
}

static void
on_link_drives_restored (PbSession  *session,
                         const char *link_name,
                         GPtrArray  *results,
                         gpointer    user_data)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      PbRestoreResult *result = g_ptr_array_index (results, i);

      g_string_append_printf (list, "%s{\"name\": \"%s\", \"ok\": %s}", i ? ", " : "", result->local_name,
                              result->error ? "false" : "true");
    }
  print_line ("{\"event\": \"restored\", \"link\": \"%s\", \"drives\": [%s], \"t_us\": %" G_GINT64_FORMAT "}",
              link_name, list->str, g_get_monotonic_time ());
}

/* "stop" on stdin stops restoring; end of stdin ends the harness. */
static void
restore_stdin_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PbSession *session = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      g_main_loop_quit (loop);
      return;
    }
  if (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "stop") != NULL)
    {
      pb_session_stop_restoring (session);
      print_line ("{\"event\": \"stopped\"}");
    }
  g_input_stream_read_bytes_async (G_INPUT_STREAM (object), 4096, G_PRIORITY_DEFAULT, NULL,
                                   restore_stdin_cb, session);
}

static void
graph_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  pb_graph_wait_finish (PB_GRAPH (object), result, NULL);
  *(gboolean *)user_data = TRUE;
}

/* A session that brings remembered drives back with their link, as the
 * tray does, printing what it does until stdin closes. */
static int
restore_with_link (void)
{
  g_autoptr(PbSession) session = pb_session_new (NULL, PB_SESSION_ALL);
  g_autoptr(GInputStream) input = g_unix_input_stream_new (0, FALSE);
  gboolean loaded = FALSE;
  GListModel *links;

  pb_session_load_async (session, NULL, session_loaded_cb, &loaded);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);

  links = G_LIST_MODEL (pb_session_get_links (session));
  g_signal_connect (links, "items-changed", G_CALLBACK (on_links_changed), NULL);
  on_links_changed (links, 0, 0, g_list_model_get_n_items (links), NULL);
  g_signal_connect (session, "operation-started", G_CALLBACK (on_operation_started), NULL);
  g_signal_connect (session, "link-drives-restored", G_CALLBACK (on_link_drives_restored), NULL);
  pb_session_set_restore_with_link (session, TRUE);
  /* Ready once the graph is current: the drives riding on links are
   * followed from then on. */
  loaded = FALSE;
  pb_graph_wait_async (pb_session_get_graph (session), NULL, graph_ready_cb, &loaded);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);
  print_line ("{\"event\": \"ready\"}");

  g_input_stream_read_bytes_async (input, 4096, G_PRIORITY_DEFAULT, NULL, restore_stdin_cb, session);
  g_main_loop_run (loop);

  return 0;
}

/* ---------------------------------------------------------------- main */

static void
server_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PbServer **server = user_data;
  g_autoptr(GError) error = NULL;

  *server = pb_server_new_finish (result, &error);
  if (*server == NULL)
    {
      print_line ("{\"event\": \"error\", \"message\": \"%s\"}", error->message);
      failed = TRUE;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PbServer) server = NULL;

  if (argc < 2)
    {
      fprintf (stderr, "usage: pb-nm-harness watch | teardown HANDLE [IFACE] [TIMEOUT] | session HANDLE | "
               "restore-with-link | statistics TYPES\n");
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  pb_server_new_async (NULL, NULL, server_cb, &server);
  while (server == NULL && !failed)
    g_main_context_iteration (NULL, TRUE);
  if (failed)
    return 1;

  if (g_str_equal (argv[1], "watch"))
    watch (server);
  else if (g_str_equal (argv[1], "session") && argc == 3)
    return session (argv[2]);
  else if (g_str_equal (argv[1], "restore-with-link"))
    return restore_with_link ();
  else if (g_str_equal (argv[1], "statistics") && argc == 3)
    statistics (server, argv[2]);
  else if (g_str_equal (argv[1], "teardown") && argc >= 3)
    return teardown (server, argv[2],
                     argc > 3 && *argv[3] ? argv[3] : NULL,
                     argc > 4 ? (guint)g_ascii_strtoull (argv[4], NULL, 10) : 30);
  else
    return 2;

  return 0;
}
