/* test-error.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plugboard.h"

/* SEMANTICS §4: every code, its Win32 name and number, and the CLI's exit
 * status, which the README documents and scripts rely on. */
static const struct {
  PbError     code;
  const char *name;
  const char *win32;
  int         number;
  int         exit_status;
} expected[] = {
  { PB_ERROR_INVALID_HANDLE,       "INVALID_HANDLE",       "ERROR_INVALID_HANDLE",       6,    10 },
  { PB_ERROR_INVALID_PORT,         "INVALID_PORT",         "ERROR_INVALID_PORT",         -1,   11 },
  { PB_ERROR_PORT_NOT_IN_USE,      "PORT_NOT_IN_USE",      "NERR_UserNotFound",          2221, 12 },
  { PB_ERROR_NOT_CONNECTED,        "NOT_CONNECTED",        "ERROR_NOT_CONNECTED",        2250, 13 },
  { PB_ERROR_OPEN_FILES,           "OPEN_FILES",           "ERROR_OPEN_FILES",           2401, 14 },
  { PB_ERROR_DEVICE_IN_USE,        "DEVICE_IN_USE",        "ERROR_DEVICE_IN_USE",        2404, 15 },
  { PB_ERROR_BAD_PROFILE,          "BAD_PROFILE",          "ERROR_BAD_PROFILE",          1206, 16 },
  { PB_ERROR_CANNOT_OPEN_PROFILE,  "CANNOT_OPEN_PROFILE",  "ERROR_CANNOT_OPEN_PROFILE",  1205, 17 },
  { PB_ERROR_EXTENDED,             "EXTENDED",             "ERROR_EXTENDED_ERROR",       1208, 18 },
  { PB_ERROR_ACCESS_DENIED,        "ACCESS_DENIED",        "ERROR_ACCESS_DENIED",        5,    19 },
  { PB_ERROR_SERVER_UNREACHABLE,   "SERVER_UNREACHABLE",   "RPC_S_SERVER_UNAVAILABLE",   1722, 20 },
  { PB_ERROR_TIMEOUT,              "TIMEOUT",              "WAIT_TIMEOUT",               258,  21 },
  { PB_ERROR_CALL_NOT_IMPLEMENTED, "CALL_NOT_IMPLEMENTED", "ERROR_CALL_NOT_IMPLEMENTED", 120,  22 },
};

static void
test_error_table_complete (void)
{
  /* A code added to the enum without a row here fails this test. */
  g_assert_cmpint (G_N_ELEMENTS (expected), ==, PB_ERROR_LAST - PB_ERROR_FIRST + 1);
}

static void
test_error_names_and_numbers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      PbError parsed = 0;

      g_test_message ("%s", expected[i].name);
      g_assert_cmpstr (pb_error_get_name (expected[i].code), ==, expected[i].name);
      g_assert_cmpstr (pb_error_get_win32_name (expected[i].code), ==, expected[i].win32);
      g_assert_cmpint (pb_error_get_win32_code (expected[i].code), ==, expected[i].number);
      g_assert_cmpint (pb_error_get_exit_status (expected[i].code), ==, expected[i].exit_status);
      g_assert_true (pb_error_from_name (expected[i].name, &parsed));
      g_assert_cmpint (parsed, ==, expected[i].code);
    }
}

static void
test_error_exit_statuses_distinct (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (PbError code = PB_ERROR_FIRST; code <= PB_ERROR_LAST; code++)
    {
      int status = pb_error_get_exit_status (code);

      /* 0 is success, 1 a failure outside PB_ERROR, 2 a usage error. */
      g_assert_cmpint (status, >, 2);
      g_assert_cmpint (status, <, 126);
      g_assert_false (g_hash_table_contains (seen, GINT_TO_POINTER (status)));
      g_hash_table_add (seen, GINT_TO_POINTER (status));
    }
}

static void
test_error_out_of_range (void)
{
  PbError parsed = 0;

  g_assert_null (pb_error_get_name (0));
  g_assert_null (pb_error_get_win32_name (PB_ERROR_LAST + 1));
  g_assert_cmpint (pb_error_get_win32_code (0), ==, -1);
  g_assert_cmpint (pb_error_get_exit_status (PB_ERROR_LAST + 1), ==, 1);
  g_assert_false (pb_error_from_name ("NO_SUCH_ERROR", &parsed));
  g_assert_false (pb_error_from_name ("open_files", &parsed));
}

static void
test_error_domain (void)
{
  g_autoptr(GError) error = g_error_new (PB_ERROR, PB_ERROR_TIMEOUT, "x");

  g_assert_true (g_error_matches (error, PB_ERROR, PB_ERROR_TIMEOUT));
  g_assert_cmpstr (g_quark_to_string (PB_ERROR), ==, "pb-error-quark");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/table-complete", test_error_table_complete);
  g_test_add_func ("/error/names-and-numbers", test_error_names_and_numbers);
  g_test_add_func ("/error/exit-statuses-distinct", test_error_exit_statuses_distinct);
  g_test_add_func ("/error/out-of-range", test_error_out_of_range);
  g_test_add_func ("/error/domain", test_error_domain);

  return g_test_run ();
}
