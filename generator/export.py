"""Data out: every fact as JSON and as CSV, written into the site under ``data/``.

Public entry point: :func:`export`, which the pipeline calls after render, on the linked site. It
returns :class:`generator.render.Page` objects that are written and served like the Markdown pages,
so the downloads are part of the site, work from ``file://`` and from the offline zip, and are the
same bytes for the same input (keys sorted, rows in a fixed order, no timestamps):

* ``data/<folder>.json`` per kind: each entity by id, with the fields its file gives (an article's
  are its front matter), and ``data/all.json``: every kind under its folder name;
* ``data/<name>.schema.json``: the JSON Schema of each of those files, from the same models that
  validate the content, with the vocabularies of the project's ``briefing.yml``;
* ``data/<table>.csv``: the tables of :data:`TABLES`, one row per fact, lists joined by ``"; "``;
* ``data/index.md``: the downloads page, listing every file with its count.

Content is untrusted, and each format has its own rule. JSON is data by construction: a string
stays a JSON string, whatever it holds, and nothing renders it. A spreadsheet, though, runs a
CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so
such a text cell gets a leading apostrophe (numbers are written as numbers).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from generator import derive
from generator.config import active
from generator.incremental import Cache, PageMemo, code_digest, digest
from generator.kinds import KINDS, Kind
from generator.link import LinkedSite
from generator.history import History
from generator.render import Page, day, latest_role, stamp_line
from generator.schema import ID_PATTERN, JSON_SCHEMA_DIALECT, ArticleSource, DocumentSource, json_schema
from generator.text import link, md

FOLDER = "data"
#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- CSV ------------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(_text(v) for v in value)
    return str(value)


def cell(value: Any) -> str | int | float:
    """One CSV cell: numbers as numbers; text on one line (lists joined), never the start of a formula."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else value
    text = " ".join(_text(value).split())
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv(columns: tuple[str, ...], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(columns)
    writer.writerows(tuple(cell(v) for v in row) for row in rows)
    return out.getvalue()


def _sources(obj: Any) -> list[str]:
    """The sources a record carries itself (not those of its nested records), one short label each."""
    out = []
    for src in obj.sources:
        if isinstance(src, ArticleSource):
            out.append(f"article:{src.article}")
        elif isinstance(src, DocumentSource):
            out.append(src.url or src.document)
        else:
            out.append(src.url)
    return list(dict.fromkeys(out))


def _instruments(site: LinkedSite) -> Iterator[tuple]:
    for rid in site.chronology():
        r = site.content.resolutions[rid]
        yield (rid, r.body, r.symbol, r.title, r.date, r.outcome, r.chapter_vii, r.legal_basis, r.vote.for_,
               r.vote.against, r.vote.abstain, r.triggers, r.summary, _sources(r))


def _measure_changes(site: LinkedSite) -> Iterator[tuple]:
    c = site.content
    for rid in site.chronology():
        for ch in c.resolutions[rid].measures:
            when = derive.span(site, rid, ch)
            yield (rid, c.resolutions[rid].date, ch.measure, c.measures[ch.measure].name, ch.change, ch.paragraph,
                   ch.cap.value if ch.cap else None, ch.cap.unit if ch.cap else None, when.start, when.end,
                   ch.detail, _sources(ch))


def _actors(site: LinkedSite) -> Iterator[tuple]:
    for aid, a in sorted(site.content.actors.items()):
        role = latest_role(a)
        yield (aid, a.name, a.kind, a.country, a.aliases, role.title if role else None, a.summary, _sources(a))


def _events(site: LinkedSite) -> Iterator[tuple]:
    for eid in site.ordered("event"):
        e = site.content.events[eid]
        yield eid, e.date, e.date_at_seat, e.kind, e.title, e.place, e.actors, e.summary, _sources(e)


def _stances(site: LinkedSite) -> Iterator[tuple]:
    for aid, a in sorted(site.content.actors.items()):
        for s in sorted(a.stances, key=lambda s: (s.date, s.resolution or "")):
            yield aid, s.date, s.position, s.resolution, s.summary, _sources(s)


def _designations(site: LinkedSite) -> Iterator[tuple]:
    for did in site.ordered("designation"):
        d = site.content.designations[did]
        yield did, d.name, d.kind, d.aliases, d.imo, d.listed_on, d.listed_by, d.actors, d.summary, _sources(d)


class Table(NamedTuple):
    """One CSV download: its file name (without ``.csv``), what a row is, its columns, its rows, and the
    kinds its rows are made from (an incremental build makes it again only when one of those changed)."""

    name: str
    row: str
    columns: tuple[str, ...]
    rows: Callable[[LinkedSite], Iterator[tuple]]
    reads: tuple[str, ...]


TABLES: tuple[Table, ...] = (
    Table("instruments", "instrument, by date",
          ("id", "body", "symbol", "title", "date", "outcome", "chapter_vii", "legal_basis", "votes_for",
           "votes_against", "votes_abstaining", "triggered_by", "summary", "sources"), _instruments, ("resolution",)),
    Table("measure-changes", "change an instrument made to a measure, by the instrument's date",
          ("instrument", "instrument_date", "measure", "measure_name", "change", "paragraph", "cap_value",
           "cap_unit", "applies_from", "applies_until", "detail", "sources"), _measure_changes,
          ("resolution", "measure", "event")),
    Table("actors", "actor, by id", ("id", "name", "kind", "country", "aliases", "latest_role", "summary", "sources"),
          _actors, ("actor",)),
    Table("events", "event, by date",
          ("id", "date", "date_at_seat", "kind", "title", "place", "actors", "summary", "sources"), _events, ("event",)),
    Table("stances", "stance an actor took, by actor and date",
          ("actor", "date", "position", "instrument", "summary", "sources"), _stances, ("actor",)),
    Table("designations", "designated individual, entity or vessel, by id",
          ("id", "name", "kind", "aliases", "imo", "listed_on", "listed_by", "actors", "summary", "sources"),
          _designations, ("designation",)),
)
"""The CSV downloads, in the order the downloads page lists them."""


# --- JSON -----------------------------------------------------------------------------------------

def _json(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _members(items: list[tuple[str, str]]) -> str:
    """A JSON object from (key, value already encoded) pairs in key order, one member a line."""
    if not items:
        return "{}"
    return "{\n" + ",\n".join(f"{_compact(key)}:{value}" for key, value in sorted(items)) + "\n}"


def _facts(site: LinkedSite, kind: Kind, made: dict | None = None) -> list[tuple[str, str]]:
    """Every entity of ``kind``: (id, its fields as JSON, keys sorted); an article's are its front matter.

    ``made``: (kind, id) -> (object, whether the standfirst was left out, its JSON) from earlier runs in
    this process; an entity that is the same object as then (validate keeps the model of an unchanged
    file) is not serialised again. Filled with this run's entities.
    """
    out = []
    # An excerpts build (publish.article_text) publishes no article text beyond the quoted paragraphs.
    leave_out = {"standfirst"} if site.content.config.publish.article_text == "excerpts" and not kind.facts else None
    for eid, obj in site.content.table(kind.name).items():
        hit = made.get((kind.name, eid)) if made is not None else None
        if hit is not None and hit[0] is obj and hit[1] == bool(leave_out):
            out.append((eid, hit[2]))
            continue
        model = obj.meta if not kind.facts else obj
        # pydantic's JSON serialiser (the JSON mode of model_dump, several times faster), then keys sorted.
        text = _compact(json.loads(model.model_dump_json(by_alias=True, exclude=leave_out)))
        if made is not None:
            made[(kind.name, eid)] = (obj, bool(leave_out), text)
        out.append((eid, text))
    return out


def _schemas(site: LinkedSite) -> dict[str, dict]:
    """The JSON Schema of each JSON download: an object of entities by id (``all``: every kind by folder)."""
    out: dict[str, dict] = {}
    with active(site.content.config):
        for kind in KINDS.values():
            schema = json_schema(kind.model, f"{kind.folder}.schema.json")
            model = schema["title"]
            defs = schema.pop("$defs", {})
            defs[model] = {k: v for k, v in schema.items() if not k.startswith("$")}
            out[kind.folder] = {"$schema": JSON_SCHEMA_DIALECT, "$id": schema["$id"], "type": "object",
                                "description": f"{kind.label.capitalize()}: each key an id, each value one {kind.name}.",
                                "propertyNames": {"pattern": ID_PATTERN},
                                "additionalProperties": {"$ref": f"#/$defs/{model}"}, "$defs": defs}
    every = {"$schema": JSON_SCHEMA_DIALECT, "$id": "all.schema.json", "type": "object",
             "description": "Every kind of fact, under its folder name.", "additionalProperties": False,
             "required": sorted(out), "properties": {}, "$defs": {}}
    for folder, schema in out.items():
        every["$defs"].update(schema["$defs"])
        every["properties"][folder] = {k: v for k, v in schema.items() if not k.startswith("$")}
    out["all"] = every
    return out


#: The schema files made in this process, for the config they were made with (nothing else shapes them).
_SCHEMA_FILES: dict[str, dict[str, str]] = {}


def _schema_files(site: LinkedSite) -> dict[str, str]:
    key = repr(site.content.config)
    files = _SCHEMA_FILES.get(key)
    if files is None:
        _SCHEMA_FILES.clear()
        files = _SCHEMA_FILES[key] = {f"{FOLDER}/{name}.schema.json": _json(schema)
                                      for name, schema in _schemas(site).items()}
    return files


# --- the downloads page -----------------------------------------------------------------------------

#: Tables that become cards on a phone (theme/assets/stylesheets/briefing.css).
CARDS = '<div class="briefing-cards" markdown>'

def _downloads_page(site: LinkedSite, counts: dict[str, int], rows: dict[str, int], updated: dt.date | None) -> str:
    total = sum(counts.values())
    lines = ["# Downloads", "",
             "Every fact of this briefing as data, written by the same build as these pages and from the same "
             "files. Each JSON file has a JSON Schema; each fact keeps its sources.", "",
             "## JSON", "", CARDS, "",
             "| File | What it holds | Entries | Schema |", "|---|---|---|---|",
             f"| {link('all.json', 'all.json')} | every kind below, under its folder name | {total:,} "
             f"| {link('all.schema.json', 'all.schema.json')} |"]
    for kind in KINDS.values():
        what = f"{kind.label.capitalize()}, by id" + (" (front matter: title, outlet, date, authors, link)"
                                             if not kind.facts else "")
        lines.append(f"| {link(kind.folder + '.json', kind.folder + '.json')} | {md(what)} | "
                     f"{counts[kind.folder]:,} | {link(kind.folder + '.schema.json', kind.folder + '.schema.json')} |")
    lines += ["", "</div>", "", "## CSV", "",
              "Lists inside a cell are separated by \"; \". A text cell that a spreadsheet would read as a "
              "formula starts with an apostrophe.", "", CARDS, "",
              "| File | One row per | Rows |", "|---|---|---|"]
    for table in TABLES:
        lines.append(f"| {link(table.name + '.csv', table.name + '.csv')} | {md(table.row)} | {rows[table.name]:,} |")
    stamp = stamp_line(updated)
    return "\n".join(lines + ["", "</div>", *(["", stamp] if stamp else [])]) + "\n"


class _Files:
    """The files of ``data/``, each made when first asked for (an incremental build asks only for those
    whose inputs changed), sharing what several of them need."""

    def __init__(self, site: LinkedSite, updated: dt.date | None, made: dict | None = None,
                 kept: dict[str, str] | None = None):
        self.site, self.updated, self.made = site, updated, made
        self.kept = kept or {}  # path -> a file's text an incremental build took from the last run
        self._kinds: dict[str, list[tuple[str, str]]] = {}
        self._members: dict[str, str] = {}
        self._tables: dict[str, tuple[str, int]] = {}

    def entities(self, kind: Kind) -> list[tuple[str, str]]:
        if kind.folder not in self._kinds:
            self._kinds[kind.folder] = _facts(self.site, kind, self.made)
        return self._kinds[kind.folder]

    def kind_json(self, kind: Kind) -> str:
        if kind.folder not in self._members:
            self._members[kind.folder] = _members(self.entities(kind))
        return self._members[kind.folder]

    def table(self, table: Table) -> tuple[str, int]:
        if table.name not in self._tables:
            body = list(table.rows(self.site))
            self._tables[table.name] = (_csv(table.columns, body), len(body))
        return self._tables[table.name]

    def rows(self, table: Table) -> int:
        """How many rows a table has: a kept file's are counted, not made again (no cell holds a line break)."""
        text = self.kept.get(f"{FOLDER}/{table.name}.csv")
        if text is not None and table.name not in self._tables:
            return text.count("\r\n") - 1
        return self.table(table)[1]

    def make(self, path: str) -> str:
        name = path[len(FOLDER) + 1:]
        for kind in KINDS.values():
            if name == f"{kind.folder}.json":
                return self.kind_json(kind) + "\n"
        if name == "all.json":
            return _members([(kind.folder, self.kind_json(kind)) for kind in KINDS.values()]) + "\n"
        for table in TABLES:
            if name == f"{table.name}.csv":
                return self.table(table)[0]
        if name == "index.md":
            counts = {kind.folder: len(self.entities(kind)) for kind in KINDS.values()}
            rows = {table.name: self.rows(table) for table in TABLES}
            return _downloads_page(self.site, counts, rows, self.updated)
        return _schema_files(self.site)[path]


def reads(path: str) -> set[tuple[str, str]]:
    """What a file of ``data/`` is made from, as page dependencies: whole kinds (``(kind, "*")``)."""
    name = path[len(FOLDER) + 1:]
    for kind in KINDS.values():
        if name == f"{kind.folder}.json":
            return {(kind.name, "*")}
    for table in TABLES:
        if name == f"{table.name}.csv":
            return {(kind, "*") for kind in table.reads}
    if name.endswith(".schema.json"):
        return set()  # the config alone, which is in every key
    return {(kind.name, "*") for kind in KINDS.values()}  # all.json, the downloads page


def _files(site: LinkedSite, updated: dt.date | None = None) -> dict[str, str]:
    """Every file of ``data/`` by path, freshly made."""
    files = _Files(site, updated)
    return {path: files.make(path) for path in paths()}


#: Per cache (memory only, gone with it): each entity's JSON as the last run made it (:func:`_facts`).
_MADE: "weakref.WeakKeyDictionary[Cache, dict]" = weakref.WeakKeyDictionary()


def paths() -> list[str]:
    """The paths :func:`export` writes, sorted (the same for every briefing)."""
    names = [f"{k.folder}.json" for k in KINDS.values()] + ["all.json", "index.md"]
    names += [f"{n}.schema.json" for n in [*(k.folder for k in KINDS.values()), "all"]]
    names += [f"{t.name}.csv" for t in TABLES]
    return sorted(f"{FOLDER}/{n}" for n in names)


def export(site: LinkedSite, cache: Cache | None = None, history: History | None = None) -> list[Page]:
    """The ``data/`` files of the site, sorted by path.

    ``history`` dates the downloads page ("Last updated", from the latest change of any kind, as it holds
    every fact). With a ``cache``, a file is made again only when an entity of a kind it reads
    (:func:`reads`), the project config, that date or the generator's code changed since the run that
    stored it; otherwise its stored text is used. An entity's JSON is kept in memory with the cache.
    """
    latest = history.latest() if history is not None else None
    updated = day(latest) if latest is not None else None
    page = f"{FOLDER}/index.md"
    if cache is None:
        return [Page(path, text, updated if path == page else None) for path, text in sorted(_files(site, updated).items())]
    memo = PageMemo(cache, code_digest(Path(__file__).parent) + digest(repr(site.content.config)), site.content)
    keys = {path: memo.key("export", path, {"updated": str(updated)} if path == page else {}) for path in paths()}
    texts = {path: memo.reuse(path, key) for path, key in keys.items()}
    missing = [path for path, text in texts.items() if text is None]
    if missing:
        made = _MADE.get(cache)
        if made is None:
            made = _MADE[cache] = {}
        files = _Files(site, updated, made, {path: text for path, text in texts.items() if text is not None})
        for path in missing:  # each file only when what it reads changed (reads())
            texts[path] = files.make(path)
            memo.store(path, keys[path], reads(path), texts[path])
        live = {(kind.name, eid) for kind in KINDS.values() for eid in site.content.table(kind.name)}
        for key in [k for k in made if k not in live]:
            del made[key]
    return [Page(path, texts[path], updated if path == page else None) for path in sorted(texts)]


__all__ = ["export", "paths", "cell", "TABLES", "FOLDER"]
