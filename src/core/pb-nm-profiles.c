/* pb-nm-profiles.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-nm-private.h"
#include "pb-source-private.h"

/* The saved link profiles the GUI offers to connect: NetworkManager's saved
 * connections of a link type that are not active right now, kept by
 * pb_row_store_sync() like every source's rows. A profile's row carries its UUID as handle, since it has no
 * activation (and so no link handle) yet. */

static PbConnection *
create_profile (gpointer  server_name,
                GObject  *connection)
{
  PbConnection *item = pb_connection_new (PB_CONNECTION_KIND_LINK, server_name);

  pb_connection_set_handle (item, nm_connection_get_uuid (NM_CONNECTION (connection)));
  pb_connection_set_state (item, "disconnected");

  return item;
}

void
pb_nm_profiles_sync (PbRowStore         *store,
                     NMClient           *client,
                     const char * const *link_types,
                     const char         *server_name)
{
  g_autoptr(GHashTable) active = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  guint n;

  if (client != NULL && nm_client_get_nm_running (client))
    {
      const GPtrArray *actives = nm_client_get_active_connections (client);
      const GPtrArray *connections = nm_client_get_connections (client);

      for (guint i = 0; actives != NULL && i < actives->len; i++)
        g_hash_table_add (active, nm_active_connection_get_connection (g_ptr_array_index (actives, i)));

      for (guint i = 0; connections != NULL && i < connections->len; i++)
        {
          NMRemoteConnection *connection = g_ptr_array_index (connections, i);
          const char *type = nm_connection_get_connection_type (NM_CONNECTION (connection));

          if (type != NULL && g_strv_contains (link_types, type) &&
              !g_hash_table_contains (active, connection))
            g_ptr_array_add (wanted, connection);
        }
    }

  pb_row_store_sync (store, wanted, create_profile, NULL, (gpointer)server_name);

  /* A renamed profile changes its own row only. */
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (G_LIST_MODEL (store), i);
      NMConnection *connection = NM_CONNECTION (pb_connection_get_backend (item));

      pb_connection_set_name (item, nm_connection_get_id (connection));
      pb_connection_set_type_name (item, nm_connection_get_connection_type (connection));
    }
}
