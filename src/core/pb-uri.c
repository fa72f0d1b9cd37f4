/* pb-uri.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-uri.h"

/* What one network location is called, whoever spells it: the user typing a
 * URI, GVfs giving a mount's root, the profile, the kernel's mount table.
 * Two spellings of one location normalise to one string, so that every
 * comparison elsewhere is a plain string comparison. */

typedef struct {
  const char *scheme;
  int         port;
} DefaultPort;

/* A port the scheme implies is the same location as none (GVfs mounts
 * smb://host:445/share and smb://host/share as one). */
static const DefaultPort default_ports[] = {
  { "smb", 445 }, { "sftp", 22 }, { "ssh", 22 }, { "ftp", 21 }, { "ftps", 990 },
  { "dav", 80 }, { "davs", 443 }, { "webdav", 80 }, { "webdavs", 443 }, { "nfs", 2049 }, { "afp", 548 },
};

static int
port_without_default (const char *scheme,
                      int         port)
{
  for (guint i = 0; i < G_N_ELEMENTS (default_ports); i++)
    if (g_str_equal (scheme, default_ports[i].scheme) && port == default_ports[i].port)
      return -1;

  return port;
}

/**
 * pb_drive_normalize_uri:
 * @uri: a URI such as `SMB://Server/share/`
 * @keep_user: keep the user part (the identity of a GVfs mount) or drop it
 *   (the remote name, as Windows shows `\\server\share`)
 *
 * Scheme and host go to lower case, the password, a trailing slash and a
 * port the scheme implies go, and percent-encoding takes one form (an
 * unreserved character plain, the rest escaped in upper case hex). The path
 * keeps its case: a share name may be case-sensitive on the server.
 *
 * Returns: (transfer full) (nullable): the normalised URI, or %NULL if @uri
 *   is not a URI or names no host
 */
char *
pb_drive_normalize_uri (const char *uri,
                        gboolean    keep_user)
{
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  g_autofree char *path = NULL;
  gsize len;

  g_return_val_if_fail (uri != NULL, NULL);

  /* GUri takes "b@c" as the host of smb://a@b@c/d, though no URI can spell
   * it: written out, it would read as another location (the user b at c). */
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL || g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0' ||
      strchr (g_uri_get_host (parsed), '@') != NULL)
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (parsed), -1);
  host = g_ascii_strdown (g_uri_get_host (parsed), -1);
  if (keep_user && g_uri_get_userinfo (parsed) != NULL)
    {
      const char *userinfo = g_uri_get_userinfo (parsed);

      /* "user:password": the password is never part of a name. */
      user = g_strndup (userinfo, strcspn (userinfo, ":"));
      if (*user == '\0')
        g_clear_pointer (&user, g_free);
    }
  path = g_strdup (g_uri_get_path (parsed));
  for (len = strlen (path); len > 0 && path[len - 1] == '/'; len--)
    path[len - 1] = '\0';

  return g_uri_join (G_URI_FLAGS_ENCODED, scheme, user, host,
                     port_without_default (scheme, g_uri_get_port (parsed)), path,
                     g_uri_get_query (parsed), NULL);
}

/**
 * pb_drive_mapping_uri:
 * @remote_name: a remote name (no user), e.g. `smb://server/share`
 * @user: (nullable): the user the mapping logs in as
 *
 * The URI a mapping mounts: its remote name with its user, which makes it a
 * GVfs mount of its own (`smb://alice@server/share` is not
 * `smb://server/share`). A Windows-style `DOMAIN\user` becomes GVfs's
 * `DOMAIN;user` for smb. A user already in @remote_name wins.
 *
 * Returns: (transfer full) (nullable): the normalised URI, user kept
 */
char *
pb_drive_mapping_uri (const char *remote_name,
                      const char *user)
{
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *domain_user = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (remote_name != NULL, NULL);

  parsed = g_uri_parse (remote_name, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  /* No host, no location (and no user to join to it: "nfs:/..///x" has the
   * path "//x", which GUri cannot write without a host). */
  if (parsed == NULL || user == NULL || *user == '\0' || g_uri_get_userinfo (parsed) != NULL ||
      g_uri_get_host (parsed) == NULL)
    return pb_drive_normalize_uri (remote_name, TRUE);

  domain_user = g_strdup (user);
  if (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "smb") == 0)
    g_strdelimit (domain_user, "\\", ';');
  escaped = g_uri_escape_string (domain_user, G_URI_RESERVED_CHARS_SUBCOMPONENT_DELIMITERS, FALSE);
  joined = g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (parsed), escaped, g_uri_get_host (parsed),
                       g_uri_get_port (parsed), g_uri_get_path (parsed), g_uri_get_query (parsed), NULL);

  return pb_drive_normalize_uri (joined, TRUE);
}

