"""The benchmark behind ``make bench``: generator and MkDocs costs at growing N.

For each N (number of synthetic articles; facts scale with it, see
:mod:`bench.corpus`):

1. write the synthetic ``content/`` folder (not timed);
2. time the generator stage in-process: load -> validate -> link -> render;
3. ``mkdocs build`` with the briefing plugin, in a subprocess: wall time and
   peak RSS (``os.wait4`` rusage of that child), site size, search index size;
4. write the same Markdown beforehand (``python -m generator generate``) and
   time a plain ``mkdocs build`` of it with the same theme and plugins but
   without the briefing plugin, so the generator's overhead is a ratio taken
   in one run on one machine;
5. measure how lean the search index is against the visible text of the
   pages it covers, and (optionally) the time to the first search result
   from ``file://`` in headless Chromium (:mod:`bench.search_latency`).

Prints a Markdown table and writes it to ``bench/out/results.md``.

Usage::

    python -m bench.run                 # N = 500, 2000, 10000
    python -m bench.run --sizes 200 --no-browser
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from generator.cli import engine_command  # noqa: E402


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def generator_stage(content: Path) -> dict[str, float]:
    """Seconds spent in each core stage, run in this process."""
    from generator.errors import Problems
    from generator.link import link
    from generator.pipeline import paused_gc
    from generator.load import load
    from generator.render import render
    from generator.validate import validate

    t = {}
    # As generator.pipeline.generate runs them (the collector paused throughout).
    with paused_gc():
        t0 = time.perf_counter()
        problems = Problems()
        raw = load(content, problems)
        t["load"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        checked = validate(raw, problems)
        t["validate"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        site = link(checked)
        t["link"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        pages = render(site)
        t["render"] = time.perf_counter() - t0
    t["total"] = sum(t.values())
    t["pages"] = len(pages)
    return t


def _config(work: Path, docs: Path, content: Path | None) -> Path:
    """A mkdocs.yml for ``work``: the project's own config, with paths made absolute.

    With ``content`` None the briefing plugin is dropped (the plain build of
    pre-generated Markdown).
    """
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["docs_dir"] = str(docs)
    cfg["site_dir"] = str(work / "site")
    cfg["theme"]["custom_dir"] = str(ROOT / "theme")
    plugins = []
    for p in cfg.get("plugins", []):
        name = p if isinstance(p, str) else next(iter(p))
        if name == "briefing-search" and content is None:
            continue  # the plain build makes no prebuilt index
        if name == "briefing":
            if content is None:
                continue
            p = {"briefing": {**(p["briefing"] or {}), "content_dir": str(content)}}
        plugins.append(p)
    cfg["plugins"] = plugins
    path = work / ("mkdocs.yml" if content is not None else "mkdocs-plain.yml")
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """(wall seconds, peak RSS in bytes) of a child process; raises if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # wait4 gives this child's own rusage, so earlier children do not inflate the peak.
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.decode(errors='replace')[-3000:]}")
    return wall, usage.ru_maxrss * 1024


_ARTICLE_RX = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_DROP_RX = re.compile(r"<(script|style)\b.*?</\1>|<a [^>]*class=\"(?:headerlink|md-content__button[^\"]*)\"[^>]*>.*?</a>", re.S)
_TAG_RX = re.compile(r"<[^>]+>")


def visible_text(page_html: str) -> str:
    """The text a reader sees in a page's content area (not header, nav or footer)."""
    m = _ARTICLE_RX.search(page_html)
    if not m:
        return ""
    text = html.unescape(_TAG_RX.sub(" ", _DROP_RX.sub(" ", m.group(1))))
    return " ".join(text.split())


def search_leanness(site: Path) -> dict[str, float]:
    """Search index size against the visible text of the pages it covers."""
    index_path = site / "search" / "search_index.json"
    data = json.loads(index_path.read_text(encoding="utf-8"))
    covered = sorted({d["location"].split("#")[0] for d in data["docs"]})
    visible = 0
    for loc in covered:
        page = site / (loc or "index.html")
        if page.is_file():
            visible += len(visible_text(page.read_text(encoding="utf-8")).encode("utf-8"))
    indexed_text = sum(len((d.get("title", "") + " " + d.get("text", "")).encode("utf-8")) for d in data["docs"])
    return {"index_bytes": index_path.stat().st_size, "indexed_text_bytes": indexed_text,
            "visible_bytes": visible, "covered_pages": len(covered), "docs": len(data["docs"])}


