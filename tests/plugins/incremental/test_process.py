"""Builds again and again in one process, as ``invoke livereload`` does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

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
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            TWO_BUILDS,
            str(content.parent),
            str(tmp_path / "out"),
            str(tmp_path / "cache"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    # Pelican memoizes content per essay in a class-level dictionary; the
    # incremental plugin empties it when a build starts.
    assert "first build's essay alive: False" in done.stdout, done.stdout
    # ...where the first build had put it: each essay it wrote
    assert done.stdout.count("this build's essay memoized: True") >= 1, done.stdout
