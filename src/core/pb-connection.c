/* pb-connection.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-connection.h"
#include "pb-enums.h"
#include "pb-row-store.h"
#include "pb-util-private.h"

/**
 * PbConnection:
 *
 * One row of any kind: a link, a port or a drive. Sources own their items and
 * keep them current; views bind to the properties, which notify only when a
 * value really changes.
 */
struct _PbConnection
{
  GObject           parent_instance;

  PbConnectionKind  kind;
  char             *server;
  char             *handle;
  char             *name;
  char             *type_name;
  char             *state;
  char             *link;
  char             *local_name;
  char             *remote_name;
  char             *mount_path;
  char            **devices;
  guint             remembered : 1;
  guint             busy : 1;
  guint             connected_before : 1;
  gint64            connected_since;
  gint64            rx_bytes;
  gint64            tx_bytes;

  /* Owned: what the row was made for, set by its PbRowStore */
  GObject          *backend;
};

G_DEFINE_FINAL_TYPE (PbConnection, pb_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_SERVER,
  PROP_HANDLE,
  PROP_NAME,
  PROP_TYPE_NAME,
  PROP_STATE,
  PROP_LINK,
  PROP_LOCAL_NAME,
  PROP_REMOTE_NAME,
  PROP_MOUNT_PATH,
  PROP_DEVICES,
  PROP_REMEMBERED,
  PROP_BUSY,
  PROP_CONNECTED_SINCE,
  PROP_CONNECTED_BEFORE,
  PROP_RX_BYTES,
  PROP_TX_BYTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pb_connection_finalize (GObject *object)
{
  PbConnection *self = (PbConnection *)object;

  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->handle, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->type_name, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->link, g_free);
  g_clear_pointer (&self->local_name, g_free);
  g_clear_pointer (&self->remote_name, g_free);
  g_clear_pointer (&self->mount_path, g_free);
  g_clear_pointer (&self->devices, g_strfreev);
  g_clear_object (&self->backend);

  G_OBJECT_CLASS (pb_connection_parent_class)->finalize (object);
}

