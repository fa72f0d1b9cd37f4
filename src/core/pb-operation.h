/* pb-operation.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-types.h"

G_BEGIN_DECLS

#define PB_TYPE_OPERATION (pb_operation_get_type ())

G_DECLARE_FINAL_TYPE (PbOperation, pb_operation, PB, OPERATION, GObject)

/**
 * PbOperationState:
 * @PB_OPERATION_RUNNING: started, not finished
 * @PB_OPERATION_SUCCEEDED: finished, and what it asked for was observed
 * @PB_OPERATION_FAILED: finished with #PbOperation:error
 * @PB_OPERATION_CANCELLED: stopped by pb_operation_cancel() before it finished
 */
typedef enum
{
  PB_OPERATION_RUNNING,
  PB_OPERATION_SUCCEEDED,
  PB_OPERATION_FAILED,
  PB_OPERATION_CANCELLED,
} PbOperationState;

/**
 * PbRestoreResult:
 * @local_name: a remembered drive
 * @error: (nullable): why it was not restored, %NULL when it is connected now
 *
 * One remembered drive's outcome, in the order of the profile.
 */
typedef struct
{
  char   *local_name;
  GError *error;
} PbRestoreResult;

/**
 * PbCarriedDrive:
 * @local_name: the drive's local name
 * @remote_name: its remote name
 * @disconnected: it was disconnected before the link or port went
 * @error: (nullable): why it could not be
 * @done_ms: when it was disconnected, in ms from the operation's start
 *
 * What a hang-up or a port disconnect did to one drive riding on it.
 */
typedef struct
{
  char     *local_name;
  char     *remote_name;
  gboolean  disconnected;
  GError   *error;
  double    done_ms;
} PbCarriedDrive;

/* Made by the session; front ends only read them. */
PbOperation      *pb_operation_new              (guint              id,
                                                 const char        *action,
                                                 const char        *target,
                                                 PbConnection      *item);
guint             pb_operation_get_id           (PbOperation       *self);
const char       *pb_operation_get_action       (PbOperation       *self);
const char       *pb_operation_get_target       (PbOperation       *self);
PbConnection     *pb_operation_get_item         (PbOperation       *self);
GVariant         *pb_operation_get_parameter    (PbOperation       *self);
void              pb_operation_set_parameter    (PbOperation       *self,
                                                 GVariant          *parameter);
gint64            pb_operation_get_started      (PbOperation       *self);
double            pb_operation_get_elapsed_ms   (PbOperation       *self);
PbOperationState  pb_operation_get_state        (PbOperation       *self);
gboolean          pb_operation_is_finished      (PbOperation       *self);
const GError     *pb_operation_get_error        (PbOperation       *self);
GCancellable     *pb_operation_get_cancellable  (PbOperation       *self);
void              pb_operation_cancel           (PbOperation       *self);

/* Results, each set only by the operations it belongs to. */
GPtrArray        *pb_operation_get_holders      (PbOperation       *self);
const char       *pb_operation_get_warning      (PbOperation       *self);
const char       *pb_operation_get_mount_path   (PbOperation       *self);
const char       *pb_operation_get_handle       (PbOperation       *self);
GPtrArray        *pb_operation_get_restore_results (PbOperation    *self);
GPtrArray        *pb_operation_get_carried      (PbOperation       *self);
double            pb_operation_get_teardown_started_ms (PbOperation *self);

/* Used by the session (and its tests) to record the outcome; each emits
 * PbOperation::finished once and notifies #PbOperation:state. */
void              pb_operation_set_holders      (PbOperation       *self,
                                                 GPtrArray         *holders);
void              pb_operation_set_warning      (PbOperation       *self,
                                                 const char        *warning);
void              pb_operation_set_mount_path   (PbOperation       *self,
                                                 const char        *mount_path);
void              pb_operation_set_handle       (PbOperation       *self,
                                                 const char        *handle);
void              pb_operation_set_restore_results (PbOperation    *self,
                                                    GPtrArray      *results);
void              pb_operation_set_carried      (PbOperation       *self,
                                                 GPtrArray         *carried);
void              pb_operation_mark_teardown_started (PbOperation  *self);
void              pb_operation_succeed          (PbOperation       *self);
void              pb_operation_fail             (PbOperation       *self,
                                                 const GError      *error);

void              pb_restore_result_free        (PbRestoreResult   *result);
void              pb_carried_drive_free         (PbCarriedDrive    *carried);
GPtrArray        *pb_restore_results_new_ordered (GHashTable       *results,
                                                  const char * const *order);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbRestoreResult, pb_restore_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbCarriedDrive, pb_carried_drive_free)

G_END_DECLS
