/* pb-drive-map.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "pb-drive-error.h"
#include "pb-drive-secret.h"
#include "pb-drive-source-private.h"
#include "pb-gvfsd-watch.h"
#include "pb-error.h"

/* Mapping a drive: mount its URI through GVfs, answering the mount
 * operation's password question ourselves, then record its name (in the
 * profile when remembered, else for this session) and keep its password in
 * the Secret Service. Restoring maps every remembered drive at once. */

#define OPTION_ANONYMOUS "anonymous"

typedef struct {
  char            *uri;         /* what is mounted: normalised, user kept */
  char            *remote_name; /* what the profile keeps: no user */
  char            *local_name;
  char            *user;
  char            *password;    /* the caller's */
  char            *sent;        /* the password answered, if any */
  char            *mount_path;
  char            *warning;
  GError          *ask_error;   /* why a question was refused */
  GError          *record_error; /* why the name could not be recorded */
  GCancellable    *mount_cancellable; /* the mount call's: the map's, or the timeout */
  GSource         *timeout_source;
  GCancellable    *cancellable; /* the map's, while its handler is connected */
  gulong           cancelled_id;
  PbGvfsdWatch    *watch;       /* during the mount call, when there is a bus */
  GError          *mount_error; /* what the mount call said, while gvfsd is checked */
  PbDriveMapFlags  flags;
  guint            asks;
  guint            restore : 1;
  guint            anonymous : 1;
  guint            from_keyring : 1;
  guint            was_mounted : 1; /* before this map: not ours to undo */
  guint            timed_out : 1;
} MapData;

/* Ends the mount call's timer and lets go of the map's cancellable. */
static void
mount_call_done (MapData *data)
{
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_clear_pointer (&data->timeout_source, g_source_unref);
    }
  if (data->cancellable != NULL)
    g_cancellable_disconnect (data->cancellable, data->cancelled_id);
  data->cancelled_id = 0;
  g_clear_object (&data->cancellable);
}

static void
map_data_free (MapData *data)
{
  g_free (data->uri);
  g_free (data->remote_name);
  g_free (data->local_name);
  g_free (data->user);
  secret_password_free (data->password);
  secret_password_free (data->sent);
  g_free (data->mount_path);
  g_free (data->warning);
  g_clear_error (&data->ask_error);
  g_clear_error (&data->record_error);
  mount_call_done (data);
  g_clear_object (&data->mount_cancellable);
  g_clear_pointer (&data->watch, pb_gvfsd_watch_free);
  g_clear_error (&data->mount_error);
  g_free (data);
}

static void
answer_password (GMountOperation *op,
                 MapData         *data,
                 const char      *password)
{
  data->sent = g_strdup (password);
  g_mount_operation_set_password (op, password);
  g_mount_operation_set_password_save (op, G_PASSWORD_SAVE_NEVER);
  g_mount_operation_reply (op, G_MOUNT_OPERATION_HANDLED);
}

static void
refuse (GMountOperation *op,
        MapData         *data,
        GError          *error)
{
  g_clear_error (&data->ask_error);
  data->ask_error = error;
  g_mount_operation_reply (op, G_MOUNT_OPERATION_ABORTED);
}

typedef struct {
  GMountOperation *op;
  GTask           *task;
} Ask;

static void
keyring_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Ask *ask = user_data;
  MapData *data = g_task_get_task_data (ask->task);
  g_autoptr(GError) error = NULL;
  char *password = pb_drive_secret_lookup_finish (result, &error);

  if (password != NULL)
    {
      data->from_keyring = TRUE;
      answer_password (ask->op, data, password);
      secret_password_free (password);
    }
  else if (error != NULL)
    /* Absent, locked or failing: whether one is stored is not known. */
    refuse (ask->op, data,
            g_error_new (PB_ERROR, PB_ERROR_ACCESS_DENIED,
                         _("%s needs a password for %s, and the Secret Service did not give one (%s): start or "
                           "unlock it, or map it with --password-stdin."),
                         data->uri, data->user, error->message));
  else
    refuse (ask->op, data,
            g_error_new (PB_ERROR, PB_ERROR_ACCESS_DENIED,
                         _("%s needs a password for %s and none is stored: map it with --password-stdin."),
                         data->uri, data->user));

  g_object_unref (ask->op);
  g_object_unref (ask->task);
  g_free (ask);
}

