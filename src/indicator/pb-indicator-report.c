/* pb-indicator-report.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-indicator-private.h"

typedef struct
{
  PbIndicator *self;
  char        *text;
} Notice;

static void
notify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Notice *notice = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);

  /* No notification server: stderr is all that is left. */
  if (reply == NULL)
    g_printerr ("plugboard-indicator: %s\n", notice->text);

  g_application_release (G_APPLICATION (notice->self));
  g_object_unref (notice->self);
  g_free (notice->text);
  g_free (notice);
}

static void
flush_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Notice *notice = user_data;

  /* The portal's answer carries nothing; this only waited for the message
   * to leave before the indicator may exit. */
  g_dbus_connection_flush_finish (G_DBUS_CONNECTION (object), result, NULL);
  g_application_release (G_APPLICATION (notice->self));
  g_object_unref (notice->self);
  g_free (notice->text);
  g_free (notice);
}

/* Inside a sandbox org.freedesktop.Notifications is not reachable (the app
 * is given no such name): GNotification goes through the Notification
 * portal, which shows it on the host's notification server. */
static void
report_through_portal (PbIndicator *self,
                       Notice      *notice,
                       const char  *summary,
                       const char  *body)
{
  g_autoptr(GNotification) notification = g_notification_new (summary);

  g_notification_set_body (notification, body);
  g_application_send_notification (G_APPLICATION (self), NULL, notification);
  g_dbus_connection_flush (g_application_get_dbus_connection (G_APPLICATION (self)), NULL, flush_cb, notice);
}

/**
 * pb_indicator_report:
 * @summary: what failed, as a notification's title
 * @body: why
 *
 * Tells the user through the notification server (the Notification portal
 * inside a sandbox), or on stderr when there is none. The indicator stays up
 * until the message is out.
 */
void
pb_indicator_report (PbIndicator *self,
                     const char  *summary,
                     const char  *body)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  g_auto(GVariantBuilder) hints = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  Notice *notice = g_new0 (Notice, 1);

  notice->self = g_object_ref (self);
  notice->text = g_strdup_printf ("%s: %s", summary, body);

  g_variant_builder_add (&hints, "{sv}", "desktop-entry", g_variant_new_string (APPLICATION_ID));
  g_variant_builder_add (&hints, "{sv}", "urgency", g_variant_new_byte (1));

  /* Held until the message is out, so that it is not lost at exit. */
  g_application_hold (G_APPLICATION (self));
  if (pb_in_sandbox ())
    {
      report_through_portal (self, notice, summary, body);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                          "org.freedesktop.Notifications", "Notify",
                          g_variant_new ("(susss@as@a{sv}i)", _("Plugboard"), 0, APPLICATION_ID,
                                         summary, body, g_variant_new_strv (NULL, 0),
                                         g_variant_builder_end (&hints), -1),
                          G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          notify_cb, notice);
}

/* What a failed action was, as a notification's title. */
static char *
dup_failure_summary (PbOperation *op)
{
  const char *action = pb_operation_get_action (op);
  const char *target = pb_operation_get_target (op);

  if (target == NULL)
    target = "";

  if (g_str_equal (action, PB_ACTION_HANG_UP))
    return g_strdup_printf (_("Could not hang up %s"), target);
  if (g_str_equal (action, PB_ACTION_DISCONNECT_PORT))
    return g_strdup_printf (_("Could not disconnect port %s"), target);
  if (g_str_equal (action, PB_ACTION_CANCEL_DRIVE))
    return g_strdup_printf (_("Could not disconnect %s"), target);
  /* Translators: %s names what an action started from a script acted on */
  return g_strdup_printf (_("Could not complete the action on %s"), target);
}

/**
 * pb_indicator_report_operation:
 * @op: a finished operation
 *
 * Tells why @op failed, if it did; a cancelled one says nothing.
 */
void
pb_indicator_report_operation (PbIndicator *self,
                               PbOperation *op)
{
  const GError *error = pb_operation_get_error (op);
  g_autofree char *summary = NULL;

  if (error == NULL || pb_operation_get_state (op) == PB_OPERATION_CANCELLED ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  summary = dup_failure_summary (op);
  pb_indicator_report (self, summary, error->message);
}
