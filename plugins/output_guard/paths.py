"""Paths that come from content, checked before anything is written at them.

A slug, a ``url``, a ``save_as``, an alias or a bundle file names a place in
the output folder. Each is checked component by component, never by
comparing string prefixes (``/site/output-evil`` starts with
``/site/output``), so nothing an essay says can land outside the folder.
"""

from __future__ import annotations

import os
import posixpath

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
