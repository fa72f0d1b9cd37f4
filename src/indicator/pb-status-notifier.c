/* pb-status-notifier.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-status-notifier.h"

/**
 * PbStatusNotifier:
 *
 * The tray icon as a freedesktop StatusNotifierItem (org.kde.StatusNotifierItem)
 * on the session bus: GTK 4 has no status icon of its own, and this protocol is
 * what KDE, Xfce, LXQt, waybar and GNOME's AppIndicator extension all host.
 *
 * The item registers its connection's unique bus name with
 * org.kde.StatusNotifierWatcher each time a watcher appears, so a tray that
 * starts late or restarts picks the icon up again. It owns no well-known
 * name (the specification's org.kde.StatusNotifierItem-PID-ID): a Flatpak
 * sandbox cannot be granted one whose PID varies, and every watcher accepts
 * a unique name. Hosts drop the icon when that name leaves the bus, so the
 * item wants a connection of its own, closed to take the icon away.
 */
struct _PbStatusNotifier
{
  GObject          parent_instance;

  /* Owned */
  GDBusConnection *connection;
  GCancellable    *cancellable;
  char            *menu_path;
  char            *tooltip;

  guint            registration_id;
  guint            watch_id;
  guint            active : 1;
  guint            said_waiting : 1;
};

G_DEFINE_FINAL_TYPE (PbStatusNotifier, pb_status_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MENU_PATH,
  PROP_ACTIVE,
  PROP_TOOLTIP,
  N_PROPS
};

enum {
  ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define ITEM_PATH      "/StatusNotifierItem"
#define ITEM_IFACE     "org.kde.StatusNotifierItem"
#define WATCHER_NAME   "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH   "/StatusNotifierWatcher"
#define ICON_NAME      APPLICATION_ID "-symbolic"

static const char introspection_xml[] =
  "<node>"
  " <interface name='org.kde.StatusNotifierItem'>"
  "  <property name='Category' type='s' access='read'/>"
  "  <property name='Id' type='s' access='read'/>"
  "  <property name='Title' type='s' access='read'/>"
  "  <property name='Status' type='s' access='read'/>"
  "  <property name='WindowId' type='i' access='read'/>"
  "  <property name='IconName' type='s' access='read'/>"
  "  <property name='IconThemePath' type='s' access='read'/>"
  "  <property name='IconPixmap' type='a(iiay)' access='read'/>"
  "  <property name='OverlayIconName' type='s' access='read'/>"
  "  <property name='OverlayIconPixmap' type='a(iiay)' access='read'/>"
  "  <property name='AttentionIconName' type='s' access='read'/>"
  "  <property name='AttentionIconPixmap' type='a(iiay)' access='read'/>"
  "  <property name='AttentionMovieName' type='s' access='read'/>"
  "  <property name='ToolTip' type='(sa(iiay)ss)' access='read'/>"
  "  <property name='ItemIsMenu' type='b' access='read'/>"
  "  <property name='Menu' type='o' access='read'/>"
  "  <method name='ContextMenu'><arg name='x' type='i'/><arg name='y' type='i'/></method>"
  "  <method name='Activate'><arg name='x' type='i'/><arg name='y' type='i'/></method>"
  "  <method name='SecondaryActivate'><arg name='x' type='i'/><arg name='y' type='i'/></method>"
  "  <method name='Scroll'><arg name='delta' type='i'/><arg name='orientation' type='s'/></method>"
  "  <signal name='NewTitle'/>"
  "  <signal name='NewIcon'/>"
  "  <signal name='NewAttentionIcon'/>"
  "  <signal name='NewOverlayIcon'/>"
  "  <signal name='NewToolTip'/>"
  "  <signal name='NewStatus'><arg name='status' type='s'/></signal>"
  " </interface>"
  "</node>";

static const char *
status_name (PbStatusNotifier *self)
{
  return self->active ? "Active" : "Passive";
}

static void
emit (PbStatusNotifier *self,
      const char       *signal_name,
      GVariant         *parameters)
{
  if (self->registration_id != 0)
    g_dbus_connection_emit_signal (self->connection, NULL, ITEM_PATH, ITEM_IFACE,
                                   signal_name, parameters, NULL);
  else if (parameters != NULL)
    g_variant_unref (g_variant_ref_sink (parameters));
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  PbStatusNotifier *self = user_data;

  g_dbus_method_invocation_return_value (invocation, NULL);

  /* ContextMenu is for items without a Menu, Scroll and SecondaryActivate
   * have nothing to do here: every action is in the dbusmenu. */
  if (g_str_equal (method_name, "Activate"))
    g_signal_emit (self, signals[ACTIVATE], 0);
}

static GVariant *
get_property (GDBusConnection  *connection,
              const char       *sender,
              const char       *object_path,
              const char       *interface_name,
              const char       *property_name,
              GError          **error,
              gpointer          user_data)
{
  PbStatusNotifier *self = user_data;

  if (g_str_equal (property_name, "Category"))
    return g_variant_new_string ("Hardware");
  if (g_str_equal (property_name, "Id"))
    return g_variant_new_string ("plugboard");
  if (g_str_equal (property_name, "Title"))
    return g_variant_new_string (_("Plugboard"));
  if (g_str_equal (property_name, "Status"))
    return g_variant_new_string (status_name (self));
  if (g_str_equal (property_name, "WindowId"))
    return g_variant_new_int32 (0);
  if (g_str_equal (property_name, "IconName"))
    return g_variant_new_string (ICON_NAME);
  if (g_str_equal (property_name, "IconThemePath"))
    return g_variant_new_string (PB_ICON_THEME_PATH);
  if (g_str_has_suffix (property_name, "Pixmap"))
    return g_variant_new_array (G_VARIANT_TYPE ("(iiay)"), NULL, 0);
  if (g_str_has_prefix (property_name, "Overlay") || g_str_has_prefix (property_name, "Attention"))
    return g_variant_new_string ("");
  if (g_str_equal (property_name, "ToolTip"))
    return g_variant_new ("(s@a(iiay)ss)", ICON_NAME,
                          g_variant_new_array (G_VARIANT_TYPE ("(iiay)"), NULL, 0),
                          _("Plugboard"), self->tooltip ? self->tooltip : "");
  if (g_str_equal (property_name, "ItemIsMenu"))
    return g_variant_new_boolean (TRUE);
  if (g_str_equal (property_name, "Menu"))
    return g_variant_new_object_path (self->menu_path);

  g_assert_not_reached ();
}

static const GDBusInterfaceVTable vtable = { method_call, get_property, NULL, { 0 } };

static void
register_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PbStatusNotifier) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr (_("plugboard-indicator: the tray refused the icon (%s); "
                  "it will be offered again when a tray starts\n"),
                error->message);
}

