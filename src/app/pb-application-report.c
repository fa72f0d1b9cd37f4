/* pb-application-report.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-open-files-dialog.h"
#include "pb-window.h"
#include "pb-words.h"

/* How the window tells what became of each operation the session ran:
 * a failure on the page it belongs to, in the window's words; a success
 * as a toast with the way back; a drive with open files as the dialog
 * that names them. pb-application.c calls pb_application_report() for
 * each finished operation until the application quits. */

/* The name a person knows a drive by: the one they mapped it under, else
 * its address (a bare mount path says little). */
static const char *
drive_display_name (PbConnection *item)
{
  const char *local = pb_connection_get_local_name (item);

  return local != NULL && !g_path_is_absolute (local) ? local : pb_connection_get_remote_name (item);
}

/* The page of the window an action's outcome belongs on. */
static const char *
page_of_action (const char *action)
{
  if (g_str_equal (action, PB_ACTION_HANG_UP) || g_str_equal (action, PB_ACTION_CONNECT_LINK))
    return "links";
  if (g_str_equal (action, PB_ACTION_DISCONNECT_PORT))
    return "ports";
  if (g_str_equal (action, PB_ACTION_CANCEL_OPERATION))
    return NULL;

  return "drives";
}

/* Restoring every drive: one that failed does not stop the others, and
 * each failure is told, in the order of the profile. */
static gboolean
show_restore_failures (PbApplication *self,
                       PbOperation   *op)
{
  GPtrArray *results = pb_operation_get_restore_results (op);
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      PbRestoreResult *result = g_ptr_array_index (results, i);
      g_autofree char *text = NULL;

      if (result->error == NULL)
        continue;

      text = pb_words_error (result->error);
      g_string_append_printf (failures, "%s%s", failures->len ? "\n" : "", text);
    }

  if (failures->len > 0)
    pb_window_show_message (pb_application_ensure_window (self), "drives", failures->str);

  return failures->len > 0;
}

/* The core's message names a link by its handle, for scripts: the window
 * names it as the row does. */
static char *
replace_quoted (const char *text,
                const char *handle,
                const char *name)
{
  static const char *quotes[][2] = { { "“", "”" }, { "« ", " »" }, { "«", "»" }, { "「", "」" } };
  g_autofree char *result = g_strdup (text);

  if (handle == NULL || name == NULL || g_str_equal (handle, name))
    return g_steal_pointer (&result);

  for (guint i = 0; i < G_N_ELEMENTS (quotes); i++)
    {
      g_autofree char *from = g_strconcat (quotes[i][0], handle, quotes[i][1], NULL);
      g_autofree char *to = g_strconcat (quotes[i][0], name, quotes[i][1], NULL);
      g_auto(GStrv) parts = g_strsplit (result, from, -1);

      g_free (result);
      result = g_strjoinv (to, parts);
    }

  return g_steal_pointer (&result);
}

/* What failed, said as the window says it: the row's name, what happened,
 * and what to do about it in the window, not on a command line. */
static char *
failure_text (PbApplication *self,
              PbOperation   *op)
{
  const char *action = pb_operation_get_action (op);
  const GError *error = pb_operation_get_error (op);
  const char *name = pb_operation_get_target (op);
  guint timeout = pb_session_get_teardown_timeout (pb_application_get_session (self));
  GVariant *parameter = pb_operation_get_parameter (op);
  const char *first = NULL;
  g_autofree char *text = NULL;

  if (g_str_equal (action, PB_ACTION_HANG_UP))
    {
      if (g_error_matches (error, PB_ERROR, PB_ERROR_TIMEOUT))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "“%s” did not hang up within %u second. NetworkManager may still be "
                                             "taking it down: its row shows how far it got. Preferences can allow "
                                             "more time.",
                                             "“%s” did not hang up within %u seconds. NetworkManager may still be "
                                             "taking it down: its row shows how far it got. Preferences can allow "
                                             "more time.", timeout),
                                name, timeout);
      if (g_error_matches (error, PB_ERROR, PB_ERROR_INVALID_HANDLE))
        return g_strdup_printf (_("“%s” is no longer connected: there was nothing to hang up."), name);
    }
  else if (g_str_equal (action, PB_ACTION_DISCONNECT_PORT))
    {
      if (g_error_matches (error, PB_ERROR, PB_ERROR_TIMEOUT))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Port %s did not disconnect within %u second. NetworkManager may still "
                                             "be taking it down: its row shows how far it got. Preferences can allow "
                                             "more time.",
                                             "Port %s did not disconnect within %u seconds. NetworkManager may still "
                                             "be taking it down: its row shows how far it got. Preferences can allow "
                                             "more time.", timeout),
                                name, timeout);
      if (g_error_matches (error, PB_ERROR, PB_ERROR_INVALID_PORT))
        return g_strdup_printf (_("Port %s is no longer there."), name);
      if (g_error_matches (error, PB_ERROR, PB_ERROR_PORT_NOT_IN_USE))
        return g_strdup_printf (_("Port %s carries no link: there is nothing to disconnect."), name);
    }
  else if (g_str_equal (action, PB_ACTION_CANCEL_DRIVE) && g_error_matches (error, PB_ERROR, PB_ERROR_NOT_CONNECTED))
    return g_strdup_printf (_("“%s” is not connected, nor remembered."), name);

  text = pb_words_error (error);
  if (parameter != NULL && g_variant_is_container (parameter) && g_variant_n_children (parameter) > 0)
    g_variant_get_child (parameter, 0, "&s", &first);
  else if (parameter != NULL && g_variant_is_of_type (parameter, G_VARIANT_TYPE_STRING))
    first = g_variant_get_string (parameter, NULL);

  return replace_quoted (text, first, name);
}

