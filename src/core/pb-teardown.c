/* pb-teardown.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-connection.h"
#include "pb-error.h"
#include "pb-nm-private.h"
#include "pb-teardown-private.h"

/**
 * PbTeardown:
 *
 * One teardown in flight: it asks NetworkManager to take a link (an
 * #NMActiveConnection) or a device down, then waits on the main loop for
 * NetworkManager's own signals to say the state machine has finished (L2):
 * the link reached DEACTIVATED or vanished, or the device reached
 * DISCONNECTED or vanished (L5, P3). It owns the timeout source that turns a
 * teardown that never ends into %PB_ERROR_TIMEOUT, and it marks the item
 * busy meanwhile. Everything it connected is released when it completes
 * (L6), and since completion happens once, repeated notifications of the
 * same state do nothing.
 */
struct _PbTeardown
{
  GObject       parent_instance;

  /* Owned */
  NMClient     *client;
  NMObject     *target;        /* NMActiveConnection or NMDevice */
  PbConnection *item;          /* the row shown busy, or NULL */
  char         *name;          /* link handle or interface name */
  char         *name_owner;    /* NetworkManager's unique bus name when we began */
  GTask        *task;          /* while running */
  GCancellable *call_cancellable;
  GSource      *timeout_source;
  GDBusConnection *bus;        /* the client's, watched for closing */

  /* Borrowed */
  GCancellable *cancellable;   /* the caller's */

  gulong        cancelled_id;
  guint         timeout_seconds;
};

G_DEFINE_FINAL_TYPE (PbTeardown, pb_teardown, G_TYPE_OBJECT)

static gboolean
is_device (PbTeardown *self)
{
  return NM_IS_DEVICE (self->target);
}

static gboolean
reached_final_state (PbTeardown *self)
{
  if (is_device (self))
    return pb_nm_device_state_is_down (nm_device_get_state (NM_DEVICE (self->target)));

  return nm_active_connection_get_state (NM_ACTIVE_CONNECTION (self->target))
         == NM_ACTIVE_CONNECTION_STATE_DEACTIVATED;
}

/* Ends the teardown exactly once: everything it holds goes before the task
 * returns, so the caller's callback sees no handler of ours left. */
static void
complete (PbTeardown *self,
          GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  g_signal_handlers_disconnect_by_data (self->target, self);
  g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->bus != NULL)
    g_signal_handlers_disconnect_by_data (self->bus, self);
  g_clear_signal_handler (&self->cancelled_id, self->cancellable);
  self->cancellable = NULL;
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }
  /* The request itself may still be on the wire; its reply is not needed. */
  g_cancellable_cancel (self->call_cancellable);

  if (self->item != NULL)
    pb_connection_set_busy (self->item, FALSE);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* NetworkManager leaving the bus (it crashed, was restarted, or the SSH
 * bridge to its host died) takes every object with it: libnm then says the
 * link vanished, though nothing was torn down. Whether that happened is
 * asked before any vanishing is believed. */
static gboolean
nm_gone (PbTeardown *self)
{
  /* libnm updates the name owner before it drops the objects, but
   * nm-running only after; a restart changes the owner. */
  return g_strcmp0 (nm_client_get_dbus_name_owner (self->client), self->name_owner) != 0 ||
         self->bus == NULL || g_dbus_connection_is_closed (self->bus);
}

static void
complete_unreachable (PbTeardown *self)
{
  if (is_device (self))
    complete (self, g_error_new (PB_ERROR, PB_ERROR_SERVER_UNREACHABLE,
                                 _("NetworkManager went away before “%s” was disconnected, so it may still be "
                                   "connected. List the ports once NetworkManager is back to see its state."),
                                 self->name));
  else
    complete (self, g_error_new (PB_ERROR, PB_ERROR_SERVER_UNREACHABLE,
                                 _("NetworkManager went away before link “%s” was hung up, so it may still be "
                                   "up. List the links once NetworkManager is back to see its state."),
                                 self->name));
}

