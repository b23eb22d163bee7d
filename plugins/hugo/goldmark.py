"""Markdown as Hugo renders it: Goldmark's defaults, reached with Python-Markdown.

Essays written for Hugo were written against Goldmark, a CommonMark renderer.
:class:`GoldmarkExtension` brings Python-Markdown's output to the same text and
block structure, with well-kept extensions where they exist and small pieces
of our own where nothing fits:

* **Fences** with any info string (``lang``, ``lang title``, ``lang {linenos=true
  hl_lines=[2]}``): the opening line is rewritten into the form
  pymdown-extensions' SuperFences reads, and pymdownx.highlight draws them
  (a title becomes the block's caption). Nothing inside is parsed.
* **Typography** (Hugo's typographer, on by default): curly quotes, ``--`` and
  ``---`` dashes, ``...``, ``<<`` and ``>>``, in one pass of our own
  (:class:`Typographer`; Python-Markdown's smarty did the same at three
  times an essay's cost).
* **Footnotes** numbered in the order they are first cited, with Goldmark's
  ids (``fn:1``, ``fnref:1``).
* **Heading ids** as Goldmark makes them (``## Hello, World!`` →
  ``hello-world``), unique within a page (``-1``, ``-2``).
* **Lists** as CommonMark nests them (two spaces under ``- ``, three under
  ``1. ``) and a list straight after a paragraph, no blank line needed.
* **Raw HTML** kept, or, with Hugo's default ``unsafe = false`` for an
  imported site, replaced by ``<!-- raw HTML omitted -->`` as Hugo does.

Plain functions and Python-Markdown classes: nothing here knows Pelican.
"""

from __future__ import annotations

import re
import unicodedata

from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# ---------------------------------------------------------------- fences

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
_ATTRIBUTE = re.compile(
    r"""(?P<key>[A-Za-z_][\w-]*)\s*=\s*(?P<value>"[^"]*"|'[^']*'|\[[^\]]*\]|[^\s,}]+)"""
)


def fence_options(info: str) -> tuple[str, dict[str, str]]:
    """(language, SuperFences options) for a Hugo fence's info string.

    ``nginx /etc/nginx/nginx.conf`` → ``("nginx", {"title": "/etc/nginx/nginx.conf"})``;
    ``go {linenos=true hl_lines=[2, "4-5"] linenostart=10}`` →
    ``("go", {"linenums": "10", "hl_lines": "2 4-5"})``; a ``title`` attribute
    is kept as the title. Anything else in braces is ignored, as Hugo ignores
    attributes it does not know.
    """
    info = info.strip()
    language, _, rest = info.partition(" ") if not info.startswith("{") else ("", "", info)
    language = language.lstrip(".")
    rest = rest.strip()
    title = ""
    attributes: dict[str, str] = {}
    if "{" in rest and rest.endswith("}"):
        before, _, inside = rest.partition("{")
        title = before.strip()
        for match in _ATTRIBUTE.finditer(inside[:-1]):
            value = match["value"]
            if value[:1] in "\"'":
                value = value[1:-1]
            attributes[match["key"].lower()] = value
    else:
        title = rest
    options: dict[str, str] = {}
    title = attributes.get("title", title)
    if title:
        options["title"] = title
    linenos = attributes.get("linenos", "").lower()
    if linenos and linenos != "false":
        options["linenums"] = attributes.get("linenostart", "1")
    hl_lines = attributes.get("hl_lines", "").strip()
    if hl_lines:
        parts = re.findall(r"\d+(?:-\d+)?", hl_lines)
        if parts:
            options["hl_lines"] = " ".join(parts)
    return language, options


class FenceInfo(Preprocessor):
    """Rewrites each fence's opening line into SuperFences' ``lang key="value"`` form.

    Only opening lines change: a line inside an open fence is never touched,
    so a fence shown inside a longer one stays as written.
    """

    def run(self, lines: list[str]) -> list[str]:
        out = []
        open_fence = ""
        for line in lines:
            match = _FENCE.match(line)
            if open_fence:
                if match and not match["info"] and _closes(match["fence"], open_fence):
                    open_fence = ""
                out.append(line)
                continue
            if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
                out.append(line)
                continue
            open_fence = match["fence"]
            language, options = fence_options(match["info"])
            if not options and " " not in match["info"].strip():
                out.append(line)
                continue
            written = " ".join(f'{k}="{v.replace(chr(34), chr(39))}"' for k, v in options.items())
            out.append(f"{match['indent']}{open_fence}{language} {written}".rstrip())
        return out


def _closes(fence: str, opened: str) -> bool:
    return fence[0] == opened[0] and len(fence) >= len(opened)


