/* SPDX-License-Identifier: GPL-3.0-or-later
 * page-meta.c: article metadata from a parsed page.
 *
 * Sources, best first for each field: JSON-LD (schema.org NewsArticle and
 * kin, also inside @graph and arrays), Open Graph and article:*, citation_*
 * (Highwire/Google Scholar), Dublin Core (DC.* / dcterms.*), twitter:*,
 * plain <meta name=author|description|date>, <link rel=canonical>,
 * <html lang>, <time datetime>, itemprop/rel=author in the body, the
 * <title> (stripped of the site name), the first <h1>, and a /YYYY/MM/DD/
 * path in the URL.  A later source never overwrites an earlier one.
 *
 * Invariants: every string stored is UTF-8 with white space collapsed and
 * length-capped; URLs are resolved against the page URL.  Cost: one walk
 * over the document (iterative) plus the JSON-LD scripts' parse.
 */
#include "json-depth.h"
#include "page-private.h"

#include <json-glib/json-glib.h>
#include <libxml/uri.h>
#include <stdio.h>
#include <string.h>

#define MAX_FIELD 1000

typedef struct {
  /* Candidates by source; the first non-NULL in priority order wins. */
  char *ld_headline, *ld_author, *ld_date, *ld_site, *ld_lang, *ld_url,
      *ld_desc;
  char *og_title, *og_site, *og_url, *og_desc, *og_locale;
  char *art_author, *art_date;
  char *cit_title, *cit_date;
  GString *cit_authors;
  char *dc_title, *dc_creator, *dc_date, *dc_lang, *dc_desc;
  char *tw_title, *tw_desc;
  char *name_author, *name_desc, *name_date, *name_lang, *app_name;
  char *canonical;
  char *html_lang;
  char *time_date, *time_pub_date;
  char *itemprop_author, *itemprop_date, *rel_author;
  char *title_tag;
  char *h1;
  char *h2;
} Meta;

static void
meta_clear(Meta *m)
{
  char **fields[] = {
      &m->ld_headline,
      &m->ld_author,
      &m->ld_date,
      &m->ld_site,
      &m->ld_lang,
      &m->ld_url,
      &m->ld_desc,
      &m->og_title,
      &m->og_site,
      &m->og_url,
      &m->og_desc,
      &m->og_locale,
      &m->art_author,
      &m->art_date,
      &m->cit_title,
      &m->cit_date,
      &m->dc_title,
      &m->dc_creator,
      &m->dc_date,
      &m->dc_lang,
      &m->dc_desc,
      &m->tw_title,
      &m->tw_desc,
      &m->name_author,
      &m->name_desc,
      &m->name_date,
      &m->name_lang,
      &m->app_name,
      &m->canonical,
      &m->html_lang,
      &m->time_date,
      &m->time_pub_date,
      &m->itemprop_author,
      &m->itemprop_date,
      &m->rel_author,
      &m->title_tag,
      &m->h1,
      &m->h2,
  };
  for (gsize i = 0; i < G_N_ELEMENTS(fields); i++)
    g_clear_pointer(fields[i], g_free);
  if (m->cit_authors != NULL)
    g_string_free(m->cit_authors, TRUE);
  m->cit_authors = NULL;
}

/* A cleaned copy: white space collapsed, capped, NULL when empty. */
static char *
clean_value(const char *s)
{
  if (s == NULL)
    return NULL;
  gsize len = strlen(s);
  if (len > 4 * MAX_FIELD)
    len = 4 * MAX_FIELD;
  char *c = precis__collapse_space(s, len);
  if (*c == '\0') {
    g_free(c);
    return NULL;
  }
  if (strlen(c) > MAX_FIELD) {
    const char *end = c + MAX_FIELD;
    while (end > c && ((guchar)*end & 0xC0) == 0x80)
      end--;
    c[end - c] = '\0';
  }
  if (!g_utf8_validate(c, -1, NULL)) {
    char *v = g_utf8_make_valid(c, -1);
    g_free(c);
    c = v;
  }
  return c;
}

