"""Author and maintainer tasks: `python3 -m invoke --list` shows them all."""

from __future__ import annotations

import compileall
import datetime as dt
import gc
import json
import os
import shutil
import sys
import threading
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PELICAN = f"{sys.executable} -m pelican"
LOCAL = "pelicanconf.py"
PUBLISH = "publishconf.py"
CONTENT = "content"
# Debian's Chromium, as the browser tests and these tasks run it.
CHROMIUM_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
OUTPUT = "output"
CHECK_OUTPUT = "build/check"
HUGO_SUFFIXES = ("toml", "yaml", "yml", "json")

# Every path below is relative to the project, wherever invoke is started from.
os.chdir(ROOT)


def compile_plugins(folder: Path = ROOT / "plugins") -> None:
    """Write the plugins' bytecode (``__pycache__``) where it is missing or stale.

    Python writes it as it imports a module, unless PYTHONDONTWRITEBYTECODE is
    set (as in many containers, and on the machines these builds were measured
    on): then every build compiled the plugins' source again, about 65 ms of a
    one-edit build at 1,000 essays. compileall writes it whatever that
    variable says, and checking what is up to date takes about 2 ms.
    """
    compileall.compile_dir(str(folder), quiet=1)


def _settings(conf: str = LOCAL) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(ROOT / conf))


@task(help={"keep_going": "exit 0 even when the build reported problems"})
def build(c, keep_going=False):
    """Build the site with the local settings into output/; exits 1 if it reported
    problems (the site is written all the same), unless --keep-going."""
    compile_plugins()
    extra = " -e KEEP_GOING=true" if keep_going else ""
    c.run(f"{PELICAN} {CONTENT} -s {LOCAL} -o {OUTPUT}{extra}")


@task
def publish(c):
    """Build the site for production: `pelican content -s publishconf.py`."""
    compile_plugins()
    c.run(f"{PELICAN} {CONTENT} -s {PUBLISH}")


@task
def clean(c):
    """Remove built output and caches."""
    for folder in (OUTPUT, "cache", "build"):
        shutil.rmtree(ROOT / folder, ignore_errors=True)


def not_found_page(root: str, not_found: str = "404.html") -> bytes:
    """The theme's 404 page as a preview server sends it: its links relative to
    the site's root, wherever the page is shown."""
    page = os.path.join(root, not_found)
    if not os.path.isfile(page):
        return b"<h1>Not found</h1>"
    with open(page, "rb") as handle:
        return handle.read().replace(b"<head>", b'<head><base href="/">', 1)


def livereload_files(not_found: str = "404.html"):
    """livereload's file handler, but an address that does not exist gets the
    theme's 404 page with status 404 (livereload sent Tornado's own page)."""
    from livereload.handlers import StaticFileHandler

    class Files(StaticFileHandler):
        def write_error(self, status_code, **kwargs):
            if status_code != 404:
                return super().write_error(status_code, **kwargs)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(not_found_page(self.root, not_found))
            return None

    return Files


