"""Split a Markdown file into front matter and body, and load the front matter.

Three forms are understood, decided by the file's first line:

* ``+++`` opens TOML front matter (Hugo, Zola), closed by another ``+++`` line;
* ``---`` opens YAML front matter (Hugo, Jekyll), closed by ``---`` or ``...``;
* ``Key: value`` lines up to the first blank line are Pelican's native form.

Nothing here knows about Pelican: the result is plain data.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import FrontMatterError

TOML_FENCE = "+++"
YAML_FENCE = "---"
YAML_END = ("---", "...")

# Python-Markdown's meta extension rules, which Pelican's native format follows.
_NATIVE_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_NATIVE_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_TOML_POSITION = re.compile(r"\(at line (?P<line>\d+), column (?P<col>\d+)\)")
_TOML_EOF = re.compile(r"\(at end of document\)")


@dataclass
class Document:
    """A Markdown file taken apart.

    ``metadata`` is the loaded front matter (a dict, keys as the author wrote
    them); ``body_line`` is the 1-based line of the file where ``body`` starts,
    so later stages can report lines in the author's file.
    """

    format: str
    metadata: dict[str, Any]
    body: str
    body_line: int = 1
    front_matter: str = ""
    front_matter_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int | None:
        """The line where a top-level front-matter key is written, if known."""
        return self.key_lines.get(key.lower())


def split(text: str, path: str) -> Document:
    """Take a Markdown file's text apart into front matter and body."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = lines[0].rstrip() if lines else ""
    if first == TOML_FENCE:
        return _fenced(lines, path, "toml", (TOML_FENCE,), _load_toml)
    if first == YAML_FENCE:
        return _fenced(lines, path, "yaml", YAML_END, _load_yaml)
    if _NATIVE_KEY.match(lines[0]):
        return _native(lines)
    return Document(format="none", metadata={}, body=text)


def _fenced(lines, path, fmt, closers, loader) -> Document:
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            break
    else:
        fence = lines[0].rstrip()
        raise FrontMatterError(
            path,
            f"the {fmt.upper()} front matter opened by '{fence}' on line 1 never closes",
            f"Add a line holding only '{fence}' after the last front-matter "
            "line, before the essay's text begins",
            line=1,
        )
    block = "\n".join(lines[1:index])
    try:
        metadata = loader(block, path, first_line=2)
    except (ValueError, RecursionError, MemoryError) as err:
        if isinstance(err, FrontMatterError):
            raise
        raise _too_big(err, fmt, block, path) from None
    _check_shape(metadata, path, fmt)
    return Document(
        format=fmt,
        metadata=metadata,
        body="\n".join(lines[index + 1 :]),
        body_line=index + 2,
        front_matter=block,
        front_matter_line=2,
        key_lines=_key_lines(lines[1:index], first_line=2, fmt=fmt),
    )


#: How deep lists and tables may nest in front matter (real ones use two or three).
MAX_DEPTH = 50
_LONG_NUMBER = re.compile(r"[-+]?\d[\d_]{999,}")


def _too_big(err: Exception, fmt: str, block: str, path: str) -> FrontMatterError:
    """A parser's failure on input too large for it, said in words, with the line."""
    long = _LONG_NUMBER.search(block)
    if long:
        digits = len(long[0].replace("_", "").lstrip("+-"))
        return FrontMatterError(
            path,
            f"a number in the {fmt.upper()} front matter has {digits:,} digits, more "
            f"than can be read",
            "Quote it to keep it as text, or shorten it",
            line=2 + block.count("\n", 0, long.start()),
        )
    if isinstance(err, RecursionError):
        return FrontMatterError(
            path,
            f"lists or tables in the {fmt.upper()} front matter nest too deeply to read",
            f"Nest them at most {MAX_DEPTH} levels deep",
            line=2,
        )
    return FrontMatterError(
        path,
        f"the {fmt.upper()} front matter cannot be read: {err}",
        "Shorten the value the message names",
        line=2,
    )


def _check_shape(metadata: Any, path: str, fmt: str) -> None:
    """Refuse front matter whose lists and tables repeat or nest without end.

    A YAML alias (``*name``) repeating a list or table inside another is
    loaded as one shared object, cheaply; turned into text later (as every
    value is, for the caches), nine nested aliases of nine items make 9**9
    copies (6 GB). Such aliases are refused, as is nesting past MAX_DEPTH.
    Each list and table is visited once, so the check is linear.
    """
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(metadata, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = list(value.values())
        elif isinstance(value, list | tuple):
            children = list(value)
        else:
            continue
        if id(value) in seen:
            raise FrontMatterError(
                path,
                f"the {fmt.upper()} front matter repeats a list or table through an "
                "alias (&name ... *name), which front matter does not allow",
                "Write the values out where they are used",
            )
        if depth > MAX_DEPTH:
            raise FrontMatterError(
                path,
                f"lists or tables in the {fmt.upper()} front matter nest more than "
                f"{MAX_DEPTH} levels deep",
                "Flatten them",
            )
        seen.add(id(value))
        stack.extend((child, depth + 1) for child in children)


def _load_toml(block: str, path: str, first_line: int) -> dict[str, Any]:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        line = None
        position = _TOML_POSITION.search(message)
        if position:
            line = first_line + int(position["line"]) - 1
            message = message[: position.start()].strip()
        elif _TOML_EOF.search(message):
            line = first_line + block.count("\n")
            message = message[: _TOML_EOF.search(message).start()].strip()
        if line is not None:
            wrong = impossible_date(block.split("\n")[line - first_line])
            if wrong:
                raise FrontMatterError(
                    path,
                    f"the TOML front matter has {wrong}",
                    "Correct the date; TOML writes it as 2025-12-01T09:00:00-05:00",
                    line=line,
                ) from None
        raise FrontMatterError(
            path,
            f"the TOML front matter does not parse: {message}",
            "Check that line against TOML's rules: strings in quotes, "
            "'key = value', lists in [brackets], dates like "
            "2025-12-01T09:00:00-05:00",
            line=line,
        ) from None


_DATE_TOKEN = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2}))?)?")


