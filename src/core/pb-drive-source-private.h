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
  GVolumeMonitor    *monitor;       /* NULL until gvfsd answers */
  int                mountinfo_fd;  /* /proc/self/mountinfo, watched */
  guint              mountinfo_watch;
  PbProfile         *profile;       /* remembered drives, the owner's */
  PbProfile         *session;       /* names of drives mapped for this session, the owner's */
  PbProfile         *detached;      /* remembered names cancelled while their mount stays */
  GHashTable        *kernel;        /* mount path → PbDriveEntry, as last read */
  GHashTable        *named;         /* local name → PbDriveEntry of a mapping */
  PbRowStore        *rows;
  GCancellable      *cancellable;   /* the source's own work, cancelled with it */
  GTask             *loading;       /* construction, until complete */
  char              *status;
  guint              probe_id;      /* asking gvfsd again */
  guint              probe_delay;   /* seconds */
  guint              kernel_reads;  /* kernel table reads started */
  guint              kernel_applied;/* the newest read applied, 0 before the first */
  guint              paths_pending; /* FUSE paths being looked up */
  guint              teardown_timeout; /* seconds an unmount may take */
  guint              available : 1;
  guint              probing : 1;
  guint              detached_loaded : 1;
};

void        pb_drive_source_sync                 (PbDriveSource        *self);
void        pb_drive_source_check_loaded         (PbDriveSource        *self);
gboolean    pb_drive_source_is_mounted           (PbDriveSource        *self,
                                                  GObject              *target);
GMount     *pb_drive_source_get_mount            (GObject              *backend);
void        pb_drive_source_reload_kernel_async  (PbDriveSource        *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    pb_drive_source_reload_kernel_finish (PbDriveSource        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        pb_drive_source_detach_async         (PbDriveSource        *self,
                                                  const char           *local_name,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean    pb_drive_source_detach_finish        (PbDriveSource        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void        pb_drive_source_fuse_path_async      (PbDriveSource        *self,
                                                  GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char       *pb_drive_source_fuse_path_finish     (PbDriveSource        *self,
                                                  GAsyncResult         *result);
void        pb_drive_source_attach_async         (PbDriveSource        *self,
                                                  const char           *local_name,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void        pb_drive_source_attach_finish        (PbDriveSource        *self,
                                                  GAsyncResult         *result);

G_END_DECLS
