/* pb-application.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-map-drive-dialog.h"
#include "pb-open-files-dialog.h"
#include "pb-preferences-dialog.h"
#include "pb-quit-dialog.h"
#include "pb-window.h"
#include "pb-words.h"

/**
 * PbApplication:
 *
 * The window's process: one #PbSession, whose actions are the
 * application's (`app.hang-up`, `app.cancel-drive`… with the typed
 * parameters pb-session.h gives them), so the window, the desktop and
 * scripts (`gapplication action`) drive exactly the same thing. The
 * application only presents: it shows each finished operation's error,
 * warning or restore failures in the window, and holds itself while the
 * session has operations in flight, so closing the window with a teardown
 * running leaves the process up until it has ended (L4).
 *
 * Its own actions: `app.map-drive-dialog` opens the Map Network Drive
 * dialog, `app.preferences` and `app.about` theirs, `app.quit` closes the
 * windows, and while operations are in flight says what it waits for
 * (#PbQuitDialog) until they end.
 */
struct _PbApplication
{
  GtkApplication  parent_instance;

  /* Owned */
  PbSession      *session;
  guint           window_idle;
  gboolean        quitting;  /* nothing brings a window back */
};

G_DEFINE_FINAL_TYPE (PbApplication, pb_application, GTK_TYPE_APPLICATION)

/* The application's windows include its dialogs: find the main one. */
static PbWindow *
pb_application_find_window (PbApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PB_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static PbWindow *
pb_application_ensure_window (PbApplication *self)
{
  PbWindow *window = pb_application_find_window (self);

  if (window == NULL)
    window = pb_window_new (self);

  gtk_window_present (GTK_WINDOW (window));

  return window;
}

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
  guint timeout = pb_session_get_teardown_timeout (self->session);
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

      g_variant_get (parameter, "(&s&s)", NULL, &device);
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
 * disconnect anyway (D2). Once quitting, nothing opens a window again. */
static void
on_operation_finished (PbApplication *self,
                       PbOperation   *op)
{
  const char *action = pb_operation_get_action (op);
  const char *page = page_of_action (action);
  const GError *error = pb_operation_get_error (op);
  PbConnection *item = pb_operation_get_item (op);
  PbWindow *window = pb_application_find_window (self);
  gboolean told = FALSE;

  if (self->quitting)
    return;

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

static void
map_drive_dialog_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  PbApplication *self = user_data;

  pb_map_drive_dialog_new (GTK_WINDOW (pb_application_ensure_window (self)));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PbApplication *self = user_data;

  pb_preferences_dialog_new (GTK_WINDOW (pb_application_ensure_window (self)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PbApplication *self = user_data;
  static const char *authors[] = { "The Plugboard authors", NULL };

  gtk_show_about_dialog (GTK_WINDOW (pb_application_ensure_window (self)),
                         "program-name", _("Plugboard"),
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Hang up links, disconnect ports and network drives"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PbApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing, not quitting: teardowns in flight keep the process alive
   * (L4), and the person is told what it waits for, with a way to stop. */
  self->quitting = TRUE;
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      if (!PB_IS_QUIT_DIALOG (window))
        gtk_window_destroy (window);
    }

  if (pb_session_get_n_running (self->session) > 0)
    pb_quit_dialog_new (GTK_APPLICATION (self), self->session);
}

static const GActionEntry app_actions[] = {
  { "map-drive-dialog", map_drive_dialog_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
session_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PbApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pb_session_load_finish (PB_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pb_window_show_error (pb_application_ensure_window (self), NULL, error);

  pb_application_trace ("loaded");
  g_application_release (G_APPLICATION (self));
}

static void
pb_application_startup (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  /* Held until the session has loaded, so that an action that came over
   * D-Bus before it is not dropped by an application that thinks it has
   * nothing to do. Asked for before GTK starts, so that the system bus
   * connection and the services' first answers are on their way while it
   * does. */
  self->session = pb_session_new (NULL, PB_SESSION_ALL);
  g_signal_connect_object (self->session, "operation-finished",
                           G_CALLBACK (on_operation_finished), self, G_CONNECT_SWAPPED);
  g_application_hold (application);
  pb_session_load_async (self->session, NULL, session_loaded_cb, g_object_ref (self));

  G_APPLICATION_CLASS (pb_application_parent_class)->startup (application);
  pb_application_trace ("gtk-started");

  /* An activation over D-Bus, from a button or from a menu starts the
   * session's operation (one started before the load waits for it), and
   * whatever runs holds the application, however it was started (L4). */
  pb_session_attach_application (self->session, application);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

static gboolean
present_window_cb (gpointer user_data)
{
  PbApplication *self = user_data;

  self->window_idle = 0;
  pb_application_ensure_window (self);
  pb_application_trace ("window-presented");
  g_application_release (G_APPLICATION (self));

  return G_SOURCE_REMOVE;
}

static gboolean
build_window_cb (gpointer user_data)
{
  PbApplication *self = user_data;

  if (pb_application_find_window (self) == NULL)
    pb_window_new (self);
  self->window_idle = g_idle_add (present_window_cb, self);

  return G_SOURCE_REMOVE;
}

/* The first window is built from the main loop, not here: what already
 * waits there goes first. That is the system bus connection made while GTK
 * started, so NetworkManager gets its first request before the window's
 * widgets are built rather than after. The window is presented from a
 * second idle, so NetworkManager's next answer is acted on between the
 * two. Until then the application holds itself. */
static void
pb_application_activate (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);

  /* Started again while it waited to quit: the person wants it after all. */
  self->quitting = FALSE;

  if (pb_application_find_window (self) != NULL)
    {
      pb_application_ensure_window (self);
      return;
    }

  if (self->window_idle != 0)
    return;

  g_application_hold (application);
  self->window_idle = g_idle_add (build_window_cb, self);
}

/* --version answers here, in the process that was started, without the
 * session or a display. */
static int
pb_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("plugboard %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
pb_application_dispose (GObject *object)
{
  PbApplication *self = (PbApplication *)object;

  if (self->window_idle != 0)
    {
      g_clear_handle_id (&self->window_idle, g_source_remove);
      g_application_release (G_APPLICATION (self));
    }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (pb_application_parent_class)->dispose (object);
}

static void
pb_application_class_init (PbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pb_application_dispose;

  app_class->startup = pb_application_startup;
  app_class->activate = pb_application_activate;
  app_class->handle_local_options = pb_application_handle_local_options;
}

static void
pb_application_init (PbApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Show the version and exit"), NULL);
}

PbApplication *
pb_application_new (void)
{
  return g_object_new (PB_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/plugboard/Plugboard",
                       NULL);
}

/**
 * pb_application_get_session:
 *
 * Returns: (transfer none): the process's session, made at startup
 */
PbSession *
pb_application_get_session (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->session;
}

/**
 * pb_application_trace:
 * @what: the point startup has reached
 *
 * With `PB_TRACE_FIRST_FRAME` set (the startup benchmark), prints
 * `plugboard: WHAT MICROSECONDS` on stdout, the monotonic clock, so that a
 * benchmark can tell where the time to the first populated frame went.
 */
void
pb_application_trace (const char *what)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_getenv ("PB_TRACE_FIRST_FRAME") != NULL;

  if (enabled)
    g_print ("plugboard: %s %" G_GINT64_FORMAT "\n", what, g_get_monotonic_time ());
}
