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
const char * const *pb_link_source_get_default_link_types (void);

G_END_DECLS
