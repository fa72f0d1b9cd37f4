/* pb-operation.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-connection.h"
#include "pb-enums.h"
#include "pb-operation.h"
#include "pb-util-private.h"

/**
 * PbOperation:
 *
 * One action a front end started through the session: what it does (its
 * action name), to what (its target, as a person names it, and the row it
 * acts on), since when, and how it ended. The session makes it, keeps it in
 * its registry while it runs and records its outcome; front ends only read
 * it, cancel it, and show its results.
 *
 * #PbOperation::finished is emitted exactly once, when the outcome is set;
 * #PbOperation:state notifies at the same time.
 */
struct _PbOperation
{
  GObject           parent_instance;

  guint             id;
  PbOperationState  state;
  gint64            started;
  gint64            ended;

  /* Owned */
  char             *action;
  char             *target;
  GVariant         *parameter;       /* as started; NULL for those with a password */
  PbConnection     *item;
  GCancellable     *cancellable;
  GError           *error;
  GPtrArray        *holders;         /* PbDriveHolder */
  char             *warning;
  char             *mount_path;
  char             *handle;
  GPtrArray        *restore_results; /* PbRestoreResult, profile order */
  GPtrArray        *carried;         /* PbCarriedDrive, in the order done */
  gint64            teardown_started; /* monotonic µs, or 0 */
};

G_DEFINE_FINAL_TYPE (PbOperation, pb_operation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACTION,
  PROP_TARGET,
  PROP_ITEM,
  PROP_STARTED,
  PROP_STATE,
  PROP_ERROR,
  PROP_CANCELLABLE,
  PROP_WARNING,
  PROP_MOUNT_PATH,
  PROP_HANDLE,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
pb_operation_finalize (GObject *object)
{
  PbOperation *self = (PbOperation *)object;

  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->parameter, g_variant_unref);
  g_clear_object (&self->item);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_clear_pointer (&self->holders, g_ptr_array_unref);
  g_clear_pointer (&self->warning, g_free);
  g_clear_pointer (&self->mount_path, g_free);
  g_clear_pointer (&self->handle, g_free);
  g_clear_pointer (&self->restore_results, g_ptr_array_unref);
  g_clear_pointer (&self->carried, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_operation_parent_class)->finalize (object);
}

static void
pb_operation_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PbOperation *self = PB_OPERATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;

    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;

    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;

    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_STARTED:
      g_value_set_int64 (value, self->started);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;

    case PROP_WARNING:
      g_value_set_string (value, self->warning);
      break;

    case PROP_MOUNT_PATH:
      g_value_set_string (value, self->mount_path);
      break;

    case PROP_HANDLE:
      g_value_set_string (value, self->handle);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_operation_class_init (PbOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_operation_finalize;
  object_class->get_property = pb_operation_get_property;

  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, "The session's number for it, the cancel-operation parameter",
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACTION] =
    g_param_spec_string ("action", NULL, "The session action that started it", NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, "What it acts on, as a person names it", NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, "The row it acts on, if listed", PB_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_STARTED] =
    g_param_spec_int64 ("started", NULL, "Monotonic time it started, in µs", 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, "Running, or how it ended",
                       PB_TYPE_OPERATION_STATE, PB_OPERATION_RUNNING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, "Why it failed", G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, "Stops it", G_TYPE_CANCELLABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_WARNING] =
    g_param_spec_string ("warning", NULL, "A map that succeeded with a caveat", NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MOUNT_PATH] =
    g_param_spec_string ("mount-path", NULL, "Where a mapped drive is", NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HANDLE] =
    g_param_spec_string ("handle", NULL, "The link a connect brought up", NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PbOperation::finished:
   *
   * The outcome is set: emitted once, from the main loop.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pb_operation_init (PbOperation *self)
{
  self->cancellable = g_cancellable_new ();
  self->started = g_get_monotonic_time ();
}

/**
 * pb_operation_new:
 * @id: the session's number for it
 * @action: the action name (PB_ACTION_*)
 * @target: (nullable): what it acts on, as a person names it
 * @item: (nullable): the row it acts on
 *
 * Returns: (transfer full): a running operation, started now
 */
PbOperation *
pb_operation_new (guint         id,
                  const char   *action,
                  const char   *target,
                  PbConnection *item)
{
  PbOperation *self;

  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail (item == NULL || PB_IS_CONNECTION (item), NULL);

  self = g_object_new (PB_TYPE_OPERATION, NULL);
  self->id = id;
  self->action = g_strdup (action);
  self->target = g_strdup (target);
  self->item = item ? g_object_ref (item) : NULL;

  return self;
}

guint
pb_operation_get_id (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), 0);

  return self->id;
}

const char *
pb_operation_get_action (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->action;
}

const char *
pb_operation_get_target (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->target;
}

/**
 * pb_operation_get_parameter:
 *
 * What the action was started with, so that a front end can offer the same
 * again with a change (the open-files dialog's Disconnect Anyway: the same
 * cancel, forced). Not kept for the actions whose parameter carries a
 * password (map-drive, remember-drive).
 *
 * Returns: (transfer none) (nullable): the action's parameter
 */