static void
set_once(char **slot, const char *value)
{
  if (*slot == NULL)
    *slot = clean_value(value);
}

static const char *
attr(const xmlNode *n, const char *name)
{
  /* @name is lower case: the first byte rules out most attributes without
   * a call. */
  for (const xmlAttr *a = n->properties; a != NULL; a = a->next)
    if (a->name &&
        (a->name[0] >= 'A' && a->name[0] <= 'Z' ? a->name[0] + 32
                                                : a->name[0]) == name[0] &&
        g_ascii_strcasecmp((const char *)a->name, name) == 0)
      return (a->children && a->children->content)
                 ? (const char *)a->children->content
                 : "";
  return NULL;
}

static xmlNode *
next_node(xmlNode *n, xmlNode *root, gboolean descend)
{
  if (descend && n->children != NULL)
    return n->children;
  while (n != root) {
    if (n->next != NULL)
      return n->next;
    n = n->parent;
  }
  return NULL;
}

/* Text content of @n (iterative, capped). */
static char *
node_text(xmlNode *n, gsize cap)
{
  GString *s = g_string_new(NULL);
  for (xmlNode *c = n; c != NULL && s->len < cap;) {
    gboolean descend = TRUE;
    if (c->type == XML_ELEMENT_NODE && c != n && c->name &&
        (g_ascii_strcasecmp((const char *)c->name, "script") == 0 ||
         g_ascii_strcasecmp((const char *)c->name, "style") == 0))
      descend = FALSE;
    else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
             c->content) {
      g_string_append(s, (const char *)c->content);
      g_string_append_c(s, ' ');
    }
    c = next_node(c, n, descend);
  }
  char *out = clean_value(s->str);
  g_string_free(s, TRUE);
  return out;
}

static gboolean
is_url(const char *s)
{
  return g_str_has_prefix(s, "http://") || g_str_has_prefix(s, "https://") ||
         g_str_has_prefix(s, "//");
}

/* ---- JSON-LD --------------------------------------------------------------
 */

static gboolean
is_article_type(JsonObject *o)
{
  static const char *const types[] = {
      "NewsArticle",
      "Article",
      "ReportageNewsArticle",
      "AnalysisNewsArticle",
      "OpinionNewsArticle",
      "BlogPosting",
      "LiveBlogPosting",
      "ScholarlyArticle",
      "Report",
      "BackgroundNewsArticle",
      "ReviewNewsArticle",
      "TechArticle",
      "SocialMediaPosting",
      "AskPublicNewsArticle",
      "SatiricalArticle",
      "Review",
      "Blog",
      "Posting",
  };
  if (!json_object_has_member(o, "@type"))
    return FALSE;
  JsonNode *t = json_object_get_member(o, "@type");
  if (JSON_NODE_HOLDS_VALUE(t) &&
      json_node_get_value_type(t) == G_TYPE_STRING) {
    const char *s = json_node_get_string(t);
    for (gsize i = 0; i < G_N_ELEMENTS(types); i++)
      if (g_strcmp0(s, types[i]) == 0)
        return TRUE;
  } else if (JSON_NODE_HOLDS_ARRAY(t)) {
    JsonArray *a = json_node_get_array(t);
    for (guint j = 0; j < json_array_get_length(a); j++) {
      JsonNode *e = json_array_get_element(a, j);
      if (!JSON_NODE_HOLDS_VALUE(e) ||
          json_node_get_value_type(e) != G_TYPE_STRING)
        continue;
      for (gsize i = 0; i < G_N_ELEMENTS(types); i++)
        if (g_strcmp0(json_node_get_string(e), types[i]) == 0)
          return TRUE;
    }
  }
  return FALSE;
}

static const char *
obj_string(JsonObject *o, const char *member)
{
  if (o == NULL || !json_object_has_member(o, member))
    return NULL;
  JsonNode *n = json_object_get_member(o, member);
  if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
    return json_node_get_string(n);
  return NULL;
}

