/* fuzz-secret.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-drive-secret.h"

#include "fuzz-common.h"

/* Whether two drives use one stored password
 * (pb_drive_secret_shares_credential()), on any bytes. The input is a flags
 * byte, then NUL-separated fields: three URIs, each followed by its user.
 *
 * What must hold: sharing is symmetric and transitive (it is "the same
 * protocol, server, port, user and domain"), a drive with a user and a
 * server shares with itself, and one without a user shares with nothing,
 * itself included. */

typedef struct {
  char *uri;
  char *user;
} Drive;

static gboolean
shares (const Drive *one,
        const Drive *other)
{
  return pb_drive_secret_shares_credential (one->uri, one->user, other->uri, other->user);
}

/* Whether @drive has a user and a server: GVfs could keep a password for it. */
static gboolean
has_credential (const Drive *drive)
{
  g_autoptr(GUri) parsed = g_uri_parse (drive->uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);

  return parsed != NULL && g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0' &&
         (drive->user != NULL || g_uri_get_user (parsed) != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FuzzInput input;
  Drive drives[3];
  guint8 flags;

  fuzz_input_init (&input, data, size);
  flags = fuzz_input_byte (&input);
  for (guint i = 0; i < G_N_ELEMENTS (drives); i++)
    {
      drives[i].uri = fuzz_input_next (&input, NULL);
      drives[i].user = fuzz_input_next (&input, NULL);
      /* Bit i: the user is in the URI, or there is none. */
      if (flags & (1 << i))
        g_clear_pointer (&drives[i].user, g_free);
    }

  for (guint i = 0; i < G_N_ELEMENTS (drives); i++)
    {
      fuzz_check (shares (&drives[i], &drives[i]) == has_credential (&drives[i]),
                  "“%s” (user “%s”) shares with itself: %s", drives[i].uri, drives[i].user,
                  shares (&drives[i], &drives[i]) ? "yes" : "no");

      for (guint j = 0; j < G_N_ELEMENTS (drives); j++)
        {
          gboolean ij = shares (&drives[i], &drives[j]);

          fuzz_check (ij == shares (&drives[j], &drives[i]),
                      "“%s” (user “%s”) and “%s” (user “%s”): sharing is not symmetric",
                      drives[i].uri, drives[i].user, drives[j].uri, drives[j].user);
          for (guint k = 0; ij && k < G_N_ELEMENTS (drives); k++)
            if (shares (&drives[j], &drives[k]))
              fuzz_check (shares (&drives[i], &drives[k]),
                          "“%s” shares with “%s” shares with “%s”, but not the first with the last",
                          drives[i].uri, drives[j].uri, drives[k].uri);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (drives); i++)
    {
      g_free (drives[i].uri);
      g_free (drives[i].user);
    }

  return 0;
}
