"""MkDocs adapter: runs the core pipeline inside ``mkdocs build`` and ``mkdocs serve``.

It maps MkDocs events onto :func:`generator.pipeline.generate` and adds no
content logic of its own: the pages come from the core, which never imports
MkDocs. A move to another engine replaces this file, and also what is
MkDocs-specific outside it: ``mkdocs.yml``, the Material overrides in
``theme/`` (shipped with the package, :mod:`generator.resources`, and added by
:meth:`BriefingPlugin.on_config`), the MkDocs part of ``init``'s project skeleton,
and :mod:`generator.engines`, through which the CLI runs the engine.

Incremental builds (``mkdocs serve --dirty``, ``mkdocs build --dirty`` and
``python -m generator build``) use MkDocs' own dirty machinery: a page whose
Markdown is unchanged is neither converted, templated nor written, as long as
nothing that every page shares changed (the config, the theme, the nav, the
package versions, the set of hand-written files). When any of that changed,
the site folder is cleaned and everything is built, as a clean build would.
Hand-written pages are always rebuilt (there are few). Pages that disappeared
are deleted, and the search index keeps the entries of the pages that were not
rebuilt, in the order a clean build writes them, so the output is the same
bytes as a clean build's (``tests/test_incremental.py``).

``serve`` builds many times in one process, and keeps what it can between them
(``tests/test_serve_rebuilds.py`` checks each rebuild against a clean build): its
first build runs the whole generator, so the in-memory state the rebuilds start
from is full; a generated page's MkDocs ``File`` and ``Page`` live on while the
settings they are made from are the same; every theme environment compiles its
templates once per process; each search entry's JSON is kept while the entry is;
what the first build made is frozen out of the garbage collector's sight, and the collector
is off during each rebuild.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import json
import logging
import os
import sys
import time
from importlib import metadata
from pathlib import Path

import jinja2

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory, get_build_date

from generator import incremental, mkdocs_parallel, resources
from generator.engines import ARTICLE_TEXT_ENV, engine_settings
from generator.errors import ContentError, Problem, problems_markdown
from generator.pipeline import generate, settings
from generator.write import check_paths

log = logging.getLogger("mkdocs.plugins.briefing")
#: Versions that change the HTML of a page whose Markdown did not change.
_PACKAGES = ("properdocs", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "jinja2")
#: State of the last dirty build per site folder, for `mkdocs serve --dirty` (one process, many builds).
_STATES: dict[str, dict] = {}


class _DirtyWarning(logging.Filter):
    """Drops MkDocs' "A 'dirty' build is being performed" warning, which --strict would turn into a failure.

    The warning says navigation may be inaccurate; this plugin rebuilds everything whenever the nav changes.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


_DIRTY_FILTER = _DirtyWarning()


class BriefingConfig(base.Config):
    """``plugins: - briefing: {...}`` in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    """Turn the generator off (the site then holds only docs_dir pages)."""
    content_dir = c.Dir(exists=True, default="content")
    """Folder of articles and YAML facts, relative to mkdocs.yml (it must exist)."""
    warnings_fail = c.Type(bool, default=False)
    """Treat content warnings (e.g. an article citing a resolution with no fact file) as build errors."""
    cache = c.Type(bool, default=True)
    """Keep what the generator made in .cache/briefing/ and redo only what changed (the pages are the same)."""
    parallel = c.Type(bool, default=True)
    """In a one-shot clean build, convert part of the generated pages' Markdown in a forked child (a second core)."""


def _article_text() -> str | None:
    value = os.environ.get(ARTICLE_TEXT_ENV) or None
    if value not in (None, "full", "excerpts"):
        raise PluginError(f"{ARTICLE_TEXT_ENV}={value!r}: use full or excerpts")
    return value


def _search_plugin(config):
    """Material's search plugin instance (the one holding ``search_index.entries``), if any."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return plugin
    return None


def _site_packages_dir(path: str) -> bool:
    return any(part in ("site-packages", "dist-packages") for part in Path(path).parts)


#: This distribution's top-level packages. Their code and theme shape every page's HTML and are fingerprinted
#: even when installed under site-packages: a reinstall from a git URL or a folder changes them, version unchanged.
_OWN_PACKAGES = ("generator", "briefing_search")


def _fingerprinted(path: str) -> bool:
    """Whether a file or folder counts by its content: outside site-packages, or one of :data:`_OWN_PACKAGES`."""
    parts = Path(path).parts
    at = [i for i, part in enumerate(parts) if part in ("site-packages", "dist-packages")]
    return not at or (len(parts) > at[-1] + 1 and parts[at[-1] + 1] in _OWN_PACKAGES)


def _tree_digest(folder: str) -> list[str]:
    """(relative path, content digest) of every file under a theme folder of the project."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            with open(full, "rb") as fh:
                out.append(f"{os.path.relpath(full, folder)}={incremental.digest(fh.read())}")
    return out


