/* pb-page.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-page.h"
#include "pb-related.h"
#include "pb-words.h"

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
  PbConnection       *selected;  /* followed: its state enables the row actions */
  PbRelated          *related;   /* the window's, while the page is in one */
  PbConnection       *given;     /* the row this page last gave it */
  GtkWidget          *popover;
  GtkSliceListModel  *slice_model;
  guint               grow_id;
  gboolean            grow_waited;
} PbPagePrivate;

/* Rows the view gets at first, and then more each frame until it has all:
 * a screenful, counting rows no shorter than MIN_ROW_HEIGHT, rather than
 * the couple of hundred row widgets a GTK 4.8 list view builds at once for
 * whatever its model holds. */
#define ROWS_PER_FRAME 48
#define MIN_ROW_HEIGHT 24
#define MIN_FIRST_ROWS 16

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PbPage, pb_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Why a source has nothing to show, in the source's words, except a system
 * bus that cannot be reached at all: its error names a socket, which tells
 * a person nothing. */
static char *
pb_page_dup_unavailable (PbSource *source)
{
  g_autoptr(PbLinkSource) links = NULL;

  if (PB_IS_LINK_SOURCE (source))
    links = g_object_ref (PB_LINK_SOURCE (source));
  else if (PB_IS_PORT_SOURCE (source))
    g_object_get (source, "links", &links, NULL);

  if (links != NULL && pb_server_get_client (pb_link_source_get_server (links)) == NULL)
    return g_strdup (_("NetworkManager cannot be reached: the system bus is not available."));

  return pb_source_dup_status (source);
}

/* The stack shows the list, or one sentence saying why there is nothing to
 * show: not loaded yet, the backend is missing (its own words), nothing
 * there, or nothing that matches the search. */
static void
pb_page_update_empty (PbPage *self)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);
  g_autofree char *status = NULL;
  const char *text = NULL;

  if (priv->source == NULL)
    text = _("Loading…");
  else if (!pb_source_get_available (priv->source))
    text = status = pb_page_dup_unavailable (priv->source);
  else if (g_list_model_get_n_items (G_LIST_MODEL (priv->source)) == 0)
    text = PB_PAGE_GET_CLASS (self)->no_items;
  else if (gtk_filter_list_model_get_model (priv->filter_model) == G_LIST_MODEL (priv->source) &&
           g_list_model_get_n_items (G_LIST_MODEL (priv->filter_model)) == 0)
    text = PB_PAGE_GET_CLASS (self)->no_matches;

  if (text != NULL)
    {
      gtk_label_set_label (priv->empty_label, text);
      gtk_stack_set_visible_child_name (priv->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (priv->stack, "list");
}

static gboolean
grow_rows (GtkWidget     *widget,
           GdkFrameClock *frame_clock,
           gpointer       user_data)
{
  PbPage *self = PB_PAGE (widget);
  PbPagePrivate *priv = pb_page_get_instance_private (self);
  guint size = gtk_slice_list_model_get_size (priv->slice_model);

  /* The first tick is of the frame that lays out and paints the first rows. */
  if (!priv->grow_waited)
    {
      priv->grow_waited = TRUE;
      return G_SOURCE_CONTINUE;
    }

  if (size < g_list_model_get_n_items (G_LIST_MODEL (priv->sort_model)))
    {
      gtk_slice_list_model_set_size (priv->slice_model, size + ROWS_PER_FRAME);
      return G_SOURCE_CONTINUE;
    }

  gtk_slice_list_model_set_size (priv->slice_model, G_MAXUINT);
  priv->grow_id = 0;
  pb_application_trace ("all-rows");
  return G_SOURCE_REMOVE;
}

static void
stop_growing (PbPage *self)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);

  if (priv->grow_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), priv->grow_id);
  priv->grow_id = 0;
}

/* A page builds its rows when it is first shown: a list view makes widgets
 * for a couple of hundred rows as soon as it has a model, which a page
 * nobody looked at need not pay for at startup. And it builds them a
 * screenful at a time, so the first frame shows the top of the list without
 * waiting for rows below it; the rest follow frame by frame (the tick
 * callback runs only while the page is shown). */