/* The host of "host:path", "user@host:path" or "[v6]:path": its end (the
 * colon before the path) and its start. */
static const char *
split_host_path (const char  *device,
                 const char **host)
{
  const char *at = strchr (device, '@');
  const char *start = device;
  const char *colon;

  if (at != NULL && (strchr (device, ':') == NULL || at < strchr (device, ':')))
    start = at + 1;

  if (*start == '[')
    {
      const char *close = strchr (start, ']');

      colon = close != NULL && close[1] == ':' ? close + 1 : NULL;
    }
  else
    colon = strchr (start, ':');

  *host = start;
  return colon != NULL && colon > start ? colon : NULL;
}

/**
 * pb_drive_kernel_remote_name:
 * @fs_type: the mount table's file system type (`cifs`, `nfs4`, `fuse.sshfs`…)
 * @device: the mount table's source: `//server/share` for cifs,
 *   `server:/export` for nfs, `user@host:path` for sshfs
 *
 * The remote name of a kernel network mount, in the form a GVfs mount of the
 * same place has (`smb://server/share`, `nfs://server/export`,
 * `sftp://host/path`). The mount table keeps no user for cifs and nfs and no
 * port for sshfs, so neither is in the result.
 *
 * Returns: (transfer full): the remote name, or @device itself when it has
 *   none of these forms
 */
char *
pb_drive_kernel_remote_name (const char *fs_type,
                             const char *device)
{
  g_autofree char *uri = NULL;
  const char *host;
  const char *colon;

  g_return_val_if_fail (fs_type != NULL, NULL);
  g_return_val_if_fail (device != NULL, NULL);

  if (g_str_equal (fs_type, "cifs") || g_str_equal (fs_type, "smb3"))
    {
      g_autofree char *slashes = g_strdelimit (g_strdup (device), "\\", '/');
      g_autofree char *escaped = NULL;

      /* The table has it unescaped: "//server/my share". */
      if (g_str_has_prefix (slashes, "//"))
        escaped = g_uri_escape_string (slashes + 2, "/:@[]" G_URI_RESERVED_CHARS_SUBCOMPONENT_DELIMITERS, FALSE);
      if (escaped != NULL)
        uri = g_strconcat ("smb://", escaped, NULL);
    }
  else if ((colon = split_host_path (device, &host)) != NULL)
    {
      const char *path = colon + 1;
      g_autofree char *escaped = g_uri_escape_string (path, "/" G_URI_RESERVED_CHARS_SUBCOMPONENT_DELIMITERS ":@",
                                                      FALSE);

      uri = g_strdup_printf ("%s://%.*s%s%s", g_str_has_prefix (fs_type, "nfs") ? "nfs" : "sftp",
                             (int)(colon - host), host, *path == '/' ? "" : "/", escaped);
    }

  if (uri != NULL)
    {
      char *normalized = pb_drive_normalize_uri (uri, FALSE);

      if (normalized != NULL)
        return normalized;
    }

  return g_strdup (device);
}

/**
 * pb_drive_uri_holds:
 * @mount_uri: the root of a mount, e.g. `sftp://root@host/`
 * @location: a location, e.g. `sftp://root@host/srv/data`
 *
 * Whether @location is @mount_uri or inside it, both compared normalised
 * with their users (a mount as alice does not hold bob's location), and on
 * whole path segments (`smb://h/share` does not hold `smb://h/shared`).
 */
gboolean
pb_drive_uri_holds (const char *mount_uri,
                    const char *location)
{
  g_autofree char *mount = NULL;
  g_autofree char *inside = NULL;
  gsize len;

  g_return_val_if_fail (mount_uri != NULL, FALSE);
  g_return_val_if_fail (location != NULL, FALSE);

  mount = pb_drive_normalize_uri (mount_uri, TRUE);
  inside = pb_drive_normalize_uri (location, TRUE);
  if (mount == NULL || inside == NULL)
    return FALSE;

  len = strlen (mount);

  return strncmp (inside, mount, len) == 0 && (inside[len] == '\0' || inside[len] == '/');
}
