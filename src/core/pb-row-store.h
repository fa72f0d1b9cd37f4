/* pb-row-store.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-connection.h"

G_BEGIN_DECLS

#define PB_TYPE_ROW_STORE (pb_row_store_get_type ())

G_DECLARE_FINAL_TYPE (PbRowStore, pb_row_store, PB, ROW_STORE, GObject)

/**
 * PbRowCreate:
 * @data: what the caller passed to pb_row_store_sync()
 * @backend: a backend object that has no row yet
 *
 * Makes the row for @backend (an NMActiveConnection, an NMDevice, a GMount,
 * a #PbDriveEntry...) and connects whatever keeps it current.
 *
 * Returns: (transfer full): the new row
 */
typedef PbConnection *(*PbRowCreate) (gpointer  data,
                                      GObject  *backend);
/**
 * PbRowDrop:
 *
 * Undoes what #PbRowCreate connected, when the row of @backend leaves.
 */
typedef void          (*PbRowDrop)   (gpointer  data,
                                      GObject  *backend);

PbRowStore   *pb_row_store_new    (void);
void          pb_row_store_sync   (PbRowStore *self,
                                   GPtrArray  *backends,
                                   PbRowCreate create,
                                   PbRowDrop   drop,
                                   gpointer    data);
void          pb_row_store_clear  (PbRowStore *self,
                                   PbRowDrop   drop,
                                   gpointer    data);
PbConnection *pb_row_store_lookup (PbRowStore *self,
                                   GObject    *backend);

/* The backend object a row was made for; set by the store only. */
GObject      *pb_connection_get_backend (PbConnection *item);
void          pb_connection_set_backend (PbConnection *item,
                                         GObject      *backend);

G_END_DECLS
