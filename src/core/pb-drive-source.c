/* pb-drive-source.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pb-drive-entry.h"
#include "pb-drive-source-private.h"
#include "pb-error.h"

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

static void
reload_kernel_mounts (PbDriveSource *self)
{
  g_autoptr(GHashTable) kernel = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  GList *entries = g_unix_mounts_get (NULL);

  for (GList *l = entries; l != NULL; l = l->next)
    {
      GUnixMountEntry *entry = l->data;
      const char *fs_type = g_unix_mount_get_fs_type (entry);
      const char *path = g_unix_mount_get_mount_path (entry);
      g_autofree char *remote = NULL;
      PbDriveEntry *old;

      if (!g_strv_contains (kernel_fs_types, fs_type))
        continue;

      remote = pb_drive_kernel_remote_name (fs_type, g_unix_mount_get_device_path (entry));
      old = g_hash_table_lookup (self->kernel, path);
      if (old != NULL && g_str_equal (pb_drive_entry_get_remote_name (old), remote))
        g_hash_table_insert (kernel, g_strdup (path), g_object_ref (old));
      else
        g_hash_table_insert (kernel, g_strdup (path), pb_drive_entry_new (path, remote, path, fs_type));
    }
  g_list_free_full (entries, (GDestroyNotify)g_unix_mount_free);

  g_hash_table_unref (self->kernel);
  self->kernel = g_steal_pointer (&kernel);
}

typedef struct {
  char     *local_name;
  char     *remote_name;
  char     *mount_path;
  char     *type_name;
  char     *key;         /* a GMount's identity, user kept */
  gboolean  connected;
  gboolean  remembered;
  gboolean  mapped;      /* local name from a mapping */
} Row;

static void
row_free (Row *row)
{
  g_free (row->local_name);
  g_free (row->remote_name);
  g_free (row->mount_path);
  g_free (row->type_name);
  g_free (row->key);
  g_free (row);
}

/* The FUSE path never changes for a mount; finding it may ask gvfsd. */
static const char *
mount_path_of (GMount *mount,
               GFile  *root)
{
  const char *path = g_object_get_qdata (G_OBJECT (mount), mount_path_quark);

  if (path == NULL)
    {
      char *found = g_file_get_path (root);

      path = found ? found : "";
      g_object_set_qdata_full (G_OBJECT (mount), mount_path_quark, (gpointer)path, found ? g_free : NULL);
    }

  return *path ? path : NULL;
}

static Row *
row_for_mount (GMount *mount)
{
  g_autoptr(GFile) root = g_mount_get_root (mount);
  g_autofree char *uri = g_file_get_uri (root);
  g_autofree char *scheme = g_uri_parse_scheme (uri);
  Row *row;

  if (scheme == NULL || !g_strv_contains (network_schemes, scheme))
    return NULL;

  row = g_new0 (Row, 1);
  row->key = pb_drive_normalize_uri (uri, TRUE);
  row->remote_name = pb_drive_normalize_uri (uri, FALSE);
  row->mount_path = g_strdup (mount_path_of (mount, root));
  row->local_name = g_strdup (row->mount_path ? row->mount_path : row->remote_name);
  row->type_name = g_steal_pointer (&scheme);
  row->connected = TRUE;

  if (row->key == NULL)
    {
      row_free (row);
      return NULL;
    }

  return row;
}

/* Gives each GMount the name of the first mapping whose location it holds;
 * names matched are added to @mapped. */
static void
match_mappings (PbProfile  *profile,
                gboolean    remembered,
                GPtrArray  *mounts,
                GHashTable *rows,
                GHashTable *mapped)
{
  g_auto(GStrv) names = pb_profile_dup_names (profile);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *remote = NULL;
      g_autofree char *user = NULL;
      g_autofree char *location = NULL;

      if (g_hash_table_contains (mapped, names[i]) ||
          !pb_profile_lookup (profile, names[i], &remote, &user) ||
          (location = pb_drive_mapping_uri (remote, user)) == NULL)
        continue;

      for (guint j = 0; j < mounts->len; j++)
        {
          Row *row = g_hash_table_lookup (rows, g_ptr_array_index (mounts, j));

          if (row->mapped || !pb_drive_uri_holds (row->key, location))
            continue;

          g_free (row->local_name);
          row->local_name = g_strdup (names[i]);
          g_free (row->remote_name);
          row->remote_name = pb_drive_normalize_uri (remote, FALSE);
          row->remembered = remembered;
          row->mapped = TRUE;
          g_hash_table_add (mapped, g_strdup (names[i]));
          break;
        }
    }
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (pb_drive_entry_get_local_name (*(PbDriveEntry **)a),
                    pb_drive_entry_get_local_name (*(PbDriveEntry **)b));
}

