/* pb-profile.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pb-error.h"
#include "pb-profile.h"

/**
 * PbProfile:
 *
 * The drives a user remembered, in a keyfile: one group per local name with
 * the keys `RemoteName`, `User` and `Options`. Passwords never go in it: they
 * live in the Secret Service. A second instance over a file in
 * `$XDG_RUNTIME_DIR` keeps the names given to drives mapped for this session
 * only, so that another process can cancel them by that name.
 *
 * D8: a file that cannot be parsed is never written over; every write
 * replaces the whole file atomically (a temporary file renamed over it).
 */
struct _PbProfile
{
  GObject    parent_instance;

  /* Owned */
  GFile     *file;
  GKeyFile  *keyfile;
  GError    *error;    /* why the file could not be loaded; saving refuses */
  GPtrArray *waiting;  /* save tasks for the next write */
  GPtrArray *writing;  /* save tasks the write in flight answers, or NULL */
};

G_DEFINE_FINAL_TYPE (PbProfile, pb_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define KEY_REMOTE_NAME "RemoteName"
#define KEY_USER        "User"
#define KEY_OPTIONS     "Options"

static void
pb_profile_finalize (GObject *object)
{
  PbProfile *self = (PbProfile *)object;

  g_assert (self->waiting->len == 0 && self->writing == NULL);

  g_clear_object (&self->file);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_profile_parent_class)->finalize (object);
}

static void
pb_profile_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PbProfile *self = PB_PROFILE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_profile_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PbProfile *self = PB_PROFILE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_profile_class_init (PbProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_profile_finalize;
  object_class->get_property = pb_profile_get_property;
  object_class->set_property = pb_profile_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, "The keyfile", G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PbProfile::changed:
   *
   * A drive was added, changed or removed in memory (saved or not yet).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pb_profile_init (PbProfile *self)
{
  self->keyfile = g_key_file_new ();
  self->waiting = g_ptr_array_new ();
}

/**
 * pb_profile_new:
 * @file: the keyfile; it need not exist yet
 *
 * Returns: (transfer full): an empty profile; call pb_profile_load_async()
 */
PbProfile *
pb_profile_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (PB_TYPE_PROFILE, "file", file, NULL);
}

/**
 * pb_profile_new_default:
 *
 * Returns: (transfer full): the user's remembered drives,
 *   `$XDG_CONFIG_HOME/plugboard/drives.ini`
 */
PbProfile *
pb_profile_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "plugboard", "drives.ini", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return pb_profile_new (file);
}

/**
 * pb_profile_new_session:
 *
 * Returns: (transfer full): the names of drives mapped for this session only,
 *   `$XDG_RUNTIME_DIR/plugboard/mapped.ini`, gone at logout like the mounts
 */
PbProfile *
pb_profile_new_session (void)
{
  g_autofree char *path = g_build_filename (g_get_user_runtime_dir (), "plugboard", "mapped.ini", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return pb_profile_new (file);
}

/**
 * pb_profile_name_is_valid:
 * @local_name: a name for a mapping
 *
 * A local name is a keyfile group and must never be mistaken for a mount path
 * or a remote name: it is not empty, has no `/`, `[`, `]` or control
 * character, and is valid UTF-8.
 */
gboolean
pb_profile_name_is_valid (const char *local_name)
{
  if (local_name == NULL || *local_name == '\0' || !g_utf8_validate (local_name, -1, NULL))
    return FALSE;

  for (const char *p = local_name; *p; p++)
    if (*p == '/' || *p == '[' || *p == ']' || g_ascii_iscntrl (*p))
      return FALSE;

  return TRUE;
}

static GError *
bad_profile (PbProfile  *self,
             const char *why)
{
  g_autofree char *name = g_file_get_parse_name (self->file);

  return g_error_new (PB_ERROR, PB_ERROR_BAD_PROFILE,
                      _("The drive profile %s cannot be read as a profile (%s). It was left as it is: "
                        "correct it or move it away, then try again."),
                      name, why);
}

static GError *
check_groups (PbProfile *self)
{
  g_auto(GStrv) groups = g_key_file_get_groups (self->keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *remote = g_key_file_get_string (self->keyfile, groups[i], KEY_REMOTE_NAME, NULL);

      if (!pb_profile_name_is_valid (groups[i]) || remote == NULL || strstr (remote, "://") == NULL)
        {
          g_autofree char *why = g_strdup_printf (_("drive “%s” has no valid %s"), groups[i], KEY_REMOTE_NAME);
          return bad_profile (self, why);
        }
    }

  return NULL;
}

/* Loads and saves both answer a boolean through a task of the profile. */
static GTask *
profile_task_new (PbProfile           *self,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);

  return task;
}

