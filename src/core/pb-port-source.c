/* pb-port-source.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-error.h"
#include "pb-nm-private.h"
#include "pb-port-source.h"
#include "pb-source-private.h"
#include "pb-teardown-private.h"

/**
 * PbPortSource:
 *
 * The ports of one server: devices made to carry links (modem, ppp,
 * bluetooth, adsl, wireguard) and any other device while it carries a link
 * (the ethernet under PPPoE or a VPN). It follows a #PbLinkSource, so a
 * port's #PbConnection:link is the handle of the link it carries.
 */
struct _PbPortSource
{
  GObject       parent_instance;

  /* Owned */
  PbLinkSource *links;
  GHashTable   *link_by_iface; /* iface → handle, rebuilt when links change */
  PbRowStore   *rows;

  guint         teardown_timeout;
};

static void pb_port_source_source_iface_init (PbSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbPortSource, pb_port_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pb_source_list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (PB_TYPE_SOURCE, pb_port_source_source_iface_init))

enum {
  PROP_0,
  PROP_LINKS,
  PROP_TEARDOWN_TIMEOUT,
  N_PROPS,
  /* PbSource */
  PROP_AVAILABLE = N_PROPS,
  PROP_STATUS,
};

static GParamSpec *properties[N_PROPS];

static void
rebuild_link_map (PbPortSource *self)
{
  GListModel *links = G_LIST_MODEL (self->links);
  guint n = g_list_model_get_n_items (links);

  g_hash_table_remove_all (self->link_by_iface);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) link = g_list_model_get_item (links, i);
      const char * const *devices = pb_connection_get_devices (link);

      /* The first link that names a device wins: a VPN lists its base device
       * after the link that brought that device up is filtered out. */
      for (guint j = 0; devices != NULL && devices[j] != NULL; j++)
        if (!g_hash_table_contains (self->link_by_iface, devices[j]))
          g_hash_table_insert (self->link_by_iface,
                               g_strdup (devices[j]),
                               g_strdup (pb_connection_get_handle (link)));
    }
}

static void
update_item (PbPortSource *self,
             PbConnection *item,
             NMDevice     *device)
{
  const char *iface = nm_device_get_iface (device);

  pb_connection_set_name (item, iface);
  pb_connection_set_type_name (item, pb_nm_device_type_name (device));
  pb_connection_set_state (item, pb_nm_device_state_name (nm_device_get_state (device)));
  pb_connection_set_link (item, iface ? g_hash_table_lookup (self->link_by_iface, iface) : NULL);
}

static void
on_device_changed (PbPortSource *self,
                   GParamSpec   *pspec,
                   NMDevice     *device)
{
  PbConnection *item = pb_source_find_backend (PB_SOURCE (self), G_OBJECT (device));

  if (item != NULL)
    update_item (self, item, device);
}

