"""Input: the git history of ``content/``, for "last updated" dates, the "What changed" page and the Atom feed.

Public entry point: :func:`read_history`. It runs ``git`` (read-only: ``rev-parse``,
``log`` and ``cat-file``) in the content folder and turns each commit's change to a fact
file or article into a :class:`Change`: which entity, added, changed or removed, and
which of its top-level fields were recorded, changed or removed. The descriptions come
from the data (the YAML of the file before and after the commit), never from commit
messages or author names, which nobody reviews as content.

It never fails: without git, outside a repository, in a repository with no commit
touching the folder, or when git misbehaves, it returns a :class:`History` without
changes and with a ``note`` saying why. In a shallow clone the boundary commits (which
git shows as adding every file) are left out, and the note says the history is cut.

Deterministic: the result depends only on the commits (their trees and committer
times), so the same commits give the same history whatever the clock or the locale.
Old versions of files are parsed with the same hardened reader as the load stage
(:func:`generator.load.parse_yaml`): size cap, no aliases, no tags.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problems
from generator.kinds import FACT_KINDS, KINDS
from generator.load import MAX_BYTES, parse_yaml, split_front_matter

TIMEOUT = 60  # seconds for one git command; a repository that slow is reported, not waited for
_KIND_OF = {(k.folder, suffix): k.name for k in FACT_KINDS for suffix in (".yaml", ".yml")}
_KIND_OF[(KINDS["article"].folder, ".md")] = "article"
_EMPTY = "0" * 40


@dataclass(frozen=True)
class Change:
    """One commit's change to one entity's file."""

    when: int
    """Committer time, seconds since 1970 (UTC)."""
    commit: str
    kind: str
    id: str
    action: str
    """``added``, ``changed`` or ``removed``."""
    title: str | None
    """The entity's ``title`` or ``name`` in the file (after the change, or before it when removed)."""
    fields: tuple[tuple[str, str], ...] = ()
    """(top-level key, what happened to it): ``recorded``, ``removed``, ``changed``, ``N added``,
    ``N removed``, ``N added, M removed``; ``("*", "edited")`` when a version could not be read."""


@dataclass(frozen=True)
class History:
    """What the commits say: changes newest first, and the last change to each entity."""

    changes: tuple[Change, ...] = ()
    updated: dict[tuple[str, str], int] = field(default_factory=dict)
    """(kind, id) -> committer time of the latest change to its data."""
    note: str | None = None
    """Why the history is missing or cut (no git, not a repository, a shallow clone), else None."""
    origin: str | None = None
    """The oldest commit seen: a stable name for this briefing's feed."""

    @classmethod
    def unavailable(cls, why: str) -> "History":
        return cls(note=why)

    def latest(self, kind: str | None = None) -> int | None:
        """The time of the latest change (to an entity of ``kind``, or to anything)."""
        times = [t for (k, _), t in self.updated.items() if kind is None or k == kind]
        return max(times, default=None)


