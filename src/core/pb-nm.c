/* pb-nm.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-nm-private.h"

/* The lower-case names are the `state` values of the CLI's JSON: scripts
 * compare them, so they follow nmcli's words and never change. */

const char *
pb_nm_active_state_name (NMActiveConnectionState state)
{
  switch (state)
    {
    case NM_ACTIVE_CONNECTION_STATE_ACTIVATING:   return "activating";
    case NM_ACTIVE_CONNECTION_STATE_ACTIVATED:    return "activated";
    case NM_ACTIVE_CONNECTION_STATE_DEACTIVATING: return "deactivating";
    case NM_ACTIVE_CONNECTION_STATE_DEACTIVATED:  return "deactivated";
    case NM_ACTIVE_CONNECTION_STATE_UNKNOWN:
    default:                                      return "unknown";
    }
}

const char *
pb_nm_device_state_name (NMDeviceState state)
{
  switch (state)
    {
    case NM_DEVICE_STATE_UNMANAGED:    return "unmanaged";
    case NM_DEVICE_STATE_UNAVAILABLE:  return "unavailable";
    case NM_DEVICE_STATE_DISCONNECTED: return "disconnected";
    case NM_DEVICE_STATE_PREPARE:      return "prepare";
    case NM_DEVICE_STATE_CONFIG:       return "config";
    case NM_DEVICE_STATE_NEED_AUTH:    return "need-auth";
    case NM_DEVICE_STATE_IP_CONFIG:    return "ip-config";
    case NM_DEVICE_STATE_IP_CHECK:     return "ip-check";
    case NM_DEVICE_STATE_SECONDARIES:  return "secondaries";
    case NM_DEVICE_STATE_ACTIVATED:    return "activated";
    case NM_DEVICE_STATE_DEACTIVATING: return "deactivating";
    case NM_DEVICE_STATE_FAILED:       return "failed";
    case NM_DEVICE_STATE_UNKNOWN:
    default:                           return "unknown";
    }
}

const char *
pb_nm_device_type_name (NMDevice *device)
{
  switch (nm_device_get_device_type (device))
    {
    case NM_DEVICE_TYPE_ETHERNET:  return "ethernet";
    case NM_DEVICE_TYPE_WIFI:      return "wifi";
    case NM_DEVICE_TYPE_BT:        return "bluetooth";
    case NM_DEVICE_TYPE_MODEM:     return "modem";
    case NM_DEVICE_TYPE_PPP:       return "ppp";
    case NM_DEVICE_TYPE_ADSL:      return "adsl";
    case NM_DEVICE_TYPE_WIREGUARD: return "wireguard";
    case NM_DEVICE_TYPE_TUN:       return "tun";
    case NM_DEVICE_TYPE_VLAN:      return "vlan";
    case NM_DEVICE_TYPE_BOND:      return "bond";
    case NM_DEVICE_TYPE_TEAM:      return "team";
    case NM_DEVICE_TYPE_BRIDGE:    return "bridge";
    default:                       return nm_device_get_type_description (device);
    }
}

/* Devices that exist to carry dial-up-style links are ports even while idle;
 * any other device (ethernet, wifi) is a port only while it carries a link. */
gboolean
pb_nm_device_is_carrier (NMDevice *device)
{
  switch (nm_device_get_device_type (device))
    {
    case NM_DEVICE_TYPE_MODEM:
    case NM_DEVICE_TYPE_PPP:
    case NM_DEVICE_TYPE_BT:
    case NM_DEVICE_TYPE_ADSL:
    case NM_DEVICE_TYPE_WIREGUARD:
      return TRUE;
    default:
      return FALSE;
    }
}

/* UNMANAGED up to DISCONNECTED: the device carries no link, which is where
 * a port disconnect ends (P3) and why one has nothing to do (P2). */
gboolean
pb_nm_device_state_is_down (NMDeviceState state)
{
  return state >= NM_DEVICE_STATE_UNMANAGED && state <= NM_DEVICE_STATE_DISCONNECTED;
}

/* A link's handle is the number at the end of its active connection's object
 * path, a dot, and a tag naming the NetworkManager run that numbered it:
 * "3.k7q2". NetworkManager never reuses those numbers while it runs, so a
 * handle dies with its activation (L3) even when the same profile comes up
 * again. A restarted NetworkManager counts from 1 again; the tag is what
 * tells its "3" from the dead daemon's. It is made from the daemon's unique
 * name on the bus, which a new daemon never shares with an old one while the
 * bus lives, and the bus's own id, which a restarted bus changes (unique
 * names are counted from scratch then). */
#define PB_NM_TAG_LENGTH 5

/* Crockford's base32, lowercased: no i, l, o or u to misread. */
static const char tag_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

