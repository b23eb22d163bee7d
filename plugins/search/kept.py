"""A search index kept beside the cache, used again while the pages it indexed
are byte for byte the same (plain functions; :mod:`.plugin` calls them).

Pagefind reads every HTML page on every run and has no incremental mode; its
index is a function of those pages, its version and the output folder's
name. A build that changed no page (the preview server's rebuild after a
save that changed nothing, a second build) copies the kept index instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil


def pages_digest(site: str, index_folder: str, parts: list[str]) -> str:
    """Every ``.html`` file under ``site`` (outside ``index_folder``), by path and bytes."""
    digest = hashlib.sha256("\0".join(parts).encode())
    skip = os.path.join(os.path.abspath(site), index_folder)
    for folder, subfolders, names in os.walk(site):
        subfolders.sort()
        if os.path.abspath(folder) == skip:
            subfolders.clear()
            continue
        for name in sorted(names):
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, site).encode("utf-8", "surrogatepass") + b"\0")
            with open(path, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def restore(kept: str, digest: str, target: str) -> bool:
    """Copy the index kept under ``kept`` to ``target`` if it was made from ``digest``."""
    try:
        with open(os.path.join(kept, "pages.sha256"), encoding="utf-8") as handle:
            if handle.read().strip() != digest:
                return False
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(os.path.join(kept, "index"), target)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def keep(index: str, digest: str, kept: str) -> None:
    """Keep a copy of the index just made from the pages ``digest`` names."""
    shutil.rmtree(kept, ignore_errors=True)
    try:
        shutil.copytree(index, os.path.join(kept, "index"))
        with open(os.path.join(kept, "pages.sha256"), "w", encoding="utf-8") as handle:
            handle.write(digest + "\n")
    except OSError:
        shutil.rmtree(kept, ignore_errors=True)
