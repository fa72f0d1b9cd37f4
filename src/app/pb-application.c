/* pb-application.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-drive-source.h"
#include "pb-map-drive-dialog.h"
#include "pb-open-files-dialog.h"
#include "pb-window.h"

/**
 * PbApplication:
 *
 * Owns the sources and every teardown. The window only presents the sources
 * and activates the application's actions, so the desktop, the indicator and
 * scripts (`gapplication action`) drive exactly what the window drives.
 *
 * Action parameters (all strings):
 *
 * - `app.hang-up`: `HANDLE` hangs up a link (L1–L3); `HANDLE/DEVICE` hangs up
 *   one device of a multi-device link (L5), e.g. `'12/ttyUSB0'`.
 * - `app.disconnect-port`: the port's interface name, e.g. `'ttyUSB0'` (P1).
 * - `app.cancel-drive`: a drive's local or remote name, optionally after
 *   flags and a colon: `'force:NAME'`, `'forget:NAME'`,
 *   `'force,forget:NAME'` (D1–D7).
 * - `app.map-drive`: a remote name maps it at once (`'smb://host/share'`);
 *   `''` opens the Map Network Drive dialog.
 * - `app.restore`: a remembered drive's local name, or `''` for all.
 * - `app.connect-link`: the UUID of a saved link profile.
 *
 * Every teardown holds the application (L4): closing the window while one is
 * in flight leaves the process running until the last one has ended.
 */
struct _PbApplication
{
  GtkApplication  parent_instance;

  /* Owned */
  GCancellable   *cancellable;
  PbServer       *server;
  PbSource       *links;
  PbSource       *ports;
  PbSource       *drives;
  GPtrArray      *pending;   /* (name, parameter) pairs that came before the sources */
  guint           loading;   /* sources still being made */
  guint           window_idle;

  guint           loaded : 1;
};

G_DEFINE_FINAL_TYPE (PbApplication, pb_application, GTK_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_LINKS,
  PROP_PORTS,
  PROP_DRIVES,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The application's windows include its dialogs: find the main one. */
static PbWindow *
pb_application_find_window (PbApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PB_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static PbWindow *
pb_application_ensure_window (PbApplication *self)
{
  PbWindow *window = pb_application_find_window (self);

  if (window == NULL)
    window = pb_window_new (self);

  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/* Every call in flight holds the application (L4); the core marks its row
 * busy meanwhile. Errors are told in the window, never only on a terminal:
 * a script that drives the application over D-Bus still gets a window that
 * says why. */
static PbApplication *
operation_begin (PbApplication *self)
{
  g_application_hold (G_APPLICATION (self));

  return g_object_ref (self);
}

static void
operation_end (PbApplication *self,
               const GError  *error)
{
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pb_window_show_error (pb_application_ensure_window (self), error);

  g_application_release (G_APPLICATION (self));
  g_object_unref (self);
}

static void
hang_up_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  pb_link_hang_up_finish (PB_LINK_SOURCE (object), result, &error);
  operation_end (user_data, error);
}

static void
port_disconnect_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  pb_port_disconnect_finish (PB_PORT_SOURCE (object), result, &error);
  operation_end (user_data, error);
}

static void
activate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *handle = NULL;

  handle = pb_link_activate_finish (PB_LINK_SOURCE (object), result, &error);
  operation_end (user_data, error);
}

/* What a cancel asked, to ask again with force from the open-files dialog. */
typedef struct
{
  PbApplication     *app;
  PbConnection      *item;   /* the row shown busy, when one is named so */
  char              *name;
  PbDisconnectFlags  flags;
} CancelCall;

static gboolean
drive_name_equal (gconstpointer item,
                  gconstpointer name)
{
  return g_strcmp0 (pb_connection_get_local_name ((PbConnection *)item), name) == 0 ||
         g_strcmp0 (pb_connection_get_remote_name ((PbConnection *)item), name) == 0;
}


/* The name a person knows a drive by: the one they mapped it under, else
 * its address (a bare mount path says little). */
static const char *
drive_display_name (PbConnection *item)
{
  const char *local = pb_connection_get_local_name (item);

  return local != NULL && !g_path_is_absolute (local) ? local : pb_connection_get_remote_name (item);
}

