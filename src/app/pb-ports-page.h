/* pb-ports-page.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-page.h"

G_BEGIN_DECLS

#define PB_TYPE_PORTS_PAGE (pb_ports_page_get_type ())

G_DECLARE_FINAL_TYPE (PbPortsPage, pb_ports_page, PB, PORTS_PAGE, PbPage)

G_END_DECLS
