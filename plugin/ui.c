/* SPDX-License-Identifier: GPL-3.0-or-later
 * ui.c: the digest box above a feed item's body.
 *
 * On message_view_show_done_hooklist (fired at the end of messageview_show()
 * with the MessageView) the plugin finds or creates its box in that view's
 * vbox, at index 2, right above the body, whatever renders the body.  A
 * message is a feed item when it lives in an RSSyl folder or carries an
 * X-RSSyl-URL header; for anything else the box is hidden.  The box then
 * shows, in this order: a cached digest at once, or a "working" state while
 * the digester runs the job on a worker thread, then the digest or a short
 * reason with a Retry button.
 *
 * Each box has a generation counter: showing another message cancels the
 * previous job and bumps it, so a late completion for an old message is
 * dropped (its digest still goes into the cache).  Callbacks reach the box
 * through a reference-counted DigestBox whose widget pointer is cleared when
 * GTK destroys the box (the message window closed), so a completion never
 * touches a dead widget.  Colours and fonts come from the GTK theme (frame,
 * dim-label, link colour), so light and dark themes both work.
 *
 * The plugin never writes a message or folder: it only reads the item's
 * header through Claws and its file through the worker.  Each digest shown
 * is logged (G_LOG_DOMAIN "precis", G_MESSAGES_DEBUG=precis) with its URL,
 * its latency and its sentences, so tests see what the user sees.
 */
#include "claws-features.h"

#include <glib.h>
#include <gtk/gtk.h>
#include <string.h>

#include "defs.h"
#include "utils.h"
#include "hooks.h"
#include "folder.h"
#include "procmsg.h"
#include "procheader.h"
#include "messageview.h"
#include "mimeview.h"
#include "textview.h"
#include "prefs_common.h"

#include "precis-plugin.h"

#define BOX_KEY "precis-digest-box"

typedef struct {
  GtkWidget *frame; /* NULL once destroyed */
  GtkWidget *title;
  GtkWidget *meta;
  GtkWidget *sentences; /* GtkGrid */
  GtkWidget *status_row;
  GtkWidget *status_icon;
  GtkWidget *spinner;
  GtkWidget *status;
  GtkWidget *retry;
  PrecisDigestRequest request; /* the item shown, for Retry */
  GCancellable *cancellable;
  guint generation;
  gint64 started_us; /* monotonic time of the selection */
  gboolean log_retry;
} DigestBox;

typedef struct {
  DigestBox *box; /* a reference */
  guint generation;
  char *url; /* for the log */
} Ticket;

static gulong hook_id = HOOK_NONE;
static PrecisDigester *digester;
static GList *boxes; /* DigestBox*, each holding a reference */

static DigestBox *
box_ref(DigestBox *box)
{
  return g_rc_box_acquire(box);
}

static void
box_clear(gpointer data)
{
  DigestBox *box = data;
  precis_digest_request_clear(&box->request);
  g_clear_object(&box->cancellable);
}

static void
box_unref(DigestBox *box)
{
  g_rc_box_release_full(box, box_clear);
}

static void
box_cancel(DigestBox *box)
{
  box->generation++;
  if (box->cancellable != NULL) {
    g_cancellable_cancel(box->cancellable);
    g_clear_object(&box->cancellable);
  }
}

static double
now_s(void)
{
  return (double)g_get_real_time() / 1e6;
}

/* ---- Widgets ------------------------------------------------------------- */

static gboolean
on_activate_link(GtkLabel *label, const gchar *uri, gpointer data)
{
  (void)label;
  (void)data;
  /* The user's browser command, as everywhere else in Claws. */
  open_uri(uri, prefs_common_get_uri_cmd());
  return TRUE;
}

static GtkWidget *
wrapped_label(void)
{
  GtkWidget *label = gtk_label_new(NULL);
  gtk_label_set_line_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_line_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign(GTK_LABEL(label), 0.0);
  gtk_label_set_yalign(GTK_LABEL(label), 0.0);
  gtk_widget_set_hexpand(label, TRUE);
  gtk_widget_set_halign(label, GTK_ALIGN_FILL);
  return label;
}

static void start_digest(DigestBox *box);

