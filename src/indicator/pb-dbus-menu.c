/* pb-dbus-menu.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-dbus-menu.h"

/**
 * PbDbusMenu:
 *
 * A flat menu exported as com.canonical.dbusmenu, the protocol tray hosts
 * (KDE, Xfce, LXQt, waybar, GNOME's AppIndicator extension) use to show a
 * StatusNotifierItem's menu. The owner rebuilds the whole menu between
 * pb_dbus_menu_begin() and pb_dbus_menu_end(); the layout revision moves on
 * (and LayoutUpdated goes out) only when something a host would show changed.
 *
 * Each item is named by a key; its numeric id stays the same for as long as
 * the key exists and is never given to another key, so a click a host sends
 * for a row that has just gone cannot land on the row that replaced it.
 *
 * A click activates the item's action, with its typed target, on the
 * #GActionGroup the menu was made with: the tray dispatches through the
 * same actions as the window and scripts.
 */
struct _PbDbusMenu
{
  GObject          parent_instance;

  /* Owned */
  GActionGroup    *actions;
  GArray          *items;      /* of Item: the layout hosts see */
  GArray          *building;   /* of Item: between begin and end */
  GHashTable      *ids;        /* key -> id */
  GDBusConnection *connection;
  char            *object_path;

  guint            registration_id;
  guint            revision;
  int              next_id;
  guint            n_separators;
};

typedef struct
{
  int       id;
  char     *key;
  char     *label;     /* NULL for a separator */
  char     *action;    /* NULL for an item that only informs */
  GVariant *target;    /* the action's parameter, or NULL */
  gboolean  enabled;
} Item;

G_DEFINE_FINAL_TYPE (PbDbusMenu, pb_dbus_menu, G_TYPE_OBJECT)

#define ROOT_ID 0

static const char introspection_xml[] =
  "<node>"
  " <interface name='com.canonical.dbusmenu'>"
  "  <property name='Version' type='u' access='read'/>"
  "  <property name='TextDirection' type='s' access='read'/>"
  "  <property name='Status' type='s' access='read'/>"
  "  <property name='IconThemePath' type='as' access='read'/>"
  "  <method name='GetLayout'>"
  "   <arg name='parentId' type='i' direction='in'/>"
  "   <arg name='recursionDepth' type='i' direction='in'/>"
  "   <arg name='propertyNames' type='as' direction='in'/>"
  "   <arg name='revision' type='u' direction='out'/>"
  "   <arg name='layout' type='(ia{sv}av)' direction='out'/>"
  "  </method>"
  "  <method name='GetGroupProperties'>"
  "   <arg name='ids' type='ai' direction='in'/>"
  "   <arg name='propertyNames' type='as' direction='in'/>"
  "   <arg name='properties' type='a(ia{sv})' direction='out'/>"
  "  </method>"
  "  <method name='GetProperty'>"
  "   <arg name='id' type='i' direction='in'/>"
  "   <arg name='name' type='s' direction='in'/>"
  "   <arg name='value' type='v' direction='out'/>"
  "  </method>"
  "  <method name='Event'>"
  "   <arg name='id' type='i' direction='in'/>"
  "   <arg name='eventId' type='s' direction='in'/>"
  "   <arg name='data' type='v' direction='in'/>"
  "   <arg name='timestamp' type='u' direction='in'/>"
  "  </method>"
  "  <method name='EventGroup'>"
  "   <arg name='events' type='a(isvu)' direction='in'/>"
  "   <arg name='idErrors' type='ai' direction='out'/>"
  "  </method>"
  "  <method name='AboutToShow'>"
  "   <arg name='id' type='i' direction='in'/>"
  "   <arg name='needUpdate' type='b' direction='out'/>"
  "  </method>"
  "  <method name='AboutToShowGroup'>"
  "   <arg name='ids' type='ai' direction='in'/>"
  "   <arg name='updatesNeeded' type='ai' direction='out'/>"
  "   <arg name='idErrors' type='ai' direction='out'/>"
  "  </method>"
  "  <signal name='ItemsPropertiesUpdated'>"
  "   <arg name='updatedProps' type='a(ia{sv})'/>"
  "   <arg name='removedProps' type='a(ias)'/>"
  "  </signal>"
  "  <signal name='LayoutUpdated'>"
  "   <arg name='revision' type='u'/>"
  "   <arg name='parent' type='i'/>"
  "  </signal>"
  "  <signal name='ItemActivationRequested'>"
  "   <arg name='id' type='i'/>"
  "   <arg name='timestamp' type='u'/>"
  "  </signal>"
  " </interface>"
  "</node>";

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->key, g_free);
  g_clear_pointer (&item->label, g_free);
  g_clear_pointer (&item->action, g_free);
  g_clear_pointer (&item->target, g_variant_unref);
}

