/* SPDX-License-Identifier: GPL-3.0-or-later
 * feed-xml.c: RSS 0.9x/1.0/2.0, RDF, Atom 0.3/1.0 (and CDF) -> PrecisFeed,
 * on libxml2's SAX2 interface.
 *
 * One state machine serves every XML format, because that is how the
 * reference parser (feedparser) defines their meaning: an element is known
 * by its namespace's canonical prefix plus its lower-cased local name
 * ("dc:creator", "content:encoded"; RSS/Atom/RDF core names have none), and
 * a handler per name pushes a text frame, sets a context flag (in feed,
 * entry, image, source, content...) or stores a value in the current
 * context when its frame pops.  The quirks that decide real feeds are kept:
 * a summary that arrives after another becomes the content, a permalink
 * guid is the link when there is none, a shallower duplicate wins, xml:base
 * and xml:lang are scoped by element, inline XHTML is re-serialized, and
 * mojibake (UTF-8 read as Latin-1) is repaired.
 *
 * Contexts are small dynamic dictionaries (Val) so that handlers can be
 * written as feedparser defines them and checked against it; a dictionary
 * is an array of slots searched linearly (hash-indexed past 16 keys),
 * with its first slots and keys inline.
 *
 * Security: libxml2 runs with NONET and without NOENT, DTDLOAD or HUGE,
 * and never sees a DTD: the DOCTYPE is removed beforehand, its entities
 * kept only when they are plain text or one character reference (no
 * nesting, no SYSTEM), then expanded here.  HTML entities that feeds use
 * undeclared (&nbsp;) become character references and mark the feed
 * ill-formed, as with feedparser.  libxml2 bounds the depth (256), and the
 * callbacks are not recursive.  When the strict parse fails (or an
 * entity was undefined), the feed is flagged bozo and read again by the
 * loose tokenizer (feed-loose.c), as feedparser re-reads it with its loose
 * parser.
 *
 * Cost: O(n) per pass, at most two passes; memory O(n).  Per element, no
 * allocation for its name (built in reused buffers, namespaces mapped once
 * per parse), its frame (pooled; the text is one GString) or xml:base and
 * xml:lang (shared reference-counted strings); a value is copied once when
 * its frame pops, and once more into the dictionary that keeps it.  On a
 * 500-item RSS feed: about 34,000 instructions per item (libxml2 included).
 */
#include "precis-feeds.h"
#include "feed-private.h"
#include "xml-init.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <string.h>

/* ---- dynamic values ------------------------------------------------------ */

typedef enum { V_STR, V_DICT, V_LIST } VKind;

typedef struct Val Val;

/* A small dictionary: the slots in insertion order, their keys copied
 * into one buffer, and linear search while it is small (a feed's
 * dictionaries hold a handful of keys); past DICT_INDEX_MIN keys a hash
 * index keeps lookups O(1) for documents with many distinct elements.
 * A removed key keeps its slot with a NULL value. */
typedef struct {
  guint32 koff, klen; /* the key in Dict.keys */
  gpointer val;       /* Val* (or an int for Dict.plain); NULL: removed */
} Slot;

#define DICT_INLINE_SLOTS 6
#define DICT_INLINE_KEYS 64

/* The first slots and key bytes are inside the Dict (a link or an
 * attribute dictionary needs no other block). */
typedef struct {
  Slot *slots; /* slots0 or a heap array */
  guint n, cap;
  char *keys; /* keys0 or a heap buffer */
  gsize klen, kcap;
  GHashTable *index; /* key copy -> slot index + 1 */
  gboolean plain;    /* values are not Val* (nothing to free) */
  Slot slots0[DICT_INLINE_SLOTS];
  char keys0[DICT_INLINE_KEYS];
} Dict;

struct Val {
  VKind kind;
  char *s;      /* V_STR, nullable (Python None); in the Val's block */
  Dict *d;      /* V_DICT: in the Val's block */
  GPtrArray *l; /* V_LIST: Val* */
  Dict *depth;  /* entries only: element -> depth + 1 (plain) */
};

#define DICT_INDEX_MIN 16

static void val_free(Val *v);

static void
dict_init(Dict *d, gboolean plain)
{
  d->slots = d->slots0;
  d->cap = DICT_INLINE_SLOTS;
  d->keys = d->keys0;
  d->kcap = DICT_INLINE_KEYS;
  d->n = 0;
  d->klen = 0;
  d->index = NULL;
  d->plain = plain;
}

static void
dict_clear(Dict *d)
{
  if (!d->plain) {
    for (guint i = 0; i < d->n; i++)
      val_free(d->slots[i].val);
  }
  if (d->slots != d->slots0)
    g_free(d->slots);
  if (d->keys != d->keys0)
    g_free(d->keys);
  if (d->index)
    g_hash_table_unref(d->index);
  dict_init(d, d->plain);
}

/* The slot of @key (live or removed), or -1. */
static int
dict_find(const Dict *d, const char *key)
{
  if (d->index != NULL)
    return GPOINTER_TO_INT(g_hash_table_lookup(d->index, key)) - 1;
  gsize len = strlen(key);
  for (guint i = 0; i < d->n; i++) {
    const Slot *s = &d->slots[i];
    if (s->klen == len && d->keys[s->koff] == key[0] &&
        memcmp(d->keys + s->koff, key, len) == 0)
      return (int)i;
  }
  return -1;
}

static gpointer
dict_lookup(const Dict *d, const char *key)
{
  int i = dict_find(d, key);
  return i < 0 ? NULL : d->slots[i].val;
}

static gboolean
dict_contains(const Dict *d, const char *key)
{
  return dict_lookup(d, key) != NULL;
}

/* g_hash_table_replace(): takes @val, frees the value it replaces. */
static void
dict_replace(Dict *d, const char *key, gpointer val)
{
  int i = dict_find(d, key);
  if (i >= 0) {
    Slot *s = &d->slots[i];
    gpointer old = s->val;
    s->val = val;
    if (old != NULL && !d->plain)
      val_free(old);
    return;
  }
  gsize len = strlen(key);
  if (d->n == d->cap) {
    d->cap *= 2;
    if (d->slots == d->slots0) {
      d->slots = g_new(Slot, d->cap);
      memcpy(d->slots, d->slots0, d->n * sizeof(Slot));
    } else
      d->slots = g_renew(Slot, d->slots, d->cap);
  }
  if (d->klen + len + 1 > d->kcap) {
    d->kcap = MAX(d->kcap * 2, d->klen + len + 1);
    if (d->keys == d->keys0) {
      d->keys = g_malloc(d->kcap);
      memcpy(d->keys, d->keys0, d->klen);
    } else {
      d->keys = g_realloc(d->keys, d->kcap);
    }
  }
  memcpy(d->keys + d->klen, key, len + 1);
  d->slots[d->n] = (Slot){(guint32)d->klen, (guint32)len, val};
  d->klen += len + 1;
  d->n++;
  if (d->index != NULL) {
    g_hash_table_insert(d->index, g_strdup(key), GINT_TO_POINTER(d->n));
  } else if (d->n > DICT_INDEX_MIN) {
    d->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint k = 0; k < d->n; k++)
      g_hash_table_insert(d->index, g_strdup(d->keys + d->slots[k].koff),
                          GINT_TO_POINTER(k + 1));
  }
}

static void
dict_remove(Dict *d, const char *key)
{
  int i = dict_find(d, key);
  if (i >= 0 && d->slots[i].val != NULL) {
    if (!d->plain)
      val_free(d->slots[i].val);
    d->slots[i].val = NULL;
  }
}

/* No key with a value (removed keys keep a NULL slot). */
static gboolean
dict_is_empty(const Dict *d)
{
  for (guint i = 0; i < d->n; i++) {
    if (d->slots[i].val != NULL)
      return FALSE;
  }
  return TRUE;
}

static void
val_free(Val *v)
{
  if (v == NULL)
    return;
  if (v->d)
    dict_clear(v->d);
  if (v->l)
    g_ptr_array_unref(v->l);
  if (v->depth) {
    dict_clear(v->depth);
    g_free(v->depth);
  }
  g_free(v);
}

/* Lower case, as g_utf8_strdown() but without its Unicode tables for the
 * plain ASCII of nearly every element name and type. */
static char *
fold_dup(const char *s)
{
  for (const unsigned char *c = (const unsigned char *)s; *c; c++)
    if (*c >= 0x80)
      return g_utf8_strdown(s, -1);
  return g_ascii_strdown(s, -1);
}

/* One block: the Val, then the string. */
static Val *
val_str(const char *s)
{
  gsize len = s ? strlen(s) : 0;
  Val *v = g_malloc(sizeof(Val) + (s ? len + 1 : 0));
  memset(v, 0, sizeof *v);
  v->kind = V_STR;
  if (s != NULL) {
    v->s = (char *)(v + 1);
    memcpy(v->s, s, len + 1);
  }
  return v;
}

/* One block: the Val, then its Dict. */
static Val *
val_dict(void)
{
  Val *v = g_malloc0(sizeof(Val) + sizeof(Dict));
  v->kind = V_DICT;
  v->d = (Dict *)(v + 1);
  dict_init(v->d, FALSE);
  return v;
}

static Val *
val_list(void)
{
  Val *v = g_new0(Val, 1);
  v->kind = V_LIST;
  v->l = g_ptr_array_new_with_free_func((GDestroyNotify)val_free);
  return v;
}

/* [{}]: the default of a first author or contributor. */
static Val *
val_list_of_dict(void)
{
  Val *l = val_list();
  g_ptr_array_add(l->l, val_dict());
  return l;
}

/* FeedParserDict's key aliases, on write and on read. */
static const char *
key_set(const char *key)
{
  static const char *const map[][2] = {
      {"channel", "feed"},
      {"items", "entries"},
      {"guid", "id"},
      {"date", "updated"},
      {"date_parsed", "updated_parsed"},
      {"description", "summary"},
      {"description_detail", "summary_detail"},
      {"url", "href"},
      {"modified", "updated"},
      {"modified_parsed", "updated_parsed"},
      {"issued", "published"},
      {"issued_parsed", "published_parsed"},
      {"copyright", "rights"},
      {"copyright_detail", "rights_detail"},
      {"tagline", "subtitle"},
      {"tagline_detail", "subtitle_detail"},
  };
  /* by_first[c], built from the map once: bit i is set when map[i][0]
   * starts with the byte c, so a key is compared only with the aliases of
   * its first byte (the second byte is checked before the call). */
  G_STATIC_ASSERT(G_N_ELEMENTS(map) <= 32);
  static gsize once;
  static guint32 by_first[256];
  if (g_once_init_enter(&once)) {
    for (guint i = 0; i < G_N_ELEMENTS(map); i++)
      by_first[(guchar)map[i][0][0]] |= 1u << i;
    g_once_init_leave(&once, 1);
  }
  for (guint32 m = by_first[(guchar)key[0]]; m != 0; m &= m - 1) {
    const char *const *entry = map[__builtin_ctz(m)];
    if (key[1] == entry[0][1] && strcmp(key + 2, entry[0] + 2) == 0)
      return entry[1];
  }
  return key;
}

static void
dset(Val *d, const char *key, Val *v)
{
  dict_replace(d->d, key_set(key), v);
}

static void
dset_str(Val *d, const char *key, const char *s)
{
  dset(d, key, val_str(s));
}

static Val *
dget(Val *d, const char *key)
{
  if (d == NULL || d->kind != V_DICT)
    return NULL;
  if (key[0] == 'd' && strcmp(key, "description") == 0) {
    Val *v = dict_lookup(d->d, "summary");
    return v ? v : dict_lookup(d->d, "subtitle");
  }
  if (key[0] == 'd' && strcmp(key, "description_detail") == 0) {
    Val *v = dict_lookup(d->d, "summary_detail");
    return v ? v : dict_lookup(d->d, "subtitle_detail");
  }
  const char *alias = key_set(key);
  Val *v = dict_lookup(d->d, alias);
  if (v == NULL && alias != key)
    v = dict_lookup(d->d, key);
  return v;
}

static gboolean
dhas(Val *d, const char *key)
{
  return dget(d, key) != NULL;
}

static const char *
dget_str(Val *d, const char *key)
{
  Val *v = dget(d, key);
  return v && v->kind == V_STR ? v->s : NULL;
}

/* setdefault(): returns the value in the dictionary, made by @make when
 * the key is missing. */
static Val *
dsetdefault(Val *d, const char *key, Val *(*make)(void))
{
  Val *v = dget(d, key);
  if (v != NULL)
    return v;
  v = make();
  dset(d, key, v);
  return v;
}

static Val *
list_last(Val *l)
{
  return l && l->kind == V_LIST && l->l->len ? l->l->pdata[l->l->len - 1]
                                             : NULL;
}

/* ---- attributes ------------------------------------------------------------
 */

/* An element's attributes as feedparser's attrs_d: keys lower-case, rel and
 * type values lower-case; a later duplicate key wins. */
typedef struct {
  GPtrArray *kv; /* key, value, key, value... */
  gboolean loose;
} Attrs;

static const char *
attrs_get(const Attrs *a, const char *key)
{
  for (guint i = a->kv->len; i >= 2; i -= 2) {
    if (strcmp(a->kv->pdata[i - 2], key) == 0)
      return a->kv->pdata[i - 1];
  }
  return NULL;
}

static char *replace_all(const char *s, const char *from, const char *to);

/* Lower case, ASCII only (g_ascii_strdown). */
static char *
ascii_down_dup(const char *s)
{
  for (const char *c = s; *c; c++) {
    if (g_ascii_isupper(*c))
      return g_ascii_strdown(s, -1);
  }
  return g_strdup(s);
}

/* Adds the key (ASCII lower case) and the first @len bytes of @value (no
 * NUL among them), lower-cased too for rel and type. */
static void
attrs_push(Attrs *a, const char *key, const char *value, gsize len)
{
  char *k = ascii_down_dup(key);
  char *v = strcmp(k, "rel") == 0 || strcmp(k, "type") == 0
                ? g_utf8_strdown(value, len)
                : g_strndup(value, len);
  g_ptr_array_add(a->kv, k);
  g_ptr_array_add(a->kv, v);
}

static void
attrs_add(Attrs *a, const char *key, const char *value_in)
{
  /* Without entity substitution libxml2 writes '&' in attribute values as
   * "&#38;", and only that way. */
  g_autofree char *value = replace_all(value_in, "&#38;", "&");
  if (a->loose) {
    char *v2 = replace_all(value, "&amp;", "&");
    g_free(value);
    value = v2;
  }
  attrs_push(a, key, value, strlen(value));
}

