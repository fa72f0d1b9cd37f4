/* pb-link-source.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-error.h"
#include "pb-link-source.h"
#include "pb-link-statistics-private.h"
#include "pb-nm-private.h"
#include "pb-source-private.h"
#include "pb-teardown-private.h"

/**
 * PbLinkSource:
 *
 * The links of one server: NetworkManager's active connections whose type is
 * one of #PbLinkSource:link-types, kept current from libnm's signals. A
 * link's handle is the number at the end of its active connection's D-Bus
 * object path, a dot and the tag of the NetworkManager run
 * (`/org/freedesktop/NetworkManager/ActiveConnection/12` is link `12.k7q2a`,
 * see pb_nm_handle_for_path()); it names one activation of one daemon and
 * dies with it (L3), and a restarted daemon's handles never match it.
 *
 * It also keeps the saved link profiles that are not active
 * (pb_link_source_get_profiles()), for a front end's Connect menu.
 */
struct _PbLinkSource
{
  GObject     parent_instance;

  /* Owned */
  PbServer   *server;
  char      **link_types;
  PbRowStore *rows;
  PbRowStore *profiles;
  PbLinkStatistics *statistics;  /* while held */

  guint       teardown_timeout;
  guint       statistics_holds;
};

static void pb_link_source_source_iface_init (PbSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbLinkSource, pb_link_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pb_source_list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (PB_TYPE_SOURCE, pb_link_source_source_iface_init))

enum {
  PROP_0,
  PROP_SERVER,
  PROP_LINK_TYPES,
  PROP_TEARDOWN_TIMEOUT,
  N_PROPS,
  /* PbSource */
  PROP_AVAILABLE = N_PROPS,
  PROP_STATUS,
};

static GParamSpec *properties[N_PROPS];

static const char * const default_link_types[] = {
  "gsm", "cdma", "pppoe", "bluetooth", "vpn", "wireguard", NULL
};

static gboolean
is_link (PbLinkSource       *self,
         NMActiveConnection *active)
{
  const char *type = nm_active_connection_get_connection_type (active);

  return type != NULL && g_strv_contains ((const char * const *)self->link_types, type);
}

/* A link's time connected counts from the moment it was seen reach
 * ACTIVATED; NetworkManager keeps no such time. One already connected when
 * first seen counts from then, and says so (connected-before): the indicator,
 * running from sign-in, sees nearly every link connect. */
static void
update_connected_since (PbConnection       *item,
                        NMActiveConnection *active,
                        gboolean            first_seen)
{
  gboolean connected = nm_active_connection_get_state (active) == NM_ACTIVE_CONNECTION_STATE_ACTIVATED;

  if (!connected)
    pb_connection_set_connected_since (item, 0, FALSE);
  else if (pb_connection_get_connected_since (item, NULL) == 0)
    pb_connection_set_connected_since (item, g_get_real_time (), first_seen);
}

static void
update_item (PbConnection       *item,
             NMActiveConnection *active,
             gboolean            first_seen)
{
  g_auto(GStrv) devices = pb_nm_active_device_names (active);

  update_connected_since (item, active, first_seen);
  pb_connection_set_name (item, nm_active_connection_get_id (active));
  pb_connection_set_type_name (item, nm_active_connection_get_connection_type (active));
  pb_connection_set_state (item, pb_nm_active_state_name (nm_active_connection_get_state (active)));
  pb_connection_set_devices (item, (const char * const *)devices);
}

static void
on_active_changed (PbLinkSource       *self,
                   GParamSpec         *pspec,
                   NMActiveConnection *active)
{
  PbConnection *item = pb_source_find_backend (PB_SOURCE (self), G_OBJECT (active));

  if (item != NULL)
    update_item (item, active, FALSE);
  if (item != NULL && self->statistics != NULL && g_strcmp0 (pspec->name, NM_ACTIVE_CONNECTION_DEVICES) == 0)
    pb_link_statistics_update (self->statistics);
}