static GArray *
item_array_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (Item));

  g_array_set_clear_func (array, item_clear);

  return array;
}

static const Item *
find_item (PbDbusMenu *self,
           int         id)
{
  for (guint i = 0; i < self->items->len; i++)
    if (g_array_index (self->items, Item, i).id == id)
      return &g_array_index (self->items, Item, i);

  return NULL;
}

static gboolean
wanted (const char * const *names,
        const char         *name)
{
  return names == NULL || names[0] == NULL || g_strv_contains (names, name);
}

/* Only what differs from the protocol's defaults goes out, as the spec asks. */
static GVariant *
item_properties (PbDbusMenu         *self,
                 const Item         *item,
                 const char * const *names)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  if (item == NULL)
    {
      if (wanted (names, "children-display"))
        g_variant_builder_add (&builder, "{sv}", "children-display", g_variant_new_string ("submenu"));
    }
  else if (item->label == NULL)
    {
      if (wanted (names, "type"))
        g_variant_builder_add (&builder, "{sv}", "type", g_variant_new_string ("separator"));
    }
  else
    {
      if (wanted (names, "label"))
        g_variant_builder_add (&builder, "{sv}", "label", g_variant_new_string (item->label));
      if (!item->enabled && wanted (names, "enabled"))
        g_variant_builder_add (&builder, "{sv}", "enabled", g_variant_new_boolean (FALSE));
    }

  return g_variant_builder_end (&builder);
}

static GVariant *
item_layout (PbDbusMenu         *self,
             const Item         *item,
             int                 depth,
             const char * const *names)
{
  g_auto(GVariantBuilder) children = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("av"));

  if (item == NULL && depth != 0)
    for (guint i = 0; i < self->items->len; i++)
      g_variant_builder_add (&children, "v",
                             item_layout (self, &g_array_index (self->items, Item, i), depth - 1, names));

  return g_variant_new ("(i@a{sv}av)",
                        item ? item->id : ROOT_ID,
                        item_properties (self, item, names),
                        &children);
}

/* Looks up an id a host sent; the root is a valid id with no Item. */
static gboolean
lookup (PbDbusMenu  *self,
        int          id,
        const Item **item)
{
  *item = id == ROOT_ID ? NULL : find_item (self, id);

  return id == ROOT_ID || *item != NULL;
}

