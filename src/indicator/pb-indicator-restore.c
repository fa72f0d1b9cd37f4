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
