"""``briefing-search``: the MkDocs/ProperDocs plugin that ships the prebuilt index and its worker.

After Material's ``search`` plugin writes ``search/search_index.json`` (and before ``offline``
turns it into a script), this plugin

1. writes ``search/prebuilt_index.js`` and its shards, ``search/prebuilt_docs/<k>.js`` and
   ``search/prebuilt_postings/<j>.js`` (:class:`briefing_search.index.SearchIndex`),
2. writes its worker (lunr.js plus ``assets/worker.js``) over Material's, at the path Material's
   theme already loads (``assets/javascripts/workers/search.<hash>.min.js``, read from the theme's
   ``base.html``), so no template of the theme is copied or changed, and
3. after ``offline`` has written ``search/search_index.js`` (every document, for ``file://``),
   writes it again as a stub that holds the config and no documents: the worker reads them from
   the files of step 1, and the page no longer parses the whole index and copies it to the worker.
   ``search_index.json`` (what a page served over HTTP reads) stays Material's.

It knows the engines and Material versions whose worker protocol it was checked against
(:data:`ENGINES`, :data:`MATERIAL`). With anything else, a search config the worker's tokenizer
does not mirror (a stemmer, a language other than English), or no Material search plugin, it
turns itself off with one log line, and Material's own worker and search stay as they are.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from importlib import metadata
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from briefing_search import background
from briefing_search.index import DOCS_DIR, POSTINGS_DIR, SearchIndex, Unsupported, stub_script, write_atomic, write_shards
from briefing_search.markdown import NAME as FOOTNOTES_EXTENSION

log = logging.getLogger("mkdocs.plugins.briefing_search")
ASSETS = Path(__file__).parent / "assets"
#: Engine package -> the release lines this plugin was tested with.
ENGINES = {"properdocs": ("1.6.",), "mkdocs": ("1.6.",)}
#: Material releases whose worker messages and search_index.json format the worker was checked against.
MATERIAL = ("9.8.1", "9.8.2")
_WORKER_PATH = re.compile(r'"search":\s*"(assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)"')


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _engine() -> tuple[str, str | None]:
    """(name, version) of the engine running this build: ProperDocs aliases ``mkdocs`` to itself."""
    import mkdocs

    name = "properdocs" if mkdocs.__name__ == "properdocs" else "mkdocs"
    return name, _version(name)


def worker_path(theme_dirs: list[str]) -> str | None:
    """The worker path the theme's ``base.html`` loads (the first ``base.html`` along the theme's folders)."""
    for folder in theme_dirs:
        page = Path(folder) / "base.html"
        if page.is_file():
            match = _WORKER_PATH.search(page.read_text(encoding="utf-8"))
            return match.group(1) if match else None
    return None


def worker_script() -> str:
    """The worker as the site ships it: lunr.js, then the briefing worker."""
    return ((ASSETS / "lunr.min.js").read_text(encoding="utf-8").rstrip("\n") + "\n"
            + (ASSETS / "worker.js").read_text(encoding="utf-8"))


def unsupported(engine: tuple[str, str | None], material: str | None, theme: str | None) -> str | None:
    """Why the plugin cannot run with this engine, Material version and theme, or None when it can."""
    name, version = engine
    if not version or not version.startswith(ENGINES.get(name, ())):
        return f"engine {name} {version} is not one it knows ({', '.join(ENGINES)} 1.6)"
    if theme != "material":
        return f"theme {theme!r} is not Material"
    if material not in MATERIAL:
        return f"Material {material} is not one it knows ({', '.join(MATERIAL)})"
    return None


class SearchConfig(base.Config):
    """``plugins: - briefing-search`` in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    """Turn the prebuilt index off: Material's own worker then builds the index in the browser."""
    background = c.Type(bool, default=True)
    """In a one-shot clean build, make the index in a forked child while the pages are built (a second core);
    the files are the same."""