static void
add_entry (GPtrArray    *backends,
           GHashTable   *rows,
           PbDriveEntry *entry,
           gboolean      connected,
           gboolean      remembered)
{
  Row *row = g_new0 (Row, 1);

  row->local_name = g_strdup (pb_drive_entry_get_local_name (entry));
  row->remote_name = g_strdup (pb_drive_entry_get_remote_name (entry));
  row->mount_path = g_strdup (pb_drive_entry_get_mount_path (entry));
  row->type_name = g_strdup (pb_drive_entry_get_type_name (entry));
  row->connected = connected;
  row->remembered = remembered;

  g_ptr_array_add (backends, g_object_ref (entry));
  g_hash_table_insert (rows, entry, row);
}

/* Remembered drives that no mount carries now, each one stable row. */
static void
add_remembered (PbDriveSource *self,
                GPtrArray     *backends,
                GHashTable    *rows,
                GHashTable    *mapped)
{
  g_autoptr(GHashTable) remembered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_auto(GStrv) names = pb_profile_dup_names (self->profile);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *remote = NULL;
      g_autofree char *normalized = NULL;
      g_autofree char *scheme = NULL;
      PbDriveEntry *entry;

      if (g_hash_table_contains (mapped, names[i]) ||
          !pb_profile_lookup (self->profile, names[i], &remote, NULL))
        continue;

      normalized = pb_drive_normalize_uri (remote, FALSE);
      entry = g_hash_table_lookup (self->remembered, names[i]);
      if (entry == NULL || g_strcmp0 (pb_drive_entry_get_remote_name (entry), normalized) != 0)
        {
          scheme = g_uri_parse_scheme (remote);
          entry = pb_drive_entry_new (names[i], normalized ? normalized : remote, NULL, scheme);
        }
      else
        g_object_ref (entry);

      g_hash_table_insert (remembered, g_strdup (names[i]), entry);
      add_entry (backends, rows, entry, FALSE, TRUE);
    }

  g_hash_table_unref (self->remembered);
  self->remembered = g_steal_pointer (&remembered);
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

/**
 * pb_drive_source_sync:
 *
 * Brings the rows in line with the mounts, the mount table and the profiles:
 * rows come and go with their backend, and the rows that stay are updated in
 * place (a remembered drive that gets connected becomes its GMount's row).
 */
void
pb_drive_source_sync (PbDriveSource *self)
{
  g_autoptr(GPtrArray) backends = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) mounts = g_ptr_array_new ();
  g_autoptr(GPtrArray) kernel = g_ptr_array_new ();
  g_autoptr(GHashTable) rows = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)row_free);
  g_autoptr(GHashTable) mapped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *store = G_LIST_MODEL (pb_source_get_store (PB_SOURCE (self)));
  GList *list = self->monitor ? g_volume_monitor_get_mounts (self->monitor) : NULL;
  GHashTableIter iter;
  gpointer entry;
  guint n;

  for (GList *l = list; l != NULL; l = l->next)
    {
      Row *row = row_for_mount (l->data);

      if (row == NULL)
        continue;
      g_hash_table_insert (rows, l->data, row);
      g_ptr_array_add (mounts, l->data);
      g_ptr_array_add (backends, g_object_ref (l->data));
    }

  match_mappings (self->profile, TRUE, mounts, rows, mapped);
  match_mappings (self->session, FALSE, mounts, rows, mapped);

  g_hash_table_iter_init (&iter, self->kernel);
  while (g_hash_table_iter_next (&iter, NULL, &entry))
    g_ptr_array_add (kernel, entry);
  g_ptr_array_sort (kernel, compare_entries);
  for (guint i = 0; i < kernel->len; i++)
    add_entry (backends, rows, g_ptr_array_index (kernel, i), TRUE, FALSE);

  add_remembered (self, backends, rows, mapped);

  pb_source_sync (PB_SOURCE (self), backends, create_item, NULL);

  n = g_list_model_get_n_items (store);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (store, i);

      apply_row (item, g_hash_table_lookup (rows, pb_connection_get_backend (item)));
    }

  g_list_free_full (list, g_object_unref);
}

/**
 * pb_drive_source_is_mounted:
 * @backend: a row's backend
 *
 * Whether @backend is still mounted now: a GMount still in the monitor, a
 * kernel mount still in the mount table.
 */
gboolean
pb_drive_source_is_mounted (PbDriveSource *self,
                            GObject       *backend)
{
  gboolean found = FALSE;

  if (G_IS_MOUNT (backend))
    {
      GList *list = self->monitor ? g_volume_monitor_get_mounts (self->monitor) : NULL;

      found = g_list_find (list, backend) != NULL;
      g_list_free_full (list, g_object_unref);
    }
  else
    {
      const char *path = pb_drive_entry_get_mount_path (PB_DRIVE_ENTRY (backend));
      GUnixMountEntry *entry = path ? g_unix_mount_at (path, NULL) : NULL;

      found = entry != NULL;
      g_clear_pointer (&entry, g_unix_mount_free);
    }

  return found;
}

static void
on_unix_mounts_changed (PbDriveSource *self)
{
  reload_kernel_mounts (self);
  pb_drive_source_sync (self);
}

