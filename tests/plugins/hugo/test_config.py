"""Reading a Hugo configuration: what our settings take, and clear errors."""

from __future__ import annotations

import importlib
import re

import pytest

config = importlib.import_module("hugo.config")
HugoError = importlib.import_module("hugo.errors").HugoError


def test_finds_the_root_file_first_then_config_default(tmp_path):
    assert config.find(tmp_path) is None
    (tmp_path / "config" / "_default").mkdir(parents=True)
    assert config.find(tmp_path) == tmp_path / "config" / "_default"
    (tmp_path / "config.toml").write_text('title = "x"\n')
    assert config.find(tmp_path) == tmp_path / "config.toml"
    (tmp_path / "hugo.yaml").write_text("title: y\n")
    assert config.find(tmp_path) == tmp_path / "hugo.yaml"


def test_reads_title_baseurl_permalinks_taxonomies_and_menu(tmp_path):
    path = tmp_path / "hugo.toml"
    path.write_text(
        """
baseURL = "https://policy.example.org/"
Title = "Ledger & Lens"
languageCode = "en-gb"
[params]
  author = { name = "R. Okafor" }
  description = "Budgets, read closely"
[permalinks]
  Posts = "/:year/:slug/"
  [permalinks.page]
    notes = "/n/:filename/"
[taxonomies]
  tag = "topics"
  series = "series"
[[menu.main]]
  name = "Zeta"
  url = "/z/"
[[menu.main]]
  name = "About"
  pageRef = "/about"
  weight = 2
[[menu.main]]
  name = "Essays"
  pageRef = "/posts"
  weight = 1
[[menu.footer]]
  name = "Legal"
  url = "/legal/"
""",
        encoding="utf-8",
    )
    site = config.read_site(path, "hugo.toml")
    assert (site.title, site.base_url, site.language_code) == (
        "Ledger & Lens",
        "https://policy.example.org/",
        "en-gb",
    )
    assert (site.author, site.description) == ("R. Okafor", "Budgets, read closely")
    assert site.permalinks == {"posts": "/:year/:slug/", "notes": "/n/:filename/"}
    assert site.taxonomies == {"tag": "topics", "series": "series"}
    # Hugo's menu order: by weight, unweighted entries last.
    assert [e.name for e in site.menu] == ["Essays", "About", "Zeta"]
    assert site.menu[0].page_ref == "/posts" and site.menu[2].url == "/z/"
    assert any("menu.footer" in item for item in site.unmapped)


def test_config_default_folder_merges_one_key_per_file(tmp_path):
    folder = tmp_path / "config" / "_default"
    folder.mkdir(parents=True)
    (folder / "hugo.toml").write_text('title = "Split"\nbaseURL = "https://s.example/"\n')
    (folder / "menus.yaml").write_text("main:\n  - name: Home\n    url: /\n")
    (folder / "permalinks.toml").write_text('posts = "/p/:slug/"\n')
    (folder / "params.json").write_text('{"editor": "Ana"}')
    site = config.read_site(folder, "config/_default")
    assert site.title == "Split"
    assert [e.name for e in site.menu] == ["Home"]
    assert site.permalinks == {"posts": "/p/:slug/"}
    assert site.params == {"editor": "Ana"}


def test_broken_toml_names_the_file_and_line(tmp_path):
    path = tmp_path / "hugo.toml"
    path.write_text('title = "ok"\n\nbaseURL = "https://x.example/\n', encoding="utf-8")
    with pytest.raises(HugoError) as caught:
        config.read_site(path, "site/hugo.toml")
    assert str(caught.value).startswith(
        "site/hugo.toml:3: the Hugo configuration is not valid TOML"
    )


def test_broken_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "hugo.yaml"
    path.write_text("title: ok\nmenu:\n  main: [\n", encoding="utf-8")
    with pytest.raises(HugoError) as caught:
        config.read_site(path, "hugo.yaml")
    assert caught.value.line is not None and caught.value.line >= 3
    assert "not valid YAML" in str(caught.value)


def test_an_unsupported_permalink_token_names_the_line_and_the_tokens_we_take(tmp_path):
    path = tmp_path / "hugo.toml"
    path.write_text('title = "t"\n[permalinks]\n  posts = "/:year/:uuid/"\n', encoding="utf-8")
    with pytest.raises(HugoError) as caught:
        config.read_site(path, "hugo.toml")
    message = str(caught.value)
    assert message.startswith("hugo.toml:3: permalink posts = '/:year/:uuid/'")
    assert ":uuid is not one we support" in message and ":slug" in message


