/* pb-drive-source.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "pb-drive-entry.h"
#include "pb-drive-source-private.h"
#include "pb-session.h"
#include "pb-error.h"
#include "pb-teardown-private.h"
#include "pb-util-private.h"

/**
 * PbDriveSource:
 *
 * The network drives of this session (SEMANTICS §3): GVfs mounts of network
 * schemes from #GVolumeMonitor, kernel network mounts (cifs, nfs, sshfs) from
 * the mount table, and the remembered drives of the #PbProfile that are not
 * connected now. A row's backend is the #GMount, or a #PbDriveEntry for a
 * kernel mount or a remembered drive.
 *
 * A drive's local name is the name it was mapped under (remembered, or for
 * this session only) or else its mount path; its remote name is its URI
 * without the user, normalised by pb_drive_normalize_uri(); its mount path is
 * the FUSE path of a GVfs mount. State is "connected" or "remembered"; a
 * connected drive that is also remembered has #PbConnection:remembered set.
 */

static const char * const network_schemes[] = {
  "smb", "sftp", "ssh", "dav", "davs", "ftp", "ftps", "nfs", "afp", "webdav", "webdavs", NULL
};
static const char * const kernel_fs_types[] = {
  "cifs", "smb3", "nfs", "nfs4", "fuse.sshfs", NULL
};

static void pb_drive_source_source_iface_init (PbSourceInterface *iface);
static void pb_drive_source_forget_stale_detached (PbDriveSource *self,
                                                   GPtrArray     *mounts);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbDriveSource, pb_drive_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pb_source_list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (PB_TYPE_SOURCE, pb_drive_source_source_iface_init))

enum {
  PROP_0,
  /* PbSource */
  PROP_AVAILABLE,
  PROP_STATUS,
};

static GQuark mount_path_quark;
static GQuark mount_path_pending_quark;

/* The kernel's mount table: /proc/self/mountinfo is read in a worker
 * thread (a read of /proc can wait on a hung network file system), and the
 * newest read started is the one kept. */

typedef struct {
  char *path;
  char *device;
  char *fs_type;
} KernelMount;

static void
kernel_mount_free (KernelMount *km)
{
  g_free (km->path);
  g_free (km->device);
  g_free (km->fs_type);
  g_free (km);
}

static void
read_kernel_mounts_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify)kernel_mount_free);
  GList *entries = g_unix_mounts_get (NULL);

  for (GList *l = entries; l != NULL; l = l->next)
    {
      GUnixMountEntry *entry = l->data;
      KernelMount *km;

      if (!g_strv_contains (kernel_fs_types, g_unix_mount_get_fs_type (entry)))
        continue;

      km = g_new0 (KernelMount, 1);
      km->path = g_strdup (g_unix_mount_get_mount_path (entry));
      km->device = g_strdup (g_unix_mount_get_device_path (entry));
      km->fs_type = g_strdup (g_unix_mount_get_fs_type (entry));
      g_ptr_array_add (found, km);
    }
  g_list_free_full (entries, (GDestroyNotify)g_unix_mount_free);

  g_task_return_pointer (task, found, (GDestroyNotify)g_ptr_array_unref);
}

/* Makes @found the kernel table, keeping the entries that did not change
 * (a row keeps its backend). */
static void
apply_kernel_mounts (PbDriveSource *self,
                     GPtrArray     *found)
{
  g_autoptr(GHashTable) kernel = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < found->len; i++)
    {
      KernelMount *km = g_ptr_array_index (found, i);
      g_autofree char *remote = pb_drive_kernel_remote_name (km->fs_type, km->device);
      PbDriveEntry *old = g_hash_table_lookup (self->kernel, km->path);

      if (old != NULL && g_str_equal (pb_drive_entry_get_remote_name (old), remote))
        g_hash_table_insert (kernel, g_strdup (km->path), g_object_ref (old));
      else
        g_hash_table_insert (kernel, g_strdup (km->path), pb_drive_entry_new (km->path, remote, km->path, km->fs_type));
    }

  g_hash_table_unref (self->kernel);
  self->kernel = g_steal_pointer (&kernel);
}

