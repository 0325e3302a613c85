"""Derived views computed from the facts, never hand-written.

* :func:`matrix`: measure × resolution, each cell what changed (with carry-forward,
  so a column reads as "what was in force after this resolution").
* :func:`in_force`: the measures in force on a date.
* :func:`measure_history`: one measure's changes in order.
* :func:`timeline_svg`: an SVG picture (no JavaScript) of events and resolutions.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from markupsafe import Markup

from generator.link import LinkedSite, Ref
from generator.schema import MeasureChange
from generator.text import long_date, rel


@dataclass(frozen=True)
class Cell:
    resolution: str
    change: MeasureChange | None  # what this resolution did, if anything
    in_force: bool  # whether the measure is in force on this resolution's date, after it


@dataclass(frozen=True)
class Span:
    """When one change applies: from ``start`` (inclusive) to ``end`` (inclusive; None = until changed again)."""

    start: dt.date
    end: dt.date | None


def when(site: LinkedSite, value: dt.date | str | None) -> dt.date | None:
    """A date, or the date of the event it names (``effective`` and ``until`` take either)."""
    if value is None or isinstance(value, dt.date):
        return value
    event = site.content.events.get(value)
    return event.date if event is not None else None


def span(site: LinkedSite, rid: str, change: MeasureChange) -> Span:
    """From when to when ``change`` (made by resolution ``rid``) applies.

    It starts on its ``effective`` date, else on the resolution's date; for ``ended``
    that is the first day the measure is no longer in force. It ends on its ``until``
    date (the last day in force), else when a later change replaces it.
    """
    start = when(site, change.effective) or site.content.resolutions[rid].date
    return Span(start, when(site, change.until))


def measure_history(site: LinkedSite, measure: str) -> list[tuple[str, MeasureChange]]:
    """(resolution id, change) for every change to ``measure``, oldest first (by resolution date)."""
    out = []
    for rid in site.chronology():
        for change in site.content.resolutions[rid].measures:
            if change.measure == measure:
                out.append((rid, change))
    return out


def _state(site: LinkedSite, history: list[tuple[str, MeasureChange]], on: dt.date
           ) -> tuple[str, MeasureChange] | None:
    """The change in force on ``on`` among ``history``, or None when the measure is not in force."""
    started = [(span(site, rid, ch), i, rid, ch) for i, (rid, ch) in enumerate(history)]
    started = [item for item in started if item[0].start <= on]
    if not started:
        return None
    when_, _i, rid, ch = max(started, key=lambda item: (item[0].start, item[1]))
    if ch.change == "ended" or (when_.end is not None and on > when_.end):
        return None
    return rid, ch


def matrix(site: LinkedSite) -> list[tuple[str, list[Cell]]]:
    """Rows of (measure id, cells per resolution in chronological order).

    A cell is in force when the measure is in force on its resolution's date, so a
    column reads as "what was in force once this resolution was adopted", and a change
    that takes effect later or lapses by itself shows where it does.
    """
    c = site.content
    order = site.chronology()
    rows = []
    for mid in sorted(c.measures, key=lambda m: (c.measures[m].order, m)):
        history = measure_history(site, mid)
        cells = []
        for rid in order:
            change = next((ch for ch in c.resolutions[rid].measures if ch.measure == mid), None)
            cells.append(Cell(rid, change, _state(site, history, c.resolutions[rid].date) is not None))
        rows.append((mid, cells))
    return rows


def in_force(site: LinkedSite, on: dt.date) -> list[tuple[str, str, MeasureChange]]:
    """Measures in force on ``on``: (measure id, resolution id of the change in force, that change)."""
    out = []
    for mid in sorted(site.content.measures):
        state = _state(site, measure_history(site, mid), on)
        if state is not None:
            out.append((mid, *state))
    return out


def in_force_data(site: LinkedSite, page: str) -> dict:
    """What the browser needs to answer "in force on date D" as :func:`in_force` does, as JSON-ready data.

    One entry per measure (sorted by name, as the ``in-force`` command lists them), each change with
    its span (ISO dates), its order in the measure's history and links relative to ``page``. The
    rule the browser applies: among the changes started on D, the latest (by start, then order)
    decides; the measure is in force unless that change ended it or its span ended before D.
    """
    c = site.content
    out = []
    for mid in sorted(c.measures, key=lambda m: (c.measures[m].name.lower(), m)):
        changes = []
        for i, (rid, ch) in enumerate(measure_history(site, mid)):
            when_ = span(site, rid, ch)
            res = c.resolutions[rid]
            changes.append({"order": i, "start": when_.start.isoformat(),
                            "end": when_.end.isoformat() if when_.end else None, "change": ch.change,
                            "resolution": rid, "title": res.title, "date": long_date(res.date),
                            "href": rel(page, Ref("resolution", rid).path, "m-" + mid).replace(".md#", ".html#")})
        out.append({"id": mid, "name": c.measures[mid].name,
                    "href": rel(page, Ref("measure", mid).path).removesuffix(".md") + ".html", "changes": changes})
    return {"measures": out}


def short_label(site: LinkedSite, rid: str) -> str:
    """A resolution's label in the matrix and on the timeline: its id if it passed, else e.g. "veto 2022"."""
    res = site.content.resolutions[rid]
    outcome = site.content.config.vocabularies.outcomes[res.outcome]
    return rid if outcome.passed else f"{outcome.short or res.outcome} {res.date.year}"


