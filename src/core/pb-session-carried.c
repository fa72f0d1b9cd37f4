/* pb-session-carried.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-connection.h"
#include "pb-drive-holder.h"
#include "pb-error.h"
#include "pb-session-private.h"

/* Hanging up a link or disconnecting a port, with the drives that ride on
 * it (PbGraph). Kept (the default, as RasHangUp does), they are only
 * reported. Disconnected, they go first and the link or port after them, so
 * that no drive is left mounted on a dead path: without force, any drive
 * with open files stops the whole operation before anything is changed
 * (D2, naming the processes); a drive that then fails to go stops it too,
 * and the link stays up. Drives are never forgotten here: a remembered drive
 * stays remembered, to come back with its link. */

typedef struct
{
  PbSessionCall     *call;
  char              *handle;   /* the link's handle or the port's name */
  char              *device;   /* hang-up of one device, or NULL */
  PbCarriedDrives    policy;
  GPtrArray         *drives;   /* PbConnection: mounted, riding on it */
  GPtrArray         *carried;  /* PbCarriedDrive */
  guint              next;
} Teardown;

static void
teardown_free (Teardown *t)
{
  pb_session_call_free (t->call);
  g_free (t->handle);
  g_free (t->device);
  g_clear_pointer (&t->drives, g_ptr_array_unref);
  g_clear_pointer (&t->carried, g_ptr_array_unref);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Teardown, teardown_free)

static gboolean
is_port_action (Teardown *t)
{
  return g_str_equal (pb_operation_get_action (t->call->op), PB_ACTION_DISCONNECT_PORT);
}

static void
finish (Teardown     *t,
        const GError *error)
{
  /* Without the drives loaded, nothing is known of them. */
  if (t->call->self->drives != NULL)
    pb_operation_set_carried (t->call->op, t->carried);
  pb_session_finish_operation (t->call->self, t->call->op, error);
  teardown_free (t);
}

static void
hang_up_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Teardown *t = user_data;
  g_autoptr(GError) error = NULL;

  pb_link_hang_up_finish (PB_LINK_SOURCE (object), result, &error);
  finish (t, error);
}

static void
port_disconnect_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Teardown *t = user_data;
  g_autoptr(GError) error = NULL;

  pb_port_disconnect_finish (PB_PORT_SOURCE (object), result, &error);
  finish (t, error);
}

/* The link or the port itself, once its drives are dealt with. */
static void
tear_down (Teardown *t)
{
  PbSession *self = t->call->self;
  PbOperation *op = t->call->op;
  GCancellable *cancellable = pb_operation_get_cancellable (op);

  pb_operation_mark_teardown_started (op);
  if (is_port_action (t))
    pb_port_disconnect_async (self->ports, t->handle, cancellable, port_disconnect_cb, t);
  else
    pb_link_hang_up_async (self->links, t->handle, t->device, cancellable, hang_up_cb, t);
}

static PbCarriedDrive *
carried_new (PbConnection *drive)
{
  PbCarriedDrive *carried = g_new0 (PbCarriedDrive, 1);

  carried->local_name = g_strdup (pb_connection_get_handle (drive));
  carried->remote_name = g_strdup (pb_connection_get_remote_name (drive));

  return carried;
}

static void disconnect_next (Teardown *t);

static void
drive_cancelled_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Teardown *t = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holders = NULL;
  PbCarriedDrive *carried = g_ptr_array_index (t->carried, t->carried->len - 1);

  carried->done_ms = pb_operation_get_elapsed_ms (t->call->op);
  if (!pb_drive_cancel_finish (PB_DRIVE_SOURCE (object), result, &holders, &error))
    {
      /* The link stays up: its drive is still there. */
      pb_session_note_carried (t->call->self, g_ptr_array_index (t->drives, t->next - 1), FALSE);
      carried->error = g_error_copy (error);
      pb_operation_set_holders (t->call->op, holders);
      finish (t, error);
      return;
    }

  carried->disconnected = TRUE;
  disconnect_next (t);
}

