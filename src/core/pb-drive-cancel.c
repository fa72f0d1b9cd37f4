/* pb-drive-cancel.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "pb-drive-entry.h"
#include "pb-drive-error.h"
#include "pb-drive-holder.h"
#include "pb-drive-secret.h"
#include "pb-drive-source-private.h"
#include "pb-gvfsd-watch.h"
#include "pb-error.h"

/* Cancelling a drive, as WNetCancelConnection2 does (SEMANTICS §3, D1–D9).
 *
 * Each mount to break is checked for holders first: processes with a file or
 * their working directory under its mount path. GVfs would unmount an idle
 * open file without a word, so without force any holder stops the cancel
 * with OPEN_FILES (D2). Then the mount is unmounted (forced if asked), and
 * the outcome is judged by whether the mount is gone, not by the unmount's
 * answer alone; but a mount gone because its GVfs backend died under the
 * unmount (a forced one can crash gvfsd-smb in the middle of a read) is
 * not a disconnect, and is reported as EXTENDED. A mount still there is
 * reported by the cause of its failure (pb_drive_error_classify()): busy
 * is DEVICE_IN_USE (D3), naming its holders; not permitted is
 * ACCESS_DENIED; anything else EXTENDED with the system's message (D9).
 *
 * The GCancellable is honoured at every step: cancelled before an unmount
 * starts, nothing is changed; during the holders look-up or the unmount, it
 * is passed on, the cancel ends with G_IO_ERROR_CANCELLED, and the profile
 * is never touched afterwards. */

/* How long gvfsd may take to answer the round trip that judges a GVfs
 * unmount; a gvfsd that does not answer is judged by the mounts as known. */
#define ROUND_TRIP_TIMEOUT_MS 2000

typedef struct {
  char              *name;
  PbDisconnectFlags  flags;
  char              *forget;         /* remembered name to drop from the profile */
  char              *forget_remote;
  char              *forget_user;
  char              *session_name;   /* session name to drop once unmounted */
  GPtrArray         *holders;        /* PbDriveHolder of every failed mount */
  GError            *error;          /* the first mount that failed */
  guint              pending;
  guint              forgotten : 1;  /* the profile edit is done */
} CancelData;

static void
cancel_data_free (CancelData *data)
{
  g_free (data->name);
  g_free (data->forget);
  g_free (data->forget_remote);
  g_free (data->forget_user);
  g_free (data->session_name);
  g_ptr_array_unref (data->holders);
  g_clear_error (&data->error);
  g_free (data);
}

/* One mount being unmounted. */
typedef struct {
  GTask         *task;       /* the cancel */
  PbDriveSource *self;
  GObject       *target;     /* the GMount, or a kernel mount's PbDriveEntry */
  char          *label;      /* its local name, for messages */
  char          *path;       /* its mount path, or NULL */
  GArray        *gvfs_pids;  /* show-processes */
  GError        *error;      /* what the unmount said */
  GSubprocess   *umount;
  GCancellable  *call_cancellable; /* the unmount call: the cancel's, or the timeout */
  GSource       *timeout_source;
  gulong         cancelled_id;
  PbGvfsdWatch  *watch;      /* gvfsd, during a GMount's unmount */
  guint          timed_out : 1;
  guint          gvfsd_silent : 1; /* gvfsd did not answer the check after it */
} Unmount;

static void
unmount_free (Unmount *u)
{
  g_cancellable_disconnect (g_task_get_cancellable (u->task), u->cancelled_id);
  g_clear_object (&u->call_cancellable);
  g_clear_pointer (&u->watch, pb_gvfsd_watch_free);
  if (u->timeout_source != NULL)
    {
      g_source_destroy (u->timeout_source);
      g_source_unref (u->timeout_source);
    }
  g_object_unref (u->task);
  g_object_unref (u->target);
  g_free (u->label);
  g_free (u->path);
  g_array_unref (u->gvfs_pids);
  g_clear_error (&u->error);
  g_clear_object (&u->umount);
  g_free (u);
}

static void cancel_complete (GTask *task);

