/* pb-session.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-connection.h"
#include "pb-enums.h"
#include "pb-error.h"
#include "pb-session-private.h"
#include "pb-settings.h"

/**
 * PbSession:
 *
 * What one process knows and does: the server and the sources it asked for
 * (#PbSessionParts), the remembered-drives profile, the settings that shape
 * the sources (applied here and nowhere else, followed live, a front end's
 * override winning), and the operations in flight. Every user action is one
 * of the session's #GAction, whose typed parameter says exactly what to do;
 * starting it makes a #PbOperation that the session keeps in its registry
 * until it finishes, with its row marked busy meanwhile. A front end holds
 * its process while #PbSession:n-running is above zero (L4).
 */

G_DEFINE_FINAL_TYPE (PbSession, pb_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_NAME,
  PROP_PARTS,
  PROP_LOADED,
  PROP_LOAD_ERROR,
  PROP_N_RUNNING,
  PROP_LINKS,
  PROP_PORTS,
  PROP_DRIVES,
  N_PROPS
};

enum {
  OPERATION_STARTED,
  OPERATION_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The actions and their parameter types, as pb-session.h lists them. */
static const struct {
  const char *name;
  const char *type;
} action_types[] = {
  { PB_ACTION_HANG_UP,          "(ss)" },
  { PB_ACTION_DISCONNECT_PORT,  "s" },
  { PB_ACTION_CONNECT_LINK,     "s" },
  { PB_ACTION_MAP_DRIVE,        "(ssssu)" },
  { PB_ACTION_REMEMBER_DRIVE,   "(sss)" },
  { PB_ACTION_CANCEL_DRIVE,     "(sbb)" },
  { PB_ACTION_RESTORE,          "s" },
  { PB_ACTION_CANCEL_OPERATION, "u" },
};

/* An action waiting for the load, or a call in flight: holds both. */
PbSessionCall *
pb_session_call_new (PbSession   *self,
                     PbOperation *op,
                     GVariant    *parameter)
{
  PbSessionCall *call = g_new0 (PbSessionCall, 1);

  call->self = g_object_ref (self);
  call->op = g_object_ref (op);
  call->parameter = parameter ? g_variant_ref_sink (parameter) : NULL;

  return call;
}

void
pb_session_call_free (PbSessionCall *call)
{
  g_clear_object (&call->self);
  g_clear_object (&call->op);
  g_clear_pointer (&call->parameter, g_variant_unref);
  g_free (call);
}

/* ------------------------------------------------------------- settings */

static void
apply_settings (PbSession *self)
{
  g_auto(GStrv) setting_types = NULL;
  const char * const *types = (const char * const *)self->link_types;
  guint seconds = self->teardown_timeout;

  if (types == NULL && pb_settings_has_key (self->settings, "link-types"))
    types = (const char * const *)(setting_types = g_settings_get_strv (self->settings, "link-types"));
  if (seconds == 0 && pb_settings_has_key (self->settings, "teardown-timeout"))
    seconds = g_settings_get_uint (self->settings, "teardown-timeout");

  if (self->links != NULL)
    {
      if (types != NULL)
        pb_link_source_set_link_types (self->links, types);
      if (seconds > 0)
        pb_link_source_set_teardown_timeout (self->links, seconds);
    }
  if (self->ports != NULL && seconds > 0)
    pb_port_source_set_teardown_timeout (self->ports, seconds);
  if (self->drives != NULL && seconds > 0)
    pb_drive_source_set_teardown_timeout (self->drives, seconds);
}

static void
on_settings_changed (PbSession  *self,
                     const char *key)
{
  if (g_strcmp0 (key, "link-types") == 0 || g_strcmp0 (key, "teardown-timeout") == 0)
    apply_settings (self);
}

/* ------------------------------------------------------------ registry */

static PbOperation *
find_running (PbSession    *self,
              PbConnection *item,
              PbOperation  *except)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->operations));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbOperation) op = g_list_model_get_item (G_LIST_MODEL (self->operations), i);

      if (op != except && pb_operation_get_item (op) == item)
        return op;
    }

  return NULL;
}

