/* pb-local-file.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-util-private.h"

/* Local files (the profile, the runtime notes) come from GIO's local VFS,
 * never from its default one: making GVfs's client (the first
 * g_vfs_get_default()) asks gvfsd synchronously, and a stalled gvfsd must
 * not hold up local files.
 *
 * The local VFS is a singleton that GIO never expects to lose, but GVfs's
 * client drops a reference on it that it never took whenever a GDaemonVfs
 * is finalised (gdaemonvfs.c), which happens when that client finds no
 * usable session bus, as in a Flatpak sandbox without gvfsd: the
 * singleton is then freed under everyone who uses it. So the reference of
 * our own is taken before main() runs, ahead of anything that could make
 * and drop a GDaemonVfs, and kept for the life of the process. */

static GVfs *local_vfs;

__attribute__((constructor)) static void
hold_local_vfs (void)
{
  local_vfs = g_object_ref (g_vfs_get_local ());
}

GFile *
pb_local_file_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_vfs_get_file_for_path (local_vfs, path);
}
