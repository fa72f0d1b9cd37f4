/* pb-server-entry.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-server-entry.h"
#include "pb-server.h"

/**
 * PbServerEntry:
 *
 * One server of a window's list: this computer, or a remote host with a
 * session of its own (links and ports, over ssh). A remote entry connects
 * by itself, and when its session fails to load or its connection drops
 * (#PbServer:lost) it says why and connects a new session after 2, 4, 8 …
 * up to %PB_SERVER_ENTRY_MAX_DELAY seconds, at most
 * %PB_SERVER_ENTRY_MAX_ATTEMPTS times in a row before it stops; a
 * successful connection starts the count again. pb_server_entry_connect()
 * tries at once. The session is
 * replaced at each try (#PbServerEntry:session): a front end shows whatever
 * it holds.
 */
struct _PbServerEntry
{
  GObject             parent_instance;

  char               *host;      /* NULL for this computer */
  PbSession          *session;
  GCancellable       *cancellable; /* the current try's load */
  char               *status;
  PbServerEntryState  state;
  guint               attempts;  /* failed tries since the last success */
  guint               retry_id;
};

G_DEFINE_FINAL_TYPE (PbServerEntry, pb_server_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOST,
  PROP_SESSION,
  PROP_STATE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pb_server_entry_try (PbServerEntry *self);

static void
set_state (PbServerEntry      *self,
           PbServerEntryState  state,
           const char         *status)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->status, status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
retry_cb (gpointer user_data)
{
  PbServerEntry *self = user_data;

  self->retry_id = 0;
  pb_server_entry_try (self);

  return G_SOURCE_REMOVE;
}

/* The try failed (or the server dropped) for @reason: wait, or give up. */
static void
failed (PbServerEntry *self,
        const char    *reason)
{
  g_autofree char *status = NULL;
  guint delay;

  self->attempts++;
  if (self->attempts >= PB_SERVER_ENTRY_MAX_ATTEMPTS)
    {
      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s. Stopped trying after %u attempt.",
                                             "%s. Stopped trying after %u attempts.", self->attempts),
                                reason, self->attempts);
      set_state (self, PB_SERVER_ENTRY_STOPPED, status);
      return;
    }

  delay = MIN (1u << self->attempts, PB_SERVER_ENTRY_MAX_DELAY);
  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s. Trying again in %u second.",
                                         "%s. Trying again in %u seconds.", delay),
                            reason, delay);
  set_state (self, PB_SERVER_ENTRY_WAITING, status);
  self->retry_id = g_timeout_add_seconds (delay, retry_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->retry_id), "[plugboard] server retry");
}

static void
server_lost_cb (PbServer      *server,
                GParamSpec    *pspec,
                PbServerEntry *self)
{
  if (!pb_server_get_lost (server) || self->state != PB_SERVER_ENTRY_CONNECTED)
    return;
  failed (self, pb_server_get_status (server));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PbServerEntry) self = user_data;
  PbSession *session = PB_SESSION (object);
  g_autoptr(GError) error = NULL;
  PbServer *server;

  if (!pb_session_load_finish (session, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || session != self->session)
        return;
      failed (self, error->message);
      return;
    }
  if (session != self->session)
    return;

  server = pb_session_get_server (session);
  if (server != NULL && pb_server_get_lost (server))
    {
      failed (self, pb_server_get_status (server));
      return;
    }
  self->attempts = 0;
  set_state (self, PB_SERVER_ENTRY_CONNECTED, NULL);
  if (server != NULL)
    g_signal_connect_object (server, "notify::lost", G_CALLBACK (server_lost_cb), self, 0);
}

