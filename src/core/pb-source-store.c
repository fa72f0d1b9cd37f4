/* pb-source-store.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-source-private.h"

/* Every source is a GListModel backed by one GListStore. The store hangs off
 * the source as qdata so that each source gets the model for free instead of
 * writing the same delegation again, and pb_source_sync() turns "here is what
 * the backend has now" into exact items-changed emissions. */

static GQuark store_quark;
static GQuark backend_quark;
static GQuark index_quark;

static GListStore *
store_of (gpointer self)
{
  GListStore *store = g_object_get_qdata (G_OBJECT (self), store_quark);

  g_assert (store != NULL);

  return store;
}

static GType
pb_source_get_item_type (GListModel *model)
{
  return PB_TYPE_CONNECTION;
}

static guint
pb_source_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (store_of (model)));
}

static gpointer
pb_source_get_item (GListModel *model,
                    guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (store_of (model)), position);
}

void
pb_source_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pb_source_get_item_type;
  iface->get_n_items = pb_source_get_n_items;
  iface->get_item = pb_source_get_item;
}

static void
on_store_items_changed (PbSource *self,
                        guint     position,
                        guint     removed,
                        guint     added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

void
pb_source_init_store (PbSource *self)
{
  GListStore *store;

  if (G_UNLIKELY (store_quark == 0))
    {
      store_quark = g_quark_from_static_string ("pb-source-store");
      backend_quark = g_quark_from_static_string ("pb-connection-backend");
    }

  store = g_list_store_new (PB_TYPE_CONNECTION);
  g_object_set_qdata_full (G_OBJECT (self), store_quark, store, g_object_unref);
  g_signal_connect_object (store, "items-changed",
                           G_CALLBACK (on_store_items_changed), self,
                           G_CONNECT_SWAPPED);
}

GListStore *
pb_source_get_store (PbSource *self)
{
  return store_of (self);
}

void
pb_connection_set_backend (PbConnection *item,
                           GObject      *backend)
{
  g_object_set_qdata_full (G_OBJECT (item), backend_quark,
                           backend ? g_object_ref (backend) : NULL,
                           g_object_unref);
}

GObject *
pb_connection_get_backend (PbConnection *item)
{
  return g_object_get_qdata (G_OBJECT (item), backend_quark);
}

/* The rows of a store are indexed by their backend object, and the index
 * hangs off the store: every property notification looks its row up, and a
 * walk of the list there made a burst of notifications quadratic. Only
 * pb_row_store_sync() changes an indexed store, which keeps the index true. */
static GHashTable *
index_of (GListStore *store)
{
  GHashTable *index;

  if (G_UNLIKELY (index_quark == 0))
    index_quark = g_quark_from_static_string ("pb-row-store-index");

  index = g_object_get_qdata (G_OBJECT (store), index_quark);
  if (index == NULL)
    {
      index = g_hash_table_new (NULL, NULL); /* backend → row, both borrowed */
      g_object_set_qdata_full (G_OBJECT (store), index_quark, index,
                               (GDestroyNotify)g_hash_table_unref);
    }

  return index;
}

/**
 * pb_row_store_lookup:
 *
 * Returns: (transfer none) (nullable): the row made for @backend
 */
PbConnection *
pb_row_store_lookup (GListStore *store,
                     GObject    *backend)
{
  return g_hash_table_lookup (index_of (store), backend);
}

/**
 * pb_row_store_sync:
 * @backends: (element-type GObject): what the backend has now, in order
 * @create: makes the row for a new backend object
 * @drop: (nullable): undoes what @create connected, when a row leaves
 *
 * Removes the rows whose backend object is gone and appends rows for new
 * ones, each change its own items-changed; rows that stay are not touched.
 */
void
pb_row_store_sync (GListStore *store,
                   GPtrArray  *backends,
                   PbRowCreate create,
                   PbRowDrop   drop,
                   gpointer    data)
{
  GHashTable *index = index_of (store);
  g_autoptr(GHashTable) wanted = g_hash_table_new (NULL, NULL);
  guint n;

  for (guint i = 0; i < backends->len; i++)
    g_hash_table_add (wanted, g_ptr_array_index (backends, i));

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (G_LIST_MODEL (store), i - 1);
      GObject *backend = pb_connection_get_backend (item);

      if (g_hash_table_contains (wanted, backend))
        continue;

      if (drop != NULL)
        drop (data, backend);
      g_hash_table_remove (index, backend);
      g_list_store_remove (store, i - 1);
    }

  for (guint i = 0; i < backends->len; i++)
    {
      GObject *backend = g_ptr_array_index (backends, i);
      g_autoptr(PbConnection) item = NULL;

      if (g_hash_table_contains (index, backend))
        continue;

      item = create (data, backend);
      pb_connection_set_backend (item, backend);
      g_hash_table_insert (index, backend, item);
      g_list_store_append (store, item);
    }
}

void
pb_row_store_clear (GListStore *store,
                    PbRowDrop   drop,
                    gpointer    data)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  pb_row_store_sync (store, none, NULL, drop, data);
}

PbConnection *
pb_source_find_backend (PbSource *self,
                        GObject  *backend)
{
  return pb_row_store_lookup (store_of (self), backend);
}

/* A source's callbacks take the source; the row store's take any data. */
typedef struct {
  PbSource           *self;
  PbSourceCreateItem  create;
  PbSourceDropItem    drop;
} SourceSync;

static PbConnection *
source_create (gpointer  data,
               GObject  *backend)
{
  SourceSync *sync = data;

  return sync->create (sync->self, backend);
}

static void
source_drop (gpointer  data,
             GObject  *backend)
{
  SourceSync *sync = data;

  sync->drop (sync->self, backend);
}

/**
 * pb_source_sync:
 * @backends: (element-type GObject): what the backend has now, in order
 *
 * pb_row_store_sync() on the source's own store.
 */
void
pb_source_sync (PbSource           *self,
                GPtrArray          *backends,
                PbSourceCreateItem  create,
                PbSourceDropItem    drop)
{
  SourceSync sync = { self, create, drop };

  pb_row_store_sync (store_of (self), backends, source_create, drop ? source_drop : NULL, &sync);
}

/* The PbSourceDropItem of a source whose create connected to the backend
 * object with the source as data, and nothing else. */
void
pb_source_disconnect_backend (PbSource *self,
                              GObject  *backend)
{
  g_signal_handlers_disconnect_by_data (backend, self);
}

void
pb_source_clear (PbSource         *self,
                 PbSourceDropItem  drop)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  pb_source_sync (self, none, NULL, drop);
}
