/* SPDX-License-Identifier: GPL-3.0-or-later
 * feed-dump.c: PrecisFeed -> the "precis-feed-dump-json/1" object of the
 * conformance contract (version, bozo, encoding, feed{...}, entries[...]),
 * with fixed key order, on one line.  Strings are re-validated as UTF-8
 * (never trusted to be) and escaped by json-glib.  Cost: O(size of feed).
 */
#include "precis-feeds.h"
#include "feed-private.h"

#include <json-glib/json-glib.h>

static void
add_string(JsonBuilder *b, const char *key, const char *value)
{
  json_builder_set_member_name(b, key);
  if (value == NULL) {
    json_builder_add_null_value(b);
  } else if (g_utf8_validate(value, -1, NULL)) {
    json_builder_add_string_value(b, value);
  } else {
    g_autofree char *valid = g_utf8_make_valid(value, -1);
    json_builder_add_string_value(b, valid);
  }
}

char *
precis_feed_to_json(const PrecisFeed *feed)
{
  g_return_val_if_fail(feed != NULL, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new();

  json_builder_begin_object(b);
  add_string(b, "version", feed->version ? feed->version : "");
  json_builder_set_member_name(b, "bozo");
  json_builder_add_boolean_value(b, feed->bozo);
  add_string(b, "encoding", feed->encoding);
  json_builder_set_member_name(b, "feed");
  json_builder_begin_object(b);
  add_string(b, "title", feed->title);
  add_string(b, "link", feed->link);
  add_string(b, "subtitle", feed->subtitle);
  add_string(b, "language", feed->language);
  add_string(b, "updated", feed->updated);
  add_string(b, "published", feed->published);
  add_string(b, "author", feed->author);
  add_string(b, "image_url", feed->image_url);
  json_builder_end_object(b);
  json_builder_set_member_name(b, "entries");
  json_builder_begin_array(b);
  for (guint i = 0; feed->items && i < feed->items->len; i++) {
    const PrecisFeedItem *it = feed->items->pdata[i];
    json_builder_begin_object(b);
    add_string(b, "id", it->id);
    add_string(b, "title", it->title);
    add_string(b, "link", it->link);
    add_string(b, "author", it->author);
    add_string(b, "published", it->published);
    add_string(b, "updated", it->updated);
    add_string(b, "summary", it->summary);
    add_string(b, "content", it->content);
    json_builder_set_member_name(b, "categories");
    json_builder_begin_array(b);
    for (guint j = 0; it->categories && j < it->categories->len; j++) {
      const char *c = it->categories->pdata[j];
      g_autofree char *valid = g_utf8_make_valid(c, -1);
      json_builder_add_string_value(b, valid);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "enclosures");
    json_builder_begin_array(b);
    for (guint j = 0; it->enclosures && j < it->enclosures->len; j++) {
      const PrecisEnclosure *e = it->enclosures->pdata[j];
      json_builder_begin_object(b);
      add_string(b, "url", e->url);
      add_string(b, "type", e->type);
      add_string(b, "length", e->length);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);

  g_autoptr(JsonNode) root = json_builder_get_root(b);
  g_autoptr(JsonGenerator) gen = json_generator_new();
  json_generator_set_root(gen, root);
  return json_generator_to_data(gen, NULL);
}