/* "name" of an object, or the string itself; arrays joined with ", ". */
static void
append_names(JsonNode *n, GString *out, int depth)
{
  if (n == NULL || depth > 3)
    return;
  if (JSON_NODE_HOLDS_VALUE(n) &&
      json_node_get_value_type(n) == G_TYPE_STRING) {
    const char *s = json_node_get_string(n);
    if (s && *s && !is_url(s)) {
      if (out->len)
        g_string_append(out, ", ");
      g_string_append(out, s);
    }
  } else if (JSON_NODE_HOLDS_OBJECT(n)) {
    const char *s = obj_string(json_node_get_object(n), "name");
    if (s && *s) {
      if (out->len)
        g_string_append(out, ", ");
      g_string_append(out, s);
    }
  } else if (JSON_NODE_HOLDS_ARRAY(n)) {
    JsonArray *a = json_node_get_array(n);
    for (guint i = 0; i < json_array_get_length(a) && i < 10; i++)
      append_names(json_array_get_element(a, i), out, depth + 1);
  }
}

static void
ld_article(Meta *m, JsonObject *o, char **ld_body)
{
  set_once(&m->ld_headline, obj_string(o, "headline"));
  if (m->ld_headline == NULL)
    set_once(&m->ld_headline, obj_string(o, "name"));
  if (json_object_has_member(o, "author") && m->ld_author == NULL) {
    GString *s = g_string_new(NULL);
    append_names(json_object_get_member(o, "author"), s, 0);
    set_once(&m->ld_author, s->str);
    g_string_free(s, TRUE);
  }
  set_once(&m->ld_date, obj_string(o, "datePublished"));
  if (m->ld_date == NULL)
    set_once(&m->ld_date, obj_string(o, "dateCreated"));
  set_once(&m->ld_desc, obj_string(o, "description"));
  set_once(&m->ld_lang, obj_string(o, "inLanguage"));
  set_once(&m->ld_url, obj_string(o, "url"));
  if (json_object_has_member(o, "publisher") && m->ld_site == NULL) {
    GString *s = g_string_new(NULL);
    append_names(json_object_get_member(o, "publisher"), s, 0);
    set_once(&m->ld_site, s->str);
    g_string_free(s, TRUE);
  }
  const char *body = obj_string(o, "articleBody");
  if (body != NULL && *ld_body == NULL && strlen(body) > 0)
    *ld_body = g_strdup(body);
}

/* Walks a JSON-LD value for article objects (iterative over a queue). */
static void
ld_walk(Meta *m, JsonNode *root, char **ld_body)
{
  GQueue q = G_QUEUE_INIT;
  guint visited = 0;
  g_queue_push_tail(&q, root);
  while (!g_queue_is_empty(&q) && visited < 2000) {
    JsonNode *n = g_queue_pop_head(&q);
    visited++;
    if (JSON_NODE_HOLDS_ARRAY(n)) {
      JsonArray *a = json_node_get_array(n);
      for (guint i = 0; i < json_array_get_length(a); i++)
        g_queue_push_tail(&q, json_array_get_element(a, i));
    } else if (JSON_NODE_HOLDS_OBJECT(n)) {
      JsonObject *o = json_node_get_object(n);
      if (is_article_type(o))
        ld_article(m, o, ld_body);
      if (json_object_has_member(o, "@graph"))
        g_queue_push_tail(&q, json_object_get_member(o, "@graph"));
      if (json_object_has_member(o, "mainEntity"))
        g_queue_push_tail(&q, json_object_get_member(o, "mainEntity"));
    }
  }
  g_queue_clear(&q);
}

