/* pb-source-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-connection.h"
#include "pb-source.h"

G_BEGIN_DECLS

/* Creates the row for a backend object (an NMActiveConnection, an NMDevice, a
 * GMount...) and connects whatever keeps it current. */
typedef PbConnection *(*PbSourceCreateItem) (PbSource *self,
                                             GObject  *backend);
/* Disconnects what create connected, when the row leaves. */
typedef void          (*PbSourceDropItem)   (PbSource *self,
                                             GObject  *backend);

/* The same, for a plain store of rows that is no source. */
typedef PbConnection *(*PbRowCreate) (gpointer  data,
                                      GObject  *backend);
typedef void          (*PbRowDrop)   (gpointer  data,
                                      GObject  *backend);

void          pb_row_store_sync   (GListStore *store,
                                   GPtrArray  *backends,
                                   PbRowCreate create,
                                   PbRowDrop   drop,
                                   gpointer    data);
void          pb_row_store_clear  (GListStore *store,
                                   PbRowDrop   drop,
                                   gpointer    data);
PbConnection *pb_row_store_lookup (GListStore *store,
                                   GObject    *backend);

void        pb_source_list_model_iface_init (GListModelInterface *iface);
void        pb_source_init_store            (PbSource            *self);
GListStore *pb_source_get_store             (PbSource            *self);
void        pb_source_sync                  (PbSource            *self,
                                             GPtrArray           *backends,
                                             PbSourceCreateItem   create,
                                             PbSourceDropItem     drop);
void        pb_source_clear                 (PbSource            *self,
                                             PbSourceDropItem     drop);
void        pb_source_disconnect_backend    (PbSource            *self,
                                             GObject             *backend);
PbConnection *pb_source_find_backend        (PbSource            *self,
                                             GObject             *backend);
void        pb_connection_set_backend       (PbConnection        *item,
                                             GObject             *backend);
GObject    *pb_connection_get_backend       (PbConnection        *item);

G_END_DECLS
