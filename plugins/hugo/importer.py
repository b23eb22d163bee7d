"""Bring a Hugo site's files into this project; knows nothing of Pelican.

Copies ``content/`` into our content folder, ``static/`` into ``static/``
and the configuration (a file, or ``config/_default/``) to the project's
root, each byte for byte. A file already there with the same bytes is left
alone; one with different bytes is never overwritten, only reported. Then
it reads what it copied and reports every shortcode and front matter key
it met, with counts, and everything we cannot carry over, so the author
knows what to check.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import config as hugo_config
from .errors import HugoError
from .layout import BRANCH, KIND_TEMPLATES, MARKDOWN, read_front_matter, split_front_matter
from .shortcodes import _TAG, line_of
from .translate import Untranslatable, translate

# Front matter we act on (the foundation reader and this plugin).
KNOWN_KEYS = {
    "title", "date", "lastmod", "publishdate", "pubdate", "published", "expirydate",
    "draft", "slug", "url", "aliases", "tags", "categories", "summary", "description",
    "author", "authors", "weight", "type", "layout", "headless", "params", "keywords",
    "linktitle", "sources", "bibliography", "feed_id", "updated", "modified",
}  # fmt: skip
NOT_IMPORTED = {
    "layouts": "our theme draws the pages (the shortcodes in layouts/shortcodes/ are "
    "translated, as listed above)",
    "themes": "our theme draws the pages",
    "assets": "Hugo Pipes are not run; move files the essays need into static/",
    "data": "Hugo data files are not read; charts read content/data/ (see README)",
    "i18n": "one language is built",
    "archetypes": "`invoke new-post` writes new essays",
}


@dataclass
class Report:
    copied: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)
    shortcodes: Counter = field(default_factory=Counter)
    keys: Counter = field(default_factory=Counter)
    unknown_keys: Counter = field(default_factory=Counter)
    unknown_shortcodes: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    omitted_html: list[str] = field(default_factory=list)
    template_fallbacks: list[str] = field(default_factory=list)
    theme_files: list[str] = field(default_factory=list)
    translated: list[str] = field(default_factory=list)
    not_translated: list[str] = field(default_factory=list)
    #: what the publish build, tried on the imported site, said (see trial.py)
    trial: object | None = None
    known_file: str | None = None  # the list of known broken links
    known_written: bool = False
    known_unlisted: set = field(default_factory=set)

    @property
    def blocking(self) -> bool:
        """Whether anything must be fixed before the publish build succeeds."""
        trial = self.trial
        return bool(
            self.conflicts
            or self.problems
            or self.unknown_shortcodes
            or (trial is not None and (trial.errors or self.known_unlisted))
        )

    def lines(self) -> list[str]:
        out = [
            f"Imported {len(self.copied)} files; {len(self.unchanged)} already here "
            f"and identical; {len(self.conflicts)} differ and were left alone."
        ]
        for path in self.conflicts:
            out.append(
                f"  NOT OVERWRITTEN {path}: it exists with other bytes; compare the two "
                "and keep one by hand"
            )
        if self.theme_files:
            out.append("From the Hugo theme: " + ", ".join(self.theme_files))
        if self.translated:
            out.append("Shortcodes translated to Jinja: " + ", ".join(self.translated))
        if self.shortcodes:
            out.append(
                "Shortcodes met: "
                + ", ".join(f"{name} ×{count}" for name, count in sorted(self.shortcodes.items()))
            )
        if self.keys:
            out.append(
                "Front matter keys met: "
                + ", ".join(f"{key} ×{count}" for key, count in sorted(self.keys.items()))
            )
        if self.unknown_keys:
            out.append(
                "Kept as metadata, but nothing uses them yet: "
                + ", ".join(f"{key} ×{count}" for key, count in sorted(self.unknown_keys.items()))
            )
        for item in self.not_translated:
            out.append(f"  NOT TRANSLATED {item}")
        for item in self.unknown_shortcodes:
            out.append(f"  UNKNOWN SHORTCODE {item}")
        for item in self.omitted_html:
            out.append(f"  RAW HTML OMITTED {item}")
        for item in self.template_fallbacks:
            out.append(f"  TEMPLATE {item}")
        for item in self.unmapped:
            out.append(f"  NOT CARRIED OVER {item}")
        for item in self.not_imported:
            out.append(f"  NOT IMPORTED {item}")
        for item in self.problems:
            out.append(f"  PROBLEM {item}")
        out += self._trial_lines()
        if not self.blocking:
            out.append("Nothing needs fixing before a build.")
        return out

    def _trial_lines(self) -> list[str]:
        trial = self.trial
        if trial is None:
            return []
        out = ["The publish build, tried on the imported site:"]
        for key in sorted(trial.broken):
            said = trial.broken_said[key]
            if key in self.known_unlisted:
                out.append(
                    f"  BROKEN LINK {said}: {self.known_file} does not list it; fix the "
                    f"link, or add the line '{key[0]}  {key[1]}' there"
                )
            else:
                recorded = "recorded in" if self.known_written else "listed in"
                out.append(
                    f"  ALREADY BROKEN {said}: it was broken in the Hugo site too; "
                    f"{recorded} {self.known_file}, so the publish build warns and goes "
                    "on. Fix it when you can, then remove its line there"
                )
        out += [f"  MUST FIX {message}" for message in trial.errors]
        # The build's warning for a template fallback is the TEMPLATE line above.
        named = tuple(item.split(": ", 1)[0] + ": " for item in self.template_fallbacks)
        out += [
            f"  WARNING {message}"
            for message in trial.warnings
            if not (named and message.startswith(named) and "template" in message)
        ]
        if len(out) == 1:
            out.append("  nothing to report")
        return out


def copy_tree(source: Path, target: Path, shown: Path, report: Report) -> None:
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files):
            origin = Path(folder, name)
            relative = origin.relative_to(source)
            copy_file(origin, target / relative, shown / relative, report)


def copy_file(origin: Path, destination: Path, shown: Path, report: Report) -> None:
    if destination.exists():
        if destination.is_file() and filecmp.cmp(origin, destination, shallow=False):
            report.unchanged.append(str(shown))
        else:
            report.conflicts.append(str(shown))
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(origin, destination)
    shutil.copystat(origin, destination)
    report.copied.append(str(shown))


def import_site(
    source: str | Path,
    project: str | Path,
    content: str = "content",
    static: str = "static",
    known_shortcode=lambda name: False,
    theme_templates: set[str] | None = None,
    shortcodes_dir: str | Path | None = None,
) -> Report:
    """Copy a Hugo site into ``project`` and say what was found."""
    source, project = Path(source), Path(project)
    report = Report()
    if not (source / "content").is_dir():
        raise HugoError(
            str(source),
            "there is no content/ folder here",
            "Give the root folder of the Hugo site (the one holding hugo.toml and content/)",
        )
    found = hugo_config.find(source)
    if found is not None:
        if found.is_file():
            copy_file(found, project / found.name, Path(found.name), report)
        else:
            relative = found.relative_to(source)
            copy_tree(found, project / relative, relative, report)
        try:
            site = hugo_config.read_site(found, str(found))
            report.unmapped += site.unmapped
        except HugoError as err:
            report.problems.append(str(err))
    else:
        report.problems.append(
            f"{source}: no hugo.toml, config.toml or config/_default/; "
            "the site title, permalinks and menu were not carried over"
        )
    copy_tree(source / "content", project / content, Path(content), report)
    if (source / static).is_dir():
        copy_tree(source / "static", project / static, Path(static), report)
    if found is not None and not report.problems:
        _theme_static(source, project / static, Path(static), site, report)
    for name, why in sorted(NOT_IMPORTED.items()):
        if (source / name).is_dir() and any((source / name).iterdir()):
            report.not_imported.append(f"{name}/: {why}")
    essays = _markdown_files(source / "content", Path(content))
    used = Counter(
        tag["name"]
        for essay in essays
        for tag in _TAG.finditer(essay.text)
        if not (tag["close"] or tag["comment"])
    )
    made = set()
    if shortcodes_dir is not None:
        themes = site.themes if found is not None and not report.problems else []
        themes_dir = site.themes_dir if themes else "themes"
        made = _translate_shortcodes(
            source, [Path("layouts"), *(Path(themes_dir, t, "layouts") for t in themes)],
            Path(shortcodes_dir), project, used, known_shortcode, report,
        )  # fmt: skip
    # A taxonomy's front matter key is its plural (series = [...]): known.
    known_keys = KNOWN_KEYS | set(
        site.taxonomies.values() if found is not None and not report.problems else ()
    )
    _survey(essays, report, lambda name: name in made or known_shortcode(name), known_keys)
    if found is not None and not report.problems and not site.unsafe:
        _count_omitted_html(essays, report)
    if theme_templates is not None:
        _template_fallbacks(essays, report, theme_templates)
    return report


def _translate_shortcodes(
    source: Path, layouts: list[Path], target: Path, project: Path, used, known, report: Report
) -> set[str]:
    """The site's own shortcodes (and its theme's) as Jinja templates in ``target``:
    the names that can now be rendered. Ours are kept where a name is ours too
    (they load nothing from other sites)."""
    made: set[str] = set()
    seen: set[str] = set()
    for folder in layouts:
        for template in sorted((source / folder / "shortcodes").glob("*.html")):
            name = template.stem
            shown = (folder / "shortcodes" / template.name).as_posix()
            if name in seen:
                continue  # the site's own wins over its theme's, as in Hugo
            seen.add(name)
            times = f"used {used[name]} time{'' if used[name] == 1 else 's'}"
            if known(name):
                report.not_translated.append(
                    f"{shown} ({times}): ours of that name is kept (it loads nothing "
                    f"from other sites); copy yours to theme/shortcodes/{name}.html to use it"
                )
                continue
            try:
                text = translate(template.read_text(encoding="utf-8"), shown)
            except (Untranslatable, UnicodeDecodeError) as err:
                report.not_translated.append(
                    f"{shown} ({times}): it uses {err}; write theme/shortcodes/{name}.html "
                    "by hand (a Jinja template; it gets get(), inner, args, params, page "
                    "and site)"
                )
                continue
            destination = target / f"{name}.html"
            relative = (
                destination.relative_to(project)
                if destination.is_relative_to(project)
                else destination
            )
            if destination.exists():
                if destination.read_text(encoding="utf-8", errors="replace") == text:
                    report.unchanged.append(str(relative))
                else:
                    report.conflicts.append(str(relative))
                    continue
            else:
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_text(text, encoding="utf-8")
                report.copied.append(str(relative))
            report.translated.append(f"{name} ({shown})")
            made.add(name)
    return made


def _theme_static(source: Path, target: Path, shown: Path, site, report: Report) -> None:
    """Hugo publishes its theme's static/ files (the favicon, touch icons) beside
    the site's own, which win, as the first theme listed wins over the next:
    copied where nothing is yet, and an absent theme named in the report."""
    for name in site.themes:
        folder = source / site.themes_dir / name
        if not folder.is_dir():
            report.unmapped.append(
                f"theme {name!r}: {site.themes_dir}/{name}/ is not in the site, so its "
                "static files (favicon, icons) were not copied; copy them into static/"
            )
            continue
        theme_static = folder / "static"
        if not theme_static.is_dir():
            continue
        for origin in sorted(theme_static.rglob("*")):
            relative, destination = (
                origin.relative_to(theme_static),
                target / origin.relative_to(theme_static),
            )
            if not origin.is_file():
                continue
            if not destination.exists():
                copy_file(origin, destination, shown / relative, report)
                report.theme_files.append(f"{shown / relative} (theme {name})")
            elif destination.is_file() and filecmp.cmp(origin, destination, shallow=False):
                report.unchanged.append(str(shown / relative))
            # else: the site's own file (or an earlier theme's), which Hugo publishes


@dataclass
class _Essay:
    """One Markdown file of the imported content, read once for every survey."""

    where: Path  # as the report names it
    name: str
    in_section: bool
    text: str
    front: dict | None  # its front matter; None when it cannot be read


def _markdown_files(root: Path, shown: Path) -> list[_Essay]:
    essays = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in MARKDOWN or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        relative = path.relative_to(root)
        essays.append(
            _Essay(
                shown / relative, path.name, len(relative.parts) > 1, text, read_front_matter(text)
            )
        )
    return essays


def _survey(essays: list[_Essay], report: Report, known_shortcode, known_keys) -> None:
    for essay in essays:
        where, text = essay.where, essay.text
        keys = None if essay.front is None else list(essay.front)
        if keys is None:
            report.problems.append(f"{where}: the front matter cannot be read")
        else:
            for key in keys:
                report.keys[key] += 1
                if key not in known_keys and essay.name not in BRANCH:
                    report.unknown_keys[key] += 1
        for tag in _TAG.finditer(text):
            if tag["comment"] or tag["close"]:
                continue
            report.shortcodes[tag["name"]] += 1
            if not known_shortcode(tag["name"]):
                report.unknown_shortcodes.append(
                    f"{where}:{line_of(text, tag.start())}: {tag.group(0)[:60]}"
                )


def _count_omitted_html(essays: list[_Essay], report: Report) -> None:
    """Name each essay whose raw HTML Hugo leaves out (``unsafe = false``): rendered
    as the build will render it, so the count is what the reader loses."""
    import markdown

    from .goldmark import OMITTED, GoldmarkExtension

    md = markdown.Markdown(extensions=["md_in_html", GoldmarkExtension(unsafe=False)])
    for essay in essays:
        parts = split_front_matter(essay.text)
        if parts is None or "<" not in parts[2]:
            continue
        md.reset()
        count = md.convert(parts[2]).count(OMITTED)
        if count:
            report.omitted_html.append(
                f"{essay.where}: {count} raw HTML tag"
                f"{'' if count == 1 else 's'} or block{'' if count == 1 else 's'}, left out as "
                "on the Hugo site (markup.goldmark.renderer.unsafe is false); set "
                "unsafe = true under [markup.goldmark.renderer] in the configuration to keep them"
            )


def _template_fallbacks(essays: list[_Essay], report: Report, templates: set[str]) -> None:
    """Name each essay whose ``layout`` or ``type`` our theme cannot honour: it is
    drawn with the essay (or page) template instead, as the build will warn."""
    for essay in essays:
        if essay.name in BRANCH:
            continue
        data = essay.front or {}
        wanted = [data.get(key) for key in ("layout", "type") if isinstance(data.get(key), str)]
        if not wanted or any(n in templates and n not in KIND_TEMPLATES for n in wanted):
            continue
        own = "article" if essay.in_section else "page"  # a section's files are essays
        if all(n == own for n in wanted):
            continue
        report.template_fallbacks.append(
            f"{essay.where}: layout/type {wanted[0]!r} is not a template "
            "of our theme for essays, so the essay template draws it; add "
            f"theme/templates/{wanted[0]}.html extending article.html to give it its own"
        )