/* A new session, loading. The old one goes: its ssh with it. */
static void
pb_server_entry_try (PbServerEntry *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->session, NULL);
  self->session = pb_session_new (self->host, PB_SESSION_LINKS | PB_SESSION_PORTS);
  set_state (self, PB_SERVER_ENTRY_CONNECTING, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  pb_session_load_async (self->session, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
pb_server_entry_dispose (GObject *object)
{
  PbServerEntry *self = PB_SERVER_ENTRY (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (pb_server_entry_parent_class)->dispose (object);
}

static void
pb_server_entry_finalize (GObject *object)
{
  PbServerEntry *self = PB_SERVER_ENTRY (object);

  g_free (self->host);
  g_free (self->status);

  G_OBJECT_CLASS (pb_server_entry_parent_class)->finalize (object);
}

static void
pb_server_entry_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PbServerEntry *self = PB_SERVER_ENTRY (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_server_entry_class_init (PbServerEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_server_entry_dispose;
  object_class->finalize = pb_server_entry_finalize;
  object_class->get_property = pb_server_entry_get_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, "The remote host, NULL for this computer", NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, "The session of the current try", PB_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, "A PbServerEntryState", PB_SERVER_ENTRY_CONNECTING,
                      PB_SERVER_ENTRY_STOPPED, PB_SERVER_ENTRY_CONNECTING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, "Why it is not connected, and what it does next", NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_server_entry_init (PbServerEntry *self)
{
}

/**
 * pb_server_entry_new_local:
 * @session: this computer's session, the process's own
 *
 * Returns: (transfer full): the entry for this computer: always connected
 *   (a NetworkManager that is not running is its pages' business)
 */
PbServerEntry *
pb_server_entry_new_local (PbSession *session)
{
  PbServerEntry *self = g_object_new (PB_TYPE_SERVER_ENTRY, NULL);

  g_return_val_if_fail (PB_IS_SESSION (session), NULL);

  self->session = g_object_ref (session);
  self->state = PB_SERVER_ENTRY_CONNECTED;

  return self;
}

/**
 * pb_server_entry_new_remote:
 * @host: a remote host as pb_server_normalize_host() keeps it
 *
 * Returns: (transfer full): the entry, already connecting
 */
PbServerEntry *
pb_server_entry_new_remote (const char *host)
{
  PbServerEntry *self = g_object_new (PB_TYPE_SERVER_ENTRY, NULL);

  g_return_val_if_fail (host != NULL, NULL);

  self->host = g_strdup (host);
  pb_server_entry_try (self);

  return self;
}

const char *
pb_server_entry_get_host (PbServerEntry *self)
{
  g_return_val_if_fail (PB_IS_SERVER_ENTRY (self), NULL);

  return self->host;
}

/* Returns: (transfer full): "This Computer", or the host */
char *
pb_server_entry_dup_label (PbServerEntry *self)
{
  g_return_val_if_fail (PB_IS_SERVER_ENTRY (self), NULL);

  return g_strdup (self->host != NULL ? self->host : _("This Computer"));
}

/* Returns: (transfer none): the session of the current try */
PbSession *
pb_server_entry_get_session (PbServerEntry *self)
{
  g_return_val_if_fail (PB_IS_SERVER_ENTRY (self), NULL);

  return self->session;
}

PbServerEntryState
pb_server_entry_get_state (PbServerEntry *self)
{
  g_return_val_if_fail (PB_IS_SERVER_ENTRY (self), PB_SERVER_ENTRY_STOPPED);

  return self->state;
}

/* Returns: (nullable): why it is not connected and what it does next */
const char *
pb_server_entry_get_status (PbServerEntry *self)
{
  g_return_val_if_fail (PB_IS_SERVER_ENTRY (self), NULL);

  return self->status;
}

/**
 * pb_server_entry_connect:
 *
 * Tries now, with the count of failures started again. For this computer,
 * nothing to do.
 */
void
pb_server_entry_connect (PbServerEntry *self)
{
  g_return_if_fail (PB_IS_SERVER_ENTRY (self));

  if (self->host == NULL)
    return;
  self->attempts = 0;
  pb_server_entry_try (self);
}