static void
register_operation (PbSession   *self,
                    PbOperation *op)
{
  PbConnection *item = pb_operation_get_item (op);

  g_list_store_append (self->operations, op);
  if (item != NULL)
    pb_connection_set_busy (item, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
  g_signal_emit (self, signals[OPERATION_STARTED], 0, op);
}

/* Takes the operation out of the registry, then records its outcome. Only
 * ever called from the main loop (a core call's callback or an idle). */
void
pb_session_finish_operation (PbSession    *self,
                             PbOperation  *op,
                             const GError *error)
{
  g_autoptr(PbOperation) hold G_GNUC_UNUSED = g_object_ref (op);
  PbConnection *item = pb_operation_get_item (op);
  guint position;

  /* Out of the registry and its row free first, so that whoever handles
   * ::finished sees the session as it now is. */
  if (g_list_store_find (self->operations, op, &position))
    g_list_store_remove (self->operations, position);
  if (item != NULL && find_running (self, item, NULL) == NULL)
    pb_connection_set_busy (item, FALSE);

  if (error != NULL)
    pb_operation_fail (op, error);
  else
    pb_operation_succeed (op);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
  g_signal_emit (self, signals[OPERATION_FINISHED], 0, op);
}

typedef struct {
  PbSessionCall   *call;
  GError *error;
} Failure;

static gboolean
fail_idle (gpointer user_data)
{
  Failure *failure = user_data;

  pb_session_finish_operation (failure->call->self, failure->call->op, failure->error);
  pb_session_call_free (failure->call);
  g_clear_error (&failure->error);
  g_free (failure);

  return G_SOURCE_REMOVE;
}

/* A failure found before any core call: delivered from the main loop like
 * every other outcome, never inside pb_session_start(). Takes @error. */
void
pb_session_fail_later (PbSession   *self,
                       PbOperation *op,
                       GError      *error)
{
  Failure *failure = g_new0 (Failure, 1);

  failure->call = pb_session_call_new (self, op, NULL);
  failure->error = error;
  g_idle_add_full (G_PRIORITY_DEFAULT, fail_idle, failure, NULL);
}

static void
run_waiting (PbSession *self)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_session_call_free);
  for (guint i = 0; i < waiting->len; i++)
    {
      PbSessionCall *call = g_ptr_array_index (waiting, i);

      pb_session_run_operation (self, call->op, call->parameter);
    }
}

static void
on_action_activate (GSimpleAction *action,
                    GVariant      *parameter,
                    PbSession     *self)
{
  g_autoptr(PbOperation) op G_GNUC_UNUSED = pb_session_start (self, g_action_get_name (G_ACTION (action)), parameter);
}

/* --------------------------------------------------------------- loading */

static void load_step_done (PbSession *self);

static void
set_load_error (PbSession *self,
                GError    *error)
{
  if (self->load_error == NULL)
    self->load_error = error;
  else
    g_error_free (error);
}

static void
server_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PbSession) self = user_data;
  g_autoptr(GError) error = NULL;

  self->server = pb_server_new_finish (result, &error);
  if (self->server == NULL)
    set_load_error (self, g_steal_pointer (&error));
  else
    {
      self->links = pb_link_source_new (self->server);
      /* Only the front ends that show or disconnect ports pay for them. */
      if (self->parts & PB_SESSION_PORTS)
        self->ports = pb_port_source_new (self->links);
      apply_settings (self);
      /* Each part shows as soon as it is there: links must not wait for a
       * slow GVfs, nor drives for NetworkManager. */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKS]);
      if (self->ports != NULL)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORTS]);
      pb_graph_set_sources (self->graph, self->links, self->ports, self->drives);
    }

  load_step_done (self);
}

static void
drive_source_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbSession) self = user_data;
  g_autoptr(GError) error = NULL;

  self->drives = pb_drive_source_new_finish (result, &error);
  if (self->drives == NULL)
    set_load_error (self, g_steal_pointer (&error));
  else
    {
      apply_settings (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRIVES]);
      pb_graph_set_sources (self->graph, self->links, self->ports, self->drives);
    }

  load_step_done (self);
}