/* attrs_add() of the first @len bytes of @value (up to a NUL). */
static void
attrs_add_len(Attrs *a, const char *key, const char *value, gsize len)
{
  if (memchr(value, '&', len) != NULL || memchr(value, '\0', len) != NULL) {
    g_autofree char *v = g_strndup(value, len);
    attrs_add(a, key, v);
    return;
  }
  /* No reference to rewrite: the value is taken as it is. */
  attrs_push(a, key, value, len);
}

/* A plain dict of the attributes: no FeedParserDict key aliases. */
static Val *
attrs_to_dict(const Attrs *a)
{
  Val *d = val_dict();
  for (guint i = 0; i + 1 < a->kv->len; i += 2)
    dict_replace(d->d, a->kv->pdata[i], val_str(a->kv->pdata[i + 1]));
  return d;
}

static const char *
raw_str(Val *d, const char *key)
{
  Val *v = dict_lookup(d->d, key);
  return v && v->kind == V_STR ? v->s : NULL;
}

/* feedparser's _enforce_href: url, else uri, else href becomes href. */
static void
enforce_href(Val *d)
{
  const char *href = raw_str(d, "url");
  if (!dict_contains(d->d, "url"))
    href = dict_contains(d->d, "uri") ? raw_str(d, "uri") : raw_str(d, "href");
  if (href != NULL && *href) {
    Val *h = val_str(href);
    dict_remove(d->d, "url");
    dict_remove(d->d, "uri");
    dict_replace(d->d, "href", h);
  }
}

/* ---- parser state
 * ------------------------------------------------------------ */

/* An open element's text: feedparser's list of pieces, kept as one string
 * and the end offset of every piece (the pieces matter only to the Atom
 * XHTML <div> unwrapping in pop_strip).  Popped frames go back to a pool,
 * so that a tag costs no allocation once the pool is warm. */
typedef struct {
  const char *element; /* interned in Parser.atoms */
  gboolean expecting_text;
  GString *text; /* the pieces, concatenated (no NUL inside) */
  GArray *ends;  /* guint: end offset in text of each piece */
} Frame;

static void
frame_free(Frame *f)
{
  g_string_free(f->text, TRUE);
  g_array_unref(f->ends);
  g_free(f);
}

/* No pieces. */
static void
frame_clear_text(Frame *f)
{
  g_string_truncate(f->text, 0);
  g_array_set_size(f->ends, 0);
}

static void
frame_end_piece(Frame *f)
{
  guint end = (guint)f->text->len;
  g_array_append_val(f->ends, end);
}

/* Piece @i of @f as [*start, *start + *len). */
static const char *
frame_piece(const Frame *f, guint i, gsize *len)
{
  guint b = i ? g_array_index(f->ends, guint, i - 1) : 0;
  *len = g_array_index(f->ends, guint, i) - b;
  return f->text->str + b;
}

typedef struct {
  gboolean active; /* False after clear() */
  char *type;      /* nullable */
  gboolean base64;
} ContentParams;

typedef struct {
  Val *feeddata;
  GPtrArray *entries; /* Val* */
  char *version;
  GHashTable *namespaces_in_use; /* prefix ("" = default) -> uri */
  GHashTable *namespacemap;      /* given prefix ("" = default) -> canonical */
  int infeed, inentry, incontent, intextinput, inimage, inauthor, incontributor,
      inpublisher, insource;
  Val *sourcedata;
  ContentParams cp;
  const char *summary_key; /* static string or NULL */
  GPtrArray *elementstack; /* Frame* */
  GPtrArray *frame_pool;   /* Frame*: popped frames, for reuse */
  GHashTable *atoms;       /* interned element names (owned keys) */
  GHashTable *ns_cache;    /* namespace URI -> NsCanon* */
  const char *ns_last_uri; /* the last URI looked up (libxml2's string) */
  const char *ns_last_key; /* its copy in ns_cache */
  const void *ns_last;     /* its NsCanon */
  GString *tagbuf;         /* element_name()'s result */
  GString *namebuf;        /* method_name()'s result */
  GString *prefixbuf;      /* method_name()'s prefix */
  GPtrArray *attrbuf;      /* sax_start()'s attributes */
  GPtrArray *basestack;    /* GRefString* */
  GPtrArray *langstack;    /* GRefString*, nullable */
  int svg_ok;
  int title_depth;
  int depth;
  gboolean has_content;
  gboolean guidislink;
  char *baseuri; /* GRefString */
  char *lang;    /* GRefString, nullable */
  gboolean psc_flag;
  gboolean undeclared_ns; /* a prefix without a namespace was seen */
  gboolean loose;         /* events come from feed-loose.c */
  guint skipped;          /* start tags ignored beyond MAX_DEPTH */
  GHashTable *entities;   /* safe DOCTYPE entities (loose mode), nullable */
} Parser;

/* xml:base and xml:lang are shared by the element stack, not copied per
 * element. */
static void
ref_release0(gpointer s)
{
  if (s != NULL)
    g_ref_string_release(s);
}

static char *
ref_acquire0(char *s)
{
  return s != NULL ? g_ref_string_acquire(s) : NULL;
}

/* Replaces the GRefString in @slot by a new one holding @s (nullable). */
static void
ref_set(char **slot, const char *s)
{
  ref_release0(*slot);
  *slot = s != NULL ? g_ref_string_new(s) : NULL;
}

static void
parser_init(Parser *p, const char *base_url)
{
  memset(p, 0, sizeof *p);
  p->feeddata = val_dict();
  p->entries = g_ptr_array_new_with_free_func((GDestroyNotify)val_free);
  p->version = g_strdup("");
  p->namespaces_in_use =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  p->namespacemap =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  p->sourcedata = val_dict();
  p->elementstack = g_ptr_array_new_with_free_func((GDestroyNotify)frame_free);
  p->frame_pool = g_ptr_array_new_with_free_func((GDestroyNotify)frame_free);
  p->atoms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  p->ns_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  p->tagbuf = g_string_new(NULL);
  p->namebuf = g_string_new(NULL);
  p->prefixbuf = g_string_new(NULL);
  p->attrbuf = g_ptr_array_new_with_free_func(g_free);
  p->basestack = g_ptr_array_new_with_free_func(ref_release0);
  p->langstack = g_ptr_array_new_with_free_func(ref_release0);
  p->title_depth = -1;
  p->baseuri = g_ref_string_new(base_url ? base_url : "");
}

static void
parser_clear(Parser *p)
{
  val_free(p->feeddata);
  g_ptr_array_unref(p->entries);
  g_free(p->version);
  g_hash_table_unref(p->namespaces_in_use);
  g_hash_table_unref(p->namespacemap);
  val_free(p->sourcedata);
  g_free(p->cp.type);
  g_ptr_array_unref(p->elementstack);
  g_ptr_array_unref(p->frame_pool);
  g_hash_table_unref(p->atoms);
  g_hash_table_unref(p->ns_cache);
  g_string_free(p->tagbuf, TRUE);
  g_string_free(p->namebuf, TRUE);
  g_string_free(p->prefixbuf, TRUE);
  g_ptr_array_unref(p->attrbuf);
  g_ptr_array_unref(p->basestack);
  g_ptr_array_unref(p->langstack);
  ref_release0(p->baseuri);
  ref_release0(p->lang);
}

