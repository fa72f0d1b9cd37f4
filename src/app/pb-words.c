/* pb-words.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <NetworkManager.h>

#include "pb-row-store.h"
#include "pb-words.h"

/* What the window says for the core's codes. The core keeps NetworkManager's
 * and GIO's own names ("gsm", "activated", "smb"), which the CLI prints and
 * scripts match; a person reading the window gets words in their language,
 * and an icon that says the same at a glance. */

typedef struct
{
  const char *code;
  const char *words;  /* N_() */
  const char *icon;
} Word;

static const Word link_types[] = {
  { "gsm", N_("Mobile broadband"), "pb-type-mobile-symbolic" },
  { "cdma", N_("Mobile broadband"), "pb-type-mobile-symbolic" },
  { "pppoe", N_("PPPoE"), "pb-type-dsl-symbolic" },
  { "bluetooth", N_("Bluetooth"), "pb-type-bluetooth-symbolic" },
  { "vpn", N_("VPN"), "pb-type-vpn-symbolic" },
  { "wireguard", N_("WireGuard"), "pb-type-vpn-symbolic" },
  { "802-3-ethernet", N_("Wired"), "pb-type-wired-symbolic" },
  { "802-11-wireless", N_("Wi-Fi"), "pb-type-wireless-symbolic" },
  { NULL }
};

static const Word port_types[] = {
  { "modem", N_("Modem"), "pb-type-modem-symbolic" },
  { "ppp", N_("PPP"), "pb-type-modem-symbolic" },
  { "adsl", N_("DSL"), "pb-type-dsl-symbolic" },
  { "bluetooth", N_("Bluetooth"), "pb-type-bluetooth-symbolic" },
  { "ethernet", N_("Wired"), "pb-type-wired-symbolic" },
  { "wifi", N_("Wi-Fi"), "pb-type-wireless-symbolic" },
  { "wireguard", N_("WireGuard"), "pb-type-vpn-symbolic" },
  { "tun", N_("Tunnel"), "pb-type-vpn-symbolic" },
  { "vlan", N_("VLAN"), "pb-type-wired-symbolic" },
  { "bond", N_("Bond"), "pb-type-wired-symbolic" },
  { "team", N_("Team"), "pb-type-wired-symbolic" },
  { "bridge", N_("Bridge"), "pb-type-wired-symbolic" },
  { NULL }
};

static const Word drive_types[] = {
  { "smb", N_("Windows share"), "pb-type-drive-symbolic" },
  { "cifs", N_("Windows share"), "pb-type-drive-symbolic" },
  { "smb3", N_("Windows share"), "pb-type-drive-symbolic" },
  { "sftp", N_("SSH"), "pb-type-drive-symbolic" },
  { "ssh", N_("SSH"), "pb-type-drive-symbolic" },
  { "fuse.sshfs", N_("SSH"), "pb-type-drive-symbolic" },
  { "dav", N_("WebDAV"), "pb-type-drive-symbolic" },
  { "webdav", N_("WebDAV"), "pb-type-drive-symbolic" },
  { "davs", N_("WebDAV"), "pb-type-drive-symbolic" },
  { "webdavs", N_("WebDAV"), "pb-type-drive-symbolic" },
  { "ftp", N_("FTP"), "pb-type-drive-symbolic" },
  { "ftps", N_("FTP"), "pb-type-drive-symbolic" },
  { "nfs", N_("NFS"), "pb-type-drive-symbolic" },
  { "nfs4", N_("NFS"), "pb-type-drive-symbolic" },
  { "afp", N_("Apple share"), "pb-type-drive-symbolic" },
  { NULL }
};

#define CONNECTED    "pb-state-connected-symbolic"
#define CONNECTING   "pb-state-connecting-symbolic"
#define DISCONNECTED "pb-state-disconnected-symbolic"
#define FAILED       "pb-state-failed-symbolic"

static const Word link_states[] = {
  { "activating", N_("Connecting…"), CONNECTING },
  { "activated", N_("Connected"), CONNECTED },
  { "deactivating", N_("Hanging up…"), CONNECTING },
  { "deactivated", N_("Disconnected"), DISCONNECTED },
  { "disconnected", N_("Disconnected"), DISCONNECTED },
  { NULL }
};

