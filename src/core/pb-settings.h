/* pb-settings.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *pb_settings_dup     (void);
gboolean   pb_settings_has_key (GSettings  *settings,
                                const char *key);

G_END_DECLS
