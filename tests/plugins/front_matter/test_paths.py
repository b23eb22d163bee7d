"""How every plugin names a file in its messages and records."""

from __future__ import annotations

import os

import pytest
from front_matter.paths import display_path


@pytest.fixture
def here(tmp_path, monkeypatch):
    (tmp_path / "site" / "content").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "site")
    return os.getcwd()


def test_a_file_inside_the_build_folder_is_shown_relative_to_it(here):
    assert display_path(os.path.join(here, "content", "posts", "a.md")) == "content/posts/a.md"
    assert display_path("content/posts/a.md") == "content/posts/a.md"
    assert display_path("./content/../content//posts/a.md") == "content/posts/a.md"
    assert display_path(here) == "."
    assert display_path(here + os.sep) == "."


def test_a_file_outside_it_is_shown_as_given(here):
    outside = os.path.join(os.path.dirname(here), "elsewhere", "a.md")
    assert display_path(outside) == outside
    assert display_path("../elsewhere/a.md") == "../elsewhere/a.md"
    # A sibling folder whose name starts with the build folder's is outside it.
    sibling = here + "-old/content/a.md"
    assert display_path(sibling) == sibling


def test_it_follows_the_folder_the_build_runs_from(here, monkeypatch):
    path = os.path.join(here, "content", "a.md")
    monkeypatch.chdir(os.path.join(here, "content"))
    assert display_path(path) == "a.md"
    monkeypatch.chdir("/")
    assert display_path(path) == path.lstrip("/")


@pytest.mark.parametrize(
    "path",
    ["content/a.md", "/etc/hosts", ".", "..", "../x", "a/../../b", "/", "x//y/", "./x"],
)
def test_it_names_files_as_os_path_relpath_did(here, path):
    relative = os.path.relpath(path)
    assert display_path(path) == (path if relative.startswith("..") else relative)
