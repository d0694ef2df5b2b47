/* SPDX-License-Identifier: GPL-3.0-or-later
 * page.c: the page cleaner's entry points: what a buffer holds
 * (precis_content_sniff), and HTML page -> PrecisArticle
 * (precis_page_extract): decode to UTF-8 (page-charset.c), slim the markup
 * (slim_markup: comments, style and non-JSON-LD script bodies, and the
 * attributes the cleaner never reads go before the parse, a third of its
 * cost), parse with libxml2's HTML parser in recover mode without network
 * access, read the metadata (page-meta.c), then the main content
 * (page-content.c), with the JSON-LD articleBody as a fallback when the
 * page's own markup yields much less.
 *
 * Invariants: every string of a returned article is valid UTF-8; text is
 * never NULL or empty.  The parser gets the bytes already decoded and told
 * "UTF-8", so a wrong <meta charset> cannot make it re-decode them.
 * Cost: decode O(n), slimming O(n) in place, parse O(n) (libxml2),
 * cleaning O(n).
 */
#include "page-private.h"
#include "xml-init.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <string.h>

void
precis_article_free(PrecisArticle *article)
{
  if (article == NULL)
    return;
  g_free(article->title);
  g_free(article->byline);
  g_free(article->date);
  g_free(article->language);
  g_free(article->site_name);
  g_free(article->url);
  g_free(article->description);
  g_free(article->text);
  g_free(article);
}

/* ---- Sniffing ---------------------------------------------------------- */

static gboolean
has_prefix_ci(const char *p, const char *end, const char *prefix)
{
  gsize n = strlen(prefix);
  return (gsize)(end - p) >= n && g_ascii_strncasecmp(p, prefix, n) == 0;
}

static const char *
find_ci(const char *p, const char *end, const char *needle)
{
  gsize n = strlen(needle);
  const char first = g_ascii_tolower(*needle);
  if (!g_ascii_isalpha(first)) {
    /* "<p>", "-->": no case to fold in the first byte, let memchr skip. */
    while (p + n <= end) {
      p = memchr(p, first, (gsize)(end - p) - n + 1);
      if (p == NULL)
        return NULL;
      if (g_ascii_strncasecmp(p, needle, n) == 0)
        return p;
      p++;
    }
    return NULL;
  }
  for (; p + n <= end; p++)
    if ((*p >= 'A' && *p <= 'Z' ? *p + 32 : *p) == first &&
        g_ascii_strncasecmp(p, needle, n) == 0)
      return p;
  return NULL;
}

/* Binary when the bytes carry a known binary signature, NUL bytes, or many
 * control characters (UTF-16 with a BOM is text). */
static gboolean
looks_binary(const guchar *d, gsize n)
{
  static const struct {
    const char *magic;
    gsize len;
  } magics[] = {
      {"%PDF-", 5},
      {"\x89PNG", 4},
      {"GIF87a", 6},
      {"GIF89a", 6},
      {"\xFF\xD8\xFF", 3},
      {"PK\x03\x04", 4},
      {"\x1F\x8B", 2},
      {"BZh", 3},
      {"\xFD"
       "7zXZ",
       5},
      {"7z\xBC\xAF", 4},
      {"\x7F"
       "ELF",
       4},
      {"RIFF", 4},
      {"OggS", 4},
      {"ID3", 3},
      {"\x00\x00\x01\x00", 4},
      {"wOFF", 4},
      {"wOF2", 4},
      {"\xD0\xCF\x11\xE0", 4},
      {"Rar!", 4},
      {"\x28\xB5\x2F\xFD", 4},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(magics); i++)
    if (n >= magics[i].len && memcmp(d, magics[i].magic, magics[i].len) == 0)
      return TRUE;
  if (n >= 2 &&
      ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)))
    return FALSE;
  gsize ctrl = 0;
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT(0x8080808080808080);
  gsize i = 0;
  while (i < n) {
    /* Eight bytes at a time while none is below 0x20 (the word test is
     * exact for "some byte < 0x20"); it runs on every input.  A word with
     * one (a newline, mostly) has its eight bytes looked at one by one. */
    gsize stop = n;
    while (i + 32 <= n) { /* four words under one test while none has one */
      guint64 v[4], t = 0;
      memcpy(v, d + i, 32);
      for (int k = 0; k < 4; k++)
        t |= (v[k] - ones * 0x20) & ~v[k];
      if ((t & highs) != 0)
        break;
      i += 32;
    }
    while (i + 8 <= n) {
      guint64 v;
      memcpy(&v, d + i, 8);
      if (((v - ones * 0x20) & ~v & highs) != 0) {
        stop = i + 8;
        break;
      }
      i += 8;
    }
    for (; i < stop; i++) {
      if (d[i] >= 0x20)
        continue;
      if (d[i] == 0)
        return TRUE;
      if (d[i] != '\n' && d[i] != '\r' && d[i] != '\t' && d[i] != '\f' &&
          d[i] != 0x1B)
        ctrl++;
    }
  }
  return ctrl * 20 > n; /* > 5 % control characters */
}

