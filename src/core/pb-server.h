/* pb-server.h
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

#define PB_TYPE_SERVER (pb_server_get_type ())

G_DECLARE_FINAL_TYPE (PbServer, pb_server, PB, SERVER, GObject)

void        pb_server_new_async    (const char           *host,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
PbServer   *pb_server_new_finish   (GAsyncResult         *result,
                                    GError              **error);
const char *pb_server_get_name     (PbServer             *self);
gboolean    pb_server_is_local     (PbServer             *self);
NMClient   *pb_server_get_client   (PbServer             *self);
char       *pb_server_dup_handle_tag (PbServer           *self);
gboolean    pb_server_get_running  (PbServer             *self);
gboolean    pb_server_get_lost     (PbServer             *self);
const char *pb_server_get_status   (PbServer             *self);
char       *pb_server_normalize_host (const char         *name);
GStrv       pb_server_dup_hosts    (const char * const *names);
char       *pb_server_dup_label    (PbServer             *self);

G_END_DECLS