/* Namespace URI (lower-case) -> feedparser's canonical prefix. */
static const char *const known_ns[][2] = {
    {"", ""},
    {"http://backend.userland.com/rss", ""},
    {"http://blogs.law.harvard.edu/tech/rss", ""},
    {"http://purl.org/rss/1.0/", ""},
    {"http://my.netscape.com/rdf/simple/0.9/", ""},
    {"http://example.com/newformat#", ""},
    {"http://example.com/necho", ""},
    {"http://purl.org/echo/", ""},
    {"uri/of/echo/namespace#", ""},
    {"http://purl.org/pie/", ""},
    {"http://purl.org/atom/ns#", ""},
    {"http://www.w3.org/2005/atom", ""},
    {"http://purl.org/rss/1.0/modules/rss091#", ""},
    {"http://webns.net/mvcb/", "admin"},
    {"http://purl.org/rss/1.0/modules/aggregation/", "ag"},
    {"http://purl.org/rss/1.0/modules/annotate/", "annotate"},
    {"http://media.tangent.org/rss/1.0/", "audio"},
    {"http://backend.userland.com/blogchannelmodule", "blogChannel"},
    {"http://creativecommons.org/ns#license", "cc"},
    {"http://web.resource.org/cc/", "cc"},
    {"http://cyber.law.harvard.edu/rss/creativecommonsrssmodule.html",
     "creativeCommons"},
    {"http://backend.userland.com/creativecommonsrssmodule", "creativeCommons"},
    {"http://purl.org/rss/1.0/modules/company", "co"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://my.theinfo.org/changed/1.0/rss/", "cp"},
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/email/", "email"},
    {"http://purl.org/rss/1.0/modules/event/", "ev"},
    {"http://rssnamespace.org/feedburner/ext/1.0", "feedburner"},
    {"http://freshmeat.net/rss/fm/", "fm"},
    {"http://xmlns.com/foaf/0.1/", "foaf"},
    {"http://www.w3.org/2003/01/geo/wgs84_pos#", "geo"},
    {"http://www.georss.org/georss", "georss"},
    {"http://www.opengis.net/gml", "gml"},
    {"http://postneo.com/icbm/", "icbm"},
    {"http://purl.org/rss/1.0/modules/image/", "image"},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://example.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://purl.org/rss/1.0/modules/link/", "l"},
    {"http://search.yahoo.com/mrss", "media"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://madskills.com/public/xml/rss/module/pingback/", "pingback"},
    {"http://prismstandard.org/namespaces/1.2/basic/", "prism"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://www.w3.org/2000/01/rdf-schema#", "rdfs"},
    {"http://purl.org/rss/1.0/modules/reference/", "ref"},
    {"http://purl.org/rss/1.0/modules/richequiv/", "reqv"},
    {"http://purl.org/rss/1.0/modules/search/", "search"},
    {"http://purl.org/rss/1.0/modules/slash/", "slash"},
    {"http://schemas.xmlsoap.org/soap/envelope/", "soap"},
    {"http://purl.org/rss/1.0/modules/servicestatus/", "ss"},
    {"http://hacks.benhammersley.com/rss/streaming/", "str"},
    {"http://purl.org/rss/1.0/modules/subscription/", "sub"},
    {"http://purl.org/rss/1.0/modules/syndication/", "sy"},
    {"http://schemas.pocketsoap.com/rss/mydescmodule/", "szf"},
    {"http://purl.org/rss/1.0/modules/taxonomy/", "taxo"},
    {"http://purl.org/rss/1.0/modules/threading/", "thr"},
    {"http://purl.org/rss/1.0/modules/textinput/", "ti"},
    {"http://madskills.com/public/xml/rss/module/trackback/", "trackback"},
    {"http://wellformedweb.org/commentapi/", "wfw"},
    {"http://purl.org/rss/1.0/modules/wiki/", "wiki"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
    {"http://www.w3.org/1999/xlink", "xlink"},
    {"http://www.w3.org/xml/1998/namespace", "xml"},
    {"http://podlove.org/simple-chapters", "psc"},
};

/* NULL when unknown; @lower_uri must be lower-case. */
static const char *
match_namespace(const char *lower_uri)
{
  for (gsize i = 0; i < G_N_ELEMENTS(known_ns); i++) {
    if (strcmp(lower_uri, known_ns[i][0]) == 0)
      return known_ns[i][1];
  }
  return NULL;
}

/* The canonical prefixes of a namespace URI, as element_name() and
 * sax_start() derive them (static strings, NULL when unknown). */
typedef struct {
  const char *elem; /* after feedparser's backend.userland.com/rss fix */
  const char *attr;
} NsCanon;

static const NsCanon *
ns_canon(Parser *p, const char *uri)
{
  if (uri == NULL)
    uri = "";
  /* Consecutive elements nearly always share their namespace. */
  if (uri == p->ns_last_uri && strcmp(uri, p->ns_last_key) == 0)
    return p->ns_last;
  gpointer key = NULL, val = NULL;
  if (g_hash_table_lookup_extended(p->ns_cache, uri, &key, &val)) {
    p->ns_last_uri = uri;
    p->ns_last_key = key;
    p->ns_last = val;
    return val;
  }
  NsCanon *c = g_new0(NsCanon, 1);
  g_autofree char *lower = fold_dup(uri);
  c->attr = match_namespace(lower);
  c->elem = strstr(lower, "backend.userland.com/rss") != NULL
                ? match_namespace("http://backend.userland.com/rss")
                : c->attr;
  g_hash_table_insert(p->ns_cache, g_strdup(uri), c);
  return c;
}

static void
track_namespace(Parser *p, const char *prefix, const char *uri)
{
  g_autofree char *lower = g_utf8_strdown(uri, -1);

  if (*p->version == '\0') {
    const char *v = NULL;
    if (prefix == NULL &&
        strcmp(lower, "http://my.netscape.com/rdf/simple/0.9/") == 0)
      v = "rss090";
    else if (strcmp(lower, "http://purl.org/rss/1.0/") == 0)
      v = "rss10";
    else if (strcmp(lower, "http://www.w3.org/2005/atom") == 0)
      v = "atom10";
    if (v != NULL) {
      g_free(p->version);
      p->version = g_strdup(v);
    }
  }
  if (strstr(lower, "backend.userland.com/rss") != NULL) {
    g_free(lower);
    lower = g_strdup("http://backend.userland.com/rss");
  }
  const char *canon = match_namespace(lower);
  if (canon != NULL) {
    /* namespacemap[None] is never looked up: unprefixed tags use "". */
    if (prefix != NULL)
      g_hash_table_replace(p->namespacemap, g_strdup(prefix), g_strdup(canon));
    g_hash_table_replace(p->namespaces_in_use, g_strdup(canon), g_strdup(uri));
  } else {
    g_hash_table_replace(p->namespaces_in_use, g_strdup(prefix ? prefix : ""),
                         g_strdup(uri));
  }
}

/* ---- text helpers ---------------------------------------------------------
 */

static Val *
get_context(Parser *p)
{
  if (p->insource)
    return p->sourcedata;
  if (p->inimage) {
    Val *img = dget(p->feeddata, "image");
    if (img != NULL && img->kind == V_DICT)
      return img;
  }
  if (p->intextinput) {
    Val *ti = dsetdefault(p->feeddata, "textinput", val_dict);
    if (ti->kind == V_DICT)
      return ti;
  }
  if (p->inentry && p->entries->len)
    return p->entries->pdata[p->entries->len - 1];
  return p->feeddata;
}

/* Bounds for pathological input (the loose tokenizer closes nothing, and
 * feedparser leaves some frames on the stack): far beyond real feeds. */
#define MAX_DEPTH 10000
#define MAX_FRAMES 100000
/* Popped frames kept for reuse, and the largest text buffer kept. */
#define FRAME_POOL_MAX 64
#define FRAME_KEEP_BYTES 4096

/* The parser's one copy of @s (the names of elements seen). */
static const char *
intern(Parser *p, const char *s)
{
  const char *a = g_hash_table_lookup(p->atoms, s);
  if (a == NULL) {
    char *copy = g_strdup(s);
    g_hash_table_insert(p->atoms, copy, copy);
    a = copy;
  }
  return a;
}

/* Pushes a frame named @element, which must outlive it (a literal or an
 * interned name); push_name() is for any other string. */
static void
push(Parser *p, const char *element, gboolean expecting_text)
{
  if (p->elementstack->len >= MAX_FRAMES)
    return;
  Frame *f;
  if (p->frame_pool->len) {
    f = g_ptr_array_steal_index_fast(p->frame_pool, p->frame_pool->len - 1);
    frame_clear_text(f);
  } else {
    f = g_new0(Frame, 1);
    f->text = g_string_new(NULL);
    f->ends = g_array_new(FALSE, FALSE, sizeof(guint));
  }
  f->element = element;
  f->expecting_text = expecting_text;
  g_ptr_array_add(p->elementstack, f);
}

static void
push_name(Parser *p, const char *name, gboolean expecting_text)
{
  push(p, intern(p, name), expecting_text);
}

/* Pooled frames keep their buffers unless they grew large. */
static void
frame_release(Parser *p, Frame *f)
{
  if (f->text->allocated_len > FRAME_KEEP_BYTES ||
      p->frame_pool->len >= FRAME_POOL_MAX) {
    frame_free(f);
    return;
  }
  g_ptr_array_add(p->frame_pool, f);
}

static Frame *
top_frame(Parser *p)
{
  return p->elementstack->len ? p->elementstack->pdata[p->elementstack->len - 1]
                              : NULL;
}

/* Appends the first @len bytes of @s (up to a NUL), XML-escaped. */
static void
append_escaped(GString *o, const char *s, gsize len, gboolean quotes)
{
  for (const char *end = s + len; s < end && *s; s++) {
    switch (*s) {
    case '&':
      g_string_append(o, "&amp;");
      break;
    case '<':
      g_string_append(o, "&lt;");
      break;
    case '>':
      g_string_append(o, "&gt;");
      break;
    case '"':
      if (quotes) {
        g_string_append(o, "&quot;");
        break;
      }
      g_string_append_c(o, *s);
      break;
    default:
      g_string_append_c(o, *s);
    }
  }
}

static char *
xml_escape(const char *s, gboolean quotes)
{
  GString *o = g_string_new(NULL);
  append_escaped(o, s, strlen(s), quotes);
  return g_string_free(o, FALSE);
}

/* Adds a piece: the first @len bytes of @text, up to a NUL. */
static void
handle_data_len(Parser *p, const char *text, gsize len, gboolean escape)
{
  Frame *f = top_frame(p);
  if (f == NULL)
    return;
  if (escape && p->cp.type && strcmp(p->cp.type, "application/xhtml+xml") == 0)
    append_escaped(f->text, text, len, FALSE);
  else
    g_string_append_len(f->text, text, strnlen(text, len));
  frame_end_piece(f);
}

static void
handle_data(Parser *p, const char *text, gboolean escape)
{
  handle_data_len(p, text, strlen(text), escape);
}

static gboolean
py_isspace(gunichar c)
{
  return g_unichar_isspace(c) || (c >= 0x1c && c <= 0x1f) || c == 0x85;
}

/* Python's str.strip() on [s, s + len) (no NUL inside): the bounds of
 * the stripped text. */
static const char *
py_strip_range(const char *s, gsize len, gsize *out_len)
{
  const char *b = s, *end = s + len;
  while (b < end && py_isspace(g_utf8_get_char(b)))
    b = g_utf8_next_char(b);
  if (b > end)
    b = end;
  const char *e = end;
  while (e > b) {
    const char *prev = g_utf8_prev_char(e);
    if (!py_isspace(g_utf8_get_char(prev)))
      break;
    e = prev;
  }
  *out_len = e - b;
  return b;
}

/* Python's str.strip(). */
static char *
py_strip(const char *s)
{
  gsize n;
  const char *b = py_strip_range(s, strlen(s), &n);
  return g_strndup(b, n);
}

/* str.strip() of the range is empty. */
static gboolean
is_blank_len(const char *s, gsize len)
{
  gsize n;
  py_strip_range(s, len, &n);
  return n == 0;
}

/* C1 controls -> their windows-1252 characters.  Takes @s. */
static char *
map_c1(char *s)
{
  static const gunichar cp1252[32] = {
      0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
      0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
  GString *o = g_string_new(NULL);
  for (const char *c = s; *c; c = g_utf8_next_char(c)) {
    gunichar u = g_utf8_get_char(c);
    g_string_append_unichar(o, u >= 0x80 && u <= 0x9F ? cp1252[u - 0x80] : u);
  }
  g_free(s);
  return g_string_free(o, FALSE);
}

/* fix_text() on valid UTF-8, byte-wise: a character above U+00FF is a
 * lead byte >= 0xC4, one in U+0080..U+00FF is C2 or C3 and one more byte,
 * a C1 control is C2 80..C2 9F.  @len: strlen(s); @high: the offset of
 * the first byte >= 0x80. */
static char *
fix_text_utf8(char *s, gsize len, gsize high)
{
  gsize i = high;
  while (i < len && (guchar)s[i] < 0xC4)
    i++;
  if (i == len) {
    /* Only Latin-1 characters: maybe UTF-8 that was read as Latin-1. */
    char *bytes = g_malloc(len + 1);
    gsize k = 0;
    for (const guchar *b = (const guchar *)s; *b;) {
      if (*b < 0x80) {
        bytes[k++] = (char)*b++;
      } else {
        bytes[k++] = (char)(((b[0] & 0x1F) << 6) | (b[1] & 0x3F));
        b += 2;
      }
    }
    bytes[k] = '\0';
    if (g_utf8_validate_len(bytes, k, NULL)) {
      g_free(s);
      s = bytes;
      len = k;
    } else {
      g_free(bytes);
    }
  }
  for (const char *b = memchr(s, 0xC2, len); b != NULL;
       b = memchr(b + 1, 0xC2, s + len - (b + 1))) {
    if ((guchar)b[1] >= 0x80 && (guchar)b[1] <= 0x9F)
      return map_c1(s);
  }
  return s;
}

/* feedparser's fix for UTF-8 that was decoded as Latin-1, then its
 * windows-1252 mapping of C1 controls. */
static char *
fix_text(char *s)
{
  gboolean latin = TRUE, high = FALSE;

  /* Plain ASCII has neither mojibake nor C1 controls (checked eight
   * bytes at a time). */
  gsize len = strlen(s), i = 0;
  for (; i + 8 <= len; i += 8) {
    guint64 w;
    memcpy(&w, s + i, 8);
    if (w & G_GUINT64_CONSTANT(0x8080808080808080))
      break;
  }
  while (i < len && (guchar)s[i] < 0x80)
    i++;
  if (i == len)
    return s;
  if (g_utf8_validate_len(s, len, NULL))
    return fix_text_utf8(s, len, i);

  for (const char *c = s; *c; c = g_utf8_next_char(c)) {
    gunichar u = g_utf8_get_char(c);
    if (u > 0xFF) {
      latin = FALSE;
      break;
    }
    high |= u >= 0x80;
  }
  if (latin && high) {
    GString *bytes = g_string_new(NULL);
    for (const char *c = s; *c; c = g_utf8_next_char(c))
      g_string_append_c(bytes, (char)g_utf8_get_char(c));
    if (g_utf8_validate_len(bytes->str, bytes->len, NULL)) {
      g_free(s);
      s = g_string_free(bytes, FALSE);
    } else {
      g_string_free(bytes, TRUE);
    }
  }
  gboolean c1 = FALSE;
  for (const char *c = s; *c; c = g_utf8_next_char(c)) {
    gunichar u = g_utf8_get_char(c);
    c1 |= u >= 0x80 && u <= 0x9F;
  }
  if (!c1)
    return s;
  return map_c1(s);
}

/* strcmp() == 0, with the first byte compared inline. */
static inline gboolean
streq(const char *a, const char *b)
{
  return a[0] == b[0] && strcmp(a, b) == 0;
}

static gboolean
in_set(const char *s, const char *const *set)
{
  for (; *set; set++) {
    if (streq(s, *set))
      return TRUE;
  }
  return FALSE;
}

static const char *const can_contain_dangerous_markup[] = {
    "content",  "copyright", "description", "info",  "rights",
    "subtitle", "summary",   "tagline",     "title", NULL};

/* What feedparser's HTML sanitizer does to entity references in text:
 * known HTML entities gain their ';', unknown ones become "&amp;name". */
static char *
sanitize_entity_refs(const char *s)
{
  GString *o = g_string_sized_new(strlen(s) + 16);
  gboolean in_tag = FALSE;
  for (const char *c = s; *c;) {
    /* Only '<', '>' and '&' change anything: copy the runs between. */
    const char *r = c;
    while (*r && *r != '<' && *r != '>' && *r != '&')
      r++;
    if (r > c) {
      g_string_append_len(o, c, r - c);
      c = r;
      continue;
    }
    if (*c == '<' && g_ascii_isalpha(c[1]))
      in_tag = TRUE;
    else if (*c == '>')
      in_tag = FALSE;
    if (!in_tag && *c == '&' && g_ascii_isalpha(c[1])) {
      const char *e = c + 2;
      while (g_ascii_isalnum(*e) || *e == '-' || *e == '.')
        e++;
      if (*e != '\0' && !g_ascii_isalnum(*e)) {
        g_autofree char *name = g_strndup(c + 1, e - c - 1);
        if (htmlEntityLookup((const xmlChar *)name) != NULL ||
            strcmp(name, "apos") == 0) {
          g_string_append_c(o, '&');
          g_string_append(o, name);
          g_string_append_c(o, ';');
        } else {
          g_string_append(o, "&amp;");
          g_string_append(o, name);
        }
        c = *e == ';' ? e + 1 : e;
        continue;
      }
    }
    g_string_append_c(o, *c++);
  }
  return g_string_free(o, FALSE);
}

static const char *const can_be_relative_uri[] = {
    "comments", "docs", "href",        "icon",           "id", "link",
    "logo",     "url",  "wfw_comment", "wfw_commentrss", NULL};

static char *
resolve_uri(Parser *p, const char *uri)
{
  return precis__feed_urljoin(p->baseuri, uri);
}

/* "&name;" -> "&name" in links (feedparser's query-string repair). */
static char *
fix_link_refs(const char *s)
{
  if (strchr(s, '&') == NULL)
    return g_strdup(s);
  GString *o = g_string_new(NULL);
  for (const char *c = s; *c;) {
    if (*c == '&') {
      const char *e = c + 1;
      while (g_ascii_isalnum(*e) || *e == '_')
        e++;
      if (e > c + 1 && *e == ';') {
        g_string_append_len(o, c, e - c);
        c = e + 1;
        continue;
      }
    }
    g_string_append_c(o, *c++);
  }
  return g_string_free(o, FALSE);
}

static char *
replace_all(const char *s, const char *from, const char *to)
{
  if (strstr(s, from) == NULL)
    return g_strdup(s);
  g_auto(GStrv) parts = g_strsplit(s, from, -1);
  return g_strjoinv(to, parts);
}

static const char *
map_content_type(const char *t, char **owned)
{
  *owned = fold_dup(t);
  if (strcmp(*owned, "text") == 0 || strcmp(*owned, "plain") == 0)
    return "text/plain";
  if (strcmp(*owned, "html") == 0)
    return "text/html";
  if (strcmp(*owned, "xhtml") == 0)
    return "application/xhtml+xml";
  return *owned;
}

static const char TYPE_PLAIN[] = "text/plain";
static const char TYPE_HTML[] = "text/html";
static const char TYPE_XHTML[] = "application/xhtml+xml";

/* map_content_type(@t) when it is one of TYPE_PLAIN, TYPE_HTML and
 * TYPE_XHTML (those very pointers), else NULL; no allocation for ASCII. */
static const char *
mapped_text_type(const char *t)
{
  /* The names are lower case; their lengths are taken from the literals. */
#define NAME(n, type)                                                          \
  {                                                                            \
    (n), sizeof(n) - 1, (type)                                                 \
  }
  static const struct {
    const char *name;
    gsize len;
    const char *type;
  } names[] = {NAME("text", TYPE_PLAIN),     NAME("plain", TYPE_PLAIN),
               NAME("html", TYPE_HTML),      NAME("xhtml", TYPE_XHTML),
               NAME(TYPE_PLAIN, TYPE_PLAIN), NAME(TYPE_HTML, TYPE_HTML),
               NAME(TYPE_XHTML, TYPE_XHTML)};
#undef NAME
  const unsigned char *c = (const unsigned char *)t;
  for (; *c; c++) {
    if (*c >= 0x80) {
      g_autofree char *owned = NULL;
      const char *m = map_content_type(t, &owned);
      for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        if (strcmp(m, names[i].type) == 0)
          return names[i].type;
      }
      return NULL;
    }
  }
  gsize len = (const char *)c - t;
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
    const char *n = names[i].name;
    if (names[i].len != len)
      continue;
    gsize k = 0;
    while (k < len && (t[k] == n[k] ||
                       ((t[k] | 0x20) == n[k] && n[k] >= 'a' && n[k] <= 'z')))
      k++;
    if (k == len)
      return names[i].type;
  }
  return NULL;
}

static gboolean
cp_type_is(Parser *p, const char *t)
{
  return p->cp.type != NULL && strcmp(p->cp.type, t) == 0;
}

/* contentparams.get('type', 'xml').endswith('xml') */
static gboolean
cp_type_is_xmlish(Parser *p)
{
  return p->cp.type == NULL || g_str_has_suffix(p->cp.type, "xml");
}

static gboolean
piece_is_blank(const Frame *f, guint i)
{
  gsize n;
  const char *s = frame_piece(f, i, &n);
  return is_blank_len(s, n);
}

/* Returns: (transfer full) (nullable) the popped text; NULL when the top
 * frame is not @element (then nothing happens). */
static char *
pop_strip(Parser *p, const char *element, gboolean strip)
{
  Frame *f = top_frame(p);
  if (f == NULL || strcmp(f->element, element) != 0)
    return NULL;
  g_ptr_array_steal_index(p->elementstack, p->elementstack->len - 1);
  gboolean expecting = f->expecting_text;
  guint first = 0, last = f->ends->len; /* pieces [first, last) */
  gsize n0 = 0, nl = 0;

  if (streq(p->version, "atom10") && cp_type_is(p, "application/xhtml+xml")) {
    while (last - first > 1 && piece_is_blank(f, last - 1))
      last--;
    while (last - first > 1 && piece_is_blank(f, first))
      first++;
    if (last > first) {
      const char *p0 = frame_piece(f, first, &n0);
      const char *pl = frame_piece(f, last - 1, &nl);
      if (n0 >= 5 && memcmp(p0, "<div", 4) == 0 &&
          ((n0 == 5 && p0[4] == '>') || p0[4] == ' ') && nl == 6 &&
          memcmp(pl, "</div>", 6) == 0) {
        int depth = 0;
        gboolean broke = FALSE;
        for (guint i = first; i + 1 < last; i++) {
          gsize n;
          const char *piece = frame_piece(f, i, &n);
          if (n >= 2 && piece[0] == '<' && piece[1] == '/') {
            depth--;
            if (depth == 0) {
              broke = TRUE;
              break;
            }
          } else if (n >= 1 && piece[0] == '<' &&
                     !(n >= 2 && piece[n - 2] == '/' && piece[n - 1] == '>')) {
            depth++;
          }
        }
        if (!broke) {
          first++;
          last--;
        }
      }
    }
  }
  /* The pieces [first, last) are one contiguous range of the text. */
  gsize from = first ? g_array_index(f->ends, guint, first - 1) : 0;
  gsize to = last > first ? g_array_index(f->ends, guint, last - 1) : from;
  const char *joined = f->text->str + from;
  gsize joined_len = to - from;
  if (strip)
    joined = py_strip_range(joined, joined_len, &joined_len);
  char *output = g_strndup(joined, joined_len);
  frame_release(p, f);
  if (!expecting)
    return output;

  if (p->cp.base64) {
    /* Python's base64.decodebytes: other characters are skipped; wrong
     * padding or non-UTF-8 output keeps the text as it was. */
    GString *b = g_string_new(NULL);
    gboolean padded = FALSE;
    for (const char *c = output; *c; c++) {
      if (*c == '=') {
        padded = TRUE; /* the rest is ignored after padding */
        break;
      }
      if (g_ascii_isalnum(*c) || *c == '+' || *c == '/')
        g_string_append_c(b, *c);
    }
    if (padded && b->len % 4 >= 2) {
      while (b->len % 4 != 0)
        g_string_append_c(b, '=');
    }
    if (b->len % 4 == 0 && b->len > 0) {
      gsize blen = 0;
      guchar *dec = g_base64_decode(b->str, &blen);
      if (dec != NULL && g_utf8_validate_len((const char *)dec, blen, NULL)) {
        g_free(output);
        output = g_strndup((const char *)dec, blen);
      }
      g_free(dec);
    }
    g_string_free(b, TRUE);
  }
  if (in_set(element, can_be_relative_uri) && *output) {
    if (!streq(element, "id") || p->guidislink) {
      char *r = resolve_uri(p, output);
      g_free(output);
      output = r;
    }
  }
  /* Every reference rewritten below starts with '&'. */
  if (p->loose && !p->cp.base64 && strchr(output, '&') != NULL) {
    static const char *const refs[][2] = {
        {"&#60;", "&lt;"},    {"&#x3c;", "&lt;"},  {"&#x3C;", "&lt;"},
        {"&#62;", "&gt;"},    {"&#x3e;", "&gt;"},  {"&#x3E;", "&gt;"},
        {"&#38;", "&amp;"},   {"&#x26;", "&amp;"}, {"&#34;", "&quot;"},
        {"&#x22;", "&quot;"}, {"&#39;", "&apos;"}, {"&#x27;", "&apos;"}};
    for (gsize i = 0; i < G_N_ELEMENTS(refs); i++) {
      if (strstr(output, refs[i][0]) != NULL) {
        char *t = replace_all(output, refs[i][0], refs[i][1]);
        g_free(output);
        output = t;
      }
    }
    if (!cp_type_is_xmlish(p)) {
      static const char *const plain[][2] = {
          {"&lt;", "<"},   {"&gt;", ">"},   {"&amp;", "&"}, {"&quot;", "\""},
          {"&apos;", "'"}, {"&#x2f;", "/"}, {"&#x2F;", "/"}};
      for (gsize i = 0; i < G_N_ELEMENTS(plain); i++) {
        if (strstr(output, plain[i][0]) != NULL) {
          char *t = replace_all(output, plain[i][0], plain[i][1]);
          g_free(output);
          output = t;
        }
      }
    }
  }
  p->cp.base64 = FALSE;
  {
    const char *t = mapped_text_type(p->cp.type ? p->cp.type : TYPE_HTML);
    gboolean htmlish = t == TYPE_HTML || t == TYPE_XHTML;
    if (htmlish && in_set(element, can_contain_dangerous_markup) &&
        strchr(output, '&') != NULL) {
      char *san = sanitize_entity_refs(output);
      g_free(output);
      output = san;
    }
  }
  output = fix_text(output);

  if (streq(element, "category") || streq(element, "tags") ||
      streq(element, "itunes_keywords"))
    return output;
  if (streq(element, "title") && p->title_depth > -1 &&
      p->title_depth <= p->depth)
    return output;

  if (p->inentry && !p->insource && p->entries->len) {
    Val *entry = p->entries->pdata[p->entries->len - 1];
    if (streq(element, "content")) {
      Val *list = dsetdefault(entry, "content", val_list);
      if (list->kind == V_LIST)
        g_ptr_array_add(list->l, val_str(output));
    } else if (streq(element, "link")) {
      if (!p->inimage) {
        g_autofree char *a = replace_all(output, "&amp;", "&");
        char *b = fix_link_refs(a);
        g_free(output);
        output = b;
        dset_str(entry, "link", output);
        Val *ll = list_last(dget(entry, "links"));
        if (*output && ll && ll->kind == V_DICT)
          dset_str(ll, "href", output);
      }
    } else {
      const char *key = streq(element, "description") ? "summary" : element;
      if (entry->depth == NULL) {
        entry->depth = g_new(Dict, 1);
        dict_init(entry->depth, TRUE);
      }
      gpointer old = dict_lookup(entry->depth, key);
      if (old == NULL || p->depth <= GPOINTER_TO_INT(old) - 1) {
        dict_replace(entry->depth, key, GINT_TO_POINTER(p->depth + 1));
        dset_str(entry, key, output);
      }
    }
  } else if (p->infeed || p->insource) {
    Val *ctx = get_context(p);
    const char *key = streq(element, "description") ? "subtitle" : element;
    dset_str(ctx, key, output);
    if (strcmp(key, "link") == 0) {
      char *b = fix_link_refs(output);
      g_free(output);
      output = b;
      dset_str(ctx, "link", output);
      Val *ll = list_last(dget(ctx, "links"));
      if (ll && ll->kind == V_DICT)
        dset_str(ll, "href", output);
    }
  }
  return output;
}

static char *
pop(Parser *p, const char *element)
{
  return pop_strip(p, element, TRUE);
}

static void
pop_discard(Parser *p, const char *element)
{
  g_free(pop(p, element));
}

static void
push_content(Parser *p, const char *tag, const Attrs *a,
             const char *default_type, gboolean expecting)
{
  p->incontent++;
  if (p->lang != NULL && strchr(p->lang, '_') != NULL) {
    /* Copy on write: the element stack shares the string. */
    g_autofree char *l = g_strdup(p->lang);
    g_strdelimit(l, "_", '-');
    ref_set(&p->lang, l);
  }
  const char *t = attrs_get(a, "type");
  if (t == NULL)
    t = default_type;
  const char *mt = mapped_text_type(t);
  g_free(p->cp.type);
  if (mt != NULL) {
    p->cp.type = g_strdup(mt);
  } else {
    g_autofree char *owned = NULL;
    p->cp.type = g_strdup(map_content_type(t, &owned));
  }
  p->cp.active = TRUE;
  const char *mode = attrs_get(a, "mode");
  if (mode && strcmp(mode, "base64") == 0)
    p->cp.base64 = TRUE;
  else if (g_str_has_prefix(p->cp.type, "text/") ||
           g_str_has_suffix(p->cp.type, "+xml") ||
           g_str_has_suffix(p->cp.type, "/xml"))
    p->cp.base64 = FALSE;
  else
    p->cp.base64 = TRUE;
  push(p, tag, expecting);
}

static char *
pop_content(Parser *p, const char *tag)
{
  char *v = pop(p, tag);
  p->incontent--;
  g_clear_pointer(&p->cp.type, g_free);
  p->cp.active = FALSE;
  p->cp.base64 = FALSE;
  return v;
}

/* ---- authors and tags
 * -------------------------------------------------------- */

static GRegex *
email_regex(void)
{
  static gsize once;
  static GRegex *re;
  if (g_once_init_enter(&once)) {
    re = g_regex_new(
        "(([a-zA-Z0-9\\_\\-\\.\\+]+)@((\\[[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}"
        "\\.)|(([a-zA-Z0-9\\-]+\\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\\]?))"
        "(\\?subject=\\S+)?",
        G_REGEX_OPTIMIZE, 0, NULL);
    g_once_init_leave(&once, 1);
  }
  return re;
}

static void
sync_author_detail(Parser *p, const char *key)
{
  Val *ctx = get_context(p);
  g_autofree char *plural = g_strconcat(key, "s", NULL);
  Val *list = dget(ctx, plural);
  Val *detail = list_last(list);
  Val *fresh = NULL;

  if (detail == NULL || detail->kind != V_DICT)
    detail = fresh = val_dict();
  if (!dict_is_empty(detail->d)) {
    const char *name = dget_str(detail, "name");
    const char *email = dget_str(detail, "email");
    if (name && *name && email && *email) {
      g_autofree char *s = g_strdup_printf("%s (%s)", name, email);
      dset_str(ctx, key, s);
    } else if (name && *name) {
      dset_str(ctx, key, name);
    } else if (email && *email) {
      dset_str(ctx, key, email);
    }
    val_free(fresh);
    return;
  }
  const char *author_in = dget_str(ctx, key);
  if (author_in == NULL || *author_in == '\0') {
    val_free(fresh);
    return;
  }
  g_autofree char *author = g_strdup(author_in);
  g_autofree char *email = NULL;
  g_autoptr(GMatchInfo) mi = NULL;
  GRegex *re = email_regex();
  if (re != NULL && g_regex_match(re, author, 0, &mi)) {
    email = g_match_info_fetch(mi, 0);
    char *t = replace_all(author, email, "");
    g_free(author);
    author = t;
    static const char *const junk[] = {"()", "<>", "&lt;&gt;"};
    for (gsize i = 0; i < G_N_ELEMENTS(junk); i++) {
      t = replace_all(author, junk[i], "");
      g_free(author);
      author = t;
    }
    t = py_strip(author);
    g_free(author);
    author = t;
    gsize l = strlen(author);
    if (l && author[0] == '(')
      memmove(author, author + 1, l--);
    if (l && author[l - 1] == ')')
      author[--l] = '\0';
    t = py_strip(author);
    g_free(author);
    author = t;
  }
  if (*author || (email && *email)) {
    g_autofree char *dk = g_strconcat(key, "_detail", NULL);
    if (!dhas(ctx, dk)) {
      if (fresh != NULL) {
        dset(ctx, dk, fresh);
        fresh = NULL;
      } else {
        dset(ctx, dk, val_dict()); /* a copy would do: only keys count */
      }
    }
  }
  if (*author)
    dset_str(detail, "name", author);
  if (email && *email)
    dset_str(detail, "email", email);
  val_free(fresh);
}

static void
save_author(Parser *p, const char *key, const char *value, const char *prefix)
{
  Val *ctx = get_context(p);
  g_autofree char *dk = g_strconcat(prefix, "_detail", NULL);
  Val *detail = dsetdefault(ctx, dk, val_dict);
  if (detail->kind == V_DICT)
    dset_str(detail, key, value);
  sync_author_detail(p, "author");
  Val *authors = dsetdefault(ctx, "authors", val_list_of_dict);
  Val *last = list_last(authors);
  if (last && last->kind == V_DICT)
    dset_str(last, key, value);
}

static void
save_contributor(Parser *p, const char *key, const char *value)
{
  Val *ctx = get_context(p);
  Val *list = dsetdefault(ctx, "contributors", val_list_of_dict);
  Val *last = list_last(list);
  if (last && last->kind == V_DICT)
    dset_str(last, key, value);
}

static void
add_tag(Parser *p, const char *term, const char *scheme, const char *label)
{
  Val *ctx = get_context(p);
  Val *tags = dsetdefault(ctx, "tags", val_list);
  if (tags->kind != V_LIST)
    return;
  if ((!term || !*term) && (!scheme || !*scheme) && (!label || !*label))
    return;
  for (guint i = 0; i < tags->l->len; i++) {
    Val *t = tags->l->pdata[i];
    if (g_strcmp0(dget_str(t, "term"), term) == 0 &&
        g_strcmp0(dget_str(t, "scheme"), scheme) == 0 &&
        g_strcmp0(dget_str(t, "label"), label) == 0 && dhas(t, "term") == TRUE)
      return;
  }
  Val *t = val_dict();
  dset_str(t, "term", term);
  dset_str(t, "scheme", scheme);
  dset_str(t, "label", label);
  g_ptr_array_add(tags->l, t);
}

/* ---- handlers --------------------------------------------------------------
 */

static void
save(Parser *p, const char *key, const char *value, gboolean overwrite)
{
  Val *ctx = get_context(p);
  if (overwrite || !dhas(ctx, key))
    dset_str(ctx, key, value);
}

static void
end_date(Parser *p, const char *frame, const char *key)
{
  g_autofree char *value = pop(p, frame);
  g_autofree char *parsed = precis_date_parse(value);
  save(p, key, parsed, TRUE);
}

static void start_link(Parser *p, const Attrs *a);

static void
end_link(Parser *p)
{
  pop_discard(p, "link");
}

/* Replaces the text of the top frame (CDF attributes). */
static void
set_top_text(Parser *p, const char *text)
{
  Frame *f = top_frame(p);
  if (f == NULL)
    return;
  frame_clear_text(f);
  g_string_append(f->text, text);
  frame_end_piece(f);
}

static void
cdf_common(Parser *p, const Attrs *a)
{
  const char *lastmod = attrs_get(a, "lastmod");
  const char *href = attrs_get(a, "href");
  if (lastmod != NULL) {
    push(p, "updated", TRUE);
    set_top_text(p, lastmod);
    end_date(p, "updated", "updated_parsed");
  }
  if (href != NULL) {
    Attrs none = {g_ptr_array_new_with_free_func(g_free), p->loose};
    start_link(p, &none);
    g_ptr_array_unref(none.kv);
    set_top_text(p, href);
    end_link(p);
  }
}

static void
start_author(Parser *p)
{
  p->inauthor = 1;
  push(p, "author", TRUE);
  Val *ctx = get_context(p);
  Val *authors = dsetdefault(ctx, "authors", val_list);
  if (authors->kind == V_LIST)
    g_ptr_array_add(authors->l, val_dict());
}

static void
end_author(Parser *p)
{
  pop_discard(p, "author");
  p->inauthor = 0;
  sync_author_detail(p, "author");
}

static void
start_link(Parser *p, const Attrs *a)
{
  Val *d = attrs_to_dict(a);
  if (!dict_contains(d->d, "rel"))
    dict_replace(d->d, "rel", val_str("alternate"));
  if (g_strcmp0(raw_str(d, "rel"), "self") == 0) {
    if (!dict_contains(d->d, "type"))
      dict_replace(d->d, "type", val_str("application/atom+xml"));
  } else if (!dict_contains(d->d, "type")) {
    dict_replace(d->d, "type", val_str("text/html"));
  }
  Val *ctx = get_context(p);
  enforce_href(d);
  gboolean has_href = dict_lookup(d->d, "href") != NULL;
  if (has_href) {
    const char *h = raw_str(d, "href");
    char *r = resolve_uri(p, h ? h : "");
    dict_replace(d->d, "href", val_str(r));
    g_free(r);
  }
  gboolean expecting = p->infeed || p->inentry || p->insource;
  Val *links = dsetdefault(ctx, "links", val_list);
  gboolean stored = FALSE;
  if (!(p->inentry && p->inimage) && links->kind == V_LIST) {
    g_ptr_array_add(links->l, d);
    stored = TRUE;
  }
  if (has_href) {
    const char *t = dget_str(d, "type");
    const char *mt = t ? mapped_text_type(t) : NULL;
    if (g_strcmp0(dget_str(d, "rel"), "alternate") == 0 &&
        (mt == TYPE_XHTML || mt == TYPE_HTML))
      dset_str(ctx, "link", dget_str(d, "href"));
  } else {
    push(p, "link", expecting);
  }
  if (!stored)
    val_free(d);
}

static void
start_content(Parser *p, const Attrs *a)
{
  p->has_content = TRUE;
  push_content(p, "content", a, "text/plain", TRUE);
  push(p, "content", TRUE);
}

static gboolean
end_content(Parser *p, const char *name)
{
  if (p->cp.type == NULL) {
    /* feedparser fails here (None.lower()) and falls back to pop(). */
    pop_discard(p, name);
    return TRUE;
  }
  gboolean copy = mapped_text_type(p->cp.type) != NULL;
  g_autofree char *value = pop_content(p, "content");
  if (copy)
    save(p, "summary", value, FALSE);
  return TRUE;
}

static void
start_category(Parser *p, const Attrs *a, const char *default_scheme)
{
  const char *term = attrs_get(a, "term");
  const char *scheme = attrs_get(a, "scheme");
  if (scheme == NULL)
    scheme = attrs_get(a, "domain");
  if (scheme == NULL)
    scheme = default_scheme;
  add_tag(p, term, scheme, attrs_get(a, "label"));
  push(p, "category", TRUE);
}

static void
end_category(Parser *p)
{
  g_autofree char *value = pop(p, "category");
  if (value == NULL || *value == '\0')
    return;
  Val *ctx = get_context(p);
  Val *tags = dsetdefault(ctx, "tags", val_list);
  Val *last = list_last(tags);
  if (last != NULL) {
    const char *term = dget_str(last, "term");
    if (term == NULL || *term == '\0') {
      dset_str(last, "term", value);
      return;
    }
  }
  add_tag(p, value, NULL, NULL);
}

static void
start_description(Parser *p, const Attrs *a)
{
  Val *ctx = get_context(p);
  if (dhas(ctx, "summary") && !p->has_content) {
    p->summary_key = "content";
    start_content(p, a);
  } else {
    push_content(p, "description", a, "text/html",
                 p->infeed || p->inentry || p->insource);
  }
}

static void
end_description(Parser *p, const char *name)
{
  if (g_strcmp0(p->summary_key, "content") == 0)
    end_content(p, name);
  else
    g_free(pop_content(p, "description"));
  p->summary_key = NULL;
}

static void
start_summary(Parser *p, const Attrs *a)
{
  Val *ctx = get_context(p);
  if (dhas(ctx, "summary") && !p->has_content) {
    p->summary_key = "content";
    start_content(p, a);
  } else {
    p->summary_key = "summary";
    push_content(p, "summary", a, "text/plain", TRUE);
  }
}

static void
end_summary(Parser *p, const char *name)
{
  if (g_strcmp0(p->summary_key, "content") == 0)
    end_content(p, name);
  else
    g_free(pop_content(p, p->summary_key ? p->summary_key : "summary"));
  p->summary_key = NULL;
}

static void
end_title(Parser *p)
{
  if (p->svg_ok)
    return;
  g_autofree char *value = pop_content(p, "title");
  if (value == NULL || *value == '\0')
    return;
  p->title_depth = p->depth;
}

static void
end_name(Parser *p)
{
  g_autofree char *value = pop(p, "name");
  if (p->inpublisher)
    save_author(p, "name", value, "publisher");
  else if (p->inauthor)
    save_author(p, "name", value, "author");
  else if (p->incontributor)
    save_contributor(p, "name", value);
  else if (p->intextinput)
    dset_str(get_context(p), "name", value);
}

static void
split_tags(Parser *p, const char *frame, const char *scheme,
           gboolean skip_empty)
{
  g_autofree char *v = pop(p, frame);
  if (v == NULL)
    return;
  g_auto(GStrv) terms = g_strsplit(v, ",", -1);
  for (char **t = terms; *t; t++) {
    g_autofree char *s = py_strip(*t);
    if (skip_empty && *s == '\0')
      continue;
    add_tag(p, s, scheme, NULL);
  }
}

/* Every name with a start or end handler, for a quick negative answer
 * (most elements of real feeds have none). */
static const char *const handled_names[] = {"abstract",
                                            "author",
                                            "body",
                                            "category",
                                            "cc_license",
                                            "channel",
                                            "cloud",
                                            "content",
                                            "content_encoded",
                                            "contributor",
                                            "copyright",
                                            "created",
                                            "creativecommons_license",
                                            "dc_author",
                                            "dc_contributor",
                                            "dc_creator",
                                            "dc_date",
                                            "dc_description",
                                            "dc_language",
                                            "dc_publisher",
                                            "dc_rights",
                                            "dc_subject",
                                            "dc_title",
                                            "dcterms_created",
                                            "dcterms_issued",
                                            "dcterms_modified",
                                            "dcterms_valid",
                                            "description",
                                            "email",
                                            "enclosure",
                                            "entry",
                                            "expirationdate",
                                            "feed",
                                            "feedburner_browserfriendly",
                                            "fullitem",
                                            "generator",
                                            "georss_box",
                                            "georss_line",
                                            "georss_point",
                                            "georss_polygon",
                                            "georss_where",
                                            "guid",
                                            "height",
                                            "homepage",
                                            "id",
                                            "image",
                                            "info",
                                            "issued",
                                            "item",
                                            "itunes_author",
                                            "itunes_block",
                                            "itunes_category",
                                            "itunes_email",
                                            "itunes_explicit",
                                            "itunes_image",
                                            "itunes_keywords",
                                            "itunes_link",
                                            "itunes_name",
                                            "itunes_owner",
                                            "itunes_subtitle",
                                            "itunes_summary",
                                            "keywords",
                                            "language",
                                            "lastbuilddate",
                                            "link",
                                            "managingeditor",
                                            "media_category",
                                            "media_content",
                                            "media_credit",
                                            "media_description",
                                            "media_group",
                                            "media_keywords",
                                            "media_license",
                                            "media_player",
                                            "media_rating",
                                            "media_restriction",
                                            "media_thumbnail",
                                            "media_title",
                                            "modified",
                                            "name",
                                            "newlocation",
                                            "psc_chapter",
                                            "psc_chapters",
                                            "pubdate",
                                            "published",
                                            "rights",
                                            "rss",
                                            "source",
                                            "subtitle",
                                            "summary",
                                            "tagline",
                                            "tags",
                                            "textinput",
                                            "title",
                                            "updated",
                                            "uri",
                                            "url",
                                            "webmaster",
                                            "where",
                                            "width",
                                            "xhtml_body",
                                            NULL};

static gboolean
has_handler(const char *name)
{
  /* Open addressing on a small FNV-1a hash: cheaper per tag than a
   * GHashTable, which this lookup is for every element. */
  enum { SLOTS = 512 };
  static gsize once;
  static const char *table[SLOTS];
  guint32 h = 2166136261u;
  if (g_once_init_enter(&once)) {
    for (const char *const *n = handled_names; *n; n++) {
      guint32 k = 2166136261u;
      for (const char *c = *n; *c; c++)
        k = (k ^ (guchar)*c) * 16777619u;
      while (table[k % SLOTS] != NULL)
        k++;
      table[k % SLOTS] = *n;
    }
    g_once_init_leave(&once, 1);
  }
  for (const char *c = name; *c; c++)
    h = (h ^ (guchar)*c) * 16777619u;
  for (;; h++) {
    const char *n = table[h % SLOTS];
    if (n == NULL)
      return FALSE;
    if (n[0] == name[0] && strcmp(n, name) == 0)
      return TRUE;
  }
}

/* The first two bytes decide most comparisons without a call. */
#define IS(x) (name[0] == (x)[0] && name[1] == (x)[1] && strcmp(name, (x)) == 0)

/* Returns FALSE when feedparser has no _start_<name> handler. */
static gboolean
start_handler(Parser *p, const char *name, const Attrs *a)
{
  if (!has_handler(name))
    return FALSE;
  if (IS("rss")) {
    if (*p->version == '\0' || !g_str_has_prefix(p->version, "rss")) {
      const char *v = attrs_get(a, "version");
      const char *nv = "rss";
      if (v == NULL)
        v = "";
      if (strcmp(v, "0.91") == 0)
        nv = "rss091u";
      else if (strcmp(v, "0.92") == 0)
        nv = "rss092";
      else if (strcmp(v, "0.93") == 0)
        nv = "rss093";
      else if (strcmp(v, "0.94") == 0)
        nv = "rss094";
      else if (g_str_has_prefix(v, "2."))
        nv = "rss20";
      g_free(p->version);
      p->version = g_strdup(nv);
    }
  } else if (IS("channel")) {
    p->infeed = 1;
    cdf_common(p, a);
  } else if (IS("feed")) {
    p->infeed = 1;
    if (*p->version == '\0') {
      const char *v = attrs_get(a, "version");
      const char *nv = "atom";
      if (g_strcmp0(v, "0.1") == 0)
        nv = "atom01";
      else if (g_strcmp0(v, "0.2") == 0)
        nv = "atom02";
      else if (g_strcmp0(v, "0.3") == 0)
        nv = "atom03";
      g_free(p->version);
      p->version = g_strdup(nv);
    }
  } else if (IS("image")) {
    Val *ctx = get_context(p);
    if (!p->inentry)
      dsetdefault(ctx, "image", val_dict);
    p->inimage = 1;
    p->title_depth = -1;
    push(p, "image", FALSE);
  } else if (IS("textinput")) {
    Val *ctx = get_context(p);
    dsetdefault(ctx, "textinput", val_dict);
    p->intextinput = 1;
    p->title_depth = -1;
    push(p, "textinput", FALSE);
  } else if (IS("author") || IS("managingeditor") || IS("dc_author") ||
             IS("dc_creator") || IS("itunes_author")) {
    start_author(p);
  } else if (IS("contributor") || IS("dc_contributor")) {
    p->incontributor = 1;
    Val *ctx = get_context(p);
    Val *list = dsetdefault(ctx, "contributors", val_list);
    if (list->kind == V_LIST)
      g_ptr_array_add(list->l, val_dict());
    push(p, IS("contributor") ? "contributor" : "name", FALSE);
  } else if (IS("name") || IS("itunes_name")) {
    push(p, "name", FALSE);
  } else if (IS("width") || IS("height")) {
    push_name(p, name, FALSE);
  } else if (IS("url") || IS("homepage") || IS("uri")) {
    push(p, "href", TRUE);
  } else if (IS("email") || IS("itunes_email")) {
    push(p, "email", FALSE);
  } else if (IS("subtitle") || IS("tagline") || IS("itunes_subtitle")) {
    push_content(p, "subtitle", a, "text/plain", TRUE);
  } else if (IS("rights") || IS("copyright") || IS("dc_rights")) {
    push_content(p, "rights", a, "text/plain", TRUE);
  } else if (IS("item") || IS("entry")) {
    g_ptr_array_add(p->entries, val_dict());
    push(p, "item", FALSE);
    p->inentry = 1;
    p->guidislink = FALSE;
    p->title_depth = -1;
    const char *about = attrs_get(a, "rdf:about");
    if (about != NULL && *about)
      dset_str(get_context(p), "id", about);
    cdf_common(p, a);
  } else if (IS("language") || IS("dc_language")) {
    push(p, "language", TRUE);
  } else if (IS("webmaster") || IS("dc_publisher")) {
    push(p, "publisher", TRUE);
  } else if (IS("published") || IS("issued") || IS("pubdate") ||
             IS("dcterms_issued")) {
    push(p, "published", TRUE);
  } else if (IS("updated") || IS("modified") || IS("lastbuilddate") ||
             IS("dc_date") || IS("dcterms_modified")) {
    push(p, "updated", TRUE);
  } else if (IS("created") || IS("dcterms_created")) {
    push(p, "created", TRUE);
  } else if (IS("expirationdate")) {
    push(p, "expired", TRUE);
  } else if (IS("category") || IS("keywords") || IS("dc_subject")) {
    start_category(p, a, NULL);
  } else if (IS("media_category")) {
    start_category(p, a, "http://search.yahoo.com/mrss/category_schema");
  } else if (IS("itunes_category")) {
    add_tag(p, attrs_get(a, "text"), "http://www.itunes.com/", NULL);
    push(p, "category", TRUE);
  } else if (IS("cloud") || IS("media_group") || IS("media_content") ||
             IS("cc_license") || IS("psc_chapter")) {
    if (IS("cc_license")) {
      const char *v = attrs_get(a, "rdf:resource");
      Val *l = val_dict();
      dset_str(l, "rel", "license");
      if (v)
        dset_str(l, "href", v);
      Val *links = dsetdefault(get_context(p), "links", val_list);
      if (links->kind == V_LIST)
        g_ptr_array_add(links->l, l);
      else
        val_free(l);
    }
  } else if (IS("psc_chapters")) {
    Val *ctx = get_context(p);
    if (!dhas(ctx, "psc_chapters")) {
      p->psc_flag = TRUE;
      dset(ctx, "psc_chapters", val_dict());
    }
  } else if (IS("link")) {
    start_link(p, a);
  } else if (IS("guid") || IS("id")) {
    const char *v = attrs_get(a, "ispermalink");
    p->guidislink = v == NULL || strcmp(v, "true") == 0;
    push(p, "id", TRUE);
  } else if (IS("title") || IS("dc_title") || IS("media_title")) {
    if (p->svg_ok)
      return TRUE;
    push_content(p, "title", a, "text/plain",
                 p->infeed || p->inentry || p->insource);
  } else if (IS("description") || IS("dc_description") ||
             IS("media_description")) {
    start_description(p, a);
  } else if (IS("abstract")) {
    push_content(p, "description", a, "text/plain",
                 p->infeed || p->inentry || p->insource);
  } else if (IS("info") || IS("feedburner_browserfriendly")) {
    push_content(p, "info", a, "text/plain", TRUE);
  } else if (IS("generator")) {
    push(p, "generator", TRUE);
  } else if (IS("summary") || IS("itunes_summary")) {
    start_summary(p, a);
  } else if (IS("enclosure")) {
    Val *d = attrs_to_dict(a);
    enforce_href(d);
    dict_replace(d->d, "rel", val_str("enclosure"));
    Val *links = dsetdefault(get_context(p), "links", val_list);
    if (links->kind == V_LIST)
      g_ptr_array_add(links->l, d);
    else
      val_free(d);
  } else if (IS("source")) {
    const char *url = attrs_get(a, "url");
    if (url)
      dset_str(p->sourcedata, "href", url);
    push(p, "source", TRUE);
    p->insource = 1;
    p->title_depth = -1;
  } else if (IS("content")) {
    start_content(p, a);
  } else if (IS("body") || IS("xhtml_body")) {
    push_content(p, "content", a, "application/xhtml+xml", TRUE);
  } else if (IS("content_encoded") || IS("fullitem")) {
    p->has_content = TRUE;
    push_content(p, "content", a, "text/html", TRUE);
  } else if (IS("newlocation")) {
    push(p, "newlocation", TRUE);
  } else if (IS("tags")) {
    push(p, "tags", TRUE);
  } else if (IS("dcterms_valid")) {
    push(p, "validity", TRUE);
  } else if (IS("itunes_owner")) {
    p->inpublisher = 1;
    push(p, "publisher", FALSE);
  } else if (IS("itunes_image") || IS("itunes_link")) {
    push(p, "itunes_image", FALSE);
    const char *h = attrs_get(a, "href");
    if (h == NULL || !*h)
      h = attrs_get(a, "url");
    if (h != NULL && *h) {
      Val *img = val_dict();
      dset_str(img, "href", h);
      dset(get_context(p), "image", img);
    }
  } else if (IS("media_rating")) {
    push(p, "rating", TRUE);
  } else if (IS("media_credit")) {
    push(p, "credit", TRUE);
  } else if (IS("media_restriction")) {
    push(p, "restriction", TRUE);
  } else if (IS("media_license") || IS("creativecommons_license")) {
    push(p, "license", TRUE);
  } else if (IS("media_thumbnail")) {
    push(p, "url", TRUE);
  } else if (IS("media_player")) {
    push(p, "media_player", FALSE);
  } else if (IS("georss_point") || IS("georss_line") || IS("georss_polygon") ||
             IS("georss_box")) {
    push(p, "geometry", FALSE);
  } else if (IS("where") || IS("georss_where")) {
    push(p, "where", FALSE);
  } else {
    return FALSE;
  }
  return TRUE;
}

/* Returns FALSE when feedparser has no _end_<name> handler. */
static gboolean
end_handler(Parser *p, const char *name)
{
  if (!has_handler(name))
    return FALSE;
  if (IS("channel") || IS("feed")) {
    p->infeed = 0;
  } else if (IS("image")) {
    pop_discard(p, "image");
    p->inimage = 0;
  } else if (IS("textinput")) {
    pop_discard(p, "textinput");
    p->intextinput = 0;
  } else if (IS("author") || IS("managingeditor") || IS("dc_author") ||
             IS("dc_creator") || IS("itunes_author")) {
    end_author(p);
  } else if (IS("contributor")) {
    pop_discard(p, "contributor");
    p->incontributor = 0;
  } else if (IS("dc_contributor")) {
    end_name(p);
    p->incontributor = 0;
  } else if (IS("name") || IS("itunes_name")) {
    end_name(p);
  } else if (IS("width") || IS("height")) {
    pop_discard(p, name);
  } else if (IS("url") || IS("homepage") || IS("uri")) {
    g_autofree char *v = pop(p, "href");
    if (p->inauthor)
      save_author(p, "href", v, "author");
    else if (p->incontributor)
      save_contributor(p, "href", v);
  } else if (IS("email") || IS("itunes_email")) {
    g_autofree char *v = pop(p, "email");
    if (p->inpublisher)
      save_author(p, "email", v, "publisher");
    else if (p->inauthor)
      save_author(p, "email", v, "author");
    else if (p->incontributor)
      save_contributor(p, "email", v);
  } else if (IS("subtitle") || IS("tagline") || IS("itunes_subtitle")) {
    g_free(pop_content(p, "subtitle"));
  } else if (IS("rights") || IS("copyright") || IS("dc_rights")) {
    g_free(pop_content(p, "rights"));
  } else if (IS("item") || IS("entry")) {
    pop_discard(p, "item");
    p->inentry = 0;
    p->has_content = FALSE;
  } else if (IS("language") || IS("dc_language")) {
    g_autofree char *l = pop(p, "language");
    ref_set(&p->lang, l);
  } else if (IS("webmaster") || IS("dc_publisher")) {
    pop_discard(p, "publisher");
    sync_author_detail(p, "publisher");
  } else if (IS("published") || IS("issued") || IS("pubdate") ||
             IS("dcterms_issued")) {
    end_date(p, "published", "published_parsed");
  } else if (IS("updated") || IS("modified") || IS("lastbuilddate") ||
             IS("dc_date") || IS("dcterms_modified")) {
    end_date(p, "updated", "updated_parsed");
  } else if (IS("created") || IS("dcterms_created")) {
    end_date(p, "created", "created_parsed");
  } else if (IS("expirationdate")) {
    end_date(p, "expired", "expired_parsed");
  } else if (IS("category") || IS("keywords") || IS("dc_subject") ||
             IS("media_category") || IS("itunes_category")) {
    end_category(p);
  } else if (IS("link")) {
    end_link(p);
  } else if (IS("guid") || IS("id")) {
    g_autofree char *value = pop(p, "id");
    Val *ctx = get_context(p);
    save(p, "guidislink", p->guidislink && !dhas(ctx, "link") ? "1" : NULL,
         FALSE);
    if (p->guidislink)
      save(p, "link", value, FALSE);
  } else if (IS("title") || IS("dc_title")) {
    end_title(p);
  } else if (IS("media_title")) {
    int td = p->title_depth;
    end_title(p);
    p->title_depth = td;
  } else if (IS("description") || IS("abstract") || IS("dc_description") ||
             IS("media_description")) {
    end_description(p, name);
  } else if (IS("info") || IS("feedburner_browserfriendly")) {
    g_free(pop_content(p, "info"));
  } else if (IS("generator")) {
    pop_discard(p, "generator");
  } else if (IS("summary") || IS("itunes_summary")) {
    end_summary(p, name);
  } else if (IS("source")) {
    p->insource = 0;
    pop_discard(p, "source");
    dict_clear(p->sourcedata->d);
  } else if (IS("content") || IS("body") || IS("xhtml_body") ||
             IS("content_encoded") || IS("fullitem")) {
    end_content(p, name);
  } else if (IS("newlocation")) {
    pop_discard(p, "newlocation");
  } else if (IS("tags")) {
    split_tags(p, "tags", NULL, FALSE);
  } else if (IS("itunes_keywords")) {
    split_tags(p, "itunes_keywords", "http://www.itunes.com/", TRUE);
  } else if (IS("media_keywords")) {
    split_tags(p, "media_keywords", NULL, TRUE);
  } else if (IS("dcterms_valid")) {
    pop_discard(p, "validity");
  } else if (IS("itunes_owner")) {
    pop_discard(p, "publisher");
    p->inpublisher = 0;
    sync_author_detail(p, "publisher");
  } else if (IS("itunes_block") || IS("itunes_explicit")) {
    g_free(pop_strip(p, name, FALSE));
  } else if (IS("media_rating")) {
    pop_discard(p, "rating");
  } else if (IS("media_credit")) {
    pop_discard(p, "credit");
  } else if (IS("media_restriction")) {
    pop_discard(p, "restriction");
  } else if (IS("media_license") || IS("creativecommons_license")) {
    pop_discard(p, "license");
  } else if (IS("media_thumbnail")) {
    pop_discard(p, "url");
  } else if (IS("media_player")) {
    pop_discard(p, "media_player");
  } else if (IS("psc_chapters")) {
    p->psc_flag = FALSE;
  } else if (IS("georss_point") || IS("georss_line") || IS("georss_polygon") ||
             IS("georss_box")) {
    pop_discard(p, "geometry");
  } else if (IS("where") || IS("georss_where")) {
    pop_discard(p, "where");
  } else {
    return FALSE;
  }
  return TRUE;
}

#undef IS

/* ---- element events (feedparser's unknown_starttag/endtag) ----------------
 */

/* Adds the piece "<local attr="value"...>" (inline XHTML re-serialized)
 * to the top frame, without an intermediate string. */
static void
add_start_tag_piece(Parser *p, const char *local, const Attrs *a)
{
  Frame *f = top_frame(p);
  if (f == NULL)
    return;
  g_string_append_c(f->text, '<');
  g_string_append(f->text, local);
  for (guint i = 0; i + 1 < a->kv->len; i += 2) {
    const char *v = a->kv->pdata[i + 1];
    g_string_append_c(f->text, ' ');
    g_string_append(f->text, a->kv->pdata[i]);
    g_string_append(f->text, "=\"");
    append_escaped(f->text, v, strlen(v), TRUE);
    g_string_append_c(f->text, '"');
  }
  g_string_append_c(f->text, '>');
  frame_end_piece(f);
}

/* Adds the piece "</local>". */
static void
add_end_tag_piece(Parser *p, const char *local)
{
  Frame *f = top_frame(p);
  if (f == NULL)
    return;
  g_string_append(f->text, "</");
  g_string_append(f->text, local);
  g_string_append_c(f->text, '>');
  frame_end_piece(f);
}

/* Splits "prefix:suffix" and maps the prefix; returns "prefix_suffix"
 * (transfer none: @tag itself or p->namebuf, valid until the next call). */
static const char *
method_name(Parser *p, const char *tag, const char **suffix_out)
{
  const char *colon = strchr(tag, ':');
  const char *prefix = "";
  if (colon != NULL) {
    g_string_truncate(p->prefixbuf, 0);
    g_string_append_len(p->prefixbuf, tag, colon - tag);
    prefix = p->prefixbuf->str;
  }
  const char *suffix = colon ? colon + 1 : tag;
  const char *mapped = g_hash_table_size(p->namespacemap)
                           ? g_hash_table_lookup(p->namespacemap, prefix)
                           : NULL;
  if (mapped == NULL)
    mapped = prefix;
  *suffix_out = suffix;
  if (*mapped == '\0')
    return suffix;
  g_string_assign(p->namebuf, mapped);
  g_string_append_c(p->namebuf, '_');
  g_string_append(p->namebuf, suffix);
  return p->namebuf->str;
}

static void
unknown_starttag(Parser *p, const char *tag, Attrs *a)
{
  if (p->depth >= MAX_DEPTH) {
    p->skipped++;
    return;
  }
  p->depth++;

  const char *xb = attrs_get(a, "xml:base");
  if (xb == NULL)
    xb = attrs_get(a, "base");
  if (xb != NULL && *xb) {
    g_autofree char *nb = NULL;
    if (*p->baseuri) {
      nb = precis__feed_safe_uri(p->baseuri, xb);
      if (*nb == '\0')
        g_clear_pointer(&nb, g_free); /* the base stays */
    } else {
      nb = precis__feed_urljoin(p->baseuri, xb);
    }
    if (nb != NULL)
      ref_set(&p->baseuri, nb);
  }
  const char *lang_attr = attrs_get(a, "xml:lang");
  if (lang_attr == NULL)
    lang_attr = attrs_get(a, "lang");
  char *lang; /* GRefString, nullable */
  if (lang_attr != NULL && *lang_attr == '\0')
    lang = NULL;
  else if (lang_attr == NULL)
    lang = ref_acquire0(p->lang);
  else
    lang = g_ref_string_new(lang_attr);
  if (lang && *lang && (strcmp(tag, "feed") == 0 || strcmp(tag, "rss") == 0)) {
    g_autofree char *l = g_strdup(lang);
    g_strdelimit(l, "_", '-');
    dset_str(p->feeddata, "language", l);
  }
  ref_release0(p->lang);
  p->lang = lang;
  g_ptr_array_add(p->basestack, g_ref_string_acquire(p->baseuri));
  g_ptr_array_add(p->langstack, ref_acquire0(lang));

  /* Only the loose tokenizer reports xmlns attributes. */
  for (guint i = 0; i + 1 < a->kv->len; i += 2) {
    const char *k = a->kv->pdata[i], *v = a->kv->pdata[i + 1];
    if (g_str_has_prefix(k, "xmlns:"))
      track_namespace(p, k + 6, v);
    else if (strcmp(k, "xmlns") == 0)
      track_namespace(p, NULL, v);
  }

  if (p->incontent && !cp_type_is_xmlish(p)) {
    if (strcmp(tag, "xhtml:div") == 0 || strcmp(tag, "div") == 0)
      return;
    g_free(p->cp.type);
    p->cp.type = g_strdup("application/xhtml+xml");
  }
  if (p->incontent && cp_type_is(p, "application/xhtml+xml")) {
    const char *colon = strchr(tag, ':');
    const char *local = colon ? colon + 1 : tag;
    if (strcmp(local, "svg") == 0)
      p->svg_ok++;
    add_start_tag_piece(p, local, a);
    return;
  }

  const char *suffix;
  const char *name = method_name(p, tag, &suffix);
  gboolean has_prefix = strcmp(name, suffix) != 0;
  if (!has_prefix) {
    static const char *const ti_ok[] = {"title", "link", "description", "name",
                                        NULL};
    static const char *const img_ok[] = {"title", "link",  "description", "url",
                                         "href",  "width", "height",      NULL};
    if (p->intextinput && !in_set(tag, ti_ok))
      p->intextinput = 0;
    if (p->inimage && !in_set(tag, img_ok))
      p->inimage = 0;
  }
  if (start_handler(p, name, a))
    return;
  if (a->kv->len == 0) {
    push_name(p, name, TRUE);
  } else {
    Val *ctx = get_context(p);
    dset(ctx, name, attrs_to_dict(a));
  }
}

static void
unknown_endtag(Parser *p, const char *tag)
{
  const char *suffix;

  if (p->skipped > 0) {
    p->skipped--;
    return;
  }
  const char *name = method_name(p, tag, &suffix);

  if (strcmp(suffix, "svg") == 0 && p->svg_ok)
    p->svg_ok--;
  if (p->svg_ok || !end_handler(p, name))
    pop_discard(p, name);

  if (p->incontent && !cp_type_is_xmlish(p)) {
    if (strcmp(tag, "xhtml:div") == 0 || strcmp(tag, "div") == 0)
      return;
    g_free(p->cp.type);
    p->cp.type = g_strdup("application/xhtml+xml");
  }
  if (p->incontent && cp_type_is(p, "application/xhtml+xml")) {
    const char *colon = strrchr(tag, ':');
    add_end_tag_piece(p, colon ? colon + 1 : tag);
  }
  if (p->basestack->len) {
    g_ptr_array_remove_index(p->basestack, p->basestack->len - 1);
    if (p->basestack->len) {
      char *b = p->basestack->pdata[p->basestack->len - 1];
      if (b && *b) {
        ref_release0(p->baseuri);
        p->baseuri = g_ref_string_acquire(b);
      }
    }
  }
  if (p->langstack->len) {
    g_ptr_array_remove_index(p->langstack, p->langstack->len - 1);
    if (p->langstack->len) {
      ref_release0(p->lang);
      p->lang = ref_acquire0(p->langstack->pdata[p->langstack->len - 1]);
    }
  }
  p->depth--;
}

/* ---- libxml2 SAX glue
 * ---------------------------------------------------------- */

typedef struct {
  Parser *p;
  char *first_error;
} SaxState;

/* Appends @s lower-cased as fold_dup() does. */
static void
append_folded(GString *o, const char *s)
{
  gsize at = o->len;
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c >= 0x80) {
      g_autofree char *f = g_utf8_strdown(s, -1);
      g_string_truncate(o, at);
      g_string_append(o, f);
      return;
    }
    g_string_append_c(o, *c >= 'A' && *c <= 'Z' ? *c + ('a' - 'A') : *c);
  }
}

/* "prefix:local" with the canonical prefix, lower-case (transfer none:
 * p->tagbuf, valid until the next call). */
static const char *
element_name(Parser *p, const xmlChar *localname, const xmlChar *prefix,
             const xmlChar *uri)
{
  const char *canon = ns_canon(p, (const char *)uri)->elem;
  const char *given = prefix ? (const char *)prefix : NULL;
  if (given != NULL && uri == NULL)
    p->undeclared_ns = TRUE;
  /* An undeclared prefix is taken literally, as the loose parser does. */
  const char *use = given != NULL && uri == NULL ? given
                    : canon                      ? canon
                                                 : given;
  g_string_truncate(p->tagbuf, 0);
  if (use != NULL && *use) {
    append_folded(p->tagbuf, use);
    g_string_append_c(p->tagbuf, ':');
  }
  append_folded(p->tagbuf, (const char *)localname);
  return p->tagbuf->str;
}

static void
sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
  SaxState *st = ctx;
  Parser *p = st->p;
  (void)nb_defaulted;

  for (int i = 0; i < nb_namespaces; i++) {
    const char *pfx = (const char *)namespaces[2 * i];
    const char *u = (const char *)namespaces[2 * i + 1];
    if (u != NULL && *u)
      track_namespace(p, pfx, u);
  }
  const char *tag = element_name(p, localname, prefix, uri);
  Attrs a = {p->attrbuf, FALSE};
  for (int i = 0; i < nb_attributes; i++) {
    const char *alocal = (const char *)attributes[5 * i];
    const char *auri = (const char *)attributes[5 * i + 2];
    const char *vb = (const char *)attributes[5 * i + 3];
    const char *ve = (const char *)attributes[5 * i + 4];
    const char *canon = ns_canon(p, auri)->attr;
    if (canon && *canon) {
      g_autofree char *key = g_strconcat(canon, ":", alocal, NULL);
      attrs_add_len(&a, key, vb, ve - vb);
    } else {
      attrs_add_len(&a, alocal, vb, ve - vb);
    }
  }
  for (int i = 0; i < nb_attributes; i++) {
    const char *alocal = (const char *)attributes[5 * i];
    const char *apfx = (const char *)attributes[5 * i + 1];
    const char *vb = (const char *)attributes[5 * i + 3];
    const char *ve = (const char *)attributes[5 * i + 4];
    if (apfx != NULL) {
      g_autofree char *qname = g_strconcat(apfx, ":", alocal, NULL);
      attrs_add_len(&a, qname, vb, ve - vb);
    } else {
      attrs_add_len(&a, alocal, vb, ve - vb);
    }
  }
  unknown_starttag(p, tag, &a);
  g_ptr_array_set_size(a.kv, 0);
}

