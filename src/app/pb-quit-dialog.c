/* pb-quit-dialog.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-quit-dialog.h"

/**
 * PbQuitDialog:
 *
 * What Quit shows while operations are still in flight: a process must not
 * end with a hang-up half done (L4), and a person who asked to quit must
 * see why it has not, what it waits for ("Waiting for the hang-up of Phone
 * DUN…", on which server when it is not this computer), and have a way to
 * stop waiting. It closes itself, and so lets the application end, once no
 * session runs anything; Stop Waiting (or closing
 * it) cancels what runs, which ends the wait as soon as each operation has
 * let go of what it held.
 */
struct _PbQuitDialog
{
  GtkWindow  parent_instance;

  /* Template widgets */
  GtkLabel  *message;

  /* Owned */
  GPtrArray *sessions;  /* PbSession: this computer's, and remote servers' */
  gboolean   stopping;
};

G_DEFINE_FINAL_TYPE (PbQuitDialog, pb_quit_dialog, GTK_TYPE_WINDOW)

static char *
waiting_line (PbOperation *op)
{
  const char *action = pb_operation_get_action (op);
  const char *target = pb_operation_get_target (op);

  if (target == NULL)
    target = "";

  if (g_str_equal (action, PB_ACTION_HANG_UP))
    return g_strdup_printf (_("Waiting for the hang-up of %s…"), target);
  if (g_str_equal (action, PB_ACTION_DISCONNECT_PORT))
    return g_strdup_printf (_("Waiting for port %s to disconnect…"), target);
  if (g_str_equal (action, PB_ACTION_CANCEL_DRIVE))
    return g_strdup_printf (_("Waiting for %s to disconnect…"), target);
  if (g_str_equal (action, PB_ACTION_CONNECT_LINK) || g_str_equal (action, PB_ACTION_MAP_DRIVE) ||
      g_str_equal (action, PB_ACTION_RESTORE))
    return g_strdup_printf (_("Waiting for %s to connect…"), target);

  return g_strdup_printf (_("Waiting for %s…"), target);
}

static guint
n_running (PbQuitDialog *self)
{
  guint n = 0;

  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    n += pb_session_get_n_running (g_ptr_array_index (self->sessions, i));

  return n;
}

static void
pb_quit_dialog_update (PbQuitDialog *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (n_running (self) == 0)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  for (guint s = 0; s < self->sessions->len; s++)
    {
      PbSession *session = g_ptr_array_index (self->sessions, s);
      GListModel *operations = pb_session_get_operations (session);
      PbServer *server = pb_session_get_server (session);
      gboolean remote = server != NULL && !pb_server_is_local (server);

      for (guint i = 0; i < g_list_model_get_n_items (operations); i++)
        {
          g_autoptr(PbOperation) op = g_list_model_get_item (operations, i);
          g_autofree char *line = NULL;

          if (pb_operation_is_finished (op))
            continue;
          line = waiting_line (op);
          if (remote)
            {
              /* "Waiting for the hang-up of Office VPN… (on gateway)" */
              char *on = g_strdup_printf (_("%s (on %s)"), line, pb_server_get_name (server));

              g_free (line);
              line = on;
            }
          g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line);
        }
    }

  gtk_label_set_label (self->message, text->str);
}

static void
stop_waiting (PbQuitDialog *self)
{
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_object_unref);

  self->stopping = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.stop-waiting", FALSE);

  /* Cancelling one takes it out of the list: cancel from a copy. */
  for (guint s = 0; s < self->sessions->len; s++)
    {
      GListModel *operations = pb_session_get_operations (g_ptr_array_index (self->sessions, s));

      for (guint i = 0; i < g_list_model_get_n_items (operations); i++)
        g_ptr_array_add (running, g_list_model_get_item (operations, i));
    }
  for (guint i = 0; i < running->len; i++)
    pb_operation_cancel (g_ptr_array_index (running, i));
}

static void
stop_waiting_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  stop_waiting (PB_QUIT_DIALOG (widget));
}

/* Closing it is stopping the wait: the window goes when the operations
 * have let go, which is at once. */
static gboolean
pb_quit_dialog_close_request (GtkWindow *window)
{
  PbQuitDialog *self = PB_QUIT_DIALOG (window);

  if (n_running (self) == 0)
    return FALSE;

  if (!self->stopping)
    stop_waiting (self);

  return TRUE;
}

static void
pb_quit_dialog_dispose (GObject *object)
{
  PbQuitDialog *self = PB_QUIT_DIALOG (object);

  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->sessions, i), self);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_QUIT_DIALOG);

  G_OBJECT_CLASS (pb_quit_dialog_parent_class)->dispose (object);
}

static void
pb_quit_dialog_class_init (PbQuitDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pb_quit_dialog_dispose;
  window_class->close_request = pb_quit_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plugboard/Plugboard/pb-quit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbQuitDialog, message);

  gtk_widget_class_install_action (widget_class, "dialog.stop-waiting", NULL, stop_waiting_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "dialog.stop-waiting", NULL);
}

static void
pb_quit_dialog_init (PbQuitDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pb_quit_dialog_new:
 * @application: the application that was asked to quit
 * @sessions: (element-type PbSession): its sessions, some with operations
 *   in flight
 *
 * Returns: (transfer none): the dialog, shown; it destroys itself when no
 *   session of @sessions runs anything any more
 */
PbQuitDialog *
pb_quit_dialog_new (GtkApplication *application,
                    GPtrArray      *sessions)
{
  PbQuitDialog *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (sessions != NULL, NULL);

  self = g_object_new (PB_TYPE_QUIT_DIALOG, "application", application, NULL);
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < sessions->len; i++)
    {
      PbSession *session = g_ptr_array_index (sessions, i);

      g_ptr_array_add (self->sessions, g_object_ref (session));
      g_signal_connect_object (session, "notify::n-running", G_CALLBACK (pb_quit_dialog_update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "operation-finished", G_CALLBACK (pb_quit_dialog_update), self,
                               G_CONNECT_SWAPPED);
    }
  pb_quit_dialog_update (self);
  if (self->sessions != NULL && n_running (self) > 0)
    gtk_window_present (GTK_WINDOW (self));

  return self;
}
