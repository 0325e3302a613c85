"""Time to the first search result, from ``file://``, in headless Chromium.

Opens a page of a built site straight from disk (as a reader who unzipped the
site would), types a query into Material's search box as soon as it exists,
(all but its last key in one input event, then that key) and waits for the first
``.md-search-result__item``. The clock starts when
navigation starts, so the figure includes loading the search index and
whatever the search worker does before it can answer. Each run has a fresh
browser context (nothing cached, no ``localStorage``), which first shows
``about:blank`` for ``settle`` seconds (1 by default): a new context starts its
storage and profile services on Chromium's thread pool for about a second,
and a page opened at once waits behind them (its style sheets arrived about
0.1 s late and Material's first ``localStorage`` read blocked 35 to 80 ms,
0.4 s in all at 10,000 articles), which a reader's running browser does not
do. ``--settle 0`` measures it that way all the same. ``in_page_s`` is the
same span read in the page (from its navigation start to the moment the first
result element is attached, seen by a MutationObserver), without the time
Playwright's polling takes to notice it. ``mode`` says whether
the worker loaded the prebuilt index (``search/prebuilt_index.js``, see
``briefing_search/index.py``) or built its own in the browser.

Usage::

    python -m bench.search_latency bench/out/n2000/site [--query WORD] [--runs 3] [--page about.html]
    python -m bench.search_latency bench/out/n2000/site --cpu   # CPU time, from a Chromium trace
    python -m bench.search_latency bench/out/n2000/site --settle 0   # the context's own start-up counted too

``--cpu`` traces the same steps and reports the CPU (thread) time Chromium spent, in all its
threads and in the page's main thread (until DOMContentLoaded, until the query's last key, and
from there to the result): on a loaded machine the wall clock mostly measures the wait for a
core, and thread times compare a change better.

Needs the Debian ``chromium`` package (``apt-get install -y chromium``); it
never downloads a browser.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


# When the first result element is attached, in the page's own clock (ms since its navigation started).
_FIRST_RESULT = """new MutationObserver(function (changes, observer) {
  if (document.querySelector(".md-search-result__item")) { window.__firstResultAt = performance.now(); observer.disconnect() }
}).observe(document, { childList: true, subtree: true })"""


def pick_query(site: Path) -> str:
    """A word that occurs in many indexed documents but is not a stop word: results are guaranteed."""
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    words: Counter[str] = Counter()
    for doc in data["docs"][:400]:
        words.update(set(re.findall(r"[a-z]{6,}", doc.get("text", "").lower())))
    return words.most_common(1)[0][0]


def enter_query(tab, query: str, timeout_s: float = 120.0) -> int:
    """Enter ``query`` into Material's search box and wait for the first result; how many times it had to be
    entered again because the worker was not ready. Every result shown is then the whole query's."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    start = time.perf_counter()
    box = tab.locator("input.md-search__input")
    box.wait_for(state="visible", timeout=timeout_s * 1000)
    box.click()
    result = tab.locator(".md-search-result__item").first
    meta = tab.locator(".md-search-result__meta")
    # Material drops a query typed before its worker is ready: the box then says "Type to start
    # searching" (or still "Initializing search"). Like a reader, retype when it says so, and otherwise wait: retyping while a
    # search is running only queues more searches behind it (a common word at 10,000 pages
    # takes most of a second per search in the browser).
    # The query goes in whole, then its last key is pressed (Material searches on key events): typed
    # key by key, Material searches for every prefix once its worker is ready, and the keystrokes then
    # wait behind those searches on the page's thread, so the figure would time the typing too (and a
    # prefix's results could be read for the query's).
    box.fill(query[:-1])
    box.type(query[-1])
    retyped, again = time.perf_counter(), 0
    while True:
        try:
            result.wait_for(state="attached", timeout=250)
            return again
        except PlaywrightTimeout:
            now = time.perf_counter()
            if now - start > timeout_s:
                raise
            said = meta.text_content() or ""
            if now - retyped > 0.5 and ("Type to start" in said or "Initializing" in said):
                box.fill(query[:-1])
                box.type(query[-1])
                retyped, again = time.perf_counter(), again + 1


#: Seconds a new browser context shows about:blank before the timed navigation (see the module's docstring).
SETTLE_S = 1.0


def settle(tab, seconds: float) -> None:
    """Let a fresh context's own start-up finish before the timed navigation: ``about:blank``, then wait."""
    if seconds > 0:
        tab.goto("about:blank")
        tab.wait_for_timeout(seconds * 1000)


def _search(tab, url: str, query: str, timeout_s: float) -> tuple[float, int]:
    """Open ``url`` in ``tab``, enter ``query`` and wait for the first result: (seconds from the start of
    navigation, how many times the query had to be entered again because the worker was not ready)."""
    t0 = time.perf_counter()
    tab.goto(url, wait_until="commit")
    again = enter_query(tab, query, timeout_s)
    return time.perf_counter() - t0, again


