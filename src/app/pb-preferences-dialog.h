/* pb-preferences-dialog.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PB_TYPE_PREFERENCES_DIALOG (pb_preferences_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbPreferencesDialog, pb_preferences_dialog, PB, PREFERENCES_DIALOG, GtkWindow)

PbPreferencesDialog *pb_preferences_dialog_new (GtkWindow *parent);

G_END_DECLS
