"""CPU time of MkDocs' two page loops in a build's main process: reading (``_populate_page``: the Markdown
conversion and its plugin events) and building (``_build_page``: templating and writing).

The build runs in this process, so the figures are the main process's own (``os.times``), without the
children it forks (the page converter, the search index, the cache writer), which are given apart, as
the CPU time of this process's children. It shows how much of a stage the main process still does
itself when a child takes part of it (``generator/mkdocs_parallel.py``)::

    PYTHONPATH=. .venv/bin/python -m bench.page_stages build --strict -f bench/out/n2000/mkdocs.yml

The arguments are ProperDocs' (``properdocs build ...``); ``-v`` adds the page converter's own line.
"""

from __future__ import annotations

import os
import sys
import time

import properdocs.commands.build as build


def _timed(func, acc: dict):
    def wrapper(*args, **kwargs):
        t = os.times()
        if acc.get("first") is None:
            acc["first"] = (t.user + t.system, time.perf_counter())
        try:
            return func(*args, **kwargs)
        finally:
            t = os.times()
            acc["last"] = (t.user + t.system, time.perf_counter())
    return wrapper


def main(argv: list[str]) -> None:
    reading, building = {}, {}
    build._populate_page = _timed(build._populate_page, reading)
    build._build_page = _timed(build._build_page, building)
    from properdocs.__main__ import cli
    try:
        cli(argv)
    except SystemExit as exc:
        if exc.code:
            raise
    t = os.times()
    parts = []
    for name, acc in (("reading pages", reading), ("building pages", building)):
        if acc.get("first") and acc.get("last"):
            parts.append(f"{name}: {acc['last'][0] - acc['first'][0]:.2f} CPU s, "
                         f"{acc['last'][1] - acc['first'][1]:.2f} s wall")
    parts.append(f"main process {t.user + t.system:.2f} CPU s, its children {t.children_user + t.children_system:.2f}")
    print("page stages: " + "; ".join(parts), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
