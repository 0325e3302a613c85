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
   from ``file://`` in headless Chromium (:mod:`bench.search_latency`);
6. incremental builds: ``python -m generator build`` once to fill
   ``.cache/briefing/``, then again with no change (the no-change rebuild);
   then ``mkdocs serve --dirty`` on 127.0.0.1 (stopped by its own PID): edit
   one actor's summary and time from the save until the served page shows the
   new text, three times (the edit-to-reload time), and the server's peak RSS.

The targets of issue #15 are printed after the table, each met or not met.

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
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from generator.cli import engine_command  # noqa: E402


_LOG: list = []  # open log files that progress lines also go to (--log)
_STARTED = time.perf_counter()


def progress(message: str) -> None:
    """One line of progress on stderr (and in the --log file), flushed at once, with the time since the start."""
    line = f"[bench {time.perf_counter() - _STARTED:7.1f} s] {message}"
    print(line, file=sys.stderr, flush=True)
    for fh in _LOG:
        fh.write(line + "\n")
        fh.flush()


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def generator_stage(content: Path) -> dict[str, float]:
    """Seconds spent in each core stage, run in this process."""
    from generator.errors import Problems
    from generator.export import export
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
        pages = render(site) + export(site)  # "render" includes the data downloads (generator/export.py)
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


def _env() -> dict[str, str]:
    """The environment of the processes the bench starts: this checkout's code first on the path (a worktree
    measures its own code, not the editable install's), and no MkDocs 2.0 notice."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}


#: CPU seconds (user + system) of the last child :func:`timed` ran, its own children included.
LAST_CPU = [0.0]


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """(wall seconds, peak RSS in bytes) of a child process; raises if it fails. Its CPU time (user + system,
    with the processes it waited for) goes to ``LAST_CPU[0]``."""
    env = _env()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # wait4 gives this child's own rusage, so earlier children do not inflate the peak.
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def _peak_rss(pid: int) -> int:
    """VmHWM (peak resident set) of a running process, in bytes; 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def reload_times(work: Path, cfg: Path, content: Path, runs: int = 3, timeout: float = 1800) -> dict:
    """Edit-to-reload during ``mkdocs serve --dirty``: seconds from saving one actor's summary to the new page served.

    The server runs on 127.0.0.1 on a free port, and is stopped by its own PID.
    """
    actor = sorted((content / "actors").glob("*.yaml"))[0]
    addr = f"127.0.0.1:{_free_port()}"
    page = f"http://{addr}/actors/{actor.stem}.html"
    log = (work / "serve.log").open("wb")
    env = _env()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(cfg), "-a", addr],
                            cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    out: dict = {"runs": []}
    try:
        t0 = time.perf_counter()
        while _get(page) is None:
            if proc.poll() is not None or time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"mkdocs serve did not start; see {work / 'serve.log'}")
            time.sleep(0.2)
        out["first_build_s"] = time.perf_counter() - t0
        progress(f"  serve: first build {out['first_build_s']:.1f} s")
        original = actor.read_text(encoding="utf-8")
        for i in range(runs):
            time.sleep(2)  # let the watcher settle after the last build
            marker = f"Benchedit{i}x{time.time_ns()}"
            actor.write_text(original.replace("summary: ", f"summary: {marker} ", 1), encoding="utf-8")
            t0 = time.perf_counter()
            while True:
                body = _get(page)
                if body is not None and marker in body:
                    break
                if proc.poll() is not None or time.perf_counter() - t0 > timeout:
                    raise RuntimeError(f"the edit never showed; see {work / 'serve.log'}")
                time.sleep(0.05)
            out["runs"].append(time.perf_counter() - t0)
            progress(f"  serve: reload {i + 1} of {runs}: {out['runs'][-1]:.2f} s")
        actor.write_text(original, encoding="utf-8")
        out["peak_rss"] = _peak_rss(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    out["median_s"] = statistics.median(out["runs"])
    return out


def run_size(n: int, browser: bool, keep: bool, serve: bool = True) -> dict:
    """Every measurement for one corpus size."""
    work = OUT / f"n{n}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    content = work / "content"
    progress(f"N={n:,}: writing the synthetic corpus")
    counts = corpus.generate(content, n)
    row: dict = {"n": n, "counts": counts}

    progress(f"N={n:,}: generator stages in-process")
    row["gen"] = generator_stage(content)
    pages = int(row["gen"]["pages"]) + len(list((ROOT / "pages").rglob("*.md")))
    row["pages"] = pages

    cfg = _config(work, ROOT / "pages", content)
    progress(f"N={n:,}: generator {row['gen']['total']:.1f} s; full build with the plugins")
    row["build_s"], row["build_rss"] = timed(engine_command("build", "--strict", "--quiet", "-f", str(cfg)), work)
    row["build_cpu"] = LAST_CPU[0]
    site = work / "site"
    row["site_bytes"] = _dir_size(site)
    row["search"] = search_leanness(site)
    row["search_js_bytes"] = (site / "search" / "search_index.js").stat().st_size
    if (site / "search" / "prebuilt_index.js").is_file():
        # The briefing plugin's prebuilt search index, timed again on its own, in one process: work the
        # plain build does not do. In a clean build it is made in a forked child while the pages are built
        # (briefing_search/background.py), so it adds to the build's CPU time, and to its wall time only
        # where no core is free.
        from briefing_search.index import SearchIndex
        t0 = time.perf_counter()
        data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        SearchIndex.from_search_index(data).write(site / "search" / "prebuilt_index.js")
        row["prebuilt_s"] = time.perf_counter() - t0

    progress(f"N={n:,}: full build {row['build_s']:.1f} s ({row['build_cpu']:.1f} CPU s); plain build of the "
             "same Markdown")
    plain_docs = work / "plain-docs"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "generate", "--content", str(content), "--out",
                    str(plain_docs)], cwd=ROOT, env=_env(), check=True, stdout=subprocess.DEVNULL)
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
    row["plain_cpu"] = LAST_CPU[0]
    shutil.rmtree(plain_site, ignore_errors=True)
    shutil.rmtree(plain_docs, ignore_errors=True)

    # Incremental builds: the first fills .cache/briefing/ (pages unchanged since the build above, so the
    # generator reuses them), the second changes nothing.
    progress(f"N={n:,}: plain build {row['plain_s']:.1f} s ({row['plain_cpu']:.1f} CPU s; "
             f"{row['build_s'] / row['plain_s']:.2f}× wall, {row['build_cpu'] / row['plain_cpu']:.2f}× CPU); "
             "incremental builds")
    inc_site = work / "site-incremental"
    build_cli = [sys.executable, "-m", "generator", "build", "-f", str(cfg), "--site-dir", str(inc_site)]
    row["cache_fill_s"], row["cache_fill_rss"] = timed(build_cli, ROOT)
    row["nochange_s"], row["nochange_rss"] = timed(build_cli, ROOT)
    progress(f"N={n:,}: cache fill {row['cache_fill_s']:.1f} s, no-change rebuild {row['nochange_s']:.1f} s")
    shutil.rmtree(inc_site, ignore_errors=True)
    if serve:
        progress(f"N={n:,}: edit-to-reload with mkdocs serve --dirty")
        row["reload"] = reload_times(work, cfg, content)

    if browser:
        from bench import search_latency
        progress(f"N={n:,}: first search result from file:// in Chromium")
        row["latency"] = search_latency.measure(site)
        progress(f"N={n:,}: first result {row['latency']['first_result_s']:.2f} s")
    if not keep:
        shutil.rmtree(content, ignore_errors=True)
    return row


