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
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

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

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

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

    @event_priority(-90)  # after Material's search plugin writes search_index.json (0), before `offline` (-100)
    def _write_index(self, *, config) -> None:
        self.stub = None
        if not self.active:
            return
        site = Path(config.site_dir)
        source = site / "search" / "search_index.json"
        if not source.is_file():
            return
        raw = source.read_bytes()
        prebuilt = site / "search" / "prebuilt_index.js"
        stamp = None if self.serving else _stamp(config, raw)
        if stamp is not None and (kept := _unchanged(stamp, site)) is not None:
            self.stub = kept
            self._write_worker(site)
            log.info(f"briefing-search: prebuilt index unchanged (search_index.json is the same); worker {self.worker}")
            return
        data = json.loads(raw.decode("utf-8"))
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
        log.info(f"briefing-search: prebuilt index {out.stat().st_size:,} bytes and {shards} shards; "
                 f"worker {self.worker}")

    @event_priority(-110)  # after `offline` (-100) writes search_index.js with every document
    def _write_stub(self, *, config) -> None:
        script = Path(config.site_dir) / "search" / "search_index.js"
        if self.stub is not None and script.is_file():
            write_atomic(script, self.stub)

    on_post_build = CombinedEvent(_write_index, _write_stub)

    def _write_worker(self, site: Path) -> None:
        worker = site / self.worker
        write_atomic(worker, worker_script())
        worker.with_name(worker.name + ".map").unlink(missing_ok=True)  # Material's source map; not ours


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
