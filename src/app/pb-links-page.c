/* pb-links-page.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-links-page.h"

/**
 * PbLinksPage:
 *
 * The Links page: active links, Hang Up (the whole link) and Hang Up This
 * Device (one device of a multi-device link, L5), and Connect for the saved
 * link profiles that are not active.
 */
struct _PbLinksPage
{
  PbPage          parent_instance;

  /* Template widgets */
  GMenu          *device_section;
  GtkMenuButton  *connect_button;
  GtkWidget      *hang_up_button;
  GtkNoSelection *profiles_selection;

  /* Owned: the links whose traffic is asked for while the page shows */
  PbLinkSource   *counted;
};

G_DEFINE_FINAL_TYPE (PbLinksPage, pb_links_page, PB_TYPE_PAGE)

/* (handle, ""): the whole link. */
static void
hang_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PbConnection *link = pb_page_get_target (PB_PAGE (widget));

  if (link != NULL)
    gtk_widget_activate_action (widget, "app." PB_ACTION_HANG_UP, "(ss)", pb_connection_get_handle (link), "");
}

/* The menu offers Hang Up This Device once per device, and only for a link
 * that has more than one: each item is the session's hang-up with the
 * target (handle, device), one device alone (L5). */
static void
on_selected_item_changed (PbPage *page)
{
  PbLinksPage *self = PB_LINKS_PAGE (page);
  PbConnection *link = pb_page_get_target (page);
  const char * const *devices = link ? pb_connection_get_devices (link) : NULL;

  g_menu_remove_all (self->device_section);

  if (devices != NULL && g_strv_length ((char **)devices) > 1)
    for (guint i = 0; devices[i] != NULL; i++)
      {
        g_autofree char *label = g_strdup_printf (_("Hang Up Device %s"), devices[i]);
        g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

        g_menu_item_set_action_and_target_value (item, "app." PB_ACTION_HANG_UP,
                                                 g_variant_new ("(ss)", pb_connection_get_handle (link), devices[i]));
        g_menu_append_item (self->device_section, item);
      }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.hang-up", link != NULL);
  pb_page_set_button_target (self->hang_up_button, "app." PB_ACTION_HANG_UP,
                             link ? g_variant_new ("(ss)", pb_connection_get_handle (link), "") : NULL);
}

static void
on_profile_activated (PbLinksPage *self,
                      guint        position)
{
  g_autoptr(PbConnection) profile =
    g_list_model_get_item (G_LIST_MODEL (self->profiles_selection), position);

  gtk_menu_button_popdown (self->connect_button);
  if (profile != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "app." PB_ACTION_CONNECT_LINK, "s",
                                pb_connection_get_handle (profile));
}

static void
on_profiles_changed (PbLinksPage *self)
{
  GListModel *profiles = G_LIST_MODEL (self->profiles_selection);

  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), g_list_model_get_n_items (profiles) > 0);
}

/* Time connected and traffic are counted while the page is on screen, and
 * not at all while it is hidden (another page, the window closed to the
 * tray). */
static void
count (PbLinksPage *self,
       gboolean     on)
{
  PbSource *source = pb_page_get_source (PB_PAGE (self));

  if (self->counted != NULL)
    {
      pb_link_source_release_statistics (self->counted);
      g_clear_object (&self->counted);
      pb_cell_release_clock ();
    }
  if (on && PB_IS_LINK_SOURCE (source))
    {
      self->counted = g_object_ref (PB_LINK_SOURCE (source));
      pb_link_source_hold_statistics (self->counted);
      pb_cell_hold_clock ();
    }
}

static void
pb_links_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pb_links_page_parent_class)->map (widget);
  count (PB_LINKS_PAGE (widget), TRUE);
}

static void
pb_links_page_unmap (GtkWidget *widget)
{
  count (PB_LINKS_PAGE (widget), FALSE);
  GTK_WIDGET_CLASS (pb_links_page_parent_class)->unmap (widget);
}

/* The saved profiles come with the links: both are the server's. */
static void
pb_links_page_source_changed (PbPage *page)
{
  PbLinksPage *self = PB_LINKS_PAGE (page);
  PbSource *source = pb_page_get_source (page);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    count (self, TRUE);

  gtk_no_selection_set_model (self->profiles_selection,
                              source ? pb_link_source_get_profiles (PB_LINK_SOURCE (source)) : NULL);
  on_profiles_changed (self);
}

static void
pb_links_page_dispose (GObject *object)
{
  PbLinksPage *self = (PbLinksPage *)object;

  g_signal_handlers_disconnect_by_data (self->profiles_selection, self);
  count (self, FALSE);

  G_OBJECT_CLASS (pb_links_page_parent_class)->dispose (object);
}

/* The columns of the template, in order. */
static const PbCellSpec links_cells[] = {
  { PB_CELL_TEXT, "name", TRUE },
  { PB_CELL_TYPE, NULL, TRUE },
  { PB_CELL_STATE, NULL, TRUE },
  { PB_CELL_DEVICES, NULL, TRUE },
  { PB_CELL_DURATION, NULL, FALSE },
  { PB_CELL_RECEIVED, NULL, FALSE },
  { PB_CELL_SENT, NULL, FALSE },
  { PB_CELL_TEXT, "server", TRUE },
};

static void
pb_links_page_class_init (PbLinksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PbPageClass *page_class = PB_PAGE_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_links_page_dispose;
  widget_class->map = pb_links_page_map;
  widget_class->unmap = pb_links_page_unmap;

  page_class->no_items = _("No active links. Connect a saved link to see it here.");
  page_class->selection_changed = on_selected_item_changed;
  page_class->cells = links_cells;
  page_class->no_matches = _("No link matches the search.");
  page_class->source_changed = pb_links_page_source_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plugboard/Plugboard/pb-links-page.ui");
  pb_page_class_bind_template (widget_class);
  gtk_widget_class_bind_template_child (widget_class, PbLinksPage, device_section);
  gtk_widget_class_bind_template_child (widget_class, PbLinksPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, PbLinksPage, hang_up_button);
  gtk_widget_class_bind_template_child (widget_class, PbLinksPage, profiles_selection);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_activated);

  gtk_widget_class_install_action (widget_class, "links.hang-up", NULL, hang_up_action);
  pb_page_class_bind_delete (widget_class, "links.hang-up");
}

static void
pb_links_page_init (PbLinksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->profiles_selection, "items-changed",
                            G_CALLBACK (on_profiles_changed), self);
  on_profiles_changed (self);
}
