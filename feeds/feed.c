/* SPDX-License-Identifier: GPL-3.0-or-later
 * feed.c: precis_feed_parse() orchestration and the feed types' lifetime.
 *
 * Bytes that start (after a BOM and blanks) with '{' are a JSON Feed
 * (feed-json.c); everything else is decoded to UTF-8 (feed-encoding.c) and
 * read as XML (feed-xml.c).  The result is always a PrecisFeed: a document
 * in which nothing feed-like is recognised gives version "" and no items,
 * so that callers (precis feed --dump-json) can still report encoding and
 * bozo.  Invariants: every string is UTF-8 or NULL; items and
 * categories/enclosures arrays are never NULL.  Cost: O(n) in the input.
 */
#include "precis-feeds.h"
#include "feed-private.h"

#include <string.h>

PrecisFeedItem *
precis__feed_item_new(void)
{
  PrecisFeedItem *item = g_new0(PrecisFeedItem, 1);
  item->categories = g_ptr_array_new_with_free_func(g_free);
  item->enclosures =
      g_ptr_array_new_with_free_func((GDestroyNotify)precis__enclosure_free);
  return item;
}

void
precis__enclosure_free(PrecisEnclosure *enc)
{
  if (enc == NULL)
    return;
  g_free(enc->url);
  g_free(enc->type);
  g_free(enc->length);
  g_free(enc);
}

void
precis__feed_item_free(PrecisFeedItem *item)
{
  if (item == NULL)
    return;
  g_free(item->id);
  g_free(item->title);
  g_free(item->link);
  g_free(item->author);
  g_free(item->published);
  g_free(item->updated);
  g_free(item->summary);
  g_free(item->content);
  g_ptr_array_unref(item->categories);
  g_ptr_array_unref(item->enclosures);
  g_free(item);
}

void
precis_feed_free(PrecisFeed *feed)
{
  if (feed == NULL)
    return;
  g_free(feed->version);
  g_free(feed->bozo_reason);
  g_free(feed->encoding);
  g_free(feed->title);
  g_free(feed->link);
  g_free(feed->subtitle);
  g_free(feed->language);
  g_free(feed->updated);
  g_free(feed->published);
  g_free(feed->author);
  g_free(feed->image_url);
  g_ptr_array_unref(feed->items);
  g_free(feed);
}

gboolean
precis_feed_is_feed(const PrecisFeed *feed)
{
  return feed != NULL && feed->version != NULL && *feed->version != '\0';
}

static gboolean
looks_like_json(const char *data, gsize len)
{
  gsize i = 0;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace(data[i]))
    i++;
  return i < len && data[i] == '{';
}

PrecisFeed *
precis_feed_parse(const char *data, gsize len, const char *charset,
                  const char *base_url, GError **error)
{
  g_return_val_if_fail(data != NULL || len == 0, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  g_autoptr(PrecisFeed) feed = g_new0(PrecisFeed, 1);
  feed->items =
      g_ptr_array_new_with_free_func((GDestroyNotify)precis__feed_item_free);
  feed->version = g_strdup("");
  if (data == NULL)
    data = "";

  if (looks_like_json(data, len)) {
    feed->encoding = g_strdup("utf-8");
    precis__feed_parse_json(feed, data, len);
    return g_steal_pointer(&feed);
  }
  gboolean enc_bozo = FALSE;
  gsize utf8_len = 0;
  g_autofree char *utf8 = precis__feed_decode(
      data, len, charset, &feed->encoding, &enc_bozo, &utf8_len);
  if (enc_bozo) {
    feed->bozo = TRUE;
    feed->bozo_reason = g_strdup_printf(
        "document declared in another encoding, parsed as %s", feed->encoding);
  }
  precis__feed_parse_xml(feed, utf8, utf8_len, base_url);
  return g_steal_pointer(&feed);
}
