/* pb-links-page.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-links-page.h"
#include "pb-page-private.h"

/**
 * PbLinksPage:
 *
 * The Links page: active links, Hang Up (the whole link) and Hang Up This
 * Device (one device of a multi-device link, L5), and Connect for the saved
 * link profiles that are not active.
 */
struct _PbLinksPage
{
  GtkWidget  parent_instance;

  PbPage     page;

  /* Template widgets */
  GMenu          *device_section;
  GtkMenuButton  *connect_button;
  GtkNoSelection *profiles_selection;
};

G_DEFINE_FINAL_TYPE (PbLinksPage, pb_links_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
activate_hang_up (PbLinksPage *self,
                  const char  *device)
{
  PbConnection *link = pb_page_get_selected (&self->page);
  g_autofree char *parameter = NULL;

  if (link == NULL)
    return;

  parameter = device ? g_strdup_printf ("%s/%s", pb_connection_get_handle (link), device)
                     : g_strdup (pb_connection_get_handle (link));
  gtk_widget_activate_action (GTK_WIDGET (self), "app.hang-up", "s", parameter);
}

static void
hang_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  activate_hang_up (PB_LINKS_PAGE (widget), NULL);
}

static void
hang_up_device_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  activate_hang_up (PB_LINKS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  pb_page_popup_at_focus (&PB_LINKS_PAGE (widget)->page);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (PB_LINKS_PAGE (widget)->page.search_entry));
}

/* The menu offers Hang Up This Device once per device, and only for a link
 * that has more than one. */
static void
on_selected_item_changed (PbLinksPage *self)
{
  PbConnection *link = pb_page_get_selected (&self->page);
  const char * const *devices = link ? pb_connection_get_devices (link) : NULL;

  g_menu_remove_all (self->device_section);

  if (devices != NULL && g_strv_length ((char **)devices) > 1)
    for (guint i = 0; devices[i] != NULL; i++)
      {
        g_autofree char *label = g_strdup_printf (_("Hang Up Device %s"), devices[i]);
        g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

        g_menu_item_set_action_and_target (item, "links.hang-up-device", "s", devices[i]);
        g_menu_append_item (self->device_section, item);
      }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.hang-up", link != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.hang-up-device", link != NULL);
}

static void
on_profile_activated (PbLinksPage *self,
                      guint        position)
{
  g_autoptr(PbConnection) profile =
    g_list_model_get_item (G_LIST_MODEL (self->profiles_selection), position);

  gtk_menu_button_popdown (self->connect_button);
  if (profile != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.connect-link", "s",
                                pb_connection_get_handle (profile));
}

static void
on_profiles_changed (PbLinksPage *self)
{
  GListModel *profiles = G_LIST_MODEL (self->profiles_selection);

  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), g_list_model_get_n_items (profiles) > 0);
}

/* The saved profiles come with the links: both are the server's. */
static void
set_source (PbLinksPage *self,
            PbSource    *source)
{
  pb_page_set_source (&self->page, source);
  gtk_no_selection_set_model (self->profiles_selection,
                              source ? pb_link_source_get_profiles (PB_LINK_SOURCE (source)) : NULL);
  on_profiles_changed (self);
}

static void
on_cell_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkListItem     *list_item)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  PbLinksPage *self = PB_LINKS_PAGE (gtk_widget_get_ancestor (cell, PB_TYPE_LINKS_PAGE));

  pb_page_popup_at_cell (&self->page, list_item, cell, x, y);
}

static char *
state_text (GtkListItem *list_item,
            gboolean     busy,
            const char  *state)
{
  return pb_page_state_text (state, busy, _("Hanging up…"));
}

static void
pb_links_page_dispose (GObject *object)
{
  PbLinksPage *self = (PbLinksPage *)object;

  g_signal_handlers_disconnect_by_data (self->profiles_selection, self);
  set_source (self, NULL);
  pb_page_dispose (&self->page);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_LINKS_PAGE);

  G_OBJECT_CLASS (pb_links_page_parent_class)->dispose (object);
}

static void
pb_links_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PbLinksPage *self = PB_LINKS_PAGE (object);

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
pb_links_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PbLinksPage *self = PB_LINKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      if (self->page.source != g_value_get_object (value))
        {
          set_source (self, g_value_get_object (value));
          g_object_notify_by_pspec (object, properties[PROP_SOURCE]);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_links_page_class_init (PbLinksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_links_page_dispose;
  object_class->get_property = pb_links_page_get_property;
  object_class->set_property = pb_links_page_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, "The links", PB_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PB_TYPE_CONNECTION);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plugboard/Plugboard/pb-links-page.ui");
  pb_page_bind_template (widget_class, G_STRUCT_OFFSET (PbLinksPage, page));
  gtk_widget_class_bind_template_child (widget_class, PbLinksPage, device_section);
  gtk_widget_class_bind_template_child (widget_class, PbLinksPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, PbLinksPage, profiles_selection);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_item_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_pressed);
  gtk_widget_class_bind_template_callback (widget_class, state_text);

  gtk_widget_class_install_action (widget_class, "links.hang-up", NULL, hang_up_action);
  gtk_widget_class_install_action (widget_class, "links.hang-up-device", "s", hang_up_device_action);
  gtk_widget_class_install_action (widget_class, "links.context-menu", NULL, context_menu_action);
  gtk_widget_class_install_action (widget_class, "links.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "links.hang-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "links.hang-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "links.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "links.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "links.search", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_links_page_init (PbLinksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pb_page_init (&self->page, GTK_WIDGET (self),
                _("No active links. Connect a saved link to see it here."),
                _("No link matches the search."));
  on_selected_item_changed (self);

  g_signal_connect_swapped (self->profiles_selection, "items-changed",
                            G_CALLBACK (on_profiles_changed), self);
  on_profiles_changed (self);
}
