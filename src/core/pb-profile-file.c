/* pb-profile-file.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb-error.h"
#include "pb-profile.h"
#include "pb-profile-private.h"

/* The profile as a file: what it may contain, and how one edit reaches it
 * without losing what another process or a hand edit wrote meanwhile.
 *
 * Every Plugboard process that edits takes an advisory lock on a file beside
 * the profile, so edits from two processes never interleave. A hand edit
 * takes no lock: the etag read with the file is checked again just before
 * the new file is renamed over it, and a file that changed meanwhile is read
 * and edited again. The rename is atomic and the new file is synced first,
 * so a crash leaves either the old file or the new one (D8). */

/* A hand edit every few milliseconds would be a tool gone wrong: give up. */
#define MAX_ATTEMPTS 8

static PbProfileFileHook test_hook;
static gpointer test_hook_data;

void
pb_profile_file_set_hook (PbProfileFileHook hook,
                          gpointer          user_data)
{
  test_hook = hook;
  test_hook_data = user_data;
}
/* As the kernel's own limit on nested links (ELOOP). */
#define MAX_LINKS 40

PbProfileEdit *
pb_profile_edit_new_set (const char         *local_name,
                         const char         *remote_name,
                         const char         *user,
                         const char * const *options)
{
  PbProfileEdit *edit = g_new0 (PbProfileEdit, 1);

  g_assert (remote_name != NULL);

  edit->local_name = g_strdup (local_name);
  edit->remote_name = g_strdup (remote_name);
  edit->user = g_strdup (user);
  edit->options = options != NULL && options[0] != NULL ? g_strdupv ((char **)options) : NULL;

  return edit;
}

PbProfileEdit *
pb_profile_edit_new_remove (const char *local_name)
{
  PbProfileEdit *edit = g_new0 (PbProfileEdit, 1);

  edit->local_name = g_strdup (local_name);

  return edit;
}

void
pb_profile_edit_free (PbProfileEdit *edit)
{
  g_free (edit->local_name);
  g_free (edit->remote_name);
  g_free (edit->user);
  g_strfreev (edit->options);
  g_free (edit);
}

/* @why never quotes the file: the profile may be a link to any file the
 * user can read (/etc/passwd, a key), and the message goes to logs, JSON and
 * D-Bus replies. It says where, by section, and what kind of fault. */
static GError *
bad_profile (const char *display_name,
             const char *why)
{
  return g_error_new (PB_ERROR, PB_ERROR_BAD_PROFILE,
                      _("The drive profile %s cannot be read as a profile (%s). It was left as it is: "
                        "correct it or move it away, then try again."),
                      display_name, why);
}

/* GKeyFile's own messages quote the offending line. */
static const char *
keyfile_fault (const GError *error)
{
  if (g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING))
    return _("it is not UTF-8 text");
  if (g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE))
    return _("a line in it is neither a [section], a key=value pair nor a comment");

  return _("it is not a key file");
}

static GError *
cannot_open (const char *display_name,
             int         saved_errno)
{
  return g_error_new (PB_ERROR, PB_ERROR_CANNOT_OPEN_PROFILE,
                      _("Cannot open the drive profile %s: %s. Make it a file you can read, or move it away, "
                        "then try again."),
                      display_name, g_strerror (saved_errno));
}

static GError *
cannot_write (const char *display_name,
              const char *why)
{
  return g_error_new (PB_ERROR, PB_ERROR_CANNOT_OPEN_PROFILE,
                      _("Cannot write the drive profile %s: %s. Check that its folder is writable."),
                      display_name, why);
}

/* GKeyFile keeps a key written twice in a group, reads the last one, and
 * removes only that one: an edit that drops a drive's user would bring the
 * other one back. Found by tests/fuzz/fuzz-profile. */
static const char *
key_given_twice (GKeyFile   *keyfile,
                 const char *group)
{
  static const char * const ours[] = {
    PB_PROFILE_KEY_REMOTE_NAME, PB_PROFILE_KEY_USER, PB_PROFILE_KEY_OPTIONS,
  };
  g_auto(GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint k = 0; k < G_N_ELEMENTS (ours); k++)
    {
      guint seen = 0;

      for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
        if (g_str_equal (keys[i], ours[k]) && ++seen > 1)
          return ours[k];
    }

  return NULL;
}

