/* pb-cell.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plugboard.h"
#include "pb-application.h"
#include "pb-cell.h"
#include "pb-related.h"
#include "pb-words.h"

/* The cells of the lists, built in code: a list view makes a cell for each
 * column of every row it shows, and a GtkBuilder template per cell (objects
 * from XML, expression bindings) made startup several times slower
 * (tests/bench/bench-startup.py). A cell is a label, with a spinner before
 * it for the state column; it follows its row's properties while bound, and
 * knows its list item so that a click anywhere in it finds the row. The
 * first column's cell also marks its row when the row is related to the
 * one selected in the window (#PbRelated). */

struct _PbCell
{
  GtkWidget         parent_instance;

  /* Borrowed */
  GtkListItem      *list_item; /* owns the cell */
  const PbCellSpec *spec;      /* static */
  const char       *relation;  /* the words its row is marked with, or NULL */

  /* Owned */
  PbRelated        *related;   /* the window's, while bound in the first column */

  /* Owned (children) */
  GtkWidget        *spinner;   /* made the first time the row is busy */
  GtkWidget        *icon;      /* type and state cells only */
  GtkWidget        *label;
  GtkWidget        *mark;      /* made the first time the row is related */
};

G_DEFINE_FINAL_TYPE (PbCell, pb_cell, GTK_TYPE_WIDGET)

/* The duration cells that are bound, and the clock that counts their
 * seconds while a page that shows them is on screen. */
static GPtrArray *clock_cells;
static guint      clock_holds;
static guint      clock_source;

/* The via and carries cells that are bound: the graph's changes reach them. */
static GPtrArray *graph_cells;

static void pb_cell_update (PbCell *self);

static void
pb_cell_dispose (GObject *object)
{
  PbCell *self = (PbCell *)object;
  GtkWidget *child;

  if (clock_cells != NULL)
    g_ptr_array_remove_fast (clock_cells, self);
  if (graph_cells != NULL)
    g_ptr_array_remove_fast (graph_cells, self);
  if (self->related != NULL)
    g_signal_handlers_disconnect_by_data (self->related, self);
  g_clear_object (&self->related);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->spinner = NULL;
  self->icon = NULL;
  self->label = NULL;
  self->mark = NULL;

  G_OBJECT_CLASS (pb_cell_parent_class)->dispose (object);
}

static void
pb_cell_class_init (PbCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_cell_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
pb_cell_init (PbCell *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
}

static PbCell *
pb_cell_new (GtkListItem      *list_item,
             const PbCellSpec *spec)
{
  PbCell *self = g_object_new (PB_TYPE_CELL, NULL);

  self->list_item = list_item;
  self->spec = spec;
  if (spec->kind == PB_CELL_STATE || spec->kind == PB_CELL_TYPE)
    {
      /* The words say the same: a screen reader reads them, not the icon. */
      self->icon = gtk_image_new ();
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      gtk_widget_set_parent (self->icon, GTK_WIDGET (self));
    }
  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  /* Room for the longest words of the column from the start, so that a
   * row turning "Hanging up…" does not make the columns jump. */
  if (spec->kind == PB_CELL_STATE || spec->kind == PB_CELL_TYPE)
    gtk_label_set_width_chars (GTK_LABEL (self->label), 16);
  /* Numbers that change each second keep their column's width and line up
   * on the right. */
  if (spec->kind == PB_CELL_DURATION || spec->kind == PB_CELL_RECEIVED || spec->kind == PB_CELL_SENT)
    {
      gtk_label_set_width_chars (GTK_LABEL (self->label), spec->kind == PB_CELL_DURATION ? 16 : 10);
      gtk_label_set_xalign (GTK_LABEL (self->label), 1);
      gtk_widget_add_css_class (self->label, "numeric");
    }
  if (spec->ellipsize)
    {
      gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (self->label, TRUE);
    }
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));

  return self;
}