/* The unmount call's answer came, or it was given up: the clock stops. */
static void
stop_timeout (Unmount *u)
{
  if (u->timeout_source != NULL)
    {
      g_source_destroy (u->timeout_source);
      g_clear_pointer (&u->timeout_source, g_source_unref);
    }
}


static void
set_error (CancelData *data,
           GError     *error)
{
  if (data->error == NULL)
    data->error = error;
  else
    g_error_free (error);
}

static void
fail_with_holders (Unmount   *u,
                   PbError    code,
                   GPtrArray *holders)
{
  CancelData *data = g_task_get_task_data (u->task);
  g_autofree char *who = holders && holders->len ? pb_drive_holders_describe (holders) : NULL;

  if (code == PB_ERROR_OPEN_FILES)
    set_error (data, who
      ? g_error_new (PB_ERROR, code, _("Cannot disconnect %s: it has open files or running jobs in %s. Close "
                                       "them, or disconnect with force."), u->label, who)
      : g_error_new (PB_ERROR, code, _("Cannot disconnect %s: it has open files or running jobs. Close them, "
                                       "or disconnect with force."), u->label));
  else if (who != NULL)
    set_error (data, g_error_new (PB_ERROR, code, _("Cannot disconnect %s even by force: %s still use it. Close "
                                                    "them, then try again."), u->label, who));
  else if (u->error != NULL)
    set_error (data, pb_drive_error_new_unmount (u->label, u->error));
  else
    set_error (data, g_error_new (PB_ERROR, code, _("Cannot disconnect %s even by force: it is still in use. "
                                                    "Close the programs using it, then try again."), u->label));

  for (guint i = 0; holders != NULL && i < holders->len; i++)
    g_ptr_array_add (data->holders, g_object_ref (g_ptr_array_index (holders, i)));
}

static void
unmount_done (Unmount *u)
{
  GTask *task = g_object_ref (u->task);
  CancelData *data = g_task_get_task_data (task);

  unmount_free (u);
  if (--data->pending == 0)
    cancel_complete (task);
  g_object_unref (task);
}

/* The cancel's GCancellable fired: this mount's step ends here. */
static gboolean
unmount_cancelled (Unmount *u)
{
  CancelData *data = g_task_get_task_data (u->task);
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (u->task), &error))
    return FALSE;

  set_error (data, error);
  unmount_done (u);

  return TRUE;
}

static void
busy_holders_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Unmount *u = user_data;
  CancelData *data = g_task_get_task_data (u->task);
  g_autoptr(GPtrArray) holders = pb_drive_holders_find_finish (result, NULL);

  if (unmount_cancelled (u))
    return;

  fail_with_holders (u, (data->flags & PB_DISCONNECT_FORCE) ? PB_ERROR_DEVICE_IN_USE : PB_ERROR_OPEN_FILES, holders);
  unmount_done (u);
}

/* The mount is still there: say why. Busy (GVfs named processes, or the
 * system said so) names whoever holds it now; any other cause is reported
 * as it is. */
static void
judge_still_mounted (Unmount *u)
{
  CancelData *data = g_task_get_task_data (u->task);
  PbError code = u->error ? pb_drive_error_classify (u->error) : PB_ERROR_DEVICE_IN_USE;
  const char *paths[] = { u->path, NULL };

  /* Stopped, gvfsd holds the backend's unmount (which ends by telling it)
   * and leaves its list of mounts unanswered: the mount seen here may be
   * gone already. */
  if (u->timed_out && u->gvfsd_silent)
    {
      set_error (data, g_error_new (PB_ERROR, PB_ERROR_TIMEOUT,
                                    _("Disconnecting %s did not finish within %u seconds, and gvfsd is not "
                                      "answering, so whether the drive is still connected cannot be told. List "
                                      "the drives once GVfs answers again."),
                                    u->label, u->self->teardown_timeout));
      unmount_done (u);
      return;
    }

  if (u->timed_out)
    {
      set_error (data, g_error_new (PB_ERROR, PB_ERROR_TIMEOUT,
                                    _("Disconnecting %s did not finish within %u seconds; its GVfs backend or the "
                                      "system may be stuck, and the drive is still connected. Try again, or allow "
                                      "more time."),
                                    u->label, u->self->teardown_timeout));
      unmount_done (u);
      return;
    }

  /* gvfsd died under the unmount: it took its list of mounts with it and
   * never said "unmounted", so the mount still seen here proves nothing,
   * and neither busy nor done can be told. */
  if (pb_gvfsd_watch_gone (u->watch))
    {
      set_error (data, g_error_new (PB_ERROR, PB_ERROR_EXTENDED,
                                    _("GVfs stopped during the disconnect of %s (gvfsd left the session bus), so "
                                      "whether it was disconnected cannot be told. List the drives to see if it "
                                      "is still connected."),
                                    u->label));
      unmount_done (u);
      return;
    }

  if (u->gvfs_pids->len > 0 || code == PB_ERROR_DEVICE_IN_USE)
    {
      pb_drive_holders_find_async (paths, (GPid *)(gpointer)u->gvfs_pids->data, u->gvfs_pids->len,
                                   g_task_get_cancellable (u->task), busy_holders_cb, u);
      return;
    }

  set_error (data, pb_drive_error_new_unmount (u->label, u->error));
  unmount_done (u);
}