/**
 * pb_profile_parse:
 * @display_name: the file's name, for messages
 *
 * Returns: (transfer full) (nullable): the keyfile, or %NULL with a
 *   %PB_ERROR_BAD_PROFILE error when @data is no profile: not a keyfile, or
 *   a group that is not a valid local name, has no URI as its RemoteName, or
 *   has RemoteName, User or Options more than once
 */
GKeyFile *
pb_profile_parse (const char  *data,
                  gsize        length,
                  const char  *display_name,
                  GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  const char *twice;

  if (length > 0 && !g_key_file_load_from_data (keyfile, data, length, G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      g_propagate_error (error, bad_profile (display_name, keyfile_fault (local_error)));
      return NULL;
    }

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *remote = g_key_file_get_string (keyfile, groups[i], PB_PROFILE_KEY_REMOTE_NAME, NULL);

      if (!pb_profile_name_is_valid (groups[i]) || remote == NULL || strstr (remote, "://") == NULL)
        {
          g_autofree char *why = g_strdup_printf (_("section %u is not a valid local name with a %s that is a URI"),
                                                  i + 1, PB_PROFILE_KEY_REMOTE_NAME);
          g_propagate_error (error, bad_profile (display_name, why));
          return NULL;
        }

      if ((twice = key_given_twice (keyfile, groups[i])) != NULL)
        {
          g_autofree char *why = g_strdup_printf (_("section %u has %s more than once"), i + 1, twice);
          g_propagate_error (error, bad_profile (display_name, why));
          return NULL;
        }
    }

  return g_steal_pointer (&keyfile);
}

/**
 * pb_profile_apply_edit:
 *
 * Applies @edit to @keyfile. A drive set again keeps its place and its
 * comments; keys it no longer has go.
 *
 * Returns: whether @edit's local name was in @keyfile before
 */
gboolean
pb_profile_apply_edit (GKeyFile            *keyfile,
                       const PbProfileEdit *edit)
{
  gboolean was_there = g_key_file_has_group (keyfile, edit->local_name);

  if (edit->remote_name == NULL)
    {
      if (was_there)
        g_key_file_remove_group (keyfile, edit->local_name, NULL);
      return was_there;
    }

  g_key_file_set_string (keyfile, edit->local_name, PB_PROFILE_KEY_REMOTE_NAME, edit->remote_name);
  if (edit->user != NULL)
    g_key_file_set_string (keyfile, edit->local_name, PB_PROFILE_KEY_USER, edit->user);
  else
    g_key_file_remove_key (keyfile, edit->local_name, PB_PROFILE_KEY_USER, NULL);
  if (edit->options != NULL)
    g_key_file_set_string_list (keyfile, edit->local_name, PB_PROFILE_KEY_OPTIONS,
                                (const char * const *)edit->options, g_strv_length (edit->options));
  else
    g_key_file_remove_key (keyfile, edit->local_name, PB_PROFILE_KEY_OPTIONS, NULL);

  return was_there;
}

/**
 * pb_profile_describe:
 *
 * Returns: (transfer full): a text that differs whenever what a reader of
 *   the profile sees differs, so that ::changed is emitted only then
 */
char *
pb_profile_describe (GKeyFile     *keyfile,
                     const GError *error)
{
  g_auto(GStrv) groups = NULL;
  GString *text;

  if (error != NULL)
    return g_strdup_printf ("!%s:%d:%s", g_quark_to_string (error->domain), error->code, error->message);

  /* Drives, keys and values: a comment or blank line edited by hand
   * changes nothing anyone shows. */
  text = g_string_new (NULL);
  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (keyfile, groups[i], NULL, NULL);

      g_string_append_printf (text, "[%s]\n", groups[i]);
      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          g_autofree char *value = g_key_file_get_value (keyfile, groups[i], keys[j], NULL);

          g_string_append_printf (text, "%s=%s\n", keys[j], value);
        }
    }

  return g_string_free (text, FALSE);
}

/**
 * pb_profile_file_resolve:
 *
 * Returns: (transfer full): the file @path's symlinks end at, or @path
 *   itself when it is no link: the file an edit writes, so that a link
 *   stays a link
 */
