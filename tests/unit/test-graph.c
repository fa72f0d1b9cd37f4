/* test-graph.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plugboard.h"
#include "pb-graph-private.h"

/* The pure parts of the graph: which route a server's address takes, and
 * which edges the facts make. */

static const PbGraphRoute *
lookup (GPtrArray  *routes,
        const char *address)
{
  g_autoptr(GInetAddress) parsed = g_inet_address_new_from_string (address);

  g_assert_nonnull (parsed);
  return pb_graph_routes_lookup (routes, parsed);
}

static void
add_route (GPtrArray  *routes,
           const char *dest,
           guint       prefix,
           gint64      metric,
           const char *link,
           const char *iface)
{
  PbGraphRoute *route = pb_graph_route_new (dest, prefix, metric, link, iface);

  g_assert_nonnull (route);
  g_ptr_array_add (routes, route);
}

static void
test_route_longest_prefix (void)
{
  g_autoptr(GPtrArray) routes = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_graph_route_free);
  const PbGraphRoute *route;

  add_route (routes, "0.0.0.0", 0, 100, NULL, "eth0");
  add_route (routes, "10.8.0.0", 24, 50, "7", NULL);
  add_route (routes, "192.168.1.0", 24, 100, NULL, "eth0");

  /* Through the tunnel: its /24 beats the default route, metric aside. */
  route = lookup (routes, "10.8.0.1");
  g_assert_nonnull (route);
  g_assert_cmpstr (route->link, ==, "7");

  route = lookup (routes, "192.168.1.20");
  g_assert_cmpstr (route->iface, ==, "eth0");
  g_assert_null (route->link);

  /* Elsewhere: the default route. */
  route = lookup (routes, "198.51.100.4");
  g_assert_cmpint (g_inet_address_mask_get_length (route->dest), ==, 0);

  /* No IPv6 route at all. */
  g_assert_null (lookup (routes, "2001:db8::1"));
}

static void
test_route_metric_and_owner (void)
{
  g_autoptr(GPtrArray) routes = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_graph_route_free);

  add_route (routes, "0.0.0.0", 0, 600, NULL, "wlan0");
  add_route (routes, "0.0.0.0", 0, 100, NULL, "eth0");
  g_assert_cmpstr (lookup (routes, "203.0.113.9")->iface, ==, "eth0");

  /* Between equals, the link that owns its route (a VPN's). */
  add_route (routes, "0.0.0.0", 0, 100, "12", NULL);
  g_assert_cmpstr (lookup (routes, "203.0.113.9")->link, ==, "12");
}

static void
test_route_host_bits (void)
{
  g_autoptr(GPtrArray) routes = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_graph_route_free);

  /* An address on a device, host bits and all, is a route to its subnet. */
  add_route (routes, "10.8.0.2", 24, 0, "3", "tun0");
  add_route (routes, "fd00:1::5", 64, 0, NULL, "eth1");
  g_assert_cmpstr (lookup (routes, "10.8.0.77")->link, ==, "3");
  g_assert_null (lookup (routes, "10.8.1.1"));
  g_assert_cmpstr (lookup (routes, "fd00:1::ffff")->iface, ==, "eth1");

  g_assert_null (pb_graph_route_new ("not an address", 24, 0, NULL, NULL));
  g_assert_null (pb_graph_route_new ("10.0.0.0", 33, 0, NULL, NULL));
}

static void
test_host (void)
{
  g_autofree char *a = pb_graph_dup_host ("smb://files.example/share");
  g_autofree char *b = pb_graph_dup_host ("sftp://user@[fd00::1]:2222/home");
  g_autofree char *c = pb_graph_dup_host ("smb://10.8.0.1/team");
  g_autofree char *d = pb_graph_dup_host ("/mnt/local");

  g_assert_cmpstr (a, ==, "files.example");
  g_assert_cmpstr (b, ==, "fd00::1");
  g_assert_cmpstr (c, ==, "10.8.0.1");
  g_assert_null (d);
}

static PbConnection *
new_link (const char *handle,
          const char *device)
{
  PbConnection *link = pb_connection_new (PB_CONNECTION_KIND_LINK, NULL);
  const char *devices[] = { device, NULL };

  pb_connection_set_handle (link, handle);
  pb_connection_set_devices (link, device ? devices : NULL);

  return link;
}

static PbConnection *
new_port (const char *name)
{
  PbConnection *port = pb_connection_new (PB_CONNECTION_KIND_PORT, NULL);

  pb_connection_set_name (port, name);

  return port;
}

static PbConnection *
new_drive (const char *local_name)
{
  PbConnection *drive = pb_connection_new (PB_CONNECTION_KIND_DRIVE, NULL);

  pb_connection_set_local_name (drive, local_name);

  return drive;
}

static gboolean
rides_on (GHashTable   *via,
          PbConnection *from,
          PbConnection *to)
{
  GPtrArray *list = g_hash_table_lookup (via, from);

  return list != NULL && g_ptr_array_find (list, to, NULL);
}