#: The theme's template names per (folders, and the names in the project's own theme folders): listed once per process.
_THEME_LISTINGS: dict[tuple, list[str]] = {}


def _theme_names(dirs: list[str]) -> list[str]:
    """What the theme's Jinja loader lists, without hidden files and folders, listed once per process.

    MkDocs collects the theme's static files on every build from this list, after walking every
    folder of the theme (Material's ``.icons`` alone holds thousands of files), and then drops every
    hidden name (its patterns ``.*`` and ``*/.*``). Dropping them here gives it the same files. Folders
    under site-packages do not change while the process runs (their versions are in every page's
    fingerprint); the project's own theme folders are listed again each time.
    """
    key = tuple(dirs) + tuple(tuple(_tree_names(d)) for d in dirs if not _site_packages_dir(d))
    names = _THEME_LISTINGS.get(key)
    if names is None:
        names = [n for n in jinja2.FileSystemLoader(dirs).list_templates() if not (n.startswith(".") or "/." in n)]
        _THEME_LISTINGS.clear()
        _THEME_LISTINGS[key] = names
    return list(names)


def _tree_names(folder: str) -> list[str]:
    return sorted(os.path.join(dirpath, name) for dirpath, _dirs, files in os.walk(folder) for name in files)


def _listing_once(get_env):
    """Wrap a MkDocs theme's ``get_env`` so its loader lists templates through :func:`_theme_names`, and its
    templates compile once per process (:data:`generator.incremental.TEMPLATE_CODE`).

    MkDocs makes a new environment for every build, and Material's search plugin makes three more on every
    config load (``serve`` loads the config again for each rebuild) to read ``partials/language.html``:
    without the shared cache each one compiles its templates again.
    """
    def get_env_listing_once():
        env = get_env()
        if env.bytecode_cache is None:
            env.bytecode_cache = incremental.TEMPLATE_CODE
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:  # MkDocs' own; anything else is left alone
            dirs = [str(d) for d in loader.searchpath]
            loader.list_templates = lambda: _theme_names(dirs)
        return env
    get_env_listing_once.wrapped = get_env
    return get_env_listing_once


def _nav_signature(items, texts: dict[str, str]) -> list:
    """The nav as every page renders it: titles, urls, order (a page with no nav title shows its own)."""
    out: list = []
    for item in items:
        if isinstance(item, Section):
            out.append(["S", item.title, _nav_signature(item.children, texts)])
        elif isinstance(item, Link):
            out.append(["L", item.title, item.url])
        elif isinstance(item, Page):
            title = item.title  # the nav's own title; None until the page is read when the nav gives none
            out.append(["P", title, item.file.src_uri, item.file.url,
                        None if title is not None else texts.get(item.file.src_uri, "hand-written")])
    return out


@functools.cache
def _package_versions() -> tuple[str, ...]:
    """The versions of :data:`_PACKAGES`, looked up once per process (``serve`` runs the code it imported)."""
    parts = []
    for name in _PACKAGES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=-")
    return tuple(parts)


def _shared_signature(config, nav, files: Files, texts: dict[str, str]) -> str:
    """Fingerprint of everything every page's HTML depends on besides its own Markdown."""
    parts = [f"state-format={incremental.FORMAT}", f"python={sys.version_info[:2]}", *_package_versions()]
    if config.config_file_path and os.path.isfile(config.config_file_path):
        with open(config.config_file_path, "rb") as fh:
            parts.append(incremental.digest(fh.read()))
    parts += [f"site_url={config.site_url}", f"use_directory_urls={config.use_directory_urls}",
              f"site_name={config.site_name}", f"site_description={config.site_description}"]
    for folder in config.theme.dirs:
        if _fingerprinted(folder):
            parts += _tree_digest(folder)
    # The code of the project's own plugins (this one, briefing-search) and Markdown extensions shapes
    # pages' HTML too, e.g. what search indexes; installed packages are covered by their versions above.
    modules = [type(plugin).__module__ for plugin in config.plugins.values()]
    modules += [ext for ext in config.markdown_extensions if isinstance(ext, str)]
    for module in modules:
        source = getattr(sys.modules.get(module), "__file__", None)
        if source and _fingerprinted(source):
            with open(source, "rb") as fh:
                parts.append(f"{module}={incremental.digest(fh.read())}")
    # Links between pages resolve against the set of files: generated pages only link to entities
    # that exist (their Markdown changes otherwise), but hand-written files may come and go.
    docs_dir = os.path.abspath(config.docs_dir)
    parts += sorted(f.src_uri for f in files if f.src_uri not in texts and f.abs_src_path
                    and os.path.abspath(f.abs_src_path).startswith(docs_dir + os.sep))
    parts.append(json.dumps(_nav_signature(nav.items, texts), ensure_ascii=False, default=str))
    return incremental.digest(*parts)