PrecisContentKind
precis_content_sniff(const char *data, gsize len, const char *content_type)
{
  gsize n = MIN(len, (gsize)4096);
  const char *p = data, *end = data + n;

  if (data == NULL || len == 0)
    return PRECIS_CONTENT_TEXT;
  if (looks_binary((const guchar *)data, n))
    return PRECIS_CONTENT_BINARY;

  if (content_type != NULL) {
    if (g_str_has_prefix(content_type, "image/") ||
        g_str_has_prefix(content_type, "audio/") ||
        g_str_has_prefix(content_type, "video/") ||
        g_str_has_prefix(content_type, "font/") ||
        g_ascii_strcasecmp(content_type, "application/pdf") == 0 ||
        g_ascii_strcasecmp(content_type, "application/zip") == 0)
      return PRECIS_CONTENT_BINARY;
    if (strstr(content_type, "rss") || strstr(content_type, "atom") ||
        strstr(content_type, "rdf") || strstr(content_type, "feed+json"))
      return PRECIS_CONTENT_FEED;
  }

  /* Skip a BOM, white space, comments, processing instructions and the
   * doctype to the first element. */
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  for (;;) {
    while (p < end && g_ascii_isspace(*p))
      p++;
    if (has_prefix_ci(p, end, "<?xml") || has_prefix_ci(p, end, "<?")) {
      const char *c = memchr(p, '>', end - p);
      if (c == NULL)
        break;
      p = c + 1;
      continue;
    }
    if (has_prefix_ci(p, end, "<!--")) {
      const char *c = find_ci(p, end, "-->");
      if (c == NULL)
        break;
      p = c + 3;
      continue;
    }
    if (has_prefix_ci(p, end, "<!doctype")) {
      if (find_ci(p, MIN(end, p + 200), "html") != NULL)
        return PRECIS_CONTENT_HTML;
      const char *c = memchr(p, '>', end - p);
      if (c == NULL)
        break;
      p = c + 1;
      continue;
    }
    break;
  }
  if (has_prefix_ci(p, end, "<rss") || has_prefix_ci(p, end, "<feed") ||
      has_prefix_ci(p, end, "<rdf:rdf") || has_prefix_ci(p, end, "<rdf"))
    return PRECIS_CONTENT_FEED;
  if (p < end && *p == '{' && (find_ci(p, end, "jsonfeed.org/version") != NULL))
    return PRECIS_CONTENT_FEED;
  if (has_prefix_ci(p, end, "<html") || has_prefix_ci(p, end, "<head") ||
      has_prefix_ci(p, end, "<body"))
    return PRECIS_CONTENT_HTML;

  if (content_type != NULL &&
      (g_ascii_strcasecmp(content_type, "text/html") == 0 ||
       g_ascii_strcasecmp(content_type, "application/xhtml+xml") == 0))
    return PRECIS_CONTENT_HTML;
  /* Every marker below starts with '<': plain text without one is done
   * (one memchr instead of two dozen case-insensitive scans). */
  if (p >= end || memchr(p, '<', (gsize)(end - p)) == NULL)
    return PRECIS_CONTENT_TEXT;
  if (content_type != NULL &&
      (g_ascii_strcasecmp(content_type, "application/xml") == 0 ||
       g_ascii_strcasecmp(content_type, "text/xml") == 0) &&
      (find_ci(p, end, "<rss") || find_ci(p, end, "<feed") ||
       find_ci(p, end, "<rdf:RDF")))
    return PRECIS_CONTENT_FEED;

  /* HTML fragments: tags of the body near the start. */
  static const char *const tags[] = {
      "<p>",    "<p ",      "<div",     "<br>",    "<br/>",
      "<br />", "<table",   "<meta ",   "<title>", "<script",
      "<h1",    "<h2",      "<a href",  "<ul>",    "<li>",
      "<span",  "<article", "<section", "<style",  "<link ",
  };
  guint hits = 0;
  /* Pages that open with a stray line (a template tag, a script line)
   * before <html>: the document tags anywhere in the first 4 KiB. */
  if (find_ci(p, end, "<html") != NULL || find_ci(p, end, "<body") != NULL ||
      find_ci(p, end, "<head") != NULL)
    return PRECIS_CONTENT_HTML;
  const char *scan_end = end;
  if (p < end && *p == '<') {
    for (gsize i = 0; i < G_N_ELEMENTS(tags); i++)
      if (has_prefix_ci(p, end, tags[i]))
        return PRECIS_CONTENT_HTML;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(tags); i++)
    if (find_ci(p, scan_end, tags[i]) != NULL)
      hits++;
  if (hits >= 2)
    return PRECIS_CONTENT_HTML;
  return PRECIS_CONTENT_TEXT;
}

