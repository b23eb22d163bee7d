"""Builds again and again in one process, as ``invoke livereload`` does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_script(script: str, content: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """``script`` in a Python of its own, from the project folder, given the content
    folder, an output and a cache folder under ``tmp_path``."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(content),
            str(tmp_path / "out"),
            str(tmp_path / "cache"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


TWO_BUILDS = """
import gc, sys, weakref
from pelican import Pelican, signals
from pelican.contents import Content
from pelican.settings import read_settings

content, output, cache = sys.argv[1:4]
essays = []


def note(generator):
    essays.append(weakref.ref(generator.articles[0]))


def count(pelican):
    memoized = {key[0] for key in Content.get_content.cache}
    print("this build's essay memoized:", essays[-1]() in memoized)


signals.article_generator_finalized.connect(note)
signals.finalized.connect(count)
for _ in range(2):
    override = {"PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache}
    Pelican(read_settings("pelicanconf.py", override=override)).run()
gc.collect()
print("first build's essay alive:", essays[0]() is not None)
"""


def test_a_second_build_in_the_process_lets_the_first_builds_essays_go(tmp_path):
    content = tmp_path / "content" / "posts"
    content.mkdir(parents=True)
    for n in range(3):
        (content / f"essay-{n}.md").write_text(
            f'+++\ntitle = "Essay {n}"\ndate = 2025-12-0{n + 1}T09:00:00-05:00\n+++\n\nBody {n}.\n'
        )
    done = run_script(TWO_BUILDS, content.parent, tmp_path)
    assert done.returncode == 0, done.stderr
    # Pelican memoizes content per essay in a class-level dictionary; the
    # incremental plugin empties it when a build starts.
    assert "first build's essay alive: False" in done.stdout, done.stdout
    # ...where the first build had put it: each essay it wrote
    assert done.stdout.count("this build's essay memoized: True") >= 1, done.stdout


def essay_in(folder: Path, body: str):
    from types import SimpleNamespace

    source = folder / "posts" / "a.md"
    return SimpleNamespace(
        source_path=str(source),
        metadata={"title": "A"},
        url="posts/a/",
        save_as="posts/a/index.html",
        status="published",
        _content=body,
    )


def test_an_essay_digest_is_taken_again_only_for_equal_html_and_the_same_file(
    tmp_path, monkeypatch
):
    from incremental import plugin

    (tmp_path / "posts").mkdir()
    source = tmp_path / "posts" / "a.md"
    source.write_text("+++\ntitle = 'A'\n+++\nBody.\n")
    body = "<p>Body.</p>"

    def build(content):
        context = {"generated_content": {"a": content}}
        return plugin.Build(None, "configuration", context, {"PATH": str(tmp_path)})

    first = build(essay_in(tmp_path, body)).digest(str(source))
    opened = []
    real_open = open
    monkeypatch.setattr(
        plugin, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k), raising=False
    )
    # The next build in the process, the essay kept: equal HTML (a new copy)
    again = "".join(["<p>Body.", "</p>"])
    assert again is not body
    assert build(essay_in(tmp_path, again)).digest(str(source)) == first and not opened
    # Other HTML from the same file (a data file changed a chart): read and hashed
    other = build(essay_in(tmp_path, "<p>Body, and a chart.</p>")).digest(str(source))
    assert other != first and opened
    # The file changed under the same HTML
    source.write_text("+++\ntitle = 'A'\n+++\nBody, edited.\n")
    assert build(essay_in(tmp_path, again)).digest(str(source)) != first


def test_an_essay_the_front_matter_plugin_read_is_digested_by_its_key_unread(tmp_path, monkeypatch):
    from incremental import plugin

    (tmp_path / "posts").mkdir()
    source = tmp_path / "posts" / "a.md"
    source.write_text("+++\ntitle = 'A'\n+++\nBody.\n")
    keys = {str(source): "key of the text"}
    monkeypatch.setattr(plugin, "source_key", keys.get)
    monkeypatch.setattr(plugin, "_essay_digests", {})  # a new process
    opened = []
    real_open = open
    monkeypatch.setattr(
        plugin, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k), raising=False
    )

    def digest():
        context = {"generated_content": {"a": essay_in(tmp_path, "<p>Body.</p>")}}
        build = plugin.Build(None, "configuration", context, {"PATH": str(tmp_path)})
        return build.digest(str(source))

    first = digest()
    monkeypatch.setattr(plugin, "_essay_digests", {})
    assert digest() == first and not opened
    keys[str(source)] = "key of an edited text"
    assert digest() != first and not opened


