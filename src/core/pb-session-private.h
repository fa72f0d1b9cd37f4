/* pb-session-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-graph.h"
#include "pb-session.h"

G_BEGIN_DECLS

/* What pb-session.c (the object: load, settings, registry) and
 * pb-session-actions.c (what each action runs) share. */
struct _PbSession
{
  GObject             parent_instance;

  PbSessionParts      parts;
  guint               next_id;
  guint               pending;      /* load steps still running */
  guint               teardown_timeout; /* the front end's, or 0 */

  /* Owned */
  char               *server_name;
  PbServer           *server;
  PbLinkSource       *links;
  PbPortSource       *ports;
  PbDriveSource      *drives;
  PbGraph            *graph;
  PbProfile          *profile;
  PbProfile          *session_names;
  GSettings          *settings;
  GStrv               link_types;   /* the front end's, or NULL */
  GSimpleActionGroup *actions;
  GListStore         *operations;
  GCancellable       *cancellable;
  GError             *load_error;
  GPtrArray          *load_tasks;   /* waiting for the load */
  GPtrArray          *waiting;      /* Start: actions waiting for the load */
  GHashTable         *riders;       /* pb-session-restore.c: local name → Rider */
  GHashTable         *restore_batches; /* link profile UUID → Batch */

  guint               loading : 1;
  guint               loaded : 1;
  guint               restore_with_link : 1;
};

typedef struct {
  PbSession   *self;
  PbOperation *op;
  GVariant    *parameter;
} PbSessionCall;

PbSessionCall *pb_session_call_new         (PbSession     *self,
                                            PbOperation   *op,
                                            GVariant      *parameter);
void           pb_session_call_free        (PbSessionCall *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbSessionCall, pb_session_call_free)

void           pb_session_finish_operation (PbSession     *self,
                                            PbOperation   *op,
                                            const GError  *error);
void           pb_session_fail_later       (PbSession     *self,
                                            PbOperation   *op,
                                            GError        *error);

/* pb-session-actions.c */
PbConnection  *pb_session_find_item        (PbSession     *self,
                                            const char    *action,
                                            GVariant      *parameter);
char          *pb_session_dup_target       (const char    *action,
                                            GVariant      *parameter,
                                            PbConnection  *item);
void           pb_session_run_operation    (PbSession     *self,
                                            PbOperation   *op,
                                            GVariant      *parameter);

/* pb-session-carried.c */
void           pb_session_run_teardown     (PbSession       *self,
                                            PbOperation     *op,
                                            const char      *handle,
                                            const char      *device,
                                            PbCarriedDrives  policy);

/* pb-session-restore.c */
void           pb_session_restore_init     (PbSession       *self);
void           pb_session_restore_clear    (PbSession       *self);
void           pb_session_note_carried     (PbSession       *self,
                                            PbConnection    *drive,
                                            gboolean         carried);

G_END_DECLS
