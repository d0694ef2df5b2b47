/* SPDX-License-Identifier: GPL-3.0-or-later
 * driver.c: replays a libFuzzer corpus without libFuzzer, so that gcc builds
 * and CI check every saved input.  Arguments are files or directories (read
 * one level deep, in sorted order); each file is passed once to
 * LLVMFuzzerTestOneInput.  Cost: one read per file.
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents(path, &data, &len, &error)) {
    fprintf(stderr, "driver: %s\n", error->message);
    return 1;
  }
  /* Hand the fuzzer a buffer of exactly len bytes, as libFuzzer does, so
   * that ASan sees reads past the end. */
  g_autofree uint8_t *copy = g_memdup2(data, len);
  LLVMFuzzerTestOneInput(copy, len);
  return 0;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

int
main(int argc, char **argv)
{
  guint runs = 0;
  int failures = 0;

  for (int i = 1; i < argc; i++) {
    if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
      failures += run_file(argv[i]);
      runs++;
      continue;
    }
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) dir = g_dir_open(argv[i], 0, &error);
    if (dir == NULL) {
      fprintf(stderr, "driver: %s\n", error->message);
      return 1;
    }
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(dir)) != NULL)
      g_ptr_array_add(names, g_build_filename(argv[i], name, NULL));
    g_ptr_array_sort(names, compare_names);
    for (guint j = 0; j < names->len; j++) {
      if (g_file_test(names->pdata[j], G_FILE_TEST_IS_REGULAR)) {
        failures += run_file(names->pdata[j]);
        runs++;
      }
    }
  }
  printf("driver: %u inputs replayed\n", runs);
  return failures ? 1 : 0;
}
