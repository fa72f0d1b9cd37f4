/* pb-drive-holder.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "pb-drive-holder.h"

/**
 * PbDriveHolder:
 *
 * A process that keeps a drive in use: it has a file or its working directory
 * under the drive's mount path, or GVfs reported a job of it in flight. This
 * is what "open files" means on Windows (D2); GVfs alone would let an idle
 * open file through. The command is the kernel's name for the process and the
 * app id is the Flatpak application it runs in, if any.
 */
struct _PbDriveHolder
{
  GObject  parent_instance;

  GPid     pid;
  char    *command;
  char    *app_id;
  char    *path;
};

G_DEFINE_FINAL_TYPE (PbDriveHolder, pb_drive_holder, G_TYPE_OBJECT)

static void
pb_drive_holder_finalize (GObject *object)
{
  PbDriveHolder *self = (PbDriveHolder *)object;

  g_clear_pointer (&self->command, g_free);
  g_clear_pointer (&self->app_id, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (pb_drive_holder_parent_class)->finalize (object);
}

static void
pb_drive_holder_class_init (PbDriveHolderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_drive_holder_finalize;
}

static void
pb_drive_holder_init (PbDriveHolder *self)
{
}

GPid
pb_drive_holder_get_pid (PbDriveHolder *self)
{
  g_return_val_if_fail (PB_IS_DRIVE_HOLDER (self), 0);

  return self->pid;
}

const char *
pb_drive_holder_get_command (PbDriveHolder *self)
{
  g_return_val_if_fail (PB_IS_DRIVE_HOLDER (self), NULL);

  return self->command;
}

/**
 * pb_drive_holder_get_app_id:
 *
 * Returns: (nullable): the Flatpak app id, e.g. `org.gnome.TextEditor`
 */
const char *
pb_drive_holder_get_app_id (PbDriveHolder *self)
{
  g_return_val_if_fail (PB_IS_DRIVE_HOLDER (self), NULL);

  return self->app_id;
}

/**
 * pb_drive_holder_get_path:
 *
 * Returns: (nullable): the file (or working directory) under the drive the
 *   process holds, the first one found; %NULL for a process GVfs named
 */
const char *
pb_drive_holder_get_path (PbDriveHolder *self)
{
  g_return_val_if_fail (PB_IS_DRIVE_HOLDER (self), NULL);

  return self->path;
}

/* Flatpak runs each app in a systemd scope "app-flatpak-APPID-NUMBER.scope". */
static char *
read_app_id (const char *proc_dir)
{
  g_autofree char *path = g_build_filename (proc_dir, "cgroup", NULL);
  g_autofree char *cgroup = NULL;
  const char *start;
  const char *end;

  if (!g_file_get_contents (path, &cgroup, NULL, NULL) ||
      (start = strstr (cgroup, "app-flatpak-")) == NULL ||
      (end = strstr (start, ".scope")) == NULL)
    return NULL;

  start += strlen ("app-flatpak-");
  while (end > start && end[-1] != '-')
    end--;

  return end - 1 > start ? g_strndup (start, end - 1 - start) : NULL;
}

static PbDriveHolder *
holder_new (GPid        pid,
            const char *proc_dir,
            char       *path)
{
  PbDriveHolder *self = g_object_new (PB_TYPE_DRIVE_HOLDER, NULL);
  g_autofree char *comm_path = g_build_filename (proc_dir, "comm", NULL);
  g_autofree char *comm = NULL;

  self->pid = pid;
  if (g_file_get_contents (comm_path, &comm, NULL, NULL))
    self->command = g_strdup (g_strstrip (comm));
  else
    self->command = g_strdup ("?");
  self->app_id = read_app_id (proc_dir);
  self->path = path;

  return self;
}

/* The target of @link when it is at or under one of @paths, else %NULL. */
static char *
link_under (const char         *link,
            const char * const *paths)
{
  g_autofree char *target = g_file_read_link (link, NULL);

  if (target == NULL)
    return NULL;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      gsize len = strlen (paths[i]);

      if (strncmp (target, paths[i], len) == 0 && (target[len] == '\0' || target[len] == '/'))
        return g_steal_pointer (&target);
    }

  return NULL;
}

