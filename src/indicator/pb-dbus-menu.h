/* pb-dbus-menu.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PB_TYPE_DBUS_MENU (pb_dbus_menu_get_type ())

G_DECLARE_FINAL_TYPE (PbDbusMenu, pb_dbus_menu, PB, DBUS_MENU, GObject)

PbDbusMenu *pb_dbus_menu_new              (GActionGroup     *actions);
gboolean    pb_dbus_menu_export           (PbDbusMenu       *self,
                                           GDBusConnection  *connection,
                                           const char       *object_path,
                                           GError          **error);
void        pb_dbus_menu_unexport         (PbDbusMenu       *self);
void        pb_dbus_menu_begin            (PbDbusMenu       *self);
void        pb_dbus_menu_add_item         (PbDbusMenu       *self,
                                           const char       *key,
                                           const char       *label,
                                           const char       *action,
                                           GVariant         *target,
                                           gboolean          enabled);
void        pb_dbus_menu_add_separator    (PbDbusMenu       *self);
void        pb_dbus_menu_end              (PbDbusMenu       *self);

G_END_DECLS
