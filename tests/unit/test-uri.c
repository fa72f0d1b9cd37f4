/* test-uri.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-uri.h"

/* The URI rules of pb-uri.c: every spelling of one location is one name
 * (SEMANTICS §3: a drive's remote name), and a mount holds exactly the
 * locations under it. */

typedef struct {
  const char *uri;
  const char *without_user;
  const char *with_user;
} NormalizeCase;

static const NormalizeCase normalize_cases[] = {
  /* case: scheme and host, never the path */
  { "SMB://Server/Share", "smb://server/Share", "smb://server/Share" },
  { "smb://SERVER.example.COM/data", "smb://server.example.com/data", "smb://server.example.com/data" },
  /* trailing slashes */
  { "smb://server/share/", "smb://server/share", "smb://server/share" },
  { "smb://server/share///", "smb://server/share", "smb://server/share" },
  { "smb://server/", "smb://server", "smb://server" },
  { "smb://server", "smb://server", "smb://server" },
  /* ports: kept, unless the scheme implies them */
  { "smb://127.0.0.1:1445/public/", "smb://127.0.0.1:1445/public", "smb://127.0.0.1:1445/public" },
  { "smb://server:445/share", "smb://server/share", "smb://server/share" },
  { "sftp://host:22/srv", "sftp://host/srv", "sftp://host/srv" },
  { "sftp://host:2222/srv", "sftp://host:2222/srv", "sftp://host:2222/srv" },
  { "davs://host:443/dav", "davs://host/dav", "davs://host/dav" },
  { "dav://host:443/dav", "dav://host:443/dav", "dav://host:443/dav" },
  /* users, with domains, and passwords that are never kept */
  { "smb://alice@server/share", "smb://server/share", "smb://alice@server/share" },
  { "smb://DOM;alice@server/share", "smb://server/share", "smb://DOM;alice@server/share" },
  { "smb://alice:secret@server/share", "smb://server/share", "smb://alice@server/share" },
  { "smb://:secret@server/share", "smb://server/share", "smb://server/share" },
  { "sftp://alice%40example.com@host/", "sftp://host", "sftp://alice%40example.com@host" },
  /* IPv6 hosts keep their brackets */
  { "smb://[::1]:1445/public/", "smb://[::1]:1445/public", "smb://[::1]:1445/public" },
  { "smb://[FE80::1]/share", "smb://[fe80::1]/share", "smb://[fe80::1]/share" },
  { "sftp://bob@[2001:db8::2]:22/home", "sftp://[2001:db8::2]/home", "sftp://bob@[2001:db8::2]/home" },
  /* percent-encoding has one form */
  { "smb://server/my share", "smb://server/my%20share", "smb://server/my%20share" },
  { "smb://server/my%20share", "smb://server/my%20share", "smb://server/my%20share" },
  { "smb://server/caf%c3%a9", "smb://server/caf%C3%A9", "smb://server/caf%C3%A9" },
  { "smb://server/%7ehome", "smb://server/~home", "smb://server/~home" },
  /* a query stays */
  { "dav://host/dav?x=1", "dav://host/dav?x=1", "dav://host/dav?x=1" },
  /* no host: not a network location */
  { "smb:///share", NULL, NULL },
  { "file:///home/user", NULL, NULL },
  { "/home/user", NULL, NULL },
  { "share", NULL, NULL },
  { "", NULL, NULL },
  { "smb://", NULL, NULL },
  /* found by tests/fuzz/fuzz-uri: GUri takes "b@c" as the host, which
   * written out would read as the user b at the host c */
  { "smb://a@b@c/d", NULL, NULL },
  { "smb://a@b@c@d/e", NULL, NULL },
};

static void
test_uri_normalize (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (normalize_cases); i++)
    {
      const NormalizeCase *c = &normalize_cases[i];
      g_autofree char *without_user = pb_drive_normalize_uri (c->uri, FALSE);
      g_autofree char *with_user = pb_drive_normalize_uri (c->uri, TRUE);

      g_test_message ("%s", c->uri);
      g_assert_cmpstr (without_user, ==, c->without_user);
      g_assert_cmpstr (with_user, ==, c->with_user);
    }
}

/* Normalising is idempotent: a normalised name is its own normal form. */
static void
test_uri_normalize_idempotent (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (normalize_cases); i++)
    for (int keep = 0; keep < 2; keep++)
      {
        g_autofree char *once = pb_drive_normalize_uri (normalize_cases[i].uri, keep);
        g_autofree char *twice = once ? pb_drive_normalize_uri (once, keep) : NULL;

        g_assert_cmpstr (twice, ==, once);
      }
}

typedef struct {
  const char *remote_name;
  const char *user;
  const char *expected;
} MappingCase;

static const MappingCase mapping_cases[] = {
  { "smb://server/share", NULL, "smb://server/share" },
  { "smb://server/share", "", "smb://server/share" },
  { "smb://server/share", "alice", "smb://alice@server/share" },
  { "SMB://Server:445/share/", "alice", "smb://alice@server/share" },
  { "smb://127.0.0.1:1445/public", "alice", "smb://alice@127.0.0.1:1445/public" },
  /* a domain, GVfs's way or Windows' way */
  { "smb://server/share", "DOM;alice", "smb://DOM;alice@server/share" },
  { "smb://server/share", "DOM\\alice", "smb://DOM;alice@server/share" },
  /* only smb knows domains */
  { "sftp://host/srv", "DOM\\alice", "sftp://DOM%5Calice@host/srv" },
  /* characters a user part must escape */
  { "sftp://host/srv", "alice@example.com", "sftp://alice%40example.com@host/srv" },
  { "sftp://host/srv", "a:b", "sftp://a%3Ab@host/srv" },
  /* IPv6 */
  { "smb://[::1]:1445/public", "alice", "smb://alice@[::1]:1445/public" },
  /* a user in the remote name wins */
  { "smb://bob@server/share", "alice", "smb://bob@server/share" },
  /* not a network location */
  { "share", "alice", NULL },
  { "smb:///share", "alice", NULL },
  /* found by tests/fuzz/fuzz-uri: no host and a path of "//se://x" (dot
   * segments removed), which GUri cannot join to a user (a critical) */
  { "nfs:/..///se://x", "bob", NULL },
};