/* ---- Extraction ---------------------------------------------------------- */

/* Counts non-space characters. */
static gsize
visible_chars(const char *s)
{
  gsize n = 0;
  for (const guchar *p = (const guchar *)s; *p; p++)
    if (*p > ' ' && (*p & 0xC0) != 0x80)
      n++;
  return n;
}

/* visible_chars(@s), or @cap when that is more: it stops counting there.
 * Out of line: it runs three times a page, and inlined into
 * precis_page_extract() it made GCC's code for slim_markup() (inlined
 * there too) 1.7% longer to run. */
static G_GNUC_NO_INLINE gsize
visible_chars_upto(const char *s, gsize cap)
{
  gsize n = 0;
  for (const guchar *p = (const guchar *)s; *p && n < cap; p++)
    if (*p > ' ' && (*p & 0xC0) != 0x80)
      n++;
  return n;
}

/* JSON-LD articleBody as paragraphs: newlines become blank lines. */
static char *
ld_body_text(const char *body)
{
  g_auto(GStrv) lines = g_strsplit(body, "\n", -1);
  GString *out = g_string_new(NULL);
  for (guint i = 0; lines[i] != NULL; i++) {
    g_autofree char *l = precis__collapse_space(lines[i], strlen(lines[i]));
    if (*l == '\0')
      continue;
    if (out->len)
      g_string_append(out, "\n\n");
    g_string_append(out, l);
  }
  return g_string_free(out, FALSE);
}

static gboolean
looks_like_html_markup(const char *s)
{
  return strstr(s, "</p>") != NULL || strstr(s, "<p>") != NULL ||
         strstr(s, "<br") != NULL || strstr(s, "</div>") != NULL;
}

/* The text of markup without a parser: tags dropped, script and style
 * skipped, block tags as line breaks, the common entities decoded.  For
 * pages the HTML parser cannot make sense of.  O(n). */
