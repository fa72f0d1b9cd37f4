/* pb-source.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-types.h"

G_BEGIN_DECLS

#define PB_TYPE_SOURCE (pb_source_get_type ())

G_DECLARE_INTERFACE (PbSource, pb_source, PB, SOURCE, GObject)

/**
 * PbSourceInterface:
 * @disconnect_async: tear down the item called @name, as the source's
 *   contract says (SEMANTICS §1–3)
 * @disconnect_finish: complete it
 * @get_rows: the #PbRowStore the source keeps its rows in (transfer none);
 *   the source's #GListModel is that store's
 *
 * A source is a #GListModel of #PbConnection items kept current from its
 * backend's signals, and the one way to disconnect them.
 */
struct _PbSourceInterface
{
  GTypeInterface parent_iface;

  void     (*disconnect_async)  (PbSource             *self,
                                 const char           *name,
                                 PbDisconnectFlags     flags,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
  gboolean (*disconnect_finish) (PbSource             *self,
                                 GAsyncResult         *result,
                                 GError              **error);
  PbRowStore *(*get_rows)       (PbSource             *self);
};

void          pb_source_disconnect_async  (PbSource             *self,
                                           const char           *name,
                                           PbDisconnectFlags     flags,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      pb_source_disconnect_finish (PbSource             *self,
                                           GAsyncResult         *result,
                                           GError              **error);
gboolean      pb_source_get_available     (PbSource             *self);
char         *pb_source_dup_status        (PbSource             *self);
PbConnection *pb_source_find              (PbSource             *self,
                                           GEqualFunc            equal,
                                           gconstpointer         data,
                                           guint                *position);

G_END_DECLS
