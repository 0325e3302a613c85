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
import tempfile
from pathlib import Path
from typing import Any, Callable

FORMAT = 1
"""Version of every cache file; a file of another version is ignored."""
CACHE_DIR = Path(".cache") / "briefing"


def cache_dir(project_root: str | os.PathLike) -> Path:
    """The cache folder of a project (the folder holding mkdocs.yml)."""
    return Path(project_root) / CACHE_DIR


def digest(*parts: str | bytes) -> str:
    """A short stable fingerprint (BLAKE2b, 16 bytes, hex) of some texts, with separators between them."""
    h = hashlib.blake2b(digest_size=16)
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
