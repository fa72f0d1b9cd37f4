/* drive-cancel-check.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Drives pb_drive_cancel_async() against the drives fixture where the CLI
 * cannot: with its GCancellable cancelled at a chosen step, or with gvfsd
 * stopped under it. Run by test_drives_mounts.py in the fixture's
 * environment; prints one JSON object on stdout:
 *
 *   drive-cancel-check MODE NAME [FLAGS] [BACKEND_PID GVFSD_PID]
 *
 * MODE: "before" (cancelled before the call), "holders" (cancelled right
 * after the call, during the holders look-up), "unmount" (forced, cancelled
 * once the unmount has started), "stalled" (forced, with the mount's
 * backend killed and gvfsd stopped first; gvfsd is continued after),
 * "recover" (no cancel: the source is made with gvfsd stopped, gvfsd is
 * continued once the source says it is not answering, and the source must
 * fill in by itself; NAME is the row expected then, BACKEND_PID is "-").
 * FLAGS: "forget" to pass PB_DISCONNECT_FORGET. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "pb-connection.h"
#include "pb-drive-source.h"
#include "pb-error.h"
#include "pb-profile.h"

static GMainLoop *loop;
static char *mode;
static char *name;
static PbDisconnectFlags flags;
static GPid backend_pid, gvfsd_pid;
static PbProfile *profile, *session_names;
static GCancellable *cancellable;
static gint64 started;

static void
cancel_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = pb_drive_cancel_finish (PB_DRIVE_SOURCE (object), result, NULL, &error);
  double seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
  g_autofree char *message = error ? g_strescape (error->message, NULL) : g_strdup ("");
  const char *code = ok ? "OK"
                   : error->domain == PB_ERROR ? pb_error_get_name (error->code)
                   : g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "CANCELLED"
                   : "OTHER";

  if (gvfsd_pid > 0)
    kill (gvfsd_pid, SIGCONT);

  g_print ("{\"code\": \"%s\", \"seconds\": %.3f, \"message\": \"%s\"}\n", code, seconds, message);
  g_main_loop_quit (loop);
}

static gboolean
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (cancellable);

  return G_SOURCE_REMOVE;
}

static gboolean
recover_timeout (gpointer user_data)
{
  g_print ("{\"code\": \"TIMEOUT\", \"seconds\": %.3f}\n",
           (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  g_main_loop_quit (loop);

  return G_SOURCE_REMOVE;
}

/* Rows are filled in right after they are announced: looked at from an idle. */
static gboolean
look_for_row (gpointer user_data)
{
  GListModel *model = user_data;
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (pb_connection_get_local_name (item), name) == 0)
        {
          g_print ("{\"code\": \"OK\", \"seconds\": %.3f, \"message\": \"\"}\n",
                   (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
          g_main_loop_quit (loop);
          return G_SOURCE_REMOVE;
        }
    }

  return G_SOURCE_REMOVE;
}

static void
on_items_changed (GListModel *model)
{
  g_idle_add (look_for_row, model);
}

static void
source_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbDriveSource) source = pb_drive_source_new_finish (result, &error);

  g_assert_no_error (error);

  if (g_str_equal (mode, "recover"))
    {
      g_autofree char *status = NULL;
      gboolean available;

      g_object_get (source, "available", &available, "status", &status, NULL);
      g_assert_false (available);
      g_assert_nonnull (strstr (status, "not answering"));
      g_printerr ("unavailable: %s\n", status);
      /* Kept past this callback, until the row shows. */
      g_signal_connect (g_object_ref (source), "items-changed", G_CALLBACK (on_items_changed), NULL);
      started = g_get_monotonic_time ();
      kill (gvfsd_pid, SIGCONT);
      gvfsd_pid = 0;
      g_timeout_add_seconds (90, recover_timeout, NULL);
      return;
    }

  if (g_str_equal (mode, "stalled"))
    {
      /* The mount's backend dies and gvfsd cannot tell anyone: the unmount
       * fails and the mount stays listed. */
      g_assert_cmpint (kill (backend_pid, SIGKILL), ==, 0);
      g_assert_cmpint (kill (gvfsd_pid, SIGSTOP), ==, 0);
      flags |= PB_DISCONNECT_FORCE;
    }
  else if (g_str_equal (mode, "before"))
    g_cancellable_cancel (cancellable);
  else if (g_str_equal (mode, "unmount"))
    flags |= PB_DISCONNECT_FORCE;

  started = g_get_monotonic_time ();
  pb_drive_cancel_async (source, name, flags, cancellable, cancel_cb, NULL);

  if (g_str_equal (mode, "holders"))
    /* The /proc look-up is in its worker thread now. */
    g_cancellable_cancel (cancellable);
  else if (g_str_equal (mode, "unmount"))
    /* A forced unmount starts from an idle of default priority: this one
     * runs after it, while GVfs works on the unmount. */
    g_idle_add_full (G_PRIORITY_LOW, cancel_now, NULL, NULL);
}

static void
profile_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  pb_profile_load_finish (PB_PROFILE (object), result, NULL);

  if (PB_PROFILE (object) == profile)
    pb_profile_load_async (session_names, NULL, profile_cb, NULL);
  else
    pb_drive_source_new_async (profile, session_names, NULL, source_cb, NULL);
}

int
main (int   argc,
      char *argv[])
{
  if (argc < 3)
    {
      g_printerr ("usage: %s before|holders|unmount|stalled NAME [forget|-] [BACKEND_PID GVFSD_PID]\n", argv[0]);
      return 2;
    }

  mode = argv[1];
  name = argv[2];
  if (argc > 3 && g_str_equal (argv[3], "forget"))
    flags |= PB_DISCONNECT_FORGET;
  if (argc > 5)
    {
      backend_pid = atoi (argv[4]);
      gvfsd_pid = atoi (argv[5]);
    }
  if (g_str_equal (mode, "recover"))
    g_assert_cmpint (kill (gvfsd_pid, SIGSTOP), ==, 0);

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  profile = pb_profile_new_default ();
  session_names = pb_profile_new_session ();
  pb_profile_load_async (profile, NULL, profile_cb, NULL);
  g_main_loop_run (loop);

  g_object_unref (profile);
  g_object_unref (session_names);
  g_object_unref (cancellable);
  g_main_loop_unref (loop);

  return 0;
}
