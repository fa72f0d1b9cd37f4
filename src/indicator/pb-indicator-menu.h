/* pb-indicator-menu.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plugboard.h"

#include "pb-dbus-menu.h"

G_BEGIN_DECLS

#define PB_TYPE_INDICATOR_MENU (pb_indicator_menu_get_type ())

G_DECLARE_FINAL_TYPE (PbIndicatorMenu, pb_indicator_menu, PB, INDICATOR_MENU, GObject)

PbIndicatorMenu *pb_indicator_menu_new           (PbSession       *session,
                                                  GActionGroup    *actions);
PbDbusMenu      *pb_indicator_menu_get_dbus_menu (PbIndicatorMenu *self);
const char      *pb_indicator_menu_get_summary   (PbIndicatorMenu *self);
gboolean         pb_indicator_menu_get_active    (PbIndicatorMenu *self);

G_END_DECLS
