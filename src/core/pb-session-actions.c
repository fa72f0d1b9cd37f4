/* pb-session-actions.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-connection.h"
#include "pb-drive-secret.h"
#include "pb-drive-source-private.h"
#include "pb-error.h"
#include "pb-session-private.h"
#include "pb-uri.h"

/* What each of the session's actions runs: the core call that does it, with
 * the operation's cancellable, and the outcome recorded on the operation. */

/* The session was made without the part an action needs, or it could not
 * be loaded: the load's own error says why. */
static GError *
missing_part (PbSession  *self,
              const char *message)
{
  if (self->load_error != NULL)
    return g_error_copy (self->load_error);

  return g_error_new_literal (PB_ERROR, PB_ERROR_CALL_NOT_IMPLEMENTED, message);
}

/* ------------------------------------------------------------- actions */

static void
activate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PbSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *handle = pb_link_activate_finish (PB_LINK_SOURCE (object), result, &error);

  pb_operation_set_handle (call->op, handle);
  pb_session_finish_operation (call->self, call->op, error);
}

static void
map_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(PbSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *mount_path = NULL;
  g_autofree char *warning = NULL;

  if (pb_drive_map_finish (PB_DRIVE_SOURCE (object), result, &mount_path, &warning, &error))
    {
      pb_operation_set_mount_path (call->op, mount_path);
      pb_operation_set_warning (call->op, warning);
    }
  pb_session_finish_operation (call->self, call->op, error);
}

static void
cancel_drive_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holders = NULL;

  pb_drive_cancel_finish (PB_DRIVE_SOURCE (object), result, &holders, &error);
  pb_operation_set_holders (call->op, holders);
  pb_session_finish_operation (call->self, call->op, error);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PbSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) results = pb_drive_restore_finish (PB_DRIVE_SOURCE (object), result, &error);

  if (results != NULL)
    {
      g_auto(GStrv) order = pb_profile_dup_names (call->self->profile);
      g_autoptr(GPtrArray) ordered = pb_restore_results_new_ordered (results, (const char * const *)order);

      pb_operation_set_restore_results (call->op, ordered);
    }
  pb_session_finish_operation (call->self, call->op, error);
}

/* One remembered drive restored: mapped again under its remembered name. */
static void
restore_one_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PbSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_restore_result_free);
  PbRestoreResult *one = g_new0 (PbRestoreResult, 1);
  gboolean ok = pb_drive_map_finish (PB_DRIVE_SOURCE (object), result, NULL, NULL, &error);

  one->local_name = g_strdup (pb_operation_get_target (call->op));
  one->error = ok ? NULL : g_error_copy (error);
  g_ptr_array_add (results, one);
  pb_operation_set_restore_results (call->op, results);
  pb_session_finish_operation (call->self, call->op, error);
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PbSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;

  /* The drive is remembered either way; restoring it will ask again. */
  if (!pb_drive_secret_store_finish (result, &error))
    {
      g_autofree char *warning = g_strdup_printf (_("%s is remembered, but its password could not be stored in the "
                                                     "Secret Service (%s): restoring it will need the password "
                                                    "again."),
                                                  pb_operation_get_target (call->op), error->message);

      pb_operation_set_warning (call->op, warning);
    }
  pb_session_finish_operation (call->self, call->op, NULL);
}

static void
remember_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PbSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;
  const char *uri, *name, *user, *password = NULL;

  if (!pb_profile_set_drive_finish (PB_PROFILE (object), result, &error))
    {
      pb_session_finish_operation (call->self, call->op, error);
      return;
    }

  /* (sss), or (ssss) with a password to keep for the restore. */
  if (g_variant_n_children (call->parameter) > 3)
    g_variant_get (call->parameter, "(&s&s&s&s)", &uri, &name, &user, &password);
  else
    g_variant_get (call->parameter, "(&s&s&s)", &uri, &name, &user);

  if (password != NULL && *password != '\0' && *user != '\0')
    {
      g_autofree char *remote = pb_drive_normalize_uri (uri, FALSE);
      g_autofree char *mapping = pb_drive_mapping_uri (remote, user);
      PbSessionCall *next = pb_session_call_new (call->self, call->op, NULL);

      pb_drive_secret_store_async (mapping, user, password, NULL, secret_stored_cb, next);
      return;
    }

  pb_session_finish_operation (call->self, call->op, NULL);
}