static void
kernel_mounts_read_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbDriveSource *self = PB_DRIVE_SOURCE (object);
  guint serial = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  g_autoptr(GPtrArray) found = g_task_propagate_pointer (G_TASK (result), NULL);

  /* A read that started before the one applied last is older news; a
   * source being disposed has no rows to update. */
  if (found != NULL && serial > self->kernel_applied && !g_cancellable_is_cancelled (self->cancellable))
    {
      self->kernel_applied = serial;
      apply_kernel_mounts (self, found);
      pb_drive_source_sync (self);
    }

  pb_drive_source_check_loaded (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * pb_drive_source_reload_kernel_async:
 *
 * Reads the kernel's mount table again, off the main loop, and brings the
 * rows in line with it before @callback runs: pb_drive_source_is_mounted()
 * then says what the table said.
 */
void
pb_drive_source_reload_kernel_async (PbDriveSource       *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) read = g_task_new (self, self->cancellable, kernel_mounts_read_cb, g_steal_pointer (&task));

  g_task_set_source_tag (read, pb_drive_source_reload_kernel_async);
  g_task_set_task_data (read, GUINT_TO_POINTER (++self->kernel_reads), NULL);
  g_task_run_in_thread (read, read_kernel_mounts_thread);
}

gboolean
pb_drive_source_reload_kernel_finish (PbDriveSource  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The FUSE path of a GVfs mount: g_file_get_path() may ask gvfsd over D-Bus
 * (synchronously) when GVfs has not cached the mount's details, so it runs
 * in a worker thread; the row gets its path when the answer comes. It never
 * changes for a mount, so it is kept on the mount ("" when there is none). */

static void
fuse_path_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_task_return_pointer (task, g_file_get_path (G_FILE (task_data)), g_free);
}

static void
fuse_path_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PbDriveSource *self = PB_DRIVE_SOURCE (object);
  g_autoptr(GMount) mount = user_data;
  char *path = g_task_propagate_pointer (G_TASK (result), NULL);

  g_object_set_qdata_full (G_OBJECT (mount), mount_path_quark, path ? path : g_strdup (""), g_free);
  self->paths_pending--;
  /* A source being disposed has no rows to update. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  pb_drive_source_sync (self);
  pb_drive_source_check_loaded (self);
}

/**
 * pb_drive_source_fuse_path_async:
 * @file: a location inside a GVfs mount
 *
 * Finds the local (FUSE) path of @file without waiting on gvfsd from the
 * main loop.
 */
void
pb_drive_source_fuse_path_async (PbDriveSource       *self,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pb_drive_source_fuse_path_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, fuse_path_thread);
}

/* Returns: (transfer full) (nullable): the path, or %NULL when it has none */
char *
pb_drive_source_fuse_path_finish (PbDriveSource *self,
                                  GAsyncResult  *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

static const char *
mount_path_of (PbDriveSource *self,
               GMount        *mount,
               GFile         *root)
{
  const char *path = g_object_get_qdata (G_OBJECT (mount), mount_path_quark);

  if (path == NULL && g_object_get_qdata (G_OBJECT (mount), mount_path_pending_quark) == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, fuse_path_cb, g_object_ref (mount));

      g_task_set_source_tag (task, mount_path_of);
      g_task_set_task_data (task, g_object_ref (root), g_object_unref);
      g_object_set_qdata (G_OBJECT (mount), mount_path_pending_quark, GINT_TO_POINTER (TRUE));
      self->paths_pending++;
      g_task_run_in_thread (task, fuse_path_thread);
    }

  return path != NULL && *path ? path : NULL;
}

typedef struct {
  char     *local_name;
  char     *remote_name;
  char     *mount_path;
  char     *type_name;
  gboolean  connected;
  gboolean  remembered;
} Row;

static void
row_free (Row *row)
{
  g_free (row->local_name);
  g_free (row->remote_name);
  g_free (row->mount_path);
  g_free (row->type_name);
  g_free (row);
}

/* A network GMount as the rows see it. */
typedef struct {
  GMount   *mount;
  char     *uri;       /* its root, user kept */
  char     *remote;    /* its root, no user */
  char     *path;      /* FUSE path, or NULL (not known yet, or none) */
  char     *scheme;
  gboolean  named;     /* some mapping's row shows it */
} MountInfo;

static void
mount_info_free (MountInfo *mi)
{
  g_object_unref (mi->mount);
  g_free (mi->uri);
  g_free (mi->remote);
  g_free (mi->path);
  g_free (mi->scheme);
  g_free (mi);
}

static MountInfo *
mount_info_new (PbDriveSource *self,
                GMount        *mount)
{
  g_autoptr(GFile) root = g_mount_get_root (mount);
  g_autofree char *uri = g_file_get_uri (root);
  g_autofree char *scheme = g_uri_parse_scheme (uri);
  MountInfo *mi;

  if (scheme == NULL || !g_strv_contains (network_schemes, scheme))
    return NULL;

  mi = g_new0 (MountInfo, 1);
  mi->mount = g_object_ref (mount);
  mi->uri = pb_drive_normalize_uri (uri, TRUE);
  mi->remote = pb_drive_normalize_uri (uri, FALSE);
  mi->path = g_strdup (mount_path_of (self, mount, root));
  mi->scheme = g_steal_pointer (&scheme);

  if (mi->uri == NULL)
    {
      mount_info_free (mi);
      return NULL;
    }

  return mi;
}

