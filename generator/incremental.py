"""Incremental builds: what the last build saw, kept in ``.cache/briefing/`` so the next one redoes only what changed.

The cache is an optimisation and nothing else. It may be deleted at any time;
a file that is missing, truncated, of another format version or of the wrong
shape is ignored (the build is then a full one), never a crash. It is plain
JSON read with :func:`json.loads` and checked field by field: nothing in it is
ever executed or unpickled, so a planted file can at worst cost a full build.

Public entry points: :func:`cache_dir`, :func:`digest`, :func:`read_state`,
:func:`write_state`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

import jinja2

FORMAT = 1
"""Version of every cache file; a file of another version is ignored."""
CACHE_DIR = Path(".cache") / "briefing"


def cache_dir(project_root: str | os.PathLike) -> Path:
    """The cache folder of a project (the folder holding mkdocs.yml)."""
    return Path(project_root) / CACHE_DIR


def digest(*parts: str | bytes) -> str:
    """A short stable fingerprint (BLAKE2b, 16 bytes, hex) of some texts, with separators between them."""
    try:
        joined = "\x00".join(parts)  # a TypeError when a part is bytes (str subclasses join as their text)
    except TypeError:
        joined = None
    if joined is not None and joined.count("\x00") == len(parts) - 1:  # no part holds the separator: unambiguous
        return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    h = hashlib.blake2b(digest_size=16, person=b"parts")
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def read_state(path: str | os.PathLike, kind: str, check: Callable[[dict], bool] | None = None) -> dict | None:
    """The cache file at ``path`` if it is a ``kind`` file of this :data:`FORMAT` (and passes ``check``), else None."""
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("kind") != kind:
        return None
    try:
        if check is not None and not check(data):
            return None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return data


def write_state(path: str | os.PathLike, kind: str, data: dict[str, Any]) -> None:
    """Write a cache file atomically (a reader sees the old file or the new one, never half of one)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"format": FORMAT, "kind": kind, **data}, ensure_ascii=False, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def is_str_map(value: Any) -> bool:
    """True for a dict of str to str (the shape of most cache tables)."""
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def inside(path: str | os.PathLike, root: str | os.PathLike) -> bool:
    """True when ``path`` resolves to somewhere strictly inside ``root`` (a cache entry cannot point elsewhere)."""
    try:
        return Path(root).resolve() in Path(path).resolve().parents
    except (OSError, RuntimeError):
        return False


def remove(path: str | os.PathLike) -> None:
    """Delete a cache file if it is there."""
    Path(path).unlink(missing_ok=True)


# -- the generator's cache: parses of unchanged files, and pages whose inputs did not change ------------------

GENERATOR_FILE = "generator.json"
PAGES_DIR = "pages"
_MEMORY: dict[str, "Cache"] = {}
_JSON_SCALARS = (str, int, float, bool, type(None))
_HEX_DIGEST = re.compile("[0-9a-f]{32}")  # a page text's file name in pages/: nothing else is ever opened there
RACY_NS = 1_000_000_000
"""A file changed this recently (ns) is not remembered by its size and times: a second edit within the
file system's timestamp granularity could leave both unchanged. It is read again next time, like git's
"racily clean" entries."""


def json_exact(value: Any) -> bool:
    """True when ``value`` comes back from a JSON round trip equal and of the same types (str keys only)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if not all(isinstance(k, str) for k in v):
                return False
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif not isinstance(v, _JSON_SCALARS):
            return False
    return True


def code_digest(template_dir: str | os.PathLike) -> str:
    """Fingerprint of the generator's own code and templates: a page rendered by other code is never reused."""
    parts = []
    for folder in (Path(__file__).parent, Path(template_dir)):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2"):
                parts += [path.name, path.read_bytes()]
    return digest(*parts)


def stat_key(st: os.stat_result) -> list[int]:
    """What says a file is the one seen before: size, modification and change times, inode, device.

    The change time is in it because nothing can set it back: an edit that keeps the size and the
    modification time (``touch -r``, ``cp -p``) still changes it, and a file replaced by another has
    another inode.
    """
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _stat_part(name: str, path: str | os.PathLike, now: int) -> str | None:
    """``name=size,mtime,ctime,inode,device`` of a regular file; ``name:-`` when missing; None when it cannot be trusted."""
    try:
        st = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return f"{name}:-"
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return None  # a symlink (load checks where it points) or a file changed too recently to know by its stat
    return f"{name}={stat_key(st)}"


