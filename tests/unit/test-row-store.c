/* test-row-store.c
 *
 * Copyright 2026 The Plugboard authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plugboard.h"
#include "pb-row-store.h"

/* A view sees a source only through items-changed: each test replays every
 * emission on a mirror list, the way a GtkListView would, and checks that
 * the mirror ends up equal to the store, with no more emissions than the
 * change needs and the rows that stay untouched (DESIGN: exact
 * items-changed, never a rebuild). */

typedef struct {
  PbRowStore *store;
  GPtrArray  *mirror;   /* PbConnection, as a view would hold them */
  GPtrArray  *backends; /* GObject, all the backend objects of the test */
  GString    *changes;  /* "position-removed+added;" per emission */
  guint       created;
  guint       dropped;
} Fixture;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  g_assert_cmpuint (position + removed, <=, f->mirror->len);
  g_ptr_array_remove_range (f->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (f->mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (f->mirror->len, ==, g_list_model_get_n_items (model));
  g_string_append_printf (f->changes, "%u-%u+%u;", position, removed, added);
}

static PbConnection *
create_row (gpointer  data,
            GObject  *backend)
{
  Fixture *f = data;
  PbConnection *item = pb_connection_new (PB_CONNECTION_KIND_LINK, NULL);

  pb_connection_set_name (item, g_object_get_data (backend, "name"));
  f->created++;

  return item;
}

static void
drop_row (gpointer  data,
          GObject  *backend)
{
  Fixture *f = data;

  /* The row is still there when its drop runs, so a source can disconnect
   * what it connected to the backend through the row. */
  g_assert_nonnull (pb_row_store_lookup (f->store, backend));
  f->dropped++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const char * const names[] = { "a", "b", "c", "d", "e", "f", "g", NULL };

  f->store = pb_row_store_new ();
  f->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  f->backends = g_ptr_array_new_with_free_func (g_object_unref);
  f->changes = g_string_new (NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      GObject *backend = g_object_new (G_TYPE_OBJECT, NULL);

      g_object_set_data (backend, "name", (gpointer)names[i]);
      g_ptr_array_add (f->backends, backend);
    }
  g_signal_connect (f->store, "items-changed", G_CALLBACK (on_items_changed), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->mirror, g_ptr_array_unref);
  g_clear_pointer (&f->backends, g_ptr_array_unref);
  g_string_free (f->changes, TRUE);
}

/* Syncs to the backends named by @names ("abc" = the first three). */
static void
sync_to (Fixture    *f,
         const char *names)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();

  for (const char *c = names; *c != '\0'; c++)
    g_ptr_array_add (wanted, g_ptr_array_index (f->backends, *c - 'a'));

  g_string_truncate (f->changes, 0);
  pb_row_store_sync (f->store, wanted, create_row, drop_row, f);
}

static char *
names_of (GListModel *model)
{
  GString *names = g_string_new (NULL);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (model, i);

      g_string_append (names, pb_connection_get_name (item));
    }

  return g_string_free (names, FALSE);
}

static void
assert_mirror_true (Fixture *f)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->store));

  g_assert_cmpuint (f->mirror->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbConnection) item = g_list_model_get_item (G_LIST_MODEL (f->store), i);

      g_assert_true (item == g_ptr_array_index (f->mirror, i));
    }
}

static void
test_row_store_items_changed_exact (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *after_first = NULL;
  g_autofree char *after_gaps = NULL;
  g_autofree char *after_run = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->store)) == PB_TYPE_CONNECTION);

  /* New rows arrive in one emission, in the backend's order. */
  sync_to (f, "abcde");
  g_assert_cmpstr (f->changes->str, ==, "0-0+5;");
  after_first = names_of (G_LIST_MODEL (f->store));
  g_assert_cmpstr (after_first, ==, "abcde");
  assert_mirror_true (f);

  /* Nothing changed: nothing is emitted and nothing is made again. */
  sync_to (f, "abcde");
  g_assert_cmpstr (f->changes->str, ==, "");
  g_assert_cmpuint (f->created, ==, 5);

  /* Two rows leave from apart (each its own removal, the later first so that
   * the earlier position still holds) and two new ones are appended. */
  sync_to (f, "acefg");
  g_assert_cmpstr (f->changes->str, ==, "3-1+0;1-1+0;3-0+2;");
  after_gaps = names_of (G_LIST_MODEL (f->store));
  g_assert_cmpstr (after_gaps, ==, "acefg");
  g_assert_cmpuint (f->dropped, ==, 2);
  assert_mirror_true (f);

  /* Neighbours leave in one emission. */
  sync_to (f, "ag");
  g_assert_cmpstr (f->changes->str, ==, "1-3+0;");
  after_run = names_of (G_LIST_MODEL (f->store));
  g_assert_cmpstr (after_run, ==, "ag");
  assert_mirror_true (f);

  /* Clearing is one emission and drops every row. */
  g_string_truncate (f->changes, 0);
  pb_row_store_clear (f->store, drop_row, f);
  g_assert_cmpstr (f->changes->str, ==, "0-2+0;");
  g_assert_cmpuint (f->dropped, ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 0);
  assert_mirror_true (f);
}

static void
test_row_store_rows_stable (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PbConnection) a = NULL;
  g_autoptr(PbConnection) c = NULL;
  g_autoptr(PbConnection) a_after = NULL;
  g_autoptr(PbConnection) c_after = NULL;

  sync_to (f, "abc");
  a = g_list_model_get_item (G_LIST_MODEL (f->store), 0);
  c = g_list_model_get_item (G_LIST_MODEL (f->store), 2);

  /* A row that stays is the same object, whatever else comes and goes: a
   * view keeps its widgets and selection. */
  sync_to (f, "acd");
  a_after = g_list_model_get_item (G_LIST_MODEL (f->store), 0);
  c_after = g_list_model_get_item (G_LIST_MODEL (f->store), 1);
  g_assert_true (a == a_after);
  g_assert_true (c == c_after);
  g_assert_cmpuint (f->created, ==, 4);

  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->store), 3));
}

static void
test_row_store_lookup (Fixture       *f,
                       gconstpointer  data)
{
  GObject *b = g_ptr_array_index (f->backends, 1);
  PbConnection *row;

  g_assert_null (pb_row_store_lookup (f->store, b));

  sync_to (f, "abc");
  row = pb_row_store_lookup (f->store, b);
  g_assert_nonnull (row);
  g_assert_cmpstr (pb_connection_get_name (row), ==, "b");
  g_assert_true (pb_connection_get_backend (row) == b);

  /* The row holds its backend: the store does not need the caller's. */
  g_assert_cmpuint (G_OBJECT (b)->ref_count, ==, 2);

  sync_to (f, "ac");
  g_assert_null (pb_row_store_lookup (f->store, b));
  g_assert_cmpuint (G_OBJECT (b)->ref_count, ==, 1);
  g_assert_nonnull (pb_row_store_lookup (f->store, g_ptr_array_index (f->backends, 2)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/row-store/items-changed-exact", Fixture, NULL,
              fixture_setup, test_row_store_items_changed_exact, fixture_teardown);
  g_test_add ("/row-store/rows-stable", Fixture, NULL,
              fixture_setup, test_row_store_rows_stable, fixture_teardown);
  g_test_add ("/row-store/lookup", Fixture, NULL,
              fixture_setup, test_row_store_lookup, fixture_teardown);

  return g_test_run ();
}