static void
on_watcher_appeared (GDBusConnection *connection,
                     const char      *name,
                     const char      *name_owner,
                     gpointer         user_data)
{
  PbStatusNotifier *self = user_data;

  g_dbus_connection_call (connection, WATCHER_NAME, WATCHER_PATH, WATCHER_NAME, "RegisterStatusNotifierItem",
                          g_variant_new ("(s)", g_dbus_connection_get_unique_name (connection)),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          register_cb, g_object_ref (self));
}

static void
on_watcher_vanished (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  PbStatusNotifier *self = user_data;

  if (!self->said_waiting)
    {
      self->said_waiting = TRUE;
      g_printerr (_("plugboard-indicator: no system tray (%s) on the session bus; "
                    "waiting for one to start\n"), WATCHER_NAME);
    }
}

static void
pb_status_notifier_dispose (GObject *object)
{
  PbStatusNotifier *self = (PbStatusNotifier *)object;

  pb_status_notifier_unexport (self);

  G_OBJECT_CLASS (pb_status_notifier_parent_class)->dispose (object);
}

static void
pb_status_notifier_finalize (GObject *object)
{
  PbStatusNotifier *self = (PbStatusNotifier *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->menu_path, g_free);
  g_clear_pointer (&self->tooltip, g_free);

  G_OBJECT_CLASS (pb_status_notifier_parent_class)->finalize (object);
}