static PbConnection *
create_item (PbSource *source,
             GObject  *backend)
{
  PbLinkSource *self = PB_LINK_SOURCE (source);
  NMActiveConnection *active = NM_ACTIVE_CONNECTION (backend);
  g_autofree char *tag = pb_server_dup_handle_tag (self->server);
  g_autofree char *handle = pb_nm_handle_for_path (tag, nm_object_get_path (NM_OBJECT (active)));
  PbConnection *item = pb_connection_new (PB_CONNECTION_KIND_LINK, pb_server_get_name (self->server));

  pb_connection_set_handle (item, handle);
  update_item (item, active, TRUE);

  g_signal_connect_object (active, "notify::state", G_CALLBACK (on_active_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (active, "notify::devices", G_CALLBACK (on_active_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (active, "notify::id", G_CALLBACK (on_active_changed), self, G_CONNECT_SWAPPED);

  return item;
}

/* The saved profiles alone: the links never change with them. Built only
 * once someone asks, so a CLI listing links never pays for them. */
static void
pb_link_source_sync_profiles (PbLinkSource *self)
{
  if (self->profiles != NULL)
    pb_nm_profiles_sync (self->profiles, pb_server_get_client (self->server),
                         (const char * const *)self->link_types, pb_server_get_name (self->server));
}

static void
pb_link_source_sync (PbLinkSource *self)
{
  NMClient *client = pb_server_get_client (self->server);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();

  if (client != NULL && pb_server_get_running (self->server))
    {
      const GPtrArray *actives = nm_client_get_active_connections (client);

      for (guint i = 0; actives != NULL && i < actives->len; i++)
        {
          NMActiveConnection *active = g_ptr_array_index (actives, i);

          if (is_link (self, active))
            g_ptr_array_add (wanted, active);
        }
    }

  pb_source_sync (PB_SOURCE (self), wanted, create_item, pb_source_disconnect_backend);
  if (self->statistics_holds > 0 && self->statistics == NULL && client != NULL)
    self->statistics = pb_link_statistics_new (G_LIST_MODEL (self), client);
  else if (self->statistics != NULL)
    pb_link_statistics_update (self->statistics);
  /* An active profile is not offered, so the profiles follow the links. */
  pb_link_source_sync_profiles (self);
}

static void
pb_link_source_constructed (GObject *object)
{
  PbLinkSource *self = (PbLinkSource *)object;
  NMClient *client = pb_server_get_client (self->server);

  G_OBJECT_CLASS (pb_link_source_parent_class)->constructed (object);

  pb_nm_source_follow_server (PB_SOURCE (self), self->server, G_CALLBACK (pb_link_source_sync));
  if (client != NULL)
    {
      g_signal_connect_object (client, "notify::" NM_CLIENT_ACTIVE_CONNECTIONS,
                               G_CALLBACK (pb_link_source_sync), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (client, "notify::" NM_CLIENT_CONNECTIONS,
                               G_CALLBACK (pb_link_source_sync_profiles), self,
                               G_CONNECT_SWAPPED);
    }

  pb_link_source_sync (self);
}

static void
pb_link_source_dispose (GObject *object)
{
  PbLinkSource *self = (PbLinkSource *)object;

  g_clear_pointer (&self->statistics, pb_link_statistics_free);
  pb_source_clear (PB_SOURCE (self), pb_source_disconnect_backend);
  if (self->profiles != NULL)
    pb_row_store_clear (self->profiles, NULL, NULL);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (pb_link_source_parent_class)->dispose (object);
}

static void
pb_link_source_finalize (GObject *object)
{
  PbLinkSource *self = (PbLinkSource *)object;

  g_clear_pointer (&self->link_types, g_strfreev);
  g_clear_object (&self->profiles);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (pb_link_source_parent_class)->finalize (object);
}

static void
pb_link_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PbLinkSource *self = PB_LINK_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;

    case PROP_LINK_TYPES:
      g_value_set_boxed (value, self->link_types);
      break;

    case PROP_TEARDOWN_TIMEOUT:
      g_value_set_uint (value, self->teardown_timeout);
      break;

    case PROP_AVAILABLE:
    case PROP_STATUS:
      pb_nm_source_get_property (self->server, pspec, value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_link_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PbLinkSource *self = PB_LINK_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;

    case PROP_LINK_TYPES:
      pb_link_source_set_link_types (self, g_value_get_boxed (value));
      break;

    case PROP_TEARDOWN_TIMEOUT:
      pb_link_source_set_teardown_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_link_source_class_init (PbLinkSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pb_link_source_constructed;
  object_class->dispose = pb_link_source_dispose;
  object_class->finalize = pb_link_source_finalize;
  object_class->get_property = pb_link_source_get_property;
  object_class->set_property = pb_link_source_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, "The server whose links these are", PB_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LINK_TYPES] =
    g_param_spec_boxed ("link-types", NULL, "NetworkManager connection types shown as links",
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PbLinkSource:teardown-timeout:
   *
   * Seconds a hang-up waits for NetworkManager's state machine before it
   * fails with %PB_ERROR_TIMEOUT (L2).
   */
  properties[PROP_TEARDOWN_TIMEOUT] = pb_teardown_timeout_param_new ();

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_AVAILABLE, "available");
  g_object_class_override_property (object_class, PROP_STATUS, "status");
}

static void
pb_link_source_init (PbLinkSource *self)
{
  self->link_types = g_strdupv ((char **)default_link_types);
  self->teardown_timeout = PB_TEARDOWN_DEFAULT_TIMEOUT;
  self->rows = pb_source_new_rows (PB_SOURCE (self));
}

static void
pb_link_source_disconnect_async (PbSource            *source,
                                 const char          *name,
                                 PbDisconnectFlags    flags,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  pb_link_hang_up_async (PB_LINK_SOURCE (source), name, NULL, cancellable, callback, user_data);
}

static gboolean
pb_link_source_disconnect_finish (PbSource      *source,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return pb_link_hang_up_finish (PB_LINK_SOURCE (source), result, error);
}

static PbRowStore *
pb_link_source_get_rows (PbSource *source)
{
  return PB_LINK_SOURCE (source)->rows;
}

static void
pb_link_source_source_iface_init (PbSourceInterface *iface)
{
  iface->disconnect_async = pb_link_source_disconnect_async;
  iface->disconnect_finish = pb_link_source_disconnect_finish;
  iface->get_rows = pb_link_source_get_rows;
}

/**
 * pb_link_source_new:
 * @server: the server to list
 *
 * Returns: (transfer full): a live model of @server's links
 */
PbLinkSource *
pb_link_source_new (PbServer *server)
{
  g_return_val_if_fail (PB_IS_SERVER (server), NULL);

  return g_object_new (PB_TYPE_LINK_SOURCE, "server", server, NULL);
}

/**
 * pb_link_source_get_server:
 *
 * Returns: (transfer none): the server
 */
PbServer *
pb_link_source_get_server (PbLinkSource *self)
{
  g_return_val_if_fail (PB_IS_LINK_SOURCE (self), NULL);

  return self->server;
}

const char * const *
pb_link_source_get_link_types (PbLinkSource *self)
{
  g_return_val_if_fail (PB_IS_LINK_SOURCE (self), NULL);

  return (const char * const *)self->link_types;
}

/**
 * pb_link_source_set_link_types:
 * @link_types: (nullable): connection types to show; %NULL for the defaults
 */
void
pb_link_source_set_link_types (PbLinkSource       *self,
                               const char * const *link_types)
{
  g_return_if_fail (PB_IS_LINK_SOURCE (self));

  if (link_types == NULL)
    link_types = default_link_types;

  if (g_strv_equal ((const char * const *)self->link_types, link_types))
    return;

  g_strfreev (self->link_types);
  self->link_types = g_strdupv ((char **)link_types);

  if (self->server != NULL)
    pb_link_source_sync (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK_TYPES]);
}

/**
 * pb_link_source_get_teardown_timeout:
 *
 * Returns: see #PbLinkSource:teardown-timeout
 */
guint
pb_link_source_get_teardown_timeout (PbLinkSource *self)
{
  g_return_val_if_fail (PB_IS_LINK_SOURCE (self), PB_TEARDOWN_DEFAULT_TIMEOUT);

  return self->teardown_timeout;
}

/**
 * pb_link_source_set_teardown_timeout:
 * @seconds: at least 1
 */
void
pb_link_source_set_teardown_timeout (PbLinkSource *self,
                                     guint         seconds)
{
  g_return_if_fail (PB_IS_LINK_SOURCE (self));

  pb_teardown_set_timeout (G_OBJECT (self), &self->teardown_timeout, seconds, properties[PROP_TEARDOWN_TIMEOUT]);
}

/**
 * pb_link_source_get_profiles:
 *
 * The saved connections of a link type that are not active: what a front end
 * offers to connect with pb_link_activate_async(). Each item is a
 * #PbConnection of kind %PB_CONNECTION_KIND_LINK whose #PbConnection:handle
 * is the profile's UUID and whose state is `"disconnected"`; a profile leaves
 * this model while it is active and comes back when it is hung up.
 *
 * Returns: (transfer none): a live #GListModel of #PbConnection
 */
GListModel *
pb_link_source_get_profiles (PbLinkSource *self)
{
  g_return_val_if_fail (PB_IS_LINK_SOURCE (self), NULL);

  if (self->profiles == NULL)
    {
      self->profiles = pb_row_store_new ();
      pb_link_source_sync_profiles (self);
    }

  return G_LIST_MODEL (self->profiles);
}

/**
 * pb_link_source_hold_statistics:
 * @self: the links
 *
 * Asks NetworkManager for each link's traffic (#PbConnection:rx-bytes and
 * #PbConnection:tx-bytes, refreshed each second) until as many
 * pb_link_source_release_statistics(): a front end holds them while it shows
 * them, so that nothing wakes up for a hidden window.
 */
void
pb_link_source_hold_statistics (PbLinkSource *self)
{
  g_return_if_fail (PB_IS_LINK_SOURCE (self));

  if (self->statistics_holds++ == 0)
    pb_link_source_sync (self);
}

/**
 * pb_link_source_release_statistics:
 * @self: the links
 *
 * Lets go of a pb_link_source_hold_statistics(); after the last one the links'
 * traffic is unknown again and NetworkManager's refresh rates are as found.
 */
void
pb_link_source_release_statistics (PbLinkSource *self)
{
  g_return_if_fail (PB_IS_LINK_SOURCE (self));
  g_return_if_fail (self->statistics_holds > 0);

  if (--self->statistics_holds == 0)
    g_clear_pointer (&self->statistics, pb_link_statistics_free);
}

static gboolean
handle_equal (gconstpointer item,
              gconstpointer handle)
{
  return g_strcmp0 (pb_connection_get_handle ((PbConnection *)item), handle) == 0;
}

/**
 * pb_link_source_find_link:
 * @self: a #PbLinkSource
 * @handle: a link's handle
 *
 * Returns: (transfer none) (nullable): the link with @handle, if it is listed
 */
PbConnection *
pb_link_source_find_link (PbLinkSource *self,
                          const char   *handle)
{
  g_return_val_if_fail (PB_IS_LINK_SOURCE (self), NULL);
  g_return_val_if_fail (handle != NULL, NULL);

  return pb_source_find (PB_SOURCE (self), handle_equal, handle, NULL);
}

/**
 * pb_link_hang_up_async:
 * @self: a #PbLinkSource
 * @handle: the link's handle (see #PbLinkSource)
 * @device: (nullable): the interface name of one device of the link to
 *   disconnect alone, leaving the link up (L5); %NULL hangs up the whole link
 * @cancellable: (nullable): stops waiting (NetworkManager still finishes
 *   what it was asked)
 * @callback: called when the teardown has completed or failed
 * @user_data: data for @callback
 *
 * Hangs up a link the way RasHangUp does (SEMANTICS §1): a link still
 * dialling is cancelled, not waited for (L1), and the call completes only
 * once NetworkManager's state machine has finished, i.e. the link reached
 * DEACTIVATED or vanished, or with @device, that device reached DISCONNECTED
 * (L2, L5). #PbLinkSource:teardown-timeout bounds the wait. The link's row
 * is #PbConnection:busy meanwhile.
 *
 * Errors: %PB_ERROR_INVALID_HANDLE for an unknown, malformed or dead handle
 * (L3); %PB_ERROR_INVALID_PORT when @device is not one of the link's devices;
 * %PB_ERROR_TIMEOUT; %PB_ERROR_ACCESS_DENIED when NetworkManager refuses the
 * caller; %PB_ERROR_EXTENDED with NetworkManager's message for any other
 * refusal; %PB_ERROR_SERVER_UNREACHABLE when NetworkManager is not running.
 */
void
pb_link_hang_up_async (PbLinkSource        *self,
                       const char          *handle,
                       const char          *device,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PbTeardown) teardown = NULL;
  g_autofree char *server = NULL;
  g_autofree char *current_tag = NULL;
  const char *handle_tag;
  PbNmHandleForm form;
  NMActiveConnection *active;
  PbConnection *item;
  NMClient *client;

  g_return_if_fail (PB_IS_LINK_SOURCE (self));
  g_return_if_fail (handle != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_link_hang_up_async);
  server = pb_server_dup_label (self->server);
  client = pb_server_get_client (self->server);

  form = pb_nm_handle_parse (handle, &handle_tag);
  if (form == PB_NM_HANDLE_UNTAGGED)
    {
      /* A bare number may be a handle from before the tag, whose daemon is
       * long gone: taking it as the current link's would be the old lie. */
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_HANDLE,
                               _("Cannot hang up “%s”: a link handle is a number, a dot and a tag, like "
                                 "“%s.k7q2a”. List the links to get a current handle."), handle, handle);
      return;
    }
  if (form != PB_NM_HANDLE_TAGGED)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_HANDLE,
                               _("Cannot hang up “%s”: that is not a link handle. Handles are the names "
                                 "in the link list, like “3.k7q2a”."), handle);
      return;
    }

  if (client == NULL || !pb_server_get_running (self->server))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_SERVER_UNREACHABLE,
                               _("Cannot hang up link “%s”: %s"), handle, pb_server_get_status (self->server));
      return;
    }

  current_tag = pb_server_dup_handle_tag (self->server);
  if (g_strcmp0 (handle_tag, current_tag) != 0)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_HANDLE,
                               _("Cannot hang up link “%s”: the handle is from an earlier run of "
                                 "NetworkManager on %s, which has restarted since. List the links to get a "
                                 "current handle."),
                               handle, server);
      return;
    }

  item = pb_link_source_find_link (self, handle);
  active = item ? NM_ACTIVE_CONNECTION (pb_connection_get_backend (item)) : NULL;
  if (active == NULL || nm_active_connection_get_state (active) == NM_ACTIVE_CONNECTION_STATE_DEACTIVATED)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_HANDLE,
                               _("Cannot hang up link “%s”: there is no such link on %s; it may have been "
                                 "hung up already. List the links to get a current handle."),
                               handle, server);
      return;
    }

  if (device != NULL)
    {
      NMDevice *nm_device = pb_nm_find_device (nm_active_connection_get_devices (active), device);

      if (nm_device == NULL)
        {
          g_autofree char *devices = g_strjoinv (", ", (char **)pb_connection_get_devices (item));

          g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_PORT,
                                   _("Cannot hang up device “%s” of link “%s”: the link runs on %s only"),
                                   device, handle, devices);
          return;
        }

      /* A VPN lists the device of the link it rides on; disconnecting that
       * would take the other link down too. */
      if (nm_device_get_active_connection (nm_device) != active)
        {
          g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_PORT,
                                   _("Cannot hang up device “%s” of link “%s”: the device belongs to another "
                                     "link. Hang up link “%s” as a whole instead."),
                                   device, handle, handle);
          return;
        }

      teardown = pb_teardown_new_for_device (client, nm_device, item);
    }
  else
    teardown = pb_teardown_new_for_link (client, active, handle, item);

  pb_teardown_run_for_task (teardown, self->teardown_timeout, g_steal_pointer (&task));
}

