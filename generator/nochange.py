"""A rebuild with nothing changed: ``briefing build`` leaves the site folder as it is and runs no engine.

The engine's process runs under :func:`main` (``python -m generator.nochange TRACE CACHE ENGINE ARGS...``),
which records through an audit hook (:func:`sys.addaudithook`) what the build read: every file it opened
(each with its stat when it was first opened, or that it was missing), every folder it listed, every
command it ran. Module files count by their source (a ``.pyc`` stands for the ``.py`` it was compiled
from). After the site is published, :func:`record` keeps that list with the stat of every file and folder
of the published site, the engine's messages and a key of what the build got from elsewhere (engine,
options, interpreter, the build date, git's HEAD). The next ``build`` first asks :func:`unchanged`: when the
key is the same, every input has the stat it had (size, modification and change times, inode, device: any
write changes the change time, and nothing sets it back) and the site folder is file for file the one
published, the engine would make the same bytes again, and the site is left as it is.

Anything it cannot see makes no record, so the next build is a real one: a file changed less than
:data:`RACY_NS` before it was read (a second write within the file system's timestamp granularity could
keep its stat), a file written outside the cache folder, a command other than git, a network connection,
a change of the working folder, a config with ``!ENV`` or ``INHERIT``. What the build made in the cache
folder (``.cache/briefing/``: the generator's cache and the engine's work folder) is not an input: a
build gives the same bytes whatever the cache holds (``tests/test_incremental.py``). The published site
is known by its stat, as :func:`generator.write.mirror` knows it.

Imports only the standard library: the check runs before the CLI imports the generator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import time

FORMAT = 1
"""Version of the trace and of the record; a file of another version is ignored."""
RACY_NS = 1_000_000_000
"""An input changed this recently (ns) before the build read it is not known by its stat."""
#: Folders whose files are not inputs (the kernel's, and devices).
_SYSTEM = ("/proc/", "/sys/", "/dev/")
_INSTALLED = re.compile(r"[/\\](?:site|dist)-packages(?:[/\\]|$)")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
#: Audit events after which what the build read cannot be known from the files it opened.
_UNKNOWN = {"os.chdir", "os.fchdir", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile",
            "socket.connect", "socket.getaddrinfo", "urllib.Request", "http.client.connect", "ftplib.connect",
            "smtplib.connect"}


def stat_key(st: os.stat_result) -> list[int]:
    """Size, modification and change times, inode and device (as :func:`generator.incremental.stat_key`)."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _stat(path: str) -> list[int] | None:
    try:
        return stat_key(os.stat(path))
    except OSError:
        return None


class _Trace:
    """What one build read, gathered from audit events (in the engine's process)."""

    def __init__(self, excluded: str, site: str) -> None:
        self.excluded = excluded.rstrip(os.sep) + os.sep
        self.site = site
        self.listing = False
        self.pid = os.getpid()
        self.files: dict[str, list] = {}  # path -> [stat key or None, ns when taken]
        self.dirs: dict[str, list] = {}
        self.written: set[str] = set()
        self.commands: list[list] = []  # [argv, cwd] of every command run
        self.unknown: list[str] = []  # why what the build read is not all known

    def _path(self, path) -> str | None:
        if isinstance(path, int) or path is None:
            return None  # a descriptor: opened by path first, or made by the build
        try:
            path = os.path.abspath(os.fsdecode(os.fspath(path)))
        except (TypeError, ValueError):
            return None
        if path.startswith(_SYSTEM) or path.startswith(self.excluded):
            return None
        return path

    def hook(self, event: str, args: tuple) -> None:
        if event == "open":
            if os.getpid() != self.pid:
                return
            path = self._path(args[0])
            if path is None:
                return
            mode, flags = args[1], args[2]
            writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITE_FLAGS)
            if writing:
                if f"{os.sep}__pycache__{os.sep}" not in path:  # Python's own bytecode files are not outputs
                    self.written.add(path)
                return
            if path in self.files or path in self.written:
                return
            if path.endswith(".pyc"):
                try:
                    source = importlib.util.source_from_cache(path)
                except (ValueError, NotImplementedError):
                    source = None
                if source is not None and os.path.exists(source):
                    path = source  # valid bytecode is read instead of its source: the source is the input
                    if path in self.files:
                        return
            self.files[path] = [_stat(path), time.time_ns()]
        elif event == "os.listdir" or event == "os.scandir":
            if os.getpid() != self.pid or self.listing:
                return
            path = self._path(args[0] if args and args[0] is not None else ".")
            if path is None:
                return
            # The import system lists a folder for the names of modules; a module it imports is opened (and
            # counted) on its own. Anyone else may take the stat of what it lists, which no event shows, except
            # in installed packages: files there change only with an install, which changes the names in
            # site-packages (a new dist-info folder).
            stats = not (event == "os.listdir" and sys._getframe(1).f_code.co_name == "_fill_cache"
                         or _INSTALLED.search(path))
            if self.dirs.get(path, (None, False))[1] >= stats:
                return
            self.listing = True  # listing it here raises the event again
            try:
                digest, newest = listing(path, self.site, stats)
            finally:
                self.listing = False
            if newest is not None and time.time_ns() - newest < RACY_NS:
                self.unknown.append(f"changed just now: {path}")
            self.dirs[path] = [digest, stats]
        elif event == "subprocess.Popen":
            if os.getpid() == self.pid:
                argv = args[1] if isinstance(args[1], (list, tuple)) else [args[1]]
                self.commands.append([[os.fsdecode(a) for a in argv], os.fsdecode(args[2] or os.getcwd())])
        elif event in _UNKNOWN:
            if os.getpid() == self.pid:
                self.unknown.append(event)

    def dump(self, path: str, code) -> None:
        # The interpreter's own module folders: a module added to one of them could shadow one the build imported.
        self.listing = True
        for folder in sys.path:
            folder = self._path(folder or ".")
            if folder is not None and folder not in self.dirs and os.path.isdir(folder):
                self.dirs[folder] = [listing(folder, self.site, False)[0], False]
        data = {"format": FORMAT, "exit": code if isinstance(code, int) else (0 if code is None else 1),
                "files": self.files, "dirs": self.dirs, "written": sorted(self.written),
                "commands": self.commands, "unknown": sorted(set(self.unknown))}
        _write_json(path, data)


