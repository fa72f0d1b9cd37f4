/* pb-application.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-map-drive-dialog.h"
#include "pb-preferences-dialog.h"
#include "pb-quit-dialog.h"
#include "pb-window.h"
#include "pb-words.h"

/**
 * PbApplication:
 *
 * The window's process: one #PbSession, whose actions are the
 * application's (`app.hang-up`, `app.cancel-drive`… with the typed
 * parameters pb-session.h gives them), so the window, the desktop and
 * scripts (`gapplication action`) drive exactly the same thing. The
 * application only presents: it shows each finished operation's error,
 * warning or restore failures in the window (pb-application-report.c),
 * and holds itself while the session has operations in flight, so closing
 * the window with a teardown running leaves the process up until it has
 * ended (L4).
 *
 * Its own actions: `app.map-drive-dialog` opens the Map Network Drive
 * dialog, `app.preferences` and `app.about` theirs, `app.quit` closes the
 * windows, and while operations are in flight says what it waits for
 * (#PbQuitDialog) until they end.
 */
struct _PbApplication
{
  GtkApplication  parent_instance;

  /* Owned */
  PbSession      *session;
  GListStore     *servers;   /* PbServerEntry: this computer, then the settings' */
  PbServerEntry  *shown;     /* the one the window shows */
  GSettings      *settings;
  guint           window_idle;
  gboolean        quitting;  /* nothing brings a window back */
};

G_DEFINE_FINAL_TYPE (PbApplication, pb_application, GTK_TYPE_APPLICATION)

