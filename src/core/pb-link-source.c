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
#include "pb-nm-private.h"
#include "pb-source-private.h"

/**
 * PbLinkSource:
 *
 * The links of one server: NetworkManager's active connections whose type is
 * one of #PbLinkSource:link-types, kept current from libnm's signals.
 */
struct _PbLinkSource
{
  GObject    parent_instance;

  /* Owned */
  PbServer  *server;
  char     **link_types;
};

static void pb_link_source_source_iface_init (PbSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbLinkSource, pb_link_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pb_source_list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (PB_TYPE_SOURCE, pb_link_source_source_iface_init))

enum {
  PROP_0,
  PROP_SERVER,
  PROP_LINK_TYPES,
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

static void
update_item (PbConnection       *item,
             NMActiveConnection *active)
{
  g_auto(GStrv) devices = pb_nm_active_device_names (active);

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
    update_item (item, active);
}

static PbConnection *
create_item (PbSource *source,
             GObject  *backend)
{
  PbLinkSource *self = PB_LINK_SOURCE (source);
  NMActiveConnection *active = NM_ACTIVE_CONNECTION (backend);
  g_autofree char *handle = pb_nm_handle_for_path (nm_object_get_path (NM_OBJECT (active)));
  PbConnection *item = pb_connection_new (PB_CONNECTION_KIND_LINK, pb_server_get_name (self->server));

  pb_connection_set_handle (item, handle);
  update_item (item, active);

  g_signal_connect_object (active, "notify::state", G_CALLBACK (on_active_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (active, "notify::devices", G_CALLBACK (on_active_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (active, "notify::id", G_CALLBACK (on_active_changed), self, G_CONNECT_SWAPPED);

  return item;
}

static void
drop_item (PbSource *source,
           GObject  *backend)
{
  g_signal_handlers_disconnect_by_data (backend, source);
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

  pb_source_sync (PB_SOURCE (self), wanted, create_item, drop_item);
}

static void
on_server_running_changed (PbLinkSource *self)
{
  pb_link_source_sync (self);
  g_object_notify (G_OBJECT (self), "available");
  g_object_notify (G_OBJECT (self), "status");
}

static void
pb_link_source_constructed (GObject *object)
{
  PbLinkSource *self = (PbLinkSource *)object;
  NMClient *client = pb_server_get_client (self->server);

  G_OBJECT_CLASS (pb_link_source_parent_class)->constructed (object);

  g_signal_connect_object (self->server, "notify::running",
                           G_CALLBACK (on_server_running_changed), self,
                           G_CONNECT_SWAPPED);

  if (client != NULL)
    g_signal_connect_object (client, "notify::" NM_CLIENT_ACTIVE_CONNECTIONS,
                             G_CALLBACK (pb_link_source_sync), self,
                             G_CONNECT_SWAPPED);

  pb_link_source_sync (self);
}

static void
pb_link_source_dispose (GObject *object)
{
  PbLinkSource *self = (PbLinkSource *)object;

  pb_source_clear (PB_SOURCE (self), drop_item);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (pb_link_source_parent_class)->dispose (object);
}

static void
pb_link_source_finalize (GObject *object)
{
  PbLinkSource *self = (PbLinkSource *)object;

  g_clear_pointer (&self->link_types, g_strfreev);

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

    case PROP_AVAILABLE:
      g_value_set_boolean (value, pb_server_get_running (self->server));
      break;

    case PROP_STATUS:
      g_value_set_string (value, pb_server_get_status (self->server));
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_AVAILABLE, "available");
  g_object_class_override_property (object_class, PROP_STATUS, "status");
}

static void
pb_link_source_init (PbLinkSource *self)
{
  self->link_types = g_strdupv ((char **)default_link_types);
  pb_source_init_store (PB_SOURCE (self));
}

static void
pb_link_source_disconnect_async (PbSource            *source,
                                 const char          *name,
                                 PbDisconnectFlags    flags,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, pb_link_source_disconnect_async);
  g_task_return_new_error (task, PB_ERROR, PB_ERROR_CALL_NOT_IMPLEMENTED,
                           _("Cannot hang up link “%s”: hanging up is not implemented yet"), name);
}

static gboolean
pb_link_source_disconnect_finish (PbSource      *source,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
pb_link_source_source_iface_init (PbSourceInterface *iface)
{
  iface->disconnect_async = pb_link_source_disconnect_async;
  iface->disconnect_finish = pb_link_source_disconnect_finish;
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
pb_link_source_get_default_link_types (void)
{
  return default_link_types;
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