def run_size(n: int, browser: bool, keep: bool) -> dict:
    """Every measurement for one corpus size."""
    work = OUT / f"n{n}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    content = work / "content"
    counts = corpus.generate(content, n)
    row: dict = {"n": n, "counts": counts}

    row["gen"] = generator_stage(content)
    pages = int(row["gen"]["pages"]) + len(list((ROOT / "pages").rglob("*.md")))
    row["pages"] = pages

    cfg = _config(work, ROOT / "pages", content)
    row["build_s"], row["build_rss"] = timed(engine_command("build", "--strict", "--quiet", "-f", str(cfg)), work)
    site = work / "site"
    row["site_bytes"] = _dir_size(site)
    row["search"] = search_leanness(site)
    row["search_js_bytes"] = (site / "search" / "search_index.js").stat().st_size
    if (site / "search" / "prebuilt_index.js").is_file():
        # The briefing plugin's prebuilt search index (on_post_build), timed again on its own: it runs
        # inside build_s but not in the plain build, so it is the part of the gap that is not the generator.
        from briefing_search.index import SearchIndex
        t0 = time.perf_counter()
        data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        SearchIndex.from_search_index(data).write(site / "search" / "prebuilt_index.js")
        row["prebuilt_s"] = time.perf_counter() - t0

    plain_docs = work / "plain-docs"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "generate", "--content", str(content), "--out",
                    str(plain_docs)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    row["generate_cli_s"] = time.perf_counter() - t0
    for f in (ROOT / "pages").rglob("*"):
        if f.is_file():
            dest = plain_docs / f.relative_to(ROOT / "pages")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)
    plain_cfg = _config(work, plain_docs, None)
    plain_site = work / "site-plain"
    row["plain_s"], row["plain_rss"] = timed(engine_command("build", "--strict", "--quiet", "-f", str(plain_cfg),
                                                             "--site-dir", str(plain_site)), work)
    shutil.rmtree(plain_site, ignore_errors=True)
    shutil.rmtree(plain_docs, ignore_errors=True)

    if browser:
        from bench import search_latency
        row["latency"] = search_latency.measure(site)
    if not keep:
        shutil.rmtree(content, ignore_errors=True)
    return row


def _mb(b: float) -> str:
    return f"{b / 1e6:,.1f} MB"


def table(rows: list[dict]) -> str:
    """The results as a Markdown table (one row per N) plus the target checks."""
    head = ("| N articles | pages | generator s (load/validate/link/render) | `mkdocs build` s | "
            "of which search prebuild s | plain build s | build ÷ plain | without prebuild ÷ plain | "
            "generator share | peak RSS | site | KB/page | search index | index ÷ visible text | "
            "ms/page | first result (file://) |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        g = r["gen"]
        s = r["search"]
        lat = r.get("latency")
        lat_s = "—" if not lat else f"{lat['first_result_s']:.2f} s" + (f" ({lat['mode']})" if lat.get("mode") else "")
        pre = r.get("prebuilt_s")
        pre_s = "—" if pre is None else f"{pre:.1f}"
        without = "—" if pre is None else f"{(r['build_s'] - pre) / r['plain_s']:.2f}×"
        lines.append(
            f"| {r['n']:,} | {r['pages']:,} | {g['total']:.1f} ({g['load']:.1f}/{g['validate']:.1f}/{g['link']:.1f}/"
            f"{g['render']:.1f}) | {r['build_s']:.1f} | {pre_s} | {r['plain_s']:.1f} | "
            f"{r['build_s'] / r['plain_s']:.2f}× | "
            f"{without} | "
            f"{100 * g['total'] / r['build_s']:.1f}% | {r['build_rss'] / 2**20:,.0f} MiB | {_mb(r['site_bytes'])} | "
            f"{r['site_bytes'] / r['pages'] / 1024:.1f} | {_mb(s['index_bytes'])} | "
            f"{s['index_bytes'] / max(1, s['visible_bytes']):.2f}× | {1000 * r['build_s'] / r['pages']:.1f} | {lat_s} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Benchmark the briefing generator and MkDocs build.")
    parser.add_argument("--sizes", default="500,2000,10000", help="comma-separated article counts")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless-Chromium search timing")
    parser.add_argument("--browser-min", type=int, default=2000, help="time search only from this N up")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic content and sites in bench/out")
    args = parser.parse_args()
    browser = not args.no_browser and Path("/usr/bin/chromium").exists()
    rows = []
    started = time.perf_counter()
    for n in (int(x) for x in args.sizes.split(",")):
        t0 = time.perf_counter()
        rows.append(run_size(n, browser and n >= args.browser_min, args.keep))
        print(f"N={n}: done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        (OUT / "results.json").write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    text = table(rows) + f"\nTotal benchmark time: {time.perf_counter() - started:.0f} s.\n"
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
