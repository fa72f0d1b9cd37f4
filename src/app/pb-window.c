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
  GtkWidget            *sidebar;
  GtkListBox           *server_list;

  /* Owned */
  PbSession            *session;   /* the shown server's */
  PbServerEntry        *server;    /* the shown server */
  gboolean              listed;    /* the sidebar shows the servers */
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
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->server);
  /* The rows go with the list: nothing is to be shown instead. */
  self->listed = FALSE;
  if (self->server_list != NULL)
    g_signal_handlers_disconnect_by_data (self->server_list, self);
  if (PB_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    {
      PbApplication *application = PB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

      g_signal_handlers_disconnect_by_data (pb_application_get_servers (application), self);
    }
  g_clear_handle_id (&self->toast_id, g_source_remove);
  g_clear_pointer (&self->messages, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_WINDOW);

  G_OBJECT_CLASS (pb_window_parent_class)->dispose (object);
}

static void on_server_selected  (PbWindow      *self,
                                 GtkListBoxRow *row);
static void add_server_action   (GtkWidget     *widget,
                                 const char    *action_name,
                                 GVariant      *parameter);
static void remove_server_action (GtkWidget    *widget,
                                  const char   *action_name,
                                  GVariant     *parameter);

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
  gtk_widget_class_bind_template_child (widget_class, PbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, server_list);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_server_selected);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_toast);

  gtk_widget_class_install_action (widget_class, "win.add-server", NULL, add_server_action);
  gtk_widget_class_install_action (widget_class, "win.remove-server", NULL, remove_server_action);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-server", FALSE);
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
  gboolean remote = pb_server_entry_get_host (self->server) != NULL;

  if (links != NULL || loaded || remote)
    g_object_set (self->links_page, "source", links, NULL);
  if (ports != NULL || loaded || remote)
    g_object_set (self->ports_page, "source", ports, NULL);
  /* Drives are this computer's: a remote server's session has none. */
  if (!remote && (drives != NULL || loaded))
    g_object_set (self->drives_page, "source", drives, NULL);
}

/* The pages show @session: this computer's, or a remote server's, whose
 * actions the Links and Ports pages then start (their "app." actions are
 * the session's own: this computer's are the application's). */
