/* pb-map-drive-dialog.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-map-drive-dialog.h"

/**
 * PbMapDriveDialog:
 *
 * Map Network Drive: an address, the name to give the drive, whether to
 * remember it (reconnect at sign-in, the password in the Secret Service:
 * the core keeps both together), and the credentials. The mapping itself runs in the application, so the dialog
 * closes at once and the outcome shows in the window.
 */
struct _PbMapDriveDialog
{
  GtkWindow         parent_instance;

  /* Template widgets */
  GtkEntry         *address_entry;
  GtkEntry         *name_entry;
  GtkCheckButton   *remember_check;
  GtkCheckButton   *save_password_check;
  GtkEntry         *user_entry;
  GtkPasswordEntry *password_entry;
};

G_DEFINE_FINAL_TYPE (PbMapDriveDialog, pb_map_drive_dialog, GTK_TYPE_WINDOW)

static const char *
entry_text_or_null (GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);

  return text[0] != '\0' ? text : NULL;
}

/* Map needs an address, and a name to remember the drive under. */
static void
update_map_enabled (PbMapDriveDialog *self)
{
  gboolean remember = gtk_check_button_get_active (self->remember_check);
  gboolean named = entry_text_or_null (GTK_EDITABLE (self->name_entry)) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.map",
                                 entry_text_or_null (GTK_EDITABLE (self->address_entry)) != NULL &&
                                 (named || !remember));
}

/* A remembered drive keeps its password in the keyring (SEMANTICS §3):
 * with Remember on, "Save the password" is on and cannot be turned off,
 * and the name, which the profile needs, is asked for. */
static void
on_remember_toggled (PbMapDriveDialog *self)
{
  gboolean remember = gtk_check_button_get_active (self->remember_check);

  if (remember)
    gtk_check_button_set_active (self->save_password_check, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_password_check), !remember);
  gtk_entry_set_placeholder_text (self->name_entry,
                                  remember ? _("Needed to remember the drive, e.g. Projects")
                                           : _("Optional, e.g. Projects"));
  update_map_enabled (self);
}

static void
map_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PbMapDriveDialog *self = PB_MAP_DRIVE_DIALOG (widget);
  PbDriveMapFlags flags = PB_DRIVE_MAP_NONE;

  if (gtk_check_button_get_active (self->remember_check))
    flags |= PB_DRIVE_MAP_REMEMBER;
  if (gtk_check_button_get_active (self->save_password_check))
    flags |= PB_DRIVE_MAP_SAVE_PASSWORD;

  /* (uri, local name, user, password, flags): an empty string is "none";
   * an empty password means the keyring's. Activated in this process only:
   * the password does not go over the bus. */
  gtk_widget_activate_action (widget, "app." PB_ACTION_MAP_DRIVE, "(ssssu)",
                              gtk_editable_get_text (GTK_EDITABLE (self->address_entry)),
                              gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                              gtk_editable_get_text (GTK_EDITABLE (self->user_entry)),
                              gtk_editable_get_text (GTK_EDITABLE (self->password_entry)),
                              (guint32)flags);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
pb_map_drive_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_MAP_DRIVE_DIALOG);

  G_OBJECT_CLASS (pb_map_drive_dialog_parent_class)->dispose (object);
}

static void
pb_map_drive_dialog_class_init (PbMapDriveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_map_drive_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plugboard/Plugboard/pb-map-drive-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbMapDriveDialog, address_entry);
  gtk_widget_class_bind_template_child (widget_class, PbMapDriveDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, PbMapDriveDialog, remember_check);
  gtk_widget_class_bind_template_child (widget_class, PbMapDriveDialog, user_entry);
  gtk_widget_class_bind_template_child (widget_class, PbMapDriveDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, PbMapDriveDialog, save_password_check);
  gtk_widget_class_bind_template_callback (widget_class, update_map_enabled);
  gtk_widget_class_bind_template_callback (widget_class, on_remember_toggled);

  gtk_widget_class_install_action (widget_class, "dialog.map", NULL, map_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_map_drive_dialog_init (PbMapDriveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  on_remember_toggled (self);
}

/**
 * pb_map_drive_dialog_new:
 * @parent: a window of the #PbApplication
 *
 * Returns: (transfer none): the dialog, shown
 */
PbMapDriveDialog *
pb_map_drive_dialog_new (GtkWindow *parent)
{
  PbMapDriveDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (PB_TYPE_MAP_DRIVE_DIALOG,
                       "transient-for", parent,
                       "application", gtk_window_get_application (parent),
                       NULL);
  gtk_window_present (GTK_WINDOW (self));

  return self;
}