static char *
strip_tags(const char *s, gsize len)
{
  static const char *const breaks[] = {"p",  "/p",  "br",  "div", "/div",
                                       "li", "tr",  "h1",  "h2",  "h3",
                                       "h4", "/h1", "/h2", "/h3", "td"};
  static const struct {
    const char *name;
    const char *text;
  } entities[] = {{"&amp;", "&"},
                  {"&lt;", "<"},
                  {"&gt;", ">"},
                  {"&quot;", "\""},
                  {"&#39;", "'"},
                  {"&nbsp;", " "},
                  {"&rsquo;", "\xE2\x80\x99"},
                  {"&mdash;", "\xE2\x80\x94"}};
  GString *out = g_string_sized_new(len / 2);
  const char *p = s, *end = s + len;
  while (p < end) {
    if (*p == '<') {
      const char *close = memchr(p, '>', end - p);
      if (close == NULL)
        break;
      const char *name = p + 1;
      if (has_prefix_ci(name, end, "script") ||
          has_prefix_ci(name, end, "style")) {
        const char *stop = find_ci(
            close, end,
            has_prefix_ci(name, end, "script") ? "</script" : "</style");
        close = stop ? memchr(stop, '>', end - stop) : NULL;
        if (close == NULL)
          break;
      } else {
        for (gsize i = 0; i < G_N_ELEMENTS(breaks); i++) {
          gsize n = strlen(breaks[i]);
          if (has_prefix_ci(name, end, breaks[i]) &&
              (name[n] == '>' || name[n] == ' ' || name[n] == '/')) {
            g_string_append_c(out, '\n');
            if (breaks[i][0] == 'p' || breaks[i][1] == 'p')
              g_string_append_c(out, '\n');
            break;
          }
        }
      }
      p = close + 1;
      continue;
    }
    if (*p == '&') {
      gboolean done = FALSE;
      for (gsize i = 0; i < G_N_ELEMENTS(entities) && !done; i++) {
        if (has_prefix_ci(p, end, entities[i].name)) {
          g_string_append(out, entities[i].text);
          p += strlen(entities[i].name);
          done = TRUE;
        }
      }
      if (done)
        continue;
    }
    g_string_append_c(out, *p);
    p++;
  }
  return g_string_free(out, FALSE);
}

/* The attributes the cleaner reads (page-content.c attr_value(), page-meta.c
 * attr()); every other one is dropped before the parse.  A name read there
 * must be listed here: test-page-attrs.sh checks the sources for it. */
#define KEPT(name)                                                             \
  {                                                                            \
    name, sizeof name - 1                                                      \
  }
static const struct {
  const char *name;
  guint8 len;
} kept_attrs[] = {
    KEPT("aria-hidden"), KEPT("charset"),  KEPT("class"),    KEPT("content"),
    KEPT("datetime"),    KEPT("hidden"),   KEPT("href"),     KEPT("http-equiv"),
    KEPT("id"),          KEPT("itemprop"), KEPT("lang"),     KEPT("name"),
    KEPT("property"),    KEPT("pubdate"),  KEPT("rel"),      KEPT("role"),
    KEPT("style"),       KEPT("type"),     KEPT("xml:lang"),
};
#undef KEPT

/* Bit n of kept_shapes[c]: a kept name of n bytes starts with c.  Most
 * attributes (src, alt, width, data-..., on...) fail this test in
 * attr_kept().  Bit i of kept_first[c]: kept_attrs[i] starts with c.
 * Filled by kept_shapes_init(). */
static guint16 kept_shapes[256];
static guint32 kept_first[256];

static void
kept_shapes_init(void)
{
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    G_STATIC_ASSERT(G_N_ELEMENTS(kept_attrs) <= 32);
    for (gsize i = 0; i < G_N_ELEMENTS(kept_attrs); i++) {
      if (kept_attrs[i].len < 16) /* a longer one passes the shape test */
        kept_shapes[(guchar)kept_attrs[i].name[0]] |=
            (guint16)(1u << kept_attrs[i].len);
      kept_first[(guchar)kept_attrs[i].name[0]] |= 1u << i;
    }
    g_once_init_leave(&once, 1);
  }
}

