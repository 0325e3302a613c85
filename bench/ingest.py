"""Benchmark ingest on a folder of real pages: ``make bench-ingest CORPUS=DIR``.

The folder holds, for each page NAME, ``NAME.txt`` (the text a browser shows),
``NAME.html`` (the saved page) and ``NAME.json`` (the annotation: ``body``, ``title``,
``title_alternatives``, ``date``, ``date_ok``, ``outlet``). Each page is ingested like an
editor would: with ``--outlet``, and when ingest asks for ``--date`` or ``--title``, again
with them. It prints, for the text path, the HTML path and trafilatura alone on the same
HTML: mean word-level body F1 against the annotated body, titles right, dates right /
asked / wrong, tracebacks and milliseconds per page after start-up (wall clock, and CPU
time, which a busy machine does not inflate).

Word-level F1: both texts NFKC-normalised, quotes straightened, case-folded, split into
``\\w+`` tokens; precision and recall over the multisets of tokens. A title is right when
it equals the annotated title or an alternative, or is at least 90 % similar to one.

    python -m bench.ingest DIR [--site-split] [--worst N]

``--site-split`` also scores each half of the sites separately (pages grouped by host),
to show how far the figures hold on sites the rules were not looked at for.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
import traceback
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(
        str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "\u200b": ""}))
    return " ".join(text.casefold().split())


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", norm(text))


def f1(predicted: str, truth: str) -> float:
    p, g = Counter(tokens(predicted)), Counter(tokens(truth))
    both = sum((p & g).values())
    precision, recall = both / max(1, sum(p.values())), both / max(1, sum(g.values()))
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def title_right(title: str | None, page: dict) -> bool:
    if not title:
        return False
    wanted = [page["title"], *page.get("title_alternatives", [])]
    return any(c and (norm(title) == norm(c) or difflib.SequenceMatcher(None, norm(title), norm(c)).ratio() >= 0.9)
               for c in wanted)


def body_text(markdown_body: str) -> str:
    """The body's paragraphs as plain text (heading marks and escapes off)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", markdown_body) if p.strip()]
    return "\n".join(re.sub(r"^\\([#>])", r"\1", re.sub(r"^#{1,6}\s+", "", p)) for p in paragraphs)


def run_ingest(path: Path, page: dict) -> dict:
    """Ingest one page as an editor would; the outcome for scoring."""
    from generator.ingest import IngestError, ingest_file

    flags = {"outlet": page["outlet"]}
    out = {"asked": False, "tb": False, "date": None, "title": None, "body": "", "error": ""}
    start, cpu = time.perf_counter(), time.process_time()
    for _attempt in range(2):
        try:
            result = ingest_file(path, **flags)
        except IngestError as exc:
            message = str(exc)
            if "--date" not in message and "--title" not in message:
                out["error"] = message
                break
            if "--date" in message:
                out["asked"] = True
                flags["date"] = page["date"] or "2000-01-01"
            if "--title" in message:
                flags["title"] = page["title"] or "Untitled"
            continue
        except Exception:  # noqa: BLE001 - a traceback is what this counts
            out["tb"], out["error"] = True, traceback.format_exc(limit=3)
            break
        out["date"] = None if out["asked"] else result.meta["date"]
        out["title"] = result.meta["title"]
        out["body"] = body_text(result.body)
        break
    out["ms"] = (time.perf_counter() - start) * 1000
    out["cpu"] = (time.process_time() - cpu) * 1000
    return out


def run_trafilatura(path: Path, page: dict) -> dict:
    """trafilatura 2.3.1 alone, default settings: its text, title and date."""
    import trafilatura

    html = path.read_bytes()
    start, cpu = time.perf_counter(), time.process_time()
    doc = trafilatura.bare_extraction(html, with_metadata=True)
    ms, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    return {"asked": False, "tb": False, "date": doc.date if doc else None, "title": doc.title if doc else None,
            "body": doc.text if doc and doc.text else "", "error": "", "ms": ms, "cpu": cpu}


