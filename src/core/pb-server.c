/* pb-server.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-error.h"
#include "pb-nm-private.h"
#include "pb-server.h"
#include "pb-util-private.h"

/**
 * PbServer:
 *
 * The NetworkManager that links and ports are asked about: the local one, or
 * a remote host's (P4). A remote host is reached with
 * `ssh -o BatchMode=yes [-p PORT] HOST BRIDGE`, whose standard input and
 * output carry the D-Bus connection to that host's system bus: the bridge is
 * `systemd-stdio-bridge` unless the environment variable
 * `PLUGBOARD_SSH_BRIDGE` names another remote command, and
 * `PLUGBOARD_SSH` adds ssh options (split like a shell would). No daemon is
 * needed on either side. A server object outlives its daemon: when NetworkManager
 * is not running it reports so in #PbServer:status, and when the daemon
 * appears (or comes back) the #NMClient fills in again by itself, which the
 * sources follow through #PbServer:running.
 */
struct _PbServer
{
  GObject              parent_instance;

  /* Owned */
  char                *host;
  NMClient            *client;
  char                *status;
  char                *bus_id;        /* the bus's GetId, for handle tags */
  /* Remote servers only */
  GSubprocess         *ssh;
  GDBusConnection     *connection;
  GMemoryOutputStream *ssh_stderr;
  GCancellable        *ssh_cancellable;
  GTask               *failed_task;   /* waits for ssh's last words */
  GError              *failure;

  guint                running : 1;
  guint                lost : 1;       /* the remote connection closed */
  guint                ssh_stderr_done : 1;
};

static void pb_server_async_initable_iface_init (GAsyncInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbServer, pb_server, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE,
                                                      pb_server_async_initable_iface_init))

enum {
  PROP_0,
  PROP_HOST,
  PROP_RUNNING,
  PROP_STATUS,
  PROP_LOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pb_server_update_running (PbServer *self)
{
  gboolean running = self->client != NULL && !self->lost && nm_client_get_nm_running (self->client);
  g_autofree char *status = NULL;

  /* A lost connection keeps the status that says so. */
  if (self->lost)
    ;
  else if (self->client != NULL && !running)
    status = pb_server_is_local (self)
           ? g_strdup (_("NetworkManager is not running on this computer"))
           : g_strdup_printf (_("NetworkManager is not running on “%s”"), self->host);

  /* Without a client the status was set when the bus could not be reached. */
  if (self->client != NULL && !self->lost && pb_set_str (&self->status, status))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);

  if (self->running != running)
    {
      self->running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
bus_id_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbServer *self = g_task_get_source_object (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Without the id, tags still change with every NetworkManager start
   * while the bus lives; only a bus restart could then repeat one. */
  if (reply != NULL)
    g_variant_get (reply, "(s)", &self->bus_id);
  else
    g_debug ("The bus has no id for handle tags: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

static void
client_new_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

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
                           G_CALLBACK (pb_server_update_running), self,
                           G_CONNECT_SWAPPED);
  pb_server_update_running (self);

  /* The bus's id goes into every handle's tag (pb_nm_handle_tag()): a
   * remote server's connection is a message-bus connection too (the bridge
   * speaks for the remote system bus), so the same call serves both. */
  cancellable = g_task_get_cancellable (task);
  g_dbus_connection_call (nm_client_get_dbus_connection (self->client),
                          "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "GetId", NULL, G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          cancellable, bus_id_cb, g_steal_pointer (&task));
}

/* ssh says why it failed on stderr ("Connection refused", "Permission
 * denied (publickey)"...): its last line is the transport's own message. */
static void
return_ssh_failure (PbServer *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->failed_task);
  g_autoptr(GError) failure = g_steal_pointer (&self->failure);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *reason = failure->message;

  text = g_strndup (g_memory_output_stream_get_data (self->ssh_stderr),
                    g_memory_output_stream_get_data_size (self->ssh_stderr));
  lines = g_strsplit (text ? text : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        reason = lines[i];
    }

  g_task_return_new_error (task, PB_ERROR, PB_ERROR_SERVER_UNREACHABLE,
                           _("Cannot reach NetworkManager on “%s” over SSH: %s. Check that you can log in "
                             "there with “ssh %s” without a password."),
                           self->host, reason, self->host);
}

static void
ssh_stderr_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PbServer *self;
  g_autoptr(GError) error = NULL;

  /* Cancelled means the server is gone: user_data must not be touched. */
  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0 &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  self->ssh_stderr_done = TRUE;
  if (self->failed_task != NULL)
    return_ssh_failure (self);
}

/* ssh or the remote bridge ended, or the network under them went: the
 * remote NetworkManager is out of reach until a new server connects. What
 * NMClient still holds is stale, so the server stops running now. */
static void
connection_closed_cb (GDBusConnection *connection,
                      gboolean         remote_peer_vanished,
                      GError          *error,
                      PbServer        *self)
{
  g_autofree char *status = NULL;

  if (self->lost)
    return;
  self->lost = TRUE;
  /* GDBus's reason ("returned 0 bytes") tells a person nothing more. */
  g_debug ("The connection to %s closed: %s", self->host, error != NULL ? error->message : "by us");
  status = g_strdup_printf (_("Lost the connection to “%s”: ssh or the bridge there stopped"), self->host);
  if (pb_set_str (&self->status, status))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  pb_server_update_running (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST]);
}

