"""Settings for the production build: `pelican content -s publishconf.py`.

SITEURL comes from the environment variable of that name when it is set
(GitHub Pages' configure-pages step provides it), else from an imported Hugo
site's baseURL, else from SITEURL_DEFAULT.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL_DEFAULT = "https://example.github.io"
SITEURL = os.environ.get("SITEURL", SITEURL_DEFAULT).rstrip("/")
RELATIVE_URLS = False
# An imported Hugo site's baseURL stands in when the environment gives no SITEURL.
HUGO_USE_BASEURL = "SITEURL" not in os.environ

DELETE_OUTPUT_DIRECTORY = True
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"

# `invoke gh-pages` writes a CNAME file for a custom domain when this is set
# (from the environment variable CNAME, e.g. "essays.example.org").
GITHUB_PAGES_CNAME = os.environ.get("CNAME") or None

# Drafts and scheduled posts never leave the machine, and any problem stops
# the build with a non-zero exit instead of publishing a site with an essay
# missing.
WRITE_DRAFTS = False
FAIL_ON_ERRORS = True
LINK_CHECK = True
# A share card for each essay (cards/), for links shared with the full address.
SHARE_CARDS = True
# Few, large search shards for readers: each query fetches one index chunk
# per shard (a site of 1,000 searchable pages or fewer has a single index).
PAGEFIND_SHARD_PAGES = 1000
