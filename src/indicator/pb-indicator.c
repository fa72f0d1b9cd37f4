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

#include "pb-dbus-menu.h"
#include "pb-indicator-private.h"
#include "pb-status-notifier.h"

/**
 * PbIndicator:
 *
 * The tray indicator: a thin front end that shows the core's links, ports
 * and drives as a StatusNotifierItem and its dbusmenu, and starts their
 * disconnects (never forced: a drive in use stays, and the user is told). It is a
 * GApplication (no GTK) so that a second start finds the first, and so that
 * its lifetime is its holds: one while the icon is up, one per teardown in
 * flight, so it never exits with a teardown half done (L4), and one while
 * remembered drives are restored (--restore-drives, from the autostart entry).
 */
struct _PbIndicator
{
  GApplication      parent_instance;

  /* Owned */
  GCancellable     *cancellable;  /* loading only: teardowns run to their end */
  GDBusConnection  *item_bus;     /* the icon's own: closing it takes the icon away */
  PbServer         *server;
  PbLinkSource     *links;
  PbPortSource     *ports;
  PbDriveSource    *drives;
  PbDbusMenu       *menu;
  PbStatusNotifier *notifier;
  GHashTable       *pending;      /* menu keys of the teardowns in flight */
  GPtrArray        *watched;      /* items whose changes reshape the menu */
  char             *load_error;

  guint             rebuild_id;
  guint             sigint_id;
  guint             sigterm_id;
  int               exit_status;
  guint             quitting : 1;
  guint             restore_drives : 1;
  guint             rewatch : 1;      /* the sources' items changed since watch_items() */
};

G_DEFINE_FINAL_TYPE (PbIndicator, pb_indicator, G_TYPE_APPLICATION)

#define MENU_PATH     "/MenuBar"
#define APP_PATH      "/io/github/plugboard/Plugboard"
#define KEY_LINK      "link:"
#define KEY_PORT      "port:"
#define KEY_DRIVE     "drive:"

typedef struct
{
  PbIndicator *self;
  char        *key;
  char        *summary;  /* what to say if it fails */
} Teardown;

static void pb_indicator_rebuild (PbIndicator *self);

static void
teardown_free (Teardown *teardown)
{
  g_clear_object (&teardown->self);
  g_free (teardown->key);
  g_free (teardown->summary);
  g_free (teardown);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Teardown, teardown_free)

/* dbusmenu labels take "_" as a mnemonic mark; names must show theirs. */
static char *
escape_label (const char *format,
              const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "_", -1);
  g_autofree char *escaped = g_strjoinv ("__", parts);

  return g_strdup_printf (format, escaped);
}

/* A port carries something from the moment it starts to come up until it
 * starts to go down; only then is there anything to disconnect (P2). */
static gboolean
port_in_use (PbConnection *port)
{
  static const char * const idle[] = {
    "unknown", "unmanaged", "unavailable", "disconnected", "deactivating", "failed", NULL
  };

  return !g_strv_contains (idle, pb_connection_get_state (port));
}

/* A remembered drive that is not mounted has nothing to disconnect now. */
static gboolean
drive_connected (PbConnection *drive)
{
  return g_strcmp0 (pb_connection_get_state (drive), "connected") == 0;
}

static gboolean
shown (PbConnection *item)
{
  switch (pb_connection_get_kind (item))
    {
    case PB_CONNECTION_KIND_PORT:
      return port_in_use (item);
    case PB_CONNECTION_KIND_DRIVE:
      return drive_connected (item);
    case PB_CONNECTION_KIND_LINK:
    default:
      return TRUE;
    }
}

/* ---------------------------------------------------------------- teardowns */

static void
disconnect_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Teardown) teardown = user_data;
  PbIndicator *self = teardown->self;
  g_autoptr(GError) error = NULL;

  if (!pb_source_disconnect_finish (PB_SOURCE (object), result, &error))
    pb_indicator_report (self, teardown->summary, error->message);

  g_hash_table_remove (self->pending, teardown->key);
  pb_indicator_rebuild (self);
  g_application_release (G_APPLICATION (self));
}