/* A mapping's entry, by local name: the same object while the name maps
 * the same remote name, so that its row stays one row when its drive
 * connects or disconnects. */
static PbDriveEntry *
named_entry (PbDriveSource *self,
             GHashTable    *named,
             const char    *local_name,
             const char    *remote_name)
{
  g_autofree char *normalized = pb_drive_normalize_uri (remote_name, FALSE);
  const char *remote = normalized ? normalized : remote_name;
  PbDriveEntry *entry = g_hash_table_lookup (self->named, local_name);

  if (entry == NULL || g_strcmp0 (pb_drive_entry_get_remote_name (entry), remote) != 0)
    {
      g_autofree char *scheme = g_uri_parse_scheme (remote_name);

      entry = pb_drive_entry_new (local_name, remote, NULL, scheme);
    }
  else
    g_object_ref (entry);

  g_hash_table_insert (named, g_strdup (local_name), entry);

  return entry;
}

static void
add_row (GPtrArray  *backends,
         GHashTable *rows,
         GObject    *backend,
         Row        *row)
{
  g_ptr_array_add (backends, g_object_ref (backend));
  g_hash_table_insert (rows, backend, row);
}

static Row *
row_new (const char *local_name,
         const char *remote_name,
         const char *mount_path,
         const char *type_name,
         gboolean    connected,
         gboolean    remembered)
{
  Row *row = g_new0 (Row, 1);

  row->local_name = g_strdup (local_name);
  row->remote_name = g_strdup (remote_name);
  row->mount_path = g_strdup (mount_path);
  row->type_name = g_strdup (type_name);
  row->connected = connected;
  row->remembered = remembered;

  return row;
}

/* One mapping: a remembered name, or one of this session's names. */
typedef struct {
  char      *name;
  char      *remote;
  MountInfo *mi;         /* the mount that holds it, or NULL */
  gboolean   remembered;
} Mapping;

static void
mapping_free (Mapping *m)
{
  g_free (m->name);
  g_free (m->remote);
  g_free (m);
}

/* Every mapping with the mount that holds its location: the remembered
 * names, then the session's (a name in both is the remembered one). A
 * remembered name detached from a mount another mapping keeps (see
 * pb_drive_source_detach_async()) holds none until it is restored. */
static GPtrArray *
list_mappings (PbDriveSource *self,
               GPtrArray     *mounts)
{
  GPtrArray *mappings = g_ptr_array_new_with_free_func ((GDestroyNotify)mapping_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  PbProfile *profiles[] = { self->profile, self->session };

  for (guint p = 0; p < G_N_ELEMENTS (profiles); p++)
    {
      g_auto(GStrv) names = pb_profile_dup_names (profiles[p]);

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *remote = NULL;
          g_autofree char *user = NULL;
          g_autofree char *location = NULL;
          Mapping *m;

          if (g_hash_table_contains (seen, names[i]) ||
              !pb_profile_lookup (profiles[p], names[i], &remote, &user))
            continue;

          m = g_new0 (Mapping, 1);
          m->name = g_strdup (names[i]);
          m->remote = g_steal_pointer (&remote);
          m->remembered = profiles[p] == self->profile;
          g_ptr_array_add (mappings, m);
          g_hash_table_add (seen, m->name);

          if ((m->remembered && self->detached != NULL && pb_profile_lookup (self->detached, m->name, NULL, NULL)) ||
              (location = pb_drive_mapping_uri (m->remote, user)) == NULL)
            continue;

          for (guint j = 0; j < mounts->len && m->mi == NULL; j++)
            if (pb_drive_uri_holds (((MountInfo *)g_ptr_array_index (mounts, j))->uri, location))
              m->mi = g_ptr_array_index (mounts, j);
        }
    }

  return mappings;
}

static PbConnection *
create_item (PbSource *source,
             GObject  *backend)
{
  return pb_connection_new (PB_CONNECTION_KIND_DRIVE, NULL);
}

static void
apply_row (PbConnection *item,
           const Row    *row)
{
  pb_connection_set_name (item, row->local_name);
  pb_connection_set_local_name (item, row->local_name);
  pb_connection_set_remote_name (item, row->remote_name);
  pb_connection_set_mount_path (item, row->mount_path);
  pb_connection_set_type_name (item, row->type_name);
  pb_connection_set_state (item, row->connected ? "connected" : "remembered");
  pb_connection_set_remembered (item, row->remembered);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (pb_drive_entry_get_local_name (*(PbDriveEntry **)a),
                    pb_drive_entry_get_local_name (*(PbDriveEntry **)b));
}