static void
sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
        const xmlChar *uri)
{
  SaxState *st = ctx;
  unknown_endtag(st->p, element_name(st->p, localname, prefix, uri));
}

static void
sax_text(void *ctx, const xmlChar *ch, int len)
{
  SaxState *st = ctx;
  handle_data_len(st->p, (const char *)ch, len < 0 ? 0 : (gsize)len, TRUE);
}

static void
sax_serror(void *ctx, xmlErrorPtr err)
{
  SaxState *st = ctx;
  if (st->first_error == NULL && err != NULL && err->message != NULL) {
    st->first_error = g_strdup_printf("line %d: %s", err->line, err->message);
    g_strchomp(st->first_error);
  }
}

static void
sax_quiet(void *ctx, const char *msg, ...)
{
  (void)ctx;
  (void)msg;
}

/* Runs one SAX pass; returns TRUE when the document was well-formed. */
static gboolean
sax_pass(Parser *p, const char *data, gsize len, gboolean recover,
         char **error_out)
{
  xmlSAXHandler h;
  SaxState st = {p, NULL};

  memset(&h, 0, sizeof h);
  h.initialized = XML_SAX2_MAGIC;
  h.startElementNs = sax_start;
  h.endElementNs = sax_end;
  h.characters = sax_text;
  h.cdataBlock = sax_text;
  h.serror = sax_serror;
  h.warning = sax_quiet;
  h.error = sax_quiet;
  h.fatalError = sax_quiet;

  if (len > G_MAXINT)
    len = G_MAXINT;
  precis__xml_init();
  xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(data, (int)len);
  if (ctxt == NULL)
    return FALSE;
  xmlSAXHandlerPtr mine = xmlMalloc(sizeof h);
  memcpy(mine, &h, sizeof h);
  if (ctxt->sax != NULL)
    xmlFree(ctxt->sax);
  ctxt->sax = mine;
  ctxt->userData = &st;
  xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
                              XML_PARSE_NOWARNING |
                              (recover ? XML_PARSE_RECOVER : 0));
  /* The text was converted to UTF-8 by precis__feed_decode. */
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  xmlParseDocument(ctxt);
  gboolean ok = ctxt->wellFormed && ctxt->nsWellFormed && !p->undeclared_ns;
  /* Nothing builds a tree, but a DTD node may have been made. */
  if (ctxt->myDoc != NULL) {
    xmlFreeDoc(ctxt->myDoc);
    ctxt->myDoc = NULL;
  }
  xmlFreeParserCtxt(ctxt);
  if (error_out != NULL && *error_out == NULL && !ok)
    *error_out = st.first_error ? g_steal_pointer(&st.first_error)
                                : g_strdup("document is not well-formed");
  g_free(st.first_error);
  return ok;
}