/* A length and first-letter test rejects nearly every other attribute
 * without a string comparison. */
static gboolean
attr_kept(const char *name, gsize len)
{
#define LOWER(ch) ((ch) >= 'A' && (ch) <= 'Z' ? (char)((ch) + 32) : (ch))
  char first = LOWER(name[0]);
  if (len < 16 && !(kept_shapes[(guchar)first] & (1u << len)))
    return FALSE;
  for (guint32 m = kept_first[(guchar)first]; m != 0; m &= m - 1) {
    gsize i = (gsize)__builtin_ctz(m);
    if (kept_attrs[i].len != len)
      continue;
    /* g_ascii_strncasecmp(name, kept_attrs[i].name, len), inline. */
    gsize k = 1;
    while (k < len && LOWER(name[k]) == kept_attrs[i].name[k])
      k++;
    if (k == len)
      return TRUE;
  }
#undef LOWER
  return FALSE;
}

static gboolean
is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The bytes that end a name or value in a start tag, as bits: is_space(),
 * '>', '/', '='. */
enum { TB_SPACE = 1, TB_GT = 2, TB_SLASH = 4, TB_EQ = 8 };
static const guint8 tag_byte[256] = {
    [' '] = TB_SPACE,  ['\t'] = TB_SPACE, ['\n'] = TB_SPACE, ['\r'] = TB_SPACE,
    ['\f'] = TB_SPACE, ['>'] = TB_GT,     ['/'] = TB_SLASH,  ['='] = TB_EQ,
};

/* Copies the start tag at @p (p[1] a letter) to @o without the attributes
 * the cleaner never reads; returns the end of the tag in the input. */
static const char *
copy_start_tag(const char *p, const char *end, char **o)
{
  const char *q = p + 1;
  char *w = *o;
  *w++ = '<';
  while (q < end && !(tag_byte[(guchar)*q] & (TB_SPACE | TB_GT | TB_SLASH)))
    *w++ = *q++;
  for (;;) {
    gboolean slash = FALSE; /* the last separator was '/' */
    while (q < end && (is_space(*q) || *q == '/'))
      slash = *q++ == '/';
    if (q >= end)
      break;
    if (*q == '>') {
      /* "<div/>" is an empty element to libxml2: keep the slash. */
      if (slash)
        *w++ = '/';
      *w++ = '>';
      q++;
      break;
    }
    const char *an = q;
    while (q < end &&
           !(tag_byte[(guchar)*q] & (TB_SPACE | TB_EQ | TB_GT | TB_SLASH)))
      q++;
    if (q == an) { /* a stray '=' */
      q++;
      continue;
    }
    gsize anl = (gsize)(q - an);
    const char *ae = q;
    while (q < end && is_space(*q))
      q++;
    if (q < end && *q == '=') {
      q++;
      while (q < end && is_space(*q))
        q++;
      if (q < end && (*q == '"' || *q == '\'')) {
        const char *m = memchr(q + 1, *q, (gsize)(end - q - 1));
        q = m != NULL ? m + 1 : end;
      } else {
        while (q < end && !(tag_byte[(guchar)*q] & (TB_SPACE | TB_GT)))
          q++;
      }
      ae = q;
    }
    if (attr_kept(an, anl)) {
      if (w < an) /* never past the input: "a='x'b='y'" has no space */
        *w++ = ' ';
      memmove(w, an, (gsize)(ae - an));
      w += ae - an;
    }
  }
  *o = w;
  return q;
}

/* Slims the markup, in place, of what the cleaner drops anyway and libxml2
 * 2.9 reads one character at a time: comments, the bodies of <style> and
 * of <script> elements other than JSON-LD (kept for the metadata), and the
 * attributes the cleaner never reads (data-*, srcset, inline images,
 * event handlers).  On the DEV pages this takes a third of the parse's
 * instructions away.  Markup is walked tag by tag, attribute values
 * quoted as the parser quotes them, so that "<!--" or "<script" inside a
 * value is left alone; text, end tags and JSON-LD elements are copied
 * unchanged.  An unterminated comment or element runs to the end, as for
 * the parser.
 * Returns the new length.  O(n). */
