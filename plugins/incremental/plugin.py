"""Pelican glue: a writer that renders only the pages whose inputs changed.

What a page is made from, in three parts:

* the *configuration*: settings (less where the build writes), the code
  under PLUGIN_PATHS, the theme, and the versions of Jinja, Pelican and
  Markdown;
* the *site*: every essay's and page's path, metadata, address and status,
  and every other file in the content folder (sources, data, images), so a
  new essay, a changed title or tag, or an edited data file reaches every
  list and menu;
* the *essays it showed*: while a page renders, :class:`.track.Tracker`
  notes each essay whose body-derived attributes (content, summary, reading
  time, contents...) the template read, with a digest of that essay's file,
  metadata and final HTML.

Pelican's own templates (essays, pages, lists, the direct templates) and our
feeds go through the ledger; a plugin's page fed from elsewhere (/sources/,
/data/, Hugo sections) is rendered on every build. A page whose render logged
a warning or an error is never kept. The configuration and site digests and
the rendered-body helpers come from the front_matter plugin.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import json
import logging
import marshal
import os
import threading

import jinja2
from build_cache import side_process
from build_cache.render_cache import (
    NOT_OUTPUT,
    files_digest,
    fingerprint,
    library_versions,
    stable,
)
from build_cache.storage import identity
from front_matter.paths import display_path
from front_matter.plugin import source_key
from front_matter.reader import complaints
from jinja2 import BytecodeCache
from output_guard.plugin import check_target, refused
from pelican import signals
from pelican.contents import Content
from pelican.utils import sanitised_join
from pelican.writers import Writer

from .ledger import Ledger
from .members import Members, as_members, as_members_in_pairs, plain, quick
from .settings import resolve
from .track import Tracker

logger = logging.getLogger(__name__)
LEDGER_FILE = "written-pages.entry"
ASIDE_FOLDER = "previous-output"
LIBRARIES = ("jinja2", "pelican", "markdown", "feedgen", "lxml")
# Pelican's own templates; DIRECT_TEMPLATES are added per build.
PELICAN_TEMPLATES = {
    "article",
    "page",
    "draft",
    "index",
    "tag",
    "category",
    "author",
    "archives",
    "tags",
    "categories",
    "authors",
    "period_archives",
}
# Attributes the site digest already covers: reading them does not make a
# page depend on the essay's body.
STRUCTURE = frozenset(
    {
        "title",
        "url",
        "save_as",
        "slug",
        "date",
        "locale_date",
        "modified",
        "locale_modified",
        "tags",
        "category",
        "author",
        "authors",
        "status",
        "lang",
        "metadata",
        "source_path",
        "relative_source_path",
        "newer",
        "older",
        "related",
        "featured",
    }
)
LARGE_FILE = 8 * 1024 * 1024  # bigger content files are known by size and time
YOUNG = 5000  # new objects between two collections of the youngest, during a build
COMPILE_WAIT = 20  # seconds a build waits for its templates from a copy, then compiles them


def _reads_body(obj, attribute) -> bool:
    return isinstance(obj, Content) and attribute not in STRUCTURE


_tracker = Tracker(_reads_body)
_state: dict[str, object] = {"ledger": None, "build": None}
# Per essay: (description, HTML, its file's render key or stamp, digest), from the
# last build in this process.
_essay_digests: dict[str, tuple[str, str, str | tuple | None, str]] = {}


def _digest(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _described(content) -> str:
    """An essay's place in the site: path, metadata (in key order), address, status."""
    items = sorted(content.metadata.items(), key=lambda item: item[0])
    return repr((content.source_path, items, content.url, content.save_as, content.status))


def _other_files(root: str, skip: set[str], extra: list[str]) -> str:
    """Every file under ``root`` but ``skip`` (and those under ``extra``), by bytes."""
    digest = hashlib.sha256()
    for top in [root, *extra]:
        found = []
        for folder, subfolders, names in os.walk(top):
            subfolders.sort()
            found += [os.path.join(folder, n) for n in names]
        for path in sorted(found):
            if os.path.abspath(path) in skip:
                continue
            digest.update(path.encode("utf-8", "surrogatepass") + b"\0")
            try:
                stat = os.stat(path)
                if stat.st_size > LARGE_FILE:
                    digest.update(f"{stat.st_size} {stat.st_mtime_ns}".encode())
                else:
                    with open(path, "rb") as handle:
                        digest.update(hashlib.sha256(handle.read()).digest())
            except OSError:
                digest.update(b"unreadable")
    return digest.hexdigest()


