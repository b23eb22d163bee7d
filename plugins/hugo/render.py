"""Turn one shortcode into HTML (or Markdown, for the ``{{% %}}`` form).

``ref``/``relref``, ``param`` and ``highlight`` need logic and are Python
here; every other shortcode is a Jinja template, looked up first in the
theme's ``shortcodes/`` folder, then among this plugin's defaults (figure
and the link cards that stand in for YouTube, Vimeo, X, Gist and Instagram
embeds: our pages load nothing from other sites). Knows nothing of Pelican.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

import markdown
from jinja2 import Environment, TemplateNotFound
from markupsafe import Markup

from .shortcodes import Shortcode

_TAGS = re.compile(r"<[^>]+>")


class ShortcodeError(ValueError):
    def __init__(self, problem: str, hint: str) -> None:
        self.problem = problem
        self.hint = hint
        super().__init__(f"{problem}. {hint}")


@dataclass
class Essay:
    """The essay a shortcode sits in."""

    path: str  # as shown in messages
    relative: str  # from the content folder, with / separators
    metadata: dict[str, Any] = field(default_factory=dict)
    source_path: str = ""
    # Told of each lookup outside the essay: note(kind, args, answer), with
    # kind "ref" (path, relative) or "file" (url, source_path).
    note: Any = None

    def noted(self, kind: str, args: tuple, answer: Any) -> Any:
        if self.note is not None:
            self.note(kind, args, answer)
        return answer


class ContentIndex:
    """Every Markdown file under the content folder (paths from it), for ``ref`` lookups."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = set(paths)
        self.by_name: dict[str, list[str]] = {}
        for path in sorted(self.paths):
            parts = path.split("/")
            stem = posixpath.splitext(parts[-1])[0]
            name = parts[-2] if stem in ("index", "_index") and len(parts) > 1 else stem
            self.by_name.setdefault(name, []).append(path)

    def resolve(self, target: str, current: str) -> str:
        """The content-relative path a ``ref`` target names, as Hugo finds it.

        A leading slash starts at the content folder; otherwise the essay's
        own folder is tried first, then the content folder. The ``.md`` may
        be left out, and a bundle is named by its folder. A bare name that
        matches one file anywhere is found too; two matches are an error.
        """
        wanted = target.strip()
        bases = []
        if wanted.startswith("/"):
            bases.append(wanted.lstrip("/"))
        else:
            here = posixpath.dirname(current)
            if here:
                bases.append(posixpath.normpath(posixpath.join(here, wanted)))
            bases.append(posixpath.normpath(wanted))
        for base in bases:
            for candidate in (
                base,
                base + ".md",
                base + "/index.md",
                base + "/_index.md",
            ):
                if candidate in self.paths:
                    return candidate
        if "/" not in wanted.strip("/"):
            name = posixpath.splitext(wanted.strip("/"))[0]
            matches = self.by_name.get(name, [])
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise ShortcodeError(
                    f"ref {target!r} matches {len(matches)} pages ({', '.join(matches)})",
                    "Give the path from the content folder, e.g. /" + matches[0],
                )
        raise ShortcodeError(
            f"ref {target!r}: no page at that path",
            "Check the path (from the content folder, or from this essay's folder); "
            "a ref to a missing page would publish a broken link",
        )


