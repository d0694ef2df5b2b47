/* SPDX-License-Identifier: GPL-3.0-or-later
 * page-content.c: main-content extraction from a parsed HTML page.
 *
 * Three passes, none recursive (libxml2 nodes have parent/next/children
 * links, so a pre-order walk needs no stack; 100 000 nested elements cost
 * nothing special):
 *
 * 1. Elements get a NodeInfo (pre-order index, parent, subtree end).  Junk
 *    is skipped by tag (script, style, form controls, figure/figcaption,
 *    nav, aside, footer, ...), by hiding (hidden, aria-hidden, display:none)
 *    and, after subtree text sizes are known, by class/id/role hints
 *    (comment, share, related, sidebar, caption, byline, ad, cookie, ...),
 *    unless the hinted element holds most of the page's text (a wrapper
 *    named "content-with-sidebar" is not a sidebar) and no post box
 *    (article-like hint, some prose) lies outside it: an author's profile
 *    beside a short post is not the article, however long.  Only names of an
 *    article (post, entry, story, ...) redeem a negative name; taxonomy
 *    classes ("category-social", "entry-author-jane") are not hints, and
 *    a media box ("image-wrapper") that is mostly prose stays.  An
 *    <object>'s fallback content is what browsers without the plugin (all
 *    of them, for Flash) show in its place, a video's description: no
 *    hint removes it.  Each tag name is looked up once (a hash table of
 *    the known names) and its traits cached.
 * 2. The rest is cut into text blocks, as a browser would lay it out: a
 *    block-level element or <br><br> ends a block.  Each block gets shallow
 *    features (length, words, stopword share, sentence punctuation, link
 *    density; text-features.c) and a class: GOOD (prose), SHORT (undecided)
 *    or BAD (link lists, menus, boilerplate wording), as jusText does.
 *    A box that opens with a "Show full ..." toggle is shown collapsed:
 *    its blocks are BAD.
 * 3. The main container is the element that maximizes
 *        good_chars - 0.6 * bad_chars   (+ a bonus for article/main hints)
 *    over its subtree -- the best "subtree sum" of block values, which
 *    merges sibling paragraph groups (Readability's sibling step) without
 *    a threshold, and stops at the level where menus and teasers start to
 *    cost more than they bring.  On a blog engine's single-post page
 *    (<body class="postid-42">, the post's element "post-42") the container
 *    is the post, inside it, or around it if the post holds two thirds of
 *    the prose there: the other posts listed beside it are not the
 *    article.  Inside it, the article is the run of
 *    blocks with the largest sum (Kadane; GOOD +chars, BAD -(chars + 40)),
 *    which leaves out teasers and "about this blog" paragraphs behind a
 *    wall of tags and pager links.  The heading of readers' comments
 *    ("12 Comments", "Leave a reply") is a wall no run crosses, and so is
 *    a pager link ("« Previous", "Older post") after some prose; the
 *    article is looked for before the first wall.  In that run GOOD blocks are
 * kept, BAD ones dropped (except lightly linked lines between paragraphs), and
 *    SHORT ones (headings, list items, one-line paragraphs) are decided by
 *    their neighbours (jusText's context step); before the first and after
 *    the last GOOD block, where bylines, datelines, share bars and "Read
 *    more" live, only runs of sentences that reach the article are kept.
 *    An author's tagline or a reporters' credit ("... contributed to this
 *    report.") closing the run is dropped.  Caption boxes are
 *    left out of all that and dropped, except in a gallery post (a short
 *    text, then three captions or more, each said once), whose captions
 *    are its text.  Bylines and dates
 *    found on the way (in blocks or in hinted elements that were dropped)
 *    fill the article's fields, and the heading just before the article
 *    becomes the title when the metadata title is missing, decorated
 *    ("» Headline :blog") or the site's name.
 *
 * PRECIS_PAGE_DEBUG=1 in the environment prints the elements dropped by
 * hints, the blocks, their classes and the container on stderr (for
 * tuning).
 *
 * Cost: O(nodes + text) with small constants; no regular expressions.
 */
#include "page-private.h"

#include <stdio.h>
#include <string.h>

enum {
  F_SKIP = 1 << 0,      /* junk subtree: not walked */
  F_BLOCK = 1 << 1,     /* block-level element */
  F_NEG = 1 << 2,       /* negative class/id/role hint */
  F_POS = 1 << 3,       /* article-like container hint */
  F_STRONG = 1 << 4,    /* negative hint that wins over a positive one */
  F_SEMANTIC = 1 << 5,  /* article, main, itemprop=articleBody */
  F_SOFTSKIP = 1 << 6,  /* removed if it holds little of the page's text */
  F_COMMENT = 1 << 7,   /* comment section hint */
  F_BYLINE = 1 << 8,    /* byline/author hint */
  F_DATE = 1 << 9,      /* date/time/meta hint */
  F_LINK = 1 << 10,     /* <a href> */
  F_MEDIA = 1 << 11,    /* the only negative hints name media boxes */
  F_FALLBACK = 1 << 12, /* inside an <object>: its fallback content */
  F_CAPTION = 1 << 13,  /* a picture's caption box, or inside one */
  F_HASOBJ = 1 << 14,   /* an <object> in the subtree */
};

typedef enum {
  T_OTHER,
  T_P,
  T_H,
  T_LI,
  T_PRE,
  T_TD,
  T_BLOCKQUOTE,
  T_DIV,
  T_DT,
} BlockTag;

typedef struct {
  xmlNode *node;
  guint32 parent; /* index, G_MAXUINT32 for the root */
  guint32 last;   /* index of the last element of the subtree */
  guint32 text;   /* non-space chars of text in the subtree */
  guint32 ptext;  /* the same, counting only text nodes of 50+ chars */
  guint16 flags;
  guint16 tflags; /* TG_* of the tag name */
  guint8 tag;
  guint8 heading; /* 1..6 */
  double good;
  double bad;
} NodeInfo;

typedef enum { B_BAD, B_SHORT, B_GOOD } BlockClass;

typedef struct {
  gsize start, len; /* in the text buffer */
  guint32 elem;     /* owning block-level element */
  guint32 chars;
  guint32 link_chars;
  guint8 tag;
  guint8 heading;
  guint8 cls;
  guint8 kind; /* PrecisLineKind */
  gboolean keep;
  gboolean sentence_like;
  gboolean starts_link; /* the first characters are a link's */
  gboolean ends_link;   /* the last characters are a link's */
  gboolean teaser;      /* prose that ends with a "Read more" link */
  gboolean legal;       /* a paragraph of legal notices */
  gboolean caption;     /* inside a caption box: decided apart */
} Block;

typedef struct {
  NodeInfo *info;
  guint32 n_info;
  GString *buf; /* all block texts, back to back */
  GArray *blocks;
  /* Block being built. */
  gsize cur_start;
  guint32 cur_chars;
  guint32 cur_links;
  gboolean cur_starts_link;
  gboolean cur_ends_link;
  gboolean pending_space;
  guint br_run;
  int in_link;
  int in_pre;
  GArray *stack;   /* open block-level element indices */
  xmlNode *byline; /* first short element hinted as a byline */
  xmlNode *date;   /* first short element hinted as a date */
  gboolean debug;  /* PRECIS_PAGE_DEBUG is set */
} Ctx;

static gboolean
name_is(const xmlNode *n, const char *name)
{
  return n->name != NULL &&
         g_ascii_strcasecmp((const char *)n->name, name) == 0;
}

/* What the cleaner needs to know of a tag name, looked up once per
 * element (a hash table of the names of tag_table, tag_lookup()) instead
 * of string comparisons at every step of the walks. */
enum {
  TG_JUNK = 1 << 0,      /* subtree never holds article text */
  TG_BLOCK = 1 << 1,     /* block-level: ends a text block */
  TG_SPACE = 1 << 2,     /* inline element that separates words */
  TG_A = 1 << 3,         /* <a> */
  TG_BR = 1 << 4,        /* <br> */
  TG_PRE = 1 << 5,       /* <pre> */
  TG_SEMANTIC = 1 << 6,  /* <article>, <main> */
  TG_FURNITURE = 1 << 7, /* <header>, <footer> */
  TG_NOHINT = 1 << 8,    /* rows, cells, paragraphs, inline: weak hints off */
  TG_ROOT = 1 << 9,      /* <html>, <body> */
  TG_OBJECT = 1 << 10,   /* <object>: a plugin, with fallback content */
};

/* ASCII lower case, as g_ascii_tolower(), inline (that one is a call). */
static inline char
lower_ascii(char ch)
{
  return ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
}

typedef struct {
  const char *name;
  guint16 tflags;
  guint8 tag; /* BlockTag */
} TagInfo;