GVariant *
pb_operation_get_parameter (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->parameter;
}

/* Set by the session when it starts the operation. */
void
pb_operation_set_parameter (PbOperation *self,
                            GVariant    *parameter)
{
  g_return_if_fail (PB_IS_OPERATION (self));

  g_clear_pointer (&self->parameter, g_variant_unref);
  if (parameter != NULL)
    self->parameter = g_variant_ref_sink (parameter);
}

/**
 * pb_operation_get_item:
 *
 * Returns: (transfer none) (nullable): the row it acts on
 */
PbConnection *
pb_operation_get_item (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->item;
}

gint64
pb_operation_get_started (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), 0);

  return self->started;
}

/**
 * pb_operation_get_elapsed_ms:
 *
 * Returns: how long it ran, or has been running so far, in milliseconds
 */
double
pb_operation_get_elapsed_ms (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), 0);

  return ((self->ended ? self->ended : g_get_monotonic_time ()) - self->started) / 1000.0;
}

PbOperationState
pb_operation_get_state (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), PB_OPERATION_RUNNING);

  return self->state;
}

gboolean
pb_operation_is_finished (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), FALSE);

  return self->state != PB_OPERATION_RUNNING;
}

/**
 * pb_operation_get_error:
 *
 * Returns: (transfer none) (nullable): why it failed or was cancelled
 */
const GError *
pb_operation_get_error (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->error;
}

/**
 * pb_operation_get_cancellable:
 *
 * Returns: (transfer none): the cancellable the session passes to the core
 *   call it runs
 */
GCancellable *
pb_operation_get_cancellable (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->cancellable;
}

/**
 * pb_operation_cancel:
 *
 * Asks the running call to stop. The operation still finishes through its
 * call, from the main loop: cancelled if the call stopped, or with the
 * outcome it reached anyway.
 */
void
pb_operation_cancel (PbOperation *self)
{
  g_return_if_fail (PB_IS_OPERATION (self));

  if (self->state == PB_OPERATION_RUNNING)
    g_cancellable_cancel (self->cancellable);
}

/**
 * pb_operation_get_holders:
 *
 * Returns: (transfer none) (nullable) (element-type PbDriveHolder): the
 *   processes that kept a drive busy (OPEN_FILES, DEVICE_IN_USE)
 */
GPtrArray *
pb_operation_get_holders (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->holders;
}

const char *
pb_operation_get_warning (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->warning;
}

const char *
pb_operation_get_mount_path (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->mount_path;
}

/**
 * pb_operation_get_handle:
 *
 * Returns: (transfer none) (nullable): the handle of the link a
 *   connect-link brought up
 */
const char *
pb_operation_get_handle (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->handle;
}

/**
 * pb_operation_get_restore_results:
 *
 * Returns: (transfer none) (nullable) (element-type PbRestoreResult): one
 *   result per remembered drive, in the order of the profile
 */
GPtrArray *
pb_operation_get_restore_results (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->restore_results;
}

/**
 * pb_operation_set_holders:
 * @holders: (nullable) (element-type PbDriveHolder) (transfer none):
 */
void
pb_operation_set_holders (PbOperation *self,
                          GPtrArray   *holders)
{
  g_return_if_fail (PB_IS_OPERATION (self));

  if (holders != NULL)
    g_ptr_array_ref (holders);
  g_clear_pointer (&self->holders, g_ptr_array_unref);
  self->holders = holders;
}

void
pb_operation_set_warning (PbOperation *self,
                          const char  *warning)
{
  g_return_if_fail (PB_IS_OPERATION (self));

  if (pb_set_str (&self->warning, warning))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING]);
}

void
pb_operation_set_mount_path (PbOperation *self,
                             const char  *mount_path)
{
  g_return_if_fail (PB_IS_OPERATION (self));

  if (pb_set_str (&self->mount_path, mount_path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOUNT_PATH]);
}

void
pb_operation_set_handle (PbOperation *self,
                         const char  *handle)
{
  g_return_if_fail (PB_IS_OPERATION (self));

  if (pb_set_str (&self->handle, handle))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDLE]);
}

/**
 * pb_operation_set_restore_results:
 * @results: (nullable) (element-type PbRestoreResult) (transfer none): in
 *   the order of the profile
 */
void
pb_operation_set_restore_results (PbOperation *self,
                                  GPtrArray   *results)
{
  g_return_if_fail (PB_IS_OPERATION (self));

  if (results != NULL)
    g_ptr_array_ref (results);
  g_clear_pointer (&self->restore_results, g_ptr_array_unref);
  self->restore_results = results;
}

/**
 * pb_operation_get_carried:
 *
 * Returns: (transfer none) (nullable) (element-type PbCarriedDrive): for a
 *   hang-up or a port disconnect, the drives that rode on it, in the order
 *   they were disconnected
 */
GPtrArray *
pb_operation_get_carried (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), NULL);

  return self->carried;
}

/**
 * pb_operation_set_carried:
 * @carried: (nullable) (element-type PbCarriedDrive) (transfer none):
 */
