/* pb-source-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-connection.h"
#include "pb-row-store.h"
#include "pb-source.h"

G_BEGIN_DECLS

/* A source's row callbacks take the source (PbRowCreate and PbRowDrop with
 * the source as their data). */
typedef PbConnection *(*PbSourceCreateItem) (PbSource *self,
                                             GObject  *backend);
typedef void          (*PbSourceDropItem)   (PbSource *self,
                                             GObject  *backend);

/* Every source is a GListModel of the PbRowStore it keeps in a field and
 * returns from PbSourceInterface.get_rows: these give each source the model
 * without writing the same delegation three times. */
void          pb_source_list_model_iface_init (GListModelInterface *iface);
PbRowStore   *pb_source_new_rows              (PbSource            *self);
PbRowStore   *pb_source_get_store             (PbSource            *self);
void          pb_source_sync                  (PbSource            *self,
                                               GPtrArray           *backends,
                                               PbSourceCreateItem   create,
                                               PbSourceDropItem     drop);
void          pb_source_clear                 (PbSource            *self,
                                               PbSourceDropItem     drop);
void          pb_source_disconnect_backend    (PbSource            *self,
                                               GObject             *backend);
PbConnection *pb_source_find_backend          (PbSource            *self,
                                               GObject             *backend);

G_END_DECLS