/* Looked up through tag_slots (below). */
static const TagInfo tag_table[] = {
    {"a", TG_A | TG_NOHINT, T_OTHER},
    {"address", TG_BLOCK, T_OTHER},
    {"applet", TG_JUNK, T_OTHER},
    {"area", TG_JUNK, T_OTHER},
    {"article", TG_BLOCK | TG_SEMANTIC, T_OTHER},
    {"aside", TG_JUNK | TG_BLOCK, T_OTHER},
    {"audio", TG_JUNK, T_OTHER},
    {"b", TG_NOHINT, T_OTHER},
    {"base", TG_JUNK, T_OTHER},
    {"blockquote", TG_BLOCK, T_BLOCKQUOTE},
    {"body", TG_BLOCK | TG_ROOT, T_OTHER},
    {"br", TG_BR, T_OTHER},
    {"button", TG_JUNK, T_OTHER},
    {"canvas", TG_JUNK, T_OTHER},
    {"caption", TG_BLOCK, T_OTHER},
    {"center", TG_BLOCK, T_OTHER},
    {"datalist", TG_JUNK, T_OTHER},
    {"dd", TG_BLOCK, T_OTHER},
    {"details", TG_BLOCK, T_OTHER},
    {"dialog", TG_JUNK, T_OTHER},
    {"dir", TG_BLOCK, T_OTHER},
    {"div", TG_BLOCK, T_DIV},
    {"dl", TG_BLOCK, T_OTHER},
    {"dt", TG_BLOCK, T_DT},
    {"em", TG_NOHINT, T_OTHER},
    {"embed", TG_JUNK, T_OTHER},
    {"fieldset", TG_BLOCK, T_OTHER},
    {"figcaption", TG_JUNK, T_OTHER},
    {"figure", TG_JUNK | TG_BLOCK, T_OTHER},
    {"font", TG_NOHINT, T_OTHER},
    {"footer", TG_BLOCK | TG_FURNITURE, T_OTHER},
    {"form", TG_BLOCK, T_OTHER},
    {"frame", TG_JUNK, T_OTHER},
    {"frameset", TG_JUNK, T_OTHER},
    {"h1", TG_BLOCK, T_H},
    {"h2", TG_BLOCK, T_H},
    {"h3", TG_BLOCK, T_H},
    {"h4", TG_BLOCK, T_H},
    {"h5", TG_BLOCK, T_H},
    {"h6", TG_BLOCK, T_H},
    {"head", TG_JUNK, T_OTHER},
    {"header", TG_BLOCK | TG_FURNITURE, T_OTHER},
    {"hgroup", TG_BLOCK, T_OTHER},
    {"hr", TG_BLOCK, T_OTHER},
    {"html", TG_BLOCK | TG_ROOT, T_OTHER},
    {"i", TG_NOHINT, T_OTHER},
    {"iframe", TG_JUNK, T_OTHER},
    {"img", TG_JUNK | TG_SPACE, T_OTHER},
    {"input", TG_JUNK, T_OTHER},
    {"label", TG_BLOCK, T_OTHER},
    {"legend", TG_BLOCK, T_OTHER},
    {"li", TG_BLOCK, T_LI},
    {"link", TG_JUNK, T_OTHER},
    {"main", TG_BLOCK | TG_SEMANTIC, T_OTHER},
    {"map", TG_JUNK, T_OTHER},
    {"math", TG_JUNK, T_OTHER},
    {"menu", TG_JUNK, T_OTHER},
    {"meta", TG_JUNK, T_OTHER},
    {"meter", TG_JUNK, T_OTHER},
    {"nav", TG_JUNK | TG_BLOCK, T_OTHER},
    {"noframes", TG_JUNK, T_OTHER},
    {"noscript", TG_JUNK, T_OTHER},
    {"object", TG_BLOCK | TG_OBJECT, T_OTHER},
    {"ol", TG_BLOCK, T_OTHER},
    {"option", TG_JUNK, T_OTHER},
    {"output", TG_JUNK, T_OTHER},
    {"p", TG_BLOCK | TG_NOHINT, T_P},
    {"param", TG_JUNK, T_OTHER},
    {"picture", TG_JUNK, T_OTHER},
    {"pre", TG_BLOCK | TG_PRE, T_PRE},
    {"progress", TG_JUNK, T_OTHER},
    {"script", TG_JUNK, T_OTHER},
    {"section", TG_BLOCK, T_OTHER},
    {"select", TG_JUNK, T_OTHER},
    {"source", TG_JUNK, T_OTHER},
    {"span", TG_NOHINT, T_OTHER},
    {"strong", TG_NOHINT, T_OTHER},
    {"style", TG_JUNK, T_OTHER},
    {"summary", TG_BLOCK, T_OTHER},
    {"svg", TG_JUNK, T_OTHER},
    {"table", TG_BLOCK, T_OTHER},
    {"tbody", TG_BLOCK | TG_NOHINT, T_OTHER},
    {"td", TG_BLOCK | TG_SPACE | TG_NOHINT, T_TD},
    {"template", TG_JUNK, T_OTHER},
    {"textarea", TG_JUNK, T_OTHER},
    {"tfoot", TG_BLOCK, T_OTHER},
    {"th", TG_BLOCK | TG_SPACE | TG_NOHINT, T_TD},
    {"thead", TG_BLOCK, T_OTHER},
    {"title", TG_JUNK, T_OTHER},
    {"tr", TG_BLOCK | TG_NOHINT, T_OTHER},
    {"track", TG_JUNK, T_OTHER},
    {"ul", TG_BLOCK, T_OTHER},
    {"video", TG_JUNK, T_OTHER},
};

/* The names of tag_table, lower case and zero-padded to sixteen bytes as
 * two words, in an open-addressing hash table built once: a lookup is a
 * hash of the two words and a compare or two.  (The parser gives every
 * element its own copy of its name, so names cannot be told apart by
 * address.) */
#define TAG_SLOTS 256
typedef struct {
  guint64 k0, k1;
  const TagInfo *ti;
} TagSlot;
static TagSlot tag_slots[TAG_SLOTS];

static guint
tag_hash(guint64 k0, guint64 k1)
{
  return (guint)(((k0 ^ (k1 * 31)) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15)) >>
                 56);
}

static void
tag_slots_init(void)
{
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    G_STATIC_ASSERT(G_N_ELEMENTS(tag_table) * 2 < TAG_SLOTS);
    for (gsize i = 0; i < G_N_ELEMENTS(tag_table); i++) {
      char key[16] = {0};
      gsize n = strlen(tag_table[i].name);
      g_assert(n < 12);
      memcpy(key, tag_table[i].name, n);
      guint64 k0, k1;
      memcpy(&k0, key, 8);
      memcpy(&k1, key + 8, 8);
      guint h = tag_hash(k0, k1);
      while (tag_slots[h].ti != NULL)
        h = (h + 1) & (TAG_SLOTS - 1);
      tag_slots[h] = (TagSlot){k0, k1, &tag_table[i]};
    }
    g_once_init_leave(&once, 1);
  }
}

/* The table entry of an element name (any case), or NULL. */
static const TagInfo *
tag_lookup(const char *name)
{
  char low[16] = {0};
  gsize i = 0;
  for (; name[i] != '\0'; i++) {
    if (i + 1 >= 12) /* longer than any name of the table */
      return NULL;
    low[i] = lower_ascii(name[i]);
  }
  tag_slots_init();
  guint64 k0, k1;
  memcpy(&k0, low, 8);
  memcpy(&k1, low + 8, 8);
  for (guint h = tag_hash(k0, k1); tag_slots[h].ti != NULL;
       h = (h + 1) & (TAG_SLOTS - 1))
    if (tag_slots[h].k0 == k0 && tag_slots[h].k1 == k1)
      return tag_slots[h].ti;
  return NULL;
}

/* Tags whose subtree never holds article text. */
static gboolean
is_junk_tag(const char *name)
{
  const TagInfo *t = tag_lookup(name);
  return t != NULL && (t->tflags & TG_JUNK);
}

static const char *
attr_value(const xmlNode *n, const char *name)
{
  /* @name is lower case: the first byte rules out most attributes without
   * a call. */
  for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
    if (a->name != NULL && lower_ascii((char)a->name[0]) == name[0] &&
        g_ascii_strcasecmp((const char *)a->name, name) == 0)
      return (a->children != NULL && a->children->content != NULL)
                 ? (const char *)a->children->content
                 : "";
  }
  return NULL;
}

/* Negative hints: parts of class/id names of page furniture. */
static const char *const neg_hints[] = {
    "comment",
    "disqus",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "promo",
    "advert",
    "sponsor",
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscri",
    "signup",
    "sign-up",
    "paywall",
    "popup",
    "modal",
    "breadcrumb",
    "pagination",
    "pager",
    "sidebar",
    "side-bar",
    "widget",
    "footer",
    "masthead",
    "menu",
    "navbar",
    "navigation",
    "toolbar",
    "skip",
    "tags",
    "taglist",
    "tag-list",
    "byline",
    "author",
    "dateline",
    "timestamp",
    "credit",
    "outbrain",
    "taboola",
    "popular",
    "trending",
    "mostread",
    "most-read",
    "login",
    "banner",
    "shoutbox",
    "combx",
    "community",
    "remark",
    "rss",
    "header",
    "-ad-",
    "ad-slot",
    "adslot",
    "ad-container",
    "adcontainer",
    "ad-wrapper",
    "adwrapper",
    "dfp",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "email",
    "follow",
    "subnav",
    "teaser",
    "topbar",
    "top-bar",
    "jump",
    "meta",
    "extra",
    "supplement",
    "rating",
    "vote",
    "tools",
    "utility",
    "reply",
    "signature",
    "profile",
    "blogroll",
    "archive",
    "calendar",
    "cloud",
    "partner",
    "more-",
    "disclaimer",
    "copyright",
    "-more",
};

/* Negative hints that name media boxes: weaker still (see F_MEDIA). */
static const char *const media_hints[] = {
    "photo", "image", "gallery", "video", "player",
};

/* Names that win even over a positive hint. */
static const char *const strong_hints[] = {
    "comment",    "related",    "recommend",  "share",   "sharing",  "social",
    "sidebar",    "newsletter", "promo",      "advert",  "cookie",   "byline",
    "breadcrumb", "outbrain",   "taboola",    "popular", "trending", "mostread",
    "most-read",  "dateline",   "credit",     "subscri", "paywall",  "footer",
    "menu",       "navbar",     "navigation", "disqus",  "signup",
};

static const char *const pos_hints[] = {
    "article", "body",   "content", "entry",   "main", "post", "story",  "text",
    "blog",    "column", "hentry",  "h-entry", "news", "page", "shadow",
};

/* Only names of an article redeem a negative name: "text", "content",
 * "page", "column" name a styling or a layout box more often than a body
 * ("widget_text", "header-content", "page-tools"). */
static const char *const article_hints[] = {
    "article", "body", "entry", "main", "post", "story", "blog",
};

/* The hint lists as one table, bucketed by first byte, so that a class/id
 * string is scanned once for all of them (a strstr() per hint was a tenth
 * of the cleaning time).  Built once; read-only after. */
enum {
  HK_NEG = 1 << 0,
  HK_MEDIA = 1 << 1,
  HK_STRONG = 1 << 2,
  HK_POS = 1 << 3,
  HK_ARTICLE = 1 << 4,
  HK_COMMENT = 1 << 5,
  HK_BYLINE = 1 << 6,
  HK_DATE = 1 << 7,
  HK_CAPTION = 1 << 8,
};