static void
ssh_connection_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  int priority;

  self->connection = g_dbus_connection_new_finish (result, &error);
  if (self->connection == NULL)
    {
      self->failure = g_steal_pointer (&error);
      self->failed_task = g_steal_pointer (&task);
      if (self->ssh_stderr_done)
        return_ssh_failure (self);
      return;
    }

  g_signal_connect_object (self->connection, "closed", G_CALLBACK (connection_closed_cb), self, 0);
  priority = g_task_get_priority (task);
  cancellable = g_task_get_cancellable (task);
  g_async_initable_new_async (NM_TYPE_CLIENT, priority, cancellable, client_new_cb, g_steal_pointer (&task),
                              NM_CLIENT_DBUS_CONNECTION, self->connection,
                              NULL);
}

static gboolean
split_port (const char  *host,
            char       **name,
            char       **port)
{
  const char *colon = strrchr (host, ':');

  if (colon == NULL || colon == host || colon[1] == '\0' || strchr (host, ':') != colon)
    return FALSE;
  for (const char *p = colon + 1; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  *name = g_strndup (host, colon - host);
  *port = g_strdup (colon + 1);

  return TRUE;
}

static void
pb_server_connect_ssh (PbServer *self,
                       GTask    *task)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *port = NULL;
  const char *bridge = g_getenv ("PLUGBOARD_SSH_BRIDGE");
  const char *options = g_getenv ("PLUGBOARD_SSH");

  g_ptr_array_add (argv, g_strdup ("ssh"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("BatchMode=yes"));
  if (options != NULL && *options != '\0')
    {
      g_auto(GStrv) extra = NULL;

      if (!g_shell_parse_argv (options, NULL, &extra, &error))
        {
          g_task_return_new_error (task, PB_ERROR, PB_ERROR_SERVER_UNREACHABLE,
                                   _("Cannot reach “%s”: PLUGBOARD_SSH is not a valid list of options (%s)"),
                                   self->host, error->message);
          g_object_unref (task);
          return;
        }
      for (guint i = 0; extra[i] != NULL; i++)
        g_ptr_array_add (argv, g_strdup (extra[i]));
    }
  if (split_port (self->host, &name, &port))
    {
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup (port));
    }
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup (name ? name : self->host));
  g_ptr_array_add (argv, g_strdup (bridge && *bridge ? bridge : "systemd-stdio-bridge"));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  self->ssh = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  if (self->ssh == NULL)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_SERVER_UNREACHABLE,
                               _("Cannot reach “%s”: ssh could not be started (%s)"),
                               self->host, error->message);
      g_object_unref (task);
      return;
    }

  /* Drain stderr for as long as ssh runs, so that it never blocks on a full
   * pipe, and so that its message is at hand if the connection fails. */
  self->ssh_stderr = G_MEMORY_OUTPUT_STREAM (g_memory_output_stream_new_resizable ());
  self->ssh_cancellable = g_cancellable_new ();
  g_output_stream_splice_async (G_OUTPUT_STREAM (self->ssh_stderr),
                                g_subprocess_get_stderr_pipe (self->ssh),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, self->ssh_cancellable, ssh_stderr_cb, self);

  stream = g_simple_io_stream_new (g_subprocess_get_stdout_pipe (self->ssh),
                                   g_subprocess_get_stdin_pipe (self->ssh));
  g_dbus_connection_new (stream, NULL,
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                         G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                         NULL, g_task_get_cancellable (task), ssh_connection_cb, task);
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
      pb_server_connect_ssh (self, g_steal_pointer (&task));
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

  /* Closing our end lets ssh and the remote bridge end by themselves. */
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  if (self->connection != NULL)
    g_dbus_connection_close (self->connection, NULL, NULL, NULL);
  g_clear_object (&self->connection);
  if (self->ssh_cancellable != NULL)
    g_cancellable_cancel (self->ssh_cancellable);
  g_clear_object (&self->ssh_cancellable);
  g_clear_object (&self->ssh_stderr);
  g_clear_object (&self->ssh);

  G_OBJECT_CLASS (pb_server_parent_class)->dispose (object);
}

