/* pb-server-entry.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-session.h"

G_BEGIN_DECLS

/**
 * PbServerEntryState:
 * @PB_SERVER_ENTRY_CONNECTING: its session is loading
 * @PB_SERVER_ENTRY_CONNECTED: its session loaded and the server is reachable
 * @PB_SERVER_ENTRY_WAITING: it failed or dropped; it tries again after a delay
 * @PB_SERVER_ENTRY_STOPPED: it gave up until asked again
 */
typedef enum
{
  PB_SERVER_ENTRY_CONNECTING,
  PB_SERVER_ENTRY_CONNECTED,
  PB_SERVER_ENTRY_WAITING,
  PB_SERVER_ENTRY_STOPPED,
} PbServerEntryState;

#define PB_TYPE_SERVER_ENTRY (pb_server_entry_get_type ())

G_DECLARE_FINAL_TYPE (PbServerEntry, pb_server_entry, PB, SERVER_ENTRY, GObject)

PbServerEntry      *pb_server_entry_new_local     (PbSession     *session);
PbServerEntry      *pb_server_entry_new_remote    (const char    *host);
const char         *pb_server_entry_get_host      (PbServerEntry *self);
char               *pb_server_entry_dup_label     (PbServerEntry *self);
PbSession          *pb_server_entry_get_session   (PbServerEntry *self);
PbServerEntryState  pb_server_entry_get_state     (PbServerEntry *self);
const char         *pb_server_entry_get_status    (PbServerEntry *self);
void                pb_server_entry_connect       (PbServerEntry *self);

/* The back-off: 2, 4, 8 … seconds up to this, and this many tries at most. */
#define PB_SERVER_ENTRY_MAX_DELAY 60
#define PB_SERVER_ENTRY_MAX_ATTEMPTS 10

G_END_DECLS