static gboolean
profile_task_finish (PbProfile     *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_contents_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbProfile *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_clear_error (&self->error);
  g_key_file_unref (self->keyfile);
  self->keyfile = g_key_file_new ();

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_autofree char *name = g_file_get_parse_name (self->file);

          self->error = g_error_new (PB_ERROR, PB_ERROR_CANNOT_OPEN_PROFILE,
                                     _("Cannot open the drive profile %s: %s. Make it a file you can read, "
                                       "or move it away, then try again."),
                                     name, error->message);
        }
    }
  else if (!g_key_file_load_from_data (self->keyfile, contents, length,
                                       G_KEY_FILE_KEEP_COMMENTS, &error))
    self->error = bad_profile (self, error->message);
  else
    self->error = check_groups (self);

  if (self->error != NULL)
    {
      /* Nothing of a profile we could not read may be shown or saved. */
      g_key_file_unref (self->keyfile);
      self->keyfile = g_key_file_new ();
    }

  g_signal_emit (self, signals[CHANGED], 0);

  if (self->error != NULL)
    g_task_return_error (task, g_error_copy (self->error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pb_profile_load_async:
 *
 * Reads the file. A missing file is an empty profile; an unreadable one gives
 * %PB_ERROR_CANNOT_OPEN_PROFILE and a malformed one %PB_ERROR_BAD_PROFILE
 * (D8), after which the profile stays empty and refuses to save.
 */
void
pb_profile_load_async (PbProfile           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (PB_IS_PROFILE (self));

  g_file_load_contents_async (self->file, cancellable, load_contents_cb,
                              profile_task_new (self, pb_profile_load_async, cancellable, callback, user_data));
}

gboolean
pb_profile_load_finish (PbProfile     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return profile_task_finish (self, result, error);
}

/**
 * pb_profile_get_error:
 *
 * Returns: (transfer none) (nullable): why the last load failed
 */
const GError *
pb_profile_get_error (PbProfile *self)
{
  g_return_val_if_fail (PB_IS_PROFILE (self), NULL);

  return self->error;
}

/**
 * pb_profile_dup_names:
 *
 * Returns: (transfer full): the local names, in file order
 */
GStrv
pb_profile_dup_names (PbProfile *self)
{
  g_return_val_if_fail (PB_IS_PROFILE (self), NULL);

  return g_key_file_get_groups (self->keyfile, NULL);
}

/**
 * pb_profile_lookup:
 * @remote_name: (out) (optional): the URI
 * @user: (out) (optional) (nullable): the user name, if one was given
 *
 * Returns: %TRUE if @local_name is in the profile
 */
gboolean
pb_profile_lookup (PbProfile   *self,
                   const char  *local_name,
                   char       **remote_name,
                   char       **user)
{
  g_return_val_if_fail (PB_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (local_name != NULL, FALSE);

  if (!pb_profile_name_is_valid (local_name) || !g_key_file_has_group (self->keyfile, local_name))
    return FALSE;

  if (remote_name != NULL)
    *remote_name = g_key_file_get_string (self->keyfile, local_name, KEY_REMOTE_NAME, NULL);
  if (user != NULL)
    *user = g_key_file_get_string (self->keyfile, local_name, KEY_USER, NULL);

  return TRUE;
}

/**
 * pb_profile_set_drive:
 * @local_name: a name for which pb_profile_name_is_valid() holds
 * @remote_name: the URI
 * @user: (nullable): the user name
 * @options: (nullable): mount options
 *
 * Adds or replaces a drive in memory; pb_profile_save_async() writes it.
 */
void
pb_profile_set_drive (PbProfile          *self,
                      const char         *local_name,
                      const char         *remote_name,
                      const char         *user,
                      const char * const *options)
{
  g_return_if_fail (PB_IS_PROFILE (self));
  g_return_if_fail (pb_profile_name_is_valid (local_name));
  g_return_if_fail (remote_name != NULL);

  g_key_file_remove_group (self->keyfile, local_name, NULL);
  g_key_file_set_string (self->keyfile, local_name, KEY_REMOTE_NAME, remote_name);
  if (user != NULL)
    g_key_file_set_string (self->keyfile, local_name, KEY_USER, user);
  if (options != NULL && options[0] != NULL)
    g_key_file_set_string_list (self->keyfile, local_name, KEY_OPTIONS, options, g_strv_length ((char **)options));

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * pb_profile_remove_drive:
 *
 * Returns: %TRUE if @local_name was there
 */
gboolean
pb_profile_remove_drive (PbProfile  *self,
                         const char *local_name)
{
  g_return_val_if_fail (PB_IS_PROFILE (self), FALSE);

  if (!pb_profile_name_is_valid (local_name) ||
      !g_key_file_remove_group (self->keyfile, local_name, NULL))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

static void write_next (PbProfile *self);

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PbProfile) self = user_data;
  g_autoptr(GPtrArray) done = g_steal_pointer (&self->writing);
  g_autoptr(GError) error = NULL;

  g_file_replace_contents_finish (G_FILE (object), result, NULL, &error);

  for (guint i = 0; i < done->len; i++)
    {
      g_autoptr(GTask) task = g_ptr_array_index (done, i);

      if (error != NULL)
        g_task_return_new_error (task, PB_ERROR, PB_ERROR_CANNOT_OPEN_PROFILE,
                                 _("Cannot write the drive profile: %s. Check that its folder is writable."),
                                 error->message);
      else
        g_task_return_boolean (task, TRUE);
    }

  write_next (self);
}

static void
make_directory_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PbProfile) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  GBytes *bytes;

  /* An existing folder is the usual case; any real problem shows up when the
   * file itself is written, with the better message. */
  g_file_make_directory_finish (G_FILE (object), result, &error);

  data = g_key_file_to_data (self->keyfile, &length, NULL);
  bytes = g_bytes_new_take (g_steal_pointer (&data), length);
  g_file_replace_contents_bytes_async (self->file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, replace_cb, g_object_ref (self));
  g_bytes_unref (bytes);
}

/* Writes are serialised: every task waiting when a write starts is answered
 * by that write, which carries everything set before it began. */
static void
write_next (PbProfile *self)
{
  g_autoptr(GFile) parent = NULL;

  if (self->writing != NULL || self->waiting->len == 0)
    return;

  self->writing = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new ();
  parent = g_file_get_parent (self->file);
  g_file_make_directory_async (parent, G_PRIORITY_DEFAULT, NULL, make_directory_cb, g_object_ref (self));
}

/**
 * pb_profile_save_async:
 *
 * Writes the profile atomically. A profile whose load failed refuses with
 * that error, so a file we could not parse is never overwritten (D8).
 */
void
pb_profile_save_async (PbProfile           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PB_IS_PROFILE (self));

  task = profile_task_new (self, pb_profile_save_async, cancellable, callback, user_data);
  if (self->error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->error));
      return;
    }

  /* Started writes are not cancelled: a half-done save is worse than a late one. */
  g_task_set_check_cancellable (task, FALSE);
  g_ptr_array_add (self->waiting, g_steal_pointer (&task));
  write_next (self);
}

gboolean
pb_profile_save_finish (PbProfile     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return profile_task_finish (self, result, error);
}
