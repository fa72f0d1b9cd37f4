/* pb-status-notifier.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PB_TYPE_STATUS_NOTIFIER (pb_status_notifier_get_type ())

G_DECLARE_FINAL_TYPE (PbStatusNotifier, pb_status_notifier, PB, STATUS_NOTIFIER, GObject)

PbStatusNotifier *pb_status_notifier_new         (const char        *menu_path);
gboolean          pb_status_notifier_export      (PbStatusNotifier  *self,
                                                  GDBusConnection   *connection,
                                                  GError           **error);
void              pb_status_notifier_unexport    (PbStatusNotifier  *self);
gboolean          pb_status_notifier_get_active  (PbStatusNotifier  *self);
void              pb_status_notifier_set_active  (PbStatusNotifier  *self,
                                                  gboolean           active);
const char       *pb_status_notifier_get_tooltip (PbStatusNotifier  *self);
void              pb_status_notifier_set_tooltip (PbStatusNotifier  *self,
                                                  const char        *tooltip);

G_END_DECLS