/* A port's link by its name, as the Links page shows it, not its handle. */
char *
pb_cell_dup_link_name (const char *handle)
{
  PbSession *session = pb_application_get_default_session ();
  PbLinkSource *links;
  PbConnection *link;

  if (handle == NULL)
    return NULL;

  links = session != NULL ? pb_session_get_links (session) : NULL;
  link = links != NULL ? pb_link_source_find_link (links, handle) : NULL;

  return g_strdup (link != NULL && pb_connection_get_name (link) != NULL ? pb_connection_get_name (link) : handle);
}

/* A link's devices as the Ports page names them: a Bluetooth phone by its
 * name, not its address. */
static char *
dup_device_names (PbConnection *link)
{
  PbSession *session = pb_application_get_default_session ();
  const char * const *devices = pb_connection_get_devices (link);
  PbPortSource *ports;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  if (devices == NULL)
    return NULL;

  ports = session != NULL ? pb_session_get_ports (session) : NULL;
  for (guint i = 0; devices[i] != NULL; i++)
    {
      PbConnection *port = NULL;
      g_autofree char *name = NULL;

      for (guint j = 0; ports != NULL && port == NULL && j < g_list_model_get_n_items (G_LIST_MODEL (ports)); j++)
        {
          g_autoptr(PbConnection) candidate = g_list_model_get_item (G_LIST_MODEL (ports), j);

          if (g_strcmp0 (pb_connection_get_name (candidate), devices[i]) == 0)
            port = candidate;
        }
      name = port != NULL ? pb_words_port_name (port) : g_strdup (devices[i]);
      g_strv_builder_add (names, name);
    }

  strv = g_strv_builder_end (names);
  return g_strjoinv (", ", strv);
}

static PbGraph *
session_graph (void)
{
  PbSession *session = pb_application_get_default_session ();

  return session != NULL ? pb_session_get_graph (session) : NULL;
}

/* The rows an item rides on or carries, by the names their pages show. */
static char *
dup_graph_names (PbConnection *item,
                 gboolean      via)
{
  PbGraph *graph = session_graph ();
  GPtrArray *others = graph == NULL ? NULL : via ? pb_graph_get_via (graph, item) : pb_graph_get_carries (graph, item);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; others != NULL && i < others->len; i++)
    {
      PbConnection *other = g_ptr_array_index (others, i);
      g_autofree char *name = NULL;

      switch (pb_connection_get_kind (other))
        {
        case PB_CONNECTION_KIND_PORT:
          name = pb_words_port_name (other);
          break;
        case PB_CONNECTION_KIND_DRIVE:
          name = g_strdup (pb_connection_get_local_name (other) && *pb_connection_get_local_name (other)
                           ? pb_connection_get_local_name (other) : pb_connection_get_remote_name (other));
          break;
        case PB_CONNECTION_KIND_LINK:
        default:
          name = g_strdup (pb_connection_get_name (other));
          break;
        }
      if (name != NULL)
        g_strv_builder_add (names, name);
    }

  strv = g_strv_builder_end (names);
  return g_strjoinv (", ", strv);
}

static char *
cell_text (const PbCellSpec *spec,
           PbConnection     *item)
{
  switch (spec->kind)
    {
    case PB_CELL_TEXT:
      {
        char *text = NULL;

        g_object_get (item, spec->property, &text, NULL);
        return text;
      }

    case PB_CELL_LIST:
      {
        g_auto(GStrv) strv = NULL;

        g_object_get (item, spec->property, &strv, NULL);
        return strv != NULL ? g_strjoinv (", ", strv) : NULL;
      }

    case PB_CELL_YES_NO:
      {
        gboolean yes = FALSE;

        g_object_get (item, spec->property, &yes, NULL);
        return g_strdup (yes ? _("Yes") : _("No"));
      }

    case PB_CELL_STATE:
      return g_strdup (pb_words_state (item));

    case PB_CELL_TYPE:
      return g_strdup (pb_words_type (pb_connection_get_kind (item), pb_connection_get_type_name (item)));

    case PB_CELL_PORT_NAME:
      return pb_words_port_name (item);

    case PB_CELL_LINK:
      return pb_cell_dup_link_name (pb_connection_get_link (item));

    case PB_CELL_DEVICES:
      return dup_device_names (item);

    case PB_CELL_DURATION:
      return pb_words_duration (item, g_get_real_time ());

    case PB_CELL_VIA:
    case PB_CELL_CARRIES:
      return dup_graph_names (item, spec->kind == PB_CELL_VIA);

    case PB_CELL_RECEIVED:
    case PB_CELL_SENT:
      {
        gint64 rx, tx;

        pb_connection_get_traffic (item, &rx, &tx);
        return pb_words_bytes (spec->kind == PB_CELL_RECEIVED ? rx : tx);
      }

    default:
      g_assert_not_reached ();
    }
}