@pytest.mark.parametrize(
    ("written", "limit", "zone"),
    [
        ("", -1, "UTC"),  # Hugo's defaults: every page, and UTC
        ("rssLimit = 10\ntimeZone = 'Europe/Oslo'\n", 10, "Europe/Oslo"),
        ("rssLimit = 10\n[services.rss]\n  limit = 3\n", 3, "UTC"),  # the newer key wins
        ("rssLimit = 0\ntimeZone = 'Local'\n", -1, "UTC"),
    ],
)
def test_reads_the_rss_limit_and_the_time_zone_with_hugos_defaults(tmp_path, written, limit, zone):
    path = tmp_path / "hugo.toml"
    path.write_text('title = "x"\n' + written, encoding="utf-8")
    site = config.read_site(path, "hugo.toml")
    assert (site.rss_limit, site.time_zone) == (limit, zone)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("timeZone = 'Mars/Olympus'\n", "hugo.toml:2: timeZone 'Mars/Olympus' is not a time zone"),
        ("rssLimit = 'ten'\n", "the RSS limit 'ten' is not a whole number"),
    ],
)
def test_a_bad_rss_limit_or_time_zone_is_named(tmp_path, written, problem):
    path = tmp_path / "hugo.toml"
    path.write_text('title = "x"\n' + written, encoding="utf-8")
    with pytest.raises(HugoError, match=problem):
        config.read_site(path, "hugo.toml")


@pytest.mark.parametrize(
    ("written", "size", "path"),
    [
        ("", 10, "page"),  # Hugo's defaults
        ("paginate = 3\npaginatePath = 'seite'\n", 3, "seite"),
        ("paginate = 3\n[pagination]\n  pagerSize = 5\n  path = 'p'\n", 5, "p"),  # newer wins
    ],
)
def test_reads_the_pager_size_and_path_with_hugos_defaults(tmp_path, written, size, path):
    config_file = tmp_path / "hugo.toml"
    config_file.write_text('title = "x"\n' + written, encoding="utf-8")
    site = config.read_site(config_file, "hugo.toml")
    assert (site.pager_size, site.pager_path) == (size, path)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("paginate = 0\n", "hugo.toml:2: the pager size 0 is not a whole number above 0"),
        ("[pagination]\npagerSize = 'ten'\n", "hugo.toml:3: the pager size 'ten'"),
        ("paginatePath = '../up'\n", "hugo.toml:2: the pagination path '../up' is not one folder"),
    ],
)
def test_a_bad_pager_size_or_path_is_named(tmp_path, written, problem):
    path = tmp_path / "hugo.toml"
    path.write_text('title = "x"\n' + written, encoding="utf-8")
    with pytest.raises(HugoError, match=re.escape(problem)):
        config.read_site(path, "hugo.toml")


def test_outputs_give_atom_and_json_feeds_and_name_the_rest(tmp_path):
    path = tmp_path / "hugo.toml"
    path.write_text(
        """title = "x"
[mediaTypes."application/atom+xml"]
  suffixes = ["xml"]
[mediaTypes."application/feed+json"]
  suffix = "json"
[outputFormats.Atom]
  mediaType = "application/atom+xml"
  baseName = "atom"
[outputFormats.JSONFeed]
  mediaType = "application/feed+json"
  baseName = "feed"
  path = "feeds"
[outputFormats.Sneaky]
  mediaType = "application/atom+xml"
  baseName = "../../etc/atom"
[outputs]
  home = ["HTML", "RSS", "Atom", "JSON", "JSONFeed"]
  section = ["HTML", "Atom"]
  term = ["HTML", "RSS", "Sneaky"]
  page = ["HTML", "Atom"]
""",
        encoding="utf-8",
    )
    site = config.read_site(path, "hugo.toml")
    assert site.feed_outputs == {
        "home": {"atom": "atom.xml", "json": "feeds/feed.json"},
        "section": {"atom": "atom.xml"},
    }
    assert site.unmapped == [
        "outputs.home json (application/json): drawn by the Hugo theme's own template; "
        "only Atom and JSON Feed outputs are written",
        "outputs.term sneaky: its file '../../etc/atom.xml' leaves its folder",
        "outputs.page atom: feeds are written for the home page, sections and terms only",
    ]