char *
pb_profile_file_resolve (const char *path)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0; i < MAX_LINKS; i++)
    {
      g_autofree char *target = g_file_read_link (current, NULL);
      g_autofree char *dir = NULL;

      if (target == NULL)
        break;
      if (g_path_is_absolute (target))
        {
          g_free (current);
          current = g_steal_pointer (&target);
          continue;
        }
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_build_filename (dir, target, NULL);
    }

  return g_steal_pointer (&current);
}

static char *
etag_of (const struct stat *st)
{
  return g_strdup_printf ("%ju:%ju:%jd:%jd.%09ld:%jd.%09ld",
                          (uintmax_t)st->st_dev, (uintmax_t)st->st_ino, (intmax_t)st->st_size,
                          (intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                          (intmax_t)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
}

/* The etag of @path now, %NULL when it does not exist. */
static char *
etag_now (const char *path)
{
  struct stat st;

  if (g_stat (path, &st) != 0)
    return NULL;

  return etag_of (&st);
}

/* Reads @path whole: %TRUE with @contents %NULL when it does not exist;
 * %FALSE with errno set when it cannot be read. */
static gboolean
read_with_etag (const char  *path,
                char       **contents,
                gsize       *length,
                char       **etag)
{
  g_autoptr(GByteArray) bytes = NULL;
  struct stat st;
  int fd;

  *contents = NULL;
  *length = 0;
  *etag = NULL;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return errno == ENOENT;

  if (fstat (fd, &st) != 0 || S_ISDIR (st.st_mode))
    {
      int saved_errno = S_ISDIR (st.st_mode) ? EISDIR : errno;

      close (fd);
      errno = saved_errno;
      return FALSE;
    }

  bytes = g_byte_array_sized_new (st.st_size + 1);
  for (;;)
    {
      guint8 buffer[4096];
      gssize n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          errno = saved_errno;
          return FALSE;
        }
      if (n == 0)
        break;
      g_byte_array_append (bytes, buffer, n);
    }
  close (fd);

  *etag = etag_of (&st);
  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *)"", 1);
  *contents = (char *)g_byte_array_free (g_steal_pointer (&bytes), FALSE);

  return TRUE;
}

/* Reads and parses @path; @etag (optional) is what it was read at. */
static GKeyFile *
read_parsed (const char  *path,
             const char  *display_name,
             char       **etag,
             GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *read_etag = NULL;
  gsize length = 0;
  GKeyFile *keyfile;

  if (!read_with_etag (path, &contents, &length, &read_etag))
    {
      g_propagate_error (error, cannot_open (display_name, errno));
      return NULL;
    }

  keyfile = pb_profile_parse (contents ? contents : "", length, display_name, error);
  if (keyfile != NULL && etag != NULL)
    *etag = g_steal_pointer (&read_etag);

  return keyfile;
}

/**
 * pb_profile_file_read:
 *
 * Returns: (transfer full) (nullable): the profile at @path (empty when
 *   there is none), or %NULL with %PB_ERROR_CANNOT_OPEN_PROFILE or
 *   %PB_ERROR_BAD_PROFILE (D8)
 */
GKeyFile *
pb_profile_file_read (const char  *path,
                      const char  *display_name,
                      GError     **error)
{
  return read_parsed (path, display_name, NULL, error);
}

/* Makes the folder of @target with its parents, private as the profile. */
static gboolean
make_folder (const char  *target,
             const char  *display_name,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (target);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_propagate_error (error, cannot_write (display_name, g_strerror (errno)));
      return FALSE;
    }

  return TRUE;
}

/**
 * pb_profile_file_check:
 *
 * Whether an edit of @path could be written now: its folder exists (it is
 * made if not) and is writable, and the file is missing or parses.
 */
gboolean
pb_profile_file_check (const char  *path,
                       const char  *display_name,
                       GError     **error)
{
  g_autofree char *target = pb_profile_file_resolve (path);
  g_autofree char *dir = g_path_get_dirname (target);
  g_autoptr(GKeyFile) keyfile = NULL;

  if (!make_folder (target, display_name, error))
    return FALSE;

  if (g_access (dir, W_OK) != 0)
    {
      g_propagate_error (error, cannot_write (display_name, g_strerror (errno)));
      return FALSE;
    }

  keyfile = read_parsed (target, display_name, NULL, error);

  return keyfile != NULL;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      length -= n;
    }

  return TRUE;
}

/* Writes @data to a new private file in @target's folder, synced.
 * Returns: its path, or %NULL with errno set */