static void
on_nm_running (PbTeardown *self)
{
  if (self->task != NULL && nm_gone (self))
    complete_unreachable (self);
}

static void
on_bus_closed (GDBusConnection *bus,
               gboolean         remote_peer_vanished,
               GError          *error,
               PbTeardown      *self)
{
  if (self->task != NULL)
    complete_unreachable (self);
}

static void
finish_if_final (PbTeardown *self)
{
  if (self->task == NULL)
    return;

  if (nm_gone (self))
    {
      complete_unreachable (self);
      return;
    }

  if (!reached_final_state (self))
    return;

  g_debug ("Teardown of “%s” saw its final state at %" G_GINT64_FORMAT " µs (monotonic)",
           self->name, g_get_monotonic_time ());
  complete (self, NULL);
}

static void
on_object_removed (PbTeardown *self,
                   NMObject   *object)
{
  if (object != self->target || self->task == NULL)
    return;

  if (nm_gone (self))
    {
      complete_unreachable (self);
      return;
    }

  g_debug ("Teardown of “%s” saw its object vanish at %" G_GINT64_FORMAT " µs (monotonic)",
           self->name, g_get_monotonic_time ());
  complete (self, NULL);
}

static gboolean
on_timeout (gpointer user_data)
{
  PbTeardown *self = user_data;
  GError *error;

  if (is_device (self))
    error = g_error_new (PB_ERROR, PB_ERROR_TIMEOUT,
                         _("Disconnecting “%s” did not finish within %u seconds; NetworkManager may still be "
                           "taking it down. List the ports to see its state, or allow more time."),
                         self->name, self->timeout_seconds);
  else
    error = g_error_new (PB_ERROR, PB_ERROR_TIMEOUT,
                         _("Hanging up link “%s” did not finish within %u seconds; NetworkManager may still be "
                           "taking it down. List the links to see its state, or allow more time."),
                         self->name, self->timeout_seconds);

  complete (self, error);

  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              PbTeardown   *self)
{
  complete (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Stopped waiting for “%s” to go down: the operation was cancelled"),
                               self->name));
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PbTeardown) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  if (is_device (self))
    ok = nm_device_disconnect_finish (NM_DEVICE (object), result, &error);
  else
    ok = nm_client_deactivate_connection_finish (NM_CLIENT (object), result, &error);

  if (ok)
    {
      /* Accepted: the end comes from the state signals (or the timeout). */
      finish_if_final (self);
      return;
    }

  if (self->task == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (nm_gone (self))
    {
      complete_unreachable (self);
      return;
    }

  /* Someone else finished the job between our look-up and the request. */
  if (reached_final_state (self))
    {
      complete (self, NULL);
      return;
    }

  message = pb_nm_error_message (error);

  if (g_error_matches (error, NM_MANAGER_ERROR, NM_MANAGER_ERROR_CONNECTION_NOT_ACTIVE))
    complete (self, g_error_new (PB_ERROR, PB_ERROR_INVALID_HANDLE,
                                 _("Cannot hang up link “%s”: it is no longer active (%s). "
                                   "List the links to get a current handle."),
                                 self->name, message));
  else if (g_error_matches (error, NM_DEVICE_ERROR, NM_DEVICE_ERROR_NOT_ACTIVE))
    complete (self, g_error_new (PB_ERROR, PB_ERROR_PORT_NOT_IN_USE,
                                 _("Cannot disconnect “%s”: it carries no link (%s)"),
                                 self->name, message));
  else if (is_device (self))
    complete (self, g_error_new (PB_ERROR, pb_nm_error_code (error),
                                 _("NetworkManager did not disconnect “%s”: %s"),
                                 self->name, message));
  else
    complete (self, g_error_new (PB_ERROR, pb_nm_error_code (error),
                                 _("NetworkManager did not hang up link “%s”: %s"),
                                 self->name, message));
}

