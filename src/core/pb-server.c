/* pb-server.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-error.h"
#include "pb-server.h"
#include "pb-util-private.h"

/**
 * PbServer:
 *
 * The NetworkManager that links and ports are asked about: the local one, or
 * a remote host's. A server object outlives its daemon: when NetworkManager
 * is not running it reports so in #PbServer:status, and when the daemon
 * appears (or comes back) the #NMClient fills in again by itself, which the
 * sources follow through #PbServer:running.
 */
struct _PbServer
{
  GObject   parent_instance;

  /* Owned */
  char     *host;
  NMClient *client;
  char     *status;

  guint     running : 1;
};

static void pb_server_async_initable_iface_init (GAsyncInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbServer, pb_server, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE,
                                                      pb_server_async_initable_iface_init))

enum {
  PROP_0,
  PROP_HOST,
  PROP_CLIENT,
  PROP_RUNNING,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pb_server_update_running (PbServer *self)
{
  gboolean running = self->client != NULL && nm_client_get_nm_running (self->client);
  g_autofree char *status = NULL;

  if (self->client != NULL && !running)
    status = pb_server_is_local (self)
           ? g_strdup (_("NetworkManager is not running on this computer"))
           : g_strdup_printf (_("NetworkManager is not running on “%s”"), self->host);

  /* Without a client the status was set when the bus could not be reached. */
  if (self->client != NULL && pb_set_str (&self->status, status))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);

  if (self->running != running)
    {
      self->running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
on_nm_running_changed (PbServer *self)
{
  pb_server_update_running (self);
}

static void
client_new_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  self->client = nm_client_new_finish (result, &error);

  if (self->client == NULL)
    {
      if (!pb_server_is_local (self))
        {
          g_task_return_new_error (task, PB_ERROR, PB_ERROR_SERVER_UNREACHABLE,
                                   _("Cannot reach NetworkManager on “%s”: %s"),
                                   self->host, error->message);
          return;
        }

      /* No system bus at all: the server still works, empty, and says why. */
      g_free (self->status);
      self->status = g_strdup_printf (_("Cannot reach the system bus (%s)"),
                                      error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_signal_connect_object (self->client, "notify::nm-running",
                           G_CALLBACK (on_nm_running_changed), self,
                           G_CONNECT_SWAPPED);
  pb_server_update_running (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);

  g_task_return_boolean (task, TRUE);
}

static void
pb_server_init_async (GAsyncInitable      *initable,
                      int                  io_priority,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  PbServer *self = PB_SERVER (initable);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_server_init_async);
  g_task_set_priority (task, io_priority);

  if (!pb_server_is_local (self))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_CALL_NOT_IMPLEMENTED,
                               _("Cannot reach “%s”: remote servers are not supported by this build"),
                               self->host);
      return;
    }

  nm_client_new_async (cancellable, client_new_cb, g_steal_pointer (&task));
}

static gboolean
pb_server_init_finish (GAsyncInitable  *initable,
                       GAsyncResult    *result,
                       GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
pb_server_async_initable_iface_init (GAsyncInitableIface *iface)
{
  iface->init_async = pb_server_init_async;
  iface->init_finish = pb_server_init_finish;
}

static void
pb_server_dispose (GObject *object)
{
  PbServer *self = (PbServer *)object;

  g_clear_object (&self->client);

  G_OBJECT_CLASS (pb_server_parent_class)->dispose (object);
}

static void
pb_server_finalize (GObject *object)
{
  PbServer *self = (PbServer *)object;

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (pb_server_parent_class)->finalize (object);
}

static void
pb_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PbServer *self = PB_SERVER (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_server_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PbServer *self = PB_SERVER (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = pb_server_normalize_host (g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_server_class_init (PbServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_server_dispose;
  object_class->finalize = pb_server_finalize;
  object_class->get_property = pb_server_get_property;
  object_class->set_property = pb_server_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, "Remote host, or NULL for this computer", NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, "The NetworkManager client", NM_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, "NetworkManager answers", FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, "Why the server is not usable", NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_server_init (PbServer *self)
{
}

/**
 * pb_server_normalize_host:
 * @name: (nullable): `NULL`, `""`, `"local"`, `"localhost"`, `\\host` or `host`
 *
 * Returns: (transfer full) (nullable): the bare host name, or %NULL for this
 *   computer
 */
char *
pb_server_normalize_host (const char *name)
{
  if (name == NULL)
    return NULL;

  while (*name == '\\' || *name == '/')
    name++;

  if (*name == '\0' || g_str_equal (name, "local"))
    return NULL;

  return g_strdup (name);
}

/**
 * pb_server_new_async:
 * @host: (nullable): a server name (see pb_server_normalize_host()), %NULL for
 *   this computer
 *
 * Connects to the server's NetworkManager. For this computer it succeeds even
 * when NetworkManager (or the whole system bus) is absent; a remote server
 * that cannot be reached fails with %PB_ERROR_SERVER_UNREACHABLE (P4).
 */
void
pb_server_new_async (const char          *host,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_async_initable_new_async (PB_TYPE_SERVER, G_PRIORITY_DEFAULT, cancellable,
                              callback, user_data,
                              "host", host,
                              NULL);
}

PbServer *
pb_server_new_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);

  return PB_SERVER (g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error));
}

/**
 * pb_server_get_name:
 *
 * Returns: `"local"` or the host name: the `server` key of the CLI's JSON
 */
const char *
pb_server_get_name (PbServer *self)
{
  g_return_val_if_fail (PB_IS_SERVER (self), NULL);

  return self->host ? self->host : "local";
}

gboolean
pb_server_is_local (PbServer *self)
{
  g_return_val_if_fail (PB_IS_SERVER (self), TRUE);

  return self->host == NULL;
}

/**
 * pb_server_get_client:
 *
 * Returns: (transfer none) (nullable): the #NMClient, or %NULL when the bus
 *   could not be reached
 */
NMClient *
pb_server_get_client (PbServer *self)
{
  g_return_val_if_fail (PB_IS_SERVER (self), NULL);

  return self->client;
}

gboolean
pb_server_get_running (PbServer *self)
{
  g_return_val_if_fail (PB_IS_SERVER (self), FALSE);

  return self->running;
}

/**
 * pb_server_get_status:
 *
 * Returns: (transfer none) (nullable): why links and ports are not shown, or
 *   %NULL while NetworkManager answers
 */
const char *
pb_server_get_status (PbServer *self)
{
  g_return_val_if_fail (PB_IS_SERVER (self), NULL);

  return self->status;
}
