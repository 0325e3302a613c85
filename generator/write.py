"""Stage 5: write. Put rendered pages on disk, safely and all at once.

Public entry point: :func:`write`. Pages are written to a temporary folder
next to the target, which replaces the target only when every page was
written, in one atomic step (:func:`publish`); a failure, or a kill at any
moment, leaves the previous output as it was. :func:`staged` is the same for
any builder (``python -m generator build`` runs MkDocs into it). Like pelican's
Writer, it refuses to write one path twice, and it refuses any path that
would land outside the output folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl  # POSIX (Linux, macOS): flock is what keeps two builds apart
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from generator.errors import ContentError, Problem
from generator.incremental import stat_key
from generator.render import Page


def _safe_relative(path: str) -> PurePosixPath | None:
    p = PurePosixPath(path)
    if p.is_absolute() or not p.parts or any(part in ("..", "", ".") for part in p.parts) or "\\" in path:
        return None
    return p


def check_paths(pages: list[Page]) -> None:
    """Refuse duplicate output paths and paths that escape the output folder."""
    seen: set[str] = set()
    problems = []
    for page in pages:
        if _safe_relative(page.path) is None:
            problems.append(Problem(page.path, 1, "output path leaves the output folder", "use a plain id"))
        elif page.path.lower() in seen:
            # Lower-cased: two slugs that differ only in case collide on macOS/Windows file systems.
            problems.append(Problem(page.path, 1, "two pages would be written to the same path",
                                    "rename one of the two entities"))
        seen.add(page.path.lower())
    if problems:
        raise ContentError(problems)


class PublishError(Exception):
    """The output folder cannot be written (read-only, full disk, no permission); the old one is intact."""

    def __init__(self, out_dir: Path, exc: OSError, shown: str | None = None):
        self.out_dir, self.errno = out_dir, exc.errno
        name = (shown or str(out_dir)).rstrip("/")
        fix = {errno.ENOSPC: "free some disk space, then build again",
               errno.EDQUOT: "free some disk space (you are over quota), then build again",
               errno.EROFS: "build into a folder on a writable disk (--site-dir / --out)",
               errno.EACCES: "build into a folder you may write to (--site-dir / --out), or fix its permissions",
               errno.EPERM: "build into a folder you may write to (--site-dir / --out), or fix its permissions"}
        self.fix = fix.get(exc.errno, "check the folder and the disk, then build again")
        self.reason = exc.strerror or str(exc)
        super().__init__(f"{name}/: error: cannot write the output: {self.reason}. Fix: {self.fix}; "
                         f"the previous {name}/ was left as it was")


_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with Linux's renameat2(RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # glibc before 2.28, or another C library
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # a file system without exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


def publish(staging: Path, out_dir: Path) -> None:
    """Make ``staging`` (a sibling folder) the new ``out_dir`` in one atomic step, then delete the old one.

    ``out_dir`` stays a real folder (``make site``, the zip and the Pages upload read it) and is
    never missing: a first build renames the staging folder into place; later ones swap the two
    folders with one ``renameat2(RENAME_EXCHANGE)``, after which the staging name holds the old
    site, which is deleted. Where the exchange is missing (not Linux, or a file system without
    it) the fallback is two renames, with a moment in between where ``out_dir`` is missing.
    Callers hold :func:`output_lock`.
    """
    if not os.path.lexists(out_dir):
        os.rename(staging, out_dir)
        return
    if not _exchange(staging, out_dir):
        old = staging.with_name(staging.name.replace("-new-", "-old-"))
        os.rename(out_dir, old)
        os.rename(staging, out_dir)
        staging = old
    shutil.rmtree(staging, ignore_errors=True)


def _lock_dir(folder: Path, mode: int) -> int | None:
    """An open descriptor of ``folder`` holding a flock; None if another process holds a conflicting one."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def clean_stale(out_dir: Path) -> list[Path]:
    """Delete staging folders that builds killed before they finished left next to ``out_dir``.

    A running build holds a shared flock on its staging folder (the kernel drops it when the
    process dies, even by ``kill -9``); a folder nobody holds a lock on is stale.
    """
    removed = []
    for path in sorted(out_dir.parent.glob(f".{out_dir.name}-*")):
        if not path.is_dir() or path.is_symlink() or not path.name.startswith((f".{out_dir.name}-new-",
                                                                                f".{out_dir.name}-old-")):
            continue
        try:
            fd = _lock_dir(path, fcntl.LOCK_EX)
        except OSError:
            continue
        if fd is None:
            continue  # another build is writing it
        try:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        finally:
            os.close(fd)
    return removed


