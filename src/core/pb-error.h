/* pb-error.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PB_ERROR (pb_error_quark ())

/**
 * PbError:
 *
 * The one error domain of every Plugboard surface. Each code keeps the Win32
 * name it comes from (SEMANTICS §4) so that scripts written against rasdial or
 * net use recognise it.
 */
typedef enum
{
  PB_ERROR_INVALID_HANDLE = 1,
  PB_ERROR_INVALID_PORT,
  PB_ERROR_PORT_NOT_IN_USE,
  PB_ERROR_NOT_CONNECTED,
  PB_ERROR_OPEN_FILES,
  PB_ERROR_DEVICE_IN_USE,
  PB_ERROR_BAD_PROFILE,
  PB_ERROR_CANNOT_OPEN_PROFILE,
  PB_ERROR_EXTENDED,
  PB_ERROR_ACCESS_DENIED,
  PB_ERROR_SERVER_UNREACHABLE,
  PB_ERROR_TIMEOUT,
  PB_ERROR_CALL_NOT_IMPLEMENTED,
} PbError;

#define PB_ERROR_FIRST PB_ERROR_INVALID_HANDLE
#define PB_ERROR_LAST  PB_ERROR_CALL_NOT_IMPLEMENTED

GQuark       pb_error_quark            (void);
const char  *pb_error_get_name         (PbError code);
char        *pb_error_dup_text         (const GError *error);
const char  *pb_error_get_win32_name   (PbError code);
int          pb_error_get_win32_code   (PbError code);
int          pb_error_get_exit_status  (PbError code);
gboolean     pb_error_from_name        (const char *name,
                                        PbError    *code);

G_END_DECLS
