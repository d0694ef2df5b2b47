/* SPDX-License-Identifier: GPL-3.0-or-later
 * map.c: precis_cli_map(), the inputs of `precis extract` and `precis
 * summarize` worked on by several threads and printed in their order.
 *
 * Each thread claims the next unclaimed input, works on it with its own
 * state (a summarizer: those are not shared between threads), and leaves
 * the result in the input's slot; the calling thread alone emits the slots
 * in input order, as they complete, so stdout and stderr read exactly as
 * with one thread.
 * Invariants: an input is claimed only while it is fewer than `window`
 * inputs ahead of the next one to emit, so at most window results (and
 * their inputs) are held at once whatever the number of inputs; slots are
 * written under `lock` by their worker and read by the caller after `done`.
 * Cost: `threads` extra threads (the caller only waits and emits; with one
 * thread everything runs in the caller); one small slot per input.
 */
#include "cli.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  gpointer result;
  GError *error;
  gboolean done;
} Slot;

typedef struct {
  char **inputs;
  guint n;
  guint window;
  const PrecisCliMapFuncs *funcs;
  gpointer user_data;

  GMutex lock;
  GCond cond;
  guint next;    /* first input not yet claimed */
  guint emitted; /* inputs emitted so far */
  Slot *slots;
} Map;

static gpointer
map_worker(gpointer data)
{
  Map *m = data;
  gpointer state =
      m->funcs->state_new ? m->funcs->state_new(m->user_data) : NULL;

  for (;;) {
    g_mutex_lock(&m->lock);
    while (m->next < m->n && m->next >= m->emitted + m->window)
      g_cond_wait(&m->cond, &m->lock);
    if (m->next >= m->n) {
      g_mutex_unlock(&m->lock);
      break;
    }
    guint i = m->next++;
    g_mutex_unlock(&m->lock);

    GError *error = NULL;
    gpointer r = m->funcs->work(state, m->inputs[i], m->user_data, &error);

    g_mutex_lock(&m->lock);
    m->slots[i].result = r;
    m->slots[i].error = error;
    m->slots[i].done = TRUE;
    g_cond_broadcast(&m->cond);
    g_mutex_unlock(&m->lock);
  }
  if (state != NULL && m->funcs->state_free != NULL)
    m->funcs->state_free(state);
  return NULL;
}

static void
emit_one(const Map *m, char *input, gpointer result, GError *error)
{
  m->funcs->emit(input, result, error, m->user_data);
  if (result != NULL && m->funcs->result_free != NULL)
    m->funcs->result_free(result);
  g_clear_error(&error);
}

/* Below this average input size a thread costs more than it brings: a text
 * article is summarized in a fifth of a millisecond, and a second thread
 * slowed a run over 167 of them (more CPU for the same wall time), while
 * web pages (tens of KiB, milliseconds each) gain. */
#define MIN_BYTES_PER_INPUT (16u * 1024u)

static guint
auto_threads(char **inputs, guint n)
{
  guint cpus = CLAMP((guint)g_get_num_processors(), 1u, PRECIS_CLI_MAX_THREADS);
  if (n < 2 || cpus == 1)
    return 1;
  guint64 total = 0;
  for (guint i = 0; i < n; i++) {
    if (precis_cli_is_url(inputs[i]))
      return cpus; /* fetching is waiting: threads always pay */
    GStatBuf st;
    if (strcmp(inputs[i], "-") != 0 && g_stat(inputs[i], &st) == 0 &&
        S_ISREG(st.st_mode))
      total += (guint64)st.st_size;
  }
  return total / n >= MIN_BYTES_PER_INPUT ? cpus : 1u;
}

void
precis_cli_map(char **inputs, guint n, guint threads,
               const PrecisCliMapFuncs *funcs, gpointer user_data)
{
  g_return_if_fail(funcs != NULL && funcs->work != NULL && funcs->emit != NULL);
  /* libcurl's global set-up, once and before any thread, when a URL is
   * among the inputs. */
  for (guint i = 0; i < n; i++)
    if (precis_cli_is_url(inputs[i])) {
      precis_fetch_global_init();
      break;
    }
  if (threads == 0)
    threads = auto_threads(inputs, n);
  threads = CLAMP(threads, 1u, MAX(n, 1u));

  if (threads == 1) {
    gpointer state = funcs->state_new ? funcs->state_new(user_data) : NULL;
    Map m = {.funcs = funcs, .user_data = user_data};
    for (guint i = 0; i < n; i++) {
      GError *error = NULL;
      gpointer r = funcs->work(state, inputs[i], user_data, &error);
      emit_one(&m, inputs[i], r, error);
    }
    if (state != NULL && funcs->state_free != NULL)
      funcs->state_free(state);
    return;
  }

  Map m = {
      .inputs = inputs,
      .n = n,
      .window = 4 * threads,
      .funcs = funcs,
      .user_data = user_data,
      .slots = g_new0(Slot, n),
  };
  g_mutex_init(&m.lock);
  g_cond_init(&m.cond);

  g_autoptr(GPtrArray) workers = g_ptr_array_new();
  for (guint t = 0; t < threads; t++)
    g_ptr_array_add(workers, g_thread_new("precis-map", map_worker, &m));

  for (guint i = 0; i < n; i++) {
    g_mutex_lock(&m.lock);
    while (!m.slots[i].done)
      g_cond_wait(&m.cond, &m.lock);
    gpointer r = m.slots[i].result;
    GError *error = m.slots[i].error;
    m.slots[i].result = NULL;
    m.slots[i].error = NULL;
    g_mutex_unlock(&m.lock);

    emit_one(&m, inputs[i], r, error);

    g_mutex_lock(&m.lock);
    m.emitted = i + 1;
    g_cond_broadcast(&m.cond);
    g_mutex_unlock(&m.lock);
  }

  for (guint t = 0; t < workers->len; t++)
    g_thread_join(workers->pdata[t]);
  g_mutex_clear(&m.lock);
  g_cond_clear(&m.cond);
  g_free(m.slots);
}
