/* test-local-file.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "pb-util-private.h"

/* GVfs's client drops a reference on GIO's local VFS that it never took
 * when its GDaemonVfs is finalised (in a Flatpak sandbox without gvfsd this
 * happens before Plugboard opens its first local file). The local files
 * Plugboard makes must still work afterwards: before the fix, the first of
 * them took a reference on the already freed singleton and crashed. */
static void
test_local_file_survives_a_stray_unref (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pb-local-file-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "drives.ini", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_nonnull (dir);
  g_assert_true (g_file_set_contents (path, "[Photos]\n", -1, NULL));

  /* What GVfs's client does to the local VFS singleton. */
  g_object_unref (g_vfs_get_local ());

  file = pb_local_file_new (path);
  g_assert_true (G_IS_FILE (file));
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "[Photos]\n");
  g_assert_true (g_file_is_native (file));
  g_assert_true (G_IS_VFS (g_vfs_get_local ()));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/local-file/survives-a-stray-unref", test_local_file_survives_a_stray_unref);

  return g_test_run ();
}
