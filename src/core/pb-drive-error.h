/* pb-drive-error.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-error.h"

G_BEGIN_DECLS

/* What a drive backend's failure means in PB_ERROR terms: pure functions of
 * the error, shared by map and cancel (SEMANTICS §3, D3, D9). */

PbError  pb_drive_error_classify      (const GError *cause);
GError  *pb_drive_error_new_unmount   (const char   *label,
                                       const GError *cause);
GError  *pb_drive_error_new_map       (const char   *uri,
                                       const GError *cause);
GError  *pb_drive_error_new_map_backend_died (const char   *uri,
                                              const GError *cause);

G_END_DECLS