static PbConnection *
create_item (PbSource *source,
             GObject  *backend)
{
  PbPortSource *self = PB_PORT_SOURCE (source);
  NMDevice *device = NM_DEVICE (backend);
  PbServer *server = pb_link_source_get_server (self->links);
  PbConnection *item = pb_connection_new (PB_CONNECTION_KIND_PORT, pb_server_get_name (server));

  update_item (self, item, device);

  g_signal_connect_object (device, "notify::state", G_CALLBACK (on_device_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (device, "notify::active-connection", G_CALLBACK (on_device_changed), self, G_CONNECT_SWAPPED);

  return item;
}

/* The ethernet devices that saved PPPoE connections dial over: `pppoe.parent`,
 * or for a profile from before NetworkManager 1.16 its interface name. They
 * are ports even while idle, so that the link can be seen to ride on one. */
static GHashTable *
pppoe_parents (NMClient *client)
{
  GHashTable *parents = g_hash_table_new (g_str_hash, g_str_equal);
  const GPtrArray *connections = nm_client_get_connections (client);

  for (guint i = 0; connections != NULL && i < connections->len; i++)
    {
      NMConnection *connection = g_ptr_array_index (connections, i);
      NMSettingPppoe *pppoe = nm_connection_get_setting_pppoe (connection);
      const char *parent;

      if (pppoe == NULL)
        continue;
      parent = nm_setting_pppoe_get_parent (pppoe);
      if (parent == NULL)
        parent = nm_connection_get_interface_name (connection);
      if (parent != NULL)
        g_hash_table_add (parents, (gpointer)parent);
    }

  return parents;
}

static void
pb_port_source_sync (PbPortSource *self)
{
  PbServer *server = pb_link_source_get_server (self->links);
  NMClient *client = pb_server_get_client (server);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  GListModel *store;
  guint n;

  rebuild_link_map (self);

  if (client != NULL && pb_server_get_running (server))
    {
      const GPtrArray *devices = nm_client_get_devices (client);
      g_autoptr(GHashTable) parents = pppoe_parents (client);

      for (guint i = 0; devices != NULL && i < devices->len; i++)
        {
          NMDevice *device = g_ptr_array_index (devices, i);
          const char *iface = nm_device_get_iface (device);

          if (pb_nm_device_is_carrier (device) ||
              (iface != NULL && g_hash_table_contains (self->link_by_iface, iface)) ||
              (iface != NULL && g_hash_table_contains (parents, iface)))
            g_ptr_array_add (wanted, device);
        }
    }

  pb_source_sync (PB_SOURCE (self), wanted, create_item, pb_source_disconnect_backend);

  /* Rows that stayed may carry a different link now. */
  store = G_LIST_MODEL (pb_source_get_store (PB_SOURCE (self)));
  n = g_list_model_get_n_items (store);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (store, i);

      update_item (self, item, NM_DEVICE (pb_connection_get_backend (item)));
    }
}

static void
pb_port_source_constructed (GObject *object)
{
  PbPortSource *self = (PbPortSource *)object;
  PbServer *server = pb_link_source_get_server (self->links);
  NMClient *client = pb_server_get_client (server);

  G_OBJECT_CLASS (pb_port_source_parent_class)->constructed (object);

  pb_nm_source_follow_server (PB_SOURCE (self), server, G_CALLBACK (pb_port_source_sync));
  g_signal_connect_object (self->links, "items-changed",
                           G_CALLBACK (pb_port_source_sync), self,
                           G_CONNECT_SWAPPED);
  if (client != NULL)
    {
      g_signal_connect_object (client, "notify::" NM_CLIENT_DEVICES,
                               G_CALLBACK (pb_port_source_sync), self,
                               G_CONNECT_SWAPPED);
      /* A saved PPPoE connection names its parent port. */
      g_signal_connect_object (client, "notify::" NM_CLIENT_CONNECTIONS,
                               G_CALLBACK (pb_port_source_sync), self,
                               G_CONNECT_SWAPPED);
    }

  pb_port_source_sync (self);
}

static void
pb_port_source_dispose (GObject *object)
{
  PbPortSource *self = (PbPortSource *)object;

  pb_source_clear (PB_SOURCE (self), pb_source_disconnect_backend);
  /* Dropping the links may dispose them, and their server, while this
   * source is still connected to both: the links' last items-changed
   * would sync ports over links already gone. */
  if (self->links != NULL)
    {
      PbServer *server = pb_link_source_get_server (self->links);

      if (server != NULL)
        g_signal_handlers_disconnect_by_data (server, self);
      g_signal_handlers_disconnect_by_data (self->links, self);
    }
  g_clear_object (&self->links);

  G_OBJECT_CLASS (pb_port_source_parent_class)->dispose (object);
}

static void
pb_port_source_finalize (GObject *object)
{
  PbPortSource *self = (PbPortSource *)object;

  g_clear_pointer (&self->link_by_iface, g_hash_table_unref);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (pb_port_source_parent_class)->finalize (object);
}

static void
pb_port_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PbPortSource *self = PB_PORT_SOURCE (object);

  switch (prop_id)
    {
    case PROP_LINKS:
      g_value_set_object (value, self->links);
      break;

    case PROP_TEARDOWN_TIMEOUT:
      g_value_set_uint (value, self->teardown_timeout);
      break;

    case PROP_AVAILABLE:
    case PROP_STATUS:
      pb_nm_source_get_property (pb_link_source_get_server (self->links), pspec, value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_port_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PbPortSource *self = PB_PORT_SOURCE (object);

  switch (prop_id)
    {
    case PROP_LINKS:
      self->links = g_value_dup_object (value);
      break;

    case PROP_TEARDOWN_TIMEOUT:
      pb_port_source_set_teardown_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_port_source_class_init (PbPortSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pb_port_source_constructed;
  object_class->dispose = pb_port_source_dispose;
  object_class->finalize = pb_port_source_finalize;
  object_class->get_property = pb_port_source_get_property;
  object_class->set_property = pb_port_source_set_property;

  properties[PROP_LINKS] =
    g_param_spec_object ("links", NULL, "The links these ports carry", PB_TYPE_LINK_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PbPortSource:teardown-timeout:
   *
   * Seconds a port disconnect waits for the device to reach DISCONNECTED
   * before it fails with %PB_ERROR_TIMEOUT.
   */
  properties[PROP_TEARDOWN_TIMEOUT] = pb_teardown_timeout_param_new ();

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_AVAILABLE, "available");
  g_object_class_override_property (object_class, PROP_STATUS, "status");
}

static void
pb_port_source_init (PbPortSource *self)
{
  self->link_by_iface = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->teardown_timeout = PB_TEARDOWN_DEFAULT_TIMEOUT;
  self->rows = pb_source_new_rows (PB_SOURCE (self));
}

static void
pb_port_source_disconnect_async (PbSource            *source,
                                 const char          *name,
                                 PbDisconnectFlags    flags,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  pb_port_disconnect_async (PB_PORT_SOURCE (source), name, cancellable, callback, user_data);
}

static gboolean
pb_port_source_disconnect_finish (PbSource      *source,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return pb_port_disconnect_finish (PB_PORT_SOURCE (source), result, error);
}

static PbRowStore *
pb_port_source_get_rows (PbSource *source)
{
  return PB_PORT_SOURCE (source)->rows;
}

static void
pb_port_source_source_iface_init (PbSourceInterface *iface)
{
  iface->disconnect_async = pb_port_source_disconnect_async;
  iface->disconnect_finish = pb_port_source_disconnect_finish;
  iface->get_rows = pb_port_source_get_rows;
}

/**
 * pb_port_source_new:
 * @links: the links of the server whose ports to list
 *
 * Returns: (transfer full): a live model of the ports
 */
PbPortSource *
pb_port_source_new (PbLinkSource *links)
{
  g_return_val_if_fail (PB_IS_LINK_SOURCE (links), NULL);

  return g_object_new (PB_TYPE_PORT_SOURCE, "links", links, NULL);
}

guint
pb_port_source_get_teardown_timeout (PbPortSource *self)
{
  g_return_val_if_fail (PB_IS_PORT_SOURCE (self), 0);

  return self->teardown_timeout;
}

/**
 * pb_port_source_set_teardown_timeout:
 * @seconds: at least 1
 */
void
pb_port_source_set_teardown_timeout (PbPortSource *self,
                                     guint         seconds)
{
  g_return_if_fail (PB_IS_PORT_SOURCE (self));

  pb_teardown_set_timeout (G_OBJECT (self), &self->teardown_timeout, seconds, properties[PROP_TEARDOWN_TIMEOUT]);
}

/**
 * pb_port_disconnect_async:
 * @self: a #PbPortSource
 * @port: the device's interface name on this source's server (P1), e.g.
 *   `ttyUSB0`, `ppp0`, `eth1`
 * @cancellable: (nullable): stops waiting (NetworkManager still finishes
 *   what it was asked)
 * @callback: called when the teardown has completed or failed
 * @user_data: data for @callback
 *
 * Disconnects a port the way RasAdminPortDisconnect does (SEMANTICS §2):
 * whatever link the device carries goes down, and the call completes once
 * the device reached DISCONNECTED (P3), within
 * #PbPortSource:teardown-timeout. The port's row is #PbConnection:busy
 * meanwhile.
 *
 * Errors: %PB_ERROR_INVALID_PORT when the server has no such device, and
 * %PB_ERROR_PORT_NOT_IN_USE when it carries nothing; neither changes
 * anything (P2). %PB_ERROR_TIMEOUT, %PB_ERROR_ACCESS_DENIED,
 * %PB_ERROR_EXTENDED (NetworkManager's message) and
 * %PB_ERROR_SERVER_UNREACHABLE as for pb_link_hang_up_async().
 */
void
pb_port_disconnect_async (PbPortSource        *self,
                          const char          *port,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PbTeardown) teardown = NULL;
  g_autofree char *server_label = NULL;
  PbServer *server;
  NMClient *client;
  NMDevice *device;
  NMDeviceState state;

  g_return_if_fail (PB_IS_PORT_SOURCE (self));
  g_return_if_fail (port != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_port_disconnect_async);
  server = pb_link_source_get_server (self->links);
  server_label = pb_server_dup_label (server);
  client = pb_server_get_client (server);

  if (client == NULL || !pb_server_get_running (server))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_SERVER_UNREACHABLE,
                               _("Cannot disconnect port “%s”: %s"), port, pb_server_get_status (server));
      return;
    }

  device = pb_nm_find_device (nm_client_get_devices (client), port);
  if (device == NULL)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_PORT,
                               _("Cannot disconnect port “%s”: there is no such port on %s. List the ports "
                                 "to see their names."), port, server_label);
      return;
    }

  state = nm_device_get_state (device);
  if (nm_device_get_active_connection (device) == NULL || pb_nm_device_state_is_down (state))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_PORT_NOT_IN_USE,
                               _("Cannot disconnect port “%s” on %s: it carries no link (it is %s), so there "
                                 "is nothing to disconnect."),
                               port, server_label, pb_nm_device_state_name (state));
      return;
    }

  teardown = pb_teardown_new_for_device (client, device,
                                         pb_source_find_backend (PB_SOURCE (self), G_OBJECT (device)));
  pb_teardown_run_for_task (teardown, self->teardown_timeout, g_steal_pointer (&task));
}

/**
 * pb_port_disconnect_finish:
 *
 * Returns: %TRUE once the port is disconnected; %FALSE with a %PB_ERROR
 *   otherwise
 */
gboolean
pb_port_disconnect_finish (PbPortSource  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (PB_IS_PORT_SOURCE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
