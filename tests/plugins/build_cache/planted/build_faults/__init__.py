"""A plugin for tests only: it stops a build at a chosen moment, and plants
failures in renders, so the tests can see what the build does about them.

Settings (all optional):

* ``FAULT_KILL_AT``: "read" (everything read), "writing" (after the fifth
  file written), "saving" (while the caches are saved), "indexing" (while
  Pagefind runs). The build kills itself with SIGKILL there.
* ``FAULT_PAUSE_AT``: "reading" (the first essay read) or "indexing": write
  ``FAULT_MARK`` and sleep there, so a test can send the build a signal at that moment.
* In an essay's text, ``PLANTED-WORKER-DIES`` ends a render worker
  (``os._exit``) and ``PLANTED-RENDER-RAISES`` makes every render of it raise.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor
from pelican import signals

HERE = Path(__file__).resolve().parent
_state: dict = {"pid": None, "written": 0, "settings": {}}


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _pause() -> None:
    Path(_state["settings"]["FAULT_MARK"]).write_text(str(os.getpid()))
    time.sleep(60)


class Planted(Preprocessor):
    def run(self, lines):
        text = "\n".join(lines)
        in_worker = os.getpid() != _state["pid"]
        if "PLANTED-WORKER-DIES" in text and in_worker:
            os._exit(7)
        if "PLANTED-RENDER-RAISES" in text:
            raise RuntimeError("a failure planted in this render")
        return lines


class PlantedExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(Planted(md), "planted_faults", 100)


def start(pelican) -> None:
    settings = pelican.settings
    _state.update(pid=os.getpid(), written=0, settings=settings)
    settings["MARKDOWN"].setdefault("extensions", []).append(PlantedExtension())
    moment = settings.get("FAULT_KILL_AT")
    paused = settings.get("FAULT_PAUSE_AT")
    if moment == "indexing" or paused == "indexing":
        import search.plugin

        fake = [sys.executable, str(HERE / "fake_pagefind.py"), moment or "pause"]
        if paused:
            fake.append(settings["FAULT_MARK"])
        search.plugin._found[:] = [fake]
    if moment == "saving":
        from build_cache import entries

        real = entries.write_bytes
        counted = {"n": 0}

        def write_bytes(path, blob):
            counted["n"] += 1
            if counted["n"] == 3:
                Path(path).write_bytes(blob[: len(blob) // 2])  # as a crash mid-write would
                _kill()
            return real(path, blob)

        entries.write_bytes = write_bytes


def reading(generator, metadata=None) -> None:
    """An essay was read (in the build's own process, while workers render)."""
    if _state["settings"].get("FAULT_PAUSE_AT") == "reading":
        _pause()


def read(generators) -> None:
    if _state["settings"].get("FAULT_KILL_AT") == "read":
        _kill()


def written(path, context=None) -> None:
    _state["written"] += 1
    if _state["settings"].get("FAULT_KILL_AT") == "writing" and _state["written"] == 5:
        _kill()


def register() -> None:
    signals.initialized.connect(start)
    signals.all_generators_finalized.connect(read)
    signals.article_generator_context.connect(reading)
    signals.content_written.connect(written)
