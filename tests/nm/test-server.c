/* test-server.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "plugboard.h"

/* PbServer's appear/vanish cycle (issue #2): with a client running, the test
 * NetworkManager is stopped by PID and started again; the link and port
 * models must empty when it goes and refill when it comes back, driven only
 * by NetworkManager's own signals. */

#define NM_BUS_NAME "org.freedesktop.NetworkManager"
#define NM_PATH     "/org/freedesktop/NetworkManager"
#define MOCK_IFACE  "org.freedesktop.DBus.Mock"

typedef struct {
  GTestDBus       *bus;
  GDBusConnection *connection;
  GSubprocess     *service;
  PbServer        *server;
  PbLinkSource    *links;
  PbPortSource    *ports;
} Fixture;

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("timed out waiting for: %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done is true. The loop is woken by the signals
 * the condition depends on; the timeout only turns a hang into a failure. */
#define ITERATE_UNTIL(cond)                                                       \
  G_STMT_START {                                                                  \
    guint timeout_id_ = g_timeout_add_seconds (20, on_timeout, (gpointer)#cond);  \
    while (!(cond))                                                               \
      g_main_context_iteration (NULL, TRUE);                                      \
    g_source_remove (timeout_id_);                                                \
  } G_STMT_END

static void
name_appeared (GDBusConnection *connection,
               const char      *name,
               const char      *owner,
               gpointer         user_data)
{
  *(gboolean *)user_data = TRUE;
}

static void
start_service (Fixture *f)
{
  g_autofree char *template = g_build_filename (g_getenv ("PB_SOURCE_ROOT"), "tests", "nm",
                                                "pbnm_template.py", NULL);
  g_autoptr(GError) error = NULL;
  gboolean appeared = FALSE;
  guint watch;

  f->service = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                 "/usr/bin/python3", "-m", "dbusmock", "--system",
                                 "-t", template, "-p", "{\"Version\": \"1.42.4\"}",
                                 NULL);
  g_assert_no_error (error);

  watch = g_bus_watch_name_on_connection (f->connection, NM_BUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          name_appeared, NULL, &appeared, NULL);
  ITERATE_UNTIL (appeared);
  g_bus_unwatch_name (watch);
}

/* Stores an async result for the ITERATE_UNTIL that waits for it. */
static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
stop_service (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  g_subprocess_send_signal (f->service, SIGTERM);
  g_subprocess_wait_async (f->service, NULL, store_result, &result);
  ITERATE_UNTIL (result != NULL);
  g_subprocess_wait_finish (f->service, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_clear_object (&f->service);
}

static char *
mock_call (Fixture    *f,
           const char *method,
           GVariant   *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *path = NULL;
  GAsyncResult *result = NULL;

  /* Asynchronous even in the test: nothing in Plugboard's process may block
   * the loop, and libnm in this same process must keep receiving signals. */
  g_dbus_connection_call (f->connection, NM_BUS_NAME, NM_PATH, MOCK_IFACE, method, args,
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          store_result, &result);
  ITERATE_UNTIL (result != NULL);
  reply = g_dbus_connection_call_finish (f->connection, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_variant_get (reply, "(&o)", &path);

  return g_strdup (path);
}

static void
add_modem_link (Fixture    *f,
                const char *iface,
                const char *id)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *device = mock_call (f, "AddPort", g_variant_new ("(suu)", iface, 8 /* MODEM */, 100));
  g_autofree char *saved = mock_call (f, "AddSavedConnection", g_variant_new ("(sss)", id, uuid, "gsm"));
  const char *devices[] = { device, NULL };
  g_autofree char *active = mock_call (f, "AddLink", g_variant_new ("(o^aou)", saved, devices, 2));
}

static void
server_new_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->server = pb_server_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  f->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (f->bus);
  /* libnm talks to the system bus: make our private bus that bus. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (f->bus), TRUE);

  g_dbus_connection_new_for_address (g_test_dbus_get_bus_address (f->bus),
                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                     NULL, NULL, store_result, &result);
  ITERATE_UNTIL (result != NULL);
  f->connection = g_dbus_connection_new_for_address_finish (result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->ports);
  g_clear_object (&f->links);
  g_clear_object (&f->server);
  if (f->service != NULL)
    stop_service (f);
  g_clear_object (&f->connection);
  g_test_dbus_down (f->bus);
  g_clear_object (&f->bus);
}

static void
load_server (Fixture *f)
{
  pb_server_new_async (NULL, NULL, server_new_cb, f);
  ITERATE_UNTIL (f->server != NULL);
  f->links = pb_link_source_new (f->server);
  f->ports = pb_port_source_new (f->links);
}

static guint
n_items (gpointer model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static void
test_server_vanish_and_appear (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(PbConnection) link = NULL;

  start_service (f);
  add_modem_link (f, "ttyUSB0", "Mobile 1");
  load_server (f);

  g_assert_true (pb_server_get_running (f->server));
  g_assert_true (pb_source_get_available (PB_SOURCE (f->links)));
  ITERATE_UNTIL (n_items (f->links) == 1 && n_items (f->ports) == 1);
  link = g_list_model_get_item (G_LIST_MODEL (f->links), 0);
  g_assert_cmpstr (pb_connection_get_name (link), ==, "Mobile 1");
  g_assert_cmpstr (pb_connection_get_type_name (link), ==, "gsm");

  stop_service (f);
  ITERATE_UNTIL (!pb_server_get_running (f->server));
  ITERATE_UNTIL (n_items (f->links) == 0 && n_items (f->ports) == 0);
  g_assert_false (pb_source_get_available (PB_SOURCE (f->ports)));
  g_assert_nonnull (pb_server_get_status (f->server));

  start_service (f);
  add_modem_link (f, "ttyUSB1", "Mobile 2");
  ITERATE_UNTIL (pb_server_get_running (f->server));
  ITERATE_UNTIL (n_items (f->links) == 1 && n_items (f->ports) == 1);
  g_clear_object (&link);
  link = g_list_model_get_item (G_LIST_MODEL (f->links), 0);
  g_assert_cmpstr (pb_connection_get_name (link), ==, "Mobile 2");
  g_assert_null (pb_server_get_status (f->server));
}

static void
test_server_starts_without_nm (Fixture       *f,
                               gconstpointer  data)
{
  /* A bus with no NetworkManager: the server is made, empty, and says why;
   * when NetworkManager then appears, the lists fill in. */
  load_server (f);
  g_assert_false (pb_server_get_running (f->server));
  g_assert_cmpuint (n_items (f->links), ==, 0);
  g_assert_nonnull (pb_server_get_status (f->server));

  start_service (f);
  add_modem_link (f, "ttyUSB0", "Late modem");
  ITERATE_UNTIL (n_items (f->links) == 1);
  g_assert_true (pb_server_get_running (f->server));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/vanish-and-appear", Fixture, NULL,
              fixture_setup, test_server_vanish_and_appear, fixture_teardown);
  g_test_add ("/server/starts-without-nm", Fixture, NULL,
              fixture_setup, test_server_starts_without_nm, fixture_teardown);

  return g_test_run ();
}
