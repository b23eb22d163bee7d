"""How a file's path is shown to an author, and paths from content kept inside the site.

Every plugin names files the same way: relative to the folder the build was
run from when the file is inside it, else as it was given. Plugins key their
per-essay records by this name too, so it is asked for a few thousand times a
build; ``os.path.relpath`` (two ``abspath`` calls, a split and a common
prefix) made that about 50 ms of a one-edit build at 1,000 essays.
"""

from __future__ import annotations

import os
import posixpath


def display_path(path: str) -> str:
    """The path as an author finds it: relative to where they ran the build."""
    here = os.getcwd()
    full = os.path.normpath(os.path.join(here, path))
    if full == here:
        return "."
    inside = here if here.endswith(os.sep) else here + os.sep
    return full[len(inside) :] if full.startswith(inside) else path


# A slug, a ``url``, a ``save_as``, an alias or a bundle file names a place
# in the output folder. Each is checked component by component, never by
# comparing string prefixes (``/site/output-evil`` starts with
# ``/site/output``), so nothing an essay says can land outside the folder.

#: The longest file or folder name most file systems take (ext4, APFS, NTFS: 255 bytes).
NAME_MAX = 255


class OutsideOutput(ValueError):
    """A path from content that would be written outside the output folder."""


def clean_relative(value: str, *, what: str = "path") -> str:
    """``value`` as a clean path relative to the output folder, or OutsideOutput.

    Leading slashes are dropped (``/about/`` is the site's ``about/``);
    ``.`` and empty parts vanish; a ``..`` that would climb above the
    output folder, a NUL byte, a backslash or a name longer than the file
    system allows is refused with a message saying which.
    """
    if not isinstance(value, str):
        raise OutsideOutput(f"{what} {value!r} is not text")
    if "\x00" in value:
        raise OutsideOutput(f"{what} {value!r} holds a NUL character")
    if "\\" in value:
        raise OutsideOutput(f"{what} {value!r} holds a backslash; write / between folders")
    kept: list[str] = []
    for part in value.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not kept:
                raise OutsideOutput(f"{what} {value!r} climbs out of the site with '..'")
            kept.pop()
            continue
        if len(part.encode("utf-8")) > NAME_MAX:
            raise OutsideOutput(
                f"{what} {value!r} has a part of {len(part.encode('utf-8'))} bytes; "
                f"the file system takes at most {NAME_MAX}"
            )
        kept.append(part)
    return posixpath.join(*kept) if kept else ""


def is_inside(root: str, path: str) -> bool:
    """Whether ``path`` (absolute, or relative to the current folder) lies inside ``root``.

    Compared by whole components after normalising, never by string prefix.
    """
    root = os.path.abspath(root)
    path = os.path.abspath(path)
    try:
        return os.path.commonpath([root, path]) == root and path != root
    except ValueError:  # different drives on Windows
        return False


def link_escape(path: str, roots: list[str]) -> str | None:
    """Where ``path`` really leads, when a symbolic link takes it outside every root.

    None when no link is on the way to the file, or when the file (after
    following every link) lies inside one of ``roots``; else the real
    target, for a message. A link loop is reported the same way, with the
    loop's path.
    """
    try:
        real = os.path.realpath(path, strict=True)
    except OSError:  # a loop, or a link to nothing
        return path + " (a link loop or a broken link)"
    if real == os.path.abspath(path):
        return None
    for root in roots:
        top = os.path.realpath(root)
        if real == top or is_inside(top, real):
            return None
    return real


def allowed_roots(settings: dict) -> list[str]:
    """The folders a content file may really live in: the project, the content
    folder and LINK_TARGETS_ALLOWED (a setting of the output guard)."""
    roots = [os.getcwd(), settings.get("PATH") or "content"]
    return roots + list(settings.get("LINK_TARGETS_ALLOWED") or [])