static const Word port_states[] = {
  { "unmanaged", N_("Not managed"), DISCONNECTED },
  { "unavailable", N_("Unavailable"), DISCONNECTED },
  { "disconnected", N_("Disconnected"), DISCONNECTED },
  { "prepare", N_("Connecting…"), CONNECTING },
  { "config", N_("Connecting…"), CONNECTING },
  { "need-auth", N_("Waiting for a password"), CONNECTING },
  { "ip-config", N_("Connecting…"), CONNECTING },
  { "ip-check", N_("Connecting…"), CONNECTING },
  { "secondaries", N_("Connecting…"), CONNECTING },
  { "activated", N_("Connected"), CONNECTED },
  { "deactivating", N_("Disconnecting…"), CONNECTING },
  { "failed", N_("Failed"), FAILED },
  { NULL }
};

/* A remembered drive that is not mounted: the Remembered column says it is
 * remembered, the state only that it is not connected. */
static const Word drive_states[] = {
  { "connected", N_("Connected"), CONNECTED },
  { "remembered", N_("Not connected"), DISCONNECTED },
  { NULL }
};

static const Word *
lookup (const Word *words,
        const char *code)
{
  for (guint i = 0; code != NULL && words[i].code != NULL; i++)
    if (g_str_equal (words[i].code, code))
      return &words[i];

  return NULL;
}

static const Word *
type_word (PbConnectionKind  kind,
           const char       *code)
{
  switch (kind)
    {
    case PB_CONNECTION_KIND_LINK:  return lookup (link_types, code);
    case PB_CONNECTION_KIND_PORT:  return lookup (port_types, code);
    case PB_CONNECTION_KIND_DRIVE: return lookup (drive_types, code);
    default:                       return NULL;
    }
}

/**
 * pb_words_type:
 * @kind: the row's kind
 * @code: (nullable): its #PbConnection:type-name, the backend's code
 *
 * Returns: (transfer none): the type in the user's language ("Mobile
 *   broadband" for `gsm`), or @code itself when there are no words for it
 *   (a VPN plugin's or a device's own description)
 */
const char *
pb_words_type (PbConnectionKind  kind,
               const char       *code)
{
  const Word *word = type_word (kind, code);

  return word != NULL ? _(word->words) : (code != NULL ? code : "");
}

/**
 * pb_words_type_icon:
 *
 * Returns: (transfer none): the symbolic icon of the type
 */
const char *
pb_words_type_icon (PbConnectionKind  kind,
                    const char       *code)
{
  const Word *word = type_word (kind, code);

  if (word != NULL)
    return word->icon;

  return kind == PB_CONNECTION_KIND_DRIVE ? "pb-type-drive-symbolic" : "pb-type-generic-symbolic";
}

static const Word *
state_word (PbConnectionKind  kind,
            const char       *code)
{
  switch (kind)
    {
    case PB_CONNECTION_KIND_LINK:  return lookup (link_states, code);
    case PB_CONNECTION_KIND_PORT:  return lookup (port_states, code);
    case PB_CONNECTION_KIND_DRIVE: return lookup (drive_states, code);
    default:                       return NULL;
    }
}

/**
 * pb_words_state:
 * @item: a row
 *
 * Returns: (transfer none): its state in the user's language; while a
 *   teardown this window started is in flight, what it is doing ("Hanging
 *   up…", "Disconnecting…")
 */
const char *
pb_words_state (PbConnection *item)
{
  g_return_val_if_fail (PB_IS_CONNECTION (item), "");

  return pb_words_state_for (pb_connection_get_kind (item), pb_connection_get_state (item),
                             pb_connection_get_busy (item));
}

/**
 * pb_words_duration:
 * @link: a link
 * @now: g_get_real_time()
 *
 * How long @link has been connected, as a clock would say it ("0:05:12",
 * "2 d 3:04:05"), or "—" while it is not connected. A link that was already
 * connected when Plugboard first saw it has been up at least that long, and
 * the words say so.
 *
 * Returns: (transfer full): the words
 */
char *
pb_words_duration (PbConnection *link,
                   gint64        now)
{
  gboolean before = FALSE;
  gint64 since = pb_connection_get_connected_since (link, &before);
  gint64 seconds;
  g_autofree char *clock = NULL;

  if (since == 0)
    return g_strdup (_("—"));

  seconds = MAX (now - since, 0) / G_USEC_PER_SEC;
  if (seconds >= 86400)
    /* TRANSLATORS: a time connected: days, then hours:minutes:seconds */
    clock = g_strdup_printf (_("%u d %u:%02u:%02u"), (guint)(seconds / 86400), (guint)(seconds / 3600 % 24),
                             (guint)(seconds / 60 % 60), (guint)(seconds % 60));
  else
    clock = g_strdup_printf ("%u:%02u:%02u", (guint)(seconds / 3600), (guint)(seconds / 60 % 60),
                             (guint)(seconds % 60));

  /* TRANSLATORS: a time connected that is a lower bound: the link was
   * already up when Plugboard started watching it */
  return before ? g_strdup_printf (_("at least %s"), clock) : g_steal_pointer (&clock);
}

