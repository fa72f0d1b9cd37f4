/* pb-graph.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-types.h"
#include "pb-drive-source.h"
#include "pb-link-source.h"
#include "pb-port-source.h"

G_BEGIN_DECLS

#define PB_TYPE_GRAPH (pb_graph_get_type ())

G_DECLARE_FINAL_TYPE (PbGraph, pb_graph, PB, GRAPH, GObject)

/**
 * PbGraphRelation:
 * @PB_GRAPH_RELATION_NONE: unrelated
 * @PB_GRAPH_RELATION_CARRIES: the row carries the item: the item rides on
 *   it, directly or through others (a drive through its VPN on a port)
 * @PB_GRAPH_RELATION_RIDES_ON: the row rides on the item, directly or
 *   through others
 *
 * How a row stands to another in the graph (pb_graph_dup_related()).
 */
typedef enum
{
  PB_GRAPH_RELATION_NONE     = 0,
  PB_GRAPH_RELATION_CARRIES  = 1 << 0,
  PB_GRAPH_RELATION_RIDES_ON = 1 << 1,
} PbGraphRelation;

PbGraph   *pb_graph_new                (void);
void       pb_graph_set_sources        (PbGraph              *self,
                                        PbLinkSource         *links,
                                        PbPortSource         *ports,
                                        PbDriveSource        *drives);
gboolean   pb_graph_get_ready          (PbGraph              *self);
GPtrArray *pb_graph_get_via            (PbGraph              *self,
                                        PbConnection         *item);
GPtrArray *pb_graph_get_carries        (PbGraph              *self,
                                        PbConnection         *item);
GPtrArray *pb_graph_dup_riding_drives  (PbGraph              *self,
                                        PbConnection         *item);
GHashTable *pb_graph_dup_related       (PbGraph              *self,
                                        PbConnection         *item);
void       pb_graph_flush              (PbGraph              *self);
void       pb_graph_wait_async         (PbGraph              *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean   pb_graph_wait_finish        (PbGraph              *self,
                                        GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