static void
cancel_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CancelCall *call = user_data;
  g_autoptr(GPtrArray) holders = NULL;
  g_autoptr(GError) error = NULL;

  if (!pb_drive_cancel_finish (PB_DRIVE_SOURCE (object), result, &holders, &error) &&
      g_error_matches (error, PB_ERROR, PB_ERROR_OPEN_FILES))
    {
      PbWindow *window = pb_application_ensure_window (call->app);

      pb_open_files_dialog_new (GTK_WINDOW (window), call->name,
                                call->item ? drive_display_name (call->item) : NULL,
                                call->flags, error, holders);
      g_clear_error (&error);
    }

  /* The drive core does not mark its rows: the window does, until the row
   * leaves or the answer comes back. */
  if (call->item != NULL)
    pb_connection_set_busy (call->item, FALSE);

  operation_end (call->app, error);
  g_clear_object (&call->item);
  g_free (call->name);
  g_free (call);
}

static void
map_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  PbApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  if (pb_drive_map_finish (PB_DRIVE_SOURCE (object), result, NULL, &warning, &error) && warning != NULL)
    pb_window_show_message (pb_application_ensure_window (self), warning);

  operation_end (self, error);
}

/* Restoring every drive: one that failed does not stop the others, and each
 * failure is told. */
static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PbApplication *self = user_data;
  g_autoptr(GHashTable) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  GHashTableIter iter;
  const GError *failure;

  outcome = pb_drive_restore_finish (PB_DRIVE_SOURCE (object), result, &error);

  if (outcome != NULL)
    {
      g_hash_table_iter_init (&iter, outcome);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&failure))
        if (failure != NULL)
          {
            g_autofree char *text = pb_error_dup_text (failure);

            g_string_append_printf (failures, "%s%s", failures->len ? "\n" : "", text);
          }
    }

  if (failures->len > 0)
    pb_window_show_message (pb_application_ensure_window (self), failures->str);

  operation_end (self, error);
}

/* Actions that arrive while NetworkManager is still being asked wait for it,
 * so `plugboard` started by D-Bus activation can act on its first call. */
static gboolean
defer_until_loaded (PbApplication *self,
                    GSimpleAction *action,
                    GVariant      *parameter)
{
  if (self->loaded)
    return FALSE;

  g_ptr_array_add (self->pending, g_strdup (g_action_get_name (G_ACTION (action))));
  g_ptr_array_add (self->pending, parameter ? g_variant_ref (parameter) : NULL);

  return TRUE;
}

/* When the server could not be loaded (which was shown then), there are no
 * link and port sources to ask: say so, rather than start a call whose
 * completion would never come and would keep the application held. */
static gboolean
refuse_without_nm (PbApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->links != NULL)
    return FALSE;

  error = g_error_new_literal (PB_ERROR, PB_ERROR_SERVER_UNREACHABLE,
                               _("Links and ports cannot be changed: NetworkManager could not be reached. "
                                 "Start NetworkManager, then open Plugboard again."));
  pb_window_show_error (pb_application_ensure_window (self), error);

  return TRUE;
}

static void
hang_up_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PbApplication *self = user_data;
  g_autofree char *handle = NULL;
  char *device;

  if (defer_until_loaded (self, action, parameter))
    return;
  if (refuse_without_nm (self))
    return;

  handle = g_variant_dup_string (parameter, NULL);
  device = strchr (handle, '/');
  if (device != NULL)
    *device++ = '\0';

  pb_link_hang_up_async (PB_LINK_SOURCE (self->links), handle, device,
                         self->cancellable, hang_up_cb, operation_begin (self));
}

static void
disconnect_port_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  PbApplication *self = user_data;

  if (defer_until_loaded (self, action, parameter))
    return;
  if (refuse_without_nm (self))
    return;

  pb_port_disconnect_async (PB_PORT_SOURCE (self->ports), g_variant_get_string (parameter, NULL),
                            self->cancellable, port_disconnect_cb, operation_begin (self));
}

static void
connect_link_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PbApplication *self = user_data;

  if (defer_until_loaded (self, action, parameter))
    return;
  if (refuse_without_nm (self))
    return;

  pb_link_activate_async (PB_LINK_SOURCE (self->links), g_variant_get_string (parameter, NULL),
                          self->cancellable, activate_cb, operation_begin (self));
}

/* `force:`, `forget:` or `force,forget:` before the name; a scheme such as
 * `smb:` is not a flag, so a remote name passes through whole. */