static void
test_uri_mapping (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (mapping_cases); i++)
    {
      const MappingCase *c = &mapping_cases[i];
      g_autofree char *uri = pb_drive_mapping_uri (c->remote_name, c->user);

      g_test_message ("%s as %s", c->remote_name, c->user);
      g_assert_cmpstr (uri, ==, c->expected);
    }
}

typedef struct {
  const char *fs_type;
  const char *device;
  const char *expected;
} KernelCase;

static const KernelCase kernel_cases[] = {
  /* cifs: //server/share, as GVfs names the same share */
  { "cifs", "//server/share", "smb://server/share" },
  { "cifs", "//Server/Share/", "smb://server/Share" },
  { "smb3", "//server/share", "smb://server/share" },
  { "cifs", "//server/my share", "smb://server/my%20share" },
  { "cifs", "\\\\server\\share", "smb://server/share" },
  { "cifs", "//[::1]/share", "smb://[::1]/share" },
  /* nfs: host:/export */
  { "nfs", "server:/export", "nfs://server/export" },
  { "nfs4", "server:/export/home/", "nfs://server/export/home" },
  { "nfs4", "[2001:db8::1]:/export", "nfs://[2001:db8::1]/export" },
  { "nfs", "server:/", "nfs://server" },
  /* sshfs: user@host:path, the user and any port not in the table's name */
  { "fuse.sshfs", "alice@127.0.0.1:/srv/data", "sftp://127.0.0.1/srv/data" },
  { "fuse.sshfs", "host:/srv", "sftp://host/srv" },
  { "fuse.sshfs", "alice@host:relative/dir", "sftp://host/relative/dir" },
  { "fuse.sshfs", "alice@host:", "sftp://host" },
  { "fuse.sshfs", "alice@[::1]:/srv", "sftp://[::1]/srv" },
  /* nothing that names a host: the device itself */
  { "cifs", "server", "server" },
  { "nfs", "/dev/sda1", "/dev/sda1" },
  { "fuse.sshfs", ":/path", ":/path" },
};

static void
test_uri_kernel_remote_name (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (kernel_cases); i++)
    {
      const KernelCase *c = &kernel_cases[i];
      g_autofree char *remote = pb_drive_kernel_remote_name (c->fs_type, c->device);

      g_test_message ("%s %s", c->fs_type, c->device);
      g_assert_cmpstr (remote, ==, c->expected);
    }
}

typedef struct {
  const char *mount;
  const char *location;
  gboolean    holds;
} HoldsCase;

static const HoldsCase holds_cases[] = {
  /* the mount itself, however spelled */
  { "smb://127.0.0.1:1445/public/", "smb://127.0.0.1:1445/public", TRUE },
  { "smb://server/share/", "SMB://SERVER/share", TRUE },
  { "smb://server/share", "smb://server:445/share/", TRUE },
  /* inside it */
  { "smb://server/share/", "smb://server/share/dir/file", TRUE },
  { "sftp://root@127.0.0.1:2222/", "sftp://root@127.0.0.1:2222/tmp/shares/sftp", TRUE },
  { "smb://[::1]/share/", "smb://[::1]/share/dir", TRUE },
  /* whole segments only */
  { "smb://server/share", "smb://server/shared", FALSE },
  { "smb://server/share/dir", "smb://server/share", FALSE },
  /* the path keeps its case */
  { "smb://server/share", "smb://server/Share", FALSE },
  /* users: a mount is one user's */
  { "smb://alice@server/share/", "smb://alice@server/share", TRUE },
  { "smb://alice@server/share/", "smb://server/share", FALSE },
  { "smb://server/share/", "smb://alice@server/share", FALSE },
  { "smb://alice@server/share/", "smb://bob@server/share", FALSE },
  { "smb://DOM;alice@server/share/", "smb://DOM;alice@server/share/x", TRUE },
  { "smb://alice:pw@server/share", "smb://alice@server/share", TRUE },
  /* another host, port or scheme */
  { "smb://server/share", "smb://other/share", FALSE },
  { "smb://server:1445/share", "smb://server/share", FALSE },
  { "smb://server/share", "sftp://server/share", FALSE },
  /* not network locations */
  { "smb://server/share", "/run/user/0/gvfs", FALSE },
  { "share", "share", FALSE },
};

static void
test_uri_holds (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (holds_cases); i++)
    {
      const HoldsCase *c = &holds_cases[i];

      g_test_message ("%s holds %s", c->mount, c->location);
      g_assert_cmpint (pb_drive_uri_holds (c->mount, c->location), ==, c->holds);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/uri/normalize", test_uri_normalize);
  g_test_add_func ("/uri/normalize-idempotent", test_uri_normalize_idempotent);
  g_test_add_func ("/uri/mapping", test_uri_mapping);
  g_test_add_func ("/uri/kernel-remote-name", test_uri_kernel_remote_name);
  g_test_add_func ("/uri/holds", test_uri_holds);

  return g_test_run ();
}