static void
ld_parse(Meta *m, const char *text, char **ld_body)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  gsize len = strlen(text);
  if (len == 0 || len > 4 * 1024 * 1024 || precis__json_too_deep(text, len))
    return;
  if (!json_parser_load_from_data(parser, text, (gssize)len, NULL))
    return;
  JsonNode *root = json_parser_get_root(parser);
  if (root != NULL)
    ld_walk(m, root, ld_body);
}

/* ---- <meta> and friends -------------------------------------------------- */

static void
meta_tag(Meta *m, const xmlNode *n)
{
  const char *key = attr(n, "property");
  const char *content = attr(n, "content");
  if (key == NULL || *key == '\0')
    key = attr(n, "name");
  if (key == NULL) {
    const char *he = attr(n, "http-equiv");
    if (he && content && g_ascii_strcasecmp(he, "content-language") == 0)
      set_once(&m->name_lang, content);
    if (attr(n, "itemprop") && content) {
      const char *ip = attr(n, "itemprop");
      if (g_ascii_strcasecmp(ip, "datePublished") == 0)
        set_once(&m->itemprop_date, content);
    }
    return;
  }
  if (content == NULL)
    return;
  char k[64];
  gsize kl = strlen(key);
  if (kl >= sizeof k)
    return;
  for (gsize i = 0; i <= kl; i++)
    k[i] = g_ascii_tolower(key[i]);

  if (!strcmp(k, "og:title"))
    set_once(&m->og_title, content);
  else if (!strcmp(k, "og:site_name"))
    set_once(&m->og_site, content);
  else if (!strcmp(k, "og:url"))
    set_once(&m->og_url, content);
  else if (!strcmp(k, "og:description"))
    set_once(&m->og_desc, content);
  else if (!strcmp(k, "og:locale"))
    set_once(&m->og_locale, content);
  else if (!strcmp(k, "article:author") || !strcmp(k, "og:article:author"))
    set_once(&m->art_author, is_url(content) ? NULL : content);
  else if (!strcmp(k, "article:published_time") ||
           !strcmp(k, "og:article:published_time") ||
           !strcmp(k, "og:published_time"))
    set_once(&m->art_date, content);
  else if (!strcmp(k, "citation_title"))
    set_once(&m->cit_title, content);
  else if (!strcmp(k, "citation_publication_date") ||
           !strcmp(k, "citation_date") || !strcmp(k, "citation_online_date"))
    set_once(&m->cit_date, content);
  else if (!strcmp(k, "citation_author")) {
    if (m->cit_authors == NULL)
      m->cit_authors = g_string_new(NULL);
    if (m->cit_authors->len < MAX_FIELD) {
      if (m->cit_authors->len)
        g_string_append(m->cit_authors, ", ");
      g_string_append(m->cit_authors, content);
    }
  } else if (!strcmp(k, "dc.title") || !strcmp(k, "dcterms.title"))
    set_once(&m->dc_title, content);
  else if (!strcmp(k, "dc.creator") || !strcmp(k, "dcterms.creator") ||
           !strcmp(k, "dc.creator.personalname"))
    set_once(&m->dc_creator, content);
  else if (!strcmp(k, "dc.date") || !strcmp(k, "dcterms.date") ||
           !strcmp(k, "dc.date.issued") || !strcmp(k, "dcterms.issued") ||
           !strcmp(k, "dcterms.created") || !strcmp(k, "dc.date.created"))
    set_once(&m->dc_date, content);
  else if (!strcmp(k, "dc.language") || !strcmp(k, "dcterms.language"))
    set_once(&m->dc_lang, content);
  else if (!strcmp(k, "dc.description") || !strcmp(k, "dcterms.description"))
    set_once(&m->dc_desc, content);
  else if (!strcmp(k, "twitter:title"))
    set_once(&m->tw_title, content);
  else if (!strcmp(k, "twitter:description"))
    set_once(&m->tw_desc, content);
  else if (!strcmp(k, "author") || !strcmp(k, "byl") ||
           !strcmp(k, "sailthru.author") || !strcmp(k, "parsely-author"))
    set_once(&m->name_author, is_url(content) ? NULL : content);
  else if (!strcmp(k, "description"))
    set_once(&m->name_desc, content);
  else if (!strcmp(k, "date") || !strcmp(k, "pubdate") ||
           !strcmp(k, "publishdate") || !strcmp(k, "publish-date") ||
           !strcmp(k, "published_time") || !strcmp(k, "sailthru.date") ||
           !strcmp(k, "parsely-pub-date") || !strcmp(k, "article.published") ||
           !strcmp(k, "date.release") || !strcmp(k, "displaydate") ||
           !strcmp(k, "original-publish-date") || !strcmp(k, "pub_date"))
    set_once(&m->name_date, content);
  else if (!strcmp(k, "language") || !strcmp(k, "content-language"))
    set_once(&m->name_lang, content);
  else if (!strcmp(k, "application-name"))
    set_once(&m->app_name, content);
}

