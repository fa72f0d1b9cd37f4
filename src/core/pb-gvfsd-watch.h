/* pb-gvfsd-watch.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _PbGvfsdWatch PbGvfsdWatch;

void          pb_gvfsd_watch_new_async     (GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
PbGvfsdWatch *pb_gvfsd_watch_new_finish    (GAsyncResult        *result);
gboolean      pb_gvfsd_watch_gone          (PbGvfsdWatch        *watch);
void          pb_gvfsd_watch_settle_async  (PbGvfsdWatch        *watch,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void          pb_gvfsd_watch_settle_finish (PbGvfsdWatch        *watch,
                                            GAsyncResult        *result);
void          pb_gvfsd_watch_free          (PbGvfsdWatch        *watch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbGvfsdWatch, pb_gvfsd_watch_free)

G_END_DECLS