ONE_BUILD_THEN_EXIT = """
import atexit, gc, sys

# Registered before the plugins, so it runs after theirs (atexit is last in,
# first out): what the interpreter's closing collection will find.
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))
from pelican import Pelican, signals
from pelican.settings import read_settings

content, output, cache = sys.argv[1:4]
override = {"PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache}
seen = {}


def reading(generator):
    seen["reading"] = gc.get_freeze_count()
    seen["young"] = gc.get_threshold()[0]


def starting(pelican):
    seen["starting"] = gc.get_freeze_count()
    # After the plugins registered: runs after their finalized receivers
    signals.finalized.connect(ending)


def ending(pelican):
    seen["ending"] = gc.get_freeze_count()


def fail(generator):
    raise RuntimeError("a plugin failed mid-build")


signals.article_generator_pretaxonomy.connect(reading)
signals.get_generators.connect(starting)
signals.article_generator_finalized.connect(fail)
try:
    Pelican(read_settings("pelicanconf.py", override=override)).run()
except RuntimeError:
    print("frozen after a failed build:", gc.get_freeze_count() > 0)
signals.article_generator_finalized.disconnect(fail)
Pelican(read_settings("pelicanconf.py", override=override)).run()
print("frozen as the next build starts:", seen["starting"])
print("frozen while it reads:", seen["reading"] > 0)
print("frozen while it saves:", seen["ending"] > 0)
print("frozen after it:", gc.get_freeze_count())
print("young collected after, while it reads:", seen["young"])
print("young collected after, after it:", gc.get_threshold()[0])
"""


def test_a_build_sets_its_objects_aside_until_it_ends_and_again_as_the_process_ends(tmp_path):
    content = tmp_path / "content" / "posts"
    content.mkdir(parents=True)
    (content / "a.md").write_text('+++\ntitle = "A"\ndate = 2025-12-01\n+++\n\nBody.\n')
    done = run_script(ONE_BUILD_THEN_EXIT, content.parent, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "posts" / "a" / "index.html").is_file()
    lines = [line for line in done.stdout.splitlines() if line.startswith("frozen")]
    # While a build runs, what it loaded is not walked by each full collection;
    # once it ends (or the next begins, after a failure) the collector sees all
    # again, so a process that builds again finds its garbage. At exit
    # everything is set aside, for the closing collection to skip.
    assert lines[:5] == [
        "frozen after a failed build: True",
        "frozen as the next build starts: 0",
        "frozen while it reads: True",
        "frozen while it saves: True",
        "frozen after it: 0",
    ], done.stdout
    assert int(lines[5].split(":")[1]) > 10_000, done.stdout
    # The youngest objects are collected less often while it runs, as before after.
    assert "young collected after, while it reads: 5000" in done.stdout
    assert "young collected after, after it: 700" in done.stdout


COUNT_COMPILES = """
import os, sys
import jinja2
from pelican import Pelican
from pelican.settings import read_settings

build = os.getpid()
compiled = []
compile_template = jinja2.Environment.compile


def counting(self, source, name=None, filename=None, *args, **kwargs):
    if os.getpid() == build and name:
        compiled.append(name)
    return compile_template(self, source, name, filename, *args, **kwargs)


jinja2.Environment.compile = counting
content, output, cache = sys.argv[1:4]
override = {"PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache}
Pelican(read_settings("pelicanconf.py", override=override)).run()
print("compiled in the build:", sorted(set(compiled)))
"""


def test_every_generators_templates_are_compiled_aside_not_in_the_build(tmp_path):
    """The theme's templates and the plugins' own pages (sources, datasets) are
    compiled in forked copies while the essays are read; while the render
    workers' pool runs (its threads could leave a copy waiting on a lock), the
    plugins' pages are compiled in the build."""
    cold = run_script(COUNT_COMPILES, ROOT / "content", tmp_path)
    assert cold.returncode == 0, cold.stderr
    assert (tmp_path / "out" / "sources" / "index.html").exists()
    compiled = cold.stdout.split("compiled in the build:")[1]
    assert "base.html" not in compiled and "article.html" not in compiled, cold.stdout
    # Nothing to render again: no pool, so every template is compiled aside.
    warm = run_script(COUNT_COMPILES, ROOT / "content", tmp_path)
    assert warm.returncode == 0, warm.stderr
    assert "compiled in the build: []" in warm.stdout, warm.stdout


def test_no_copy_is_forked_beside_a_running_thread():
    import threading

    import jinja2
    from incremental.plugin import CompiledTemplates

    env = jinja2.Environment(loader=jinja2.DictLoader({"a.html": "{{ x }}"}))
    compiled = CompiledTemplates()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        compiled.compile_aside(env)
        assert compiled._coming == []  # the build compiles it when asked
    finally:
        stop.set()
        other.join()
    env.bytecode_cache = compiled
    assert env.get_template("a.html").render(x=1) == "1"  # compiled here, and kept
    assert len(compiled._kept) == 1