/**
 * pb_drive_source_sync:
 *
 * Brings the rows in line with the mounts, the kernel table and the
 * profiles, one row per local name (D1): each mapping is a row of its own,
 * even when another mapping's name shows the same mount (two names for one
 * share are two rows); a mount no mapping names is a row under its mount
 * path. A mapping's row keeps its backend (a #PbDriveEntry) whether it is
 * connected or remembered; the rows that stay are updated in place.
 */
void
pb_drive_source_sync (PbDriveSource *self)
{
  g_autoptr(GPtrArray) backends = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) mounts = g_ptr_array_new_with_free_func ((GDestroyNotify)mount_info_free);
  g_autoptr(GPtrArray) kernel = g_ptr_array_new ();
  g_autoptr(GPtrArray) mappings = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)row_free);
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  GListModel *store = G_LIST_MODEL (pb_source_get_store (PB_SOURCE (self)));
  GList *list = self->monitor ? g_volume_monitor_get_mounts (self->monitor) : NULL;
  GHashTableIter iter;
  gpointer entry;
  guint n;

  for (GList *l = list; l != NULL; l = l->next)
    {
      MountInfo *mi = mount_info_new (self, l->data);

      if (mi != NULL)
        g_ptr_array_add (mounts, mi);
    }
  g_list_free_full (list, g_object_unref);

  mappings = list_mappings (self, mounts);

  /* The mounts, in the monitor's order, each as its mappings' rows or its own. */
  for (guint i = 0; i < mounts->len; i++)
    {
      MountInfo *mi = g_ptr_array_index (mounts, i);

      for (guint j = 0; j < mappings->len; j++)
        {
          Mapping *m = g_ptr_array_index (mappings, j);
          PbDriveEntry *e;

          if (m->mi != mi)
            continue;

          e = named_entry (self, named, m->name, m->remote);
          pb_drive_entry_set_mount (e, mi->mount);
          add_row (backends, rows, G_OBJECT (e),
                   row_new (m->name, pb_drive_entry_get_remote_name (e), mi->path, mi->scheme, TRUE, m->remembered));
          mi->named = TRUE;
        }

      if (!mi->named)
        add_row (backends, rows, G_OBJECT (mi->mount),
                 row_new (mi->path ? mi->path : mi->remote, mi->remote, mi->path, mi->scheme, TRUE, FALSE));
    }

  g_hash_table_iter_init (&iter, self->kernel);
  while (g_hash_table_iter_next (&iter, NULL, &entry))
    g_ptr_array_add (kernel, entry);
  g_ptr_array_sort (kernel, compare_entries);
  for (guint i = 0; i < kernel->len; i++)
    {
      PbDriveEntry *e = g_ptr_array_index (kernel, i);

      add_row (backends, rows, G_OBJECT (e),
               row_new (pb_drive_entry_get_local_name (e), pb_drive_entry_get_remote_name (e),
                        pb_drive_entry_get_mount_path (e), pb_drive_entry_get_type_name (e), TRUE, FALSE));
    }

  /* Remembered drives no mount carries now. */
  for (guint j = 0; j < mappings->len; j++)
    {
      Mapping *m = g_ptr_array_index (mappings, j);
      PbDriveEntry *e;

      if (m->mi != NULL || !m->remembered)
        continue;

      e = named_entry (self, named, m->name, m->remote);
      pb_drive_entry_set_mount (e, NULL);
      add_row (backends, rows, G_OBJECT (e),
               row_new (m->name, pb_drive_entry_get_remote_name (e), NULL, pb_drive_entry_get_type_name (e),
                        FALSE, TRUE));
    }

  g_hash_table_unref (self->named);
  self->named = g_steal_pointer (&named);

  pb_source_sync (PB_SOURCE (self), backends, create_item, NULL);

  n = g_list_model_get_n_items (store);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (store, i);

      apply_row (item, g_hash_table_lookup (rows, pb_connection_get_backend (item)));
    }

  pb_drive_source_forget_stale_detached (self, mounts);
}

/**
 * pb_drive_source_get_mount:
 * @backend: a row's backend
 *
 * Returns: (transfer none) (nullable): the GVfs mount the row shows: the
 *   backend itself, or a connected mapping's mount
 */
GMount *
pb_drive_source_get_mount (GObject *backend)
{
  if (G_IS_MOUNT (backend))
    return G_MOUNT (backend);
  if (PB_IS_DRIVE_ENTRY (backend))
    return pb_drive_entry_get_mount (PB_DRIVE_ENTRY (backend));

  return NULL;
}

