/* test-drive-error.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "pb-drive-error.h"

/* A failed unmount or map is reported by its cause (SEMANTICS §3, D3, D9,
 * and the error table's ACCESS_DENIED and CALL_NOT_IMPLEMENTED): before,
 * every failed forced unmount said DEVICE_IN_USE. */

typedef struct {
  const char *what;
  GQuark    (*domain) (void);
  int         code;
  const char *message;
  PbError     expected;
} ClassifyCase;

static GQuark errno_domain (void) { return G_FILE_ERROR; }
static GQuark io_domain (void) { return G_IO_ERROR; }
static GQuark pb_domain (void) { return PB_ERROR; }

static const ClassifyCase classify_cases[] = {
  /* GVfs's own codes */
  { "gvfs busy", io_domain, G_IO_ERROR_BUSY, "File system is busy", PB_ERROR_DEVICE_IN_USE },
  { "gvfs denied", io_domain, G_IO_ERROR_PERMISSION_DENIED, "Permission denied", PB_ERROR_ACCESS_DENIED },
  { "gvfs unsupported", io_domain, G_IO_ERROR_NOT_SUPPORTED, "Location is not mountable",
    PB_ERROR_CALL_NOT_IMPLEMENTED },
  { "gvfs other", io_domain, G_IO_ERROR_FAILED, "Internal error: smbc_umount failed", PB_ERROR_EXTENDED },
  { "gvfs gone", io_domain, G_IO_ERROR_NOT_FOUND, "The specified location is not mounted", PB_ERROR_EXTENDED },
  { "gvfs timeout", io_domain, G_IO_ERROR_TIMED_OUT, "Timeout was reached", PB_ERROR_EXTENDED },
  /* errno-domain errors */
  { "EPERM", errno_domain, G_FILE_ERROR_PERM, "Operation not permitted", PB_ERROR_ACCESS_DENIED },
  { "EACCES", errno_domain, G_FILE_ERROR_ACCES, "Permission denied", PB_ERROR_ACCESS_DENIED },
  { "EIO", errno_domain, G_FILE_ERROR_IO, "Input/output error", PB_ERROR_EXTENDED },
  /* umount(8)'s and fusermount's words, as G_IO_ERROR_FAILED */
  { "umount busy", io_domain, G_IO_ERROR_FAILED, "umount: /mnt/share: target is busy.", PB_ERROR_DEVICE_IN_USE },
  { "umount EBUSY", io_domain, G_IO_ERROR_FAILED, "umount2: Device or resource busy", PB_ERROR_DEVICE_IN_USE },
  { "umount not root", io_domain, G_IO_ERROR_FAILED, "umount: /mnt/share: must be superuser to unmount.",
    PB_ERROR_ACCESS_DENIED },
  { "umount EPERM", io_domain, G_IO_ERROR_FAILED, "umount: /mnt/share: Operation not permitted.",
    PB_ERROR_ACCESS_DENIED },
  { "fusermount", io_domain, G_IO_ERROR_FAILED, "fusermount3: failed to unmount /mnt/x: Operation not permitted",
    PB_ERROR_ACCESS_DENIED },
  { "umount case", io_domain, G_IO_ERROR_FAILED, "UMOUNT: /X: MUST BE SUPERUSER TO UNMOUNT.",
    PB_ERROR_ACCESS_DENIED },
  { "unsupported words", io_domain, G_IO_ERROR_FAILED, "Operation not supported by backend",
    PB_ERROR_CALL_NOT_IMPLEMENTED },
  { "umount other", io_domain, G_IO_ERROR_FAILED, "umount: /mnt/share: not mounted.", PB_ERROR_EXTENDED },
  { "empty", io_domain, G_IO_ERROR_FAILED, "", PB_ERROR_EXTENDED },
  /* already ours */
  { "pb", pb_domain, PB_ERROR_OPEN_FILES, "open files", PB_ERROR_OPEN_FILES },
};

static void
test_drive_error_classify (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (classify_cases); i++)
    {
      const ClassifyCase *c = &classify_cases[i];
      g_autoptr(GError) cause = g_error_new_literal (c->domain (), c->code, c->message);

      g_test_message ("%s", c->what);
      g_assert_cmpint (pb_drive_error_classify (cause), ==, c->expected);
    }
}

