/* SPDX-License-Identifier: GPL-3.0-or-later
 * lazy-lib.c: opening a library and its symbols for the *-loader.c files
 * (lazy-lib.h), failing the way the dynamic loader would.
 * RTLD_LAZY: the libraries' own function references are bound on first
 * call, as the loader does at program start, unless a library asks for
 * BIND_NOW itself.  RTLD_NOW forced it on the whole tree below libcurl
 * and libxml2 (krb5, rtmp, nghttp2, libstdc++...): 6.8M more instructions
 * per `precis feed` run, all before its first request.
 * Cost: one dlopen and one dlsym per function, once per process.
 */
#include "lazy-lib.h"

#include <dlfcn.h>
#include <stdlib.h>

static G_NORETURN void
fail(const char *soname, const char *what)
{
  g_printerr("precis: cannot load %s: %s\n", soname, what);
  exit(127);
}

void *
precis__lazy_open(const char *soname)
{
  void *lib = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);
  if (lib == NULL)
    fail(soname, dlerror());
  return lib;
}

void *
precis__lazy_sym(void *lib, const char *soname, const char *name)
{
  void *sym = dlsym(lib, name);
  if (sym == NULL) {
    g_autofree char *what = g_strconcat("no ", name, NULL);
    fail(soname, what);
  }
  return sym;
}
