/* pb-drive-secret.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-profile.h"

G_BEGIN_DECLS

gboolean  pb_drive_secret_shares_credential (const char      *uri,
                                             const char      *user,
                                             const char      *other_uri,
                                             const char      *other_user);
gboolean  pb_drive_secret_still_needed      (PbProfile       *profile,
                                             const char      *uri,
                                             const char      *user);

void      pb_drive_secret_lookup_async  (const char           *uri,
                                         const char           *user,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
char     *pb_drive_secret_lookup_finish (GAsyncResult         *result,
                                         GError              **error);
void      pb_drive_secret_store_async   (const char           *uri,
                                         const char           *user,
                                         const char           *password,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  pb_drive_secret_store_finish  (GAsyncResult         *result,
                                         GError              **error);
void      pb_drive_secret_clear_async   (const char           *uri,
                                         const char           *user,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  pb_drive_secret_clear_finish  (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