/**
 * pb_drive_source_is_mounted:
 * @target: a #GMount, or a kernel mount's #PbDriveEntry
 *
 * Whether @target is still mounted now: a GMount still in the monitor, a
 * kernel mount still in the kernel table as last read (see
 * pb_drive_source_reload_kernel_async()).
 */
gboolean
pb_drive_source_is_mounted (PbDriveSource *self,
                            GObject       *target)
{
  gboolean found = FALSE;

  if (G_IS_MOUNT (target))
    {
      GList *list = self->monitor ? g_volume_monitor_get_mounts (self->monitor) : NULL;

      found = g_list_find (list, target) != NULL;
      g_list_free_full (list, g_object_unref);
    }
  else
    {
      const char *path = pb_drive_entry_get_mount_path (PB_DRIVE_ENTRY (target));

      found = path != NULL && g_hash_table_contains (self->kernel, path);
    }

  return found;
}

/* The kernel flags /proc/self/mountinfo (POLLPRI) once per change of the
 * mount table. Watched here rather than with GUnixMountMonitor, whose
 * construction makes GIO's default VFS, which waits on gvfsd (see
 * "Construction" below). */
static gboolean
on_mountinfo_changed (int          fd,
                      GIOCondition condition,
                      gpointer     user_data)
{
  pb_drive_source_reload_kernel_async (user_data, NULL, NULL, NULL);

  return G_SOURCE_CONTINUE;
}

static void
pb_drive_source_dispose (GObject *object)
{
  PbDriveSource *self = (PbDriveSource *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->probe_id, g_source_remove);
  pb_source_clear (PB_SOURCE (self), NULL);
  g_clear_object (&self->monitor);
  g_clear_handle_id (&self->mountinfo_watch, g_source_remove);
  if (self->mountinfo_fd >= 0)
    close (self->mountinfo_fd);
  self->mountinfo_fd = -1;
  g_clear_object (&self->profile);
  g_clear_object (&self->session);
  g_clear_object (&self->detached);
  g_clear_object (&self->loading);

  G_OBJECT_CLASS (pb_drive_source_parent_class)->dispose (object);
}

static void
pb_drive_source_finalize (GObject *object)
{
  PbDriveSource *self = (PbDriveSource *)object;

  g_clear_pointer (&self->kernel, g_hash_table_unref);
  g_clear_pointer (&self->named, g_hash_table_unref);
  g_clear_pointer (&self->status, g_free);
  g_clear_object (&self->rows);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pb_drive_source_parent_class)->finalize (object);
}