static gsize
slim_markup(char *s, gsize len)
{
  const char *p = s, *end = s + len;
  char *o = s;
  kept_shapes_init(); /* for attr_kept() */

  while (p < end) {
    const char *lt = memchr(p, '<', (gsize)(end - p));
    if (lt == NULL)
      lt = end;
    if (o != p)
      memmove(o, p, (gsize)(lt - p));
    o += lt - p;
    p = lt;
    if (p >= end)
      break;
    /* p at '<' */
    if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
      const char *c = find_ci(p + 4, end, "-->");
      p = c != NULL ? c + 3 : end;
      continue;
    }
    char c1 = p + 1 < end ? g_ascii_tolower(p[1]) : '\0';
    gboolean script = c1 == 's' && has_prefix_ci(p + 1, end, "script");
    gboolean style = c1 == 's' && !script && has_prefix_ci(p + 1, end, "style");
    gsize nl = script ? 7 : style ? 6 : 0;
    if (nl > 0 && (p + nl >= end || !g_ascii_isalnum(p[nl]))) {
      const char *gt = memchr(p, '>', (gsize)(end - p));
      if (gt == NULL) {
        p = end;
        continue;
      }
      const char *c = find_ci(gt + 1, end, script ? "</script" : "</style");
      const char *cgt = c != NULL ? memchr(c, '>', (gsize)(end - c)) : NULL;
      const char *after = cgt != NULL ? cgt + 1 : end;
      if (!(script && find_ci(p, gt, "ld+json") != NULL)) {
        p = after;
        continue;
      }
      /* JSON-LD: the whole element as it is; its strings may hold markup
       * and "<!--" that are not the page's. */
      if (o != p)
        memmove(o, p, (gsize)(after - p));
      o += after - p;
      p = after;
      continue;
    }
    if (p + 1 < end && g_ascii_isalpha(p[1])) {
      /* A start tag; the output never overtakes the input (attributes
       * are only dropped), so this is safe in place. */
      p = copy_start_tag(p, end, &o);
      continue;
    }
    /* An end tag or anything else: through its '>', quotes respected. */
    const char *q = p + 1;
    if (q < end && *q == '/') {
      while (q < end && *q != '>')
        q++;
      if (q < end)
        q++;
    }
    if (o != p)
      memmove(o, p, (gsize)(q - p));
    o += q - p;
    p = q;
  }
  return (gsize)(o - s);
}

static xmlDoc *
parse_html(const char *utf8, gsize len)
{
  /* What htmlCtxtReadMemory(..., "UTF-8", ...) does, less its encoder: the
   * bytes are valid UTF-8 already (page-charset.c), so they are read as
   * they are instead of being copied through libxml2's UTF-8 -> UTF-8
   * converter, about 4% of the parse.  HTML_PARSE_IGNORE_ENC keeps a
   * <meta charset> from switching the decoding mid-page, which the
   * encoder's presence did before.  doc->URL stays unset: nothing reads
   * it (page-meta.c resolves links against the page's URL itself). */
  precis__xml_init();
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (ctxt == NULL)
    return NULL;
  xmlParserInputBufferPtr buf =
      xmlParserInputBufferCreateMem(utf8, (int)len, XML_CHAR_ENCODING_NONE);
  xmlParserInputPtr in =
      buf ? xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE) : NULL;
  if (in == NULL) {
    if (buf != NULL)
      xmlFreeParserInputBuffer(buf);
    htmlFreeParserCtxt(ctxt);
    return NULL;
  }
  inputPush(ctxt, in);
  htmlCtxtUseOptions(ctxt, PRECIS__PAGE_PARSE_FLAGS | HTML_PARSE_IGNORE_ENC);
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument(ctxt);
  xmlDoc *doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  htmlFreeParserCtxt(ctxt);
  return doc;
}

