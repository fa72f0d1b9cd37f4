/* pb-graph.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-connection.h"
#include "pb-graph-private.h"
#include "pb-nm-private.h"
#include "pb-row-store.h"

/**
 * PbGraph:
 *
 * What rides on what, kept current. A link rides on its ports (the devices
 * NetworkManager gives its active connection, the parent of a PPPoE link
 * from `pppoe.parent`) and a VPN on its base link too. A drive rides on the
 * link whose device routes to the drive's server: the server's name goes
 * through GIO's resolver, and its addresses are matched against the routes
 * NetworkManager reports for each device and each VPN (its IPConfig route
 * data, kept current by libnm's signals), so nothing here blocks or polls.
 * Drives are this computer's, so they ride only on a local server's links.
 *
 * The graph is computed again, as a whole, from an idle after anything it
 * depends on changed: the sources' items, a device's or a VPN's IP
 * configuration, a resolved name. #PbGraph::changed says it was.
 */

struct _PbGraph
{
  GObject        parent_instance;

  /* Owned */
  PbLinkSource  *links;
  PbPortSource  *ports;
  PbDriveSource *drives;
  GHashTable    *via;       /* PbConnection → GPtrArray of PbConnection */
  GHashTable    *carries;   /* PbConnection → GPtrArray of PbConnection */
  GHashTable    *addresses; /* host → GPtrArray of GInetAddress, once resolved */
  GHashTable    *resolving; /* host → TRUE while its lookup runs */
  GPtrArray     *watched;   /* NM objects whose IP configuration we follow */
  GPtrArray     *waiters;   /* GTask: pb_graph_wait_async() */
  GCancellable  *cancellable;

  guint          idle_id;
};

G_DEFINE_FINAL_TYPE (PbGraph, pb_graph, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------ pure parts */

/**
 * pb_graph_route_new:
 * @address: an IPv4 or IPv6 address in text; bits past @prefix are cleared
 *
 * Returns: (transfer full) (nullable): the route, %NULL for an address
 *   that does not parse
 */
PbGraphRoute *
pb_graph_route_new (const char *address,
                    guint       prefix,
                    gint64      metric,
                    const char *link,
                    const char *iface)
{
  g_autoptr(GInetAddress) parsed = address ? g_inet_address_new_from_string (address) : NULL;
  g_autoptr(GInetAddress) masked = NULL;
  PbGraphRoute *route;
  guint8 bytes[16];
  gsize size;

  if (parsed == NULL)
    return NULL;

  size = g_inet_address_get_native_size (parsed);
  if (prefix > size * 8)
    return NULL;

  /* An address on a device is a route to its subnet: the host bits go, as
   * GInetAddressMask refuses them. */
  memcpy (bytes, g_inet_address_to_bytes (parsed), size);
  for (guint bit = prefix; bit < size * 8; bit++)
    bytes[bit / 8] &= (guint8)~(0x80u >> (bit % 8));
  masked = g_inet_address_new_from_bytes (bytes, g_inet_address_get_family (parsed));

  route = g_new0 (PbGraphRoute, 1);
  route->dest = g_inet_address_mask_new (masked, prefix, NULL);
  route->metric = metric;
  route->link = g_strdup (link);
  route->iface = g_strdup (iface);

  return route;
}

void
pb_graph_route_free (PbGraphRoute *route)
{
  if (route == NULL)
    return;

  g_clear_object (&route->dest);
  g_free (route->link);
  g_free (route->iface);
  g_free (route);
}

/**
 * pb_graph_routes_lookup:
 * @routes: (element-type PbGraphRoute)
 *
 * The route the kernel would take: the longest prefix that holds @address,
 * then the lowest metric; between equals, the one a link owns (a VPN's
 * route over its base device's).
 *
 * Returns: (transfer none) (nullable): that route
 */
const PbGraphRoute *
pb_graph_routes_lookup (GPtrArray    *routes,
                        GInetAddress *address)
{
  const PbGraphRoute *best = NULL;

  for (guint i = 0; routes != NULL && i < routes->len; i++)
    {
      const PbGraphRoute *route = g_ptr_array_index (routes, i);
      guint length, best_length;

      if (route->dest == NULL ||
          g_inet_address_mask_get_family (route->dest) != g_inet_address_get_family (address) ||
          !g_inet_address_mask_matches (route->dest, address))
        continue;

      if (best == NULL)
        {
          best = route;
          continue;
        }

      length = g_inet_address_mask_get_length (route->dest);
      best_length = g_inet_address_mask_get_length (best->dest);
      if (length > best_length ||
          (length == best_length && route->metric < best->metric) ||
          (length == best_length && route->metric == best->metric && route->link != NULL && best->link == NULL))
        best = route;
    }

  return best;
}

/**
 * pb_graph_dup_host:
 * @remote_name: a drive's remote name (`smb://server/share`)
 *
 * Returns: (transfer full) (nullable): the server's host name or address
 *   literal, %NULL when the URI names none
 */
char *
pb_graph_dup_host (const char *remote_name)
{
  g_autoptr(GUri) uri = remote_name ? g_uri_parse (remote_name, G_URI_FLAGS_NON_DNS, NULL) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  if (host == NULL || *host == '\0')
    return NULL;

  return g_strdup (host);
}

static void
add_edge (GHashTable   *edges,
          PbConnection *from,
          PbConnection *to)
{
  GPtrArray *list;

  if (from == to || to == NULL)
    return;

  list = g_hash_table_lookup (edges, from);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (edges, g_object_ref (from), list);
    }
  if (!g_ptr_array_find (list, to, NULL))
    g_ptr_array_add (list, g_object_ref (to));
}