static void
pb_server_finalize (GObject *object)
{
  PbServer *self = (PbServer *)object;

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->bus_id, g_free);
  g_clear_error (&self->failure);

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

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_LOST:
      g_value_set_boolean (value, self->lost);
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

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, "NetworkManager answers", FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, "Why the server is not usable", NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOST] =
    g_param_spec_boolean ("lost", NULL, "The connection to a remote server closed", FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_server_init (PbServer *self)
{
}

/**
 * pb_server_dup_hosts:
 * @names: (nullable): servers as people give them (see
 *   pb_server_normalize_host())
 *
 * Returns: (transfer full): @names normalised, each once, in the order given,
 *   `"local"` standing for this computer however it was named
 */
GStrv
pb_server_dup_hosts (const char * const *names)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      char *host = pb_server_normalize_host (names[i]);
      char *name = host != NULL ? host : g_strdup ("local");

      if (g_ptr_array_find_with_equal_func (seen, name, g_str_equal, NULL))
        {
          g_free (name);
          continue;
        }
      g_strv_builder_add (builder, name);
      g_ptr_array_add (seen, name);
    }

  return g_strv_builder_end (builder);
}

/**
 * pb_server_normalize_host:
 * @name: (nullable): a server name as a person gives it: `\\host` or
 *   `host`, optionally `user@host` or `host:port`
 *
 * `NULL`, `""`, `"local"`, `"localhost"`, `"."`, `\\localhost` and this
 * machine's own host name (g_get_host_name(), in any case) all name this
 * computer, whose NetworkManager is asked on the system bus, never over ssh.
 * Any other name, `user@localhost` and `localhost:22` included, is a remote
 * host reached over ssh.
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

  if (*name == '\0' ||
      g_str_equal (name, ".") ||
      g_ascii_strcasecmp (name, "local") == 0 ||
      g_ascii_strcasecmp (name, "localhost") == 0 ||
      g_ascii_strcasecmp (name, g_get_host_name ()) == 0)
    return NULL;

  return g_strdup (name);
}

/**
 * pb_server_new_async:
 * @host: (nullable): a server name (see pb_server_normalize_host()), %NULL for
 *   this computer
 *
 * Connects to the server's NetworkManager. For this computer it succeeds even
 * when NetworkManager (or the whole system bus) is absent. A remote server
 * (`host`, `\\host`, `host:port`, `user@host`) is reached over SSH as
 * #PbServer describes; when ssh or the bridge fails, this fails with
 * %PB_ERROR_SERVER_UNREACHABLE carrying ssh's own message (P4).
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

/**
 * pb_server_dup_handle_tag:
 *
 * Returns: (transfer full) (nullable): the tag that the handles of the
 *   links of the running NetworkManager carry (see pb_nm_handle_tag()), or
 *   %NULL while it does not run
 */
char *
pb_server_dup_handle_tag (PbServer *self)
{
  g_return_val_if_fail (PB_IS_SERVER (self), NULL);

  if (self->client == NULL)
    return NULL;

  return pb_nm_handle_tag (self->bus_id, nm_client_get_dbus_name_owner (self->client));
}

gboolean
pb_server_get_running (PbServer *self)
{
  g_return_val_if_fail (PB_IS_SERVER (self), FALSE);

  return self->running;
}

/**
 * pb_server_get_lost:
 *
 * Returns: whether the connection to a remote server closed: it will not
 *   come back by itself (a #PbServerEntry connects a new one)
 */
gboolean
pb_server_get_lost (PbServer *self)
{
  g_return_val_if_fail (PB_IS_SERVER (self), FALSE);

  return self->lost;
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

/**
 * pb_server_dup_label:
 *
 * Returns: (transfer full): how messages name the server: "this computer" or
 *   the quoted host name, translated
 */
char *
pb_server_dup_label (PbServer *self)
{
  g_return_val_if_fail (PB_IS_SERVER (self), NULL);

  if (self->host == NULL)
    return g_strdup (_("this computer"));

  return g_strdup_printf (_("“%s”"), self->host);
}
