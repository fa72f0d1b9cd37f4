/* pb-ports-page.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-page-private.h"
#include "pb-ports-page.h"

/**
 * PbPortsPage:
 *
 * The Ports page: the devices that carry links, and Disconnect (SEMANTICS §2).
 */
struct _PbPortsPage
{
  GtkWidget  parent_instance;

  PbPage     page;
};

G_DEFINE_FINAL_TYPE (PbPortsPage, pb_ports_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PbConnection *port = pb_page_get_selected (&PB_PORTS_PAGE (widget)->page);

  if (port != NULL)
    gtk_widget_activate_action (widget, "app.disconnect-port", "s", pb_connection_get_name (port));
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  pb_page_popup_at_focus (&PB_PORTS_PAGE (widget)->page);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (PB_PORTS_PAGE (widget)->page.search_entry));
}

static void
on_selected_item_changed (PbPortsPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ports.disconnect",
                                 pb_page_get_selected (&self->page) != NULL);
}

static void
on_cell_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkListItem     *list_item)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  PbPortsPage *self = PB_PORTS_PAGE (gtk_widget_get_ancestor (cell, PB_TYPE_PORTS_PAGE));

  pb_page_popup_at_cell (&self->page, list_item, cell, x, y);
}

static char *
state_text (GtkListItem *list_item,
            gboolean     busy,
            const char  *state)
{
  return pb_page_state_text (state, busy, _("Disconnecting…"));
}

static void
pb_ports_page_dispose (GObject *object)
{
  PbPortsPage *self = (PbPortsPage *)object;

  pb_page_dispose (&self->page);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_PORTS_PAGE);

  G_OBJECT_CLASS (pb_ports_page_parent_class)->dispose (object);
}

static void
pb_ports_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PbPortsPage *self = PB_PORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->page.source);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_ports_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PbPortsPage *self = PB_PORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      if (self->page.source != g_value_get_object (value))
        {
          pb_page_set_source (&self->page, g_value_get_object (value));
          g_object_notify_by_pspec (object, properties[PROP_SOURCE]);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_ports_page_class_init (PbPortsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_ports_page_dispose;
  object_class->get_property = pb_ports_page_get_property;
  object_class->set_property = pb_ports_page_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, "The ports", PB_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PB_TYPE_CONNECTION);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plugboard/Plugboard/pb-ports-page.ui");
  pb_page_bind_template (widget_class, G_STRUCT_OFFSET (PbPortsPage, page));
  gtk_widget_class_bind_template_callback (widget_class, on_selected_item_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_pressed);
  gtk_widget_class_bind_template_callback (widget_class, state_text);

  gtk_widget_class_install_action (widget_class, "ports.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "ports.context-menu", NULL, context_menu_action);
  gtk_widget_class_install_action (widget_class, "ports.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "ports.disconnect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "ports.disconnect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "ports.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "ports.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "ports.search", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_ports_page_init (PbPortsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pb_page_init (&self->page, GTK_WIDGET (self),
                _("No ports. Modems, serial lines and the devices under PPPoE or VPN links appear here."),
                _("No port matches the search."));
  on_selected_item_changed (self);
}