static GHashTable *
index_by (GPtrArray   *items,
          const char *(*key) (PbConnection *))
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      PbConnection *item = g_ptr_array_index (items, i);
      const char *name = key (item);

      /* The first wins, as in the port source's link map. */
      if (name != NULL && !g_hash_table_contains (index, name))
        g_hash_table_insert (index, (gpointer)name, item);
    }

  return index;
}

/**
 * pb_graph_build_edges:
 *
 * Returns: (transfer full): each row that rides on something → a
 *   #GPtrArray of the rows it rides on, in the order found
 */
GHashTable *
pb_graph_build_edges (const PbGraphFacts *facts)
{
  GHashTable *via = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GHashTable) link_by_handle = index_by (facts->links, pb_connection_get_handle);
  g_autoptr(GHashTable) port_by_name = index_by (facts->ports, pb_connection_get_name);

  for (guint i = 0; facts->links != NULL && i < facts->links->len; i++)
    {
      PbConnection *link = g_ptr_array_index (facts->links, i);
      const char *handle = pb_connection_get_handle (link);
      const char * const *devices = pb_connection_get_devices (link);
      const char *parent = facts->link_parents ? g_hash_table_lookup (facts->link_parents, handle) : NULL;
      const char *base = facts->link_bases ? g_hash_table_lookup (facts->link_bases, handle) : NULL;

      for (guint j = 0; devices != NULL && devices[j] != NULL; j++)
        add_edge (via, link, g_hash_table_lookup (port_by_name, devices[j]));
      if (parent != NULL)
        add_edge (via, link, g_hash_table_lookup (port_by_name, parent));
      if (base != NULL)
        add_edge (via, link, g_hash_table_lookup (link_by_handle, base));
    }

  for (guint i = 0; facts->drives != NULL && i < facts->drives->len; i++)
    {
      PbConnection *drive = g_ptr_array_index (facts->drives, i);
      const PbGraphRoute *route = facts->drive_routes ? g_hash_table_lookup (facts->drive_routes, drive) : NULL;
      PbConnection *link;

      if (route == NULL)
        continue;

      /* The link the route belongs to; without one, the port it leaves by. */
      link = route->link ? g_hash_table_lookup (link_by_handle, route->link) : NULL;
      if (link != NULL)
        add_edge (via, drive, link);
      else if (route->iface != NULL)
        add_edge (via, drive, g_hash_table_lookup (port_by_name, route->iface));
    }

  return via;
}

