/* SPDX-License-Identifier: GPL-3.0-or-later
 * feed-loose.c: the tolerant tokenizer used when a feed is not well-formed.
 *
 * The reference parser (feedparser) reads ill-formed feeds with an SGML
 * tokenizer that reports start tags, end tags, text, character and entity
 * references exactly as they appear: no nesting is enforced, an unclosed
 * element is never closed, a stray end tag is reported as such.  This file
 * reproduces that tokenizer (sgmllib's goahead with feedparser's overrides:
 * its tag and attribute patterns, its quote-aware end bracket, CDATA as
 * escaped text, "<x/>" rewritten to "<x></x>") and hands the events to the
 * same state machine as the XML path (feed-xml.c).  libxml2's recover mode
 * closes elements it guesses, which changes what feeds say.
 *
 * Invariants: one left-to-right pass, every step advances, no recursion.
 * Cost: O(n) time (each scan is bounded by the next '<' or '>'), O(n)
 * memory for the rewritten copy.
 */
#include "precis-feeds.h"
#include "feed-private.h"

#include <string.h>

static gboolean
is_name_start(char c)
{
  return g_ascii_isalpha(c);
}

/* Elements the HTML processor writes as "<x />" (no end tag). */
static gboolean
no_end_tag(const char *tag, gsize len)
{
  static const char *const list[] = {
      "area",  "base",  "basefont", "br",    "col",     "command", "embed",
      "frame", "hr",    "img",      "input", "isindex", "keygen",  "link",
      "meta",  "param", "source",   "track", "wbr",     NULL};
  for (const char *const *l = list; *l; l++) {
    if (strlen(*l) == len && g_ascii_strncasecmp(*l, tag, len) == 0)
      return TRUE;
  }
  return FALSE;
}

/* feedparser's feed() rewrites before tokenizing. */
static GString *
rewrite(const char *text, gsize len)
{
  GString *s = g_string_sized_new(len + 16);
  int bang = 0;

  for (gsize i = 0; i < len;) {
    const char *p = text + i;
    gsize rest = len - i;
    if (p[0] == '<' && rest >= 2 && p[1] == '!') {
      /* "<!" not followed by DOCTYPE, -- or [ (first two only: the
       * reference passes re.IGNORECASE as the count). */
      gboolean keep = (rest >= 9 && memcmp(p + 2, "DOCTYPE", 7) == 0) ||
                      (rest >= 4 && memcmp(p + 2, "--", 2) == 0) ||
                      (rest >= 3 && p[2] == '[');
      if (!keep && bang < 2) {
        bang++;
        g_string_append(s, "&lt;!");
        i += 2;
        continue;
      }
    }
    if (p[0] == '<') {
      /* <tag/> with no attributes: [^<>\s]+? then \s* then "/>". */
      gsize j = 1;
      while (j < rest && p[j] != '<' && p[j] != '>' && !g_ascii_isspace(p[j]))
        j++;
      gsize name_end = j;
      /* The lazy name stops before a final '/' when "/>" follows. */
      gsize k = j;
      while (k < rest && g_ascii_isspace(p[k]))
        k++;
      gboolean shorttag = FALSE;
      gsize nlen = 0;
      if (k + 1 < rest && p[k] == '/' && p[k + 1] == '>' && name_end > 1) {
        shorttag = TRUE;
        nlen = name_end - 1;
      } else if (k == name_end && k < rest && p[k] == '>' && name_end > 2 &&
                 p[name_end - 1] == '/') {
        shorttag = TRUE;
        nlen = name_end - 2;
        k = name_end - 1;
      }
      if (shorttag && nlen > 0) {
        if (no_end_tag(p + 1, nlen)) {
          g_string_append_c(s, '<');
          g_string_append_len(s, p + 1, nlen);
          g_string_append(s, " />");
        } else {
          g_string_append_c(s, '<');
          g_string_append_len(s, p + 1, nlen);
          g_string_append(s, "></");
          g_string_append_len(s, p + 1, nlen);
          g_string_append_c(s, '>');
        }
        i += k + 2;
        continue;
      }
    }
    if (p[0] == '&' && rest >= 5 && memcmp(p, "&#39;", 5) == 0) {
      g_string_append_c(s, '\'');
      i += 5;
      continue;
    }
    if (p[0] == '&' && rest >= 5 && memcmp(p, "&#34;", 5) == 0) {
      g_string_append_c(s, '"');
      i += 5;
      continue;
    }
    g_string_append_c(s, p[0]);
    i++;
  }
  return s;
}