/* The reported error keeps the system's message and names the drive. */
static void
test_drive_error_unmount (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (classify_cases); i++)
    {
      const ClassifyCase *c = &classify_cases[i];
      g_autoptr(GError) cause = g_error_new_literal (c->domain (), c->code, c->message);
      g_autoptr(GError) error = pb_drive_error_new_unmount ("Shared", cause);

      g_test_message ("%s", c->what);
      g_assert_error (error, PB_ERROR, (gint)c->expected);
      g_assert_nonnull (strstr (error->message, c->message));
      if (c->domain () != PB_ERROR)
        g_assert_nonnull (strstr (error->message, "Shared"));
    }
}

static void
test_drive_error_map (void)
{
  g_autoptr(GError) unsupported = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                       "Location is not mountable");
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "Permission denied");
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Connection refused");
  g_autoptr(GError) ours = g_error_new_literal (PB_ERROR, PB_ERROR_ACCESS_DENIED, "wrong password");
  /* What gvfsd 1.50 really answers for webdav://…, a scheme none of its backends mounts. */
  g_autoptr(GError) gvfsd = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_MOUNTED, "Location is not mountable");
  g_autoptr(GError) e5 = pb_drive_error_new_map ("webdav://host/x", gvfsd);
  g_autoptr(GError) e1 = pb_drive_error_new_map ("webdav://host/x", unsupported);
  g_autoptr(GError) e2 = pb_drive_error_new_map ("smb://host/x", refused);
  g_autoptr(GError) e3 = pb_drive_error_new_map ("smb://host/x", other);
  g_autoptr(GError) e4 = pb_drive_error_new_map ("smb://host/x", ours);
  /* What the bus answers for a gvfsd killed with the mount unanswered. */
  g_autoptr(GError) died = g_error_new_literal (G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY,
                                                "Message recipient disconnected from message bus without replying");
  g_autoptr(GError) e6 = pb_drive_error_new_map ("smb://host/x", died);

  g_assert_error (e1, PB_ERROR, PB_ERROR_CALL_NOT_IMPLEMENTED);
  g_assert_nonnull (strstr (e1->message, "webdav://host/x"));
  g_assert_nonnull (strstr (e1->message, "webdav:"));
  g_assert_nonnull (strstr (e1->message, "Location is not mountable"));
  g_assert_error (e2, PB_ERROR, PB_ERROR_ACCESS_DENIED);
  g_assert_error (e3, PB_ERROR, PB_ERROR_EXTENDED);
  g_assert_nonnull (strstr (e3->message, "Connection refused"));
  g_assert_error (e4, PB_ERROR, PB_ERROR_ACCESS_DENIED);
  g_assert_cmpstr (e4->message, ==, "wrong password");
  g_assert_error (e5, PB_ERROR, PB_ERROR_CALL_NOT_IMPLEMENTED);
  g_assert_nonnull (strstr (e5->message, "Location is not mountable"));
  g_assert_error (e6, PB_ERROR, PB_ERROR_EXTENDED);
  g_assert_nonnull (strstr (e6->message, "GVfs stopped during the map"));
  g_assert_nonnull (strstr (e6->message, "nothing was remembered"));
}

/* The same "no reply", from a backend that died while gvfsd stayed: the
 * backend is named, gvfsd is not blamed. */
static void
test_drive_error_map_backend_died (void)
{
  g_autoptr(GError) died = g_error_new_literal (G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY,
                                                "Message recipient disconnected from message bus without replying");
  g_autoptr(GError) e = pb_drive_error_new_map_backend_died ("sftp://host/x", died);

  g_assert_error (e, PB_ERROR, PB_ERROR_EXTENDED);
  g_assert_nonnull (strstr (e->message, "sftp://host/x"));
  g_assert_nonnull (strstr (e->message, "sftp backend stopped during the map"));
  g_assert_nonnull (strstr (e->message, "nothing was remembered"));
  g_assert_null (strstr (e->message, "gvfsd"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drive-error/classify", test_drive_error_classify);
  g_test_add_func ("/drive-error/unmount", test_drive_error_unmount);
  g_test_add_func ("/drive-error/map", test_drive_error_map);
  g_test_add_func ("/drive-error/map-backend-died", test_drive_error_map_backend_died);

  return g_test_run ();
}
