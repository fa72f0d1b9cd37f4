/* pb-teardown.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <NetworkManager.h>

#include "pb-types.h"

G_BEGIN_DECLS

#define PB_TYPE_TEARDOWN (pb_teardown_get_type ())

G_DECLARE_FINAL_TYPE (PbTeardown, pb_teardown, PB, TEARDOWN, GObject)

PbTeardown *pb_teardown_new_for_link   (NMClient             *client,
                                        NMActiveConnection   *active,
                                        const char           *handle,
                                        PbConnection         *item);
PbTeardown *pb_teardown_new_for_device (NMClient             *client,
                                        NMDevice             *device,
                                        PbConnection         *item);
void        pb_teardown_run_async      (PbTeardown           *self,
                                        guint                 timeout_seconds,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean    pb_teardown_run_finish     (PbTeardown           *self,
                                        GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
