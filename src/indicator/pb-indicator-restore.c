/* pb-indicator-restore.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-indicator-private.h"

#define RESTORE_KEY "restore-at-login"

/* Without the schema (pb_settings_dup()) the key's default, restore, stands. */
static gboolean
restore_allowed (void)
{
  g_autoptr(GSettings) settings = pb_settings_dup ();

  return !pb_settings_has_key (settings, RESTORE_KEY) || g_settings_get_boolean (settings, RESTORE_KEY);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

/* One notification however many failed: a login with the server down must
 * not bury the desktop under one bubble per drive. */
static void
report_failures (PbIndicator *self,
                 GHashTable  *results)
{
  g_autofree const char **names = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *summary = NULL;
  const char *failed = NULL;
  guint n_failed = 0;
  guint n;

  names = (const char **)g_hash_table_get_keys_as_array (results, &n);
  qsort (names, n, sizeof (char *), compare_names);

  for (guint i = 0; i < n; i++)
    {
      const GError *error = g_hash_table_lookup (results, names[i]);

      if (error == NULL)
        continue;

      failed = names[i];
      n_failed++;
      if (body->len > 0)
        g_string_append_c (body, '\n');
      /* Translators: a network drive's local name, then why it could not be reconnected */
      g_string_append_printf (body, _("%s: %s"), names[i], error->message);
    }

  if (n_failed == 0)
    return;

  if (n_failed == 1)
    {
      const GError *error = g_hash_table_lookup (results, failed);

      /* Translators: %s is the local name of a remembered network drive */
      summary = g_strdup_printf (_("Could not reconnect %s"), failed);
      pb_indicator_report (self, summary, error->message);
      return;
    }

  summary = g_strdup_printf (ngettext ("Could not reconnect %u network drive",
                                       "Could not reconnect %u network drives", n_failed), n_failed);
  pb_indicator_report (self, summary, body->str);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PbIndicator) self = user_data;
  g_autoptr(GHashTable) results = NULL;
  g_autoptr(GError) error = NULL;

  results = pb_drive_restore_finish (PB_DRIVE_SOURCE (object), result, &error);
  if (results == NULL)
    pb_indicator_report (self, _("Could not reconnect the remembered network drives"), error->message);
  else
    report_failures (self, results);

  g_application_release (G_APPLICATION (self));
}

/**
 * pb_indicator_restore_drives:
 * @drives: the loaded drive source
 *
 * Maps every remembered drive again, with the passwords in the Secret
 * Service, unless the user turned restore-at-login off. The indicator stays
 * up until every drive is back or has failed (Quit does not cut it short),
 * and the failures are told in one notification.
 */
void
pb_indicator_restore_drives (PbIndicator   *self,
                             PbDriveSource *drives)
{
  g_return_if_fail (PB_IS_INDICATOR (self));
  g_return_if_fail (PB_IS_DRIVE_SOURCE (drives));

  if (!restore_allowed ())
    return;

  g_application_hold (G_APPLICATION (self));
  pb_drive_restore_async (drives, NULL, restore_cb, g_object_ref (self));
}
