/* pb-graph-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-graph.h"

G_BEGIN_DECLS

/* The pure parts of the graph, apart from NetworkManager and the resolver
 * so that the unit tests can give them facts of their own. */

/* One route a server knows: to @dest, through the device @iface, owned by
 * the listed link @link when there is one (a VPN's own routes, or the link
 * activated on @iface). A device's addresses count as routes to their
 * subnet. */
typedef struct
{
  GInetAddressMask *dest;
  gint64            metric;
  char             *link;
  char             *iface;
} PbGraphRoute;

PbGraphRoute       *pb_graph_route_new    (const char   *address,
                                           guint         prefix,
                                           gint64        metric,
                                           const char   *link,
                                           const char   *iface);
void                pb_graph_route_free   (PbGraphRoute *route);
const PbGraphRoute *pb_graph_routes_lookup (GPtrArray   *routes,
                                            GInetAddress *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbGraphRoute, pb_graph_route_free)

/* What the edges are built from. The arrays hold the rows (borrowed); the
 * tables map a link's handle to the interface of its PPPoE parent, a link's
 * handle to its base link's handle (a VPN's), and a drive row to the route
 * its server is reached by. */
typedef struct
{
  GPtrArray  *links;
  GPtrArray  *ports;
  GPtrArray  *drives;
  GHashTable *link_parents;
  GHashTable *link_bases;
  GHashTable *drive_routes;
} PbGraphFacts;

GHashTable         *pb_graph_build_edges  (const PbGraphFacts *facts);
GHashTable         *pb_graph_invert_edges (GHashTable   *edges);
GHashTable         *pb_graph_collect_related (GHashTable   *via,
                                              GHashTable   *carries,
                                              PbConnection *item);
char               *pb_graph_dup_host     (const char   *remote_name);

G_END_DECLS
