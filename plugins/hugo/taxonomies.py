"""A Hugo site's own taxonomies (``series``, ``authors``...); knows nothing of Pelican.

Hugo reads a taxonomy's terms from the front matter key named by its plural
(``[taxonomies] series = "series"`` reads ``series = ["Budget cycle"]``),
gives each term a list page at ``/series/budget-cycle/`` and the taxonomy a
list of its terms at ``/series/``. Terms whose addresses are the same are one
term, shown under the name it was first written with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Term:
    name: str
    slug: str
    url: str
    save_as: str
    taxonomy: str

    def __str__(self) -> str:
        return self.name


@dataclass
class Taxonomy:
    singular: str
    plural: str
    terms: list[tuple[Term, list]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.plural}/"

    @property
    def save_as(self) -> str:
        return f"{self.plural}/index.html"

    @property
    def title(self) -> str:
        return self.plural[:1].upper() + self.plural[1:]

    @property
    def label(self) -> str:
        return self.singular[:1].upper() + self.singular[1:]


def term_names(value: Any) -> list[str] | None:
    """The terms a front matter value names, or None when it names none sensibly."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, list) and all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    ):
        return [str(v).strip() for v in value if str(v).strip()]
    return None


def collect(
    singular: str,
    plural: str,
    essays: Iterable[Any],
    values: Callable[[Any], Any],
    slugify: Callable[[str], tuple[str, bool]],
) -> tuple[Taxonomy, list[tuple[Any, str]]]:
    """Each term of one taxonomy with its essays (in the order given), sorted by
    name; and (essay, problem) for each value that names no usable term.
    ``slugify`` gives a term's folder and whether it had to be cut short."""
    taxonomy = Taxonomy(singular, plural)
    by_slug: dict[str, tuple[Term, list]] = {}
    problems: list[tuple[Any, str]] = []
    for essay in essays:
        value = values(essay)
        if value is None:
            continue
        names = term_names(value)
        if names is None:
            problems.append(
                (
                    essay,
                    f"{plural} = {value!r} is not a term or a list of terms. "
                    f"Write {plural} = ['First', 'Second']",
                )
            )
            continue
        for name in names:
            slug, cut = slugify(name)
            if cut and slug:
                problems.append(
                    (
                        essay,
                        f"the {singular} {name!r} has '.' or '..' folders in its address, "
                        f"which would put its page outside the {singular} pages; they are "
                        f"left out ({slug}/); rename the {singular}",
                    )
                )
            if not slug.strip("/"):
                problems.append(
                    (
                        essay,
                        f"the {singular} {name!r} makes no address (nothing in it is a "
                        "letter or a digit), so the essay is not listed under it; rename it",
                    )
                )
                continue
            if slug not in by_slug:
                url = f"{plural}/{slug}/"
                by_slug[slug] = (Term(name, slug, url, url + "index.html", plural), [])
            listed = by_slug[slug][1]
            if essay not in listed:
                listed.append(essay)
    taxonomy.terms = sorted(by_slug.values(), key=lambda pair: (pair[0].name.lower(), pair[0].slug))
    return taxonomy, problems
