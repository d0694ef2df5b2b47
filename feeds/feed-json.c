/* SPDX-License-Identifier: GPL-3.0-or-later
 * feed-json.c: JSON Feed 1.0 and 1.1 (https://jsonfeed.org) -> PrecisFeed,
 * with json-glib.
 *
 * Mapping (as in the conformance contract): title, home_page_url -> link,
 * description -> subtitle, language, icon -> image_url, authors[0].name
 * (1.1) else author.name (1.0) -> author; per item id (numbers written as
 * strings), title, url -> link, author as for the feed, date_published,
 * date_modified, summary (else the content), content_html (else
 * content_text), tags, attachments (url, mime_type, size_in_bytes).
 * Members of the wrong JSON type are ignored.  Bozo when the text is not
 * JSON, or lacks a recognised version or an items array.
 *
 * json-glib builds the whole tree (O(n) memory); its parser is iterative
 * enough for the 10 MiB input cap and rejects nesting deeper than its own
 * limit.  Cost: O(n).
 */
#include "json-depth.h"
#include "precis-feeds.h"
#include "feed-private.h"

#include <json-glib/json-glib.h>
#include <string.h>

static char *
member_string(JsonObject *o, const char *name)
{
  if (o == NULL || !json_object_has_member(o, name))
    return NULL;
  JsonNode *n = json_object_get_member(o, name);
  if (n == NULL || JSON_NODE_TYPE(n) != JSON_NODE_VALUE)
    return NULL;
  GType t = json_node_get_value_type(n);
  if (t == G_TYPE_STRING)
    return g_strdup(json_node_get_string(n));
  if (t == G_TYPE_INT64)
    return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(n));
  if (t == G_TYPE_DOUBLE) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    double d = json_node_get_double(n);
    if (d == (double)(gint64)d && d < 1e15 && d > -1e15)
      return g_strdup_printf("%" G_GINT64_FORMAT, (gint64)d);
    return g_strdup(g_ascii_dtostr(buf, sizeof buf, d));
  }
  return NULL;
}

/* Only string members, for text fields. */
static char *
member_text(JsonObject *o, const char *name)
{
  if (o == NULL || !json_object_has_member(o, name))
    return NULL;
  JsonNode *n = json_object_get_member(o, name);
  if (n == NULL || JSON_NODE_TYPE(n) != JSON_NODE_VALUE ||
      json_node_get_value_type(n) != G_TYPE_STRING)
    return NULL;
  return g_strdup(json_node_get_string(n));
}

