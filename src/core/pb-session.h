/* pb-session.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-types.h"
#include "pb-drive-source.h"
#include "pb-graph.h"
#include "pb-link-source.h"
#include "pb-operation.h"
#include "pb-port-source.h"

G_BEGIN_DECLS

#define PB_TYPE_SESSION (pb_session_get_type ())

G_DECLARE_FINAL_TYPE (PbSession, pb_session, PB, SESSION, GObject)

/*
 * PbSession: one per process (window, tray, CLI). It owns the server, the
 * sources and their models, the settings (applied here, live), the
 * remembered-drives profile and the operations in flight. Front ends only
 * present it.
 *
 * Signals:
 * - ::link-drives-restored (const char *link_name, GPtrArray *results): the
 *   remembered drives that came back with a link (pb_session_set_restore_with_link()),
 *   one PbRestoreResult each, once all were restored or given up.
 * - ::operation-started (PbOperation *op): an operation was registered.
 * - ::operation-finished (PbOperation *op): it finished (always from the
 *   main loop, never inside pb_session_start()).
 * Properties: "loaded" (boolean), "n-running" (uint, notify on change: a
 * front end holds its process while it is above 0, L4), "load-error".
 *
 * pb_session_start() always returns a new operation (transfer full); a bad
 * parameter (unknown handle, port, name) makes it fail with the PB_ERROR of
 * the contract, delivered from the main loop like any other outcome. An
 * action started before the session is loaded waits for the load.
 */

/**
 * PbSessionParts:
 * @PB_SESSION_LINKS: NetworkManager's links (and the server)
 * @PB_SESSION_PORTS: NetworkManager's ports (implies links)
 * @PB_SESSION_DRIVES: GVfs and kernel drives, and the remembered-drives profile
 * @PB_SESSION_PROFILE: the remembered-drives profile alone, without GVfs
 *   (remembering or forgetting a drive that is not connected)
 * @PB_SESSION_ALL: everything a window or a tray shows
 *
 * What a front end needs loaded: the CLI asks for only what its command
 * uses, the window and the tray for everything.
 */
typedef enum /*< flags >*/
{
  PB_SESSION_LINKS   = 1 << 0,
  PB_SESSION_PORTS   = 1 << 1,
  PB_SESSION_DRIVES  = 1 << 2,
  PB_SESSION_PROFILE = 1 << 3,
  PB_SESSION_ALL     = PB_SESSION_LINKS | PB_SESSION_PORTS | PB_SESSION_DRIVES | PB_SESSION_PROFILE,
} PbSessionParts;

/**
 * PbCarriedDrives:
 * @PB_CARRIED_KEEP: leave the drives riding on a link or port mounted (what
 *   RasHangUp does), and only report them
 * @PB_CARRIED_DISCONNECT: disconnect them first, then the link or port
 * @PB_CARRIED_FORCE: with @PB_CARRIED_DISCONNECT, even with open files
 *
 * What a hang-up or a port disconnect does with the drives riding on it
 * (#PbGraph), the last member of its parameter.
 */
typedef enum /*< flags >*/
{
  PB_CARRIED_KEEP       = 0,
  PB_CARRIED_DISCONNECT = 1 << 0,
  PB_CARRIED_FORCE      = 1 << 1,
} PbCarriedDrives;

/* The session's actions and their parameter types. Every user action of
 * every front end is one of these, activated on pb_session_get_action_group()
 * or started with pb_session_start(). */
#define PB_ACTION_HANG_UP          "hang-up"          /* (ss)    handle, device or "" for the whole link;
                                                       * or (ssu) with PbCarriedDrives */
#define PB_ACTION_DISCONNECT_PORT  "disconnect-port"  /* s       interface name; or (su) with PbCarriedDrives */
#define PB_ACTION_CONNECT_LINK     "connect-link"     /* s       saved connection's UUID or name */
#define PB_ACTION_MAP_DRIVE        "map-drive"        /* (ssssu) uri, local name, user, password, PbDriveMapFlags */
#define PB_ACTION_REMEMBER_DRIVE   "remember-drive"   /* (sss)   uri, local name, user: remembered, not mounted */
#define PB_ACTION_CANCEL_DRIVE     "cancel-drive"     /* (sbb)   local or remote name, force, forget */
#define PB_ACTION_RESTORE          "restore"          /* s       a remembered drive's local name, "" for all */
#define PB_ACTION_CANCEL_OPERATION "cancel-operation" /* u       a PbOperation's id */

PbSession     *pb_session_new                  (const char           *server,
                                                PbSessionParts        parts);
void           pb_session_load_async           (PbSession            *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       pb_session_load_finish          (PbSession            *self,
                                                GAsyncResult         *result,
                                                GError              **error);
gboolean       pb_session_get_loaded           (PbSession            *self);

PbServer      *pb_session_get_server           (PbSession            *self);
PbLinkSource  *pb_session_get_links            (PbSession            *self);
PbPortSource  *pb_session_get_ports            (PbSession            *self);
PbDriveSource *pb_session_get_drives           (PbSession            *self);
PbProfile     *pb_session_get_profile          (PbSession            *self);
PbGraph       *pb_session_get_graph            (PbSession            *self);
const char    *pb_session_get_load_error       (PbSession            *self);

/* Settings: the GSettings keys, live; a front end's override wins. */
void           pb_session_set_link_types       (PbSession            *self,
                                                const char * const   *link_types);
void           pb_session_set_teardown_timeout (PbSession            *self,
                                                guint                 seconds);
guint          pb_session_get_teardown_timeout (PbSession            *self);
gboolean       pb_session_get_restore_at_login (PbSession            *self);

/* Actions and the operations they start. */
GActionGroup  *pb_session_get_action_group     (PbSession            *self);
PbOperation   *pb_session_start                (PbSession            *self,
                                                const char           *action_name,
                                                GVariant             *parameter);
GListModel    *pb_session_get_operations       (PbSession            *self);
guint          pb_session_get_n_running        (PbSession            *self);
PbOperation   *pb_session_find_operation       (PbSession            *self,
                                                PbConnection         *item);

/* Remembered drives back with their link (the tray turns it on). */
void           pb_session_set_restore_with_link (PbSession       *self,
                                                 gboolean         enabled);
gboolean       pb_session_get_restore_with_link (PbSession       *self);
void           pb_session_stop_restoring        (PbSession       *self);

/* For the window's and the tray's GApplication: the session's actions become
 * the application's, and it is held while operations run (L4). */
void           pb_session_attach_application   (PbSession            *self,
                                                GApplication         *application);
void           pb_session_hold_application     (PbSession            *self,
                                                GApplication         *application);

gboolean       pb_in_sandbox                   (void);

G_END_DECLS
