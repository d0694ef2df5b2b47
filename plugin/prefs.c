/* SPDX-License-Identifier: GPL-3.0-or-later
 * prefs.c: the plugin's settings, the Claws way.
 *
 * A PrefParam table binds each setting to a field of precis_plugin_prefs and
 * to the [Precis] block of clawsrc; prefs_read_config() loads it in
 * precis_prefs_init(), the page's save callback writes the block back with
 * prefs_write_open()/prefs_set_block_label() (Claws copies the other blocks
 * and replaces the file atomically).  The page "Plugins/Precis" is registered
 * in init and unregistered in done.  Values read from the file are clamped
 * to their ranges, so a hand-edited clawsrc cannot ask for 0 sentences or an
 * unbounded page.  Main thread only.
 */
#include "claws-features.h"

#include <glib.h>
#include <gtk/gtk.h>
#include <string.h>

#include "defs.h"
#include "utils.h"
#include "prefs_gtk.h"
#include "prefswindow.h"

#include "precis-plugin.h"

#define PREFS_BLOCK "Precis"
#define STR(s) ((gchar *)(s)) /* PrefParam predates const */

PrecisPluginPrefs precis_plugin_prefs;

static PrefParam params[] = {
    {STR("enabled"), STR("TRUE"), &precis_plugin_prefs.enabled, P_BOOL, NULL,
     NULL, NULL},
    {STR("sentences"), STR("3"), &precis_plugin_prefs.n_sentences, P_INT, NULL,
     NULL, NULL},
    {STR("fetch_article"), STR("TRUE"), &precis_plugin_prefs.fetch, P_BOOL,
     NULL, NULL, NULL},
    {STR("timeout"), STR("20"), &precis_plugin_prefs.timeout_s, P_INT, NULL,
     NULL, NULL},
    {STR("max_page_kib"), STR("4096"), &precis_plugin_prefs.max_page_kib, P_INT,
     NULL, NULL, NULL},
    {STR("language"), STR(""), &precis_plugin_prefs.language, P_STRING, NULL,
     NULL, NULL},
    {NULL, NULL, NULL, P_OTHER, NULL, NULL, NULL}};

/* Languages offered in the combo box (id = ISO 639-1 code); any code the
 * summarizer knows can also be typed in. */
static const struct {
  const char *code;
  const char *name;
} languages[] = {
    {"en", "English (en)"},    {"de", "German (de)"},  {"fr", "French (fr)"},
    {"es", "Spanish (es)"},    {"it", "Italian (it)"}, {"nl", "Dutch (nl)"},
    {"pt", "Portuguese (pt)"}, {"sv", "Swedish (sv)"}, {"da", "Danish (da)"},
    {"nb", "Norwegian (nb)"},  {"fi", "Finnish (fi)"}, {"ru", "Russian (ru)"},
};

typedef struct {
  PrefsPage page; /* first: Claws casts between the two */
  GtkWidget *enabled;
  GtkWidget *sentences;
  GtkWidget *fetch;
  GtkWidget *feed_only;
  GtkWidget *timeout;
  GtkWidget *max_page;
  GtkWidget *language;
} PrecisPrefsPage;

static PrecisPrefsPage prefs_page;
static gchar *page_path[3];

static void
prefs_clamp(void)
{
  PrecisPluginPrefs *p = &precis_plugin_prefs;
  p->n_sentences = CLAMP(p->n_sentences, 1, 10);
  p->timeout_s = CLAMP(p->timeout_s, 1, 300);
  p->max_page_kib = CLAMP(p->max_page_kib, 64, 65536);
  if (p->language == NULL)
    p->language = g_strdup("");
  g_strstrip(p->language);
  if (*p->language != '\0' && !precis_language_is_known(p->language)) {
    g_message("precis: unknown language '%s' in clawsrc, detecting instead",
              p->language);
    p->language[0] = '\0';
  }
}

void
precis_prefs_to_config(PrecisDigestConfig *config)
{
  const PrecisPluginPrefs *p = &precis_plugin_prefs;
  precis_digest_config_init(config);
  config->n_sentences = (guint)p->n_sentences;
  config->fetch = p->fetch;
  config->timeout_ms = (guint)p->timeout_s * 1000u;
  config->max_bytes = (gsize)p->max_page_kib * 1024u;
  config->language =
      p->language && *p->language ? g_ascii_strdown(p->language, -1) : NULL;
  config->use_disk_cache = TRUE;
}