static JsonObject *
member_object(JsonObject *o, const char *name)
{
  if (o == NULL || !json_object_has_member(o, name))
    return NULL;
  JsonNode *n = json_object_get_member(o, name);
  return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static JsonArray *
member_array(JsonObject *o, const char *name)
{
  if (o == NULL || !json_object_has_member(o, name))
    return NULL;
  JsonNode *n = json_object_get_member(o, name);
  return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

static char *
author_of(JsonObject *o)
{
  JsonArray *authors = member_array(o, "authors");
  if (authors != NULL && json_array_get_length(authors) > 0) {
    JsonNode *first = json_array_get_element(authors, 0);
    if (JSON_NODE_HOLDS_OBJECT(first)) {
      char *name = member_text(json_node_get_object(first), "name");
      if (name != NULL)
        return name;
    }
  }
  return member_text(member_object(o, "author"), "name");
}

static char *
date_of(JsonObject *o, const char *name)
{
  g_autofree char *s = member_text(o, name);
  return s ? precis_date_parse(s) : NULL;
}

static void
parse_item(PrecisFeed *feed, JsonObject *o)
{
  PrecisFeedItem *it = precis__feed_item_new();

  it->id = member_string(o, "id");
  it->title = member_text(o, "title");
  it->link = member_text(o, "url");
  it->author = author_of(o);
  it->published = date_of(o, "date_published");
  it->updated = date_of(o, "date_modified");
  it->content = member_text(o, "content_html");
  if (it->content == NULL)
    it->content = member_text(o, "content_text");
  it->summary = member_text(o, "summary");
  if (it->summary == NULL)
    it->summary = g_strdup(it->content);
  /* A string where an array belongs is read as its characters, as the
   * contract's spec mapping (a Python loop over the value) does. */
  g_autofree char *tag_string = member_text(o, "tags");
  for (const char *c = tag_string; c && *c; c = g_utf8_next_char(c)) {
    if (!g_unichar_isspace(g_utf8_get_char(c)))
      g_ptr_array_add(it->categories, g_strndup(c, g_utf8_next_char(c) - c));
  }
  JsonArray *tags = member_array(o, "tags");
  for (guint i = 0; tags && i < json_array_get_length(tags); i++) {
    JsonNode *n = json_array_get_element(tags, i);
    if (JSON_NODE_TYPE(n) == JSON_NODE_VALUE &&
        json_node_get_value_type(n) == G_TYPE_STRING &&
        *json_node_get_string(n))
      g_ptr_array_add(it->categories, g_strdup(json_node_get_string(n)));
  }
  JsonArray *att = member_array(o, "attachments");
  for (guint i = 0; att && i < json_array_get_length(att); i++) {
    JsonNode *n = json_array_get_element(att, i);
    if (!JSON_NODE_HOLDS_OBJECT(n))
      continue;
    JsonObject *a = json_node_get_object(n);
    PrecisEnclosure *enc = g_new0(PrecisEnclosure, 1);
    enc->url = member_text(a, "url");
    enc->type = member_text(a, "mime_type");
    enc->length = member_string(a, "size_in_bytes");
    g_ptr_array_add(it->enclosures, enc);
  }
  g_ptr_array_add(feed->items, it);
}

gboolean
precis__feed_parse_json(PrecisFeed *feed, const char *data, gsize len)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  g_autoptr(GError) error = NULL;

  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  if (precis__json_too_deep(data, len)) {
    feed->bozo = TRUE;
    feed->bozo_reason = g_strdup("JSON nested too deeply");
    return FALSE;
  }
  if (!g_utf8_validate_len(data, len, NULL) ||
      !json_parser_load_from_data(parser, data, (gssize)len, &error)) {
    feed->bozo = TRUE;
    feed->bozo_reason = g_strdup(error ? error->message : "invalid UTF-8");
    return FALSE;
  }
  JsonNode *root = json_parser_get_root(parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
    feed->bozo = TRUE;
    feed->bozo_reason = g_strdup("JSON document is not an object");
    return FALSE;
  }
  JsonObject *o = json_node_get_object(root);
  g_autofree char *version = member_text(o, "version");
  const char *v = "";
  if (version != NULL) {
    const char *rest = NULL;
    if (g_str_has_prefix(version, "https://jsonfeed.org/version/"))
      rest = version + strlen("https://jsonfeed.org/version/");
    else if (g_str_has_prefix(version, "http://jsonfeed.org/version/"))
      rest = version + strlen("http://jsonfeed.org/version/");
    if (rest && (strcmp(rest, "1") == 0 || strcmp(rest, "1/") == 0))
      v = "json1";
    else if (rest && (strcmp(rest, "1.1") == 0 || strcmp(rest, "1.1/") == 0))
      v = "json11";
  }
  g_free(feed->version);
  feed->version = g_strdup(v);
  JsonArray *items = member_array(o, "items");
  if (*v == '\0' || items == NULL) {
    feed->bozo = TRUE;
    feed->bozo_reason =
        g_strdup(*v ? "JSON Feed without items" : "not a JSON Feed version");
  }
  feed->title = member_text(o, "title");
  feed->link = member_text(o, "home_page_url");
  feed->subtitle = member_text(o, "description");
  feed->language = member_text(o, "language");
  feed->image_url = member_text(o, "icon");
  feed->author = author_of(o);
  for (guint i = 0; items && i < json_array_get_length(items); i++) {
    JsonNode *n = json_array_get_element(items, i);
    if (JSON_NODE_HOLDS_OBJECT(n))
      parse_item(feed, json_node_get_object(n));
  }
  return TRUE;
}