typedef struct {
  const char *s;
  guint8 len;
  guint16 kinds;
} Hint;

#define N_HINT_SLOTS                                                           \
  (G_N_ELEMENTS(neg_hints) + G_N_ELEMENTS(media_hints) +                       \
   G_N_ELEMENTS(strong_hints) + G_N_ELEMENTS(pos_hints) +                      \
   G_N_ELEMENTS(article_hints) + 7)

typedef struct {
  Hint hints[N_HINT_SLOTS];
  guint16 start[257]; /* bucket of byte c: hints[start[c] .. start[c+1]) */
  guint8 pairs[8192]; /* bit (a << 8 | b): some hint starts with "ab" */
} HintIndex;

static HintIndex hint_index;

static void
hint_add(Hint *all, gsize *n, const char *s, guint16 kind)
{
  for (gsize i = 0; i < *n; i++)
    if (strcmp(all[i].s, s) == 0) {
      all[i].kinds |= kind;
      return;
    }
  all[*n] = (Hint){s, (guint8)strlen(s), kind};
  (*n)++;
}

static int
hint_compare_second(const void *a, const void *b)
{
  return (int)(guchar)((const Hint *)a)->s[1] -
         (int)(guchar)((const Hint *)b)->s[1];
}

static const HintIndex *
hints_get(void)
{
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    Hint all[N_HINT_SLOTS];
    gsize n = 0;
    static const struct {
      const char *const *v;
      gsize n;
      guint16 kind;
    } lists[] = {
        {neg_hints, G_N_ELEMENTS(neg_hints), HK_NEG},
        {media_hints, G_N_ELEMENTS(media_hints), HK_MEDIA},
        {strong_hints, G_N_ELEMENTS(strong_hints), HK_STRONG},
        {pos_hints, G_N_ELEMENTS(pos_hints), HK_POS},
        {article_hints, G_N_ELEMENTS(article_hints), HK_ARTICLE},
    };
    for (gsize l = 0; l < G_N_ELEMENTS(lists); l++)
      for (gsize i = 0; i < lists[l].n; i++)
        hint_add(all, &n, lists[l].v[i], lists[l].kind);
    hint_add(all, &n, "comment", HK_COMMENT);
    hint_add(all, &n, "byline", HK_BYLINE);
    hint_add(all, &n, "author", HK_BYLINE);
    hint_add(all, &n, "date", HK_DATE);
    hint_add(all, &n, "time", HK_DATE);
    hint_add(all, &n, "meta", HK_DATE);
    hint_add(all, &n, "caption", HK_CAPTION);
    for (gsize i = 0; i < n; i++)
      g_assert(all[i].len >= 2);
    /* By second byte, then (a stable counting sort) by first byte: in a
     * bucket, hints come in the order of their second byte. */
    qsort(all, n, sizeof *all, hint_compare_second);
    guint16 count[257] = {0};
    for (gsize i = 0; i < n; i++)
      count[(guchar)all[i].s[0] + 1]++;
    for (int c = 1; c <= 256; c++)
      count[c] += count[c - 1];
    memcpy(hint_index.start, count, sizeof count);
    for (gsize i = 0; i < n; i++) {
      guint pair = (guint)(guchar)all[i].s[0] << 8 | (guchar)all[i].s[1];
      hint_index.pairs[pair >> 3] |= (guint8)(1u << (pair & 7));
    }
    for (gsize i = 0; i < n; i++)
      hint_index.hints[count[(guchar)all[i].s[0]]++] = all[i];
    g_once_init_leave(&once, 1);
  }
  return &hint_index;
}

/* HK_* bits of every hint that occurs in buf[0..len) (lower-case). */
static guint
hint_kinds(const char *buf, gsize len)
{
  const HintIndex *ix = hints_get();
  guint kinds = 0;
  /* Every hint is at least two bytes long: the pair filter rejects most
   * positions before any comparison. */
  for (gsize i = 0; i + 1 < len; i++) {
    guchar c = (guchar)buf[i];
    guint pair = (guint)c << 8 | (guchar)buf[i + 1];
    if (!(ix->pairs[pair >> 3] & (1u << (pair & 7))))
      continue;
    guchar c1 = (guchar)buf[i + 1];
    for (guint j = ix->start[c]; j < ix->start[c + 1]; j++) {
      const Hint *h = &ix->hints[j];
      /* The bucket is in the order of the second byte: past c1, none can
       * match. */
      if ((guchar)h->s[1] != c1) {
        if ((guchar)h->s[1] > c1)
          break;
        continue;
      }
      if (h->len > len - i)
        continue;
      /* Inline: hints are a few bytes, a memcmp() call costs more. */
      gsize k = 2;
      while (k < h->len && buf[i + k] == h->s[k])
        k++;
      if (k == h->len)
        kinds |= h->kinds;
    }
  }
  return kinds;
}

/* Sets F_NEG, F_POS, F_STRONG, F_SEMANTIC, F_SOFTSKIP from attributes. */
static guint16
hint_flags(const xmlNode *n, guint16 tflags)
{
  guint16 f = 0;
  const char *cls = attr_value(n, "class");
  const char *id = attr_value(n, "id");
  const char *role = attr_value(n, "role");
  const char *itemprop = attr_value(n, "itemprop");
  if (tflags & TG_SEMANTIC)
    f |= F_SEMANTIC | F_POS;
  if (itemprop != NULL && (strstr(itemprop, "articleBody") != NULL ||
                           strstr(itemprop, "text") != NULL))
    f |= F_SEMANTIC | F_POS;
  if (role != NULL) {
    if (g_ascii_strcasecmp(role, "main") == 0 ||
        g_ascii_strcasecmp(role, "article") == 0)
      f |= F_SEMANTIC | F_POS;
    static const char *const bad_roles[] = {
        "navigation", "banner",  "contentinfo", "complementary",
        "search",     "dialog",  "alertdialog", "menu",
        "menubar",    "toolbar", "tablist",     "alert",
    };
    for (gsize i = 0; i < G_N_ELEMENTS(bad_roles); i++)
      if (g_ascii_strcasecmp(role, bad_roles[i]) == 0)
        f |= F_NEG | F_STRONG;
  }
  if (tflags & TG_FURNITURE)
    f |= F_NEG;

  char buf[256];
  gsize len = 0;
  if (cls != NULL) {
    /* Class tokens, without the taxonomy ones WordPress and others put on
     * the article itself ("tag-promotion", "category-social"). */
    const char *p = cls;
    while (*p != '\0' && len < 120) {
      while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
      const char *t = p;
      while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
        p++;
      gsize tl = (gsize)(p - t);
      if (tl == 0)
        break;
      /* TypePad and others prefix the same taxonomy with the entry noun:
       * "entry-category-social_media", "entry-author-jane_doe". */
      /* The first byte rules out most tokens before any comparison. */
      char t0 = lower_ascii(t[0]);
      if (tl > 6 && (t0 == 'e' || t0 == 'p') &&
          (g_ascii_strncasecmp(t, "entry-", 6) == 0 ||
           g_ascii_strncasecmp(t, "post-", 5) == 0)) {
        const char *r = t + (t0 == 'e' ? 6 : 5);
        gsize rl = tl - (gsize)(r - t);
        if ((rl > 9 && g_ascii_strncasecmp(r, "category-", 9) == 0) ||
            (rl > 4 && g_ascii_strncasecmp(r, "tag-", 4) == 0) ||
            (rl > 7 && g_ascii_strncasecmp(r, "author-", 7) == 0) ||
            (rl > 5 && g_ascii_strncasecmp(r, "type-", 5) == 0))
          continue;
      }
      if ((t0 == 't' || t0 == 'c' || t0 == 'f' || t0 == 's') &&
          (g_ascii_strncasecmp(t, "tag-", 4) == 0 ||
           g_ascii_strncasecmp(t, "tags-", 5) == 0 ||
           g_ascii_strncasecmp(t, "category-", 9) == 0 ||
           g_ascii_strncasecmp(t, "cat-", 4) == 0 ||
           g_ascii_strncasecmp(t, "format-", 7) == 0 ||
           g_ascii_strncasecmp(t, "status-", 7) == 0 ||
           g_ascii_strncasecmp(t, "type-", 5) == 0))
        continue;
      for (gsize i = 0; i < tl && len < 120; i++)
        buf[len++] = lower_ascii(t[i]);
      buf[len++] = ' ';
    }
  }
  buf[len++] = ' ';
  if (id != NULL) {
    gsize l = strlen(id);
    if (l > 120)
      l = 120;
    for (gsize i = 0; i < l; i++)
      buf[len++] = lower_ascii(id[i]);
  }
  buf[len] = '\0';
  if (len <= 1)
    return f;

  guint kinds = hint_kinds(buf, len);
  gboolean neg = (kinds & HK_NEG) != 0;
  gboolean media = !neg && (kinds & HK_MEDIA) != 0;
  /* Every strong hint is also a negative one. */
  gboolean strong = neg && (kinds & HK_STRONG) != 0;
  gboolean pos = (kinds & HK_POS) != 0;
  if (pos && neg)
    pos = (kinds & HK_ARTICLE) != 0;
  /* Ad slots written as a whole word: "ad", "ads", "adv". */
  {
    const char *p = buf;
    while (*p) {
      while (*p == ' ')
        p++;
      const char *s = p;
      while (*p && *p != ' ')
        p++;
      gsize wl = p - s;
      if ((wl == 2 && strncmp(s, "ad", 2) == 0) ||
          (wl == 3 && strncmp(s, "ads", 3) == 0) ||
          (wl == 3 && strncmp(s, "adv", 3) == 0))
        neg = strong = TRUE;
    }
  }
  if (kinds & HK_COMMENT)
    f |= F_COMMENT;
  if (kinds & HK_BYLINE)
    f |= F_BYLINE;
  if (kinds & HK_DATE)
    f |= F_DATE;
  /* Weak hints name containers; on rows, cells, paragraphs and inline
   * elements they are mostly accidents ("player-2020" on a table row). */
  gboolean container = !(tflags & TG_NOHINT);
  if (strong)
    f |= F_NEG | F_STRONG;
  else if (neg && !pos && container)
    f |= F_NEG;
  else if (media && !pos && container)
    f |= F_NEG | F_MEDIA;
  if (pos && !strong)
    f |= F_POS;
  /* A caption box is neither furniture nor article: its blocks are
   * decided apart (keep_captions), unless a strong hint names it too. */
  if ((kinds & HK_CAPTION) && !strong)
    f = (guint16)((f & ~(F_NEG | F_MEDIA | F_POS)) | F_CAPTION);
  return f;
}

