/* pb-drives-page.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-drives-page.h"

/**
 * PbDrivesPage:
 *
 * The Drives page: network mounts and remembered drives; Disconnect,
 * Forget (disconnect and forget, asked first: SEMANTICS §3), Reconnect for a
 * remembered drive, and Map Network Drive, each a toolbar button too.
 */
struct _PbDrivesPage
{
  PbPage     parent_instance;

  /* Template widgets */
  GtkWidget *disconnect_button;
  GtkWidget *reconnect_button;
};

G_DEFINE_FINAL_TYPE (PbDrivesPage, pb_drives_page, PB_TYPE_PAGE)

/* By local name: that breaks only this mapping (D1). Never forced from
 * here: open files get the dialog that asks (D2). */
static GVariant *
cancel_target (PbConnection *drive,
               gboolean      forget)
{
  return g_variant_new ("(sbb)", pb_connection_get_local_name (drive), FALSE, forget);
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PbConnection *drive = pb_page_get_target (PB_PAGE (widget));

  if (drive != NULL && pb_connection_is_connected (drive))
    gtk_widget_activate_action_variant (widget, "app." PB_ACTION_CANCEL_DRIVE, cancel_target (drive, FALSE));
}

static void
on_forget_response (GtkDialog *dialog,
                    int        response,
                    gpointer   user_data)
{
  g_autoptr(PbDrivesPage) self = user_data;
  const char *name = g_object_get_data (G_OBJECT (dialog), "pb-drive-name");

  if (response == GTK_RESPONSE_ACCEPT)
    gtk_widget_activate_action (GTK_WIDGET (self), "app." PB_ACTION_CANCEL_DRIVE, "(sbb)", name, FALSE, TRUE);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Forgetting cannot be undone: the saved password goes with the drive (D5),
 * so the page asks first. */
static void
disconnect_forget_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PbConnection *drive = pb_page_get_target (PB_PAGE (widget));
  GtkWidget *dialog;
  GtkWidget *cancel;
  GtkWidget *forget;
  const char *name;

  if (drive == NULL || !pb_connection_get_remembered (drive))
    return;

  name = pb_connection_get_local_name (drive);
  dialog = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Forget “%s”?"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            pb_connection_is_connected (drive)
                                            ? _("It will be disconnected, no longer reconnected at sign-in, and its "
                                                "saved password will be removed.")
                                            : _("It will no longer be reconnected at sign-in, and its saved password "
                                                "will be removed."));
  gtk_window_set_title (GTK_WINDOW (dialog), _("Forget Drive"));
  cancel = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  forget = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Forget"), GTK_RESPONSE_ACCEPT);
  /* GTK 4.8 names a dialog's button by its label and by the mnemonic label
   * that labels it too ("Forget Forget"): a screen reader gets the word once. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (forget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cancel"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (forget), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Forget"), -1);
  gtk_widget_add_css_class (forget, "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_object_set_data_full (G_OBJECT (dialog), "pb-drive-name", g_strdup (name), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_forget_response), g_object_ref (widget));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PbConnection *drive = pb_page_get_target (PB_PAGE (widget));

  if (drive != NULL && pb_connection_get_remembered (drive) && !pb_connection_is_connected (drive))
    gtk_widget_activate_action (widget, "app." PB_ACTION_RESTORE, "s", pb_connection_get_local_name (drive));
}

/* Disconnect applies to a connected drive; Forget to a remembered one,
 * connected or not (D5, D7); Reconnect to a remembered one not connected. */
static void
on_selected_item_changed (PbPage *page)
{
  PbDrivesPage *self = PB_DRIVES_PAGE (page);
  PbConnection *drive = pb_page_get_target (page);
  gboolean remembered = drive != NULL && pb_connection_get_remembered (drive);
  gboolean connected = drive != NULL && pb_connection_is_connected (drive);

  gtk_widget_action_set_enabled (GTK_WIDGET (page), "drives.disconnect", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (page), "drives.disconnect-forget", remembered);
  gtk_widget_action_set_enabled (GTK_WIDGET (page), "drives.reconnect", remembered && !connected);
  pb_page_set_button_target (self->disconnect_button, "app." PB_ACTION_CANCEL_DRIVE,
                             connected ? cancel_target (drive, FALSE) : NULL);
  pb_page_set_button_target (self->reconnect_button, "app." PB_ACTION_RESTORE,
                             remembered && !connected
                             ? g_variant_new_string (pb_connection_get_local_name (drive)) : NULL);
}

/* The columns of the template, in order. */
static const PbCellSpec drives_cells[] = {
  { PB_CELL_TEXT, "local-name", TRUE },
  { PB_CELL_TEXT, "remote-name", TRUE },
  { PB_CELL_TYPE, NULL, TRUE },
  { PB_CELL_STATE, NULL, TRUE },
  { PB_CELL_YES_NO, "remembered", TRUE },
  { PB_CELL_VIA, NULL, TRUE },
};

static void
pb_drives_page_class_init (PbDrivesPageClass *klass)
{
  PbPageClass *page_class = PB_PAGE_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  page_class->no_items = _("No network drives. Map one with “Map Network Drive…”.");
  page_class->selection_changed = on_selected_item_changed;
  page_class->cells = drives_cells;
  page_class->no_matches = _("No drive matches the search.");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plugboard/Plugboard/pb-drives-page.ui");
  pb_page_class_bind_template (widget_class);
  gtk_widget_class_bind_template_child (widget_class, PbDrivesPage, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, PbDrivesPage, reconnect_button);

  gtk_widget_class_install_action (widget_class, "drives.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "drives.disconnect-forget", NULL, disconnect_forget_action);
  gtk_widget_class_install_action (widget_class, "drives.reconnect", NULL, reconnect_action);

  pb_page_class_bind_delete (widget_class, "drives.disconnect");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_SHIFT_MASK, "drives.disconnect-forget", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "app.map-drive-dialog", NULL);
}

static void
pb_drives_page_init (PbDrivesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