static void
on_retry(GtkButton *button, gpointer data)
{
  DigestBox *box = data;
  (void)button;
  g_debug("retry url=%s t=%.6f", box->request.url ? box->request.url : "(none)",
          now_s());
  box->started_us = g_get_monotonic_time();
  start_digest(box);
}

static gboolean
on_retry_draw(GtkWidget *widget, cairo_t *cr, gpointer data)
{
  DigestBox *box = data;
  (void)cr;
  if (!box->log_retry)
    return FALSE;
  box->log_retry = FALSE;
  /* Where the button is on the screen, for tests that click it. */
  GtkWidget *top = gtk_widget_get_toplevel(widget);
  GdkWindow *win = gtk_widget_get_window(top);
  gint x = 0, y = 0, ox = 0, oy = 0;
  GtkAllocation a;
  gtk_widget_get_allocation(widget, &a);
  if (win != NULL && gtk_widget_translate_coordinates(widget, top, a.width / 2,
                                                      a.height / 2, &x, &y)) {
    gdk_window_get_origin(win, &ox, &oy);
    g_debug("retry button at %d,%d", ox + x, oy + y);
  }
  return FALSE;
}

static void
on_frame_destroy(GtkWidget *widget, gpointer data)
{
  DigestBox *box = data;
  (void)widget;
  box_cancel(box);
  box->frame = NULL;
  boxes = g_list_remove(boxes, box);
  box_unref(box);
}

/* messageview_clear() (a folder opened with no message selected) fires no
 * hook but empties the text view: hide the box with it.  messageview_show()
 * empties it too, before the show-done hook shows the box again. */
static void
on_body_changed(GtkTextBuffer *buffer, gpointer data)
{
  GtkWidget *frame = data;
  if (gtk_text_buffer_get_char_count(buffer) != 0)
    return;
  DigestBox *box = g_object_get_data(G_OBJECT(frame), BOX_KEY);
  if (box != NULL && gtk_widget_get_visible(frame)) {
    box_cancel(box);
    gtk_widget_hide(frame);
    g_debug("digest box hidden: message view cleared t=%.6f", now_s());
  }
}