static void
secret_cleared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PbSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;

  /* D5: forgetting clears the secret too; a password left behind is a
   * failure of the forget, as the drive source reports it. */
  if (!pb_drive_secret_clear_finish (result, &error))
    {
      g_autoptr(GError) failure = g_error_new (PB_ERROR, PB_ERROR_EXTENDED,
                                               _("%s is forgotten, but its password could not be removed from the "
                                                 "Secret Service: %s"),
                                               pb_operation_get_target (call->op), error->message);

      pb_session_finish_operation (call->self, call->op, failure);
      return;
    }
  pb_session_finish_operation (call->self, call->op, NULL);
}

/* D4: neither mounted nor remembered. */
static GError *
not_connected (const char *name)
{
  return g_error_new (PB_ERROR, PB_ERROR_NOT_CONNECTED,
                      _("Cannot disconnect “%s”: it is neither a connected drive nor a remembered one. List the "
                        "drives to see their names."), name);
}

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PbSessionCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *user = NULL;
  g_autofree char *mapping = NULL;
  gboolean removed = FALSE;

  if (!pb_profile_remove_drive_finish (PB_PROFILE (object), result, &removed, &error))
    {
      pb_session_finish_operation (call->self, call->op, error);
      return;
    }
  if (!removed)
    {
      g_autoptr(GError) gone = not_connected (pb_operation_get_target (call->op));

      pb_session_finish_operation (call->self, call->op, gone);
      return;
    }

  g_variant_get (call->parameter, "(ss)", &remote, &user);
  mapping = *user != '\0' ? pb_drive_mapping_uri (remote, user) : NULL;
  /* The password stays while another remembered drive still logs in with
   * it (GVfs keeps one per server and user, not one per share). */
  if (mapping == NULL || pb_drive_secret_still_needed (call->self->profile, remote, user))
    {
      pb_session_finish_operation (call->self, call->op, NULL);
      return;
    }

  pb_drive_secret_clear_async (mapping, user, NULL, secret_cleared_cb,
                               pb_session_call_new (call->self, call->op, NULL));
}

/* A session with the profile but no drive source can still forget a
 * remembered drive (D7); anything else needs the drives. */
static void
cancel_drive_in_profile (PbSession         *self,
                         PbOperation       *op,
                         const char        *name,
                         PbDisconnectFlags  flags)
{
  const GError *profile_error = pb_profile_get_error (self->profile);
  g_autofree char *remote = NULL;
  g_autofree char *user = NULL;

  if (profile_error != NULL)
    {
      pb_session_fail_later (self, op, g_error_copy (profile_error));
      return;
    }

  if (!pb_profile_lookup (self->profile, name, &remote, &user))
    {
      pb_session_fail_later (self, op, not_connected (name));
      return;
    }

  if (!(flags & PB_DISCONNECT_FORGET))
    {
      pb_session_fail_later (self, op, g_error_new (PB_ERROR, PB_ERROR_NOT_CONNECTED,
                                                    _("%s is remembered but not connected: to stop restoring it, "
                                                      "forget it."), name));
      return;
    }

  pb_profile_remove_drive_async (self->profile, name, pb_operation_get_cancellable (op), forget_cb,
                                 pb_session_call_new (self, op, g_variant_new ("(ss)", remote, user ? user : "")));
}

static gboolean
drive_has_name (gconstpointer item,
                gconstpointer name)
{
  return g_strcmp0 (pb_connection_get_local_name ((PbConnection *)item), name) == 0;
}

