/* pb-indicator-main.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pb-indicator.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PbIndicator) indicator = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("plugboard-indicator");
  g_set_application_name (_("Plugboard"));

  indicator = pb_indicator_new ();
  status = g_application_run (G_APPLICATION (indicator), argc, argv);

  return status != 0 ? status : pb_indicator_get_exit_status (indicator);
}