def _outside_folders(settings) -> list[str]:
    """Folders our settings name outside the content folder (sources, data kept elsewhere)."""
    root = os.path.abspath(settings["PATH"])
    found = []
    for name, value in sorted(settings.items()):
        if not name.endswith("_PATH") or name in ("PATH", *NOT_OUTPUT) or not value:
            continue
        if not isinstance(value, str):
            continue
        path = os.path.abspath(os.path.join(root, value))
        if os.path.isdir(path) and not path.startswith(root + os.sep) and path != root:
            found.append(path)
    return found


class Build:
    """One build's keys: the site digest, each essay's digest (made when first asked)."""

    def __init__(self, ledger: Ledger, configuration: str, context: dict, settings) -> None:
        self.ledger = ledger
        contents = [c for c in context.get("generated_content", {}).values() if c is not None]
        self.contents = {c.source_path: c for c in contents}
        skip = {os.path.abspath(path) for path in self.contents}
        self._described = {path: _described(c) for path, c in sorted(self.contents.items())}
        self.site = _digest(
            configuration,
            *self._described.values(),
            _other_files(settings["PATH"], skip, _outside_folders(settings)),
        )
        self.templates = PELICAN_TEMPLATES | set(settings.get("DIRECT_TEMPLATES", []))
        self._digests: dict[str, str | None] = {}

    def key(self, kind: str, *parts: str) -> str:
        return _digest(self.site, kind, *parts)

    def page_key(self, template: str, name: str, extra: str = "") -> str:
        """The key of the page ``name`` rendered from ``template`` (``extra``: what the
        caller passed besides Pelican's own arguments, as text)."""
        return self.key("page", template, name, extra)

    def digest(self, source: str) -> str | None:
        if source not in self._digests:
            content = self.contents.get(source)
            self._digests[source] = None if content is None else self._essay(source, content)
        return self._digests[source]

    def _essay(self, source: str, content) -> str:
        """An essay's digest: its place in the site, its file's text and its final HTML.

        The text stands as the front_matter plugin's render key of the file
        (a digest of it, made this build; reading and hashing every essay
        again cost about 30 ms at 1,000 essays), or as the file's bytes for a
        file that plugin did not read. The last build in this process left
        the same digest when the description and the HTML are equal (a kept
        essay's HTML is a new copy of the same text in every build; comparing
        costs far less than hashing) and so is the key, or for another file,
        its size, time and inode.
        """
        described = self._described[source]
        body = getattr(content, "_content", None) or ""
        key = source_key(source)
        mark = key if key is not None else identity(source)
        last = _essay_digests.get(source)
        same = last is not None and last[0] == described and last[1] == body
        if same and mark is not None and last[2] == mark:
            return last[3]
        text: str | bytes | None = key
        if text is None:
            try:
                with open(source, "rb") as handle:
                    text = handle.read()
            except OSError:
                text = b"unreadable"
        made = _digest(described, text, body)
        _essay_digests[source] = (described, body, mark, made)
        return made

    def deps(self, contents) -> list[tuple[str, str]]:
        return [(c.source_path, self.digest(c.source_path) or "?") for c in contents]


class _Reusing:
    """A template whose render is skipped when the ledger can put its file back."""

    def __init__(self, template, writer: ReusingWriter, build: Build, extra: str = "") -> None:
        self.template = template
        self.name = template.name
        self.writer = writer
        self.build = build
        self.extra = extra  # what the caller passed besides the context, as text

    def render(self, localcontext) -> str:
        name = localcontext["output_file"]
        build = self.build
        key = build.page_key(self.name, name, self.extra)
        if build.ledger.reuse(name, key, build.digest):
            self.writer.put_back(name)
            return ""
        with complaints() as heard, _tracker.recording() as seen:
            html = self.template.render(localcontext)
        if heard:
            build.ledger.forget(name)
        else:
            build.ledger.note(name, key, build.deps(seen.values()))
        return html


