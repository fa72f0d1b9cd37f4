/* pb-profile.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-types.h"

G_BEGIN_DECLS

#define PB_TYPE_PROFILE (pb_profile_get_type ())

G_DECLARE_FINAL_TYPE (PbProfile, pb_profile, PB, PROFILE, GObject)

PbProfile    *pb_profile_new          (GFile                *file);
PbProfile    *pb_profile_new_default  (void);
PbProfile    *pb_profile_new_session  (void);
void          pb_profile_load_async   (PbProfile            *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean      pb_profile_load_finish  (PbProfile            *self,
                                       GAsyncResult         *result,
                                       GError              **error);
const GError *pb_profile_get_error    (PbProfile            *self);
GStrv         pb_profile_dup_names    (PbProfile            *self);
gboolean      pb_profile_lookup       (PbProfile            *self,
                                       const char           *local_name,
                                       char                **remote_name,
                                       char                **user);
void          pb_profile_set_drive    (PbProfile            *self,
                                       const char           *local_name,
                                       const char           *remote_name,
                                       const char           *user,
                                       const char * const   *options);
gboolean      pb_profile_remove_drive (PbProfile            *self,
                                       const char           *local_name);
void          pb_profile_save_async   (PbProfile            *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean      pb_profile_save_finish  (PbProfile            *self,
                                       GAsyncResult         *result,
                                       GError              **error);
gboolean      pb_profile_name_is_valid (const char          *local_name);

G_END_DECLS
