/* pb-gvfsd-watch.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-gvfsd-watch.h"

/* Whether gvfsd (org.gtk.vfs.Daemon) left the session bus while a call to
 * GVfs was in flight. The bus answers "no reply" alike for gvfsd and for a
 * backend that died under a call; only gvfsd leaving changes the owner of
 * its name. The bus sends that change before it answers anything asked
 * after the death, so a round trip to the bus (settle) makes the flag
 * final. */

struct _PbGvfsdWatch {
  GDBusConnection *bus;
  guint            subscription;
  gboolean         gone;
};

static void
owner_changed (GDBusConnection *bus,
               const char      *sender,
               const char      *path,
               const char      *interface,
               const char      *signal,
               GVariant        *parameters,
               gpointer         user_data)
{
  PbGvfsdWatch *watch = user_data;
  const char *old_owner = NULL;

  g_variant_get (parameters, "(&s&s&s)", NULL, &old_owner, NULL);
  if (*old_owner != '\0')
    watch->gone = TRUE;
}

static void
bus_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GDBusConnection *bus = g_bus_get_finish (result, NULL);
  PbGvfsdWatch *watch;

  if (bus == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  watch = g_new0 (PbGvfsdWatch, 1);
  watch->bus = bus;
  watch->subscription = g_dbus_connection_signal_subscribe (bus, "org.freedesktop.DBus", "org.freedesktop.DBus",
                                                            "NameOwnerChanged", "/org/freedesktop/DBus",
                                                            "org.gtk.vfs.Daemon", G_DBUS_SIGNAL_FLAGS_NONE,
                                                            owner_changed, watch, NULL);
  g_task_return_pointer (task, watch, (GDestroyNotify)pb_gvfsd_watch_free);
}

/**
 * pb_gvfsd_watch_new_async:
 *
 * Starts watching gvfsd. The watch is %NULL when there is no session bus.
 */
void
pb_gvfsd_watch_new_async (GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pb_gvfsd_watch_new_async);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, task);
}

/* Returns: (transfer full) (nullable): the watch, or %NULL without a bus */
PbGvfsdWatch *
pb_gvfsd_watch_new_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

gboolean
pb_gvfsd_watch_gone (PbGvfsdWatch *watch)
{
  return watch != NULL && watch->gone;
}

static void
settled_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);

  /* Signals that came before the reply are dispatched from idles queued
   * ahead of this one. */
  g_task_return_boolean (task, TRUE);
}

/**
 * pb_gvfsd_watch_settle_async:
 * @watch: (nullable): a watch
 *
 * Asks the bus once, so that pb_gvfsd_watch_gone() then tells whether gvfsd
 * had left by the time the caller's answer came.
 */
void
pb_gvfsd_watch_settle_async (PbGvfsdWatch        *watch,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, pb_gvfsd_watch_settle_async);
  if (watch == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_dbus_connection_call (watch->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "GetId", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, settled_cb, task);
}

void
pb_gvfsd_watch_settle_finish (PbGvfsdWatch *watch,
                              GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

void
pb_gvfsd_watch_free (PbGvfsdWatch *watch)
{
  if (watch == NULL)
    return;
  g_dbus_connection_signal_unsubscribe (watch->bus, watch->subscription);
  g_object_unref (watch->bus);
  g_free (watch);
}
