/* SPDX-License-Identifier: GPL-3.0-or-later
 * json-loader.c: json-glib is loaded the first time JSON is parsed or
 * written (JSON Feed, JSON-LD in pages, --json output), not at process
 * start.  json-glib brings GIO with it, and GIO libmount, libselinux,
 * libblkid and GModule; mapping and relocating them costs about 2.5 ms of
 * CPU per process, as much as digesting 25 plain text articles, and
 * `precis summarize FILE` without --json never touches JSON.
 *
 * Built only with -DPRECIS_LAZY_JSON=ON (the default; feeds/CMakeLists.txt
 * then does not link json-glib and passes its SONAME as
 * PRECIS_JSONGLIB_SONAME), in the manner of curl-loader.c; gio-loader.c
 * does the same for the few GIO and GObject calls precis makes itself.
 * This file defines the json-glib functions precis calls, with json-glib's
 * own prototypes; each forwards to the real one, resolved once with
 * dlopen/dlsym (thread-safe through g_once).  The definitions are hidden
 * (G_GNUC_INTERNAL), so they never interpose on a json-glib that the host
 * process (the plugin's mail client) loads itself.  The macros
 * JSON_NODE_HOLDS_* and JSON_NODE_TYPE call json_node_get_node_type; the
 * autoptr cleanups of JsonParser, JsonBuilder and JsonGenerator call
 * g_object_unref (gio-loader.c).
 *
 * Invariants: with json-glib not linked, a function not listed here fails
 * to link the feeds library's users, so a new json_* call in feeds/ or cli/
 * must be added below (the ctest summarizer-lazy-libs checks that the
 * precis program does not need json-glib at start).  When json-glib cannot
 * be loaded (a broken installation: the package depends on it) the process
 * exits with status 127 and one line on stderr, as it would have failed to
 * start with json-glib linked.
 * Cost: one dlopen at the first call (about 2.5 ms); then one indirect call
 * per call.
 */
#ifdef PRECIS_JSONGLIB_SONAME

#include "lazy-lib.h"

#include <glib.h>
#include <json-glib/json-glib.h>

/* Every forwarded function: name, return type, parameters, arguments. */
#define JSON_FUNCTIONS(X)                                                      \
  X(json_array_get_element, JsonNode *, (JsonArray * array, guint index),      \
    (array, index))                                                            \
  X(json_array_get_length, guint, (JsonArray * array), (array))                \
  X(json_builder_add_boolean_value, JsonBuilder *,                             \
    (JsonBuilder * builder, gboolean value), (builder, value))                 \
  X(json_builder_add_double_value, JsonBuilder *,                              \
    (JsonBuilder * builder, gdouble value), (builder, value))                  \
  X(json_builder_add_int_value, JsonBuilder *,                                 \
    (JsonBuilder * builder, gint64 value), (builder, value))                   \
  X(json_builder_add_null_value, JsonBuilder *, (JsonBuilder * builder),       \
    (builder))                                                                 \
  X(json_builder_add_string_value, JsonBuilder *,                              \
    (JsonBuilder * builder, const gchar *value), (builder, value))             \
  X(json_builder_add_value, JsonBuilder *,                                     \
    (JsonBuilder * builder, JsonNode * node), (builder, node))                 \
  X(json_builder_begin_array, JsonBuilder *, (JsonBuilder * builder),          \
    (builder))                                                                 \
  X(json_builder_begin_object, JsonBuilder *, (JsonBuilder * builder),         \
    (builder))                                                                 \
  X(json_builder_end_array, JsonBuilder *, (JsonBuilder * builder), (builder)) \
  X(json_builder_end_object, JsonBuilder *, (JsonBuilder * builder),           \
    (builder))                                                                 \
  X(json_builder_get_root, JsonNode *, (JsonBuilder * builder), (builder))     \
  X(json_builder_new, JsonBuilder *, (void), ())                               \
  X(json_builder_set_member_name, JsonBuilder *,                               \
    (JsonBuilder * builder, const gchar *name), (builder, name))               \
  X(json_from_string, JsonNode *, (const char *str, GError **error),           \
    (str, error))                                                              \
  X(json_generator_new, JsonGenerator *, (void), ())                           \
  X(json_generator_to_data, gchar *,                                           \
    (JsonGenerator * generator, gsize * length), (generator, length))          \
  X(json_node_copy, JsonNode *, (JsonNode * node), (node))                     \
  X(json_node_get_array, JsonArray *, (JsonNode * node), (node))               \
  X(json_node_get_double, gdouble, (JsonNode * node), (node))                  \
  X(json_node_get_int, gint64, (JsonNode * node), (node))                      \
  X(json_node_get_node_type, JsonNodeType, (JsonNode * node), (node))          \
  X(json_node_get_object, JsonObject *, (JsonNode * node), (node))             \
  X(json_node_get_string, const gchar *, (JsonNode * node), (node))            \
  X(json_node_get_value_type, GType, (JsonNode * node), (node))                \
  X(json_object_get_member, JsonNode *,                                        \
    (JsonObject * object, const gchar *name), (object, name))                  \
  X(json_object_get_members, GList *, (JsonObject * object), (object))         \
  X(json_object_has_member, gboolean,                                          \
    (JsonObject * object, const gchar *name), (object, name))                  \
  X(json_parser_get_root, JsonNode *, (JsonParser * parser), (parser))         \
  X(json_parser_load_from_data, gboolean,                                      \
    (JsonParser * parser, const gchar *data, gssize length, GError **error),   \
    (parser, data, length, error))                                             \
  X(json_parser_new, JsonParser *, (void), ())                                 \
  X(json_parser_new_immutable, JsonParser *, (void), ())                       \
  X(json_to_string, char *, (JsonNode * node, gboolean pretty), (node, pretty))

/* The same for functions returning nothing. */
#define JSON_VOID_FUNCTIONS(X)                                                 \
  X(json_generator_set_root, (JsonGenerator * generator, JsonNode * node),     \
    (generator, node))                                                         \
  X(json_node_unref, (JsonNode * node), (node))

static struct {
  JSON_FUNCTIONS(PRECIS_LAZY_DECLARE)
  JSON_VOID_FUNCTIONS(PRECIS_LAZY_DECLARE_VOID)
} real;

static gpointer
load_once(gpointer data)
{
  (void)data;
  const char *soname = PRECIS_JSONGLIB_SONAME;
  void *lib = precis__lazy_open(soname);
  JSON_FUNCTIONS(PRECIS_LAZY_RESOLVE)
  JSON_VOID_FUNCTIONS(PRECIS_LAZY_RESOLVE)
  return lib; /* stays loaded for the process */
}

/* Resolves every function on the first call. */
static inline void
load(void)
{
  static GOnce once = G_ONCE_INIT;
  g_once(&once, load_once, NULL);
}

JSON_FUNCTIONS(PRECIS_LAZY_FORWARD)
JSON_VOID_FUNCTIONS(PRECIS_LAZY_FORWARD_VOID)

#else
/* json-glib is linked normally (-DPRECIS_LAZY_JSON=OFF). */
typedef int precis_json_loader_unused;
#endif
