/* pb-links-page.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-page.h"

G_BEGIN_DECLS

#define PB_TYPE_LINKS_PAGE (pb_links_page_get_type ())

G_DECLARE_FINAL_TYPE (PbLinksPage, pb_links_page, PB, LINKS_PAGE, PbPage)

G_END_DECLS
