/* pb-links-page.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
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

static PbGraph *
session_graph (void)
{
  PbSession *session = pb_application_get_default_session ();

  return session != NULL ? pb_session_get_graph (session) : NULL;
}

/* The mounted drives that go down with @link (#PbGraph): a link that carries
 * none is hung up at once, one that does asks first. */
static GPtrArray *
dup_carried_drives (PbConnection *link)
{
  PbGraph *graph = session_graph ();
  g_autoptr(GPtrArray) riding = graph != NULL ? pb_graph_dup_riding_drives (graph, link) : NULL;
  GPtrArray *mounted = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; riding != NULL && i < riding->len; i++)
    if (pb_connection_is_connected (g_ptr_array_index (riding, i)))
      g_ptr_array_add (mounted, g_object_ref (g_ptr_array_index (riding, i)));

  return mounted;
}

static const char *
drive_words (PbConnection *drive)
{
  const char *local_name = pb_connection_get_local_name (drive);

  return local_name != NULL && *local_name ? local_name : pb_connection_get_remote_name (drive);
}

enum {
  RESPONSE_HANG_UP_ONLY = 1,
  RESPONSE_DISCONNECT_TOO = 2,
};

static void
on_carried_response (GtkDialog *dialog,
                     int        response,
                     GtkWidget *page)
{
  const char *handle = g_object_get_data (G_OBJECT (dialog), "handle");
  PbSession *session = pb_application_get_default_session ();

  /* The session's hang-up with its drives policy, (ssu): the one the CLI's
   * --drives starts, which the (ss) action cannot carry. */
  if ((response == RESPONSE_HANG_UP_ONLY || response == RESPONSE_DISCONNECT_TOO) && session != NULL)
    {
      g_autoptr(PbOperation) op =
        pb_session_start (session, PB_ACTION_HANG_UP,
                          g_variant_new ("(ssu)", handle, "",
                                         response == RESPONSE_DISCONNECT_TOO ? PB_CARRIED_DISCONNECT
                                                                             : PB_CARRIED_KEEP));
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* "Office VPN carries 2 drives": the drives first, cleanly, then the link
 * (the default, so that nothing stays mounted on a dead path), or the link
 * alone as RasHangUp does, or nothing. */
static void
ask_about_carried_drives (PbLinksPage  *self,
                          PbConnection *link,
                          GPtrArray    *drives)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autofree char *list = NULL;
  GtkWidget *dialog, *button;

  for (guint i = 0; i < drives->len; i++)
    g_strv_builder_add (builder, drive_words (g_ptr_array_index (drives, i)));
  names = g_strv_builder_end (builder);
  list = g_strjoinv (", ", names);

  dialog = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   g_dngettext (GETTEXT_PACKAGE, "%s carries %u drive", "%s carries %u drives",
                                                drives->len),
                                   pb_connection_get_name (link), drives->len);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("%s. Disconnect them first, so that nothing stays mounted on a "
                                              "link that is gone?"), list);
  gtk_window_set_title (GTK_WINDOW (dialog), _("Hang Up"));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("Hang Up _Only"), RESPONSE_HANG_UP_ONLY);
  button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Disconnect Them Too"), RESPONSE_DISCONNECT_TOO);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), RESPONSE_DISCONNECT_TOO);

  g_object_set_data_full (G_OBJECT (dialog), "handle", g_strdup (pb_connection_get_handle (link)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_carried_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  /* Return does what the highlighted button says. */
  gtk_widget_grab_focus (button);
}

/* (handle, ""): the whole link; asked first when it carries mounted drives. */
static void
hang_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PbConnection *link = pb_page_get_target (PB_PAGE (widget));
  g_autoptr(GPtrArray) drives = NULL;

  if (link == NULL)
    return;

  drives = dup_carried_drives (link);
  if (drives->len > 0)
    ask_about_carried_drives (PB_LINKS_PAGE (widget), link, drives);
  else
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
  g_autoptr(GPtrArray) carried = NULL;

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
  carried = link != NULL ? dup_carried_drives (link) : NULL;
  if (carried != NULL && carried->len > 0)
    {
      /* The button asks first, as Delete does. */
      pb_page_set_button_target (self->hang_up_button, NULL, NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->hang_up_button), "links.hang-up");
      gtk_widget_set_sensitive (self->hang_up_button, TRUE);
    }
  else
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
  { PB_CELL_CARRIES, NULL, TRUE },
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

  /* A drive mounted over the selected link, or gone: Hang Up asks, or not. */
  if (session_graph () != NULL)
    g_signal_connect_object (session_graph (), "changed", G_CALLBACK (on_selected_item_changed), self,
                             G_CONNECT_SWAPPED);
}