static void
disconnect_next (Teardown *t)
{
  PbConnection *drive;
  PbDisconnectFlags flags = (t->policy & PB_CARRIED_FORCE) ? PB_DISCONNECT_FORCE : PB_DISCONNECT_NONE;

  if (t->next >= t->drives->len)
    {
      tear_down (t);
      return;
    }

  drive = g_ptr_array_index (t->drives, t->next++);
  g_ptr_array_add (t->carried, carried_new (drive));
  /* Marked before it goes, so that it comes back with its link. */
  pb_session_note_carried (t->call->self, drive, TRUE);
  /* By its local name: that mapping alone (D1), never forgotten. */
  pb_drive_cancel_async (t->call->self->drives, pb_connection_get_handle (drive), flags,
                         pb_operation_get_cancellable (t->call->op), drive_cancelled_cb, t);
}

static void
holders_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Teardown *t = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holders = pb_drive_holders_find_finish (result, &error);

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish (t, error);
      return;
    }

  /* D2 for the whole operation: nothing is changed yet. */
  if (holders != NULL && holders->len > 0)
    {
      g_autofree char *who = pb_drive_holders_describe (holders);
      g_autoptr(GError) open_files = NULL;

      open_files = g_error_new (PB_ERROR, PB_ERROR_OPEN_FILES,
                                is_port_action (t)
                                ? _("Cannot disconnect port %s: the drives riding on it have open files or running "
                                    "jobs in %s. Close them, or disconnect with force.")
                                : _("Cannot hang up %s: the drives riding on it have open files or running jobs in "
                                    "%s. Close them, or hang up with force."),
                                t->handle, who);
      pb_operation_set_holders (t->call->op, holders);
      finish (t, open_files);
      return;
    }

  disconnect_next (t);
}

static void
proceed (Teardown *t)
{
  PbSession *self = t->call->self;
  PbConnection *item;
  g_autoptr(GPtrArray) riding = NULL;
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_auto(GStrv) path_list = NULL;

  /* An unknown handle or port: the teardown says so (L3, P2). A single
   * device of a link carries no drives of its own. */
  item = pb_operation_get_item (t->call->op);
  if (item == NULL || t->device != NULL || self->drives == NULL)
    {
      tear_down (t);
      return;
    }

  riding = pb_graph_dup_riding_drives (self->graph, item);
  for (guint i = 0; i < riding->len; i++)
    {
      PbConnection *drive = g_ptr_array_index (riding, i);

      if (!pb_connection_is_connected (drive))
        continue;
      g_ptr_array_add (t->drives, g_object_ref (drive));
      if (pb_connection_get_mount_path (drive) != NULL)
        g_strv_builder_add (paths, pb_connection_get_mount_path (drive));
    }

  if (!(t->policy & PB_CARRIED_DISCONNECT))
    {
      for (guint i = 0; i < t->drives->len; i++)
        g_ptr_array_add (t->carried, carried_new (g_ptr_array_index (t->drives, i)));
      tear_down (t);
      return;
    }

  path_list = g_strv_builder_end (paths);
  if (t->drives->len == 0 || (t->policy & PB_CARRIED_FORCE) || path_list[0] == NULL)
    {
      disconnect_next (t);
      return;
    }

  pb_drive_holders_find_async ((const char * const *)path_list, NULL, 0, pb_operation_get_cancellable (t->call->op),
                               holders_cb, t);
}

static void
graph_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  pb_graph_wait_finish (PB_GRAPH (object), result, NULL);
  proceed (user_data);
}

/**
 * pb_session_run_teardown:
 * @handle: the link's handle (hang-up) or the port's name (disconnect-port)
 * @device: (nullable): one device of the link
 * @policy: what to do with the drives riding on it
 *
 * Runs a hang-up or a port disconnect whose part (links, ports) is loaded.
 */
void
pb_session_run_teardown (PbSession       *self,
                         PbOperation     *op,
                         const char      *handle,
                         const char      *device,
                         PbCarriedDrives  policy)
{
  Teardown *t = g_new0 (Teardown, 1);

  t->call = pb_session_call_new (self, op, NULL);
  t->handle = g_strdup (handle);
  t->device = g_strdup (device);
  t->policy = policy;
  t->drives = g_ptr_array_new_with_free_func (g_object_unref);
  t->carried = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_carried_drive_free);

  /* Disconnecting the drives needs the edges current (a server's name may
   * still be resolving); keeping them never waits for a resolver, so that a
   * hang-up starts at once (L1): what is known now is reported. */
  if (policy & PB_CARRIED_DISCONNECT)
    pb_graph_wait_async (self->graph, pb_operation_get_cancellable (op), graph_ready_cb, t);
  else
    {
      pb_graph_flush (self->graph);
      proceed (t);
    }
}