def score(rows: list[tuple[dict, dict]]) -> dict:
    n = len(rows)
    right = sum(1 for page, r in rows if not r["asked"] and r["date"] and r["date"] in page["date_ok"])
    wrong = sum(1 for page, r in rows if not r["asked"] and r["date"] and r["date"] not in page["date_ok"])
    return {
        "pages": n,
        "f1": sum(f1(r["body"], page["body"]) for page, r in rows) / n,
        "titles": sum(title_right(r["title"], page) for page, r in rows) / n,
        "right": right / n, "asked": sum(r["asked"] for _p, r in rows) / n, "wrong": wrong / n,
        "tracebacks": sum(r["tb"] for _p, r in rows),
        "ms": sorted(r["ms"] for _p, r in rows)[n // 2],
        "ms_mean": sum(r["ms"] for _p, r in rows) / n,
        "cpu": sum(r["cpu"] for _p, r in rows) / n,
    }


def table(results: dict[str, dict]) -> str:
    lines = ["| input | body F1 | titles right | dates right | asked | wrong | tracebacks | ms/page (median, mean) "
             "| CPU ms/page |", "|---|---|---|---|---|---|---|---|---|"]
    for name, s in results.items():
        lines.append(f"| {name} | {s['f1']:.3f} | {100 * s['titles']:.0f}% | {100 * s['right']:.0f}% | "
                     f"{100 * s['asked']:.0f}% | {100 * s['wrong']:.1f}% | {s['tracebacks']} | "
                     f"{s['ms']:.0f}, {s['ms_mean']:.0f} | {s['cpu']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of NAME.txt, NAME.html, NAME.json")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of each input")
    parser.add_argument("--site-split", action="store_true", help="also score two halves of the sites apart")
    parser.add_argument("--only", choices=["text", "html", "trafilatura"], action="append")
    args = parser.parse_args(argv)
    names = sorted(p.stem for p in args.corpus.glob("*.json"))
    if not names:
        print(f"{args.corpus}: no NAME.json annotations here", file=sys.stderr)
        return 2
    pages = {n: json.loads((args.corpus / f"{n}.json").read_text(encoding="utf-8")) for n in names}
    # Start-up (imports, models) is not counted in ms per page.
    import generator.ingest  # noqa: F401
    import trafilatura  # noqa: F401
    from generator.ingest.metadata import detect_language
    detect_language("warm up the language model once before timing pages")
    runs = {"text": (".txt", run_ingest), "html": (".html", run_ingest), "trafilatura alone (HTML)": (".html", run_trafilatura)}
    wanted = args.only or ["text", "html", "trafilatura"]
    results, worst = {}, {}
    for label, (ext, fn) in runs.items():
        if label.split()[0] not in wanted:
            continue
        rows = [(pages[n], fn(args.corpus / f"{n}{ext}", pages[n])) for n in names]
        results[label] = score(rows)
        worst[label] = sorted(((f1(r["body"], p["body"]), n, r) for n, (p, r) in zip(names, rows)),
                              key=lambda t: t[0])
        if args.site_split:
            hosts = sorted({urlsplit(pages[n]["url"]).hostname or "" for n in names})
            for half, chosen in (("A", set(hosts[0::2])), ("B", set(hosts[1::2]))):
                part = [row for n, row in zip(names, rows) if (urlsplit(pages[n]["url"]).hostname or "") in chosen]
                results[f"{label}, sites {half}"] = score(part)
    print(f"{len(names)} pages, {len({urlsplit(p['url']).hostname for p in pages.values()})} sites in {args.corpus}")
    print(table(results))
    for label, items in worst.items():
        for value, name, r in items[:args.worst]:
            page = pages[name]
            date = "asked" if r["asked"] else r["date"]
            print(f"{label}: {name} F1 {value:.3f} title {'ok' if title_right(r['title'], page) else repr(r['title'])}"
                  f" date {date} (ok {page['date_ok']}) {r['error'][:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
