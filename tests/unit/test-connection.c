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

static void
test_server_normalize_host (void)
{
  g_autofree char *a = pb_server_normalize_host ("\\\\gateway");
  g_autofree char *b = pb_server_normalize_host ("gateway");
  g_autofree char *c = pb_server_normalize_host ("local");
  g_autofree char *d = pb_server_normalize_host ("");

  g_assert_cmpstr (a, ==, "gateway");
  g_assert_cmpstr (b, ==, "gateway");
  g_assert_null (c);
  g_assert_null (d);
  g_assert_null (pb_server_normalize_host (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection/notify-only-on-change", test_connection_notify_only_on_change);
  g_test_add_func ("/connection/kinds", test_connection_kinds);
  g_test_add_func ("/server/normalize-host", test_server_normalize_host);

  return g_test_run ();
}