/**
 * pb_graph_invert_edges:
 * @edges: each row → a #GPtrArray of the rows it rides on
 *
 * Returns: (transfer full): each row that carries something → a #GPtrArray
 *   of the rows that ride on it
 */
GHashTable *
pb_graph_invert_edges (GHashTable *edges)
{
  GHashTable *inverted = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify)g_ptr_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, edges);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *targets = value;

      for (guint i = 0; i < targets->len; i++)
        add_edge (inverted, g_ptr_array_index (targets, i), key);
    }

  return inverted;
}

/* Everything reached from @item along @edges, marked with @relation. */
static void
walk_related (GHashTable      *edges,
              PbConnection    *item,
              PbGraphRelation  relation,
              GHashTable      *related)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, item);
  for (guint i = 0; i < queue->len; i++)
    {
      GPtrArray *next = g_hash_table_lookup (edges, g_ptr_array_index (queue, i));

      for (guint j = 0; next != NULL && j < next->len; j++)
        {
          PbConnection *other = g_ptr_array_index (next, j);
          guint had = GPOINTER_TO_UINT (g_hash_table_lookup (related, other));

          /* Each row once, whatever the paths to it (a VPN on a port and
           * on the link on that port); and never around a loop. */
          if (other == item || (had & relation) != 0)
            continue;
          g_hash_table_insert (related, g_object_ref (other), GUINT_TO_POINTER (had | relation));
          g_ptr_array_add (queue, other);
        }
    }
}

/**
 * pb_graph_collect_related:
 * @via: each row → the rows it rides on
 * @carries: each row → the rows that ride on it
 *
 * Returns: (transfer full): each row @item rides on, or that rides on
 *   @item, directly or through others → its #PbGraphRelation to @item
 */
GHashTable *
pb_graph_collect_related (GHashTable   *via,
                          GHashTable   *carries,
                          PbConnection *item)
{
  GHashTable *related = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  walk_related (via, item, PB_GRAPH_RELATION_CARRIES, related);
  walk_related (carries, item, PB_GRAPH_RELATION_RIDES_ON, related);

  return related;
}

/* ------------------------------------------------------ NetworkManager */

static void schedule (PbGraph *self);

static char *
handle_of (PbServer           *server,
           NMActiveConnection *active)
{
  g_autofree char *tag = NULL;

  if (active == NULL)
    return NULL;
  tag = pb_server_dup_handle_tag (server);

  return pb_nm_handle_for_path (tag, nm_object_get_path (NM_OBJECT (active)));
}

static void
watch (PbGraph  *self,
       gpointer  object,
       const char *signal)
{
  if (object == NULL)
    return;

  g_signal_connect_object (object, signal, G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->watched, g_object_ref (object));
}

static void
unwatch_all (PbGraph *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);
}

static void
add_config (PbGraph    *self,
            GPtrArray  *routes,
            NMIPConfig *config,
            const char *link,
            const char *iface)
{
  GPtrArray *list;

  if (config == NULL)
    return;

  watch (self, config, "notify::" NM_IP_CONFIG_ROUTES);
  watch (self, config, "notify::" NM_IP_CONFIG_ADDRESSES);

  list = nm_ip_config_get_routes (config);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      NMIPRoute *route = g_ptr_array_index (list, i);
      PbGraphRoute *entry = pb_graph_route_new (nm_ip_route_get_dest (route), nm_ip_route_get_prefix (route),
                                                MAX (nm_ip_route_get_metric (route), 0), link, iface);

      if (entry != NULL)
        g_ptr_array_add (routes, entry);
    }

  list = nm_ip_config_get_addresses (config);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      NMIPAddress *address = g_ptr_array_index (list, i);
      PbGraphRoute *entry = pb_graph_route_new (nm_ip_address_get_address (address),
                                                nm_ip_address_get_prefix (address), 0, link, iface);

      if (entry != NULL)
        g_ptr_array_add (routes, entry);
    }
}

static GPtrArray *
model_items (GListModel *model)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));

  return items;
}

/* The routes of every device and every VPN of the server, each owned by the
 * listed link it belongs to when there is one. */
