/* pb-indicator-restore.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-indicator-private.h"

/**
 * pb_indicator_report_restore:
 * @op: a finished restore
 *
 * Tells what did not come back, in one notification however many failed: a
 * login with the server down must not bury the desktop under one bubble per
 * drive. The drives are named in the order the restore gave them (the
 * profile's).
 */
void
pb_indicator_report_restore (PbIndicator *self,
                             PbOperation *op)
{
  GPtrArray *results = pb_operation_get_restore_results (op);
  const GError *error = pb_operation_get_error (op);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *summary = NULL;
  PbRestoreResult *failed = NULL;
  guint n_failed = 0;

  g_return_if_fail (PB_IS_INDICATOR (self));
  g_return_if_fail (PB_IS_OPERATION (op));

  if (pb_operation_get_state (op) == PB_OPERATION_CANCELLED)
    return;

  if (error != NULL && (results == NULL || results->len == 0))
    {
      pb_indicator_report (self, _("Could not reconnect the remembered network drives"), error->message);
      return;
    }

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      PbRestoreResult *result = g_ptr_array_index (results, i);

      if (result->error == NULL)
        continue;

      failed = result;
      n_failed++;
      if (body->len > 0)
        g_string_append_c (body, '\n');
      /* Translators: a network drive's local name, then why it could not be reconnected */
      g_string_append_printf (body, _("%s: %s"), result->local_name, result->error->message);
    }

  if (n_failed == 0)
    return;

  if (n_failed == 1)
    {
      /* Translators: %s is the local name of a remembered network drive */
      summary = g_strdup_printf (_("Could not reconnect %s"), failed->local_name);
      pb_indicator_report (self, summary, failed->error->message);
      return;
    }

  summary = g_strdup_printf (ngettext ("Could not reconnect %u network drive",
                                       "Could not reconnect %u network drives", n_failed), n_failed);
  pb_indicator_report (self, summary, body->str);
}

/**
 * pb_indicator_report_link_restore:
 * @link_name: the link that came back
 * @results: (element-type PbRestoreResult): each remembered drive that rode
 *   on it, restored or given up
 *
 * One notification per link that came back, whatever the number of drives:
 * those that did not come back, and why, else those that did.
 */
void
pb_indicator_report_link_restore (PbIndicator *self,
                                  const char  *link_name,
                                  GPtrArray   *results)
{
  g_autoptr(GString) failed = g_string_new (NULL);
  g_autoptr(GString) back = g_string_new (NULL);
  g_autofree char *summary = NULL;
  guint n_failed = 0, n_back = 0;

  g_return_if_fail (PB_IS_INDICATOR (self));

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      PbRestoreResult *result = g_ptr_array_index (results, i);

      if (result->error != NULL)
        {
          if (n_failed++ > 0)
            g_string_append_c (failed, '\n');
          /* Translators: a network drive's local name, then why it could not be reconnected */
          g_string_append_printf (failed, _("%s: %s"), result->local_name, result->error->message);
        }
      else
        {
          if (n_back++ > 0)
            g_string_append (back, ", ");
          g_string_append (back, result->local_name);
        }
    }

  if (n_failed == 0 && n_back == 0)
    return;

  if (n_failed == 0)
    {
      /* Translators: the number of network drives, then the name of the link they came back with */
      summary = g_strdup_printf (ngettext ("Reconnected %u network drive with %s",
                                           "Reconnected %u network drives with %s", n_back), n_back, link_name);
      pb_indicator_report (self, summary, back->str);
      return;
    }

  if (n_back > 0)
    /* Translators: the list of the drives that did come back */
    g_string_append_printf (failed, _("\nReconnected: %s"), back->str);
  /* Translators: the number of network drives, then the name of the link that came back without them */
  summary = g_strdup_printf (ngettext ("Could not reconnect %u network drive with %s",
                                       "Could not reconnect %u network drives with %s", n_failed),
                             n_failed, link_name);
  pb_indicator_report (self, summary, failed->str);
}
