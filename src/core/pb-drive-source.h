/* pb-drive-source.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-types.h"
#include "pb-profile.h"
#include "pb-uri.h"

G_BEGIN_DECLS

#define PB_TYPE_DRIVE_SOURCE (pb_drive_source_get_type ())

G_DECLARE_FINAL_TYPE (PbDriveSource, pb_drive_source, PB, DRIVE_SOURCE, GObject)

/**
 * PbDriveMapFlags:
 * @PB_DRIVE_MAP_NONE: map for this session
 * @PB_DRIVE_MAP_REMEMBER: also keep it in the profile, its password in the
 *   Secret Service, so that pb_drive_restore_async() maps it again
 * @PB_DRIVE_MAP_SAVE_PASSWORD: keep the password in the Secret Service, where
 *   GVfs and the file manager find it too, even for a drive mapped for this
 *   session only (%PB_DRIVE_MAP_REMEMBER implies it)
 */
typedef enum
{
  PB_DRIVE_MAP_NONE          = 0,
  PB_DRIVE_MAP_REMEMBER      = 1 << 0,
  PB_DRIVE_MAP_SAVE_PASSWORD = 1 << 1,
} PbDriveMapFlags;

void           pb_drive_source_new_async   (PbProfile            *profile,
                                            PbProfile            *session_names,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
PbDriveSource *pb_drive_source_new_finish  (GAsyncResult         *result,
                                            GError              **error);
PbProfile     *pb_drive_source_get_profile (PbDriveSource        *self);
void           pb_drive_source_set_teardown_timeout (PbDriveSource        *self,
                                                     guint                 seconds);

void           pb_drive_map_async          (PbDriveSource        *self,
                                            const char           *uri,
                                            const char           *local_name,
                                            const char           *user,
                                            const char           *password,
                                            PbDriveMapFlags       flags,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean       pb_drive_map_finish         (PbDriveSource        *self,
                                            GAsyncResult         *result,
                                            char                **mount_path,
                                            char                **warning,
                                            GError              **error);
void           pb_drive_restore_async      (PbDriveSource        *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GHashTable    *pb_drive_restore_finish     (PbDriveSource        *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void           pb_drive_cancel_async       (PbDriveSource        *self,
                                            const char           *name,
                                            PbDisconnectFlags     flags,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean       pb_drive_cancel_finish      (PbDriveSource        *self,
                                            GAsyncResult         *result,
                                            GPtrArray           **holders,
                                            GError              **error);

const char    *pb_drive_source_get_sandbox_notice (void);

G_END_DECLS
