/* pb-settings.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-settings.h"

/**
 * pb_settings_dup:
 *
 * The front ends also run from a build tree, or from a prefix whose schemas
 * were never compiled: then there are no settings, and the built-in
 * defaults apply.
 *
 * Returns: (transfer full) (nullable): Plugboard's settings, or %NULL when
 *   the schema is not installed
 */
GSettings *
pb_settings_dup (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/**
 * pb_settings_has_key:
 * @settings: (nullable): what pb_settings_dup() returned
 * @key: a key name
 *
 * Returns: whether @settings exist and their schema has @key (an older
 *   installed schema may lack a newer key)
 */
gboolean
pb_settings_has_key (GSettings  *settings,
                     const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return FALSE;

  g_object_get (settings, "settings-schema", &schema, NULL);

  return g_settings_schema_has_key (schema, key);
}