static GPtrArray *
collect_routes (PbGraph    *self,
                GHashTable *listed)
{
  GPtrArray *routes = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_graph_route_free);
  PbServer *server = self->links ? pb_link_source_get_server (self->links) : NULL;
  NMClient *client = server ? pb_server_get_client (server) : NULL;
  const GPtrArray *devices;
  const GPtrArray *actives;

  if (client == NULL || !pb_server_get_running (server))
    return routes;

  devices = nm_client_get_devices (client);
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      NMDevice *device = g_ptr_array_index (devices, i);
      NMActiveConnection *active = nm_device_get_active_connection (device);
      g_autofree char *handle = handle_of (server, active);
      const char *link = handle && g_hash_table_contains (listed, handle) ? handle : NULL;
      const char *iface = nm_device_get_iface (device);

      watch (self, device, "notify::" NM_DEVICE_IP4_CONFIG);
      watch (self, device, "notify::" NM_DEVICE_IP6_CONFIG);
      watch (self, device, "notify::" NM_DEVICE_ACTIVE_CONNECTION);
      add_config (self, routes, nm_device_get_ip4_config (device), link, iface);
      add_config (self, routes, nm_device_get_ip6_config (device), link, iface);
    }

  /* A VPN's routes are its own, not its base device's. */
  actives = nm_client_get_active_connections (client);
  for (guint i = 0; actives != NULL && i < actives->len; i++)
    {
      NMActiveConnection *active = g_ptr_array_index (actives, i);
      g_autofree char *handle = NULL;

      if (!nm_active_connection_get_vpn (active))
        continue;
      handle = handle_of (server, active);
      if (!g_hash_table_contains (listed, handle))
        continue;

      watch (self, active, "notify::" NM_ACTIVE_CONNECTION_IP4_CONFIG);
      watch (self, active, "notify::" NM_ACTIVE_CONNECTION_IP6_CONFIG);
      add_config (self, routes, nm_active_connection_get_ip4_config (active), handle, NULL);
      add_config (self, routes, nm_active_connection_get_ip6_config (active), handle, NULL);
    }

  return routes;
}

/* A VPN's base link is its specific object; a PPPoE link's parent is in its
 * profile. */
static void
collect_link_facts (GPtrArray  *links,
                    GHashTable *parents,
                    GHashTable *bases)
{
  for (guint i = 0; i < links->len; i++)
    {
      PbConnection *link = g_ptr_array_index (links, i);
      GObject *backend = pb_connection_get_backend (link);
      NMActiveConnection *active = NM_IS_ACTIVE_CONNECTION (backend) ? NM_ACTIVE_CONNECTION (backend) : NULL;
      NMRemoteConnection *profile = active ? nm_active_connection_get_connection (active) : NULL;
      NMSettingPppoe *pppoe = profile ? nm_connection_get_setting_pppoe (NM_CONNECTION (profile)) : NULL;
      const char *specific = active ? nm_active_connection_get_specific_object_path (active) : NULL;

      if (pppoe != NULL && nm_setting_pppoe_get_parent (pppoe) != NULL)
        g_hash_table_insert (parents, g_strdup (pb_connection_get_handle (link)),
                             g_strdup (nm_setting_pppoe_get_parent (pppoe)));
      if (active != NULL && nm_active_connection_get_vpn (active) && specific != NULL &&
          g_str_has_prefix (specific, "/org/freedesktop/NetworkManager/ActiveConnection/"))
        {
          /* The base link is the same daemon's: its handle has this one's tag. */
          const char *dot = strchr (pb_connection_get_handle (link), '.');

          g_hash_table_insert (bases, g_strdup (pb_connection_get_handle (link)),
                               pb_nm_handle_for_path (dot ? dot + 1 : NULL, specific));
        }
    }
}

/* ------------------------------------------------------------- resolver */

/* The graph is not held by its lookups: its cancellable says it went. */
typedef struct {
  PbGraph *self;
  char    *host;
} Lookup;

