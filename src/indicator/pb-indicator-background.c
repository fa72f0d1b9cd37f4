/* pb-indicator-background.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-indicator-private.h"

#define PORTAL_NAME      "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define BACKGROUND_IFACE "org.freedesktop.portal.Background"
#define REQUEST_IFACE    "org.freedesktop.portal.Request"
#define HANDLE_TOKEN     "plugboard_autostart"

typedef struct
{
  PbIndicator     *self;
  GDBusConnection *bus;
  guint            response_id;
} Request;

static void
request_free (Request *request)
{
  if (request->response_id != 0)
    g_dbus_connection_signal_unsubscribe (request->bus, request->response_id);
  g_object_unref (request->bus);
  g_object_unref (request->self);
  g_free (request);
}

static void
on_response (GDBusConnection *bus,
             const char      *sender,
             const char      *path,
             const char      *iface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  Request *request = user_data;
  g_autoptr(GVariant) results = NULL;
  guint32 response = 2;
  gboolean autostart = FALSE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    {
      g_variant_get (parameters, "(u@a{sv})", &response, &results);
      g_variant_lookup (results, "autostart", "b", &autostart);
    }

  /* Said once, on stderr: the icon itself works either way. */
  if (response != 0 || !autostart)
    g_printerr (_("plugboard-indicator: the desktop did not let Plugboard start at login, so remembered "
                  "drives are not restored then; allow it in the desktop's settings for background "
                  "apps\n"));

  request_free (request);
}

static void
request_background_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply != NULL)
    return;     /* the answer comes as the request's Response */

  g_printerr (_("plugboard-indicator: cannot ask the desktop to start Plugboard at login: the Background "
                "portal is not available (%s)\n"),
              error->message);
  request_free (request);
}

/**
 * pb_indicator_request_autostart:
 *
 * Inside a sandbox the autostart entry the package installs is not exported
 * to the host, so nothing would start the indicator at login: the Background
 * portal is asked to, with the entry's own command line. The portal writes
 * the host's autostart entry; a refusal or a missing portal is said once.
 */
void
pb_indicator_request_autostart (PbIndicator *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  g_auto(GVariantBuilder) options = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  const char * const commandline[] = { "plugboard-indicator", "--restore-drives", NULL };
  g_autofree char *sender = NULL;
  g_autofree char *handle = NULL;
  Request *request;

  if (bus == NULL)
    return;

  /* The request's object path is known before the call (the portal's
   * documented scheme), so no Response can come before we listen. */
  sender = g_strdup (g_dbus_connection_get_unique_name (bus) + 1);
  g_strdelimit (sender, ".", '_');
  handle = g_strdup_printf (PORTAL_PATH "/request/%s/" HANDLE_TOKEN, sender);

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->bus = g_object_ref (bus);
  request->response_id = g_dbus_connection_signal_subscribe (bus, PORTAL_NAME, REQUEST_IFACE, "Response", handle,
                                                              NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_response, request,
                                                              NULL);

  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (HANDLE_TOKEN));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Show your connections in the panel and restore remembered "
                                                 "network drives at login")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  g_dbus_connection_call (bus, PORTAL_NAME, PORTAL_PATH, BACKGROUND_IFACE, "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, request_background_cb, request);
}
