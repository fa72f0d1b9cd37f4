/* pb-preferences-dialog.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pb-preferences-dialog.h"
#include "pb-settings.h"

/**
 * PbPreferencesDialog:
 *
 * The settings the session applies live (pb-settings.h): which kinds of
 * connection are links, how long a teardown may take, and whether the
 * indicator reconnects remembered drives at sign-in. Each control writes its
 * key at once; every front end follows the change.
 */
struct _PbPreferencesDialog
{
  GtkWindow       parent_instance;

  /* Template widgets */
  GtkLabel       *unavailable_label;
  GtkBox         *types_box;
  GtkSpinButton  *timeout_spin;
  GtkCheckButton *restore_check;

  /* Owned */
  GSettings      *settings;
  GPtrArray      *type_checks;
  gboolean        syncing;
};

G_DEFINE_FINAL_TYPE (PbPreferencesDialog, pb_preferences_dialog, GTK_TYPE_WINDOW)

/* One check button per kind a person recognises; some are two of
 * NetworkManager's types (GSM and CDMA are both mobile broadband). */
static const struct
{
  const char *label;  /* N_(), with a mnemonic */
  const char *types[3];
} link_kinds[] = {
  { N_("_Mobile broadband"), { "gsm", "cdma", NULL } },
  { N_("_PPPoE"), { "pppoe", NULL } },
  { N_("_Bluetooth"), { "bluetooth", NULL } },
  { N_("_VPN"), { "vpn", NULL } },
  { N_("Wire_Guard"), { "wireguard", NULL } },
  { N_("Wire_d"), { "802-3-ethernet", NULL } },
  { N_("Wi-_Fi"), { "802-11-wireless", NULL } },
};

static void
sync_checks (PbPreferencesDialog *self)
{
  g_auto(GStrv) types = g_settings_get_strv (self->settings, "link-types");

  self->syncing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (link_kinds); i++)
    gtk_check_button_set_active (g_ptr_array_index (self->type_checks, i),
                                 g_strv_contains ((const char * const *)types, link_kinds[i].types[0]));
  self->syncing = FALSE;
}

/* The key keeps the types the dialog does not show (a type added by hand),
 * and the order of the rest. */
static void
on_type_toggled (PbPreferencesDialog *self)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) types = NULL;

  if (self->syncing || self->settings == NULL)
    return;

  old = g_settings_get_strv (self->settings, "link-types");
  for (guint i = 0; old[i] != NULL; i++)
    {
      gboolean shown = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (link_kinds); k++)
        shown |= g_strv_contains (link_kinds[k].types, old[i]);
      if (!shown)
        g_strv_builder_add (builder, old[i]);
    }

  for (guint k = 0; k < G_N_ELEMENTS (link_kinds); k++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->type_checks, k)))
      g_strv_builder_addv (builder, (const char **)link_kinds[k].types);

  types = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "link-types", (const char * const *)types);
}

static void
pb_preferences_dialog_dispose (GObject *object)
{
  PbPreferencesDialog *self = PB_PREFERENCES_DIALOG (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->type_checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_PREFERENCES_DIALOG);

  G_OBJECT_CLASS (pb_preferences_dialog_parent_class)->dispose (object);
}

static void
pb_preferences_dialog_class_init (PbPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_preferences_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plugboard/Plugboard/pb-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesDialog, unavailable_label);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesDialog, types_box);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesDialog, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesDialog, restore_check);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_preferences_dialog_init (PbPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->type_checks = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (link_kinds); i++)
    {
      GtkWidget *check = gtk_check_button_new_with_mnemonic (_(link_kinds[i].label));
      g_autofree char *name = g_strdup (_(link_kinds[i].label));
      char *underline;

      /* Read without its mnemonic's underscore. */
      while ((underline = strchr (name, '_')) != NULL)
        memmove (underline, underline + 1, strlen (underline));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_type_toggled), self);
      gtk_box_append (self->types_box, check);
      g_ptr_array_add (self->type_checks, check);
    }

  self->settings = pb_settings_dup ();
  if (self->settings == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->unavailable_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->types_box), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->timeout_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->restore_check), FALSE);
      return;
    }

  sync_checks (self);
  g_signal_connect_swapped (self->settings, "changed::link-types", G_CALLBACK (sync_checks), self);
  g_settings_bind (self->settings, "teardown-timeout", self->timeout_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "restore-at-login", self->restore_check, "active", G_SETTINGS_BIND_DEFAULT);
}

/**
 * pb_preferences_dialog_new:
 * @parent: the main window
 *
 * Returns: (transfer none): the dialog, shown
 */
PbPreferencesDialog *
pb_preferences_dialog_new (GtkWindow *parent)
{
  PbPreferencesDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (PB_TYPE_PREFERENCES_DIALOG,
                       "transient-for", parent,
                       "application", gtk_window_get_application (parent),
                       NULL);
  gtk_window_present (GTK_WINDOW (self));

  return self;
}