@contextlib.contextmanager
def output_lock(out_dir: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold ``.<name>.lock`` next to ``out_dir``: two builds into one folder publish one after the other."""
    path = out_dir.parent / f".{out_dir.name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait(f"another build is publishing {out_dir.name}/; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def staged(out_dir: str | os.PathLike, on_wait: Callable[[str], None] | None = None,
           shown: str | None = None) -> Iterator[Path]:
    """A new empty folder next to ``out_dir`` to build into; published atomically when the block succeeds.

    On any exception (or ``sys.exit``) inside the block, the staging folder is deleted and
    ``out_dir`` is left as it was. Stale staging folders of killed builds are deleted first.
    An OSError while making, publishing or locking becomes a :class:`PublishError`.
    """
    out = Path(out_dir).resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with output_lock(out, on_wait):
            clean_stale(out)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
        held = _lock_dir(staging, fcntl.LOCK_SH)
    except OSError as exc:
        raise PublishError(out, exc, shown) from None
    try:
        yield staging
        with output_lock(out, on_wait):
            publish(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(out, exc, shown) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if held is not None:
            os.close(held)


#: A file changed this recently (ns) before a copy is copied again next time, whatever its stat says:
#: a second write within the file system's timestamp granularity could leave its times unchanged.
RACY_NS = 1_000_000_000


def mirror(src: Path, staging: Path, previous: Path, record: dict | None) -> dict[str, list]:
    """Fill ``staging`` with a copy of ``src``; files unchanged since the last mirror are hard links instead.

    ``record`` is what the last call returned for the same ``src`` and ``previous`` (after
    ``previous`` was published): per relative path, the stat of the ``src`` file it was made from and
    the stat the published file had. A file of ``src`` whose stat (size, modification and change
    times, inode, device) is the recorded one, and whose published file in ``previous`` is still the
    recorded one, has the same bytes: it is linked from ``previous`` instead of copied. Anything else
    is copied (a file written less than :data:`RACY_NS` before the recorded copy is never trusted).
    ``src`` and the published folder never share a file, so a builder writing into ``src`` in place
    cannot touch a published site. Returns the ``src`` stats to give :func:`mirror_record`.
    """
    record = record or {}
    made: dict[str, list] = {}
    now = time.time_ns()
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, src)
        out_dir = staging if rel_dir == "." else staging / rel_dir
        out_dir.mkdir(exist_ok=True)
        for name in sorted(filenames):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            source = os.path.join(dirpath, name)
            st = os.stat(source)
            key = stat_key(st)
            old = record.get(rel)
            linked = False
            if isinstance(old, list) and len(old) == 2 and old[0] == key:
                published = previous / rel
                try:
                    if stat_key(os.stat(published, follow_symlinks=False)) == old[1]:
                        os.link(published, out_dir / name, follow_symlinks=False)
                        linked = True
                except OSError:  # gone, or a file system without hard links: copied below
                    linked = False
            if not linked:
                shutil.copyfile(source, out_dir / name)
            if now - max(st.st_mtime_ns, st.st_ctime_ns) >= RACY_NS:
                made[rel] = key
    return made


def mirror_record(made: dict[str, list], published: Path) -> dict[str, list]:
    """What the next :func:`mirror` needs: each source stat from ``made`` with the published file's stat now."""
    out = {}
    for rel, key in made.items():
        try:
            out[rel] = [key, stat_key(os.stat(published / rel, follow_symlinks=False))]
        except OSError:
            continue
    return out


def write(pages: list[Page], out_dir: str | os.PathLike) -> list[Path]:
    """Write ``pages`` under ``out_dir``, replacing its previous contents atomically.

    Returns:
        The written file paths, sorted.
    """
    check_paths(pages)
    out = Path(out_dir).resolve()
    written = []
    with staged(out) as staging:
        for page in pages:
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.text, encoding="utf-8", newline="\n")
            written.append(out / page.path)
    return sorted(written)
