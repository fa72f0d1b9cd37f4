/* pb-drives-page.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-page.h"

G_BEGIN_DECLS

#define PB_TYPE_DRIVES_PAGE (pb_drives_page_get_type ())

G_DECLARE_FINAL_TYPE (PbDrivesPage, pb_drives_page, PB, DRIVES_PAGE, PbPage)

G_END_DECLS