/* The first question is answered with the caller's password, the stored one,
 * or as a guest; GVfs asks again only when the answer was refused, and then
 * the mapping fails at once instead of asking forever. */
static void
on_ask_password (GMountOperation   *op,
                 const char        *message,
                 const char        *default_user,
                 const char        *default_domain,
                 GAskPasswordFlags  flags,
                 GTask             *task)
{
  MapData *data = g_task_get_task_data (task);
  gboolean anonymous_ok = (flags & G_ASK_PASSWORD_ANONYMOUS_SUPPORTED) != 0;
  Ask *ask;

  if (++data->asks > 1)
    {
      if (data->sent != NULL)
        refuse (op, data, g_error_new (PB_ERROR, PB_ERROR_ACCESS_DENIED,
                                       _("The server refused the password for %s on %s: check the user and "
                                         "password, then map it again."),
                                       data->user, data->uri));
      else
        refuse (op, data, g_error_new (PB_ERROR, PB_ERROR_ACCESS_DENIED,
                                       _("%s does not let guests in: map it with --user and --password-stdin."),
                                       data->uri));
      return;
    }

  if (data->user == NULL && data->password == NULL && anonymous_ok)
    {
      data->anonymous = TRUE;
      g_mount_operation_set_anonymous (op, TRUE);
      g_mount_operation_reply (op, G_MOUNT_OPERATION_HANDLED);
      return;
    }

  if (data->user == NULL)
    data->user = g_strdup (default_user && *default_user ? default_user : g_get_user_name ());
  if (flags & G_ASK_PASSWORD_NEED_USERNAME)
    g_mount_operation_set_username (op, data->user);
  if (flags & G_ASK_PASSWORD_NEED_DOMAIN)
    g_mount_operation_set_domain (op, default_domain);

  if (data->password != NULL)
    {
      answer_password (op, data, data->password);
      return;
    }

  ask = g_new0 (Ask, 1);
  ask->op = g_object_ref (op);
  ask->task = g_object_ref (task);
  pb_drive_secret_lookup_async (data->uri, data->user, g_task_get_cancellable (task), keyring_cb, ask);
}

static void
on_ask_question (GMountOperation *op,
                 const char      *message,
                 GStrv            choices,
                 GTask           *task)
{
  MapData *data = g_task_get_task_data (task);

  /* An unattended mapping accepts nothing on the user's behalf (an unknown
   * host key, say): the question becomes the error. */
  refuse (op, data, g_error_new (PB_ERROR, PB_ERROR_EXTENDED,
                                 _("Cannot map %s: the server asks “%s”. Mount it once in the file manager "
                                   "to answer, then map it again."),
                                 data->uri, message));
}

static void
store_secret_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MapData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (pb_drive_secret_store_finish (result, &error))
    ;
  else if (data->flags & PB_DRIVE_MAP_REMEMBER)
    data->warning = g_strdup_printf (_("%s is mapped and remembered, but its password could not be stored in "
                                       "the Secret Service (%s): restoring it will need the password again."),
                                     data->local_name, error->message);
  else
    data->warning = g_strdup_printf (_("%s is mapped, but its password could not be stored in the Secret "
                                       "Service (%s)."),
                                     data->local_name != NULL ? data->local_name : data->uri, error->message);

  g_task_return_boolean (task, TRUE);
}

/* The last step of a map: the password the server took goes to the Secret
 * Service if the caller asked for that, unless it came from there. */
