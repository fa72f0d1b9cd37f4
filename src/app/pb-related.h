/* pb-related.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "plugboard.h"

G_BEGIN_DECLS

#define PB_TYPE_RELATED (pb_related_get_type ())

G_DECLARE_FINAL_TYPE (PbRelated, pb_related, PB, RELATED, GObject)

PbRelated       *pb_related_new          (PbGraph      *graph);
PbRelated       *pb_related_for_widget   (GtkWidget    *widget);
PbConnection    *pb_related_get_item     (PbRelated    *self);
void             pb_related_set_item     (PbRelated    *self,
                                          PbConnection *item);
PbGraphRelation  pb_related_get_relation (PbRelated    *self,
                                          PbConnection *row);

G_END_DECLS
