/* pb-cell.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "plugboard.h"
#include "pb-cell.h"

/* The cells of the lists, built in code: a list view makes a cell for each
 * column of every row it shows, and a GtkBuilder template per cell (objects
 * from XML, expression bindings) made startup several times slower
 * (tests/bench/bench-startup.py). A cell is a label, or a spinner and a
 * label for the state; it follows its row's properties while bound. */

#define CELL_LIST_ITEM "pb-cell-list-item"
#define CELL_LABEL "pb-cell-label"
#define CELL_SPINNER "pb-cell-spinner"
#define CELL_SPEC "pb-cell-spec"

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
      return g_strdup (pb_connection_get_busy (item) ? _(spec->busy_text) : pb_connection_get_state (item));

    default:
      g_assert_not_reached ();
    }
}

static void
cell_update (GtkListItem      *list_item,
             const PbCellSpec *spec)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);
  PbConnection *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = g_object_get_data (G_OBJECT (child), CELL_LABEL);
  GtkSpinner *spinner = g_object_get_data (G_OBJECT (child), CELL_SPINNER);
  g_autofree char *text = NULL;

  if (item == NULL)
    return;

  text = cell_text (spec, item);
  gtk_label_set_label (label, text != NULL ? text : "");

  /* The spinner is made the first time its row is busy: most never are. */
  if (spec->kind == PB_CELL_STATE && spinner == NULL && pb_connection_get_busy (item))
    {
      spinner = GTK_SPINNER (gtk_spinner_new ());
      gtk_box_prepend (GTK_BOX (child), GTK_WIDGET (spinner));
      g_object_set_data (G_OBJECT (child), CELL_SPINNER, spinner);
    }

  if (spinner != NULL)
    {
      gboolean busy = pb_connection_get_busy (item);

      gtk_widget_set_visible (GTK_WIDGET (spinner), busy);
      gtk_spinner_set_spinning (spinner, busy);
    }
}

static void
cell_item_notify (PbConnection *item,
                  GParamSpec   *pspec,
                  GtkListItem  *list_item)
{
  cell_update (list_item, g_object_get_data (G_OBJECT (list_item), CELL_SPEC));
}

static void
cell_setup (GtkListItemFactory *factory,
            GtkListItem        *list_item,
            const PbCellSpec   *spec)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *child = label;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (spec->ellipsize)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);

  if (spec->kind == PB_CELL_STATE)
    {
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (child), label);
    }

  g_object_set_data (G_OBJECT (child), CELL_LABEL, label);
  g_object_set_data (G_OBJECT (child), CELL_LIST_ITEM, list_item);
  g_object_set_data (G_OBJECT (list_item), CELL_SPEC, (gpointer)spec);
  gtk_list_item_set_child (list_item, child);
}

static void
cell_bind (GtkListItemFactory *factory,
           GtkListItem        *list_item,
           const PbCellSpec   *spec)
{
  PbConnection *item = gtk_list_item_get_item (list_item);

  if (spec->kind == PB_CELL_STATE)
    {
      g_signal_connect_object (item, "notify::state", G_CALLBACK (cell_item_notify), list_item, 0);
      g_signal_connect_object (item, "notify::busy", G_CALLBACK (cell_item_notify), list_item, 0);
    }
  else
    {
      g_autofree char *detailed = g_strconcat ("notify::", spec->property, NULL);

      g_signal_connect_object (item, detailed, G_CALLBACK (cell_item_notify), list_item, 0);
    }

  cell_update (list_item, spec);
}

static void
cell_unbind (GtkListItemFactory *factory,
             GtkListItem        *list_item,
             const PbCellSpec   *spec)
{
  PbConnection *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_data (item, list_item);
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
  g_return_val_if_fail (spec->kind == PB_CELL_STATE ? spec->busy_text != NULL : spec->property != NULL, NULL);

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
      GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), CELL_LIST_ITEM);

      if (list_item != NULL)
        return list_item;
    }

  return NULL;
}
