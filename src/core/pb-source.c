/* pb-source.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-connection.h"
#include "pb-source.h"

G_DEFINE_INTERFACE (PbSource, pb_source, G_TYPE_LIST_MODEL)

static void
pb_source_default_init (PbSourceInterface *iface)
{
  /**
   * PbSource:available:
   *
   * Whether the backend answers. A source whose backend is missing is still a
   * valid, empty model: front ends show #PbSource:status instead of rows.
   */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("available", NULL, "The backend is reachable", FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * PbSource:status:
   *
   * A translated sentence saying why the source is empty or unavailable, e.g.
   * "NetworkManager is not running", or %NULL when there is nothing to say.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("status", NULL, "Why the source is unavailable", NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

/**
 * pb_source_disconnect_async:
 * @self: a #PbSource
 * @name: the item: a link handle, a port's interface name, a drive's local or
 *   remote name
 * @flags: #PbDisconnectFlags (drives only; links and ports ignore them)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the teardown has completed or failed
 * @user_data: data for @callback
 *
 * Starts the source's disconnect contract on the main loop. It never blocks.
 */
void
pb_source_disconnect_async (PbSource            *self,
                            const char          *name,
                            PbDisconnectFlags    flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (PB_IS_SOURCE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  PB_SOURCE_GET_IFACE (self)->disconnect_async (self, name, flags, cancellable, callback, user_data);
}

/**
 * pb_source_disconnect_finish:
 *
 * Returns: %TRUE once the item is torn down; %FALSE with a %PB_ERROR otherwise
 */
gboolean
pb_source_disconnect_finish (PbSource      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (PB_IS_SOURCE (self), FALSE);

  return PB_SOURCE_GET_IFACE (self)->disconnect_finish (self, result, error);
}

gboolean
pb_source_get_available (PbSource *self)
{
  gboolean available = FALSE;

  g_return_val_if_fail (PB_IS_SOURCE (self), FALSE);

  g_object_get (self, "available", &available, NULL);

  return available;
}

/**
 * pb_source_dup_status:
 *
 * Returns: (transfer full) (nullable): see #PbSource:status
 */
char *
pb_source_dup_status (PbSource *self)
{
  char *status = NULL;

  g_return_val_if_fail (PB_IS_SOURCE (self), NULL);

  g_object_get (self, "status", &status, NULL);

  return status;
}

/**
 * pb_source_find:
 * @self: a #PbSource
 * @equal: compares an item with @data
 * @data: what to look for
 * @position: (out) (optional): where the item is
 *
 * Returns: (transfer none) (nullable): the first item @equal accepts
 */
PbConnection *
pb_source_find (PbSource      *self,
                GEqualFunc     equal,
                gconstpointer  data,
                guint         *position)
{
  guint n;

  g_return_val_if_fail (PB_IS_SOURCE (self), NULL);
  g_return_val_if_fail (equal != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (G_LIST_MODEL (self), i);

      if (equal (item, data))
        {
          if (position != NULL)
            *position = i;
          /* The source holds its own reference for as long as the row lives. */
          return item;
        }
    }

  return NULL;
}
