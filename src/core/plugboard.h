/* plugboard.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-types.h"
#include "pb-enums.h"
#include "pb-error.h"
#include "pb-connection.h"
#include "pb-source.h"
#include "pb-server.h"
#include "pb-settings.h"
#include "pb-link-source.h"
#include "pb-port-source.h"
#include "pb-profile.h"
#include "pb-drive-holder.h"
#include "pb-drive-source.h"
#include "pb-graph.h"
#include "pb-teardown.h"
#include "pb-operation.h"
#include "pb-session.h"
#include "pb-server-entry.h"