static void
pb_status_notifier_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PbStatusNotifier *self = PB_STATUS_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_MENU_PATH:
      g_value_set_string (value, self->menu_path);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_TOOLTIP:
      g_value_set_string (value, self->tooltip);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_status_notifier_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PbStatusNotifier *self = PB_STATUS_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_MENU_PATH:
      self->menu_path = g_value_dup_string (value);
      break;

    case PROP_ACTIVE:
      pb_status_notifier_set_active (self, g_value_get_boolean (value));
      break;

    case PROP_TOOLTIP:
      pb_status_notifier_set_tooltip (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_status_notifier_class_init (PbStatusNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_status_notifier_dispose;
  object_class->finalize = pb_status_notifier_finalize;
  object_class->get_property = pb_status_notifier_get_property;
  object_class->set_property = pb_status_notifier_set_property;

  properties[PROP_MENU_PATH] =
    g_param_spec_string ("menu-path", NULL, "Object path of the com.canonical.dbusmenu", "/MenuBar",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PbStatusNotifier:active:
   *
   * Whether something is connected: the item's Status is "Active", and
   * "Passive" (hosts may hide the icon) otherwise.
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, "Something is connected", FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TOOLTIP] =
    g_param_spec_string ("tooltip", NULL, "The tooltip's text", NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PbStatusNotifier::activate:
   *
   * The host asked for the item's main action (usually a click on the icon).
   */
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pb_status_notifier_init (PbStatusNotifier *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * pb_status_notifier_new:
 * @menu_path: where the item's com.canonical.dbusmenu is exported, on the
 *   connection the item is exported on
 *
 * Returns: (transfer full): an item, not on the bus until
 *   pb_status_notifier_export()
 */
PbStatusNotifier *
pb_status_notifier_new (const char *menu_path)
{
  g_return_val_if_fail (g_variant_is_object_path (menu_path), NULL);

  return g_object_new (PB_TYPE_STATUS_NOTIFIER,
                       "menu-path", menu_path,
                       NULL);
}

/**
 * pb_status_notifier_export:
 * @connection: a connection to the session bus; its unique name is the
 *   item's service, so the icon stays until the connection closes
 *
 * Puts the item on the bus and offers it to the tray, now or whenever one
 * appears.
 *
 * Returns: %TRUE if the item object could be exported
 */
gboolean
pb_status_notifier_export (PbStatusNotifier  *self,
                           GDBusConnection   *connection,
                           GError           **error)
{
  g_autoptr(GDBusNodeInfo) info = NULL;

  g_return_val_if_fail (PB_IS_STATUS_NOTIFIER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (g_dbus_connection_get_unique_name (connection) != NULL, FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  info = g_dbus_node_info_new_for_xml (introspection_xml, error);
  if (info == NULL)
    return FALSE;

  self->registration_id = g_dbus_connection_register_object (connection, ITEM_PATH, info->interfaces[0],
                                                             &vtable, self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;

  g_set_object (&self->connection, connection);
  self->watch_id = g_bus_watch_name_on_connection (self->connection, WATCHER_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                   on_watcher_appeared, on_watcher_vanished, self, NULL);

  return TRUE;
}

/**
 * pb_status_notifier_unexport:
 *
 * Takes the item off the bus: the tray drops the icon when its name goes.
 */
void
pb_status_notifier_unexport (PbStatusNotifier *self)
{
  g_return_if_fail (PB_IS_STATUS_NOTIFIER (self));

  /* A pending registration must not land after the item is gone. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
}

gboolean
pb_status_notifier_get_active (PbStatusNotifier *self)
{
  g_return_val_if_fail (PB_IS_STATUS_NOTIFIER (self), FALSE);

  return self->active;
}

void
pb_status_notifier_set_active (PbStatusNotifier *self,
                               gboolean          active)
{
  g_return_if_fail (PB_IS_STATUS_NOTIFIER (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  emit (self, "NewStatus", g_variant_new ("(s)", status_name (self)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

const char *
pb_status_notifier_get_tooltip (PbStatusNotifier *self)
{
  g_return_val_if_fail (PB_IS_STATUS_NOTIFIER (self), NULL);

  return self->tooltip;
}

void
pb_status_notifier_set_tooltip (PbStatusNotifier *self,
                                const char       *tooltip)
{
  g_return_if_fail (PB_IS_STATUS_NOTIFIER (self));

  if (g_strcmp0 (self->tooltip, tooltip) == 0)
    return;

  g_free (self->tooltip);
  self->tooltip = g_strdup (tooltip);
  emit (self, "NewToolTip", NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOLTIP]);
}