def impossible_date(text: str) -> str | None:
    """'the date 2025-13-45, which is not a real date: there is no month 13 ...' for the first
    date-shaped value in ``text`` that no calendar has; None when there is none."""
    for match in _DATE_TOKEN.finditer(text):
        year, month, day = (int(match[i]) for i in (1, 2, 3))
        shown = match[0]
        if not 1 <= month <= 12:
            return (
                f"the date {shown}, which is not a real date: there is no month {month} "
                "(months are 1 to 12)"
            )
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            name = calendar.month_name[month]
            return f"the date {shown}, which is not a real date: {name} {year} has {last} days"
        if match[4] is not None:
            hour, minute = int(match[4]), int(match[5])
            second = int(match[6]) if match[6] else 0
            if hour > 23 or minute > 59 or second > 59:
                return (
                    f"the time in {shown}, which is not a real time: hours run 00 to 23, "
                    "minutes and seconds 00 to 59"
                )
    return None


# libyaml's parser when PyYAML was built with it: the same documents and
# errors, several times faster than the pure-Python one.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_Base):
    """PyYAML's safe loader, but an impossible date is a YAML error with a line."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as err:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a real date ({err})", node.start_mark
        ) from None


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _load_yaml(block: str, path: str, first_line: int) -> dict[str, Any]:
    try:
        loaded = yaml.load(block, Loader=_SafeLoader) if block.strip() else {}  # noqa: S506
    except yaml.YAMLError as err:
        # An unclosed bracket is reported at the end; its opening is more useful.
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        line = first_line + mark.line if mark is not None else None
        problem = getattr(err, "problem", None) or str(err)
        at = getattr(err, "problem_mark", None)
        lines = block.split("\n")
        if at is not None and at.line < len(lines) and "\t" in lines[at.line][: at.column + 1]:
            raise FrontMatterError(
                path,
                "the YAML front matter has a tab character where it indents, and "
                "YAML indents with spaces only",
                "Replace the tab at the start of that line with spaces",
                line=first_line + at.line,
            ) from None
        wrong = impossible_date(lines[at.line]) if at is not None and at.line < len(lines) else None
        if wrong and "not a real date" in problem:
            raise FrontMatterError(
                path,
                f"the YAML front matter has {wrong}",
                "Correct the date; write it as 2025-12-01 09:00:00 -05:00",
                line=first_line + at.line,
            ) from None
        raise FrontMatterError(
            path,
            f"the YAML front matter does not parse: {problem}",
            "Check that line against YAML's rules: 'key: value', a space "
            "after each colon, and quotes around values holding ': ' or "
            "starting with a special character",
            line=line,
        ) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise FrontMatterError(
            path,
            "the YAML front matter is not a set of 'key: value' lines",
            "Write one 'key: value' pair a line between the '---' lines",
            line=first_line,
        )
    return {str(key): value for key, value in loaded.items()}


def _native(lines: list[str]) -> Document:
    metadata: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    key = None
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            break
        match = _NATIVE_KEY.match(line)
        if match:
            key = match["key"].lower()
            key_lines.setdefault(key, index + 1)
            metadata.setdefault(key, []).append(match["value"].strip())
            continue
        more = _NATIVE_MORE.match(line)
        if more and key is not None:
            metadata[key].append(more["value"].strip())
            continue
        # The first line that is neither a key nor a continuation ends the
        # metadata block, as in Python-Markdown's meta extension.
        index -= 1
        break
    else:
        index = len(lines)
    # One value stays a string; repeated keys or continuation lines make a
    # list, which the mapping stage joins or keeps as each key needs.
    flat = {k: v[0] if len(v) == 1 else v for k, v in metadata.items()}
    return Document(
        format="pelican",
        metadata=flat,
        body="\n".join(lines[index + 1 :]),
        body_line=index + 2,
        front_matter="\n".join(lines[: index + 1]),
        front_matter_line=1,
        key_lines=key_lines,
    )


_TOML_KEY = re.compile(r"""^\s*["']?(?P<key>[A-Za-z0-9_-]+)["']?\s*=""")
_TOML_TABLE = re.compile(r"^\s*\[+\s*(?P<key>[A-Za-z0-9_.-]+)")
_YAML_KEY = re.compile(r"""^["']?(?P<key>[A-Za-z0-9_-]+)["']?\s*:""")


def _key_lines(lines: list[str], first_line: int, fmt: str) -> dict[str, int]:
    """Find the line of each top-level key, for messages that point at it."""
    found: dict[str, int] = {}
    in_table = False
    for offset, line in enumerate(lines):
        number = first_line + offset
        if fmt == "toml":
            table = _TOML_TABLE.match(line)
            if table:
                in_table = True
                found.setdefault(table["key"].split(".")[0].lower(), number)
                continue
            match = None if in_table else _TOML_KEY.match(line)
        else:
            match = _YAML_KEY.match(line)
        if match:
            found.setdefault(match["key"].lower(), number)
    return found