static void
pb_page_attach_model (PbPage *self)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      gtk_filter_list_model_get_model (priv->filter_model) == G_LIST_MODEL (priv->source))
    return;

  stop_growing (self);
  gtk_slice_list_model_set_size (priv->slice_model,
                                 MAX (MIN_FIRST_ROWS, gtk_widget_get_height (GTK_WIDGET (self)) / MIN_ROW_HEIGHT + 1));
  priv->grow_waited = FALSE;
  priv->grow_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), grow_rows, NULL, NULL);

  gtk_filter_list_model_set_model (priv->filter_model, G_LIST_MODEL (priv->source));
}

static void
pb_page_set_source (PbPage   *self,
                    PbSource *source)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);

  if (priv->source == source)
    return;

  if (priv->source != NULL)
    g_signal_handlers_disconnect_by_data (priv->source, self);

  g_set_object (&priv->source, source);
  if (source == NULL)
    gtk_filter_list_model_set_model (priv->filter_model, NULL);
  else
    pb_page_attach_model (self);

  if (source != NULL)
    {
      g_signal_connect_object (source, "notify::available",
                               G_CALLBACK (pb_page_update_empty), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (source, "notify::status",
                               G_CALLBACK (pb_page_update_empty), self, G_CONNECT_SWAPPED);
    }

  pb_page_update_empty (self);

  if (PB_PAGE_GET_CLASS (self)->source_changed != NULL)
    PB_PAGE_GET_CLASS (self)->source_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

static void
pb_page_popup_at (PbPage       *self,
                  GdkRectangle *rect)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);

  gtk_popover_set_pointing_to (GTK_POPOVER (priv->popover), rect);
  gtk_popover_popup (GTK_POPOVER (priv->popover));
}

/* Menu and Shift+F10: the menu opens at the focused row, or at the top of
 * the list when the focus is elsewhere. */
static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PbPage *self = PB_PAGE (widget);
  PbPagePrivate *priv = pb_page_get_instance_private (self);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  graphene_rect_t bounds;
  GdkRectangle rect = { 0, 0, 1, 1 };

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (priv->column_view)))
    focus = GTK_WIDGET (priv->column_view);

  if (gtk_widget_compute_bounds (focus, widget, &bounds))
    {
      rect.x = bounds.origin.x + 24;
      rect.y = bounds.origin.y + bounds.size.height / 2;
    }

  pb_page_popup_at (self, &rect);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PbPagePrivate *priv = pb_page_get_instance_private (PB_PAGE (widget));

  gtk_widget_grab_focus (GTK_WIDGET (priv->search_entry));
}

/* A right click acts on the row it lands on, so that row becomes the
 * selected one before the menu opens. One gesture on the view, not one per
 * cell: cells are made by the hundred. */
static void
on_view_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 PbPage          *self)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);
  GtkWidget *view = GTK_WIDGET (priv->column_view);
  GtkWidget *picked = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  GtkListItem *list_item = pb_cell_find_list_item (picked, view);
  GdkRectangle rect = { 0, 0, 1, 1 };
  double page_x, page_y;

  if (list_item == NULL || gtk_list_item_get_item (list_item) == NULL)
    return;

  gtk_single_selection_set_selected (priv->selection, gtk_list_item_get_position (list_item));

  if (gtk_widget_translate_coordinates (view, GTK_WIDGET (self), x, y, &page_x, &page_y))
    {
      rect.x = page_x;
      rect.y = page_y;
    }

  pb_page_popup_at (self, &rect);
}

static void
pb_page_set_up_cells (PbPage *self)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);
  const PbCellSpec *cells = PB_PAGE_GET_CLASS (self)->cells;
  GListModel *columns = gtk_column_view_get_columns (priv->column_view);
  guint n_columns = g_list_model_get_n_items (columns);
  GtkGesture *gesture = gtk_gesture_click_new ();

  g_return_if_fail (cells != NULL);

  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autoptr(GtkListItemFactory) factory = pb_cell_factory_new (&cells[i]);

      gtk_column_view_column_set_factory (column, factory);
    }

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (on_view_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (priv->column_view), GTK_EVENT_CONTROLLER (gesture));
}

