/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-page.c: the page cleaner (HTML) and the text-residue cleaner.
 *
 * Without arguments: the unit tests below (sniffing, charsets, metadata,
 * JSON-LD, boilerplate, captions, bylines, pathological pages).  With one
 * argument: a data case, tests/data/page/NNN-slug.html or .txt, checked
 * against NNN-slug.expected, which holds optional "title: ", "byline: ",
 * "date: ", "language: ", "site: " and "url: " lines, a "---" line, then
 * the exact body text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "precis-feeds.h"

#include <stdio.h>
#include <string.h>

static PrecisArticle *
page(const char *html, GError **error)
{
  return precis_page_extract(html, strlen(html), NULL, NULL, error);
}

static PrecisArticle *
page_ok(const char *html)
{
  g_autoptr(GError) error = NULL;
  PrecisArticle *a = page(html, &error);
  if (a == NULL)
    fail_msg("extract failed: %s", error->message);
  return a;
}

/* An article body of @n paragraphs of plain prose. */
static char *
prose(guint n)
{
  static const char *const sentences[] = {
      "The council met on Tuesday evening to discuss the plans for the new "
      "bridge, which would link the two halves of the town for the first "
      "time since the old one was washed away.",
      "Residents who spoke at the meeting said that they were worried about "
      "the cost, but most of them agreed that the town needed a crossing "
      "that could carry buses and lorries.",
      "The engineers who drew up the design said that the work would take "
      "about two years and that the river would stay open to boats for the "
      "whole of that time.",
      /* Parenthesized: clang's -Wstring-concatenation takes a lone
       * two-literal element for a missing comma. */
      ("A final decision is expected in the spring, when the council will "
       "also vote on the budget for the roads and the harbour."),
  };
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf(s, "<p>%s</p>\n",
                           sentences[i % G_N_ELEMENTS(sentences)]);
  return g_string_free(s, FALSE);
}

/* ---- Sniffing ------------------------------------------------------------ */

static void
test_sniff_kinds(void **state)
{
  (void)state;
  const char *html = "<!DOCTYPE html><html><body><p>x</p></body></html>";
  assert_int_equal(precis_content_sniff(html, strlen(html), NULL),
                   PRECIS_CONTENT_HTML);
  const char *frag = "  <p>Hello</p><p>world</p>";
  assert_int_equal(precis_content_sniff(frag, strlen(frag), NULL),
                   PRECIS_CONTENT_HTML);
  const char *rss = "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">"
                    "<channel></channel></rss>";
  assert_int_equal(precis_content_sniff(rss, strlen(rss), NULL),
                   PRECIS_CONTENT_FEED);
  const char *atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>";
  assert_int_equal(precis_content_sniff(atom, strlen(atom), NULL),
                   PRECIS_CONTENT_FEED);
  const char *rdf = "<?xml version=\"1.0\"?><rdf:RDF></rdf:RDF>";
  assert_int_equal(precis_content_sniff(rdf, strlen(rdf), NULL),
                   PRECIS_CONTENT_FEED);
  const char *jf = "{\"version\": \"https://jsonfeed.org/version/1.1\"}";
  assert_int_equal(precis_content_sniff(jf, strlen(jf), NULL),
                   PRECIS_CONTENT_FEED);
  const char *text = "Just a line of text.\n\nAnd another one.";
  assert_int_equal(precis_content_sniff(text, strlen(text), NULL),
                   PRECIS_CONTENT_TEXT);
  const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  assert_int_equal(precis_content_sniff(png, sizeof png - 1, NULL),
                   PRECIS_CONTENT_BINARY);
  const char nul[] = "abc\0def";
  assert_int_equal(precis_content_sniff(nul, sizeof nul - 1, NULL),
                   PRECIS_CONTENT_BINARY);
}

static void
test_sniff_content_type(void **state)
{
  (void)state;
  const char *text = "plain words here";
  assert_int_equal(precis_content_sniff(text, strlen(text), "text/html"),
                   PRECIS_CONTENT_HTML);
  assert_int_equal(
      precis_content_sniff(text, strlen(text), "application/rss+xml"),
      PRECIS_CONTENT_FEED);
  assert_int_equal(precis_content_sniff(text, strlen(text), "image/png"),
                   PRECIS_CONTENT_BINARY);
  assert_int_equal(precis_content_sniff(text, strlen(text), "text/plain"),
                   PRECIS_CONTENT_TEXT);
}

/* ---- Charsets ------------------------------------------------------------ */

static char *
latin1_page(const char *meta)
{
  /* "café" and "Zürich" in ISO-8859-1 bytes. */
  g_autofree char *body = prose(3);
  return g_strdup_printf("<html><head>%s</head><body><article>"
                         "<p>The caf\xE9 in Z\xFCrich opened its doors, and "
                         "the owners said that they were happy with the "
                         "first week of trade.</p>%s</article></body></html>",
                         meta, body);
}

static void
test_charset_meta_latin1(void **state)
{
  (void)state;
  g_autofree char *html = latin1_page("<meta charset=\"iso-8859-1\">");
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_non_null(strstr(a->text, "The caf\xC3\xA9 in Z\xC3\xBCrich"));
}

