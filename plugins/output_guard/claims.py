"""One owner per output path: who writes each file of the site.

The site's own pages (home, lists, feeds, robots.txt...) are *reserved*
first; then each essay, page, static file and redirect *claims* its path.
A second claim on a path is refused and the first owner kept, so an essay
whose ``url`` is ``/`` can never replace the home page, and two essays with
one address are both named instead of one silently winning.
"""

from __future__ import annotations

import posixpath


def normal(path: str) -> str:
    """The key a path is claimed under: relative, with no ``./`` or doubled slashes."""
    return posixpath.normpath(path.lstrip("/")) if path else ""


class Claims:
    """The output paths claimed so far, each with a label for its owner."""

    def __init__(self) -> None:
        self.owners: dict[str, str] = {}

    def reserve(self, path: str, owner: str) -> None:
        """The site writes ``path`` itself; the first reservation stands."""
        if path:
            self.owners.setdefault(normal(path), owner)

    def claim(self, path: str, owner: str) -> str | None:
        """Take ``path`` for ``owner``; the earlier owner's label if it was taken."""
        key = normal(path)
        earlier = self.owners.get(key)
        if earlier is not None and earlier != owner:
            return earlier
        self.owners[key] = owner
        return None

    def owner(self, path: str) -> str | None:
        return self.owners.get(normal(path))
