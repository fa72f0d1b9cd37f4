/* pb-cell.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PB_TYPE_CELL (pb_cell_get_type ())

/* A cell of pb_cell_factory_new(): a label, and a spinner for the state. */
G_DECLARE_FINAL_TYPE (PbCell, pb_cell, PB, CELL, GtkWidget)

/**
 * PbCellKind:
 * @PB_CELL_TEXT: a string property
 * @PB_CELL_LIST: a string-array property, comma-separated
 * @PB_CELL_YES_NO: a boolean property, as "Yes" or "No"
 * @PB_CELL_STATE: the state in words with its icon, or what the row's
 *   teardown is doing beside a spinner while it is in flight (`busy`)
 * @PB_CELL_TYPE: the type in words, with its icon
 * @PB_CELL_PORT_NAME: a port as a person knows it (a Bluetooth phone's name)
 * @PB_CELL_LINK: the name of the link a port carries
 * @PB_CELL_DEVICES: a link's devices, named as the Ports page names them
 * @PB_CELL_DURATION: how long a link has been connected, counting each second
 *   while a page holds the clock (pb_cell_hold_clock())
 * @PB_CELL_RECEIVED: the bytes a link received
 * @PB_CELL_SENT: the bytes a link sent
 * @PB_CELL_VIA: what the row rides on (#PbGraph): a drive's link
 * @PB_CELL_CARRIES: what rides on the row: a link's drives and VPNs
 *
 * What a column's cell shows of its row's #PbConnection.
 */
typedef enum
{
  PB_CELL_TEXT,
  PB_CELL_LIST,
  PB_CELL_YES_NO,
  PB_CELL_STATE,
  PB_CELL_TYPE,
  PB_CELL_PORT_NAME,
  PB_CELL_LINK,
  PB_CELL_DEVICES,
  PB_CELL_DURATION,
  PB_CELL_RECEIVED,
  PB_CELL_SENT,
  PB_CELL_VIA,
  PB_CELL_CARRIES,
} PbCellKind;

/**
 * PbCellSpec:
 * @kind: what the cell shows
 * @property: the #PbConnection property a text, list or yes/no cell shows
 * @ellipsize: whether long text is cut short with "…" to fit the column
 *
 * One column's cells. A page's columns are a static array of these.
 */
typedef struct
{
  PbCellKind  kind;
  const char *property;
  gboolean    ellipsize;
} PbCellSpec;

GtkListItemFactory *pb_cell_factory_new   (const PbCellSpec *spec);
void                pb_cell_hold_clock    (void);
void                pb_cell_release_clock (void);
GtkListItem        *pb_cell_find_list_item (GtkWidget       *widget,
                                            GtkWidget       *stop);
char               *pb_cell_dup_link_name  (const char      *handle);

G_END_DECLS