/* Hidden by attribute or inline style. */
static gboolean
is_hidden(const xmlNode *n)
{
  if (attr_value(n, "hidden") != NULL)
    return TRUE;
  const char *aria = attr_value(n, "aria-hidden");
  if (aria != NULL && g_ascii_strcasecmp(aria, "true") == 0)
    return TRUE;
  const char *style = attr_value(n, "style");
  if (style != NULL) {
    char buf[200];
    gsize l = 0;
    for (const char *p = style; *p && l < sizeof buf - 1; p++)
      if (*p != ' ')
        buf[l++] = g_ascii_tolower(*p);
    buf[l] = '\0';
    if (strstr(buf, "display:none") || strstr(buf, "visibility:hidden"))
      return TRUE;
  }
  return FALSE;
}

/* Non-space characters of a text node: bytes above ' ' that are not UTF-8
 * continuation bytes (0x80 to 0xBF).  Eight bytes at a time: in each byte
 * of @m, bit 7 is set for such a byte; the bytes' seven low bits are
 * compared with ' ' by adding 0x5F (no carry leaves a byte), a byte >= 0x80
 * counts when its bit 6 is set. */
static guint32
count_chars(const char *s)
{
  const guint64 lows = G_GUINT64_CONSTANT(0x7F7F7F7F7F7F7F7F);
  const guint64 highs = G_GUINT64_CONSTANT(0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  gsize len = strlen(s);
  const guchar *p = (const guchar *)s, *end = p + len;
  guint32 n = 0;
  while (end - p >= 8) {
    guint64 v;
    memcpy(&v, p, 8);
    guint64 above_space = ((v & lows) + 0x5F * ones) & ~v;
    guint64 lead = v & (v << 1);
    guint64 m = (above_space | lead) & highs;
    n += (guint32)(((m >> 7) * ones) >> 56);
    p += 8;
  }
  for (; p < end; p++)
    if (*p > ' ' && (*p & 0xC0) != 0x80)
      n++;
  return n;
}

/* Pre-order successor of @n within @root's subtree, not entering @n's
 * children when @descend is FALSE. */
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

/* Pass 1: NodeInfo for every non-junk element under @root. */
static void
index_elements(Ctx *c, xmlNode *root)
{
  /* Count the elements, and clear _private on the way (libxml2 leaves it
   * NULL, but be sure: it links nodes to their NodeInfo below). */
  guint32 count = 0;
  for (xmlNode *n = root; n != NULL; n = next_node(n, root, TRUE)) {
    n->_private = NULL;
    if (n->type == XML_ELEMENT_NODE)
      count++;
  }
  c->info = g_new0(NodeInfo, count + 1);

  guint32 idx = 0;
  xmlNode *n = root;
  while (n != NULL) {
    gboolean descend = TRUE;
    if (n->type == XML_ELEMENT_NODE) {
      const char *name = (const char *)n->name;
      const TagInfo *ti = name != NULL ? tag_lookup(name) : NULL;
      guint16 tflags = ti != NULL ? ti->tflags : 0;
      if (n != root && (name == NULL || (tflags & TG_JUNK) || is_hidden(n))) {
        descend = FALSE;
        n->_private = NULL;
      } else {
        NodeInfo *ni = &c->info[idx];
        ni->node = n;
        ni->last = idx;
        ni->parent = G_MAXUINT32;
        for (xmlNode *p = n->parent; p != NULL && p->type == XML_ELEMENT_NODE;
             p = p->parent) {
          if (p->_private != NULL) {
            ni->parent = (guint32)((NodeInfo *)p->_private - c->info);
            break;
          }
        }
        ni->tflags = tflags;
        if (tflags & TG_BLOCK) {
          ni->flags |= F_BLOCK;
          ni->tag = ti->tag;
          if (ti->tag == T_H)
            ni->heading = (guint8)(name[1] - '0');
        }
        if ((tflags & TG_A) && attr_value(n, "href") != NULL)
          ni->flags |= F_LINK;
        ni->flags |= hint_flags(n, tflags);
        n->_private = ni;
        idx++;
      }
    } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->parent != NULL && n->parent->_private != NULL && n->content) {
        NodeInfo *pi = n->parent->_private;
        guint32 k = count_chars((const char *)n->content);
        pi->text += k;
        if (k >= 50)
          pi->ptext += k;
      }
      descend = FALSE;
    } else {
      descend = FALSE;
    }
    n = next_node(n, root, descend);
  }
  c->n_info = idx;
  /* Bottom-up sums: children have larger indices than their parent. */
  for (guint32 i = idx; i-- > 1;) {
    NodeInfo *ni = &c->info[i];
    if (ni->parent != G_MAXUINT32) {
      NodeInfo *pi = &c->info[ni->parent];
      pi->text += ni->text;
      pi->ptext += ni->ptext;
      if ((ni->flags & F_HASOBJ) || (ni->tflags & TG_OBJECT))
        pi->flags |= F_HASOBJ;
      if (ni->last > pi->last)
        pi->last = ni->last;
    }
  }
  /* Hint removal, top-down, guarded by the share of the page's text. */
  gboolean prose = c->info[0].ptext >= 200;
  guint32 total = prose ? c->info[0].ptext : c->info[0].text;
  /* The post boxes (article-like hints) that hold some prose, in document
   * order: a negative box beside one of them is not the article, however
   * much text it has (an author's profile beside a short post). */
  g_autoptr(GArray) posts = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint32 i = 1; i < idx; i++) {
    NodeInfo *ni = &c->info[i];
    if ((ni->flags & F_POS) && !(ni->flags & F_NEG) && ni->ptext >= 100) {
      g_array_append_val(posts, i);
      i = ni->last; /* the outermost one is enough */
    }
  }
  for (guint32 i = 0; i < idx; i++) {
    NodeInfo *ni = &c->info[i];
    if (ni->parent != G_MAXUINT32 && (c->info[ni->parent].flags & F_SKIP)) {
      ni->flags |= F_SKIP;
      continue;
    }
    double share = total ? (double)(prose ? ni->ptext : ni->text) / total : 0;
    /* An <object>'s fallback content (a video's description) is shown
     * where the plugin is missing: hints ("video-caption") do not apply
     * to it. */
    if ((ni->tflags & TG_OBJECT) ||
        (ni->parent != G_MAXUINT32 && (c->info[ni->parent].flags & F_FALLBACK)))
      ni->flags |= F_FALLBACK;
    if (ni->flags & F_FALLBACK) {
      ni->flags &= (guint16)~F_CAPTION;
      continue;
    }
    if (ni->parent != G_MAXUINT32 && (c->info[ni->parent].flags & F_CAPTION)) {
      ni->flags |= F_CAPTION;
    } else if (ni->flags & F_CAPTION) {
      /* A caption is a block of a line or two; an inline one sits inside
       * a paragraph's text, a big one is some other box: those go as
       * before, by their share of the page. */
      if (!(ni->flags & F_BLOCK) || ni->text > 300 || share >= 0.45) {
        ni->flags &= (guint16)~F_CAPTION;
        if (share < 0.45)
          ni->flags |= F_SKIP;
      }
      continue;
    }
    if (!(ni->flags & F_NEG) || i == 0)
      continue;
    if (ni->tflags & TG_ROOT)
      continue;
    double limit = (ni->flags & F_COMMENT) ? 0.85 : 0.45;
    /* A media box ("image-wrapper") that is mostly prose holds the
     * article's paragraphs around its pictures: the blocks decide. */
    if ((ni->flags & F_MEDIA) && ni->ptext >= 200 && ni->ptext * 2 >= ni->text)
      continue;
    /* A video box around an <object> holds its fallback, the video's
     * description: the blocks decide. */
    if ((ni->flags & F_MEDIA) && (ni->flags & F_HASOBJ))
      continue;
    gboolean beside_post = FALSE;
    if (share >= limit && !(ni->flags & F_COMMENT))
      for (guint k = 0; k < posts->len && !beside_post; k++) {
        guint32 pi = g_array_index(posts, guint32, k);
        beside_post = pi > ni->last || c->info[pi].last < i;
      }
    if (share < limit || beside_post) {
      ni->flags |= F_SKIP;
      if (c->debug && ni->text >= 200) {
        const char *hc = attr_value(ni->node, "class");
        const char *hi = attr_value(ni->node, "id");
        fprintf(stderr, "hint-skip #%u <%s class=%.60s id=%.40s> text=%u\n", i,
                ni->node->name, hc ? hc : "", hi ? hi : "", ni->text);
      }
      if ((ni->flags & F_BYLINE) && c->byline == NULL && ni->text >= 3 &&
          ni->text < 80)
        c->byline = ni->node;
      if ((ni->flags & F_DATE) && c->date == NULL && ni->text >= 6 &&
          ni->text < 80)
        c->date = ni->node;
    }
  }
}

/* ---- Pass 2: blocks --------------------------------------------------- */