/* GTK 4.8's column view names its rows and cells after their classes
 * ("GtkListItemWidget"): a screen reader says that. The list item has no
 * accessible name of its own before GTK 4.12, so the cell names the widgets
 * around it: its column's cell by its text, and, from the first column, the
 * row by the words a person reads across it. */
static void
pb_cell_name_for_screen_readers (PbCell       *self,
                                 PbConnection *item,
                                 const char   *text)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;
  g_autofree char *row_name = NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text ? text : "", -1);
  if (cell == NULL)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, text ? text : "", -1);
  if (row == NULL || gtk_widget_get_prev_sibling (cell) != NULL)
    return;

  row_name = g_strdup_printf ("%s, %s, %s", text ? text : "",
                              pb_words_type (pb_connection_get_kind (item), pb_connection_get_type_name (item)),
                              pb_words_state (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, row_name, -1);
}

static void
pb_cell_update (PbCell *self)
{
  PbConnection *item = gtk_list_item_get_item (self->list_item);
  g_autofree char *text = NULL;
  gboolean busy;

  if (item == NULL)
    return;

  text = cell_text (self->spec, item);
  gtk_label_set_label (GTK_LABEL (self->label), text != NULL ? text : "");
  /* An empty label is read by its class name ("GtkLabel"): an empty cell
   * (a link that carries nothing) is read as such. A label names itself
   * after its text again when it has one. */
  if (text == NULL || *text == '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    C_("empty cell", "None"), -1);
  pb_cell_name_for_screen_readers (self, item, text);

  if (self->spec->kind == PB_CELL_TYPE)
    gtk_image_set_from_icon_name (GTK_IMAGE (self->icon),
                                  pb_words_type_icon (pb_connection_get_kind (item),
                                                      pb_connection_get_type_name (item)));

  if (self->spec->kind != PB_CELL_STATE)
    return;

  /* Most rows are never busy, so most cells never make a spinner: it takes
   * the icon's place while the row's teardown runs. */
  busy = pb_connection_get_busy (item);
  if (self->spinner == NULL && busy)
    {
      self->spinner = gtk_spinner_new ();
      gtk_widget_insert_after (self->spinner, GTK_WIDGET (self), NULL);
    }

  if (self->spinner != NULL)
    {
      gtk_widget_set_visible (self->spinner, busy);
      gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
    }
  gtk_widget_set_visible (self->icon, !busy);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), pb_words_state_icon (item));
}