/**
 * pb_link_hang_up_finish:
 *
 * Returns: %TRUE once the link (or the device) is down; %FALSE with a
 *   %PB_ERROR otherwise
 */
gboolean
pb_link_hang_up_finish (PbLinkSource  *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (PB_IS_LINK_SOURCE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
activate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbLinkSource *self = g_task_get_source_object (task);
  g_autoptr(NMActiveConnection) active = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *tag = NULL;

  active = nm_client_activate_connection_finish (NM_CLIENT (object), result, &error);
  if (active == NULL)
    {
      message = pb_nm_error_message (error);
      g_task_return_new_error (task, PB_ERROR, pb_nm_error_code (error),
                               _("NetworkManager did not connect “%s”: %s"),
                               (const char *)g_task_get_task_data (task), message);
      return;
    }

  tag = pb_server_dup_handle_tag (self->server);
  g_task_return_pointer (task, pb_nm_handle_for_path (tag, nm_object_get_path (NM_OBJECT (active))), g_free);
}

/**
 * pb_link_activate_async:
 * @self: a #PbLinkSource
 * @uuid: the UUID of a saved profile (an item of pb_link_source_get_profiles())
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when NetworkManager has started the activation
 * @user_data: data for @callback
 *
 * Dials a saved link. It completes when NetworkManager has accepted the
 * activation: the new link is then in this model, usually still
 * `"activating"`, and its row follows the state from there.
 *
 * Errors: %PB_ERROR_INVALID_HANDLE when no saved connection has @uuid;
 * %PB_ERROR_ACCESS_DENIED or %PB_ERROR_EXTENDED when NetworkManager refuses.
 */
void
pb_link_activate_async (PbLinkSource        *self,
                        const char          *uuid,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NMClient *client;
  NMRemoteConnection *connection = NULL;

  g_return_if_fail (PB_IS_LINK_SOURCE (self));
  g_return_if_fail (uuid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_link_activate_async);
  g_task_set_task_data (task, g_strdup (uuid), g_free);

  client = pb_server_get_client (self->server);
  if (client == NULL || !pb_server_get_running (self->server))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_SERVER_UNREACHABLE,
                               _("Cannot connect “%s”: %s"), uuid, pb_server_get_status (self->server));
      return;
    }

  connection = nm_client_get_connection_by_uuid (client, uuid);
  if (connection == NULL)
    {
      g_autofree char *server = pb_server_dup_label (self->server);

      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_HANDLE,
                               _("Cannot connect “%s”: there is no saved connection with that UUID on %s"),
                               uuid, server);
      return;
    }

  nm_client_activate_connection_async (client, NM_CONNECTION (connection), NULL, NULL, cancellable,
                                       activate_cb, g_steal_pointer (&task));
}

/**
 * pb_link_activate_finish:
 *
 * Returns: (transfer full): the new link's handle, or %NULL with a %PB_ERROR
 */
char *
pb_link_activate_finish (PbLinkSource  *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (PB_IS_LINK_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
