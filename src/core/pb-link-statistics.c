/* pb-link-statistics.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-connection.h"
#include "pb-link-statistics-private.h"
#include "pb-row-store.h"

/* The traffic of each link, from NetworkManager's device statistics
 * (org.freedesktop.NetworkManager.Device.Statistics, which libnm does not
 * wrap). NetworkManager refreshes a device's counters only when a client set
 * its RefreshRateMs: while someone holds the statistics this asks for a
 * refresh each second on the devices of the links, listens to the counters'
 * PropertiesChanged, and when let go puts back the rate it found where the
 * rate is still ours (another client may have set its own since). Nothing
 * runs while nobody holds it.
 *
 * A link's traffic is the sum over its devices. NetworkManager counts a
 * device's IP interface (ppp0 for a PPPoE or dial-up link), so that is the
 * link's; a VPN's devices are the ones it rides on, whose traffic is not the
 * VPN's, so a VPN's stays unknown. */

#define STATISTICS_IFACE "org.freedesktop.NetworkManager.Device.Statistics"
#define NM_NAME          "org.freedesktop.NetworkManager"
#define REFRESH_MS       1000

typedef struct
{
  gint64   rx_bytes;
  gint64   tx_bytes;
  guint32  rate;          /* as last seen */
  guint32  rate_before;   /* what we found, when we set ours */
  guint    known : 1;
  guint    rate_ours : 1;
} DeviceCounters;

struct _PbLinkStatistics
{
  /* Borrowed: the links, which own this */
  GListModel      *links;

  /* Owned */
  GDBusConnection *bus;
  GHashTable      *devices;   /* object path → DeviceCounters */
  GCancellable    *cancellable;
  guint            subscription;
};

static const char *
bus_name (PbLinkStatistics *self)
{
  /* A connection to a message bus addresses the daemon by its name; the
   * SSH bridge's peer connection has no bus in between. */
  return g_dbus_connection_get_unique_name (self->bus) != NULL ? NM_NAME : NULL;
}

/* The links' counters from their devices': -1 for what is not known. */
static void
publish (PbLinkStatistics *self)
{
  guint n = g_list_model_get_n_items (self->links);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) link = g_list_model_get_item (self->links, i);
      GObject *backend = pb_connection_get_backend (link);
      const GPtrArray *devices;
      gint64 rx = 0, tx = 0;
      gboolean known;

      if (!NM_IS_ACTIVE_CONNECTION (backend))
        continue;
      devices = nm_active_connection_get_devices (NM_ACTIVE_CONNECTION (backend));
      known = !nm_active_connection_get_vpn (NM_ACTIVE_CONNECTION (backend)) && devices != NULL && devices->len > 0;
      for (guint d = 0; known && d < devices->len; d++)
        {
          DeviceCounters *counters = g_hash_table_lookup (self->devices,
                                                          nm_object_get_path (g_ptr_array_index (devices, d)));

          known = counters != NULL && counters->known;
          if (known)
            {
              rx += counters->rx_bytes;
              tx += counters->tx_bytes;
            }
        }
      pb_connection_set_traffic (link, known ? rx : -1, known ? tx : -1);
    }
}

static void
set_rate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GApplication) application = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);

  if (application != NULL)
    g_application_release (application);
}

/* A rate put back as the program quits must still reach NetworkManager: the
 * application (if this runs in one) stays until it has answered. */
static void
set_rate (PbLinkStatistics *self,
          const char       *path,
          guint32           rate,
          GCancellable     *cancellable)
{
  GApplication *application = g_application_get_default ();

  if (application != NULL)
    g_application_hold (g_object_ref (application));
  g_dbus_connection_call (self->bus, bus_name (self), path, "org.freedesktop.DBus.Properties", "Set",
                          g_variant_new ("(ssv)", STATISTICS_IFACE, "RefreshRateMs", g_variant_new_uint32 (rate)),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, cancellable, set_rate_cb, application);
}

/* Takes what a GetAll or a PropertiesChanged says. Counters that
 * NetworkManager does not refresh (rate 0: another client turned it off, or
 * we were not allowed to turn it on) would be stale: they are not shown. */
static void
take (PbLinkStatistics *self,
      DeviceCounters   *counters,
      GVariant         *properties)
{
  guint64 bytes;

  g_variant_lookup (properties, "RefreshRateMs", "u", &counters->rate);
  if (g_variant_lookup (properties, "RxBytes", "t", &bytes))
    counters->rx_bytes = (gint64)MIN (bytes, (guint64)G_MAXINT64);
  if (g_variant_lookup (properties, "TxBytes", "t", &bytes))
    counters->tx_bytes = (gint64)MIN (bytes, (guint64)G_MAXINT64);
  counters->known = counters->rate != 0;
}

typedef struct
{
  PbLinkStatistics *self;
  char             *path;
} GetAllData;

static void
get_all_data_free (GetAllData *data)
{
  g_free (data->path);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GetAllData, get_all_data_free)

/* A reply after the statistics were let go ends CANCELLED (their
 * cancellable), so self is alive here; a device dropped since is not in the
 * table any more. */