static char *
write_temporary (const char *target,
                 const char *data,
                 gsize       length)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *template = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0600);
  int saved_errno;

  if (fd < 0)
    return NULL;

  if (write_all (fd, data, length) && fsync (fd) == 0 && close (fd) == 0)
    return g_steal_pointer (&template);

  saved_errno = errno;
  close (fd);
  g_unlink (template);
  errno = saved_errno;

  return NULL;
}

/* So that the rename itself survives a crash, not only the data. */
static void
sync_folder (const char *target)
{
  g_autofree char *dir = g_path_get_dirname (target);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Under the lock no other Plugboard process is writing: a temporary file
 * of @target still there was left by one that died mid-write (the target
 * itself is intact, D8). Removes them, so a crash leaves no lasting debris. */
static void
remove_debris (const char *target)
{
  g_autofree char *dir_name = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  g_autoptr(GDir) dir = g_dir_open (dir_name, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      /* Exactly what write_temporary() makes: the prefix and six characters. */
      if (g_str_has_prefix (name, prefix) && strlen (name) == strlen (prefix) + 6)
        {
          g_autofree char *path = g_build_filename (dir_name, name, NULL);

          g_unlink (path);
        }
    }
}

static int
lock_profile (const char  *target,
              const char  *display_name,
              GError     **error)
{
  g_autofree char *lock_path = g_strconcat (target, ".lock", NULL);
  int fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_propagate_error (error, cannot_write (display_name, g_strerror (errno)));
      return -1;
    }

  while (flock (fd, LOCK_EX) != 0)
    {
      if (errno != EINTR)
        {
          g_propagate_error (error, cannot_write (display_name, g_strerror (errno)));
          close (fd);
          return -1;
        }
    }

  return fd;
}

/**
 * pb_profile_file_edit:
 * @was_there: (out) (optional): whether the edited entry was in the file
 *
 * Applies @edit to the file at @path as it is now, under the profiles' lock,
 * and replaces the file atomically. A file that does not parse is left as
 * it is (D8).
 *
 * Returns: (transfer full) (nullable): what was written, or %NULL with
 *   %PB_ERROR_BAD_PROFILE or %PB_ERROR_CANNOT_OPEN_PROFILE
 */
char *
pb_profile_file_edit (const char           *path,
                      const char           *display_name,
                      const PbProfileEdit  *edit,
                      gboolean             *was_there,
                      GError              **error)
{
  g_autofree char *target = pb_profile_file_resolve (path);
  int lock_fd;

  if (!make_folder (target, display_name, error))
    return NULL;

  lock_fd = lock_profile (target, display_name, error);
  if (lock_fd < 0)
    return NULL;

  remove_debris (target);

  for (guint attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
    {
      g_autofree char *etag = NULL;
      g_autofree char *current = NULL;
      g_autofree char *data = NULL;
      g_autofree char *temporary = NULL;
      g_autoptr(GKeyFile) keyfile = read_parsed (target, display_name, &etag, error);
      gboolean there;
      gsize length = 0;

      if (keyfile == NULL)
        break;

      there = pb_profile_apply_edit (keyfile, edit);
      data = g_key_file_to_data (keyfile, &length, NULL);

      temporary = write_temporary (target, data, length);
      if (temporary == NULL)
        {
          g_propagate_error (error, cannot_write (display_name, g_strerror (errno)));
          break;
        }

      if (test_hook != NULL)
        test_hook (target, test_hook_data);

      /* Someone wrote the file without our lock (by hand): edit it again. */
      current = etag_now (target);
      if (g_strcmp0 (current, etag) != 0)
        {
          g_unlink (temporary);
          continue;
        }

      if (g_rename (temporary, target) != 0)
        {
          int saved_errno = errno;

          g_unlink (temporary);
          g_propagate_error (error, cannot_write (display_name, g_strerror (saved_errno)));
          break;
        }

      sync_folder (target);
      close (lock_fd);
      if (was_there != NULL)
        *was_there = there;

      return g_steal_pointer (&data);
    }

  close (lock_fd);
  if (error != NULL && *error == NULL)
    g_set_error (error, PB_ERROR, PB_ERROR_CANNOT_OPEN_PROFILE,
                 _("Cannot write the drive profile %s: it kept changing while Plugboard wrote it. Try again."),
                 display_name);

  return NULL;
}
