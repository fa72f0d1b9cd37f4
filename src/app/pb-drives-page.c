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
 * Disconnect and Forget (SEMANTICS §3), Reconnect for a remembered drive,
 * and Map Network Drive.
 */
struct _PbDrivesPage
{
  PbPage  parent_instance;
};

G_DEFINE_FINAL_TYPE (PbDrivesPage, pb_drives_page, PB_TYPE_PAGE)

/* By local name: that breaks only this mapping (D1). Never forced from
 * here: open files get the dialog that asks (D2). */
static void
activate_cancel (GtkWidget *widget,
                 gboolean   forget)
{
  PbConnection *drive = pb_page_get_selected (PB_PAGE (widget));

  if (drive != NULL)
    gtk_widget_activate_action (widget, "app." PB_ACTION_CANCEL_DRIVE, "(sbb)",
                                pb_connection_get_local_name (drive), FALSE, forget);
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  activate_cancel (widget, FALSE);
}

static void
disconnect_forget_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  activate_cancel (widget, TRUE);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PbConnection *drive = pb_page_get_selected (PB_PAGE (widget));

  if (drive != NULL)
    gtk_widget_activate_action (widget, "app." PB_ACTION_RESTORE, "s", pb_connection_get_local_name (drive));
}

/* Disconnect applies to a connected drive; Forget to a remembered one,
 * connected or not (D5, D7); Reconnect to a remembered one not connected. */
static void
on_selected_item_changed (PbPage *page)
{
  PbConnection *drive = pb_page_get_selected (page);
  gboolean remembered = drive != NULL && pb_connection_get_remembered (drive);
  gboolean connected = drive != NULL && pb_connection_is_connected (drive);

  gtk_widget_action_set_enabled (GTK_WIDGET (page), "drives.disconnect", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (page), "drives.disconnect-forget", remembered);
  gtk_widget_action_set_enabled (GTK_WIDGET (page), "drives.reconnect", remembered && !connected);
}

/* The columns of the template, in order. */
static const PbCellSpec drives_cells[] = {
  { PB_CELL_TEXT, "local-name", TRUE, NULL },
  { PB_CELL_TEXT, "remote-name", TRUE, NULL },
  { PB_CELL_TEXT, "type-name", TRUE, NULL },
  { PB_CELL_STATE, NULL, FALSE, N_("Disconnecting…") },
  { PB_CELL_YES_NO, "remembered", TRUE, NULL },
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
