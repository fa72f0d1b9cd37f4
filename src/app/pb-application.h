/* pb-application.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "plugboard.h"

G_BEGIN_DECLS

#define PB_TYPE_APPLICATION (pb_application_get_type ())

G_DECLARE_FINAL_TYPE (PbApplication, pb_application, PB, APPLICATION, GtkApplication)

PbApplication *pb_application_new         (void);
PbSession     *pb_application_get_session (PbApplication *self);
PbSession     *pb_application_get_default_session (void);
GListModel    *pb_application_get_servers   (PbApplication *self);
PbServerEntry *pb_application_find_server   (PbApplication *self,
                                             const char    *host);
gboolean       pb_application_add_server    (PbApplication *self,
                                             const char    *name,
                                             GError       **error);
void           pb_application_remove_server (PbApplication *self,
                                             const char    *host);
void           pb_application_set_shown_server (PbApplication *self,
                                                PbServerEntry *entry);
void           pb_application_trace       (const char    *what);

typedef struct _PbWindow PbWindow;

PbWindow      *pb_application_find_window   (PbApplication *self);
PbWindow      *pb_application_ensure_window (PbApplication *self);
void           pb_application_report        (PbApplication *self,
                                             PbOperation   *op);

G_END_DECLS
