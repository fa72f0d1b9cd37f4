/* pb-indicator.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "plugboard.h"

#include "pb-indicator-menu.h"
#include "pb-indicator-private.h"
#include "pb-status-notifier.h"

/**
 * PbIndicator:
 *
 * The tray indicator: a thin front end of one #PbSession, shown as a
 * StatusNotifierItem and its dbusmenu (#PbIndicatorMenu). The session's
 * actions are the application's, with `open` and `quit`; the menu's items
 * activate them with typed targets, and so can scripts (`gapplication
 * action io.github.plugboard.Plugboard.Indicator hang-up "('12', '')"`).
 * It is a GApplication (no GTK) so that a second start finds the first, and
 * so that its lifetime is its holds: one while the icon is up, one while
 * the session has operations in flight, so it never exits with a teardown
 * half done (L4); the restore of remembered drives at login
 * (--restore-drives, from the autostart entry) is one such operation.
 */
struct _PbIndicator
{
  GApplication      parent_instance;

  /* Owned */
  GCancellable     *cancellable;  /* the icon's connection, while it is made */
  GDBusConnection  *item_bus;     /* the icon's own: closing it takes the icon away */
  PbSession        *session;
  PbIndicatorMenu  *menu;
  PbStatusNotifier *notifier;
  GSettings        *settings;     /* restore-at-login, followed live */

  guint             sigint_id;
  guint             sigterm_id;
  int               exit_status;
  guint             quitting : 1;
  guint             restore_drives : 1;
};

G_DEFINE_FINAL_TYPE (PbIndicator, pb_indicator, G_TYPE_APPLICATION)

#define MENU_PATH     "/MenuBar"

/* --------------------------------------------------------------- operations */

/* Every outcome is told, however the action was started (the menu, or a
 * script through the application's actions). */
static void
on_operation_finished (PbIndicator *self,
                       PbOperation *op)
{
  if (g_str_equal (pb_operation_get_action (op), PB_ACTION_RESTORE))
    {
      pb_indicator_report_restore (self, op);
      return;
    }

  pb_indicator_report_operation (self, op);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  pb_indicator_open_app (PB_INDICATOR (user_data));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  pb_indicator_quit (PB_INDICATOR (user_data));
}

static const GActionEntry indicator_actions[] = {
  { "open", open_action },
  { "quit", quit_action },
};

/* --------------------------------------------------------------- lifecycle */

static void
on_menu_summary (PbIndicator *self)
{
  pb_status_notifier_set_tooltip (self->notifier, pb_indicator_menu_get_summary (self->menu));
  pb_status_notifier_set_active (self->notifier, pb_indicator_menu_get_active (self->menu));
}

static void
session_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  /* What could not be loaded is the menu's to say (its load-error item);
   * the rest of the session works. */
  pb_session_load_finish (PB_SESSION (object), result, NULL);
}

static void
icon_failed (PbIndicator  *self,
             const GError *error)
{
  g_printerr (_("plugboard-indicator: cannot put the icon on the session bus: %s\n"), error->message);
  self->exit_status = 1;
  pb_indicator_quit (self);
}

static void
item_bus_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PbIndicator) self = user_data;
  g_autoptr(GError) error = NULL;

  self->item_bus = g_dbus_connection_new_for_address_finish (result, &error);
  if (self->item_bus == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        icon_failed (self, error);
      return;
    }

  /* Quit came while the connection was being made. */
  if (self->quitting)
    {
      g_dbus_connection_close (self->item_bus, NULL, NULL, NULL);
      return;
    }

  /* Hosts read the menu as soon as the item registers: it goes first. */
  if (!pb_dbus_menu_export (pb_indicator_menu_get_dbus_menu (self->menu), self->item_bus, MENU_PATH, &error) ||
      !pb_status_notifier_export (self->notifier, self->item_bus, &error))
    icon_failed (self, error);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  pb_indicator_quit (PB_INDICATOR (user_data));

  return G_SOURCE_CONTINUE;
}


/* The session bus's address, found as the bus library finds it but without
 * X11 autolaunch, the one path that could block the main loop: the
 * environment first, then the per-user socket of systemd and dbus-broker
 * sessions. The application's own connection came from the same place. */