static PbDisconnectFlags
parse_cancel_parameter (const char  *parameter,
                        const char **name)
{
  const char *colon = strchr (parameter, ':');
  g_autofree char *prefix = NULL;
  g_auto(GStrv) words = NULL;
  PbDisconnectFlags flags = PB_DISCONNECT_NONE;

  *name = parameter;
  if (colon == NULL)
    return flags;

  prefix = g_strndup (parameter, colon - parameter);
  words = g_strsplit (prefix, ",", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_str_equal (words[i], "force"))
        flags |= PB_DISCONNECT_FORCE;
      else if (g_str_equal (words[i], "forget"))
        flags |= PB_DISCONNECT_FORGET;
      else
        return PB_DISCONNECT_NONE;
    }

  *name = colon + 1;

  return flags;
}

static void
cancel_drive_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PbApplication *self = user_data;
  CancelCall *call;
  const char *name;

  if (defer_until_loaded (self, action, parameter))
    return;

  call = g_new0 (CancelCall, 1);
  call->flags = parse_cancel_parameter (g_variant_get_string (parameter, NULL), &name);
  call->name = g_strdup (name);
  call->app = operation_begin (self);
  call->item = pb_source_find (self->drives, drive_name_equal, call->name, NULL);
  if (call->item != NULL)
    {
      g_object_ref (call->item);
      pb_connection_set_busy (call->item, TRUE);
    }

  pb_drive_cancel_async (PB_DRIVE_SOURCE (self->drives), call->name, call->flags,
                         self->cancellable, cancel_cb, call);
}

static void
map_drive_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PbApplication *self = user_data;
  const char *uri = g_variant_get_string (parameter, NULL);

  if (uri[0] == '\0')
    pb_map_drive_dialog_new (GTK_WINDOW (pb_application_ensure_window (self)));
  else if (!defer_until_loaded (self, action, parameter))
    pb_application_map_drive (self, uri, NULL, NULL, NULL, PB_DRIVE_MAP_NONE);
}

/* One remembered drive is mapped again from its profile entry, its password
 * from the keyring; all of them go through the core's restore. */
static void
restore_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PbApplication *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  PbProfile *profile;
  g_autofree char *remote_name = NULL;
  g_autofree char *user = NULL;

  if (defer_until_loaded (self, action, parameter))
    return;

  if (name[0] == '\0')
    {
      pb_drive_restore_async (PB_DRIVE_SOURCE (self->drives), self->cancellable,
                              restore_cb, operation_begin (self));
      return;
    }

  profile = pb_drive_source_get_profile (PB_DRIVE_SOURCE (self->drives));
  if (!pb_profile_lookup (profile, name, &remote_name, &user))
    {
      g_autoptr(GError) error = g_error_new (PB_ERROR, PB_ERROR_NOT_CONNECTED,
                                             _("Cannot reconnect “%s”: no remembered drive has that name. "
                                               "Map it with “Map Network Drive…”."), name);

      pb_window_show_error (pb_application_ensure_window (self), error);
      return;
    }

  pb_application_map_drive (self, remote_name, name, user, NULL, PB_DRIVE_MAP_REMEMBER);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PbApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing, not quitting: teardowns in flight keep the process alive (L4). */
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_destroy (window);
    }
}

static const GActionEntry app_actions[] = {
  { "hang-up", hang_up_action, "s" },
  { "disconnect-port", disconnect_port_action, "s" },
  { "connect-link", connect_link_action, "s" },
  { "cancel-drive", cancel_drive_action, "s" },
  { "map-drive", map_drive_action, "s" },
  { "restore", restore_action, "s" },
  { "quit", quit_action },
};

static void
replay_pending (PbApplication *self)
{
  /* Once loaded nothing is deferred again: the array goes with its calls. */
  g_autoptr(GPtrArray) pending = g_steal_pointer (&self->pending);

  for (guint i = 0; i + 1 < pending->len; i += 2)
    {
      g_autoptr(GVariant) parameter = g_ptr_array_index (pending, i + 1);
      g_autofree char *name = g_ptr_array_index (pending, i);

      g_action_group_activate_action (G_ACTION_GROUP (self), name, parameter);
    }
}

static void
source_loaded (PbApplication *self)
{
  g_assert (self->loading > 0);

  if (--self->loading > 0)
    return;

  self->loaded = TRUE;
  pb_application_trace ("loaded");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  replay_pending (self);
  g_application_release (G_APPLICATION (self));
}

static void
server_new_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PbApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->server = pb_server_new_finish (result, &error);
  pb_application_trace ("nm-answered");

  if (self->server != NULL)
    {
      self->links = PB_SOURCE (pb_link_source_new (self->server));
      self->ports = PB_SOURCE (pb_port_source_new (PB_LINK_SOURCE (self->links)));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORTS]);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pb_window_show_error (pb_application_ensure_window (self), error);

  /* The Links page, shown, has built its rows by now. */
  pb_application_trace ("links-and-ports");

  source_loaded (self);
}