# ---------------------------------------------------------------- lists

_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-+*]|\d{1,9}[.)])(?P<space> +|$)(?P<rest>.*)$")
_BREAK = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
_BLOCK_START = re.compile(r"^ {0,3}(?:#{1,6}(?: |$)|>|\||<|\x02)")


class CommonMarkLists(Preprocessor):
    """Re-indents lists nested the CommonMark way into Python-Markdown's four spaces.

    CommonMark nests a line under a list item when it is indented to the
    item's content (two spaces under ``- a``, three under ``1. a``);
    Python-Markdown wants four. Each list line is moved to four spaces a
    level, keeping whatever indentation it has beyond its item's content (a
    code block inside an item stays one). A bullet list, or an ordered list
    starting at 1, right after a paragraph line gets the blank line
    Python-Markdown needs before it, as CommonMark lets it interrupt the
    paragraph. Fenced code is already stashed when this runs.
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        stack: list[tuple[int, int]] = []  # each open item: (its content column, its new one)
        previous = ""  # the last line, as written
        kinds: dict[int, str] = {}  # the marker kind of the list open at each new indent
        for line in lines:
            if not line.strip():
                out.append(line)
                previous = line
                continue
            indent = len(line) - len(line.lstrip(" "))
            item = _ITEM.match(line) if not _BREAK.match(line) else None
            if (
                item
                and not stack
                and previous.strip()
                and not _BLOCK_START.match(previous)
                and _ITEM.match(previous) is None
                and (item["rest"].strip() == "" or not _interrupts(item))
            ):
                item = None  # it cannot interrupt the paragraph: it goes on the paragraph
            if item is not None:
                while stack and indent < stack[-1][0]:
                    stack.pop()
                if not stack and indent >= 4:
                    out.append(line)  # indented code, not a list
                    previous = line
                    continue
                if not stack and previous.strip() and _ITEM.match(previous) is None:
                    out.append("")
                spaces = len(item["space"]) if item["rest"] else 1
                if spaces > 4:  # the content is indented code: one space belongs to the marker
                    spaces = 1
                content = indent + len(item["marker"]) + spaces
                new_indent = stack[-1][1] if stack else indent
                kind = _kind(item["marker"])
                if kinds.get(new_indent, kind) != kind:
                    # CommonMark starts a new list when the marker changes;
                    # Python-Markdown needs something between the two.
                    out += ["", " " * new_indent + self.md.htmlStash.store(LIST_BREAK), ""]
                kinds[new_indent] = kind
                for deeper in [k for k in kinds if k > new_indent]:
                    del kinds[deeper]
                stack.append((content, new_indent + 4))
                out.append(" " * new_indent + line[indent:])
            elif stack:
                while stack and indent < stack[-1][0] and not previous.strip():
                    stack.pop()
                if stack and indent >= stack[-1][0]:
                    out.append(" " * stack[-1][1] + line[stack[-1][0] :])
                elif stack:  # a lazy continuation of the item's paragraph
                    out.append(" " * stack[-1][1] + line.lstrip(" "))
                else:
                    out.append(line)
                    kinds.clear()
            else:
                out.append(line)
                kinds.clear()  # a paragraph ends every list
            previous = line
        return out


#: Stashed between two lists CommonMark keeps apart; removed once the page is made.
LIST_BREAK = "<!-- list break -->"


class DropListBreaks(Postprocessor):
    def run(self, text: str) -> str:
        return (
            text.replace(LIST_BREAK + "\n", "").replace(LIST_BREAK, "")
            if LIST_BREAK in text
            else text
        )


def _kind(marker: str) -> str:
    """What CommonMark compares to tell lists apart: the bullet, or the number's delimiter."""
    return marker if marker in "-+*" else "ordered" + marker[-1]


def _interrupts(item: re.Match[str]) -> bool:
    marker = item["marker"]
    return marker in "-+*" or marker[:-1] == "1"


# ---------------------------------------------------------------- headings


_NOT_IN_SLUG = re.compile(r"[^\w\s-]")  # \w: letters and digits of any script, and _
_SPACE = re.compile(r"\s")
_TYPED = str.maketrans({"\u2013": "--", "\u2014": "---", "\u2026": "..."})


def goldmark_slug(text: str) -> str:
    """Goldmark's automatic heading id for a heading's text.

    Letters and digits (any script) are kept, lowercased; each space becomes
    ``-``; ``-`` and ``_`` stay; everything else is dropped. Nothing is
    collapsed: ``A & B`` gives ``a--b``, as on a Hugo site.
    """
    # Goldmark reads the heading as written; ours has been through the
    # typographer, so its dashes and ellipses are put back first.
    text = unicodedata.normalize("NFC", text.strip().translate(_TYPED))
    return _SPACE.sub("-", _NOT_IN_SLUG.sub("", text)).lower()