static char *
session_bus_address (void)
{
  const char *env = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *socket = NULL;
  g_autofree char *escaped = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  socket = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  if (!g_file_test (socket, G_FILE_TEST_EXISTS))
    return NULL;

  escaped = g_dbus_address_escape_value (socket);

  return g_strdup_printf ("unix:path=%s", escaped);
}

static void
sync_restore_with_link (PbIndicator *self)
{
  pb_session_set_restore_with_link (self->session, pb_session_get_restore_at_login (self->session));
}

static void
pb_indicator_startup (GApplication *app)
{
  PbIndicator *self = PB_INDICATOR (app);
  GDBusConnection *bus;
  g_autofree char *address = NULL;

  G_APPLICATION_CLASS (pb_indicator_parent_class)->startup (app);

  bus = g_application_get_dbus_connection (app);
  if (bus == NULL)
    {
      g_printerr (_("plugboard-indicator: there is no session bus to show the icon on; "
                    "start it inside a desktop session\n"));
      self->exit_status = 1;
      return;
    }

  /* The session's actions become the application's, for the menu and for
   * scripts alike; whatever runs holds the indicator (L4). */
  self->session = pb_session_new (NULL, PB_SESSION_ALL);
  g_signal_connect_object (self->session, "operation-finished",
                           G_CALLBACK (on_operation_finished), self, G_CONNECT_SWAPPED);
  pb_session_attach_application (self->session, app);
  g_action_map_add_action_entries (G_ACTION_MAP (self), indicator_actions,
                                   G_N_ELEMENTS (indicator_actions), self);

  self->menu = pb_indicator_menu_new (self->session, G_ACTION_GROUP (self));
  self->notifier = pb_status_notifier_new (MENU_PATH);
  g_signal_connect_object (self->menu, "notify", G_CALLBACK (on_menu_summary), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->notifier, "activate", G_CALLBACK (pb_indicator_open_app), self,
                           G_CONNECT_SWAPPED);
  on_menu_summary (self);

  address = session_bus_address ();
  if (address == NULL)
    {
      g_printerr (_("plugboard-indicator: cannot put the icon on the session bus: "
                    "neither DBUS_SESSION_BUS_ADDRESS nor $XDG_RUNTIME_DIR/bus is set\n"));
      self->exit_status = 1;
      return;
    }

  /* The icon's own hold, released by Quit or a signal. */
  g_application_hold (app);
  self->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, self);

  /* Flatpak exports no autostart entry of the app's: the portal writes one. */
  if (pb_in_sandbox ())
    pb_indicator_request_autostart (self);

  /* The item's service is the unique name of a connection of its own, so
   * that Quit can take the icon away while teardowns keep the program (and
   * the application's connection) alive. */
  g_dbus_connection_new_for_address (address,
                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                     NULL, self->cancellable, item_bus_cb, g_object_ref (self));

  pb_session_load_async (self->session, NULL, session_loaded_cb, NULL);

  /* The tray stays: it brings remembered drives back with their link after
   * every drop, as at login, under the same setting (off: both are off, and
   * turning it off stops whatever is being retried). */
  g_signal_connect_object (self->session, "link-drives-restored", G_CALLBACK (pb_indicator_report_link_restore),
                           self, G_CONNECT_SWAPPED);
  self->settings = pb_settings_dup ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::restore-at-login", G_CALLBACK (sync_restore_with_link),
                             self, G_CONNECT_SWAPPED);
  sync_restore_with_link (self);

  /* At login (the autostart entry), unless the user turned it off; it runs
   * once the session has loaded, and holds the indicator like a teardown. */
  if (self->restore_drives && pb_session_get_restore_at_login (self->session))
    g_action_group_activate_action (G_ACTION_GROUP (self), PB_ACTION_RESTORE, g_variant_new_string (""));
  self->restore_drives = FALSE;
}

/* A second start finds this one through the bus and ends: the icon is up. */
static void
pb_indicator_activate (GApplication *app)
{
}

