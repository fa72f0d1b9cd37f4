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

/* What every command shares: the global options, the one PbSession it asks
 * for what it needs, the one operation it starts there, and the main loop
 * that runs until that operation has finished (L4). */
typedef struct _PbCli
{
  GMainLoop    *loop;
  int           exit_status;
  guint         done : 1;

  /* Global options */
  gboolean      json;
  char        **servers;      /* every --server, as given */
  char         *server_name;  /* the one server of a command that takes one */
  char         *link_types;   /* --link-types, comma-separated */
  guint         timeout;      /* --timeout, or 0 for the setting */

  /* The command's session and operation */
  PbSession    *session;
  PbOperation  *op;
  guint         signal_ids[3];
} PbCli;

/* Exit status for a command line the CLI cannot parse (see README). */
#define PB_CLI_EXIT_USAGE 2

/* The value of an int option nobody gave. */
#define PB_CLI_UNSET G_MININT

typedef struct _PbCliCommand
{
  const char *name;
  const char *parameters;   /* synopsis after the name, untranslated */
  const char *summary;      /* N_() */
  const char *description;  /* N_(): --help's text after the options, or NULL */
  gboolean    uses_nm;      /* takes --server and --link-types */
  gboolean    many_servers; /* takes --server more than once (list) */
  /* Parses argv (argv[0] is the command name) and starts the work. Returns an
   * exit status to stop at once, or -1 to run the main loop until
   * pb_cli_done(). */
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
extern const PbCliCommand pb_cli_command_connect;

/* pb-cli-context.c */
void      pb_cli_done            (PbCli               *cli);
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
gboolean  pb_cli_check_timeout   (PbCli               *cli,
                                  const PbCliCommand  *command,
                                  int                  seconds,
                                  int                 *exit_status);

/* Takes @password, a secret to free with secret_password_free(). */
typedef void (*PbCliPasswordRead) (PbCli               *cli,
                                   char                *password,
                                   gpointer             data);
void      pb_cli_read_password   (PbCli               *cli,
                                  PbCliPasswordRead    done,
                                  gpointer             data,
                                  GDestroyNotify       free_data);

/* pb-cli-session.c: the one session and the one operation of a command */

/* Called once the session is loaded, or could not be (@error). */
typedef void (*PbCliLoaded) (PbCli        *cli,
                             const GError *error,
                             gpointer      data);
/* Prints what a succeeded operation did. */
typedef void (*PbCliReport) (PbCli        *cli,
                             PbOperation  *op,
                             gpointer      data);

PbSession *pb_cli_new_session    (PbCli               *cli,
                                  const char          *server,
                                  PbSessionParts       parts);
void      pb_cli_load            (PbCli               *cli,
                                  PbSessionParts       parts,
                                  PbCliLoaded          loaded,
                                  gpointer             data);
void      pb_cli_start           (PbCli               *cli,
                                  const char          *action,
                                  GVariant            *parameter,
                                  PbCliReport          report,
                                  gpointer             data,
                                  GDestroyNotify       free_data);
int       pb_cli_run_action      (PbCli               *cli,
                                  PbSessionParts       parts,
                                  const char          *action,
                                  GVariant            *parameter,
                                  PbCliReport          report,
                                  gpointer             data,
                                  GDestroyNotify       free_data);
void      pb_cli_print_result    (PbCli               *cli,
                                  const char          *text,
                                  double               elapsed_ms,
                                  const char          *first_name,
                                  ...) G_GNUC_NULL_TERMINATED;
char     *pb_cli_dup_server_label (PbCli              *cli);
const char *pb_cli_get_server_name (PbCli             *cli);

/* pb-cli-output.c */
void      pb_cli_setup_output    (gboolean             json);
char     *pb_cli_escape          (const char          *text,
                                  gboolean             json,
                                  gboolean             keep_lines);
void      pb_cli_print_json      (JsonNode            *node);
JsonNode *pb_cli_error_to_json   (const GError        *error);
JsonNode *pb_cli_item_to_json    (PbConnection        *item);
void      pb_cli_print_items     (PbCli               *cli,
                                  GListModel          *model,
                                  GPtrArray           *graphs);

/* pb-cli-graph.c */
void      pb_cli_add_edges       (GPtrArray           *graphs,
                                  JsonObject          *object,
                                  PbConnection        *item);
gboolean  pb_cli_parse_drives    (const char          *value,
                                  gboolean             force,
                                  PbCarriedDrives     *policy);
JsonNode *pb_cli_carried_to_json (PbOperation         *op);
void      pb_cli_print_carried   (PbCli               *cli,
                                  PbOperation         *op);

G_END_DECLS
