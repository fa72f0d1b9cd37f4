/* pb-drive-holder.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PB_TYPE_DRIVE_HOLDER (pb_drive_holder_get_type ())

G_DECLARE_FINAL_TYPE (PbDriveHolder, pb_drive_holder, PB, DRIVE_HOLDER, GObject)

GPid        pb_drive_holder_get_pid      (PbDriveHolder        *self);
const char *pb_drive_holder_get_command  (PbDriveHolder        *self);
const char *pb_drive_holder_get_app_id   (PbDriveHolder        *self);
const char *pb_drive_holder_get_path     (PbDriveHolder        *self);
void        pb_drive_holders_find_async  (const char * const   *paths,
                                          const GPid           *also,
                                          guint                 n_also,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GPtrArray  *pb_drive_holders_find_finish (GAsyncResult         *result,
                                          GError              **error);
char       *pb_drive_holders_describe    (GPtrArray            *holders);

G_END_DECLS
