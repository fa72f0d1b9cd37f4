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

PbApplication *pb_application_new        (void);
PbSource      *pb_application_get_links  (PbApplication *self);
PbSource      *pb_application_get_ports  (PbApplication *self);
PbSource      *pb_application_get_drives (PbApplication *self);
void           pb_application_map_drive  (PbApplication *self,
                                          const char    *uri,
                                          const char    *local_name,
                                          const char    *user,
                                          const char    *password,
                                          PbDriveMapFlags flags);
gboolean       pb_application_get_loaded (PbApplication *self);
void           pb_application_trace      (const char    *what);

G_END_DECLS