/* ---- DOCTYPE and entities (feedparser's replace_doctype) -------------------
 */

static GRegex *
regex_once(gsize *once, GRegex **slot, const char *pattern)
{
  if (g_once_init_enter(once)) {
    *slot = g_regex_new(pattern, G_REGEX_RAW | G_REGEX_MULTILINE, 0, NULL);
    g_once_init_leave(once, 1);
  }
  return *slot;
}

static void
collect_safe_entities(const char *decl, GHashTable *entities)
{
  static gsize once;
  static GRegex *re;
  GRegex *safe = regex_once(&once, &re, "^\\s+(\\w+)\\s+\"(&#\\w+;|[^&\"]*)\"");
  g_autoptr(GMatchInfo) mi = NULL;
  if (safe != NULL && g_regex_match(safe, decl, G_REGEX_MATCH_ANCHORED, &mi)) {
    char *name = g_match_info_fetch(mi, 1);
    char *value = g_match_info_fetch(mi, 2);
    g_hash_table_replace(entities, name, value);
  }
}

/* Removes any DOCTYPE left in @head (with its internal subset), keeping
 * its safe entity declarations.  Returns TRUE when one had an external
 * identifier (then an XML parser skips undeclared entities silently). */
static gboolean
strip_leftover_doctype(GString *head, GHashTable *entities)
{
  gboolean external = FALSE;
  gsize pos = 0;

  while (pos < head->len) {
    const char *cur = head->str + pos;
    if (g_str_has_prefix(cur, "<!--")) {
      const char *e = strstr(cur + 4, "-->");
      pos = e ? (gsize)(e + 3 - head->str) : head->len;
      continue;
    }
    if (g_str_has_prefix(cur, "<?")) {
      const char *e = strstr(cur + 2, "?>");
      pos = e ? (gsize)(e + 2 - head->str) : head->len;
      continue;
    }
    if (!g_str_has_prefix(cur, "<!DOCTYPE")) {
      pos++;
      continue;
    }
    gsize start = pos;
    gsize i = start + 9;
    int bracket = 0;
    char quote = 0;
    for (; i < head->len; i++) {
      char c = head->str[i];
      if (quote) {
        if (c == quote)
          quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        bracket++;
      } else if (c == ']') {
        bracket--;
      } else if (c == '>' && bracket <= 0) {
        break;
      }
    }
    g_autofree char *decl = g_strndup(head->str + start, i - start);
    char *subset = strchr(decl, '[');
    g_autofree char *intro =
        subset ? g_strndup(decl, subset - decl) : g_strdup(decl);
    if (strstr(intro, "SYSTEM") || strstr(intro, "PUBLIC"))
      external = TRUE;
    for (char *e = subset ? strstr(subset, "<!ENTITY") : NULL; e != NULL;
         e = strstr(e + 8, "<!ENTITY")) {
      char *gt = strchr(e, '>');
      g_autofree char *body =
          gt ? g_strndup(e + 8, gt - (e + 8)) : g_strdup(e + 8);
      collect_safe_entities(body, entities);
    }
    g_string_erase(head, start, MIN(i + 1, head->len) - start);
  }
  return external;
}