static void
drive_source_new_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PbApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->drives = PB_SOURCE (pb_drive_source_new_finish (result, &error));

  if (self->drives != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRIVES]);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pb_window_show_error (pb_application_ensure_window (self), error);

  pb_application_trace ("drives");

  source_loaded (self);
}

/* TRANSITIONAL, until this front end runs on a PbSession: the profiles the
 * drive source reads are loaded here, one after the other. */
typedef struct
{
  PbApplication *self;
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
load_drive_profiles (PbApplication *self)
{
  ProfilesLoad *pl = g_new0 (ProfilesLoad, 1);

  pl->self = g_object_ref (self);
  pl->profile = pb_profile_new_default ();
  pl->session_names = pb_profile_new_session ();
  pb_profile_load_async (pl->profile, self->cancellable, drive_profile_loaded_cb, pl);
}

static void
pb_application_startup (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };

  /* Held until the sources exist, so an action that came over D-Bus before
   * them is not dropped by an application that thinks it has nothing to do.
   * Asked for before GTK starts, so that the system bus connection and the
   * services' first answers are on their way while it does. */
  g_application_hold (application);
  self->loading = 2;
  pb_server_new_async (NULL, self->cancellable, server_new_cb, g_object_ref (self));
  load_drive_profiles (self);

  G_APPLICATION_CLASS (pb_application_parent_class)->startup (application);
  pb_application_trace ("gtk-started");

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
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

static void
pb_application_shutdown (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (pb_application_parent_class)->shutdown (application);
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
  g_clear_object (&self->drives);
  g_clear_object (&self->ports);
  g_clear_object (&self->links);
  g_clear_object (&self->server);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_application_parent_class)->dispose (object);
}

static void
pb_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PbApplication *self = PB_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LINKS:
      g_value_set_object (value, self->links);
      break;

    case PROP_PORTS:
      g_value_set_object (value, self->ports);
      break;

    case PROP_DRIVES:
      g_value_set_object (value, self->drives);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_application_class_init (PbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pb_application_dispose;
  object_class->get_property = pb_application_get_property;

  app_class->startup = pb_application_startup;
  app_class->activate = pb_application_activate;
  app_class->shutdown = pb_application_shutdown;

  properties[PROP_LINKS] =
    g_param_spec_object ("links", NULL, "The links of this computer", PB_TYPE_SOURCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PORTS] =
    g_param_spec_object ("ports", NULL, "The ports of this computer", PB_TYPE_SOURCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DRIVES] =
    g_param_spec_object ("drives", NULL, "The network drives of this session", PB_TYPE_SOURCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, "Every source has been asked once", FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_application_init (PbApplication *self)
{
  self->cancellable = g_cancellable_new ();
  self->pending = g_ptr_array_new ();
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
 * pb_application_get_links:
 *
 * Returns: (transfer none) (nullable): the links, %NULL until loaded
 */
PbSource *
pb_application_get_links (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->links;
}

/**
 * pb_application_get_ports:
 *
 * Returns: (transfer none) (nullable): the ports, %NULL until loaded
 */
PbSource *
pb_application_get_ports (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->ports;
}

/**
 * pb_application_get_drives:
 *
 * Returns: (transfer none) (nullable): the drives, %NULL until loaded
 */
PbSource *
pb_application_get_drives (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->drives;
}

/**
 * pb_application_map_drive:
 * @uri: what to map, e.g. `smb://server/share`
 * @local_name: (nullable): the drive's name; required to remember it
 * @user: (nullable): the user to connect as
 * @password: (nullable): the password; %NULL uses the keyring's
 * @flags: whether to keep it in the profile, or only its password in the keyring
 *
 * Maps a drive in the background; the outcome shows in the window.
 */
void
pb_application_map_drive (PbApplication *self,
                          const char    *uri,
                          const char    *local_name,
                          const char    *user,
                          const char    *password,
                          PbDriveMapFlags flags)
{
  g_return_if_fail (PB_IS_APPLICATION (self));
  g_return_if_fail (uri != NULL);
  g_return_if_fail (self->drives != NULL);

  pb_drive_map_async (PB_DRIVE_SOURCE (self->drives), uri, local_name, user, password,
                      flags, self->cancellable, map_cb, operation_begin (self));
}

gboolean
pb_application_get_loaded (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), FALSE);

  return self->loaded;
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