/* The application's windows include its dialogs: find the main one. */
PbWindow *
pb_application_find_window (PbApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PB_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

PbWindow *
pb_application_ensure_window (PbApplication *self)
{
  PbWindow *window = pb_application_find_window (self);

  if (window == NULL)
    window = pb_window_new (self);

  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
map_drive_dialog_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  PbApplication *self = user_data;

  pb_map_drive_dialog_new (GTK_WINDOW (pb_application_ensure_window (self)));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PbApplication *self = user_data;

  pb_preferences_dialog_new (GTK_WINDOW (pb_application_ensure_window (self)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PbApplication *self = user_data;
  static const char *authors[] = { "The Plugboard authors", NULL };

  gtk_show_about_dialog (GTK_WINDOW (pb_application_ensure_window (self)),
                         "program-name", _("Plugboard"),
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Hang up links, disconnect ports and network drives"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PbApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  guint running = 0;

  /* Closing, not quitting: teardowns in flight keep the process alive
   * (L4), and the person is told what it waits for, with a way to stop. */
  self->quitting = TRUE;
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      if (!PB_IS_QUIT_DIALOG (window))
        gtk_window_destroy (window);
    }

  /* This computer's session and every remote server's. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->servers)); i++)
    {
      g_autoptr(PbServerEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->servers), i);
      PbSession *session = pb_server_entry_get_session (entry);

      if (session != NULL)
        {
          g_ptr_array_add (sessions, g_object_ref (session));
          running += pb_session_get_n_running (session);
        }
    }
  if (running > 0)
    pb_quit_dialog_new (GTK_APPLICATION (self), sessions);
}

/* Once quitting, nothing opens a window again. */
static void
on_operation_finished (PbApplication *self,
                       PbOperation   *op)
{
  if (!self->quitting)
    pb_application_report (self, op);
}

/* A remote server's session reports and holds as this computer's does;
 * its actions are the window's (pb-window.c), not the application's. */
static void
on_entry_session (PbServerEntry *entry,
                  GParamSpec    *pspec,
                  PbApplication *self)
{
  PbSession *session = pb_server_entry_get_session (entry);

  if (session == NULL || g_object_get_data (G_OBJECT (session), "pb-application-watched") != NULL)
    return;
  g_object_set_data (G_OBJECT (session), "pb-application-watched", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (session, "operation-finished", G_CALLBACK (on_operation_finished), self,
                           G_CONNECT_SWAPPED);
  pb_session_hold_application (session, G_APPLICATION (self));
}

static PbServerEntry *
find_server (PbApplication *self,
             const char    *host,
             guint         *position)
{
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (self->servers)); i++)
    {
      g_autoptr(PbServerEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->servers), i);

      if (g_strcmp0 (pb_server_entry_get_host (entry), host) == 0)
        {
          if (position != NULL)
            *position = i;
          return entry;
        }
    }

  return NULL;
}

/* The list follows the setting, whoever changed it (this window, another
 * process, dconf): entries of hosts still there are kept with their
 * connections, in the setting's order, and only what changed is removed or
 * inserted (rows rebuilt under a screen reader's feet lose their place). */
static void
sync_servers (PbApplication *self)
{
  g_auto(GStrv) hosts = self->settings != NULL ? g_settings_get_strv (self->settings, "servers") : NULL;
  g_auto(GStrv) normal = pb_server_dup_hosts ((const char * const *)hosts);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  GListModel *model = G_LIST_MODEL (self->servers);

  /* This computer is always first, named or not. */
  for (guint i = 0; normal[i] != NULL; i++)
    if (!g_str_equal (normal[i], "local"))
      g_ptr_array_add (wanted, normal[i]);

  /* Gone from the setting: out of the list. */
  for (guint i = g_list_model_get_n_items (model); i-- > 1;)
    {
      g_autoptr(PbServerEntry) entry = g_list_model_get_item (model, i);

      if (!g_ptr_array_find_with_equal_func (wanted, pb_server_entry_get_host (entry), g_str_equal, NULL))
        g_list_store_remove (self->servers, i);
    }

  /* New, or moved: in at its place, this computer staying first. */
  for (guint i = 0; i < wanted->len; i++)
    {
      const char *host = g_ptr_array_index (wanted, i);
      g_autoptr(PbServerEntry) here = i + 1 < g_list_model_get_n_items (model) ? g_list_model_get_item (model, i + 1)
                                                                              : NULL;
      guint position;
      PbServerEntry *entry;

      if (here != NULL && g_strcmp0 (pb_server_entry_get_host (here), host) == 0)
        continue;
      entry = find_server (self, host, &position);
      if (entry != NULL)
        {
          g_object_ref (entry);
          g_list_store_remove (self->servers, position);
        }
      else
        {
          entry = pb_server_entry_new_remote (host);
          g_signal_connect_object (entry, "notify::session", G_CALLBACK (on_entry_session), self, 0);
          on_entry_session (entry, NULL, self);
        }
      g_list_store_insert (self->servers, i + 1, entry);
      g_object_unref (entry);
    }
}

static const GActionEntry app_actions[] = {
  { "map-drive-dialog", map_drive_dialog_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
session_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PbApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pb_session_load_finish (PB_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pb_window_show_error (pb_application_ensure_window (self), NULL, error);

  pb_application_trace ("loaded");
  g_application_release (G_APPLICATION (self));
}

static void
pb_application_startup (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  /* Held until the session has loaded, so that an action that came over
   * D-Bus before it is not dropped by an application that thinks it has
   * nothing to do. Asked for before GTK starts, so that the system bus
   * connection and the services' first answers are on their way while it
   * does. */
  self->session = pb_session_new (NULL, PB_SESSION_ALL);
  g_signal_connect_object (self->session, "operation-finished",
                           G_CALLBACK (on_operation_finished), self, G_CONNECT_SWAPPED);
  g_application_hold (application);
  pb_session_load_async (self->session, NULL, session_loaded_cb, g_object_ref (self));

  /* This computer, then the remote servers of the settings, each
   * connecting on its own. */
  self->servers = g_list_store_new (PB_TYPE_SERVER_ENTRY);
  self->shown = pb_server_entry_new_local (self->session);
  g_list_store_append (self->servers, self->shown);
  self->settings = pb_settings_dup ();
  if (self->settings != NULL && pb_settings_has_key (self->settings, "servers"))
    {
      g_signal_connect_object (self->settings, "changed::servers", G_CALLBACK (sync_servers), self,
                               G_CONNECT_SWAPPED);
      sync_servers (self);
    }

  G_APPLICATION_CLASS (pb_application_parent_class)->startup (application);
  pb_application_trace ("gtk-started");

  /* GTK 4 loads no style.css by itself (libadwaita's application does):
   * the window's own styles go above the theme here. */
  if (gdk_display_get_default () != NULL)
    {
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, "/io/github/plugboard/Plugboard/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }

  /* An activation over D-Bus, from a button or from a menu starts the
   * session's operation (one started before the load waits for it), and
   * whatever runs holds the application, however it was started (L4). */
  pb_session_attach_application (self->session, application);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

static gboolean
present_window_cb (gpointer user_data)
{
  PbApplication *self = user_data;

  self->window_idle = 0;
  pb_application_ensure_window (self);
  pb_application_trace ("window-presented");
  g_application_release (G_APPLICATION (self));

  return G_SOURCE_REMOVE;
}

static gboolean
build_window_cb (gpointer user_data)
{
  PbApplication *self = user_data;

  if (pb_application_find_window (self) == NULL)
    pb_window_new (self);
  self->window_idle = g_idle_add (present_window_cb, self);

  return G_SOURCE_REMOVE;
}

/* The first window is built from the main loop, not here: what already
 * waits there goes first. That is the system bus connection made while GTK
 * started, so NetworkManager gets its first request before the window's
 * widgets are built rather than after. The window is presented from a
 * second idle, so NetworkManager's next answer is acted on between the
 * two. Until then the application holds itself. */
static void
pb_application_activate (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);

  /* Started again while it waited to quit: the person wants it after all. */
  self->quitting = FALSE;

  if (pb_application_find_window (self) != NULL)
    {
      pb_application_ensure_window (self);
      return;
    }

  if (self->window_idle != 0)
    return;

  g_application_hold (application);
  self->window_idle = g_idle_add (build_window_cb, self);
}

/* --version answers here, in the process that was started, without the
 * session or a display. */
static int
pb_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("plugboard %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
pb_application_dispose (GObject *object)
{
  PbApplication *self = (PbApplication *)object;

  if (self->window_idle != 0)
    {
      g_clear_handle_id (&self->window_idle, g_source_remove);
      g_application_release (G_APPLICATION (self));
    }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->shown);
  g_clear_object (&self->servers);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pb_application_parent_class)->dispose (object);
}

static void
pb_application_class_init (PbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pb_application_dispose;

  app_class->startup = pb_application_startup;
  app_class->activate = pb_application_activate;
  app_class->handle_local_options = pb_application_handle_local_options;
}

static void
pb_application_init (PbApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Show the version and exit"), NULL);
}

PbApplication *
pb_application_new (void)
{
  return g_object_new (PB_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/plugboard/Plugboard",
                       NULL);
}

/**
 * pb_application_get_session:
 *
 * Returns: (transfer none): the process's session, made at startup
 */
PbSession *
pb_application_get_session (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->session;
}

/**
 * pb_application_trace:
 * @what: the point startup has reached
 *
 * With `PB_TRACE_FIRST_FRAME` set (the startup benchmark), prints
 * `plugboard: WHAT MICROSECONDS` on stdout, the monotonic clock, so that a
 * benchmark can tell where the time to the first populated frame went.
 */
void
pb_application_trace (const char *what)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_getenv ("PB_TRACE_FIRST_FRAME") != NULL;

  if (enabled)
    g_print ("plugboard: %s %" G_GINT64_FORMAT "\n", what, g_get_monotonic_time ());
}

/**
 * pb_application_get_servers:
 *
 * Returns: (transfer none): the #PbServerEntry list: this computer first,
 *   then the remote servers of the `servers` setting
 */
GListModel *
pb_application_get_servers (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return G_LIST_MODEL (self->servers);
}

/**
 * pb_application_find_server:
 * @host: a remote host, as pb_server_normalize_host() gives it
 *
 * Returns: (transfer none) (nullable): its entry in the list
 */
PbServerEntry *
pb_application_find_server (PbApplication *self,
                            const char    *host)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return host != NULL ? find_server (self, host, NULL) : NULL;
}

/**
 * pb_application_add_server:
 * @name: a server as a person types it (`host`, `user@host`, `host:port`)
 *
 * Adds @name to the `servers` setting, read afresh so that another
 * process's change is kept.
 *
 * Returns: %FALSE with @error set when @name is this computer, already
 *   listed, or cannot be kept
 */
gboolean
pb_application_add_server (PbApplication  *self,
                           const char     *name,
                           GError        **error)
{
  g_autofree char *host = pb_server_normalize_host (name);
  g_auto(GStrv) hosts = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;

  g_return_val_if_fail (PB_IS_APPLICATION (self), FALSE);

  if (host == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_EXTENDED, _("“%s” is this computer, which is always listed."),
                   name != NULL ? name : "");
      return FALSE;
    }
  if (self->settings == NULL || !pb_settings_has_key (self->settings, "servers"))
    {
      g_set_error_literal (error, PB_ERROR, PB_ERROR_EXTENDED,
                           _("Servers cannot be kept: Plugboard's settings schema is not installed."));
      return FALSE;
    }
  if (find_server (self, host, NULL) != NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_EXTENDED, _("“%s” is already listed."), host);
      return FALSE;
    }

  hosts = g_settings_get_strv (self->settings, "servers");
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **)hosts);
  g_strv_builder_add (builder, host);
  updated = g_strv_builder_end (builder);

  return g_settings_set_strv (self->settings, "servers", (const char * const *)updated) ||
         (g_set_error (error, PB_ERROR, PB_ERROR_EXTENDED, _("The setting “servers” cannot be written.")), FALSE);
}