def inputs_key(content_dir: str | os.PathLike, folders: list[str], *extra: str) -> str | None:
    """Fingerprint of everything a run reads, from the file system's records alone (no file is opened).

    The names under ``content_dir``, the stat of every file in ``folders`` (size, modification and
    change times, inode, device: any edit changes the change time, and nothing sets it back), the
    project's briefing.yml, and ``extra`` (the code, the settings, ...). None when any of it cannot be known so: a symlink, a file changed less than
    :data:`RACY_NS` ago, a folder that cannot be listed.
    """
    now = time.time_ns()
    root = Path(os.path.abspath(content_dir))
    try:
        if root.is_symlink():
            return None
        project = root.resolve().parent
        with os.scandir(root) as listing:
            top = sorted(listing, key=lambda e: e.name)
        parts = [f"format={FORMAT}", *extra]
        parts += [f"{e.name}{'/' if e.is_dir() else ''}{'@' if e.is_symlink() else ''}" for e in top]
        for folder in sorted(folders):
            where = root / folder
            if where.is_symlink():
                return None
            if not where.is_dir():
                parts.append(f"{folder}:-")
                continue
            with os.scandir(where) as listing:
                entries = sorted(listing, key=lambda e: e.name)
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    parts.append(f"{folder}/{entry.name}/")
                    continue
                part = _stat_part(f"{folder}/{entry.name}", entry.path, now)
                if part is None:
                    return None
                parts.append(part)
        part = _stat_part("briefing.yml", project / "briefing.yml", now)
        if part is None:
            return None
        parts.append(part)
    except OSError:
        return None
    return digest(*parts)