/* feedparser's end bracket: the next '<' or '>' outside quoted attribute
 * values (a quote counts only when followed by '>', '/', a blank or
 * "name="); else the next '<' or '>' on the same line.  -1 when none. */
static gssize
end_bracket(const char *t, gsize n, gsize from)
{
  gsize p = from;
  while (p < n) {
    char c = t[p];
    if (c == '<' || c == '>')
      return (gssize)p;
    if (c == '"' || c == '\'') {
      const char *q = memchr(t + p + 1, c, n - p - 1);
      if (q != NULL) {
        gsize after = q - t + 1;
        gboolean ok = after >= n ? FALSE
                                 : t[after] == '>' || t[after] == '/' ||
                                       g_ascii_isspace(t[after]);
        if (!ok && after < n) {
          gsize w = after;
          while (w < n && (g_ascii_isalnum(t[w]) || t[w] == '_'))
            w++;
          ok = w > after && w < n && t[w] == '=';
        }
        if (ok) {
          p = after;
          continue;
        }
      }
      /* The first alternative fails: the lazy ".*?(?=[<>])". */
      for (gsize r = from; r < n && t[r] != '\n'; r++) {
        if (t[r] == '<' || t[r] == '>')
          return (gssize)r;
      }
      return -1;
    }
    p++;
  }
  return -1;
}

/* sgmllib's attribute-value reference conversion: ASCII character
 * references and the five XML entities; anything else is kept. */
static char *
convert_attr_refs(const char *v)
{
  GString *o = g_string_new(NULL);
  for (const char *c = v; *c;) {
    if (*c == '&') {
      const char *r = c + 1;
      if (*r == '#' && g_ascii_isdigit(r[1])) {
        const char *d = r + 1;
        guint64 n = 0;
        while (g_ascii_isdigit(*d)) {
          if (n < 100000)
            n = n * 10 + (guint64)(*d - '0');
          d++;
        }
        gboolean semi = *d == ';';
        if (n <= 127) {
          g_string_append_c(o, (char)n);
        } else {
          g_string_append_len(o, c, d - c);
          if (semi)
            g_string_append_c(o, ';');
        }
        c = d + (semi ? 1 : 0);
        continue;
      }
      if (is_name_start(*r)) {
        const char *e = r;
        while (g_ascii_isalnum(*e) || *e == '-' || *e == '.')
          e++;
        gboolean semi = *e == ';';
        g_autofree char *name = g_strndup(r, e - r);
        static const char *const ents[][2] = {{"lt", "<"},
                                              {"gt", ">"},
                                              {"amp", "&"},
                                              {"quot", "\""},
                                              {"apos", "'"}};
        const char *val = NULL;
        for (gsize k = 0; k < G_N_ELEMENTS(ents); k++) {
          if (semi && strcmp(name, ents[k][0]) == 0)
            val = ents[k][1];
        }
        if (val != NULL)
          g_string_append(o, val);
        else
          g_string_append_len(o, c, e - c + (semi ? 1 : 0));
        c = e + (semi ? 1 : 0);
        continue;
      }
    }
    g_string_append_c(o, *c++);
  }
  return g_string_free(o, FALSE);
}

/* attrfind: \s*([a-zA-Z_][-:.a-zA-Z_0-9]*)[$]?(\s*=\s*(value))? */
static gboolean
is_attr_value_char(char c)
{
  return g_ascii_isalnum(c) || strchr("][-./,:;+*%?!&$()_#=~'\"@", c) != NULL;
}