def preview_server(root: str, bind: str, port: int, not_found: str = "404.html"):
    """An HTTP server for a built site, as Pelican's preview server, but an address
    that does not exist gets the theme's 404 page with status 404 (Pelican's
    server only logged it and sent nothing)."""
    import functools
    from http.server import ThreadingHTTPServer

    from pelican.server import ComplexHTTPRequestHandler

    class Handler(ComplexHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            wanted = self.path.split("?", 1)[0]
            if self.get_path_that_exists(wanted) is None:
                return self._not_found()
            return super().do_GET()

        def get_path_that_exists(self, original_path):
            # Pelican's, without its warning: a missing page is answered, not logged.
            trailing = original_path.endswith("/")
            stripped = original_path.rstrip("/")
            for suffix in self.SUFFIXES:
                if suffix == "/" and not trailing:
                    continue
                if os.path.exists(self.translate_path(stripped + suffix)):
                    return stripped + suffix
            return None

        def _not_found(self):
            body = not_found_page(root, not_found)
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002 (http.server's name)
            pass

    handler = functools.partial(Handler, directory=root)
    Handler.base_path = root
    return ThreadingHTTPServer((bind, port), handler)


@task
def serve(c, port=None):
    """Serve output/ on http://127.0.0.1:8000 (build first: `invoke build serve`)."""
    settings = _settings()
    port = int(port or settings.get("PORT", 8000))
    bind = settings.get("BIND", "127.0.0.1")
    server = preview_server(
        str(ROOT / OUTPUT), bind, port, settings.get("NOTFOUND_SAVE_AS") or "404.html"
    )
    print(f"Serving {OUTPUT}/ at http://{bind}:{port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.")
    finally:
        server.server_close()


class Preview:
    """The builds of one preview process (`invoke livereload`), one after another.

    The page reloads once it is written: the search index and the caches are
    saved in the background. A moment after they are (``QUIET`` seconds, while
    the browser fetches the page), Python's garbage collector goes over
    everything and then sets it aside (``gc.freeze``). What a build keeps for
    the next (essays, journals, caches) is then not walked again by a full
    collection in the middle of the next build (about 0.2 s of a rebuild at
    1,000 essays). Each tidy-up unfreezes first, so garbage that was set aside
    is still found, one build late; a build that starts sooner skips it. The
    benchmark's preview edit uses this class too.
    """

    QUIET = 1.0

    def __init__(self, conf: str = LOCAL, **override) -> None:
        self.conf = conf
        self.override = {
            "PAGEFIND_BACKGROUND": True,
            "CACHE_SAVE_BACKGROUND": True,
            "KEEP_GOING": True,  # a problem is printed; the preview goes on
            **override,
        }
        self._tidying: threading.Thread | None = None
        self._starting = threading.Event()

    def build(self) -> None:
        from pelican import Pelican
        from pelican.settings import read_settings

        self._starting.set()  # a tidy-up still waiting skips its collection
        self.wait()
        self._starting.clear()
        settings = read_settings(str(ROOT / self.conf), override=self.override)
        try:
            Pelican(settings).run()
        finally:
            self._tidying = threading.Thread(target=self._tidy, name="preview tidy-up", daemon=True)
            self._tidying.start()

    def wait(self) -> None:
        """Until the last build's search index, caches and tidy-up are done."""
        if self._tidying is not None:
            self._tidying.join()
            self._tidying = None
        wait_for_index = _plugin_function("search.plugin", "wait_for_index")
        if wait_for_index is not None:
            wait_for_index()

    def _tidy(self) -> None:
        wait_for_saves = _plugin_function("build_cache.storage", "wait_for_saves")
        if wait_for_saves is not None:
            wait_for_saves()
        if self._starting.wait(self.QUIET):
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()


def _plugin_function(module: str, name: str):
    """A plugin's function, once Pelican loaded the plugins (None before, or without it)."""
    loaded = sys.modules.get(module)
    return getattr(loaded, name, None) if loaded is not None else None


@task
def livereload(c, port=None):
    """Build, serve on 127.0.0.1:8000, and rebuild and reload on every change."""
    from livereload import Server

    compile_plugins()
    preview = Preview(PATH=str(ROOT / CONTENT))

    def rebuild():
        try:
            preview.build()
        except Exception as err:  # keep serving; the log already says why
            print(f"Build failed: {err}", file=sys.stderr)

    rebuild()
    settings = _settings()
    server = Server()
    server.SFH = livereload_files(settings.get("NOTFOUND_SAVE_AS") or "404.html")
    # An imported Hugo site adds static/ and its configuration to watch.
    hugo = ["static", "config", *(f"{n}.{x}" for n in ("hugo", "config") for x in HUGO_SUFFIXES)]
    for watched in (CONTENT, "theme", "plugins", LOCAL, *hugo):
        if (ROOT / watched).exists():
            server.watch(str(ROOT / watched), rebuild)
    server.serve(
        host=settings.get("BIND", "127.0.0.1"),
        port=int(port or settings.get("PORT", 8000)),
        root=str(ROOT / OUTPUT),
    )


def toml_string(text: str) -> str:
    """A TOML string for ``text``: single-quoted like Hugo writes, when it can be."""
    if "'" not in text and not any(ord(ch) < 32 for ch in text):
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False)  # a valid TOML basic string


def new_post_text(title: str, now: dt.datetime) -> str:
    """The Markdown file `invoke new-post` writes: TOML front matter, a draft."""
    return (
        "+++\n"
        f"title = {toml_string(title)}\n"
        f"date = {now.isoformat(timespec='seconds')}\n"
        "tags = []\n"
        "draft = true\n"
        "+++\n\n"
        "Write the essay here. Set draft = false when it is ready to publish.\n"
    )


@task(
    positional=["title"],
    help={"title": "the essay's title", "content": "content folder (default: content)"},
)
def new_post(c, title, content=CONTENT):
    """Start an essay: content/posts/<slug>.md with TOML front matter, as a draft."""
    from pelican.utils import slugify

    settings = _settings()
    slug = slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"]) or "untitled"
    path = Path(content) / "posts" / f"{slug}.md"
    if path.exists():
        sys.exit(f"{path} already exists; choose another title or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    # The site's own time zone, as every date on the site is shown in it.
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    now = dt.datetime.now(zone).replace(microsecond=0)
    path.write_text(new_post_text(title, now), encoding="utf-8")
    draft_url = settings.get("DRAFT_URL", "drafts/{slug}.html").format(slug=slug)
    port = settings.get("PORT", 8000)
    print(f"Wrote {path} (a draft: it is built, but only under drafts/)")
    print(f"Preview it with `python3 -m invoke livereload` at http://127.0.0.1:{port}/{draft_url}")


def _siteurl() -> str:
    return _settings(PUBLISH).get("SITEURL", "")


def _link_problems(output: Path) -> list[str]:
    sys.path.insert(0, str(ROOT / "plugins"))
    from link_check.links import check as check_links

    return check_links(str(output), _siteurl())


@task
def lock(c):
    """Write requirements.lock: every package the deploy installs, pinned with its hashes.

    The Pages workflow installs from it with ``--require-hashes``, so a
    package changed on the index after this was written is refused. Run it
    after changing requirements.txt (it needs pip-tools: pip install pip-tools).
    """
    c.run(
        f"{sys.executable} -m piptools compile --quiet --generate-hashes --strip-extras "
        "--allow-unsafe --no-emit-index-url --no-emit-find-links "
        "--output-file requirements.lock requirements.txt"
    )
    print("requirements.lock written; commit it with requirements.txt")


@task
def ci_build(c):
    """What the Pages workflow runs: the publish build into output/, its links checked.

    SITEURL comes from the environment (GitHub's configure-pages step sets it).
    The publish build checks the links itself and fails on a broken one
    (LINK_CHECK and FAIL_ON_ERRORS in publishconf.py); if either is turned
    off, the links are checked here, after it.
    """
    compile_plugins()
    c.run(f"{PELICAN} {CONTENT} -s {PUBLISH} -o {OUTPUT}")
    settings = _settings(PUBLISH)
    # Unless the build checked every link itself, and a broken one failed it.
    if not (settings.get("LINK_CHECK") and settings.get("FAIL_ON_ERRORS")):
        problems = _link_problems(ROOT / OUTPUT)
        for problem in problems:
            print(f"::error::broken internal link: {problem}", file=sys.stderr)
        if problems:
            sys.exit(f"{len(problems)} internal links lead nowhere; nothing was deployed")
    print(f"Built {OUTPUT}/ for {settings.get('SITEURL', '')}: every internal link resolves")


@task(
    help={
        "remote": "git remote (name or URL) to push to (default: origin)",
        "branch": "branch to publish to (default: gh-pages)",
        "cname": "custom domain for a CNAME file (default: GITHUB_PAGES_CNAME)",
    }
)
def gh_pages(c, remote="origin", branch="gh-pages", cname=None):
    """Publish build pushed to a gh-pages branch with ghp-import (.nojekyll, CNAME)."""
    ci_build(c)
    cname = cname or _settings(PUBLISH).get("GITHUB_PAGES_CNAME")
    if cname:
        (ROOT / OUTPUT / "CNAME").write_text(cname.strip() + "\n", encoding="utf-8")
    before = c.run(f"git rev-parse --verify --quiet refs/heads/{branch}", warn=True, hide=True)
    previous = before.stdout.strip() if before.ok else None
    # ghp-import commits as the configured git user; a bare CI machine has none.
    identity = {}
    if not c.run("git config user.name", warn=True, hide=True).stdout.strip():
        identity = {
            "GIT_COMMITTER_NAME": "Site publisher",
            "GIT_COMMITTER_EMAIL": "publisher@localhost",
        }
    # -n writes .nojekyll (GitHub must not run Jekyll over our site).
    c.run(
        f"{sys.executable} -m ghp_import -n -b {branch} -m 'Publish the site' {OUTPUT}",
        env=identity,
    )
    current = c.run(f"git rev-parse refs/heads/{branch}", hide=True).stdout.strip()
    if previous:
        trees = [
            c.run(f"git rev-parse {commit}^{{tree}}", hide=True).stdout.strip()
            for commit in (previous, current)
        ]
        if trees[0] == trees[1]:
            # Nothing changed: drop the empty publish commit, push nothing.
            c.run(f"git update-ref refs/heads/{branch} {previous}")
            print(f"{branch}: the site is unchanged; no commit, nothing pushed")
            return
    c.run(f"git push {remote} {branch}")
    print(f"{branch}: published to {remote}")


@task
def check(c):
    """Publish build into build/check, then every validator the tests use."""
    sys.path.insert(0, str(ROOT))
    from sitecheck.feeds import validate_tree
    from sitecheck.nu import validate

    shutil.rmtree(ROOT / CHECK_OUTPUT, ignore_errors=True)
    compile_plugins()
    c.run(f"{PELICAN} {CONTENT} -s {PUBLISH} -o {CHECK_OUTPUT}")
    failures = 0
    for name, problems in (
        ("Nu HTML validator", [str(f) for f in validate(str(ROOT / CHECK_OUTPUT))]),
        (
            "Feed validators (Atom RELAX NG, RSS 2.0, JSON Feed 1.1)",
            validate_tree(str(ROOT / CHECK_OUTPUT)),
        ),
        ("Internal links", _link_problems(ROOT / CHECK_OUTPUT)),
    ):
        for problem in problems:
            print(f"{name}: {problem}")
        print(f"{name}: {len(problems) or 'no'} problem{'' if len(problems) == 1 else 's'}")
        failures += len(problems)
    if failures:
        sys.exit(f"invoke check found {failures} problems")


def _as_root(c, command: str) -> None:
    prefix = "" if os.geteuid() == 0 else "sudo "
    c.run(prefix + command)


@task
def test_deps(c):
    """Install what the tests need beyond pip: Debian's chromium, a Java runtime and hugo.

    hugo builds the Hugo test site so its addresses can be compared with ours.
    """
    missing = []
    if not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")):
        missing.append("chromium")
    if not shutil.which("java"):
        missing.append("default-jre-headless")
    if not shutil.which("hugo"):
        missing.append("hugo")
    if missing:
        _as_root(c, "apt-get update -qq")
        packages = " ".join(missing)
        _as_root(c, f"env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {packages}")


@task(pre=[test_deps])
def test(c):
    """Run the whole test suite (installs chromium, Java and hugo first when missing)."""
    compile_plugins()  # the tests run hundreds of builds, each a new process
    c.run(f"{sys.executable} -m pytest -n auto", pty=False)


@task
def settings_doc(c):
    """Rewrite the settings reference's tables from the plugins' own definitions."""
    sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]
    from sitecheck.settings_doc import REFERENCE, rewrite

    REFERENCE.write_text(rewrite(REFERENCE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{REFERENCE.relative_to(ROOT)} settings tables rewritten")


@task(help={"name": "one dataset (a folder under content/data); all with fetch: when omitted"})
def refresh_data(c, name=None, content=CONTENT):
    """Fetch new data snapshots; a failure keeps every snapshot and exits non-zero."""
    sys.path[:0] = [str(ROOT / "plugins")]
    from leaderboard.dataset import load_dataset
    from leaderboard.errors import ChartError
    from leaderboard.fetch import RefreshError, refresh
    from leaderboard.settings import resolve

    options = resolve(_settings())
    data_root = Path(content) / options["LEADERBOARD_DATA_PATH"]
    names = (
        [name]
        if name
        else sorted(p.name for p in data_root.iterdir() if (p / "dataset.yaml").is_file())
    )
    failures = 0
    for each in names:
        try:
            dataset = load_dataset(str(data_root / each))
            if not dataset.fetch and not name:
                continue
            outcome = refresh(
                dataset,
                today=dt.date.today(),
                timeout=options["LEADERBOARD_FETCH_TIMEOUT"],
                max_bytes=options["LEADERBOARD_FETCH_MAX_BYTES"],
            )
        except (ChartError, RefreshError) as err:
            failures += 1
            print(
                f"::warning::{each}: refresh failed, snapshots kept as they were: {err}",
                file=sys.stderr,
            )
            continue
        if outcome.status == "written":
            print(f"{each}: new snapshot {outcome.path} ({outcome.rows} rows)")
        else:
            print(f"{each}: unchanged since {outcome.path}")
    if failures:
        sys.exit(f"{failures} dataset(s) could not be refreshed; their snapshots are untouched")


CARD_HTML = """<!doctype html><html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: 1200px; height: 630px; }}
body {{ background: #fdfcf9; color: #1d1d1b; font-family: Charter, Georgia, serif;
  display: flex; flex-direction: column; justify-content: center; padding: 0 96px;
  box-sizing: border-box; border-top: 24px solid #0b5cad; }}
h1 {{ font-size: 96px; margin: 0 0 24px; line-height: 1.05; }}
p {{ font: 36px/1.35 system-ui, sans-serif; color: #5b5a55; margin: 0; max-width: 900px; }}
</style></head><body><h1>{name}</h1><p>{subtitle}</p></body></html>"""


@task
def make_card(c):
    """Draw the site's default share card (theme/static/images/card.png) with Chromium."""
    from html import escape

    from playwright.sync_api import sync_playwright

    settings = _settings()
    page_html = CARD_HTML.format(
        name=escape(settings["SITENAME"]), subtitle=escape(settings.get("SITESUBTITLE", ""))
    )
    target = ROOT / "theme" / "static" / "images" / "card.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(page_html)
        page.screenshot(path=str(target))
        browser.close()
    print(f"Wrote {target.relative_to(ROOT)}")


LIGHTHOUSE_PAGES = {
    "home": "",
    "article": "posts/what-a-congestion-charge-actually-buys/",
    "chart article": "posts/reading-a-leaderboard-without-being-fooled/",
}


def _serve(site: Path, port) -> object:
    """The preview server for a built site on 127.0.0.1, in a thread; shut it down after."""
    import threading

    server = preview_server(str(site), "127.0.0.1", int(port))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


SCREENSHOT_PAGES = {
    "home": "",
    "chart-essay": "posts/reading-a-leaderboard-without-being-fooled/",
    "essay-with-sources": "posts/what-a-congestion-charge-actually-buys/",
    "sources": "sources/",
}


@task(help={"port": "port to serve the build on (default: 8101)"})
def screenshots(c, port=8101):
    """Screenshots of the sample site for docs/theme.md: home, an essay with a chart,
    one with sources, and /sources/, at 375 and 1280 px, light and dark."""
    from playwright.sync_api import sync_playwright

    site = ROOT / "build" / "screenshot-site"
    target = ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{port}"
    c.run(f"{PELICAN} {CONTENT} -s {PUBLISH} -o {site}", env={"SITEURL": base}, hide=True)
    server = _serve(site, port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS.split()
            )
            for name, path in SCREENSHOT_PAGES.items():
                for width in (375, 1280):
                    for scheme in ("light", "dark"):
                        page = browser.new_page(
                            viewport={"width": width, "height": 900 if width > 400 else 760},
                            color_scheme=scheme,
                        )
                        page.goto(f"{base}/{path}")
                        shot = target / f"{name}-{width}-{scheme}.jpg"
                        page.screenshot(path=str(shot), type="jpeg", quality=70)
                        page.close()
            browser.close()
    finally:
        server.shutdown()
    print(f"Wrote {len(SCREENSHOT_PAGES) * 4} screenshots to {target.relative_to(ROOT)}")


@task(help={"port": "port to serve the build on (default: 8100)"})
def lighthouse(c, port=8100):
    """Lighthouse scores for home and article pages (npm's lighthouse, Debian's chromium)."""
    tools = ROOT / "build" / "tools"
    binary = tools / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        c.run(f"npm install --silent --no-audit --no-fund --prefix {tools} lighthouse@13")
    site = ROOT / "build" / "lighthouse-site"
    reports = ROOT / "build" / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{port}"
    c.run(f"{PELICAN} {CONTENT} -s {PUBLISH} -o {site}", env={"SITEURL": base})

    server = _serve(site, port)
    flags = CHROMIUM_FLAGS
    scores = {}
    try:
        for name, path in LIGHTHOUSE_PAGES.items():
            report = reports / f"{name.replace(' ', '-')}.json"
            c.run(
                f"{binary} {base}/{path} --quiet --chrome-path=/usr/bin/chromium "
                f'--chrome-flags="{flags}" --output=json --output-path={report} '
                "--only-categories=performance,accessibility,best-practices,seo",
                hide=True,
            )
            categories = json.loads(report.read_text())["categories"]
            scores[name] = {key: round(value["score"] * 100) for key, value in categories.items()}
    finally:
        server.shutdown()
    (reports / "scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    print(f"{'page':<15}" + "".join(f"{k:>16}" for k in next(iter(scores.values()))))
    for name, values in scores.items():
        print(f"{name:<15}" + "".join(f"{v:>16}" for v in values.values()))


@task(
    help={
        "timeout": "seconds to wait for each server (default 10)",
        "content": "content folder (default: content)",
    }
)
def check_links(c, timeout=10, content=CONTENT):
    """Check every source URL; report dead and moved links per essay in build/."""
    sys.path[:0] = [str(ROOT / "plugins")]
    from bibliography.linkcheck import check_all, report, sources_by_essay
    from bibliography.settings import resolve
    from front_matter.mapping import map_metadata
    from front_matter.parse import split

    def read_front_matter(path):
        text = Path(path).read_text(encoding="utf-8")
        document = split(text, path)
        return map_metadata(document.metadata, path=path, default_tz=dt.UTC), document.body

    options = resolve(_settings())
    found = sources_by_essay(
        content, str(Path(content) / options["BIBLIOGRAPHY_PATH"]), read_front_matter
    )
    urls = [entry.url for entries in found.values() for entry in entries if entry.url]
    results = check_all(urls, timeout=float(timeout))
    text, dead = report(found, results)
    target = ROOT / "build" / "link-report.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    moved = sum(1 for r in results.values() if r.status == "moved")
    print(text)
    print(f"{len(results)} links checked: {dead} dead, {moved} moved. Report: {target}")
    if dead:
        sys.exit(1)


@task(help={"sizes": "comma-separated corpus sizes (default 100,1000,5000)"})
def bench(c, sizes="100,1000,5000"):
    """Benchmark our build against vanilla Pelican and Hugo on a synthetic corpus."""
    from bench.run import main, table

    work = ROOT / "build" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    compile_plugins()  # as `invoke build` does: the builds measured start from bytecode
    rows = main([int(s) for s in sizes.split(",")], work)
    print(table(rows))
    print(f"\nResults: {work / 'results.json'} (times in seconds; ratios taken in this one run)")
    print(f"Targets: {work / 'targets.json'}")


@task(
    positional=["path"],
    help={
        "path": "the Hugo site's root folder (holding hugo.toml and content/)",
        "check": "try the publish build on the result (--no-check skips it)",
    },
)
def import_hugo(c, path, check=True):
    """Copy a Hugo site's content, static files and configuration into this project.

    Byte for byte, never overwriting a file that differs; safe to run again.
    The site's own shortcodes are translated to theme/shortcodes/. Then the
    publish build is tried on the result (--no-check skips it): links that
    were already broken in the Hugo site are listed in known-broken-links.txt.
    Prints a migration report: shortcodes and front matter met, what the
    trial build said, and anything that could not be carried over; exits 1
    when something must be fixed before the publish build succeeds.
    """
    sys.path[:0] = [str(ROOT / "plugins")]
    from hugo.errors import HugoError
    from hugo.importer import import_site
    from hugo.render import known_shortcodes

    settings = _settings()
    known = known_shortcodes(settings.get("THEME"))
    try:
        report = import_site(
            Path(path).expanduser().resolve(),
            ROOT,
            content=os.path.relpath(settings["PATH"], ROOT),
            known_shortcode=known.__contains__,
            theme_templates={
                p.stem for p in (ROOT / settings["THEME"] / "templates").glob("*.html")
            },
            shortcodes_dir=ROOT / settings["THEME"] / "shortcodes",
        )
    except HugoError as err:
        sys.exit(f"import-hugo: {err}")
    if check and not (report.conflicts or report.problems):
        # What the publish build will say, found now, not at the first publish.
        from hugo import trial
        from link_check.settings import resolve as link_settings

        print("Trying the publish build on the imported site...", file=sys.stderr, flush=True)
        report.trial = trial.sort_out(trial.run(ROOT, os.path.relpath(settings["PATH"], ROOT)))
        report.known_file = link_settings(settings)["LINK_CHECK_KNOWN_BROKEN"]
        written, report.known_unlisted = trial.record(report.trial, ROOT, report.known_file)
        report.known_written = written is not None
    print("\n".join(report.lines()))
    if report.blocking:
        sys.exit(1)