class SearchPlugin(BasePlugin[SearchConfig]):
    """Writes the prebuilt index and the worker that loads it.

    During ``mkdocs serve`` one instance lives through every rebuild (it has ``on_startup``) and keeps
    its index: a rebuild tokenizes and encodes again only the pages whose search entries changed.
    """

    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        self.index: SearchIndex | None = None
        self.stub: str | None = None  # search_index.js for file://, once the prebuilt index is written
        self._shard_keys: dict[str, tuple] = {}  # text shard file -> the key of what was last written there
        self.dirty = False
        self._builder: background.Builder | None = None  # the child making the index, in a one-shot clean build
        self._search = None  # Material's search plugin, while the builder is fed
        self._sent: list[dict] = []  # the entries sent to it, in order
        self._search_config: dict | None = None
        self._offline = None  # Material's offline plugin, while it is held back for this build

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config):
        self.active = False
        if not self.config.enabled:
            return config
        # Footnotes (their list and markers) stay out of search, with Material's worker or this one.
        if FOOTNOTES_EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(FOOTNOTES_EXTENSION)
        why = unsupported(_engine(), _version("mkdocs-material"), config.theme.name)
        if why is None and not any(name.endswith("search") and name != "briefing-search" for name in config.plugins):
            why = "Material's search plugin is not enabled"
        self.worker = worker_path(list(config.theme.dirs)) if why is None else None
        if why is None and self.worker is None:
            why = "the theme's base.html names no search worker"
        if why:
            log.info(f"briefing-search: off ({why}); Material's own search worker is used")
            return config
        self.active = True
        return config

    def on_pre_build(self, *, config) -> None:
        """In a one-shot clean build, fork the child that makes the index as the pages are built.

        Forked now, before the pages exist, it shares little memory with this process. Not for
        ``serve`` (which keeps its index between builds) or a dirty build (which indexes a few pages).
        """
        self._builder, self._sent, self._offline = None, [], None
        if not (self.active and self.config.background and not self.serving and not self.dirty):
            return
        search = _material_search(config)
        if search is None or not background.available():
            return
        self._search, self._search_config = search, _index_config(search)
        self._builder = background.Builder(lambda: (SearchIndex(self._search_config), {}), _tokenize_ahead,
                                           _make_in_child)

    @event_priority(-100)  # after Material's search plugin (0) has added the page's entries
    def on_page_context(self, context, /, *, page, config, nav):
        if self._builder is not None:
            entries = self._search.search_index.entries
            new = entries[len(self._sent):]
            if new:
                self._sent += new
                self._builder.send(new)
        return context

    @event_priority(5)  # after the briefing plugin's merge (10), before Material writes search_index.json (0)
    def _finish_background(self, *, config) -> None:
        builder = self._builder
        if builder is None:
            return
        entries, sent = self._search.search_index.entries, self._sent
        if _index_config(self._search) != self._search_config or not all(map(_plain, entries)):
            builder.abandon()  # the search config changed since, or an entry may not read back as it is: make it here
            self._builder = None
            return
        same = len(entries) == len(sent) and all(a is b for a, b in zip(entries, sent))
        builder.finish(None if same else list(entries), config.site_dir)
        self._sent = []

    @event_priority(-90)  # after Material's search plugin writes search_index.json (0), before `offline` (-100)
    def _write_index(self, *, config) -> None:
        self.stub = None
        if not self.active:
            return
        site = Path(config.site_dir)
        source = site / "search" / "search_index.json"
        if not source.is_file():
            if self._builder is not None:
                self._builder.abandon()
                self._builder = None
            return
        prebuilt = site / "search" / "prebuilt_index.js"
        # serve keeps its index and needs no stamp: it does not read the file at all when Material's entries are there
        stamp = None if self.serving else _stamp(config, source.read_bytes())
        if self._builder is not None:
            builder, self._builder = self._builder, None
            if self._from_child(builder.answer(), config, stamp):
                return
        elif stamp is not None and (kept := _unchanged(stamp, site)) is not None:
            self.stub = kept
            self._write_worker(site)
            self._hold_offline(config)
            log.info(f"briefing-search: prebuilt index unchanged (search_index.json is the same); worker {self.worker}")
            return
        data = _written_entries(config)
        if data is None:
            data = json.loads(source.read_bytes().decode("utf-8"))
        try:
            index = self.index
            if index is not None and index.config == data.get("config"):
                index.update(data)
            else:
                index = SearchIndex.from_search_index(data, incremental=self.serving)
            text = index.script()
        except Unsupported as exc:
            self.index = None
            prebuilt.unlink(missing_ok=True)
            for sub in (DOCS_DIR, POSTINGS_DIR):
                shutil.rmtree(site / "search" / sub, ignore_errors=True)
            log.info(f"briefing-search: off ({exc}); Material's own search worker is used")
            return
        self.index = index if self.serving else None
        out = write_atomic(prebuilt, text)
        shards = write_shards(site / "search", index, self._shard_keys if self.serving else None)
        self.stub = stub_script(data["config"], index.doc_count, index.doc_hash)
        if stamp is not None:
            _keep_stamp(stamp, _outputs_digest(site), self.stub)
        self._write_worker(site)
        self._hold_offline(config)
        log.info(f"briefing-search: prebuilt index {out.stat().st_size:,} bytes and {shards} shards; "
                 f"worker {self.worker}")

    def _from_child(self, answer, config, stamp) -> bool:
        """Take the background child's answer; False when there is none (the index is then made here)."""
        site = Path(config.site_dir)
        if answer is None:
            log.info("briefing-search: the background index builder stopped without an answer; "
                     "making the index in this process")
            return False
        if answer[0] == "error" and answer[1] == Unsupported.__name__:
            (site / "search" / "prebuilt_index.js").unlink(missing_ok=True)
            for sub in (DOCS_DIR, POSTINGS_DIR):
                shutil.rmtree(site / "search" / sub, ignore_errors=True)
            log.info(f"briefing-search: off ({answer[2]}); Material's own search worker is used")
            return True
        if answer[0] != "ok":
            raise PluginError(f"briefing-search: the search index could not be made: {answer[1]}: {answer[2]}")
        made = answer[1]
        self.stub = made["stub"]
        if stamp is not None:
            _keep_stamp(stamp, made["outputs"], self.stub)
        self._write_worker(site)
        self._hold_offline(config)
        log.info(f"briefing-search: prebuilt index {made['size']:,} bytes and {made['shards']} shards "
                 f"(made while the pages were built); worker {self.worker}")
        return True

    def _hold_offline(self, config) -> None:
        """Write the stub ``search_index.js`` now, and hold Material's offline plugin back for this build: it
        would write every document there (61 MB at 10,000 articles), only for the stub to replace it."""
        script = Path(config.site_dir) / "search" / "search_index.js"
        offline = _material_offline(config)
        if self.stub is None or offline is None or not offline.config.enabled:
            return
        write_atomic(script, self.stub)
        offline.config.enabled = False
        self._offline = offline

    @event_priority(-110)  # after `offline` (-100) writes search_index.js with every document
    def _write_stub(self, *, config) -> None:
        if self._offline is not None:  # it wrote nothing; the stub is there
            self._offline.config.enabled = True
            self._offline = None
            return
        script = Path(config.site_dir) / "search" / "search_index.js"
        if self.stub is not None and script.is_file():
            write_atomic(script, self.stub)

    on_post_build = CombinedEvent(_finish_background, _write_index, _write_stub)

    def on_build_error(self, *, error) -> None:
        if self._builder is not None:
            self._builder.abandon()
            self._builder = None
        if self._offline is not None:
            self._offline.config.enabled = True
            self._offline = None

    def _write_worker(self, site: Path) -> None:
        worker = site / self.worker
        write_atomic(worker, worker_script())
        worker.with_name(worker.name + ".map").unlink(missing_ok=True)  # Material's source map; not ours