static void
pb_indicator_disconnect (PbIndicator *self,
                         PbSource    *source,
                         const char  *key,
                         const char  *name,
                         char        *summary)
{
  Teardown *teardown;

  if (g_hash_table_contains (self->pending, key))
    {
      g_free (summary);
      return;
    }

  teardown = g_new0 (Teardown, 1);
  teardown->self = g_object_ref (self);
  teardown->key = g_strdup (key);
  teardown->summary = summary;

  g_hash_table_add (self->pending, g_strdup (key));
  g_application_hold (G_APPLICATION (self));
  pb_source_disconnect_async (source, name, PB_DISCONNECT_NONE, NULL, disconnect_cb, teardown);
  pb_indicator_rebuild (self);
}

/* --------------------------------------------------------- open the window */

static void
activate_app_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbIndicator) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "plugboard", NULL };

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply != NULL)
    return;

  /* Not D-Bus activatable here (an uninstalled build, a session without
   * service files): start the program itself. */
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    {
      g_clear_error (&error);
      if (g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &error))
        return;
    }

  pb_indicator_report (self, _("Could not open Plugboard"), error->message);
}

static void
pb_indicator_open_app (PbIndicator *self)
{
  g_dbus_connection_call (g_application_get_dbus_connection (G_APPLICATION (self)),
                          APPLICATION_ID, APP_PATH, "org.freedesktop.Application", "Activate",
                          g_variant_new_parsed ("(@a{sv} {},)"), NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, activate_app_cb, g_object_ref (self));
}


/* -------------------------------------------------------------------- menu */

static void
on_menu_activated (PbIndicator *self,
                   const char  *key)
{
  if (g_str_equal (key, "open"))
    pb_indicator_open_app (self);
  else if (g_str_equal (key, "quit"))
    pb_indicator_quit (self);
  else if (g_str_has_prefix (key, KEY_LINK) && self->links != NULL)
    {
      const char *handle = key + strlen (KEY_LINK);
      PbConnection *link = pb_link_source_find_link (self->links, handle);

      pb_indicator_disconnect (self, PB_SOURCE (self->links), key, handle,
                               g_strdup_printf (_("Could not hang up %s"),
                                                link ? pb_connection_get_name (link) : handle));
    }
  else if (g_str_has_prefix (key, KEY_PORT) && self->ports != NULL)
    {
      const char *iface = key + strlen (KEY_PORT);

      pb_indicator_disconnect (self, PB_SOURCE (self->ports), key, iface,
                               g_strdup_printf (_("Could not disconnect port %s"), iface));
    }
  else if (g_str_has_prefix (key, KEY_DRIVE) && self->drives != NULL)
    {
      const char *local_name = key + strlen (KEY_DRIVE);

      pb_indicator_disconnect (self, PB_SOURCE (self->drives), key, local_name,
                               g_strdup_printf (_("Could not disconnect %s"), local_name));
    }
}

static gboolean
rebuild_idle (gpointer user_data)
{
  PbIndicator *self = user_data;

  self->rebuild_id = 0;
  pb_indicator_rebuild (self);

  return G_SOURCE_REMOVE;
}

/* Sources change in bursts (a teardown touches a link and its ports): one
 * new layout per burst is what hosts should see. */
static void
schedule_rebuild (PbIndicator *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle, self);
}

static void
unwatch_items (PbIndicator *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);
}

/* Names and states live on the items, not in items-changed. */
static void
watch_items (PbIndicator *self,
             gpointer     model)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      PbConnection *item = g_list_model_get_item (model, i);

      g_signal_connect_object (item, "notify", G_CALLBACK (schedule_rebuild), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->watched, item);
    }
}

/* Only when the rows themselves came or went: a rebuild for a row's own
 * change (a state, a name) keeps the handlers it has. */
static void
rewatch_items (PbIndicator *self)
{
  if (!self->rewatch)
    return;

  self->rewatch = FALSE;
  unwatch_items (self);
  watch_items (self, self->links);
  watch_items (self, self->ports);
  watch_items (self, self->drives);
}

static void
on_items_changed (PbIndicator *self)
{
  self->rewatch = TRUE;
  schedule_rebuild (self);
}

static guint
count_shown (gpointer model)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;
  guint shown_items = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (model, i);

      shown_items += shown (item);
    }

  return shown_items;
}

static char *
dup_counts (guint n_links,
            guint n_ports,
            guint n_drives)
{
  g_autofree char *links = g_strdup_printf (ngettext ("%u link", "%u links", n_links), n_links);
  g_autofree char *ports = g_strdup_printf (ngettext ("%u port", "%u ports", n_ports), n_ports);
  g_autofree char *drives = g_strdup_printf (ngettext ("%u drive", "%u drives", n_drives), n_drives);

  /* Translators: the counts of links, ports and drives, e.g. “2 links, 3 ports, 1 drive” */
  return g_strdup_printf (_("%s, %s, %s"), links, ports, drives);
}