static void
handle_event (PbDbusMenu *self,
              int         id,
              const char *event_id)
{
  const Item *item = find_item (self, id);

  if (item != NULL && item->action != NULL && item->enabled && g_str_equal (event_id, "clicked"))
    {
      /* Activating may rebuild the menu, which frees the item. */
      g_autofree char *action = g_strdup (item->action);
      g_autoptr(GVariant) target = item->target ? g_variant_ref (item->target) : NULL;

      g_action_group_activate_action (self->actions, action, target);
    }
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
  PbDbusMenu *self = user_data;
  const Item *item;

  if (g_str_equal (method_name, "GetLayout"))
    {
      g_autofree const char **names = NULL;
      int parent, depth;

      g_variant_get (parameters, "(ii^a&s)", &parent, &depth, &names);
      if (!lookup (self, parent, &item))
        goto unknown_id;
      g_dbus_method_invocation_return_value (invocation,
        g_variant_new ("(u@(ia{sv}av))", self->revision, item_layout (self, item, depth, names)));
    }
  else if (g_str_equal (method_name, "GetGroupProperties"))
    {
      g_autoptr(GVariantIter) ids = NULL;
      g_autofree const char **names = NULL;
      g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ia{sv})"));
      int id;

      g_variant_get (parameters, "(ai^a&s)", &ids, &names);
      if (g_variant_iter_n_children (ids) == 0)
        for (guint i = 0; i < self->items->len; i++)
          {
            item = &g_array_index (self->items, Item, i);
            g_variant_builder_add (&builder, "(i@a{sv})", item->id, item_properties (self, item, names));
          }
      while (g_variant_iter_next (ids, "i", &id))
        if (lookup (self, id, &item))
          g_variant_builder_add (&builder, "(i@a{sv})", id, item_properties (self, item, names));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@a(ia{sv}))",
                                                                        g_variant_builder_end (&builder)));
    }
  else if (g_str_equal (method_name, "GetProperty"))
    {
      const char *name;
      const char *names[2] = { NULL, NULL };
      g_autoptr(GVariant) properties = NULL;
      g_autoptr(GVariant) value = NULL;
      int id;

      g_variant_get (parameters, "(i&s)", &id, &name);
      if (!lookup (self, id, &item))
        goto unknown_id;
      names[0] = name;
      properties = item_properties (self, item, names);
      value = g_variant_lookup_value (properties, name, NULL);
      if (value == NULL)
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                 "Item %d has no property “%s”", id, name);
          return;
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", value));
    }
  else if (g_str_equal (method_name, "Event"))
    {
      const char *event_id;
      int id;

      g_variant_get (parameters, "(i&svu)", &id, &event_id, NULL, NULL);
      if (!lookup (self, id, &item))
        goto unknown_id;
      /* Reply first: the work a click starts may outlive the host's patience. */
      g_dbus_method_invocation_return_value (invocation, NULL);
      handle_event (self, id, event_id);
    }
  else if (g_str_equal (method_name, "EventGroup"))
    {
      g_autoptr(GVariantIter) events = NULL;
      g_autoptr(GArray) clicked = g_array_new (FALSE, FALSE, sizeof (int));
      g_auto(GVariantBuilder) errors = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ai"));
      const char *event_id;
      int id;

      g_variant_get (parameters, "(a(isvu))", &events);
      while (g_variant_iter_next (events, "(i&svu)", &id, &event_id, NULL, NULL))
        {
          if (!lookup (self, id, &item))
            g_variant_builder_add (&errors, "i", id);
          else if (g_str_equal (event_id, "clicked"))
            g_array_append_val (clicked, id);
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@ai)", g_variant_builder_end (&errors)));
      for (guint i = 0; i < clicked->len; i++)
        handle_event (self, g_array_index (clicked, int, i), "clicked");
    }
  else if (g_str_equal (method_name, "AboutToShow"))
    {
      int id;

      g_variant_get (parameters, "(i)", &id);
      if (!lookup (self, id, &item))
        goto unknown_id;
      /* The menu is always current: it follows the sources' signals. */
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", FALSE));
    }
  else if (g_str_equal (method_name, "AboutToShowGroup"))
    {
      g_autoptr(GVariantIter) ids = NULL;
      g_auto(GVariantBuilder) errors = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ai"));
      int id;

      g_variant_get (parameters, "(ai)", &ids);
      while (g_variant_iter_next (ids, "i", &id))
        if (!lookup (self, id, &item))
          g_variant_builder_add (&errors, "i", id);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ai@ai)", NULL,
                                                                        g_variant_builder_end (&errors)));
    }
  else
    g_assert_not_reached ();

  return;

unknown_id:
  g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                         "No menu item has the id given");
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
  if (g_str_equal (property_name, "Version"))
    return g_variant_new_uint32 (3);
  if (g_str_equal (property_name, "TextDirection"))
    return g_variant_new_string ("ltr");
  if (g_str_equal (property_name, "Status"))
    return g_variant_new_string ("normal");
  if (g_str_equal (property_name, "IconThemePath"))
    return g_variant_new_strv (NULL, 0);

  g_assert_not_reached ();
}

static const GDBusInterfaceVTable vtable = { method_call, get_property, NULL, { 0 } };

static void
pb_dbus_menu_dispose (GObject *object)
{
  PbDbusMenu *self = (PbDbusMenu *)object;

  pb_dbus_menu_unexport (self);

  G_OBJECT_CLASS (pb_dbus_menu_parent_class)->dispose (object);
}

static void
pb_dbus_menu_finalize (GObject *object)
{
  PbDbusMenu *self = (PbDbusMenu *)object;

  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->building, g_array_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (pb_dbus_menu_parent_class)->finalize (object);
}

static void
pb_dbus_menu_class_init (PbDbusMenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_dbus_menu_dispose;
  object_class->finalize = pb_dbus_menu_finalize;
}

static void
pb_dbus_menu_init (PbDbusMenu *self)
{
  self->items = item_array_new ();
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->next_id = ROOT_ID + 1;
  self->revision = 1;
}

/**
 * pb_dbus_menu_new:
 * @actions: where a click's action is activated
 *
 * Returns: (transfer full): an empty menu
 */
PbDbusMenu *
pb_dbus_menu_new (GActionGroup *actions)
{
  PbDbusMenu *self;

  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  self = g_object_new (PB_TYPE_DBUS_MENU, NULL);
  self->actions = g_object_ref (actions);

  return self;
}

/**
 * pb_dbus_menu_export:
 * @connection: the session bus
 * @object_path: where hosts find the menu (the item's Menu property)
 *
 * Returns: %TRUE if the menu is on the bus
 */