static void
profile_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PbSession) self = user_data;

  /* A profile that cannot be read keeps its error for the actions that need
   * it (D8): the rest of the session still loads. */
  pb_profile_load_finish (PB_PROFILE (object), result, NULL);

  if (PB_PROFILE (object) == self->profile)
    {
      pb_profile_load_async (self->session_names, self->cancellable, profile_loaded_cb, g_object_ref (self));
      return;
    }

  if (self->parts & PB_SESSION_DRIVES)
    {
      pb_drive_source_new_async (self->profile, self->session_names, self->cancellable,
                                 drive_source_cb, g_object_ref (self));
      return;
    }

  load_step_done (self);
}

static void
load_step_done (PbSession *self)
{
  g_autoptr(GPtrArray) tasks = NULL;

  g_assert (self->pending > 0);
  if (--self->pending > 0)
    return;

  self->loading = FALSE;
  self->loaded = TRUE;
  tasks = g_steal_pointer (&self->load_tasks);
  self->load_tasks = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->load_error != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (self->load_error != NULL)
        g_task_return_error (task, g_error_copy (self->load_error));
      else
        g_task_return_boolean (task, TRUE);
    }

  run_waiting (self);
}

static void
pb_session_begin_load (PbSession *self)
{
  if (self->loading || self->loaded)
    return;

  self->loading = TRUE;
  self->pending = 1;

  if (self->parts & (PB_SESSION_LINKS | PB_SESSION_PORTS))
    {
      self->pending++;
      pb_server_new_async (self->server_name, self->cancellable, server_cb, g_object_ref (self));
    }

  if (self->parts & (PB_SESSION_DRIVES | PB_SESSION_PROFILE))
    {
      self->profile = pb_profile_new_default ();
      self->session_names = pb_profile_new_session ();
      self->pending++;
      pb_profile_load_async (self->profile, self->cancellable, profile_loaded_cb, g_object_ref (self));
    }

  load_step_done (self);
}

/* --------------------------------------------------------------- GObject */

static void
pb_session_constructed (GObject *object)
{
  PbSession *self = (PbSession *)object;

  G_OBJECT_CLASS (pb_session_parent_class)->constructed (object);

  /* Ports ride on links; the drives need their profile. */
  if (self->parts & PB_SESSION_PORTS)
    self->parts |= PB_SESSION_LINKS;
  if (self->parts & PB_SESSION_DRIVES)
    self->parts |= PB_SESSION_PROFILE;

  self->settings = pb_settings_dup ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self,
                             G_CONNECT_SWAPPED);
}

static void
pb_session_dispose (GObject *object)
{
  PbSession *self = (PbSession *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->riders != NULL)
    pb_session_stop_restoring (self);
  pb_session_restore_clear (self);
  g_clear_object (&self->graph);
  g_clear_object (&self->ports);
  g_clear_object (&self->links);
  g_clear_object (&self->server);
  g_clear_object (&self->drives);
  g_clear_object (&self->profile);
  g_clear_object (&self->session_names);
  g_clear_object (&self->settings);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (pb_session_parent_class)->dispose (object);
}

static void
pb_session_finalize (GObject *object)
{
  PbSession *self = (PbSession *)object;

  g_clear_pointer (&self->server_name, g_free);
  g_clear_pointer (&self->link_types, g_strfreev);
  g_clear_object (&self->operations);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->load_error);
  g_clear_pointer (&self->load_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_session_parent_class)->finalize (object);
}

