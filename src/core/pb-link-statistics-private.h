/* pb-link-statistics-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <NetworkManager.h>

G_BEGIN_DECLS

typedef struct _PbLinkStatistics PbLinkStatistics;

PbLinkStatistics *pb_link_statistics_new    (GListModel       *links,
                                             NMClient         *client);
void              pb_link_statistics_update (PbLinkStatistics *self);
void              pb_link_statistics_free   (PbLinkStatistics *self);

G_END_DECLS
