/* pb-session-restore.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-connection.h"
#include "pb-row-store.h"
#include "pb-session-private.h"

/* Back with their link: a remembered drive that rode on a link and went
 * down with it (disconnected by an ordered hang-up, or not mounted once the
 * link was gone) is restored when a link of the same profile is activated
 * again. No prompt: the password comes from the Secret Service, as for a
 * restore at login. A failed restore is tried again after 1, 2, 4 and 8
 * seconds, then given up; pb_session_stop_restoring() stops everything. One
 * ::link-drives-restored per link that came back says how it went.
 *
 * A drive the user disconnected while its link stayed up (more than 30
 * seconds before the link went) is not brought back: it is no longer
 * followed. Everything is decided on PbGraph::changed, which
 * follows the links, the mounts and the routes. */

#define MAX_ATTEMPTS 5
/* A drive unmounted this long before its link went was disconnected by the
 * user, not by the link going: it does not come back. (The process that hung
 * up in order may be another one: the window, the CLI.) */
#define CARRIED_GRACE_US (30 * G_USEC_PER_SEC)

typedef struct
{
  char        *uuid;      /* the profile of the link it rides on */
  char        *link_name;
  PbOperation *op;        /* the restore running now */
  gint64       back_at;   /* when its link was seen back, µs */
  gint64       unmounted_at; /* when it was seen unmounted with its link up */
  guint        retry_id;
  guint        attempt;
  guint        carried : 1; /* disconnected by an ordered hang-up */
  guint        waiting : 1; /* its link went: restore when it is back */
} Rider;

typedef struct
{
  char      *link_name;
  GPtrArray *results;     /* PbRestoreResult */
  guint      pending;
} Batch;

static void
rider_free (Rider *rider)
{
  g_clear_handle_id (&rider->retry_id, g_source_remove);
  g_clear_object (&rider->op);
  g_free (rider->uuid);
  g_free (rider->link_name);
  g_free (rider);
}

static void
batch_free (Batch *batch)
{
  g_free (batch->link_name);
  g_ptr_array_unref (batch->results);
  g_free (batch);
}

static const char *
link_uuid (PbConnection *link)
{
  GObject *backend = pb_connection_get_backend (link);

  return NM_IS_ACTIVE_CONNECTION (backend) ? nm_active_connection_get_uuid (NM_ACTIVE_CONNECTION (backend)) : NULL;
}

/* The first link a drive rides on. */
static PbConnection *
via_link (PbSession    *self,
          PbConnection *drive)
{
  GPtrArray *via = pb_graph_get_via (self->graph, drive);

  for (guint i = 0; via != NULL && i < via->len; i++)
    if (pb_connection_get_kind (g_ptr_array_index (via, i)) == PB_CONNECTION_KIND_LINK)
      return g_ptr_array_index (via, i);

  return NULL;
}

static void
batch_done_one (PbSession    *self,
                Rider        *rider,
                const char   *name,
                const GError *error)
{
  Batch *batch = g_hash_table_lookup (self->restore_batches, rider->uuid);
  PbRestoreResult *result;

  if (batch == NULL)
    return;

  result = g_new0 (PbRestoreResult, 1);
  result->local_name = g_strdup (name);
  result->error = error ? g_error_copy (error) : NULL;
  g_ptr_array_add (batch->results, result);

  if (--batch->pending == 0)
    {
      g_autofree char *uuid = g_strdup (rider->uuid);
      g_autoptr(GPtrArray) results = g_ptr_array_ref (batch->results);
      g_autofree char *link_name = g_strdup (batch->link_name);

      g_hash_table_remove (self->restore_batches, uuid);
      g_signal_emit_by_name (self, "link-drives-restored", link_name, results);
    }
}

static void start_restore (PbSession *self, const char *name, Rider *rider);

typedef struct {
  PbSession *self;
  char      *name;
} Retry;

static void
retry_free (Retry *retry)
{
  g_free (retry->name);
  g_free (retry);
}

static gboolean
retry_cb (gpointer user_data)
{
  Retry *retry = user_data;
  Rider *rider = g_hash_table_lookup (retry->self->riders, retry->name);

  if (rider != NULL)
    {
      rider->retry_id = 0;
      start_restore (retry->self, retry->name, rider);
    }

  return G_SOURCE_REMOVE;
}

static void
on_restore_finished (PbOperation *op,
                     PbSession   *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->riders);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Rider *rider = value;
      const char *name = key;

      if (rider->op != op)
        continue;
      g_clear_object (&rider->op);

      if (pb_operation_get_state (op) == PB_OPERATION_SUCCEEDED)
        {
          g_debug ("Restored %s %.1f ms after %s came back", name,
                   (g_get_monotonic_time () - rider->back_at) / 1000.0, rider->link_name);
          rider->waiting = FALSE;
          rider->attempt = 0;
          batch_done_one (self, rider, name, NULL);
          return;
        }

      if (pb_operation_get_state (op) == PB_OPERATION_CANCELLED || ++rider->attempt >= MAX_ATTEMPTS)
        {
          /* Given up: no longer followed until it is mounted again. */
          batch_done_one (self, rider, name, pb_operation_get_error (op));
          g_hash_table_iter_remove (&iter);
          return;
        }

      {
        Retry *retry = g_new0 (Retry, 1);

        retry->self = self;
        retry->name = g_strdup (name);
        rider->retry_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 1u << (rider->attempt - 1), retry_cb,
                                                      retry, (GDestroyNotify)retry_free);
      }
      return;
    }
}

static void
start_restore (PbSession  *self,
               const char *name,
               Rider      *rider)
{
  g_clear_object (&rider->op);
  rider->op = pb_session_start (self, PB_ACTION_RESTORE, g_variant_new_string (name));
  g_signal_connect_object (rider->op, "finished", G_CALLBACK (on_restore_finished), self, 0);
}

