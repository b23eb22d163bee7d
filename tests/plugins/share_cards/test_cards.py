"""Share cards: one PNG per essay, drawn from its text and first chart, used by the card meta."""

from __future__ import annotations

import io

from PIL import Image
from share_cards.card import Card, digest, draw
from share_cards.plugin import first_bars

SITEURL = "https://example.org/site"


def test_a_card_is_a_1200_by_630_png_and_the_same_card_the_same_bytes():
    card = Card("A title & <more>", "Site", "The dek.", (("Alpha", 67.0), ("Beta", 61.5)))
    data = draw(card)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert draw(card) == data
    assert digest(card) == digest(Card(**card.__dict__))
    assert digest(Card("Another title", "Site", "The dek.", card.bars)) != digest(card)
    assert digest(Card(card.title, "Site", "The dek.", (("Alpha", 68.0),))) != digest(card)
    long = Card("word " * 200, "Site", "dek " * 200)  # wrapped and cut, never off the card
    assert Image.open(io.BytesIO(draw(long))).size == (1200, 630)


def test_the_first_charts_rows_are_read_from_its_table():
    html = (
        '<p>x</p><figure class="leaderboard" id="lb-1"><table><tbody>'
        '<tr class="lb-highlight"><td>1</td><th scope="row"><strong>K &amp; Co</strong></th>'
        '<td>1,067.5</td></tr><tr><td>2</td><th scope="row">Beta</th><td>61</td></tr>'
        '</tbody></table></figure><figure class="leaderboard"><table><tbody>'
        '<tr><td>1</td><th scope="row">Other chart</th><td>9</td></tr></tbody></table></figure>'
    )
    assert first_bars(html) == (("K & Co", 1067.5), ("Beta", 61.0))
    assert first_bars("<p>No chart.</p>") == ()


ESSAY = "+++\ntitle = '{title}'\ndate = 2025-01-0{day}\n{extra}\n+++\nBody of {title}.\n"


def test_each_essay_gets_its_card_in_the_card_meta_and_its_own_image_wins(make_site):
    files = {
        "posts/plain.md": ESSAY.format(title="Plain", day=1, extra="description = 'A dek.'"),
        "posts/pictured.md": ESSAY.format(title="Pictured", day=2, extra="image = '/images/p.png'"),
        "posts/draft.md": ESSAY.format(title="Draft", day=3, extra="draft = true"),
        "images/p.png": draw(Card("stand-in image", "x")),
    }
    build = make_site(files, publish=True, siteurl=SITEURL, settings={"SHARE_CARDS": True})
    assert build.returncode == 0, build.log
    plain = build.html("/posts/plain/")
    card = plain.find("meta", property="og:image")["content"]
    assert card.startswith(f"{SITEURL}/cards/plain-") and card.endswith(".png")
    assert plain.find("meta", attrs={"name": "twitter:image"})["content"] == card
    image = Image.open(build.path(card[len(SITEURL) :]))
    assert image.size == (1200, 630)
    pictured = build.html("/posts/pictured/").find("meta", property="og:image")["content"]
    assert pictured == f"{SITEURL}/images/p.png"  # the essay's own image
    cards = sorted(p.name for p in (build.output / "cards").iterdir())
    assert len(cards) == 2 and not any("draft" in name for name in cards)


def test_a_damaged_kept_card_gives_the_clean_builds_bytes(make_site, tmp_path):
    files = {"posts/plain.md": ESSAY.format(title="Plain", day=1, extra="")}
    cache = tmp_path / "cache"
    settings = {"SHARE_CARDS": True, "CACHE_PATH": str(cache)}
    first = make_site(files, publish=True, siteurl=SITEURL, settings=settings)
    assert first.returncode == 0, first.log
    (entry,) = (cache / "share-cards").iterdir()
    clean = {p.name: p.read_bytes() for p in (first.output / "cards").iterdir()}
    entry.write_bytes(entry.read_bytes()[:-7] + b"garbage")
    second = make_site(files, publish=True, siteurl=SITEURL, settings=settings)
    assert second.returncode == 0, second.log
    assert {p.name: p.read_bytes() for p in (second.output / "cards").iterdir()} == clean


def test_many_cards_drawn_on_two_workers_are_the_cards_drawn_alone():
    from build_cache.workers import fork_map

    cards = [Card(f"Essay {n}", "Site", "Dek", (("A", float(n + 1)),)) for n in range(10)]
    assert fork_map(draw, cards, workers=2) == [draw(card) for card in cards]


def test_a_cards_file_is_one_name_in_the_cards_folder_whatever_the_slug(make_site):
    files = {"posts/odd.md": ESSAY.format(title="Odd", day=1, extra="slug = 'a/b c'")}
    build = make_site(files, publish=True, siteurl=SITEURL, settings={"SHARE_CARDS": True})
    assert build.returncode == 0, build.log
    (card,) = (build.output / "cards").iterdir()
    assert card.is_file() and card.name.startswith("a-b-c-")
