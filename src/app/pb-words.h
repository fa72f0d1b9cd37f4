/* pb-words.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "plugboard.h"

G_BEGIN_DECLS

const char *pb_words_type       (PbConnectionKind  kind,
                                 const char       *code);
const char *pb_words_type_icon  (PbConnectionKind  kind,
                                 const char       *code);
const char *pb_words_state      (PbConnection     *item);
const char *pb_words_state_for  (PbConnectionKind  kind,
                                 const char       *code,
                                 gboolean          busy);
const char *pb_words_state_icon (PbConnection     *item);
char       *pb_words_port_name  (PbConnection     *port);
char       *pb_words_duration   (PbConnection     *link,
                                 gint64            now);
char       *pb_words_bytes      (gint64            bytes);
char       *pb_words_error      (const GError     *error);
char       *pb_words_strip_mnemonic (const char   *label);
const char *pb_words_relation   (PbGraphRelation   relation,
                                 PbConnectionKind  selected);

G_END_DECLS