class ReusingWriter(Writer):
    """Pelican's writer, which leaves a kept page's file as the last build wrote it.

    Other generators use :meth:`reuse` and :meth:`written` for files they
    write themselves (the feeds do), naming the essays each file shows.
    """

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self._put_back: set[str] = set()

    def put_back(self, name: str) -> None:
        self._put_back.add(sanitised_join(self.output_path, name))

    def _open_w(self, filename, encoding, override=False):
        if filename in self._put_back:
            self._put_back.discard(filename)
            self._written_files.add(filename)
            return open(os.devnull, "w", encoding=encoding)
        if not check_target(self.output_path, filename):
            return open(os.devnull, "w", encoding=encoding)
        if (
            filename in self._written_files
            and filename not in self._overridden_files
            and not override
        ):
            # Pelican would stop the build with a traceback; the output guard
            # has named both owners already, so the first write stands.
            logger.error(
                "%s is written twice in one build; the first stands. The errors "
                "above name what claims it",
                display_path(filename),
            )
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)

    def write_file(self, name, template, context, *args, **kwargs):
        if refused(kwargs):  # the output guard refused this essay its path
            return None
        build = _state["build"]
        shown = (getattr(template, "name", None) or "").removesuffix(".html")
        if isinstance(build, Build) and shown in build.templates:
            if self._put_back_alone(build, name, template, args, kwargs):
                return None
            template = _Reusing(template, self, build)
        return super().write_file(name, template, context, *args, **kwargs)

    def _put_back_alone(self, build: Build, name, template, args, kwargs) -> bool:
        """A page of its own (an essay's, say) put back before Pelican's writer makes
        its context, folder and file: what :class:`_Reusing` would do for it, about a
        tenth of a millisecond sooner. Only a page that lists no essays (so it is
        never split into pages) and only while nothing listens for written files
        (``content_written`` is sent with the page's context); the others go the
        long way, as before."""
        if (
            args
            or not name
            or "paginated" in kwargs
            or "articles" in kwargs
            or "dates" in kwargs
            or signals.content_written.receivers
        ):
            return False
        if not build.ledger.reuse(name, build.page_key(template.name, name), build.digest):
            return False
        # Written, as far as Pelican's check for two pages at one path goes.
        self._written_files.add(sanitised_join(self.output_path, name))
        return True

    def write_keyed_file(self, key: str, name, template, context, *args, **kwargs):
        """:meth:`write_file` for a template given more than Pelican's own arguments:
        ``key`` is all of those as text (the essays it shows are tracked)."""
        build = _state["build"]
        if isinstance(build, Build):
            template = _Reusing(template, self, build, key)
        return super().write_file(name, template, context, *args, **kwargs)

    def reuse(self, name: str, key: str) -> bool:
        """Whether ``name`` (under the output folder) is back as the last build wrote it."""
        build = _state["build"]
        if not isinstance(build, Build):
            return False
        return build.ledger.reuse(name, build.key("file", key, name), build.digest)

    def reusable(self, name: str, key: str) -> bool:
        """Whether :meth:`reuse` would put ``name`` back (asked from a side process:
        nothing is moved or noted; the build calls :meth:`reuse` later)."""
        build = _state["build"]
        if not isinstance(build, Build):
            return False
        return build.ledger.reusable(name, build.key("file", key, name), build.digest)

    def written(self, name: str, key: str, contents=()) -> None:
        """``name`` was written from ``key`` and the essays ``contents``: keep it next time."""
        build = _state["build"]
        if isinstance(build, Build):
            build.ledger.note(name, build.key("file", key, name), build.deps(contents))


def open_ledger(generator) -> None:
    """Before Pelican empties the output folder: the ledger, and the old files set aside."""
    _state["ledger"] = _state["build"] = None
    settings = generator.settings
    if not resolve(settings)["PAGE_CACHE"]:
        return
    configuration = fingerprint(
        settings,
        NOT_OUTPUT,
        [
            *library_versions(LIBRARIES),
            files_digest(settings.get("PLUGIN_PATHS") or []),
            files_digest([settings.get("THEME") or ""]),
        ],
    )
    cache = settings.get("CACHE_PATH") or "cache"
    output = generator.output_path
    ledger = Ledger(os.path.join(cache, LEDGER_FILE), configuration, output)
    ledger.load()
    content = os.path.realpath(settings["PATH"])
    emptied = settings.get("DELETE_OUTPUT_DIRECTORY") and os.path.commonpath(
        [os.path.realpath(output)]
    ) != os.path.commonpath([os.path.realpath(output), content])
    if emptied:
        ledger.set_aside(os.path.join(cache, ASIDE_FOLDER), settings.get("OUTPUT_RETENTION", []))
    _state["ledger"] = ledger