class Cache:
    """What the generator remembers between runs, in memory (``mkdocs serve``) and in ``folder`` on disk.

    * ``parses``: per file (as shown in messages), the digest of its bytes and
      what :func:`generator.load.load` made of them.
    * ``models``: per (kind, id), the digest and the validated object (memory
      only: a model is never rebuilt from disk without validation).
    * ``pages``: per generated page, its fingerprint (a digest of its template
      and context, and of every entity its rendering read) and its text.
    * ``files``: per file, its size, modification and change times, inode and
      device when it was read, with the digest of its bytes and its first line:
      a file whose stat is the same is not read at all. In memory the record
      also holds the loaded document (articles need their body).

    Everything is keyed by digests of the inputs, so a stale entry is simply
    never used. Entries that a run did not use are dropped when it is saved.
    """

    def __init__(self, folder: Path | None, settings: str = ""):
        self.folder = folder
        self.settings = settings
        self.key = ""  # its entry in this process's caches (set by :meth:`open`)
        self.parses: dict[str, list] = {}
        self.files: dict[str, list] = {}  # shown -> [[size, mtime_ns, ctime_ns, ino, dev], digest, header, doc]
        self.used_files: dict[str, list] = {}
        self.files_changed = False
        self.models: dict[tuple[str, str], tuple[str, Any]] = {}
        self.pages: dict[str, list] = {}
        self.used_parses: dict[str, list] = {}
        self.used_pages: dict[str, list] = {}
        self.used_models: set[tuple[str, str]] = set()
        self.links: dict[str, tuple[str, str, tuple]] = {}  # memory only, like models
        self.used_links: set[str] = set()
        self.texts: dict[str, str] = {}
        self.new_texts: set[str] = set()
        self.persist = True  # False: keep this run's results in memory only (a `serve` rebuild)
        self.background = False  # True: :meth:`save` writes the files in a forked child (a one-shot build)
        self.writer: int | None = None  # that child's pid, for :func:`wait_saved`
        self.run: list | None = None  # [inputs key, [[path, text digest, updated], ...], [warning, ...]]
        self.saved_run: list | None = None  # the run as the folder holds it
        self.render_state: tuple | None = None  # memory only: what the last render in this process saw (PageMemo)
        self.stats = {"parsed": 0, "reused_parses": 0, "rendered": 0, "reused_pages": 0, "unchanged_pages": 0}

    @classmethod
    def open(cls, folder: str | os.PathLike | None, settings: str = "") -> "Cache":
        """The cache for ``folder``: the one this process already holds, else the one on disk, else an empty one."""
        key = str(Path(folder).resolve()) if folder is not None else ""
        cache = _MEMORY.get(key)
        if cache is None or cache.settings != settings:
            cache = cls(Path(folder) if folder is not None else None, settings)
            cache.key = key
            if folder is not None:
                data = read_state(Path(folder) / GENERATOR_FILE, "generator",
                                  lambda d: d.get("settings") == settings and isinstance(d.get("parses"), dict)
                                  and isinstance(d.get("pages"), dict))
                if data is not None:
                    cache.parses, cache.pages = data["parses"], data["pages"]
                    run = data.get("run")
                    cache.run = cache.saved_run = run if isinstance(run, list) and len(run) == 3 else None
                    files = data.get("files")
                    cache.files = files if isinstance(files, dict) else {}
            _MEMORY[key] = cache
        cache.begin()
        return cache

    def release(self) -> None:
        """Forget this cache in this process, once a one-shot build has saved it: what it holds stays on disk.

        In memory it keeps every document, model and page text (about 100 MB at 2,000 articles) for the
        next run in this process, which a ``build`` never makes; the engine then needs that memory.
        """
        if _MEMORY.get(self.key) is self:
            del _MEMORY[self.key]

    def begin(self) -> None:
        self.used_parses, self.used_pages, self.used_models, self.used_links = {}, {}, set(), set()
        self.used_files, self.files_changed = {}, False
        self.stats = dict.fromkeys(self.stats, 0)

    # -- load --------------------------------------------------------------------
    def parse(self, shown: str, file_digest: str) -> list | None:
        entry = self.parses.get(shown)
        if isinstance(entry, list) and len(entry) == 4 and entry[0] == file_digest:
            self.used_parses[shown] = entry
            self.stats["reused_parses"] += 1
            return entry
        self.stats["parsed"] += 1
        return None

    def keep_parse(self, shown: str, file_digest: str, data: Any, positions: dict, extra: Any) -> None:
        if not (json_exact(data) and json_exact(extra)):
            return
        entry = [file_digest, data, [[list(loc), line, col] for loc, (line, col) in positions.items()], extra]
        self.parses[shown] = self.used_parses[shown] = entry

    def unchanged_file(self, shown: str, key: list[int]) -> tuple[str, str, Any] | None:
        """(digest, first line, document or None) of a file whose stat ``key`` is the one recorded, else None."""
        entry = self.files.get(shown)
        if (not isinstance(entry, list) or len(entry) < 3 or entry[0] != key or not isinstance(entry[1], str)
                or not isinstance(entry[2], str)):
            return None
        self.used_files[shown] = entry
        return entry[1], entry[2], entry[3] if len(entry) > 3 else None

    def keep_file(self, shown: str, key: list[int], doc: Any) -> None:
        """Remember the stat of a file that parsed cleanly (unless it changed too recently to trust it)."""
        self.files_changed = True
        if time.time_ns() - max(key[1], key[2]) < RACY_NS:
            self.files.pop(shown, None)
            self.used_files.pop(shown, None)
            return
        self.files[shown] = self.used_files[shown] = [key, doc.digest, doc.header, doc]

    # -- validate ------------------------------------------------------------------
    def model(self, key: tuple[str, str], doc_digest: str) -> Any:
        hit = self.models.get(key)
        if hit is not None and hit[0] == doc_digest:
            self.used_models.add(key)
            return hit[1]
        return None

    def keep_model(self, key: tuple[str, str], doc_digest: str, obj: Any) -> None:
        self.models[key] = (doc_digest, obj)
        self.used_models.add(key)

    # -- link ----------------------------------------------------------------------
    def linked(self, article: str, doc_digest: str, signature: str) -> tuple | None:
        hit = self.links.get(article)
        if hit is not None and hit[0] == doc_digest and hit[1] == signature:
            self.used_links.add(article)
            return hit[2]
        return None

    def keep_linked(self, article: str, doc_digest: str, signature: str, record: tuple) -> None:
        self.links[article] = (doc_digest, signature, record)
        self.used_links.add(article)

    # -- render --------------------------------------------------------------------
    def page(self, path: str) -> list | None:
        entry = self.pages.get(path)
        if (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[2], list) and isinstance(entry[3], str)
                and _HEX_DIGEST.fullmatch(entry[3])):
            return entry
        return None

    def keep_page(self, path: str, entry: list, text: str) -> None:
        self.pages[path] = self.used_pages[path] = entry
        if entry[3] not in self.texts:
            self.texts[entry[3]] = text
            self.new_texts.add(entry[3])

    def text(self, text_digest: str) -> str | None:
        """A page text by its digest: from memory, else from ``pages/`` on disk (checked against the digest)."""
        text = self.texts.get(text_digest)
        if text is None and self.folder is not None:
            try:
                text = (self.folder / PAGES_DIR / text_digest).read_bytes().decode("utf-8")
            except (OSError, ValueError):
                return None
            if digest(text) != text_digest:
                return None
            self.texts[text_digest] = text
        return text

    def use_page(self, path: str, entry: list) -> None:
        self.used_pages[path] = entry

    # -- a whole run -------------------------------------------------------------
    def reuse_run(self, key: str | None) -> tuple[list[tuple[str, str, str | None]], list[list]] | None:
        """The pages (path, text, updated) and warnings of the last run, if it had these same inputs."""
        run = self.run
        if key is None or run is None or run[0] != key or not isinstance(run[1], list) or not isinstance(run[2], list):
            return None
        pages = []
        for entry in run[1]:
            if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)
                    and isinstance(entry[1], str) and _HEX_DIGEST.fullmatch(entry[1])
                    and (entry[2] is None or isinstance(entry[2], str))):
                return None
            text = self.text(entry[1])
            if text is None:
                return None
            pages.append((entry[0], text, entry[2]))
        self.stats["reused_pages"] = len(pages)
        return pages, run[2]

    def keep_run(self, key: str | None, pages: list[tuple[str, str, str | None]], warnings: list[list]) -> None:
        """Remember a run's output by its inputs (:func:`inputs_key`); only when every page text is kept."""
        self.run = None
        if key is None or not json_exact(warnings):
            return
        entries = []
        for path, text, updated in pages:
            entry = self.used_pages.get(path)
            # The text this run kept for the page is the very object: its digest is known (no hashing again).
            text_digest = entry[3] if entry is not None and self.texts.get(entry[3]) is text else digest(text)
            if text_digest not in self.texts:
                return
            entries.append([path, text_digest, updated])
        self.run = [key, entries, warnings]

    def save(self) -> None:
        """Forget what this run did not use, and write the rest to disk (when the cache has a folder)."""
        changed = (self.used_parses != self.parses or self.used_pages != self.pages or bool(self.new_texts)
                   or self.stats["parsed"] > 0 or self.files_changed or self.used_files.keys() != self.files.keys()
                   or self.run != self.saved_run)
        self.parses, self.pages, self.files = self.used_parses, self.used_pages, self.used_files
        self.models = {k: v for k, v in self.models.items() if k in self.used_models}
        self.links = {k: v for k, v in self.links.items() if k in self.used_links}
        live = {entry[3] for entry in self.pages.values()}
        self.texts = {d: t for d, t in self.texts.items() if d in live}
        if self.folder is None or not changed or not self.persist:
            return
        if self.background and hasattr(os, "fork") and threading.active_count() == 1:
            # The files are written by a forked child, on the other core, while the build goes on; the
            # process waits for it before it ends (wait_saved). The child gets this state as it is now.
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    code = 0 if self._write(live) else 1
                finally:
                    os._exit(code)
            self.writer = pid
            self.saved_run, self.new_texts = self.run, set()
            return
        if self._write(live):
            self.saved_run = self.run
        self.new_texts = set()

    def _write(self, live: set[str]) -> bool:
        """Write the page texts that are new, then the state, then delete the texts no page uses; False when
        the folder cannot be written (a cache that cannot be written costs the next run time, nothing else)."""
        try:
            pages = self.folder / PAGES_DIR
            pages.mkdir(parents=True, exist_ok=True)
            for d in sorted(self.new_texts & live):
                (pages / d).write_bytes(self.texts[d].encode("utf-8"))
            write_state(self.folder / GENERATOR_FILE, "generator",
                        {"settings": self.settings, "parses": self.parses, "pages": self.pages,
                         "files": {k: v[:3] for k, v in self.files.items()}, "run": self.run})
            for name in os.listdir(pages):
                if name not in live:
                    (pages / name).unlink(missing_ok=True)
        except OSError:
            return False
        return True


