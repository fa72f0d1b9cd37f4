/* pb-drive-secret.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "pb-drive-secret.h"

/* Drive passwords live in the Secret Service under GVfs's own schema,
 * org.gnome.keyring.NetworkPassword (libsecret's compat "network" schema), with
 * the attributes GVfs looks up: user, domain, server, protocol and port. So a
 * password Plugboard stores is the one GVfs and the file manager find, and the
 * other way round; nobody is asked twice. Every call is asynchronous.
 *
 * The calls are SecretService's, not secret_password_*(): inside a Flatpak
 * sandbox with a Secret portal those store into an app-private file keyring
 * (libsecret's file backend, whatever SECRET_BACKEND says), which GVfs never
 * reads. The Secret Service itself is the store GVfs shares. */

static const SecretSchema *
network_schema (void)
{
  return secret_get_schema (SECRET_SCHEMA_TYPE_COMPAT_NETWORK);
}

/* The attributes of @uri for @user, or %NULL when the URI names no server. */
static GHashTable *
attributes_for (const char *uri,
                const char *user)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *domain = NULL;
  g_autofree char *name = NULL;
  GHashTable *attributes;

  if (parsed == NULL || g_uri_get_host (parsed) == NULL)
    return NULL;

  name = g_strdup (user ? user : g_uri_get_user (parsed));
  if (name != NULL && g_str_equal (g_uri_get_scheme (parsed), "smb"))
    {
      /* smb://DOMAIN;user@server: GVfs keeps the domain apart. */
      char *semicolon = strchr (name, ';');

      if (semicolon != NULL)
        {
          domain = g_strndup (name, semicolon - name);
          memmove (name, semicolon + 1, strlen (semicolon + 1) + 1);
        }
    }

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (attributes, (gpointer)"server", g_ascii_strdown (g_uri_get_host (parsed), -1));
  g_hash_table_insert (attributes, (gpointer)"protocol", g_ascii_strdown (g_uri_get_scheme (parsed), -1));
  if (g_uri_get_port (parsed) > 0)
    g_hash_table_insert (attributes, (gpointer)"port", g_strdup_printf ("%d", g_uri_get_port (parsed)));
  if (name != NULL)
    g_hash_table_insert (attributes, (gpointer)"user", g_steal_pointer (&name));
  if (domain != NULL)
    g_hash_table_insert (attributes, (gpointer)"domain", g_steal_pointer (&domain));

  return attributes;
}

/**
 * pb_drive_secret_shares_credential:
 * @uri: a drive's URI
 * @user: (nullable): its user, when the URI does not carry it
 * @other_uri: another drive's URI
 * @other_user: (nullable): its user
 *
 * GVfs keeps one password per protocol, server, port, user and domain, not
 * one per share: two drives with the same of each log in with the same
 * secret, and clearing it for one clears it for both. A drive without a
 * user (a guest) has no secret to share.
 *
 * Returns: whether both drives use the same stored password
 */
gboolean
pb_drive_secret_shares_credential (const char *uri,
                                   const char *user,
                                   const char *other_uri,
                                   const char *other_user)
{
  static const char * const keys[] = { "protocol", "server", "port", "user", "domain" };
  g_autoptr(GHashTable) one = NULL;
  g_autoptr(GHashTable) other = NULL;

  g_return_val_if_fail (uri != NULL && other_uri != NULL, FALSE);

  one = attributes_for (uri, user);
  other = attributes_for (other_uri, other_user);
  if (one == NULL || other == NULL || !g_hash_table_contains (one, "user") ||
      *(const char *)g_hash_table_lookup (one, "server") == '\0')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_strcmp0 (g_hash_table_lookup (one, keys[i]), g_hash_table_lookup (other, keys[i])) != 0)
      return FALSE;

  return TRUE;
}

/**
 * pb_drive_secret_still_needed:
 * @profile: the remembered drives, as they are now
 * @uri: a drive's URI
 * @user: (nullable): its user, when the URI does not carry it
 *
 * Forgetting a drive clears its password only when this is %FALSE: a drive
 * still remembered that logs in with the same password would no longer
 * restore.
 *
 * Returns: whether a drive in @profile uses the password of @uri and @user
 */
gboolean
pb_drive_secret_still_needed (PbProfile  *profile,
                              const char *uri,
                              const char *user)
{
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (PB_IS_PROFILE (profile), TRUE);
  g_return_val_if_fail (uri != NULL, TRUE);

  names = pb_profile_dup_names (profile);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *remote = NULL;
      g_autofree char *other_user = NULL;

      if (pb_profile_lookup (profile, names[i], &remote, &other_user) &&
          pb_drive_secret_shares_credential (uri, user, remote, other_user))
        return TRUE;
    }

  return FALSE;
}

/* The task of one call about @uri's password, with the attributes as its
 * task data; %NULL once it has failed because @uri names no server. */
