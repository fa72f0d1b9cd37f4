/* pb-window.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-application.h"

G_BEGIN_DECLS

#define PB_TYPE_WINDOW (pb_window_get_type ())

G_DECLARE_FINAL_TYPE (PbWindow, pb_window, PB, WINDOW, GtkApplicationWindow)

PbWindow *pb_window_new           (PbApplication *application);
void      pb_window_show_message  (PbWindow      *self,
                                   const char    *page,
                                   const char    *message);
void      pb_window_show_error    (PbWindow      *self,
                                   const char    *page,
                                   const GError  *error);
void      pb_window_clear_message (PbWindow      *self,
                                   const char    *page);
void      pb_window_show_toast    (PbWindow      *self,
                                   const char    *text,
                                   const char    *button_label,
                                   const char    *action_name,
                                   GVariant      *target);

G_END_DECLS