static void
lookup_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  GList *list = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (addresses, g_object_ref (l->data));
  g_resolver_free_addresses (list);

  /* Cancelled only when the graph went: it is not touched then. A name
   * that does not resolve rides on nothing until the links change, when it
   * is asked again. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_hash_table_remove (lookup->self->resolving, lookup->host);
      g_hash_table_insert (lookup->self->addresses, g_steal_pointer (&lookup->host), addresses);
      schedule (lookup->self);
    }
  else
    g_ptr_array_unref (addresses);

  g_free (lookup->host);
  g_free (lookup);
}

/* Returns the server's addresses when known; starts the lookup when not. */
static GPtrArray *
addresses_for (PbGraph    *self,
               const char *host)
{
  GPtrArray *addresses = g_hash_table_lookup (self->addresses, host);
  g_autoptr(GInetAddress) literal = NULL;
  g_autoptr(GResolver) resolver = NULL;
  Lookup *lookup;

  if (addresses != NULL)
    return addresses;

  literal = g_inet_address_new_from_string (host);
  if (literal != NULL)
    {
      addresses = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (addresses, g_steal_pointer (&literal));
      g_hash_table_insert (self->addresses, g_strdup (host), addresses);
      return addresses;
    }

  if (g_hash_table_contains (self->resolving, host))
    return NULL;

  lookup = g_new0 (Lookup, 1);
  lookup->self = self;
  lookup->host = g_strdup (host);
  g_hash_table_add (self->resolving, g_strdup (host));
  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, host, self->cancellable, lookup_done, lookup);

  return NULL;
}

/* ------------------------------------------------------------ computing */

static void
finish_waiters (PbGraph *self)
{
  g_autoptr(GPtrArray) waiters = NULL;

  if (!pb_graph_get_ready (self) || self->waiters->len == 0)
    return;

  waiters = g_steal_pointer (&self->waiters);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    g_task_return_boolean (g_ptr_array_index (waiters, i), TRUE);
}

static void
recompute (PbGraph *self)
{
  g_autoptr(GPtrArray) links = model_items (G_LIST_MODEL (self->links));
  g_autoptr(GPtrArray) ports = model_items (G_LIST_MODEL (self->ports));
  g_autoptr(GPtrArray) drives = model_items (G_LIST_MODEL (self->drives));
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) drive_routes = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) routes = NULL;
  PbServer *server = self->links ? pb_link_source_get_server (self->links) : NULL;
  PbGraphFacts facts = { links, ports, drives, parents, bases, drive_routes };
  gint64 begin = g_get_monotonic_time ();

  unwatch_all (self);

  for (guint i = 0; i < links->len; i++)
    {
      PbConnection *link = g_ptr_array_index (links, i);

      g_hash_table_add (listed, (gpointer)pb_connection_get_handle (link));
      /* A link that comes up carries its drives again (restore with link). */
      watch (self, link, "notify::state");
    }

  routes = collect_routes (self, listed);
  collect_link_facts (links, parents, bases);

  /* Drives are this computer's: a remote server's routes say nothing of
   * how they are reached. */
  if (server != NULL && pb_server_is_local (server))
    for (guint i = 0; i < drives->len; i++)
      {
        PbConnection *drive = g_ptr_array_index (drives, i);
        g_autofree char *host = pb_graph_dup_host (pb_connection_get_remote_name (drive));
        GPtrArray *addresses = host ? addresses_for (self, host) : NULL;

        for (guint j = 0; addresses != NULL && j < addresses->len; j++)
          {
            const PbGraphRoute *route = pb_graph_routes_lookup (routes, g_ptr_array_index (addresses, j));

            if (route != NULL)
              {
                g_hash_table_insert (drive_routes, drive, (gpointer)route);
                break;
              }
          }
      }

  g_clear_pointer (&self->via, g_hash_table_unref);
  self->via = pb_graph_build_edges (&facts);

  g_clear_pointer (&self->carries, g_hash_table_unref);
  self->carries = pb_graph_invert_edges (self->via);

  /* The figure tests/bench/bench-graph.py reads. */
  g_debug ("Graph of %u links, %u ports, %u drives (%u routes) computed in %.2f ms",
           links->len, ports->len, drives->len, routes->len, (g_get_monotonic_time () - begin) / 1000.0);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
