/* test-handle.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plugboard.h"
#include "pb-nm-private.h"

/* A handle is the path's number, a dot and the tag of the daemon's run. */
static void
test_handle_for_path (void)
{
  g_autofree char *handle = pb_nm_handle_for_path ("k7q2a", "/org/freedesktop/NetworkManager/ActiveConnection/12");

  g_assert_cmpstr (handle, ==, "12.k7q2a");
  g_assert_null (pb_nm_handle_for_path ("k7q2a", NULL));
}

/* The tag changes with the daemon's unique name and with the bus's id:
 * a restarted NetworkManager, or a restarted bus, tags its handles anew. */
static void
test_tag (void)
{
  g_autofree char *tag = pb_nm_handle_tag ("0123456789abcdef0123456789abcdef", ":1.5");
  g_autofree char *same = pb_nm_handle_tag ("0123456789abcdef0123456789abcdef", ":1.5");
  g_autofree char *new_daemon = pb_nm_handle_tag ("0123456789abcdef0123456789abcdef", ":1.9");
  g_autofree char *new_bus = pb_nm_handle_tag ("fedcba9876543210fedcba9876543210", ":1.5");
  g_autofree char *handle = NULL;
  const char *parsed = NULL;

  g_assert_cmpuint (strlen (tag), ==, 5);
  g_assert_cmpstr (tag, ==, same);
  g_assert_cmpstr (tag, !=, new_daemon);
  g_assert_cmpstr (tag, !=, new_bus);
  g_assert_null (pb_nm_handle_tag ("0123456789abcdef0123456789abcdef", NULL));

  handle = pb_nm_handle_for_path (tag, "/org/freedesktop/NetworkManager/ActiveConnection/3");
  g_assert_cmpint (pb_nm_handle_parse (handle, &parsed), ==, PB_NM_HANDLE_TAGGED);
  g_assert_cmpstr (parsed, ==, tag);
  g_assert_true (pb_nm_handle_is_valid (handle));
}

/* A bare number, the handle as it was before the tag, is told apart
 * from anything else that is no handle: neither is valid. */
static void
test_parse (void)
{
  const char *malformed[] = { "", ".", "3.", ".k7q2a", "3.k7q2", "3.k7q2ab", "3.K7Q2A", "3.k7q2i", "3.k7q2l",
                              "3.k7q2o", "3.k7q2u", "x.k7q2a", "3.4.k7q2a", "12345678901.k7q2a", "3 ", "-3",
                              "12345678901" };
  const char *parsed = "unset";

  g_assert_cmpint (pb_nm_handle_parse ("3", &parsed), ==, PB_NM_HANDLE_UNTAGGED);
  g_assert_null (parsed);
  g_assert_false (pb_nm_handle_is_valid ("3"));
  g_assert_cmpint (pb_nm_handle_parse (NULL, NULL), ==, PB_NM_HANDLE_MALFORMED);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_test_message ("%s", malformed[i]);
      g_assert_cmpint (pb_nm_handle_parse (malformed[i], NULL), ==, PB_NM_HANDLE_MALFORMED);
      g_assert_false (pb_nm_handle_is_valid (malformed[i]));
    }
  g_assert_cmpint (pb_nm_handle_parse ("1234567890.0z9a5", NULL), ==, PB_NM_HANDLE_TAGGED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handle/for-path", test_handle_for_path);
  g_test_add_func ("/handle/tag", test_tag);
  g_test_add_func ("/handle/parse", test_parse);

  return g_test_run ();
}
