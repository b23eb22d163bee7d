"""Bad input in a Hugo site: each message names the file and line and what to do.

A local build reports and goes on; the publish build stops with a non-zero exit.
"""

from __future__ import annotations

import pytest

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
BROKEN = {
    "../hugo.toml": 'title = "Broken site"\n[permalinks]\n  posts = "/:year/:slug/"\n',
    "posts/refs.md": """\
        +++
        title = "Refs"
        date = 2025-01-02T09:00:00Z
        +++
        Fine: [ok]({{< ref "other.md" >}}).

        Broken: [gone]({{< ref "no-such-essay.md" >}}).

        {{< chart data="x" >}}
        """,
    "posts/other.md": '+++\ntitle = "Other"\ndate = 2025-01-01T09:00:00Z\n+++\nText.\n',
    "posts/bundle/index.md": """\
        +++
        title = "Bundle"
        date = 2025-01-03T09:00:00Z
        +++
        {{< figure src="present.png" alt="Here" >}}

        {{< figure src="absent.png" alt="Not here" >}}

        {{< figure "positional" src="mixed" >}}
        """,
    "posts/bundle/present.png": PNG,
}


@pytest.fixture(scope="module")
def local(make_site):
    return make_site(BROKEN)


def test_a_local_build_reports_each_problem_and_goes_on(local):
    assert local.returncode == 1, local.log
    log = " ".join(local.log.split())
    assert "refs.md:7: ref 'no-such-essay.md': no page at that path" in log
    assert "refs.md:9: unknown shortcode 'chart'. Add theme/shortcodes/chart.html" in log
    assert "bundle/index.md:7: figure src 'absent.png' is not a file" in log
    assert "bundle/index.md:9: the shortcode mixes named and positional arguments" in log
    # Nothing is lost: the essays are written, the good parts rendered.
    page = local.html("2025/refs/")
    assert page.find("a", string="ok")["href"].endswith("2025/other/")
    assert page.find(class_="shortcode-error")
    bundle = local.html("2025/bundle/")
    assert bundle.find("img", alt="Here")["src"].endswith("2025/bundle/present.png")
    assert local.exists("2025/bundle/present.png")


def test_the_publish_build_fails_on_them(make_site):
    build = make_site(BROKEN, publish=True)
    assert build.returncode != 0
    log = " ".join(build.log.split())
    assert "no-such-essay.md" in log and "unknown shortcode 'chart'" in log


BAD_TOML = ('title = "x"\nbaseURL = "https://x.example/\n', "hugo.toml:2: the Hugo configuration is not valid TOML")  # fmt: skip  # noqa: E501
BAD_TOKEN = ('title = "x"\n[permalinks]\n  posts = "/:uuid/"\n', "hugo.toml:3: permalink posts = '/:uuid/': the token :uuid")  # fmt: skip  # noqa: E501


@pytest.mark.parametrize(("config", "message"), [BAD_TOML, BAD_TOKEN])
def test_a_bad_configuration_is_named_and_stops_publishing(make_site, config, message):
    files = {
        "../hugo.toml": config,
        "posts/a.md": '+++\ntitle = "A"\ndate = 2025-01-01T09:00:00Z\n+++\nText.\n',
    }
    local = make_site(files)
    assert local.returncode == 1
    assert message in " ".join(local.log.split())
    assert make_site(files, publish=True).returncode != 0


def test_a_category_that_makes_no_address_is_named_and_the_others_kept(make_site):
    build = make_site(
        {
            "../hugo.toml": 'title = "Site"\n',
            "posts/a.md": "+++\ntitle = 'A'\ndate = 2025-01-02T09:00:00Z\n"
            "categories = ['!!!', 'Budgets']\n+++\nText.\n",
        }
    )
    log = " ".join(build.log.split())
    assert "posts/a.md: the category '!!!' makes no address" in log, build.log
    assert build.exists("/categories/budgets/")