static void
test_charset_undeclared_detected(void **state)
{
  (void)state;
  g_autofree char *html = latin1_page("");
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_non_null(strstr(a->text, "The caf\xC3\xA9 in Z\xC3\xBCrich"));
}

static void
test_charset_http_wins(void **state)
{
  (void)state;
  /* The page says UTF-8, HTTP says latin1, the bytes are latin1. */
  g_autofree char *html = latin1_page("<meta charset=\"utf-8\">");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a =
      precis_page_extract(html, strlen(html), "ISO-8859-1", NULL, &error);
  assert_non_null(a);
  assert_non_null(strstr(a->text, "The caf\xC3\xA9 in Z\xC3\xBCrich"));
}

static void
test_charset_wrong_declared(void **state)
{
  (void)state;
  /* UTF-8 bytes that declare windows-1252: the declaration is wrong. */
  g_autofree char *body = prose(3);
  g_autofree char *html = g_strdup_printf(
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
      "charset=windows-1252\"></head><body><p>The caf\xC3\xA9 in "
      "Z\xC3\xBCrich opened its doors, and the owners said that they were "
      "happy with the first week of trade.</p>%s</body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_non_null(strstr(a->text, "The caf\xC3\xA9 in Z\xC3\xBCrich"));
  assert_null(strstr(a->text, "\xC3\x83"));
}

static void
test_charset_utf16_bom(void **state)
{
  (void)state;
  g_autofree char *body = prose(3);
  g_autofree char *html = g_strdup_printf("<html><body>%s</body></html>", body);
  glong n = 0;
  g_autofree gunichar2 *u16 = g_utf8_to_utf16(html, -1, NULL, &n, NULL);
  gsize len = 2 + (gsize)n * 2;
  g_autofree char *bytes = g_malloc(len);
  bytes[0] = (char)0xFF;
  bytes[1] = (char)0xFE;
  for (glong i = 0; i < n; i++) {
    bytes[2 + 2 * i] = (char)(u16[i] & 0xFF);
    bytes[3 + 2 * i] = (char)(u16[i] >> 8);
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a =
      precis_page_extract(bytes, len, NULL, NULL, &error);
  assert_non_null(a);
  assert_non_null(strstr(a->text, "The council met on Tuesday evening"));
}

static void
test_charset_invalid_bytes_replaced(void **state)
{
  (void)state;
  g_autofree char *body = prose(40);
  /* Lots of UTF-8 and one stray byte: UTF-8 with U+FFFD. */
  g_autofree char *html = g_strdup_printf(
      "<html><body><p>Caf\xC3\xA9 \xC3\xA9t\xC3\xA9 na\xC3\xAFve "
      "\xC3\xBC\xC3\xB6\xC3\xA4 r\xC3\xA9sum\xC3\xA9 \xFF and then the "
      "rest of the sentence follows, as the reporters said that it "
      "would.</p>%s</body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_true(g_utf8_validate(a->text, -1, NULL));
  assert_non_null(strstr(a->text, "\xEF\xBF\xBD"));
  assert_non_null(strstr(a->text, "r\xC3\xA9sum\xC3\xA9"));
}

static void
test_charset_double_encoded(void **state)
{
  (void)state;
  g_autofree char *body = prose(3);
  /* UTF-8 read as windows-1252 (U+2019 -> "\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2")
   * and as ISO-8859-1 (U+00E9 -> "\xC3\x83\xC2\xA9"), then written as
   * UTF-8 again: the original characters come back. */
  g_autofree char *html = g_strdup_printf(
      "<html><body><p>The caf\xC3\x83\xC2\xA9\xE2\x80\x99s owner "
      "didn\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t know; the mayor "
      "hadn\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t said so, and the "
      "reporters wrote that it would not be long.</p>%s</body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_non_null(strstr(a->text, "The caf\xC3\xA9\xE2\x80\x99s owner "
                                  "didn\xE2\x80\x99t know; the mayor "
                                  "hadn\xE2\x80\x99t said"));
}

static void
test_charset_lone_pair_kept(void **state)
{
  (void)state;
  g_autofree char *body = prose(3);
  /* One "\xC3\x83\xC2\xBC" alone may be meant: text is left as it is. */
  g_autofree char *html = g_strdup_printf(
      "<html><body><p>The sign said \xC3\x83\xC2\xBC in large letters, "
      "and the reporters wrote that nobody could tell what it "
      "meant.</p>%s</body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_non_null(strstr(a->text, "said \xC3\x83\xC2\xBC in large"));
}

/* ---- Metadata ------------------------------------------------------------ */

static void
test_meta_tags(void **state)
{
  (void)state;
  g_autofree char *body = prose(4);
  g_autofree char *html = g_strdup_printf(
      "<html lang=\"de-AT\"><head><title>Bridge plan approved - Town "
      "Herald</title>"
      "<meta property=\"og:site_name\" content=\"Town Herald\">"
      "<meta name=\"citation_author\" content=\"Ann Example\">"
      "<meta name=\"citation_author\" content=\"Bo Sample\">"
      "<meta name=\"DC.date.issued\" content=\"2020-02-03\">"
      "<meta name=\"twitter:description\" content=\"A bridge.\">"
      "<link rel=\"canonical\" href=\"/news/bridge\">"
      "</head><body><h1>Bridge plan approved</h1>%s</body></html>",
      body);
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a = precis_page_extract(
      html, strlen(html), NULL, "https://herald.example/x?y=1", &error);
  assert_non_null(a);
  assert_string_equal(a->title, "Bridge plan approved");
  assert_string_equal(a->site_name, "Town Herald");
  assert_string_equal(a->byline, "Ann Example, Bo Sample");
  assert_string_equal(a->date, "2020-02-03");
  assert_string_equal(a->language, "de");
  assert_string_equal(a->url, "https://herald.example/news/bridge");
  assert_string_equal(a->description, "A bridge.");
  /* The headline is a field, not part of the body. */
  assert_null(strstr(a->text, "Bridge plan approved"));
}

static void
test_meta_json_ld(void **state)
{
  (void)state;
  g_autofree char *body = prose(4);
  g_autofree char *html = g_strdup_printf(
      "<html><head><script type=\"application/ld+json\">"
      "{\"@context\":\"https://schema.org\",\"@graph\":["
      "{\"@type\":\"WebSite\",\"name\":\"Ignore Me\"},"
      "{\"@type\":[\"NewsArticle\"],\"headline\":\"Ferry returns\","
      "\"datePublished\":\"2021-07-29T09:07:13+08:00\","
      "\"author\":[{\"@type\":\"Person\",\"name\":\"Kit Marlowe\"},"
      "{\"@type\":\"Person\",\"name\":\"Jo Baker\"}],"
      "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Daily Wave\"},"
      "\"inLanguage\":\"en-GB\"}]}"
      "</script><meta property=\"og:title\" content=\"Other\"></head>"
      "<body>%s</body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_string_equal(a->title, "Ferry returns");
  assert_string_equal(a->byline, "Kit Marlowe, Jo Baker");
  assert_string_equal(a->date, "2021-07-29T01:07:13Z");
  assert_string_equal(a->site_name, "Daily Wave");
  assert_string_equal(a->language, "en");
}

static void
test_meta_json_ld_body_fallback(void **state)
{
  (void)state;
  /* A page whose markup is rendered by scripts: only JSON-LD has the text. */
  const char *html =
      "<html><head><script type=\"application/ld+json\">"
      "{\"@type\":\"Article\",\"headline\":\"Quiet night\","
      "\"articleBody\":\"The storm passed over the bay during the night "
      "without doing any damage, the coastguard said on Sunday morning.\\n"
      "Fishermen who had brought their boats into the harbour on Saturday "
      "said they would wait another day before going out again, because "
      "the sea was still rough.\\nThe ferry service, which was cancelled "
      "on Saturday afternoon, will run as normal from Monday, the operator "
      "said in a statement on its website.\\nForecasters expect calmer "
      "weather for the rest of the week, with light winds and some sun.\"}"
      "</script></head><body><div id=\"app\">Loading...</div></body></html>";
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_string_equal(a->title, "Quiet night");
  assert_true(g_str_has_prefix(a->text, "The storm passed over the bay"));
  assert_non_null(strstr(a->text, "morning.\n\nFishermen"));
}

static void
test_meta_json_ld_deep(void **state)
{
  (void)state;
  /* json-glib recurses: JSON-LD nested 100 000 deep must not reach it. */
  GString *s =
      g_string_new("<html><head><script type=\"application/ld+json\">");
  for (int i = 0; i < 100000; i++)
    g_string_append_c(s, '[');
  g_string_append(s, "</script></head><body>");
  g_autofree char *body = prose(3);
  g_string_append(s, body);
  g_string_append(s, "</body></html>");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a =
      precis_page_extract(s->str, s->len, NULL, NULL, &error);
  g_string_free(s, TRUE);
  assert_non_null(a);
  assert_true(g_str_has_prefix(a->text, "The council met on Tuesday"));
}

static void
test_meta_time_element(void **state)
{
  (void)state;
  g_autofree char *body = prose(4);
  g_autofree char *html = g_strdup_printf(
      "<html><body><article><h1>Storm</h1><time datetime=\"2019-11-05\">"
      "5 Nov</time>%s</article></body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_string_equal(a->date, "2019-11-05");
  assert_string_equal(a->title, "Storm");
}

/* ---- Content ------------------------------------------------------------- */

static void
test_boilerplate_removed(void **state)
{
  (void)state;
  g_autofree char *body = prose(6);
  g_autofree char *html = g_strdup_printf(
      "<html><body>"
      "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
      "<div class=\"cookie-notice\">We use cookies on this site to make it "
      "better for you, as most sites do.</div>"
      "<div id=\"main\"><div class=\"share-tools\"><a href=\"#\">Share on "
      "Facebook</a><a href=\"#\">Tweet</a></div>%s"
      "<p>Read more</p><p><a href=\"/a\">Related news</a></p></div>"
      "<aside><p>An aside paragraph that is long enough to be prose in "
      "its own right, and that should still be dropped from the body.</p>"
      "</aside>"
      "<div class=\"related-articles\"><h3>Related</h3><ul><li><a "
      "href=\"/b\">Another story about the bridge and the harbour</a></li>"
      "</ul></div>"
      "<div id=\"comments\"><p>What a great article, I agree with every "
      "word that was written here about the bridge and the town.</p></div>"
      "<footer><p>Copyright 2024 Town Herald. All rights reserved.</p>"
      "<a href=\"#top\">Back to top</a></footer>"
      "</body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_true(g_str_has_prefix(a->text, "The council met on Tuesday"));
  assert_true(g_str_has_suffix(a->text, "buses and lorries."));
  const char *absent[] = {"Home",      "cookies",    "Share", "Tweet",
                          "Read more", "Related",    "aside", "great article",
                          "Copyright", "Back to top"};
  for (gsize i = 0; i < G_N_ELEMENTS(absent); i++)
    if (strstr(a->text, absent[i]) != NULL)
      fail_msg("'%s' left in the body", absent[i]);
}

static void
test_captions_dropped(void **state)
{
  (void)state;
  g_autofree char *body = prose(5);
  g_autofree char *html = g_strdup_printf(
      "<html><body><article>"
      "<figure><img src=\"a.jpg\"><figcaption>The new bridge at dusk, seen "
      "from the harbour wall.</figcaption></figure>"
      "<div class=\"wp-caption\"><img src=\"b.jpg\"><p>The mayor cuts the "
      "ribbon at the opening.</p></div>"
      "%s<p>The old bridge in 1952. (Photo/Town Archive)</p>"
      "</article></body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_null(strstr(a->text, "dusk"));
  assert_null(strstr(a->text, "ribbon"));
  assert_null(strstr(a->text, "1952"));
}

static void
test_bylines_to_fields(void **state)
{
  (void)state;
  g_autofree char *body = prose(5);
  g_autofree char *html =
      g_strdup_printf("<html><body><article><h1>Bridge</h1>"
                      "<p>By Sam Writer</p><p>Published: 12 March 2022</p>"
                      "%s</article></body></html>",
                      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_string_equal(a->byline, "Sam Writer");
  assert_string_equal(a->date, "2022-03-12");
  assert_null(strstr(a->text, "Sam Writer"));
  assert_null(strstr(a->text, "March"));
}

static void
test_paragraph_structure(void **state)
{
  (void)state;
  const char *html =
      "<html><body><article>"
      "<p>The first paragraph of the story is here, and it is long enough "
      "to count as real prose in an article.</p>"
      "<h2>A heading in the story</h2>"
      "<p>The second paragraph follows the heading and also reads like "
      "prose, with a few clauses, commas and a full stop.</p>"
      "<ul><li>First item of the list</li><li>Second item of the list</li>"
      "</ul>"
      "<p>The last paragraph closes the story,<br><br>and this one is after "
      "two line breaks, which also end a paragraph.</p>"
      "</article></body></html>";
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_string_equal(
      a->text,
      "The first paragraph of the story is here, and it is long enough to "
      "count as real prose in an article.\n\n"
      "A heading in the story\n\n"
      "The second paragraph follows the heading and also reads like prose, "
      "with a few clauses, commas and a full stop.\n\n"
      "First item of the list\n\nSecond item of the list\n\n"
      "The last paragraph closes the story,\n\n"
      "and this one is after two line breaks, which also end a paragraph.");
}

/* ---- Pathological input -------------------------------------------------- */

static void
test_nested_100000(void **state)
{
  (void)state;
  GString *s = g_string_new("<html><body>");
  for (int i = 0; i < 100000; i++)
    g_string_append(s, "<div>");
  g_autofree char *body = prose(4);
  g_string_append(s, body);
  for (int i = 0; i < 100000; i++)
    g_string_append(s, "</div>");
  g_string_append(s, "</body></html>");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a =
      precis_page_extract(s->str, s->len, NULL, NULL, &error);
  g_string_free(s, TRUE);
  /* libxml2 may cap the depth; either way no crash and UTF-8 out. */
  if (a != NULL)
    assert_true(g_utf8_validate(a->text, -1, NULL));
  else
    assert_true(
        g_error_matches(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY));
}

static void
test_nested_inline_100000(void **state)
{
  (void)state;
  GString *s = g_string_new("<html><body><p>");
  for (int i = 0; i < 100000; i++)
    g_string_append(s, "<span><b>");
  g_string_append(s, "deep text");
  g_string_append(s, "</p></body></html>");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a =
      precis_page_extract(s->str, s->len, NULL, NULL, &error);
  g_string_free(s, TRUE);
  if (a != NULL)
    assert_true(g_utf8_validate(a->text, -1, NULL));
}

static void
test_large_page(void **state)
{
  (void)state;
  /* About 50 MB: a real article followed by a huge tail of link lists. */
  GString *s = g_string_sized_new(51 * 1024 * 1024);
  g_autofree char *body = prose(8);
  g_string_append(s, "<html><body><article>");
  g_string_append(s, body);
  g_string_append(s, "</article><div class=\"archive\">");
  while (s->len < 50u * 1024 * 1024)
    g_string_append(s, "<div><a href=\"/archive/item\">Archive item</a> "
                       "<a href=\"/archive/other\">Other item</a></div>\n");
  g_string_append(s, "</div></body></html>");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a =
      precis_page_extract(s->str, s->len, NULL, NULL, &error);
  g_string_free(s, TRUE);
  assert_non_null(a);
  assert_true(g_str_has_prefix(a->text, "The council met on Tuesday"));
  assert_null(strstr(a->text, "Archive item"));
}

static void
test_only_links(void **state)
{
  (void)state;
  GString *s = g_string_new("<html><body><ul>");
  for (int i = 0; i < 200; i++)
    g_string_append_printf(s, "<li><a href=\"/p/%d\">Page number %d</a></li>",
                           i, i);
  g_string_append(s, "</ul></body></html>");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a =
      precis_page_extract(s->str, s->len, NULL, NULL, &error);
  g_string_free(s, TRUE);
  assert_null(a);
  assert_true(
      g_error_matches(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY));
}

static void
test_no_body(void **state)
{
  (void)state;
  const char *html =
      "<title>Fragment</title><p>A page without html, head or body tags "
      "still has its paragraphs read, and this one is long enough to be "
      "taken as the article text.</p><p>And so is this second paragraph, "
      "which says a little more about the same thing, as they do.</p>";
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_string_equal(a->title, "Fragment");
  assert_true(g_str_has_prefix(a->text, "A page without html"));
  assert_true(g_str_has_suffix(a->text, "as they do."));
}

static void
test_binary_and_empty(void **state)
{
  (void)state;
  g_autoptr(GError) e1 = NULL;
  const char bin[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
  assert_null(precis_page_extract(bin, sizeof bin - 1, NULL, NULL, &e1));
  assert_true(g_error_matches(e1, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BINARY));

  g_autoptr(GError) e2 = NULL;
  assert_null(precis_page_extract("", 0, NULL, NULL, &e2));
  assert_true(g_error_matches(e2, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY));

  g_autoptr(GError) e3 = NULL;
  assert_null(precis_text_extract("", 0, &e3));
  assert_true(g_error_matches(e3, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY));

  g_autoptr(GError) e4 = NULL;
  assert_null(precis_text_extract(bin, sizeof bin - 1, &e4));
  assert_true(g_error_matches(e4, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BINARY));

  g_autoptr(GError) e5 = NULL;
  const char *blank = "<html><body>  \n </body></html>";
  assert_null(precis_page_extract(blank, strlen(blank), NULL, NULL, &e5));
  assert_true(g_error_matches(e5, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY));
}

/* ---- Text residue ----------------------------------------------------------
 */

static void
test_visible_headline(void **state)
{
  (void)state;
  g_autofree char *body = prose(5);
  /* The <title> names the blog; the post's title is a heading just
   * before the post, and a dek under it is not the headline. */
  g_autofree char *html = g_strdup_printf(
      "<html><head><title>Harbour Notes</title></head><body>"
      "<div id=\"top\"><h1>Harbour Notes</h1><ul><li><a href=\"/\">Home</a>"
      "<li><a href=\"/a\">About</a><li><a href=\"/b\">Archive</a><li><a "
      "href=\"/c\">Photos</a><li><a href=\"/d\">Links</a><li><a "
      "href=\"/e\">Contact</a></ul></div>"
      "<div class=\"post\"><h2>The bridge vote is set for spring</h2>"
      "<h3>Engineers say two years of work</h3>%s</div>"
      "</body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_string_equal(a->title, "The bridge vote is set for spring");
  assert_null(strstr(a->text, "vote is set"));
  /* "Headline :blog" in the <title> gives the heading as it is shown. */
  g_autofree char *html2 = g_strdup_printf(
      "<html><head><title>&#187; The bridge vote is set for spring "
      ":harbournotes</title></head><body><div class=\"post\">"
      "<h2>The bridge vote is set for spring</h2>%s</div></body></html>",
      body);
  g_autoptr(PrecisArticle) b = page_ok(html2);
  assert_string_equal(b->title, "The bridge vote is set for spring");
}

/* The blog's name as the first h1 is not the headline: "Blog: Headline"
 * gives the headline; a headline set right above the article (a date
 * between them) wins over a different social-media title. */
static void
test_site_h1_and_adjacent_headline(void **state)
{
  (void)state;
  g_autofree char *body = prose(5);
  g_autofree char *html = g_strdup_printf(
      "<html><head><title>Harbour Notes Weekly: Vote</title></head><body>"
      "<h1><a href=\"/\">Harbour Notes Weekly</a></h1><ul><li><a "
      "href=\"/\">Home</a><li><a href=\"/a\">About the harbour</a><li><a "
      "href=\"/b\">The archive</a></ul><div class=\"post\">%s</div>"
      "</body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_string_equal(a->title, "Vote");
  g_autofree char *html2 = g_strdup_printf(
      "<html><head><title>Bridge vote | Harbour Notes Weekly</title>"
      "<meta property=\"og:site_name\" content=\"Harbour Notes Weekly\">"
      "</head><body><h1>Harbour Notes Weekly</h1>"
      "<div class=\"post\">%s</div></body></html>",
      body);
  g_autoptr(PrecisArticle) b = page_ok(html2);
  assert_string_equal(b->title, "Bridge vote");
  /* A metadata title unrelated to the <title>: the URL's slug says which
   * one names the page. */
  g_autofree char *html4 = g_strdup_printf(
      "<html><head><title>Bridge vote set for spring</title>"
      "<meta property=\"og:title\" content=\"The Official Weblog of Our "
      "Town\"><link rel=\"canonical\" href=\"http://example.com/2021/07/"
      "bridge-vote-set-for-spring/\"></head><body><div class=\"post\">%s"
      "</div></body></html>",
      body);
  g_autoptr(PrecisArticle) d = page_ok(html4);
  assert_string_equal(d->title, "Bridge vote set for spring");
  g_autofree char *html5 = g_strdup_printf(
      "<html><head><title>OUR TOWN | Tutorials and news for everyone</title>"
      "<meta property=\"og:title\" content=\"Bridge vote\"><link "
      "rel=\"canonical\" href=\"http://example.com/news/bridge-vote/\">"
      "</head><body><div class=\"post\">%s</div></body></html>",
      body);
  g_autoptr(PrecisArticle) e = page_ok(html5);
  assert_string_equal(e->title, "Bridge vote");
  g_autofree char *html3 = g_strdup_printf(
      "<html><head><title>Council sets bridge vote - The Harbour Times"
      "</title><meta property=\"og:title\" content=\"Bridge vote set\">"
      "</head><body><div class=\"story\"><h1>Council sets a date for the "
      "bridge vote</h1><p>July 29, 2021</p>%s</div></body></html>",
      body);
  g_autoptr(PrecisArticle) c = page_ok(html3);
  assert_string_equal(c->title, "Council sets a date for the bridge vote");
  assert_null(strstr(c->text, "sets a date"));
}

/* A page that holds the article twice (a print version next to the
 * shown one) gives it once; a paragraph repeated inside a text stays. */
static void
test_repeated_article(void **state)
{
  (void)state;
  g_autofree char *body = prose(4);
  g_autofree char *html =
      g_strdup_printf("<html><body><article><div class=\"print\">%s</div>"
                      "<div class=\"screen\">%s</div></article></body></html>",
                      body, body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  const char *first = strstr(a->text, "The council met");
  assert_non_null(first);
  assert_null(strstr(first + 1, "The council met"));
  assert_non_null(strstr(a->text, "harbour."));
  /* The same notice under two sections of a text is not a copy. */
  g_autofree char *p1 = prose(3);
  g_autofree char *html2 = g_strdup_printf(
      "<html><body><article>%s<p>Note: the figures in this section were "
      "revised after the meeting of the committee.</p><p>The second part "
      "of the report deals with the harbour, where the boats are moored "
      "through the winter months.</p><p>Note: the figures in this section "
      "were revised after the meeting of the committee.</p></article>"
      "</body></html>",
      p1);
  g_autoptr(PrecisArticle) b = page_ok(html2);
  const char *n1 = strstr(b->text, "Note: the figures");
  assert_non_null(n1);
  assert_non_null(strstr(n1 + 1, "Note: the figures"));
}

/* Word's HTML: the conditional markers that the parser leaves as text
 * are not words of the page. */
static void
test_word_conditional_markers(void **state)
{
  (void)state;
  g_autofree char *body = prose(4);
  g_autofree char *html = g_strdup_printf(
      "<html><body><div>%s<p><![if !supportLists]>1.0 <![endif]>The club "
      "is called the Harbour Rowing Club, and its members row on the river "
      "every morning of the week.</p><p><![if !supportEmptyParas]> "
      "<![endif]></p><p>A note on <![ that is not a marker stays.</p>"
      "</div></body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_null(strstr(a->text, "supportLists"));
  assert_null(strstr(a->text, "endif"));
  assert_non_null(strstr(a->text, "1.0 The club is called"));
}

/* Teasers under the article (a linked headline, then its standfirst)
 * are not the article's last paragraphs. */
static void
test_teasers_after_article(void **state)
{
  (void)state;
  g_autofree char *body = prose(5);
  GString *t = g_string_new(NULL);
  for (int i = 0; i < 4; i++)
    g_string_append_printf(
        t,
        "<h4><a href=\"/story/%d\">Another story number %d</a></h4><p>The "
        "mayor said on Monday that the new library would open its doors to "
        "readers in the summer.</p>",
        i, i);
  g_autofree char *teasers = g_string_free(t, FALSE);
  g_autofree char *html = g_strdup_printf(
      "<html><body><div id=\"content\">%s%s</div></body></html>", body,
      teasers);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_non_null(strstr(a->text, "The council met"));
  assert_null(strstr(a->text, "library"));
}

/* A site's legal footer: a disclaimer box, and a copyright notice that
 * goes on with the site's links and terms for more than a line. */
static void
test_legal_footer_dropped(void **state)
{
  (void)state;
  g_autofree char *body = prose(5);
  g_autofree char *html = g_strdup_printf(
      "<html><body><div id=\"content\">%s</div><div class=\"disclaimer\">"
      "<p>Opinions expressed on this site are those of the authors and do "
      "not necessarily represent the opinion of the site or its staff.</p>"
      "</div><div>Copyright 2006 Harbour Media Inc. All Rights Reserved. "
      "Privacy Policy - Terms of Service - Copyright Policy - Security and "
      "Disclaimer. The information on this site is provided for your "
      "personal use only and may be changed at any time. Prices and offers "
      "are subject to change without notice. Harbour Media is not "
      "responsible for the content of the sites it links to, and a link "
      "does not mean that we endorse a site.</div></body></html>",
      body);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_non_null(strstr(a->text, "The council met"));
  assert_null(strstr(a->text, "Opinions expressed"));
  assert_null(strstr(a->text, "Rights Reserved"));
}

static void
test_comment_section_dropped(void **state)
{
  (void)state;
  g_autofree char *body = prose(3);
  /* No class names: the heading of the comments ends the article even
   * when the discussion is longer than the post. */
  GString *comments = g_string_new(NULL);
  for (guint i = 0; i < 8; i++)
    g_string_append(comments,
                    "<p>I live by the river and I think the new bridge is a "
                    "good idea, though I worry about the traffic that it "
                    "will bring through the old market square.</p>"
                    "<p>Posted by: Reader at March 12, 2022 10:15 AM</p>");
  g_autofree char *html = g_strdup_printf(
      "<html><body><div>%s<h2>12 Comments</h2>%s</div></body></html>", body,
      comments->str);
  g_string_free(comments, TRUE);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_true(g_str_has_prefix(a->text, "The council met on Tuesday"));
  assert_null(strstr(a->text, "market square"));
}

static void
test_long_unpunctuated_block(void **state)
{
  (void)state;
  /* A link-free list of dates and places written with <br>, the only text
   * of the page: content, not furniture. */
  GString *list = g_string_new("<p>");
  for (guint i = 1; i <= 12; i++)
    g_string_append_printf(list, "Round %u: %u March at the north circuit<br>",
                           i, i + 3);
  g_string_append(list, "</p>");
  g_autofree char *html =
      g_strdup_printf("<html><body><div class=\"articleBody\"><h1>Calendar "
                      "2018</h1>%s</div><div class=\"notice\"><p>Comments "
                      "that are rude to other users will not be approved by "
                      "the moderator of this site.</p></div></body></html>",
                      list->str);
  g_string_free(list, TRUE);
  g_autoptr(PrecisArticle) a = page_ok(html);
  assert_non_null(strstr(a->text, "Round 12: 15 March"));
}

static void
test_text_teasers_and_comments(void **state)
{
  (void)state;
  GString *t = g_string_new("Menu\nNews\nSport\n\n");
  /* The article: two paragraphs between photo credits. */
  g_string_append(
      t, "The ferry between the two islands ran again on Sunday, three days "
         "after the storm that closed the harbour, the operator said. The "
         "first boat left at eight in the morning with a full deck, and the "
         "second one an hour later.\n"
         "Image copyright\nGetty Images\nImage caption\n"
         "Passengers who had waited in hotels on the mainland since "
         "Thursday were the first to board, and the operator added two "
         "extra crossings for the afternoon.\n"
         "The harbour master said that the storm had been the worst in "
         "twenty years, and that the sea wall would be inspected this week.\n");
  /* Teasers: a headline and its summary, four times. */
  for (guint i = 0; i < 4; i++)
    g_string_append_printf(
        t,
        "Council approves new budget for roads number %u\n"
        "The council has approved a budget that will pay for the repair of "
        "the coast road and the harbour wall over the next %u years, the "
        "mayor said on Monday.\n",
        i, i + 2);
  g_string_append(t, "Comments\nAnna on January 16, 2023 at 9:12 am said:\n"
                     "I waited four days on the mainland, and the operator "
                     "gave us nothing at all for the hotel, which I think "
                     "was very unfair to all of the passengers.\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a = precis_text_extract(t->str, t->len, &error);
  g_string_free(t, TRUE);
  assert_non_null(a);
  assert_true(g_str_has_prefix(a->text, "The ferry between"));
  assert_non_null(strstr(a->text, "two extra crossings"));
  assert_null(strstr(a->text, "budget"));
  assert_null(strstr(a->text, "mainland, and"));
  assert_null(strstr(a->text, "Getty"));
}

static void
test_text_residue(void **state)
{
  (void)state;
  const char *text =
      "Home\nWorld\nBusiness\nSport\n\n"
      "Ferry service returns after storm\n\n"
      "2023-01-15 10:42 Harbour Times Editor: J. Smith\n\n"
      "The ferry in the harbour on Sunday. (Photo/Harbour Times)\n\n"
      "The ferry between the two islands ran again on Sunday, three days "
      "after the storm that closed the harbour, the operator said.\n\n"
      "Passengers who had waited in hotels on the mainland since Thursday "
      "were the first to board, and the operator added two extra crossings "
      "for the afternoon.\n\n"
      "Related news\n\nMore\n\n"
      "Copyright (c) 2023 Harbour Times. All rights reserved.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a = precis_text_extract(text, strlen(text), &error);
  assert_non_null(a);
  assert_string_equal(a->title, "Ferry service returns after storm");
  assert_string_equal(a->date, "2023-01-15");
  assert_string_equal(
      a->text,
      "The ferry between the two islands ran again on Sunday, three days "
      "after the storm that closed the harbour, the operator said.\n\n"
      "Passengers who had waited in hotels on the mainland since Thursday "
      "were the first to board, and the operator added two extra crossings "
      "for the afternoon.");
}

static void
test_text_clean_passthrough(void **state)
{
  (void)state;
  const char *text =
      "The ferry between the two islands ran again on Sunday, three days "
      "after the storm that closed the harbour, the operator said.\n\n"
      "Short line.\n\n"
      "Passengers who had waited in hotels on the mainland since Thursday "
      "were the first to board.\n"
      "A second line of the same paragraph, as some texts are written.\n\n"
      "Home v Away\n\nAway v Home";
  g_autoptr(GError) error = NULL;
  g_autoptr(PrecisArticle) a = precis_text_extract(text, strlen(text), &error);
  assert_non_null(a);
  assert_string_equal(a->text, text);
  assert_null(a->title);
}

/* ---- Data cases ------------------------------------------------------------
 */

static void
test_data_case(void **state)
{
  const char *path = *state;
  g_autofree char *data = NULL, *expected = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  assert_true(g_file_get_contents(path, &data, &len, &error));
  const char *dot = strrchr(path, '.');
  assert_non_null(dot);
  g_autofree char *stem = g_strndup(path, dot - path);
  g_autofree char *exp_path = g_strconcat(stem, ".expected", NULL);
  assert_true(g_file_get_contents(exp_path, &expected, NULL, &error));

  g_autoptr(PrecisArticle) a =
      g_str_has_suffix(path, ".txt")
          ? precis_text_extract(data, len, &error)
          : precis_page_extract(data, len, NULL, NULL, &error);
  if (a == NULL)
    fail_msg("%s: %s", path, error->message);

  char *sep = strstr(expected, "---\n");
  assert_non_null(sep);
  *sep = '\0';
  g_autofree char *body = g_strdup(sep + 4);
  g_strchomp(body);
  g_auto(GStrv) lines = g_strsplit(expected, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    const char *l = lines[i];
    const char *colon = strstr(l, ": ");
    if (*l == '\0' || colon == NULL)
      continue;
    g_autofree char *key = g_strndup(l, colon - l);
    const char *want = colon + 2;
    const char *got = !strcmp(key, "title")      ? a->title
                      : !strcmp(key, "byline")   ? a->byline
                      : !strcmp(key, "date")     ? a->date
                      : !strcmp(key, "language") ? a->language
                      : !strcmp(key, "site")     ? a->site_name
                      : !strcmp(key, "url")      ? a->url
                                                 : NULL;
    if (g_strcmp0(got, want) != 0)
      fail_msg("%s: %s: got '%s', want '%s'", path, key, got ? got : "(null)",
               want);
  }
  if (strcmp(a->text, body) != 0) {
    fprintf(stderr, "--- got:\n%s\n--- want:\n%s\n", a->text, body);
    fail_msg("%s: body differs", path);
  }
}

int
main(int argc, char **argv)
{
  if (argc > 1) {
    const struct CMUnitTest data[] = {
        cmocka_unit_test_prestate(test_data_case, argv[1]),
    };
    return cmocka_run_group_tests_name(argv[1], data, NULL, NULL);
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sniff_kinds),
      cmocka_unit_test(test_sniff_content_type),
      cmocka_unit_test(test_charset_meta_latin1),
      cmocka_unit_test(test_charset_undeclared_detected),
      cmocka_unit_test(test_charset_http_wins),
      cmocka_unit_test(test_charset_wrong_declared),
      cmocka_unit_test(test_charset_utf16_bom),
      cmocka_unit_test(test_charset_invalid_bytes_replaced),
      cmocka_unit_test(test_charset_double_encoded),
      cmocka_unit_test(test_charset_lone_pair_kept),
      cmocka_unit_test(test_meta_tags),
      cmocka_unit_test(test_meta_json_ld),
      cmocka_unit_test(test_meta_json_ld_body_fallback),
      cmocka_unit_test(test_meta_json_ld_deep),
      cmocka_unit_test(test_meta_time_element),
      cmocka_unit_test(test_boilerplate_removed),
      cmocka_unit_test(test_captions_dropped),
      cmocka_unit_test(test_bylines_to_fields),
      cmocka_unit_test(test_paragraph_structure),
      cmocka_unit_test(test_nested_100000),
      cmocka_unit_test(test_nested_inline_100000),
      cmocka_unit_test(test_large_page),
      cmocka_unit_test(test_only_links),
      cmocka_unit_test(test_no_body),
      cmocka_unit_test(test_binary_and_empty),
      cmocka_unit_test(test_visible_headline),
      cmocka_unit_test(test_site_h1_and_adjacent_headline),
      cmocka_unit_test(test_repeated_article),
      cmocka_unit_test(test_word_conditional_markers),
      cmocka_unit_test(test_teasers_after_article),
      cmocka_unit_test(test_legal_footer_dropped),
      cmocka_unit_test(test_comment_section_dropped),
      cmocka_unit_test(test_long_unpunctuated_block),
      cmocka_unit_test(test_text_teasers_and_comments),
      cmocka_unit_test(test_text_residue),
      cmocka_unit_test(test_text_clean_passthrough),
  };
  return cmocka_run_group_tests_name("page", tests, NULL, NULL);
}
