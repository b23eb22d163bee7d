"""Site-wide sources from content/bibliography/: YAML, BibTeX and CSL-JSON files."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace

import bibtexparser
import yaml

from .entries import Entry, check_url, from_mapping
from .errors import SourceError

# libyaml's parser when PyYAML was built with it: the same nodes and errors,
# several times faster than the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, where: str) -> list[Entry]:
    try:
        document = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        raise SourceError(
            where,
            f"is not valid YAML ({getattr(err, 'problem', err)})",
            "Fix the YAML at that line",
            mark.line + 1 if mark else None,
        ) from None
    if document is None:
        return []
    if not isinstance(document, yaml.SequenceNode):
        raise SourceError(
            where, "is not a list of sources", "Start each source with '- id: ...'", 1
        )
    entries = []
    constructor = _Loader("")  # builds each source's data from its node (keeping its line)
    for node in document.value:
        data = constructor.construct_document(node)
        entries.append(from_mapping(data, where, node.start_mark.line + 1))
    return entries


def load_bibtex(text: str, where: str) -> list[Entry]:
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise SourceError(
            where,
            "has a BibTeX entry that does not parse",
            "Check its braces, commas and quotes",
            block.start_line + 1,
        )
    entries = []
    for item in library.entries:
        fields = {f.key.lower(): str(f.value).strip() for f in item.fields}
        line = item.start_line + 1
        if not fields.get("title"):
            raise SourceError(where, f"source {item.key!r} has no title", "Add a title field", line)
        category = fields.get("category") or (
            re.split(r"[,;]", fields["keywords"])[0].strip() if fields.get("keywords") else ""
        )
        authors = [a.strip() for a in re.split(r"\s+and\s+", fields.get("author", "")) if a.strip()]
        entries.append(
            Entry(
                id=item.key,
                title=_unbrace(fields["title"]),
                url=check_url(fields.get("url", ""), where, line, item.key),
                authors=[_unbrace(a) for a in authors],
                publisher=_unbrace(
                    fields.get("institution")
                    or fields.get("journal")
                    or fields.get("publisher")
                    or fields.get("organization")
                    or ""
                ),
                date=fields.get("date") or fields.get("year", ""),
                accessed=fields.get("urldate", ""),
                archived=check_url(fields.get("archived", ""), where, line, item.key),
                doi=fields.get("doi", ""),
                category=_unbrace(category),
                file=where,
                line=line,
            )
        )
    return entries


def _unbrace(text: str) -> str:
    return text.replace("{", "").replace("}", "").strip()


def load_csl_json(text: str, where: str) -> list[Entry]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as err:
        raise SourceError(
            where, f"is not valid JSON ({err.msg})", "Fix the JSON at that line", err.lineno
        ) from None
    if not isinstance(items, list):
        raise SourceError(where, "is not a list of CSL-JSON items", "Write a JSON list", 1)
    entries = []
    for item in items:
        key = str(item.get("id", "")) if isinstance(item, dict) else ""
        line = _line_of(text, f'"{key}"') if key else None
        if not isinstance(item, dict) or not key:
            raise SourceError(where, "an item has no id", "Give every item an id", line)
        if not item.get("title"):
            raise SourceError(where, f"source {key!r} has no title", "Add a title", line)
        authors = []
        for person in item.get("author", []):
            name = person.get("literal") or " ".join(
                part for part in (person.get("given"), person.get("family")) if part
            )
            if name:
                authors.append(name)
        issued = (item.get("issued") or {}).get("date-parts", [[]])[0]
        accessed = (item.get("accessed") or {}).get("date-parts", [[]])[0]
        keywords = item.get("keyword", "")
        entries.append(
            Entry(
                id=key,
                title=str(item["title"]),
                url=check_url(str(item.get("URL", "")), where, line, key),
                authors=authors,
                publisher=str(item.get("container-title") or item.get("publisher") or ""),
                date="-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(issued)),
                accessed="-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(accessed)),
                archived=check_url(str(item.get("archived", "")), where, line, key),
                doi=str(item.get("DOI", "")),
                category=str(
                    item.get("category") or re.split(r"[,;]", keywords)[0].strip()
                    if (item.get("category") or keywords)
                    else ""
                ),
                file=where,
                line=line,
            )
        )
    return entries


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


LOADERS = {".yaml": load_yaml, ".yml": load_yaml, ".bib": load_bibtex, ".json": load_csl_json}


# Per file: its text and sources, the last time this process parsed it (a
# preview parses the site's sources again only when a file changes).
_last_parsed: dict[tuple, tuple[str, list[Entry]]] = {}


def _parsed(loader, text: str, where: str) -> list[Entry]:
    """``loader(text, where)``, remembered while the text is the same; a file
    with an error is parsed (and reported) every time."""
    last = _last_parsed.get((loader, where))
    if last is not None and last[0] == text:
        return [_copy(entry) for entry in last[1]]
    entries = loader(text, where)
    _last_parsed[(loader, where)] = (text, [_copy(entry) for entry in entries])
    return entries


def _copy(entry: Entry) -> Entry:
    return replace(entry, authors=list(entry.authors))


def load_folder(folder: str, shown: str) -> tuple[dict[str, Entry], list[SourceError]]:
    """Every source under ``folder``; an id defined in two files is an error naming both."""
    found: dict[str, Entry] = {}
    problems: list[SourceError] = []
    if not os.path.isdir(folder):
        return found, problems
    for name in sorted(os.listdir(folder)):
        loader = LOADERS.get(os.path.splitext(name)[1].lower())
        if loader is None:
            continue
        where = os.path.join(shown, name)
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                entries = _parsed(loader, handle.read(), where)
        except SourceError as err:
            problems.append(err)
            continue
        for entry in entries:
            if entry.id in found:
                problems.append(
                    SourceError(
                        entry.file,
                        f"source {entry.id!r} is defined here and in {found[entry.id].origin}",
                        "Keep one definition, or give one of them another id",
                        entry.line,
                    )
                )
                continue
            found[entry.id] = entry
    return found, problems