/* Closure for the templates: a list of devices as one cell. */
static char *
join_devices (gpointer            unused,
              const char * const *strv)
{
  return strv ? g_strjoinv (", ", (char **)strv) : g_strdup ("");
}

/* Closures for the templates: sorting and searching go by the words the
 * cells show, in the user's language, not by the backend's codes. */
static char *
type_words (gpointer          unused,
            PbConnectionKind  kind,
            const char       *code)
{
  return g_strdup (pb_words_type (kind, code));
}

static char *
state_words (gpointer          unused,
             PbConnectionKind  kind,
             const char       *code,
             gboolean          busy)
{
  return g_strdup (pb_words_state_for (kind, code, busy));
}

static char *
link_words (gpointer    unused,
            const char *handle)
{
  return pb_cell_dup_link_name (handle);
}

/* The row actions follow the selected row's own changes too: a drive that
 * gets disconnected while selected can no longer be disconnected. */
static void
pb_page_selection_changed (PbPage *self)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);
  PbConnection *selected = gtk_single_selection_get_selected_item (priv->selection);

  if (selected != priv->selected)
    {
      if (priv->selected != NULL)
        g_signal_handlers_disconnect_by_data (priv->selected, self);
      g_set_object (&priv->selected, selected);
      if (selected != NULL)
        g_signal_connect_object (selected, "notify",
                                 G_CALLBACK (PB_PAGE_GET_CLASS (self)->selection_changed), self,
                                 G_CONNECT_SWAPPED);
    }

  PB_PAGE_GET_CLASS (self)->selection_changed (self);
}

/* The window marks what the selected row rides on and what rides on it, on
 * every page (#PbRelated): the row selected here is the window's, and a row
 * no longer selected here (unselected, gone, filtered out) is no one's,
 * unless another page's selection took its place meanwhile. */
static void
pb_page_give_related (PbPage *self)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);
  PbConnection *selected = gtk_single_selection_get_selected_item (priv->selection);

  if (priv->related != NULL)
    {
      if (selected != NULL)
        pb_related_set_item (priv->related, selected);
      else if (priv->given != NULL && pb_related_get_item (priv->related) == priv->given)
        pb_related_set_item (priv->related, NULL);
    }

  g_set_object (&priv->given, selected);
}

/* One row is selected in the window, so that "the selected link" the other
 * rows are marked by is one: a row selected on another page unselects this
 * page's. */
static void
on_related_item (PbPage *self)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);
  PbConnection *item = pb_related_get_item (priv->related);
  PbConnection *selected = gtk_single_selection_get_selected_item (priv->selection);

  /* Not unselect_all(): GTK 4.8's leaves a single selection's row selected. */
  if (item != NULL && selected != NULL && item != selected)
    gtk_single_selection_set_selected (priv->selection, GTK_INVALID_LIST_POSITION);
}

static void
pb_page_root (GtkWidget *widget)
{
  PbPage *self = PB_PAGE (widget);
  PbPagePrivate *priv = pb_page_get_instance_private (self);

  GTK_WIDGET_CLASS (pb_page_parent_class)->root (widget);

  g_set_object (&priv->related, pb_related_for_widget (widget));
  if (priv->related != NULL)
    g_signal_connect_object (priv->related, "notify::item", G_CALLBACK (on_related_item), self,
                             G_CONNECT_SWAPPED);
}

static void
pb_page_unroot (GtkWidget *widget)
{
  PbPage *self = PB_PAGE (widget);
  PbPagePrivate *priv = pb_page_get_instance_private (self);

  if (priv->related != NULL)
    {
      g_signal_handlers_disconnect_by_data (priv->related, self);
      if (priv->given != NULL && pb_related_get_item (priv->related) == priv->given)
        pb_related_set_item (priv->related, NULL);
    }
  g_clear_object (&priv->related);
  g_clear_object (&priv->given);

  GTK_WIDGET_CLASS (pb_page_parent_class)->unroot (widget);
}

