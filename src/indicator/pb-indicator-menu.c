/* pb-indicator-menu.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-indicator-menu.h"

/**
 * PbIndicatorMenu:
 *
 * The tray's menu, built from the session's models: the counts, why a
 * source is empty, one item per link, port in use and connected drive, then
 * Reconnect for each remembered drive that is not connected, then Open
 * Plugboard and Quit. Each row's item is the session's action with a typed
 * target (`hang-up` `('12', '')`, `disconnect-port` `'ttyUSB0'`,
 * `cancel-drive` `('Photos', false, false)`: the tray never forces nor
 * forgets; `restore` `'Photos'`), activated on the group the menu was made
 * with; a row whose
 * operation is in flight is busy in the session, and its item disabled.
 *
 * #PbIndicatorMenu:summary (the counts) and #PbIndicatorMenu:active (there
 * is something to disconnect) are for the icon's tooltip and status.
 */
struct _PbIndicatorMenu
{
  GObject       parent_instance;

  /* Owned */
  PbSession    *session;
  PbDbusMenu   *menu;
  GPtrArray    *watched;   /* rows whose own changes reshape the menu */
  GPtrArray    *followed;  /* sources already followed */
  char         *summary;

  guint         rebuild_id;
  guint         active : 1;
  guint         rewatch : 1; /* rows came or went since watch_rows() */
};

G_DEFINE_FINAL_TYPE (PbIndicatorMenu, pb_indicator_menu, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SUMMARY,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pb_indicator_menu_rebuild (PbIndicatorMenu *self);

/* dbusmenu labels take "_" as a mnemonic mark; names must show theirs.
 * @format is a translated label with one "%s" where the name goes: it is
 * put there by hand, not by printf, so that a label is never a format
 * string built at run time. */
static char *
escape_label (const char *format,
              const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "_", -1);
  g_autofree char *escaped = g_strjoinv ("__", parts);
  const char *mark = strstr (format, "%s");

  if (mark == NULL)
    return g_strdup (format);

  return g_strdup_printf ("%.*s%s%s", (int)(mark - format), format, escaped, mark + 2);
}

static gboolean
rebuild_idle (gpointer user_data)
{
  PbIndicatorMenu *self = user_data;

  self->rebuild_id = 0;
  pb_indicator_menu_rebuild (self);

  return G_SOURCE_REMOVE;
}

/* Sources change in bursts (a teardown touches a link and its ports): one
 * new layout per burst is what hosts should see. */
static void
schedule_rebuild (PbIndicatorMenu *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle, self);
}

static void
unwatch_rows (PbIndicatorMenu *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);
}

/* Names, states and busy marks live on the rows, not in items-changed. */
static void
watch_rows (PbIndicatorMenu *self,
            gpointer         model)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      PbConnection *item = g_list_model_get_item (model, i);

      g_signal_connect_object (item, "notify", G_CALLBACK (schedule_rebuild), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->watched, item);
    }
}

/* Only when rows came or went: a rebuild for a row's own change keeps the
 * handlers it has. */
static void
rewatch_rows (PbIndicatorMenu *self)
{
  if (!self->rewatch)
    return;

  self->rewatch = FALSE;
  unwatch_rows (self);
  watch_rows (self, pb_session_get_links (self->session));
  watch_rows (self, pb_session_get_ports (self->session));
  watch_rows (self, pb_session_get_drives (self->session));
}

static void
on_rows_changed (PbIndicatorMenu *self)
{
  self->rewatch = TRUE;
  schedule_rebuild (self);
}

static void
follow_source (PbIndicatorMenu *self,
               gpointer         source)
{
  if (source == NULL || g_ptr_array_find (self->followed, source, NULL))
    return;

  g_ptr_array_add (self->followed, g_object_ref (source));

  g_signal_connect_object (source, "items-changed", G_CALLBACK (on_rows_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::available", G_CALLBACK (schedule_rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::status", G_CALLBACK (schedule_rebuild), self, G_CONNECT_SWAPPED);
}

/* Each source shows as soon as the session has it (links do not wait for
 * GVfs); it may come with its rows already in it. */
static void
on_loaded (PbIndicatorMenu *self)
{
  follow_source (self, pb_session_get_links (self->session));
  follow_source (self, pb_session_get_ports (self->session));
  follow_source (self, pb_session_get_drives (self->session));
  on_rows_changed (self);
}

/* The rows that are connected now; @n_remembered (optional) counts the
 * remembered drives that are not, which get a Reconnect item. */
static guint
count_shown (gpointer  model,
             guint    *n_remembered)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;
  guint shown = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (model, i);

      if (pb_connection_is_connected (item))
        shown++;
      else if (n_remembered != NULL && pb_connection_get_remembered (item))
        (*n_remembered)++;
    }

  return shown;
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
add_status (PbIndicatorMenu *self,
            const char      *key,
            gpointer         source)
{
  g_autofree char *status = NULL;
  g_autofree char *label = NULL;

  if (source == NULL || pb_source_get_available (source))
    return;

  status = pb_source_dup_status (source);
  if (status == NULL)
    return;

  label = escape_label ("%s", status);
  pb_dbus_menu_add_item (self->menu, key, label, NULL, NULL, FALSE);
}