def _mb(b: float) -> str:
    return f"{b / 1e6:,.1f} MB"


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}"


def _serve_rss(r: dict) -> str:
    rl = r.get("reload")
    return "—" if not rl else f"{rl['peak_rss'] / 2**20:,.0f} MiB"


def _reload(r: dict) -> str:
    rl = r.get("reload")
    if not rl:
        return "—"
    return f"{rl['median_s']:.2f} ({', '.join(f'{x:.2f}' for x in rl['runs'])})"


#: Issue #15's targets: (label, size it is measured at, limit, unit, how to read the row).
TARGETS = [
    ("reload after one fact edit", 10000, 5.0, "s", lambda r: r.get("reload", {}).get("median_s")),
    ("reload after one fact edit", 2000, 1.0, "s", lambda r: r.get("reload", {}).get("median_s")),
    ("rebuild with no change", 10000, 10.0, "s", lambda r: r.get("nochange_s")),
    ("full clean build ÷ plain build", 10000, 1.10, "×", lambda r: r["build_s"] / r["plain_s"]),
    # The same in CPU time (user + system, the build's second process included): steadier on a loaded machine,
    # but it counts the work moved to the second core, which the wall-clock target does not.
    ("full clean build ÷ plain build, CPU time", 10000, 1.10, "×",
     lambda r: r["build_cpu"] / r["plain_cpu"] if r.get("build_cpu") and r.get("plain_cpu") else None),
    ("peak RSS (build, rebuilds, serve)", 10000, 1024.0, "MiB",
     lambda r: max([r["build_rss"], r.get("nochange_rss", 0), r.get("cache_fill_rss", 0),
                    r.get("reload", {}).get("peak_rss", 0)]) / 2**20),
    ("first search result from file://", 10000, 1.0, "s", lambda r: (r.get("latency") or {}).get("first_result_s")),
]