static void
pb_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PbSession *self = PB_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_NAME:
      g_value_set_string (value, self->server_name);
      break;

    case PROP_PARTS:
      g_value_set_flags (value, self->parts);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_LOAD_ERROR:
      g_value_set_string (value, pb_session_get_load_error (self));
      break;

    case PROP_N_RUNNING:
      g_value_set_uint (value, pb_session_get_n_running (self));
      break;

    case PROP_LINKS:
      g_value_set_object (value, self->links);
      break;

    case PROP_PORTS:
      g_value_set_object (value, self->ports);
      break;

    case PROP_DRIVES:
      g_value_set_object (value, self->drives);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PbSession *self = PB_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_NAME:
      self->server_name = g_value_dup_string (value);
      break;

    case PROP_PARTS:
      self->parts = g_value_get_flags (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_session_class_init (PbSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pb_session_constructed;
  object_class->dispose = pb_session_dispose;
  object_class->finalize = pb_session_finalize;
  object_class->get_property = pb_session_get_property;
  object_class->set_property = pb_session_set_property;

  properties[PROP_SERVER_NAME] =
    g_param_spec_string ("server-name", NULL, "The server asked for links and ports, NULL for this computer", NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PARTS] =
    g_param_spec_flags ("parts", NULL, "What the session loads",
                        PB_TYPE_SESSION_PARTS, PB_SESSION_ALL,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, "Every part asked for is loaded, or said why not", FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOAD_ERROR] =
    g_param_spec_string ("load-error", NULL, "What could not be loaded at all", NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, "Operations in flight", 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LINKS] =
    g_param_spec_object ("links", NULL, "The links, once NetworkManager answered", PB_TYPE_LINK_SOURCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PORTS] =
    g_param_spec_object ("ports", NULL, "The ports, once NetworkManager answered", PB_TYPE_PORT_SOURCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DRIVES] =
    g_param_spec_object ("drives", NULL, "The drives, once GVfs and the profile answered", PB_TYPE_DRIVE_SOURCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_signal_new ("link-drives-restored",
                G_TYPE_FROM_CLASS (klass),
                G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL,
                G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_PTR_ARRAY);

  signals[OPERATION_STARTED] =
    g_signal_new ("operation-started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PB_TYPE_OPERATION);

  signals[OPERATION_FINISHED] =
    g_signal_new ("operation-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PB_TYPE_OPERATION);
}

static void
pb_session_init (PbSession *self)
{
  self->operations = g_list_store_new (PB_TYPE_OPERATION);
  self->cancellable = g_cancellable_new ();
  self->load_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_session_call_free);
  self->actions = g_simple_action_group_new ();
  self->graph = pb_graph_new ();
  pb_session_restore_init (self);

  for (guint i = 0; i < G_N_ELEMENTS (action_types); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (action_types[i].name,
                                                             G_VARIANT_TYPE (action_types[i].type));

      g_signal_connect_object (action, "activate", G_CALLBACK (on_action_activate), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
    }
}

/* ------------------------------------------------------------------ API */

/**
 * pb_session_new:
 * @server: (nullable): the server whose links and ports to show (see
 *   pb_server_normalize_host()), %NULL for this computer
 * @parts: what to load
 *
 * Returns: (transfer full): a session; nothing is loaded until
 *   pb_session_load_async() or the first pb_session_start()
 */
PbSession *
pb_session_new (const char     *server,
                PbSessionParts  parts)
{
  return g_object_new (PB_TYPE_SESSION,
                       "server-name", server,
                       "parts", parts,
                       NULL);
}

/**
 * pb_session_load_async:
 *
 * Loads the parts the session was made with, at once: the server and its
 * link and port sources, the remembered-drives profile and the session's
 * names, the drive source over them. A missing NetworkManager, system bus
 * or GVfs does not fail the load: the sources say why in their status. The
 * load fails only when a part could not be made at all (a remote server
 * that cannot be reached, P4); #PbSession:load-error then says so, and the
 * actions that need that part fail with the same error.
 */
void
pb_session_load_async (PbSession           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PB_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_session_load_async);

  if (self->loaded)
    {
      if (self->load_error != NULL)
        g_task_return_error (task, g_error_copy (self->load_error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->load_tasks, g_steal_pointer (&task));
  pb_session_begin_load (self);
}

gboolean
pb_session_load_finish (PbSession     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (PB_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
pb_session_get_loaded (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), FALSE);

  return self->loaded;
}

/**
 * pb_session_get_server:
 *
 * Returns: (transfer none) (nullable): the server, once loaded with links
 */
PbServer *
pb_session_get_server (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), NULL);

  return self->server;
}

/**
 * pb_session_get_links:
 *
 * Returns: (transfer none) (nullable): the links, once loaded
 */
PbLinkSource *
pb_session_get_links (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), NULL);

  return self->links;
}

/**
 * pb_session_get_ports:
 *
 * Returns: (transfer none) (nullable): the ports, once loaded
 */
PbPortSource *
pb_session_get_ports (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), NULL);

  return self->ports;
}