static void
scan(Meta *m, xmlDoc *doc, char **ld_body)
{
  xmlNode *root = xmlDocGetRootElement(doc);
  if (root == NULL)
    return;
  if (root->name && g_ascii_strcasecmp((const char *)root->name, "html") == 0)
    set_once(&m->html_lang,
             attr(root, "lang") ? attr(root, "lang") : attr(root, "xml:lang"));
  guint ld_scripts = 0;
  for (xmlNode *n = root; n != NULL;) {
    gboolean descend = TRUE;
    if (n->type == XML_ELEMENT_NODE && n->name != NULL) {
      const char *name = (const char *)n->name;
      /* Every name below starts with h, l, m, s or t: most elements are
       * none of them. */
      char c0 =
          name[0] >= 'A' && name[0] <= 'Z' ? (char)(name[0] + 32) : name[0];
      if (c0 == 'h' || c0 == 'l' || c0 == 'm' || c0 == 's' || c0 == 't') {
        if (!g_ascii_strcasecmp(name, "meta")) {
          meta_tag(m, n);
        } else if (!g_ascii_strcasecmp(name, "script")) {
          const char *type = attr(n, "type");
          descend = FALSE;
          if (type && g_ascii_strcasecmp(type, "application/ld+json") == 0 &&
              ld_scripts < 20) {
            ld_scripts++;
            GString *s = g_string_new(NULL);
            for (xmlNode *c = n->children; c; c = c->next)
              if (c->content)
                g_string_append(s, (const char *)c->content);
            ld_parse(m, s->str, ld_body);
            g_string_free(s, TRUE);
          }
        } else if (!g_ascii_strcasecmp(name, "style")) {
          descend = FALSE;
        } else if (!g_ascii_strcasecmp(name, "link")) {
          const char *rel = attr(n, "rel");
          if (rel && g_ascii_strcasecmp(rel, "canonical") == 0)
            set_once(&m->canonical, attr(n, "href"));
        } else if (!g_ascii_strcasecmp(name, "title")) {
          if (m->title_tag == NULL && n->parent && n->parent->name &&
              g_ascii_strcasecmp((const char *)n->parent->name, "svg") != 0)
            m->title_tag = node_text(n, 4 * MAX_FIELD);
          descend = FALSE;
        } else if (!g_ascii_strcasecmp(name, "h1")) {
          if (m->h1 == NULL)
            m->h1 = node_text(n, 4 * MAX_FIELD);
        } else if (!g_ascii_strcasecmp(name, "h2")) {
          if (m->h2 == NULL)
            m->h2 = node_text(n, 4 * MAX_FIELD);
        } else if (!g_ascii_strcasecmp(name, "time")) {
          const char *dt = attr(n, "datetime");
          if (dt == NULL || *dt == '\0')
            dt = NULL;
          if (attr(n, "pubdate") != NULL ||
              (attr(n, "itemprop") &&
               g_ascii_strcasecmp(attr(n, "itemprop"), "datePublished") == 0)) {
            if (dt)
              set_once(&m->time_pub_date, dt);
            else if (m->time_pub_date == NULL)
              m->time_pub_date = node_text(n, 200);
          } else if (dt) {
            set_once(&m->time_date, dt);
          }
        }
      }
      const char *ip = attr(n, "itemprop");
      if (ip != NULL && g_ascii_strcasecmp(name, "meta") != 0) {
        if (g_ascii_strcasecmp(ip, "author") == 0 && !m->itemprop_author) {
          /* The name inside, or the text. */
          m->itemprop_author = node_text(n, 400);
        } else if (g_ascii_strcasecmp(ip, "datePublished") == 0 &&
                   !m->itemprop_date) {
          const char *v = attr(n, "datetime");
          if (v == NULL)
            v = attr(n, "content");
          m->itemprop_date = v ? clean_value(v) : node_text(n, 200);
        }
      }
      const char *rel = attr(n, "rel");
      if (rel && g_ascii_strcasecmp(name, "a") == 0 &&
          g_ascii_strcasecmp(rel, "author") == 0 && !m->rel_author)
        m->rel_author = node_text(n, 200);
    }
    n = next_node(n, root, descend);
  }
}