static void
flush_block(Ctx *c)
{
  /* Trim trailing spaces and newlines. */
  while (c->buf->len > c->cur_start && (c->buf->str[c->buf->len - 1] == ' ' ||
                                        c->buf->str[c->buf->len - 1] == '\n'))
    g_string_truncate(c->buf, c->buf->len - 1);
  if (c->cur_chars > 0) {
    Block b = {0};
    b.start = c->cur_start;
    b.len = c->buf->len - c->cur_start;
    b.elem =
        c->stack->len ? g_array_index(c->stack, guint32, c->stack->len - 1) : 0;
    b.chars = c->cur_chars;
    b.link_chars = c->cur_links;
    b.starts_link = c->cur_starts_link;
    b.ends_link = c->cur_ends_link;
    b.tag = c->info[b.elem].tag;
    b.heading = c->info[b.elem].heading;
    b.caption = (c->info[b.elem].flags & F_CAPTION) != 0;
    g_array_append_val(c->blocks, b);
  } else {
    g_string_truncate(c->buf, c->cur_start);
  }
  c->cur_start = c->buf->len;
  c->cur_chars = 0;
  c->cur_links = 0;
  c->cur_starts_link = FALSE;
  c->cur_ends_link = FALSE;
  c->pending_space = FALSE;
  c->br_run = 0;
}

/* Bytes that append_text() copies as they are: all but NUL, the ASCII
 * white space, '<' (a Word marker may start there) and 0xC2 (a no-break
 * space may); 1 for a character's first byte, 2 for a UTF-8 continuation
 * byte (0x80 to 0xBF). */
static const guint8 plain_byte[256] = {
    [1 ... 8] = 1,   /* not 9 to 13: \t \n \v \f \r */
    [14 ... 31] = 1, /* not ' ' */
    [33 ... 59] = 1, /* not '<' */
    [61 ... 127] = 1,    [0x80 ... 0xBF] = 2,
    [0xC0 ... 0xC1] = 1, [0xC3 ... 255] = 1, /* not 0xC2 */
};

/* Appends the @n > 0 bytes at @p, not spaces, holding @k characters (UTF-8
 * lead bytes): the pending space first, then the bytes in one copy. */
static void
append_run(Ctx *c, const guchar *p, gsize n, guint32 k)
{
  GString *buf = c->buf;
  if (c->pending_space && buf->len > c->cur_start &&
      buf->str[buf->len - 1] != '\n')
    g_string_append_c(buf, ' ');
  c->pending_space = FALSE;
  c->br_run = 0;
  /* What g_string_append_len() does, without its checks and call when the
   * room is there (a run is a word, a few bytes). */
  if (buf->len + n < buf->allocated_len) {
    memcpy(buf->str + buf->len, p, n);
    buf->len += n;
    buf->str[buf->len] = '\0';
  } else {
    g_string_append_len(buf, (const char *)p, (gssize)n);
  }
  if (k > 0) {
    if (c->cur_chars == 0)
      c->cur_starts_link = c->in_link > 0;
    c->cur_ends_link = c->in_link > 0;
    c->cur_chars += k;
    if (c->in_link > 0)
      c->cur_links += k;
  }
}

static void
append_text(Ctx *c, const char *s)
{
  const guchar *p = (const guchar *)s;
  while (*p) {
    /* A run of plain bytes, the bulk of any text, in one go. */
    const guchar *r = p;
    guint32 sum = 0; /* of plain_byte[]: leads + 2 * continuation bytes */
    gsize spaces = 0;
    for (;;) {
      guint8 t;
      while ((t = plain_byte[*r]) != 0) {
        sum += t;
        r++;
      }
      /* One space between two words is what the space would become below
       * (the pending space, written before the next word as the last byte
       * written is no newline): the run goes on over it. */
      if (r > p && r[0] == ' ' && plain_byte[r[1]]) {
        r++;
        spaces++;
        continue;
      }
      break;
    }
    if (r > p) {
      /* The characters: plain bytes (leads + continuation bytes) twice,
       * less the sum (modulo 2^32, as the counters). */
      guint32 k = (guint32)(2 * ((gsize)(r - p) - spaces)) - sum;
      append_run(c, p, (gsize)(r - p), k);
      p = r;
      continue;
    }
    guchar ch = *p;
    /* The conditional markers of Word's HTML ("<![if !supportLists]>",
     * "<![endif]>") reach us as text: they are not words of the page. */
    if (ch == '<' && p[1] == '!' && p[2] == '[') {
      const guchar *q = p + 3;
      while (*q != '\0' && *q != '<' && *q != '>' && q - p < 64)
        q++;
      if (*q == '>' && q[-1] == ']') {
        p = q + 1;
        c->pending_space = TRUE;
        continue;
      }
    }
    gboolean space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
                     ch == '\f' || ch == '\v';
    if (ch == 0xC2 && p[1] == 0xA0) {
      space = TRUE;
      p++;
    }
    if (space) {
      if (c->in_pre && (ch == '\n')) {
        if (c->buf->len > c->cur_start)
          g_string_append_c(c->buf, '\n');
        c->pending_space = FALSE;
      } else {
        c->pending_space = TRUE;
      }
      p++;
      continue;
    }
    append_run(c, p, 1, 1); /* '<' or 0xC2 of no marker */
    p++;
  }
}

static void
enter_element(Ctx *c, xmlNode *n)
{
  NodeInfo *ni = n->_private;
  if (ni->tflags & TG_BR) {
    c->br_run++;
    if (c->br_run >= 2)
      flush_block(c);
    else if (c->buf->len > c->cur_start) {
      g_string_append_c(c->buf, '\n');
      c->pending_space = FALSE;
    }
    return;
  }
  if (ni->flags & F_BLOCK) {
    flush_block(c);
    guint32 idx = (guint32)(ni - c->info);
    g_array_append_val(c->stack, idx);
  } else if (ni->flags & F_LINK) {
    c->in_link++;
  } else if (ni->tflags & TG_SPACE) {
    c->pending_space = TRUE;
  }
  if (ni->tflags & TG_PRE)
    c->in_pre++;
}

static void
exit_element(Ctx *c, xmlNode *n)
{
  NodeInfo *ni = n->_private;
  if (ni == NULL || (ni->tflags & TG_BR))
    return;
  if (ni->flags & F_BLOCK) {
    flush_block(c);
    if (c->stack->len > 0)
      g_array_set_size(c->stack, c->stack->len - 1);
  } else if (ni->flags & F_LINK) {
    c->in_link--;
  }
  if (ni->tflags & TG_PRE)
    c->in_pre--;
}

static void
collect_blocks(Ctx *c, xmlNode *root)
{
  xmlNode *n = root;
  guint32 root_idx = (guint32)((NodeInfo *)root->_private - c->info);
  g_array_append_val(c->stack, root_idx);
  while (n != NULL) {
    gboolean descend = FALSE;
    if (n->type == XML_ELEMENT_NODE) {
      NodeInfo *ni = n->_private;
      if (ni != NULL && !(ni->flags & F_SKIP)) {
        if (n != root)
          enter_element(c, n);
        descend = TRUE;
        if (n->children == NULL && n != root)
          exit_element(c, n);
      }
    } else if ((n->type == XML_TEXT_NODE ||
                n->type == XML_CDATA_SECTION_NODE) &&
               n->content != NULL) {
      append_text(c, (const char *)n->content);
    }
    /* Advance, closing the elements we leave. */
    if (descend && n->children != NULL) {
      n = n->children;
      continue;
    }
    while (n != root) {
      if (n->next != NULL) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (n != root && n->type == XML_ELEMENT_NODE)
        exit_element(c, n);
    }
    if (n == root)
      break;
  }
  flush_block(c);
}

/* ---- Pass 3: classification and the container --------------------------- */

/* TRUE when @text ends with a "Read more" link's words ("... Read
 * more...", "Continue reading »"): arrows, dots and ellipses after them are
 * skipped. */
static gboolean
ends_with_more(const char *text, gsize len)
{
  static const char *const tails[] = {"read more", "continue reading",
                                      "read the rest", "full story", "more"};
  while (len > 0 && !g_ascii_isalnum(text[len - 1]))
    len--;
  for (gsize i = 0; i < G_N_ELEMENTS(tails); i++) {
    gsize tl = strlen(tails[i]);
    if (len > tl && g_ascii_strncasecmp(text + len - tl, tails[i], tl) == 0 &&
        !g_ascii_isalnum(text[len - tl - 1]))
      return TRUE;
  }
  return FALSE;
}

static void
classify_block(Ctx *c, Block *b)
{
  const char *text = c->buf->str + b->start;
  PrecisTextStats st;
  precis__text_stats(text, b->len, &st);
  double ld = b->chars ? (double)b->link_chars / b->chars : 0;
  double sw = st.words ? (double)st.stopwords / st.words : 0;

  b->kind = PRECIS_LINE_NONE;
  if (st.sentences <= 2 && b->len < 400)
    b->kind = (guint8)precis__line_kind(text, b->len);
  /* A footer that opens with the copyright notice and goes on with the
   * site's links and terms is longer than a line, and still one. */
  else if (b->len < 800 && (g_ascii_strncasecmp(text, "copyright", 9) == 0 ||
                            strncmp(text, "\xC2\xA9", 2) == 0 ||
                            g_ascii_strncasecmp(text, "(c) ", 4) == 0))
    b->kind = PRECIS_LINE_COPYRIGHT;
  /* So is a blog's entry footer that goes on for several sentences ("This
   * entry was posted on <date> and is filed under ...  You can follow any
   * responses ...  You can leave a response, or trackback ..."). */
  else if (b->len < 800 &&
           g_ascii_strncasecmp(text, "this entry was posted", 21) == 0)
    b->kind = PRECIS_LINE_DATELINE;
  b->sentence_like = st.ends_punct || st.sentences > 0;

  if (ld > 0.5 || (ld > 0.3 && b->chars < 150 && !b->sentence_like)) {
    b->cls = B_BAD;
  } else if (b->kind != PRECIS_LINE_NONE) {
    b->cls = B_BAD;
  } else if (st.cjk) {
    b->cls = (b->chars >= 40 && st.sentences > 0)
                 ? B_GOOD
                 : (b->chars >= 15 ? B_SHORT : B_SHORT);
  } else if (b->chars >= 120 && (sw >= 0.2 || st.sentences >= 2) &&
             st.words >= 15) {
    b->cls = B_GOOD;
  } else if (b->chars >= 60 && st.sentences >= 1 && sw >= 0.15 &&
             st.words >= 10) {
    b->cls = B_GOOD;
  } else if ((b->chars >= 400 && ld < 0.2) ||
             (b->chars >= 200 && b->link_chars == 0 && st.words >= 30)) {
    b->cls = B_GOOD;
  } else {
    b->cls = B_SHORT;
  }
  if (b->cls == B_GOOD && b->heading)
    b->cls = B_SHORT;
  /* The fine print under a page (trademarks, rights, "(c)") can be a
   * paragraph of many sentences; it is worth nothing in the choice of the
   * container (a press release's own, inside the article, still stays). */
  if (b->cls == B_GOOD && b->len < 2000 && b->kind == PRECIS_LINE_NONE &&
      precis__is_legal_notice(text, b->len))
    b->legal = TRUE;
  /* A summary that ends with its "Read more" link: decided with the
   * page (demote_teasers). */
  b->teaser = b->cls == B_GOOD && b->ends_link && ends_with_more(text, b->len);
  /* A teaser: a linked headline followed by its summary. */
  if (b->cls == B_GOOD && b->starts_link && b->tag == T_LI && ld >= 0.15)
    b->cls = B_SHORT;
}