/**
 * pb_session_get_drives:
 *
 * Returns: (transfer none) (nullable): the drives, once loaded
 */
PbDriveSource *
pb_session_get_drives (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), NULL);

  return self->drives;
}

/**
 * pb_session_get_profile:
 *
 * Returns: (transfer none) (nullable): the remembered drives, once the load
 *   has begun
 */
PbProfile *
pb_session_get_profile (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), NULL);

  return self->profile;
}

/**
 * pb_session_get_graph:
 *
 * Returns: (transfer none): what rides on what among the session's rows,
 *   following each source as it loads
 */
PbGraph *
pb_session_get_graph (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), NULL);

  return self->graph;
}

/**
 * pb_session_get_load_error:
 *
 * Returns: (nullable): what could not be loaded at all, and why
 */
const char *
pb_session_get_load_error (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), NULL);

  return self->load_error ? self->load_error->message : NULL;
}

/**
 * pb_session_set_link_types:
 * @link_types: (nullable): NetworkManager connection types shown as links;
 *   %NULL follows the `link-types` setting again
 *
 * A front end's choice (the CLI's --link-types): it wins over the setting.
 */
void
pb_session_set_link_types (PbSession          *self,
                           const char * const *link_types)
{
  g_return_if_fail (PB_IS_SESSION (self));

  g_strfreev (self->link_types);
  self->link_types = g_strdupv ((char **)link_types);
  apply_settings (self);
}

/**
 * pb_session_set_teardown_timeout:
 * @seconds: how long a hang-up or port disconnect may take; 0 follows the
 *   `teardown-timeout` setting again
 *
 * A front end's choice (the CLI's --timeout): it wins over the setting.
 */
void
pb_session_set_teardown_timeout (PbSession *self,
                                 guint      seconds)
{
  g_return_if_fail (PB_IS_SESSION (self));

  self->teardown_timeout = seconds;
  apply_settings (self);
}

/**
 * pb_session_get_teardown_timeout:
 *
 * Returns: the seconds a teardown may take now
 */
guint
pb_session_get_teardown_timeout (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), 0);

  if (self->teardown_timeout > 0)
    return self->teardown_timeout;
  if (self->links != NULL)
    return pb_link_source_get_teardown_timeout (self->links);
  if (pb_settings_has_key (self->settings, "teardown-timeout"))
    return g_settings_get_uint (self->settings, "teardown-timeout");

  return 30;
}

/**
 * pb_session_get_restore_at_login:
 *
 * Returns: whether remembered drives are restored at login (the
 *   `restore-at-login` setting; yes without settings)
 */
gboolean
pb_session_get_restore_at_login (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), TRUE);

  if (!pb_settings_has_key (self->settings, "restore-at-login"))
    return TRUE;

  return g_settings_get_boolean (self->settings, "restore-at-login");
}

/**
 * pb_session_get_action_group:
 *
 * Returns: (transfer none): the session's actions (PB_ACTION_*), each with
 *   the parameter type pb-session.h gives it
 */