static gssize
parse_starttag(const char *t, gsize n, gsize i, char **lasttag,
               const PrecisLooseSink *sink, void *ud)
{
  /* shorttagopen: <name/ (SGML null end tag "<name/data/"). */
  gsize k = i + 1;
  while (k < n && (g_ascii_isalnum(t[k]) || t[k] == '-' || t[k] == '.'))
    k++;
  if (k < n && t[k] == '/' && k > i + 1) {
    const char *slash = memchr(t + k + 1, '/', n - k - 1);
    if (slash == NULL)
      return -1;
    g_autofree char *tag = g_ascii_strdown(t + i + 1, k - i - 1);
    g_autofree char *data = g_strndup(t + k + 1, slash - (t + k + 1));
    g_free(*lasttag);
    *lasttag = g_strdup(tag);
    GPtrArray *none = g_ptr_array_new_with_free_func(g_free);
    sink->start(ud, tag, none);
    g_ptr_array_unref(none);
    sink->data(ud, data);
    sink->end(ud, tag);
    return slash - t + 1;
  }
  gssize j = end_bracket(t, n, i + 1);
  if (j < 0)
    return -1;
  g_autofree char *tag = NULL;
  if (t[i + 1] == '>') {
    k = (gsize)j;
    tag = g_strdup(*lasttag ? *lasttag : "");
  } else {
    k = i + 1;
    while (k < n && (g_ascii_isalnum(t[k]) || t[k] == '-' || t[k] == '_' ||
                     t[k] == '.' || t[k] == ':'))
      k++;
    tag = g_ascii_strdown(t + i + 1, k - i - 1);
    g_free(*lasttag);
    *lasttag = g_strdup(tag);
  }
  GPtrArray *attrs = g_ptr_array_new_with_free_func(g_free);
  while (k < (gsize)j) {
    gsize m = k;
    while (m < n && g_ascii_isspace(t[m]))
      m++;
    if (m >= n || !(g_ascii_isalpha(t[m]) || t[m] == '_'))
      break;
    gsize ns = m;
    while (m < n && (g_ascii_isalnum(t[m]) || t[m] == '-' || t[m] == ':' ||
                     t[m] == '.' || t[m] == '_'))
      m++;
    g_autofree char *name = g_ascii_strdown(t + ns, m - ns);
    if (m < n && t[m] == '$')
      m++;
    gsize e = m;
    while (e < n && g_ascii_isspace(t[e]))
      e++;
    char *value = NULL;
    if (e < n && t[e] == '=') {
      e++;
      while (e < n && g_ascii_isspace(t[e]))
        e++;
      gsize vs = e;
      if (e < n && (t[e] == '\'' || t[e] == '"')) {
        const char *q = memchr(t + e + 1, t[e], n - e - 1);
        if (q != NULL) {
          e = q - t + 1;
        } else {
          while (e < n && is_attr_value_char(t[e]))
            e++;
        }
      } else {
        while (e < n && is_attr_value_char(t[e]))
          e++;
      }
      g_autofree char *raw = g_strndup(t + vs, e - vs);
      gsize rl = strlen(raw);
      if (rl >= 2 && (raw[0] == '\'' || raw[0] == '"') &&
          raw[rl - 1] == raw[0]) {
        raw[rl - 1] = '\0';
        memmove(raw, raw + 1, rl - 1);
      }
      value = convert_attr_refs(raw);
      m = e;
    } else {
      value = g_strdup(name);
    }
    g_ptr_array_add(attrs, g_strdup(name));
    g_ptr_array_add(attrs, value);
    if (m == k)
      break;
    k = m;
  }
  if (t[j] == '>')
    j++;
  sink->start(ud, tag, attrs);
  g_ptr_array_unref(attrs);
  /* feedparser's HTML processor (type XHTML) closes "<x .../>". */
  if (j > 2 && t[j - 2] == '/' && t[j - 1] == '>')
    sink->end(ud, *lasttag ? *lasttag : "");
  return j;
}