static void
describe (GtkWidget  *widget,
          const char *words)
{
  if (words != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, words, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* The row is marked as a whole (style.css tints it), and it and each of its
 * cells say why to a screen reader, as their description: their names stay
 * what the row shows. The first column's cell does it for the row, as it
 * names the row; the mark at its end says the same to the eye. */
static void
pb_cell_mark_row (PbCell     *self,
                  const char *words)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

  if (words == self->relation)
    return;
  self->relation = words;

  if (words != NULL && self->mark == NULL)
    {
      /* The description says it: the mark is only seen. */
      self->mark = g_object_new (GTK_TYPE_IMAGE,
                                 "icon-name", "pb-related-symbolic",
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                 NULL);
      gtk_widget_add_css_class (self->mark, "related-mark");
      gtk_widget_set_parent (self->mark, GTK_WIDGET (self));
    }
  if (self->mark != NULL)
    {
      gtk_widget_set_visible (self->mark, words != NULL);
      gtk_widget_set_tooltip_text (self->mark, words);
    }

  if (row == NULL)
    return;

  if (words != NULL)
    gtk_widget_add_css_class (row, "related");
  else
    gtk_widget_remove_css_class (row, "related");

  describe (row, words);
  for (GtkWidget *column = gtk_widget_get_first_child (row); column != NULL;
       column = gtk_widget_get_next_sibling (column))
    {
      GtkWidget *child = gtk_widget_get_first_child (column);

      describe (column, words);
      if (PB_IS_CELL (child))
        describe (child, words);
    }
}

static void
pb_cell_update_related (PbCell *self)
{
  PbConnection *item = gtk_list_item_get_item (self->list_item);
  PbConnection *selected = self->related != NULL ? pb_related_get_item (self->related) : NULL;
  PbGraphRelation relation = selected != NULL && item != NULL
                           ? pb_related_get_relation (self->related, item) : PB_GRAPH_RELATION_NONE;

  pb_cell_mark_row (self, pb_words_relation (relation, selected != NULL ? pb_connection_get_kind (selected)
                                                                         : PB_CONNECTION_KIND_LINK));
}

static gboolean
clock_tick (gpointer user_data)
{
  for (guint i = 0; clock_cells != NULL && i < clock_cells->len; i++)
    pb_cell_update (g_ptr_array_index (clock_cells, i));

  return G_SOURCE_CONTINUE;
}

/**
 * pb_cell_hold_clock:
 *
 * Counts the seconds of the duration cells until as many
 * pb_cell_release_clock(): a page holds the clock while it is on screen, so
 * that a hidden window never wakes up for it.
 */
void
pb_cell_hold_clock (void)
{
  if (clock_holds++ == 0)
    {
      clock_source = g_timeout_add_seconds (1, clock_tick, NULL);
      g_source_set_name_by_id (clock_source, "[plugboard] link durations");
      clock_tick (NULL);
    }
}

void
pb_cell_release_clock (void)
{
  g_return_if_fail (clock_holds > 0);

  if (--clock_holds == 0)
    g_clear_handle_id (&clock_source, g_source_remove);
}

static void
on_graph_changed (void)
{
  for (guint i = 0; graph_cells != NULL && i < graph_cells->len; i++)
    pb_cell_update (g_ptr_array_index (graph_cells, i));
}

static void
cell_setup (GtkListItemFactory *factory,
            GtkListItem        *list_item,
            const PbCellSpec   *spec)
{
  gtk_list_item_set_child (list_item, GTK_WIDGET (pb_cell_new (list_item, spec)));
}

static void
cell_bind (GtkListItemFactory *factory,
           GtkListItem        *list_item,
           const PbCellSpec   *spec)
{
  PbCell *cell = PB_CELL (gtk_list_item_get_child (list_item));
  PbConnection *item = gtk_list_item_get_item (list_item);
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (cell));

  /* The first column marks the row when it is related to the selected one. */
  if (parent != NULL && gtk_widget_get_prev_sibling (parent) == NULL)
    {
      g_set_object (&cell->related, pb_related_for_widget (GTK_WIDGET (cell)));
      if (cell->related != NULL)
        g_signal_connect_object (cell->related, "changed", G_CALLBACK (pb_cell_update_related), cell,
                                 G_CONNECT_SWAPPED);
      pb_cell_update_related (cell);
    }

  if (spec->kind == PB_CELL_STATE)
    {
      g_signal_connect_object (item, "notify::state", G_CALLBACK (pb_cell_update), cell, G_CONNECT_SWAPPED);
      g_signal_connect_object (item, "notify::busy", G_CALLBACK (pb_cell_update), cell, G_CONNECT_SWAPPED);
    }
  else if (gtk_widget_get_parent (GTK_WIDGET (cell)) != NULL &&
           gtk_widget_get_prev_sibling (gtk_widget_get_parent (GTK_WIDGET (cell))) == NULL)
    /* The first column also names the row by its type and state. */
    g_signal_connect_object (item, "notify", G_CALLBACK (pb_cell_update), cell, G_CONNECT_SWAPPED);
  else
    {
      const char *property = spec->kind == PB_CELL_TYPE ? "type-name"
                           : spec->kind == PB_CELL_PORT_NAME ? "name"
                           : spec->kind == PB_CELL_LINK ? "link"
                           : spec->kind == PB_CELL_DEVICES ? "devices"
                           : spec->kind == PB_CELL_DURATION ? "connected-since"
                           : spec->kind == PB_CELL_RECEIVED ? "rx-bytes"
                           : spec->kind == PB_CELL_SENT ? "tx-bytes"
                           : spec->kind == PB_CELL_VIA || spec->kind == PB_CELL_CARRIES ? "state" : spec->property;
      g_autofree char *detailed = g_strconcat ("notify::", property, NULL);

      g_signal_connect_object (item, detailed, G_CALLBACK (pb_cell_update), cell, G_CONNECT_SWAPPED);
    }

  if (spec->kind == PB_CELL_DURATION)
    {
      if (clock_cells == NULL)
        clock_cells = g_ptr_array_new ();
      g_ptr_array_add (clock_cells, cell);
    }
  if (spec->kind == PB_CELL_VIA || spec->kind == PB_CELL_CARRIES)
    {
      if (graph_cells == NULL && session_graph () != NULL)
        g_signal_connect (session_graph (), "changed", G_CALLBACK (on_graph_changed), NULL);
      if (graph_cells == NULL)
        graph_cells = g_ptr_array_new ();
      g_ptr_array_add (graph_cells, cell);
    }

  pb_cell_update (cell);
}