/* A box that opens with a "Show full text" toggle holds text that the page
 * shows collapsed (the full press release under a story about it): the
 * reader sees the button, not the text, and the story ends there. */
static void
drop_collapsed(Ctx *c)
{
  for (guint i = 0; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    const char *text = c->buf->str + b->start;
    if (b->len > 40 || b->len < 10 ||
        g_ascii_strncasecmp(text, "show full ", 10) != 0)
      continue;
    guint32 box = c->info[b->elem].parent;
    if (box == G_MAXUINT32 || box == 0)
      continue;
    guint32 end = c->info[box].last;
    for (guint j = i; j < c->blocks->len; j++) {
      Block *d = &g_array_index(c->blocks, Block, j);
      if (d->elem < box || d->elem > end)
        break;
      d->cls = B_BAD;
      d->kind = PRECIS_LINE_NAV;
      d->teaser = FALSE;
    }
  }
}

/* Summaries that end with a "Read more" link are teasers of other pages
 * when the page has an article of its own, longer than all of them: they
 * are boilerplate then.  A page of nothing but such summaries (a digest, a
 * front page) keeps them: they are all it says. */
static void
demote_teasers(Ctx *c)
{
  guint64 teasers = 0, prose = 0;
  for (guint i = 0; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    if (b->teaser)
      teasers += b->chars;
    else if (b->cls == B_GOOD)
      prose += b->chars;
  }
  if (teasers == 0 || prose < teasers)
    return;
  for (guint i = 0; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    if (b->teaser) {
      b->cls = B_BAD;
      b->kind = PRECIS_LINE_NAV;
    }
  }
}

/* The value of a block for the container score. */
static void
block_weights(const Block *b, double *good, double *bad)
{
  *good = 0;
  *bad = 0;
  if (b->caption)
    return;
  if (b->cls == B_GOOD && !b->legal)
    *good = b->chars - b->link_chars;
  else if (b->cls == B_BAD)
    *bad = b->chars;
  else {
    double ld = b->chars ? (double)b->link_chars / b->chars : 0;
    /* Undecided text is neutral unless it carries links. */
    *bad = b->link_chars;
    if (ld >= 0.1)
      *bad += 0.25 * b->chars;
  }
}

/* The element of the page's own post on a single-post page of a blog
 * engine that says which post it shows: <body class="... postid-42 ...">
 * and the first <article id="post-42"> or <article class="post-42 ...">.  The
 * listings around it (the next posts' excerpts, "more posts") are other posts.
 * G_MAXUINT32 when there is none. */
static guint32
own_post(Ctx *c)
{
  const char *cls = name_is(c->info[0].node, "body")
                        ? attr_value(c->info[0].node, "class")
                        : NULL;
  const char *p = cls ? strstr(cls, "postid-") : NULL;
  if (p == NULL || (p != cls && p[-1] != ' '))
    return G_MAXUINT32;
  p += 7;
  gsize n = 0;
  while (g_ascii_isdigit(p[n]) && n < 20)
    n++;
  if (n == 0 || (p[n] != '\0' && p[n] != ' '))
    return G_MAXUINT32;
  char want[32];
  g_snprintf(want, sizeof want, "post-%.*s", (int)n, p);
  for (guint32 i = 1; i < c->n_info; i++) {
    NodeInfo *ni = &c->info[i];
    if (ni->flags & F_SKIP) {
      i = ni->last;
      continue;
    }
    const char *id = attr_value(ni->node, "id");
    if (id != NULL && strcmp(id, want) == 0)
      return i;
    /* The post's classes name it too ("post-42 type-post"), where a
     * theme gives its id to some other box. */
    const char *k = attr_value(ni->node, "class");
    gsize wl = strlen(want);
    for (const char *q = k ? strstr(k, want) : NULL; q != NULL;
         q = strstr(q + 1, want))
      if ((q == k || q[-1] == ' ') && (q[wl] == '\0' || q[wl] == ' '))
        return i;
  }
  return G_MAXUINT32;
}

static guint32
choose_container(Ctx *c)
{
  for (guint i = 0; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    double g, bd;
    block_weights(b, &g, &bd);
    NodeInfo *ni = &c->info[b->elem];
    ni->good += g;
    ni->bad += bd;
  }
  for (guint32 i = c->n_info; i-- > 1;) {
    NodeInfo *ni = &c->info[i];
    if (ni->flags & F_SKIP)
      continue;
    if (ni->parent != G_MAXUINT32) {
      c->info[ni->parent].good += ni->good;
      c->info[ni->parent].bad += ni->bad;
    }
  }
  guint32 best = 0;
  double best_score = -1e300;
  /* On a single-post page, the container is the post, inside it, or
   * around it when the post holds most of the prose there (a theme may put
   * the post's video and its description just outside it); the other
   * posts listed around it are not the article. */
  guint32 post = own_post(c);
  if (post != G_MAXUINT32 && !(c->info[post].good > 0))
    post = G_MAXUINT32;
  for (guint32 i = 0; i < c->n_info; i++) {
    NodeInfo *ni = &c->info[i];
    if (post != G_MAXUINT32 && (i < post || i > c->info[post].last) &&
        !(i < post && ni->last >= post && ni->good <= 1.5 * c->info[post].good))
      continue;
    if (ni->flags & F_SKIP)
      continue;
    if (ni->good <= 0)
      continue;
    double s = ni->good - 0.6 * ni->bad;
    if (ni->flags & F_SEMANTIC)
      s += 0.05 * ni->good;
    /* Prefer the higher element on ties: only strictly better wins. */
    if (s > best_score * 1.0001 + 1) {
      best_score = s;
      best = i;
    }
  }
  /* A paragraph is not a container: its parent holds its siblings. */
  while (best != 0 && c->info[best].parent != G_MAXUINT32 &&
         (c->info[best].tag == T_P || c->info[best].tag == T_LI ||
          c->info[best].tag == T_H || c->info[best].tag == T_PRE ||
          c->info[best].tag == T_BLOCKQUOTE || c->info[best].tag == T_DT ||
          !(c->info[best].flags & F_BLOCK)))
    best = c->info[best].parent;
  return best;
}

static gboolean
same_text(const char *a, gsize alen, const char *b)
{
  if (b == NULL)
    return FALSE;
  gsize blen = strlen(b);
  /* Compare ignoring case and non-alphanumerics. */
  gsize i = 0, j = 0;
  while (i < alen || j < blen) {
    while (i < alen && !g_ascii_isalnum(a[i]) && !((guchar)a[i] & 0x80))
      i++;
    while (j < blen && !g_ascii_isalnum(b[j]) && !((guchar)b[j] & 0x80))
      j++;
    if (i >= alen || j >= blen)
      break;
    if (g_ascii_tolower(a[i]) != g_ascii_tolower(b[j]))
      return FALSE;
    i++;
    j++;
  }
  return i >= alen && j >= blen;
}

/* A pager link of a blog or a story ("« Previous", "Next »", "Older
 * posts", "Newer entry: ..."): the way out of the article. */
static gboolean
is_pager(const char *text, gsize len)
{
  static const char *const words[] = {"previous", "prev", "next", "older",
                                      "newer"};
  gsize i = 0;
  while (i < len && !g_ascii_isalnum(text[i]))
    i++;
  for (gsize w = 0; w < G_N_ELEMENTS(words); w++) {
    gsize wl = strlen(words[w]);
    if (len - i >= wl && g_ascii_strncasecmp(text + i, words[w], wl) == 0 &&
        (len - i == wl || !g_ascii_isalnum(text[i + wl])))
      return TRUE;
  }
  return FALSE;
}

/* The run of blocks in[0..n) with the largest sum of values (Kadane):
 * GOOD +chars, SHORT -links, BAD -(chars + 40), a linked heading
 * -(chars + 200); a comment heading, and (when @pagers) a pager link after
 * 200 characters of GOOD blocks, are walls.  Returns the sum (0 when no run is
 * positive) and its ends; the index of the first wall after 200 characters of
 * GOOD blocks in *first_wall (-1 when none). */
static double
best_run(Ctx *c, GArray *in, guint n, gboolean pagers, int *best_s, int *best_e,
         int *first_wall)
{
  double best = 0, cur = 0, good = 0;
  int cur_s = 0;
  const double barrier = 40, teaser_wall = 200;
  *best_s = *best_e = *first_wall = -1;
  for (guint k = 0; k < n; k++) {
    Block *b = &g_array_index(c->blocks, Block, g_array_index(in, guint, k));
    double ld = b->chars ? (double)b->link_chars / b->chars : 1;
    double w = b->cls == B_GOOD    ? (double)b->chars
               : b->cls == B_SHORT ? -(double)b->link_chars - 2
               : (b->kind == PRECIS_LINE_NONE && ld <= 0.5)
                   ? -(double)b->link_chars - 2
                   : -((double)b->chars + barrier);
    /* A linked heading is the title of a teaser (the next story, a list
     * of "more news" each with its standfirst): a paragraph under it is
     * worth joining only if it is long. */
    if (b->cls == B_BAD && b->heading && ld > 0.5)
      w = -((double)b->chars + teaser_wall);
    /* The heading of readers' comments (not a "Comments" link in a
     * share bar) ends the article: no run crosses it. */
    /* So is a pager after the article's text: what follows it (the
     * blog's "about" paragraph, the next post's teaser) is not the
     * article. */
    if (pagers && b->cls == B_BAD && ld > 0.5 && b->chars <= 120 &&
        good >= 200 && is_pager(c->buf->str + b->start, b->len)) {
      w = -1e6;
      if (*first_wall < 0)
        *first_wall = (int)k;
    }
    if (b->kind == PRECIS_LINE_COMMENT && ld < 0.5) {
      w = -1e6;
      if (*first_wall < 0 && good >= 200)
        *first_wall = (int)k;
    }
    if (b->cls == B_GOOD)
      good += b->chars;
    if (cur <= 0) {
      cur = 0;
      cur_s = (int)k;
    }
    cur += w;
    if (cur > best) {
      best = cur;
      *best_s = cur_s;
      *best_e = (int)k;
    }
  }
  return best;
}