typedef struct {
  char *text; /* DOCTYPE removed, entities expanded: for libxml2 */
  gsize len;
  char *raw; /* DOCTYPE removed only: for the loose tokenizer */
  gsize raw_len;
  GHashTable *entities;  /* safe DOCTYPE entities */
  char *doctype_version; /* "rss091n" or NULL */
  gboolean bozo;
  char *bozo_reason;
} Prepared;

static void
note_bozo(Prepared *pr, const char *what, const char *name)
{
  if (!pr->bozo) {
    pr->bozo = TRUE;
    pr->bozo_reason =
        name ? g_strdup_printf("%s &%s;", what, name) : g_strdup(what);
  }
}

/* @needle (@nlen bytes) in [s, s + len): memchr() for its first byte, so
 * that long CDATA sections and comments are searched at memchr's speed. */
static const char *
find_bytes(const char *s, gsize len, const char *needle, gsize nlen)
{
  const char *end = s + len;
  while ((gsize)(end - s) >= nlen) {
    const char *c = memchr(s, needle[0], end - s - nlen + 1);
    if (c == NULL)
      return NULL;
    if (memcmp(c, needle, nlen) == 0)
      return c;
    s = c + 1;
  }
  return NULL;
}

/* g_strstr_len(): @needle in the first @len bytes of @s, up to a NUL. */
static const char *
find_until_nul(const char *s, gsize len, const char *needle)
{
  return find_bytes(s, strnlen(s, len), needle, strlen(needle));
}

