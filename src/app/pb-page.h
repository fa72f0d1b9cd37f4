/* pb-page.h
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
 * PbPage:
 *
 * The base of the window's three pages (links, ports, drives): it lists a
 * #PbSource (#PbPage:source) in a column view with a search, a sentence in
 * place of the list when there is nothing to show, a context menu (right
 * click, Menu, Shift+F10) and Ctrl+F for the search. Rows are built when the
 * page is first shown, a screenful a frame. The row selected on a page is
 * the window's (#PbRelated): the rows related to it are marked on every
 * page, and a selection on another page clears this one's.
 *
 * What a page must provide, in its class_init:
 *
 * - a template (`gtk_widget_class_set_template_from_resource()`, its `.ui`
 *   with `parent="PbPage"`) that names, with these ids, a #GtkColumnView
 *   `column_view` whose model is a #GtkSingleSelection `selection` over a
 *   #GtkSortListModel `sort_model` over a #GtkFilterListModel
 *   `filter_model` (the page sets the filter model's model to the source,
 *   and the sort model's sorter to the view's); a #GtkStack `stack` with
 *   pages named `list` and `empty`; a #GtkLabel `empty_label` in the empty
 *   page; a #GtkSearchEntry `search_entry`; and a #GMenuModel `menu_model`
 *   for the context menu. Then it calls pb_page_class_bind_template(), and
 *   gtk_widget_init_template() in its init;
 * - #PbPageClass.cells: one #PbCellSpec per column of `column_view`, in the
 *   columns' order (static: the cells keep a pointer to it);
 * - #PbPageClass.no_items and #PbPageClass.no_matches: translated sentences
 *   for an empty source and for a search that matched nothing;
 * - its row actions, as widget actions (`gtk_widget_class_install_action()`)
 *   that read pb_page_get_selected() and activate the session's action of
 *   the same meaning with a typed parameter; the template's buttons and
 *   `menu_model` name them. pb_page_class_bind_delete() binds Delete to the
 *   one that disconnects.
 *
 * And optionally:
 *
 * - #PbPageClass.selection_changed, to enable the row actions for the
 *   selected row (it is also called once when the page is made);
 * - #PbPageClass.source_changed, for what the page shows beside the list.
 */

/**
 * PbPageClass:
 * @no_items: the empty state of an available source with nothing in it
 * @no_matches: the empty state of a search that matched nothing
 * @cells: the cells of the list's columns, one per column in their order
 * @source_changed: called after #PbPage:source changed, for what a page
 *   shows beside the list
 * @selection_changed: called when the selected row changes or changes
 *   itself (a property of it notifies), and once when the page is made, to
 *   enable the page's row actions
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
PbConnection *pb_page_get_target          (PbPage             *self);
void          pb_page_set_button_target   (GtkWidget          *button,
                                           const char         *action_name,
                                           GVariant           *target);

G_END_DECLS
