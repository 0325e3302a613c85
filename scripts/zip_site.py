"""Pack the built site into ``dist/briefing-site-<version>.zip`` for offline hand-around.

Older ``briefing-site-*.zip`` files in the output folder are removed, so it holds one bundle.

The version is the project's, from ``pyproject.toml`` (what the README promises:
``dist/briefing-site-<version>.zip``). The archive is reproducible: entries are sorted, every
entry gets the same timestamp (the newest content date) and the same permissions, so the
same site gives the same bytes. Everything sits under one top folder named like the zip, so
unzipping does not scatter files into the current folder.

Examples::

    python scripts/zip_site.py                       # site/ -> dist/briefing-site-<version>.zip
    python scripts/zip_site.py --site-dir /tmp/site --out-dir /tmp/dist
    python scripts/zip_site.py --version 2024-04-30  # another version label
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A YAML/front-matter value that is exactly an ISO date, e.g. `date: 2016-03-02`.
_DATE_VALUE = re.compile(r"""^[ \t-]*[A-Za-z_][\w-]*:[ \t]*['"]?(\d{4}-\d{2}-\d{2})['"]?[ \t]*(?:#.*)?$""", re.M)
# The zip format cannot store dates before 1980.
_ZIP_EPOCH = dt.date(1980, 1, 1)


def newest_content_date(content_dir: Path) -> dt.date | None:
    """Return the latest ISO date used as a field value in any YAML or Markdown content file."""
    best: dt.date | None = None
    for path in sorted(content_dir.rglob("*")):
        if path.suffix not in {".yaml", ".yml", ".md"} or not path.is_file():
            continue
        for match in _DATE_VALUE.finditer(path.read_text(encoding="utf-8", errors="replace")):
            try:
                day = dt.date.fromisoformat(match.group(1))
            except ValueError:  # e.g. 2016-02-30: validation reports it, the bundle ignores it
                continue
            if best is None or day > best:
                best = day
    return best


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """Return the ``[project] version`` of ``pyproject``, made file-name safe."""
    with open(pyproject, "rb") as fh:
        version = tomllib.load(fh)["project"]["version"]
    return re.sub(r"[^A-Za-z0-9._-]+", "-", version)


def write_zip(site_dir: Path, zip_path: Path, top: str, stamp: dt.date) -> int:
    """Write every file under ``site_dir`` into ``zip_path`` below folder ``top``; return the entry count.

    The file is written beside its target and renamed into place, so a reader never sees half a zip.
    """
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    if not any(p.relative_to(site_dir).as_posix() == "index.html" for p in files):
        raise FileNotFoundError(f"{site_dir}/index.html not found: build the site first")
    day = max(stamp, _ZIP_EPOCH)
    date_time = (day.year, day.month, day.day, 0, 0, 0)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{zip_path.name}-", dir=zip_path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp_name, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in files:
                info = zipfile.ZipInfo(f"{top}/{path.relative_to(site_dir).as_posix()}", date_time=date_time)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so the permissions above are honoured everywhere
                zf.writestr(info, path.read_bytes(), compresslevel=9)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, zip_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return len(files)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("Examples::")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="built site (default: site/)")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "dist", help="where the zip goes (default: dist/)")
    parser.add_argument("--content-dir", type=Path, default=ROOT / "content", help="content, for the timestamp")
    parser.add_argument("--version", help="version label (default: the version in pyproject.toml)")
    args = parser.parse_args(argv)

    version = args.version or project_version()
    version = re.sub(r"[^A-Za-z0-9._-]+", "-", version)
    stamp = newest_content_date(args.content_dir) or _ZIP_EPOCH
    name = f"briefing-site-{version}"
    zip_path = args.out_dir / f"{name}.zip"
    try:
        count = write_zip(args.site_dir, zip_path, name, stamp)
    except FileNotFoundError as exc:
        print(f"zip_site: {exc}", file=sys.stderr)
        return 1
    # Older bundles in the same folder would be mistaken for the current one: keep only this one.
    for old in sorted(args.out_dir.glob("briefing-site-*.zip")):
        if old != zip_path:
            old.unlink()
    print(f"wrote {zip_path} ({count} files, {zip_path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