def _spec_key(spec) -> tuple | None:
    """A pathspec setting (``exclude_docs``, ``draft_docs``, ``not_in_nav``) as comparable values."""
    if spec is None:
        return None
    return tuple((type(p).__name__, getattr(getattr(p, "regex", None), "pattern", None), getattr(p, "include", None))
                 for p in getattr(spec, "patterns", ())) or (repr(spec),)


def _file_key(config) -> tuple:
    """What a generated page's MkDocs ``File`` and ``Page`` take from the config when they are made: its
    destination and URL, its inclusion (exclusions, drafts, pages left out of the nav), its canonical and
    edit URLs. They are kept across ``serve`` rebuilds while this is the same."""
    return (config.config_file_path, config.docs_dir, config.site_dir, config.use_directory_urls, config.site_url,
            config.repo_url, config.edit_uri, config.edit_uri_template,
            *(_spec_key(config.get(name)) for name in ("exclude_docs", "draft_docs", "not_in_nav")))


def _reuse(old: tuple[str, str, File], text: str, build_date: str) -> tuple[File, str | None]:
    """The last build's ``File`` of a generated page, given the page's text again, and the text's digest if it
    is the same object as that build's (else None).

    Its ``Page`` comes with it (MkDocs makes one only for a file that has none), put back as a new one starts
    out in the nav: no parent or neighbours (a page in the nav gets a new ``Page`` from MkDocs anyway), not
    active, the build's date. What a page reads from its source and its render (Markdown, title, table of
    contents, HTML) is read again when the page is rebuilt, and the others are neither templated nor written.
    """
    old_text, text_digest, file = old
    file.content_string = text  # also for a page read before, whose text the plugin let go (on_page_markdown)
    vars(file).pop("is_modified", None)  # what the last dirty build said of it (on_nav): a new file is modified
    page = file.page
    if page is not None:
        page.parent = page.previous_page = page.next_page = None
        page.active = False
        page.update_date = build_date
    return file, text_digest if old_text is text else None


def _entry_counts(entries: dict[str, list]) -> dict[str, int]:
    """How many search entries each page has (pages with none left out): what search_index.json must give back."""
    return {url: len(got) for url, got in entries.items() if got}


def _state_ok(data: dict) -> bool:
    return (isinstance(data.get("shared"), str) and incremental.is_str_map(data.get("pages"))
            and isinstance(data.get("dests"), list) and all(isinstance(d, str) for d in data["dests"]))


