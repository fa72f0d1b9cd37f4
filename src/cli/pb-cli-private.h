/* pb-cli-private.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "plugboard.h"

G_BEGIN_DECLS

/* What every command shares: the main loop it runs until all its work is
 * done (L4), the global options, and the sources it loaded. */
typedef struct _PbCli
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  guint         holds;
  int           exit_status;

  /* Global options */
  gboolean      json;
  gboolean      needs_ports; /* pb_cli_load_nm() builds the port source too */
  char         *server_name;
  char         *link_types;   /* --link-types, comma-separated */

  /* Loaded on demand by pb_cli_load_nm() */
  PbServer     *server;
  PbLinkSource *links;
  PbPortSource *ports;

  /* Loaded on demand by pb_cli_load_drives() */
  PbDriveSource *drives;
} PbCli;

/* Exit status for a command line the CLI cannot parse (see README). */
#define PB_CLI_EXIT_USAGE 2

typedef struct _PbCliCommand
{
  const char *name;
  const char *parameters; /* synopsis after the name, untranslated */
  const char *summary;    /* N_() */
  gboolean    uses_nm;    /* takes --server and --link-types */
  /* Parses argv (argv[0] is the command name) and starts the work. Returns an
   * exit status to stop at once, or -1 to run the main loop until every hold
   * is released. */
  int       (*run) (PbCli  *cli,
                    int     argc,
                    char  **argv);
} PbCliCommand;

extern const PbCliCommand pb_cli_command_list;
extern const PbCliCommand pb_cli_command_drive_map;
extern const PbCliCommand pb_cli_command_drive_remember;
extern const PbCliCommand pb_cli_command_drive_cancel;
extern const PbCliCommand pb_cli_command_restore;
extern const PbCliCommand pb_cli_command_hangup;
extern const PbCliCommand pb_cli_command_port_disconnect;

/* Starts a command's work once the sources it needs are loaded; from then
 * on it owns @run. */
typedef void (*PbCliStart) (PbCli    *cli,
                            gpointer  run);

/* A command waiting for its sources, see pb_cli_load_done(). */
typedef struct
{
  PbCli          *cli;
  PbCliStart      start;
  gpointer        run;
  GDestroyNotify  free_run;
} PbCliLoad;

/* pb-cli-context.c */
void      pb_cli_hold            (PbCli               *cli);
void      pb_cli_release         (PbCli               *cli);
int       pb_cli_exit_status     (const GError        *error);
void      pb_cli_fail            (PbCli               *cli,
                                  const GError        *error);
void      pb_cli_fail_json       (PbCli               *cli,
                                  const GError        *error,
                                  JsonNode            *json);
void      pb_cli_warn            (PbCli               *cli,
                                  const char          *format,
                                  ...) G_GNUC_PRINTF (2, 3);
int       pb_cli_usage_error     (PbCli               *cli,
                                  const PbCliCommand  *command,
                                  const char          *message);
gboolean  pb_cli_parse           (PbCli               *cli,
                                  const PbCliCommand  *command,
                                  const GOptionEntry  *entries,
                                  int                 *argc,
                                  char              ***argv,
                                  int                 *exit_status);
PbCliLoad *pb_cli_load_new       (PbCli               *cli,
                                  PbCliStart           start,
                                  gpointer             run,
                                  GDestroyNotify       free_run);
void      pb_cli_load_done       (PbCliLoad           *load,
                                  const GError        *error);
void      pb_cli_load_nm         (PbCli               *cli,
                                  PbCliStart           start,
                                  gpointer             run,
                                  GDestroyNotify       free_run);

/* pb-cli-teardown.c: what hangup and port-disconnect share, one teardown of
 * a link or port named on the command line */
typedef struct _PbCliTeardown PbCliTeardown;

/* Reads what the report needs from the row before it goes and starts the
 * teardown with pb_cli_teardown_done() as its callback. */
typedef void (*PbCliTeardownStart)  (PbCliTeardown *run);
/* Prints what was done. */
typedef void (*PbCliTeardownReport) (PbCliTeardown *run,
                                     double         elapsed_ms,
                                     const char    *elapsed_text);

struct _PbCliTeardown
{
  PbCli               *cli;
  char                *target;  /* the link's handle or the port's name */
  char                *device;  /* hangup --device, or NULL */
  char                *detail;  /* the link's name, or the link the port carried */
  int                  timeout; /* --timeout, or 0 */
  PbCliTeardownStart   start;
  PbCliTeardownReport  report;

  gint64               started;
  guint                sigint_id;
  guint                sigterm_id;
};

void      pb_cli_apply_settings  (PbCli               *cli);
gboolean  pb_cli_check_timeout   (PbCli               *cli,
                                  const PbCliCommand  *command,
                                  int                  seconds,
                                  int                 *exit_status);
int       pb_cli_teardown_run    (PbCli               *cli,
                                  const char          *target,
                                  const char          *device,
                                  int                  timeout,
                                  PbCliTeardownStart   start,
                                  PbCliTeardownReport  report);
void      pb_cli_teardown_done   (GObject             *source,
                                  GAsyncResult        *result,
                                  gpointer             user_data);
void      pb_cli_print_teardown  (PbCli               *cli,
                                  const char          *text,
                                  double               elapsed_ms,
                                  const char          *first_name,
                                  ...) G_GNUC_NULL_TERMINATED;

/* pb-cli-drives.c */
void      pb_cli_load_drives     (PbCli               *cli,
                                  PbCliStart           start,
                                  gpointer             run,
                                  GDestroyNotify       free_run);

/* pb-cli-output.c */
void      pb_cli_print_json      (JsonNode            *node);
JsonNode *pb_cli_error_to_json   (const GError        *error);
JsonNode *pb_cli_item_to_json    (PbConnection        *item);
void      pb_cli_print_items     (PbCli               *cli,
                                  GListModel          *model);

G_END_DECLS