static void
test_edges (void)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) drives = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) parents = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) bases = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) drive_routes = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) via = NULL;
  g_autoptr(PbGraphRoute) tunnel = pb_graph_route_new ("10.8.0.0", 24, 50, "20", "tun0");
  g_autoptr(PbGraphRoute) lan = pb_graph_route_new ("192.168.1.0", 24, 100, NULL, "eth0");
  g_autoptr(PbGraphRoute) gone = pb_graph_route_new ("0.0.0.0", 0, 100, "99", "wwan9");
  PbGraphFacts facts = { links, ports, drives, parents, bases, drive_routes };
  PbConnection *gsm, *vpn, *pppoe, *ttyusb0, *eth0, *eth1, *team, *lan_share, *nowhere;

  g_ptr_array_add (links, gsm = new_link ("10", "ttyUSB0"));
  g_ptr_array_add (links, vpn = new_link ("20", "eth0"));
  g_ptr_array_add (links, pppoe = new_link ("30", "ppp0"));
  g_ptr_array_add (ports, ttyusb0 = new_port ("ttyUSB0"));
  g_ptr_array_add (ports, eth0 = new_port ("eth0"));
  g_ptr_array_add (ports, eth1 = new_port ("eth1"));
  g_ptr_array_add (drives, team = new_drive ("Team"));
  g_ptr_array_add (drives, lan_share = new_drive ("Lan"));
  g_ptr_array_add (drives, nowhere = new_drive ("Nowhere"));

  g_hash_table_insert (parents, "30", "eth1");
  g_hash_table_insert (bases, "20", "10");
  g_hash_table_insert (drive_routes, team, tunnel);
  g_hash_table_insert (drive_routes, lan_share, lan);
  g_hash_table_insert (drive_routes, nowhere, gone);

  via = pb_graph_build_edges (&facts);

  /* A link on its device; a PPPoE link on its parent even though its own
   * device (ppp0) is no port; a VPN on its base device and its base link. */
  g_assert_true (rides_on (via, gsm, ttyusb0));
  g_assert_true (rides_on (via, pppoe, eth1));
  g_assert_true (rides_on (via, vpn, eth0));
  g_assert_true (rides_on (via, vpn, gsm));
  g_assert_cmpuint (((GPtrArray *)g_hash_table_lookup (via, vpn))->len, ==, 2);

  /* A drive on the link its route belongs to, or else on the port it
   * leaves by; a route whose link and device are gone carries nothing. */
  g_assert_true (rides_on (via, team, vpn));
  g_assert_cmpuint (((GPtrArray *)g_hash_table_lookup (via, team))->len, ==, 1);
  g_assert_true (rides_on (via, lan_share, eth0));
  g_assert_false (g_hash_table_contains (via, nowhere));

  /* Ports ride on nothing. */
  g_assert_false (g_hash_table_contains (via, eth0));
}

static PbGraphRelation
relation (GHashTable   *related,
          PbConnection *row)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (related, row));
}

/* A drive through its VPN, on a link, on a port: each row sees the whole
 * chain above and below it, and nothing beside it. */