static int
pb_indicator_handle_local_options (GApplication *app,
                                   GVariantDict *options)
{
  PbIndicator *self = PB_INDICATOR (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("plugboard-indicator %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Only the first instance starts up and restores: a second start with
   * the option finds the icon up and ends, restoring nothing. */
  self->restore_drives = g_variant_dict_contains (options, "restore-drives");

  return -1;
}

static void
pb_indicator_shutdown (GApplication *app)
{
  PbIndicator *self = PB_INDICATOR (app);

  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  if (self->notifier != NULL)
    pb_status_notifier_unexport (self->notifier);
  if (self->menu != NULL)
    pb_dbus_menu_unexport (pb_indicator_menu_get_dbus_menu (self->menu));

  G_APPLICATION_CLASS (pb_indicator_parent_class)->shutdown (app);
}

static void
pb_indicator_dispose (GObject *object)
{
  PbIndicator *self = (PbIndicator *)object;

  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->menu);
  g_clear_object (&self->item_bus);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (pb_indicator_parent_class)->dispose (object);
}

static void
pb_indicator_finalize (GObject *object)
{
  PbIndicator *self = (PbIndicator *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pb_indicator_parent_class)->finalize (object);
}

static void
pb_indicator_class_init (PbIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pb_indicator_dispose;
  object_class->finalize = pb_indicator_finalize;

  app_class->startup = pb_indicator_startup;
  app_class->activate = pb_indicator_activate;
  app_class->handle_local_options = pb_indicator_handle_local_options;
  app_class->shutdown = pb_indicator_shutdown;
}

static void
pb_indicator_init (PbIndicator *self)
{
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "restore-drives", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Reconnect remembered network drives, unless the restore-at-login setting is off"),
      NULL },
    G_OPTION_ENTRY_NULL
  };

  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Shows Plugboard’s links, ports and drives in the system tray."));
}

/**
 * pb_indicator_new:
 *
 * Returns: (transfer full): the indicator application
 */
PbIndicator *
pb_indicator_new (void)
{
  return g_object_new (PB_TYPE_INDICATOR,
                       "application-id", APPLICATION_ID ".Indicator",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * pb_indicator_get_exit_status:
 *
 * Returns: 1 if the icon could not be shown, else 0
 */
int
pb_indicator_get_exit_status (PbIndicator *self)
{
  g_return_val_if_fail (PB_IS_INDICATOR (self), 1);

  return self->exit_status;
}

static void
item_bus_closed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PbIndicator) self = user_data;

  g_dbus_connection_close_finish (G_DBUS_CONNECTION (object), result, NULL);
  g_application_release (G_APPLICATION (self));
}

static void
item_bus_flushed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_dbus_connection_flush_finish (G_DBUS_CONNECTION (object), result, NULL);
  g_dbus_connection_close (G_DBUS_CONNECTION (object), NULL, item_bus_closed_cb, user_data);
}

/**
 * pb_indicator_quit:
 *
 * Takes the icon away and ends the program as soon as every teardown it
 * started, and the restore of remembered drives, has completed or failed
 * (L4); never sooner.
 */
void
pb_indicator_quit (PbIndicator *self)
{
  guint n;

  g_return_if_fail (PB_IS_INDICATOR (self));

  if (self->quitting)
    return;
  self->quitting = TRUE;

  g_cancellable_cancel (self->cancellable);
  pb_status_notifier_unexport (self->notifier);
  pb_dbus_menu_unexport (pb_indicator_menu_get_dbus_menu (self->menu));
  /* Trays drop the icon when its connection's name leaves the bus. A close
   * drops what is still queued, so the reply to the click on Quit goes
   * out first; the program waits for both. */
  if (self->item_bus != NULL)
    {
      g_application_hold (G_APPLICATION (self));
      g_dbus_connection_flush (self->item_bus, NULL, item_bus_flushed_cb, g_object_ref (self));
    }

  n = pb_session_get_n_running (self->session);
  if (n > 0)
    g_printerr (ngettext ("plugboard-indicator: quitting once %u disconnection has finished\n",
                          "plugboard-indicator: quitting once %u disconnections have finished\n", n), n);

  g_application_release (G_APPLICATION (self));
}
