/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-feed.c: the feed parser (precis_feed_parse, precis_feed_to_json).
 *
 * One behaviour per test: every format (RSS 0.91/0.92/2.0, RDF, Atom 0.3
 * and 1.0, JSON Feed), the namespaces that carry fields, xml:base and
 * relative links, entities and CDATA, encodings (BOM, declaration, HTTP
 * charset, UTF-16/32, undeclared legacy text), ill-formed recovery, and
 * the security properties (no external entity is read, entity expansion
 * and depth are bounded).  Expected values follow the reference parser,
 * feedparser.
 *
 * With --data FILE: parses FILE and compares the dump with the .expected
 * file beside it (the data-driven cases of tests/data/feed/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <unistd.h>
#include "precis-feeds.h"

static PrecisFeed *
parse_len(const char *data, gsize len, const char *charset, const char *base)
{
  g_autoptr(GError) error = NULL;
  PrecisFeed *feed = precis_feed_parse(data, len, charset, base, &error);
  assert_non_null(feed);
  assert_null(error);
  assert_non_null(feed->items);
  assert_non_null(feed->version);
  return feed;
}

static PrecisFeed *
parse(const char *xml)
{
  return parse_len(xml, strlen(xml), NULL, NULL);
}

static PrecisFeedItem *
item(PrecisFeed *f, guint i)
{
  assert_true(i < f->items->len);
  return f->items->pdata[i];
}

/* ---- formats ---- */

static void
test_feed_rss20_fields(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><title>T</title>"
            "<link>http://x.org/</link><description>D</description>"
            "<language>en-us</language>"
            "<managingEditor>ed@x.org (Ed)</managingEditor>"
            "<lastBuildDate>Thu, 01 Jan 2004 19:48:21 GMT</lastBuildDate>"
            "<pubDate>Thu, 01 Jan 2004 10:00:00 GMT</pubDate>"
            "<image><url>http://x.org/i.png</url></image>"
            "<item><title>A</title><link>http://x.org/a</link>"
            "<description>S</description><guid>g1</guid>"
            "<category>c1</category><category domain=\"d\">c2</category>"
            "<enclosure url=\"http://x.org/a.mp3\" length=\"10\" "
            "type=\"audio/mpeg\"/>"
            "</item></channel></rss>");
  assert_string_equal(f->version, "rss20");
  assert_false(f->bozo);
  assert_string_equal(f->encoding, "utf-8");
  assert_string_equal(f->title, "T");
  assert_string_equal(f->link, "http://x.org/");
  assert_string_equal(f->subtitle, "D");
  assert_string_equal(f->language, "en-us");
  assert_string_equal(f->author, "ed@x.org (Ed)");
  assert_string_equal(f->updated, "2004-01-01T19:48:21Z");
  assert_string_equal(f->published, "2004-01-01T10:00:00Z");
  assert_string_equal(f->image_url, "http://x.org/i.png");
  PrecisFeedItem *it = item(f, 0);
  assert_string_equal(it->id, "g1");
  assert_string_equal(it->link, "http://x.org/a");
  assert_string_equal(it->summary, "S");
  assert_null(it->content);
  assert_int_equal(it->categories->len, 2);
  assert_string_equal(it->categories->pdata[1], "c2");
  assert_int_equal(it->enclosures->len, 1);
  PrecisEnclosure *e = it->enclosures->pdata[0];
  assert_string_equal(e->url, "http://x.org/a.mp3");
  assert_string_equal(e->type, "audio/mpeg");
  assert_string_equal(e->length, "10");
}