class HeadingIds:
    """The ``slugify`` the contents extension calls: Goldmark ids, numbered
    ``-1``, ``-2`` when a page repeats one (:meth:`reset` for each page)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def reset(self) -> None:
        self.seen.clear()

    def __call__(self, value: str, separator: str = "-") -> str:
        base = goldmark_slug(value) or "heading"
        slug, number = base, 0
        while slug in self.seen:
            number += 1
            slug = f"{base}-{number}"
        self.seen.add(slug)
        return slug


# ---------------------------------------------------------------- footnotes


class GoldmarkFootnotes(FootnoteExtension):
    """Footnotes numbered in the order they are first cited, with Goldmark's ids.

    Python-Markdown names a note's ids after its label (``fn:note``) and makes
    the list before the text's references are read; once they are (and the
    notes are put in citing order), :class:`FootnoteNumbers` renames every
    id and link to the number the reader sees (``fn:1``, ``fnref:1``).
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.setConfig("USE_DEFINITION_ORDER", False)
        self.setConfig("SEPARATOR", ":")

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        super().extendMarkdown(md)
        md.treeprocessors.register(FootnoteNumbers(self), "goldmark_footnote_numbers", 18)


_NOTE_ID = re.compile(r"^(?P<hash>#?)(?P<kind>fn|fnref\d*):(?P<label>.+)$")


class FootnoteNumbers(Treeprocessor):
    """Renames ``fn:label``/``fnref:label`` ids and links to ``fn:1``/``fnref:1``."""

    def __init__(self, footnotes: FootnoteExtension) -> None:
        super().__init__()
        self.footnotes = footnotes

    def run(self, root) -> None:
        if not self.footnotes.footnotes:
            return
        order = list(self.footnotes.footnote_order)
        order += [label for label in self.footnotes.footnotes if label not in order]
        numbers = {label: str(index) for index, label in enumerate(order, start=1)}
        for element in root.iter():
            for attribute in ("id", "href"):
                value = element.get(attribute)
                if not value or ":" not in value:
                    continue
                match = _NOTE_ID.match(value)
                if match and match["label"] in numbers:
                    number = numbers[match["label"]]
                    element.set(attribute, f"{match['hash']}{match['kind']}:{number}")


# ---------------------------------------------------------------- typographer

_TYPOGRAPHY = re.compile(r"---|--|\.\.\.|<<|>>|['\"]")
_DASHES = {"---": "\u2014", "--": "\u2013", "...": "\u2026", "<<": "\u00ab", ">>": "\u00bb"}
_DECADE = re.compile(r"\d\ds")
_SKIP = {"code", "pre", "kbd", "samp", "script", "style", "math"}


def _space(char: str) -> bool:
    return char == "" or char.isspace()


