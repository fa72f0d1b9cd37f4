/* pb-error.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-error.h"

G_DEFINE_QUARK (pb-error-quark, pb_error)

/* One row per code, in enum order. The exit statuses are the CLI's contract
 * with scripts (README, "Error codes"): never renumber them. */
static const struct {
  PbError     code;
  const char *name;
  const char *win32_name;
  int         win32_code;
  int         exit_status;
} error_table[] = {
  { PB_ERROR_INVALID_HANDLE,       "INVALID_HANDLE",       "ERROR_INVALID_HANDLE",        6,    10 },
  { PB_ERROR_INVALID_PORT,         "INVALID_PORT",         "ERROR_INVALID_PORT",          -1,   11 },
  { PB_ERROR_PORT_NOT_IN_USE,      "PORT_NOT_IN_USE",      "NERR_UserNotFound",           2221, 12 },
  { PB_ERROR_NOT_CONNECTED,        "NOT_CONNECTED",        "ERROR_NOT_CONNECTED",         2250, 13 },
  { PB_ERROR_OPEN_FILES,           "OPEN_FILES",           "ERROR_OPEN_FILES",            2401, 14 },
  { PB_ERROR_DEVICE_IN_USE,        "DEVICE_IN_USE",        "ERROR_DEVICE_IN_USE",         2404, 15 },
  { PB_ERROR_BAD_PROFILE,          "BAD_PROFILE",          "ERROR_BAD_PROFILE",           1206, 16 },
  { PB_ERROR_CANNOT_OPEN_PROFILE,  "CANNOT_OPEN_PROFILE",  "ERROR_CANNOT_OPEN_PROFILE",   1205, 17 },
  { PB_ERROR_EXTENDED,             "EXTENDED",             "ERROR_EXTENDED_ERROR",        1208, 18 },
  { PB_ERROR_ACCESS_DENIED,        "ACCESS_DENIED",        "ERROR_ACCESS_DENIED",         5,    19 },
  { PB_ERROR_SERVER_UNREACHABLE,   "SERVER_UNREACHABLE",   "RPC_S_SERVER_UNAVAILABLE",    1722, 20 },
  { PB_ERROR_TIMEOUT,              "TIMEOUT",              "WAIT_TIMEOUT",                258,  21 },
  { PB_ERROR_CALL_NOT_IMPLEMENTED, "CALL_NOT_IMPLEMENTED", "ERROR_CALL_NOT_IMPLEMENTED",  120,  22 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (error_table) == PB_ERROR_LAST - PB_ERROR_FIRST + 1);

static gboolean
code_is_valid (PbError code)
{
  return code >= PB_ERROR_FIRST && code <= PB_ERROR_LAST;
}

#define ROW(code) (error_table[(code) - PB_ERROR_FIRST])

/**
 * pb_error_get_name:
 * @code: a #PbError
 *
 * Returns: (transfer none): the code's short name, e.g. `"OPEN_FILES"`, or
 *   %NULL for a value that is not a #PbError.
 */
const char *
pb_error_get_name (PbError code)
{
  return code_is_valid (code) ? ROW (code).name : NULL;
}

/**
 * pb_error_dup_text:
 * @error: any error
 *
 * Returns: (transfer full): how a front end tells @error: `NAME: message`
 *   for a #PbError (`OPEN_FILES: …`), the message alone for any other
 */
char *
pb_error_dup_text (const GError *error)
{
  const char *name;

  g_return_val_if_fail (error != NULL, NULL);

  name = error->domain == PB_ERROR ? pb_error_get_name (error->code) : NULL;

  return name != NULL ? g_strdup_printf ("%s: %s", name, error->message) : g_strdup (error->message);
}

/**
 * pb_error_get_win32_name:
 * @code: a #PbError
 *
 * Returns: (transfer none): the Win32 name the code comes from, e.g.
 *   `"ERROR_OPEN_FILES"`, or %NULL for a value that is not a #PbError.
 */
const char *
pb_error_get_win32_name (PbError code)
{
  return code_is_valid (code) ? ROW (code).win32_name : NULL;
}

/**
 * pb_error_get_win32_code:
 * @code: a #PbError
 *
 * Returns: the Win32 error number, e.g. 2401, or -1 when the Win32 name has
 *   no documented number (INVALID_PORT) or @code is not a #PbError.
 */
int
pb_error_get_win32_code (PbError code)
{
  return code_is_valid (code) ? ROW (code).win32_code : -1;
}

/**
 * pb_error_get_exit_status:
 * @code: a #PbError
 *
 * Returns: the exit status plugboard-cli uses for @code; 1 for anything that
 *   is not a #PbError.
 */
int
pb_error_get_exit_status (PbError code)
{
  return code_is_valid (code) ? ROW (code).exit_status : 1;
}

/**
 * pb_error_from_name:
 * @name: a short name such as `"TIMEOUT"`
 * @code: (out): where to store the code
 *
 * Returns: %TRUE if @name names a #PbError
 */
gboolean
pb_error_from_name (const char *name,
                    PbError    *code)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    {
      if (g_str_equal (error_table[i].name, name))
        {
          *code = error_table[i].code;
          return TRUE;
        }
    }

  return FALSE;
}