/* The first file under @paths the process holds (its working directory
 * first), so that a person is told which file to close. */
static char *
process_holds (const char         *proc_dir,
               const char * const *paths)
{
  g_autofree char *cwd = g_build_filename (proc_dir, "cwd", NULL);
  g_autofree char *fd_path = g_build_filename (proc_dir, "fd", NULL);
  g_autoptr(GDir) fds = NULL;
  const char *fd;
  char *held;

  if ((held = link_under (cwd, paths)) != NULL)
    return held;

  /* A process we may not inspect, or that just ended, holds nothing we can name. */
  if ((fds = g_dir_open (fd_path, 0, NULL)) == NULL)
    return NULL;

  while ((fd = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *link = g_build_filename (fd_path, fd, NULL);

      if ((held = link_under (link, paths)) != NULL)
        return held;
    }

  return NULL;
}

typedef struct {
  GStrv   paths;
  GArray *also;
} FindData;

static void
find_data_free (FindData *data)
{
  g_strfreev (data->paths);
  g_array_unref (data->also);
  g_free (data);
}

/* /proc is read in a worker thread: a process list can be long and a stale
 * FUSE link slow to resolve, and the main loop must never wait on either. */
static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindData *data = task_data;
  g_autoptr(GPtrArray) holders = g_ptr_array_new_with_free_func (g_object_unref);
  /* With no path and no pid there is nobody to find. */
  g_autoptr(GDir) proc = data->paths[0] != NULL || data->also->len > 0 ? g_dir_open ("/proc", 0, NULL) : NULL;
  GPid self_pid = getpid ();
  const char *entry;

  /* A cancelled look-up stops between two processes. */
  while (proc != NULL && !g_cancellable_is_cancelled (cancellable) && (entry = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *proc_dir = NULL;
      g_autofree char *held = NULL;
      guint64 pid;
      gboolean wanted = FALSE;

      if (!g_ascii_string_to_unsigned (entry, 10, 1, G_MAXINT, &pid, NULL) || (GPid)pid == self_pid)
        continue;

      for (guint i = 0; i < data->also->len && !wanted; i++)
        wanted = g_array_index (data->also, GPid, i) == (GPid)pid;

      proc_dir = g_build_filename ("/proc", entry, NULL);
      held = data->paths[0] != NULL ? process_holds (proc_dir, (const char * const *)data->paths) : NULL;
      if (wanted || held != NULL)
        g_ptr_array_add (holders, holder_new (pid, proc_dir, g_steal_pointer (&held)));

      if (g_task_return_error_if_cancelled (task))
        return;
    }

  g_task_return_pointer (task, g_steal_pointer (&holders), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * pb_drive_holders_find_async:
 * @paths: mount paths; a process holds one if its working directory or an
 *   open file is at or under it
 * @also: (array length=n_also) (nullable): processes to name in any case,
 *   such as those GVfs's show-processes reported
 *
 * Lists the processes holding @paths, reading `/proc` off the main loop.
 */
void
pb_drive_holders_find_async (const char * const  *paths,
                             const GPid          *also,
                             guint                n_also,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  FindData *data = g_new0 (FindData, 1);

  g_task_set_source_tag (task, pb_drive_holders_find_async);
  data->paths = g_strdupv ((char **)paths);
  data->also = g_array_sized_new (FALSE, FALSE, sizeof (GPid), n_also);
  if (n_also > 0)
    g_array_append_vals (data->also, also, n_also);
  g_task_set_task_data (task, data, (GDestroyNotify)find_data_free);
  g_task_run_in_thread (task, find_thread);
}

/**
 * pb_drive_holders_find_finish:
 *
 * Returns: (transfer container) (element-type PbDriveHolder): the holders,
 *   by pid
 */
GPtrArray *
pb_drive_holders_find_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pb_drive_holders_describe:
 * @holders: (element-type PbDriveHolder): processes
 *
 * Returns: (transfer full): "cat (1234), org.example.App (99)" for messages
 */
char *
pb_drive_holders_describe (GPtrArray *holders)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < holders->len; i++)
    {
      PbDriveHolder *holder = g_ptr_array_index (holders, i);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s (%d)", holder->app_id ? holder->app_id : holder->command, holder->pid);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