def listing(folder: str, site: str, stats: bool) -> tuple[str | None, int | None]:
    """A digest of the names in ``folder``, with the stat of each file in it when ``stats``, and the newest
    modification or change time of those files; (None, None) when it cannot be listed. The published site
    folder ``site``, its lock and its staging folders (:func:`generator.write.staged`) are left out: the CLI
    makes them."""
    parent, name = os.path.split(site)
    parts, newest = [], None
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        for entry in entries:
            n = entry.name
            if folder == parent and (n == name or n == f".{name}.lock" or n.startswith((f".{name}-new-",
                                                                                          f".{name}-old-"))):
                continue
            try:
                is_dir = entry.is_dir()
                st = entry.stat() if stats and not is_dir else None
            except OSError:
                is_dir, st = False, None
            if st is not None:
                newest = max(newest or 0, st.st_mtime_ns, st.st_ctime_ns)
                parts.append(f"{n}={stat_key(st)}")
            else:
                parts.append(n + "/" if is_dir else n)
    except OSError:
        return None, None
    return hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest(), newest


def main(argv: list[str]) -> None:
    """``python -m generator.nochange TRACE CACHE SITE MODULE ARGS...``: run ``python -m MODULE ARGS...`` and
    write what it read to TRACE (files under CACHE, which it makes, left out; SITE is the published site)."""
    import runpy

    trace_file, excluded, site, module, *args = argv
    trace = _Trace(os.path.abspath(excluded), os.path.abspath(site))
    sys.addaudithook(trace.hook)
    sys.argv = [module, *args]
    code = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code
        raise
    except BaseException:
        code = 1
        raise
    finally:
        if os.getpid() == trace.pid:
            try:
                trace.dump(trace_file, code)
            except OSError:
                pass  # no trace: the next build is a real one


def command(trace_file: os.PathLike | str, cache: os.PathLike | str, site: os.PathLike | str,
            engine_cmd: list[str]) -> list[str]:
    """``engine_cmd`` (``[python, "-m", engine, ...]``) run under :func:`main`."""
    python, dash_m, *rest = engine_cmd
    assert dash_m == "-m", engine_cmd
    return [python, "-m", "generator.nochange", os.fspath(trace_file), os.fspath(cache), os.fspath(site), *rest]


# -- in the CLI ------------------------------------------------------------------------------------------

