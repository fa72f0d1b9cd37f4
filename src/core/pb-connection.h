/* pb-connection.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pb-types.h"

G_BEGIN_DECLS

#define PB_TYPE_CONNECTION (pb_connection_get_type ())

G_DECLARE_FINAL_TYPE (PbConnection, pb_connection, PB, CONNECTION, GObject)

PbConnection       *pb_connection_new              (PbConnectionKind     kind,
                                                    const char          *server);
PbConnectionKind    pb_connection_get_kind         (PbConnection        *self);
const char         *pb_connection_get_kind_name    (PbConnection        *self);
const char         *pb_connection_get_server       (PbConnection        *self);
const char         *pb_connection_get_handle       (PbConnection        *self);
void                pb_connection_set_handle       (PbConnection        *self,
                                                    const char          *handle);
const char         *pb_connection_get_name         (PbConnection        *self);
void                pb_connection_set_name         (PbConnection        *self,
                                                    const char          *name);
const char         *pb_connection_get_type_name    (PbConnection        *self);
void                pb_connection_set_type_name    (PbConnection        *self,
                                                    const char          *type_name);
const char         *pb_connection_get_state        (PbConnection        *self);
void                pb_connection_set_state        (PbConnection        *self,
                                                    const char          *state);
const char * const *pb_connection_get_devices      (PbConnection        *self);
void                pb_connection_set_devices      (PbConnection        *self,
                                                    const char * const  *devices);
const char         *pb_connection_get_link         (PbConnection        *self);
void                pb_connection_set_link         (PbConnection        *self,
                                                    const char          *link);
const char         *pb_connection_get_local_name   (PbConnection        *self);
void                pb_connection_set_local_name   (PbConnection        *self,
                                                    const char          *local_name);
const char         *pb_connection_get_remote_name  (PbConnection        *self);
void                pb_connection_set_remote_name  (PbConnection        *self,
                                                    const char          *remote_name);
const char         *pb_connection_get_mount_path   (PbConnection        *self);
void                pb_connection_set_mount_path   (PbConnection        *self,
                                                    const char          *mount_path);
gboolean            pb_connection_get_remembered   (PbConnection        *self);
void                pb_connection_set_remembered   (PbConnection        *self,
                                                    gboolean             remembered);
gboolean            pb_connection_get_busy         (PbConnection        *self);
void                pb_connection_set_busy         (PbConnection        *self,
                                                    gboolean             busy);
gint64              pb_connection_get_connected_since (PbConnection     *self,
                                                       gboolean         *before);
void                pb_connection_set_connected_since (PbConnection     *self,
                                                       gint64            since,
                                                       gboolean          before);
gboolean            pb_connection_get_traffic      (PbConnection        *self,
                                                    gint64              *rx_bytes,
                                                    gint64              *tx_bytes);
void                pb_connection_set_traffic      (PbConnection        *self,
                                                    gint64               rx_bytes,
                                                    gint64               tx_bytes);
gboolean            pb_connection_is_connected     (PbConnection        *self);
gboolean            pb_connection_is_port_in_use   (PbConnection        *self);

G_END_DECLS