static void
pb_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PbConnection *self = PB_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;

    case PROP_HANDLE:
      g_value_set_string (value, pb_connection_get_handle (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_TYPE_NAME:
      g_value_set_string (value, self->type_name);
      break;

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    case PROP_LINK:
      g_value_set_string (value, self->link);
      break;

    case PROP_LOCAL_NAME:
      g_value_set_string (value, self->local_name);
      break;

    case PROP_REMOTE_NAME:
      g_value_set_string (value, self->remote_name);
      break;

    case PROP_MOUNT_PATH:
      g_value_set_string (value, self->mount_path);
      break;

    case PROP_DEVICES:
      g_value_set_boxed (value, self->devices);
      break;

    case PROP_REMEMBERED:
      g_value_set_boolean (value, self->remembered);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_CONNECTED_SINCE:
      g_value_set_int64 (value, self->connected_since);
      break;

    case PROP_CONNECTED_BEFORE:
      g_value_set_boolean (value, self->connected_before);
      break;

    case PROP_RX_BYTES:
      g_value_set_int64 (value, self->rx_bytes);
      break;

    case PROP_TX_BYTES:
      g_value_set_int64 (value, self->tx_bytes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connection_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PbConnection *self = PB_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_SERVER:
      self->server = g_value_dup_string (value);
      break;

    case PROP_HANDLE:
      pb_connection_set_handle (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      pb_connection_set_name (self, g_value_get_string (value));
      break;

    case PROP_TYPE_NAME:
      pb_connection_set_type_name (self, g_value_get_string (value));
      break;

    case PROP_STATE:
      pb_connection_set_state (self, g_value_get_string (value));
      break;

    case PROP_LINK:
      pb_connection_set_link (self, g_value_get_string (value));
      break;

    case PROP_LOCAL_NAME:
      pb_connection_set_local_name (self, g_value_get_string (value));
      break;

    case PROP_REMOTE_NAME:
      pb_connection_set_remote_name (self, g_value_get_string (value));
      break;

    case PROP_MOUNT_PATH:
      pb_connection_set_mount_path (self, g_value_get_string (value));
      break;

    case PROP_DEVICES:
      pb_connection_set_devices (self, g_value_get_boxed (value));
      break;

    case PROP_REMEMBERED:
      pb_connection_set_remembered (self, g_value_get_boolean (value));
      break;

    case PROP_BUSY:
      pb_connection_set_busy (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_connection_class_init (PbConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_connection_finalize;
  object_class->get_property = pb_connection_get_property;
  object_class->set_property = pb_connection_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, "Link, port or drive",
                       PB_TYPE_CONNECTION_KIND, PB_CONNECTION_KIND_LINK,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, "\"local\" or the remote host", "local",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HANDLE] =
    g_param_spec_string ("handle", NULL, "Stable id the CLI and GUI print (links)", NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, "Display name", NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TYPE_NAME] =
    g_param_spec_string ("type-name", NULL, "Backend type: NM connection or device type, or URI scheme", NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, "Lower-case state name", NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LINK] =
    g_param_spec_string ("link", NULL, "Handle of the link a port carries", NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOCAL_NAME] =
    g_param_spec_string ("local-name", NULL, "Drive's local name", NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REMOTE_NAME] =
    g_param_spec_string ("remote-name", NULL, "Drive's remote name (URI)", NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MOUNT_PATH] =
    g_param_spec_string ("mount-path", NULL, "Drive's mount path", NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DEVICES] =
    g_param_spec_boxed ("devices", NULL, "Interface names of a link's devices",
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REMEMBERED] =
    g_param_spec_boolean ("remembered", NULL, "Drive is kept in the profile", FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, "A teardown of this item is in flight", FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* A link's time and traffic: read-only, set by its source. */
  properties[PROP_CONNECTED_SINCE] =
    g_param_spec_int64 ("connected-since", NULL,
                        "Wall-clock time (µs) the link was seen connected; 0 while it is not", 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONNECTED_BEFORE] =
    g_param_spec_boolean ("connected-before", NULL,
                          "The link was already connected when first seen: connected-since is a lower bound",
                          FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_RX_BYTES] =
    g_param_spec_int64 ("rx-bytes", NULL, "Bytes received by the link's devices; -1 unknown", -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TX_BYTES] =
    g_param_spec_int64 ("tx-bytes", NULL, "Bytes sent by the link's devices; -1 unknown", -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_connection_init (PbConnection *self)
{
  self->rx_bytes = -1;
  self->tx_bytes = -1;
}

/**
 * pb_connection_new:
 * @kind: what the item is
 * @server: (nullable): the server it lives on; %NULL means `"local"`
 *
 * Returns: (transfer full): a new, empty item for a source to fill
 */
PbConnection *
pb_connection_new (PbConnectionKind  kind,
                   const char       *server)
{
  return g_object_new (PB_TYPE_CONNECTION,
                       "kind", kind,
                       "server", server ? server : "local",
                       NULL);
}

PbConnectionKind
pb_connection_get_kind (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), PB_CONNECTION_KIND_LINK);

  return self->kind;
}

/**
 * pb_connection_get_kind_name:
 *
 * Returns: `"link"`, `"port"` or `"drive"`: the `kind` key of the CLI's JSON
 */
const char *
pb_connection_get_kind_name (PbConnection *self)
{
  static const char * const names[] = { "link", "port", "drive" };

  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  return names[self->kind];
}

const char *
pb_connection_get_server (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  return self->server;
}

/**
 * pb_connection_get_handle:
 *
 * The handle the lists print is the one the commands accept: a link's is
 * its active connection's path number and the NetworkManager run's tag
 * (set by its source, see pb_nm_handle_for_path()), a port's its
 * interface name, a drive's its local name.
 *
 * Returns: (nullable): the name the disconnect call of its kind takes
 */
const char *
pb_connection_get_handle (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  if (self->handle != NULL)
    return self->handle;

  switch (self->kind)
    {
    case PB_CONNECTION_KIND_PORT:
      return self->name;
    case PB_CONNECTION_KIND_DRIVE:
      return self->local_name;
    case PB_CONNECTION_KIND_LINK:
    default:
      return NULL;
    }
}

void
pb_connection_set_handle (PbConnection *self,
                         const char   *handle)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  if (pb_set_str (&self->handle, handle))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDLE]);
}

const char *
pb_connection_get_name (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  return self->name;
}

void
pb_connection_set_name (PbConnection *self,
                       const char   *name)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  if (pb_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
pb_connection_get_type_name (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  return self->type_name;
}

void
pb_connection_set_type_name (PbConnection *self,
                            const char   *type_name)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  if (pb_set_str (&self->type_name, type_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TYPE_NAME]);
}

const char *
pb_connection_get_state (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  return self->state;
}

void
pb_connection_set_state (PbConnection *self,
                        const char   *state)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  if (pb_set_str (&self->state, state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
pb_connection_get_link (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  return self->link;
}

void
pb_connection_set_link (PbConnection *self,
                       const char   *link)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  if (pb_set_str (&self->link, link))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK]);
}

const char *
pb_connection_get_local_name (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  return self->local_name;
}

void
pb_connection_set_local_name (PbConnection *self,
                             const char   *local_name)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  if (pb_set_str (&self->local_name, local_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_NAME]);
}

const char *
pb_connection_get_remote_name (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  return self->remote_name;
}

void
pb_connection_set_remote_name (PbConnection *self,
                              const char   *remote_name)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  if (pb_set_str (&self->remote_name, remote_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_NAME]);
}

const char *
pb_connection_get_mount_path (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  return self->mount_path;
}

void
pb_connection_set_mount_path (PbConnection *self,
                             const char   *mount_path)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  if (pb_set_str (&self->mount_path, mount_path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOUNT_PATH]);
}

const char * const *
pb_connection_get_devices (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), NULL);

  return (const char * const *)self->devices;
}

void
pb_connection_set_devices (PbConnection       *self,
                           const char * const *devices)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  if (self->devices != NULL && devices != NULL &&
      g_strv_equal ((const char * const *)self->devices, devices))
    return;
  if (self->devices == NULL && devices == NULL)
    return;

  g_strfreev (self->devices);
  self->devices = g_strdupv ((char **)devices);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICES]);
}