/**
 * pb_words_bytes:
 * @bytes: a count of bytes, or -1
 *
 * Returns: (transfer full): the count as a person reads it ("1.2 MB"), or "—"
 *   when it is not known
 */
char *
pb_words_bytes (gint64 bytes)
{
  return bytes < 0 ? g_strdup (_("—")) : g_format_size ((guint64)bytes);
}

/**
 * pb_words_state_for:
 * @kind: a row's kind
 * @code: (nullable): its #PbConnection:state
 * @busy: its #PbConnection:busy
 *
 * pb_words_state() from the row's properties, for expressions.
 */
const char *
pb_words_state_for (PbConnectionKind  kind,
                    const char       *code,
                    gboolean          busy)
{
  const Word *word;

  if (busy)
    return kind == PB_CONNECTION_KIND_LINK ? _("Hanging up…") : _("Disconnecting…");

  word = state_word (kind, code);
  return word != NULL ? _(word->words) : _("Unknown");
}

/**
 * pb_words_state_icon:
 *
 * Returns: (transfer none): the symbolic icon of pb_words_state()
 */
const char *
pb_words_state_icon (PbConnection *item)
{
  const Word *word;

  g_return_val_if_fail (PB_IS_CONNECTION (item), NULL);

  if (pb_connection_get_busy (item))
    return CONNECTING;

  word = state_word (pb_connection_get_kind (item), pb_connection_get_state (item));
  return word != NULL ? word->icon : DISCONNECTED;
}

/**
 * pb_words_port_name:
 * @port: a port
 *
 * Returns: (transfer full): the port as a person knows it: its interface,
 *   except a Bluetooth port, whose interface is the phone's address and
 *   whose name is the one the phone gives itself
 */
char *
pb_words_port_name (PbConnection *port)
{
  GObject *backend = pb_connection_get_backend (port);

  if (backend != NULL && NM_IS_DEVICE_BT (backend))
    {
      const char *name = nm_device_bt_get_name (NM_DEVICE_BT (backend));

      if (name != NULL && *name != '\0')
        return g_strdup (name);
    }

  return g_strdup (pb_connection_get_name (port));
}

/**
 * pb_words_error:
 * @error: what failed
 *
 * Returns: (transfer full): @error as the window tells it: its message,
 *   without the code the CLI prints before it; a system bus or a
 *   NetworkManager that cannot be reached said in those words
 */
char *
pb_words_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, PB_ERROR, PB_ERROR_SERVER_UNREACHABLE) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_SERVER))
    return g_strdup (_("NetworkManager cannot be reached. Check that it is running, then try again."));

  return g_strdup (error->message);
}

/**
 * pb_words_strip_mnemonic:
 * @label: a label with a mnemonic ("_Reconnect")
 *
 * Returns: (transfer full): @label as a screen reader says it ("Reconnect")
 */
char *
pb_words_strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (label != NULL, NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/**
 * pb_words_relation:
 * @relation: how a row stands to the selected one
 * @selected: the kind of the selected row
 *
 * Returns: (nullable): what a row marked as related says of itself, %NULL
 *   for an unrelated one
 */
const char *
pb_words_relation (PbGraphRelation  relation,
                   PbConnectionKind selected)
{
  /* Both ways only around a loop, which NetworkManager never reports: what
   * a row carries is what goes down with it, so that is said. */
  if (relation & PB_GRAPH_RELATION_CARRIES)
    switch (selected)
      {
      case PB_CONNECTION_KIND_PORT:
        return _("Carries the selected port");
      case PB_CONNECTION_KIND_DRIVE:
        return _("Carries the selected drive");
      case PB_CONNECTION_KIND_LINK:
      default:
        return _("Carries the selected link");
      }

  if (relation & PB_GRAPH_RELATION_RIDES_ON)
    switch (selected)
      {
      case PB_CONNECTION_KIND_PORT:
        return _("Rides on the selected port");
      case PB_CONNECTION_KIND_DRIVE:
        return _("Rides on the selected drive");
      case PB_CONNECTION_KIND_LINK:
      default:
        return _("Rides on the selected link");
      }

  return NULL;
}