static void
test_feed_rss_versions(void **state)
{
  (void)state;
  static const struct {
    const char *doc, *version;
  } cases[] = {
      {"<rss version=\"0.91\"><channel/></rss>", "rss091u"},
      {"<rss version=\"0.92\"><channel/></rss>", "rss092"},
      {"<rss version=\"0.93\"><channel/></rss>", "rss093"},
      {"<rss version=\"0.94\"><channel/></rss>", "rss094"},
      {"<rss version=\"2.0.1\"><channel/></rss>", "rss20"},
      {"<rss><channel/></rss>", "rss"},
      {"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
       "xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><channel/></rdf:RDF>",
       "rss090"},
      {"<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"/>", "atom03"},
      {"<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", "atom10"},
      {"<feed/>", "atom"},
      {"<html><body>no</body></html>", ""},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(PrecisFeed) f = parse(cases[i].doc);
    assert_string_equal(f->version, cases[i].version);
    assert_int_equal(precis_feed_is_feed(f), *cases[i].version != '\0');
  }
}

static void
test_feed_rss091_netscape_doctype(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS "
            "0.91//EN\" \"http://my.netscape.com/publish/formats/"
            "rss-0.91.dtd\">\n<rss version=\"0.91\"><channel><title>N"
            "</title></channel></rss>");
  assert_string_equal(f->version, "rss091n");
  assert_string_equal(f->title, "N");
}

static void
test_feed_rdf_items(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f = parse(
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns=\"http://purl.org/rss/1.0/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<channel rdf:about=\"http://r/\"><title>R</title>"
      "<dc:date>2004-02-03T12:30:00+01:00</dc:date></channel>"
      "<item rdf:about=\"http://r/1\"><title>I</title>"
      "<dc:subject>S</dc:subject><dc:creator>C</dc:creator></item>"
      "</rdf:RDF>");
  assert_string_equal(f->version, "rss10");
  assert_string_equal(f->updated, "2004-02-03T11:30:00Z");
  PrecisFeedItem *it = item(f, 0);
  assert_string_equal(it->id, "http://r/1");
  assert_string_equal(it->author, "C");
  assert_string_equal(it->categories->pdata[0], "S");
}

static void
test_feed_atom10_entry(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f = parse(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title>"
      "<subtitle>Sub</subtitle><logo>http://a/l.png</logo>"
      "<updated>2005-07-31T12:29:29Z</updated>"
      "<entry><title>E</title><id>urn:x</id>"
      "<link rel=\"alternate\" href=\"http://a/e\"/>"
      "<link rel=\"enclosure\" href=\"http://a/e.mp4\" type=\"video/mp4\"/>"
      "<author><name>N</name><email>n@a</email></author>"
      "<published>2005-07-31T08:00:00-04:00</published>"
      "<category term=\"t\"/>"
      "<content type=\"html\">&lt;p&gt;C&lt;/p&gt;</content>"
      "</entry></feed>");
  assert_string_equal(f->version, "atom10");
  assert_string_equal(f->subtitle, "Sub");
  assert_string_equal(f->image_url, "http://a/l.png");
  PrecisFeedItem *it = item(f, 0);
  assert_string_equal(it->link, "http://a/e");
  assert_string_equal(it->author, "N (n@a)");
  assert_string_equal(it->published, "2005-07-31T12:00:00Z");
  assert_string_equal(it->content, "<p>C</p>");
  /* feedparser copies the content into an absent summary. */
  assert_string_equal(it->summary, "<p>C</p>");
  assert_string_equal(it->categories->pdata[0], "t");
  assert_int_equal(it->enclosures->len, 1);
}

static void
test_feed_atom_id_is_link(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
            "<id>http://a/only-id</id></entry></feed>");
  assert_string_equal(item(f, 0)->link, "http://a/only-id");
}

static void
test_feed_guid_permalink(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel>"
            "<item><guid>http://p/1</guid></item>"
            "<item><guid isPermaLink=\"false\">http://p/2</guid></item>"
            "</channel></rss>");
  assert_string_equal(item(f, 0)->link, "http://p/1");
  assert_null(item(f, 1)->link);
  assert_string_equal(item(f, 1)->id, "http://p/2");
}

static void
test_feed_atom_xhtml_content(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
            "<title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/"
            "xhtml\">A <b>B</b></div></title></entry></feed>");
  assert_string_equal(item(f, 0)->title, "A <b>B</b>");
}

