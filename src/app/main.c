/* main.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "pb-application.h"

/* GTK 4.8's X11 backend loads and sets up OpenGL when it opens the display,
 * to choose a visual, even when the renderer asked for is cairo, which
 * draws without it: Mesa's drivers then cost ~60 ms of startup and ~60 MiB
 * of memory for nothing (tests/bench/bench-startup.py measures both). So
 * with GSK_RENDERER=cairo, and only if the user said nothing about GL
 * already, GDK is told to leave OpenGL alone: GDK_DEBUG=gl-disable up to
 * GTK 4.15, GDK_DISABLE=gl from 4.16 on. Plugboard has no GL widget. */
static void
leave_unused_gl_alone (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");
  gboolean disable_feature = gtk_get_minor_version () >= 16;
  const char *variable = disable_feature ? "GDK_DISABLE" : "GDK_DEBUG";
  const char *word = disable_feature ? "gl" : "gl-disable";
  const char *before = g_getenv (variable);
  g_autofree char *value = NULL;

  if (g_strcmp0 (renderer, "cairo") != 0)
    return;
  if (before != NULL && strstr (before, "gl") != NULL)
    return;

  value = before != NULL && *before != '\0' ? g_strconcat (before, ",", word, NULL) : g_strdup (word);
  g_setenv (variable, value, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PbApplication) app = NULL;
  const char *localedir;

  pb_application_trace ("main");
  leave_unused_gl_alone ();
  setlocale (LC_ALL, "");
  /* Run from a build tree (build-aux/run.sh, the demo), the catalogues are
   * the build's, in $builddir/po, not yet installed under LOCALEDIR. */
  localedir = g_getenv ("PB_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Plugboard"));

  app = pb_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