def _write_json(path: str | os.PathLike, data: dict) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".nochange-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _read_json(path: str | os.PathLike) -> dict | None:
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def remove(path: os.PathLike | str) -> None:
    """Delete a record or trace file if it is there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def record_path(cache: os.PathLike | str, work: os.PathLike | str, site: os.PathLike | str) -> str:
    """Where the record of the builds from ``work`` to the published ``site`` is kept."""
    name = hashlib.blake2b(f"{os.path.abspath(work)}\x00{os.path.abspath(site)}".encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()
    return os.path.join(os.fspath(cache), f"nochange-{name}.json")


def build_date() -> str | None:
    """The build date the engine gives pages (MkDocs' ``get_build_date``: ``SOURCE_DATE_EPOCH``, else today in UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        when = dt.datetime.now(dt.timezone.utc) if epoch is None else dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return when.strftime("%Y-%m-%d")


def git_key(folder: os.PathLike | str) -> list:
    """What git says of the repository holding ``folder`` (what :func:`generator.history.read_history` asks it
    first: top level, prefix, shallow or not, HEAD), and the stat of its shallow file: the same answers, the
    same history."""
    cmd = ["git", "-c", "core.quotepath=off", "-c", "core.fsmonitor=false", "rev-parse", "--show-toplevel",
           "--show-prefix", "--is-shallow-repository", "--git-path", "shallow", "--verify", "--quiet", "HEAD"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    try:
        proc = subprocess.run(cmd, cwd=folder, capture_output=True, env=env, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return ["no git", type(exc).__name__]
    out = proc.stdout.decode("utf-8", "surrogateescape")
    lines = out.splitlines()
    shallow = None
    if proc.returncode == 0 and len(lines) >= 4:
        shallow = _stat(os.path.join(os.fspath(folder), lines[3]))
    return [proc.returncode, out, shallow]


def key(engine: str, article_text: str | None, config_file: os.PathLike | str, site: os.PathLike | str,
        content: os.PathLike | str) -> dict | None:
    """What a build gets besides the files it reads; None when a build cannot be known by its inputs."""
    config_file = os.path.abspath(config_file)
    try:
        with open(config_file, "rb") as fh:
            text = fh.read()
    except OSError:
        return None
    if b"!ENV" in text or b"INHERIT" in text:
        return None  # values from the environment, or another config file MkDocs reads first
    date = build_date()
    if date is None:
        return None
    site = os.path.abspath(site)
    # The names in the project's folders: a file the build only looks for (the project's templates/ or
    # briefing.yml) may appear there without any folder the build lists changing.
    project = {os.path.dirname(config_file), os.path.dirname(os.path.abspath(content))}
    return {"engine": engine, "article_text": article_text, "config": config_file, "site": site,
            "python": sys.executable, "version": list(sys.version_info), "date": date,
            "git": git_key(content) if os.path.isdir(content) else None,
            "project": {folder: listing(folder, site, False)[0] for folder in sorted(project)}}


def site_digest(site: os.PathLike | str) -> str | None:
    """A digest of every file and folder under ``site`` by relative path, kind and stat; None when missing."""
    site = os.fspath(site)
    h = hashlib.blake2b(digest_size=16)
    try:
        top = os.lstat(site)
    except OSError:
        return None
    if not stat.S_ISDIR(top.st_mode):
        return None
    h.update(repr(stat_key(top)).encode())
    stack = [site]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return None
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                return None
            kind = "d" if stat.S_ISDIR(st.st_mode) else "f" if stat.S_ISREG(st.st_mode) else "o"
            h.update(f"{entry.path}\x00{kind}\x00{stat_key(st)}\n".encode("utf-8", "surrogateescape"))
            if kind == "d":
                stack.append(entry.path)
    return h.hexdigest()


def record(path: str, trace_file: str, build_key: dict | None, site: os.PathLike | str, messages: str) -> bool:
    """After a build published ``site``: keep what it read (``trace_file``), the site's digest and the engine's
    ``messages``, when all of it can be known; else leave no record. True when a record was written."""
    try:
        os.unlink(path)
    except OSError:
        pass
    trace = _read_json(trace_file)
    try:
        os.unlink(trace_file)
    except OSError:
        pass
    if build_key is None or trace is None or trace.get("exit") != 0 or trace.get("unknown") or trace.get("written"):
        return False
    for argv, _cwd in trace.get("commands", []):
        if not argv or os.path.basename(argv[0]) != "git":
            return False  # a command whose inputs the trace cannot see
    inputs = []
    for name, (st, when) in sorted(trace.get("files", {}).items()):
        if st is not None and when - max(st[1], st[2]) < RACY_NS:
            return False  # changed too recently to be known by its stat
        inputs.append([name, st])
    folders = [[name, stats, digest] for name, (digest, stats) in sorted(trace.get("dirs", {}).items())]
    digest = site_digest(site)
    if digest is None:
        return False
    try:
        _write_json(path, {"format": FORMAT, "key": build_key, "inputs": inputs, "folders": folders,
                           "site": digest, "messages": messages})
    except OSError:
        return False
    return True


def unchanged(path: str, build_key: dict | None, site: os.PathLike | str) -> str | None:
    """The engine's messages of the last build if a build now would give the very site it published (see the
    module's docstring), else None."""
    if build_key is None:
        return None
    data = _read_json(path)
    if data is None or data.get("key") != build_key or not isinstance(data.get("inputs"), list):
        return None
    for entry in data["inputs"]:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
            return None
        if _stat(entry[0]) != entry[1]:
            return None
    site = os.path.abspath(site)
    for entry in data.get("folders", ()):
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)):
            return None
        if listing(entry[0], site, bool(entry[1]))[0] != entry[2]:
            return None
    if site_digest(site) != data.get("site"):
        return None
    messages = data.get("messages")
    return messages if isinstance(messages, str) else None


if __name__ == "__main__":
    main(sys.argv[1:])