/* Whether a word of 4+ letters or digits of @a occurs in @b (ASCII case
 * ignored; other bytes compared as they are).  Titles are short: the
 * quadratic search costs nothing. */
static gboolean
shares_word(const char *a, const char *b)
{
  gsize blen = strlen(b);
  const char *p = a;
  while (*p != '\0') {
    while (*p != '\0' && !g_ascii_isalnum(*p) && !((guchar)*p & 0x80))
      p++;
    const char *w = p;
    while (*p != '\0' && (g_ascii_isalnum(*p) || ((guchar)*p & 0x80)))
      p++;
    gsize wl = (gsize)(p - w);
    if (wl < 4)
      continue;
    for (gsize i = 0; i + wl <= blen; i++)
      if (g_ascii_strncasecmp(b + i, w, wl) == 0)
        return TRUE;
  }
  return FALSE;
}

/* "Headline | Site" -> "Headline", using the site name or the h1. */
static char *
clean_title(const char *title, const char *site, const char *h1)
{
  if (title == NULL)
    return NULL;
  /* An h1 that is part of the title is the headline itself, unless it is
   * the site's banner: the first h1 of many blogs names the blog.  The
   * site's name ends a title ("Headline - Blog Name") or starts it with a
   * colon ("Blog Name: Headline"); a headline ends one only after a colon
   * ("AFP: Headline").  An h1 at the start followed by one longer part
   * (with no separator of its own) is a banner too. */
  const char *at = h1 != NULL && strlen(h1) >= 10 &&
                           (site == NULL || g_ascii_strcasecmp(h1, site) != 0)
                       ? strstr(title, h1)
                       : NULL;
  if (at != NULL) {
    gsize hl = strlen(h1), tl = strlen(title);
    gboolean prefix = at == title, suffix = !prefix && at + hl == title + tl;
    const char *rest = prefix ? title + hl : title;
    gsize rl = prefix ? tl - hl : (gsize)(at - title);
    /* The separator between the rest and the h1: ':' right after the
     * first part, or '>', puts the site first. */
    char sep = prefix ? title[hl] : '\0';
    while (rl > 0 && !g_ascii_isalnum(*rest) && !((guchar)*rest & 0x80)) {
      rest++;
      rl--;
    }
    while (rl > 0 && !g_ascii_isalnum(rest[rl - 1]) &&
           !((guchar)rest[rl - 1] & 0x80) && rest[rl - 1] != '?' &&
           rest[rl - 1] != '!' && rest[rl - 1] != '.')
      rl--;
    if (suffix && rl > 0)
      for (const char *p = rest + rl; p < at; p++)
        if (*p == ':' || *p == '>')
          sep = *p;
    if (prefix && sep == ' ' && title[hl + 1] == '>')
      sep = '>';
    gboolean site_first = sep == ':' || sep == '>';
    if (rl == 0 || !(prefix || suffix))
      return g_strdup(h1);
    if (suffix) {
      if (site_first)
        return g_strdup(h1);
      g_autofree char *head = g_strndup(rest, rl);
      return clean_title(head, site, NULL);
    }
    gboolean one_part = TRUE;
    for (gsize i = 0; i + 2 < rl && one_part; i++)
      if (rest[i] == ' ' && (rest[i + 2] == ' ' || rest[i + 1] == '|') &&
          (rest[i + 1] == '|' || rest[i + 1] == '-'))
        one_part = FALSE;
    if (site_first || (one_part && rl > hl))
      return g_strndup(rest, rl);
    return g_strdup(h1);
  }
  static const char *const seps[] = {
      " | ",  " - ",        " \xE2\x80\x94 ", " \xE2\x80\x93 ",
      " :: ", " \xC2\xBB ", " \xC2\xAB ",     " / ",
      ": "};
  for (gsize i = 0; i < G_N_ELEMENTS(seps); i++) {
    g_auto(GStrv) parts = g_strsplit(title, seps[i], 0);
    guint n = g_strv_length(parts);
    if (n < 2)
      continue;
    /* Drop the part naming the site; else keep the longest part if it is
     * clearly the headline (3+ words). */
    if (site != NULL) {
      if (g_ascii_strcasecmp(g_strstrip(parts[n - 1]), site) == 0) {
        parts[n - 1][0] = '\0';
        GString *s = g_string_new(NULL);
        for (guint j = 0; j + 1 < n; j++) {
          if (j)
            g_string_append(s, seps[i]);
          g_string_append(s, parts[j]);
        }
        return g_string_free(s, FALSE);
      }
      if (g_ascii_strcasecmp(g_strstrip(parts[0]), site) == 0 && n == 2)
        return g_strdup(g_strstrip(parts[1]));
    }
    if (i == G_N_ELEMENTS(seps) - 1)
      break; /* ": " is part of many headlines */
    guint best = 0;
    gsize best_len = 0;
    for (guint j = 0; j < n; j++) {
      gsize l = strlen(parts[j]);
      if (l > best_len) {
        best_len = l;
        best = j;
      }
    }
    guint words = 1;
    for (const char *p = parts[best]; *p; p++)
      if (*p == ' ')
        words++;
    if (words >= 3)
      return g_strdup(g_strstrip(parts[best]));
  }
  return g_strdup(title);
}

