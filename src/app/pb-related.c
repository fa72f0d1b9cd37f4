/* pb-related.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-application.h"
#include "pb-related.h"

/**
 * PbRelated:
 *
 * The row selected in a window, and the rows on every page that it rides
 * on or that ride on it (pb_graph_dup_related()), kept current as the
 * graph changes. The pages share one per window (pb_related_for_widget()):
 * each gives it the row selected on it, and a selection on one page clears
 * the others', so that "the selected link" the marked rows speak of is one
 * row. The cells mark their rows from it (pb-cell.c).
 */
struct _PbRelated
{
  GObject       parent_instance;

  /* Owned */
  PbGraph      *graph;
  PbConnection *item;
  GHashTable   *relations; /* PbConnection → PbGraphRelation */
};

G_DEFINE_FINAL_TYPE (PbRelated, pb_related, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
pb_related_update (PbRelated *self)
{
  g_clear_pointer (&self->relations, g_hash_table_unref);
  if (self->item != NULL && self->graph != NULL)
    self->relations = pb_graph_dup_related (self->graph, self->item);

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
pb_related_dispose (GObject *object)
{
  PbRelated *self = (PbRelated *)object;

  if (self->graph != NULL)
    g_signal_handlers_disconnect_by_data (self->graph, self);
  g_clear_object (&self->graph);
  g_clear_object (&self->item);
  g_clear_pointer (&self->relations, g_hash_table_unref);

  G_OBJECT_CLASS (pb_related_parent_class)->dispose (object);
}

static void
pb_related_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PbRelated *self = PB_RELATED (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_related_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PbRelated *self = PB_RELATED (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      pb_related_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_related_class_init (PbRelatedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_related_dispose;
  object_class->get_property = pb_related_get_property;
  object_class->set_property = pb_related_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, "The row selected in the window", PB_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PbRelated::changed:
   *
   * The rows related to the selected one may have changed: the selection
   * did, or the graph.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pb_related_init (PbRelated *self)
{
}

/**
 * pb_related_new:
 * @graph: (nullable): what rides on what
 *
 * Returns: (transfer full): nothing selected yet
 */
PbRelated *
pb_related_new (PbGraph *graph)
{
  PbRelated *self;

  g_return_val_if_fail (graph == NULL || PB_IS_GRAPH (graph), NULL);

  self = g_object_new (PB_TYPE_RELATED, NULL);
  if (graph != NULL)
    {
      self->graph = g_object_ref (graph);
      g_signal_connect_object (graph, "changed", G_CALLBACK (pb_related_update), self, G_CONNECT_SWAPPED);
    }

  return self;
}

/**
 * pb_related_for_widget:
 * @widget: a widget in a window
 *
 * The pages and cells of a window find the one they share through the
 * window, which owns it; the window itself need not know.
 *
 * Returns: (transfer none) (nullable): @widget's window's, made on first
 *   use; %NULL while @widget is in no window
 */
PbRelated *
pb_related_for_widget (GtkWidget *widget)
{
  static GQuark quark;
  GtkRoot *root;
  PbRelated *related;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  if (quark == 0)
    quark = g_quark_from_static_string ("pb-related");

  root = gtk_widget_get_root (widget);
  if (root == NULL)
    return NULL;

  related = g_object_get_qdata (G_OBJECT (root), quark);
  if (related == NULL)
    {
      PbSession *session = pb_application_get_default_session ();

      related = pb_related_new (session != NULL ? pb_session_get_graph (session) : NULL);
      g_object_set_qdata_full (G_OBJECT (root), quark, related, g_object_unref);
    }

  return related;
}

/**
 * pb_related_get_item:
 *
 * Returns: (transfer none) (nullable): the row selected in the window
 */
PbConnection *
pb_related_get_item (PbRelated *self)
{
  g_return_val_if_fail (PB_IS_RELATED (self), NULL);

  return self->item;
}

/**
 * pb_related_set_item:
 * @item: (nullable): the row selected now, or %NULL for none
 */
void
pb_related_set_item (PbRelated    *self,
                     PbConnection *item)
{
  g_return_if_fail (PB_IS_RELATED (self));
  g_return_if_fail (item == NULL || PB_IS_CONNECTION (item));

  if (!g_set_object (&self->item, item))
    return;

  pb_related_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * pb_related_get_relation:
 * @row: a row of any page
 *
 * Returns: how @row stands to the selected row; none for the selected row
 *   itself, and for every row while nothing is selected
 */
PbGraphRelation
pb_related_get_relation (PbRelated    *self,
                         PbConnection *row)
{
  g_return_val_if_fail (PB_IS_RELATED (self), PB_GRAPH_RELATION_NONE);

  if (self->relations == NULL || row == NULL)
    return PB_GRAPH_RELATION_NONE;

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->relations, row));
}
