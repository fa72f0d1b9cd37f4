/* pb-page-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "plugboard.h"
#include "pb-cell.h"

G_BEGIN_DECLS

#define PB_TYPE_PAGE (pb_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (PbPage, pb_page, PB, PAGE, GtkWidget)

/**
 * PbPageClass:
 * @no_items: the empty state of an available source with nothing in it
 * @no_matches: the empty state of a search that matched nothing
 * @cells: the cells of the list's columns, one per column in their order
 * @source_changed: called after #PbPage:source changed, for what a page
 *   shows beside the list
 * @selection_changed: called when the selected row changes, and once when
 *   the page is made, to enable the page's row actions
 *
 * What the three pages (links, ports, drives) share: the source, the list
 * with its search and empty state, the context menu and the keys that open
 * it or the search. Each page is its own final subclass with its own
 * template (`parent="PbPage"`), columns and row actions; every template
 * names the shared widgets with the same ids, which
 * pb_page_class_bind_template() binds.
 */
struct _PbPageClass
{
  GtkWidgetClass  parent_class;

  const char     *no_items;
  const char     *no_matches;
  const PbCellSpec *cells;

  void          (*source_changed) (PbPage *self);
  void          (*selection_changed) (PbPage *self);
};

void          pb_page_class_bind_template (GtkWidgetClass     *widget_class);
void          pb_page_class_bind_delete   (GtkWidgetClass     *widget_class,
                                           const char         *action_name);
PbSource     *pb_page_get_source          (PbPage             *self);
PbConnection *pb_page_get_selected        (PbPage             *self);

G_END_DECLS