static gboolean
drive_has_remote_name (gconstpointer item,
                       gconstpointer remote)
{
  return g_strcmp0 (pb_connection_get_remote_name ((PbConnection *)item), remote) == 0;
}

static gboolean
port_has_name (gconstpointer item,
               gconstpointer name)
{
  return g_strcmp0 (pb_connection_get_name ((PbConnection *)item), name) == 0;
}

/* A saved connection by UUID first, then by name: a name may be a UUID. */
static PbConnection *
find_saved (GListModel *profiles,
            const char *name)
{
  guint n = g_list_model_get_n_items (profiles);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(PbConnection) item = g_list_model_get_item (profiles, i);
        const char *key = pass == 0 ? pb_connection_get_handle (item) : pb_connection_get_name (item);

        if (g_strcmp0 (key, name) == 0)
          return item; /* the model keeps it */
      }

  return NULL;
}

/* A port's name, alone (s) or with what to do with its drives (su). */
static const char *
first_string (GVariant *parameter)
{
  const char *name = NULL;

  if (g_variant_is_of_type (parameter, G_VARIANT_TYPE_STRING))
    return g_variant_get_string (parameter, NULL);
  g_variant_get_child (parameter, 0, "&s", &name);

  return name;
}

/* The row an action acts on, when its source lists it. */
PbConnection *
pb_session_find_item (PbSession  *self,
                      const char *action,
                      GVariant   *parameter)
{
  const char *name = NULL;

  if (g_str_equal (action, PB_ACTION_HANG_UP) && self->links != NULL)
    {
      g_variant_get_child (parameter, 0, "&s", &name);
      return pb_link_source_find_link (self->links, name);
    }
  if (g_str_equal (action, PB_ACTION_DISCONNECT_PORT) && self->ports != NULL)
    return pb_source_find (PB_SOURCE (self->ports), port_has_name, first_string (parameter), NULL);
  if (self->drives != NULL && g_str_equal (action, PB_ACTION_CANCEL_DRIVE))
    {
      PbConnection *item;
      g_autofree char *remote = NULL;

      g_variant_get (parameter, "(&sbb)", &name, NULL, NULL);
      item = pb_source_find (PB_SOURCE (self->drives), drive_has_name, name, NULL);
      if (item == NULL && (remote = pb_drive_normalize_uri (name, FALSE)) != NULL)
        item = pb_source_find (PB_SOURCE (self->drives), drive_has_remote_name, remote, NULL);
      return item;
    }
  if (self->drives != NULL && g_str_equal (action, PB_ACTION_RESTORE))
    {
      name = g_variant_get_string (parameter, NULL);
      return *name ? pb_source_find (PB_SOURCE (self->drives), drive_has_name, name, NULL) : NULL;
    }

  return NULL;
}

/* What a person calls the thing the action acts on. */
char *
pb_session_dup_target (const char   *action,
                       GVariant     *parameter,
                       PbConnection *item)
{
  const char *first = NULL;
  const char *second = NULL;

  if (item != NULL && pb_connection_get_kind (item) == PB_CONNECTION_KIND_LINK && pb_connection_get_name (item))
    return g_strdup (pb_connection_get_name (item));

  if (g_variant_is_of_type (parameter, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (parameter, NULL);
  if (g_str_equal (action, PB_ACTION_MAP_DRIVE) || g_str_equal (action, PB_ACTION_REMEMBER_DRIVE))
    {
      /* uri, then local name: the name when there is one. */
      g_variant_get_child (parameter, 0, "&s", &first);
      g_variant_get_child (parameter, 1, "&s", &second);
      return g_strdup (*second ? second : first);
    }
  if (g_variant_is_container (parameter) && g_variant_n_children (parameter) > 0)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (parameter, 0);

      if (g_variant_is_of_type (child, G_VARIANT_TYPE_STRING))
        return g_variant_dup_string (child, NULL);
    }
  if (g_variant_is_of_type (parameter, G_VARIANT_TYPE_UINT32))
    return g_strdup_printf ("%u", g_variant_get_uint32 (parameter));

  return NULL;
}

static GError *
invalid_name (const char *name)
{
  return g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                      _("“%s” cannot be a drive’s local name: it must not be empty nor contain “/”, “[” or “]”"),
                      name);
}

