/* pb-drive-entry.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PB_TYPE_DRIVE_ENTRY (pb_drive_entry_get_type ())

G_DECLARE_FINAL_TYPE (PbDriveEntry, pb_drive_entry, PB, DRIVE_ENTRY, GObject)

PbDriveEntry *pb_drive_entry_new             (const char   *local_name,
                                              const char   *remote_name,
                                              const char   *mount_path,
                                              const char   *type_name);
const char   *pb_drive_entry_get_local_name  (PbDriveEntry *self);
const char   *pb_drive_entry_get_remote_name (PbDriveEntry *self);
const char   *pb_drive_entry_get_mount_path  (PbDriveEntry *self);
const char   *pb_drive_entry_get_type_name   (PbDriveEntry *self);
GMount       *pb_drive_entry_get_mount       (PbDriveEntry *self);
void          pb_drive_entry_set_mount       (PbDriveEntry *self,
                                              GMount       *mount);

G_END_DECLS
