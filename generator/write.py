"""Stage 5: write. Put rendered pages on disk, safely and all at once.

Public entry point: :func:`write`. Pages are written to a temporary folder
next to the target, which replaces the target only when every page was
written; a failure leaves the previous output as it was. Like pelican's
Writer, it refuses to write one path twice, and it refuses any path that
would land outside the output folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from generator.errors import ContentError, Problem
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


def swap_in(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``staging`` (a sibling folder) with two renames."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
        os.rmdir(old)
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write(pages: list[Page], out_dir: str | os.PathLike) -> list[Path]:
    """Write ``pages`` under ``out_dir``, replacing its previous contents atomically.

    Returns:
        The written file paths, sorted.
    """
    check_paths(pages)
    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        written = []
        for page in pages:
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.text, encoding="utf-8", newline="\n")
            written.append(out / page.path)
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(written)
