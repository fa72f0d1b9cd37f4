/* pb-page-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "plugboard.h"

G_BEGIN_DECLS

/* What the three pages (links, ports, drives) share. Each page is its own
 * type with its own template, columns and actions; every template names the
 * shared widgets with the same ids, which pb_page_bind_template() binds. */
typedef struct
{
  /* Template widgets */
  GtkColumnView      *column_view;
  GtkSingleSelection *selection;
  GtkSortListModel   *sort_model;
  GtkFilterListModel *filter_model;
  GtkStack           *stack;
  GtkLabel           *empty_label;
  GtkSearchEntry     *search_entry;
  GMenuModel         *menu_model;

  /* Owned */
  PbSource           *source;
  GtkWidget          *popover;

  /* Borrowed */
  GtkWidget          *widget;
  const char         *no_items;    /* an available source with nothing in it */
  const char         *no_matches;  /* a search that matched nothing */
} PbPage;

void          pb_page_bind_template  (GtkWidgetClass     *widget_class,
                                      gsize               page_offset);
void          pb_page_init           (PbPage             *page,
                                      GtkWidget          *widget,
                                      const char         *no_items,
                                      const char         *no_matches);
void          pb_page_dispose        (PbPage             *page);
void          pb_page_set_source     (PbPage             *page,
                                      PbSource           *source);
PbConnection *pb_page_get_selected   (PbPage             *page);
void          pb_page_popup_at_focus (PbPage             *page);
void          pb_page_popup_at_cell  (PbPage             *page,
                                      GtkListItem        *list_item,
                                      GtkWidget          *cell,
                                      double              x,
                                      double              y);
char         *pb_page_state_text     (const char         *state,
                                      gboolean            busy,
                                      const char         *busy_text);
char         *pb_page_join           (gpointer            unused,
                                      const char * const *strv);

G_END_DECLS
