/* fuzz-common.h
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What every fuzz target shares: the input cut into fields, and a check
 * that stops the run with a message libFuzzer keeps next to the input. */

/* The input as NUL-separated fields. Each field is a copy with a NUL at its
 * end, so that a target can pass it on as a C string; a field with a NUL
 * of its own cannot occur (NUL is the separator), as no caller of the core
 * can pass one in a string. */
typedef struct {
  const uint8_t *data;
  size_t         size;
  size_t         offset;
} FuzzInput;

static inline void
fuzz_input_init (FuzzInput     *input,
                 const uint8_t *data,
                 size_t         size)
{
  input->data = data;
  input->size = size;
  input->offset = 0;
}

static inline gboolean
fuzz_input_done (const FuzzInput *input)
{
  return input->offset >= input->size;
}

/* Returns: (transfer full): the next field, "" once the input is used up */
static inline char *
fuzz_input_next (FuzzInput *input,
                 gsize     *length)
{
  const uint8_t *start = input->data + MIN (input->offset, input->size);
  size_t left = input->size - MIN (input->offset, input->size);
  const uint8_t *end = memchr (start, '\0', left);
  size_t len = end != NULL ? (size_t)(end - start) : left;

  input->offset += len + 1;
  if (length != NULL)
    *length = len;

  return g_strndup ((const char *)start, len);
}

/* The next field's first byte, as flags; 0 once the input is used up. */
static inline guint8
fuzz_input_byte (FuzzInput *input)
{
  guint8 byte = 0;

  if (input->offset < input->size)
    byte = input->data[input->offset++];

  return byte;
}

/* A broken invariant: print what broke and abort, so that libFuzzer saves
 * the input as a crash. */
#define fuzz_check(expr, ...) \
  G_STMT_START { \
    if (G_UNLIKELY (!(expr))) \
      { \
        g_printerr ("%s:%d: invariant broken: %s\n  ", __FILE__, __LINE__, #expr); \
        g_printerr (__VA_ARGS__); \
        g_printerr ("\n"); \
        abort (); \
      } \
  } G_STMT_END

/* A critical or a warning (a failed g_return_if_fail() in the core or in
 * GLib) is a bug: abort, which libFuzzer reports with the input, rather than
 * GLib's breakpoint trap. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput written = g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  const char *message = "";

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      message = fields[i].value;

  /* GLib's own bug, not ours: GKeyFile sets its error twice for a value
   * with a bad escape that also ends in a backslash (a line `x=a\;b\`),
   * and warns about itself; Plugboard reads such a value as no value. */
  if (g_str_has_prefix (message, "GError set over the top of a previous GError") &&
      strstr (message, "Key file contains") != NULL)
    return written;

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();

  return written;
}

/* libFuzzer's entry points. Each target is its own program that includes
 * this header once, so the one-time setup is defined here for all of them;
 * each target defines LLVMFuzzerTestOneInput(). */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  return 0;
}

static inline gboolean
fuzz_is_utf8 (const char *text)
{
  return text == NULL || g_utf8_validate (text, -1, NULL);
}