static void
map_store_secret (GTask *task)
{
  MapData *data = g_task_get_task_data (task);

  if ((data->flags & (PB_DRIVE_MAP_REMEMBER | PB_DRIVE_MAP_SAVE_PASSWORD)) && data->sent != NULL &&
      !data->from_keyring)
    pb_drive_secret_store_async (data->uri, data->user, data->sent, NULL, store_secret_cb, task);
  else
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
undo_unmount_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MapData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_mount_unmount_with_operation_finish (G_MOUNT (object), result, &error))
    g_task_return_new_error (task, PB_ERROR, data->record_error->code,
                             _("%s was mounted, but recording its name failed: %s Disconnecting it again failed "
                               "too (%s): disconnect it by its remote name."),
                             data->uri, data->record_error->message, error->message);
  else
    g_task_return_new_error (task, PB_ERROR, data->record_error->code,
                             _("%s was mounted, but recording its name failed, so it was disconnected again: %s"),
                             data->uri, data->record_error->message);
}

static void
undo_find_mount_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MapData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMount) mount = g_file_find_enclosing_mount_finish (G_FILE (object), result, &error);

  if (mount == NULL)
    {
      g_task_return_new_error (task, PB_ERROR, data->record_error->code,
                               _("%s was mounted, but recording its name failed: %s Disconnecting it again failed "
                                 "too (%s): disconnect it by its remote name."),
                               data->uri, data->record_error->message, error->message);
      return;
    }

  g_mount_unmount_with_operation (mount, G_MOUNT_UNMOUNT_NONE, NULL, NULL, undo_unmount_cb,
                                  g_steal_pointer (&task));
}

/* A map that needs the profile does both or neither: the profile was checked
 * before mounting, and if the write still failed, the mount we made goes.
 * One that was there already is not ours to take away. */
static void
map_undo (GTask  *task,
          GError *error)
{
  MapData *data = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;

  g_clear_error (&data->record_error);
  data->record_error = error;

  if (data->was_mounted)
    {
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
      return;
    }

  file = g_file_new_for_uri (data->uri);
  g_file_find_enclosing_mount_async (file, G_PRIORITY_DEFAULT, NULL, undo_find_mount_cb, task);
}

static void
session_name_removed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* A stale session name is harmless: the remembered one is found first. */
  if (!pb_profile_remove_drive_finish (PB_PROFILE (object), result, NULL, &error))
    g_debug ("Keeping a stale session name: %s", error->message);

  map_store_secret (g_steal_pointer (&task));
}

static void
profile_recorded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbDriveSource *self = g_task_get_source_object (task);
  MapData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pb_profile_set_drive_finish (PB_PROFILE (object), result, &error))
    {
      map_undo (g_steal_pointer (&task), error);
      return;
    }

  /* The remembered name replaces a session one. */
  if (PB_PROFILE (object) == self->profile && pb_profile_lookup (self->session, data->local_name, NULL, NULL))
    {
      pb_profile_remove_drive_async (self->session, data->local_name, NULL, session_name_removed_cb,
                                     g_steal_pointer (&task));
      return;
    }

  map_store_secret (g_steal_pointer (&task));
}

/* Mounted: the name goes in the profile (remembered) or the session names. */
static void
map_record (GTask *task)
{
  PbDriveSource *self = g_task_get_source_object (task);
  MapData *data = g_task_get_task_data (task);
  const char *options[] = { OPTION_ANONYMOUS, NULL };
  PbProfile *profile;

  if (data->local_name == NULL)
    {
      map_store_secret (task);
      return;
    }

  profile = (data->flags & PB_DRIVE_MAP_REMEMBER) ? self->profile : self->session;
  pb_profile_set_drive_async (profile, data->local_name, data->remote_name,
                              data->anonymous ? NULL : data->user,
                              data->anonymous ? options : NULL,
                              NULL, profile_recorded_cb, task);
}

static void
attached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MapData *data = g_task_get_task_data (task);

  pb_drive_source_attach_finish (PB_DRIVE_SOURCE (object), result);

  if (data->restore)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  map_record (g_steal_pointer (&task));
}