class Renderer:
    """Renders shortcodes for one build."""

    BUILTIN = ("ref", "relref", "param", "highlight")

    def __init__(
        self,
        env: Environment,
        index: ContentIndex,
        site: dict[str, Any],
        file_exists=lambda url, essay: True,
        highlight_class: str = "highlight",
        markdown_options: dict[str, Any] | None = None,
    ) -> None:
        self.env = env
        self.index = index
        self.site = site
        self.file_exists = file_exists
        self.highlight_class = highlight_class
        # Markdown in a shortcode as in the essay: Goldmark's typographer, if on.
        options = dict(markdown_options or {})
        self.env.filters.setdefault("markdownify", lambda text: markdownify(text, **options))
        self.env.filters.setdefault("plainify", plainify)

    def known(self, name: str) -> bool:
        if name in self.BUILTIN:
            return True
        try:
            self.env.get_template(f"{name}.html")
        except TemplateNotFound:
            return False
        return True

    def render(self, shortcode: Shortcode, essay: Essay) -> tuple[str, bool]:
        """``(output, is_html)``: HTML is kept as it is, Markdown is rendered with the essay."""
        name = shortcode.name
        if name in ("ref", "relref"):
            return self._ref(shortcode, essay), False
        if name == "param":
            return self._param(shortcode, essay), False
        if name == "highlight":
            return self._highlight(shortcode), True
        try:
            template = self.env.get_template(f"{name}.html")
        except TemplateNotFound:
            raise ShortcodeError(
                f"unknown shortcode {name!r}",
                f"Add theme/shortcodes/{name}.html (a Jinja template; it gets args, params, "
                f"get() and inner) or take the shortcode out",
            ) from None
        if name == "figure":
            self._check_figure(shortcode, essay)
        output = template.render(
            name=name,
            args=shortcode.positional,
            params=shortcode.named,
            get=shortcode.get,
            inner=Markup(shortcode.inner) if shortcode.inner is not None else None,
            ordinal=shortcode.ordinal,
            page=essay.metadata,
            site=self.site,
        )
        return output.strip(), not shortcode.markdown

    def _ref(self, shortcode: Shortcode, essay: Essay) -> str:
        target = shortcode.get(0) or shortcode.get("path") or ""
        path, _, anchor = target.partition("#")
        fragment = f"#{anchor}" if anchor else ""
        if not path:
            return fragment
        found = essay.noted("ref", (path, essay.relative), self.index.resolve(path, essay.relative))
        # Pelican swaps {filename} for the target's URL when it writes the page.
        return "{filename}/" + found + fragment

    def _param(self, shortcode: Shortcode, essay: Essay) -> str:
        key = shortcode.get(0) or shortcode.get("name") or ""
        for source in (essay.metadata, essay.metadata.get("params") or {}, self.site["params"]):
            value = _dig(source, key.lower())
            if value is not None:
                if isinstance(value, bool):
                    value = "true" if value else "false"
                return html.escape(str(value))
        raise ShortcodeError(
            f"param {key!r} is in neither the essay's front matter nor the site's params",
            f"Add {key} to the front matter or to [params] in the Hugo configuration",
        )

    def _highlight(self, shortcode: Shortcode) -> str:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import TextLexer, get_lexer_by_name
        from pygments.util import ClassNotFound

        language = shortcode.get(0) or shortcode.get("lang") or "text"
        options = _highlight_options(shortcode.get(1) or shortcode.get("options") or "")
        code = (shortcode.inner or "").strip("\n")
        try:
            lexer = get_lexer_by_name(language)
        except ClassNotFound:
            lexer = TextLexer()
        formatter = HtmlFormatter(cssclass=self.highlight_class, wrapcode=True, **options)
        return highlight(code, lexer, formatter).strip()

    def _check_figure(self, shortcode: Shortcode, essay: Essay) -> None:
        src = shortcode.get("src") or ""
        if not src:
            raise ShortcodeError("figure has no src", 'Add src="image.png" (the image to show)')
        if not essay.noted("file", (src, essay.source_path), self.file_exists(src, essay)):
            raise ShortcodeError(
                f"figure src {src!r} is not a file of this essay's bundle or of the site",
                "Put the image beside the essay's index.md (page bundle), under static/, "
                "or under the content folder, or correct the src",
            )


def _dig(source: Any, key: str) -> Any:
    value = source
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        lowered = {str(k).lower(): v for k, v in value.items()}
        if part not in lowered:
            return None
        value = lowered[part]
    return value


def _highlight_options(text: str) -> dict[str, Any]:
    """Hugo's ``linenos=table,hl_lines=2 4-5,linenostart=10`` as Pygments options."""
    options: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, _, value = item.partition("=")
        key, value = key.strip().lower(), value.strip().strip('"')
        if key == "linenos":
            if value in ("table", "true"):
                options["linenos"] = "table"
            elif value == "inline":
                options["linenos"] = "inline"
        elif key == "hl_lines":
            lines: list[int] = []
            for span in value.split():
                low, _, high = span.partition("-")
                if low.isdigit():
                    lines += range(int(low), int(high or low) + 1)
            options["hl_lines"] = lines
        elif key == "linenostart" and value.isdigit():
            options["linenostart"] = int(value)
    return options


def markdownify(text: Any, **options: Any) -> Markup:
    """Markdown to HTML, without the paragraph around a single line (Hugo's filter);
    ``options`` are Python-Markdown's (the essays' extensions)."""
    if text is None or text == "":
        return Markup("")
    out = markdown.markdown(str(text), **options).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return Markup(out)


def plainify(text: Any) -> str:
    return html.unescape(_TAGS.sub("", str(text or "")))


def known_shortcodes(theme: str | None) -> set[str]:
    """Every shortcode name a build can render: built-ins and templates."""
    names = set(Renderer.BUILTIN)
    folders = [os.path.join(os.path.dirname(__file__), "templates", "shortcodes")]
    if theme:
        folders.append(os.path.join(theme, "shortcodes"))
    for folder in folders:
        if os.path.isdir(folder):
            names |= {
                n[:-5] for n in os.listdir(folder) if n.endswith(".html") and not n.startswith("_")
            }
    return names
