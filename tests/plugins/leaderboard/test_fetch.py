"""refresh-data against a local HTTP server: no snapshot is ever lost or overwritten."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from leaderboard.dataset import load_dataset
from leaderboard.fetch import RefreshError, refresh

ROOT = Path(__file__).resolve().parents[3]
TODAY = dt.date(2026, 3, 1)


def aa_records(values: dict[str, float | None]) -> bytes:
    """Records shaped like the Artificial Analysis models API."""
    return json.dumps(
        {
            "status": 200,
            "data": [
                {
                    "id": f"id-{name}",
                    "name": name,
                    "model_creator": {"name": "Lab"},
                    "evaluations": {"artificial_analysis_intelligence_index": value},
                }
                for name, value in values.items()
            ],
        }
    ).encode()


ROUTES = {
    "/good.json": aa_records({"Model A": 70, "Model B": 65.5, "Unscored": None}),
    "/changed.json": aa_records({"Model A": 71, "Model B": 65.5, "Model C": 60}),
    "/malformed.json": aa_records({"Model A": "n/a"}),
    "/duplicate.json": aa_records({"Model A": 1})[:-2]
    + b', {"name": "Model A", "model_creator": {"name": "L"}, '
    + b'"evaluations": {"artificial_analysis_intelligence_index": 2}}]}',
    "/not-json": b"<html>maintenance</html>",
    "/good.csv": b"model,creator,intelligence_index\nModel A,Lab,70\nModel B,Lab,65.5\n",
    "/huge.csv": b"model,creator,intelligence_index\n" + b"x,y,1\n" * 500,
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/error":
            self.send_error(503, "Service Unavailable")
            return
        if self.path.endswith(".json") and self.headers.get("x-api-key") != "secret":
            self.send_error(401, "Unauthorized")
            return
        body = ROUTES.get(self.path, b"")
        self.send_response(200 if body else 404)
        self.send_header("ETag", '"v42"')
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(http_server):
    return http_server(Handler)


def make_dataset(folder: Path, url: str, fmt: str = "json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    fetch = f"fetch:\n  url: {url}\n  format: {fmt}\n" + (
        "  records: data\n  fields:\n    model: name\n    creator: model_creator.name\n"
        "    intelligence_index: evaluations.artificial_analysis_intelligence_index\n"
        "  api_key_env: TEST_API_KEY\n  api_key_header: x-api-key\n"
        if fmt == "json"
        else ""
    )
    (folder / "dataset.yaml").write_text(
        "title: T\nsource: {name: S, url: 'https://s.example/'}\nlabel: model\n"
        "value: intelligence_index\n" + fetch
    )
    (folder / "2026-01-01.csv").write_text(
        "model,creator,intelligence_index\nModel A,Lab,70\nModel B,Lab,65.5\n"
    )
    return folder


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def run(folder: Path, **kwargs):
    return refresh(
        load_dataset(str(folder)),
        today=TODAY,
        environ={"TEST_API_KEY": "secret"},
        now=dt.datetime(2026, 3, 1, 6, tzinfo=dt.UTC),
        **kwargs,
    )


def test_unchanged_data_writes_nothing(tmp_path, server):
    folder = make_dataset(tmp_path / "d", server + "/good.json")
    before = fingerprint(folder)
    outcome = run(folder)
    assert (outcome.status, outcome.rows, outcome.skipped) == ("unchanged", 2, 1)
    assert fingerprint(folder) == before


def test_changed_data_adds_a_dated_snapshot_and_where_it_came_from(tmp_path, server):
    folder = make_dataset(tmp_path / "d", server + "/changed.json")
    before = fingerprint(folder)
    outcome = run(folder)
    assert outcome.status == "written"
    assert (folder / "2026-03-01.csv").read_text() == (
        "model,creator,intelligence_index\nModel A,Lab,71\nModel B,Lab,65.5\nModel C,Lab,60\n"
    )
    meta = (folder / "2026-03-01.meta.yaml").read_text()
    assert "fetched_at: '2026-03-01T06:00:00+00:00'" in meta
    assert f"url: {server}/changed.json" in meta and "source_etag: '\"v42\"'" in meta
    assert "secret" not in meta
    after = fingerprint(folder)
    assert {k: after[k] for k in before} == before  # nothing old was touched
    # The new snapshot is a dataset snapshot like any other.
    assert load_dataset(str(folder)).newest.date == TODAY


def test_csv_sources(tmp_path, server):
    folder = make_dataset(tmp_path / "d", server + "/good.csv", fmt="csv")
    assert run(folder).status == "unchanged"


@pytest.mark.parametrize(
    ("path", "words", "options"),
    [
        ("/malformed.json", "intelligence_index is 'n/a', not a number", {}),
        ("/duplicate.json", "names 'Model A' twice", {}),
        ("/not-json", "the response is not JSON", {}),
        ("/error", "answered HTTP 503", {}),
        ("/missing.json", "answered HTTP 404", {}),
        ("/slow", "did not answer within 0.5 seconds", {"timeout": 0.5}),
        ("/huge.csv", "sent more than 1000 bytes", {"max_bytes": 1000}),
    ],
)
def test_failures_keep_every_snapshot(tmp_path, server, path, words, options):
    fmt = "csv" if path.endswith((".csv", "/slow", "/error")) else "json"
    folder = make_dataset(tmp_path / "d", server + path, fmt=fmt)
    before = fingerprint(folder)
    with pytest.raises(RefreshError, match=words.replace("(", r"\(")):
        run(folder, **options)
    assert fingerprint(folder) == before


def test_a_missing_api_key_is_named(tmp_path, server):
    folder = make_dataset(tmp_path / "d", server + "/good.json")
    with pytest.raises(RefreshError, match="TEST_API_KEY"):
        refresh(load_dataset(str(folder)), today=TODAY, environ={})


def test_todays_snapshot_is_never_overwritten(tmp_path, server):
    folder = make_dataset(tmp_path / "d", server + "/changed.json")
    (folder / "2026-03-01.csv").write_text("model,creator,intelligence_index\nModel A,Lab,1\n")
    (folder / "2026-01-01.csv").rename(folder / "2025-12-01.csv")
    before = fingerprint(folder)
    with pytest.raises(RefreshError, match="never overwritten"):
        run(folder)
    assert fingerprint(folder) == before


def test_the_task_exits_non_zero_on_failure_and_zero_on_success(tmp_path, server):
    content = tmp_path / "content"
    good = make_dataset(content / "data" / "good", server + "/good.csv", fmt="csv")
    bad = make_dataset(content / "data" / "bad", server + "/error", fmt="csv")
    before = fingerprint(bad)

    def task(*args):
        return subprocess.run(
            [sys.executable, "-m", "invoke", "refresh-data", *args, "--content", str(content)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )

    only_good = task("--name", "good")
    assert only_good.returncode == 0, only_good.stderr
    assert "good: unchanged since" in only_good.stdout
    everything = task()
    assert everything.returncode != 0
    assert "::warning::bad: refresh failed, snapshots kept as they were" in everything.stderr
    assert "HTTP 503" in everything.stderr
    assert fingerprint(bad) == before
    assert (good / "2026-01-01.csv").exists()


HEARD: list[tuple[str, str | None]] = []  # (path, the x-api-key it was sent)


class Redirecting(http.server.BaseHTTPRequestHandler):
    """Sends /away to another host (localhost, where the test reached 127.0.0.1)
    and to another scheme; records the key each request carried."""

    def do_GET(self):  # noqa: N802
        HEARD.append((self.path, self.headers.get("x-api-key")))
        port = self.server.server_address[1]
        targets = {
            "/away": f"http://localhost:{port}/landing.csv",
            "/same": f"http://127.0.0.1:{port}/landing.csv",
            "/file": "file:///etc/passwd",
        }
        if self.path in targets:
            self.send_response(302)
            self.send_header("Location", targets[self.path])
            self.end_headers()
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(ROUTES["/good.csv"])

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def redirecting(http_server):
    return http_server(Redirecting)


def keyed_dataset(folder: Path, url: str, allow: str = "") -> Path:
    make_dataset(folder, url, "csv")
    text = (folder / "dataset.yaml").read_text()
    text += "  api_key_env: TEST_API_KEY\n  api_key_header: x-api-key\n" + allow
    (folder / "dataset.yaml").write_text(text)
    return folder


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/x.csv", "http://example.org/x.csv", "data:,a"],
)
def test_only_https_or_local_http_is_fetched(tmp_path, url):
    folder = make_dataset(tmp_path / "d", url, "csv")
    before = fingerprint(folder)
    with pytest.raises(RefreshError, match="not an https address"):
        run(folder)
    assert fingerprint(folder) == before


def test_a_redirect_to_another_host_is_refused_and_gets_no_key(tmp_path, redirecting):
    HEARD.clear()
    folder = keyed_dataset(tmp_path / "d", f"{redirecting}/away")
    with pytest.raises(RefreshError, match="redirects to http://localhost:.*another host"):
        run(folder)
    assert HEARD == [("/away", "secret")]  # nothing reached the other host


def test_a_redirect_to_another_scheme_is_refused(tmp_path, redirecting):
    folder = keyed_dataset(tmp_path / "d", f"{redirecting}/file")
    before = fingerprint(folder)
    with pytest.raises(RefreshError, match="file:///etc/passwd"):  # urllib refuses it first
        run(folder)
    assert fingerprint(folder) == before


def test_an_allowed_host_is_followed_without_the_key(tmp_path, redirecting):
    HEARD.clear()
    allow = "  allow_redirect_hosts: [localhost]\n"
    folder = keyed_dataset(tmp_path / "d", f"{redirecting}/away", allow)
    run(folder)
    assert HEARD == [("/away", "secret"), ("/landing.csv", None)]


def test_a_redirect_on_the_same_host_keeps_the_key(tmp_path, redirecting):
    HEARD.clear()
    folder = keyed_dataset(tmp_path / "d", f"{redirecting}/same")
    run(folder)
    assert HEARD == [("/same", "secret"), ("/landing.csv", "secret")]
