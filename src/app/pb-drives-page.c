/* pb-drives-page.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-drives-page.h"
#include "pb-page-private.h"

/**
 * PbDrivesPage:
 *
 * The Drives page: network mounts and remembered drives; Disconnect,
 * Disconnect and Forget (SEMANTICS §3), Reconnect for a remembered drive,
 * and Map Network Drive.
 */
struct _PbDrivesPage
{
  GtkWidget  parent_instance;

  PbPage     page;
};

G_DEFINE_FINAL_TYPE (PbDrivesPage, pb_drives_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* By local name: that breaks only this mapping (D1). */
static void
activate_cancel (GtkWidget  *widget,
                 const char *flags)
{
  PbConnection *drive = pb_page_get_selected (&PB_DRIVES_PAGE (widget)->page);
  g_autofree char *parameter = NULL;

  if (drive == NULL)
    return;

  parameter = g_strconcat (flags, pb_connection_get_local_name (drive), NULL);
  gtk_widget_activate_action (widget, "app.cancel-drive", "s", parameter);
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  activate_cancel (widget, "");
}

static void
disconnect_forget_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  activate_cancel (widget, "forget:");
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PbConnection *drive = pb_page_get_selected (&PB_DRIVES_PAGE (widget)->page);

  if (drive != NULL)
    gtk_widget_activate_action (widget, "app.restore", "s", pb_connection_get_local_name (drive));
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  pb_page_popup_at_focus (&PB_DRIVES_PAGE (widget)->page);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (PB_DRIVES_PAGE (widget)->page.search_entry));
}

/* Disconnect applies to a connected drive; Forget to a remembered one,
 * connected or not (D5, D7); Reconnect to a remembered one not connected. */
static void
on_selected_item_changed (PbDrivesPage *self)
{
  PbConnection *drive = pb_page_get_selected (&self->page);
  gboolean remembered = drive != NULL && pb_connection_get_remembered (drive);
  gboolean connected = drive != NULL && g_strcmp0 (pb_connection_get_state (drive), "connected") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drives.disconnect", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drives.disconnect-forget", remembered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drives.reconnect", remembered && !connected);
}

static void
on_cell_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkListItem     *list_item)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  PbDrivesPage *self = PB_DRIVES_PAGE (gtk_widget_get_ancestor (cell, PB_TYPE_DRIVES_PAGE));

  pb_page_popup_at_cell (&self->page, list_item, cell, x, y);
}

static char *
state_text (GtkListItem *list_item,
            gboolean     busy,
            const char  *state)
{
  return pb_page_state_text (state, busy, _("Disconnecting…"));
}

static char *
remembered_text (GtkListItem *list_item,
                 gboolean     remembered)
{
  return g_strdup (remembered ? _("Yes") : _("No"));
}

static void
pb_drives_page_dispose (GObject *object)
{
  PbDrivesPage *self = (PbDrivesPage *)object;

  pb_page_dispose (&self->page);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_DRIVES_PAGE);

  G_OBJECT_CLASS (pb_drives_page_parent_class)->dispose (object);
}

static void
pb_drives_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PbDrivesPage *self = PB_DRIVES_PAGE (object);

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
pb_drives_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PbDrivesPage *self = PB_DRIVES_PAGE (object);

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
pb_drives_page_class_init (PbDrivesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_drives_page_dispose;
  object_class->get_property = pb_drives_page_get_property;
  object_class->set_property = pb_drives_page_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, "The drives", PB_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PB_TYPE_CONNECTION);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plugboard/Plugboard/pb-drives-page.ui");
  pb_page_bind_template (widget_class, G_STRUCT_OFFSET (PbDrivesPage, page));
  gtk_widget_class_bind_template_callback (widget_class, on_selected_item_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_pressed);
  gtk_widget_class_bind_template_callback (widget_class, state_text);
  gtk_widget_class_bind_template_callback (widget_class, remembered_text);

  gtk_widget_class_install_action (widget_class, "drives.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "drives.disconnect-forget", NULL, disconnect_forget_action);
  gtk_widget_class_install_action (widget_class, "drives.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "drives.context-menu", NULL, context_menu_action);
  gtk_widget_class_install_action (widget_class, "drives.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "drives.disconnect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "drives.disconnect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_SHIFT_MASK, "drives.disconnect-forget", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "drives.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "drives.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "drives.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "app.map-drive", "s", "");

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_drives_page_init (PbDrivesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pb_page_init (&self->page, GTK_WIDGET (self),
                _("No network drives. Map one with “Map Network Drive…”."),
                _("No drive matches the search."));
  on_selected_item_changed (self);
}