static void
test_feed_atom03_base64(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">"
            "<tagline>TL</tagline><entry><content type=\"text/html\" "
            "mode=\"base64\">PHA+SGk8L3A+</content></entry></feed>");
  assert_string_equal(f->subtitle, "TL");
  assert_string_equal(item(f, 0)->content, "<p>Hi</p>");
}

/* ---- namespaces ---- */

static void
test_feed_content_encoded_and_dc(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\" "
            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
            "xmlns:d=\"http://purl.org/dc/elements/1.1/\" "
            "xmlns:dcterms=\"http://purl.org/dc/terms/\"><channel>"
            "<item><author>a@x.org (A)</author><d:creator>Creator</d:creator>"
            "<content:encoded><![CDATA[<p>Full</p>]]></content:encoded>"
            "<dcterms:modified>2004-01-01T00:00:00Z</dcterms:modified>"
            "<dcterms:issued>2003-01-01T00:00:00Z</dcterms:issued>"
            "</item></channel></rss>");
  PrecisFeedItem *it = item(f, 0);
  /* dc:creator after author wins, whatever its prefix. */
  assert_string_equal(it->author, "Creator");
  assert_string_equal(it->content, "<p>Full</p>");
  assert_string_equal(it->summary, "<p>Full</p>");
  assert_string_equal(it->updated, "2004-01-01T00:00:00Z");
  assert_string_equal(it->published, "2003-01-01T00:00:00Z");
}

static void
test_feed_itunes_and_media(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\" "
            "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
            "xmlns:media=\"http://search.yahoo.com/mrss/\"><channel>"
            "<itunes:image href=\"http://p/c.jpg\"/>"
            "<item><itunes:keywords>a, b,,c</itunes:keywords>"
            "<media:content url=\"http://p/v.mp4\" type=\"video/mp4\"/>"
            "<itunes:summary>Sum</itunes:summary></item></channel></rss>");
  assert_string_equal(f->image_url, "http://p/c.jpg");
  PrecisFeedItem *it = item(f, 0);
  assert_int_equal(it->categories->len, 3);
  assert_string_equal(it->categories->pdata[2], "c");
  /* media:content is not an enclosure. */
  assert_int_equal(it->enclosures->len, 0);
  assert_string_equal(it->summary, "Sum");
}

static void
test_feed_second_summary_is_content(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><item>"
            "<description>First</description>"
            "<description>Second</description></item></channel></rss>");
  assert_string_equal(item(f, 0)->summary, "First");
  assert_string_equal(item(f, 0)->content, "Second");
}

/* ---- links ---- */

static void
test_feed_xml_base_relative_links(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<feed xmlns=\"http://www.w3.org/2005/Atom\" "
            "xml:base=\"http://b.org/dir/\"><link href=\"../home\"/>"
            "<entry xml:base=\"sub/\"><link href=\"e.html\"/>"
            "<id>urn:1</id></entry></feed>");
  assert_string_equal(f->link, "http://b.org/home");
  assert_string_equal(item(f, 0)->link, "http://b.org/dir/sub/e.html");
}

static void
test_feed_base_url_argument(void **state)
{
  (void)state;
  const char *doc = "<rss version=\"2.0\"><channel><item>"
                    "<link>/a/b?x=1</link></item></channel></rss>";
  g_autoptr(PrecisFeed) f =
      parse_len(doc, strlen(doc), NULL, "https://h.example/feed/rss.xml");
  assert_string_equal(item(f, 0)->link, "https://h.example/a/b?x=1");
}

static void
test_feed_unsafe_base_ignored(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f = parse(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xml:base=\"http://b.org/\"><entry xml:base=\"javascript:alert(1)//\">"
      "<link href=\"x\"/></entry></feed>");
  assert_string_equal(item(f, 0)->link, "http://b.org/x");
}

/* ---- text: entities, CDATA, HTML ---- */

static void
test_feed_undeclared_html_entities(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><title>a&nbsp;b&eacute;"
            "</title></channel></rss>");
  assert_true(f->bozo);
  assert_string_equal(f->version, "rss20");
  assert_string_equal(f->title, "a\xc2\xa0"
                                "b\xc3\xa9");
}

