"""Old URLs that keep working: where each redirect page goes, and who owns it.

Hugo's ``aliases`` and Jekyll's ``redirect_from`` name paths an essay used to
live at. Each becomes a small HTML page at that path that sends the reader
(and search engines, through its canonical link) to the essay's current URL.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


class AliasError(ValueError):
    """An alias that cannot be written as a redirect page."""


@dataclass(frozen=True)
class Redirect:
    alias: str
    save_as: str
    target_url: str
    title: str
    source: str


def save_as(alias: str) -> str:
    """The output file for an alias path, relative to the output folder.

    ``/old/post/`` and ``/old/post`` become ``old/post/index.html`` (the
    pretty URL a Hugo site served); ``/old/post.html`` stays a file.
    """
    if not isinstance(alias, str) or not alias.strip():
        raise AliasError("an alias is empty")
    parts = urlsplit(alias.strip())
    if parts.scheme or parts.netloc:
        raise AliasError(f"alias {alias!r} is a full URL; write only its path, such as /old/path/")
    path = unquote(parts.path).replace("\\", "/")
    segments = [s for s in path.split("/") if s not in ("", ".")]
    if ".." in segments:
        raise AliasError(f"alias {alias!r} climbs out of the site with '..'")
    if not segments:
        raise AliasError(f"alias {alias!r} is the site's home page")
    clean = posixpath.join(*segments)
    last = segments[-1]
    if path.endswith("/") or "." not in last:
        return posixpath.join(clean, "index.html")
    return clean


def plan(
    items: list[tuple[str, str, str, list[str]]], taken: dict[str, str]
) -> tuple[list[Redirect], list[str]]:
    """Work out every redirect page, and every conflict between them.

    ``items`` holds ``(source, title, target_url, aliases)`` for each essay
    or page; ``taken`` maps the output files the build already writes to the
    source that writes them. Returns the redirects and a message for each
    alias that cannot be written.
    """
    redirects: list[Redirect] = []
    problems: list[str] = []
    owners = dict(taken)
    for source, title, target_url, aliases in items:
        for alias in aliases:
            try:
                output = save_as(alias)
            except AliasError as err:
                problems.append(f"{source}: {err}")
                continue
            owner = owners.get(output)
            if owner is not None:
                if owner == source and output in taken:
                    problems.append(f"{source}: alias {alias!r} is the essay's own URL; remove it")
                elif owner != source:
                    problems.append(
                        f"{source}: alias {alias!r} would overwrite {output}, "
                        f"which {owner} already writes; remove one of them"
                    )
                continue
            owners[output] = source
            redirects.append(Redirect(alias, output, target_url, title, source))
    return redirects, problems