static void
pb_teardown_dispose (GObject *object)
{
  PbTeardown *self = (PbTeardown *)object;

  /* The task holds a reference to us: nothing can be in flight here. */
  g_assert (self->task == NULL);

  g_clear_object (&self->item);
  g_clear_object (&self->target);
  g_clear_object (&self->client);
  g_clear_object (&self->bus);
  g_clear_object (&self->call_cancellable);

  G_OBJECT_CLASS (pb_teardown_parent_class)->dispose (object);
}

static void
pb_teardown_finalize (GObject *object)
{
  PbTeardown *self = (PbTeardown *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->name_owner, g_free);

  G_OBJECT_CLASS (pb_teardown_parent_class)->finalize (object);
}

static void
pb_teardown_class_init (PbTeardownClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_teardown_dispose;
  object_class->finalize = pb_teardown_finalize;
}

static void
pb_teardown_init (PbTeardown *self)
{
  self->call_cancellable = g_cancellable_new ();
}

static PbTeardown *
pb_teardown_new (NMClient     *client,
                 NMObject     *target,
                 const char   *name,
                 PbConnection *item)
{
  PbTeardown *self = g_object_new (PB_TYPE_TEARDOWN, NULL);

  self->client = g_object_ref (client);
  self->target = g_object_ref (target);
  self->name = g_strdup (name);
  self->item = item ? g_object_ref (item) : NULL;

  return self;
}

/**
 * pb_teardown_new_for_link:
 * @client: the #NMClient @active belongs to
 * @active: the link to hang up
 * @handle: its handle, for messages
 * @item: (nullable): the row to mark #PbConnection:busy meanwhile
 *
 * Returns: (transfer full): a teardown that deactivates @active and completes
 *   when it reached DEACTIVATED or vanished
 */