void
pb_operation_set_carried (PbOperation *self,
                          GPtrArray   *carried)
{
  g_return_if_fail (PB_IS_OPERATION (self));

  if (carried != NULL)
    g_ptr_array_ref (carried);
  g_clear_pointer (&self->carried, g_ptr_array_unref);
  self->carried = carried;
}

/* The link's or port's own teardown began: after the drives riding on it
 * were disconnected, which is the order a front end reports. */
void
pb_operation_mark_teardown_started (PbOperation *self)
{
  g_return_if_fail (PB_IS_OPERATION (self));

  self->teardown_started = g_get_monotonic_time ();
}

/**
 * pb_operation_get_teardown_started_ms:
 *
 * Returns: when the link's or port's own teardown began, in ms from the
 *   operation's start, or -1 when it did not
 */
double
pb_operation_get_teardown_started_ms (PbOperation *self)
{
  g_return_val_if_fail (PB_IS_OPERATION (self), -1);

  if (self->teardown_started == 0)
    return -1;

  return (self->teardown_started - pb_operation_get_started (self)) / 1000.0;
}

void
pb_carried_drive_free (PbCarriedDrive *carried)
{
  if (carried == NULL)
    return;

  g_free (carried->local_name);
  g_free (carried->remote_name);
  g_clear_error (&carried->error);
  g_free (carried);
}

static void
pb_operation_finish (PbOperation      *self,
                     PbOperationState  state)
{
  g_assert (self->state == PB_OPERATION_RUNNING);

  self->ended = g_get_monotonic_time ();
  self->state = state;
  if (self->error != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_signal_emit (self, signals[FINISHED], 0);
}

/**
 * pb_operation_succeed:
 *
 * Records that what it asked for was observed. Only once.
 */
void
pb_operation_succeed (PbOperation *self)
{
  g_return_if_fail (PB_IS_OPERATION (self));
  g_return_if_fail (self->state == PB_OPERATION_RUNNING);

  pb_operation_finish (self, PB_OPERATION_SUCCEEDED);
}

/**
 * pb_operation_fail:
 * @error: why
 *
 * Records the failure. A call stopped by pb_operation_cancel() answers
 * %G_IO_ERROR_CANCELLED: that makes the operation cancelled rather than
 * failed. Only once.
 */
void
pb_operation_fail (PbOperation  *self,
                   const GError *error)
{
  gboolean cancelled;

  g_return_if_fail (PB_IS_OPERATION (self));
  g_return_if_fail (error != NULL);
  g_return_if_fail (self->state == PB_OPERATION_RUNNING);

  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
              g_cancellable_is_cancelled (self->cancellable);
  self->error = g_error_copy (error);
  pb_operation_finish (self, cancelled ? PB_OPERATION_CANCELLED : PB_OPERATION_FAILED);
}

void
pb_restore_result_free (PbRestoreResult *result)
{
  if (result == NULL)
    return;

  g_free (result->local_name);
  g_clear_error (&result->error);
  g_free (result);
}

static int
compare_results (gconstpointer a,
                 gconstpointer b)
{
  const PbRestoreResult *first = *(PbRestoreResult * const *)a;
  const PbRestoreResult *second = *(PbRestoreResult * const *)b;

  return g_strcmp0 (first->local_name, second->local_name);
}

/**
 * pb_restore_results_new_ordered:
 * @results: (element-type utf8 GError): what pb_drive_restore_finish()
 *   returns: local name → %NULL or the error that stopped it
 * @order: (nullable): the profile's names, in file order
 *
 * Every front end lists a restore's outcome in the order the user sees the
 * remembered drives: the profile's. A name the profile no longer holds (it
 * was forgotten meanwhile) comes after, by name.
 *
 * Returns: (transfer full) (element-type PbRestoreResult): one result per
 *   entry of @results
 */
GPtrArray *
pb_restore_results_new_ordered (GHashTable         *results,
                                const char * const *order)
{
  GPtrArray *ordered = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_restore_result_free);
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (results != NULL, ordered);

  for (guint i = 0; order != NULL && order[i] != NULL; i++)
    {
      PbRestoreResult *result;

      if (!g_hash_table_lookup_extended (results, order[i], &key, &value) ||
          g_hash_table_contains (placed, key))
        continue;

      result = g_new0 (PbRestoreResult, 1);
      result->local_name = g_strdup (key);
      result->error = value ? g_error_copy (value) : NULL;
      g_ptr_array_add (ordered, result);
      g_hash_table_add (placed, key);
    }

  g_hash_table_iter_init (&iter, results);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (placed, key))
      {
        PbRestoreResult *result = g_new0 (PbRestoreResult, 1);

        result->local_name = g_strdup (key);
        result->error = value ? g_error_copy (value) : NULL;
        g_ptr_array_add (rest, result);
      }
  g_ptr_array_sort (rest, compare_results);
  for (guint i = 0; i < rest->len; i++)
    g_ptr_array_add (ordered, g_ptr_array_index (rest, i));

  return ordered;
}
