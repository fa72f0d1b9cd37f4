/* pb-teardown-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-teardown.h"

G_BEGIN_DECLS

/* What the link and port sources share around their teardowns: one
 * teardown-timeout property and one way to run a teardown for a GTask. */

#define PB_TEARDOWN_DEFAULT_TIMEOUT 30

GParamSpec *pb_teardown_timeout_param_new (void);
void        pb_teardown_set_timeout       (GObject    *owner,
                                           guint      *timeout_seconds,
                                           guint       seconds,
                                           GParamSpec *pspec);
void        pb_teardown_run_for_task      (PbTeardown *self,
                                           guint       timeout_seconds,
                                           GTask      *task);

G_END_DECLS
