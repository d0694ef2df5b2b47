# SPDX-License-Identifier: GPL-3.0-or-later
# The page cleaner's fuzz target: HTML or text residue (first byte =
# options) -> article.
precis_add_fuzz(page precis-feeds)
