/* pb-drive-source-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gunixmounts.h>

#include "pb-drive-source.h"
#include "pb-source-private.h"

G_BEGIN_DECLS

/* Shared by pb-drive-source.c (the model), pb-drive-map.c (map, restore) and
 * pb-drive-cancel.c (cancel): one type split by concern. */
struct _PbDriveSource
{
  GObject            parent_instance;

  /* Owned */
  GVolumeMonitor    *monitor;      /* NULL when GVfs is not available */
  GUnixMountMonitor *unix_monitor;
  PbProfile         *profile;      /* remembered drives */
  PbProfile         *session;      /* names of drives mapped for this session */
  GHashTable        *kernel;       /* mount path → PbDriveEntry */
  GHashTable        *remembered;   /* local name → PbDriveEntry, not connected */
  PbRowStore        *rows;
  char              *status;
  guint              available : 1;
};

void        pb_drive_source_sync          (PbDriveSource *self);
gboolean    pb_drive_source_is_mounted    (PbDriveSource *self,
                                           GObject       *backend);

G_END_DECLS
