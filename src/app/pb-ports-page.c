/* pb-ports-page.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-ports-page.h"

/**
 * PbPortsPage:
 *
 * The Ports page: the devices that carry links, and Disconnect (SEMANTICS §2).
 */
struct _PbPortsPage
{
  PbPage     parent_instance;

  /* Template widgets */
  GtkWidget *disconnect_button;
};

G_DEFINE_FINAL_TYPE (PbPortsPage, pb_ports_page, PB_TYPE_PAGE)

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PbConnection *port = pb_page_get_target (PB_PAGE (widget));

  if (port != NULL && pb_connection_is_port_in_use (port))
    gtk_widget_activate_action (widget, "app." PB_ACTION_DISCONNECT_PORT, "s", pb_connection_get_name (port));
}

static void
on_selected_item_changed (PbPage *page)
{
  PbConnection *port = pb_page_get_target (page);
  /* A port that carries nothing has nothing to disconnect (P2). */
  gboolean in_use = port != NULL && pb_connection_is_port_in_use (port);

  gtk_widget_action_set_enabled (GTK_WIDGET (page), "ports.disconnect", in_use);
  pb_page_set_button_target (PB_PORTS_PAGE (page)->disconnect_button, "app." PB_ACTION_DISCONNECT_PORT,
                             in_use ? g_variant_new_string (pb_connection_get_name (port)) : NULL);
}

/* The columns of the template, in order. */
static const PbCellSpec ports_cells[] = {
  { PB_CELL_PORT_NAME, NULL, TRUE },
  { PB_CELL_TYPE, NULL, TRUE },
  { PB_CELL_STATE, NULL, TRUE },
  { PB_CELL_LINK, NULL, TRUE },
  { PB_CELL_TEXT, "server", TRUE },
};

static void
pb_ports_page_class_init (PbPortsPageClass *klass)
{
  PbPageClass *page_class = PB_PAGE_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  page_class->no_items = _("No ports. Modems, serial lines and the devices under PPPoE or VPN links appear here.");
  page_class->selection_changed = on_selected_item_changed;
  page_class->cells = ports_cells;
  page_class->no_matches = _("No port matches the search.");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plugboard/Plugboard/pb-ports-page.ui");
  pb_page_class_bind_template (widget_class);
  gtk_widget_class_bind_template_child (widget_class, PbPortsPage, disconnect_button);

  gtk_widget_class_install_action (widget_class, "ports.disconnect", NULL, disconnect_action);
  pb_page_class_bind_delete (widget_class, "ports.disconnect");
}

static void
pb_ports_page_init (PbPortsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