/* The name the session's action of each kind takes for a row: a link's
 * handle, a port's interface, a drive's local name (so that only this
 * mapping goes, D1). */
static const char *
row_name (PbConnection *item)
{
  switch (pb_connection_get_kind (item))
    {
    case PB_CONNECTION_KIND_LINK:
      return pb_connection_get_handle (item);
    case PB_CONNECTION_KIND_PORT:
      return pb_connection_get_name (item);
    case PB_CONNECTION_KIND_DRIVE:
    default:
      return pb_connection_get_local_name (item);
    }
}

/* The action's typed target for a row; a drive is never forced nor
 * forgotten from the tray. */
static GVariant *
row_target (PbConnection *item)
{
  switch (pb_connection_get_kind (item))
    {
    case PB_CONNECTION_KIND_LINK:
      return g_variant_new ("(ss)", row_name (item), "");
    case PB_CONNECTION_KIND_PORT:
      return g_variant_new_string (row_name (item));
    case PB_CONNECTION_KIND_DRIVE:
    default:
      return g_variant_new ("(sbb)", row_name (item), FALSE, FALSE);
    }
}

/* Under a link or a port, what rides on it (#PbGraph), as a line that
 * cannot be clicked: hanging up a VPN takes the drives it carries with it. */
static void
add_carried (PbIndicatorMenu *self,
             PbConnection    *item)
{
  GPtrArray *carries = pb_graph_get_carries (pb_session_get_graph (self->session), item);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autofree char *list = NULL;
  g_autofree char *label = NULL;
  g_autofree char *key = NULL;

  if (pb_connection_get_kind (item) == PB_CONNECTION_KIND_DRIVE || carries == NULL || carries->len == 0)
    return;

  for (guint i = 0; i < carries->len; i++)
    if (pb_connection_get_name (g_ptr_array_index (carries, i)) != NULL)
      g_strv_builder_add (builder, pb_connection_get_name (g_ptr_array_index (carries, i)));
  names = g_strv_builder_end (builder);
  list = g_strjoinv (", ", names);
  /* Translators: a menu line under a link or a port; %s lists the drives and links riding on it */
  label = escape_label (_("Carries %s"), list);
  key = g_strconcat ("carries:", pb_connection_get_handle (item) ? pb_connection_get_handle (item)
                                                                   : pb_connection_get_name (item), NULL);
  pb_dbus_menu_add_item (self->menu, key, label, NULL, NULL, FALSE);
}

static void
add_rows (PbIndicatorMenu *self,
          gpointer         model,
          const char      *key_prefix,
          const char      *action,
          const char      *format)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (model, i);
      g_autofree char *key = NULL;
      g_autofree char *label = NULL;

      if (row_name (item) == NULL)
        continue;

      /* The key only keeps the item's id while the row lives. */
      key = g_strconcat (key_prefix, row_name (item), NULL);

      if (pb_connection_is_connected (item))
        {
          label = escape_label (format, pb_connection_get_name (item));
          pb_dbus_menu_add_item (self->menu, key, label, action, row_target (item),
                                 !pb_connection_get_busy (item));
          add_carried (self, item);
        }
      else if (pb_connection_get_kind (item) == PB_CONNECTION_KIND_DRIVE && pb_connection_get_remembered (item))
        {
          /* A remembered drive that is not connected now: mapped again
           * from the profile, its password from the keyring. */
          /* Translators: a menu item; %s is the name of a remembered network drive */
          label = escape_label (_("Reconnect %s"), pb_connection_get_name (item));
          pb_dbus_menu_add_item (self->menu, key, label, PB_ACTION_RESTORE,
                                 g_variant_new_string (row_name (item)), !pb_connection_get_busy (item));
        }
    }
}

