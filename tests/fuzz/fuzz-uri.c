/* fuzz-uri.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-uri.h"

#include "fuzz-common.h"

/* The URI rules (pb-uri.c) on any bytes. The input is NUL-separated fields:
 * a flags byte, three URIs, a user, a file system type's choice byte and a
 * kernel device.
 *
 * What must hold: a normalised URI is a URI with a host ("://"), valid
 * UTF-8, normalised already (normalising it again changes nothing), and
 * without a password; without its user it is the same location as with it;
 * a mapping's URI is its remote name's location whatever the user; a mount
 * holds itself, and holding is transitive; a kernel mount's remote name is
 * a normalised URI or the device itself. */

static const char * const fs_types[] = { "cifs", "smb3", "nfs", "nfs4", "fuse.sshfs", "sshfs", "ext4" };

static void
check_normalized (const char *uri,
                  const char *normalized,
                  gboolean    keep_user)
{
  g_autofree char *again = NULL;
  g_autoptr(GUri) parsed = NULL;

  if (normalized == NULL)
    return;

  fuzz_check (strstr (normalized, "://") != NULL, "“%s” normalises to “%s”, not a URI", uri, normalized);
  fuzz_check (g_utf8_validate (normalized, -1, NULL), "“%s” normalises to “%s”, not UTF-8", uri, normalized);

  again = pb_drive_normalize_uri (normalized, keep_user);
  fuzz_check (g_strcmp0 (again, normalized) == 0,
              "normalising is not idempotent (user %s): “%s” → “%s” → “%s”",
              keep_user ? "kept" : "dropped", uri, normalized, again);

  parsed = g_uri_parse (normalized, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  fuzz_check (parsed != NULL, "“%s” normalises to “%s”, which GUri cannot parse", uri, normalized);
  fuzz_check (g_uri_get_password (parsed) == NULL, "“%s” normalises to “%s”, with a password", uri, normalized);
  fuzz_check (keep_user || g_uri_get_userinfo (parsed) == NULL,
              "“%s” normalises to “%s”, with a user though users are dropped", uri, normalized);
}

static void
check_uri (const char *uri)
{
  g_autofree char *with_user = pb_drive_normalize_uri (uri, TRUE);
  g_autofree char *without_user = pb_drive_normalize_uri (uri, FALSE);
  g_autofree char *with_then_without = NULL;

  check_normalized (uri, with_user, TRUE);
  check_normalized (uri, without_user, FALSE);

  fuzz_check ((with_user == NULL) == (without_user == NULL),
              "“%s” is a location with its user (“%s”) but not without (“%s”)", uri, with_user, without_user);
  if (with_user == NULL)
    {
      fuzz_check (!pb_drive_uri_holds (uri, uri), "“%s”, no location, holds itself", uri);
      return;
    }

  with_then_without = pb_drive_normalize_uri (with_user, FALSE);
  fuzz_check (g_strcmp0 (with_then_without, without_user) == 0,
              "“%s” without its user is “%s”, but “%s” without it is “%s”",
              uri, without_user, with_user, with_then_without);
  fuzz_check (pb_drive_uri_holds (uri, uri), "“%s” does not hold itself", uri);
  fuzz_check (pb_drive_uri_holds (with_user, uri), "“%s” does not hold “%s”", with_user, uri);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FuzzInput input;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *user = NULL;
  g_autofree char *fs_field = NULL;
  g_autofree char *device = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *remote_name = NULL;
  g_autofree char *kernel = NULL;
  const char *fs_type;
  guint8 flags;

  fuzz_input_init (&input, data, size);
  flags = fuzz_input_byte (&input);
  a = fuzz_input_next (&input, NULL);
  b = fuzz_input_next (&input, NULL);
  c = fuzz_input_next (&input, NULL);
  user = fuzz_input_next (&input, NULL);
  fs_field = fuzz_input_next (&input, NULL);
  device = fuzz_input_next (&input, NULL);

  check_uri (a);
  check_uri (b);
  check_uri (c);

  /* Holding: only locations hold, and the relation is a tree's. */
  if (pb_drive_uri_holds (a, b))
    {
      g_autofree char *na = pb_drive_normalize_uri (a, TRUE);
      g_autofree char *nb = pb_drive_normalize_uri (b, TRUE);

      fuzz_check (na != NULL && nb != NULL, "“%s” holds “%s” but one is no location", a, b);
      if (pb_drive_uri_holds (b, a))
        fuzz_check (g_str_equal (na, nb), "“%s” and “%s” hold each other but differ", a, b);
      if (pb_drive_uri_holds (b, c))
        fuzz_check (pb_drive_uri_holds (a, c), "“%s” holds “%s” holds “%s”, but not the first the last", a, b, c);
    }

  /* The mapping of a remote name with a user is the same location. */
  mapping = pb_drive_mapping_uri (a, (flags & 1) ? NULL : user);
  remote_name = pb_drive_normalize_uri (a, FALSE);
  fuzz_check ((mapping == NULL) == (remote_name == NULL),
              "“%s” with user “%s” maps to “%s”, though its remote name is “%s”", a, user, mapping, remote_name);
  if (mapping != NULL)
    {
      g_autofree char *mapping_remote = pb_drive_normalize_uri (mapping, FALSE);

      check_normalized (a, mapping, TRUE);
      fuzz_check (g_strcmp0 (mapping_remote, remote_name) == 0,
                  "“%s” with user “%s” maps to “%s”, another location than “%s”", a, user, mapping, remote_name);
      fuzz_check (pb_drive_uri_holds (mapping, mapping), "the mapping “%s” does not hold itself", mapping);
    }

  /* A kernel mount: a normalised URI, or the device as the table has it. */
  fs_type = (flags >> 1) % (G_N_ELEMENTS (fs_types) + 1) < G_N_ELEMENTS (fs_types)
    ? fs_types[(flags >> 1) % (G_N_ELEMENTS (fs_types) + 1)] : fs_field;
  kernel = pb_drive_kernel_remote_name (fs_type, device);
  fuzz_check (kernel != NULL, "the kernel mount “%s” (%s) has no remote name", device, fs_type);
  if (!g_str_equal (kernel, device))
    check_normalized (device, kernel, FALSE);

  return 0;
}
