/* pb-indicator-open.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-indicator-private.h"

#define APP_PATH "/io/github/plugboard/Plugboard"

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

/**
 * pb_indicator_open_app:
 *
 * Opens Plugboard's window: the application is asked over D-Bus, and
 * started by hand where it is not D-Bus activatable.
 */
void
pb_indicator_open_app (PbIndicator *self)
{
  g_dbus_connection_call (g_application_get_dbus_connection (G_APPLICATION (self)),
                          APPLICATION_ID, APP_PATH, "org.freedesktop.Application", "Activate",
                          g_variant_new_parsed ("(@a{sv} {},)"), NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, activate_app_cb, g_object_ref (self));
}