static void
mounted_path_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbDriveSource *self = PB_DRIVE_SOURCE (object);
  MapData *data = g_task_get_task_data (task);

  data->mount_path = pb_drive_source_fuse_path_finish (self, result);

  /* Mapped again under a name that was detached from its mount: it shows
   * its mount again. */
  if (data->local_name != NULL)
    {
      pb_drive_source_attach_async (self, data->local_name, attached_cb, g_steal_pointer (&task));
      return;
    }

  if (data->restore)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  map_record (g_steal_pointer (&task));
}

/* The bus answers "no reply" for a gvfsd killed under the mount and for
 * the backend it spawned: which one left is told by the watch, once it has
 * settled. */
static void
mount_failed_settled_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MapData *data = g_task_get_task_data (task);

  pb_gvfsd_watch_settle_finish (data->watch, result);
  if (data->watch == NULL || pb_gvfsd_watch_gone (data->watch))
    g_task_return_error (task, pb_drive_error_new_map (data->uri, data->mount_error));
  else
    g_task_return_error (task, pb_drive_error_new_map_backend_died (data->uri, data->mount_error));
}

/* Takes @task and @error: why the mount call failed. */
static void
mount_failed (GTask  *task,
              GError *error)
{
  PbDriveSource *self = g_task_get_source_object (task);
  MapData *data = g_task_get_task_data (task);

  if (data->ask_error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->ask_error));
  else if (data->timed_out)
    g_task_return_new_error (task, PB_ERROR, PB_ERROR_TIMEOUT,
                             ngettext ("Cannot map %s: GVfs did not finish the mount within %u second, so "
                                       "the map was given up and nothing was remembered. If GVfs finishes "
                                       "it later, the drive is listed under its mount path, to be "
                                       "disconnected from there.",
                                       "Cannot map %s: GVfs did not finish the mount within %u seconds, so "
                                       "the map was given up and nothing was remembered. If GVfs finishes "
                                       "it later, the drive is listed under its mount path, to be "
                                       "disconnected from there.",
                                       self->teardown_timeout),
                             data->uri, self->teardown_timeout);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
           g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED))
    {
      data->mount_error = g_steal_pointer (&error);
      pb_gvfsd_watch_settle_async (data->watch, mount_failed_settled_cb, g_steal_pointer (&task));
    }
  else
    /* A location no GVfs backend mounts is CALL_NOT_IMPLEMENTED. */
    g_task_return_error (task, pb_drive_error_new_map (data->uri, error));

  g_clear_error (&error);
  g_clear_object (&task);
}

static void
mount_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MapData *data = g_task_get_task_data (task);
  GError *error = NULL;
  PbDriveSource *self = g_task_get_source_object (task);

  mount_call_done (data);
  if (!g_file_mount_enclosing_volume_finish (G_FILE (object), result, &error) &&
      !(data->was_mounted = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ALREADY_MOUNTED)))
    {
      mount_failed (g_steal_pointer (&task), error);
      return;
    }
  g_clear_error (&error);

  /* Its FUSE path may need gvfsd: asked off the main loop. */
  pb_drive_source_fuse_path_async (self, G_FILE (object), NULL, mounted_path_cb, g_steal_pointer (&task));
}

static gboolean
mount_timeout_cb (gpointer user_data)
{
  MapData *data = user_data;

  data->timed_out = TRUE;
  g_clear_pointer (&data->timeout_source, g_source_unref);
  g_cancellable_cancel (data->mount_cancellable);

  return G_SOURCE_REMOVE;
}

static void
cancel_mount_call (GCancellable *cancellable,
                   GCancellable *mount_cancellable)
{
  g_cancellable_cancel (mount_cancellable);
}

/* Takes @task: mounts data->uri, answering GVfs's questions, with gvfsd
 * watched. */