static void
pb_drive_source_dispose (GObject *object)
{
  PbDriveSource *self = (PbDriveSource *)object;

  pb_source_clear (PB_SOURCE (self), NULL);
  g_clear_object (&self->monitor);
  g_clear_object (&self->unix_monitor);
  g_clear_object (&self->profile);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (pb_drive_source_parent_class)->dispose (object);
}

static void
pb_drive_source_finalize (GObject *object)
{
  PbDriveSource *self = (PbDriveSource *)object;

  g_clear_pointer (&self->kernel, g_hash_table_unref);
  g_clear_pointer (&self->remembered, g_hash_table_unref);
  g_clear_pointer (&self->status, g_free);
  g_clear_object (&self->rows);

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
}

static void
pb_drive_source_init (PbDriveSource *self)
{
  self->kernel = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->remembered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->rows = pb_source_new_rows (PB_SOURCE (self));
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

/* Construction: is GVfs there (gvfsd on the session bus, or activatable)?
 * The monitors are made only when GVfs answers, so that a session without it
 * is an empty, explained source rather than a stream of warnings. */

/* Takes @task_in. The profiles are the owner's, loaded by it (or being
 * loaded): the source only reads them and follows ::changed. */
static void
finish_construction (GTask *task_in)
{
  g_autoptr(GTask) task = task_in;
  PbDriveSource *self = g_task_get_task_data (task);

  if (self->available)
    {
      self->monitor = g_volume_monitor_get ();
      g_signal_connect_object (self->monitor, "mount-added", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->monitor, "mount-removed", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->monitor, "mount-changed", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);
    }

  self->unix_monitor = g_unix_mount_monitor_get ();
  g_signal_connect_object (self->unix_monitor, "mounts-changed",
                           G_CALLBACK (on_unix_mounts_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profile, "changed", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (pb_drive_source_sync), self, G_CONNECT_SWAPPED);

  reload_kernel_mounts (self);
  pb_drive_source_sync (self);

  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static void
set_unavailable (PbDriveSource *self,
                 const char    *status)
{
  self->available = FALSE;
  g_free (self->status);
  self->status = g_strdup (status);
}

static void
list_activatable_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbDriveSource *self = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);
  g_autofree const char **names = NULL;

  if (reply != NULL)
    g_variant_get (reply, "(^a&s)", &names);

  if (names != NULL && g_strv_contains ((const char * const *)names, "org.gtk.vfs.Daemon"))
    self->available = TRUE;
  else
    set_unavailable (self, _("GVfs is not available: gvfsd is not on the session bus. Install GVfs or log in to a "
                             "desktop session to see and map network drives."));

  finish_construction (g_steal_pointer (&task));
}

static void
name_has_owner_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbDriveSource *self = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);
  GCancellable *cancellable;
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);

  if (owned)
    {
      self->available = TRUE;
      finish_construction (g_steal_pointer (&task));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_dbus_connection_call (G_DBUS_CONNECTION (object), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "ListActivatableNames", NULL, G_VARIANT_TYPE ("(as)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                          list_activatable_cb, g_steal_pointer (&task));
}

static void
bus_get_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbDriveSource *self = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);
  GCancellable *cancellable;

  if (bus == NULL)
    {
      g_autofree char *status = g_strdup_printf (_("GVfs is not available: there is no session bus (%s). Log in to "
                                                   "a desktop session to see and map network drives."),
                                                 error->message);
      set_unavailable (self, status);
      finish_construction (g_steal_pointer (&task));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "NameHasOwner", g_variant_new ("(s)", "org.gtk.vfs.Daemon"), G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                          name_has_owner_cb, g_steal_pointer (&task));
}

/**
 * pb_drive_source_new_async:
 * @profile: the remembered drives, owned and loaded by the caller
 * @session_names: the names of drives mapped for this session only, likewise
 *
 * Makes the drive source: finds out whether GVfs answers and lists the
 * drives. The source is complete when @callback runs. It never loads the
 * profiles itself: it reads them as they are and follows their ::changed, so
 * one loaded profile is shared by everything in the process. A profile that
 * cannot be read does not fail this call: the source says so in
 * #PbSource:status and the calls that need the profile fail with its error
 * (D8).
 */
void
pb_drive_source_new_async (PbProfile           *profile,
                           PbProfile           *session_names,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PbDriveSource *self;

  g_return_if_fail (PB_IS_PROFILE (profile));
  g_return_if_fail (PB_IS_PROFILE (session_names));

  task = g_task_new (NULL, cancellable, callback, user_data);
  self = g_object_new (PB_TYPE_DRIVE_SOURCE, NULL);
  self->profile = g_object_ref (profile);
  self->session = g_object_ref (session_names);

  g_task_set_source_tag (task, pb_drive_source_new_async);
  g_task_set_task_data (task, self, g_object_unref);

  if (!g_str_equal (G_OBJECT_TYPE_NAME (g_vfs_get_default ()), "GDaemonVfs"))
    {
      set_unavailable (self, _("GVfs is not available: GIO is not using it in this session. Install GVfs to see "
                               "and map network drives."));
      finish_construction (g_steal_pointer (&task));
      return;
    }

  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_get_cb, g_steal_pointer (&task));
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