/* The unmount's answer says its GVfs backend left the bus before it
 * answered: it died (or was killed) during the teardown. */
static gboolean
backend_vanished (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

static void
judge_now (Unmount *u)
{
  if (unmount_cancelled (u))
    return;

  if (pb_drive_source_is_mounted (u->self, u->target))
    {
      judge_still_mounted (u);
      return;
    }

  /* Gone, but because the backend died under the unmount, not because the
   * unmount finished: nothing was closed in order and data not yet written
   * may be lost, so this is no success. */
  if (G_IS_MOUNT (u->target) && backend_vanished (u->error))
    set_error (g_task_get_task_data (u->task),
               g_error_new (PB_ERROR, PB_ERROR_EXTENDED,
                            _("%s is no longer connected, but not because it was disconnected: its GVfs backend "
                              "stopped during the disconnect (%s). Files being written to it may not have been "
                              "saved."),
                            u->label, u->error->message));
  unmount_done (u);
}

static gboolean
judge_idle (gpointer user_data)
{
  judge_now (user_data);

  return G_SOURCE_REMOVE;
}

static void
gvfsd_round_trip_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Unmount *u = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);

  u->gvfsd_silent = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);

  /* The reply came after every signal gvfsd sent before it; those are
   * dispatched from idles queued ahead of this one. */
  g_idle_add (judge_idle, user_data);
}

static void
gvfsd_bus_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Unmount *u = user_data;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, NULL);

  if (bus == NULL)
    {
      judge_now (u);
      return;
    }

  g_dbus_connection_call (bus, "org.gtk.vfs.Daemon", "/org/gtk/vfs/mounttracker", "org.gtk.vfs.MountTracker",
                          "ListMounts2", g_variant_new ("(b)", TRUE), NULL, G_DBUS_CALL_FLAGS_NONE, ROUND_TRIP_TIMEOUT_MS,
                          NULL, gvfsd_round_trip_cb, u);
}

static void
kernel_reloaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  pb_drive_source_reload_kernel_finish (PB_DRIVE_SOURCE (object), result, NULL);
  judge_now (user_data);
}

/* Success is the mount being gone, whatever the unmount answered. A kernel
 * mount is looked up in the mount table read again now. A GMount leaves the
 * monitor on gvfsd's "unmounted" signal, which may come after the backend's
 * answer (another sender), and after an error too (a backend that crashed
 * under the unmount takes its mount with it): so gvfsd is asked once
 * more, and its answer comes after any "unmounted" it sent before. No
 * fixed wait. A mount gone because its backend died is judged a failure
 * (judge_now()). */
static void
judge (Unmount *u)
{
  if (unmount_cancelled (u))
    return;

  if (!G_IS_MOUNT (u->target))
    pb_drive_source_reload_kernel_async (u->self, NULL, kernel_reloaded_cb, u);
  else if (pb_drive_source_is_mounted (u->self, u->target))
    g_bus_get (G_BUS_TYPE_SESSION, NULL, gvfsd_bus_cb, u);
  else
    judge_now (u);
}

