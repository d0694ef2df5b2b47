# SPDX-License-Identifier: GPL-3.0-or-later
# Fuzz targets of the feed module: the feed parser and the date parser.
precis_add_fuzz(feed precis-feeds)
precis_add_fuzz(date precis-feeds)
