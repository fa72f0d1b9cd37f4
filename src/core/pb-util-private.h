/* pb-util-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* g_set_str() arrived in GLib 2.76; we require 2.74 (Debian 12). */
static inline gboolean
pb_set_str (char       **str_pointer,
            const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;

  return TRUE;
}

/* A file of GIO's local VFS, whatever the default VFS is (pb-local-file.c). */
GFile *pb_local_file_new (const char *path);

G_END_DECLS