static void
map_watch_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  PbDriveSource *self = g_task_get_source_object (task);
  MapData *data = g_task_get_task_data (task);
  g_autoptr(GMountOperation) op = NULL;
  g_autoptr(GFile) file = NULL;

  data->watch = pb_gvfsd_watch_new_finish (result);

  op = g_mount_operation_new ();
  g_signal_connect (op, "ask-password", G_CALLBACK (on_ask_password), task);
  g_signal_connect (op, "ask-question", G_CALLBACK (on_ask_question), task);

  /* GVfs waits on a backend as long as it takes, and a stopped one never
   * answers: the mount is given up after the teardown timeout, as an
   * unmount is. Its call has a cancellable of its own for that. */
  data->mount_cancellable = g_cancellable_new ();
  if (g_task_get_cancellable (task) != NULL)
    {
      data->cancellable = g_object_ref (g_task_get_cancellable (task));
      data->cancelled_id = g_cancellable_connect (data->cancellable, G_CALLBACK (cancel_mount_call),
                                                  g_object_ref (data->mount_cancellable), g_object_unref);
    }
  data->timeout_source = g_timeout_source_new_seconds (self->teardown_timeout);
  g_source_set_callback (data->timeout_source, mount_timeout_cb, data, NULL);
  g_source_set_static_name (data->timeout_source, "[plugboard] mount timeout");
  g_source_attach (data->timeout_source, g_main_context_get_thread_default ());

  file = g_file_new_for_uri (data->uri);
  g_file_mount_enclosing_volume (file, G_MOUNT_MOUNT_NONE, op, data->mount_cancellable, mount_cb, task);
}

/* Takes @task. */
static void
map_mount (GTask *task)
{
  PbDriveSource *self = g_task_get_source_object (task);
  MapData *data = g_task_get_task_data (task);

  if (!self->available)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_EXTENDED, _("Cannot map %s. %s"), data->uri, self->status);
      g_object_unref (task);
      return;
    }

  pb_gvfsd_watch_new_async (NULL, map_watch_cb, task);
}

static void
profile_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!pb_profile_check_finish (PB_PROFILE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  map_mount (g_steal_pointer (&task));
}

static void
map_start (PbDriveSource       *self,
           MapData             *data,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pb_drive_map_async);
  g_task_set_task_data (task, data, (GDestroyNotify)map_data_free);

  if (data->uri == NULL)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_EXTENDED,
                               _("Cannot map “%s”: it is not a network location. Give a URI such as "
                                 "smb://server/share."),
                               data->remote_name);
      return;
    }

  /* A map that records a name checks first that it can: a profile that
   * does not parse or a folder that cannot be written stops it before
   * anything is mounted. */
  if (data->local_name != NULL && !data->restore)
    {
      PbProfile *profile = (data->flags & PB_DRIVE_MAP_REMEMBER) ? self->profile : self->session;

      pb_profile_check_async (profile, cancellable, profile_checked_cb, g_steal_pointer (&task));
      return;
    }

  map_mount (g_steal_pointer (&task));
}

static MapData *
map_data_new (const char *uri,
              const char *local_name,
              const char *user)
{
  MapData *data = g_new0 (MapData, 1);
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);

  data->user = g_strdup (user != NULL ? user : parsed ? g_uri_get_user (parsed) : NULL);
  data->remote_name = pb_drive_normalize_uri (uri, FALSE);
  data->uri = data->remote_name ? pb_drive_mapping_uri (data->remote_name, data->user) : NULL;
  if (data->remote_name == NULL)
    data->remote_name = g_strdup (uri);
  data->local_name = g_strdup (local_name);

  return data;
}

/**
 * pb_drive_map_async:
 * @uri: what to mount, e.g. `smb://server/share`
 * @local_name: (nullable): the name to map it under; required to remember
 * @user: (nullable): the user to connect as; %NULL connects as a guest when
 *   the server allows it, unless @uri names a user
 * @password: (nullable): the password; %NULL uses the one GVfs or Plugboard
 *   stored in the Secret Service
 * @flags: #PbDriveMapFlags
 *
 * Mounts @uri through GVfs and names it. The password question is answered
 * once; a second question means the answer was refused, and the call fails
 * with %PB_ERROR_ACCESS_DENIED rather than asking again. With
 * %PB_DRIVE_MAP_REMEMBER the drive goes in the profile and the password in
 * the Secret Service; with %PB_DRIVE_MAP_SAVE_PASSWORD only the password
 * does. If that store fails the drive is still mapped (and remembered), and
 * pb_drive_map_finish() returns a warning saying so.
 */
