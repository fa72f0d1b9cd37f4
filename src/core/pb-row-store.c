/* pb-row-store.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-row-store.h"

/**
 * PbRowStore:
 *
 * A #GListModel of #PbConnection rows, one per backend object, indexed by
 * that object. Every source keeps its rows in one (and the link source its
 * saved profiles in another), so that "here is what the backend has now"
 * becomes exact items-changed emissions in one place, and a property
 * notification finds its row without walking the list: a burst of them made
 * a walk quadratic.
 *
 * Only pb_row_store_sync() and pb_row_store_clear() change the rows, which
 * keeps the index true.
 */
struct _PbRowStore
{
  GObject     parent_instance;

  /* Owned */
  GPtrArray  *rows;  /* PbConnection, in the order of the model */
  GHashTable *index; /* backend → row, both borrowed: the row holds its backend */
};

static void pb_row_store_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbRowStore, pb_row_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pb_row_store_list_model_iface_init))

static GType
pb_row_store_get_item_type (GListModel *model)
{
  return PB_TYPE_CONNECTION;
}

static guint
pb_row_store_get_n_items (GListModel *model)
{
  return PB_ROW_STORE (model)->rows->len;
}

static gpointer
pb_row_store_get_item (GListModel *model,
                       guint       position)
{
  PbRowStore *self = PB_ROW_STORE (model);

  if (position >= self->rows->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
pb_row_store_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pb_row_store_get_item_type;
  iface->get_n_items = pb_row_store_get_n_items;
  iface->get_item = pb_row_store_get_item;
}

static void
pb_row_store_finalize (GObject *object)
{
  PbRowStore *self = (PbRowStore *)object;

  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_row_store_parent_class)->finalize (object);
}

static void
pb_row_store_class_init (PbRowStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_row_store_finalize;
}

static void
pb_row_store_init (PbRowStore *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->index = g_hash_table_new (NULL, NULL);
}

PbRowStore *
pb_row_store_new (void)
{
  return g_object_new (PB_TYPE_ROW_STORE, NULL);
}

/**
 * pb_row_store_lookup:
 * @self: a #PbRowStore
 * @backend: a backend object
 *
 * Returns: (transfer none) (nullable): the row made for @backend
 */
PbConnection *
pb_row_store_lookup (PbRowStore *self,
                     GObject    *backend)
{
  g_return_val_if_fail (PB_IS_ROW_STORE (self), NULL);

  return g_hash_table_lookup (self->index, backend);
}

/**
 * pb_row_store_sync:
 * @self: a #PbRowStore
 * @backends: (element-type GObject): what the backend has now, in order
 * @create: (nullable): makes the row for a new backend object; may be %NULL
 *   only when @backends holds nothing new
 * @drop: (nullable): undoes what @create connected, when a row leaves
 * @data: passed to @create and @drop
 *
 * Removes the rows whose backend object is gone, each run of neighbours in
 * one items-changed, and appends rows for the new ones in one more. Rows
 * that stay are not touched: a view keeps its selection and its widgets.
 */
void
pb_row_store_sync (PbRowStore *self,
                   GPtrArray  *backends,
                   PbRowCreate create,
                   PbRowDrop   drop,
                   gpointer    data)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (NULL, NULL);
  guint run_end = 0;
  guint run = 0;
  guint added = 0;
  guint old_len;

  g_return_if_fail (PB_IS_ROW_STORE (self));
  g_return_if_fail (backends != NULL);

  for (guint i = 0; i < backends->len; i++)
    g_hash_table_add (wanted, g_ptr_array_index (backends, i));

  /* Backwards, so that a run's position stays right while the rows before
   * it are still there. */
  for (guint i = self->rows->len; i > 0; i--)
    {
      PbConnection *item = g_ptr_array_index (self->rows, i - 1);
      GObject *backend = pb_connection_get_backend (item);

      if (g_hash_table_contains (wanted, backend))
        {
          if (run > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), run_end - run, run, 0);
          run = 0;
          continue;
        }

      if (drop != NULL)
        drop (data, backend);
      g_hash_table_remove (self->index, backend);
      g_ptr_array_remove_index (self->rows, i - 1);
      if (run == 0)
        run_end = i;
      run++;
    }
  if (run > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), run_end - run, run, 0);

  old_len = self->rows->len;
  for (guint i = 0; i < backends->len; i++)
    {
      GObject *backend = g_ptr_array_index (backends, i);
      PbConnection *item;

      if (g_hash_table_contains (self->index, backend))
        continue;

      g_assert (create != NULL);
      item = create (data, backend);
      pb_connection_set_backend (item, backend);
      g_hash_table_insert (self->index, backend, item);
      g_ptr_array_add (self->rows, item);
      added++;
    }
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, added);
}

/**
 * pb_row_store_clear:
 * @self: a #PbRowStore
 * @drop: (nullable): as for pb_row_store_sync()
 * @data: passed to @drop
 *
 * Removes every row, in one items-changed.
 */
void
pb_row_store_clear (PbRowStore *self,
                    PbRowDrop   drop,
                    gpointer    data)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  pb_row_store_sync (self, none, NULL, drop, data);
}