def _git_env() -> dict[str, str]:
    """The environment for git: no repository or index named from outside, no prompts, no optional locks."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", GIT_PAGER="cat")
    return env


class _GitFailed(Exception):
    pass


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    cmd = ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", "-c", "core.fsmonitor=false", *args]
    try:
        proc = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, timeout=TIMEOUT, env=_git_env())
    except FileNotFoundError:
        raise _GitFailed("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise _GitFailed(f"git took more than {TIMEOUT} s") from None
    except OSError as exc:
        raise _GitFailed(f"git could not run ({exc.strerror or exc})") from None
    if proc.returncode != 0:
        first = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(first[0] if first else f"git {args[0]} failed")
    return proc.stdout


def _entity(path: str) -> tuple[str, str] | None:
    """(kind, id) of a file ``<folder>/<id>.<suffix>`` under the content folder, else None."""
    folder, _, name = path.partition("/")
    stem, dot, suffix = name.rpartition(".")
    kind = _KIND_OF.get((folder, dot + suffix))
    return (kind, stem) if kind and stem and "/" not in name else None


def _read(text: bytes | None, kind: str) -> tuple[Any, bool]:
    """(data, readable): a version's top-level mapping (an article's front matter plus ``text``)."""
    if text is None:
        return None, True
    try:
        source = text.decode("utf-8")
    except UnicodeDecodeError:
        return None, False
    body = None
    if kind == "article":
        split = split_front_matter(source)
        if split is None:
            return None, False
        source, body, _ = split
    problems = Problems()
    parsed = parse_yaml(source, "history", problems)
    if parsed is None or problems.errors or not isinstance(parsed[0], dict):
        return None, False
    data = parsed[0]
    if body is not None:
        data = {**data, "text": body}
    return data, True


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _field_changes(old: dict, new: dict) -> tuple[tuple[str, str], ...]:
    """What happened to each top-level key, in the order of the new version (then keys only the old one had)."""
    out = []
    for key in [*new, *(k for k in old if k not in new)]:
        if key not in old:
            out.append((key, "recorded"))
        elif key not in new:
            out.append((key, "removed"))
        elif _canon(old[key]) != _canon(new[key]):
            a, b = old[key], new[key]
            if isinstance(a, list) and isinstance(b, list):
                before, after = [_canon(v) for v in a], [_canon(v) for v in b]
                added = sum(1 for v in after if v not in before)
                removed = sum(1 for v in before if v not in after)
                if added and not removed:
                    out.append((key, f"{added} added"))
                    continue
                if removed and not added:
                    out.append((key, f"{removed} removed"))
                    continue
            out.append((key, "changed"))
    return tuple(out)


def _title(data: Any) -> str | None:
    if isinstance(data, dict):
        for key in ("title", "name"):
            if isinstance(data.get(key), str):
                return data[key]
    return None


def _blobs(cwd: Path, shas: list[str]) -> dict[str, bytes]:
    """The blobs named (each at most MAX_BYTES; larger ones are left out), through two ``cat-file`` runs."""
    if not shas:
        return {}
    sizes = {}
    for line in _git(cwd, "cat-file", "--batch-check", stdin="\n".join(shas).encode() + b"\n").splitlines():
        parts = line.decode("ascii", "replace").split()
        if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit() and int(parts[2]) <= MAX_BYTES:
            sizes[parts[0]] = int(parts[2])
    wanted = [s for s in shas if s in sizes]
    if not wanted:
        return {}
    out, data, pos = {}, _git(cwd, "cat-file", "--batch", stdin="\n".join(wanted).encode() + b"\n"), 0
    for sha in wanted:
        end = data.index(b"\n", pos)
        size = sizes[sha]
        out[sha] = data[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return out


def _parse_log(raw: bytes, prefix: str) -> list[tuple[str, int, list[tuple[str, str, str, str]]]]:
    """Commits as (sha, time, [(path under the folder, status, old blob, new blob)]), newest first."""
    commits = []
    for chunk in raw.split(b"\x01")[1:]:
        head, _, rest = chunk.partition(b"\x00")
        sha, _, when = head.decode("ascii").partition(" ")
        fields = rest.lstrip(b"\n").split(b"\x00")
        files = []
        for meta, path in zip(fields[0::2], fields[1::2]):
            parts = meta.decode("ascii", "replace").lstrip(":").split()
            name = path.decode("utf-8", "surrogateescape")
            if len(parts) == 5 and name.startswith(prefix):
                files.append((name[len(prefix):], parts[4][:1], parts[2], parts[3]))
        commits.append((sha, int(when), files))
    return commits


_MEMO: dict[tuple[str, str, str], History] = {}


def read_history(content_dir: str | os.PathLike) -> History:
    """The history of the fact files and articles under ``content_dir``, from git; never raises."""
    cwd = Path(os.path.abspath(content_dir))
    if not cwd.is_dir():
        return History.unavailable("the content folder was not found")
    try:
        top, prefix, shallow = _git(cwd, "rev-parse", "--show-toplevel", "--show-prefix",
                                    "--is-shallow-repository").decode("utf-8", "surrogateescape").splitlines()[:3]
    except (_GitFailed, ValueError) as exc:
        why = str(exc) if isinstance(exc, _GitFailed) else "git gave an unexpected answer"
        if "not a git repository" in why:
            why = "the content folder is not in a git repository (a tarball or a copy)"
        return History.unavailable(f"No change history: {why}.")
    try:
        head = _git(cwd, "rev-parse", "--verify", "--quiet", "HEAD").decode("ascii").strip()
    except _GitFailed:
        return History.unavailable("No change history: the repository has no commit yet.")
    key = (top, prefix, head)
    if key not in _MEMO:
        _MEMO.clear()
        try:
            _MEMO[key] = _history(cwd, prefix, shallow == "true")
        except (_GitFailed, ValueError, UnicodeDecodeError) as exc:
            why = str(exc) if isinstance(exc, _GitFailed) else "git's log could not be read"
            return History.unavailable(f"No change history: {why}.")
    return _MEMO[key]


def _history(cwd: Path, prefix: str, shallow: bool) -> History:
    boundary: set[str] = set()
    if shallow:
        path = _git(cwd, "rev-parse", "--git-path", "shallow").decode("utf-8", "surrogateescape").strip()
        try:
            boundary = set((cwd / path).read_text(encoding="ascii").split())
        except OSError:
            pass
    raw = _git(cwd, "log", "-z", "--raw", "--no-renames", "--no-abbrev", "--no-merges", "--no-color",
               "--format=%x01%H %ct", "--", ".")
    commits = _parse_log(raw, prefix)
    origin = commits[-1][0] if commits else None
    cut = [c for c in commits if c[0] in boundary]
    commits = [c for c in commits if c[0] not in boundary]
    blobs = _blobs(cwd, sorted({b for _, _, files in commits for _, _, old, new in files
                                for b in (old, new) if b != _EMPTY}))
    changes, updated = [], {}
    read: dict[tuple[str, str], tuple[Any, bool]] = {}  # a version is parsed once, though two commits name it

    def version(blob: str, kind: str) -> tuple[Any, bool]:
        if (blob, kind) not in read:
            read[(blob, kind)] = _read(None if blob == _EMPTY else blobs.get(blob, b"\xff"), kind)
        return read[(blob, kind)]

    for sha, when, files in commits:
        for path, status, old_blob, new_blob in sorted(files):
            entity = _entity(path)
            if entity is None:
                continue
            kind, eid = entity
            old, old_ok = version(old_blob, kind)
            new, new_ok = version(new_blob, kind)
            if status == "A":
                action, fields = "added", ()
            elif status == "D":
                action, fields = "removed", ()
            elif old_ok and new_ok and old is not None and new is not None:
                action, fields = "changed", _field_changes(old, new)
                if not fields:
                    continue  # a comment or layout edit: the facts are the same
            else:
                action, fields = "changed", (("*", "edited"),)
            changes.append(Change(when, sha, kind, eid, action, _title(new) or _title(old), fields))
            updated[entity] = max(when, updated.get(entity, when))
    note = None
    if cut:
        oldest = min(when for _, when, _ in cut)
        note = ("The history is shallow (a clone of the latest commits only): changes made before "
                f"{_day(oldest)} are not shown, and pages changed only before then show no date.")
    elif not commits:
        note = "No change history: no commit touches the content folder yet."
    # Newest first; git's order (stable for the same commits) among changes made at the same second.
    order = sorted(range(len(changes)), key=lambda i: (-changes[i].when, i))
    return History(tuple(changes[i] for i in order), updated, note, origin)


def _day(when: int) -> str:
    return dt.datetime.fromtimestamp(when, dt.timezone.utc).date().isoformat()


__all__ = ["read_history", "History", "Change"]
