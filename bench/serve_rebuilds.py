"""CPU time of ``mkdocs serve --dirty`` rebuilds, in one process, as serve makes them (no server, no browser).

Usage::

    python -m bench.serve_rebuilds --size 2000               # first build, then 3 rebuilds after one actor edit
    python -m bench.serve_rebuilds --size 2000 --cli-first   # as make bench: a `briefing build` fills .cache/ first
    python -m bench.serve_rebuilds --size 2000 --profile bench/out/rebuild.prof   # cProfile the last rebuild

Each build does what ``mkdocs serve --dirty`` does for it: the config loaded again from the file (the
first one given to ``on_startup``), the site folder a temporary one, ``build(config, serve_url=...,
dirty=True)``. Each rebuild follows one edit of an actor's summary, as ``make bench`` makes it; the
served page is checked to hold the edit. It prints the CPU seconds (user + system, this process) and
the wall seconds of each build, and the load average before and after, since a shared machine
inflates the wall clock more than the CPU time. The corpus is ``bench/corpus.py``'s, written once to
``bench/out/serve-nN/``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus
from bench.run import OUT, ROOT, _config, _env


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def _memory() -> str:
    """This process's resident set now and its peak (VmRSS, VmHWM), in MiB."""
    got = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                got[key] = int(value.split()[0]) / 1024
    return f"RSS {got.get('VmRSS', 0):,.0f} MiB, peak {got.get('VmHWM', 0):,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000, help="articles in the synthetic corpus")
    parser.add_argument("--runs", type=int, default=3, help="rebuilds after one edit each")
    parser.add_argument("--cli-first", action="store_true",
                        help="run `briefing build` first, as make bench does before serve (the on-disk cache)")
    parser.add_argument("--profile", help="write a cProfile of the last rebuild to this file")
    parser.add_argument("--new-corpus", action="store_true", help="write the corpus again")
    parser.add_argument("--work", help="the folder of the corpus and its cache (default bench/out/serve-nN)")
    args = parser.parse_args(argv)

    work = Path(args.work) if args.work else OUT / f"serve-n{args.size}"
    content = work / "content"
    if args.new_corpus or not content.is_dir():
        work.mkdir(parents=True, exist_ok=True)
        corpus.generate(content, args.size)
    cfg = _config(work, ROOT / "pages", content)
    if args.cli_first:
        subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(cfg), "--site-dir",
                        str(work / "site-incremental")], cwd=ROOT, env=_env(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    serve_url = "http://127.0.0.1:8000/"

    def get_config():
        config = load_config(config_file=str(cfg), site_dir=site_dir)
        config.site_url = serve_url
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    actor = sorted((content / "actors").glob("*.yaml"))[0]
    original = actor.read_text(encoding="utf-8")
    print(f"load average {os.getloadavg()[0]:.2f} at the start", file=sys.stderr)
    try:
        for i in range(args.runs + 1):
            marker = None
            if i:
                time.sleep(2)  # as make bench waits before each edit
                marker = f"Benchedit{i}x{time.time_ns()}"
                actor.write_text(original.replace("summary: ", f"summary: {marker} ", 1), encoding="utf-8")
                config = get_config()
            profiler = cProfile.Profile() if args.profile and i == args.runs else None
            c0, w0 = _cpu(), time.perf_counter()
            if profiler:
                profiler.enable()
            build(config, serve_url=serve_url, dirty=True)
            if profiler:
                profiler.disable()
                profiler.dump_stats(args.profile)
            cpu, wall = _cpu() - c0, time.perf_counter() - w0
            label = "first build" if not i else f"rebuild {i}"
            print(f"{label}: {cpu:.2f} CPU s, {wall:.2f} s; {_memory()}", file=sys.stderr)
            if marker:
                page = Path(site_dir) / "actors" / f"{actor.stem}.html"
                assert marker in page.read_text(encoding="utf-8"), "the edit is not in the page"
    finally:
        actor.write_text(original, encoding="utf-8")
        config.plugins.on_shutdown()
    print(f"load average {os.getloadavg()[0]:.2f} at the end", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