def measure(site: str | Path, query: str | None = None, runs: int = 3, page: str = "index.html",
            timeout_s: float = 120.0, settle_s: float = SETTLE_S) -> dict:
    """Median seconds from opening ``page`` to the first search result, over ``runs`` fresh browser contexts."""
    from playwright.sync_api import sync_playwright

    site = Path(site).resolve()
    query = query or pick_query(site)
    url = (site / page).as_uri()
    times, in_page, outside, prebuilt, fallback, again = [], [], set(), [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_init_script(_FIRST_RESULT)
                tab = context.new_page()
                tab.on("request", lambda r: outside.add(r.url) if not r.url.startswith(("file:", "data:", "blob:",
                                                                                           "about:")) else None)
                # The theme's worker loads search/prebuilt_index.js, and warns when it falls back to building.
                tab.on("request", lambda r: prebuilt.append(r.url) if r.url.endswith("/search/prebuilt_index.js")
                       else None)
                tab.on("console", lambda m: fallback.append(m.text) if "Prebuilt search index" in m.text else None)
                settle(tab, settle_s)
                took, retyped = _search(tab, url, query, timeout_s)
                times.append(took)
                again.append(retyped)
                in_page.append(tab.evaluate("window.__firstResultAt") / 1000)
                context.close()
        finally:
            browser.close()
    mode = "prebuilt index" if prebuilt and not fallback else "index built in browser"
    return {"first_result_s": statistics.median(times), "runs": [round(t, 3) for t in times],
            "in_page_s": round(statistics.median(in_page), 3), "query": query, "entered_again": again,
            "mode": mode, "outside_requests": sorted(outside), "settle_s": settle_s}


#: Chromium trace categories that carry each task's thread time (``tdur``).
_TRACE = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink", "loading", "toplevel"]


def _thread_times(events: list[dict]) -> dict:
    """CPU seconds of the traced tab's threads, from a Chromium trace: all of them, and the page's main thread
    split at DOMContentLoaded and at the query's last key (keyup)."""
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    tasks = sorted((e for e in events if e.get("ph") == "X" and "tdur" in e and (e.get("pid"), e.get("tid")) in names),
                   key=lambda e: (e["ts"], -e.get("dur", 0)))
    marks: dict[str, float] = {}
    # The page's own DOMContentLoaded: the worker's iframe (the shim's stand-in for a Web Worker from file://)
    # has one too, often earlier. MarkDOMContent comes once the page's listeners have run; the task that ran
    # them started before it, so it counts before DOMContentLoaded.
    for e in events:
        data = (e.get("args") or {}).get("data") or {}
        if e.get("name") == "MarkDOMContent" and data.get("isOutermostMainFrame") and "DOMContentLoaded" not in marks:
            marks["DOMContentLoaded"] = e["ts"]
    for e in tasks:
        kind = ((e.get("args") or {}).get("data") or {}).get("type")
        if e["name"] == "EventDispatch" and kind in ("DOMContentLoaded", "keyup") and kind not in marks:
            marks[kind] = e["ts"]
    total, main, ends = 0, Counter(), {}
    for e in tasks:  # outermost tasks only: a nested one's time is in its parent's
        thread = (e["pid"], e["tid"])
        if e["ts"] < ends.get(thread, 0):
            continue
        ends[thread] = e["ts"] + e.get("dur", 0)
        total += e["tdur"]
        if names[thread] == "CrRendererMain":
            phase = ("until DOMContentLoaded" if e["ts"] <= marks.get("DOMContentLoaded", float("inf")) else
                     "until the query" if e["ts"] < marks.get("keyup", float("inf")) else "query to result")
            main[phase] += e["tdur"]
    return {"all_threads_s": round(total / 1e6, 3), "page_main_thread_s": round(sum(main.values()) / 1e6, 3),
            **{k: round(v / 1e6, 3) for k, v in main.items()}}


def measure_cpu(site: str | Path, query: str | None = None, runs: int = 3, page: str = "index.html",
                timeout_s: float = 120.0, settle_s: float = SETTLE_S) -> dict:
    """As :func:`measure`, traced: the CPU time Chromium spends from opening ``page`` to the first result (medians).

    Thread time, not wall time, so it compares a change on a loaded machine where the wall
    clock mostly measures the wait for a core. The trace itself costs some time, so these runs
    are separate from :func:`measure`'s.
    """
    import json as _json

    from playwright.sync_api import sync_playwright

    site = Path(site).resolve()
    query = query or pick_query(site)
    url = (site / page).as_uri()
    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                tab = context.new_page()
                settle(tab, settle_s)
                browser.start_tracing(page=tab, categories=_TRACE)
                wall, again = _search(tab, url, query, timeout_s)
                trace = _json.loads(browser.stop_tracing())
                found.append({"wall_s": round(wall, 3), "entered_again": again,
                              **_thread_times(trace["traceEvents"] if isinstance(trace, dict) else trace)})
                context.close()
        finally:
            browser.close()
    keys = sorted({k for f in found for k in f})
    return {"query": query, "page": page, "settle_s": settle_s, "median": {k: statistics.median(f.get(k, 0) for f in found) for k in keys},
            "runs": found}


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Time to the first search result from file://.")
    parser.add_argument("site")
    parser.add_argument("--query")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="index.html", help="the page to open, relative to the site")
    parser.add_argument("--cpu", action="store_true",
                        help="trace the runs and report Chromium's CPU time instead (for a loaded machine)")
    parser.add_argument("--settle", type=float, default=SETTLE_S, metavar="SECONDS",
                        help="seconds each new browser context shows about:blank before the timed navigation "
                             f"(default {SETTLE_S:g}; 0 counts the context's own start-up too)")
    args = parser.parse_args()
    run = measure_cpu if args.cpu else measure
    print(json.dumps(run(args.site, args.query, args.runs, args.page, settle_s=args.settle), indent=1))


if __name__ == "__main__":
    main()
