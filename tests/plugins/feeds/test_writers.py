"""An entry's XML made once and copied into other feeds is what feedgen makes afresh."""

from __future__ import annotations

import datetime as dt
import json

from feeds import writers
from feeds.model import Entry, Feed

WHEN = dt.datetime(2025, 12, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


def _entry(n: int, **fields) -> Entry:
    return Entry(
        id=f"tag:e.org,2025-12-01:{n}",
        url=f"https://e.org/posts/{n}/",
        title=f"Tolls & <em>lanes</em> {n}",
        content_html=f"<p>Body {n} with a ]]>, “quotes” — 東京 𝔘 and <a href='https://e.org/x'>link</a></p>",
        summary_html=f"<p>Body {n}</p>" if n % 2 else "",
        published=WHEN + dt.timedelta(days=n),
        updated=WHEN + dt.timedelta(days=n, hours=3),
        authors=["Ana Ruiz", "Tomás Ferreira"][: 1 + n % 2],
        tags=["transport", "R&D <lab>"][: 1 + n % 2],
        **fields,
    )


ENTRIES = [
    _entry(0, image="https://e.org/chart.svg", image_type="image/svg+xml"),
    _entry(1),
    _entry(2, image="https://e.org/photo.jpg"),
    _entry(3),
]


def _feed(name: str, entries: list[Entry]) -> Feed:
    urls = {fmt: f"https://e.org/feeds/{name}{ext}" for fmt, ext in (("atom", ".atom.xml"),
            ("rss", ".rss.xml"), ("json", ".json"))}  # fmt: skip
    return Feed(
        id=urls["atom"],
        title=f"Site: {name}",
        subtitle="Essays",
        home_url="https://e.org/",
        language="en",
        authors=["Ana Ruiz"],
        entries=entries,
        urls=urls,
        stylesheet="/feeds/feed.xsl",
    )


# Each entry in several feeds, in different orders and company.
FEEDS = [
    _feed("all", ENTRIES),
    _feed("transport", [ENTRIES[3], ENTRIES[1], ENTRIES[0]]),
    _feed("lab", [ENTRIES[1], ENTRIES[3]]),
    _feed("one", [ENTRIES[2]]),
]


def test_copied_entries_give_the_bytes_of_entries_made_afresh():
    made = writers.Made()
    for write in (writers.atom, writers.rss):
        afresh = [write(feed) for feed in FEEDS]
        assert [write(feed, made) for feed in FEEDS] == afresh
        assert [write(feed, made) for feed in FEEDS] == afresh  # every entry copied now
    assert b"<![CDATA[" in writers.rss(FEEDS[0], made)
    assert b"media:content" in writers.atom(FEEDS[3], made)


def test_each_entry_is_made_once_a_format():
    made = writers.Made()
    for feed in FEEDS:
        writers.atom(feed, made)
        writers.rss(feed, made)
    assert len(made._elements) == 2 * len(ENTRIES)
    for entry in ENTRIES:
        assert made.get(entry, "atom").tag.endswith("entry")
        assert made.get(entry, "rss").tag == "item"


def _json_as_dumped(feed: Feed) -> bytes:
    """The JSON Feed as one ``json.dumps`` of the whole document writes it."""
    document = json.loads(writers.json_feed(feed))
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def test_json_items_written_once_give_the_bytes_of_one_dump_of_the_document():
    made = writers.Made()
    empty = _feed("empty", [])
    for feed in [*FEEDS, empty]:
        assert writers.json_feed(feed) == _json_as_dumped(feed)
    afresh = [writers.json_feed(feed) for feed in FEEDS]
    assert [writers.json_feed(feed, made) for feed in FEEDS] == afresh
    assert [writers.json_feed(feed, made) for feed in FEEDS] == afresh  # every item kept now
    assert len([key for key in made._elements if key[1] == "json"]) == len(ENTRIES)
    items = json.loads(afresh[1])["items"]
    assert [item["id"] for item in items] == [ENTRIES[n].id for n in (3, 1, 0)]
    assert items[0]["content_html"] == ENTRIES[3].content_html
    assert json.loads(writers.json_feed(empty))["items"] == []


def test_the_stylesheet_instruction_follows_the_xml_declaration():
    instruction = b'<?xml-stylesheet type="text/xsl" href="/feeds/feed.xsl?a=1&amp;b=2"?>\n'
    xml = b"<?xml version='1.0' encoding='UTF-8'?>\n<feed>\n  <title>T</title>\n</feed>\n"
    styled = writers.with_stylesheet(xml, "/feeds/feed.xsl?a=1&b=2")
    assert styled == xml[:39] + instruction + xml[39:]
    assert writers.with_stylesheet(b"<feed/>", "/f.xsl").startswith(b"<?xml-stylesheet")
    assert writers.with_stylesheet(xml, None) is xml