static void
prefs_save(void)
{
  g_autofree gchar *rcpath =
      g_strconcat(get_rc_dir(), G_DIR_SEPARATOR_S, COMMON_RC, NULL);
  PrefFile *pf = prefs_write_open(rcpath);
  if (pf == NULL) {
    g_warning("precis: cannot open %s for writing", rcpath);
    return;
  }
  if (prefs_set_block_label(pf, PREFS_BLOCK) < 0) {
    g_warning("precis: cannot write the [%s] block", PREFS_BLOCK);
    return; /* prefs_set_block_label closed and reverted the file */
  }
  if (prefs_write_param(params, pf->fp) < 0 || fputc('\n', pf->fp) == EOF) {
    g_warning("precis: failed to write the preferences");
    prefs_file_close_revert(pf);
    return;
  }
  prefs_file_close(pf);
}

/* ---- The page ------------------------------------------------------------ */

static GtkWidget *
spin_row(GtkWidget *box, const char *label, const char *unit, gdouble lo,
         gdouble hi, gdouble step, gint value, const char *tip)
{
  GtkWidget *hbox = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *l = gtk_label_new(label);
  GtkWidget *spin = gtk_spin_button_new_with_range(lo, hi, step);
  gtk_spin_button_set_value(GTK_SPIN_BUTTON(spin), value);
  gtk_spin_button_set_numeric(GTK_SPIN_BUTTON(spin), TRUE);
  gtk_box_pack_start(GTK_BOX(hbox), l, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(hbox), spin, FALSE, FALSE, 0);
  if (unit != NULL)
    gtk_box_pack_start(GTK_BOX(hbox), gtk_label_new(unit), FALSE, FALSE, 0);
  if (tip != NULL)
    gtk_widget_set_tooltip_text(spin, tip);
  gtk_box_pack_start(GTK_BOX(box), hbox, FALSE, FALSE, 0);
  return spin;
}

static GtkWidget *
frame_box(GtkWidget *parent, const char *title)
{
  GtkWidget *frame = gtk_frame_new(title);
  GtkWidget *vbox = gtk_box_new(GTK_ORIENTATION_VERTICAL, VSPACING_NARROW);
  gtk_frame_set_label_align(GTK_FRAME(frame), 0.01, 0.5);
  gtk_container_set_border_width(GTK_CONTAINER(vbox), VBOX_BORDER);
  gtk_container_add(GTK_CONTAINER(frame), vbox);
  gtk_box_pack_start(GTK_BOX(parent), frame, FALSE, TRUE, 0);
  return vbox;
}

static void
page_create(PrefsPage *_page, GtkWindow *window, gpointer data)
{
  PrecisPrefsPage *page = (PrecisPrefsPage *)_page;
  const PrecisPluginPrefs *p = &precis_plugin_prefs;
  (void)window;
  (void)data;

  GtkWidget *vbox = gtk_box_new(GTK_ORIENTATION_VERTICAL, VSPACING);
  gtk_container_set_border_width(GTK_CONTAINER(vbox), VBOX_BORDER);

  page->enabled =
      gtk_check_button_new_with_mnemonic("_Show a digest above each feed item");
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(page->enabled), p->enabled);
  gtk_box_pack_start(GTK_BOX(vbox), page->enabled, FALSE, FALSE, 0);

  GtkWidget *content = gtk_box_new(GTK_ORIENTATION_VERTICAL, VSPACING);
  gtk_box_pack_start(GTK_BOX(vbox), content, FALSE, FALSE, 0);

  GtkWidget *digest = frame_box(content, "Digest");
  page->sentences = spin_row(digest, "Number of sentences", NULL, 1, 10, 1,
                             p->n_sentences, NULL);

  GtkWidget *lang_row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_box_pack_start(GTK_BOX(lang_row), gtk_label_new("Language"), FALSE, FALSE,
                     0);
  page->language = gtk_combo_box_text_new_with_entry();
  gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(page->language), "",
                            "Automatic");
  for (gsize i = 0; i < G_N_ELEMENTS(languages); i++)
    if (precis_language_is_known(languages[i].code))
      gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(page->language),
                                languages[i].code, languages[i].name);
  GtkWidget *entry = gtk_bin_get_child(GTK_BIN(page->language));
  gtk_entry_set_width_chars(GTK_ENTRY(entry), 14);
  if (!gtk_combo_box_set_active_id(GTK_COMBO_BOX(page->language),
                                   p->language ? p->language : ""))
    gtk_entry_set_text(GTK_ENTRY(entry), p->language);
  gtk_widget_set_tooltip_text(
      page->language, "Detected from each article when Automatic; otherwise "
                      "an ISO 639-1 code such as en or fr");
  gtk_box_pack_start(GTK_BOX(lang_row), page->language, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(digest), lang_row, FALSE, FALSE, 0);

  GtkWidget *source = frame_box(content, "Source");
  page->fetch = gtk_radio_button_new_with_mnemonic(
      NULL, "_Fetch the article from the item's link");
  page->feed_only = gtk_radio_button_new_with_mnemonic_from_widget(
      GTK_RADIO_BUTTON(page->fetch), "Use the feed _text only (no network)");
  gtk_toggle_button_set_active(
      GTK_TOGGLE_BUTTON(p->fetch ? page->fetch : page->feed_only), TRUE);
  gtk_box_pack_start(GTK_BOX(source), page->fetch, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(source), page->feed_only, FALSE, FALSE, 0);
  GtkWidget *net = gtk_box_new(GTK_ORIENTATION_VERTICAL, VSPACING_NARROW);
  gtk_widget_set_margin_start(net, 24);
  page->timeout =
      spin_row(net, "Timeout", "seconds", 1, 300, 1, p->timeout_s, NULL);
  page->max_page = spin_row(net, "Maximum page size", "KiB", 64, 65536, 64,
                            p->max_page_kib, "Larger pages are not summarized");
  gtk_box_pack_start(GTK_BOX(source), net, FALSE, FALSE, 0);
  GtkWidget *note = gtk_label_new(
      "Items whose feed text is already the whole article are summarized "
      "without fetching.");
  gtk_label_set_line_wrap(GTK_LABEL(note), TRUE);
  gtk_label_set_xalign(GTK_LABEL(note), 0.0);
  gtk_style_context_add_class(gtk_widget_get_style_context(note), "dim-label");
  gtk_box_pack_start(GTK_BOX(source), note, FALSE, FALSE, 0);

  g_object_bind_property(page->fetch, "active", net, "sensitive",
                         G_BINDING_SYNC_CREATE);
  g_object_bind_property(page->enabled, "active", content, "sensitive",
                         G_BINDING_SYNC_CREATE);

  gtk_widget_show_all(vbox);
  page->page.widget = vbox;
}