static void
test_related (void)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) drives = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) bases = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) drive_routes = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) via = NULL;
  g_autoptr(GHashTable) carries = NULL;
  g_autoptr(GHashTable) related = NULL;
  g_autoptr(PbGraphRoute) tunnel = pb_graph_route_new ("10.8.0.0", 24, 50, "20", "tun0");
  g_autoptr(PbGraphRoute) mobile = pb_graph_route_new ("198.51.100.0", 24, 50, "30", "ttyUSB0");
  PbGraphFacts facts = { links, ports, drives, NULL, bases, drive_routes };
  PbConnection *wired, *vpn, *gsm, *eth0, *ttyusb0, *eth1, *team, *archive;

  g_ptr_array_add (links, wired = new_link ("10", "eth0"));
  g_ptr_array_add (links, vpn = new_link ("20", "eth0"));
  g_ptr_array_add (links, gsm = new_link ("30", "ttyUSB0"));
  g_ptr_array_add (ports, eth0 = new_port ("eth0"));
  g_ptr_array_add (ports, ttyusb0 = new_port ("ttyUSB0"));
  g_ptr_array_add (ports, eth1 = new_port ("eth1"));
  g_ptr_array_add (drives, team = new_drive ("Team"));
  g_ptr_array_add (drives, archive = new_drive ("Archive"));
  g_hash_table_insert (bases, "20", "10");
  g_hash_table_insert (drive_routes, team, tunnel);
  g_hash_table_insert (drive_routes, archive, mobile);

  via = pb_graph_build_edges (&facts);
  carries = pb_graph_invert_edges (via);
  g_assert_true (rides_on (carries, vpn, team));
  g_assert_true (rides_on (carries, eth0, wired));
  g_assert_true (rides_on (carries, eth0, vpn));

  /* The VPN: the port and the link under it, the drive on it. */
  related = pb_graph_collect_related (via, carries, vpn);
  g_assert_cmpuint (g_hash_table_size (related), ==, 3);
  g_assert_cmpint (relation (related, eth0), ==, PB_GRAPH_RELATION_CARRIES);
  g_assert_cmpint (relation (related, wired), ==, PB_GRAPH_RELATION_CARRIES);
  g_assert_cmpint (relation (related, team), ==, PB_GRAPH_RELATION_RIDES_ON);
  g_clear_pointer (&related, g_hash_table_unref);

  /* The drive: its VPN, and through it the link and the port. */
  related = pb_graph_collect_related (via, carries, team);
  g_assert_cmpuint (g_hash_table_size (related), ==, 3);
  g_assert_cmpint (relation (related, vpn), ==, PB_GRAPH_RELATION_CARRIES);
  g_assert_cmpint (relation (related, wired), ==, PB_GRAPH_RELATION_CARRIES);
  g_assert_cmpint (relation (related, eth0), ==, PB_GRAPH_RELATION_CARRIES);
  g_clear_pointer (&related, g_hash_table_unref);

  /* The port: everything on it, once each, though the VPN is reached both
   * directly and through its base link; the VPN's drive too. Not the other
   * port's link or drive. */
  related = pb_graph_collect_related (via, carries, eth0);
  g_assert_cmpuint (g_hash_table_size (related), ==, 3);
  g_assert_cmpint (relation (related, wired), ==, PB_GRAPH_RELATION_RIDES_ON);
  g_assert_cmpint (relation (related, vpn), ==, PB_GRAPH_RELATION_RIDES_ON);
  g_assert_cmpint (relation (related, team), ==, PB_GRAPH_RELATION_RIDES_ON);
  g_assert_cmpint (relation (related, gsm), ==, PB_GRAPH_RELATION_NONE);
  g_assert_cmpint (relation (related, archive), ==, PB_GRAPH_RELATION_NONE);
  g_clear_pointer (&related, g_hash_table_unref);

  /* The base link: its port below, the VPN and its drive above; not the
   * drive of the other link. */
  related = pb_graph_collect_related (via, carries, wired);
  g_assert_cmpuint (g_hash_table_size (related), ==, 3);
  g_assert_cmpint (relation (related, eth0), ==, PB_GRAPH_RELATION_CARRIES);
  g_assert_cmpint (relation (related, vpn), ==, PB_GRAPH_RELATION_RIDES_ON);
  g_assert_cmpint (relation (related, team), ==, PB_GRAPH_RELATION_RIDES_ON);
  g_clear_pointer (&related, g_hash_table_unref);

  /* A port that carries nothing is related to nothing. */
  related = pb_graph_collect_related (via, carries, eth1);
  g_assert_cmpuint (g_hash_table_size (related), ==, 0);
}

/* A loop (which NetworkManager never reports, but a graph must survive)
 * ends the walk; the row itself is never its own relation. */
static void
test_related_loop (void)
{
  g_autoptr(GHashTable) via = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GHashTable) carries = NULL;
  g_autoptr(GHashTable) related = NULL;
  g_autoptr(PbConnection) a = new_link ("1", NULL);
  g_autoptr(PbConnection) b = new_link ("2", NULL);
  GPtrArray *list;

  list = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (list, g_object_ref (b));
  g_hash_table_insert (via, g_object_ref (a), list);
  list = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (list, g_object_ref (a));
  g_hash_table_insert (via, g_object_ref (b), list);
  carries = pb_graph_invert_edges (via);

  related = pb_graph_collect_related (via, carries, a);
  g_assert_cmpuint (g_hash_table_size (related), ==, 1);
  g_assert_cmpint (relation (related, b), ==, PB_GRAPH_RELATION_CARRIES | PB_GRAPH_RELATION_RIDES_ON);
}

static void
test_graph_empty (void)
{
  g_autoptr(PbGraph) graph = pb_graph_new ();
  g_autoptr(PbConnection) link = new_link ("1", "ttyUSB0");
  g_autoptr(GPtrArray) drives = NULL;
  g_autoptr(GHashTable) related = NULL;

  g_assert_null (pb_graph_get_via (graph, link));
  g_assert_null (pb_graph_get_carries (graph, link));
  drives = pb_graph_dup_riding_drives (graph, link);
  g_assert_cmpuint (drives->len, ==, 0);
  related = pb_graph_dup_related (graph, link);
  g_assert_cmpuint (g_hash_table_size (related), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/route/longest-prefix", test_route_longest_prefix);
  g_test_add_func ("/graph/route/metric-and-owner", test_route_metric_and_owner);
  g_test_add_func ("/graph/route/host-bits", test_route_host_bits);
  g_test_add_func ("/graph/host", test_host);
  g_test_add_func ("/graph/edges", test_edges);
  g_test_add_func ("/graph/related", test_related);
  g_test_add_func ("/graph/related/loop", test_related_loop);
  g_test_add_func ("/graph/empty", test_graph_empty);

  return g_test_run ();
}