PbTeardown *
pb_teardown_new_for_link (NMClient           *client,
                          NMActiveConnection *active,
                          const char         *handle,
                          PbConnection       *item)
{
  g_return_val_if_fail (NM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (NM_IS_ACTIVE_CONNECTION (active), NULL);
  g_return_val_if_fail (handle != NULL, NULL);

  return pb_teardown_new (client, NM_OBJECT (active), handle, item);
}

/**
 * pb_teardown_new_for_device:
 * @client: the #NMClient @device belongs to
 * @device: the device (port) to disconnect
 * @item: (nullable): the row to mark #PbConnection:busy meanwhile
 *
 * Returns: (transfer full): a teardown that disconnects @device and completes
 *   when it reached DISCONNECTED (or a lower state) or vanished
 */
PbTeardown *
pb_teardown_new_for_device (NMClient     *client,
                            NMDevice     *device,
                            PbConnection *item)
{
  g_return_val_if_fail (NM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (NM_IS_DEVICE (device), NULL);

  return pb_teardown_new (client, NM_OBJECT (device), nm_device_get_iface (device), item);
}

/**
 * pb_teardown_run_async:
 * @self: a #PbTeardown that has not run yet
 * @timeout_seconds: how long to wait for the final state, at least 1
 * @cancellable: (nullable): stops the wait (the request already sent to
 *   NetworkManager is not taken back)
 * @callback: called once the teardown completed, failed or timed out
 * @user_data: data for @callback
 *
 * Sends the request and waits for the state machine, never blocking.
 */
void
pb_teardown_run_async (PbTeardown          *self,
                       guint                timeout_seconds,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (PB_IS_TEARDOWN (self));
  g_return_if_fail (self->task == NULL && self->timeout_seconds == 0);
  g_return_if_fail (timeout_seconds > 0 && timeout_seconds <= G_MAXUINT / 1000);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, pb_teardown_run_async);
  self->timeout_seconds = timeout_seconds;

  if (g_task_return_error_if_cancelled (self->task))
    {
      g_clear_object (&self->task);
      return;
    }

  /* Listen first: the state may change before the request's reply arrives. */
  g_signal_connect_swapped (self->target, "notify::state", G_CALLBACK (finish_if_final), self);
  g_signal_connect_swapped (self->client,
                            is_device (self) ? NM_CLIENT_DEVICE_REMOVED : NM_CLIENT_ACTIVE_CONNECTION_REMOVED,
                            G_CALLBACK (on_object_removed), self);
  g_signal_connect_swapped (self->client, "notify::" NM_CLIENT_NM_RUNNING, G_CALLBACK (on_nm_running), self);
  g_set_object (&self->bus, nm_client_get_dbus_connection (self->client));
  self->name_owner = g_strdup (nm_client_get_dbus_name_owner (self->client));
  if (self->bus != NULL)
    g_signal_connect (self->bus, "closed", G_CALLBACK (on_bus_closed), self);
  if (cancellable != NULL)
    {
      self->cancellable = cancellable;
      self->cancelled_id = g_signal_connect (cancellable, "cancelled", G_CALLBACK (on_cancelled), self);
    }

  /* Milliseconds, not g_timeout_source_new_seconds(): that one is rounded to
   * a whole-second tick and can fire up to a quarter second early, so
   * `--timeout 1` failed a teardown that was still within its second. */
  self->timeout_source = g_timeout_source_new (timeout_seconds * 1000);
  g_source_set_callback (self->timeout_source, on_timeout, self, NULL);
  g_source_set_static_name (self->timeout_source, "[plugboard] teardown timeout");
  g_source_attach (self->timeout_source, g_main_context_get_thread_default ());

  if (self->item != NULL)
    pb_connection_set_busy (self->item, TRUE);

  if (is_device (self))
    nm_device_disconnect_async (NM_DEVICE (self->target), self->call_cancellable,
                                request_cb, g_object_ref (self));
  else
    nm_client_deactivate_connection_async (self->client, NM_ACTIVE_CONNECTION (self->target),
                                           self->call_cancellable, request_cb, g_object_ref (self));
}

/**
 * pb_teardown_run_finish:
 *
 * Returns: %TRUE once the state machine finished; %FALSE with a %PB_ERROR
 *   (TIMEOUT, EXTENDED, ACCESS_DENIED, INVALID_HANDLE, PORT_NOT_IN_USE,
 *   SERVER_UNREACHABLE) or %G_IO_ERROR_CANCELLED otherwise
 */
gboolean
pb_teardown_run_finish (PbTeardown    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (PB_IS_TEARDOWN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_for_task_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (pb_teardown_run_finish (PB_TEARDOWN (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Runs @self with @task's cancellable and returns the outcome into @task,
 * which it takes: what a source's disconnect ends with. */
void
pb_teardown_run_for_task (PbTeardown *self,
                          guint       timeout_seconds,
                          GTask      *task)
{
  g_return_if_fail (PB_IS_TEARDOWN (self));
  g_return_if_fail (G_IS_TASK (task));

  pb_teardown_run_async (self, timeout_seconds, g_task_get_cancellable (task), run_for_task_cb, task);
}

/* The "teardown-timeout" property of a source: seconds its teardowns wait
 * for NetworkManager's state machine before they fail with PB_ERROR_TIMEOUT. */
GParamSpec *
pb_teardown_timeout_param_new (void)
{
  return g_param_spec_uint ("teardown-timeout", NULL, "Seconds to wait for a teardown",
                            1, G_MAXUINT / 1000, PB_TEARDOWN_DEFAULT_TIMEOUT,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

/* Sets @owner's @timeout_seconds field, notifying @pspec when it changed. */
void
pb_teardown_set_timeout (GObject    *owner,
                         guint      *timeout_seconds,
                         guint       seconds,
                         GParamSpec *pspec)
{
  g_return_if_fail (seconds > 0);

  if (*timeout_seconds == seconds)
    return;

  *timeout_seconds = seconds;
  g_object_notify_by_pspec (owner, pspec);
}