static void
add_status (PbIndicator *self,
            const char  *key,
            PbSource    *source)
{
  g_autofree char *status = NULL;
  g_autofree char *label = NULL;

  if (source == NULL || pb_source_get_available (source))
    return;

  status = pb_source_dup_status (source);
  if (status == NULL)
    return;

  label = escape_label ("%s", status);
  pb_dbus_menu_add_item (self->menu, key, label, FALSE);
}

static void
add_rows (PbIndicator *self,
          GListModel  *model,
          const char  *key_prefix,
          const char  *format)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (model, i);
      gboolean is_link = pb_connection_get_kind (item) == PB_CONNECTION_KIND_LINK;
      g_autofree char *key = NULL;
      g_autofree char *label = NULL;

      if (!shown (item))
        continue;

      /* What the source's disconnect takes: a handle, an interface, a
       * drive's local name (which is also the name drives show). */
      key = g_strconcat (key_prefix, is_link ? pb_connection_get_handle (item) : pb_connection_get_name (item),
                         NULL);
      label = escape_label (format, pb_connection_get_name (item));
      pb_dbus_menu_add_item (self->menu, key, label, !g_hash_table_contains (self->pending, key));
    }
}

static void
pb_indicator_rebuild (PbIndicator *self)
{
  guint n_links = count_shown (self->links);
  guint n_ports = count_shown (self->ports);
  guint n_drives = count_shown (self->drives);
  g_autofree char *counts = dup_counts (n_links, n_ports, n_drives);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);

  pb_dbus_menu_begin (self->menu);
  pb_dbus_menu_add_item (self->menu, "counts", counts, FALSE);

  if (self->load_error != NULL)
    pb_dbus_menu_add_item (self->menu, "error", self->load_error, FALSE);
  else if (self->server == NULL)
    pb_dbus_menu_add_item (self->menu, "loading", _("Connecting to NetworkManager…"), FALSE);
  add_status (self, "status:links", PB_SOURCE (self->links));
  add_status (self, "status:drives", PB_SOURCE (self->drives));

  if (n_links + n_ports + n_drives > 0)
    pb_dbus_menu_add_separator (self->menu);
  /* Translators: a menu item; %s is the name of a link (a mobile, PPPoE, VPN… connection) */
  add_rows (self, G_LIST_MODEL (self->links), KEY_LINK, _("Hang Up %s"));
  /* Translators: a menu item; %s is the name of a port (a modem, a serial line…) */
  add_rows (self, G_LIST_MODEL (self->ports), KEY_PORT, _("Disconnect %s"));
  /* Translators: a menu item; %s is the name of a network drive (a mapping or a mount path) */
  add_rows (self, G_LIST_MODEL (self->drives), KEY_DRIVE, _("Disconnect %s"));

  pb_dbus_menu_add_separator (self->menu);
  pb_dbus_menu_add_item (self->menu, "open", _("Open Plugboard"), TRUE);
  pb_dbus_menu_add_item (self->menu, "quit", _("Quit"), TRUE);
  pb_dbus_menu_end (self->menu);

  pb_status_notifier_set_tooltip (self->notifier, counts);
  pb_status_notifier_set_active (self->notifier, n_links + n_ports + n_drives > 0);

  rewatch_items (self);
}

/* --------------------------------------------------------------- lifecycle */

static void
follow_source (PbIndicator *self,
               PbSource    *source)
{
  /* It may come with its rows already in it. */
  self->rewatch = TRUE;
  g_signal_connect_object (source, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::available", G_CALLBACK (schedule_rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::status", G_CALLBACK (schedule_rebuild), self, G_CONNECT_SWAPPED);
}

static void
server_new_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PbIndicator) self = user_data;
  g_autoptr(GError) error = NULL;

  self->server = pb_server_new_finish (result, &error);
  if (self->server == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->load_error = escape_label ("%s", error->message);
    }
  else
    {
      self->links = pb_link_source_new (self->server);
      self->ports = pb_port_source_new (self->links);
      follow_source (self, PB_SOURCE (self->links));
      follow_source (self, PB_SOURCE (self->ports));
    }

  pb_indicator_rebuild (self);
}

