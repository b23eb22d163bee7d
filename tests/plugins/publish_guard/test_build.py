"""Publishing rules, end to end: drafts and scheduled posts never leak; bad input stops publish."""

from __future__ import annotations

import pytest

PUBLISHED = """\
+++
title = "Published Essay"
date = 2025-01-10T09:00:00-05:00
tags = ["Shared"]
categories = ["Analysis"]
+++
Published body.
"""

# Each secret word appears only in content that must never be published.
DRAFT = """\
+++
title = "Draft Zanzibarword"
date = 2025-01-11T09:00:00-05:00
tags = ["Shared", "Draftonlytag"]
categories = ["Analysis"]
aliases = ["/old/draft-alias/"]
draft = true
+++
Draft body with Zanzibarword.
"""

FUTURE = """\
---
title: Scheduled Quuxword
date: 2999-01-01 09:00:00 +0000
tags: [Shared, Futureonlytag]
---
Scheduled body with Quuxword.
"""

DRAFT_PAGE = """\
+++
title = "Draft Page Plughword"
draft = true
+++
Plughword.
"""

SITE = {
    "posts/published.md": PUBLISHED,
    "posts/draft.md": DRAFT,
    "posts/future.md": FUTURE,
    "pages/draft-page.md": DRAFT_PAGE,
}
SECRETS = ("Zanzibarword", "Quuxword", "Plughword", "draftonlytag", "futureonlytag")


@pytest.fixture(scope="module")
def published(make_site):
    build = make_site(SITE, publish=True, siteurl="https://example.org")
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def local(make_site):
    build = make_site(SITE)
    assert build.returncode == 0, build.log
    return build


def test_publish_writes_no_draft_anywhere(published):
    assert published.exists("/posts/published-essay/")
    text = published.all_text()
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret
    assert not any(name.startswith("drafts/") for name in published.files())
    assert not published.exists("/old/draft-alias/")
    assert not published.exists("/tags/draftonlytag/")


def test_publish_feeds_hold_only_the_published_essay(published):
    feed = (published.output / "feeds" / "all.atom.xml").read_text()
    assert "Published Essay" in feed
    assert feed.count("<entry>") == 1


def test_local_preview_writes_drafts_but_lists_them_nowhere(local):
    assert local.exists("/drafts/draft-zanzibarword/")
    assert local.exists("/drafts/scheduled-quuxword/")
    assert local.exists("/drafts/pages/draft-page-plughword/")
    listed = "".join(
        (local.output / name).read_text()
        for name in local.files()
        if name.endswith(".html") and not name.startswith("drafts/")
    )
    for secret in SECRETS:
        assert secret.lower() not in listed.lower(), secret


BROKEN = {
    "posts/good.md": "+++\ntitle = 'Good'\ndate = 2025-01-02\n+++\nBody\n",
    "posts/bad-toml.md": "+++\ntitle = 'Bad'\ndate = 2025-01-02\ntags = [\n+++\nBody\n",
    "posts/unclosed.md": "+++\ntitle = 'Never closed'\ndate = 2025-01-02\n\nBody\n",
    "posts/no-title.md": "---\ndate: 2025-01-02\n---\nBody\n",
    "posts/bad-date.md": "---\ntitle: Bad date\ndate: 31/31/2025\n---\nBody\n",
    "posts/no-date.md": "---\ntitle: Undated\n---\nBody\n",
    "posts/bad-yaml.md": "---\ntitle: Colon: here\ndate: 2025-01-02\n---\nBody\n",
}
EXPECTED = (
    "bad-toml.md:4: the TOML front matter does not parse",
    "unclosed.md:1: the TOML front matter opened by '+++' on line 1 never closes",
    "no-title.md: the essay has no title",
    "bad-date.md:3: the date '31/31/2025' is not a date",
    "no-date.md:2: the essay has no date",
    "bad-yaml.md:2: the YAML front matter does not parse: mapping values are not allowed",
)


def test_local_build_reports_every_broken_file_goes_on_and_exits_1(build_site):
    build = build_site(BROKEN)
    assert build.returncode == 1, build.log
    for message in EXPECTED:
        assert message in build.log
    said = " ".join(build.log.split())
    assert "6 problems above: this local build went on and wrote what it could" in said
    assert "exits with status 1 (--keep-going: 0)" in said
    assert build.exists("/posts/good/")  # the site is written: the preview works