static GTask *
task_for (const char          *uri,
          const char          *user,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GHashTable *attributes = attributes_for (uri, user);

  g_task_set_source_tag (task, source_tag);
  if (attributes == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” names no server to keep a password for"), uri);
      return NULL;
    }

  g_task_set_task_data (task, attributes, (GDestroyNotify)g_hash_table_unref);

  return g_steal_pointer (&task);
}

static void secret_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data);

/* libsecret leaves locked items alone without a word: a lookup finds
 * nothing, a clear removes nothing and succeeds. Either would be a lie (a
 * password "not stored", a drive "forgotten" whose password stays), so a
 * matching item that is locked fails the call. */
static GError *
locked_error (GList *items)
{
  for (GList *l = items; l != NULL; l = l->next)
    if (secret_item_get_locked (l->data))
      return g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                          _("the keyring that holds the password is locked; unlock it (log in to the desktop "
                            "session) and try again"));

  return NULL;
}

static void
locked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items = secret_service_search_finish (NULL, result, &error);

  if (error == NULL)
    error = locked_error (items);
  g_list_free_full (items, g_object_unref);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (g_task_get_source_tag (task) == pb_drive_secret_lookup_async)
    g_task_return_pointer (task, NULL, NULL);
  else
    {
      GHashTable *attributes = g_task_get_task_data (task);
      GCancellable *cancellable = g_task_get_cancellable (task);

      secret_service_clear (NULL, network_schema (), attributes, cancellable, secret_cb, g_steal_pointer (&task));
    }
}

/* Every call answers by its error alone, but a lookup also with the password. */
static void
secret_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  gpointer tag = g_task_get_source_tag (task);
  g_autoptr(GError) error = NULL;
  char *password = NULL;

  /* Clearing nothing is FALSE without an error: not a failure. */
  if (tag == pb_drive_secret_lookup_async)
    {
      SecretValue *value = secret_service_lookup_finish (NULL, result, &error);

      if (value != NULL)
        password = secret_value_unref_to_password (value, NULL);
      else if (error == NULL)
        {
          /* Nothing among the unlocked items: look among the locked ones
           * before saying that none is stored. */
          GHashTable *attributes = g_task_get_task_data (task);
          GCancellable *cancellable = g_task_get_cancellable (task);

          secret_service_search (NULL, network_schema (), attributes, SECRET_SEARCH_ALL,
                                 cancellable, locked_cb, g_steal_pointer (&task));
          return;
        }
    }
  else if (tag == pb_drive_secret_store_async)
    secret_service_store_finish (NULL, result, &error);
  else
    secret_service_clear_finish (NULL, result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (tag == pb_drive_secret_lookup_async)
    g_task_return_pointer (task, password, (GDestroyNotify)secret_password_free);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pb_drive_secret_lookup_async:
 * @uri: the drive's URI
 * @user: (nullable): the user, when the URI does not carry it
 *
 * Finds the password GVfs or Plugboard stored for @user on @uri's server.
 */
void
pb_drive_secret_lookup_async (const char          *uri,
                              const char          *user,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = task_for (uri, user, pb_drive_secret_lookup_async, cancellable, callback, user_data);
  GHashTable *attributes;

  if (task == NULL)
    return;

  attributes = g_task_get_task_data (task);
  secret_service_lookup (NULL, network_schema (), attributes, cancellable, secret_cb, g_steal_pointer (&task));
}

/**
 * pb_drive_secret_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the password, %NULL when none is
 *   stored (without @error) or the Secret Service failed (with it). Free it
 *   with secret_password_free().
 */
char *
pb_drive_secret_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pb_drive_secret_store_async (const char          *uri,
                             const char          *user,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = task_for (uri, user, pb_drive_secret_store_async, cancellable, callback, user_data);
  GHashTable *attributes;
  g_autofree char *label = NULL;
  g_autoptr(SecretValue) value = NULL;

  if (task == NULL)
    return;

  attributes = g_task_get_task_data (task);
  label = g_strdup_printf (_("Password for %s on %s"),
                           (const char *)g_hash_table_lookup (attributes, "user"),
                           (const char *)g_hash_table_lookup (attributes, "server"));
  value = secret_value_new (password, -1, "text/plain");
  secret_service_store (NULL, network_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, value,
                        cancellable, secret_cb, g_steal_pointer (&task));
}

gboolean
pb_drive_secret_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pb_drive_secret_clear_async:
 *
 * Removes @user's password for @uri's server. Without a user nothing is
 * cleared: the attributes would match every user of the server.
 */
void
pb_drive_secret_clear_async (const char          *uri,
                             const char          *user,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = task_for (uri, user, pb_drive_secret_clear_async, cancellable, callback, user_data);
  GHashTable *attributes;

  if (task == NULL)
    return;

  attributes = g_task_get_task_data (task);
  if (!g_hash_table_contains (attributes, "user"))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Locked items first: libsecret's clear skips them (see locked_error()). */
  secret_service_search (NULL, network_schema (), attributes, SECRET_SEARCH_ALL, cancellable,
                         locked_cb, g_steal_pointer (&task));
}

gboolean
pb_drive_secret_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