static void
unmount_mount_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Unmount *u = user_data;

  g_mount_unmount_with_operation_finish (G_MOUNT (object), result, &u->error);
  stop_timeout (u);
  judge (u);
}

static void
umount_exited_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Unmount *u = user_data;
  g_autofree char *err_text = NULL;

  if (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, NULL, &err_text, &u->error) &&
      !g_subprocess_get_successful (G_SUBPROCESS (object)))
    u->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, g_strstrip (err_text));
  else if (g_error_matches (u->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* umount is not left running for nobody. */
    g_subprocess_force_exit (G_SUBPROCESS (object));
  stop_timeout (u);
  judge (u);
}

/* GVfs reports the processes with jobs in flight and asks whether to go on:
 * the answer is no, and they are named in the error. */
static void
on_show_processes (GMountOperation *op,
                   const char      *message,
                   GArray          *processes,
                   GStrv            choices,
                   Unmount         *u)
{
  g_array_append_vals (u->gvfs_pids, processes->data, processes->len);
  g_mount_operation_reply (op, G_MOUNT_OPERATION_ABORTED);
}

/* GVfs waits for a backend as long as it takes, and a stopped backend never
 * answers: the call is given up as a link's teardown is (L2), and the mount,
 * still there, is reported as TIMEOUT by judge_still_mounted(). */
static gboolean
unmount_timeout_cb (gpointer user_data)
{
  Unmount *u = user_data;

  u->timed_out = TRUE;
  g_clear_pointer (&u->timeout_source, g_source_unref);
  g_cancellable_cancel (u->call_cancellable);

  return G_SOURCE_REMOVE;
}

static void
cancel_call (GCancellable *cancellable,
             GCancellable *call_cancellable)
{
  g_cancellable_cancel (call_cancellable);
}

static void
unmount_watch_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Unmount *u = user_data;
  CancelData *data = g_task_get_task_data (u->task);
  gboolean force = (data->flags & PB_DISCONNECT_FORCE) != 0;
  g_autoptr(GMountOperation) op = g_mount_operation_new ();

  u->watch = pb_gvfsd_watch_new_finish (result);
  if (unmount_cancelled (u))
    return;

  g_signal_connect (op, "show-processes", G_CALLBACK (on_show_processes), u);
  g_mount_unmount_with_operation (G_MOUNT (u->target), force ? G_MOUNT_UNMOUNT_FORCE : G_MOUNT_UNMOUNT_NONE,
                                  op, u->call_cancellable, unmount_mount_cb, u);
}

static void
unmount_start (Unmount *u)
{
  CancelData *data = g_task_get_task_data (u->task);
  GCancellable *cancellable;
  gboolean force = (data->flags & PB_DISCONNECT_FORCE) != 0;

  if (unmount_cancelled (u))
    return;

  /* The call has a cancellable of its own, cancelled with the cancel's or by
   * the timeout. */
  u->call_cancellable = g_cancellable_new ();
  cancellable = u->call_cancellable;
  if (g_task_get_cancellable (u->task) != NULL)
    u->cancelled_id = g_cancellable_connect (g_task_get_cancellable (u->task), G_CALLBACK (cancel_call),
                                             g_object_ref (u->call_cancellable), g_object_unref);
  u->timeout_source = g_timeout_source_new (u->self->teardown_timeout * 1000);
  g_source_set_callback (u->timeout_source, unmount_timeout_cb, u, NULL);
  g_source_set_static_name (u->timeout_source, "[plugboard] unmount timeout");
  g_source_attach (u->timeout_source, g_main_context_get_thread_default ());

  if (G_IS_MOUNT (u->target))
    /* gvfsd is watched from before the call. */
    pb_gvfsd_watch_new_async (NULL, unmount_watch_cb, u);
  else
    {
      /* umount is setuid, but gives up its privileges for -f unless the caller is
       * root: an ordinary user's forced unmount of a mount of their own (FUSE,
       * fstab "user") then fails with "must be superuser". A plain umount is the
       * most force such a user has; on a busy mount it says so (D3). */
      gboolean force_flag = force && geteuid () == 0;
      const char *argv[] = { "umount", force_flag ? "-f" : u->path, force_flag ? u->path : NULL, NULL };

      /* umount's messages are matched by cause: in C, whatever the user's language. */
      /* Pipes, not /dev/null: nothing here depends on a device node. */
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                            G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);

      g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
      u->umount = g_subprocess_launcher_spawnv (launcher, argv, &u->error);
      if (u->umount == NULL)
        judge (u);
      else
        g_subprocess_communicate_utf8_async (u->umount, NULL, cancellable, umount_exited_cb, u);
    }
}

