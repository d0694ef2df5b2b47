/* SPDX-License-Identifier: GPL-3.0-or-later
 * lazy-lib.c: opening a library and its symbols for the *-loader.c files
 * (lazy-lib.h), failing the way the dynamic loader would.
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
  void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
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
