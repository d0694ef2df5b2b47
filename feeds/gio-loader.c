/* SPDX-License-Identifier: GPL-3.0-or-later
 * gio-loader.c: the few GIO and GObject functions precis calls itself,
 * resolved on first use, so that the precis program does not map GIO
 * (with libmount, libselinux, libblkid, GModule, zlib) nor GObject (with
 * libffi) at start: about 2.6 ms of CPU per process, as much as digesting
 * 25 plain text articles.
 *
 * Built only with -DPRECIS_LAZY_JSON=ON, with json-loader.c: json-glib is
 * the only reason precis needs GObject, and it brings GIO when loaded.
 * The calls and why they can wait:
 * - g_cancellable_*: a GCancellable comes from the caller (the plugin, a
 *   test), and only then is GIO loaded: the tests of a NULL cancellable
 *   (the CLI's) answer FALSE, as GIO would, without loading it (about
 *   2.5 ms before a `precis feed` sent its first request).
 * - g_object_unref: the autoptr cleanup of JsonParser, JsonBuilder and
 *   JsonGenerator; such an object exists only once json-glib (and so GIO
 *   and GObject) is loaded.  In the plugin every g_object_unref of the
 *   module comes here, and forwards to the one the mail client has loaded.
 * - g_io_error_quark (G_IO_ERROR): defined here, not forwarded, as GIO
 *   defines it: the quark of the string "g-io-error-quark" (quarks are
 *   shared by the whole process), so comparing an error's domain with
 *   G_IO_ERROR on the error path loads nothing.
 * GLib's headers declare these with default visibility; the definitions
 * here are G_GNUC_INTERNAL, so they never interpose on the real ones of a
 * host process.  When GIO cannot be loaded the process exits with status
 * 127 and one line on stderr, as it would have failed to start with GIO
 * linked.
 * Cost: one dlopen at the first call; then one indirect call per call.
 */
#ifdef PRECIS_GIO_SONAME

#include "lazy-lib.h"

#include <gio/gio.h>

/* Every forwarded function: name, return type, parameters, arguments. */
#define GIO_FUNCTIONS(X)                                                       \
  X(g_cancellable_connect, gulong,                                             \
    (GCancellable * cancellable, GCallback callback, gpointer data,            \
     GDestroyNotify data_destroy_func),                                        \
    (cancellable, callback, data, data_destroy_func))

/* The same for the tests of a cancellable that may be NULL: forwarded by
 * hand below, as NULL (never cancelled, in GIO too) needs no GIO. */
#define GIO_NULLABLE_FUNCTIONS(X)                                              \
  X(g_cancellable_is_cancelled, gboolean, (GCancellable * cancellable),        \
    (cancellable))                                                             \
  X(g_cancellable_set_error_if_cancelled, gboolean,                            \
    (GCancellable * cancellable, GError * *error), (cancellable, error))

/* The same for functions returning nothing. */
#define GIO_VOID_FUNCTIONS(X)                                                  \
  X(g_cancellable_disconnect, (GCancellable * cancellable, gulong handler_id), \
    (cancellable, handler_id))                                                 \
  X(g_object_unref, (gpointer object), (object))

static struct {
  GIO_FUNCTIONS(PRECIS_LAZY_DECLARE)
  GIO_NULLABLE_FUNCTIONS(PRECIS_LAZY_DECLARE)
  GIO_VOID_FUNCTIONS(PRECIS_LAZY_DECLARE_VOID)
} real;

static gpointer
load_once(gpointer data)
{
  (void)data;
  const char *soname = PRECIS_GIO_SONAME;
  void *lib = precis__lazy_open(soname);
  GIO_FUNCTIONS(PRECIS_LAZY_RESOLVE)
  GIO_NULLABLE_FUNCTIONS(PRECIS_LAZY_RESOLVE)
  GIO_VOID_FUNCTIONS(PRECIS_LAZY_RESOLVE)
  return lib; /* stays loaded for the process */
}

/* Resolves every function on the first call. */
static inline void
load(void)
{
  static GOnce once = G_ONCE_INIT;
  g_once(&once, load_once, NULL);
}

GIO_FUNCTIONS(PRECIS_LAZY_FORWARD)
GIO_VOID_FUNCTIONS(PRECIS_LAZY_FORWARD_VOID)

G_GNUC_INTERNAL gboolean
g_cancellable_is_cancelled(GCancellable *cancellable)
{
  if (cancellable == NULL)
    return FALSE;
  load();
  return real.g_cancellable_is_cancelled(cancellable);
}

G_GNUC_INTERNAL gboolean
g_cancellable_set_error_if_cancelled(GCancellable *cancellable, GError **error)
{
  if (cancellable == NULL)
    return FALSE;
  load();
  return real.g_cancellable_set_error_if_cancelled(cancellable, error);
}

G_GNUC_INTERNAL GQuark
g_io_error_quark(void)
{
  return g_quark_from_static_string("g-io-error-quark");
}

#else
/* GIO and GObject are linked normally (-DPRECIS_LAZY_JSON=OFF). */
typedef int precis_gio_loader_unused;
#endif