static gboolean
unmount_start_idle (gpointer user_data)
{
  unmount_start (user_data);

  return G_SOURCE_REMOVE;
}

static void
holders_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Unmount *u = user_data;
  g_autoptr(GPtrArray) holders = pb_drive_holders_find_finish (result, NULL);

  if (unmount_cancelled (u))
    return;

  if (holders != NULL && holders->len > 0)
    {
      fail_with_holders (u, PB_ERROR_OPEN_FILES, holders);
      unmount_done (u);
      return;
    }

  unmount_start (u);
}

/* @target: the GMount, or a kernel mount's PbDriveEntry. */
static void
unmount_begin (GTask        *task,
               PbConnection *item,
               GObject      *target)
{
  CancelData *data = g_task_get_task_data (task);
  Unmount *u = g_new0 (Unmount, 1);
  const char *paths[] = { pb_connection_get_mount_path (item), NULL };

  u->task = g_object_ref (task);
  u->self = g_task_get_source_object (task);
  u->target = g_object_ref (target);
  u->label = g_strdup (pb_connection_get_local_name (item));
  u->path = g_strdup (paths[0]);
  u->gvfs_pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  data->pending++;

  /* A forced cancel goes ahead whoever holds the drive, so /proc is not
   * read; it still starts from the main loop, as the look-up would, so that
   * no unmount can end before every one has begun. */
  if (data->flags & PB_DISCONNECT_FORCE)
    g_idle_add_full (G_PRIORITY_DEFAULT, unmount_start_idle, u, NULL);
  else
    pb_drive_holders_find_async (paths, NULL, 0, g_task_get_cancellable (task), holders_cb, u);
}

/* What a row's unmount breaks: its GVfs mount, or its kernel mount. */
static GObject *
unmount_target (PbConnection *item)
{
  GObject *backend = pb_connection_get_backend (item);
  GMount *mount = pb_drive_source_get_mount (backend);

  if (mount != NULL)
    return G_OBJECT (mount);
  if (PB_IS_DRIVE_ENTRY (backend) && pb_drive_entry_get_mount_path (PB_DRIVE_ENTRY (backend)) != NULL)
    return backend;

  return NULL;
}

static void
finish_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CancelData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The profile first, then the session names, then the secret. */
  if (PB_IS_PROFILE (object) && !pb_profile_remove_drive_finish (PB_PROFILE (object), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!PB_IS_PROFILE (object) && !pb_drive_secret_clear_finish (result, &error))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_EXTENDED,
                               _("%s is forgotten, but its password could not be removed from the Secret "
                                 "Service: %s"), data->forget, error->message);
      return;
    }

  cancel_complete (task);
}

/* Every mount is dealt with: fail, or update the profile and session names
 * one edit at a time (each step comes back here through finish_cb). */