def targets(rows: list[dict]) -> str:
    """The targets of issue #15, each met or not met (or not measured, when that size was not run)."""
    by_n = {r["n"]: r for r in rows}
    lines = ["| target | at N | limit | measured | |", "|---|---|---|---|---|"]
    for label, n, limit, unit, read in TARGETS:
        row = by_n.get(n)
        value = read(row) if row is not None else None
        if value is None:
            lines.append(f"| {label} | {n:,} | ≤ {limit:g} {unit} | — | not measured |")
            continue
        shown = f"{value:,.0f}" if unit == "MiB" else f"{value:.2f}"
        lines.append(f"| {label} | {n:,} | ≤ {limit:g} {unit} | {shown} {unit} | {'met' if value <= limit else 'not met'} |")
    return "\n".join(lines) + "\n"


def table(rows: list[dict]) -> str:
    """The results as a Markdown table (one row per N) plus the target checks."""
    head = ("| N articles | pages | generator s (load/validate/link/render) | `mkdocs build` s | "
            "search index work s (in a second process) | plain build s | build ÷ plain | CPU s build / plain | CPU ÷ | "
            "generator share | peak RSS | site | KB/page | search index | index ÷ visible text | "
            "ms/page | first result (file://) | no-change rebuild s | reload after one edit s (median of 3) | "
            "serve peak RSS |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        g = r["gen"]
        s = r["search"]
        lat = r.get("latency")
        lat_s = "—" if not lat else f"{lat['first_result_s']:.2f} s" + (f" ({lat['mode']})" if lat.get("mode") else "")
        pre = r.get("prebuilt_s")
        pre_s = "—" if pre is None else f"{pre:.1f}"
        cpu = (f"{r['build_cpu']:.1f} / {r['plain_cpu']:.1f}", f"{r['build_cpu'] / r['plain_cpu']:.2f}×") \
            if r.get("build_cpu") and r.get("plain_cpu") else ("—", "—")
        lines.append(
            f"| {r['n']:,} | {r['pages']:,} | {g['total']:.1f} ({g['load']:.1f}/{g['validate']:.1f}/{g['link']:.1f}/"
            f"{g['render']:.1f}) | {r['build_s']:.1f} | {pre_s} | {r['plain_s']:.1f} | "
            f"{r['build_s'] / r['plain_s']:.2f}× | "
            f"{cpu[0]} | {cpu[1]} | "
            f"{100 * g['total'] / r['build_s']:.1f}% | {r['build_rss'] / 2**20:,.0f} MiB | {_mb(r['site_bytes'])} | "
            f"{r['site_bytes'] / r['pages'] / 1024:.1f} | {_mb(s['index_bytes'])} | "
            f"{s['index_bytes'] / max(1, s['visible_bytes']):.2f}× | {1000 * r['build_s'] / r['pages']:.1f} | {lat_s} | "
            f"{_num(r.get('nochange_s'))} | {_reload(r)} | "
            f"{_serve_rss(r)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Benchmark the briefing generator and MkDocs build.")
    parser.add_argument("--sizes", default="500,2000,10000", help="comma-separated article counts")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless-Chromium search timing")
    parser.add_argument("--browser-min", type=int, default=2000, help="time search only from this N up")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic content and sites in bench/out")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit-to-reload timing with mkdocs serve")
    parser.add_argument("--log", type=Path, help="also append progress and the results to this file")
    args = parser.parse_args()
    if args.log:
        args.log.parent.mkdir(parents=True, exist_ok=True)
        _LOG.append(args.log.open("a", encoding="utf-8"))
    progress(f"sizes {args.sizes}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    browser = not args.no_browser and Path("/usr/bin/chromium").exists()
    rows = []
    started = time.perf_counter()
    for n in (int(x) for x in args.sizes.split(",")):
        t0 = time.perf_counter()
        rows.append(run_size(n, browser and n >= args.browser_min, args.keep, not args.no_serve))
        progress(f"N={n:,}: done in {time.perf_counter() - t0:.0f} s")
        (OUT / "results.json").write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
        progress("targets so far:\n" + targets(rows))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    text = (table(rows) + "\n" + targets(rows) + f"\nTotal benchmark time: {time.perf_counter() - started:.0f} s; "
            f"load average at the end {load}.\n")
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print(text, flush=True)
    for fh in _LOG:
        fh.write(text)
        fh.close()


if __name__ == "__main__":
    main()