static void
expand_entities(Prepared *pr, GString *out, const char *body, gsize len,
                GHashTable *entities, gboolean external_dtd)
{
  const char *p = body, *end = body + len;
  const char *next_amp = memchr(body, '&', len);

  while (p < end) {
    if (*p == '<' && end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
      const char *e = find_until_nul(p + 9, end - (p + 9), "]]>");
      const char *stop = e ? e + 3 : end;
      g_string_append_len(out, p, stop - p);
      p = stop;
      continue;
    }
    if (*p == '<' && end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
      const char *e = find_until_nul(p + 4, end - (p + 4), "-->");
      const char *stop = e ? e + 3 : end;
      g_string_append_len(out, p, stop - p);
      p = stop;
      continue;
    }
    if (*p != '&') {
      /* The next '&' is cached: searching it again from every '<' would
       * be quadratic. */
      if (next_amp != NULL && next_amp < p)
        next_amp = memchr(p, '&', end - p);
      const char *amp = next_amp;
      const char *lt = memchr(p, '<', end - p);
      const char *stop = end;
      if (amp && amp < stop)
        stop = amp;
      if (lt && lt < stop)
        stop = lt;
      if (stop == p)
        stop = p + 1;
      g_string_append_len(out, p, stop - p);
      p = stop;
      continue;
    }
    /* A reference. */
    const char *q = p + 1;
    if (q < end && *q == '#') {
      const char *r = q + 1;
      gboolean hex = r < end && (*r == 'x' || *r == 'X');
      if (hex)
        r++;
      const char *digits = r;
      while (r < end && (hex ? g_ascii_isxdigit(*r) : g_ascii_isdigit(*r)))
        r++;
      if (r > digits && r < end && *r == ';') {
        /* "&#X41;" is ill-formed; the loose parser still reads it. */
        if (hex && q[1] == 'X')
          note_bozo(pr, "character reference with 'X'", NULL);
        g_string_append(out, hex ? "&#x" : "&#");
        g_string_append_len(out, digits, r + 1 - digits);
        p = r + 1;
        continue;
      }
      note_bozo(pr, "malformed character reference", NULL);
      g_string_append(out, "&amp;");
      p++;
      continue;
    }
    const char *r = q;
    while (r < end && (g_ascii_isalnum(*r) || *r == '_' || *r == '-' ||
                       *r == '.' || *r == ':' || (guchar)*r >= 0x80))
      r++;
    if (r == q || r >= end || *r != ';') {
      note_bozo(pr, "unescaped '&'", NULL);
      g_string_append(out, "&amp;");
      p++;
      continue;
    }
    g_autofree char *name = g_strndup(q, r - q);
    static const char *const predefined[][2] = {
        {"lt", "&#60;"},   {"gt", "&#62;"},   {"amp", "&#38;"},
        {"quot", "&#34;"}, {"apos", "&#39;"},
    };
    const char *ref = NULL;
    for (gsize k = 0; k < G_N_ELEMENTS(predefined); k++) {
      if (strcmp(name, predefined[k][0]) == 0)
        ref = predefined[k][1];
    }
    if (ref != NULL) {
      /* As character references: libxml2 drops entity references once a
       * document is found ill-formed, and keeps "&#38;" for "&amp;" in
       * attribute values when it does not substitute entities. */
      g_string_append(out, ref);
    } else if (g_hash_table_contains(entities, name)) {
      const char *v = g_hash_table_lookup(entities, name);
      if (v[0] == '&')
        g_string_append(out, v);
      else {
        g_autofree char *esc = xml_escape(v, FALSE);
        g_string_append(out, esc);
      }
    } else if (external_dtd) {
      /* Skipped by the XML parser: it may be declared in the DTD. */
    } else {
      const htmlEntityDesc *desc = htmlEntityLookup((const xmlChar *)name);
      note_bozo(pr, "undefined entity", name);
      if (desc != NULL)
        g_string_append_printf(out, "&#%u;", desc->value);
      else
        g_string_append_printf(out, "&amp;%s;", name);
    }
    p = r + 1;
  }
}