def test_a_local_build_asked_to_keep_going_exits_0_and_a_clean_one_exits_0(build_site):
    kept_going = build_site(BROKEN, settings={"KEEP_GOING": True})
    assert kept_going.returncode == 0, kept_going.log
    assert "6 problems above" in kept_going.log and "status 1" not in kept_going.log
    assert kept_going.exists("/posts/good/")
    clean = build_site({"posts/good.md": BROKEN["posts/good.md"]})
    assert clean.returncode == 0, clean.log


def test_a_local_citation_typo_is_written_and_exits_1(build_site):
    build = build_site(ONE_TYPO)
    assert build.returncode == 1, build.log
    assert build.exists("/posts/a-typo/")  # the essay is written, its key marked


def test_publish_build_fails_naming_each_once_and_writes_nothing(build_site):
    build = build_site(BROKEN, publish=True)
    assert build.returncode == 1
    summary = build.log[build.log.index("the publish build stopped") :]
    assert "with 6 problems, each named above" in summary
    for message in EXPECTED:
        assert build.log.count(message) == 1, message
    assert "Traceback" not in build.log
    assert not build.exists("/posts/good/")


def test_a_clean_publish_build_says_nothing_went_wrong(published):
    assert "ERROR" not in published.log
    assert "problem" not in published.log


ONE_TYPO = {
    "posts/typo.md": """
        +++
        title = 'A typo'
        date = 2025-12-01T09:00:00-05:00
        +++
        As shown [@nosuchkey].
    """
}


def test_one_bad_citation_is_one_message_on_one_line_with_no_traceback(build_site):
    build = build_site(ONE_TYPO, publish=True)
    assert build.returncode == 1
    lines = [line for line in build.log.splitlines() if line.strip()]
    problem = [line for line in lines if "nosuchkey" in line]
    assert len(problem) == 1, build.log
    assert problem[0].startswith("ERROR ")
    assert "content/posts/typo.md:5: citation key 'nosuchkey' is not a known source" in problem[0]
    assert "Traceback" not in build.log
    assert lines[-1].startswith("CRITICAL BuildFailed: the publish build stopped")
    assert "with 1 problem, named above; nothing was published" in lines[-1]
    assert len(lines) <= 3, build.log


def test_in_github_actions_each_problem_is_also_an_annotation(build_site):
    build = build_site(ONE_TYPO, publish=True, env={"GITHUB_ACTIONS": "true"})
    annotations = [line for line in build.log.splitlines() if line.startswith("::error")]
    assert annotations[0].startswith("::error file=")
    assert "content/posts/typo.md,line=5::" in annotations[0]
    assert "citation key 'nosuchkey'" in annotations[0]


def test_debug_keeps_the_traceback(build_site):
    build = build_site(ONE_TYPO, publish=True, env={"PELICAN_DEBUG": "1"})
    assert "Traceback" in build.log


def test_drafts_and_scheduled_essays_carry_a_banner_and_their_addresses_are_listed(build_site):
    build = build_site(
        {
            "posts/draft.md": "+++\ntitle = 'Half done'\ndate = 2025-01-01\ndraft = true\n+++\n",
            "posts/later.md": "+++\ntitle = 'Later'\ndate = 2099-12-01T09:00:00-05:00\n+++\nY.\n",
            "posts/out.md": "+++\ntitle = 'Out'\ndate = 2025-01-02\n+++\nZ.\n",
        }
    )
    assert build.returncode == 0, build.log
    draft = build.html("/drafts/half-done/").select_one(".preview-banner")
    assert draft.get_text() == "Draft: not published"
    later = build.html("/drafts/later/").select_one(".preview-banner")
    assert later.get_text() == "Scheduled for 1 December 2099"
    assert build.html("/posts/out/").select_one(".preview-banner") is None
    assert "2 not published, built for preview only:" in build.log
    assert "content/posts/draft.md  ->  http://127.0.0.1:8000/drafts/half-done/" in build.log
    assert "Scheduled for 1 December 2099: " in build.log
