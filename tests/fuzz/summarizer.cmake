# SPDX-License-Identifier: GPL-3.0-or-later
# The summarizer's fuzz target: text (first byte = options) -> digest; it
# also checks stem-english.c against libstemmer.
precis_add_fuzz(summarizer precis-summarizer precis_stemmer)