gboolean
pb_connection_get_remembered (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), FALSE);

  return self->remembered;
}

void
pb_connection_set_remembered (PbConnection *self,
                              gboolean      remembered)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  remembered = !!remembered;
  if (self->remembered == remembered)
    return;

  self->remembered = remembered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMEMBERED]);
}

gboolean
pb_connection_get_busy (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), FALSE);

  return self->busy;
}

void
pb_connection_set_busy (PbConnection *self,
                        gboolean      busy)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * pb_connection_get_connected_since:
 * @self: a link
 * @before: (out) (optional): set to %TRUE when the link was already connected
 *   when its source first saw it, so the time is a lower bound
 *
 * Returns: the wall-clock time (g_get_real_time()) since which the link has
 *   been connected, or 0 while it is not connected
 */
gint64
pb_connection_get_connected_since (PbConnection *self,
                                   gboolean     *before)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), 0);

  if (before != NULL)
    *before = self->connected_before;
  return self->connected_since;
}

void
pb_connection_set_connected_since (PbConnection *self,
                                   gint64        since,
                                   gboolean      before)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  before = since != 0 && before;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->connected_since != since)
    {
      self->connected_since = since;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED_SINCE]);
    }
  if (self->connected_before != (guint)before)
    {
      self->connected_before = before;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED_BEFORE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * pb_connection_get_traffic:
 * @self: a link
 * @rx_bytes: (out) (optional): bytes received, or -1 when unknown
 * @tx_bytes: (out) (optional): bytes sent, or -1 when unknown
 *
 * What the link's devices counted, as NetworkManager reports it while a front
 * end asks for it (pb_link_source_hold_statistics()).
 *
 * Returns: %TRUE when both counts are known
 */
gboolean
pb_connection_get_traffic (PbConnection *self,
                           gint64       *rx_bytes,
                           gint64       *tx_bytes)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), FALSE);

  if (rx_bytes != NULL)
    *rx_bytes = self->rx_bytes;
  if (tx_bytes != NULL)
    *tx_bytes = self->tx_bytes;
  return self->rx_bytes >= 0 && self->tx_bytes >= 0;
}

void
pb_connection_set_traffic (PbConnection *self,
                           gint64        rx_bytes,
                           gint64        tx_bytes)
{
  g_return_if_fail (PB_IS_CONNECTION (self));

  rx_bytes = MAX (rx_bytes, -1);
  tx_bytes = MAX (tx_bytes, -1);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->rx_bytes != rx_bytes)
    {
      self->rx_bytes = rx_bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RX_BYTES]);
    }
  if (self->tx_bytes != tx_bytes)
    {
      self->tx_bytes = tx_bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TX_BYTES]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * pb_connection_get_backend:
 * @item: a row of a #PbRowStore
 *
 * Returns: (transfer none) (nullable): the backend object the row was made
 *   for (an NMActiveConnection, an NMDevice, a GMount, a #PbDriveEntry...)
 */
GObject *
pb_connection_get_backend (PbConnection *item)
{
  g_return_val_if_fail (PB_IS_CONNECTION (item), NULL);

  return item->backend;
}

/* Not a property: only the row store sets it, once, and nothing binds to
 * it. */
void
pb_connection_set_backend (PbConnection *item,
                           GObject      *backend)
{
  g_return_if_fail (PB_IS_CONNECTION (item));

  g_set_object (&item->backend, backend);
}

/**
 * pb_connection_is_port_in_use:
 *
 * A port is in use while it carries a link: any state from preparing up to
 * activated. One that is unmanaged, unavailable, disconnected, going down
 * or failed has nothing to disconnect (P2).
 *
 * Returns: whether the port @self carries a link now
 */
gboolean
pb_connection_is_port_in_use (PbConnection *self)
{
  static const char * const idle[] = {
    "unknown", "unmanaged", "unavailable", "disconnected", "deactivating", "failed", NULL
  };

  g_return_val_if_fail (PB_IS_CONNECTION (self), FALSE);

  return self->kind == PB_CONNECTION_KIND_PORT &&
         self->state != NULL && !g_strv_contains (idle, self->state);
}

/**
 * pb_connection_is_connected:
 *
 * Whether there is something to disconnect now, decided once for every
 * front end: a link until it is deactivated, a port while it is in use
 * (pb_connection_is_port_in_use()), a drive while it is mounted (a
 * remembered drive that is not mounted is not connected, D7).
 *
 * Returns: whether @self is connected now
 */
gboolean
pb_connection_is_connected (PbConnection *self)
{
  g_return_val_if_fail (PB_IS_CONNECTION (self), FALSE);

  switch (self->kind)
    {
    case PB_CONNECTION_KIND_LINK:
      return g_strcmp0 (self->state, "deactivated") != 0;
    case PB_CONNECTION_KIND_PORT:
      return pb_connection_is_port_in_use (self);
    case PB_CONNECTION_KIND_DRIVE:
      return g_strcmp0 (self->state, "connected") == 0;
    default:
      g_assert_not_reached ();
    }
}