/* The subclass's template has been built by now (its init ran). */
static void
pb_page_constructed (GObject *object)
{
  PbPage *self = PB_PAGE (object);
  PbPagePrivate *priv = pb_page_get_instance_private (self);

  G_OBJECT_CLASS (pb_page_parent_class)->constructed (object);

  /* Clicking a column header sorts; the view's sorter combines them. */
  gtk_sort_list_model_set_sorter (priv->sort_model, gtk_column_view_get_sorter (priv->column_view));

  pb_page_set_up_cells (self);

  /* The row of column titles, named like the rows below it (pb-cell.c). */
  if (gtk_widget_get_first_child (GTK_WIDGET (priv->column_view)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (GTK_WIDGET (priv->column_view))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Column titles"), -1);

  /* The view sees the sorted rows through a slice, which grows to all of
   * them once the page is shown (pb_page_attach_model()). */
  priv->slice_model = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (priv->sort_model)), 0, G_MAXUINT);
  gtk_single_selection_set_model (priv->selection, G_LIST_MODEL (priv->slice_model));

  priv->popover = gtk_popover_menu_new_from_model (priv->menu_model);
  gtk_popover_set_has_arrow (GTK_POPOVER (priv->popover), FALSE);
  gtk_widget_set_halign (priv->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (priv->popover, GTK_WIDGET (self));

  g_signal_connect_object (priv->filter_model, "items-changed",
                           G_CALLBACK (pb_page_update_empty), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->selection, "notify::selected-item",
                           G_CALLBACK (pb_page_give_related), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (pb_page_attach_model), NULL);
  pb_page_update_empty (self);

  if (PB_PAGE_GET_CLASS (self)->selection_changed != NULL)
    {
      g_signal_connect_object (priv->selection, "notify::selected-item",
                               G_CALLBACK (pb_page_selection_changed), self, G_CONNECT_SWAPPED);
      /* A page the stack hides acts on nothing: its buttons and menu stay
       * in the accessibility tree, and must not reach a row nobody sees. */
      g_signal_connect (self, "map", G_CALLBACK (pb_page_selection_changed), NULL);
      g_signal_connect (self, "unmap", G_CALLBACK (pb_page_selection_changed), NULL);
      pb_page_selection_changed (self);
    }
}

static void
pb_page_dispose (GObject *object)
{
  PbPage *self = PB_PAGE (object);
  PbPagePrivate *priv = pb_page_get_instance_private (self);

  g_clear_pointer (&priv->popover, gtk_widget_unparent);
  if (priv->selected != NULL)
    g_signal_handlers_disconnect_by_data (priv->selected, self);
  g_clear_object (&priv->selected);
  g_clear_object (&priv->given);
  stop_growing (self);
  pb_page_set_source (self, NULL);
  if (priv->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (priv->filter_model, self);

  /* Template children that no field is bound to (the toolbar) are not
   * unparented by gtk_widget_dispose_template(). */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  /* The template is the subclass's. */
  gtk_widget_dispose_template (GTK_WIDGET (self), G_OBJECT_TYPE (self));
  g_clear_object (&priv->slice_model);

  G_OBJECT_CLASS (pb_page_parent_class)->dispose (object);
}

static void
pb_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PbPage *self = PB_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, pb_page_get_source (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  PbPage *self = PB_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      pb_page_set_source (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_page_class_init (PbPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pb_page_constructed;
  object_class->dispose = pb_page_dispose;
  object_class->get_property = pb_page_get_property;
  object_class->set_property = pb_page_set_property;

  widget_class->root = pb_page_root;
  widget_class->unroot = pb_page_unroot;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, "What the page lists", PB_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PB_TYPE_CONNECTION);

  gtk_widget_class_install_action (widget_class, "page.context-menu", NULL, context_menu_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "page.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "page.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "page.search", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_page_init (PbPage *self)
{
}

/**
 * pb_page_class_bind_template:
 * @widget_class: a subclass's class, after it set its template
 *
 * Binds the widgets every page template names (`column_view`, `selection`,
 * `sort_model`, `filter_model`, `stack`, `empty_label`, `search_entry`,
 * `menu_model`) and the closure the templates share (`join_devices`, the
 * devices column's text for the search).
 */
void
pb_page_class_bind_template (GtkWidgetClass *widget_class)
{
  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), PB_TYPE_PAGE));

  gtk_widget_class_bind_template_child_private (widget_class, PbPage, column_view);
  gtk_widget_class_bind_template_child_private (widget_class, PbPage, selection);
  gtk_widget_class_bind_template_child_private (widget_class, PbPage, sort_model);
  gtk_widget_class_bind_template_child_private (widget_class, PbPage, filter_model);
  gtk_widget_class_bind_template_child_private (widget_class, PbPage, stack);
  gtk_widget_class_bind_template_child_private (widget_class, PbPage, empty_label);
  gtk_widget_class_bind_template_child_private (widget_class, PbPage, search_entry);
  gtk_widget_class_bind_template_child_private (widget_class, PbPage, menu_model);

  gtk_widget_class_bind_template_callback (widget_class, join_devices);
  gtk_widget_class_bind_template_callback (widget_class, type_words);
  gtk_widget_class_bind_template_callback (widget_class, state_words);
  gtk_widget_class_bind_template_callback (widget_class, link_words);
}

/**
 * pb_page_class_bind_delete:
 * @widget_class: a subclass's class
 * @action_name: the row action Delete runs
 *
 * Binds Delete, and the keypad's Delete, to @action_name.
 */
void
pb_page_class_bind_delete (GtkWidgetClass *widget_class,
                           const char     *action_name)
{
  /* The menus show the last key bound to an action: Delete, not the keypad's. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, action_name, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, action_name, NULL);
}

/**
 * pb_page_get_source:
 *
 * Returns: (transfer none) (nullable): what the page lists
 */
PbSource *
pb_page_get_source (PbPage *self)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);

  g_return_val_if_fail (PB_IS_PAGE (self), NULL);

  return priv->source;
}

/**
 * pb_page_get_selected:
 *
 * Returns: (transfer none) (nullable): the row actions apply to
 */
PbConnection *
pb_page_get_selected (PbPage *self)
{
  PbPagePrivate *priv = pb_page_get_instance_private (self);

  g_return_val_if_fail (PB_IS_PAGE (self), NULL);

  return gtk_single_selection_get_selected_item (priv->selection);
}

/**
 * pb_page_get_target:
 *
 * Returns: (transfer none) (nullable): the row the page's actions act on:
 *   the selected one while the page is shown, none while it is hidden
 */
PbConnection *
pb_page_get_target (PbPage *self)
{
  g_return_val_if_fail (PB_IS_PAGE (self), NULL);

  return gtk_widget_get_mapped (GTK_WIDGET (self)) ? pb_page_get_selected (self) : NULL;
}

/**
 * pb_page_set_button_target:
 * @button: a toolbar button
 * @action_name: the session's action it starts (`app.hang-up`)
 * @target: (nullable) (transfer floating): its parameter for the row acted
 *   on, %NULL when there is none
 *
 * Binds @button to the session's typed action with @target, as every other
 * front end starts it; without a target the button cannot be pressed.
 */
void
pb_page_set_button_target (GtkWidget  *button,
                           const char *action_name,
                           GVariant   *target)
{
  g_return_if_fail (GTK_IS_ACTIONABLE (button));

  /* Without a target, no action either: the action helper would warn that
   * the action's parameter type does not match a missing target. */
  if (target != NULL)
    g_variant_ref_sink (target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  if (target != NULL)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_sensitive (button, target != NULL);
  if (target != NULL)
    g_variant_unref (target);
}