static char *
normalize_lang(const char *lang)
{
  if (lang == NULL)
    return NULL;
  char buf[16];
  gsize n = 0;
  for (const char *p = lang; *p && n < sizeof buf - 1; p++) {
    if (*p == '_' || *p == '-' || *p == ',' || *p == ';' || *p == ' ')
      break;
    if (!g_ascii_isalpha(*p))
      return NULL;
    buf[n++] = g_ascii_tolower(*p);
  }
  buf[n] = '\0';
  if (n < 2 || n > 3)
    return NULL;
  return g_strdup(buf);
}

static char *
resolve_url(const char *href, const char *base)
{
  if (href == NULL)
    return NULL;
  if (base == NULL)
    return g_strdup(href);
  xmlChar *abs = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
  if (abs == NULL)
    return g_strdup(href);
  char *s = g_strdup((const char *)abs);
  xmlFree(abs);
  return s;
}

/* First date string that parses. */
static char *
first_date(const char *const *cands, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    if (cands[i] == NULL)
      continue;
    char *d = precis__date_find(cands[i], strlen(cands[i]));
    if (d != NULL)
      return d;
  }
  return NULL;
}

static char *
date_from_url(const char *url)
{
  if (url == NULL)
    return NULL;
  /* /2021/07/29/ or /2021-07-29/ in the path. */
  for (const char *p = url; *p; p++) {
    if (*p != '/' || !g_ascii_isdigit(p[1]))
      continue;
    int y = 0, mo = 0, d = 0, used = 0;
    if (sscanf(p, "/%4d/%2d/%2d/%n", &y, &mo, &d, &used) == 3 && used > 0 &&
        y >= 1995 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31)
      return g_strdup_printf("%04d-%02d-%02d", y, mo, d);
  }
  return NULL;
}