static void
test_feed_cdata_and_markup(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><item>"
            "<title><![CDATA[x < y & z]]></title>"
            "<description>&lt;b&gt;bold&lt;/b&gt;</description>"
            "</item></channel></rss>");
  assert_false(f->bozo);
  assert_string_equal(item(f, 0)->title, "x < y & z");
  assert_string_equal(item(f, 0)->summary, "<b>bold</b>");
}

static void
test_feed_mojibake_repaired(void **state)
{
  (void)state;
  /* UTF-8 "é" that was encoded again as if it were Latin-1. */
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><title>caf\xc3\x83\xc2\xa9"
            "</title></channel></rss>");
  assert_string_equal(f->title, "caf\xc3\xa9");
}

/* ---- encodings ---- */

static GString *
to_utf16le(const char *s, gboolean bom)
{
  GString *o = g_string_new(NULL);
  if (bom)
    g_string_append_len(o, "\xff\xfe", 2);
  g_autofree gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, NULL, NULL);
  for (gunichar2 *c = u; *c; c++) {
    g_string_append_c(o, (char)(*c & 0xff));
    g_string_append_c(o, (char)(*c >> 8));
  }
  return o;
}

static void
test_feed_utf16le_bom(void **state)
{
  (void)state;
  g_autoptr(GString) doc = to_utf16le(
      "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\">"
      "<channel><title>\xc3\xa9t\xc3\xa9</title></channel></rss>",
      TRUE);
  g_autoptr(PrecisFeed) f = parse_len(doc->str, doc->len, NULL, NULL);
  assert_string_equal(f->encoding, "utf-16le");
  assert_false(f->bozo);
  assert_string_equal(f->title, "\xc3\xa9t\xc3\xa9");
}

static void
test_feed_utf16le_no_bom(void **state)
{
  (void)state;
  g_autoptr(GString) doc = to_utf16le(
      "<?xml version=\"1.0\" encoding=\"utf-16le\"?><rss version=\"2.0\">"
      "<channel><title>T</title></channel></rss>",
      FALSE);
  g_autoptr(PrecisFeed) f = parse_len(doc->str, doc->len, NULL, NULL);
  assert_string_equal(f->encoding, "utf-16le");
  assert_string_equal(f->title, "T");
}

static void
test_feed_utf32be_bom(void **state)
{
  (void)state;
  const char *s = "<?xml version=\"1.0\" encoding=\"utf-32\"?>"
                  "<rss version=\"2.0\"><channel><title>W</title>"
                  "</channel></rss>";
  GString *doc = g_string_new_len("\x00\x00\xfe\xff", 4);
  for (const char *c = s; *c; c++) {
    g_string_append_len(doc, "\x00\x00\x00", 3);
    g_string_append_c(doc, *c);
  }
  g_autoptr(PrecisFeed) f = parse_len(doc->str, doc->len, NULL, NULL);
  g_string_free(doc, TRUE);
  assert_string_equal(f->encoding, "utf-32be");
  assert_string_equal(f->title, "W");
}

static void
test_feed_declared_latin1(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss "
            "version=\"2.0\"><channel><title>caf\xe9</title></channel></rss>");
  assert_string_equal(f->encoding, "iso-8859-1");
  assert_false(f->bozo);
  assert_string_equal(f->title, "caf\xc3\xa9");
}

static void
test_feed_wrong_declaration_is_bozo(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<?xml version=\"1.0\" encoding=\"us-ascii\"?><rss "
            "version=\"2.0\"><channel><title>caf\xc3\xa9</title></channel>"
            "</rss>");
  assert_true(f->bozo);
  assert_string_equal(f->encoding, "utf-8");
  assert_string_equal(f->title, "caf\xc3\xa9");
}

static void
test_feed_http_charset_wins(void **state)
{
  (void)state;
  const char *doc = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss "
                    "version=\"2.0\"><channel><title>caf\xe9</title>"
                    "</channel></rss>";
  g_autoptr(PrecisFeed) f = parse_len(doc, strlen(doc), "windows-1252", NULL);
  assert_string_equal(f->encoding, "windows-1252");
  assert_string_equal(f->title, "caf\xc3\xa9");
}