static void
cancel_complete (GTask *task)
{
  PbDriveSource *self = g_task_get_source_object (task);
  CancelData *data = g_task_get_task_data (task);

  if (data->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  /* Cancelled: the profile is not touched after that (an edit already
   * begun is written whole, and reported as done). */
  if (g_task_return_error_if_cancelled (task))
    return;

  if (data->forget != NULL && !data->forgotten)
    {
      data->forgotten = TRUE;
      pb_profile_remove_drive_async (self->profile, data->forget, NULL, finish_cb, g_object_ref (task));
      return;
    }

  if (data->session_name != NULL)
    {
      g_autofree char *name = g_steal_pointer (&data->session_name);

      if (pb_profile_lookup (self->session, name, NULL, NULL))
        {
          pb_profile_remove_drive_async (self->session, name, NULL, finish_cb, g_object_ref (task));
          return;
        }
    }

  if (data->forget_remote != NULL)
    {
      g_autofree char *remote = g_steal_pointer (&data->forget_remote);
      g_autofree char *uri = pb_drive_mapping_uri (remote, data->forget_user);

      /* GVfs keeps one password per server and user, not per share. */
      if (!pb_drive_secret_still_needed (self->profile, uri, data->forget_user))
        {
          pb_drive_secret_clear_async (uri, data->forget_user, NULL, finish_cb, g_object_ref (task));
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

static gboolean
item_has_local_name (gconstpointer item,
                     gconstpointer name)
{
  return g_strcmp0 (pb_connection_get_local_name ((PbConnection *)item), name) == 0 ||
         g_strcmp0 (pb_connection_get_mount_path ((PbConnection *)item), name) == 0;
}

static gboolean
is_connected (PbConnection *item)
{
  return g_strcmp0 (pb_connection_get_state (item), "connected") == 0;
}

/* A mount of @remote: the row's remote name, or its GMount's own location
 * when a mapping named a folder inside it. */
static gboolean
item_has_remote_name (PbConnection *item,
                      const char   *remote)
{
  GObject *backend = pb_connection_get_backend (item);
  g_autoptr(GFile) root = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *own = NULL;
  GMount *mount = pb_drive_source_get_mount (backend);

  if (g_strcmp0 (pb_connection_get_remote_name (item), remote) == 0)
    return TRUE;
  if (mount == NULL)
    return FALSE;

  root = g_mount_get_root (mount);
  uri = g_file_get_uri (root);
  own = pb_drive_normalize_uri (uri, FALSE);

  return g_strcmp0 (own, remote) == 0;
}

static GError *
not_connected (const char *name)
{
  return g_error_new (PB_ERROR, PB_ERROR_NOT_CONNECTED,
                      _("“%s” is neither a connected nor a remembered drive: list drives to see their local and "
                        "remote names."), name);
}

/* By local name: that one mapping, and the profile if asked (D1, D5, D7). */
/* Whether a row other than @item shows @mount. */
static gboolean
mount_shared (PbDriveSource *self,
              PbConnection  *item,
              GObject       *mount)
{
  GListModel *model = G_LIST_MODEL (self);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) other = g_list_model_get_item (model, i);

      if (other != item && (GObject *)pb_drive_source_get_mount (pb_connection_get_backend (other)) == mount)
        return TRUE;
    }

  return FALSE;
}

static void
detached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!pb_drive_source_detach_finish (PB_DRIVE_SOURCE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* @by_path: @item was named by its mount path, which names its mount (and
 * so every mapping on it), not one mapping. */
static GError *
start_by_local_name (GTask        *task,
                     PbConnection *item,
                     gboolean      by_path)
{
  PbDriveSource *self = g_task_get_source_object (task);
  CancelData *data = g_task_get_task_data (task);
  GObject *target;

  if ((data->flags & PB_DISCONNECT_FORGET) && pb_profile_get_error (self->profile) != NULL)
    return g_error_copy (pb_profile_get_error (self->profile));

  if (pb_connection_get_remembered (item) && (data->flags & PB_DISCONNECT_FORGET))
    {
      data->forget = g_strdup (pb_connection_get_local_name (item));
      pb_profile_lookup (self->profile, data->forget, &data->forget_remote, &data->forget_user);
    }

  if (!is_connected (item))
    {
      if (data->forget == NULL)
        return g_error_new (PB_ERROR, PB_ERROR_NOT_CONNECTED,
                            _("%s is remembered but not connected: to stop restoring it, forget it."),
                            data->name);
      cancel_complete (task);
      return NULL;
    }

  target = unmount_target (item);
  if (target == NULL)
    return not_connected (data->name);

  /* Another mapping's row shows the same GVfs mount: unmounting would
   * break that mapping too, so only this name goes (D1). A session name is
   * dropped; a remembered one is forgotten with the flag, else detached (it
   * shows as remembered, not connected, until it is restored). */
  if (!by_path && G_IS_MOUNT (target) && mount_shared (self, item, target))
    {
      if (data->forget == NULL && pb_connection_get_remembered (item))
        pb_drive_source_detach_async (self, data->name, NULL, detached_cb, g_object_ref (task));
      else
        {
          if (!pb_connection_get_remembered (item))
            data->session_name = g_strdup (data->name);
          cancel_complete (task);
        }
      return NULL;
    }

  data->session_name = g_strdup (pb_connection_get_local_name (item));
  unmount_begin (task, item, target);

  return NULL;
}

/* By remote name: every mount of it, and never the profile (D1, D6). */
static GError *
start_by_remote_name (GTask *task)
{
  PbDriveSource *self = g_task_get_source_object (task);
  CancelData *data = g_task_get_task_data (task);
  GListModel *model = G_LIST_MODEL (self);
  g_autofree char *remote = pb_drive_normalize_uri (data->name, FALSE);
  g_autoptr(GPtrArray) started = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; remote != NULL && i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (model, i);
      GObject *target = unmount_target (item);

      /* Two mappings of one mount are one unmount. */
      if (is_connected (item) && target != NULL && !g_ptr_array_find (started, target, NULL) &&
          item_has_remote_name (item, remote))
        {
          g_ptr_array_add (started, target);
          unmount_begin (task, item, target);
        }
    }

  return data->pending > 0 ? NULL : not_connected (data->name);
}

/**
 * pb_drive_cancel_async:
 * @name: a local name (or mount path), or a remote name (URI)
 * @flags: %PB_DISCONNECT_FORCE to unmount despite open files,
 *   %PB_DISCONNECT_FORGET to drop a remembered drive from the profile and
 *   its password from the Secret Service
 *
 * Cancels a drive connection with the contract of WNetCancelConnection2
 * (SEMANTICS §3). By local name it breaks that one mapping and, with
 * %PB_DISCONNECT_FORGET, forgets it even when it is not connected; by remote
 * name it breaks every mount of the resource and leaves the profile alone.
 */
void
pb_drive_cancel_async (PbDriveSource       *self,
                       const char          *name,
                       PbDisconnectFlags    flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CancelData *data;
  PbConnection *item;

  g_return_if_fail (PB_IS_DRIVE_SOURCE (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_drive_cancel_async);
  data = g_new0 (CancelData, 1);
  data->name = g_strdup (name);
  data->flags = flags;
  data->holders = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify)cancel_data_free);

  /* Cancellation is judged at each step (see above), not by GTask: an
   * edit of the profile already begun is reported as done. */
  g_task_set_check_cancellable (task, FALSE);
  if (g_task_return_error_if_cancelled (task))
    return;

  item = pb_source_find (PB_SOURCE (self), item_has_local_name, name, NULL);
  if (item != NULL)
    error = start_by_local_name (task, item, g_strcmp0 (pb_connection_get_local_name (item), name) != 0);
  else if (strstr (name, "://") != NULL)
    error = start_by_remote_name (task);
  else if ((flags & PB_DISCONNECT_FORGET) && pb_profile_get_error (self->profile) != NULL)
    /* Only the profile could say whether it knows this name, and it cannot
     * be read: that is the answer (D8), not NOT_CONNECTED. */
    error = g_error_copy (pb_profile_get_error (self->profile));
  else
    error = not_connected (name);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * pb_drive_cancel_finish:
 * @holders: (out) (optional) (transfer container) (element-type PbDriveHolder):
 *   on %PB_ERROR_OPEN_FILES or %PB_ERROR_DEVICE_IN_USE, the processes that
 *   hold the drive (possibly none, when the system cannot tell); else %NULL
 *
 * Returns: %TRUE when every mount named is gone and the profile updated
 */
gboolean
pb_drive_cancel_finish (PbDriveSource  *self,
                        GAsyncResult   *result,
                        GPtrArray     **holders,
                        GError        **error)
{
  CancelData *data;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (holders != NULL)
    *holders = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &local_error))
    return TRUE;

  if (holders != NULL && (g_error_matches (local_error, PB_ERROR, PB_ERROR_OPEN_FILES) ||
                          g_error_matches (local_error, PB_ERROR, PB_ERROR_DEVICE_IN_USE)))
    *holders = g_ptr_array_ref (data->holders);

  g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}
