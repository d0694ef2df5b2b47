/* SPDX-License-Identifier: GPL-3.0-or-later
 * curl-loader.c: libcurl is loaded the first time a URL is fetched, not at
 * process start.  libcurl brings some twenty libraries with it (OpenSSL,
 * GnuTLS, Kerberos, LDAP, SASL, libssh2, nghttp2, ...); mapping and
 * relocating them costs about 7 ms of CPU per process, more than digesting
 * a hundred local articles, and `precis summarize FILE` never needs them.
 *
 * Built only with -DPRECIS_LAZY_CURL=ON (the default; feeds/CMakeLists.txt
 * then does not link libcurl and passes its SONAME as PRECIS_CURL_SONAME).
 * This file defines the libcurl functions the feeds library calls, with
 * libcurl's own prototypes (<curl/curl.h>); each forwards to the real one,
 * resolved once with dlopen/dlsym (thread-safe through g_once).  The
 * definitions have hidden visibility, so they never interpose on a libcurl
 * that the host process (the plugin's mail client) loads itself.
 *
 * Invariants: a function not listed here fails to link, so a new curl_*
 * call in fetch.c must be added below.  When libcurl cannot be loaded (a
 * broken installation: the package depends on it) the process exits with
 * status 127 and one line on stderr, as it would have failed to start with
 * libcurl linked; a half-working fetcher would loop on failing calls.
 * Variadic options are forwarded with the type their number range gives
 * (CURLOPTTYPE_*), as libcurl itself reads them.
 * Cost: one dlopen at the first call; then one indirect call per call.
 */
#ifdef PRECIS_CURL_SONAME

#include "lazy-lib.h"

#define CURL_DISABLE_TYPECHECK /* no macro wrappers: we define functions */
#include <curl/curl.h>
#include <glib.h>
#include <stdarg.h>

typedef void (*CurlFn)(void);

/* Every forwarded function: name, return type, parameters. */
#define CURL_FUNCTIONS(X)                                                      \
  X(curl_global_init, CURLcode, (long))                                        \
  X(curl_easy_init, CURL *, (void))                                            \
  X(curl_easy_cleanup, void, (CURL *))                                         \
  X(curl_easy_setopt, CURLcode, (CURL *, CURLoption, ...))                     \
  X(curl_easy_getinfo, CURLcode, (CURL *, CURLINFO, ...))                      \
  X(curl_easy_strerror, const char *, (CURLcode))                              \
  X(curl_easy_header, CURLHcode,                                               \
    (CURL *, const char *, size_t, unsigned int, int, struct curl_header **))  \
  X(curl_slist_append, struct curl_slist *,                                    \
    (struct curl_slist *, const char *))                                       \
  X(curl_slist_free_all, void, (struct curl_slist *))                          \
  X(curl_multi_init, CURLM *, (void))                                          \
  X(curl_multi_cleanup, CURLMcode, (CURLM *))                                  \
  X(curl_multi_setopt, CURLMcode, (CURLM *, CURLMoption, ...))                 \
  X(curl_multi_add_handle, CURLMcode, (CURLM *, CURL *))                       \
  X(curl_multi_remove_handle, CURLMcode, (CURLM *, CURL *))                    \
  X(curl_multi_perform, CURLMcode, (CURLM *, int *))                           \
  X(curl_multi_poll, CURLMcode,                                                \
    (CURLM *, struct curl_waitfd *, unsigned int, int, int *))                 \
  X(curl_multi_wakeup, CURLMcode, (CURLM *))                                   \
  X(curl_multi_info_read, CURLMsg *, (CURLM *, int *))

static struct {
  CURL_FUNCTIONS(PRECIS_LAZY_DECLARE)
} real;

static gpointer
load_once(gpointer data)
{
  (void)data;
  const char *soname = PRECIS_CURL_SONAME;
  void *lib = precis__lazy_open(soname);
  CURL_FUNCTIONS(PRECIS_LAZY_RESOLVE)
  return lib; /* stays loaded for the process */
}

/* Resolves every function on the first call. */
static inline void
load(void)
{
  static GOnce once = G_ONCE_INIT;
  g_once(&once, load_once, NULL);
}