static DigestBox *
box_create(MessageView *mv)
{
  GtkWidget *vbox = mv->vbox;
  DigestBox *box = g_rc_box_new0(DigestBox);

  box->frame = gtk_frame_new(NULL);
  gtk_frame_set_shadow_type(GTK_FRAME(box->frame), GTK_SHADOW_IN);
  gtk_widget_set_margin_start(box->frame, 6);
  gtk_widget_set_margin_end(box->frame, 6);
  gtk_widget_set_margin_top(box->frame, 4);
  gtk_widget_set_margin_bottom(box->frame, 4);
  gtk_widget_set_name(box->frame, "precis-digest");

  GtkWidget *inner = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
  gtk_container_set_border_width(GTK_CONTAINER(inner), 8);
  gtk_container_add(GTK_CONTAINER(box->frame), inner);

  box->title = wrapped_label();
  PangoAttrList *bold = pango_attr_list_new();
  pango_attr_list_insert(bold, pango_attr_weight_new(PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes(GTK_LABEL(box->title), bold);
  pango_attr_list_unref(bold);
  gtk_label_set_selectable(GTK_LABEL(box->title), TRUE);
  gtk_widget_set_can_focus(box->title, FALSE);
  gtk_box_pack_start(GTK_BOX(inner), box->title, FALSE, FALSE, 0);

  box->meta = wrapped_label();
  gtk_style_context_add_class(gtk_widget_get_style_context(box->meta),
                              "dim-label");
  g_signal_connect(box->meta, "activate-link", G_CALLBACK(on_activate_link),
                   NULL);
  gtk_box_pack_start(GTK_BOX(inner), box->meta, FALSE, FALSE, 0);

  box->sentences = gtk_grid_new();
  gtk_grid_set_row_spacing(GTK_GRID(box->sentences), 4);
  gtk_grid_set_column_spacing(GTK_GRID(box->sentences), 6);
  gtk_widget_set_margin_top(box->sentences, 4);
  gtk_box_pack_start(GTK_BOX(inner), box->sentences, FALSE, FALSE, 0);

  box->status_row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top(box->status_row, 2);
  box->spinner = gtk_spinner_new();
  box->status_icon = gtk_image_new_from_icon_name("dialog-warning-symbolic",
                                                  GTK_ICON_SIZE_MENU);
  box->status = wrapped_label();
  gtk_label_set_yalign(GTK_LABEL(box->status), 0.5);
  box->retry = gtk_button_new_with_mnemonic("_Retry");
  gtk_widget_set_valign(box->retry, GTK_ALIGN_CENTER);
  g_signal_connect(box->retry, "clicked", G_CALLBACK(on_retry), box);
  g_signal_connect(box->retry, "draw", G_CALLBACK(on_retry_draw), box);
  gtk_box_pack_start(GTK_BOX(box->status_row), box->spinner, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(box->status_row), box->status_icon, FALSE, FALSE,
                     0);
  gtk_box_pack_start(GTK_BOX(box->status_row), box->status, TRUE, TRUE, 0);
  gtk_box_pack_end(GTK_BOX(box->status_row), box->retry, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(inner), box->status_row, FALSE, FALSE, 0);

  gtk_widget_show_all(inner);
  gtk_box_pack_start(GTK_BOX(vbox), box->frame, FALSE, FALSE, 0);
  gtk_box_reorder_child(GTK_BOX(vbox), box->frame, 2);

  /* The list's reference lasts until the widget goes. */
  boxes = g_list_prepend(boxes, box);
  g_signal_connect(box->frame, "destroy", G_CALLBACK(on_frame_destroy), box);
  g_object_set_data(G_OBJECT(vbox), BOX_KEY, box);
  g_object_set_data(G_OBJECT(box->frame), BOX_KEY, box);
  if (mv->mimeview != NULL && mv->mimeview->textview != NULL &&
      GTK_IS_TEXT_VIEW(mv->mimeview->textview->text)) {
    GtkTextBuffer *buffer =
        gtk_text_view_get_buffer(GTK_TEXT_VIEW(mv->mimeview->textview->text));
    /* Disconnected automatically when the frame goes. */
    g_signal_connect_object(buffer, "changed", G_CALLBACK(on_body_changed),
                            box->frame, 0);
  }
  return box;
}

static void
set_meta(DigestBox *box, const char *site, const char *date, const char *url)
{
  GString *s = g_string_new(NULL);
  if (site != NULL) {
    g_autofree char *e = g_markup_escape_text(site, -1);
    g_string_append(s, e);
  }
  if (date != NULL) {
    g_autofree char *e = g_markup_escape_text(date, -1);
    g_string_append_printf(s, "%s%s", s->len ? "  \u00b7  " : "", e);
  }
  if (url != NULL) {
    g_autofree char *e = g_markup_escape_text(url, -1);
    g_string_append_printf(s, "%s<a href=\"%s\" title=\"%s\">Open the page</a>",
                           s->len ? "  \u00b7  " : "", e, e);
  }
  gtk_label_set_markup(GTK_LABEL(box->meta), s->str);
  gtk_widget_set_visible(box->meta, s->len > 0);
  g_string_free(s, TRUE);
}

static void
clear_sentences(DigestBox *box)
{
  GList *children = gtk_container_get_children(GTK_CONTAINER(box->sentences));
  for (GList *l = children; l; l = l->next)
    gtk_widget_destroy(l->data);
  g_list_free(children);
}

static void
set_title(DigestBox *box, const char *title)
{
  gtk_label_set_text(GTK_LABEL(box->title), title ? title : "");
  gtk_widget_set_visible(box->title, title != NULL && *title);
}

static void
show_working(DigestBox *box)
{
  char *host = precis_item_url_host(box->request.url);
  set_title(box, box->request.title);
  set_meta(box, box->request.site ? box->request.site : host, NULL,
           box->request.url);
  g_free(host);
  clear_sentences(box);
  gtk_widget_hide(box->sentences);
  gtk_widget_hide(box->status_icon);
  gtk_widget_hide(box->retry);
  gtk_widget_show(box->spinner);
  gtk_spinner_start(GTK_SPINNER(box->spinner));
  gtk_label_set_text(GTK_LABEL(box->status),
                     precis_plugin_prefs.fetch && box->request.url
                         ? "Making a digest of the article\u2026"
                         : "Making a digest of the feed text\u2026");
  gtk_widget_show(box->status_row);
  gtk_widget_show(box->frame);
}

static void
show_error(DigestBox *box, const GError *error)
{
  g_autofree char *reason = precis_digest_error_reason(error);
  g_autofree char *text = g_strdup_printf("No digest: %s.", reason);
  gtk_spinner_stop(GTK_SPINNER(box->spinner));
  gtk_widget_hide(box->spinner);
  gtk_widget_show(box->status_icon);
  gtk_label_set_text(GTK_LABEL(box->status), text);
  gtk_widget_show(box->retry);
  gtk_widget_show(box->status_row);
  box->log_retry = TRUE;
  gtk_widget_queue_draw(box->retry);
  g_debug("digest error url=%s reason=%s t=%.6f",
          box->request.url ? box->request.url : "(none)", reason, now_s());
}

static void
show_view(DigestBox *box, PrecisDigestView *view, gboolean cached)
{
  double ms = (double)(g_get_monotonic_time() - box->started_us) / 1000.0;
  guint n = g_strv_length(view->sentences);

  gtk_spinner_stop(GTK_SPINNER(box->spinner));
  gtk_widget_hide(box->status_row);
  set_title(box, view->title ? view->title : box->request.title);
  set_meta(box, view->site, view->date, view->url);
  clear_sentences(box);
  for (guint i = 0; i < n; i++) {
    GtkWidget *bullet = gtk_label_new("\u2022");
    gtk_label_set_yalign(GTK_LABEL(bullet), 0.0);
    gtk_widget_set_valign(bullet, GTK_ALIGN_START);
    GtkWidget *label = wrapped_label();
    gtk_label_set_text(GTK_LABEL(label), view->sentences[i]);
    gtk_label_set_selectable(GTK_LABEL(label), TRUE);
    gtk_widget_set_can_focus(label, FALSE);
    gtk_grid_attach(GTK_GRID(box->sentences), bullet, 0, (gint)i, 1, 1);
    gtk_grid_attach(GTK_GRID(box->sentences), label, 1, (gint)i, 1, 1);
  }
  gtk_widget_show_all(box->sentences);
  gtk_widget_show(box->frame);

  g_debug("digest shown url=%s cached=%d feed=%d ms=%.1f n=%u t=%.6f "
          "title=%s",
          view->url ? view->url : "(none)", cached ? 1 : 0,
          view->from_feed ? 1 : 0, ms, n, now_s(),
          view->title ? view->title : "");
  for (guint i = 0; i < n; i++)
    g_debug("digest sentence %u/%u: %s", i + 1, n, view->sentences[i]);
}

/* ---- Jobs ---------------------------------------------------------------- */

static void
on_digest(PrecisDigestView *view, const GError *error, gpointer data)
{
  Ticket *ticket = data;
  DigestBox *box = ticket->box;

  if (box->frame != NULL && ticket->generation == box->generation) {
    g_clear_object(&box->cancellable);
    if (view != NULL)
      show_view(box, view, FALSE);
    else if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
             !g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CLOSED))
      show_error(box, error);
  }
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug("digest cancelled url=%s t=%.6f",
            ticket->url ? ticket->url : "(none)", now_s());
  box_unref(box);
  g_free(ticket->url);
  g_free(ticket);
}