static void
select_blocks(Ctx *c, guint32 container, PrecisArticle *article)
{
  NodeInfo *ci = &c->info[container];
  GArray *in = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    if (b->elem >= container && b->elem <= ci->last && !b->caption)
      g_array_append_val(in, i);
  }
  /* The article is the run of blocks with the largest sum of values
   * (Kadane): GOOD +chars, SHORT -links, BAD -(chars + 40).  A teaser or an
   * "about this blog" paragraph behind a wall of tags and pager links
   * falls outside it. */
  int first_good = -1, last_good = -1;
  {
    int best_s = -1, best_e = -1, first_wall = -1;
    double best = best_run(c, in, in->len, TRUE, &best_s, &best_e, &first_wall);
    /* Readers' comments and the blog's pages follow the article: when the
     * best run lies after the first comment heading or pager that follows
     * some prose, the best run before it is the article if it is worth a
     * paragraph (a long discussion, an "about me" box under a short
     * post). */
    if (first_wall >= 0 && best_s > first_wall) {
      int s2 = -1, e2 = -1, fc2;
      double b2 = best_run(c, in, (guint)first_wall, TRUE, &s2, &e2, &fc2);
      /* A pager can also sit between a slideshow's lead-in and the rest
       * of the story: unless the text before it is worth half, the pager
       * is no wall. */
      Block *w = &g_array_index(c->blocks, Block,
                                g_array_index(in, guint, first_wall));
      gboolean pager = w->kind != PRECIS_LINE_COMMENT;
      if (s2 >= 0 && b2 >= 150 && (!pager || 2 * b2 >= best)) {
        best_s = s2;
        best_e = e2;
      } else if (pager) {
        best_run(c, in, in->len, FALSE, &best_s, &best_e, &fc2);
      }
    }
    for (int k = best_s; best_s >= 0 && k <= best_e; k++) {
      Block *b = &g_array_index(c->blocks, Block, g_array_index(in, guint, k));
      if (b->cls == B_GOOD) {
        if (first_good < 0)
          first_good = k;
        last_good = k;
      }
    }
  }
  for (guint k = 0; k < in->len; k++) {
    Block *b = &g_array_index(c->blocks, Block, g_array_index(in, guint, k));
    const char *text = c->buf->str + b->start;
    /* Metadata from the blocks we drop. */
    if (b->kind == PRECIS_LINE_BYLINE && article->byline == NULL &&
        first_good >= 0 && (int)k <= first_good + 1)
      article->byline = precis__byline_clean(text, b->len);
    if (b->kind == PRECIS_LINE_DATELINE && article->date == NULL &&
        (int)k <= first_good + 1)
      article->date = precis__date_find(text, b->len);
    if (b->cls == B_GOOD && (int)k >= first_good && (int)k <= last_good) {
      b->keep = TRUE;
      continue;
    }
    if (first_good < 0)
      continue;
    if (b->cls == B_BAD) {
      /* Inside the article, a line with a link or two (a product, a
       * source) stays; wording-based boilerplate never does. */
      double ld = b->chars ? (double)b->link_chars / b->chars : 1;
      if (!(b->kind == PRECIS_LINE_NONE && ld <= 0.5 && (int)k > first_good &&
            (int)k < last_good))
        continue;
    }
    /* SHORT blocks. */
    if (b->heading && (int)k < first_good &&
        same_text(text, b->len, article->title))
      continue;
    if ((int)k < first_good) {
      /* Before the article: a lead-in run of sentences that reaches the
       * first paragraph without furniture in between. */
      gboolean reach = b->sentence_like && b->chars > 40 && !b->heading;
      for (int j = (int)k + 1; reach && j < first_good; j++) {
        Block *o =
            &g_array_index(c->blocks, Block, g_array_index(in, guint, j));
        if (o->cls == B_BAD || !o->sentence_like)
          reach = FALSE;
      }
      /* A section heading right above the first paragraph, of a level
       * the article uses again further down (an FAQ, a sectioned post):
       * the first section's, not the page's headline. */
      if (!reach && b->heading >= 2 && (int)k == first_good - 1) {
        for (int j = first_good + 1; j < last_good && !reach; j++) {
          Block *o =
              &g_array_index(c->blocks, Block, g_array_index(in, guint, j));
          reach = o->heading == b->heading;
        }
      }
      b->keep = reach;
      continue;
    }
    if ((int)k > last_good) {
      /* After the article: a run of sentences and list items that follows
       * the last paragraph without furniture in between. */
      gboolean reach =
          (b->sentence_like || b->tag == T_LI || b->chars >= 30) && !b->heading;
      for (int j = (int)k - 1; reach && j > last_good; j--) {
        Block *o =
            &g_array_index(c->blocks, Block, g_array_index(in, guint, j));
        if (o->cls == B_BAD)
          reach = FALSE;
      }
      b->keep = reach;
      continue;
    }
    /* Inside: keep unless it looks like furniture.  A short paragraph
     * without a link ("8 large eggs", "Dear Sir,") is the article's own
     * line; a short linked one may be a pager or a tag. */
    if (b->heading || b->sentence_like || b->tag == T_LI || b->chars >= 20 ||
        (b->tag == T_P && b->link_chars == 0))
      b->keep = TRUE;
    else {
      /* A short fragment between two kept paragraphs (a quote, a
       * one-word answer) stays when both neighbours are GOOD. */
      Block *prev =
          &g_array_index(c->blocks, Block, g_array_index(in, guint, k - 1));
      Block *next = k + 1 < in->len
                        ? &g_array_index(c->blocks, Block,
                                         g_array_index(in, guint, k + 1))
                        : NULL;
      if (prev->cls == B_GOOD && next != NULL && next->cls == B_GOOD)
        b->keep = TRUE;
    }
  }
  /* Headings must lead to kept text: drop a trailing run of headings, and
   * the author's tagline that closes many articles. */
  for (guint k = in->len; k-- > 0;) {
    Block *b = &g_array_index(c->blocks, Block, g_array_index(in, guint, k));
    if (!b->keep)
      continue;
    if (b->heading || precis__is_tagline(c->buf->str + b->start, b->len))
      b->keep = FALSE;
    else
      break;
  }
  g_array_free(in, TRUE);
}

/* Lower-cased letters and digits of @s (@len bytes), the rest dropped,
 * into @out (size @cap); returns the length.  UTF-8 bytes are kept. */
static gsize
alnum_key(const char *s, gsize len, char *out, gsize cap)
{
  gsize n = 0;
  for (gsize i = 0; i < len && n + 1 < cap; i++) {
    guchar ch = (guchar)s[i];
    if (g_ascii_isalnum(ch) || ch >= 0x80)
      out[n++] = g_ascii_tolower(ch);
  }
  out[n] = '\0';
  return n;
}

/* The visible headline, among the headings (h1-h3, or elements whose
 * class names a title) of the last few blocks before the first kept one,
 * with no prose in between.  It replaces the metadata title when that
 * title is missing, is one of them plus decorations ("» Headline :blog",
 * "Blog: Headline"), or names the site (equal to the site name, or to a
 * banner block further up the page).  A heading equal to the title keeps
 * the title.  The highest-level heading wins (a dek under the headline
 * is an h2 or h3).  The chosen heading is not body text. */
static void
choose_headline(Ctx *c, PrecisArticle *article)
{
  guint first = 0;
  while (first < c->blocks->len && !g_array_index(c->blocks, Block, first).keep)
    first++;
  if (first == c->blocks->len)
    return;
  char tk[512] = "";
  gsize tn = 0;
  if (article->title != NULL)
    tn = alnum_key(article->title, strlen(article->title), tk, sizeof tk);
  Block *best = NULL, *inside = NULL, *adjacent = NULL;
  guint best_level = 99, window_start = first;
  /* Only bylines and datelines between a heading and the article. */
  gboolean next_to = TRUE;
  for (guint k = first, steps = 0; k-- > 0 && steps < 8; steps++) {
    Block *b = &g_array_index(c->blocks, Block, k);
    if (b->caption)
      continue;
    window_start = k;
    if (b->cls == B_GOOD)
      break;
    if (b->kind == PRECIS_LINE_BYLINE || b->kind == PRECIS_LINE_DATELINE)
      continue;
    gboolean was_next_to = next_to;
    next_to = FALSE;
    if (b->chars < 3 || b->chars > 200 || b->kind != PRECIS_LINE_NONE)
      continue;
    guint level = b->heading;
    if (level == 0) {
      const char *cls = attr_value(c->info[b->elem].node, "class");
      if (cls != NULL &&
          (strstr(cls, "title") != NULL || strstr(cls, "headline") != NULL))
        level = 3;
    }
    if (level < 1 || level > 3)
      continue;
    /* A one-word heading or a label ("Email me:") is a section name. */
    const char *bt = c->buf->str + b->start;
    if (bt[b->len - 1] == ':' || memchr(bt, ' ', b->len) == NULL)
      continue;
    char hk[256];
    gsize hn = alnum_key(c->buf->str + b->start, b->len, hk, sizeof hk);
    if (hn < 4)
      continue;
    if (tn == hn && strcmp(tk, hk) == 0)
      return; /* the title is on the page as it is */
    if (tn > 0 && hn >= 8 && strstr(tk, hk) != NULL &&
        (inside == NULL || hn > inside->chars))
      inside = b;
    if (was_next_to)
      adjacent = b;
    if (level < best_level) {
      best_level = level;
      best = b;
    }
  }
  Block *h = inside;
  /* The headline set right above the article (nothing but a byline or a
   * date in between) is the one readers see; the metadata title is often
   * a shorter social-media version or the site's own name.  A banner
   * (the site's name) is not a headline. */
  if (h == NULL && adjacent != NULL && adjacent == best &&
      !same_text(c->buf->str + adjacent->start, adjacent->len,
                 article->site_name))
    h = adjacent;
  if (h == NULL && best != NULL) {
    gboolean use = article->title == NULL;
    if (!use && article->site_name != NULL) {
      char sk[256];
      alnum_key(article->site_name, strlen(article->site_name), sk, sizeof sk);
      use = strcmp(sk, tk) == 0;
    }
    for (guint k = 0; !use && k < window_start; k++) {
      Block *b = &g_array_index(c->blocks, Block, k);
      use = same_text(c->buf->str + b->start, b->len, article->title);
    }
    if (use)
      h = best;
  }
  if (h == NULL)
    return;
  g_free(article->title);
  article->title = precis__collapse_space(c->buf->str + h->start, h->len);
  h->keep = FALSE;
}