static void
test_feed_undeclared_cp1252(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><title>\x93quoted\x94 caf\xe9"
            "</title></channel></rss>");
  assert_true(f->bozo);
  assert_string_equal(f->encoding, "Windows-1252");
  assert_string_equal(f->title, "\xe2\x80\x9cquoted\xe2\x80\x9d caf\xc3\xa9");
}

/* ---- ill-formed input ---- */

static void
test_feed_truncated_recovered(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><title>T</title>"
            "<item><title>One</title></item><item><title>Tw");
  assert_true(f->bozo);
  assert_string_equal(f->version, "rss20");
  assert_string_equal(f->title, "T");
  assert_int_equal(f->items->len, 2);
  assert_string_equal(item(f, 0)->title, "One");
}

static void
test_feed_bare_ampersand(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><item><title>Q&A</title>"
            "<link>http://x/?a=1&b=2</link></item></channel></rss>");
  assert_true(f->bozo);
  assert_string_equal(item(f, 0)->link, "http://x/?a=1&b=2");
}

static void
test_feed_junk_before_declaration(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("\n\n  <?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
            "<title>J</title></channel></rss>");
  assert_true(f->bozo);
  assert_string_equal(f->title, "J");
}

static void
test_feed_empty_and_garbage(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) e = parse_len("", 0, NULL, NULL);
  assert_string_equal(e->version, "");
  assert_int_equal(e->items->len, 0);
  static const char garbage[] = "\x00\x01\x02\xff\xfe<<<&&&\x80";
  g_autoptr(PrecisFeed) g = parse_len(garbage, sizeof garbage - 1, NULL, NULL);
  assert_string_equal(g->version, "");
  g_autofree char *json = precis_feed_to_json(g);
  assert_true(g_utf8_validate(json, -1, NULL));
}

static void
test_feed_loose_never_closes(void **state)
{
  (void)state;
  /* The loose reading closes nothing: the unclosed title swallows the
   * rest, as with feedparser. */
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><title>x &amp; y</channel>"
            "<item><title>i</title></item></rss>");
  assert_true(f->bozo);
  assert_null(f->title);
  assert_int_equal(f->items->len, 0);
}

static void
test_feed_loose_self_closing_with_attributes(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<feed xmlns=\"http://www.w3.org/2005/Atom\">&nbsp;<entry>"
            "<content src=\"http://a/c.txt\" type=\"text/plain\"/>"
            "<id>urn:x</id></entry></feed>");
  assert_true(f->bozo);
  assert_string_equal(item(f, 0)->id, "urn:x");
  assert_string_equal(item(f, 0)->link, "urn:x");
}

static void
test_feed_html_unknown_entity(void **state)
{
  (void)state;
  /* feedparser's sanitizer: known names gain ';', unknown ones are
   * escaped without it. */
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><item><description>E "
            "&amp;bogus; x &amp;copy y</description></item></channel></rss>");
  assert_false(f->bozo);
  assert_string_equal(item(f, 0)->summary, "E &amp;bogus x &copy; y");
}

static void
test_feed_link_url_attribute_wins(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
            "<link url=\"http://a/u\" href=\"http://a/h\"/></entry></feed>");
  assert_string_equal(item(f, 0)->link, "http://a/u");
}

/* ---- JSON Feed ---- */

static void
test_feed_jsonfeed(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f = parse(
      "{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"J\","
      "\"home_page_url\":\"https://j/\",\"author\":{\"name\":\"A\"},"
      "\"items\":[{\"id\":7,\"content_text\":\"txt\","
      "\"date_published\":\"2020-01-01T00:00:00+02:00\","
      "\"attachments\":[{\"url\":\"https://j/a\",\"size_in_bytes\":5}]}]}");
  assert_string_equal(f->version, "json1");
  assert_false(f->bozo);
  assert_string_equal(f->author, "A");
  PrecisFeedItem *it = item(f, 0);
  assert_string_equal(it->id, "7");
  assert_string_equal(it->content, "txt");
  assert_string_equal(it->summary, "txt");
  assert_string_equal(it->published, "2019-12-31T22:00:00Z");
  assert_string_equal(((PrecisEnclosure *)it->enclosures->pdata[0])->length,
                      "5");
}