void
precis__feed_loose_parse(const char *text_in, gsize len,
                         const PrecisLooseSink *sink, void *ud)
{
  GString *buf = rewrite(text_in, len);
  const char *t = buf->str;
  gsize n = buf->len, i = 0;
  char *lasttag = NULL;

  while (i < n) {
    gsize j = i;
    while (j < n && t[j] != '<' && t[j] != '&')
      j++;
    if (i < j) {
      g_autofree char *d = g_strndup(t + i, j - i);
      sink->data(ud, d);
    }
    i = j;
    if (i == n)
      break;
    if (t[i] == '<') {
      if (i + 1 < n && (t[i + 1] == '>' || g_ascii_isalpha(t[i + 1]))) {
        gssize k = parse_starttag(t, n, i, &lasttag, sink, ud);
        if (k < 0)
          break;
        i = (gsize)k;
        continue;
      }
      if (i + 1 < n && t[i + 1] == '/') {
        gssize j2 = end_bracket(t, n, i + 1);
        if (j2 < 0)
          break;
        g_autofree char *raw = g_strndup(t + i + 2, (gsize)j2 - i - 2);
        g_autofree char *tag = g_ascii_strdown(g_strstrip(raw), -1);
        i = (gsize)j2 + (t[j2] == '>' ? 1 : 0);
        sink->end(ud, tag);
        continue;
      }
      if (n - i >= 4 && memcmp(t + i, "<!--", 4) == 0) {
        /* Comment close: "--" blanks ">". */
        gsize k = i + 4;
        gboolean found = FALSE;
        while (k + 1 < n) {
          const char *dd = g_strstr_len(t + k, n - k, "--");
          if (dd == NULL)
            break;
          gsize e = dd - t + 2;
          while (e < n && g_ascii_isspace(t[e]))
            e++;
          if (e < n && t[e] == '>') {
            k = e + 1;
            found = TRUE;
            break;
          }
          k = dd - t + 1;
        }
        if (!found)
          break;
        i = k;
        continue;
      }
      if (n - i >= 2 && t[i + 1] == '?') {
        const char *gt = memchr(t + i + 2, '>', n - i - 2);
        if (gt == NULL)
          break;
        i = gt - t + 1;
        continue;
      }
      if (n - i >= 2 && t[i + 1] == '!') {
        if (n - i >= 9 && memcmp(t + i, "<![CDATA[", 9) == 0) {
          const char *e = g_strstr_len(t + i, n - i, "]]>");
          if (e == NULL) {
            i = n; /* an unfinished CDATA block is dropped */
            continue;
          }
          g_autofree char *d = g_strndup(t + i + 9, e - (t + i + 9));
          sink->cdata(ud, d);
          i = e - t + 3;
          continue;
        }
        const char *gt = memchr(t + i, '>', n - i);
        if (gt == NULL)
          break;
        i = gt - t + 1;
        continue;
      }
    } else {
      /* &#(\d+|[xX][0-9a-fA-F]+); */
      if (i + 2 < n && t[i + 1] == '#') {
        gsize k = i + 2;
        gboolean hex = t[k] == 'x' || t[k] == 'X';
        if (hex)
          k++;
        gsize ds = k;
        while (k < n && (hex ? g_ascii_isxdigit(t[k]) : g_ascii_isdigit(t[k])))
          k++;
        if (k > ds && k < n && t[k] == ';') {
          g_autofree char *ref = g_strndup(t + i + 2, k - i - 2);
          sink->charref(ud, ref);
          i = k + 1;
          continue;
        }
      }
      /* &([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9] */
      if (i + 1 < n && g_ascii_isalpha(t[i + 1])) {
        gsize k = i + 2;
        while (k < n && (g_ascii_isalnum(t[k]) || t[k] == '-' || t[k] == '.'))
          k++;
        if (k < n && !g_ascii_isalnum(t[k])) {
          g_autofree char *ref = g_strndup(t + i + 1, k - i - 1);
          sink->entityref(ud, ref);
          i = t[k] == ';' ? k + 1 : k;
          continue;
        }
      }
    }
    /* sgmllib's "incomplete" pattern: pass the fragment on as text. */
    gsize k = i + 1;
    if (t[i] == '&') {
      if (k < n && g_ascii_isalpha(t[k])) {
        while (k < n && g_ascii_isalnum(t[k]))
          k++;
      } else if (k < n && t[k] == '#') {
        k++;
        while (k < n && g_ascii_isdigit(t[k]))
          k++;
      }
    } else if (k < n && (g_ascii_isalpha(t[k]) || t[k] == '!')) {
      while (k < n && t[k] != '<' && t[k] != '>')
        k++;
    } else if (k < n && t[k] == '/') {
      k++;
      if (k < n && g_ascii_isalpha(t[k])) {
        while (k < n && t[k] != '<' && t[k] != '>')
          k++;
      }
    }
    if (k >= n)
      break; /* really incomplete: the tail becomes text below */
    g_autofree char *d = g_strndup(t + i, k - i);
    sink->data(ud, d);
    i = k;
  }
  if (i < n) {
    g_autofree char *d = g_strndup(t + i, n - i);
    sink->data(ud, d);
  }
  g_free(lasttag);
  g_string_free(buf, TRUE);
}
