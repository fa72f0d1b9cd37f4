/* pb-port-source.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-link-source.h"

G_BEGIN_DECLS

#define PB_TYPE_PORT_SOURCE (pb_port_source_get_type ())

G_DECLARE_FINAL_TYPE (PbPortSource, pb_port_source, PB, PORT_SOURCE, GObject)

PbPortSource *pb_port_source_new             (PbLinkSource *links);
guint         pb_port_source_get_teardown_timeout (PbPortSource *self);
void          pb_port_source_set_teardown_timeout (PbPortSource *self,
                                                   guint         seconds);

void          pb_port_disconnect_async       (PbPortSource        *self,
                                              const char          *port,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      pb_port_disconnect_finish      (PbPortSource        *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
