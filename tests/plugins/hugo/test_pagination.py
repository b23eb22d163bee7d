"""Long lists split as Hugo splits them, and the addresses around them kept."""

from __future__ import annotations


def _essay(number: int, extra: str = "") -> str:
    return (
        f"+++\ntitle = 'Essay {number}'\ndate = 2025-01-{number:02d}T09:00:00Z\n"
        f"tags = ['Budgets']\n{extra}+++\nBody {number}.\n"
    )


def test_an_alias_onto_a_later_page_of_a_list_is_refused(build_site, tmp_path):
    config = tmp_path / "hugo.toml"
    config.write_text('title = "Paged"\npaginate = 2\n', encoding="utf-8")
    files = {f"posts/essay-{n}.md": _essay(n) for n in range(1, 5)}
    files["posts/essay-5.md"] = _essay(5, "aliases = ['/tags/budgets/page/2/']\n")
    # The local build reports it, writes the rest, and exits 1 (the publish
    # build stops before writing anything, as for every problem).
    build = build_site(files, settings={"HUGO_CONFIG": str(config)})
    assert build.returncode == 1
    assert (
        "posts/essay-5.md: alias '/tags/budgets/page/2/' would overwrite "
        "tags/budgets/page/2/index.html, which the tag Budgets (page 2) already writes"
    ) in build.log
    # The list's own page is intact, and page 1 still leads back to the first.
    second = build.html("/tags/budgets/page/2/")
    assert [a.text for a in second.select("main ol.essays h2 a")] == ["Essay 3", "Essay 2"]
    assert (
        "url="
        in build.html("/tags/budgets/page/1/").select_one("meta[http-equiv=refresh]")["content"]
    )
