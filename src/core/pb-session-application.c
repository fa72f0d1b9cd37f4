/* pb-session-application.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-session.h"

/* What the window's application and the tray's both do with their session,
 * once, here: its actions become theirs, and they are held while it runs
 * anything (L4). */

typedef struct
{
  GWeakRef application;
  gboolean held;
} Hold;

static void
hold_free (gpointer data,
           GClosure *closure)
{
  Hold *hold = data;

  g_weak_ref_clear (&hold->application);
  g_free (hold);
}

static void
on_n_running_changed (PbSession  *self,
                      GParamSpec *pspec,
                      Hold       *hold)
{
  g_autoptr(GApplication) application = g_weak_ref_get (&hold->application);
  gboolean running = pb_session_get_n_running (self) > 0;

  if (application == NULL || running == hold->held)
    return;

  hold->held = running;
  if (running)
    g_application_hold (application);
  else
    g_application_release (application);
}

/**
 * pb_session_attach_application:
 * @self: a #PbSession
 * @application: the front end's application
 *
 * Makes the session's actions @application's own: the same #GAction
 * objects, so they are exported on the bus with their parameter types
 * (`gapplication action APP hang-up "('12', '')"`) and each activation
 * starts the session's operation, however it came. And holds @application
 * while #PbSession:n-running is above zero, so that the process never ends
 * with a teardown half done (L4).
 */
void
pb_session_attach_application (PbSession    *self,
                               GApplication *application)
{
  GActionGroup *group;
  g_auto(GStrv) names = NULL;

  g_return_if_fail (PB_IS_SESSION (self));
  g_return_if_fail (G_IS_APPLICATION (application));

  group = pb_session_get_action_group (self);
  names = g_action_group_list_actions (group);
  for (guint i = 0; names[i] != NULL; i++)
    g_action_map_add_action (G_ACTION_MAP (application),
                             g_action_map_lookup_action (G_ACTION_MAP (group), names[i]));

  pb_session_hold_application (self, application);
}

/**
 * pb_session_hold_application:
 * @self: a #PbSession
 * @application: the front end's application
 *
 * Holds @application while #PbSession:n-running is above zero (L4), for a
 * session whose actions are not the application's (a remote server's in
 * the window), and lets go if the session goes first.
 */
void
pb_session_hold_application (PbSession    *self,
                             GApplication *application)
{
  Hold *hold;

  g_return_if_fail (PB_IS_SESSION (self));
  g_return_if_fail (G_IS_APPLICATION (application));

  hold = g_new0 (Hold, 1);
  g_weak_ref_init (&hold->application, application);
  g_signal_connect_data (self, "notify::n-running", G_CALLBACK (on_n_running_changed), hold, hold_free, 0);
  on_n_running_changed (self, NULL, hold);
}