def wait_saved(pid: int | None) -> None:
    """Wait for the child writing a cache's files (:attr:`Cache.writer`, after a :attr:`Cache.background` save)."""
    if pid is not None:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


class _Tracked:
    """A content table as templates see it: every lookup is recorded as a dependency of the page being rendered."""

    __slots__ = ("_table", "_kind", "_deps")

    def __init__(self, table: dict, kind: str, deps: set):
        self._table, self._kind, self._deps = table, kind, deps

    def __getitem__(self, key):
        self._deps.add((self._kind, key))
        return self._table[key]

    def get(self, key, default=None):
        self._deps.add((self._kind, key))
        return self._table.get(key, default)

    def __contains__(self, key) -> bool:
        self._deps.add((self._kind, key))
        return key in self._table

    def _all(self) -> dict:
        self._deps.add((self._kind, "*"))
        return self._table

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def keys(self):
        return self._all().keys()

    def values(self):
        return self._all().values()

    def items(self):
        return self._all().items()


class TrackedContent:
    """Validated content as templates see it: table reads are recorded, anything else makes the page unreusable."""

    def __init__(self, content: Any, deps: set, folders: dict[str, str]):
        self._content, self._deps, self._folders = content, deps, folders

    def table(self, kind: str) -> _Tracked:
        return _Tracked(self._content.table(kind), kind, self._deps)

    def __getattr__(self, name: str) -> Any:
        kind = self._folders.get(name)
        if kind is not None:
            # Kept as an attribute: the next read of the same table (one per row of a loop) finds it at once.
            tracked = self.__dict__[name] = _Tracked(getattr(self._content, name), kind, self._deps)
            return tracked
        self._deps.add(("!", name))  # not tracked: this page is rendered every time
        return getattr(self._content, name)


