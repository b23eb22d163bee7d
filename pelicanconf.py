"""Settings for local builds and the preview server.

Every setting our plugins read is listed in README.md with its default;
publishconf.py imports this file and changes what production needs.
"""

from __future__ import annotations

SITENAME = "Margin of Error"
SITESUBTITLE = "Essays on policy, evidence and the numbers behind them"
AUTHOR = "The Margin of Error editors"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = "theme"

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "build_cache",
    "front_matter",
    "output_guard",
    "hugo",
    "root_links",
    "alias_redirects",
    "leaderboard",
    "bibliography",
    "reading",
    "share_cards",
    "feeds",
    "incremental",
    "search",
    "link_check",
    "publish_guard",
]

# Essays: Hugo-style permalink (see README, "URLs"); pages and lists get
# pretty URLs as well.
ARTICLE_PERMALINK = "/posts/:slug/"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
# Pages every site has, drawn by the theme (see theme/templates).
DIRECT_TEMPLATES = [
    "index",
    "tags",
    "categories",
    "authors",
    "archives",
    "notfound",
    "search",
    "subscribe",
    "sitemap",
    "robots",
]
NOTFOUND_SAVE_AS = "404.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
SUBSCRIBE_URL = "subscribe/"
SUBSCRIBE_SAVE_AS = "subscribe/index.html"
DATA_URL = "data/"
SOURCES_URL = "sources/"
# A sitemap and robots.txt need the site's address: publishconf.py writes them.
SITEMAP_SAVE_AS = ""
ROBOTS_SAVE_AS = ""
DEFAULT_CATEGORY = "Essays"
# An essay without a category is in DEFAULT_CATEGORY, not in one named after
# its folder ("posts").
USE_FOLDER_AS_CATEGORY = False

# Scheduled posts: an essay dated in the future is held back (as a draft)
# until a build after its date.
WITH_FUTURE_DATES = False

# Every value from front matter is escaped where a template prints it.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Python-Markdown Extra, less its fenced code and footnotes: the hugo plugin's
# Goldmark extension brings Hugo's (SuperFences and pymdownx.highlight,
# footnotes numbered as cited), Hugo's typographer, Goldmark heading ids and
# CommonMark lists; an imported Hugo site's markup.goldmark settings apply.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.abbr": {},
        "markdown.extensions.attr_list": {},
        "markdown.extensions.def_list": {},
        "markdown.extensions.md_in_html": {},
        "markdown.extensions.tables": {},
        "markdown.extensions.toc": {"permalink": False},
        "hugo.goldmark": {},
    },
    "output_format": "html5",
}

# Feeds are written by our feeds plugin (feedgen), not by Pelican: every
# Pelican feed setting is off. Entry ids keep this name for good, even if
# the site moves to another domain (see README, "Feeds").
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEEDS_ID_AUTHORITY = "margin-of-error.example"

DEFAULT_PAGINATION = 10
# Long lists continue at /page/2/, /page/3/ beside their first page (the home
# page, tags, categories and authors), as Hugo writes them.
PAGINATION_PATTERNS = (
    (1, "{base_name}/", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 60

# Our plugins (each documented in README.md, "Settings").
WRITE_DRAFTS = True
FAIL_ON_ERRORS = False
LINK_CHECK = False
BIBLIOGRAPHY_CATEGORIES = ["Leaderboard", "Data", "Policy", "Analysis", "Hardware", "Funding"]
# Small search shards while writing: an edit re-indexes about 50 pages.
# (Readers fetch one index chunk per shard, so publishconf.py uses fewer.)
PAGEFIND_SHARD_PAGES = 50

# Every build starts from an empty output folder, so a renamed tag or a
# redrawn chart leaves no stale file behind: a rebuild writes exactly what a
# clean build writes (tests/test_rebuild.py checks it byte for byte).
DELETE_OUTPUT_DIRECTORY = True

# Development server (invoke serve / invoke livereload).
BIND = "127.0.0.1"
PORT = 8000