static void
drive_source_new_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PbIndicator) self = user_data;
  g_autoptr(GError) error = NULL;

  self->drives = pb_drive_source_new_finish (result, &error);
  /* Only cancellation fails it: a source without GVfs says so in its status. */
  if (self->drives == NULL)
    return;

  follow_source (self, PB_SOURCE (self->drives));
  pb_indicator_rebuild (self);

  if (self->restore_drives)
    {
      self->restore_drives = FALSE;
      pb_indicator_restore_drives (self, self->drives);
    }
}

/* TRANSITIONAL, until this front end runs on a PbSession: the profiles the
 * drive source reads are loaded here, one after the other. */
typedef struct
{
  PbIndicator *self;
  PbProfile *profile;
  PbProfile *session_names;
} ProfilesLoad;

static void
drive_profile_loaded_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  ProfilesLoad *pl = user_data;

  /* A profile that failed keeps its error for the calls that need it (D8). */
  pb_profile_load_finish (PB_PROFILE (object), result, NULL);

  if (PB_PROFILE (object) == pl->profile)
    {
      pb_profile_load_async (pl->session_names, pl->self->cancellable, drive_profile_loaded_cb, pl);
      return;
    }

  pb_drive_source_new_async (pl->profile, pl->session_names, pl->self->cancellable,
                             drive_source_new_cb, pl->self);
  g_object_unref (pl->profile);
  g_object_unref (pl->session_names);
  g_free (pl);
}

static void
load_drive_profiles (PbIndicator *self)
{
  ProfilesLoad *pl = g_new0 (ProfilesLoad, 1);

  pl->self = g_object_ref (self);
  pl->profile = pb_profile_new_default ();
  pl->session_names = pb_profile_new_session ();
  pb_profile_load_async (pl->profile, self->cancellable, drive_profile_loaded_cb, pl);
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
  if (!pb_dbus_menu_export (self->menu, self->item_bus, MENU_PATH, &error) ||
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

  self->menu = pb_dbus_menu_new ();
  self->notifier = pb_status_notifier_new (MENU_PATH);
  g_signal_connect_object (self->menu, "activated", G_CALLBACK (on_menu_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->notifier, "activate", G_CALLBACK (pb_indicator_open_app), self,
                           G_CONNECT_SWAPPED);
  pb_indicator_rebuild (self);

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

  /* The item's service is the unique name of a connection of its own, so
   * that Quit can take the icon away while teardowns keep the program (and
   * the application's connection) alive. */
  g_dbus_connection_new_for_address (address,
                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                     NULL, self->cancellable, item_bus_cb, g_object_ref (self));

  pb_server_new_async (NULL, self->cancellable, server_new_cb, g_object_ref (self));
  load_drive_profiles (self);
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
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  unwatch_items (self);
  if (self->notifier != NULL)
    pb_status_notifier_unexport (self->notifier);
  if (self->menu != NULL)
    pb_dbus_menu_unexport (self->menu);

  G_APPLICATION_CLASS (pb_indicator_parent_class)->shutdown (app);
}

static void
pb_indicator_dispose (GObject *object)
{
  PbIndicator *self = (PbIndicator *)object;

  g_clear_object (&self->notifier);
  g_clear_object (&self->menu);
  g_clear_object (&self->item_bus);
  g_clear_object (&self->drives);
  g_clear_object (&self->ports);
  g_clear_object (&self->links);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (pb_indicator_parent_class)->dispose (object);
}

static void
pb_indicator_finalize (GObject *object)
{
  PbIndicator *self = (PbIndicator *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_pointer (&self->load_error, g_free);

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
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);

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
  pb_dbus_menu_unexport (self->menu);
  /* Trays drop the icon when its connection's name leaves the bus. A close
   * drops what is still queued, so the reply to the click on Quit goes
   * out first; the program waits for both. */
  if (self->item_bus != NULL)
    {
      g_application_hold (G_APPLICATION (self));
      g_dbus_connection_flush (self->item_bus, NULL, item_bus_flushed_cb, g_object_ref (self));
    }

  n = g_hash_table_size (self->pending);
  if (n > 0)
    g_printerr (ngettext ("plugboard-indicator: quitting once %u disconnection has finished\n",
                          "plugboard-indicator: quitting once %u disconnections have finished\n", n), n);

  g_application_release (G_APPLICATION (self));
}
