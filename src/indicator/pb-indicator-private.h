/* pb-indicator-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plugboard.h"

#include "pb-indicator.h"

G_BEGIN_DECLS

void pb_indicator_report         (PbIndicator   *self,
                                  const char    *summary,
                                  const char    *body);
void pb_indicator_report_link_restore (PbIndicator *self,
                                       const char  *link_name,
                                       GPtrArray   *results);
void pb_indicator_report_restore (PbIndicator   *self,
                                  PbOperation   *op);
void pb_indicator_report_operation (PbIndicator *self,
                                    PbOperation *op);
void pb_indicator_open_app       (PbIndicator   *self);

void     pb_indicator_request_autostart (PbIndicator *self);

G_END_DECLS
