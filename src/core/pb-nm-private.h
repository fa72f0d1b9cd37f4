/* pb-nm-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <NetworkManager.h>

#include "pb-error.h"
#include "pb-server.h"
#include "pb-source.h"

G_BEGIN_DECLS

const char *pb_nm_active_state_name   (NMActiveConnectionState  state);
const char *pb_nm_device_state_name   (NMDeviceState            state);
const char *pb_nm_device_type_name    (NMDevice                *device);
typedef enum {
  PB_NM_HANDLE_MALFORMED,
  PB_NM_HANDLE_UNTAGGED,   /* a bare number, as handles were before the tag */
  PB_NM_HANDLE_TAGGED,
} PbNmHandleForm;

char       *pb_nm_handle_tag          (const char              *bus_id,
                                       const char              *name_owner);
char       *pb_nm_handle_for_path     (const char              *tag,
                                       const char              *object_path);
PbNmHandleForm pb_nm_handle_parse     (const char              *handle,
                                       const char             **tag);
gboolean    pb_nm_handle_is_valid     (const char              *handle);
char      **pb_nm_active_device_names (NMActiveConnection      *active);
gboolean    pb_nm_device_is_carrier   (NMDevice                *device);
gboolean    pb_nm_device_state_is_down (NMDeviceState           state);
PbError     pb_nm_error_code          (const GError            *error);
char       *pb_nm_error_message       (const GError            *error);
void        pb_nm_profiles_sync       (PbRowStore              *store,
                                       NMClient                *client,
                                       const char * const      *link_types,
                                       const char              *server_name);
NMDevice   *pb_nm_find_device         (const GPtrArray         *devices,
                                       const char              *iface);

/* The sources of one server's NetworkManager (links, ports) are available
 * when it runs and say why not in its words. */
void        pb_nm_source_follow_server (PbSource               *source,
                                        PbServer               *server,
                                        GCallback               sync);
void        pb_nm_source_get_property  (PbServer               *server,
                                        GParamSpec             *pspec,
                                        GValue                 *value);

G_END_DECLS