static void
pb_window_set_session (PbWindow  *self,
                       PbSession *session)
{
  gboolean remote = pb_server_entry_get_host (self->server) != NULL;
  GActionGroup *actions = remote ? pb_session_get_action_group (session) : NULL;

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  g_signal_connect_object (session, "notify::loaded", G_CALLBACK (pb_window_show_sources), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::links", G_CALLBACK (pb_window_show_sources), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::ports", G_CALLBACK (pb_window_show_sources), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::drives", G_CALLBACK (pb_window_show_sources), self, G_CONNECT_SWAPPED);

  gtk_widget_insert_action_group (GTK_WIDGET (self->links_page), "app", actions);
  gtk_widget_insert_action_group (GTK_WIDGET (self->ports_page), "app", actions);
  gtk_stack_page_set_visible (gtk_stack_get_page (self->stack, GTK_WIDGET (self->drives_page)), !remote);
  pb_window_show_sources (self);
}

static void
on_server_session (PbWindow *self)
{
  pb_window_set_session (self, pb_server_entry_get_session (self->server));
}

static void
pb_window_show_server (PbWindow      *self,
                       PbServerEntry *server)
{
  if (self->server == server)
    return;
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_set_object (&self->server, server);
  pb_application_set_shown_server (PB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), server);
  g_signal_connect_object (server, "notify::session", G_CALLBACK (on_server_session), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-server", pb_server_entry_get_host (server) != NULL);
  on_server_session (self);
}

static void
on_server_selected (PbWindow      *self,
                    GtkListBoxRow *row)
{
  GListModel *servers;
  g_autoptr(PbServerEntry) server = NULL;

  /* The row shown went (removed): back to this computer; not while the
   * window itself goes, taking its rows with it, nor while the list is
   * being emptied. */
  if (row == NULL)
    {
      if (self->listed && !gtk_widget_in_destruction (GTK_WIDGET (self)))
        gtk_list_box_select_row (self->server_list, gtk_list_box_get_row_at_index (self->server_list, 0));
      return;
    }
  servers = pb_application_get_servers (PB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  server = g_list_model_get_item (servers, gtk_list_box_row_get_index (row));
  if (server != NULL)
    pb_window_show_server (self, server);
}

/* A server's row: its name, and how it is: connecting, or why not and
 * what comes next, with a way to try at once. */
static void
update_server_row (GtkWidget *row)
{
  PbServerEntry *server = g_object_get_data (G_OBJECT (row), "server");
  GtkLabel *status = g_object_get_data (G_OBJECT (row), "status");
  GtkWidget *retry = g_object_get_data (G_OBJECT (row), "retry");
  PbServerEntryState state = pb_server_entry_get_state (server);
  g_autofree char *label = pb_server_entry_dup_label (server);
  g_autofree char *description = NULL;
  const char *text;

  switch (state)
    {
    case PB_SERVER_ENTRY_CONNECTING:
      text = _("Connecting…");
      break;
    case PB_SERVER_ENTRY_CONNECTED:
      text = pb_server_entry_get_host (server) != NULL ? _("Connected") : "";
      break;
    case PB_SERVER_ENTRY_WAITING:
    case PB_SERVER_ENTRY_STOPPED:
    default:
      text = pb_server_entry_get_status (server) != NULL ? pb_server_entry_get_status (server) : "";
      break;
    }
  gtk_label_set_label (status, text);
  gtk_widget_set_visible (GTK_WIDGET (status), *text != '\0');
  gtk_widget_set_visible (retry, state == PB_SERVER_ENTRY_WAITING || state == PB_SERVER_ENTRY_STOPPED);

  description = *text != '\0' ? g_strdup_printf ("%s: %s", label, text) : g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static GtkWidget *
create_server_row (gpointer item,
                   gpointer user_data)
{
  PbServerEntry *server = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *label = pb_server_entry_dup_label (server);
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Connect Now"));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (status), 24);
  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_set_halign (retry, GTK_ALIGN_START);
  gtk_widget_add_css_class (retry, "flat");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), status);
  gtk_box_append (GTK_BOX (box), retry);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "server", g_object_ref (server), g_object_unref);
  g_object_set_data (G_OBJECT (row), "status", status);
  g_object_set_data (G_OBJECT (row), "retry", retry);
  g_signal_connect_object (server, "notify::state", G_CALLBACK (update_server_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "notify::status", G_CALLBACK (update_server_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (retry, "clicked", G_CALLBACK (pb_server_entry_connect), server);
  update_server_row (row);

  return row;
}

/* The row of @server, if the list shows it. */
static void
select_server_row (PbWindow      *self,
                   PbServerEntry *server)
{
  GListModel *servers = pb_application_get_servers (PB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));

  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(PbServerEntry) entry = g_list_model_get_item (servers, i);

      if (entry == server)
        gtk_list_box_select_row (self->server_list, gtk_list_box_get_row_at_index (self->server_list, i));
    }
}

/* One server needs no list: the sidebar shows once there are two, and only
 * then has rows (GTK 4.8 cannot tell screen readers about rows that were
 * never on screen: it aborts on them). Shown before its rows are made, so
 * that each exists in the accessibility tree as it is announced. */
static void
on_servers_changed (PbWindow   *self,
                    guint       position,
                    guint       removed,
                    guint       added,
                    GListModel *servers)
{
  gboolean several = g_list_model_get_n_items (servers) > 1;
  g_autoptr(PbServerEntry) local = g_list_model_get_item (servers, 0);

  if (several && !self->listed)
    {
      self->listed = TRUE;
      gtk_widget_set_visible (self->sidebar, TRUE);
      gtk_list_box_bind_model (self->server_list, servers, create_server_row, NULL, NULL);
    }
  else if (!several && self->listed)
    {
      self->listed = FALSE;
      gtk_list_box_bind_model (self->server_list, NULL, NULL, NULL, NULL);
      gtk_widget_set_visible (self->sidebar, FALSE);
    }

  if (!self->listed)
    pb_window_show_server (self, local);
  else if (gtk_list_box_get_selected_row (self->server_list) == NULL)
    select_server_row (self, self->server != NULL ? self->server : local);
}

static void
remove_server_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PbWindow *self = PB_WINDOW (widget);
  PbApplication *application = PB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (self->server != NULL && pb_server_entry_get_host (self->server) != NULL)
    pb_application_remove_server (application, pb_server_entry_get_host (self->server));
}