static void
pb_drive_source_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PbDriveSource *self = PB_DRIVE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;

    case PROP_STATUS:
      if (self->status != NULL)
        g_value_set_string (value, self->status);
      else if (self->profile != NULL && pb_profile_get_error (self->profile) != NULL)
        g_value_set_string (value, pb_profile_get_error (self->profile)->message);
      else
        g_value_set_string (value, NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_drive_source_class_init (PbDriveSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_drive_source_dispose;
  object_class->finalize = pb_drive_source_finalize;
  object_class->get_property = pb_drive_source_get_property;

  g_object_class_override_property (object_class, PROP_AVAILABLE, "available");
  g_object_class_override_property (object_class, PROP_STATUS, "status");

  mount_path_quark = g_quark_from_static_string ("pb-drive-mount-path");
  mount_path_pending_quark = g_quark_from_static_string ("pb-drive-mount-path-pending");
}

static void
pb_drive_source_init (PbDriveSource *self)
{
  self->kernel = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->mountinfo_fd = -1;
  self->teardown_timeout = PB_TEARDOWN_DEFAULT_TIMEOUT;
  self->rows = pb_source_new_rows (PB_SOURCE (self));
}

/**
 * pb_drive_source_set_teardown_timeout:
 * @seconds: how long one unmount may take, at least 1
 *
 * The same bound as a link's or a port's teardown: a GVfs backend that
 * hangs, or an unmount that never returns, ends with %PB_ERROR_TIMEOUT.
 */
void
pb_drive_source_set_teardown_timeout (PbDriveSource *self,
                                      guint          seconds)
{
  g_return_if_fail (PB_IS_DRIVE_SOURCE (self));
  g_return_if_fail (seconds > 0 && seconds <= G_MAXUINT / 1000);

  self->teardown_timeout = seconds;
}

static void
pb_drive_source_disconnect_async (PbSource            *source,
                                  const char          *name,
                                  PbDisconnectFlags    flags,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  pb_drive_cancel_async (PB_DRIVE_SOURCE (source), name, flags, cancellable, callback, user_data);
}

static gboolean
pb_drive_source_disconnect_finish (PbSource      *source,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return pb_drive_cancel_finish (PB_DRIVE_SOURCE (source), result, NULL, error);
}

static PbRowStore *
pb_drive_source_get_rows (PbSource *source)
{
  return PB_DRIVE_SOURCE (source)->rows;
}

static void
pb_drive_source_source_iface_init (PbSourceInterface *iface)
{
  iface->disconnect_async = pb_drive_source_disconnect_async;
  iface->disconnect_finish = pb_drive_source_disconnect_finish;
  iface->get_rows = pb_drive_source_get_rows;
}

/**
 * pb_drive_source_get_profile:
 *
 * Returns: (transfer none): the remembered drives
 */
PbProfile *
pb_drive_source_get_profile (PbDriveSource *self)
{
  g_return_val_if_fail (PB_IS_DRIVE_SOURCE (self), NULL);

  return self->profile;
}

/* Detached names. Cancelling a remembered drive by its local name breaks
 * that one mapping (D1); when another mapping still uses the same GVfs
 * mount, unmounting would break that one too, so the name is detached
 * instead: listed in $XDG_RUNTIME_DIR/plugboard/detached.ini, where every
 * Plugboard process of the session sees it, and shown as remembered but not
 * connected. Restoring or mapping the name again attaches it; so does its
 * share being unmounted, and logging out (the runtime folder goes). */

static void
detached_edit_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pb_profile_remove_drive_finish (PB_PROFILE (object), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Keeping a stale detached name: %s", error->message);
}

/* Names detached from a mount that is gone now are attached again. */
static void
pb_drive_source_forget_stale_detached (PbDriveSource *self,
                                       GPtrArray     *mounts)
{
  g_auto(GStrv) names = NULL;

  if (self->detached == NULL || self->monitor == NULL)
    return;

  names = pb_profile_dup_names (self->detached);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *remote = NULL;
      g_autofree char *user = NULL;
      g_autofree char *location = NULL;
      gboolean held = FALSE;

      if (!pb_profile_lookup (self->detached, names[i], &remote, &user) ||
          (location = pb_drive_mapping_uri (remote, user)) == NULL)
        continue;

      for (guint j = 0; j < mounts->len && !held; j++)
        held = pb_drive_uri_holds (((MountInfo *)g_ptr_array_index (mounts, j))->uri, location);

      if (!held)
        pb_profile_remove_drive_async (self->detached, names[i], self->cancellable, detached_edit_cb, NULL);
    }
}

/**
 * pb_drive_source_detach_async:
 * @local_name: a remembered drive's name
 *
 * Shows @local_name as remembered but not connected, although the share it
 * maps stays mounted for another mapping (see above).
 */
void
pb_drive_source_detach_async (PbDriveSource       *self,
                              const char          *local_name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *remote = NULL;
  g_autofree char *user = NULL;

  if (!pb_profile_lookup (self->profile, local_name, &remote, &user))
    {
      g_task_report_new_error (self, callback, user_data, pb_drive_source_detach_async, PB_ERROR,
                               PB_ERROR_NOT_CONNECTED, _("%s is not a remembered drive."), local_name);
      return;
    }

  pb_profile_set_drive_async (self->detached, local_name, remote, user, NULL, cancellable, callback, user_data);
}

gboolean
pb_drive_source_detach_finish (PbDriveSource  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  if (g_task_is_valid (result, self))
    return g_task_propagate_boolean (G_TASK (result), error);

  return pb_profile_set_drive_finish (self->detached, result, error);
}

static void
attached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* A name that stays detached is shown as not connected: not worth failing
   * the map or restore that connected it. */
  if (!pb_profile_remove_drive_finish (PB_PROFILE (object), result, NULL, &error))
    g_debug ("Keeping a detached name: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

/**
 * pb_drive_source_attach_async:
 * @local_name: a remembered drive's name, restored or mapped again
 *
 * Ends a detachment, if there is one: the name shows its mount again. Done
 * (written) when @callback runs, so that a process may end then.
 */
void
pb_drive_source_attach_async (PbDriveSource       *self,
                              const char          *local_name,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, pb_drive_source_attach_async);

  if (self->detached == NULL || !pb_profile_lookup (self->detached, local_name, NULL, NULL))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  pb_profile_remove_drive_async (self->detached, local_name, NULL, attached_cb, g_steal_pointer (&task));
}