recompute_idle (gpointer user_data)
{
  PbGraph *self = user_data;

  self->idle_id = 0;
  recompute (self);
  finish_waiters (self);

  return G_SOURCE_REMOVE;
}

/* Many changes come together (a link going takes its devices, ports and
 * routes with it): one computation after them all. */
static void
schedule (PbGraph *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, recompute_idle, self, NULL);
}

static void
on_links_changed (PbGraph *self)
{
  GHashTableIter iter;
  gpointer value;

  /* A name that did not resolve may resolve on the new link. */
  g_hash_table_iter_init (&iter, self->addresses);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((GPtrArray *)value)->len == 0)
      g_hash_table_iter_remove (&iter);

  schedule (self);
}

/* --------------------------------------------------------------- GObject */

static void
disconnect_sources (PbGraph *self)
{
  if (self->links != NULL)
    g_signal_handlers_disconnect_by_data (self->links, self);
  if (self->ports != NULL)
    g_signal_handlers_disconnect_by_data (self->ports, self);
  if (self->drives != NULL)
    g_signal_handlers_disconnect_by_data (self->drives, self);
}

static void
pb_graph_dispose (GObject *object)
{
  PbGraph *self = (PbGraph *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  unwatch_all (self);
  disconnect_sources (self);
  g_clear_object (&self->links);
  g_clear_object (&self->ports);
  g_clear_object (&self->drives);
  if (self->via != NULL)
    g_hash_table_remove_all (self->via);
  g_hash_table_remove_all (self->carries);

  G_OBJECT_CLASS (pb_graph_parent_class)->dispose (object);
}

static void
pb_graph_finalize (GObject *object)
{
  PbGraph *self = (PbGraph *)object;

  g_clear_pointer (&self->via, g_hash_table_unref);
  g_clear_pointer (&self->carries, g_hash_table_unref);
  g_clear_pointer (&self->addresses, g_hash_table_unref);
  g_clear_pointer (&self->resolving, g_hash_table_unref);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pb_graph_parent_class)->finalize (object);
}