static void
page_destroy(PrefsPage *_page)
{
  (void)_page;
}

static void
page_save(PrefsPage *_page)
{
  PrecisPrefsPage *page = (PrecisPrefsPage *)_page;
  PrecisPluginPrefs *p = &precis_plugin_prefs;

  p->enabled = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(page->enabled));
  p->n_sentences =
      gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(page->sentences));
  p->fetch = gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(page->fetch));
  p->timeout_s =
      gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(page->timeout));
  p->max_page_kib =
      gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(page->max_page));

  const char *id = gtk_combo_box_get_active_id(GTK_COMBO_BOX(page->language));
  g_autofree char *text = NULL;
  if (id != NULL) {
    text = g_strdup(id);
  } else {
    /* Typed in: a code, or "Name (code)". */
    text = g_strstrip(
        gtk_combo_box_text_get_active_text(GTK_COMBO_BOX_TEXT(page->language)));
    char *open = text ? strrchr(text, '(') : NULL;
    if (open != NULL && g_str_has_suffix(open, ")")) {
      char *code = g_strndup(open + 1, strlen(open) - 2);
      g_free(text);
      text = code;
    }
  }
  if (text == NULL || g_ascii_strcasecmp(text, "Automatic") == 0)
    g_clear_pointer(&text, g_free);
  g_free(p->language);
  p->language = g_strdup(text ? text : "");
  prefs_clamp();
  prefs_save();
  precis_ui_prefs_changed();
}

void
precis_prefs_init(void)
{
  prefs_set_default(params);
  g_autofree gchar *rcpath =
      g_strconcat(get_rc_dir(), G_DIR_SEPARATOR_S, COMMON_RC, NULL);
  prefs_read_config(params, PREFS_BLOCK, rcpath, NULL);
  prefs_clamp();

  page_path[0] = STR("Plugins");
  page_path[1] = STR("Precis");
  page_path[2] = NULL;
  memset(&prefs_page, 0, sizeof prefs_page);
  prefs_page.page.path = page_path;
  prefs_page.page.create_widget = page_create;
  prefs_page.page.destroy_widget = page_destroy;
  prefs_page.page.save_page = page_save;
  prefs_page.page.weight = 30.0;
  prefs_gtk_register_page((PrefsPage *)&prefs_page);
}

void
precis_prefs_done(void)
{
  prefs_gtk_unregister_page((PrefsPage *)&prefs_page);
  g_clear_pointer(&precis_plugin_prefs.language, g_free);
}
