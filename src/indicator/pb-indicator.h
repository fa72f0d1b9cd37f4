/* pb-indicator.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PB_TYPE_INDICATOR (pb_indicator_get_type ())

G_DECLARE_FINAL_TYPE (PbIndicator, pb_indicator, PB, INDICATOR, GApplication)

PbIndicator *pb_indicator_new              (void);
void         pb_indicator_quit            (PbIndicator *self);
int          pb_indicator_get_exit_status (PbIndicator *self);

G_END_DECLS
