/* SPDX-License-Identifier: GPL-3.0-or-later
 * plugin.c: the Claws Mail entry points, and nothing else.
 *
 * Claws looks up these eight symbols with g_module_symbol(); they are the
 * only ones the module exports (the rest is hidden by -fvisibility=hidden).
 * plugin_init checks the running Claws against the one precis was built for
 * (struct layouts such as MessageView change between releases), initializes
 * libcurl once for the process, then loads the preferences and registers
 * the hook.  plugin_done undoes that in reverse order; it returns FALSE only
 * when a worker thread could not be stopped in time, so Claws keeps the
 * module mapped instead of unloading code that still runs.
 *
 * The module also pins itself in memory (RTLD_NODELETE) on first init:
 * libcurl, libxml2, ICU and GLib's quark table keep global state that points
 * into it, so unmapping it on "Unload" would leave dangling pointers behind.
 * Unloading still stops everything (hook, page, threads, widgets), and a
 * later "Load" runs plugin_init again on the same, still mapped, code.
 */
#define _GNU_SOURCE 1 /* dladdr, RTLD_NODELETE */
#include "claws-features.h"

#include <dlfcn.h>
#include <glib.h>
#include <gmodule.h>

#include "version.h"
#include "plugin.h"

#include "precis-plugin.h"

#define PLUGIN_NAME "Precis"

static void
pin_module(void)
{
  static gboolean pinned;
  Dl_info info;

  if (pinned)
    return;
  if (dladdr((const void *)plugin_init, &info) != 0 && info.dli_fname != NULL &&
      dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE) != NULL)
    pinned = TRUE; /* the handle is deliberately never closed */
  else
    g_warning("precis: cannot pin the module in memory: %s", dlerror());
}

G_MODULE_EXPORT gint
plugin_init(gchar **error)
{
  g_autoptr(GError) local = NULL;

  /* Exactly the Claws it was compiled against: MessageView, MsgInfo and
   * FolderItem are read directly, and their layouts are not stable. */
  if (!check_plugin_version(VERSION_NUMERIC, VERSION_NUMERIC, PLUGIN_NAME,
                            error))
    return -1;
  pin_module();
  precis_fetch_global_init();
  precis_prefs_init();
  if (!precis_ui_init(&local)) {
    precis_prefs_done();
    if (error != NULL)
      *error = g_strdup(local->message);
    return -1;
  }
  g_debug("plugin_init ok (precis %s, built for Claws Mail %s)", PRECIS_VERSION,
          VERSION);
  return 0;
}

G_MODULE_EXPORT gboolean
plugin_done(void)
{
  gboolean clean = precis_ui_done();
  precis_prefs_done();
  g_debug("plugin_done %s", clean ? "clean" : "with a worker still running");
  return clean;
}

G_MODULE_EXPORT const gchar *
plugin_name(void)
{
  return PLUGIN_NAME;
}

G_MODULE_EXPORT const gchar *
plugin_desc(void)
{
  return "Shows a short digest of each feed item's article above the item, "
         "in Claws Mail's feed reader (RSSyl).\n\n"
         "The article is fetched from the item's link, cleaned and "
         "summarized in the background; items whose feed text is already "
         "the whole article are summarized without fetching.  Digests are "
         "kept in memory and pages in ~/.cache/precis, so reopening an item "
         "is instant.\n\n"
         "Settings: Configuration \u2192 Preferences \u2192 Plugins \u2192 "
         "Precis.";
}

G_MODULE_EXPORT const gchar *
plugin_version(void)
{
  return PRECIS_VERSION;
}

G_MODULE_EXPORT const gchar *
plugin_type(void)
{
  return "GTK3";
}

G_MODULE_EXPORT const gchar *
plugin_licence(void)
{
  return "GPL3+";
}

G_MODULE_EXPORT struct PluginFeature *
plugin_provides(void)
{
  static struct PluginFeature features[] = {{PLUGIN_UTILITY, "Precis"},
                                            {PLUGIN_NOTHING, NULL}};
  return features;
}
