/* pb-link-source.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-server.h"
#include "pb-source.h"

G_BEGIN_DECLS

#define PB_TYPE_LINK_SOURCE (pb_link_source_get_type ())

G_DECLARE_FINAL_TYPE (PbLinkSource, pb_link_source, PB, LINK_SOURCE, GObject)

PbLinkSource       *pb_link_source_new            (PbServer            *server);
PbServer           *pb_link_source_get_server     (PbLinkSource        *self);
const char * const *pb_link_source_get_link_types (PbLinkSource        *self);
void                pb_link_source_set_link_types (PbLinkSource        *self,
                                                   const char * const  *link_types);
guint               pb_link_source_get_teardown_timeout (PbLinkSource  *self);
void                pb_link_source_set_teardown_timeout (PbLinkSource  *self,
                                                         guint          seconds);
void                pb_link_source_hold_statistics    (PbLinkSource  *self);
void                pb_link_source_release_statistics (PbLinkSource  *self);
GListModel         *pb_link_source_get_profiles   (PbLinkSource        *self);
PbConnection       *pb_link_source_find_link      (PbLinkSource        *self,
                                                   const char          *handle);

void                pb_link_hang_up_async         (PbLinkSource        *self,
                                                   const char          *handle,
                                                   const char          *device,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            pb_link_hang_up_finish        (PbLinkSource        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void                pb_link_activate_async        (PbLinkSource        *self,
                                                   const char          *uuid,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char               *pb_link_activate_finish       (PbLinkSource        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
