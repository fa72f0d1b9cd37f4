/* test-connection.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plugboard.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Views bind to these properties: a value set again must not notify, or every
 * repeated NetworkManager signal would redraw every row. */
static void
test_connection_notify_only_on_change (void)
{
  g_autoptr(PbConnection) item = pb_connection_new (PB_CONNECTION_KIND_LINK, NULL);
  const char *devices[] = { "ttyUSB0", "cdc-wdm0", NULL };
  const char *same_devices[] = { "ttyUSB0", "cdc-wdm0", NULL };
  guint state = 0, devs = 0, busy = 0;

  g_signal_connect (item, "notify::state", G_CALLBACK (count_notify), &state);
  g_signal_connect (item, "notify::devices", G_CALLBACK (count_notify), &devs);
  g_signal_connect (item, "notify::busy", G_CALLBACK (count_notify), &busy);

  pb_connection_set_state (item, "activating");
  pb_connection_set_state (item, "activating");
  pb_connection_set_state (item, "activated");
  g_assert_cmpuint (state, ==, 2);
  g_assert_cmpstr (pb_connection_get_state (item), ==, "activated");

  pb_connection_set_devices (item, devices);
  pb_connection_set_devices (item, same_devices);
  g_assert_cmpuint (devs, ==, 1);
  pb_connection_set_devices (item, NULL);
  pb_connection_set_devices (item, NULL);
  g_assert_cmpuint (devs, ==, 2);
  g_assert_null (pb_connection_get_devices (item));

  pb_connection_set_busy (item, TRUE);
  pb_connection_set_busy (item, 42);
  g_assert_cmpuint (busy, ==, 1);
  g_assert_true (pb_connection_get_busy (item));
}

static void
test_connection_kinds (void)
{
  g_autoptr(PbConnection) link = pb_connection_new (PB_CONNECTION_KIND_LINK, NULL);
  g_autoptr(PbConnection) port = pb_connection_new (PB_CONNECTION_KIND_PORT, "gateway");
  g_autoptr(PbConnection) drive = pb_connection_new (PB_CONNECTION_KIND_DRIVE, NULL);

  g_assert_cmpstr (pb_connection_get_kind_name (link), ==, "link");
  g_assert_cmpstr (pb_connection_get_kind_name (port), ==, "port");
  g_assert_cmpstr (pb_connection_get_kind_name (drive), ==, "drive");
  g_assert_cmpstr (pb_connection_get_server (link), ==, "local");
  g_assert_cmpstr (pb_connection_get_server (port), ==, "gateway");
  g_assert_cmpint (pb_connection_get_kind (drive), ==, PB_CONNECTION_KIND_DRIVE);
}

/* The rule the tray, the window and the CLI share: a port is in use from
 * preparing to activated, nothing else (P2). */
static void
test_connection_port_in_use (void)
{
  g_autoptr(PbConnection) port = pb_connection_new (PB_CONNECTION_KIND_PORT, NULL);
  g_autoptr(PbConnection) link = pb_connection_new (PB_CONNECTION_KIND_LINK, NULL);
  const char *busy[] = { "prepare", "config", "need-auth", "ip-config", "ip-check", "secondaries", "activated" };
  const char *idle[] = { "unknown", "unmanaged", "unavailable", "disconnected", "deactivating", "failed" };

  g_assert_false (pb_connection_is_port_in_use (port));
  for (guint i = 0; i < G_N_ELEMENTS (busy); i++)
    {
      pb_connection_set_state (port, busy[i]);
      g_assert_true (pb_connection_is_port_in_use (port));
      g_assert_true (pb_connection_is_connected (port));
    }
  for (guint i = 0; i < G_N_ELEMENTS (idle); i++)
    {
      pb_connection_set_state (port, idle[i]);
      g_assert_false (pb_connection_is_port_in_use (port));
      g_assert_false (pb_connection_is_connected (port));
    }

  /* Only a port is "in use". */
  pb_connection_set_state (link, "activated");
  g_assert_false (pb_connection_is_port_in_use (link));
}

static void
test_connection_is_connected (void)
{
  g_autoptr(PbConnection) link = pb_connection_new (PB_CONNECTION_KIND_LINK, NULL);
  g_autoptr(PbConnection) drive = pb_connection_new (PB_CONNECTION_KIND_DRIVE, NULL);

  for (guint i = 0; i < 3; i++)
    {
      const char *states[] = { "activating", "activated", "deactivating" };

      pb_connection_set_state (link, states[i]);
      g_assert_true (pb_connection_is_connected (link));
    }
  pb_connection_set_state (link, "deactivated");
  g_assert_false (pb_connection_is_connected (link));

  /* D7: remembered but not mounted has nothing to disconnect. */
  pb_connection_set_remembered (drive, TRUE);
  pb_connection_set_state (drive, "remembered");
  g_assert_false (pb_connection_is_connected (drive));
  pb_connection_set_state (drive, "connected");
  g_assert_true (pb_connection_is_connected (drive));
}

/* The handle a list prints is the name its command takes: a link's own, a
 * port's interface, a drive's local name. */
static void
test_connection_handle_is_what_commands_take (void)
{
  g_autoptr(PbConnection) link = pb_connection_new (PB_CONNECTION_KIND_LINK, NULL);
  g_autoptr(PbConnection) port = pb_connection_new (PB_CONNECTION_KIND_PORT, NULL);
  g_autoptr(PbConnection) drive = pb_connection_new (PB_CONNECTION_KIND_DRIVE, NULL);
  g_autofree char *property = NULL;

  pb_connection_set_name (link, "Mobile Broadband");
  g_assert_null (pb_connection_get_handle (link));
  pb_connection_set_handle (link, "12");
  g_assert_cmpstr (pb_connection_get_handle (link), ==, "12");

  pb_connection_set_name (port, "ttyUSB0");
  g_assert_cmpstr (pb_connection_get_handle (port), ==, "ttyUSB0");
  g_object_get (port, "handle", &property, NULL);
  g_assert_cmpstr (property, ==, "ttyUSB0");

  pb_connection_set_local_name (drive, "Projects");
  pb_connection_set_remote_name (drive, "smb://server/projects");
  g_assert_cmpstr (pb_connection_get_handle (drive), ==, "Projects");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection/notify-only-on-change", test_connection_notify_only_on_change);
  g_test_add_func ("/connection/kinds", test_connection_kinds);
  g_test_add_func ("/connection/port-in-use", test_connection_port_in_use);
  g_test_add_func ("/connection/is-connected", test_connection_is_connected);
  g_test_add_func ("/connection/handle-is-what-commands-take", test_connection_handle_is_what_commands_take);

  return g_test_run ();
}
