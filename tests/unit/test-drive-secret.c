/* test-drive-secret.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "pb-drive-secret.h"

/* Issue #10: forgetting one remembered drive must not clear the password
 * another one still needs. GVfs keeps one per protocol, server, port, user
 * and domain, whatever the share. */
static const struct {
  const char *uri;
  const char *user;
  const char *other_uri;
  const char *other_user;
  gboolean    shared;
} cases[] = {
  /* Two shares of one server, one user: one password. */
  { "smb://nas/music", "alice", "smb://nas/photos", "alice", TRUE },
  { "smb://nas:1445/music", "alice", "smb://nas:1445/photos", "alice", TRUE },
  { "smb://NAS/music", "alice", "smb://nas/photos", "alice", TRUE },
  { "smb://alice@nas/music", NULL, "smb://nas/photos", "alice", TRUE },
  { "sftp://alice@host/home/alice", NULL, "sftp://host/srv", "alice", TRUE },
  { "smb://nas/music", "WORK;alice", "smb://nas/photos", "WORK;alice", TRUE },
  /* Anything else that GVfs keys on differs: two passwords. */
  { "smb://nas/music", "alice", "smb://nas/photos", "bob", FALSE },
  { "smb://nas/music", "alice", "smb://other/photos", "alice", FALSE },
  { "smb://nas:1445/music", "alice", "smb://nas/photos", "alice", FALSE },
  { "smb://nas:1445/music", "alice", "smb://nas:1446/music", "alice", FALSE },
  { "smb://nas/music", "alice", "sftp://nas/music", "alice", FALSE },
  { "smb://nas/music", "WORK;alice", "smb://nas/photos", "alice", FALSE },
  { "smb://nas/music", "WORK;alice", "smb://nas/photos", "HOME;alice", FALSE },
  /* A guest has no password to share. */
  { "smb://nas/public", NULL, "smb://nas/public", NULL, FALSE },
  { "smb://nas/public", NULL, "smb://nas/photos", "alice", FALSE },
  { "smb://nas/photos", "alice", "smb://nas/public", NULL, FALSE },
  /* Not a server at all. */
  { "not a uri", "alice", "smb://nas/photos", "alice", FALSE },
  { "file:///home/alice", "alice", "file:///home/alice", "alice", FALSE },
};

static void
test_shares_credential (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s (%s) and %s (%s)", cases[i].uri, cases[i].user, cases[i].other_uri, cases[i].other_user);
      g_assert_cmpint (pb_drive_secret_shares_credential (cases[i].uri, cases[i].user,
                                                          cases[i].other_uri, cases[i].other_user),
                       ==, cases[i].shared);
    }
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_profile_load_finish (PB_PROFILE (object), result, &error));
  g_main_loop_quit (user_data);
}

/* What forget asks of the profile left after the forgotten drive went. */
static void
test_still_needed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pb-secret-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "drives.ini", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PbProfile) profile = pb_profile_new (file);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_assert_true (g_file_set_contents (path,
                                      "[photos]\nRemoteName=smb://nas/photos\nUser=alice\n"
                                      "[public]\nRemoteName=smb://nas/public\nOptions=anonymous;\n", -1, NULL));
  pb_profile_load_async (profile, NULL, loaded_cb, loop);
  g_main_loop_run (loop);

  g_assert_true (pb_drive_secret_still_needed (profile, "smb://nas/music", "alice"));
  g_assert_true (pb_drive_secret_still_needed (profile, "smb://alice@NAS/music", NULL));
  g_assert_false (pb_drive_secret_still_needed (profile, "smb://nas/music", "bob"));
  g_assert_false (pb_drive_secret_still_needed (profile, "smb://other/music", "alice"));
  g_assert_false (pb_drive_secret_still_needed (profile, "smb://nas/public", NULL));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drive-secret/shares-credential", test_shares_credential);
  g_test_add_func ("/drive-secret/still-needed", test_still_needed);

  return g_test_run ();
}
