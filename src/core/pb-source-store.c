/* pb-source-store.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-source-private.h"

/* Every source keeps its rows in a PbRowStore field and is itself the
 * GListModel of those rows: the model functions below reach the store
 * through PbSourceInterface.get_rows, and the store's items-changed is
 * forwarded as the source's own, so views bind to the source. */

static PbRowStore *
rows_of (gpointer self)
{
  PbRowStore *rows = PB_SOURCE_GET_IFACE (self)->get_rows (PB_SOURCE (self));

  g_assert (PB_IS_ROW_STORE (rows));

  return rows;
}

static GType
pb_source_get_item_type (GListModel *model)
{
  return PB_TYPE_CONNECTION;
}

static guint
pb_source_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (rows_of (model)));
}

static gpointer
pb_source_get_item (GListModel *model,
                    guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (rows_of (model)), position);
}

void
pb_source_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pb_source_get_item_type;
  iface->get_n_items = pb_source_get_n_items;
  iface->get_item = pb_source_get_item;
}

static void
on_rows_changed (PbSource *self,
                 guint     position,
                 guint     removed,
                 guint     added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/**
 * pb_source_new_rows:
 * @self: a source, in its init
 *
 * Returns: (transfer full): the store for the source's rows field, its
 *   changes forwarded as the source's
 */
PbRowStore *
pb_source_new_rows (PbSource *self)
{
  PbRowStore *rows = pb_row_store_new ();

  g_signal_connect_object (rows, "items-changed",
                           G_CALLBACK (on_rows_changed), self,
                           G_CONNECT_SWAPPED);

  return rows;
}

PbRowStore *
pb_source_get_store (PbSource *self)
{
  return rows_of (self);
}

PbConnection *
pb_source_find_backend (PbSource *self,
                        GObject  *backend)
{
  return pb_row_store_lookup (rows_of (self), backend);
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
 * pb_row_store_sync() on the source's own rows.
 */
void
pb_source_sync (PbSource           *self,
                GPtrArray          *backends,
                PbSourceCreateItem  create,
                PbSourceDropItem    drop)
{
  SourceSync sync = { self, create, drop };

  pb_row_store_sync (rows_of (self), backends,
                     create ? source_create : NULL,
                     drop ? source_drop : NULL, &sync);
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
