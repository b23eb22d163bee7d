"""Shared builders: build a real site into a temporary folder and read what it wrote."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures"
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]


@dataclass
class Build:
    """What one Pelican run wrote, and what it said."""

    output: Path
    returncode: int
    log: str

    def path(self, url: str) -> Path:
        """The file a URL path is served from (``/posts/x/`` → ``posts/x/index.html``)."""
        relative = url.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        return self.output / relative

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def html(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.path(url).read_text(encoding="utf-8"), "html.parser")

    def files(self) -> list[str]:
        return sorted(
            str(p.relative_to(self.output)) for p in self.output.rglob("*") if p.is_file()
        )

    def all_text(self) -> str:
        """Every text file the build wrote, joined: for "must appear nowhere" checks."""
        texts = []
        for name in self.files():
            if name.endswith((".html", ".xml", ".json", ".txt", ".css", ".js")):
                texts.append((self.output / name).read_text(encoding="utf-8"))
        return "\n".join(texts)


@pytest.fixture(autouse=True)
def _fresh_cache_state():
    """Each test starts with the cache's per-build state cleared (saving on)."""
    from build_cache import entries

    entries.begin()
    entries.take_ignored()
    yield
    entries.begin()
    entries.take_ignored()


@contextlib.contextmanager
def read_only(folder: Path):
    """``folder`` cannot be written while inside: by its mode for a normal user,
    or, for root (whom modes do not stop), by a read-only bind mount on itself.
    Skips the test when neither is possible here."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    bind = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if bind.returncode != 0:
        pytest.skip(f"root here cannot make a read-only folder: {bind.stderr.decode().strip()}")
    try:
        remount = ["mount", "-o", "remount,bind,ro", str(folder)]
        if subprocess.run(remount, capture_output=True).returncode != 0:
            pytest.skip("root here cannot remount a folder read-only")
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def run_pelican(
    content: Path,
    output: Path,
    *,
    publish: bool = False,
    siteurl: str | None = None,
    settings: dict | None = None,
    project: Path = ROOT,
    verbose: bool = False,
    env: dict | None = None,
) -> Build:
    """Run ``python -m pelican`` as an author would, from the project folder."""
    import json

    conf = "publishconf.py" if publish else "pelicanconf.py"
    command = [sys.executable, "-m", "pelican", str(content), "-s", conf, "-o", str(output)]
    if verbose:
        command.append("--verbose")
    # Caches go beside the output: tests never write into the working tree.
    settings = {"CACHE_PATH": str(output.parent / f"{output.name}-cache"), **(settings or {})}
    if settings:
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in settings.items())]
    given = env or {}
    env = dict(os.environ, COLUMNS="400", NO_COLOR="1")
    # A build's log is the same on a pull request's runner as here, unless a
    # test asks for GitHub's annotations itself.
    env.pop("GITHUB_ACTIONS", None)
    env.pop("SITEURL", None)
    env.update(given)
    if siteurl is not None:
        env["SITEURL"] = siteurl
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    return Build(output, result.returncode, result.stdout + result.stderr)


def write_files(content: Path, files: dict[str, str | bytes], links=None) -> Path:
    """Write {relative path: text} (dedented) and {relative path: symlink target}."""
    for name, text in files.items():
        target = content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    for name, source in (links or {}).items():
        target = content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(source)
    content.mkdir(parents=True, exist_ok=True)
    return content


@pytest.fixture(scope="session")
def make_site(tmp_path_factory):
    """Build a site from {path: text} into a new temporary folder; returns a Build.

    Session-scoped so that module-scoped fixtures can build once and share.
    """

    def make(
        files: dict[str, str | bytes] | None = None,
        *,
        links: dict[str, Path] | None = None,
        content: Path | None = None,
        publish: bool = False,
        siteurl: str | None = None,
        settings: dict | None = None,
        output: Path | None = None,
        verbose: bool = False,
        allow_links: bool = True,
        env: dict | None = None,
    ) -> Build:
        folder = tmp_path_factory.mktemp("site")
        if content is None:
            content = write_files(folder / "content", files or {}, links)
        if links and allow_links:
            # What a test links in (the shared fixtures, used in place) lies
            # outside the project: say so, as an author would in pelicanconf.py.
            targets = sorted(str(target) for target in links.values())
            settings = {"LINK_TARGETS_ALLOWED": targets, **(settings or {})}
        return run_pelican(
            content,
            output or folder / "output",
            publish=publish,
            siteurl=siteurl,
            settings=settings,
            verbose=verbose,
            env=env,
        )

    return make


@pytest.fixture
def build_site(make_site):
    """The same builder, for a single test."""
    return make_site


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """../shared/fixtures, used in place (never copied into content/).

    The fixtures live beside the repository, not in it, so a fresh clone has
    none: the tests that need them skip and say why. The project's CI sets
    MOE_REQUIRE_FIXTURES=1, which makes their absence a failure instead.
    """
    if not (FIXTURES / "hugo-toml-post.md").is_file():
        if os.environ.get("MOE_REQUIRE_FIXTURES") == "1":
            raise AssertionError(
                f"{FIXTURES} is missing, and MOE_REQUIRE_FIXTURES=1 says it must be there"
            )
        pytest.skip(f"needs the real Hugo post in {FIXTURES}, which is not beside this checkout")
    return FIXTURES


@pytest.fixture(scope="session")
def sample_local(tmp_path_factory) -> Build:
    """The sample site in content/, built with the local settings."""
    build = run_pelican(ROOT / "content", tmp_path_factory.mktemp("sample-local"))
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def sample_publish(tmp_path_factory) -> Build:
    """The sample site built for production under a GitHub project-page subpath."""
    build = run_pelican(
        ROOT / "content",
        tmp_path_factory.mktemp("sample-publish"),
        publish=True,
        siteurl="https://example.github.io/repo",
    )
    assert build.returncode == 0, build.log
    return build


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright (its own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on now (so a site can be built for it)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def pick_port():
    """``pick_port()`` gives a free port on 127.0.0.1: build a site for it, then serve it."""
    return free_port


@pytest.fixture(scope="session")
def http_server():
    """Start a server on 127.0.0.1 for a handler class; returns its base URL.

    Servers stop when the test session ends.
    """
    import http.server
    import sys
    import threading

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # A browser that leaves a page while a file is still being sent:
            # socketserver printed the traceback into the test log.
            if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                return
            super().handle_error(request, client_address)

    servers = []

    def start(handler, port: int | None = None) -> str:
        server = Server(("127.0.0.1", port or 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def folder_handler(folder: Path, prefix: str):
    """A handler serving ``folder`` under the URL ``prefix`` (like a GitHub project page)."""
    import functools
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            if not path.startswith(prefix):
                return str(folder / "__outside_the_site__")
            return super().translate_path("/" + path[len(prefix) :])

        def log_message(self, *args):
            pass

    return functools.partial(Handler, directory=str(folder))


@pytest.fixture(scope="session")
def serve(http_server):
    """Serve a folder on 127.0.0.1 under a URL prefix; returns the base URL."""

    running: dict[tuple, str] = {}

    def start(folder: Path, prefix: str = "/", port: int | None = None) -> str:
        # Several tests serve one build on one port: start it once.
        key = (str(folder), prefix, port)
        if port is None or key not in running:
            running[key] = http_server(folder_handler(folder, prefix), port) + prefix
        return running[key]

    return start


@pytest.fixture(scope="session")
def sample_publish_served(tmp_path_factory, serve):
    """The sample site, published for and served at http://127.0.0.1:PORT/repo/."""
    port = free_port()
    build = run_pelican(
        ROOT / "content",
        tmp_path_factory.mktemp("sample-served"),
        publish=True,
        siteurl=f"http://127.0.0.1:{port}/repo",
    )
    assert build.returncode == 0, build.log
    return serve(build.output, "/repo/", port=port)


PROJECT_SKIP = {".git", "output", "build", "cache", "__pycache__", ".pytest_cache", ".ruff_cache"}


def copy_project(target: Path) -> Path:
    import shutil

    shutil.copytree(ROOT, target, ignore=lambda folder, names: PROJECT_SKIP & set(names))
    return target


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project to run tasks in, so tests never write into the work tree."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def make_project(tmp_path_factory):
    """Copies of the project for module-scoped fixtures: ``make_project() -> Path``."""
    return lambda: copy_project(tmp_path_factory.mktemp("copy") / "project")
