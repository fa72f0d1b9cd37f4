/* pb-window.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-drives-page.h"
#include "pb-links-page.h"
#include "pb-ports-page.h"
#include "pb-window.h"

/**
 * PbWindow:
 *
 * The main window: one page per kind of connection, and a bar that tells
 * what went wrong in the error's own words and name.
 */
struct _PbWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template widgets */
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkStack             *stack;
  PbLinksPage          *links_page;
  PbPortsPage          *ports_page;
  PbDrivesPage         *drives_page;

  /* Owned */
  PbSession            *session;
  gulong                after_paint_id;
  gboolean              painted;
};

G_DEFINE_FINAL_TYPE (PbWindow, pb_window, GTK_TYPE_APPLICATION_WINDOW)

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PbWindow *self = PB_WINDOW (widget);

  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_action_set_enabled (widget, "win.dismiss-error", FALSE);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (PB_WINDOW (widget)->stack, g_variant_get_string (parameter, NULL));
}

/* PB_TRACE_FIRST_FRAME: the startup benchmark's clock. Marks the first
 * frame painted, and the first once every list holds what the sources had,
 * then stops listening. */
static gboolean
lists_populated (PbWindow *self)
{
  PbSession *session = self->session;
  PbSource *sources[] = {
    PB_SOURCE (pb_session_get_links (session)),
    PB_SOURCE (pb_session_get_ports (session)),
    PB_SOURCE (pb_session_get_drives (session)),
  };

  if (!pb_session_get_loaded (session))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (sources[i] != NULL && pb_source_get_available (sources[i]) &&
        g_list_model_get_n_items (G_LIST_MODEL (sources[i])) == 0)
      return FALSE;

  return TRUE;
}

static void
on_after_paint (PbWindow      *self,
                GdkFrameClock *frame_clock)
{
  if (!self->painted)
    pb_application_trace ("first-frame");
  self->painted = TRUE;

  if (!lists_populated (self))
    return;

  pb_application_trace ("first-populated-frame");
  g_clear_signal_handler (&self->after_paint_id, frame_clock);
}

static void
pb_window_realize (GtkWidget *widget)
{
  PbWindow *self = PB_WINDOW (widget);

  GTK_WIDGET_CLASS (pb_window_parent_class)->realize (widget);

  if (g_getenv ("PB_TRACE_FIRST_FRAME") != NULL)
    self->after_paint_id =
      g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                               G_CALLBACK (on_after_paint), self, G_CONNECT_SWAPPED);
}

static void
pb_window_unrealize (GtkWidget *widget)
{
  PbWindow *self = PB_WINDOW (widget);

  g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (pb_window_parent_class)->unrealize (widget);
}

static void
pb_window_dispose (GObject *object)
{
  PbWindow *self = PB_WINDOW (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_WINDOW);

  G_OBJECT_CLASS (pb_window_parent_class)->dispose (object);
}

static void
pb_window_class_init (PbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_window_dispose;

  widget_class->realize = pb_window_realize;
  widget_class->unrealize = pb_window_unrealize;

  g_type_ensure (PB_TYPE_LINKS_PAGE);
  g_type_ensure (PB_TYPE_PORTS_PAGE);
  g_type_ensure (PB_TYPE_DRIVES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/plugboard/Plugboard/pb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, links_page);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, ports_page);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, drives_page);

  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.dismiss-error", NULL);

  /* Alt+1, Alt+2, Alt+3: the pages, from anywhere in the window. */
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "links");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "ports");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "drives");
}

static void
pb_window_init (PbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.dismiss-error", FALSE);
}

/* Each page shows its source as soon as the session has it, so links do
 * not wait for a slow GVfs; a part that never came keeps the page empty and
 * explained once the whole session has loaded. */
static void
pb_window_show_sources (PbWindow *self)
{
  PbLinkSource *links = pb_session_get_links (self->session);
  PbPortSource *ports = pb_session_get_ports (self->session);
  PbDriveSource *drives = pb_session_get_drives (self->session);
  gboolean loaded = pb_session_get_loaded (self->session);

  if (links != NULL || loaded)
    g_object_set (self->links_page, "source", links, NULL);
  if (ports != NULL || loaded)
    g_object_set (self->ports_page, "source", ports, NULL);
  if (drives != NULL || loaded)
    g_object_set (self->drives_page, "source", drives, NULL);
}

PbWindow *
pb_window_new (PbApplication *application)
{
  g_return_val_if_fail (PB_IS_APPLICATION (application), NULL);

  PbWindow *self = g_object_new (PB_TYPE_WINDOW, "application", application, NULL);

  /* The pages show the session's sources once it has loaded. */
  self->session = g_object_ref (pb_application_get_session (application));
  g_signal_connect_object (self->session, "notify::loaded", G_CALLBACK (pb_window_show_sources), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::links", G_CALLBACK (pb_window_show_sources), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::ports", G_CALLBACK (pb_window_show_sources), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::drives", G_CALLBACK (pb_window_show_sources), self,
                           G_CONNECT_SWAPPED);
  pb_window_show_sources (self);

  return self;
}

/**
 * pb_window_show_message:
 * @self: a #PbWindow
 * @message: a sentence to show
 *
 * Shows @message in the window's bar until dismissed or replaced.
 */
void
pb_window_show_message (PbWindow   *self,
                        const char *message)
{
  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.dismiss-error", TRUE);
}

/**
 * pb_window_show_error:
 * @self: a #PbWindow
 * @error: what failed; a %PB_ERROR shows its name too (`OPEN_FILES: …`)
 *
 * Shows @error in the window's error bar until dismissed or replaced.
 */
void
pb_window_show_error (PbWindow     *self,
                      const GError *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  text = pb_error_dup_text (error);
  pb_window_show_message (self, text);
}
