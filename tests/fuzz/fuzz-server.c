/* fuzz-server.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-nm-private.h"
#include "pb-server.h"

#include "fuzz-common.h"

/* The names a person types for a server (pb_server_normalize_host()) and
 * for a link (the handle, pb_nm_handle_is_valid() and
 * pb_nm_handle_for_path()), on any bytes. The input is NUL-separated
 * fields: a server name, a handle, and an object path.
 *
 * What must hold: a server is this computer (NULL) or a non-empty name that
 * is the one typed without its leading `\\` and `/`, normalised already; a
 * valid handle is 1 to 10 ASCII digits, a dot and a tag, and is what its
 * active connection's object path ends in with that tag; every tag makes a
 * valid handle. */

static void
check_host (const char *name)
{
  g_autofree char *host = pb_server_normalize_host (name);
  g_autofree char *again = NULL;

  if (host == NULL)
    return;

  fuzz_check (*host != '\0', "“%s” names an empty host", name);
  fuzz_check (*host != '\\' && *host != '/', "“%s” names the host “%s”, with a leading slash", name, host);
  fuzz_check (g_str_has_suffix (name, host), "“%s” names the host “%s”, which it does not end in", name, host);
  fuzz_check (!g_utf8_validate (name, -1, NULL) || g_utf8_validate (host, -1, NULL),
              "the UTF-8 “%s” names the host “%s”, not UTF-8", name, host);
  fuzz_check (g_ascii_strcasecmp (host, "localhost") != 0 && g_ascii_strcasecmp (host, "local") != 0 &&
              !g_str_equal (host, "."), "“%s” names this computer as the remote host “%s”", name, host);

  again = pb_server_normalize_host (host);
  fuzz_check (g_strcmp0 (again, host) == 0, "“%s” → “%s” → “%s”: not idempotent", name, host, again);
}

static void
check_handle (const char *handle,
              const char *object_path)
{
  const char *dot = strchr (handle, '.');
  g_autofree char *number = dot ? g_strndup (handle, dot - handle) : g_strdup (handle);
  g_autofree char *path = g_strconcat ("/org/freedesktop/NetworkManager/ActiveConnection/", number, NULL);
  g_autofree char *from_path = pb_nm_handle_for_path (dot ? dot + 1 : NULL, path);
  g_autofree char *from_any = pb_nm_handle_for_path ("k7q2a", object_path);
  g_autofree char *tag = pb_nm_handle_tag (object_path, handle);
  g_autofree char *tagged = g_strconcat ("1.", tag, NULL);
  const char *parsed_tag = NULL;
  PbNmHandleForm form = pb_nm_handle_parse (handle, &parsed_tag);

  if (form == PB_NM_HANDLE_TAGGED)
    {
      gsize length = dot - handle;

      fuzz_check (pb_nm_handle_is_valid (handle), "the tagged handle “%s” is not valid", handle);
      fuzz_check (length >= 1 && length <= 10, "the handle “%s” is valid with a %" G_GSIZE_FORMAT "-byte number", handle, length);
      for (const char *p = handle; p < dot; p++)
        fuzz_check (*p >= '0' && *p <= '9', "the handle “%s” is valid with a character that is no digit", handle);
      fuzz_check (parsed_tag == dot + 1, "the handle “%s” has its tag elsewhere", handle);
      fuzz_check (g_strcmp0 (from_path, handle) == 0, "the object path %s has the handle “%s”", path, from_path);
    }
  else
    fuzz_check (!pb_nm_handle_is_valid (handle) && parsed_tag == NULL, "the untagged “%s” is valid", handle);

  fuzz_check (tag != NULL && pb_nm_handle_parse (tagged, NULL) == PB_NM_HANDLE_TAGGED,
              "the tag “%s” makes no valid handle", tag);
  fuzz_check (from_any != NULL && strchr (from_any, '/') == NULL,
              "the object path “%s” has the handle “%s”", object_path, from_any);
  fuzz_check (g_str_has_suffix (from_any, ".k7q2a"),
              "the object path “%s” has the handle “%s”, without its tag", object_path, from_any);
  fuzz_check (pb_nm_handle_for_path ("k7q2a", NULL) == NULL, "no object path has a handle");
  fuzz_check (pb_nm_handle_tag (object_path, NULL) == NULL, "no name owner has a tag");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FuzzInput input;
  g_autofree char *name = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *object_path = NULL;

  fuzz_input_init (&input, data, size);
  name = fuzz_input_next (&input, NULL);
  handle = fuzz_input_next (&input, NULL);
  object_path = fuzz_input_next (&input, NULL);

  check_host (name);
  check_handle (handle, object_path);

  return 0;
}