gboolean
pb_dbus_menu_export (PbDbusMenu       *self,
                     GDBusConnection  *connection,
                     const char       *object_path,
                     GError          **error)
{
  g_autoptr(GDBusNodeInfo) info = NULL;

  g_return_val_if_fail (PB_IS_DBUS_MENU (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  info = g_dbus_node_info_new_for_xml (introspection_xml, error);
  if (info == NULL)
    return FALSE;

  self->registration_id = g_dbus_connection_register_object (connection, object_path, info->interfaces[0],
                                                             &vtable, self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;

  g_set_object (&self->connection, connection);
  self->object_path = g_strdup (object_path);

  return TRUE;
}

void
pb_dbus_menu_unexport (PbDbusMenu *self)
{
  g_return_if_fail (PB_IS_DBUS_MENU (self));

  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
  g_clear_pointer (&self->object_path, g_free);
}

/**
 * pb_dbus_menu_begin:
 *
 * Starts a new layout; the one hosts see stays until pb_dbus_menu_end().
 */
void
pb_dbus_menu_begin (PbDbusMenu *self)
{
  g_return_if_fail (PB_IS_DBUS_MENU (self));
  g_return_if_fail (self->building == NULL);

  self->building = item_array_new ();
  self->n_separators = 0;
}

static void
add (PbDbusMenu *self,
     const char *key,
     const char *label,
     gboolean    enabled,
     const char *action,
     GVariant   *target)
{
  Item item = { 0 };
  gpointer id;

  if (!g_hash_table_lookup_extended (self->ids, key, NULL, &id))
    {
      id = GINT_TO_POINTER (self->next_id++);
      g_hash_table_insert (self->ids, g_strdup (key), id);
    }

  item.id = GPOINTER_TO_INT (id);
  item.key = g_strdup (key);
  item.label = g_strdup (label);
  item.action = g_strdup (action);
  item.target = target ? g_variant_ref_sink (target) : NULL;
  item.enabled = enabled && action != NULL;
  g_array_append_val (self->building, item);
}

/**
 * pb_dbus_menu_add_item:
 * @key: names the item, unique in one layout: it keeps the item's id
 * @label: the text, with any mnemonic underscore already escaped
 * @action: (nullable): the action a click activates, on the group the menu
 *   was made with; %NULL for an item that only informs (never enabled)
 * @target: (nullable): the action's parameter, of its type; a floating
 *   reference is sunk
 * @enabled: whether a host lets the user click it
 */
void
pb_dbus_menu_add_item (PbDbusMenu *self,
                       const char *key,
                       const char *label,
                       const char *action,
                       GVariant   *target,
                       gboolean    enabled)
{
  g_return_if_fail (PB_IS_DBUS_MENU (self));
  g_return_if_fail (self->building != NULL);
  g_return_if_fail (key != NULL && label != NULL);

  add (self, key, label, enabled, action, target);
}

void
pb_dbus_menu_add_separator (PbDbusMenu *self)
{
  g_autofree char *key = NULL;

  g_return_if_fail (PB_IS_DBUS_MENU (self));
  g_return_if_fail (self->building != NULL);

  /* A key no caller can pick: those are printable. */
  key = g_strdup_printf ("\1separator %u", self->n_separators++);
  add (self, key, NULL, FALSE, NULL, NULL);
}

static gboolean
same_layout (GArray *a,
             GArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const Item *x = &g_array_index (a, Item, i);
      const Item *y = &g_array_index (b, Item, i);

      if (x->id != y->id || x->enabled != y->enabled || g_strcmp0 (x->label, y->label) != 0)
        return FALSE;
    }

  return TRUE;
}

/**
 * pb_dbus_menu_end:
 *
 * Makes the new layout the one hosts see, and tells them if it changed.
 */
void
pb_dbus_menu_end (PbDbusMenu *self)
{
  g_autoptr(GArray) building = NULL;
  gboolean changed;

  g_return_if_fail (PB_IS_DBUS_MENU (self));
  g_return_if_fail (self->building != NULL);

  building = g_steal_pointer (&self->building);
  changed = !same_layout (self->items, building);

  /* Kept even when hosts would see no change: an item's action or target
   * may have moved on. */
  g_array_unref (self->items);
  self->items = g_steal_pointer (&building);
  if (!changed)
    return;

  self->revision++;

  if (self->connection != NULL)
    g_dbus_connection_emit_signal (self->connection, NULL, self->object_path,
                                   "com.canonical.dbusmenu", "LayoutUpdated",
                                   g_variant_new ("(ui)", self->revision, ROOT_ID),
                                   NULL);
}