static void
cell_unbind (GtkListItemFactory *factory,
             GtkListItem        *list_item,
             const PbCellSpec   *spec)
{
  PbConnection *item = gtk_list_item_get_item (list_item);
  PbCell *cell = PB_CELL (gtk_list_item_get_child (list_item));

  if (item != NULL)
    g_signal_handlers_disconnect_by_data (item, gtk_list_item_get_child (list_item));
  /* A row kept for another item is not marked for this one meanwhile. */
  if (cell->related != NULL)
    {
      g_signal_handlers_disconnect_by_data (cell->related, cell);
      g_clear_object (&cell->related);
      pb_cell_mark_row (cell, NULL);
    }
  if (clock_cells != NULL)
    g_ptr_array_remove_fast (clock_cells, gtk_list_item_get_child (list_item));
  if (graph_cells != NULL)
    g_ptr_array_remove_fast (graph_cells, gtk_list_item_get_child (list_item));
}

/**
 * pb_cell_factory_new:
 * @spec: (not nullable): the column's cells, static
 *
 * Returns: (transfer full): a factory of @spec's cells
 */
GtkListItemFactory *
pb_cell_factory_new (const PbCellSpec *spec)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (spec->kind != PB_CELL_TEXT || spec->property != NULL, NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), (gpointer)spec);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), (gpointer)spec);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), (gpointer)spec);

  return factory;
}

/**
 * pb_cell_find_list_item:
 * @widget: a widget inside a cell, or the cell itself
 * @stop: the view the search goes no higher than
 *
 * Returns: (transfer none) (nullable): the list item of the cell that
 *   @widget is in, if it is in one of pb_cell_factory_new()'s cells
 */
GtkListItem *
pb_cell_find_list_item (GtkWidget *widget,
                        GtkWidget *stop)
{
  for (; widget != NULL && widget != stop; widget = gtk_widget_get_parent (widget))
    {
      if (PB_IS_CELL (widget))
        return PB_CELL (widget)->list_item;
    }

  return NULL;
}