void
precis__page_meta(xmlDoc *doc, const char *url, PrecisArticle *article,
                  char **ld_body)
{
  Meta m = {0};
  scan(&m, doc, ld_body);

  const char *site = m.og_site ? m.og_site : m.ld_site ? m.ld_site : m.app_name;
  if (article->site_name == NULL && site != NULL)
    article->site_name = g_strdup(site);

  if (article->title == NULL) {
    const char *t = m.ld_headline ? m.ld_headline
                    : m.og_title  ? m.og_title
                    : m.tw_title  ? m.tw_title
                    : m.cit_title ? m.cit_title
                    : m.dc_title  ? m.dc_title
                                  : NULL;
    /* A metadata title that shares no word with the page's <title> may be
     * a default the site puts on every page ("Official Blog of X"), or the
     * <title> may be: the one that shares a word with the URL's path (the
     * slug) names the page. */
    if (t != NULL && m.title_tag != NULL && !shares_word(t, m.title_tag)) {
      const char *u = m.canonical ? m.canonical : m.og_url ? m.og_url : url;
      const char *path = u != NULL ? strstr(u, "://") : NULL;
      path = path != NULL ? strchr(path + 3, '/') : NULL;
      if (path != NULL && shares_word(m.title_tag, path) &&
          !shares_word(t, path))
        t = NULL;
    }
    if (t != NULL)
      article->title = clean_title(t, site, m.h1);
    else if (m.title_tag != NULL)
      article->title = clean_title(m.title_tag, site, m.h1);
    else if (m.h1 != NULL)
      article->title = g_strdup(m.h1);
    else if (m.h2 != NULL)
      article->title = g_strdup(m.h2);
  }

  if (article->byline == NULL) {
    const char *b = m.ld_author                           ? m.ld_author
                    : m.cit_authors && m.cit_authors->len ? m.cit_authors->str
                    : m.art_author                        ? m.art_author
                    : m.name_author                       ? m.name_author
                    : m.dc_creator                        ? m.dc_creator
                    : m.itemprop_author                   ? m.itemprop_author
                                                          : m.rel_author;
    if (b != NULL && strlen(b) < 200)
      article->byline = precis__byline_clean(b, strlen(b));
  }

  if (article->date == NULL) {
    const char *cands[] = {m.ld_date,       m.art_date,  m.cit_date,
                           m.dc_date,       m.name_date, m.itemprop_date,
                           m.time_pub_date, m.time_date};
    article->date = first_date(cands, G_N_ELEMENTS(cands));
  }
  if (article->date == NULL) {
    article->date = date_from_url(m.canonical ? m.canonical : url);
  }

  if (article->language == NULL) {
    const char *cands[] = {m.html_lang, m.ld_lang, m.dc_lang, m.name_lang,
                           m.og_locale};
    for (gsize i = 0; i < G_N_ELEMENTS(cands) && !article->language; i++)
      article->language = normalize_lang(cands[i]);
  }

  if (article->url == NULL) {
    const char *u = m.canonical ? m.canonical : m.og_url ? m.og_url : m.ld_url;
    if (u != NULL && (is_url(u) || url != NULL))
      article->url = resolve_url(u, url);
    else if (url != NULL)
      article->url = g_strdup(url);
  }

  if (article->description == NULL) {
    const char *d = m.og_desc     ? m.og_desc
                    : m.ld_desc   ? m.ld_desc
                    : m.name_desc ? m.name_desc
                    : m.tw_desc   ? m.tw_desc
                                  : m.dc_desc;
    if (d != NULL)
      article->description = g_strdup(d);
  }
  meta_clear(&m);
}
