"""CPU seconds of each generator stage, in-process: a full run, a first run with an empty cache, and serve-like re-runs.

``make bench`` times the stages in wall-clock time (:func:`bench.run.generator_stage`); on a shared machine
that moves with the load. This counts CPU time instead (``time.process_time``, this process only), for
each stage as :func:`generator.pipeline.generate` runs it:

* ``full``: no cache, as ``python -m generator generate`` runs (best of ``--runs``);
* ``cold``: an empty cache, as a clean ``mkdocs build`` with the plugin runs (fingerprints taken, the
  cache saved in this process: a one-shot build saves it from a forked child);
* ``actor edit`` / ``article edit``: after that first run, the cache kept in memory as ``mkdocs serve``
  keeps it, one actor's summary edited (or one line added to one article), then the run again.

Each run's pages are hashed, so two checkouts can be compared for byte-identical output: the same corpus,
the same ``digest`` column. The edits are undone at the end.

Usage::

    python -m bench.stages --articles 2000            # writes the corpus to bench/out/stages-2000/
    python -m bench.stages --content DIR --runs 3
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402


def _pages_digest(pages) -> str:
    h = hashlib.sha256()
    for p in pages:
        h.update(p.path.encode() + b"\0" + p.text.encode() + b"\0")
    return h.hexdigest()[:16]


def _run(content: Path, cache) -> tuple[dict[str, float], str]:
    import generator.pipeline as pipeline
    from generator.history import History

    clock = pipeline.time
    pipeline.time = type("CpuClock", (), {"perf_counter": staticmethod(time.process_time)})  # stage times in CPU s
    try:
        times: dict[str, float] = {}
        t0 = time.process_time()
        result = pipeline.generate(content, cache, times, history=History.unavailable("bench"))
        times["total"] = time.process_time() - t0
    finally:
        pipeline.time = clock
    return times, _pages_digest(result.pages)


def _line(label: str, times: dict[str, float], digest: str) -> str:
    stages = " ".join(f"{k} {times[k]:.2f}" for k in ("load", "validate", "link", "render", "export", "cache")
                      if k in times)
    return f"{label:13} total {times['total']:6.2f}  ({stages})  digest {digest}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--content", help="an existing content folder (default: a corpus written by bench/corpus.py)")
    parser.add_argument("--runs", type=int, default=2, help="full runs; the best is kept")
    args = parser.parse_args()
    from generator import incremental

    work = ROOT / "bench" / "out" / f"stages-{args.articles}"
    if args.content:
        content = Path(args.content)
    else:
        content = work / "content"
        if not content.is_dir():
            corpus.generate(content, args.articles)
    print(f"{content} (load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})", flush=True)
    best = None
    for _ in range(args.runs):
        times, digest = _run(content, None)
        best = (times, digest) if best is None or times["total"] < best[0]["total"] else best
    print(_line("full", *best), flush=True)
    scratch = tempfile.TemporaryDirectory(prefix="bench-stages-")
    folder = Path(scratch.name) / "cache"
    cache = incremental.Cache.open(folder, "bench")
    print(_line("cold", *_run(content, cache)), flush=True)
    actor = sorted((content / "actors").glob("*.yaml"))[0]
    articles = sorted((content / "articles").glob("*.md"))
    article = articles[len(articles) // 2]
    before = {actor: actor.read_text(encoding="utf-8"), article: article.read_text(encoding="utf-8")}
    try:
        actor.write_text(before[actor].replace("summary: ", "summary: Edited ", 1), encoding="utf-8")
        cache = incremental.Cache.open(folder, "bench")
        cache.persist = False  # as a serve rebuild: the results stay in memory
        print(_line("actor edit", *_run(content, cache)), flush=True)
        article.write_text(before[article] + "\nOne more line.\n", encoding="utf-8")
        cache = incremental.Cache.open(folder, "bench")
        cache.persist = False
        print(_line("article edit", *_run(content, cache)), flush=True)
    finally:
        for path, text in before.items():
            path.write_text(text, encoding="utf-8")
        scratch.cleanup()
    print(f"load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