def _punct(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "PS"


def curl(text: str, before: str = "") -> str:
    """Hugo's typographer over one run of text: dashes, ellipses, angled and curly quotes.

    ``before`` is the character that came just before the run (from the text
    of an earlier element), so a quote at an element's edge is turned the
    right way. A quote opens where CommonMark would call it left-flanking
    (followed by a word, after a space or punctuation), closes where it is
    right-flanking, and between two letters is an apostrophe (``it's``);
    ``'80s`` keeps its apostrophe.
    """

    def one(match: re.Match[str]) -> str:
        found = match.group()
        if found in _DASHES:
            return _DASHES[found]
        at = match.start()
        prev = text[at - 1] if at else before
        nxt = text[at + 1 : at + 2]
        left = not _space(nxt) and (not _punct(nxt) or _space(prev) or _punct(prev))
        right = not _space(prev) and (not _punct(prev) or _space(nxt) or _punct(nxt))
        if found == "'":
            if left and not right and not _DECADE.match(text, at + 1):
                return "\u2018"
            return "\u2019"
        return "\u201c" if left and not right else "\u201d"

    return _TYPOGRAPHY.sub(one, text)


class Typographer(Treeprocessor):
    """:func:`curl` over every text of the page but code; one pass, one regular expression.

    Python-Markdown's smarty does the same with some twenty inline patterns
    run over every piece of text: 3 ms of an essay's 7 in the benchmark.
    """

    def run(self, root) -> None:
        self._last = ""
        self._walk(root)

    def _walk(self, element) -> None:
        # Text and tail handled inline: the page has some seventy elements an
        # essay, and a call apiece showed in the profile.
        search, last = _TYPOGRAPHY.search, self._last
        text = element.text
        if text:
            if element.tag not in _SKIP and not isinstance(text, AtomicString) and search(text):
                text = element.text = type(text)(curl(text, last))
            last = text[-1]
        for child in element:
            self._last = last
            self._walk(child)
            last = self._last
            tail = child.tail
            if tail:
                if not isinstance(tail, AtomicString) and search(tail):
                    tail = child.tail = type(tail)(curl(tail, last))
                last = tail[-1]
        self._last = last


# ---------------------------------------------------------------- raw HTML

#: What Goldmark writes in place of raw HTML when ``unsafe`` is false.
OMITTED = "<!-- raw HTML omitted -->"


class AngledQuotesFirst(HtmlInlineProcessor):
    """Raw inline HTML, except ``<<word>>``: with the typographer on, Goldmark
    reads that as angled quotes, not as a tag."""

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        start, end = m.start(0), m.end(0)
        if data[start - 1 : start] == "<" and data[end : end + 1] == ">":
            return None, None, None
        return self.keep(m, data)

    def keep(self, m, data):
        return super().handleMatch(m, data)


class OmittedInlineHtml(AngledQuotesFirst):
    """An inline tag or comment becomes :data:`OMITTED`; the text between tags stays."""

    def keep(self, m, data):
        return self.md.htmlStash.store(OMITTED), m.start(0), m.end(0)


class OmittedHtmlBlocks(Preprocessor):
    """Runs the raw-HTML block preprocessor it replaces, stashing :data:`OMITTED`
    for each block it finds instead of the block."""

    def __init__(self, md, inner: Preprocessor) -> None:
        super().__init__(md)
        self.inner = inner

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash
        keep = stash.store
        stash.store = lambda html: keep(OMITTED)
        try:
            return self.inner.run(lines)
        finally:
            del stash.store  # the class's own method again


def raw_html(md, keep: bool, typographer: bool) -> None:
    """Raw HTML as Hugo treats it: kept, or (``unsafe = false``) left out, block or
    inline; with the typographer, ``<<word>>`` is angled quotes either way."""
    # Registries have no .get().
    block = md.preprocessors["html_block"] if "html_block" in md.preprocessors else None  # noqa: SIM401
    if not keep and block is not None and not isinstance(block, OmittedHtmlBlocks):
        md.preprocessors.register(OmittedHtmlBlocks(md, block), "html_block", 20)
    inline = md.inlinePatterns["html"] if "html" in md.inlinePatterns else None  # noqa: SIM401
    wanted = OmittedInlineHtml if not keep else AngledQuotesFirst if typographer else None
    if inline is not None and wanted is not None and type(inline) is not wanted:
        md.inlinePatterns.register(wanted(HTML_RE, md), "html", 90)


# ---------------------------------------------------------------- the extension


class GoldmarkExtension(Extension):
    """Everything above, with Hugo's ``typographer`` and ``unsafe`` switches."""

    def __init__(self, **kwargs) -> None:
        self.config = {
            "typographer": [True, "Hugo's typographer: curly quotes, dashes, ellipses"],
            "unsafe": [True, "Keep raw HTML (Hugo's markup.goldmark.renderer.unsafe)"],
        }
        super().__init__(**kwargs)
        self.heading_ids = HeadingIds()

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        from pymdownx.highlight import HighlightExtension
        from pymdownx.superfences import SuperFencesCodeExtension

        md.registerExtension(self)
        md.registerExtensions(
            [
                HighlightExtension(css_class="highlight", guess_lang=False),
                SuperFencesCodeExtension(),
                GoldmarkFootnotes(),
            ],
            {},
        )
        md.preprocessors.register(FenceInfo(md), "goldmark_fence_info", 28)
        md.preprocessors.register(CommonMarkLists(md), "goldmark_lists", 19)
        md.postprocessors.register(DropListBreaks(md), "goldmark_list_breaks", 25)
        if self.getConfig("typographer"):
            # After the inline patterns (code spans are elements by then).
            md.treeprocessors.register(Typographer(md), "goldmark_typographer", 9)
        self.md = md
        self._order_dependent()

    def _order_dependent(self) -> None:
        """What needs extensions loaded after this one (contents, md_in_html): done
        here and again before each document, whatever order the site lists them in."""
        md = self.md
        if "toc" in md.treeprocessors:
            md.treeprocessors["toc"].slugify = self.heading_ids
        raw_html(md, keep=self.getConfig("unsafe"), typographer=self.getConfig("typographer"))

    def reset(self) -> None:
        self.heading_ids.reset()
        self._order_dependent()


def makeExtension(**kwargs) -> GoldmarkExtension:  # noqa: N802 (Python-Markdown's name)
    return GoldmarkExtension(**kwargs)