char *
pb_nm_handle_tag (const char *bus_id,
                  const char *name_owner)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;
  guint64 bits = 0;
  char tag[PB_NM_TAG_LENGTH + 1];

  if (name_owner == NULL)
    return NULL;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)(bus_id ? bus_id : ""), -1);
  g_checksum_update (checksum, (const guchar *)"\n", 1);
  g_checksum_update (checksum, (const guchar *)name_owner, -1);
  g_checksum_get_digest (checksum, digest, &length);

  for (guint i = 0; i < 4; i++)
    bits = (bits << 8) | digest[i];
  for (guint i = 0; i < PB_NM_TAG_LENGTH; i++)
    tag[i] = tag_alphabet[(bits >> (5 * i)) & 31];
  tag[PB_NM_TAG_LENGTH] = '\0';

  return g_strdup (tag);
}

char *
pb_nm_handle_for_path (const char *tag,
                       const char *object_path)
{
  const char *slash;

  if (object_path == NULL)
    return NULL;

  slash = strrchr (object_path, '/');

  return g_strdup_printf ("%s.%s", slash ? slash + 1 : object_path, tag ? tag : "");
}

static gboolean
is_number (const char *text,
           gsize       length)
{
  if (length == 0 || length > 10)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

PbNmHandleForm
pb_nm_handle_parse (const char  *handle,
                    const char **tag)
{
  const char *dot;

  if (tag != NULL)
    *tag = NULL;
  if (handle == NULL)
    return PB_NM_HANDLE_MALFORMED;

  dot = strchr (handle, '.');
  if (dot == NULL)
    return is_number (handle, strlen (handle)) ? PB_NM_HANDLE_UNTAGGED : PB_NM_HANDLE_MALFORMED;
  if (!is_number (handle, dot - handle) || strlen (dot + 1) != PB_NM_TAG_LENGTH)
    return PB_NM_HANDLE_MALFORMED;
  for (const char *p = dot + 1; *p; p++)
    if (strchr (tag_alphabet, *p) == NULL)
      return PB_NM_HANDLE_MALFORMED;

  if (tag != NULL)
    *tag = dot + 1;

  return PB_NM_HANDLE_TAGGED;
}

gboolean
pb_nm_handle_is_valid (const char *handle)
{
  return pb_nm_handle_parse (handle, NULL) == PB_NM_HANDLE_TAGGED;
}

char **
pb_nm_active_device_names (NMActiveConnection *active)
{
  const GPtrArray *devices = nm_active_connection_get_devices (active);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      NMDevice *device = g_ptr_array_index (devices, i);
      const char *iface = nm_device_get_iface (device);

      if (iface != NULL)
        g_strv_builder_add (builder, iface);
    }

  return g_strv_builder_end (builder);
}

/* What the system says when it refuses the caller, whichever part refused:
 * NetworkManager's polkit checks or the bus policy. A bus that went away
 * mid-call means the server cannot be reached. Anything else is
 * NetworkManager's own failure, passed on with its message (EXTENDED). */
PbError
pb_nm_error_code (const GError *error)
{
  if (g_error_matches (error, NM_MANAGER_ERROR, NM_MANAGER_ERROR_PERMISSION_DENIED) ||
      g_error_matches (error, NM_SETTINGS_ERROR, NM_SETTINGS_ERROR_PERMISSION_DENIED) ||
      g_error_matches (error, NM_AGENT_MANAGER_ERROR, NM_AGENT_MANAGER_ERROR_PERMISSION_DENIED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_AUTH_FAILED))
    return PB_ERROR_ACCESS_DENIED;

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    return PB_ERROR_SERVER_UNREACHABLE;

  return PB_ERROR_EXTENDED;
}

/* NetworkManager's own words, without GDBus's "GDBus.Error:name: " prefix. */
char *
pb_nm_error_message (const GError *error)
{
  g_autoptr(GError) copy = g_error_copy (error);

  g_dbus_error_strip_remote_error (copy);

  return g_strdup (copy->message);
}

/* The device called @iface among @devices, or %NULL. */
NMDevice *
pb_nm_find_device (const GPtrArray *devices,
                   const char      *iface)
{
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    if (g_strcmp0 (nm_device_get_iface (g_ptr_array_index (devices, i)), iface) == 0)
      return g_ptr_array_index (devices, i);

  return NULL;
}

static void
notify_available (PbSource *source)
{
  g_object_notify (G_OBJECT (source), "available");
  g_object_notify (G_OBJECT (source), "status");
}

/* Whenever @server's NetworkManager starts or stops, @sync (called with
 * @source) brings the rows up to date, then #PbSource:available and :status
 * are announced. */
void
pb_nm_source_follow_server (PbSource *source,
                            PbServer *server,
                            GCallback sync)
{
  /* Handlers run in the order they were connected. */
  g_signal_connect_object (server, "notify::running", sync, source, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "notify::running", G_CALLBACK (notify_available), source,
                           G_CONNECT_SWAPPED);
}

/* Answers #PbSource:available or #PbSource:status (@pspec) from @server. */
void
pb_nm_source_get_property (PbServer   *server,
                           GParamSpec *pspec,
                           GValue     *value)
{
  if (g_str_equal (g_param_spec_get_name (pspec), "available"))
    g_value_set_boolean (value, pb_server_get_running (server));
  else
    g_value_set_string (value, pb_server_get_status (server));
}
