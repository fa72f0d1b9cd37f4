/* pb-quit-dialog.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "plugboard.h"

G_BEGIN_DECLS

#define PB_TYPE_QUIT_DIALOG (pb_quit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbQuitDialog, pb_quit_dialog, PB, QUIT_DIALOG, GtkWindow)

PbQuitDialog *pb_quit_dialog_new (GtkApplication *application,
                                  GPtrArray      *sessions);

G_END_DECLS
