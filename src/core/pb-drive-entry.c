/* pb-drive-entry.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-drive-entry.h"

/* The backend object of a drive row that is not a GMount: a kernel mount
 * (cifs, nfs, sshfs; its mount path is the local name) or a remembered drive
 * that is not connected (no mount path). GUnixMountEntry is a boxed copy made
 * anew on every change, and a row needs one object that stays the same. */
struct _PbDriveEntry
{
  GObject  parent_instance;

  char    *local_name;
  char    *remote_name;
  char    *mount_path;
  char    *type_name;
  GMount  *mount;       /* a mapping's GMount while it is connected */
};

G_DEFINE_FINAL_TYPE (PbDriveEntry, pb_drive_entry, G_TYPE_OBJECT)

static void
pb_drive_entry_finalize (GObject *object)
{
  PbDriveEntry *self = (PbDriveEntry *)object;

  g_clear_pointer (&self->local_name, g_free);
  g_clear_pointer (&self->remote_name, g_free);
  g_clear_pointer (&self->mount_path, g_free);
  g_clear_pointer (&self->type_name, g_free);
  g_clear_object (&self->mount);

  G_OBJECT_CLASS (pb_drive_entry_parent_class)->finalize (object);
}

static void
pb_drive_entry_class_init (PbDriveEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_drive_entry_finalize;
}

static void
pb_drive_entry_init (PbDriveEntry *self)
{
}

PbDriveEntry *
pb_drive_entry_new (const char *local_name,
                    const char *remote_name,
                    const char *mount_path,
                    const char *type_name)
{
  PbDriveEntry *self = g_object_new (PB_TYPE_DRIVE_ENTRY, NULL);

  self->local_name = g_strdup (local_name);
  self->remote_name = g_strdup (remote_name);
  self->mount_path = g_strdup (mount_path);
  self->type_name = g_strdup (type_name);

  return self;
}

const char *
pb_drive_entry_get_local_name (PbDriveEntry *self)
{
  return self->local_name;
}

const char *
pb_drive_entry_get_remote_name (PbDriveEntry *self)
{
  return self->remote_name;
}

const char *
pb_drive_entry_get_mount_path (PbDriveEntry *self)
{
  return self->mount_path;
}

const char *
pb_drive_entry_get_type_name (PbDriveEntry *self)
{
  return self->type_name;
}

/* A mapping's entry stays its row's backend whether it is connected or not:
 * its GMount comes and goes. */
GMount *
pb_drive_entry_get_mount (PbDriveEntry *self)
{
  return self->mount;
}

void
pb_drive_entry_set_mount (PbDriveEntry *self,
                          GMount       *mount)
{
  g_set_object (&self->mount, mount);
}