def _colour(site: LinkedSite, kind: str) -> str:
    event_kind = site.content.config.vocabularies.event_kinds.get(kind)
    return event_kind.colour if event_kind else "#546e7a"


def _svg(tag: str, parent: ET.Element | None = None, text: object = None, **attrs: object) -> ET.Element:
    """One SVG element; ElementTree escapes its text and each attribute value when it is serialised."""
    attrib = {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()}
    el = ET.Element(tag, attrib) if parent is None else ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = str(text)
    return el


def timeline_svg(site: LinkedSite, page: str, width: int = 1000) -> Markup:
    """An inline SVG timeline: events above the axis, resolutions below, triggers joined.

    Built with ElementTree, so every text and attribute value from content is escaped by the
    XML writer, once. The result is one line of markup meant for a raw HTML block (a ``<div>``
    without the ``markdown`` attribute): Markdown never parses inside it, so a title such as
    ``![x](x){: onerror=... }`` stays text. Links are relative, so it works from ``file://``.
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

    def href(ref: Ref) -> str:
        # Raw HTML is not rewritten by MkDocs, so link straight to the built page
        # (the site uses use_directory_urls: false, which the offline plugin requires anyway).
        return rel(page, ref.path).removesuffix(".md") + ".html"

    svg = _svg("svg", class_="briefing-timeline", role="group", viewBox=f"0 0 {width} 250", width="100%",
               xmlns="http://www.w3.org/2000/svg", aria_labelledby="tl-title")
    _svg("title", svg, site.content.config.texts.timeline_title, id="tl-title")
    _svg("line", svg, x1=left, y1=axis, x2=right, y2=axis, stroke="#888")
    for year in range(first, last + 1):
        xx = x(dt.date(year, 1, 1))
        _svg("line", svg, x1=xx, y1=axis - 4, x2=xx, y2=axis + 4, stroke="#888")
        if year < last:
            _svg("text", svg, year, x=xx + 2, y=axis + 16, font_size=10, fill="#666")
    positions = {}
    events = sorted(c.events.items(), key=lambda kv: (kv[1].date, kv[0]))
    for i, (eid, ev) in enumerate(events):
        xx, yy = x(ev.date), axis - 22 - 14 * (i % 5)
        positions[eid] = (xx, yy)
        a = _svg("a", svg, href=href(Ref("event", eid)))
        _svg("title", a, f"{long_date(ev.date)}: {ev.title}")
        _svg("line", a, x1=xx, y1=yy, x2=xx, y2=axis, stroke="#ccc")
        _svg("circle", a, cx=xx, cy=yy, r=5, fill=_colour(site, ev.kind))
    for i, rid in enumerate(site.chronology()):
        res = c.resolutions[rid]
        xx, yy = x(res.date), axis + 40 + 22 * (i % 4)
        for t in res.triggers:
            if t in positions:
                ex, ey = positions[t]
                _svg("line", svg, x1=ex, y1=ey, x2=xx, y2=yy, stroke="#90a4ae", stroke_dasharray="3 2")
        shape = "#1a237e" if c.config.vocabularies.outcomes[res.outcome].passed else "#000"
        label = short_label(site, rid)
        a = _svg("a", svg, href=href(Ref("resolution", rid)))
        _svg("title", a, f"{res.title}, {long_date(res.date)} ({res.outcome})")
        _svg("rect", a, x=xx - 5, y=yy - 5, width=10, height=10, fill=shape, transform=f"rotate(45 {xx} {yy})")
        _svg("text", a, label, x=xx + 8, y=yy + 4, font_size=11, fill="#1a237e")
    legend_x = left
    for kind in sorted({e.kind for e in c.events.values()}):
        _svg("circle", svg, cx=legend_x + 5, cy=12, r=5, fill=_colour(site, kind))
        _svg("text", svg, kind.replace("-", " "), x=legend_x + 14, y=16, font_size=11, fill="#333")
        legend_x += 30 + 7 * len(kind)
    return Markup(ET.tostring(svg, encoding="unicode"))


def _figure(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def cap_chart(site: LinkedSite, measure: str, width: int = 400, height: int = 270) -> Markup:
    """A step chart of a measure's numeric cap over time, each change marked with its instrument.

    Empty when no change to the measure gives a figure. A change without one (a ban, a limit
    whose figure no cited source gives) is marked on the time axis and breaks the line: the
    chart never draws a level the facts do not give. Built with ElementTree, like
    :func:`timeline_svg`, for a raw HTML block; not interactive (the table above it holds the links).
    """
    c = site.content
    history = [(rid, ch, span(site, rid, ch)) for rid, ch in measure_history(site, measure)]
    caps = [ch.cap.value for _, ch, _ in history if ch.cap is not None]
    if not caps:
        return Markup("")
    bare = sum(1 for _, ch, _ in history if ch.cap is None)  # marks with no figure: one label line each
    height += 18 * max(0, bare - 1)
    left, right, top, bottom, size = 74, width - 12, 56, height - 44 - 18 * max(0, bare - 1), 14
    first = min(s.start for _, _, s in history)
    last = max([s.start for _, _, s in history] + [s.end for _, _, s in history if s.end])
    t0, t1 = dt.date(first.year, 1, 1), dt.date(last.year + 2, 1, 1)
    top_value = max(caps) * 1.15

    def x(d: dt.date) -> float:
        return round(left + (right - left) * (d - t0).days / (t1 - t0).days, 1)

    def y(v: float) -> float:
        return round(bottom - (bottom - top) * v / top_value, 1)

    name = c.measures[measure].name
    unit = next(ch.cap.unit for _, ch, _ in reversed(history) if ch.cap is not None)
    label = f"{name}: the cap over time, by instrument"
    svg = _svg("svg", class_="briefing-chart", role="img", viewBox=f"0 0 {width} {height}", width="100%",
               xmlns="http://www.w3.org/2000/svg", aria_label=label)
    _svg("title", svg, label)
    head, _, rest = unit.partition(" (")
    _svg("text", svg, f"Cap: {head}", x=4, y=16, font_size=size, fill="currentColor")
    if rest:
        _svg("text", svg, f"({rest}", x=4, y=34, font_size=size, fill="currentColor")
    _svg("line", svg, x1=left, y1=bottom, x2=right, y2=bottom, stroke="#888")
    _svg("line", svg, x1=left, y1=top, x2=left, y2=bottom, stroke="#888")
    for v in (0, max(caps) / 2, max(caps)):
        _svg("line", svg, x1=left - 4, y1=y(v), x2=right, y2=y(v), stroke="#ddd" if v else "#888")
        _svg("text", svg, _figure(v), x=left - 6, y=y(v) + 4, font_size=size, fill="currentColor", text_anchor="end")
    for year in range(t0.year, t1.year + 1):
        _svg("text", svg, year, x=x(dt.date(year, 1, 1)), y=bottom + 16, font_size=size, fill="currentColor",
             text_anchor="end" if year == t1.year else "middle")
    row = 0
    for i, (rid, ch, when_) in enumerate(history):
        xx = x(when_.start)
        nxt = history[i + 1][2].start if i + 1 < len(history) else None
        stop = min([d for d in (nxt, when_.end) if d] or [t1])
        tag = f"{short_label(site, rid)}: {ch.change}"
        if ch.cap is not None:
            yy = y(ch.cap.value)
            _svg("polyline", svg, points=f"{xx},{yy} {x(stop)},{yy}", fill="none", stroke="#1a237e", stroke_width=3)
            if i + 1 < len(history) and nxt == stop:
                following = history[i + 1][1]
                if following.cap is not None:
                    _svg("line", svg, x1=x(stop), y1=yy, x2=x(stop), y2=y(following.cap.value),
                         stroke="#1a237e", stroke_width=3)
            _svg("circle", svg, cx=xx, cy=yy, r=4, fill="#1a237e")
            # Labels of marks in the right half end at the mark, so none runs off the chart.
            east = xx > (left + right) / 2
            _svg("text", svg, f"{tag}, {_figure(ch.cap.value)}", x=xx - 6 if east else xx + 6, y=yy - 8,
                 font_size=size, fill="currentColor", text_anchor="end" if east else "start")
        else:
            _svg("circle", svg, cx=xx, cy=bottom, r=4, fill="#fff", stroke="#1a237e", stroke_width=2)
            _svg("text", svg, f"{tag} (no figure)" if ch.change != "ended" else tag, x=xx, y=bottom + 34 + 18 * row,
                 font_size=size, fill="currentColor",
                 text_anchor="start" if xx < left + 60 else "end" if xx > right - 60 else "middle")
            row += 1
    return Markup(ET.tostring(svg, encoding="unicode"))


def _fit(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def timeline_svg_vertical(site: LinkedSite, page: str, width: int = 360) -> Markup:
    """The timeline for a phone: one row per event or vote, oldest first, down the screen.

    Drawn at a phone's width, so its 13-unit labels show at about 13 px; each row links to its
    page (keyboard-reachable; the full title is the link's tooltip). Same escaping as :func:`timeline_svg`.
    """
    c = site.content
    items = [(ev.date, 0, "event", eid) for eid, ev in c.events.items()]
    items += [(r.date, 1, "resolution", rid) for rid, r in c.resolutions.items()]
    if not items:
        return Markup("")
    items.sort()
    row, axis, size = 24, 16, 13
    rows = []
    year = None
    for d, _, kind, eid in items:
        if d.year != year:
            year = d.year
            rows.append(("year", year))
        rows.append((kind, eid))
    height = row * len(rows) + 8
    svg = _svg("svg", class_="briefing-timeline briefing-timeline--vertical", role="group",
               viewBox=f"0 0 {width} {height}", width="100%", xmlns="http://www.w3.org/2000/svg",
               aria_labelledby="tlv-title")
    _svg("title", svg, f"Timeline, oldest first: events (circles) and {site.content.config.texts.instrument}s (diamonds)",
         id="tlv-title")
    _svg("line", svg, x1=axis, y1=4, x2=axis, y2=height - 4, stroke="#888")
    chars = (width - axis - 16) // 7
    for i, (kind, value) in enumerate(rows):
        yy = row * i + row // 2 + 4
        if kind == "year":
            _svg("rect", svg, x=axis + 10, y=yy - 10, width=44, height=20, rx=3, fill="#e8eaf6")
            _svg("text", svg, value, x=axis + 14, y=yy + 5, font_size=size, font_weight="bold", fill="#1a237e")
            continue
        a = _svg("a", svg, href=rel(page, Ref(kind, value).path).removesuffix(".md") + ".html")
        if kind == "event":
            ev = c.events[value]
            _svg("title", a, f"{long_date(ev.date)}: {ev.title}")
            _svg("circle", a, cx=axis, cy=yy, r=5, fill=_colour(site, ev.kind))
            text = f"{ev.date.day} {long_date(ev.date).split()[1][:3]}: {ev.title}"
        else:
            res = c.resolutions[value]
            _svg("title", a, f"{res.title}, {long_date(res.date)} ({res.outcome})")
            _svg("rect", a, x=axis - 5, y=yy - 5, width=10, height=10, fill="#1a237e" if c.config.vocabularies.outcomes[res.outcome].passed else "#000",
                 transform=f"rotate(45 {axis} {yy})")
            text = f"{res.date.day} {long_date(res.date).split()[1][:3]}: {res.title}"
        _svg("text", a, _fit(text, chars), x=axis + 12, y=yy + 5, font_size=size,
             fill="#1a237e" if kind == "resolution" else "#333")
    return Markup(ET.tostring(svg, encoding="unicode"))