static void
on_graph_changed (PbSession *self)
{
  g_autoptr(GHashTable) active = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *links = G_LIST_MODEL (self->links);
  GListModel *drives = G_LIST_MODEL (self->drives);
  guint n;

  if (!self->restore_with_link || self->links == NULL || self->drives == NULL)
    return;

  n = g_list_model_get_n_items (links);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) link = g_list_model_get_item (links, i);
      const char *uuid = link_uuid (link);

      if (uuid != NULL && g_strcmp0 (pb_connection_get_state (link), "activated") == 0)
        g_hash_table_insert (active, (gpointer)uuid, link);
    }

  n = g_list_model_get_n_items (drives);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) drive = g_list_model_get_item (drives, i);
      const char *name = pb_connection_get_local_name (drive);
      Rider *rider;

      if (name == NULL || !pb_connection_get_remembered (drive))
        continue;
      g_hash_table_add (seen, (gpointer)name);
      rider = g_hash_table_lookup (self->riders, name);

      if (pb_connection_is_connected (drive))
        {
          PbConnection *link = via_link (self, drive);
          const char *uuid = link ? link_uuid (link) : NULL;

          if (uuid == NULL)
            continue;
          if (rider == NULL)
            {
              rider = g_new0 (Rider, 1);
              g_hash_table_insert (self->riders, g_strdup (name), rider);
            }
          /* Followed from now on, riding on this link's profile. */
          if (rider->op == NULL && rider->retry_id == 0)
            {
              g_free (rider->uuid);
              rider->uuid = g_strdup (uuid);
              g_free (rider->link_name);
              rider->link_name = g_strdup (pb_connection_get_name (link));
              rider->waiting = FALSE;
              rider->attempt = 0;
              rider->unmounted_at = 0;
            }
          continue;
        }

      if (rider == NULL || rider->op != NULL || rider->retry_id != 0 || rider->uuid == NULL)
        continue;

      if (!rider->waiting)
        {
          gint64 now = g_get_monotonic_time ();

          /* Unmounted with its link still up: by an ordered hang-up, or by
           * the user; the link going soon after tells which. */
          if (g_hash_table_contains (active, rider->uuid))
            {
              if (rider->unmounted_at == 0)
                rider->unmounted_at = now;
              continue;
            }
          if (rider->carried || rider->unmounted_at == 0 || now - rider->unmounted_at < CARRIED_GRACE_US)
            {
              rider->waiting = TRUE;
              rider->carried = FALSE;
              rider->unmounted_at = 0;
            }
          else
            g_hash_table_remove (self->riders, name);
          continue;
        }

      if (g_hash_table_contains (active, rider->uuid))
        {
          Batch *batch = g_hash_table_lookup (self->restore_batches, rider->uuid);

          if (batch == NULL)
            {
              batch = g_new0 (Batch, 1);
              batch->link_name = g_strdup (rider->link_name);
              batch->results = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_restore_result_free);
              g_hash_table_insert (self->restore_batches, g_strdup (rider->uuid), batch);
            }
          batch->pending++;
          rider->back_at = g_get_monotonic_time ();
          start_restore (self, name, rider);
        }
    }

  /* Forgotten drives are no longer followed. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->riders);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (seen, key))
        g_hash_table_iter_remove (&iter);
  }
}

/* An ordered hang-up disconnected @drive before its link: it is to come
 * back with the link, although it went while the link was still up. */
void
pb_session_note_carried (PbSession    *self,
                         PbConnection *drive,
                         gboolean      carried)
{
  Rider *rider;

  if (self->riders == NULL || pb_connection_get_local_name (drive) == NULL)
    return;

  rider = g_hash_table_lookup (self->riders, pb_connection_get_local_name (drive));
  if (rider != NULL)
    rider->carried = !!carried;
}

void
pb_session_restore_init (PbSession *self)
{
  self->riders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)rider_free);
  self->restore_batches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)batch_free);
  g_signal_connect_object (self->graph, "changed", G_CALLBACK (on_graph_changed), self, G_CONNECT_SWAPPED);
}

void
pb_session_restore_clear (PbSession *self)
{
  g_clear_pointer (&self->riders, g_hash_table_unref);
  g_clear_pointer (&self->restore_batches, g_hash_table_unref);
}

/**
 * pb_session_set_restore_with_link:
 * @enabled: whether remembered drives come back with their link
 *
 * For the front end that stays (the tray): the remembered drives that rode
 * on a link and went down with it are restored when a link of the same
 * profile is back, without prompts, with back-off on failure. Off by
 * default: a CLI command does nothing behind the user's back.
 */
void
pb_session_set_restore_with_link (PbSession *self,
                                  gboolean   enabled)
{
  g_return_if_fail (PB_IS_SESSION (self));

  if (self->restore_with_link == !!enabled)
    return;

  self->restore_with_link = !!enabled;
  if (!enabled)
    pb_session_stop_restoring (self);
  else
    on_graph_changed (self);
}

gboolean
pb_session_get_restore_with_link (PbSession *self)
{
  g_return_val_if_fail (PB_IS_SESSION (self), FALSE);

  return self->restore_with_link;
}

/**
 * pb_session_stop_restoring:
 *
 * Stops every restore that is waiting for a link, being retried or
 * running; the drives stay remembered, and are followed again once
 * mounted.
 */
void
pb_session_stop_restoring (PbSession *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (PB_IS_SESSION (self));

  g_hash_table_iter_init (&iter, self->riders);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Rider *rider = value;

      if (rider->op != NULL)
        pb_operation_cancel (rider->op);
    }
  g_hash_table_remove_all (self->riders);
  g_hash_table_remove_all (self->restore_batches);
}