/**
 * pb_application_remove_server:
 * @host: a remote server's host, as its #PbServerEntry has it
 *
 * Takes @host out of the `servers` setting (read afresh); its entry and
 * session go when the list follows.
 */
void
pb_application_remove_server (PbApplication *self,
                              const char    *host)
{
  g_auto(GStrv) hosts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  g_return_if_fail (PB_IS_APPLICATION (self));

  if (self->settings == NULL || host == NULL)
    return;
  hosts = g_settings_get_strv (self->settings, "servers");
  for (guint i = 0; hosts[i] != NULL; i++)
    {
      g_autofree char *normal = pb_server_normalize_host (hosts[i]);

      if (g_strcmp0 (normal, host) != 0)
        g_strv_builder_add (builder, hosts[i]);
    }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "servers", (const char * const *)updated);
}

/**
 * pb_application_set_shown_server:
 * @entry: the server the window shows
 */
void
pb_application_set_shown_server (PbApplication *self,
                                 PbServerEntry *entry)
{
  g_return_if_fail (PB_IS_APPLICATION (self));
  g_return_if_fail (PB_IS_SERVER_ENTRY (entry));

  g_set_object (&self->shown, entry);
}

/**
 * pb_application_get_default_session:
 *
 * For the window's cells and pages, which find the session of the server
 * the window shows: this computer's, or a remote server's.
 *
 * Returns: (transfer none) (nullable): that session, or %NULL when the
 *   default application is not a #PbApplication
 */
PbSession *
pb_application_get_default_session (void)
{
  GApplication *application = g_application_get_default ();
  PbApplication *self;

  if (!PB_IS_APPLICATION (application))
    return NULL;
  self = PB_APPLICATION (application);

  return self->shown != NULL && pb_server_entry_get_session (self->shown) != NULL
         ? pb_server_entry_get_session (self->shown) : self->session;
}
