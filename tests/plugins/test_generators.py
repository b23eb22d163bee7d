"""Each plugin that adds a generator hands Pelican a list.

Pelican asks whether a receiver's answer is Iterable. For a bare class that
first question walks every abstract base class Python knows (19 ms of each
build, once the site's libraries are loaded); for a list it is answered at
once.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from pelican.generators import Generator

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
WITH_GENERATORS = sorted(
    p.parent.name for p in PLUGINS.glob("*/plugin.py") if "def get_generators" in p.read_text()
)


def test_the_plugins_that_add_generators_are_found():
    assert {"bibliography", "feeds", "leaderboard"} <= set(WITH_GENERATORS)


@pytest.mark.parametrize("name", WITH_GENERATORS)
def test_get_generators_answers_with_a_list_of_generators(name):
    answer = importlib.import_module(f"{name}.plugin").get_generators(None)
    assert isinstance(answer, list)
    assert answer and all(issubclass(g, Generator) for g in answer)
