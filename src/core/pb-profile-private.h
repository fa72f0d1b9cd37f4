/* pb-profile-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What pb-profile.c (the object: cache, monitor, tasks) and pb-profile-file.c
 * (the file: parse, edit, lock, write) share, and what the unit tests call.
 * The first group is pure; the second does blocking file I/O and is only
 * ever called from a GTask worker thread (or a test). */

#define PB_PROFILE_KEY_REMOTE_NAME "RemoteName"
#define PB_PROFILE_KEY_USER        "User"
#define PB_PROFILE_KEY_OPTIONS     "Options"

/* One edit of one entry: @remote_name %NULL removes @local_name. */
typedef struct {
  char  *local_name;
  char  *remote_name;
  char  *user;
  GStrv  options;
} PbProfileEdit;

PbProfileEdit *pb_profile_edit_new_set    (const char          *local_name,
                                           const char          *remote_name,
                                           const char          *user,
                                           const char * const  *options);
PbProfileEdit *pb_profile_edit_new_remove (const char          *local_name);
void           pb_profile_edit_free       (PbProfileEdit       *edit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbProfileEdit, pb_profile_edit_free)

/* Pure. */
GKeyFile      *pb_profile_parse           (const char          *data,
                                           gsize                length,
                                           const char          *display_name,
                                           GError             **error);
gboolean       pb_profile_apply_edit      (GKeyFile            *keyfile,
                                           const PbProfileEdit *edit);
char          *pb_profile_describe        (GKeyFile            *keyfile,
                                           const GError        *error);

/* Blocking, for worker threads. */
char          *pb_profile_file_resolve    (const char          *path);
GKeyFile      *pb_profile_file_read       (const char          *path,
                                           const char          *display_name,
                                           GError             **error);
gboolean       pb_profile_file_check      (const char          *path,
                                           const char          *display_name,
                                           GError             **error);
char          *pb_profile_file_edit       (const char          *path,
                                           const char          *display_name,
                                           const PbProfileEdit *edit,
                                           gboolean            *was_there,
                                           GError             **error);

/* Tests only: called with the target after the new file is written and
 * before the etag is checked again, where a hand edit would race. */
typedef void (*PbProfileFileHook) (const char *target,
                                   gpointer    user_data);
void           pb_profile_file_set_hook   (PbProfileFileHook    hook,
                                           gpointer             user_data);

G_END_DECLS