static void
prepare(Prepared *pr, const char *data, gsize len)
{
  static gsize once1, once2, once3;
  static GRegex *re_start, *re_entity, *re_doctype;
  GRegex *rs = regex_once(&once1, &re_start, "<\\w");
  GRegex *re = regex_once(&once2, &re_entity, "^\\s*<!ENTITY([^>]*?)>");
  GRegex *rd = regex_once(&once3, &re_doctype, "^\\s*<!DOCTYPE([^>]*?)>");
  g_autoptr(GMatchInfo) mi = NULL;
  gssize start = -1;

  memset(pr, 0, sizeof *pr);
  /* The first "<\w", scanned by hand: \w is [A-Za-z0-9_] for ASCII; a
   * '<' before a non-ASCII byte first leaves the answer to the regex. */
  gboolean by_regex = FALSE;
  gssize found = -1;
  for (const char *lt = memchr(data, '<', len); lt != NULL;
       lt = memchr(lt + 1, '<', data + len - (lt + 1))) {
    if (lt + 1 >= data + len)
      break;
    guchar next = (guchar)lt[1];
    if (next >= 0x80) {
      by_regex = TRUE;
      break;
    }
    if (g_ascii_isalnum(next) || next == '_') {
      found = lt - data;
      break;
    }
  }
  if (!by_regex) {
    start = found > 0 ? found : -1;
  } else if (rs && g_regex_match_full(rs, data, len, 0, 0, &mi, NULL)) {
    int s, e;
    g_match_info_fetch_pos(mi, 0, &s, &e);
    start = s > 0 ? s : -1;
  }
  gsize head_len = (gsize)(start + 1);
  GString *head = g_string_new_len(data, head_len);
  g_autoptr(GHashTable) entities =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) entity_decls = g_ptr_array_new_with_free_func(g_free);

  /* ENTITY declarations at line starts (none without the keyword). */
  if (re != NULL && find_bytes(head->str, head->len, "<!ENTITY", 8) != NULL) {
    g_clear_pointer(&mi, g_match_info_unref);
    g_regex_match_full(re, head->str, head->len, 0, 0, &mi, NULL);
    while (g_match_info_matches(mi)) {
      g_ptr_array_add(entity_decls, g_match_info_fetch(mi, 1));
      g_match_info_next(mi, NULL);
    }
    char *h = g_regex_replace_literal(re, head->str, head->len, 0, "", 0, NULL);
    if (h != NULL) {
      g_string_assign(head, h);
      g_free(h);
    }
  }
  int ndoctypes = 0;
  if (rd != NULL && find_bytes(head->str, head->len, "<!DOCTYPE", 9) != NULL) {
    g_clear_pointer(&mi, g_match_info_unref);
    g_regex_match_full(rd, head->str, head->len, 0, 0, &mi, NULL);
    while (g_match_info_matches(mi)) {
      g_autofree char *dt = g_match_info_fetch(mi, 1);
      if (ndoctypes == 0) {
        g_autofree char *low = g_ascii_strdown(dt, -1);
        if (strstr(low, "netscape") != NULL)
          pr->doctype_version = g_strdup("rss091n");
      }
      ndoctypes++;
      g_match_info_next(mi, NULL);
    }
    char *h = g_regex_replace_literal(rd, head->str, head->len, 0, "", 0, NULL);
    if (h != NULL) {
      g_string_assign(head, h);
      g_free(h);
    }
  }
  if (ndoctypes == 1) {
    for (guint i = 0; i < entity_decls->len; i++)
      collect_safe_entities(entity_decls->pdata[i], entities);
  }
  /* With no element at all, the whole text is the head: no DOCTYPE may
   * ever reach libxml2. */
  if (start < 0)
    g_string_append_len(head, data + head_len, len - head_len);
  gboolean external = strip_leftover_doctype(head, entities);
  if (start < 0)
    head_len = len;

  /* The head may end inside a comment: expand over the whole text, so
   * that comments and CDATA are recognised wherever they start. */
  g_string_append_len(head, data + head_len, len - head_len);
  GString *out = g_string_sized_new(len + 64);
  expand_entities(pr, out, head->str, head->len, entities, external);
  pr->raw_len = head->len;
  pr->raw = g_string_free(head, FALSE);
  pr->entities = g_hash_table_ref(entities);
  pr->len = out->len;
  pr->text = g_string_free(out, FALSE);
}

/* ---- results
 * ------------------------------------------------------------------ */

static char *
dup_str(Val *d, const char *key)
{
  const char *s = dget_str(d, key);
  return s ? g_strdup(s) : NULL;
}

static void
fill_feed(PrecisFeed *feed, Parser *p)
{
  Val *f = p->feeddata;

  feed->title = dup_str(f, "title");
  feed->link = dup_str(f, "link");
  feed->subtitle = dup_str(f, "subtitle");
  feed->language = dup_str(f, "language");
  feed->updated = dup_str(f, "updated_parsed");
  feed->published = dup_str(f, "published_parsed");
  feed->author = dup_str(f, "author");
  Val *img = dget(f, "image");
  if (img && img->kind == V_DICT && dget_str(img, "href") &&
      *dget_str(img, "href"))
    feed->image_url = dup_str(img, "href");
  else
    feed->image_url = dup_str(f, "logo");

  for (guint i = 0; i < p->entries->len; i++) {
    Val *e = p->entries->pdata[i];
    PrecisFeedItem *it = precis__feed_item_new();
    it->id = dup_str(e, "id");
    it->title = dup_str(e, "title");
    it->link = dup_str(e, "link");
    it->author = dup_str(e, "author");
    it->published = dup_str(e, "published_parsed");
    it->updated = dup_str(e, "updated_parsed");
    it->summary = dup_str(e, "summary");
    Val *content = dget(e, "content");
    if (content && content->kind == V_LIST && content->l->len) {
      Val *c0 = content->l->pdata[0];
      it->content = g_strdup(c0->s);
    }
    Val *tags = dget(e, "tags");
    if (tags && tags->kind == V_LIST) {
      for (guint j = 0; j < tags->l->len; j++) {
        const char *term = dget_str(tags->l->pdata[j], "term");
        if (term && *term)
          g_ptr_array_add(it->categories, g_strdup(term));
      }
    }
    Val *links = dget(e, "links");
    if (links && links->kind == V_LIST) {
      for (guint j = 0; j < links->l->len; j++) {
        Val *l = links->l->pdata[j];
        if (l->kind != V_DICT || g_strcmp0(dget_str(l, "rel"), "enclosure"))
          continue;
        PrecisEnclosure *enc = g_new0(PrecisEnclosure, 1);
        enc->url = dup_str(l, "href");
        enc->type = dup_str(l, "type");
        enc->length = dup_str(l, "length");
        g_ptr_array_add(it->enclosures, enc);
      }
    }
    g_ptr_array_add(feed->items, it);
  }
}

/* ---- the loose pass
 * ---------------------------------------------------------- */

static void
loose_start(void *ud, const char *tag, GPtrArray *attrs)
{
  Parser *p = ud;
  Attrs a = {p->attrbuf, TRUE};
  for (guint i = 0; i + 1 < attrs->len; i += 2)
    attrs_add(&a, attrs->pdata[i], attrs->pdata[i + 1]);
  unknown_starttag(p, tag, &a);
  g_ptr_array_set_size(a.kv, 0);
}

static void
loose_end(void *ud, const char *tag)
{
  unknown_endtag(ud, tag);
}

static void
loose_data(void *ud, const char *text)
{
  handle_data(ud, text, TRUE);
}

static void
loose_cdata(void *ud, const char *text)
{
  g_autofree char *esc = xml_escape(text, FALSE);
  handle_data(ud, esc, FALSE);
}

static void
append_piece(Parser *p, const char *text)
{
  Frame *f = top_frame(p);
  if (f != NULL) {
    g_string_append(f->text, text);
    frame_end_piece(f);
  }
}

static void
loose_charref(void *ud, const char *ref_in)
{
  Parser *p = ud;
  g_autofree char *ref = g_ascii_strdown(ref_in, -1);
  static const char *const kept[] = {"34",  "38",  "39",  "60",  "62", "x22",
                                     "x26", "x27", "x3c", "x3e", NULL};
  if (in_set(ref, kept)) {
    g_autofree char *t = g_strdup_printf("&#%s;", ref);
    append_piece(p, t);
    return;
  }
  guint64 c = ref[0] == 'x' ? g_ascii_strtoull(ref + 1, NULL, 16)
                            : g_ascii_strtoull(ref, NULL, 10);
  if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return; /* feedparser fails on these; drop the reference */
  char buf[8] = {0};
  g_unichar_to_utf8((gunichar)c, buf);
  append_piece(p, buf);
}

static void
loose_entityref(void *ud, const char *ref)
{
  Parser *p = ud;
  if (strcmp(ref, "lt") == 0 || strcmp(ref, "gt") == 0 ||
      strcmp(ref, "quot") == 0 || strcmp(ref, "amp") == 0 ||
      strcmp(ref, "apos") == 0) {
    g_autofree char *t = g_strdup_printf("&%s;", ref);
    append_piece(p, t);
    return;
  }
  const char *v = p->entities ? g_hash_table_lookup(p->entities, ref) : NULL;
  if (v != NULL) {
    if (g_str_has_prefix(v, "&#") && g_str_has_suffix(v, ";")) {
      g_autofree char *t = g_strdup_printf("&%s;", v);
      append_piece(p, t);
    } else {
      append_piece(p, v);
    }
    return;
  }
  const htmlEntityDesc *desc = htmlEntityLookup((const xmlChar *)ref);
  if (desc != NULL) {
    char buf[8] = {0};
    g_unichar_to_utf8(desc->value, buf);
    append_piece(p, buf);
  } else {
    g_autofree char *t = g_strdup_printf("&%s;", ref);
    append_piece(p, t);
  }
}

static const PrecisLooseSink loose_sink = {
    loose_start, loose_end,     loose_data,
    loose_cdata, loose_charref, loose_entityref,
};

void
precis__feed_parse_xml(PrecisFeed *feed, const char *utf8, gsize len,
                       const char *base_url)
{
  Prepared pr;
  Parser p;
  g_autofree char *error = NULL;

  prepare(&pr, utf8, len);
  parser_init(&p, base_url);
  gboolean ok = FALSE;
  if (pr.bozo) {
    /* An undefined entity already decides: the loose pass's result and
     * prepare()'s reason are used whatever a strict pass would find. */
    precis__xml_init();
  } else {
    ok = sax_pass(&p, pr.text, pr.len, FALSE, &error);
  }
  if (!ok || pr.bozo) {
    /* feedparser re-reads any document its XML parser rejects (including
     * undefined entities) with its loose parser. */
    parser_clear(&p);
    parser_init(&p, base_url);
    p.loose = TRUE;
    p.entities = pr.entities;
    precis__feed_loose_parse(pr.raw, pr.raw_len, &loose_sink, &p);
  }
  if (!ok || pr.bozo) {
    feed->bozo = TRUE;
    if (feed->bozo_reason == NULL)
      feed->bozo_reason = g_strdup(pr.bozo ? pr.bozo_reason : error);
  }
  g_free(feed->version);
  feed->version = g_strdup(pr.doctype_version ? pr.doctype_version : p.version);
  fill_feed(feed, &p);
  parser_clear(&p);
  g_free(pr.text);
  g_free(pr.raw);
  g_hash_table_unref(pr.entities);
  g_free(pr.doctype_version);
  g_free(pr.bozo_reason);
}
