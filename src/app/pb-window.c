/* pb-window.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-drives-page.h"
#include "pb-links-page.h"
#include "pb-ports-page.h"
#include "pb-window.h"
#include "pb-words.h"

/* How long a notification of what was done stays, with its way back. */
#define TOAST_SECONDS 10

/**
 * PbWindow:
 *
 * The main window: one page per kind of connection; a bar that tells what
 * went wrong on the page shown, each page its own, cleared when something
 * on that page succeeds; and a notification of what was just done, with
 * the way to undo it where there is one.
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
  GtkRevealer          *toast_revealer;
  GtkLabel             *toast_label;
  GtkButton            *toast_button;
  GtkLabel             *toast_button_label;

  /* Owned */
  PbSession            *session;
  GHashTable           *messages;  /* page name → its message */
  guint                 toast_id;
  gulong                after_paint_id;
  gboolean              painted;
};

G_DEFINE_FINAL_TYPE (PbWindow, pb_window, GTK_TYPE_APPLICATION_WINDOW)

static const char *
visible_page (PbWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* The bar shows the message of the page shown, or nothing. */
static void
update_bar (PbWindow *self)
{
  const char *page = visible_page (self);
  const char *message = page != NULL ? g_hash_table_lookup (self->messages, page) : NULL;

  /* A hidden bar holds no words: a screen reader walking the window must
   * not read another page's failure. */
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.dismiss-error", message != NULL);
}

static void
on_page_changed (PbWindow *self)
{
  update_bar (self);
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PbWindow *self = PB_WINDOW (widget);
  const char *page = visible_page (self);

  if (page != NULL)
    g_hash_table_remove (self->messages, page);
  update_bar (self);
}

static void
dismiss_toast (PbWindow *self)
{
  g_clear_handle_id (&self->toast_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
}

static gboolean
toast_timeout_cb (gpointer user_data)
{
  PbWindow *self = user_data;

  self->toast_id = 0;
  dismiss_toast (self);

  return G_SOURCE_REMOVE;
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
  g_clear_handle_id (&self->toast_id, g_source_remove);
  g_clear_pointer (&self->messages, g_hash_table_unref);
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
  gtk_widget_class_bind_template_child (widget_class, PbWindow, toast_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, toast_label);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, toast_button);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, toast_button_label);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_toast);

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
  self->messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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

  /* Said once, on the page it is about, until dismissed. */
  if (pb_drive_source_get_sandbox_notice () != NULL)
    pb_window_show_message (self, "drives", pb_drive_source_get_sandbox_notice ());

  return self;
}

/**
 * pb_window_show_message:
 * @self: a #PbWindow
 * @page: (nullable): the page it is about (`links`, `ports`, `drives`), or
 *   %NULL for the page shown
 * @message: a sentence to show
 *
 * Shows @message in @page's bar until dismissed, replaced, or cleared by a
 * success on that page.
 */
void
pb_window_show_message (PbWindow   *self,
                        const char *page,
                        const char *message)
{
  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  if (page == NULL)
    page = visible_page (self);
  if (page == NULL)
    return;

  g_hash_table_replace (self->messages, g_strdup (page), g_strdup (message));
  update_bar (self);
}

/**
 * pb_window_show_error:
 * @self: a #PbWindow
 * @page: (nullable): as for pb_window_show_message()
 * @error: what failed
 *
 * Shows @error in @page's bar, in the window's words (pb_words_error()).
 */
void
pb_window_show_error (PbWindow     *self,
                      const char   *page,
                      const GError *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  text = pb_words_error (error);
  pb_window_show_message (self, page, text);
}

/**
 * pb_window_clear_message:
 * @self: a #PbWindow
 * @page: a page's name
 *
 * Something on @page succeeded: an earlier failure there is old news.
 */
void
pb_window_clear_message (PbWindow   *self,
                         const char *page)
{
  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (page != NULL);

  if (g_hash_table_remove (self->messages, page))
    update_bar (self);
}

/**
 * pb_window_show_toast:
 * @self: a #PbWindow
 * @text: what was done
 * @button_label: (nullable): the way back, with a mnemonic ("_Reconnect")
 * @action_name: (nullable): the session's action the button starts
 * @target: (nullable) (transfer floating): its parameter
 *
 * Tells for a few seconds what was just done, with a button that undoes it
 * where that can be done.
 */
void
pb_window_show_toast (PbWindow   *self,
                      const char *text,
                      const char *button_label,
                      const char *action_name,
                      GVariant   *target)
{
  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  if (target != NULL)
    g_variant_ref_sink (target);

  gtk_label_set_label (self->toast_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->toast_button), button_label != NULL && action_name != NULL);
  if (button_label != NULL && action_name != NULL)
    {
      g_autofree char *accessible = pb_words_strip_mnemonic (button_label);

      gtk_label_set_label (self->toast_button_label, button_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->toast_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->toast_button), target);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->toast_button), action_name);
    }

  gtk_revealer_set_reveal_child (self->toast_revealer, TRUE);
  g_clear_handle_id (&self->toast_id, g_source_remove);
  self->toast_id = g_timeout_add_seconds (TOAST_SECONDS, toast_timeout_cb, self);

  if (target != NULL)
    g_variant_unref (target);
}
