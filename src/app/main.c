/* main.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PbApplication) app = NULL;

  pb_application_trace ("main");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Plugboard"));

  app = pb_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
