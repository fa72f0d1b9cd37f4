/* test-profile.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "pb-error.h"
#include "pb-profile.h"
#include "pb-profile-private.h"

/* The remembered-drives profile (issue #10, SEMANTICS D8): the pure parse
 * and edit, the file edit on a temporary folder, and the object's watch and
 * edits on a main loop. */

#define TWO_DRIVES \
  "# my drives\n" \
  "[music]\n" \
  "RemoteName=smb://nas/music\n" \
  "User=alice\n" \
  "\n" \
  "# the guest one\n" \
  "[public]\n" \
  "RemoteName=smb://nas/public\n" \
  "Options=anonymous;\n"

/* --- pure ------------------------------------------------------------------ */

static void
test_name_is_valid (void)
{
  const char *valid[] = { "N", "Music", "my drive", "Z:", "été", "a.b-c_d" };
  const char *invalid[] = { "", "a/b", "/mnt/x", "[x", "x]", "tab\there", "line\nbreak", "\xff\xfe" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (pb_profile_name_is_valid (valid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (pb_profile_name_is_valid (invalid[i]));
  g_assert_false (pb_profile_name_is_valid (NULL));
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) keyfile = pb_profile_parse (TWO_DRIVES, strlen (TWO_DRIVES), "P", &error);
  g_autoptr(GKeyFile) empty = pb_profile_parse ("", 0, "P", &error);
  g_auto(GStrv) groups = NULL;

  g_assert_no_error (error);
  groups = g_key_file_get_groups (keyfile, NULL);
  g_assert_cmpstrv (groups, ((const char *[]){ "music", "public", NULL }));
  g_assert_nonnull (empty);
}

static void
test_parse_refuses (void)
{
  const char *bad[] = {
    "[G\nRemoteName=smb://nowhere/x\n",             /* not a keyfile */
    "just text\n",                                   /* a key outside any group */
    "[G]\nUser=alice\n",                             /* no RemoteName */
    "[G]\nRemoteName=nowhere\n",                     /* not a URI */
    "[a/b]\nRemoteName=smb://nas/x\n",               /* a name that is a path */
    /* a key of ours twice (found by tests/fuzz/fuzz-profile): GKeyFile reads
     * the last, removes only that one, and an edit that drops the user
     * would bring the first back */
    "[G]\nRemoteName=smb://nas/x\nUser=alice\nUser=bob\n",
    "[G]\nRemoteName=smb://nas/x\nUser=alice\n[H]\nRemoteName=smb://nas/y\n[G]\nUser=bob\n",
    "[G]\nOptions=ro;\nRemoteName=smb://nas/x\nOptions=rw;\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GKeyFile) keyfile = pb_profile_parse (bad[i], strlen (bad[i]), "/the/profile.ini", &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (keyfile);
      g_assert_error (error, PB_ERROR, PB_ERROR_BAD_PROFILE);
      g_assert_nonnull (strstr (error->message, "/the/profile.ini"));
    }
}

/* Found by tests/fuzz/fuzz-profile: a profile's bytes need not be UTF-8, and
 * the error that quotes them went raw into JSON (issue #13). */
static void
test_parse_error_is_utf8 (void)
{
  const char *bad[] = {
    "[M\xfcsic]\nRemoteName=smb://nas/music\n",      /* a Latin-1 local name */
    "[Music]\nRemoteName=m\xfcsic\n",                /* a Latin-1 remote name */
    "[Music]\n\xff\xfe\n",                           /* a line that is not UTF-8 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GKeyFile) keyfile = pb_profile_parse (bad[i], strlen (bad[i]), "P", &error);

      g_assert_null (keyfile);
      g_assert_error (error, PB_ERROR, PB_ERROR_BAD_PROFILE);
      g_test_message ("%u: %s", i, error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_apply_edit (void)
{
  g_autoptr(GKeyFile) keyfile = pb_profile_parse (TWO_DRIVES, strlen (TWO_DRIVES), "P", NULL);
  g_autoptr(PbProfileEdit) add = pb_profile_edit_new_set ("photos", "smb://nas/photos", "bob", NULL);
  g_autoptr(PbProfileEdit) change = pb_profile_edit_new_set ("music", "smb://nas/music2", NULL, NULL);
  g_autoptr(PbProfileEdit) remove = pb_profile_edit_new_remove ("public");
  g_autoptr(PbProfileEdit) remove_missing = pb_profile_edit_new_remove ("nothing");
  g_autofree char *data = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) groups = NULL;

  g_assert_false (pb_profile_apply_edit (keyfile, add));
  g_assert_true (pb_profile_apply_edit (keyfile, change));
  g_assert_true (pb_profile_apply_edit (keyfile, remove));
  g_assert_false (pb_profile_apply_edit (keyfile, remove_missing));

  /* A drive set again keeps its place and its comment, and loses the user
   * it no longer has. */
  groups = g_key_file_get_groups (keyfile, NULL);
  g_assert_cmpstrv (groups, ((const char *[]){ "music", "photos", NULL }));
  data = g_key_file_to_data (keyfile, NULL, NULL);
  g_assert_true (g_str_has_prefix (data, "# my drives\n"));
  g_assert_nonnull (strstr (data, "[music]\nRemoteName=smb://nas/music2\n"));
  g_assert_false (g_key_file_has_key (keyfile, "music", PB_PROFILE_KEY_USER, NULL));
  user = g_key_file_get_string (keyfile, "photos", PB_PROFILE_KEY_USER, NULL);
  g_assert_cmpstr (user, ==, "bob");
}

static void
test_describe (void)
{
  g_autoptr(GKeyFile) one = pb_profile_parse (TWO_DRIVES, strlen (TWO_DRIVES), "P", NULL);
  g_autoptr(GKeyFile) two = pb_profile_parse (TWO_DRIVES, strlen (TWO_DRIVES), "P", NULL);
  g_autoptr(GKeyFile) empty = g_key_file_new ();
  g_autoptr(GKeyFile) bare = pb_profile_parse (TWO_DRIVES + strlen ("# my drives\n"),
                                               strlen (TWO_DRIVES) - strlen ("# my drives\n"), "P", NULL);
  g_autoptr(GKeyFile) other_user = pb_profile_parse (TWO_DRIVES, strlen (TWO_DRIVES), "P", NULL);
  g_autoptr(GError) bad = g_error_new_literal (PB_ERROR, PB_ERROR_BAD_PROFILE, "bad");
  g_autoptr(GError) other = g_error_new_literal (PB_ERROR, PB_ERROR_BAD_PROFILE, "bad elsewhere");
  g_autofree char *a = pb_profile_describe (one, NULL);
  g_autofree char *b = pb_profile_describe (two, NULL);
  g_autofree char *c = pb_profile_describe (empty, NULL);
  g_autofree char *d = pb_profile_describe (empty, bad);
  g_autofree char *e = pb_profile_describe (empty, other);
  g_autofree char *f = pb_profile_describe (bare, NULL);
  g_autofree char *g = NULL;

  g_key_file_set_string (other_user, "music", PB_PROFILE_KEY_USER, "bob");
  g = pb_profile_describe (other_user, NULL);

  /* A comment is no change; a value is. */
  g_assert_cmpstr (a, ==, f);
  g_assert_cmpstr (a, !=, g);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (c, !=, d);
  g_assert_cmpstr (d, !=, e);
}

/* --- the file -------------------------------------------------------------- */

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->dir = g_dir_make_tmp ("pb-profile-XXXXXX", NULL);
  /* Folders that do not exist yet, as on a fresh account. */
  fx->path = g_build_filename (fx->dir, "config", "plugboard", "drives.ini", NULL);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  return contents;
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* The folder, as the profile leaves it: the file and its lock, nothing else. */
static char *
list_folder (const char *path)
{
  g_autofree char *dir_name = g_path_get_dirname (path);
  g_autoptr(GDir) dir = g_dir_open (dir_name, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, (gpointer)name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **)names->pdata);
}

static void
test_file_edit_makes_the_folder (Fixture       *fx,
                                 gconstpointer  unused)
{
  g_autoptr(PbProfileEdit) edit = pb_profile_edit_new_set ("N", "smb://nas/share", "alice", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *folder = g_path_get_dirname (fx->path);
  g_autofree char *listed = NULL;
  gboolean was_there = TRUE;
  struct stat st;

  written = pb_profile_file_edit (fx->path, fx->path, edit, &was_there, &error);
  g_assert_no_error (error);
  g_assert_false (was_there);
  contents = read_file (fx->path);
  g_assert_cmpstr (contents, ==, written);
  g_assert_nonnull (strstr (contents, "[N]\nRemoteName=smb://nas/share\nUser=alice\n"));

  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (fx->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  listed = list_folder (fx->path);
  g_assert_cmpstr (listed, ==, "drives.ini drives.ini.lock");
}

/* A writer that died between its temporary file and the rename left the
 * profile intact (D8) and that file behind: the next edit removes it. */
static void
test_file_edit_removes_a_dead_writers_debris (Fixture       *fx,
                                              gconstpointer  unused)
{
  g_autoptr(PbProfileEdit) edit = pb_profile_edit_new_set ("N", "smb://nas/share", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (fx->path);
  g_autofree char *debris = g_build_filename (folder, ".drives.ini.a1B2c3", NULL);
  g_autofree char *other = g_build_filename (folder, ".drives.ini.mine", NULL);
  g_autofree char *written = NULL;
  g_autofree char *listed = NULL;

  write_file (fx->path, TWO_DRIVES);
  write_file (debris, "[half\n");
  write_file (other, "not ours\n");
  written = pb_profile_file_edit (fx->path, fx->path, edit, NULL, &error);
  g_assert_no_error (error);
  listed = list_folder (fx->path);
  g_assert_cmpstr (listed, ==, ".drives.ini.mine drives.ini drives.ini.lock");
}

static void
test_file_edit_keeps_what_is_there (Fixture       *fx,
                                    gconstpointer  unused)
{
  g_autoptr(PbProfileEdit) edit = pb_profile_edit_new_remove ("public");
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  gboolean was_there = FALSE;

  write_file (fx->path, TWO_DRIVES);
  written = pb_profile_file_edit (fx->path, fx->path, edit, &was_there, &error);
  g_assert_no_error (error);
  g_assert_true (was_there);
  g_assert_true (g_str_has_prefix (written, "# my drives\n"));
  g_assert_nonnull (strstr (written, "[music]\nRemoteName=smb://nas/music\nUser=alice\n"));
  g_assert_null (strstr (written, "[public]"));
}

/* D8: a file that does not parse is refused and left byte for byte. */
static void
test_file_edit_refuses_a_malformed_file (Fixture       *fx,
                                         gconstpointer  unused)
{
  const char *garbage = "[G\nRemoteName=smb://nowhere/x\n";
  g_autoptr(PbProfileEdit) edit = pb_profile_edit_new_set ("N", "smb://nas/share", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check_error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *contents = NULL;

  write_file (fx->path, garbage);
  written = pb_profile_file_edit (fx->path, "the profile", edit, NULL, &error);
  g_assert_null (written);
  g_assert_error (error, PB_ERROR, PB_ERROR_BAD_PROFILE);
  contents = read_file (fx->path);
  g_assert_cmpstr (contents, ==, garbage);

  g_assert_false (pb_profile_file_check (fx->path, "the profile", &check_error));
  g_assert_error (check_error, PB_ERROR, PB_ERROR_BAD_PROFILE);
}

static void
test_file_edit_writes_a_symlinks_target (Fixture       *fx,
                                         gconstpointer  unused)
{
  g_autofree char *target = g_build_filename (fx->dir, "dotfiles", "drives.ini", NULL);
  g_autofree char *folder = g_path_get_dirname (fx->path);
  g_autoptr(PbProfileEdit) edit = pb_profile_edit_new_set ("N", "smb://nas/share", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *link = NULL;

  write_file (target, TWO_DRIVES);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (symlink ("../../dotfiles/drives.ini", fx->path), ==, 0);

  written = pb_profile_file_edit (fx->path, fx->path, edit, NULL, &error);
  g_assert_no_error (error);
  link = g_file_read_link (fx->path, NULL);
  g_assert_cmpstr (link, ==, "../../dotfiles/drives.ini");
  contents = read_file (target);
  g_assert_cmpstr (contents, ==, written);
  g_assert_nonnull (strstr (contents, "[music]"));
  g_assert_nonnull (strstr (contents, "[N]"));
}

typedef struct {
  guint       calls;
  guint       hand_edits;
  const char *prefix;
} Racer;

/* Plays the user's editor saving the file while an edit is under way, the
 * first @hand_edits times the edit is about to rename. */
static void
hand_edit_now (const char *target,
               gpointer    user_data)
{
  Racer *racer = user_data;
  g_autofree char *contents = NULL;
  g_autofree char *edited = NULL;

  if (racer->calls++ >= racer->hand_edits)
    return;

  contents = read_file (target);
  edited = g_strdup_printf ("%s\n[%s%u]\nRemoteName=smb://nas/hand\n", contents, racer->prefix, racer->calls);
  write_file (target, edited);
}

/* The etag read with the file is checked again before the rename: a hand
 * edit meanwhile is read and edited again, never written over; one that
 * never stops makes the edit give up rather than lose it. */
static void
test_file_edit_races_a_hand_edit (Fixture       *fx,
                                  gconstpointer  unused)
{
  g_autoptr(PbProfileEdit) edit = pb_profile_edit_new_set ("N", "smb://nas/share", NULL, NULL);
  g_autoptr(PbProfileEdit) other = pb_profile_edit_new_set ("M", "smb://nas/other", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listed = NULL;
  Racer racer = { 0, 2, "hand" };
  Racer forever = { 0, G_MAXUINT, "again" };

  write_file (fx->path, TWO_DRIVES);
  pb_profile_file_set_hook (hand_edit_now, &racer);
  written = pb_profile_file_edit (fx->path, fx->path, edit, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (racer.calls, ==, 3);
  contents = read_file (fx->path);
  g_assert_cmpstr (contents, ==, written);
  g_assert_nonnull (strstr (contents, "[hand1]"));
  g_assert_nonnull (strstr (contents, "[hand2]"));
  g_assert_nonnull (strstr (contents, "[N]"));
  g_assert_nonnull (strstr (contents, "[music]"));

  pb_profile_file_set_hook (hand_edit_now, &forever);
  g_clear_pointer (&written, g_free);
  written = pb_profile_file_edit (fx->path, fx->path, other, NULL, &error);
  pb_profile_file_set_hook (NULL, NULL);
  g_assert_null (written);
  g_assert_error (error, PB_ERROR, PB_ERROR_CANNOT_OPEN_PROFILE);
  g_clear_pointer (&contents, g_free);
  contents = read_file (fx->path);
  g_assert_null (strstr (contents, "[M]"));
  g_assert_nonnull (strstr (contents, "[N]"));
  listed = list_folder (fx->path);
  g_assert_cmpstr (listed, ==, "drives.ini drives.ini.lock");
}

static void
test_file_check (Fixture       *fx,
                 gconstpointer  unused)
{
  g_autofree char *folder = g_path_get_dirname (fx->path);
  g_autoptr(GError) error = NULL;

  /* A missing folder is made: a fresh account can remember a drive. */
  g_assert_true (pb_profile_file_check (fx->path, fx->path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_false (g_file_test (fx->path, G_FILE_TEST_EXISTS));

  /* A profile that is a folder cannot be read. */
  g_assert_cmpint (g_mkdir (fx->path, 0700), ==, 0);
  g_assert_false (pb_profile_file_check (fx->path, fx->path, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_CANNOT_OPEN_PROFILE);
}

typedef struct {
  const char *path;
  guint       first;
} Writer;

static gpointer
write_ten (gpointer user_data)
{
  Writer *writer = user_data;

  for (guint i = writer->first; i < writer->first + 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("drive%02u", i);
      g_autoptr(PbProfileEdit) edit = pb_profile_edit_new_set (name, "smb://nas/share", NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *written = pb_profile_file_edit (writer->path, writer->path, edit, NULL, &error);

      g_assert_no_error (error);
    }

  return NULL;
}

/* Edits from many threads at once (each with its own lock, as two processes
 * would have) lose nothing. */
static void
test_file_edits_at_once (Fixture       *fx,
                         gconstpointer  unused)
{
  Writer writers[8];
  GThread *threads[8];
  g_autofree char *contents = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *listed = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      writers[i].path = fx->path;
      writers[i].first = i * 10;
      threads[i] = g_thread_new ("writer", write_ten, &writers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  contents = read_file (fx->path);
  keyfile = pb_profile_parse (contents, strlen (contents), fx->path, NULL);
  groups = g_key_file_get_groups (keyfile, NULL);
  g_assert_cmpuint (g_strv_length (groups), ==, 80);
  listed = list_folder (fx->path);
  g_assert_cmpstr (listed, ==, "drives.ini drives.ini.lock");
}

/* --- the object ------------------------------------------------------------ */

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
  guint         changed;
} Waiter;

static void
on_changed (PbProfile *profile,
            Waiter    *waiter)
{
  g_test_message ("changed");
  waiter->changed++;
  g_main_loop_quit (waiter->loop);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static gboolean
timed_out (gpointer user_data)
{
  g_error ("nothing happened within 10 s");

  return G_SOURCE_REMOVE;
}

/* Runs the loop until an answer or a ::changed arrives. */
static void
wait (Waiter *waiter)
{
  guint id = g_timeout_add_seconds (10, timed_out, NULL);

  g_main_loop_run (waiter->loop);
  g_source_remove (id);
}

static GAsyncResult *
wait_result (Waiter *waiter)
{
  while (waiter->result == NULL)
    wait (waiter);

  return g_steal_pointer (&waiter->result);
}

static void
wait_changed (Waiter *waiter,
              guint   count)
{
  while (waiter->changed < count)
    wait (waiter);
}

static PbProfile *
load_profile (Fixture *fx,
              Waiter  *waiter,
              GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (fx->path);
  PbProfile *profile = pb_profile_new (file);
  g_autoptr(GAsyncResult) result = NULL;

  waiter->loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (profile, "changed", G_CALLBACK (on_changed), waiter);
  pb_profile_load_async (profile, NULL, done_cb, waiter);
  result = wait_result (waiter);
  pb_profile_load_finish (profile, result, error);

  return profile;
}

static void
set_drive (PbProfile  *profile,
           Waiter     *waiter,
           const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pb_profile_set_drive_async (profile, name, "smb://nas/share", NULL, NULL, NULL, done_cb, waiter);
  result = wait_result (waiter);
  g_assert_true (pb_profile_set_drive_finish (profile, result, &error));
  g_assert_no_error (error);
}

/* Reads still in flight may announce a change after the test: to nobody. */
static void
waiter_clear (Waiter    *waiter,
              PbProfile *profile)
{
  g_assert_null (waiter->result);
  g_signal_handlers_disconnect_by_data (profile, waiter);
  g_clear_pointer (&waiter->loop, g_main_loop_unref);
  g_clear_object (&waiter->result);
}

/* A fresh account: no folder. Loading makes it, so that a file another
 * process creates later is seen at once. */
static void
test_object_sees_a_file_another_process_creates (Fixture       *fx,
                                                 gconstpointer  unused)
{
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PbProfile) profile = load_profile (fx, &waiter, &error);
  g_autofree char *remote = NULL;
  g_autofree char *folder = g_path_get_dirname (fx->path);
  struct stat st;

  g_assert_no_error (error);
  g_assert_cmpuint (waiter.changed, ==, 0);
  g_assert_false (pb_profile_lookup (profile, "music", NULL, NULL));
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  write_file (fx->path, TWO_DRIVES);
  wait_changed (&waiter, 1);
  g_assert_true (pb_profile_lookup (profile, "music", &remote, NULL));
  g_assert_cmpstr (remote, ==, "smb://nas/music");

  waiter_clear (&waiter, profile);
}

static void
test_object_edits_and_hand_edits (Fixture       *fx,
                                  gconstpointer  unused)
{
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PbProfile) profile = load_profile (fx, &waiter, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *edited = NULL;
  g_auto(GStrv) names = NULL;
  gboolean removed = FALSE;

  g_assert_no_error (error);

  /* An edit is shown as soon as it is written, with ::changed. */
  set_drive (profile, &waiter, "A");
  g_assert_cmpuint (waiter.changed, ==, 1);
  g_assert_true (pb_profile_lookup (profile, "A", NULL, NULL));

  /* A hand edit is reloaded and announced... */
  contents = read_file (fx->path);
  edited = g_strconcat (contents, "\n[hand]\nRemoteName=smb://nas/hand\n", NULL);
  write_file (fx->path, edited);
  wait_changed (&waiter, 2);
  g_assert_true (pb_profile_lookup (profile, "hand", NULL, NULL));

  /* ...and the next edit keeps it. */
  set_drive (profile, &waiter, "B");
  names = pb_profile_dup_names (profile);
  g_assert_cmpstrv (names, ((const char *[]){ "A", "hand", "B", NULL }));

  pb_profile_remove_drive_async (profile, "A", NULL, done_cb, &waiter);
  result = wait_result (&waiter);
  g_assert_true (pb_profile_remove_drive_finish (profile, result, &removed, &error));
  g_assert_no_error (error);
  g_assert_true (removed);
  g_assert_false (pb_profile_lookup (profile, "A", NULL, NULL));
  g_clear_object (&result);

  pb_profile_remove_drive_async (profile, "A", NULL, done_cb, &waiter);
  result = wait_result (&waiter);
  g_assert_true (pb_profile_remove_drive_finish (profile, result, &removed, &error));
  g_assert_false (removed);

  waiter_clear (&waiter, profile);
}

/* D8: a hand edit that breaks the file is an error until it is corrected,
 * and no edit overwrites it meanwhile. */
static void
test_object_malformed_hand_edit (Fixture       *fx,
                                 gconstpointer  unused)
{
  const char *garbage = "[G\nbroken\n";
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PbProfile) profile = load_profile (fx, &waiter, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *contents = NULL;

  set_drive (profile, &waiter, "A");
  write_file (fx->path, garbage);
  wait_changed (&waiter, 2);
  g_assert_error (pb_profile_get_error (profile), PB_ERROR, PB_ERROR_BAD_PROFILE);
  g_assert_false (pb_profile_lookup (profile, "A", NULL, NULL));

  pb_profile_check_async (profile, NULL, done_cb, &waiter);
  result = wait_result (&waiter);
  g_assert_false (pb_profile_check_finish (profile, result, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_BAD_PROFILE);
  g_clear_error (&error);
  g_clear_object (&result);

  pb_profile_set_drive_async (profile, "B", "smb://nas/b", NULL, NULL, NULL, done_cb, &waiter);
  result = wait_result (&waiter);
  g_assert_false (pb_profile_set_drive_finish (profile, result, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_BAD_PROFILE);
  contents = read_file (fx->path);
  g_assert_cmpstr (contents, ==, garbage);

  /* Corrected by hand: readable again. */
  write_file (fx->path, TWO_DRIVES);
  wait_changed (&waiter, 3);
  g_assert_null (pb_profile_get_error (profile));
  g_assert_true (pb_profile_lookup (profile, "music", NULL, NULL));

  waiter_clear (&waiter, profile);
}

/* A symlinked profile: a change to where the link points, made in another
 * folder (as another process's edit renames a new file over it), is seen. */
static void
test_object_watches_a_symlinks_target (Fixture       *fx,
                                       gconstpointer  unused)
{
  g_autofree char *target = g_build_filename (fx->dir, "dotfiles", "drives.ini", NULL);
  g_autofree char *folder = g_path_get_dirname (fx->path);
  g_autoptr(PbProfileEdit) edit = pb_profile_edit_new_set ("Elsewhere", "smb://nas/else", NULL, NULL);
  g_autofree char *written = NULL;
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PbProfile) profile = NULL;

  write_file (target, TWO_DRIVES);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (symlink (target, fx->path), ==, 0);

  profile = load_profile (fx, &waiter, &error);
  g_assert_no_error (error);
  g_assert_true (pb_profile_lookup (profile, "music", NULL, NULL));

  /* Written through the target's own path, as a hand edit in the dotfiles
   * folder would be: nothing changes in the link's folder. */
  written = pb_profile_file_edit (target, target, edit, NULL, &error);
  g_assert_no_error (error);
  wait_changed (&waiter, waiter.changed + 1);
  g_assert_true (pb_profile_lookup (profile, "Elsewhere", NULL, NULL));

  /* The object's own edit writes the target: the link stays a link. */
  set_drive (profile, &waiter, "Mine");
  g_assert_true (g_file_test (fx->path, G_FILE_TEST_IS_SYMLINK));
  g_clear_pointer (&written, g_free);
  written = read_file (target);
  g_assert_nonnull (strstr (written, "[Mine]"));
  g_assert_nonnull (strstr (written, "[Elsewhere]"));

  waiter_clear (&waiter, profile);
}

static void
test_object_load_errors (Fixture       *fx,
                         gconstpointer  unused)
{
  Waiter waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PbProfile) profile = NULL;

  write_file (fx->path, "[x]\nRemoteName=nowhere\n");
  profile = load_profile (fx, &waiter, &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_BAD_PROFILE);
  g_assert_error (pb_profile_get_error (profile), PB_ERROR, PB_ERROR_BAD_PROFILE);
  waiter_clear (&waiter, profile);
  g_clear_object (&profile);
  g_clear_error (&error);

  g_unlink (fx->path);
  g_assert_cmpint (g_mkdir (fx->path, 0700), ==, 0);
  waiter.changed = 0;
  profile = load_profile (fx, &waiter, &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_CANNOT_OPEN_PROFILE);
  waiter_clear (&waiter, profile);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile/name-is-valid", test_name_is_valid);
  g_test_add_func ("/profile/parse", test_parse);
  g_test_add_func ("/profile/parse-refuses", test_parse_refuses);
  g_test_add_func ("/profile/parse-error-is-utf8", test_parse_error_is_utf8);
  g_test_add_func ("/profile/apply-edit", test_apply_edit);
  g_test_add_func ("/profile/describe", test_describe);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/profile/file/edit-makes-the-folder", test_file_edit_makes_the_folder);
  ADD ("/profile/file/edit-keeps-what-is-there", test_file_edit_keeps_what_is_there);
  ADD ("/profile/file/edit-removes-a-dead-writers-debris", test_file_edit_removes_a_dead_writers_debris);
  ADD ("/profile/file/edit-refuses-a-malformed-file", test_file_edit_refuses_a_malformed_file);
  ADD ("/profile/file/edit-writes-a-symlinks-target", test_file_edit_writes_a_symlinks_target);
  ADD ("/profile/file/edit-races-a-hand-edit", test_file_edit_races_a_hand_edit);
  ADD ("/profile/file/check", test_file_check);
  ADD ("/profile/file/edits-at-once", test_file_edits_at_once);
  ADD ("/profile/object/sees-a-file-another-process-creates", test_object_sees_a_file_another_process_creates);
  ADD ("/profile/object/edits-and-hand-edits", test_object_edits_and_hand_edits);
  ADD ("/profile/object/malformed-hand-edit", test_object_malformed_hand_edit);
  ADD ("/profile/object/watches-a-symlinks-target", test_object_watches_a_symlinks_target);
  ADD ("/profile/object/load-errors", test_object_load_errors);
#undef ADD

  return g_test_run ();
}