void
pb_drive_source_attach_finish (PbDriveSource *self,
                               GAsyncResult  *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

/* Construction. Nothing may wait on gvfsd from the main loop: the first
 * use of GIO's GVfs client (g_vfs_get_default(), g_volume_monitor_get())
 * makes synchronous D-Bus calls to it. So gvfsd is asked first, with an
 * asynchronous call and a short timeout; only when it answered is the
 * volume monitor made. A gvfsd that does not answer leaves the source
 * unavailable ("not answering"), asked again after 2, 4, 8 … up to 60 s, and
 * filled in when it answers. Meanwhile the kernel table is read, the
 * detached names loaded, and the FUSE paths of the mounts found; the source
 * is complete when all of these are. */

#define PROBE_TIMEOUT_MS      3000
#define PROBE_FIRST_DELAY_S   2
#define PROBE_MAX_DELAY_S     60

static void start_probe (PbDriveSource *self);

static void
set_unavailable (PbDriveSource *self,
                 const char    *status)
{
  gboolean was_available = self->available;

  self->available = FALSE;
  if (g_strcmp0 (self->status, status) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (status);
      g_object_notify (G_OBJECT (self), "status");
    }
  if (was_available)
    g_object_notify (G_OBJECT (self), "available");
}

static void
set_available (PbDriveSource *self)
{
  if (self->available)
    return;

  self->available = TRUE;
  self->probe_delay = 0;
  g_clear_pointer (&self->status, g_free);

  self->monitor = g_volume_monitor_get ();
  g_signal_connect_object (self->monitor, "mount-added", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "mount-removed", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "mount-changed", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);

  g_object_notify (G_OBJECT (self), "available");
  g_object_notify (G_OBJECT (self), "status");
  pb_drive_source_sync (self);
}

/* Called whenever a part of the construction is done. */
void
pb_drive_source_check_loaded (PbDriveSource *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->loading == NULL || self->probing || self->kernel_applied == 0 || self->paths_pending > 0 ||
      (self->detached != NULL && !self->detached_loaded))
    return;

  task = g_steal_pointer (&self->loading);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static gboolean
probe_again_cb (gpointer user_data)
{
  PbDriveSource *self = user_data;

  self->probe_id = 0;
  start_probe (self);

  return G_SOURCE_REMOVE;
}

static void
probe_failed (PbDriveSource *self,
              const char    *status,
              gboolean       again)
{
  self->probing = FALSE;
  set_unavailable (self, status);

  if (again)
    {
      self->probe_delay = self->probe_delay == 0 ? PROBE_FIRST_DELAY_S
                                                 : MIN (self->probe_delay * 2, PROBE_MAX_DELAY_S);
      self->probe_id = g_timeout_add_seconds (self->probe_delay, probe_again_cb, self);
    }

  pb_drive_source_check_loaded (self);
}

static void
list_mounts_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PbDriveSource) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  g_autofree char *remote_error = error ? g_dbus_error_get_remote_error (error) : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (reply != NULL)
    {
      self->probing = FALSE;
      /* gvfsd answered: GIO's own first calls to it will be answered too. */
      if (g_str_equal (G_OBJECT_TYPE_NAME (g_vfs_get_default ()), "GDaemonVfs"))
        set_available (self);
      else
        set_unavailable (self, _("GVfs is not available: GIO is not using it in this session. Install GVfs to "
                                 "see and map network drives."));
      pb_drive_source_check_loaded (self);
    }
  else if (g_strcmp0 (remote_error, "org.freedesktop.DBus.Error.ServiceUnknown") == 0 ||
           g_strcmp0 (remote_error, "org.freedesktop.DBus.Error.NameHasNoOwner") == 0)
    probe_failed (self, _("GVfs is not available: gvfsd is not on the session bus. Install GVfs or log in to a "
                          "desktop session to see and map network drives."), FALSE);
  else if (g_strcmp0 (remote_error, "org.freedesktop.DBus.Error.NoReply") == 0)
    {
      /* The bus's own answer, well within the probe's timeout: gvfsd left
       * the bus with the question unanswered. Its mounts may come back with
       * the next gvfsd, so it is asked again like one not answering. */
      g_autofree char *status = NULL;

      g_dbus_error_strip_remote_error (error);
      status = g_strdup_printf (_("GVfs stopped while it was asked for the network drives (gvfsd left the session "
                                  "bus: %s), so none can be listed now. They will show when GVfs is back; if they "
                                  "do not, restart your session."),
                                error->message);
      probe_failed (self, status, TRUE);
    }
  else
    {
      g_autofree char *status = NULL;

      g_dbus_error_strip_remote_error (error);
      status = g_strdup_printf (_("GVfs is not answering (gvfsd did not answer within %u seconds: %s). Network "
                                  "drives will show when it answers; if it does not, restart your session."),
                                PROBE_TIMEOUT_MS / 1000, error->message);
      probe_failed (self, status, TRUE);
    }
}

