"""Derived views computed from the facts, never hand-written.

* :func:`matrix`: measure × resolution, each cell what changed (with carry-forward,
  so a column reads as "what was in force after this resolution").
* :func:`in_force`: the measures in force on a date.
* :func:`measure_history`: one measure's changes in order.
* :func:`timeline_svg`: an SVG picture (no JavaScript) of events and resolutions.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from markupsafe import Markup

from generator.link import LinkedSite, Ref
from generator.schema import MeasureChange
from generator.text import long_date, rel


@dataclass(frozen=True)
class Cell:
    resolution: str
    change: MeasureChange | None  # what this resolution did, if anything
    in_force: bool  # whether the measure is in force after this resolution


def measure_history(site: LinkedSite, measure: str) -> list[tuple[str, MeasureChange]]:
    """(resolution id, change) for every change to ``measure``, oldest first."""
    out = []
    for rid in site.chronology():
        for change in site.content.resolutions[rid].measures:
            if change.measure == measure:
                out.append((rid, change))
    return out


def matrix(site: LinkedSite) -> list[tuple[str, list[Cell]]]:
    """Rows of (measure id, cells per resolution in chronological order)."""
    c = site.content
    rows = []
    for mid in sorted(c.measures, key=lambda m: (c.measures[m].order, m)):
        state = False
        cells = []
        for rid in site.chronology():
            change = next((ch for ch in c.resolutions[rid].measures if ch.measure == mid), None)
            if change is not None:
                state = change.change != "ended"
            cells.append(Cell(rid, change, state))
        rows.append((mid, cells))
    return rows


def in_force(site: LinkedSite, on: dt.date) -> list[tuple[str, str, MeasureChange]]:
    """Measures in force on ``on``: (measure id, resolution id of the last change, that change)."""
    out = []
    for mid, history in ((m, measure_history(site, m)) for m in sorted(site.content.measures)):
        past = [(rid, ch) for rid, ch in history if site.content.resolutions[rid].date <= on]
        if past and past[-1][1].change != "ended":
            out.append((mid, past[-1][0], past[-1][1]))
    return out


_COLOURS = {"nuclear-test": "#c62828", "missile-launch": "#ef6c00", "satellite-launch": "#f9a825",
            "meeting": "#1565c0", "statement": "#6a1b9a", "sanctions": "#2e7d32", "veto": "#000000",
            "other": "#546e7a"}


def timeline_svg(site: LinkedSite, page: str, width: int = 1000) -> Markup:
    """An inline SVG timeline: events above the axis, resolutions below, triggers joined.

    All text is XML-escaped; links are relative, so it works from ``file://``.
    """
    c = site.content
    dates = [e.date for e in c.events.values()] + [r.date for r in c.resolutions.values()]
    if not dates:
        return Markup("")
    first, last = min(dates).year, max(dates).year + 1
    left, right, axis = 40, width - 20, 120
    span = (dt.date(last, 1, 1) - dt.date(first, 1, 1)).days

    def x(d: dt.date) -> float:
        return round(left + (right - left) * (d - dt.date(first, 1, 1)).days / span, 1)

    esc = lambda s: html.escape(str(s), quote=True)  # noqa: E731

    def href(ref: Ref) -> str:
        # Raw HTML is not rewritten by MkDocs, so link straight to the built page
        # (the site uses use_directory_urls: false, which the offline plugin requires anyway).
        return esc(rel(page, ref.path).removesuffix(".md") + ".html")
    parts = [f'<svg class="briefing-timeline" role="img" viewBox="0 0 {width} 250" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="tl-title">',
             '<title id="tl-title">Timeline of trigger events (above the line) and Security Council votes (below)</title>',
             f'<line x1="{left}" y1="{axis}" x2="{right}" y2="{axis}" stroke="#888"/>']
    for year in range(first, last + 1):
        xx = x(dt.date(year, 1, 1))
        parts.append(f'<line x1="{xx}" y1="{axis - 4}" x2="{xx}" y2="{axis + 4}" stroke="#888"/>')
        if year < last:
            parts.append(f'<text x="{xx + 2}" y="{axis + 16}" font-size="10" fill="#666">{year}</text>')
    positions = {}
    events = sorted(c.events.items(), key=lambda kv: (kv[1].date, kv[0]))
    for i, (eid, ev) in enumerate(events):
        xx, yy = x(ev.date), axis - 22 - 14 * (i % 5)
        positions[eid] = (xx, yy)
        parts.append(f'<a href="{href(Ref("event", eid))}">'
                     f'<title>{esc(long_date(ev.date))}: {esc(ev.title)}</title>'
                     f'<line x1="{xx}" y1="{yy}" x2="{xx}" y2="{axis}" stroke="#ccc"/>'
                     f'<circle cx="{xx}" cy="{yy}" r="5" fill="{_COLOURS.get(ev.kind, "#546e7a")}"/></a>')
    for i, rid in enumerate(site.chronology()):
        res = c.resolutions[rid]
        xx, yy = x(res.date), axis + 40 + 22 * (i % 4)
        for t in res.triggers:
            if t in positions:
                ex, ey = positions[t]
                parts.append(f'<line x1="{ex}" y1="{ey}" x2="{xx}" y2="{yy}" stroke="#90a4ae" stroke-dasharray="3 2"/>')
        shape = "#000" if res.outcome == "vetoed" else "#1a237e"
        label = rid if res.outcome == "adopted" else f"veto {res.date.year}"
        parts.append(f'<a href="{href(Ref("resolution", rid))}">'
                     f'<title>{esc(res.title)}, {esc(long_date(res.date))} ({esc(res.outcome)})</title>'
                     f'<rect x="{xx - 5}" y="{yy - 5}" width="10" height="10" fill="{shape}" transform="rotate(45 {xx} {yy})"/>'
                     f'<text x="{xx + 8}" y="{yy + 4}" font-size="11" fill="#1a237e">{esc(label)}</text></a>')
    legend_x = left
    for kind in sorted({e.kind for e in c.events.values()}):
        parts.append(f'<circle cx="{legend_x + 5}" cy="12" r="5" fill="{_COLOURS.get(kind, "#546e7a")}"/>'
                     f'<text x="{legend_x + 14}" y="16" font-size="11" fill="#333">{esc(kind.replace("-", " "))}</text>')
        legend_x += 30 + 7 * len(kind)
    parts.append("</svg>")
    return Markup("".join(parts))
