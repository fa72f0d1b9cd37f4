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

/*
 * PbProfile is the shared truth of the remembered drives: loading it starts
 * watching its file, and every change another process or a hand edit makes
 * is reloaded and announced with ::changed. Each change of ours is an edit
 * of one entry, applied to the file as it is on disk at that moment (never
 * to the copy in memory), under an advisory lock shared by every Plugboard
 * process and checked against the file's etag so that a hand edit meanwhile
 * is not lost, then written atomically (a temporary file renamed over the
 * target, a symlink's target kept). Its folder is made with its parents.
 */

PbProfile    *pb_profile_new            (GFile                *file);
PbProfile    *pb_profile_new_default    (void);
PbProfile    *pb_profile_new_session    (void);
GFile        *pb_profile_get_file       (PbProfile            *self);
void          pb_profile_load_async     (PbProfile            *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean      pb_profile_load_finish    (PbProfile            *self,
                                         GAsyncResult         *result,
                                         GError              **error);
const GError *pb_profile_get_error      (PbProfile            *self);
GStrv         pb_profile_dup_names      (PbProfile            *self);
gboolean      pb_profile_lookup         (PbProfile            *self,
                                         const char           *local_name,
                                         char                **remote_name,
                                         char                **user);
gboolean      pb_profile_name_is_valid  (const char           *local_name);

/* Checks, before anything else is done, that an edit could be written: the
 * file parses (D8) and its folder exists or can be made. */
void          pb_profile_check_async    (PbProfile            *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean      pb_profile_check_finish   (PbProfile            *self,
                                         GAsyncResult         *result,
                                         GError              **error);

/* Adds or replaces one drive in the file as it is now. */
void          pb_profile_set_drive_async  (PbProfile          *self,
                                           const char         *local_name,
                                           const char         *remote_name,
                                           const char         *user,
                                           const char * const *options,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean      pb_profile_set_drive_finish (PbProfile          *self,
                                           GAsyncResult       *result,
                                           GError            **error);
/* Removes one drive from the file as it is now; @removed says whether it
 * was there. */
void          pb_profile_remove_drive_async  (PbProfile          *self,
                                              const char         *local_name,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean      pb_profile_remove_drive_finish (PbProfile          *self,
                                              GAsyncResult       *result,
                                              gboolean           *removed,
                                              GError            **error);

G_END_DECLS