GActionGroup *
pb_session_get_action_group (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

/**
 * pb_session_start:
 * @action_name: one of PB_ACTION_*
 * @parameter: (nullable): its parameter, of the action's type; a floating
 *   reference is sunk
 *
 * Starts an action and registers its operation. The outcome always comes
 * from the main loop, never before this returns: a bad parameter (unknown
 * handle, port or name) fails the operation with the contract's PB_ERROR.
 * Started before the session is loaded, the action waits for the load (and
 * starts it if nobody did).
 *
 * Returns: (transfer full): the operation
 */
PbOperation *
pb_session_start (PbSession  *self,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autoptr(GVariant) sunk = parameter ? g_variant_ref_sink (parameter) : NULL;
  const GVariantType *type = NULL;
  gboolean valid = FALSE;
  PbConnection *item = NULL;
  g_autofree char *target = NULL;
  PbOperation *op;

  g_return_val_if_fail (PB_IS_SESSION (self), NULL);
  g_return_val_if_fail (action_name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (action_types); i++)
    if (g_str_equal (action_types[i].name, action_name))
      type = G_VARIANT_TYPE (action_types[i].type);

  /* A password may ride along with a drive to remember. */
  valid = type != NULL && sunk != NULL &&
          (g_variant_is_of_type (sunk, type) ||
           (g_str_equal (action_name, PB_ACTION_REMEMBER_DRIVE) && g_variant_is_of_type (sunk, G_VARIANT_TYPE ("(ssss)"))) ||
           /* What to do with the drives riding on a link or port. */
           (g_str_equal (action_name, PB_ACTION_HANG_UP) && g_variant_is_of_type (sunk, G_VARIANT_TYPE ("(ssu)"))) ||
           (g_str_equal (action_name, PB_ACTION_DISCONNECT_PORT) && g_variant_is_of_type (sunk, G_VARIANT_TYPE ("(su)"))));
  if (valid)
    {
      if (self->loaded)
        item = pb_session_find_item (self, action_name, sunk);
      target = pb_session_dup_target (action_name, sunk, item);
    }

  op = pb_operation_new (++self->next_id, action_name, target, item);
  /* Kept for a front end to start the same again; a password is not. */
  if (valid && !g_str_equal (action_name, PB_ACTION_MAP_DRIVE) && !g_str_equal (action_name, PB_ACTION_REMEMBER_DRIVE))
    pb_operation_set_parameter (op, sunk);
  register_operation (self, op);

  if (type == NULL)
    pb_session_fail_later (self, op, g_error_new (PB_ERROR, PB_ERROR_CALL_NOT_IMPLEMENTED,
                                       _("There is no action “%s”"), action_name));
  else if (!valid)
    pb_session_fail_later (self, op, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                       _("The action “%s” takes a parameter of type %s"),
                                       action_name, g_variant_type_peek_string (type)));
  else if (g_str_equal (action_name, PB_ACTION_CANCEL_OPERATION))
    /* Cancelling needs nothing loaded. */
    pb_session_run_operation (self, op, sunk);
  else if (self->loaded)
    pb_session_run_operation (self, op, sunk);
  else
    {
      g_ptr_array_add (self->waiting, pb_session_call_new (self, op, sunk));
      pb_session_begin_load (self);
    }

  return op;
}

/**
 * pb_session_get_operations:
 *
 * Returns: (transfer none): a model of the #PbOperation in flight, in the
 *   order they started
 */
GListModel *
pb_session_get_operations (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->operations);
}

guint
pb_session_get_n_running (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->operations));
}

/**
 * pb_session_find_operation:
 * @item: a row
 *
 * Returns: (transfer none) (nullable): the operation running on @item
 */
PbOperation *
pb_session_find_operation (PbSession    *self,
                           PbConnection *item)
{
  g_return_val_if_fail (PB_IS_SESSION (self), NULL);
  g_return_val_if_fail (PB_IS_CONNECTION (item), NULL);

  return find_running (self, item, NULL);
}

/**
 * pb_in_sandbox:
 *
 * Whether this process runs inside a Flatpak sandbox, where flatpak puts
 * `/.flatpak-info` at the root (GLib's own portal checks read the same file).
 * The root is the sandbox's tmpfs or the host's root file system, never a
 * network mount, so the one stat cannot hang the main loop; it is made once.
 */
gboolean
pb_in_sandbox (void)
{
  static gsize answer = 0;

  if (g_once_init_enter (&answer))
    g_once_init_leave (&answer, g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? 2 : 1);
  return answer == 2;
}
