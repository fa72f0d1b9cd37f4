/* pb-uri.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The rules that say which network location a drive is: pure functions of
 * their arguments, shared by the drive source, map, cancel and the session. */

char     *pb_drive_normalize_uri      (const char *uri,
                                       gboolean    keep_user);
char     *pb_drive_mapping_uri        (const char *remote_name,
                                       const char *user);
char     *pb_drive_kernel_remote_name (const char *fs_type,
                                       const char *device);
gboolean  pb_drive_uri_holds          (const char *mount_uri,
                                       const char *location);

G_END_DECLS