static gboolean
same_block(Ctx *c, const Block *a, const Block *b)
{
  return a->len == b->len &&
         memcmp(c->buf->str + a->start, c->buf->str + b->start, a->len) == 0;
}

/* Pages that hold the article twice (a print or a summary version next to
 * the shown one, both in the markup): when the kept paragraphs of 60+
 * characters are one sequence said twice, the copy is dropped.  Quotes and
 * notices repeated inside a text do not make such a page. */
static void
drop_repeated_tail(Ctx *c)
{
  GArray *longs = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    if (b->keep && b->chars >= 60)
      g_array_append_val(longs, i);
  }
  guint n = longs->len, m = 1;
  Block *first =
      n ? &g_array_index(c->blocks, Block, g_array_index(longs, guint, 0))
        : NULL;
  while (m < n && !same_block(c, first,
                              &g_array_index(c->blocks, Block,
                                             g_array_index(longs, guint, m))))
    m++;
  gboolean copy = m < n && n - m == m;
  for (guint k = m; copy && k < n; k++)
    copy = same_block(
        c, &g_array_index(c->blocks, Block, g_array_index(longs, guint, k - m)),
        &g_array_index(c->blocks, Block, g_array_index(longs, guint, k)));
  if (copy)
    for (guint i = g_array_index(longs, guint, m); i < c->blocks->len; i++)
      g_array_index(c->blocks, Block, i).keep = FALSE;
  g_array_free(longs, TRUE);
}

/* Captions are not article text, except in a gallery post: a short text
 * (under 800 characters kept) and three captions or more in the article's
 * container after it, each a line of its own words (the same line under
 * every picture is not).  Then the pictures are the article, and their
 * captions its text.  A story with a picture or two loses its captions. */
static void
keep_captions(Ctx *c, guint32 container)
{
  NodeInfo *ci = &c->info[container];
  guint first = G_MAXUINT, kept_chars = 0;
  for (guint i = 0; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    if (b->keep && !b->caption) {
      if (first == G_MAXUINT)
        first = i;
      kept_chars += b->chars;
    }
  }
  if (first == G_MAXUINT || kept_chars >= 800)
    return;
  /* How often each text occurs among all blocks: one table, so a gallery
   * of many pictures costs O(blocks), not O(blocks^2). */
  g_autoptr(GHashTable) seen = g_hash_table_new_full(
      g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, NULL);
  for (guint i = 0; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    GBytes *key = g_bytes_new_static(c->buf->str + b->start, b->len);
    guint count = GPOINTER_TO_UINT(g_hash_table_lookup(seen, key));
    g_hash_table_replace(seen, key, GUINT_TO_POINTER(count + 1));
  }
  g_autoptr(GArray) gallery = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = first + 1; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    if (!b->caption || b->elem < container || b->elem > ci->last ||
        b->cls == B_BAD || b->kind != PRECIS_LINE_NONE || b->chars < 20 ||
        c->buf->str[b->start] == '(')
      continue;
    g_autoptr(GBytes) key = g_bytes_new_static(c->buf->str + b->start, b->len);
    if (GPOINTER_TO_UINT(g_hash_table_lookup(seen, key)) == 1)
      g_array_append_val(gallery, i);
  }
  if (gallery->len < 3)
    return;
  for (guint k = 0; k < gallery->len; k++)
    g_array_index(c->blocks, Block, g_array_index(gallery, guint, k)).keep =
        TRUE;
}

static char *
assemble(Ctx *c)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    if (!b->keep)
      continue;
    if (out->len > 0)
      g_string_append(out, "\n\n");
    g_string_append_len(out, c->buf->str + b->start, b->len);
  }
  return g_string_free(out, FALSE);
}

/* The visible text of a (small) element, white space collapsed. */
static char *
node_flat_text(xmlNode *node)
{
  GString *s = g_string_new(NULL);
  xmlNode *n = node;
  while (n != NULL && s->len < 400) {
    gboolean descend = TRUE;
    if (n->type == XML_ELEMENT_NODE && n != node && n->name != NULL &&
        is_junk_tag((const char *)n->name))
      descend = FALSE;
    else if (n->type == XML_TEXT_NODE && n->content != NULL) {
      g_string_append(s, (const char *)n->content);
      g_string_append_c(s, ' ');
    }
    n = next_node(n, node, descend);
  }
  char *flat = precis__collapse_space(s->str, s->len);
  g_string_free(s, TRUE);
  return flat;
}

/* The text of a byline element ("By Jane Doe", "Jane Doe | Reporter"),
 * unless it is a date. */
static char *
byline_from_node(xmlNode *node)
{
  g_autofree char *flat = node_flat_text(node);
  g_autofree char *date = precis__date_find(flat, strlen(flat));
  if (*flat == '\0' || date != NULL)
    return NULL;
  char *out = precis__byline_clean(flat, strlen(flat));
  if (*out == '\0')
    g_clear_pointer(&out, g_free);
  return out;
}

/* PRECIS_PAGE_DEBUG=1: the blocks, their class and the container, on
 * stderr (for tuning; costs nothing when unset). */
static void
debug_dump(Ctx *c, guint32 container)
{
  static const char cls_char[] = {'B', 's', 'G'};
  NodeInfo *ci = &c->info[container];
  const char *cls = attr_value(ci->node, "class");
  const char *id = attr_value(ci->node, "id");
  fprintf(stderr, "container #%u <%s class=%s id=%s> good=%.0f bad=%.0f\n",
          container, ci->node->name, cls ? cls : "", id ? id : "", ci->good,
          ci->bad);
  for (guint i = 0; i < c->blocks->len; i++) {
    Block *b = &g_array_index(c->blocks, Block, i);
    NodeInfo *ni = &c->info[b->elem];
    const char *ecls = attr_value(ni->node, "class");
    gboolean in = b->elem >= container && b->elem <= ci->last;
    fprintf(stderr, "%c%c k%d #%u<%s.%.20s> c=%u l=%u | %.90s\n",
            in ? '*' : ' ', cls_char[b->cls], b->kind, b->elem, ni->node->name,
            ecls ? ecls : "", b->chars, b->link_chars, c->buf->str + b->start);
  }
}

char *
precis__page_content(xmlDoc *doc, PrecisArticle *article)
{
  xmlNode *root = xmlDocGetRootElement(doc);
  if (root == NULL)
    return g_strdup("");
  /* Work from <body> when there is one (the head holds no text). */
  for (xmlNode *n = root->children; n != NULL; n = n->next)
    if (n->type == XML_ELEMENT_NODE && name_is(n, "body")) {
      root = n;
      break;
    }

  Ctx c = {0};
  c.buf = g_string_sized_new(4096);
  c.blocks = g_array_new(FALSE, FALSE, sizeof(Block));
  c.stack = g_array_new(FALSE, FALSE, sizeof(guint32));
  c.debug = g_getenv("PRECIS_PAGE_DEBUG") != NULL;
  index_elements(&c, root);
  if (c.n_info == 0) {
    g_string_free(c.buf, TRUE);
    g_array_free(c.blocks, TRUE);
    g_array_free(c.stack, TRUE);
    g_free(c.info);
    return g_strdup("");
  }
  collect_blocks(&c, root);
  for (guint i = 0; i < c.blocks->len; i++)
    classify_block(&c, &g_array_index(c.blocks, Block, i));

  drop_collapsed(&c);
  demote_teasers(&c);
  guint32 container = choose_container(&c);
  if (c.debug)
    debug_dump(&c, container);
  gboolean any_good = c.info[container].good > 0;
  if (any_good) {
    select_blocks(&c, container, article);
    choose_headline(&c, article);
    drop_repeated_tail(&c);
    keep_captions(&c, container);
  } else {
    /* No prose anywhere: keep every block that is not furniture. */
    for (guint i = 0; i < c.blocks->len; i++) {
      Block *b = &g_array_index(c.blocks, Block, i);
      b->keep = !b->caption &&
                (b->cls != B_BAD ||
                 (b->kind == PRECIS_LINE_NONE && b->link_chars * 2 < b->chars));
    }
  }
  char *text = assemble(&c);
  if (article->byline == NULL && c.byline != NULL)
    article->byline = byline_from_node(c.byline);
  if (article->date == NULL && c.date != NULL) {
    g_autofree char *t = node_flat_text(c.date);
    article->date = precis__date_find(t, strlen(t));
  }

  /* Only indexed elements point to a NodeInfo. */
  for (guint32 i = 0; i < c.n_info; i++)
    c.info[i].node->_private = NULL;
  g_string_free(c.buf, TRUE);
  g_array_free(c.blocks, TRUE);
  g_array_free(c.stack, TRUE);
  g_free(c.info);
  return text;
}