static void
start_digest(DigestBox *box)
{
  PrecisDigestConfig config;

  box_cancel(box);
  precis_prefs_to_config(&config);
  g_autofree char *key = precis_digest_request_key(&box->request, &config);
  g_autoptr(PrecisDigestView) view = precis_digester_lookup(digester, key);
  if (view != NULL) {
    show_view(box, view, TRUE);
    precis_digest_config_clear(&config);
    return;
  }
  show_working(box);
  box->cancellable = g_cancellable_new();
  Ticket *ticket = g_new0(Ticket, 1);
  ticket->box = box_ref(box);
  ticket->generation = box->generation;
  ticket->url = g_strdup(box->request.url);
  precis_digester_run(digester, &box->request, &config, box->cancellable,
                      on_digest, ticket);
  precis_digest_config_clear(&config);
}

static gboolean
is_rssyl_folder(const FolderItem *item)
{
  return item != NULL && item->folder != NULL && item->folder->klass != NULL &&
         item->folder->klass->idstr != NULL &&
         strcmp(item->folder->klass->idstr, "rssyl") == 0;
}

static char *
iso_date(time_t t)
{
  if (t <= 0)
    return NULL;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc((gint64)t);
  return dt ? g_date_time_format_iso8601(dt) : NULL;
}

static gboolean
on_show_done(gpointer source, gpointer data)
{
  MessageView *mv = source;
  (void)data;

  if (mv == NULL || mv->vbox == NULL || !GTK_IS_BOX(mv->vbox))
    return FALSE;
  DigestBox *box = g_object_get_data(G_OBJECT(mv->vbox), BOX_KEY);
  MsgInfo *mi = mv->msginfo;

  if (box != NULL)
    box_cancel(box);
  if (mi == NULL || !precis_plugin_prefs.enabled) {
    if (box != NULL)
      gtk_widget_hide(box->frame);
    return FALSE;
  }

  gchar *header = NULL;
  static char header_name[] = "X-RSSyl-URL:"; /* Claws wants gchar * */
  if (procheader_get_header_from_msginfo(mi, &header, header_name) != 0)
    g_clear_pointer(&header, g_free);
  g_autofree char *folder_id =
      mi->folder ? folder_item_get_identifier(mi->folder) : NULL;
  if (header == NULL && !is_rssyl_folder(mi->folder)) {
    g_debug("no digest: not a feed item (%s/%u) t=%.6f",
            folder_id ? folder_id : "?", mi->msgnum, now_s());
    if (box != NULL)
      gtk_widget_hide(box->frame);
    return FALSE;
  }

  if (box == NULL)
    box = box_create(mv);
  box->started_us = g_get_monotonic_time();
  precis_digest_request_clear(&box->request);
  box->request.url = precis_item_choose_url(header, mi->msgid);
  box->request.message_path = procmsg_get_message_file_path(mi);
  box->request.title = g_strdup(mi->subject);
  box->request.site = mi->folder ? g_strdup(mi->folder->name) : NULL;
  box->request.date = iso_date(mi->date_t);
  box->request.item_id =
      g_strdup_printf("%s/%u", folder_id ? folder_id : "", mi->msgnum);
  g_free(header);

  g_debug("item selected %s url=%s t=%.6f", box->request.item_id,
          box->request.url ? box->request.url : "(none)", now_s());
  start_digest(box);
  return FALSE; /* let other hooks run */
}

