/* pb-types.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PbConnection  PbConnection;
typedef struct _PbServer      PbServer;
typedef struct _PbSession     PbSession;
typedef struct _PbSource      PbSource;
typedef struct _PbLinkSource  PbLinkSource;
typedef struct _PbOperation   PbOperation;
typedef struct _PbPortSource  PbPortSource;
typedef struct _PbDriveSource PbDriveSource;
typedef struct _PbProfile     PbProfile;
typedef struct _PbRowStore    PbRowStore;
typedef struct _PbTeardown    PbTeardown;

/**
 * PbConnectionKind:
 * @PB_CONNECTION_KIND_LINK: an active dial-up-style connection (SEMANTICS §1)
 * @PB_CONNECTION_KIND_PORT: a device that carries links (SEMANTICS §2)
 * @PB_CONNECTION_KIND_DRIVE: a network mount or remembered drive (SEMANTICS §3)
 */
typedef enum
{
  PB_CONNECTION_KIND_LINK,
  PB_CONNECTION_KIND_PORT,
  PB_CONNECTION_KIND_DRIVE,
} PbConnectionKind;

/**
 * PbDisconnectFlags:
 * @PB_DISCONNECT_NONE: no flag
 * @PB_DISCONNECT_FORCE: drives: unmount even with open files (fForce)
 * @PB_DISCONNECT_FORGET: drives: remove from the profile (CONNECT_UPDATE_PROFILE)
 */
typedef enum /*< flags >*/
{
  PB_DISCONNECT_NONE   = 0,
  PB_DISCONNECT_FORCE  = 1 << 0,
  PB_DISCONNECT_FORGET = 1 << 1,
} PbDisconnectFlags;

G_END_DECLS