CURLcode
curl_global_init(long flags)
{
  load();
  return real.curl_global_init(flags);
}

CURL *
curl_easy_init(void)
{
  load();
  return real.curl_easy_init();
}

void
curl_easy_cleanup(CURL *curl)
{
  load();
  real.curl_easy_cleanup(curl);
}

/* The argument of option @tag read with the type of its range. */
#define FORWARD_OPTION(call, tag, ap)                                          \
  ((tag) < CURLOPTTYPE_OBJECTPOINT     ? call(va_arg(ap, long))                \
   : (tag) < CURLOPTTYPE_FUNCTIONPOINT ? call(va_arg(ap, void *))              \
   : (tag) < CURLOPTTYPE_OFF_T         ? call(va_arg(ap, CurlFn))              \
   : (tag) < CURLOPTTYPE_BLOB          ? call(va_arg(ap, curl_off_t))          \
                                       : call(va_arg(ap, void *)))

CURLcode
curl_easy_setopt(CURL *curl, CURLoption option, ...)
{
  load();
  va_list ap;
  va_start(ap, option);
#define CALL(v) real.curl_easy_setopt(curl, option, v)
  CURLcode rc = FORWARD_OPTION(CALL, (int)option, ap);
#undef CALL
  va_end(ap);
  return rc;
}

CURLcode
curl_easy_getinfo(CURL *curl, CURLINFO info, ...)
{
  load();
  va_list ap;
  va_start(ap, info);
  void *out = va_arg(ap, void *); /* always a pointer to the result */
  va_end(ap);
  return real.curl_easy_getinfo(curl, info, out);
}

const char *
curl_easy_strerror(CURLcode code)
{
  load();
  return real.curl_easy_strerror(code);
}

CURLHcode
curl_easy_header(CURL *easy, const char *name, size_t index,
                 unsigned int origin, int request, struct curl_header **hout)
{
  load();
  return real.curl_easy_header(easy, name, index, origin, request, hout);
}

struct curl_slist *
curl_slist_append(struct curl_slist *list, const char *data)
{
  load();
  return real.curl_slist_append(list, data);
}

void
curl_slist_free_all(struct curl_slist *list)
{
  load();
  real.curl_slist_free_all(list);
}

CURLM *
curl_multi_init(void)
{
  load();
  return real.curl_multi_init();
}

CURLMcode
curl_multi_cleanup(CURLM *multi)
{
  load();
  return real.curl_multi_cleanup(multi);
}

CURLMcode
curl_multi_setopt(CURLM *multi, CURLMoption option, ...)
{
  load();
  va_list ap;
  va_start(ap, option);
#define CALL(v) real.curl_multi_setopt(multi, option, v)
  CURLMcode rc = FORWARD_OPTION(CALL, (int)option, ap);
#undef CALL
  va_end(ap);
  return rc;
}

CURLMcode
curl_multi_add_handle(CURLM *multi, CURL *easy)
{
  load();
  return real.curl_multi_add_handle(multi, easy);
}

CURLMcode
curl_multi_remove_handle(CURLM *multi, CURL *easy)
{
  load();
  return real.curl_multi_remove_handle(multi, easy);
}

CURLMcode
curl_multi_perform(CURLM *multi, int *running)
{
  load();
  return real.curl_multi_perform(multi, running);
}

CURLMcode
curl_multi_poll(CURLM *multi, struct curl_waitfd extra_fds[],
                unsigned int extra_nfds, int timeout_ms, int *ret)
{
  load();
  return real.curl_multi_poll(multi, extra_fds, extra_nfds, timeout_ms, ret);
}

CURLMcode
curl_multi_wakeup(CURLM *multi)
{
  load();
  return real.curl_multi_wakeup(multi);
}

CURLMsg *
curl_multi_info_read(CURLM *multi, int *msgs_in_queue)
{
  load();
  return real.curl_multi_info_read(multi, msgs_in_queue);
}

#else
/* libcurl is linked normally (-DPRECIS_LAZY_CURL=OFF). */
typedef int precis_curl_loader_unused;
#endif
