/* test-server-name.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plugboard.h"

static void
assert_local (const char *name)
{
  g_autofree char *host = pb_server_normalize_host (name);

  g_assert_null (host);
}

static void
assert_remote (const char *name,
               const char *expected)
{
  g_autofree char *host = pb_server_normalize_host (name);

  g_assert_cmpstr (host, ==, expected);
}

/* Every way a person names this computer means this computer, whose
 * NetworkManager is on the system bus: never an ssh to ourselves. */
static void
test_server_name_this_computer (void)
{
  g_autofree char *upper = g_ascii_strup (g_get_host_name (), -1);
  g_autofree char *unc = g_strconcat ("\\\\", g_get_host_name (), NULL);

  assert_local (NULL);
  assert_local ("");
  assert_local ("local");
  assert_local ("localhost");
  assert_local ("LocalHost");
  assert_local (".");
  assert_local ("\\\\localhost");
  assert_local ("\\\\.");
  assert_local ("\\\\");
  assert_local (g_get_host_name ());
  assert_local (upper);
  assert_local (unc);
}

/* P4: anything else is a remote host, reached over ssh as given. */
static void
test_server_name_remote (void)
{
  assert_remote ("\\\\gateway", "gateway");
  assert_remote ("gateway", "gateway");
  assert_remote ("//gateway", "gateway");
  assert_remote ("alice@gateway", "alice@gateway");
  assert_remote ("127.0.0.1:2222", "127.0.0.1:2222");
  /* A port or a user makes it an ssh target, even on this machine. */
  assert_remote ("localhost:2222", "localhost:2222");
  assert_remote ("alice@localhost", "alice@localhost");
  assert_remote ("localhost.example", "localhost.example");
}

/* Each server once, in the order given, this computer as "local". */
static void
test_server_name_hosts (void)
{
  const char *names[] = { "\\\\gw", "localhost", "root@b:2222", "gw", "local", NULL };
  const char *expected[] = { "gw", "local", "root@b:2222", NULL };
  g_auto(GStrv) hosts = pb_server_dup_hosts (names);
  g_auto(GStrv) none = pb_server_dup_hosts (NULL);

  g_assert_cmpstrv (hosts, expected);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-name/this-computer", test_server_name_this_computer);
  g_test_add_func ("/server-name/remote", test_server_name_remote);
  g_test_add_func ("/server-name/hosts", test_server_name_hosts);

  return g_test_run ();
}