PrecisArticle *
precis_page_extract(const char *data, gsize len, const char *charset,
                    const char *url, GError **error)
{
  g_return_val_if_fail(data != NULL || len == 0, NULL);
  if (len == 0) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_EMPTY));
    return NULL;
  }
  if (looks_binary((const guchar *)data, MIN(len, (gsize)4096))) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_BINARY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_BINARY));
    return NULL;
  }
  if (len > G_MAXINT - 16) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TOO_LARGE,
                        precis_feed_strerror(PRECIS_FEED_ERROR_TOO_LARGE));
    return NULL;
  }

  gsize ulen = 0;
  const char *used = NULL;
  g_autofree char *utf8 =
      precis__charset_to_utf8(data, len, charset, &used, &ulen);
  if (ulen > G_MAXINT) {
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_TOO_LARGE,
                        precis_feed_strerror(PRECIS_FEED_ERROR_TOO_LARGE));
    return NULL;
  }

  /* A <title> that is never closed swallows the whole page (RCDATA runs
   * to the end).  Such pages exist; their title tag becomes a <div>, so
   * that what follows it is parsed as markup. */
  const char *title = find_ci(utf8, utf8 + MIN(ulen, (gsize)65536), "<title");
  if (title != NULL && find_ci(title, utf8 + ulen, "</title") == NULL)
    memcpy(utf8 + (title - utf8), "<div  ", 6);

  ulen = slim_markup(utf8, ulen);
  utf8[ulen] = '\0';
  xmlDoc *doc = parse_html(utf8, ulen);
  if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
    if (doc != NULL)
      xmlFreeDoc(doc);
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_EMPTY));
    return NULL;
  }

  g_autoptr(PrecisArticle) article = g_new0(PrecisArticle, 1);
  g_autofree char *ld_body = NULL;
  precis__page_meta(doc, url, article, &ld_body);
  char *text = precis__page_content(doc, article);
  xmlFreeDoc(doc);

  /* The JSON-LD body, when the markup gave much less (pages that render
   * the article with scripts, or split it beyond recognition). */
  if (ld_body != NULL && !looks_like_html_markup(ld_body)) {
    gsize ld_chars = visible_chars(ld_body);
    double ratio = 0.6;
    /* The markup's count matters only up to ld_chars * ratio: it stops
     * just past it. */
    double want = ld_chars * ratio;
    if (ld_chars >= 200 && visible_chars_upto(text, (gsize)want + 1) < want) {
      g_free(text);
      text = ld_body_text(ld_body);
    }
  }
  if (visible_chars_upto(text, 1) == 0) {
    /* Markup too broken for the parser (an attribute quote that never
     * closes...): read the page's text as residue instead. */
    g_autofree char *flat = strip_tags(utf8, ulen);
    g_autoptr(PrecisArticle) residue =
        precis_text_extract(flat, strlen(flat), NULL);
    PrecisTextStats st = {0};
    if (residue != NULL)
      precis__text_stats(residue->text, strlen(residue->text), &st);
    /* Only prose counts: a page of nothing but links stays empty. */
    if (residue != NULL && st.sentences >= 2 && st.chars >= 150) {
      g_free(text);
      text = g_steal_pointer(&residue->text);
      if (article->title == NULL)
        article->title = g_steal_pointer(&residue->title);
      if (article->date == NULL)
        article->date = g_steal_pointer(&residue->date);
    }
  }
  if (visible_chars_upto(text, 1) == 0) {
    g_free(text);
    g_set_error_literal(error, PRECIS_FEED_ERROR, PRECIS_FEED_ERROR_EMPTY,
                        precis_feed_strerror(PRECIS_FEED_ERROR_EMPTY));
    return NULL;
  }
  article->text = text;
  return g_steal_pointer(&article);
}