def watch_templates(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    _tracker.watch(env)
    settings = generator.settings
    if env.bytecode_cache is None and resolve(settings)["PAGE_CACHE"]:
        # One store per environment's options: they change what a template compiles to.
        options = json.dumps([jinja2.__version__, stable(settings.get("JINJA_ENVIRONMENT", {}))])
        env.bytecode_cache = _compiled.setdefault(options, CompiledTemplates())
        env.bytecode_cache.compile_aside(env)


def compile_templates(generator) -> None:  # noqa: ARG001 - the signal's argument
    """Every generator is made and the essays are about to be read: compile the
    templates of those made after the first aside meanwhile."""
    for compiled in _compiled.values():
        compiled.every_generator_made()


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory, for the next build in this process
    (``invoke livereload``). Never on disk: Jinja writes them with ``marshal``,
    and code read back from a cache folder could be anything.

    A build in a fresh process compiles its generators' templates in forked
    copies of itself while it reads the essays: the theme's as the first
    generator is made (:meth:`compile_aside`), the plugins' own pages' (the
    sources, the datasets) once every generator is (:meth:`every_generator_made`). A copy
    has the very environments the build has, so it compiles what the build
    would; the code comes back through a pipe, never through a file.
    Compiling them in the build took about 0.1 s of a one-edit build at 1,000
    essays. A copy is made only while the build runs no other thread (the
    render workers' pool has two): a fork beside a running thread can leave
    the copy waiting for ever on a lock that thread held. The build then
    compiles those templates itself.
    """

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, object]] = {}
        self._coming: list = []  # the forked copies compiling templates
        self._envs: list = []  # environments noted since the last copy was made
        self._started = False  # this build made its first copy, or could not

    def compile_aside(self, env) -> None:
        """Note ``env``; the first one noted (the theme's) is compiled aside at once."""
        if self._kept or any(e is env for e in self._envs):
            return
        self._envs.append(env)
        if not self._started:
            self._started = True
            self.start()

    def start(self) -> None:
        """Compile the noted environments' templates in a forked copy, if nothing is
        kept and no other thread runs; else the build compiles them when asked."""
        envs, self._envs = self._envs, []
        if self._kept or not envs or not side_process.available():
            return
        if threading.active_count() > 1:
            return

        def compile_all() -> list[tuple[str, str, bytes]]:
            made, seen = [], set()
            for env in envs:
                try:
                    names = [n for n in env.list_templates() if not n.startswith("!")]
                except (TypeError, OSError):  # a loader that cannot list its templates
                    continue
                for name in names:
                    try:
                        source, filename, _ = env.loader.get_source(env, name)
                        key = self.get_cache_key(name, filename)
                        if key in seen:
                            continue
                        seen.add(key)
                        code = env.compile(source, name, filename)
                    except Exception:  # noqa: BLE001 - the build compiles it, and says why
                        continue
                    made.append((key, self.get_source_checksum(source), marshal.dumps(code)))
            return made

        self._coming.append(side_process.SideProcess(compile_all, "templates"))

    def every_generator_made(self) -> None:
        """Compile aside what was noted since the first copy; the next build in this
        process starts again with its first generator."""
        self.start()
        self._started = False

    def _take_compiled(self) -> None:
        coming, self._coming = self._coming, []
        for copy in coming:
            try:
                made = copy.join(timeout=COMPILE_WAIT)
            except Exception:  # noqa: BLE001 - the build compiles them itself
                logger.debug("incremental: templates not compiled aside", exc_info=True)
                continue
            for key, checksum, code in made:
                self._kept.setdefault(key, (checksum, marshal.loads(code)))

    def load_bytecode(self, bucket) -> None:
        found = self._kept.get(bucket.key)
        if found is None and self._coming:
            self._take_compiled()
            found = self._kept.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket) -> None:
        self._kept[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self._kept.clear()


_compiled: dict[str, CompiledTemplates] = {}


def start_writing(generators) -> None:
    """Everything is read: the site digest, before the first page is written."""
    ledger = _state["ledger"]
    if not isinstance(ledger, Ledger) or not generators:
        return
    context = generators[0].context
    _state["build"] = Build(ledger, ledger.configuration, context, generators[0].settings)
    ledger.static_folders = {
        os.path.dirname(static.save_as)
        for static in context.get("staticfiles", [])
        if getattr(static, "save_as", None)
    }
    ledger.bring_back()


def get_writer(pelican):
    return ReusingWriter


def forget_last_build(pelican) -> None:
    """Let the last build in this process go (``invoke livereload`` builds again and again).

    Pelican memoizes each essay's content and summary in a dictionary held by
    the class, keyed by the essay, and an essay holds its build's whole
    context: without this every build's essays stay in memory until the
    process ends.
    """
    for method in (Content.get_content, Content.get_summary):
        cache = getattr(method, "cache", None)
        if isinstance(cache, dict):
            cache.clear()


def set_aside_what_was_loaded(generator) -> None:
    """As each generator is made (the caches are loaded then) and before the
    essays are read, set every object aside (``gc.freeze``) for the rest of
    the build.

    A build in a fresh process loads tens of thousands of objects from its
    caches (rendered bodies and their journals, kept essays) that live until
    it ends, and each full collection its own allocations set off walked them
    all again: at 1,000 essays a one-edit build spent 0.16 s in three full
    collections, and spends 0.06 s with this. Frozen objects are still freed
    by reference counting, and :func:`let_go` gives them back to the
    collector when the build ends (or, if it failed, when the next one
    begins), so a process that builds again finds its garbage.

    ``let_go`` is connected to ``finalized`` here, during the first build,
    so that it comes after every plugin's own receiver (connected when the
    plugins registered): the ledger, the caches and the search index are
    saved while the objects are still set aside. Unfreezing before them cost
    a full collection of the whole heap in each preview rebuild (0.2 s at
    5,000 essays).

    Until then, the youngest generation is collected after 5,000 new objects
    instead of Python's 700: a one-edit build at 1,000 essays made about 260
    such collections and one full one (48 ms in all), and makes about 40 and
    none (31 ms), its peak memory the same.
    """
    gc.freeze()
    if not _state.get("frozen"):
        _state["thresholds"] = gc.get_threshold()
        first, *older = _state["thresholds"]
        gc.set_threshold(max(first, YOUNG), *older)
    _state["frozen"] = True
    signals.finalized.connect(let_go)


def let_go(pelican) -> None:
    """What :func:`set_aside_what_was_loaded` froze, back to the collector, which
    collects as often as it did before."""
    if _state.get("frozen"):
        gc.unfreeze()
        gc.set_threshold(*_state.pop("thresholds", gc.get_threshold()))
        _state["frozen"] = False


def finish(pelican) -> None:
    ledger = _state["ledger"]
    _state["ledger"] = _state["build"] = None
    if isinstance(ledger, Ledger):
        ledger.finish()
        logger.info(
            "incremental: %d pages and feeds written, %d kept from the last build",
            ledger.made,
            ledger.kept,
        )


def member_lists(generators) -> None:
    """The essays of each tag, category and author as lists whose ``in`` is a set
    lookup (see :mod:`.members`): once every generator is done, before their pages
    are written. Pelican keeps tags in a dict, categories and authors in lists of
    pairs (the context holds the same list, so it is changed in place)."""
    made = []
    for generator in generators:
        tags = getattr(generator, "tags", None)
        if isinstance(tags, dict):
            as_members(tags)
            made += tags.values()
        for name in ("categories", "authors"):
            pairs = getattr(generator, name, None)
            if isinstance(pairs, list):
                as_members_in_pairs(pairs)
                made += (pair[1] for pair in pairs if isinstance(pair, tuple) and len(pair) == 2)
    # Quick while Pelican writes the tag, category and author pages.
    lists = [members for members in made if isinstance(members, Members)]
    quick(lists)
    _state["quick"] = lists


def plain_member_lists(generator, writer=None) -> None:  # noqa: ARG001 - the signal's
    """The essays' pages are written: the lists answer ``in`` as Members lists again."""
    plain(_state.pop("quick", None) or [])


def skip_the_last_collection() -> None:
    """As the interpreter ends, set every object aside (``gc.freeze``) so its
    closing garbage collection does not walk all that the build read.

    That walk took about a tenth of a one-edit build in a fresh process at
    1,000 essays (see the README). Objects still go by reference counting;
    only those in reference cycles are left for the operating system to take
    back with the process. The build closes every file it writes before it
    ends, so nothing waits on that collection.
    """
    gc.freeze()


def register() -> None:
    if not _state.get("exit_hook"):
        atexit.register(skip_the_last_collection)
        _state["exit_hook"] = True
    signals.initialized.connect(let_go)
    signals.initialized.connect(forget_last_build)
    signals.all_generators_finalized.connect(member_lists)
    signals.article_writer_finalized.connect(plain_member_lists)
    signals.article_generator_init.connect(open_ledger)
    signals.generator_init.connect(watch_templates)
    signals.all_generators_finalized.connect(start_writing)
    signals.get_writer.connect(get_writer)
    signals.generator_init.connect(set_aside_what_was_loaded)
    signals.article_generator_preread.connect(set_aside_what_was_loaded)
    signals.article_generator_preread.connect(compile_templates)
    signals.finalized.connect(finish)
