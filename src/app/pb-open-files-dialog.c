/* pb-open-files-dialog.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pb-drive-holder.h"
#include "pb-open-files-dialog.h"

/**
 * PbOpenFilesDialog:
 *
 * Asked when a drive could not be disconnected because files on it are open
 * (D2): it names the processes that hold them and the file each holds,
 * once, and offers Disconnect Anyway, which starts the same cancel-drive
 * with force.
 */
struct _PbOpenFilesDialog
{
  GtkWindow          parent_instance;

  /* Template widgets */
  GtkLabel          *heading;
  GtkListBox        *holder_list;
  GtkButton         *cancel_button;

  /* Owned */
  char              *name;
  gboolean           forget;
};

G_DEFINE_FINAL_TYPE (PbOpenFilesDialog, pb_open_files_dialog, GTK_TYPE_WINDOW)

static void
disconnect_anyway_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PbOpenFilesDialog *self = PB_OPEN_FILES_DIALOG (widget);

  /* The same cancel, forced: (name, force, forget). */
  gtk_widget_activate_action (widget, "app." PB_ACTION_CANCEL_DRIVE, "(sbb)", self->name, TRUE, self->forget);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* One process a line: what it is (its application, else its command, and
 * its number), and under it the file it holds. */
static GtkWidget *
holder_row_new (PbDriveHolder *holder,
                const char    *mount_path)
{
  const char *app_id = pb_drive_holder_get_app_id (holder);
  const char *path = pb_drive_holder_get_path (holder);
  gsize mount_len = mount_path != NULL ? strlen (mount_path) : 0;

  /* On the drive, the file's place under it says all: the mount's own path
   * (a GVfs FUSE folder) says nothing to a person. */
  if (path != NULL && mount_len > 0 && strncmp (path, mount_path, mount_len) == 0 && path[mount_len] == '/')
    path += mount_len + 1;
  g_autofree char *who = g_strdup_printf (_("%s (process %d)"), app_id ? app_id : pb_drive_holder_get_command (holder),
                                          (int)pb_drive_holder_get_pid (holder));
  g_autofree char *description = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (who);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  if (path != NULL)
    {
      label = gtk_label_new (path);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  g_object_set (box, "margin-start", 8, "margin-end", 8, "margin-top", 6, "margin-bottom", 6, NULL);

  /* Read as one sentence by a screen reader. */
  description = path ? g_strdup_printf (_("%s holds %s"), who, path) : g_strdup (who);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);

  return box;
}

static void
pb_open_files_dialog_finalize (GObject *object)
{
  PbOpenFilesDialog *self = (PbOpenFilesDialog *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (pb_open_files_dialog_parent_class)->finalize (object);
}

static void
pb_open_files_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_OPEN_FILES_DIALOG);

  G_OBJECT_CLASS (pb_open_files_dialog_parent_class)->dispose (object);
}

static void
pb_open_files_dialog_class_init (PbOpenFilesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_open_files_dialog_dispose;
  object_class->finalize = pb_open_files_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plugboard/Plugboard/pb-open-files-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbOpenFilesDialog, heading);
  gtk_widget_class_bind_template_child (widget_class, PbOpenFilesDialog, holder_list);
  gtk_widget_class_bind_template_child (widget_class, PbOpenFilesDialog, cancel_button);

  gtk_widget_class_install_action (widget_class, "dialog.disconnect-anyway", NULL, disconnect_anyway_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_open_files_dialog_init (PbOpenFilesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Whether the cancel that met open files also asked to forget the drive,
 * so that Disconnect Anyway asks the same with force. */
static gboolean
operation_forgets (PbOperation *op)
{
  GVariant *parameter = pb_operation_get_parameter (op);
  gboolean forget = FALSE;

  if (parameter != NULL && g_variant_is_of_type (parameter, G_VARIANT_TYPE ("(sbb)")))
    g_variant_get (parameter, "(&sbb)", NULL, NULL, &forget);

  return forget;
}

/**
 * pb_open_files_dialog_new:
 * @parent: the main window
 * @op: a finished cancel-drive that failed with %PB_ERROR_OPEN_FILES
 * @display_name: (nullable): the drive as the person knows it (its local
 *   name, else its remote name)
 *
 * Returns: (transfer none): the dialog, shown; Cancel (the default, also
 *   Escape) closes it and changes nothing
 */
PbOpenFilesDialog *
pb_open_files_dialog_new (GtkWindow         *parent,
                          PbOperation       *op,
                          const char        *display_name)
{
  PbOpenFilesDialog *self;
  g_autofree char *heading = NULL;
  const char *name;
  GPtrArray *holders;
  PbConnection *item;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PB_IS_OPERATION (op), NULL);
  g_return_val_if_fail (pb_operation_get_error (op) != NULL, NULL);

  name = pb_operation_get_target (op);
  holders = pb_operation_get_holders (op);

  self = g_object_new (PB_TYPE_OPEN_FILES_DIALOG,
                       "transient-for", parent,
                       "application", gtk_window_get_application (parent),
                       NULL);
  self->name = g_strdup (name);
  self->forget = operation_forgets (op);

  heading = g_strdup_printf (_("Files on “%s” are open"), display_name ? display_name : name);
  gtk_label_set_label (self->heading, heading);

  item = pb_operation_get_item (op);
  for (guint i = 0; holders != NULL && i < holders->len; i++)
    gtk_list_box_append (self->holder_list,
                         holder_row_new (g_ptr_array_index (holders, i),
                                         item ? pb_connection_get_mount_path (item) : NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->holder_list), holders != NULL && holders->len > 0);

  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));

  return self;
}