/* ---- Lifetime ------------------------------------------------------------ */

gboolean
precis_ui_init(GError **error)
{
  /* Two workers: one for the item on screen, one so that a slow page never
   * holds up the next item (its job is cancelled, but DNS may linger). */
  digester = precis_digester_new(2, 512);
  hook_id =
      hooks_register_hook(MESSAGE_VIEW_SHOW_DONE_HOOKLIST, on_show_done, NULL);
  if (hook_id == HOOK_NONE) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                "cannot register the %s hook", MESSAGE_VIEW_SHOW_DONE_HOOKLIST);
    precis_digester_free(g_steal_pointer(&digester));
    return FALSE;
  }
  return TRUE;
}

gboolean
precis_ui_done(void)
{
  if (hook_id != HOOK_NONE) {
    hooks_unregister_hook(MESSAGE_VIEW_SHOW_DONE_HOOKLIST, hook_id);
    hook_id = HOOK_NONE;
  }
  /* Stop the workers first: their completions still find the boxes. */
  gboolean stopped = digester ? precis_digester_shutdown(digester, 5000) : TRUE;
  while (boxes != NULL) {
    DigestBox *box = boxes->data;
    GtkWidget *parent = gtk_widget_get_parent(box->frame);
    if (parent != NULL)
      g_object_set_data(G_OBJECT(parent), BOX_KEY, NULL);
    gtk_widget_destroy(box->frame); /* on_frame_destroy unlinks it */
  }
  if (!stopped) {
    g_warning("precis: a digest worker did not stop in time; keeping the "
              "plugin loaded");
    return FALSE;
  }
  precis_digester_free(g_steal_pointer(&digester));
  return TRUE;
}

void
precis_ui_prefs_changed(void)
{
  for (GList *l = boxes; l; l = l->next) {
    DigestBox *box = l->data;
    if (!gtk_widget_get_visible(box->frame))
      continue;
    if (!precis_plugin_prefs.enabled) {
      box_cancel(box);
      gtk_widget_hide(box->frame);
    } else if (box->request.url || box->request.message_path) {
      box->started_us = g_get_monotonic_time();
      start_digest(box);
    }
  }
}