static void
test_feed_jsonfeed_invalid(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f = parse("{\"version\": \"https://jsonfeed.org/ver");
  assert_true(f->bozo);
  assert_string_equal(f->version, "");
  g_autoptr(PrecisFeed) g = parse("{\"title\": \"no version\", \"items\": []}");
  assert_true(g->bozo);
  assert_string_equal(g->version, "");
}

/* ---- security ---- */

static void
test_feed_xxe_not_read(void **state)
{
  (void)state;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp("precis-xxe-XXXXXX", &path, &error);
  assert_true(fd >= 0);
  assert_true(write(fd, "TOPSECRET", 9) == 9);
  close(fd);
  g_autofree char *doc = g_strdup_printf(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "
      "\"file://%s\">\n]>\n<rss version=\"2.0\"><channel><title>[&xxe;]"
      "</title><item><description>&xxe;</description></item></channel>"
      "</rss>",
      path);
  g_autoptr(PrecisFeed) f = parse(doc);
  g_autofree char *json = precis_feed_to_json(f);
  g_unlink(path);
  assert_null(strstr(json, "TOPSECRET"));
  assert_true(f->bozo);
}

static void
test_feed_billion_laughs_bounded(void **state)
{
  (void)state;
  GString *doc = g_string_new("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
                              "<!ENTITY lol0 \"lol\">\n");
  for (int i = 1; i < 10; i++) {
    g_string_append_printf(doc, "<!ENTITY lol%d \"", i);
    for (int j = 0; j < 10; j++)
      g_string_append_printf(doc, "&lol%d;", i - 1);
    g_string_append(doc, "\">\n");
  }
  g_string_append(doc, "]>\n<rss version=\"2.0\"><channel><title>&lol9;"
                       "</title></channel></rss>");
  g_autoptr(PrecisFeed) f = parse_len(doc->str, doc->len, NULL, NULL);
  g_string_free(doc, TRUE);
  assert_true(f->bozo);
  assert_non_null(f->title);
  assert_true(strlen(f->title) < 100);
}

static void
test_feed_deep_nesting_bounded(void **state)
{
  (void)state;
  const int depth = 100000;
  GString *doc = g_string_new("<rss version=\"2.0\"><channel><title>");
  for (int i = 0; i < depth; i++)
    g_string_append(doc, "<a>");
  g_string_append(doc, "deep");
  for (int i = 0; i < depth; i++)
    g_string_append(doc, "</a>");
  g_string_append(doc, "</title><item><title>after</title></item>"
                       "</channel></rss>");
  g_autoptr(PrecisFeed) f = parse_len(doc->str, doc->len, NULL, NULL);
  g_string_free(doc, TRUE);
  assert_string_equal(f->version, "rss20");
  assert_true(f->bozo);
}

static void
test_feed_dump_contract(void **state)
{
  (void)state;
  g_autoptr(PrecisFeed) f =
      parse("<rss version=\"2.0\"><channel><title>q\"\\\x01</title>"
            "<item/></channel></rss>");
  g_autofree char *json = precis_feed_to_json(f);
  g_autoptr(JsonParser) p = json_parser_new();
  assert_true(json_parser_load_from_data(p, json, -1, NULL));
  JsonObject *o = json_node_get_object(json_parser_get_root(p));
  assert_string_equal(json_object_get_string_member(o, "version"), "rss20");
  assert_true(json_object_has_member(o, "bozo"));
  JsonObject *feed = json_object_get_object_member(o, "feed");
  assert_true(json_object_has_member(feed, "image_url"));
  JsonArray *entries = json_object_get_array_member(o, "entries");
  assert_int_equal(json_array_get_length(entries), 1);
  JsonObject *e = json_array_get_object_element(entries, 0);
  assert_true(json_object_get_null_member(e, "title"));
  assert_int_equal(
      json_array_get_length(json_object_get_array_member(e, "categories")), 0);
  assert_null(strchr(json, '\n'));
}