def _material_search(config):
    """Material's search plugin instance (the one whose ``search_index`` collects the entries), if any."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list) and isinstance(
                getattr(index, "config", None), dict):
            return plugin
    return None


def _written_entries(config) -> dict | None:
    """What Material's search plugin has just written into ``search_index.json`` (config and documents), from its
    own objects, or None when that is not known to be exactly what the file holds (then the file is read).

    The file is 61 MB at 10,000 articles: parsing it again made a second copy of every document (and `serve`
    kept that copy in its index besides Material's entries) and took 0.13 CPU s a rebuild at 2,000 articles.
    Material writes ``{"config": ..., "docs": search_index.entries}`` with ``json.dumps``; documents made of
    plain strings, numbers and lists of strings read back from it as equal objects.
    """
    search = _material_search(config)
    if search is None or not getattr(getattr(search, "config", None), "enabled", False):
        return None
    entries = search.search_index.entries
    if not all(_plain(doc) for doc in entries):
        return None
    return {"config": _index_config(search), "docs": entries}


_SCALARS = (str, int, float, bool)


def _plain(doc) -> bool:
    """Whether a search document is a dict that ``json.dumps`` writes as it is and ``json.loads`` gives back equal."""
    if type(doc) is not dict:
        return False
    for key, value in doc.items():
        if type(key) is not str:
            return False
        kind = type(value)
        if kind is list:
            if not all(type(v) is str for v in value):
                return False
        elif kind not in _SCALARS or (kind is float and value != value):
            return False
    return True


def _material_offline(config):
    """Material's offline plugin instance, if any."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.offline"):
            return plugin
    return None


def _index_config(search) -> dict:
    """The ``config`` that Material's search plugin writes into ``search_index.json``, as it reads back."""
    config = search.search_index.config
    return json.loads(json.dumps({key: config[key] for key in ("lang", "separator", "pipeline", "fields")},
                                 default=str))


def _tokenize_ahead(state, docs: list[dict]) -> None:
    """In the background child: tokenize one page's entries as they come."""
    index, ahead = state
    index.tokenize_ahead(docs, ahead)


def _make_in_child(streamed: list[dict], final: list[dict] | None, site_dir: str, state) -> dict:
    """In the background child: the index of the final entries, written into the site; what the parent needs."""
    index, ahead = state
    index.update({"config": index.config, "docs": streamed if final is None else final}, ahead)
    ahead.clear()
    site = Path(site_dir)
    folder = site / "search"
    folder.mkdir(parents=True, exist_ok=True)
    out = write_atomic(folder / "prebuilt_index.js", index.script())
    shards = write_shards(folder, index)
    return {"stub": stub_script(index.config, index.doc_count, index.doc_hash), "size": out.stat().st_size,
            "shards": shards, "outputs": _outputs_digest(site)}


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _stamp(config, source: bytes) -> tuple[Path, str] | None:
    """(stamp file, fingerprint of what the index is made from): search_index.json and this package's code.

    The stamp lives in the project's ``.cache/briefing/`` (never in the site), one per site folder, so a
    rebuild whose search_index.json did not change (``briefing build`` with no change) keeps the index.
    """
    if not config.config_file_path:
        return None
    folder = Path(config.config_file_path).resolve().parent / ".cache" / "briefing"
    site = str(Path(config.site_dir).resolve()).encode("utf-8", "surrogateescape")
    code = b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py")))
    return folder / f"search-{_digest(site)}.json", _digest(code + b"\x00" + source)


def _outputs_digest(site: Path) -> str:
    """One digest of the files the index step writes: the prebuilt index and every shard (names and bytes)."""
    h = hashlib.blake2b(digest_size=16)
    h.update((site / "search" / "prebuilt_index.js").read_bytes())
    for sub in (DOCS_DIR, POSTINGS_DIR):
        for path in sorted((site / "search" / sub).iterdir(), key=lambda p: p.name):
            h.update(b"\x00" + f"{sub}/{path.name}".encode() + b"\x00")
            h.update(path.read_bytes())
    return h.hexdigest()


def _unchanged(stamp: tuple[Path, str], site: Path) -> str | None:
    """The stub search_index.js when the stamp says the index files in the site were made from the same input
    and are still those files; otherwise None."""
    path, made_from = stamp
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if (isinstance(data, dict) and data.get("from") == made_from and isinstance(data.get("stub"), str)
                and data.get("index") == _outputs_digest(site)):
            return data["stub"]
    except (OSError, ValueError):
        pass
    return None


def _keep_stamp(stamp: tuple[Path, str], outputs: str, stub: str) -> None:
    path, made_from = stamp
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"from": made_from, "index": outputs, "stub": stub}))
    except OSError:
        pass  # no stamp: the next build makes the index again