static void
probe_bus_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PbDriveSource) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);
  GCancellable *cancellable = self->cancellable;

  if (bus == NULL)
    {
      g_autofree char *status = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      status = g_strdup_printf (_("GVfs is not available: there is no session bus (%s). Log in to a desktop "
                                  "session to see and map network drives."),
                                error->message);
      probe_failed (self, status, FALSE);
      return;
    }

  /* ListMounts2 starts gvfsd if it is activatable and not running, as GIO
   * would; the answer itself is not needed, only that there is one. */
  g_dbus_connection_call (bus, "org.gtk.vfs.Daemon", "/org/gtk/vfs/mounttracker", "org.gtk.vfs.MountTracker",
                          "ListMounts2", g_variant_new ("(b)", TRUE), NULL, G_DBUS_CALL_FLAGS_NONE,
                          PROBE_TIMEOUT_MS, cancellable, list_mounts_cb, g_steal_pointer (&self));
}

static void
start_probe (PbDriveSource *self)
{
  self->probing = TRUE;
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, probe_bus_cb, g_object_ref (self));
}

static void
detached_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PbDriveSource) self = user_data;

  /* A detached list that cannot be read is an empty one. */
  pb_profile_load_finish (PB_PROFILE (object), result, NULL);
  self->detached_loaded = TRUE;
  pb_drive_source_sync (self);
  pb_drive_source_check_loaded (self);
}

/**
 * pb_drive_source_new_async:
 * @profile: the remembered drives, owned and loaded by the caller
 * @session_names: the names of drives mapped for this session only, likewise
 *
 * Makes the drive source: finds out whether GVfs answers, reads the kernel
 * mount table and lists the drives. The source is complete when @callback
 * runs. It never loads the two profiles itself: it reads them as they are
 * and follows their ::changed, so one loaded profile is shared by
 * everything in the process. A profile that cannot be read does not fail
 * this call: the source says so in #PbSource:status and the calls that need
 * the profile fail with its error (D8). A gvfsd that does not answer does
 * not hold it up for more than a few seconds (see above).
 */
void
pb_drive_source_new_async (PbProfile           *profile,
                           PbProfile           *session_names,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(PbDriveSource) self = NULL;
  g_autofree char *detached_path = NULL;
  g_autoptr(GFile) detached_file = NULL;

  g_return_if_fail (PB_IS_PROFILE (profile));
  g_return_if_fail (PB_IS_PROFILE (session_names));

  self = g_object_new (PB_TYPE_DRIVE_SOURCE, NULL);
  self->profile = g_object_ref (profile);
  self->session = g_object_ref (session_names);
  self->loading = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (self->loading, pb_drive_source_new_async);

  g_signal_connect_object (self->profile, "changed", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);

  /* Through the local VFS: GVfs's client must not be woken before gvfsd
   * has answered. */
  detached_path = g_build_filename (g_get_user_runtime_dir (), "plugboard", "detached.ini", NULL);
  detached_file = pb_local_file_new (detached_path);
  self->detached = pb_profile_new (detached_file);
  g_signal_connect_object (self->detached, "changed", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);
  pb_profile_load_async (self->detached, self->cancellable, detached_loaded_cb, g_object_ref (self));

  self->mountinfo_fd = open ("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
  if (self->mountinfo_fd >= 0)
    self->mountinfo_watch = g_unix_fd_add (self->mountinfo_fd, G_IO_PRI | G_IO_ERR, on_mountinfo_changed, self);
  pb_drive_source_reload_kernel_async (self, NULL, NULL, NULL);

  start_probe (self);
}

/**
 * pb_drive_source_new_finish:
 *
 * Returns: (transfer full): the source, or %NULL if @cancellable fired
 */
PbDriveSource *
pb_drive_source_new_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pb_drive_source_get_sandbox_notice:
 *
 * What a Flatpak sandbox hides from the drives: the kernel's mount table and
 * the processes there are the sandbox's own, so kernel network mounts are not
 * listed and a drive's holders are only those GVfs names. Front ends say it
 * once (the CLI on stderr with a drive listing, the window on its Drives page).
 *
 * Returns: (nullable): the sentence, translated, or %NULL outside a sandbox
 */
const char *
pb_drive_source_get_sandbox_notice (void)
{
  if (!pb_in_sandbox ())
    return NULL;

  return _("Inside its Flatpak sandbox Plugboard lists GVfs drives only: it cannot see kernel network mounts "
           "(cifs, nfs, sshfs), and of the programs using files on a drive it can name only those GVfs reports.");
}