/* ---- data-driven cases ---- */

static int
run_data_case(const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents(path, &data, &len, &error)) {
    fprintf(stderr, "%s\n", error->message);
    return 1;
  }
  const char *dot = strrchr(path, '.');
  g_autofree char *stem =
      g_strndup(path, dot ? (gsize)(dot - path) : strlen(path));
  g_autofree char *exp_path = g_strconcat(stem, ".expected", NULL);
  g_autofree char *expected = NULL;
  if (!g_file_get_contents(exp_path, &expected, NULL, &error)) {
    fprintf(stderr, "%s\n", error->message);
    return 1;
  }
  g_strchomp(expected);
  g_autoptr(PrecisFeed) feed = precis_feed_parse(data, len, NULL, NULL, NULL);
  if (feed == NULL) {
    fprintf(stderr, "%s: no feed\n", path);
    return 1;
  }
  g_autofree char *got = precis_feed_to_json(feed);
  if (strcmp(got, expected) != 0) {
    fprintf(stderr, "%s: dump differs\nexpected: %s\n     got: %s\n", path,
            expected, got);
    return 1;
  }
  printf("ok - %s\n", path);
  return 0;
}

int
main(int argc, char **argv)
{
  if (argc == 3 && strcmp(argv[1], "--data") == 0)
    return run_data_case(argv[2]);

  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_feed_rss20_fields),
      cmocka_unit_test(test_feed_rss_versions),
      cmocka_unit_test(test_feed_rss091_netscape_doctype),
      cmocka_unit_test(test_feed_rdf_items),
      cmocka_unit_test(test_feed_atom10_entry),
      cmocka_unit_test(test_feed_atom_id_is_link),
      cmocka_unit_test(test_feed_guid_permalink),
      cmocka_unit_test(test_feed_atom_xhtml_content),
      cmocka_unit_test(test_feed_atom03_base64),
      cmocka_unit_test(test_feed_content_encoded_and_dc),
      cmocka_unit_test(test_feed_itunes_and_media),
      cmocka_unit_test(test_feed_second_summary_is_content),
      cmocka_unit_test(test_feed_xml_base_relative_links),
      cmocka_unit_test(test_feed_base_url_argument),
      cmocka_unit_test(test_feed_unsafe_base_ignored),
      cmocka_unit_test(test_feed_undeclared_html_entities),
      cmocka_unit_test(test_feed_cdata_and_markup),
      cmocka_unit_test(test_feed_mojibake_repaired),
      cmocka_unit_test(test_feed_utf16le_bom),
      cmocka_unit_test(test_feed_utf16le_no_bom),
      cmocka_unit_test(test_feed_utf32be_bom),
      cmocka_unit_test(test_feed_declared_latin1),
      cmocka_unit_test(test_feed_wrong_declaration_is_bozo),
      cmocka_unit_test(test_feed_http_charset_wins),
      cmocka_unit_test(test_feed_undeclared_cp1252),
      cmocka_unit_test(test_feed_truncated_recovered),
      cmocka_unit_test(test_feed_bare_ampersand),
      cmocka_unit_test(test_feed_junk_before_declaration),
      cmocka_unit_test(test_feed_empty_and_garbage),
      cmocka_unit_test(test_feed_loose_never_closes),
      cmocka_unit_test(test_feed_loose_self_closing_with_attributes),
      cmocka_unit_test(test_feed_html_unknown_entity),
      cmocka_unit_test(test_feed_link_url_attribute_wins),
      cmocka_unit_test(test_feed_jsonfeed),
      cmocka_unit_test(test_feed_jsonfeed_invalid),
      cmocka_unit_test(test_feed_xxe_not_read),
      cmocka_unit_test(test_feed_billion_laughs_bounded),
      cmocka_unit_test(test_feed_deep_nesting_bounded),
      cmocka_unit_test(test_feed_dump_contract),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
