/* pb-map-drive-dialog.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PB_TYPE_MAP_DRIVE_DIALOG (pb_map_drive_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbMapDriveDialog, pb_map_drive_dialog, PB, MAP_DRIVE_DIALOG, GtkWindow)

PbMapDriveDialog *pb_map_drive_dialog_new (GtkWindow *parent);

G_END_DECLS