/* What was just done, and the way back where there is one: a link hung up
 * is dialled again, a drive disconnected is mapped again (restored, if it
 * is remembered). Forgetting asked first: it has no way back. */
static void
show_done (PbApplication *self,
           PbOperation   *op)
{
  const char *action = pb_operation_get_action (op);
  const char *name = pb_operation_get_target (op);
  GVariant *parameter = pb_operation_get_parameter (op);
  PbConnection *item = pb_operation_get_item (op);
  PbWindow *window = pb_application_find_window (self);
  g_autofree char *text = NULL;

  if (window == NULL || name == NULL || parameter == NULL)
    return;

  if (g_str_equal (action, PB_ACTION_HANG_UP))
    {
      const char *device = NULL;

      /* (ss), or (ssu) with the carried drives' policy. */
      g_variant_get_child (parameter, 1, "&s", &device);
      if (*device != '\0')
        {
          text = g_strdup_printf (_("%s of “%s” is hung up."), device, name);
          pb_window_show_toast (window, text, NULL, NULL, NULL);
          return;
        }
      text = g_strdup_printf (_("“%s” is hung up."), name);
      pb_window_show_toast (window, text, _("_Reconnect"), "app." PB_ACTION_CONNECT_LINK,
                            g_variant_new_string (name));
    }
  else if (g_str_equal (action, PB_ACTION_DISCONNECT_PORT))
    {
      text = g_strdup_printf (_("Port %s is disconnected."), name);
      pb_window_show_toast (window, text, NULL, NULL, NULL);
    }
  else if (g_str_equal (action, PB_ACTION_CANCEL_DRIVE))
    {
      gboolean forget = FALSE;
      const char *local = item ? pb_connection_get_local_name (item) : NULL;
      const char *remote = item ? pb_connection_get_remote_name (item) : NULL;

      g_variant_get (parameter, "(&sbb)", NULL, NULL, &forget);
      if (forget)
        {
          text = g_strdup_printf (_("“%s” is forgotten."), name);
          pb_window_show_toast (window, text, NULL, NULL, NULL);
        }
      else if (item != NULL && pb_connection_get_remembered (item) && local != NULL)
        {
          text = g_strdup_printf (_("“%s” is disconnected."), name);
          pb_window_show_toast (window, text, _("_Reconnect"), "app." PB_ACTION_RESTORE,
                                g_variant_new_string (local));
        }
      else if (remote != NULL)
        {
          text = g_strdup_printf (_("“%s” is disconnected."), name);
          pb_window_show_toast (window, text, _("_Reconnect"), "app." PB_ACTION_MAP_DRIVE,
                                g_variant_new ("(ssssu)", remote,
                                               local != NULL && !g_path_is_absolute (local) ? local : "",
                                               "", "", (guint32)PB_DRIVE_MAP_NONE));
        }
    }
}

/* Errors are told in the window, never only on a terminal: a script that
 * drives the application over D-Bus still gets a window that says why,
 * on the page of what failed. A success there clears that page's message.
 * A drive with open files gets the dialog that names them and offers to
 * disconnect anyway (D2). */
void
pb_application_report (PbApplication *self,
                       PbOperation   *op)
{
  const char *action = pb_operation_get_action (op);
  const char *page = page_of_action (action);
  const GError *error = pb_operation_get_error (op);
  PbConnection *item = pb_operation_get_item (op);
  PbWindow *window = pb_application_find_window (self);
  gboolean told = FALSE;

  if (g_str_equal (action, PB_ACTION_RESTORE))
    told = show_restore_failures (self, op);

  if (error == NULL && !told && window != NULL && page != NULL)
    pb_window_clear_message (window, page);

  if (pb_operation_get_warning (op) != NULL)
    pb_window_show_message (pb_application_ensure_window (self), page, pb_operation_get_warning (op));

  if (error == NULL)
    {
      if (pb_operation_get_state (op) == PB_OPERATION_SUCCEEDED)
        show_done (self, op);
      return;
    }

  if (pb_operation_get_state (op) == PB_OPERATION_CANCELLED || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_str_equal (action, PB_ACTION_CANCEL_DRIVE) && g_error_matches (error, PB_ERROR, PB_ERROR_OPEN_FILES))
    pb_open_files_dialog_new (GTK_WINDOW (pb_application_ensure_window (self)), op,
                              item ? drive_display_name (item) : NULL);
  else
    {
      g_autofree char *text = failure_text (self, op);

      pb_window_show_message (pb_application_ensure_window (self), page, text);
    }
}