static void
pb_indicator_menu_rebuild (PbIndicatorMenu *self)
{
  PbLinkSource *links = pb_session_get_links (self->session);
  PbPortSource *ports = pb_session_get_ports (self->session);
  PbDriveSource *drives = pb_session_get_drives (self->session);
  guint n_remembered = 0;
  guint n_links = count_shown (links, NULL);
  guint n_ports = count_shown (ports, NULL);
  guint n_drives = count_shown (drives, &n_remembered);
  g_autofree char *counts = dup_counts (n_links, n_ports, n_drives);
  const char *load_error = pb_session_get_load_error (self->session);
  gboolean active = n_links + n_ports + n_drives > 0;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);

  pb_dbus_menu_begin (self->menu);
  pb_dbus_menu_add_item (self->menu, "counts", counts, NULL, NULL, FALSE);

  if (load_error != NULL)
    {
      g_autofree char *label = escape_label ("%s", load_error);

      pb_dbus_menu_add_item (self->menu, "error", label, NULL, NULL, FALSE);
    }
  else if (!pb_session_get_loaded (self->session))
    pb_dbus_menu_add_item (self->menu, "loading", _("Connecting to NetworkManager…"), NULL, NULL, FALSE);
  add_status (self, "status:links", links);
  add_status (self, "status:drives", drives);

  if (active || n_remembered > 0)
    pb_dbus_menu_add_separator (self->menu);
  /* Translators: a menu item; %s is the name of a link (a mobile, PPPoE, VPN… connection) */
  add_rows (self, links, "link:", PB_ACTION_HANG_UP, _("Hang Up %s"));
  /* Translators: a menu item; %s is the name of a port (a modem, a serial line…) */
  add_rows (self, ports, "port:", PB_ACTION_DISCONNECT_PORT, _("Disconnect %s"));
  /* Translators: a menu item; %s is the name of a network drive (a mapping or a mount path) */
  add_rows (self, drives, "drive:", PB_ACTION_CANCEL_DRIVE, _("Disconnect %s"));

  pb_dbus_menu_add_separator (self->menu);
  pb_dbus_menu_add_item (self->menu, "open", _("Open Plugboard"), "open", NULL, TRUE);
  pb_dbus_menu_add_item (self->menu, "quit", _("Quit"), "quit", NULL, TRUE);
  pb_dbus_menu_end (self->menu);

  if (g_strcmp0 (self->summary, counts) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&counts);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
  if (self->active != active)
    {
      self->active = active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }

  rewatch_rows (self);
}

static void
pb_indicator_menu_dispose (GObject *object)
{
  PbIndicatorMenu *self = (PbIndicatorMenu *)object;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->watched != NULL)
    unwatch_rows (self);
  g_clear_object (&self->session);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (pb_indicator_menu_parent_class)->dispose (object);
}

static void
pb_indicator_menu_finalize (GObject *object)
{
  PbIndicatorMenu *self = (PbIndicatorMenu *)object;

  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_pointer (&self->followed, g_ptr_array_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (pb_indicator_menu_parent_class)->finalize (object);
}

static void
pb_indicator_menu_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PbIndicatorMenu *self = PB_INDICATOR_MENU (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_indicator_menu_class_init (PbIndicatorMenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_indicator_menu_dispose;
  object_class->finalize = pb_indicator_menu_finalize;
  object_class->get_property = pb_indicator_menu_get_property;

  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, "The counts the menu starts with", NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, "Something can be disconnected", FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_indicator_menu_init (PbIndicatorMenu *self)
{
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->followed = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * pb_indicator_menu_new:
 * @session: the process's session
 * @actions: the session's actions, and `open` and `quit`
 *
 * Returns: (transfer full): the menu, built at once and kept current
 */
PbIndicatorMenu *
pb_indicator_menu_new (PbSession    *session,
                       GActionGroup *actions)
{
  PbIndicatorMenu *self;

  g_return_val_if_fail (PB_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  self = g_object_new (PB_TYPE_INDICATOR_MENU, NULL);
  self->session = g_object_ref (session);
  self->menu = pb_dbus_menu_new (actions);

  g_signal_connect_object (session, "notify::loaded", G_CALLBACK (on_loaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::links", G_CALLBACK (on_loaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::ports", G_CALLBACK (on_loaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::drives", G_CALLBACK (on_loaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::load-error", G_CALLBACK (schedule_rebuild), self, G_CONNECT_SWAPPED);
  /* What rides on what moves with routes and mounts, not only with rows. */
  g_signal_connect_object (pb_session_get_graph (session), "changed", G_CALLBACK (schedule_rebuild), self,
                           G_CONNECT_SWAPPED);
  on_loaded (self);
  pb_indicator_menu_rebuild (self);

  return self;
}

/**
 * pb_indicator_menu_get_dbus_menu:
 *
 * Returns: (transfer none): the menu to export
 */
PbDbusMenu *
pb_indicator_menu_get_dbus_menu (PbIndicatorMenu *self)
{
  g_return_val_if_fail (PB_IS_INDICATOR_MENU (self), NULL);

  return self->menu;
}

const char *
pb_indicator_menu_get_summary (PbIndicatorMenu *self)
{
  g_return_val_if_fail (PB_IS_INDICATOR_MENU (self), NULL);

  return self->summary;
}

gboolean
pb_indicator_menu_get_active (PbIndicatorMenu *self)
{
  g_return_val_if_fail (PB_IS_INDICATOR_MENU (self), FALSE);

  return self->active;
}