class Untracked:
    """Any other object templates get (the linked site): reading it at all makes the page unreusable."""

    def __init__(self, obj: Any, deps: set, name: str):
        self._obj, self._deps, self._name = obj, deps, name

    def __getattr__(self, attr: str) -> Any:
        self._deps.add(("!", self._name))
        return getattr(self._obj, attr)


class PageMemo:
    """Decides page by page whether a render can be skipped, and records what each render read.

    A page's fingerprint is the digest of the generator's code and templates,
    the settings, its template name and path, its context (entities in it
    count by the digest of their file), and the digests of every entity its
    rendering looked up (or of a whole kind, when it went through all of them).
    """

    def __init__(self, cache: Cache, code: str, content: Any, title: Callable[[Any], str] | None = None,
                 base: str | None = None, points_at: Callable[[dict, Any, tuple[str, str]], set] | None = None,
                 linked: Any = None):
        self.cache, self.code, self.title = cache, code, title
        self.digests: dict[tuple[str, str], str] = {}
        # id -> (object, how a fingerprint shows it): entities by their file's digest, other objects by their
        # repr, made once per run (a backlink is in the context of many pages). Holding the object keeps its id.
        self.known: dict[int, tuple[Any, str]] = {}
        self.tables = content.tables
        for kind, table in content.tables.items():
            for eid, obj in table.items():
                doc = content.docs.get((kind, eid))
                d = getattr(doc, "digest", "") or f"?{id(obj)}"
                self.digests[(kind, eid)] = d
                self.known[id(obj)] = (obj, "entity " + d)
        self.kinds: dict[str, str] = {}
        self.titles: dict[tuple[str, str], str] = {}
        self.dep_parts: dict[tuple[str, str], str] = {}
        self._changes(base, points_at, linked)

    # -- pages none of whose inputs changed since the last render in this process ------------------------------
    def _changes(self, base: str | None, points_at: Callable | None, linked: Any) -> None:
        """What changed since the last render in this process (``mkdocs serve``): :meth:`unchanged` needs it.

        ``base`` stands for everything every page shares (code, templates, settings, config, history, the
        names articles can mention); None turns the shortcut off for this render and the next. Without
        ``points_at`` the memo takes no part in it (and leaves the last render's record as it is). ``points_at(tables, linked, key)`` gives
        the entities an entity refers to or mentions, as the tables and ``linked`` (what link made) of a
        run show it. ``changed``: the entities whose file's digest differs from the last render's;
        ``touched``: every entity one of those points at, before or after the edit (its backlinks,
        mentions and whatever is listed from what points at it may differ). None: no shortcut this run.
        """
        self.changed: set[tuple[str, str]] | None = None
        self.touched: set[tuple[str, str]] = set()
        self.changed_kinds: set[str] = set()
        self.touched_kinds: set[str] = set()
        self._state = None
        if points_at is None:  # a memo that never takes the shortcut (the data downloads)
            return
        last, self.cache.render_state = self.cache.render_state, None  # set again when this render ends
        if base is None:
            return
        base = digest(self.code, self.cache.settings, base)
        # The atoms of each page's dependencies (:meth:`_atoms`), by page, kept from render to render.
        self.atoms: dict[str, tuple[list, frozenset | None]] = last[5] if last is not None else {}
        self._state = (base, self.digests, self.tables, linked, self.cache.used_pages, self.atoms)
        # An entity added or removed changes lists and orders everywhere: every page is checked in full.
        if last is None or last[0] != base or last[1].keys() != self.digests.keys():
            return
        _base, digests, tables, old_linked, pages, _atoms = last
        changed = {key for key, d in self.digests.items() if digests[key] != d}
        touched: set[tuple[str, str]] = set()
        for key in changed:
            touched |= points_at(tables, old_linked, key)
            touched |= points_at(self.tables, linked, key)
        self.changed, self.touched, self.last_pages = changed, touched, pages
        self.changed_kinds = {kind for kind, _ in changed}
        self.touched_kinds = {kind for kind, _ in touched}
        self.changed_atoms = frozenset(changed | {(kind, "*") for kind in self.changed_kinds})

    def _atoms(self, path: str, entry: list) -> frozenset | None:
        """A page's dependencies as entities and whole kinds (a title counts as its entity); None when one
        is untracked (such a page is always checked in full). Made once per stored entry."""
        hit = self.atoms.get(path)
        if hit is not None and hit[0] is entry:
            return hit[1]
        atoms: set | None = set()
        try:
            for kind, eid in entry[2]:
                if kind == "!":
                    atoms = None
                    break
                atoms.add((kind[len("title:"):] if kind.startswith("title:") else kind, eid))
        except (TypeError, ValueError):
            atoms = None
        frozen = frozenset(atoms) if atoms is not None else None
        self.atoms[path] = (entry, frozen)
        return frozen

    def finish(self) -> None:
        """The render went through: the next one in this process compares its entities with this one's."""
        self.cache.render_state = self._state

    def unchanged(self, path: str, entity: tuple[str, str] | None = None, kinds: tuple[str, ...] = (),
                  pointed: tuple[str, ...] = ()) -> str | None:
        """The last render's text of a page when none of its inputs changed, else None (check it in full:
        :meth:`key`, :meth:`reuse`).

        For pages whose context is made only of: their ``entity``, what points at it (backlinks, mentions,
        the objects of those), the entities of ``kinds`` (lists and orders of a whole kind), what points
        at any entity of ``pointed``, and what every page shares. Such a page is the same when none of
        those changed and no entity its rendering read changed (a link reads a title; counted as
        changed with anything else in its entity). Its context is then neither made nor fingerprinted.
        """
        changed = self.changed
        if changed is None or (entity is not None and (entity in changed or entity in self.touched)):
            return None
        if any(k in self.changed_kinds for k in kinds) or any(k in self.touched_kinds for k in pointed):
            return None
        entry = self.last_pages.get(path)
        if entry is None or self.cache.page(path) is not entry:
            return None
        atoms = self._atoms(path, entry)
        if atoms is None or not atoms.isdisjoint(self.changed_atoms):
            return None
        text = self.cache.text(entry[3])
        if text is None:
            return None
        self.cache.use_page(path, entry)
        self.cache.stats["reused_pages"] += 1
        self.cache.stats["unchanged_pages"] += 1
        return text

    def _dep(self, key: tuple[str, str]) -> str:
        kind, eid = key
        if kind == "!":
            return f"untracked {os.getpid()} {id(self)}"  # never equal to what an earlier run stored
        if kind.startswith("title:"):
            # A link to an entity shows only its title: a change elsewhere in it does not touch the linking page.
            d = self.titles.get(key)
            if d is None:
                kind = kind[len("title:"):]
                d = "-" if (kind, eid) not in self.digests or self.title is None else digest(self.title((kind, eid)))
                self.titles[key] = d
            return d
        if eid == "*":
            d = self.kinds.get(kind)
            if d is None:
                table = self.tables.get(kind, {})
                d = self.kinds[kind] = digest(*(f"{i}={self.digests[(kind, i)]}" for i in table))
            return d
        return self.digests.get(key, "-")

    def deps_digest(self, deps: list[list[str]]) -> str:
        parts, out = self.dep_parts, []
        for k, i in deps:
            part = parts.get((k, i))
            if part is None:
                part = f"{k}/{i}={self._dep((k, i))}"
                if k != "!":
                    parts[(k, i)] = part
            out.append(part)
        return digest(*out)

    def key(self, template: str, path: str, ctx: dict) -> str:
        out = [self.code, self.cache.settings, template, path]
        self._walk(ctx, out)
        return digest(*out)

    def _walk(self, value: Any, out: list) -> None:
        t = type(value)
        if t is str:
            out.append(value)
            return
        known = self.known  # entities (by their file's digest) and objects already described, by id
        hit = known.get(id(value))
        if hit is not None and hit[0] is value:
            out.append(hit[1])
        elif value is None or t in (int, float, bool):
            out.append(repr(value))
        elif t is list or t is tuple:
            out.append(f"[{len(value)}")
            for v in value:  # the common items (text, entities, backlinks) without a call each
                if type(v) is str:
                    out.append(v)
                    continue
                hit = known.get(id(v))
                if hit is not None and hit[0] is v:
                    out.append(hit[1])
                else:
                    self._walk(v, out)
        elif isinstance(value, dict):
            out.append(f"{{{len(value)}")
            for k, v in value.items():
                self._walk(k, out)
                self._walk(v, out)
        elif isinstance(value, str):
            out.append(t.__name__ + ":" + value)
        elif isinstance(value, tuple):  # named tuples (Ref)
            out.append(t.__name__)
            self._walk(tuple(value), out)
        elif isinstance(value, (set, frozenset)):
            out.append("set " + repr(sorted(map(repr, value))))
        else:
            # Kept with the object, so its id is not reused by another while this run lasts.
            known[id(value)] = (value, repr(value))
            out.append(known[id(value)][1])

    def reuse(self, path: str, key: str) -> str | None:
        entry = self.cache.page(path)
        if entry is None or entry[0] != key:
            return None
        try:
            deps = [(k, i) for k, i in entry[2]]
        except (TypeError, ValueError):
            return None
        if self.deps_digest(deps) != entry[1]:
            return None
        text = self.cache.text(entry[3])
        if text is None:
            return None
        self.cache.use_page(path, entry)
        self.cache.stats["reused_pages"] += 1
        return text

    def store(self, path: str, key: str, deps: set, text: str) -> None:
        listed = sorted([k, str(i)] for k, i in deps)
        self.cache.keep_page(path, [key, self.deps_digest(listed), listed, digest(text)], text)
        self.cache.stats["rendered"] += 1


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in this process only (``mkdocs serve`` rebuilds compile each template once).

    Never on disk: loading compiled code from a file is running it, and the cache folder is not trusted.
    Jinja keys each entry by the template's name and source, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = MemoryBytecodeCache()
"""Shared by the generator's templates and the theme's."""