void
pb_drive_map_async (PbDriveSource       *self,
                    const char          *uri,
                    const char          *local_name,
                    const char          *user,
                    const char          *password,
                    PbDriveMapFlags      flags,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  MapData *data;

  g_return_if_fail (PB_IS_DRIVE_SOURCE (self));
  g_return_if_fail (uri != NULL);
  g_return_if_fail (local_name == NULL || pb_profile_name_is_valid (local_name));
  g_return_if_fail (local_name != NULL || !(flags & PB_DRIVE_MAP_REMEMBER));

  data = map_data_new (uri, local_name, user);
  data->password = g_strdup (password);
  data->flags = flags;

  map_start (self, data, cancellable, callback, user_data);
}

/**
 * pb_drive_map_finish:
 * @mount_path: (out) (optional) (nullable): the local path of @uri (the FUSE
 *   path for a GVfs mount), when it has one
 * @warning: (out) (optional) (nullable): a sentence to show when the drive is
 *   mapped but its password could not be remembered
 *
 * Returns: %TRUE when the drive is mounted and named
 */
gboolean
pb_drive_map_finish (PbDriveSource  *self,
                     GAsyncResult   *result,
                     char          **mount_path,
                     char          **warning,
                     GError        **error)
{
  MapData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (mount_path != NULL)
    *mount_path = g_strdup (data->mount_path);
  if (warning != NULL)
    *warning = g_strdup (data->warning);

  return TRUE;
}

typedef struct {
  GHashTable *results; /* local name → GError or NULL */
  guint       pending;
} RestoreData;

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
restore_data_free (RestoreData *data)
{
  g_clear_pointer (&data->results, g_hash_table_unref);
  g_free (data);
}

/* Drops one hold on the restore; the last one answers with the results. */
static void
restore_release (GTask *task)
{
  RestoreData *restore = g_task_get_task_data (task);

  if (--restore->pending == 0)
    g_task_return_pointer (task, g_steal_pointer (&restore->results), (GDestroyNotify)g_hash_table_unref);
}

static void
restore_one_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  RestoreData *restore = g_task_get_task_data (task);
  MapData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  pb_drive_map_finish (PB_DRIVE_SOURCE (object), result, NULL, NULL, &error);
  g_hash_table_insert (restore->results, g_strdup (data->local_name), error);

  restore_release (task);
  g_object_unref (task);
}

/**
 * pb_drive_restore_async:
 *
 * Maps every remembered drive again, all at once: one that fails does not
 * hold up or stop the others. A drive that is connected already counts as
 * restored.
 */
void
pb_drive_restore_async (PbDriveSource       *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) names = NULL;
  RestoreData *restore;

  g_return_if_fail (PB_IS_DRIVE_SOURCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_drive_restore_async);

  if (pb_profile_get_error (self->profile) != NULL)
    {
      g_task_return_error (task, g_error_copy (pb_profile_get_error (self->profile)));
      return;
    }

  restore = g_new0 (RestoreData, 1);
  restore->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, error_free0);
  g_task_set_task_data (task, restore, (GDestroyNotify)restore_data_free);

  names = pb_profile_dup_names (self->profile);
  restore->pending = 1; /* held until every map has started */

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *remote = NULL;
      g_autofree char *user = NULL;
      MapData *data;

      /* A guest drive has no user and is mounted as a guest again. */
      pb_profile_lookup (self->profile, names[i], &remote, &user);
      data = map_data_new (remote, names[i], user);
      data->restore = TRUE;

      restore->pending++;
      map_start (self, data, cancellable, restore_one_cb, g_object_ref (task));
    }

  restore_release (task);
}

/**
 * pb_drive_restore_finish:
 *
 * Returns: (transfer full) (element-type utf8 GError): every remembered
 *   drive's local name, mapped to %NULL when it is connected now or to the
 *   error that stopped it; %NULL with @error when the profile could not be
 *   read (D8)
 */
GHashTable *
pb_drive_restore_finish (PbDriveSource  *self,
                         GAsyncResult   *result,
                         GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
