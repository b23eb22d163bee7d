"""Site-wide sources from content/bibliography/: YAML, BibTeX and CSL-JSON files."""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from dataclasses import replace

import bibtexparser
import yaml

from .entries import Entry, check_url, from_mapping
from .errors import SourceError

logger = logging.getLogger(__name__)
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
        shown_fields = {k: v for k, v in fields.items() if k not in ("url", "doi", "archived")}
        unknown = _undecodable(shown_fields) if "\\" in "".join(shown_fields.values()) else []
        if unknown:
            logger.warning(
                "%s:%d: source %r uses LaTeX commands that cannot be turned into text "
                "(%s); they are dropped. Write the text itself, or a standard command",
                where,
                line,
                item.key,
                ", ".join("\\" + name for name in unknown),
            )
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
    """A BibTeX field as text: its LaTeX (accents, ``\\emph``, ``\\&``, braces) decoded."""
    if "\\" not in text:
        return text.replace("{", "").replace("}", "").strip()
    return _latex_text().latex_to_text(text).strip()


_MACRO = re.compile(r"\\([A-Za-z]+)")


def _undecodable(fields: dict[str, str]) -> list[str]:
    """The LaTeX commands in these fields that decoding would drop unread."""
    from pylatexenc.latex2text import get_default_latex_context_db

    known = get_default_latex_context_db()
    names = {m for text in fields.values() for m in _MACRO.findall(text)}
    return sorted(n for n in names if known.get_macro_spec(n) is None)


@functools.cache
def _latex_text():
    # pylatexenc comes with bibtexparser (its LaTeX middleware uses it);
    # loaded only when a field holds a command.
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text")


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
        authors = _csl_people(item.get("author"), where, line, key)
        issued = _csl_date(item.get("issued"), "issued", where, line, key)
        accessed = _csl_date(item.get("accessed"), "accessed", where, line, key)
        keywords = str(item.get("keyword") or "")
        entries.append(
            Entry(
                id=key,
                title=str(item["title"]),
                url=check_url(str(item.get("URL", "")), where, line, key),
                authors=authors,
                publisher=str(item.get("container-title") or item.get("publisher") or ""),
                date=issued,
                accessed=accessed,
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


def _csl_people(value, where: str, line: int | None, key: str) -> list[str]:
    """The names in a CSL-JSON ``author`` list; anything else is a SourceError saying so."""
    if value in (None, ""):
        return []
    hint = 'Write "author": [{"family": "Doe", "given": "Jane"}] or [{"literal": "Name"}]'
    if not isinstance(value, list):
        raise SourceError(where, f"source {key!r} has an author that is not a list", hint, line)
    names = []
    for person in value:
        if not isinstance(person, dict):
            raise SourceError(
                where,
                f"source {key!r} has an author {person!r} that is not a name object",
                hint,
                line,
            )
        name = person.get("literal") or " ".join(
            str(part) for part in (person.get("given"), person.get("family")) if part
        )
        if name:
            names.append(str(name))
    return names


def _csl_date(value, field: str, where: str, line: int | None, key: str) -> str:
    """A CSL-JSON date as YYYY, YYYY-MM or YYYY-MM-DD (its parts may be numbers or
    digit strings, as the schema allows); anything else is a SourceError saying so."""
    if value in (None, "", {}):
        return ""
    hint = f'Write "{field}": {{"date-parts": [[2024, 5, 1]]}}'
    if isinstance(value, dict) and ("raw" in value or "literal" in value):
        return str(value.get("raw") or value.get("literal"))
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list)):
        raise SourceError(
            where, f"source {key!r} has an {field} date that is not a date", hint, line
        )
    numbers = []
    for part in parts[0][:3]:
        text = str(part).strip()
        if isinstance(part, bool) or not text.isdigit():
            raise SourceError(
                where,
                f"source {key!r} has an {field} date part {part!r} that is not a number",
                hint,
                line,
            )
        numbers.append(int(text))
    return "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(numbers))


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
