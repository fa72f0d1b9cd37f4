/* pb-open-files-dialog.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "plugboard.h"

G_BEGIN_DECLS

#define PB_TYPE_OPEN_FILES_DIALOG (pb_open_files_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbOpenFilesDialog, pb_open_files_dialog, PB, OPEN_FILES_DIALOG, GtkWindow)

PbOpenFilesDialog *pb_open_files_dialog_new (GtkWindow         *parent,
                                             PbOperation       *op,
                                             const char        *display_name);

G_END_DECLS