/* Runs @op's core call with the session loaded. */
void
pb_session_run_operation (PbSession   *self,
                          PbOperation *op,
                          GVariant    *parameter)
{
  const char *action = pb_operation_get_action (op);
  GCancellable *cancellable = pb_operation_get_cancellable (op);

  /* Cancelled while it waited for the load: it never starts. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      pb_session_fail_later (self, op, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                            _("The operation was cancelled before it started")));
      return;
    }

  if (g_str_equal (action, PB_ACTION_HANG_UP))
    {
      const char *handle, *device;

      if (self->links == NULL)
        {
          pb_session_fail_later (self, op, missing_part (self, _("This program cannot hang up links: "
                                                                 "it did not load NetworkManager’s links.")));
          return;
        }
      guint32 policy = PB_CARRIED_KEEP;

      g_variant_get_child (parameter, 0, "&s", &handle);
      g_variant_get_child (parameter, 1, "&s", &device);
      if (g_variant_n_children (parameter) > 2)
        g_variant_get_child (parameter, 2, "u", &policy);
      pb_session_run_teardown (self, op, handle, *device ? device : NULL, policy);
    }
  else if (g_str_equal (action, PB_ACTION_DISCONNECT_PORT))
    {
      if (self->ports == NULL)
        {
          pb_session_fail_later (self, op, missing_part (self, _("This program cannot disconnect ports: "
                                                                 "it did not load NetworkManager’s ports.")));
          return;
        }
      guint32 policy = PB_CARRIED_KEEP;

      if (!g_variant_is_of_type (parameter, G_VARIANT_TYPE_STRING))
        g_variant_get_child (parameter, 1, "u", &policy);
      pb_session_run_teardown (self, op, first_string (parameter), NULL, policy);
    }
  else if (g_str_equal (action, PB_ACTION_CONNECT_LINK))
    {
      const char *name = g_variant_get_string (parameter, NULL);
      PbConnection *saved;

      if (self->links == NULL)
        {
          pb_session_fail_later (self, op, missing_part (self, _("This program cannot connect links: "
                                                                 "it did not load NetworkManager’s links.")));
          return;
        }
      /* Like rasdial: the saved connection's name, or its UUID. */
      saved = find_saved (pb_link_source_get_profiles (self->links), name);
      pb_link_activate_async (self->links, saved ? pb_connection_get_handle (saved) : name, cancellable,
                              activate_cb, pb_session_call_new (self, op, NULL));
    }
  else if (g_str_equal (action, PB_ACTION_MAP_DRIVE))
    {
      const char *uri, *name, *user, *password;
      guint32 flags;

      if (self->drives == NULL)
        {
          pb_session_fail_later (self, op, missing_part (self, _("This program cannot map drives: "
                                                                 "it did not load the network drives.")));
          return;
        }
      g_variant_get (parameter, "(&s&s&s&su)", &uri, &name, &user, &password, &flags);
      if (*name != '\0' && !pb_profile_name_is_valid (name))
        {
          pb_session_fail_later (self, op, invalid_name (name));
          return;
        }
      if (*name == '\0' && (flags & PB_DRIVE_MAP_REMEMBER))
        {
          pb_session_fail_later (self, op, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                        _("Cannot remember %s without a local name"), uri));
          return;
        }
      pb_drive_map_async (self->drives, uri, *name ? name : NULL, *user ? user : NULL,
                          *password ? password : NULL, flags, cancellable, map_cb,
                          pb_session_call_new (self, op, NULL));
    }
  else if (g_str_equal (action, PB_ACTION_REMEMBER_DRIVE))
    {
      const char *uri, *name, *user;
      g_autofree char *remote = NULL;

      if (self->profile == NULL)
        {
          pb_session_fail_later (self, op, missing_part (self, _("This program cannot remember drives: "
                                                                 "it did not load the remembered-drives profile.")));
          return;
        }
      g_variant_get_child (parameter, 0, "&s", &uri);
      g_variant_get_child (parameter, 1, "&s", &name);
      g_variant_get_child (parameter, 2, "&s", &user);
      if (!pb_profile_name_is_valid (name))
        {
          pb_session_fail_later (self, op, invalid_name (name));
          return;
        }
      remote = pb_drive_normalize_uri (uri, FALSE);
      if (remote == NULL)
        {
          pb_session_fail_later (self, op, g_error_new (PB_ERROR, PB_ERROR_EXTENDED,
                                                        _("Cannot remember “%s”: it is not a network location. Give a "
                                                           "URI such as smb://server/share."), uri));
          return;
        }
      pb_profile_set_drive_async (self->profile, name, remote, *user ? user : NULL, NULL, cancellable,
                                  remember_cb, pb_session_call_new (self, op, parameter));
    }
  else if (g_str_equal (action, PB_ACTION_CANCEL_DRIVE))
    {
      const char *name;
      gboolean force, forget;
      PbDisconnectFlags flags;

      g_variant_get (parameter, "(&sbb)", &name, &force, &forget);
      flags = (force ? PB_DISCONNECT_FORCE : 0) | (forget ? PB_DISCONNECT_FORGET : 0);
      if (self->drives != NULL)
        pb_drive_cancel_async (self->drives, name, flags, cancellable, cancel_drive_cb,
                               pb_session_call_new (self, op, NULL));
      else if (self->profile != NULL)
        cancel_drive_in_profile (self, op, name, flags);
      else
        pb_session_fail_later (self, op, missing_part (self, _("This program cannot disconnect drives: "
                                                               "it did not load the network drives.")));
    }
  else if (g_str_equal (action, PB_ACTION_RESTORE))
    {
      const char *name = g_variant_get_string (parameter, NULL);
      g_autofree char *remote = NULL;
      g_autofree char *user = NULL;

      if (self->drives == NULL)
        {
          pb_session_fail_later (self, op, missing_part (self, _("This program cannot restore drives: "
                                                                 "it did not load the network drives.")));
          return;
        }
      if (*name == '\0')
        {
          pb_drive_restore_async (self->drives, cancellable, restore_cb, pb_session_call_new (self, op, NULL));
          return;
        }
      if (pb_profile_get_error (self->profile) != NULL)
        {
          pb_session_fail_later (self, op, g_error_copy (pb_profile_get_error (self->profile)));
          return;
        }
      if (!pb_profile_lookup (self->profile, name, &remote, &user))
        {
          pb_session_fail_later (self, op, g_error_new (PB_ERROR, PB_ERROR_NOT_CONNECTED,
                                                        _("Cannot restore “%s”: it is not a remembered drive"), name));
          return;
        }
      pb_drive_map_async (self->drives, remote, name, user, NULL, PB_DRIVE_MAP_REMEMBER, cancellable,
                          restore_one_cb, pb_session_call_new (self, op, NULL));
    }
  else if (g_str_equal (action, PB_ACTION_CANCEL_OPERATION))
    {
      guint id = g_variant_get_uint32 (parameter);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->operations));
      gboolean found = FALSE;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PbOperation) other = g_list_model_get_item (G_LIST_MODEL (self->operations), i);

          if (pb_operation_get_id (other) == id && other != op)
            {
              pb_operation_cancel (other);
              found = TRUE;
            }
        }
      if (!found)
        {
          pb_session_fail_later (self, op, g_error_new (PB_ERROR, PB_ERROR_INVALID_HANDLE,
                                                        _("Cannot cancel operation %u: it is not running"), id));
          return;
        }
      pb_session_fail_later (self, op, NULL);
    }
  else
    g_assert_not_reached ();
}