static void
get_all_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GetAllData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  g_autoptr(GVariant) properties = NULL;
  PbLinkStatistics *self = data->self;
  const char *path = data->path;
  DeviceCounters *counters;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (counters = g_hash_table_lookup (self->devices, path)) == NULL)
    return;
  if (reply == NULL)
    {
      g_debug ("No statistics for %s: %s", path, error->message);
      return;
    }

  g_variant_get (reply, "(@a{sv})", &properties);
  take (self, counters, properties);
  if (counters->rate == 0 || counters->rate > REFRESH_MS)
    {
      counters->rate_before = counters->rate;
      counters->rate_ours = TRUE;
      set_rate (self, path, REFRESH_MS, self->cancellable);
    }
  publish (self);
}

static void
on_properties_changed (GDBusConnection *bus,
                       const char      *sender,
                       const char      *path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  PbLinkStatistics *self = user_data;
  DeviceCounters *counters = g_hash_table_lookup (self->devices, path);
  g_autoptr(GVariant) changed = NULL;

  if (counters == NULL || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sa{sv}as)")))
    return;

  g_variant_get (parameters, "(&s@a{sv}@as)", NULL, &changed, NULL);
  take (self, counters, changed);
  publish (self);
}

static void
watch_device (PbLinkStatistics *self,
              const char       *path)
{
  GetAllData *data = g_new0 (GetAllData, 1);

  data->self = self;
  data->path = g_strdup (path);
  g_hash_table_insert (self->devices, g_strdup (path), g_new0 (DeviceCounters, 1));
  g_dbus_connection_call (self->bus, bus_name (self), path, "org.freedesktop.DBus.Properties", "GetAll",
                          g_variant_new ("(s)", STATISTICS_IFACE), G_VARIANT_TYPE ("(a{sv})"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, get_all_cb, data);
}

/**
 * pb_link_statistics_update:
 * @self: the statistics
 *
 * The links or their devices changed: watches the devices that are new,
 * forgets the ones no link has any more, and tells each link its traffic.
 */
void
pb_link_statistics_update (PbLinkStatistics *self)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (self->links);
  GHashTableIter iter;
  const char *path;
  DeviceCounters *counters;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) link = g_list_model_get_item (self->links, i);
      GObject *backend = pb_connection_get_backend (link);
      const GPtrArray *devices;

      if (!NM_IS_ACTIVE_CONNECTION (backend) || nm_active_connection_get_vpn (NM_ACTIVE_CONNECTION (backend)))
        continue;
      devices = nm_active_connection_get_devices (NM_ACTIVE_CONNECTION (backend));
      for (guint d = 0; devices != NULL && d < devices->len; d++)
        g_hash_table_add (wanted, (gpointer)nm_object_get_path (g_ptr_array_index (devices, d)));
    }

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, (gpointer *)&path, (gpointer *)&counters))
    if (!g_hash_table_contains (wanted, path))
      {
        /* A device that left its link: its rate is put back now, as it
         * would be when the statistics are let go. */
        if (counters->rate_ours && counters->rate == REFRESH_MS)
          set_rate (self, path, counters->rate_before, NULL);
        g_hash_table_iter_remove (&iter);
      }

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, (gpointer *)&path, NULL))
    if (!g_hash_table_contains (self->devices, path))
      watch_device (self, path);

  publish (self);
}

/**
 * pb_link_statistics_new:
 * @links: (transfer none): the link source's rows, which outlive this
 * @client: the server's NetworkManager client
 *
 * Returns: (transfer full): statistics that keep @links' traffic current
 *   until pb_link_statistics_free()
 */
PbLinkStatistics *
pb_link_statistics_new (GListModel *links,
                        NMClient   *client)
{
  PbLinkStatistics *self = g_new0 (PbLinkStatistics, 1);

  self->links = links;
  self->bus = g_object_ref (nm_client_get_dbus_connection (client));
  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->subscription = g_dbus_connection_signal_subscribe (self->bus, bus_name (self),
                                                           "org.freedesktop.DBus.Properties",
                                                           "PropertiesChanged", NULL, STATISTICS_IFACE,
                                                           G_DBUS_SIGNAL_FLAGS_NONE, on_properties_changed,
                                                           self, NULL);
  pb_link_statistics_update (self);

  return self;
}

/**
 * pb_link_statistics_free:
 * @self: the statistics
 *
 * Stops following the counters, puts back each refresh rate that is still the
 * one set here, and leaves the links' traffic unknown.
 */
void
pb_link_statistics_free (PbLinkStatistics *self)
{
  GHashTableIter iter;
  const char *path;
  DeviceCounters *counters;
  guint n = g_list_model_get_n_items (self->links);

  g_cancellable_cancel (self->cancellable);
  g_dbus_connection_signal_unsubscribe (self->bus, self->subscription);

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, (gpointer *)&path, (gpointer *)&counters))
    {
      if (counters->rate_ours && counters->rate == REFRESH_MS && !g_dbus_connection_is_closed (self->bus))
        set_rate (self, path, counters->rate_before, NULL);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) link = g_list_model_get_item (self->links, i);

      pb_connection_set_traffic (link, -1, -1);
    }

  g_hash_table_unref (self->devices);
  g_object_unref (self->cancellable);
  g_object_unref (self->bus);
  g_free (self);
}
