/* pb-drive-error.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "pb-drive-error.h"

/* umount(8), fusermount and GVfs say why in words; the words that name a
 * cause are the same in every release we know (util-linux prints them
 * untranslated when the caller's locale has no catalogue, and the tests run
 * in C). Matched case-insensitively anywhere in the message. */
static const char * const busy_words[] = {
  "target is busy", "device is busy", "device or resource busy", NULL
};
static const char * const denied_words[] = {
  "must be superuser", "operation not permitted", "permission denied", "not allowed", NULL
};
static const char * const unsupported_words[] = {
  "not supported", "not implemented", NULL
};

static gboolean
says (const char         *message,
      const char * const *words)
{
  g_autofree char *folded = g_ascii_strdown (message, -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (folded, words[i]) != NULL)
      return TRUE;

  return FALSE;
}

/**
 * pb_drive_error_classify:
 * @cause: what the backend said: a #GIOError from GVfs, an errno-domain
 *   error, or umount's message as %G_IO_ERROR_FAILED
 *
 * Busy is %PB_ERROR_DEVICE_IN_USE (D3); not permitted is
 * %PB_ERROR_ACCESS_DENIED; an operation the backend lacks (a mount that
 * cannot be unmounted, a location no GVfs backend mounts) is
 * %PB_ERROR_CALL_NOT_IMPLEMENTED; anything else is %PB_ERROR_EXTENDED with
 * the backend's own message (D9). A PB_ERROR keeps its code.
 */
PbError
pb_drive_error_classify (const GError *cause)
{
  g_return_val_if_fail (cause != NULL, PB_ERROR_EXTENDED);

  if (cause->domain == PB_ERROR)
    return cause->code;

  if (cause->domain == G_IO_ERROR)
    switch (cause->code)
      {
      case G_IO_ERROR_BUSY:
        return PB_ERROR_DEVICE_IN_USE;
      case G_IO_ERROR_PERMISSION_DENIED:
        return PB_ERROR_ACCESS_DENIED;
      case G_IO_ERROR_NOT_SUPPORTED:
        return PB_ERROR_CALL_NOT_IMPLEMENTED;
      default:
        break;
      }

  if (cause->domain == G_FILE_ERROR)
    switch (cause->code)
      {
      case G_FILE_ERROR_PERM:
      case G_FILE_ERROR_ACCES:
        return PB_ERROR_ACCESS_DENIED;
      default:
        break;
      }

  if (cause->message == NULL)
    return PB_ERROR_EXTENDED;
  if (says (cause->message, busy_words))
    return PB_ERROR_DEVICE_IN_USE;
  if (says (cause->message, denied_words))
    return PB_ERROR_ACCESS_DENIED;
  if (says (cause->message, unsupported_words))
    return PB_ERROR_CALL_NOT_IMPLEMENTED;

  return PB_ERROR_EXTENDED;
}

/**
 * pb_drive_error_new_unmount:
 * @label: the drive's local name
 * @cause: why its unmount failed
 *
 * Returns: (transfer full): the error a cancel reports, by cause (see
 *   pb_drive_error_classify()); the one for %PB_ERROR_DEVICE_IN_USE does not
 *   name the holders (the cancel does, when it can tell)
 */
GError *
pb_drive_error_new_unmount (const char   *label,
                            const GError *cause)
{
  PbError code = pb_drive_error_classify (cause);

  switch (code)
    {
    case PB_ERROR_DEVICE_IN_USE:
      return g_error_new (PB_ERROR, code, _("Cannot disconnect %s even by force: it is still in use (%s). Close "
                                            "the programs using it, then try again."), label, cause->message);
    case PB_ERROR_ACCESS_DENIED:
      return g_error_new (PB_ERROR, code, _("Cannot disconnect %s: the system does not let you unmount it (%s). "
                                            "Ask the user who mounted it, or an administrator."),
                          label, cause->message);
    case PB_ERROR_CALL_NOT_IMPLEMENTED:
      return g_error_new (PB_ERROR, code, _("Cannot disconnect %s: its backend cannot unmount it (%s)."),
                          label, cause->message);
    default:
      if (cause->domain == PB_ERROR)
        return g_error_copy (cause);
      return g_error_new (PB_ERROR, PB_ERROR_EXTENDED, _("Cannot disconnect %s: %s"), label, cause->message);
    }
}

/**
 * pb_drive_error_new_map:
 * @uri: what was being mounted
 * @cause: why GVfs did not mount it
 *
 * Returns: (transfer full): the error a map reports: a location no GVfs
 *   backend can mount is %PB_ERROR_CALL_NOT_IMPLEMENTED (gvfsd answers
 *   %G_IO_ERROR_NOT_MOUNTED, "Location is not mountable"), a refusal
 *   %PB_ERROR_ACCESS_DENIED, anything else %PB_ERROR_EXTENDED (D9)
 */
GError *
pb_drive_error_new_map (const char   *uri,
                        const GError *cause)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  if (cause->domain == PB_ERROR)
    return g_error_copy (cause);

  /* gvfsd answers a mount of a location no backend of it handles with
   * G_IO_ERROR_NOT_MOUNTED, "Location is not mountable" (GVfs 1.50); a
   * backend that lacks mounting says G_IO_ERROR_NOT_SUPPORTED. */
  if (cause->domain == G_IO_ERROR &&
      (cause->code == G_IO_ERROR_NOT_SUPPORTED || cause->code == G_IO_ERROR_NOT_MOUNTED))
    return g_error_new (PB_ERROR, PB_ERROR_CALL_NOT_IMPLEMENTED,
                        _("Cannot map %s: GVfs has no backend that mounts %s: locations (%s). Install the GVfs "
                          "backend for it, or use another protocol the server offers."),
                        uri, scheme ? scheme : "?", cause->message);

  if (cause->domain == G_IO_ERROR && cause->code == G_IO_ERROR_PERMISSION_DENIED)
    return g_error_new (PB_ERROR, PB_ERROR_ACCESS_DENIED, _("Cannot map %s: %s"), uri, cause->message);

  /* The bus answered for gvfsd, which left it with the mount unanswered:
   * killed or crashed. Whatever it had begun went with it. */
  if (g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED))
    return g_error_new (PB_ERROR, PB_ERROR_EXTENDED,
                        _("Cannot map %s: GVfs stopped during the map (gvfsd left the session bus: %s), so it is "
                          "not mapped and nothing was remembered. Map it again."),
                        uri, cause->message);

  return g_error_new (PB_ERROR, PB_ERROR_EXTENDED, _("Cannot map %s: %s"), uri, cause->message);
}

/**
 * pb_drive_error_new_map_backend_died:
 * @uri: what was being mounted
 * @cause: the bus's "no reply"
 *
 * Returns: (transfer full): the error of a map whose GVfs backend left the
 *   bus (killed or crashed) before it answered, while gvfsd stayed
 */
GError *
pb_drive_error_new_map_backend_died (const char   *uri,
                                     const GError *cause)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  return g_error_new (PB_ERROR, PB_ERROR_EXTENDED,
                      _("Cannot map %s: GVfs's %s backend stopped during the map (%s), so it is not mapped and "
                        "nothing was remembered. Map it again."),
                      uri, scheme ? scheme : "?", cause->message);
}
