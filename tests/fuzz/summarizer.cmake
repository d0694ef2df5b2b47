# SPDX-License-Identifier: GPL-3.0-or-later
# The summarizer's fuzz target: text (first byte = options) -> digest.
precis_add_fuzz(summarizer precis-summarizer)