#: The theme overrides the package ships (styles, the offline iframe shim).
PACKAGE_THEME = resources.THEME


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Adds the generated briefing pages to the build as in-memory files."""

    def __init__(self) -> None:
        super().__init__()
        self._dirty = False
        self._serving = False
        self._texts: dict[str, str] = {}  # src_uri -> digest of the generated Markdown
        self._updated: dict[str, str | None] = {}  # src_uri -> when its facts last changed (the sitemap's lastmod)
        self._rebuilt: set[str] | None = None  # src_uris this dirty build converts (None: all)
        self._entries: dict[str, list] = {}  # page url -> search entries made in this build
        self._old_entries: dict[str, list] = {}
        self._entry_start = 0
        self._clock: dict[str, float] = {}
        self._files: Files | None = None
        self._shared: str | None = None
        self._mk_config = None
        self._serving = False
        self._problems: list[Problem] = []  # during `serve`: the content errors every page shows
        self._section: Page | None = None  # the nav page marked active while a page outside the nav is templated
        self._in_nav: dict[str, Page] = {}  # the nav's pages by source path, taken once per build in on_nav
        self._writer: int | None = None  # the child writing the generator's cache (a one-shot build)
        self._converter = None  # the child converting generated pages' Markdown (a one-shot clean build)
        self._gc_was: bool | None = None  # during a `serve` build: whether the collector was on before it
        self._gc_frozen = False
        # During `serve`: the generated pages' MkDocs File objects (and with them their Page) from the last
        # build, by path, with the text they were made from and its digest, kept while _file_key is the same.
        self._kept: dict[str, tuple[str, str, File]] = {}
        self._kept_key: tuple | None = None
        self._index_json = _IndexJSON()  # during `serve`: the JSON of each search entry still in the index

    def _content(self, config) -> Path:
        # c.Dir has already made the path absolute, relative to mkdocs.yml.
        return Path(self.config.content_dir)

    def _manifest(self, config) -> Path | None:
        """The on-disk state file, kept only for site folders inside the cache (``python -m generator build``)."""
        cache = incremental.cache_dir(Path(config.config_file_path or ".").resolve().parent).resolve()
        site = Path(config.site_dir).resolve()
        if cache in site.parents:
            return cache / f"mkdocs-{incremental.digest(str(site))}.json"
        return None

    @event_priority(100)  # before Material's search plugin reads its translations through the theme
    def _early_config(self, config):
        """The first event of each build: wrap the theme's ``get_env`` (:func:`_listing_once`) before any plugin
        calls it, and during ``serve`` pause the garbage collector for the build (:meth:`_pause_gc`)."""
        if self._serving:
            self._pause_gc()
        if self.config.enabled and not hasattr(config.theme.get_env, "wrapped"):
            config.theme.get_env = _listing_once(config.theme.get_env)
        return config

    def _config(self, config):
        """Put the package's theme right after the project's own overrides (``theme.custom_dir``), and take
        the site's title and description from briefing.yml.

        A project overrides any theme file by putting one at the same relative path in its
        custom_dir; a briefing folder outside this repository gets the package's theme without
        copying it. The repository's own custom_dir is that same theme, so nothing is added twice.
        """
        if self.config.enabled:
            dirs = config.theme.dirs
            if PACKAGE_THEME.is_dir() and str(PACKAGE_THEME) not in {os.path.realpath(d) for d in dirs}:
                dirs.insert(1 if config.theme.custom_dir else 0, str(PACKAGE_THEME))
            # The site's title and description are briefing.yml's, the one place they are set; mkdocs.yml's
            # site_name is only the value MkDocs requires before it runs plugins. A briefing.yml with errors
            # leaves it as it is, and on_files reports them.
            try:
                briefing = settings(self._content(config))
            except ContentError:
                pass
            else:
                for key, value in engine_settings(briefing).items():
                    config[key] = value
        return config

    on_config = CombinedEvent(_early_config, _config)

    def _pause_gc(self) -> None:
        """During a ``serve`` rebuild, switch the cyclic garbage collector off until it ends (:meth:`_resume_gc`).

        ``serve`` holds everything it needs again (the generator's cache, the kept pages, the search
        indexes): millions of objects that each collection of the oldest generation walks again, for
        little garbage. After the first build, what it made is frozen out of the collector's sight
        (``gc.freeze``), and a rebuild runs with the collector off; reference counting still frees what
        it drops, and the collector runs between builds.

        The first build keeps the collector on: each page it converts and templates leaves garbage in
        reference cycles (Markdown's and Jinja's objects), which with the collector off piled up until the
        build's end, 13,000 pages' worth at 10,000 articles, and set the process's peak resident set (the
        memory freed then stays with the process).
        """
        if self._gc_was is None:
            self._gc_was = gc.isenabled()
            if self._gc_frozen:
                gc.disable()

    def _resume_gc(self, built: bool) -> None:
        if self._gc_was is None:
            return
        if built and not self._gc_frozen:
            gc.collect()  # the first build's garbage, once, before the rest is frozen
            gc.freeze()
            self._gc_frozen = True
        if self._gc_was:
            gc.enable()
        self._gc_was = None

    def on_startup(self, *, command, dirty) -> None:
        # Having this hook also keeps the plugin instance alive across `mkdocs serve` rebuilds.
        self._dirty = dirty
        self._serving = command == "serve"
        if dirty:
            for engine in ("mkdocs", "properdocs"):  # the logger is named after the engine's package
                logging.getLogger(f"{engine}.commands.build").addFilter(_DIRTY_FILTER)

    def on_pre_build(self, *, config) -> None:
        self._clock = {"start": time.perf_counter()}
        self._mk_config = config

    def on_files(self, files: Files, /, *, config) -> Files:
        if not self.config.enabled:
            return files
        root = Path(config.config_file_path or ".").resolve().parent
        cache = None
        if self.config.cache:
            settings = root / "briefing.yml"
            cache = incremental.Cache.open(incremental.cache_dir(root), incremental.digest(
                settings.read_bytes() if settings.is_file() else b""))
            # A serve rebuild keeps its results in memory; the disk copy (for the next process) is the first build's.
            cache.persist = not (self._serving and str(Path(config.site_dir).resolve()) in _STATES)
            if self._serving and getattr(cache, "render_state", None) is None:
                # Serve's first build runs the whole pipeline even when the disk holds this very run (a
                # `briefing build` just made it): taking that run whole would leave the in-memory state the
                # next rebuilds start from empty, and the first edit would pay for filling it. Same pages.
                cache.run = None
            # A one-shot build writes the cache files from a forked child while MkDocs builds the pages.
            cache.background = not self._serving
        times: dict[str, float] = {}
        try:
            try:
                result = generate(self._content(config), cache, times, article_text=_article_text())
            finally:
                if cache is not None and not self._serving:
                    cache.release()  # saved on disk; only `serve` builds again in this process
                    self._writer, cache.writer = cache.writer, None
            check_paths(result.pages)
        except ContentError as exc:
            for problem in exc.problems:
                log.error(problem.format())
            if self._serving:
                return self._error_site(files, config, exc.problems)
            # PluginError prints one line and no traceback; the problems are logged above.
            raise PluginError(f"{len(exc.problems)} content error(s); run `briefing check` for details")
        self._problems = []
        for warning in result.warnings:
            (log.warning if self.config.warnings_fail else log.info)(warning.format())
        self._texts = {}
        self._updated = {page.path: page.updated.isoformat() if page.updated else None for page in result.pages}
        key = _file_key(config) if self._serving else None
        kept = self._kept if key is not None and key == self._kept_key else {}
        self._kept, self._kept_key = {}, key
        hand_written = set(files.src_uris)
        build_date = get_build_date()
        for page in result.pages:
            old = kept.get(page.path)
            if old is None:
                file, text_digest = File.generated(config, page.path, content=page.text), None
            else:
                file, text_digest = _reuse(old, page.text, build_date)
            if file.src_uri in hand_written:
                raise PluginError(f"{config.docs_dir}/{page.path} would be overwritten by a generated page; "
                                  "rename or remove the hand-written file")
            files.append(file)
            # A text that is the very object of the last build has its digest (the generator's cache gives
            # an unchanged page's text back as the same object).
            self._texts[page.path] = text_digest = text_digest or incremental.digest(page.text)
            if key is not None:
                self._kept[page.path] = (page.text, text_digest, file)
        self._clock["generator"] = time.perf_counter()
        stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items())
        reused = f"; {cache.stats['rendered']} rendered, {cache.stats['reused_pages']} unchanged" if cache else ""
        log.info(f"briefing: generated {len(result.pages)} pages from {self.config.content_dir}/ ({stages}{reused})")
        if result.history.note:
            log.info(f"briefing: {result.history.note}")
        return files

    def _error_site(self, files: Files, config, problems: list[Problem]) -> Files:
        """During `serve`, a site whose every page lists the content errors, instead of a failed build.

        After a failed rebuild the server waits for a good one and every request hangs. Here the pages the
        last good build generated (and the nav's pages) get stand-ins, so links keep working. Run it without
        --strict (`briefing serve` does): the problems are logged as errors, and strict mode fails on those.
        """
        self._problems = problems
        for path in sorted(set(self._texts) | set(_nav_paths(config.nav))):
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content="# Content errors\n"))
        log.warning(f"briefing: {len(problems)} content error(s); every page shows them until they are fixed")
        return files

    def on_page_markdown(self, markdown: str, /, *, page, config, files) -> str:
        if page.file.src_uri in self._texts:
            # The page has read its source (front matter split off): the file's copy of the text is not read
            # again, and a generated file with content counts as modified either way.
            page.file.content_string = ""
        return problems_markdown(self._problems) + markdown if self._problems else markdown

    def _nav(self, nav, /, *, config, files: Files):
        self._rebuilt, self._entries, self._old_entries = None, {}, {}
        self._in_nav = {p.file.src_uri: p for p in nav.pages}
        self._files, self._shared = files, None
        if not self.config.enabled:
            return nav
        if self._problems:  # the error site: every page is built, and the next good build is a full one
            _STATES.pop(str(Path(config.site_dir).resolve()), None)
            for file in files.documentation_pages():
                file.is_modified = lambda: True
            return nav
        # The sitemap's <lastmod>: when the page's facts last changed (from git), not the build's date.
        # Pages with no known date (hand-written ones, or no history) keep the engine's default.
        for file in files.documentation_pages():
            if file.page is not None and self._updated.get(file.src_uri):
                file.page.update_date = self._updated[file.src_uri]
        self._shared = _shared_signature(config, nav, files, self._texts)
        manifest = self._manifest(config)
        if not self._dirty:
            return nav
        site = str(Path(config.site_dir).resolve())
        before = _STATES.pop(site, None)
        if before is None and manifest is not None:
            before = incremental.read_state(manifest, "mkdocs-site", _state_ok)
        if manifest is not None:
            incremental.remove(manifest)  # written again only when this build succeeds
        pages = files.documentation_pages()
        why, old_entries = None, {}
        if before is None:
            why = "no state of an earlier build"
        elif before["shared"] != self._shared:
            why = "config, theme or nav changed"
        else:
            old_entries = before.get("entries") or self._read_entries(config)
            # The pages not rebuilt keep their entries from the last search_index.json (serve keeps them in
            # memory): if that file is missing or damaged, they would drop out of search.
            if not before.get("entries") and _entry_counts(old_entries) != before.get("entry_counts"):
                why = "the last build's search index is missing or damaged"
        if why is not None:
            log.info(f"briefing: full rebuild ({why})")
            clean_directory(config.site_dir)
            return nav
        old_pages = before["pages"]
        rebuilt = set()
        for file in pages:
            uri = file.src_uri
            changed = (uri not in self._texts or old_pages.get(uri) != self._texts[uri]
                       or not os.path.isfile(file.abs_dest_path))
            if changed:
                rebuilt.add(uri)
            file.is_modified = (lambda changed=changed: changed)  # what MkDocs' dirty build asks of each page
        now = {f.dest_uri for f in files}
        for dest in sorted(set(before["dests"]) - now):
            path = Path(config.site_dir) / dest
            if incremental.inside(path, Path(config.site_dir)):
                path.unlink(missing_ok=True)
        self._rebuilt = rebuilt
        self._old_entries = old_entries
        log.info(f"briefing: rebuilding {len(rebuilt)} of {len(pages)} pages"
                 + (f" ({', '.join(sorted(rebuilt)[:8])}{', …' if len(rebuilt) > 8 else ''})" if rebuilt else ""))
        return nav

    @event_priority(-100)  # last: every plugin has seen the nav, and MkDocs reads the pages next
    def _convert_ahead(self, nav, /, *, config, files: Files):
        if self.config.enabled and self.config.parallel and not (self._dirty or self._serving or self._problems):
            self._converter = mkdocs_parallel.start(config, files, self._texts)
        return nav

    on_nav = CombinedEvent(_nav, _convert_ahead)

    def _read_entries(self, config) -> dict[str, list]:
        """Search entries per page url from the previous build's search_index.json (the CLI's dirty builds)."""
        path = Path(config.site_dir) / "search" / "search_index.json"
        try:
            docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}
        out: dict[str, list] = {}
        for doc in docs if isinstance(docs, list) else ():
            if isinstance(doc, dict) and isinstance(doc.get("location"), str):
                out.setdefault(doc["location"].split("#", 1)[0], []).append(doc)
        return out

    def on_env(self, env, /, *, config, files):
        mkdocs_parallel.finish(self._converter)  # every page is read
        self._converter = None
        self._clock["markdown"] = time.perf_counter()
        if env.bytecode_cache is None:
            env.bytecode_cache = incremental.TEMPLATE_CODE  # serve: the theme's templates compile once
        return env

    @event_priority(100)  # before the search plugin indexes the page
    def _before_index(self, context, /, *, page, config, nav):
        search = _search_plugin(config)
        self._entry_start = len(search.search_index.entries) if search else 0
        return context

    @event_priority(-100)  # after it
    def _after_index(self, context, /, *, page, config, nav):
        search = _search_plugin(config)
        if search is not None:
            self._entries[page.url] = search.search_index.entries[self._entry_start:]
        return context

    def _mark_section(self, context, /, *, page, config, nav):
        """An entity's page is not in the nav (it stays small); mark its section's index page active while
        the page is templated, so Material highlights that section's tab and nav entry, as it does on the
        index itself. The mark is taken off in on_post_page."""
        self._section = _section_of(page, self._in_nav)
        if self._section is not None:
            self._section.active = True
        return context

    on_page_context = CombinedEvent(_before_index, _mark_section, _after_index)

    @event_priority(-100)  # after every other plugin has seen the page
    def on_post_page(self, output: str, /, *, page, config) -> str:
        """Take off the section mark, and let a generated page's Markdown and HTML go once its output is made.

        MkDocs keeps every page's Markdown and HTML to the end of the build (about a third of what it holds
        then). Nothing reads them after this: the title and the links to check were taken when the page was
        converted. The empty Markdown still counts as read (a page whose ``markdown`` is None has no title).
        """
        if self._section is not None:
            self._section.active = False
            self._section = None
        if page.file.src_uri in self._texts and not self._problems:
            page.markdown, page.content = "", None
        return output

    @event_priority(10)  # before the search plugin writes search_index.json (0)
    def _merge_index(self, *, config) -> None:
        self._clock["pages"] = time.perf_counter()
        incremental.wait_saved(self._writer)  # the generator's cache is on disk before the build ends
        self._writer = None
        if not self.config.enabled:
            return
        search = _search_plugin(config)
        if search is not None:
            # Under `serve --dirty` Material merges the last build's entries into this one's unless told not
            # to; here every build's index is whole (a dirty one is merged below), so a full rebuild or the
            # error site would list pages twice (and turn the prebuilt index off).
            search.search_index_prev = None
            if self._serving and self._dirty:  # a clean rebuild indexes every page again: nothing to keep
                self._index_json.install(search.search_index)
        if self._problems:
            return
        entries = self._entries
        if self._rebuilt is not None and search is not None:
            # A dirty build indexed only the pages it rebuilt; the others keep their previous entries,
            # in the order of a clean build.
            entries, merged = {}, []
            for file in self._files.documentation_pages(inclusion=lambda _level: True):
                url = file.page.url if file.page is not None else file.url
                got = self._entries.get(url) if file.src_uri in self._rebuilt else self._old_entries.get(url)
                if got:
                    entries[url] = got
                    merged += got
            search.search_index.entries = merged
        state = {"shared": self._shared or "", "pages": dict(self._texts),
                 "dests": sorted({f.dest_uri for f in self._files}), "entry_counts": _entry_counts(entries)}
        if self._dirty:
            _STATES[str(Path(config.site_dir).resolve())] = {**state, "entries": entries}
        manifest = self._manifest(config)
        if manifest is not None and self._shared:
            incremental.write_state(manifest, "mkdocs-site", state)

    @event_priority(-90)  # after the search plugin writes search_index.json (0), before `offline` (-100)
    def _report_times(self, *, config) -> None:
        clock = self._clock
        if {"start", "generator", "markdown", "pages"} <= clock.keys():
            rebuilt = len(self._texts) if self._rebuilt is None else len(self._rebuilt)
            log.info(f"briefing: {rebuilt} pages built; generator {clock['generator'] - clock['start']:.2f} s, "
                     f"markdown {clock['markdown'] - clock['generator']:.2f} s, "
                     f"templates and writing {clock['pages'] - clock['markdown']:.2f} s, "
                     f"search index {time.perf_counter() - clock['pages']:.2f} s")

    @event_priority(-1000)  # the last of the build, after `offline` (-100)
    def _end_build(self, *, config) -> None:
        self._resume_gc(built=True)

    on_post_build = CombinedEvent(_merge_index, _report_times, _end_build)

    def on_build_error(self, *, error) -> None:
        mkdocs_parallel.finish(self._converter)
        self._converter = None
        self._resume_gc(built=False)
        incremental.wait_saved(self._writer)
        self._writer = None
        _STATES.clear()
        manifest = self._manifest(self._mk_config) if self._mk_config is not None else None
        if manifest is not None:
            incremental.remove(manifest)  # the site folder may be half-updated: the next dirty build is a full one

    def on_serve(self, server, /, *, config, builder):
        if self.config.enabled:
            # Editing a fact file or article rebuilds the site during `mkdocs serve`.
            _watch(server, str(self._content(config)))
            # So does editing the project's settings or its own page templates (next to the content folder).
            project = self._content(config).parent
            for path in (project / "briefing.yml", project / "templates"):
                if path.exists():
                    server.watch(str(path))
        return server


class _IndexJSON:
    """Material's ``search_index.json`` during ``serve``, from each search entry's JSON, kept across rebuilds.

    Material writes the whole index with one ``json.dumps`` on every build (12 MB at 2,000 articles),
    though a rebuild after one edit changes the entries of a few pages: the others keep the very entry
    objects of the last build (``_merge_index``). The JSON of an entry is kept while that object is in
    the index, and the file is the same bytes: Material's ``{"config": ..., "docs": [...]}`` with its
    separators, each entry dumped with the same settings, joined by the list's separator.
    """

    def __init__(self) -> None:
        self._fragments: dict[int, tuple[dict, str]] = {}  # id(entry) -> (entry, its JSON)

    def install(self, index) -> None:
        """Make ``index`` (Material's ``SearchIndex`` of this build) write its JSON through :meth:`dumps`."""
        original = index.generate_search_index

        def generate_search_index(prev):
            if prev:  # Material's own merge of a dirty build's entries: left to it (the plugin passes none)
                return original(prev)
            return self.dumps(index)

        index.generate_search_index = generate_search_index

    def dumps(self, index) -> str:
        """What Material's ``generate_search_index(None)`` returns, with the JSON of unchanged entries kept."""
        config = {key: index.config[key] for key in ["lang", "separator", "pipeline", "fields"]}
        head = json.dumps({"config": config, "docs": []}, separators=(",", ":"), default=str)
        old, new, parts = self._fragments, {}, []
        for entry in index.entries:
            hit = old.get(id(entry))
            if hit is None or hit[0] is not entry:
                hit = (entry, json.dumps(entry, separators=(",", ":"), default=str))
            new[id(entry)] = hit
            parts.append(hit[1])
        self._fragments = new
        return head[:-len("[]}")] + "[" + ",".join(parts) + "]}"


def _inotify_emitter(path: str):
    """watchdog's inotify emitter class, if inotify works on ``path`` here (Linux); else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        from watchdog import events
        from watchdog.observers.inotify import InotifyEmitter
        libc = ctypes.CDLL(None, use_errno=True)
        init, add = libc.inotify_init1, libc.inotify_add_watch
        # Writes only, as polling sees them: inotify also reports files opened and closed unwritten, and
        # each rebuild reads the files that changed, which would start another rebuild, and so on.
        edits = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
                 events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]
    except (ImportError, OSError, AttributeError):  # another watchdog, or a C library without inotify
        return None

    class EditsEmitter(InotifyEmitter):
        def __init__(self, event_queue, watch, *, event_filter=None, **kwargs):
            super().__init__(event_queue, watch, event_filter=event_filter or edits, **kwargs)

    # A watch limit reached or a file system without inotify fails here, not later in the watcher's thread.
    fd = init(os.O_CLOEXEC)
    if fd < 0:
        return None
    try:
        return EditsEmitter if add(fd, os.fsencode(path), 0x2) >= 0 else None  # IN_MODIFY
    finally:
        os.close(fd)  # and with it the watch


def _watch(server, path: str) -> None:
    """``server.watch(path)``, through inotify where it works instead of MkDocs' polling.

    MkDocs polls every watched folder every 0.5 s, walking all of it and taking each file's
    stat, during builds too: at 10,000 articles that is 13,000 files and 0.12 CPU s a poll,
    and a quarter of a second's wait on average before an edit is seen. With inotify the
    kernel reports the save at once and nothing is polled. The docs folder and mkdocs.yml
    (a few files) stay with MkDocs' own watcher; anything unexpected keeps polling.
    """
    observer = getattr(server, "observer", None)
    emitter = _inotify_emitter(path)
    polling = getattr(observer, "_emitter_class", None)
    if emitter is None or polling is None or observer.is_alive():
        server.watch(path)
        return
    observer._emitter_class = emitter  # only for this one watch; the observer dispatches to MkDocs' handler
    try:
        server.watch(path)
    finally:
        observer._emitter_class = polling
    log.info(f"briefing: watching {path} with inotify")


def _section_of(page, in_nav: dict[str, Page]) -> Page | None:
    """The nav's index page (``in_nav``: the nav's pages by source path) of the folder a page outside the nav
    is in (``resolutions/index.md`` for ``resolutions/2270.md``), the nearest one up its folders; None for a
    page in the nav or with none."""
    if page.file.src_uri in in_nav:
        return None
    folder = page.file.src_uri.rpartition("/")[0]
    while folder:
        index = in_nav.get(f"{folder}/index.md")
        if index is not None:
            return index
        folder = folder.rpartition("/")[0]
    return None


def _nav_paths(nav) -> list[str]:
    """Every Markdown path named in the ``nav`` setting."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_paths(item)]
    return []