static void
on_add_server_response (GtkDialog *dialog,
                        int        response,
                        PbWindow  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkLabel *message = g_object_get_data (G_OBJECT (dialog), "message");
  PbApplication *application = PB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;

  if (response != GTK_RESPONSE_OK)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  /* A bad name says why in the dialog, which stays for a correction. */
  if (!pb_application_add_server (application, gtk_editable_get_text (entry), &error))
    {
      gtk_label_set_label (message, error->message);
      gtk_widget_set_visible (GTK_WIDGET (message), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (entry));
      return;
    }

  /* The new server is shown: the list followed the setting already. */
  host = pb_server_normalize_host (gtk_editable_get_text (entry));
  select_server_row (self, pb_application_find_server (application, host));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
update_add_button (GtkEditable *entry,
                   GtkDialog   *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  gtk_dialog_set_response_sensitive (dialog, GTK_RESPONSE_OK, *text != '\0');
}

/* A button read by its words (@name), its label with a mnemonic. */
static GtkWidget *
dialog_button (const char *mnemonic,
               const char *name)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  return button;
}

static void
add_server_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PbWindow *self = PB_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *entry;
  GtkWidget *hint;
  GtkWidget *message;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = g_object_new (GTK_TYPE_DIALOG, "title", _("Add Server"), "transient-for", self, "modal", TRUE,
                         "destroy-with-parent", TRUE, "use-header-bar", TRUE, NULL);
  gtk_dialog_add_action_widget (GTK_DIALOG (dialog), dialog_button (_("_Cancel"), _("Cancel")),
                                GTK_RESPONSE_CANCEL);
  gtk_dialog_add_action_widget (GTK_DIALOG (dialog), dialog_button (_("_Add"), _("Add")), GTK_RESPONSE_OK);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  box = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_orientable_set_orientation (GTK_ORIENTABLE (box), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (box), 6);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);

  label = gtk_label_new_with_mnemonic (_("_Server"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("host, user@host or host:port"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  hint = gtk_label_new (_("Its links and ports are asked for over SSH, with a key login (as “ssh HOST” without a "
                          "password) and systemd-stdio-bridge on the server."));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 44);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_widget_add_css_class (message, "error");
  gtk_widget_set_visible (message, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, hint, message, NULL,
                                  -1);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_box_append (GTK_BOX (box), message);

  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "message", message);
  g_signal_connect (entry, "changed", G_CALLBACK (update_add_button), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_add_server_response), self, 0);
  update_add_button (GTK_EDITABLE (entry), GTK_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

PbWindow *
pb_window_new (PbApplication *application)
{
  g_return_val_if_fail (PB_IS_APPLICATION (application), NULL);

  PbWindow *self = g_object_new (PB_TYPE_WINDOW, "application", application, NULL);
  GListModel *servers = pb_application_get_servers (application);

  /* This computer first, the remote servers under it; the pages show the
   * one selected, this computer's at first. */
  g_signal_connect_object (servers, "items-changed", G_CALLBACK (on_servers_changed), self, G_CONNECT_SWAPPED);
  on_servers_changed (self, 0, 0, 0, servers);

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
