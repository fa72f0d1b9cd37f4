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

/* A file of the local VFS, never of GIO's default one: making GVfs's client
 * (the first g_vfs_get_default()) asks gvfsd synchronously, and a stalled
 * gvfsd must not hold up local files. A reference of our own is kept on
 * the local VFS: GVfs's client drops one it never took when a GDaemonVfs it
 * made goes away (gdaemonvfs.c, finalize), which would free the singleton. */
static inline GFile *
pb_local_file_new (const char *path)
{
  static GVfs *local;

  if (g_once_init_enter (&local))
    g_once_init_leave (&local, g_object_ref (g_vfs_get_local ()));

  return g_vfs_get_file_for_path (local, path);
}

G_END_DECLS
