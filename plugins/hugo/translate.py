"""Hugo shortcode templates (Go templates) into Jinja; knows nothing of Pelican.

Most shortcodes a real site writes for itself are a line or two:
``<sup>{{ .Get 0 }}</sup>``, ``{{ .Inner | markdownify }}``,
``{{ with .Get "title" }}<b>{{ . }}</b>{{ end }}``, ``{{ .Site.Params.x }}``.
:func:`translate` turns such a template into one our shortcode renderer
runs (it gets ``get()``, ``inner``, ``args``, ``params``, ``page``, ``site``
and ``ordinal``). What it cannot translate faithfully (``range``,
``partial``, page resources, a function it does not know) raises
:class:`Untranslatable` naming what the template uses, so that nothing is
half-translated.

Escaping follows Hugo's: values are escaped where they land, ``.Inner``
and ``markdownify``'s result are HTML, ``safeHTML`` marks text as HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_ACTION = re.compile(r"\{\{(-\s)?(.*?)(\s-)?\}\}", re.DOTALL)
_TOKEN = re.compile(
    r"""(?P<ws>\s+)
    |(?P<str>"(?:\\.|[^"\\])*"|`[^`]*`)
    |(?P<num>-?\d+(?:\.\d+)?)
    |(?P<assign>:=|=)
    |(?P<pipe>\|)
    |(?P<open>\()
    |(?P<close>\))
    |(?P<field>(?:\$[A-Za-z0-9_]*)?(?:\.[A-Za-z0-9_]+)+|\.|\$[A-Za-z0-9_]*)
    |(?P<ident>[A-Za-z_][A-Za-z0-9_.]*)
    """,
    re.VERBOSE,
)
_KEYWORDS = ("if", "else", "end", "with", "range", "define", "template", "block", "break")
_FILTERS = {
    "markdownify": "markdownify",
    "safeHTML": "safe",
    "safeHTMLAttr": "safe",
    "safeURL": "safe",
    "safeCSS": "safe",
    "safeJS": "safe",
    "htmlEscape": "e",
    "plainify": "plainify",
    "lower": "lower",
    "upper": "upper",
    "title": "title",
    "strings.ToLower": "lower",
    "strings.ToUpper": "upper",
    "strings.Title": "title",
    "len": "length",
    "int": "int",
    "string": "string",
}
_COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


class Untranslatable(ValueError):
    """A shortcode template that uses what this translator does not carry over."""


@dataclass
class _Scope:
    dot: str | None = None  # the Jinja expression `.` stands for; None: the shortcode
    blocks: list[str] = field(default_factory=list)  # "if" or "with", innermost last
    dots: list[str | None] = field(default_factory=list)
    count: int = 0


def translate(source: str, origin: str) -> str:
    """The Jinja template for a Hugo shortcode template; ``origin`` is named in a
    comment at its top. Raises :class:`Untranslatable` with what it uses."""
    out = [f"{{#- Translated from the Hugo shortcode {origin} by invoke import-hugo. -#}}\n"]
    scope = _Scope()
    position = 0
    for match in _ACTION.finditer(source):
        out.append(_text(source[position : match.start()]))
        position = match.end()
        left = "-" if match[1] else ""
        right = "-" if match[3] else ""
        out.append(_action(match[2].strip(), left, right, scope))
    out.append(_text(source[position:]))
    if scope.blocks:
        raise Untranslatable(f"an {{{{ {scope.blocks[-1]} }}}} without its {{{{ end }}}}")
    return "".join(out)


def _text(text: str) -> str:
    """Text kept as it is: each ``{`` written by an expression, so that nothing in
    it is ever read as Jinja."""
    return text.replace("{", "{{ '{' }}")


def _action(body: str, left: str, right: str, scope: _Scope) -> str:
    if body.startswith("/*") and body.endswith("*/"):
        return f"{{#{left} {right}#}}"
    words = body.split(None, 1)
    head = words[0] if words else ""
    rest = words[1] if len(words) > 1 else ""
    if head == "if":
        scope.blocks.append("if")
        scope.dots.append(scope.dot)
        return f"{{%{left} if {_pipeline(rest, scope)} {right}%}}"
    if head == "with":
        scope.count += 1
        name = f"with_{scope.count}"
        value = _pipeline(rest, scope)
        scope.blocks.append("with")
        scope.dots.append(scope.dot)
        scope.dot = name
        return f"{{%{left} set {name} = {value} %}}{{% if {name} {right}%}}"
    if head == "else":
        if not scope.blocks:
            raise Untranslatable("an {{ else }} outside any block")
        if scope.blocks[-1] == "with":
            scope.dot = scope.dots[-1]  # Go: the else of a with keeps the outer dot
        if rest.startswith("if "):
            return f"{{%{left} elif {_pipeline(rest[3:], scope)} {right}%}}"
        if rest:
            raise Untranslatable(f"{{{{ else {rest.split()[0]} }}}}")
        return f"{{%{left} else {right}%}}"
    if head == "end":
        if not scope.blocks:
            raise Untranslatable("an {{ end }} with no block to close")
        scope.blocks.pop()
        scope.dot = scope.dots.pop()
        return f"{{%{left} endif {right}%}}"
    if head in _KEYWORDS:
        raise Untranslatable(f"{head}")
    assignment = re.match(r"^\$([A-Za-z_][A-Za-z0-9_]*)\s*:?=\s*(.+)$", body, re.DOTALL)
    if assignment:
        value = _pipeline(assignment[2], scope)
        return f"{{%{left} set v_{assignment[1]} = {value} {right}%}}"
    return f"{{{{{left} {_pipeline(body, scope)} {right}}}}}"


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise Untranslatable(f"the expression {text.strip()!r}")
        position = match.end()
        if match.lastgroup != "ws":
            tokens.append((match.lastgroup, match.group()))
    return tokens


def _pipeline(text: str, scope: _Scope) -> str:
    tokens = _tokens(text)
    expression, rest = _parse_pipeline(tokens, scope)
    if rest:
        raise Untranslatable(f"the expression {text.strip()!r}")
    return expression


def _parse_pipeline(tokens, scope) -> tuple[str, list]:
    value = None
    while True:
        command, tokens = _parse_command(tokens, scope)
        value = _command(command, value, scope)
        if tokens and tokens[0][0] == "pipe":
            tokens = tokens[1:]
            continue
        return value, tokens


def _parse_command(tokens, scope) -> tuple[list, list]:
    operands = []
    while tokens and tokens[0][0] not in ("pipe", "close"):
        kind, text = tokens[0]
        if kind == "open":
            inner, tokens = _parse_pipeline(tokens[1:], scope)
            if not tokens or tokens[0][0] != "close":
                raise Untranslatable("a ( without its )")
            operands.append(("value", f"({inner})"))
            tokens = tokens[1:]
            continue
        if kind == "assign":
            raise Untranslatable("an assignment inside an expression")
        operands.append((kind, text))
        tokens = tokens[1:]
    if not operands:
        raise Untranslatable("an empty expression")
    return operands, tokens


def _operand(kind: str, text: str, scope: _Scope) -> str:
    if kind == "str":
        value = text[1:-1] if text.startswith("`") else json.loads(text)
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if kind == "num":
        return text
    if kind == "value":
        return text
    if kind == "ident":
        if text in ("true", "false"):
            return text
        if text == "nil":
            return "none"
        raise Untranslatable(f"the function {text} as a value")
    return _field(text, scope)


def _field(text: str, scope: _Scope) -> str:
    if any(part.startswith("_") for part in re.split(r"[.$]", text) if part):
        raise Untranslatable(f"the field {text}")
    if text.startswith("$"):
        name, _, path = text[1:].partition(".")
        if name:
            return ".".join([f"v_{name}", *_keys(path)]) if path else f"v_{name}"
        return _top_field(path.split(".") if path else [], text)
    if text == ".":
        if scope.dot is None:
            raise Untranslatable("the shortcode itself as a value ({{ . }})")
        return scope.dot
    parts = text[1:].split(".")
    if scope.dot is not None:
        return ".".join([scope.dot, *(p.lower() for p in parts)])
    return _top_field(parts, text)


def _keys(path: str) -> list[str]:
    return [p.lower() for p in path.split(".") if p]


def _top_field(parts: list[str], text: str) -> str:
    """A field of the shortcode (``.Inner``, ``.Page.Params.x``, ``.Site.Title``)."""
    simple = {"Inner": "inner", "Ordinal": "ordinal", "Name": "name", "Params": "params"}
    if len(parts) == 1 and parts[0] in simple:
        return simple[parts[0]]
    if parts[:1] == ["Params"]:
        return "params" + "".join(f"[{json.dumps(p)}]" for p in parts[1:])
    if parts == ["Page", "Params"]:
        return "page"
    if parts == ["Site", "Params"]:
        return "site.params"
    if parts[:2] == ["Page", "Params"] and len(parts) > 2:
        return ".".join(["page", *(p.lower() for p in parts[2:])])
    if parts[:1] == ["Page"] and len(parts) == 2 and parts[1] in ("Title", "Date", "Description"):
        return f"page.{parts[1].lower()}"
    if parts[:2] == ["Site", "Params"] and len(parts) > 2:
        return ".".join(["site.params", *(p.lower() for p in parts[2:])])
    if parts == ["Site", "Title"]:
        return "site.title"
    if parts in (["Site", "BaseURL"], ["Site", "Home", "Permalink"]):
        return "site.baseurl"
    raise Untranslatable(text)


def _command(operands: list, piped: str | None, scope: _Scope) -> str:
    kind, text = operands[0]
    if kind == "field" and text.split(".")[-1] == "Get" and text in (".Get", "$.Get"):
        args = [_operand(k, t, scope) for k, t in operands[1:]]
        if piped is not None:
            args.append(piped)
        if len(args) != 1:
            raise Untranslatable(".Get with other than one argument")
        return f"get({args[0]})"
    if kind != "ident" or text in ("true", "false", "nil"):
        value = _operand(kind, text, scope)  # names a field it does not know
        if len(operands) > 1 or piped is not None:
            raise Untranslatable(f"{text} given arguments")
        return value
    if text not in _FIXED and text not in ("and", "or", "index", "printf"):
        raise Untranslatable(f"the function {text}")
    args = [_operand(k, t, scope) for k, t in operands[1:]]
    if piped is not None:
        args.append(piped)
    return _function(text, args)


# Functions of a fixed number of arguments: (how many, the Jinja to write).
_FIXED = {
    **{name: (1, f"({{0}} | {jinja})") for name, jinja in _FILTERS.items() if jinja},
    "trim": (2, "({0} | string).strip({1})"),
    "chomp": (1, "({0} | string).rstrip('\\n')"),
    "default": (2, "({1} | default({0}, true))"),
    "not": (1, "(not {0})"),
    "isset": (2, "({1} in {0})"),
    "replace": (3, "({0} | string | replace({1}, {2}))"),
    "absURL": (1, "((site.baseurl or '') ~ '/' ~ ({0} | string).lstrip('/'))"),
    "relURL": (1, "((site.baseurl or '') ~ '/' ~ ({0} | string).lstrip('/'))"),
    **{name: (2, f"({{0}} {operator} {{1}})") for name, operator in _COMPARE.items()},
}


def _function(name: str, args: list[str]) -> str:
    if name == "eq" and len(args) > 2:  # eq a b c: a equals b or c
        return "(" + " or ".join(f"{args[0]} == {other}" for other in args[1:]) + ")"
    if name in _FIXED:
        count, jinja = _FIXED[name]
        if len(args) != count:
            raise Untranslatable(f"{name} with {len(args)} arguments")
        return jinja.format(*args)
    if name in ("and", "or", "index") and len(args) < 2:
        raise Untranslatable(f"{name} with {len(args)} arguments")
    if name in ("and", "or"):
        return "(" + f" {name} ".join(args) + ")"
    if name == "index":
        return args[0] + "".join(f"[{key}]" for key in args[1:])
    if name == "printf":
        if not args:
            raise Untranslatable("printf with no format")
        return f"({args[0]}.replace('%v', '%s') % ({', '.join(args[1:])},))"
    raise Untranslatable(f"the function {name}")