static void
pb_graph_class_init (PbGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_graph_dispose;
  object_class->finalize = pb_graph_finalize;

  /**
   * PbGraph::changed:
   *
   * The edges were computed again.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pb_graph_init (PbGraph *self)
{
  self->via = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify)g_ptr_array_unref);
  self->carries = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify)g_ptr_array_unref);
  self->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  self->resolving = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

/* ------------------------------------------------------------------ API */

/**
 * pb_graph_new:
 *
 * Returns: (transfer full): an empty graph; give it its sources with
 *   pb_graph_set_sources()
 */
PbGraph *
pb_graph_new (void)
{
  return g_object_new (PB_TYPE_GRAPH, NULL);
}

/**
 * pb_graph_set_sources:
 * @links: (nullable):
 * @ports: (nullable):
 * @drives: (nullable):
 *
 * The sources the graph follows; called again as each one loads.
 */
void
pb_graph_set_sources (PbGraph       *self,
                      PbLinkSource  *links,
                      PbPortSource  *ports,
                      PbDriveSource *drives)
{
  g_return_if_fail (PB_IS_GRAPH (self));

  disconnect_sources (self);
  g_set_object (&self->links, links);
  g_set_object (&self->ports, ports);
  g_set_object (&self->drives, drives);

  if (links != NULL)
    g_signal_connect_object (links, "items-changed", G_CALLBACK (on_links_changed), self, G_CONNECT_SWAPPED);
  if (ports != NULL)
    g_signal_connect_object (ports, "items-changed", G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);
  if (drives != NULL)
    g_signal_connect_object (drives, "items-changed", G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);

  schedule (self);
}

/**
 * pb_graph_get_ready:
 *
 * Returns: whether the edges are current: nothing waits to be computed and
 *   no server name is being resolved
 */
gboolean
pb_graph_get_ready (PbGraph *self)
{
  g_return_val_if_fail (PB_IS_GRAPH (self), FALSE);

  return self->idle_id == 0 && g_hash_table_size (self->resolving) == 0;
}

/**
 * pb_graph_get_via:
 *
 * Returns: (transfer none) (nullable) (element-type PbConnection): the rows
 *   @item rides on
 */
GPtrArray *
pb_graph_get_via (PbGraph      *self,
                  PbConnection *item)
{
  g_return_val_if_fail (PB_IS_GRAPH (self), NULL);
  g_return_val_if_fail (PB_IS_CONNECTION (item), NULL);

  return g_hash_table_lookup (self->via, item);
}

/**
 * pb_graph_get_carries:
 *
 * Returns: (transfer none) (nullable) (element-type PbConnection): the rows
 *   that ride on @item
 */
GPtrArray *
pb_graph_get_carries (PbGraph      *self,
                      PbConnection *item)
{
  g_return_val_if_fail (PB_IS_GRAPH (self), NULL);
  g_return_val_if_fail (PB_IS_CONNECTION (item), NULL);

  return g_hash_table_lookup (self->carries, item);
}

static void
collect_drives (PbGraph      *self,
                PbConnection *item,
                GPtrArray    *drives,
                GHashTable   *seen)
{
  GPtrArray *carried = g_hash_table_lookup (self->carries, item);

  if (!g_hash_table_add (seen, item))
    return;

  for (guint i = 0; carried != NULL && i < carried->len; i++)
    {
      PbConnection *next = g_ptr_array_index (carried, i);

      if (pb_connection_get_kind (next) == PB_CONNECTION_KIND_DRIVE)
        {
          if (!g_ptr_array_find (drives, next, NULL))
            g_ptr_array_add (drives, g_object_ref (next));
        }
      else
        collect_drives (self, next, drives, seen);
    }
}

/**
 * pb_graph_dup_riding_drives:
 * @item: a link or a port
 *
 * The drives that go down with @item: those that ride on it, and those that
 * ride on a link riding on it (a VPN over the port), connected or not.
 *
 * Returns: (transfer container) (element-type PbConnection): the drives
 */
GPtrArray *
pb_graph_dup_riding_drives (PbGraph      *self,
                            PbConnection *item)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GPtrArray *drives = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (PB_IS_GRAPH (self), drives);
  g_return_val_if_fail (PB_IS_CONNECTION (item), drives);

  collect_drives (self, item, drives, seen);

  return drives;
}

/**
 * pb_graph_dup_related:
 *
 * What stands or falls with @item: the rows it rides on and the rows that
 * ride on it, directly or through others (a drive through its VPN on a
 * port), for a front end that shows them together.
 *
 * Returns: (transfer full) (element-type PbConnection PbGraphRelation):
 *   each related row → its #PbGraphRelation to @item, as
 *   GUINT_TO_POINTER(); @item itself is not in it
 */
GHashTable *
pb_graph_dup_related (PbGraph      *self,
                      PbConnection *item)
{
  g_return_val_if_fail (PB_IS_GRAPH (self), NULL);
  g_return_val_if_fail (PB_IS_CONNECTION (item), NULL);

  return pb_graph_collect_related (self->via, self->carries, item);
}

/**
 * pb_graph_flush:
 *
 * Computes the edges now if a computation is waiting for its idle, without
 * waiting for server names still being resolved: for a caller that must not
 * wait (a hang-up that keeps its drives only reports them).
 */
void
pb_graph_flush (PbGraph *self)
{
  g_return_if_fail (PB_IS_GRAPH (self));

  if (self->idle_id == 0)
    return;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  recompute (self);
  finish_waiters (self);
}

/**
 * pb_graph_wait_async:
 *
 * Completes once the graph is current (pb_graph_get_ready()): for a front
 * end that prints the edges once, like the CLI.
 */
void
pb_graph_wait_async (PbGraph             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PB_IS_GRAPH (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_graph_wait_async);

  if (pb_graph_get_ready (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->waiters, g_steal_pointer (&task));
}

gboolean
pb_graph_wait_finish (PbGraph       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (PB_IS_GRAPH (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
