/* pb-page.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-page-private.h"

void
pb_page_bind_template (GtkWidgetClass *widget_class,
                       gsize           page_offset)
{
#define BIND(member) \
  gtk_widget_class_bind_template_child_full (widget_class, #member, FALSE, \
                                             page_offset + G_STRUCT_OFFSET (PbPage, member))
  BIND (column_view);
  BIND (selection);
  BIND (sort_model);
  BIND (filter_model);
  BIND (stack);
  BIND (empty_label);
  BIND (search_entry);
  BIND (menu_model);
#undef BIND

  gtk_widget_class_bind_template_callback_full (widget_class, "pb_page_join", G_CALLBACK (pb_page_join));
}

/* The stack shows the list, or one sentence saying why there is nothing to
 * show: not loaded yet, the backend is missing (its own words), nothing
 * there, or nothing that matches the search. */
static void
pb_page_update_empty (PbPage *page)
{
  g_autofree char *status = NULL;
  const char *text = NULL;

  if (page->source == NULL)
    text = _("Loading…");
  else if (!pb_source_get_available (page->source))
    text = status = pb_source_dup_status (page->source);
  else if (g_list_model_get_n_items (G_LIST_MODEL (page->source)) == 0)
    text = page->no_items;
  else if (gtk_filter_list_model_get_model (page->filter_model) == G_LIST_MODEL (page->source) &&
           g_list_model_get_n_items (G_LIST_MODEL (page->filter_model)) == 0)
    text = page->no_matches;

  if (text != NULL)
    {
      gtk_label_set_label (page->empty_label, text);
      gtk_stack_set_visible_child_name (page->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (page->stack, "list");
}

/* A page builds its rows when it is first shown: a list view makes widgets
 * for a couple of hundred rows as soon as it has a model, which a page
 * nobody looked at need not pay for at startup. */
static void
pb_page_attach_model (PbPage *page)
{
  if (gtk_widget_get_mapped (page->widget) &&
      gtk_filter_list_model_get_model (page->filter_model) != G_LIST_MODEL (page->source))
    gtk_filter_list_model_set_model (page->filter_model, G_LIST_MODEL (page->source));
}

void
pb_page_init (PbPage     *page,
              GtkWidget  *widget,
              const char *no_items,
              const char *no_matches)
{
  page->widget = widget;
  page->no_items = no_items;
  page->no_matches = no_matches;

  /* Clicking a column header sorts; the view's sorter combines them. */
  gtk_sort_list_model_set_sorter (page->sort_model, gtk_column_view_get_sorter (page->column_view));

  page->popover = gtk_popover_menu_new_from_model (page->menu_model);
  gtk_popover_set_has_arrow (GTK_POPOVER (page->popover), FALSE);
  gtk_widget_set_halign (page->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (page->popover, widget);

  /* page lives inside the widget, and pb_page_dispose() disconnects this
   * and the source's handlers before the widget goes. */
  g_signal_connect_swapped (page->filter_model, "items-changed",
                            G_CALLBACK (pb_page_update_empty), page);
  g_signal_connect_swapped (widget, "map", G_CALLBACK (pb_page_attach_model), page);
  pb_page_update_empty (page);
}

void
pb_page_dispose (PbPage *page)
{
  g_clear_pointer (&page->popover, gtk_widget_unparent);
  pb_page_set_source (page, NULL);
  g_signal_handlers_disconnect_by_data (page->filter_model, page);
  g_signal_handlers_disconnect_by_data (page->widget, page);

  /* Template children that no field is bound to (the toolbar) are not
   * unparented by gtk_widget_dispose_template(). */
  for (GtkWidget *child = gtk_widget_get_first_child (page->widget);
       child != NULL;
       child = gtk_widget_get_first_child (page->widget))
    gtk_widget_unparent (child);
}

void
pb_page_set_source (PbPage   *page,
                    PbSource *source)
{
  if (page->source == source)
    return;

  if (page->source != NULL)
    g_signal_handlers_disconnect_by_data (page->source, page);

  g_set_object (&page->source, source);
  if (source == NULL)
    gtk_filter_list_model_set_model (page->filter_model, NULL);
  else
    pb_page_attach_model (page);

  if (source != NULL)
    {
      g_signal_connect_swapped (source, "notify::available",
                                G_CALLBACK (pb_page_update_empty), page);
      g_signal_connect_swapped (source, "notify::status",
                                G_CALLBACK (pb_page_update_empty), page);
    }

  pb_page_update_empty (page);
}

/**
 * pb_page_get_selected:
 *
 * Returns: (transfer none) (nullable): the row actions apply to
 */
PbConnection *
pb_page_get_selected (PbPage *page)
{
  return gtk_single_selection_get_selected_item (page->selection);
}

static void
pb_page_popup_at (PbPage       *page,
                  GdkRectangle *rect)
{
  gtk_popover_set_pointing_to (GTK_POPOVER (page->popover), rect);
  gtk_popover_popup (GTK_POPOVER (page->popover));
}

/* Menu and Shift+F10: the menu opens at the focused row, or at the top of
 * the list when the focus is elsewhere. */
void
pb_page_popup_at_focus (PbPage *page)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (page->widget));
  graphene_rect_t bounds;
  GdkRectangle rect = { 0, 0, 1, 1 };

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (page->column_view)))
    focus = GTK_WIDGET (page->column_view);

  if (gtk_widget_compute_bounds (focus, page->widget, &bounds))
    {
      rect.x = bounds.origin.x + 24;
      rect.y = bounds.origin.y + bounds.size.height / 2;
    }

  pb_page_popup_at (page, &rect);
}

/* A right click acts on the row it lands on, so that row becomes the
 * selected one before the menu opens. */
void
pb_page_popup_at_cell (PbPage      *page,
                       GtkListItem *list_item,
                       GtkWidget   *cell,
                       double       x,
                       double       y)
{
  GdkRectangle rect = { 0, 0, 1, 1 };
  double page_x, page_y;

  gtk_single_selection_set_selected (page->selection, gtk_list_item_get_position (list_item));

  if (gtk_widget_translate_coordinates (cell, page->widget, x, y, &page_x, &page_y))
    {
      rect.x = page_x;
      rect.y = page_y;
    }

  pb_page_popup_at (page, &rect);
}

/**
 * pb_page_state_text:
 * @state: the row's state as the backend says it
 * @busy: whether a teardown of the row is in flight
 * @busy_text: what the page calls that teardown ("Hanging up…")
 *
 * Returns: (transfer full): the State column's text
 */
char *
pb_page_state_text (const char *state,
                    gboolean    busy,
                    const char *busy_text)
{
  return g_strdup (busy ? busy_text : state);
}

/* Closure for the templates: a list of devices as one cell. */
char *
pb_page_join (gpointer            unused,
              const char * const *strv)
{
  return strv ? g_strjoinv (", ", (char **)strv) : g_strdup ("");
}
