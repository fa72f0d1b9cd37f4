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
#include "pb-profile-private.h"
#include "pb-util-private.h"

/**
 * PbProfile:
 *
 * The drives a user remembered, in a keyfile: one group per local name with
 * the keys `RemoteName`, `User` and `Options`. Passwords never go in it: they
 * live in the Secret Service. A second instance over a file in
 * `$XDG_RUNTIME_DIR` keeps the names given to drives mapped for this session
 * only, so that another process can cancel them by that name.
 *
 * The file is the truth, shared by the window, the tray, the CLI and the
 * user's editor: what is kept here is only a cache for reading, reloaded
 * whenever the file changes. Every change is one edit written to the file as
 * it is then (pb-profile-file.c), in a worker thread, never the cache
 * written back whole: that is how a drive another process remembered
 * meanwhile used to be lost.
 */
struct _PbProfile
{
  GObject       parent_instance;

  /* Owned */
  GFile        *file;
  char         *path;
  char         *display_name;
  GKeyFile     *keyfile;      /* the cache, never written */
  GError       *error;        /* why the file could not be read */
  char         *described;    /* pb_profile_describe() of the cache */
  GFileMonitor *monitor;
  GFileMonitor *target_monitor; /* where a symlinked profile points */
  char         *target;
  guint         generation;   /* bumped by each edit adopted */
  guint         reloading : 1;
  guint         reload_again : 1;
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

static void
pb_profile_dispose (GObject *object)
{
  PbProfile *self = (PbProfile *)object;

  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  if (self->target_monitor != NULL)
    g_file_monitor_cancel (self->target_monitor);
  g_clear_object (&self->target_monitor);

  G_OBJECT_CLASS (pb_profile_parent_class)->dispose (object);
}

static void
pb_profile_finalize (GObject *object)
{
  PbProfile *self = (PbProfile *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->described, g_free);
  g_clear_pointer (&self->target, g_free);

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
      self->path = g_file_get_path (self->file);
      self->display_name = g_file_get_parse_name (self->file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_profile_class_init (PbProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_profile_dispose;
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
   * What the profile holds changed: an edit of ours was written, or the
   * file changed on disk (another process, a hand edit) and was reloaded,
   * or it became unreadable (pb_profile_get_error()).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pb_profile_init (PbProfile *self)
{
  self->keyfile = g_key_file_new ();
  self->described = pb_profile_describe (self->keyfile, NULL);
}

/**
 * pb_profile_new:
 * @file: the keyfile, a local file; it need not exist yet, nor its folder
 *
 * Returns: (transfer full): an empty profile; call pb_profile_load_async()
 */
PbProfile *
pb_profile_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (g_file_is_native (file), NULL);

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
  g_autoptr(GFile) file = pb_local_file_new (path);

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
  g_autoptr(GFile) file = pb_local_file_new (path);

  return pb_profile_new (file);
}

/**
 * pb_profile_get_file:
 *
 * Returns: (transfer none): the keyfile
 */
GFile *
pb_profile_get_file (PbProfile *self)
{
  g_return_val_if_fail (PB_IS_PROFILE (self), NULL);

  return self->file;
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

/* Makes @keyfile or @error what the profile holds; ::changed only when a
 * reader would see a difference. Takes both. */
static void
adopt (PbProfile *self,
       GKeyFile  *keyfile,
       GError    *error)
{
  g_autofree char *described = NULL;

  /* Nothing of a profile we could not read may be shown. */
  if (keyfile == NULL)
    keyfile = g_key_file_new ();

  described = pb_profile_describe (keyfile, error);
  g_key_file_unref (self->keyfile);
  self->keyfile = keyfile;
  g_clear_error (&self->error);
  self->error = error;

  if (g_strcmp0 (described, self->described) == 0)
    return;

  g_free (self->described);
  self->described = g_steal_pointer (&described);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* What a read in a worker thread found. */
typedef struct {
  GKeyFile *keyfile;
  GError   *error;
  char     *target;     /* the file its symlinks end at */
  guint     generation;
} ReadResult;

static void
read_result_free (ReadResult *result)
{
  g_clear_pointer (&result->keyfile, g_key_file_unref);
  g_clear_error (&result->error);
  g_free (result->target);
  g_free (result);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PbProfile *self = source_object;
  ReadResult *result = task_data;
  g_autofree char *dir = g_path_get_dirname (self->path);

  /* A fresh account may have no ~/.config: made now, the folder lets the
   * monitor watch it with inotify, where a missing one means slow polling.
   * Failing to make it is no error for reading. */
  g_mkdir_with_parents (dir, 0700);

  result->target = pb_profile_file_resolve (self->path);
  result->keyfile = pb_profile_file_read (self->path, self->display_name, &result->error);
  g_task_return_boolean (task, TRUE);
}

static void
start_read (PbProfile           *self,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ReadResult *result = g_new0 (ReadResult, 1);

  result->generation = self->generation;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, result, (GDestroyNotify)read_result_free);
  g_task_run_in_thread (task, read_thread);
}

static void reload (PbProfile *self);
static void watch_target (PbProfile  *self,
                          const char *target);

static void
reload_cb (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  PbProfile *self = PB_PROFILE (object);
  ReadResult *result = g_task_get_task_data (G_TASK (res));

  self->reloading = FALSE;

  /* An edit of ours was adopted while this read ran: it may have read the
   * file before that edit, so read again rather than go back in time. */
  if (result->generation != self->generation)
    self->reload_again = TRUE;
  else
    adopt (self, g_steal_pointer (&result->keyfile), g_steal_pointer (&result->error));
  watch_target (self, result->target);

  if (self->reload_again)
    reload (self);
}

/* One read at a time; changes meanwhile make one more read after it. */
static void
reload (PbProfile *self)
{
  if (self->reloading)
    {
      self->reload_again = TRUE;
      return;
    }

  self->reloading = TRUE;
  self->reload_again = FALSE;
  start_read (self, reload, NULL, reload_cb, NULL);
}

static void
on_file_changed (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 PbProfile         *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED ||
      event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT ||
      event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;

  reload (self);
}

/* A profile that is a symlink (a dotfiles folder, say) changes where the
 * link points: edits rename a new file over the target, which the link's
 * folder never sees. So the target is watched too, wherever it is now. */
static void
watch_target (PbProfile  *self,
              const char *target)
{
  g_autoptr(GFile) file = NULL;

  if (self->monitor == NULL || g_strcmp0 (target, self->target) == 0)
    return;

  g_free (self->target);
  self->target = g_strdup (target);
  if (self->target_monitor != NULL)
    g_file_monitor_cancel (self->target_monitor);
  g_clear_object (&self->target_monitor);

  if (target == NULL || g_strcmp0 (target, self->path) == 0)
    return;

  file = pb_local_file_new (target);
  self->target_monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->target_monitor != NULL)
    g_signal_connect_object (self->target_monitor, "changed", G_CALLBACK (on_file_changed), self, 0);
}

static void
load_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbProfile *self = PB_PROFILE (object);
  ReadResult *result = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) monitor_error = NULL;

  if (result->generation == self->generation)
    adopt (self, g_steal_pointer (&result->keyfile), g_steal_pointer (&result->error));

  if (self->monitor == NULL)
    {
      self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_NONE, NULL, &monitor_error);
      if (self->monitor != NULL)
        g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_file_changed), self, 0);
      else
        g_debug ("Not watching %s: %s", self->display_name, monitor_error->message);
      watch_target (self, result->target);
      /* Whatever changed between the read and the watch is read again. */
      reload (self);
    }

  if (self->error != NULL)
    g_task_return_error (task, g_error_copy (self->error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pb_profile_load_async:
 *
 * Reads the file and starts watching it: from then on a change on disk is
 * reloaded and announced with ::changed. A missing file is an empty profile
 * (its folder is made, so that it can be watched); an unreadable one gives
 * %PB_ERROR_CANNOT_OPEN_PROFILE and a malformed one %PB_ERROR_BAD_PROFILE
 * (D8), after which the profile is empty and pb_profile_get_error() says
 * why, until the file is corrected.
 */
void
pb_profile_load_async (PbProfile           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PB_IS_PROFILE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_profile_load_async);
  start_read (self, pb_profile_load_async, NULL, load_cb, g_steal_pointer (&task));
}

gboolean
pb_profile_load_finish (PbProfile     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_profile_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pb_profile_get_error:
 *
 * Returns: (transfer none) (nullable): why the file could not be read, as
 *   last loaded
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
    *remote_name = g_key_file_get_string (self->keyfile, local_name, PB_PROFILE_KEY_REMOTE_NAME, NULL);
  if (user != NULL)
    *user = g_key_file_get_string (self->keyfile, local_name, PB_PROFILE_KEY_USER, NULL);

  return TRUE;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PbProfile *self = source_object;
  GError *error = NULL;

  if (pb_profile_file_check (self->path, self->display_name, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * pb_profile_check_async:
 *
 * Checks, from the file as it is now, that an edit could be written: the
 * file is missing or parses (D8), and its folder exists (it is made if not)
 * and is writable. Callers check before doing what the edit records, such
 * as mounting a drive.
 */
void
pb_profile_check_async (PbProfile           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PB_IS_PROFILE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_profile_check_async);
  g_task_run_in_thread (task, check_thread);
}

gboolean
pb_profile_check_finish (PbProfile     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_profile_check_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* One edit in a worker thread: what it answers. */
typedef struct {
  PbProfileEdit *edit;
  char          *written;
  gboolean       was_there;
} EditData;

static void
edit_data_free (EditData *data)
{
  pb_profile_edit_free (data->edit);
  g_free (data->written);
  g_free (data);
}

static void
edit_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PbProfile *self = source_object;
  EditData *data = task_data;
  GError *error = NULL;

  data->written = pb_profile_file_edit (self->path, self->display_name, data->edit, &data->was_there, &error);
  if (data->written == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
edit_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbProfile *self = PB_PROFILE (object);
  EditData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* What was written is the file now: shown at once, not when the monitor
   * tells, and no read started before it may bring back the older file. */
  self->generation++;
  adopt (self, pb_profile_parse (data->written, strlen (data->written), self->display_name, NULL), NULL);

  g_task_set_task_data (task, GINT_TO_POINTER (data->was_there), NULL);
  g_task_return_boolean (task, TRUE);
}

/* Edits are not cancelled once started: a half-made edit helps nobody, and
 * the file is replaced whole or not at all anyway. The caller's task waits
 * for a worker task, whose callback adopts what was written on the main
 * thread before answering. */
static void
start_edit (PbProfile           *self,
            PbProfileEdit       *edit,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) worker = NULL;
  EditData *data = g_new0 (EditData, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);

  data->edit = edit;
  worker = g_task_new (self, NULL, edit_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, start_edit);
  g_task_set_task_data (worker, data, (GDestroyNotify)edit_data_free);
  g_task_run_in_thread (worker, edit_thread);
}

/**
 * pb_profile_set_drive_async:
 * @local_name: a name for which pb_profile_name_is_valid() holds
 * @remote_name: the URI
 * @user: (nullable): the user name
 * @options: (nullable): mount options
 *
 * Adds @local_name to the file as it is now, or replaces it there.
 */
void
pb_profile_set_drive_async (PbProfile           *self,
                            const char          *local_name,
                            const char          *remote_name,
                            const char          *user,
                            const char * const  *options,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (PB_IS_PROFILE (self));
  g_return_if_fail (pb_profile_name_is_valid (local_name));
  g_return_if_fail (remote_name != NULL);

  start_edit (self, pb_profile_edit_new_set (local_name, remote_name, user, options),
              pb_profile_set_drive_async, cancellable, callback, user_data);
}

gboolean
pb_profile_set_drive_finish (PbProfile     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_profile_set_drive_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pb_profile_remove_drive_async:
 *
 * Removes @local_name from the file as it is now. A name that is not there
 * is no error: pb_profile_remove_drive_finish() says whether it was.
 */
void
pb_profile_remove_drive_async (PbProfile           *self,
                               const char          *local_name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PB_IS_PROFILE (self));
  g_return_if_fail (local_name != NULL);

  start_edit (self, pb_profile_edit_new_remove (local_name),
              pb_profile_remove_drive_async, cancellable, callback, user_data);
}

/**
 * pb_profile_remove_drive_finish:
 * @removed: (out) (optional): whether the drive was in the file
 */
gboolean
pb_profile_remove_drive_finish (PbProfile     *self,
                                GAsyncResult  *result,
                                gboolean      *removed,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_profile_remove_drive_async, FALSE);

  if (removed != NULL)
    *removed = GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result)));

  return g_task_propagate_boolean (G_TASK (result), error);
}
