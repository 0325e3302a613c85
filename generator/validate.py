"""Stage 2: validate. Schema, references, dates and quotes.

Public entry point: :func:`validate`. Every problem in every file is collected,
then :class:`~generator.errors.ContentError` is raised once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import typing
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator import consistency
from generator.config import DEFAULT, Briefing, active
from generator.errors import Problem, Problems
from generator.incremental import Cache, digest
from generator.kinds import KINDS
from generator.load import Document, RawContent
from generator.lookalike import differing, skeleton, visible
from generator.schema import (ID_PATTERN, MAX_ID_LENGTH, MAX_YEAR, MIN_YEAR, Actor, ArticleMeta, ArticleSource, id_problem,
                              references, walk_sources)
from generator.text import normalise

_TAGS = {"article", "document", "url", "secondary"}
#: Ids whose page would land on a generated page of the same folder (``actors/index.md``).
RESERVED_IDS = frozenset({"index"})


def schema_line(kind: str) -> str:
    """The first line every fact file of ``kind`` carries, pointing editors at its JSON Schema."""
    return f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"


@dataclass(frozen=True)
class Paragraph:
    """One block of an article body, with its stable anchor ``p<n>``."""

    number: int  # 1-based among paragraphs (headings are not counted)
    text: str
    section: int  # 0 before the first heading, then 1, 2, ...
    line: int
    heading: bool = False

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


@dataclass
class Article:
    id: str
    meta: ArticleMeta
    blocks: list[Paragraph]
    doc: Document

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if not b.heading]

    @functools.cached_property
    def normalised(self) -> list[tuple[Paragraph, str]]:
        """Each paragraph with its normalised text, made once per article (an incremental build keeps the article)."""
        return [(para, normalise(para.text)) for para in self.paragraphs]

    def find(self, quote: str) -> Paragraph | None:
        """The paragraph containing ``quote`` (normalised), if any."""
        needle = normalise(quote)
        for para, text in self.normalised:
            if needle in text:
                return para
        return None


@dataclass
class Content:
    """Validated content: one table of models by id per kind, plus the documents they came from.

    Each table is also an attribute named after the kind's folder
    (``content.resolutions``, ``content.actors``...), which is how templates read them.
    """

    tables: dict[str, dict[str, Any]] = field(default_factory=lambda: {kind: {} for kind in KINDS})
    config: Briefing = DEFAULT
    """The briefing's settings (briefing.yml, or the defaults)."""
    project: Path | None = None
    """The project folder, whose templates/ override the package's."""
    docs: dict[tuple[str, str], Document] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    walks: dict[int, tuple] = field(default_factory=dict, repr=False)
    """id -> (record, its sources, its references): each record walked once (:meth:`sources_of`)."""
    walked: dict[int, tuple] = field(default_factory=dict, repr=False)
    """The walks of an earlier run with the same cache (validate keeps the model of an unchanged file)."""

    def table(self, kind: str) -> dict[str, Any]:
        """The entities of ``kind`` (e.g. "resolution") by id."""
        return self.tables[kind]

    def _walk(self, obj: Any) -> tuple:
        hit = self.walks.get(id(obj))
        if hit is None or hit[0] is not obj:
            hit = self.walked.get(id(obj))
            if hit is None or hit[0] is not obj:  # the object is held with its walk, so its id is not reused
                hit = (obj, tuple(walk_sources(obj)), tuple(references(obj)))
            self.walks[id(obj)] = hit
        return hit

    def sources_of(self, obj: Any) -> tuple[tuple[tuple, Any], ...]:
        """:func:`generator.schema.walk_sources` of a record, walked once per record (and per cache)."""
        return self._walk(obj)[1]

    def references_of(self, obj: Any) -> tuple[tuple[tuple, Any, str, str | None], ...]:
        """:func:`generator.schema.references` of a record, walked once per record (and per cache)."""
        return self._walk(obj)[2]

    def __getattr__(self, name: str) -> dict[str, Any]:
        kind = _KIND_OF_FOLDER.get(name)
        if kind is None:
            raise AttributeError(name)
        return self.tables[kind]


_KIND_OF_FOLDER = {k.folder: k.name for k in KINDS.values()}


def split_blocks(body: str, first_line: int) -> list[Paragraph]:
    """Split an article body into headings and paragraphs (blank-line separated)."""
    blocks: list[Paragraph] = []
    number = section = 0
    block: list[str] = []  # the stripped lines of the block being read
    start = 0
    # One pass, each line stripped once; a line of only whitespace ends a block. A sentinel blank line ends the last.
    for i, line in enumerate([*body.split("\n"), ""]):
        stripped = line.strip()
        if stripped:
            if not block:
                start = i
            block.append(stripped)
            continue
        if not block:
            continue
        text = block[0] if len(block) == 1 else " ".join(block)
        block = []
        if text.startswith("#"):
            section += 1
            blocks.append(Paragraph(0, text.lstrip("#").strip(), section, first_line + start, heading=True))
        else:
            number += 1
            blocks.append(Paragraph(number, text, section, first_line + start))
    return blocks


def _model_at(model: type[BaseModel], loc: tuple) -> list[type[BaseModel]]:
    """The model class(es) that own the last key of ``loc`` (for did-you-mean)."""
    current: list[type[BaseModel]] = [model]
    for part in loc[:-1]:
        if isinstance(part, int) or part in _TAGS:
            continue
        nxt: list[type[BaseModel]] = []
        for m in current:
            info = m.model_fields.get(part) or next((f for f in m.model_fields.values() if f.alias == part), None)
            if info is None:
                continue
            stack = [info.annotation]
            while stack:
                tp = stack.pop()
                if isinstance(tp, type) and issubclass(tp, BaseModel):
                    nxt.append(tp)
                else:
                    stack.extend(typing.get_args(tp))
        current = nxt or current
    return current


def _field_names(models: list[type[BaseModel]]) -> list[str]:
    return sorted({f.alias or name for m in models for name, f in m.model_fields.items()})


def _schema_problems(doc: Document, model: type[BaseModel], exc: ValidationError, problems: Problems) -> None:
    for err in exc.errors():
        loc = tuple(err["loc"])
        # Drop discriminator tags pydantic inserts ('sources', 0, 'url', 'url').
        clean = tuple(p for i, p in enumerate(loc) if not (p in _TAGS and i > 0 and isinstance(loc[i - 1], int)))
        line, col = doc.where(clean)
        dotted = ".".join(str(p) for p in clean) or "(file)"
        kind = err["type"]
        renamed = next((getattr(m, "renamed", {})[str(clean[-1])] for m in _model_at(model, clean)
                        if kind == "extra_forbidden" and str(clean[-1]) in getattr(m, "renamed", {})), None)
        if renamed:
            problems.add(doc.path, line, f"field '{dotted}' has been renamed '{renamed}'",
                         f"write `{renamed}:` instead of `{clean[-1]}:` (same value)", col)
        elif kind == "extra_forbidden":
            names = _field_names(_model_at(model, clean))
            close = difflib.get_close_matches(str(clean[-1]), names, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed fields here: {', '.join(names)}"
            problems.add(doc.path, line, f"unknown field '{dotted}'", hint, col)
        elif kind == "missing":
            problems.add(doc.path, line, f"missing required field '{dotted}'",
                         f"add `{clean[-1]}:` (see schema/{doc.kind}.schema.json)", col)
        elif kind in ("literal_error", "vocabulary"):
            ctx = err.get("ctx", {})
            fix = f"use one of {ctx.get('expected', '')}"
            if kind == "vocabulary" and ctx.get("expected", "").count("'") > 40:
                fix = f"use a value listed under vocabularies.{ctx['vocabulary']} in briefing.yml"
            problems.add(doc.path, line, f"'{dotted}' is {err['input']!r}, not an allowed value", fix, col)
        elif kind == "symbol_format":
            ctx = err.get("ctx", {})
            problems.add(doc.path, line, f"'{dotted}' {err['input']!r} is not a {ctx.get('name')}",
                         f"write it like {ctx.get('example')}", col)
        elif kind == "document_scheme":
            problems.add(doc.path, line, f"'{dotted}' {err['input']!r} is not a document identifier this briefing knows",
                         f"write it like {err.get('ctx', {}).get('examples')}, or cite the page by `url:`", col)
        elif kind == "unknown_body":
            problems.add(doc.path, line, f"'{dotted}' {err['input']!r} is not an issuing body of this briefing",
                         f"use one of the bodies in briefing.yml: {err.get('ctx', {}).get('bodies')}", col)
        elif kind == "symbol_missing":
            problems.add(doc.path, line, f"'{dotted}': {err['msg']}",
                         f"add `symbol:`, written like {err.get('ctx', {}).get('example')}", col)
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_PATTERN:
            problems.add(doc.path, line, f"'{dotted}' {err['input']!r} is not a valid id",
                         "ids use lowercase letters, digits and single hyphens, e.g. united-states", col)
        else:
            msg = err["msg"].removeprefix("Value error, ")
            if kind.endswith(("_type", "_parsing")) and isinstance(err.get("input"), (str, int, float, bool)):
                # Show what was written: "Input should be a valid integer" alone does not say where the typo is.
                msg = f"{msg} (got {str(err['input'])[:60]!r})"
            problems.add(doc.path, line, f"'{dotted}': {msg}", _fix_for(kind), col)


def _fix_for(kind: str) -> str:
    return {
        "string_type": "quote the value as text",
        "int_parsing": "write a whole number",
        "int_type": "write a whole number",
        "bool_type": "write true or false",
        "bool_parsing": "write true or false",
        "list_type": "write a list: one `- item` per line",
        "model_type": "write a mapping of `key: value` lines",
        "dict_type": "write a mapping of `key: value` lines",
        "too_short": "add at least one entry",
        "string_too_short": "write some text",
        "string_too_long": "shorten the text",
        "greater_than_equal": "use a number that is not negative",
        "less_than_equal": "use a smaller number",
        "source_kind": "see CONTRIBUTING.md, 'How to cite'",
        "date_format": "write the date as YYYY-MM-DD, e.g. 2016-03-02",
        "date_invalid": "check the day and month; write the date as YYYY-MM-DD",
        "date_or_event": "write a date as YYYY-MM-DD, or the id of an event in content/events/",
        "date_range": f"check the year: dates must fall between {MIN_YEAR} and {MAX_YEAR}",
        "id_length": f"use a shorter id, at most {MAX_ID_LENGTH} characters",
        "id_windows": "use another id (con, prn, aux, nul, com0-9 and lpt0-9 cannot be file names on Windows)",
        "url_host": "write the host name plainly (letters, digits, dots and hyphens), with no %-escapes or user name",
        "http_url": "write a full http:// or https:// address with no spaces or quotes",
        "un_url": "cite by `url:` only pages on the primary hosts in briefing.yml (`sources.primary`); "
                  "cite other pages as a secondary source (`url`, `title`, `publisher`)",
        "refused_source": "cite the original publisher's page, a primary source, or an article (`python -m generator ingest`)",
        "unknown_publisher": "name a publisher exactly as in the allowed list (`sources.secondary_publishers` in briefing.yml), "
                             "or propose adding it there in a pull request",
        "publisher_host": "check the `url:` and the `publisher:`; the page must be on the publisher's own site",
        "vote_total": "check the for, against and abstain counts against the record of the vote",
        "vote_members": "list one actor id per member counted, or correct the count",
        "role_undated": "add `start:` or `attested: [YYYY-MM-DD]` from a cited source",
        "float_parsing": "write a number",
        "float_type": "write a number",
    }.get(kind, "see CONTRIBUTING.md and the JSON Schema in schema/")


def _suggest(value: str, options: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "create the file, or fix the id"


def validate(raw: RawContent, problems: Problems | None = None, cache: Cache | None = None) -> Content:
    """Check every document against its schema, then cross-check the whole.

    Args:
        raw: what :func:`generator.load.load` returned.
        problems: accumulator shared with earlier stages; a fresh one if omitted.
        cache: an incremental build's :class:`~generator.incremental.Cache`.

    Returns:
        Content, with warnings attached.

    Raises:
        ContentError: listing every error found.
    """
    problems = problems if problems is not None else Problems()
    content = Content(config=validate_config(raw.config, problems), project=getattr(raw, "project", None))
    if cache is not None:  # this run's walks replace the last run's: those of records gone are let go
        content.walked = _WALKS.get(cache, {})
        _WALKS[cache] = content.walks
    with active(content.config):
        _validate(raw, content, problems, cache)
    content.warnings = problems.warnings
    problems.raise_if_errors()
    return content


#: Per cache (memory only, gone with it): the walks of the last run's records (:attr:`Content.walks`).
_WALKS: "weakref.WeakKeyDictionary[Cache, dict]" = weakref.WeakKeyDictionary()


def validate_config(doc: Document | None, problems: Problems) -> Briefing:
    """The briefing's settings from its briefing.yml document; the defaults (with problems noted) otherwise."""
    if doc is None:
        return DEFAULT
    try:
        return Briefing.model_validate(doc.data)
    except ValidationError as exc:
        _schema_problems(doc, Briefing, exc, problems)
        return DEFAULT


def _validate(raw: RawContent, content: Content, problems: Problems, cache: Cache | None) -> None:
    # Files that exist but are broken: their own problem is reported once, and
    # references to them are not reported again as "unknown id".
    broken: set[tuple[str, str]] = set(getattr(raw, "unreadable", ()))
    # Models are checked against the config too (vocabularies): a kept model is only good for the same config.
    config_stamp = digest(repr(content.config)) if cache is not None else ""
    for doc in raw.documents:
        model = KINDS[doc.kind].model
        if not re.fullmatch(ID_PATTERN, doc.id):
            problems.add(doc.path, 1, f"file name '{doc.id}' is not a valid id",
                         "rename the file using lowercase letters, digits and hyphens, e.g. united-states.yaml")
            continue
        if doc.id in RESERVED_IDS:
            problems.add(doc.path, 1, f"id '{doc.id}' is reserved: its page would collide with the {doc.kind} index page",
                         "rename the file")
            broken.add((doc.kind, doc.id))
            continue
        bad_id = id_problem(doc.id)
        if bad_id:
            problems.add(doc.path, 1, f"file name: {bad_id[1]}", f"rename the file: {_fix_for(bad_id[0])}")
            broken.add((doc.kind, doc.id))
            continue
        if KINDS[doc.kind].facts and doc.header != schema_line(doc.kind):
            problems.warn(doc.path, 1, "first line is not the schema line, so editors cannot check this file as you type",
                          f"make the first line `{schema_line(doc.kind)}`")
        key = (doc.kind, doc.id)
        if key in content.docs:
            problems.add(doc.path, 1, f"{doc.kind} id '{doc.id}' is already used by {content.docs[key].path}",
                         "rename one of the two files; ids must be unique")
            continue
        # An incremental build keeps the object made from the same bytes last time (memory only).
        stamp = f"{doc.digest}/{config_stamp}"
        obj = cache.model(key, stamp) if cache is not None and doc.digest else None
        if obj is None:
            try:
                obj = model.model_validate(doc.data)
            except ValidationError as exc:
                _schema_problems(doc, model, exc, problems)
                broken.add(key)
                continue
            if isinstance(obj, ArticleMeta):
                obj = Article(doc.id, obj, split_blocks(doc.body or "", doc.body_line), doc)
            if cache is not None and doc.digest:
                cache.keep_model(key, stamp, obj)
        content.docs[key] = doc
        if isinstance(obj, Article):
            obj.doc = doc
            meta = obj.meta
            if not doc.id.startswith(meta.date.isoformat() + "-"):
                problems.add(doc.path, doc.where(("date",))[0],
                             f"article file name should start with its date {meta.date.isoformat()}",
                             f"rename it to {meta.date.isoformat()}-<slug>.md")
            content.articles[doc.id] = obj
        else:
            content.table(doc.kind)[doc.id] = obj
    _check_references(content, problems, broken)
    _check_aliases(content, problems)
    _check_lookalikes(content, problems)
    _check_measures_once(content, problems)
    _check_dates(content, problems)
    _check_quotes(content, problems)
    consistency.check(content, problems)


def _check_references(content: Content, problems: Problems, broken: set[tuple[str, str]] = frozenset()) -> None:
    """Every id a fact refers to (as declared on the schema's fields) names an existing entity."""
    for (kind, eid), doc in sorted(content.docs.items()):
        if kind == "article":
            continue
        for loc, refers, value, _relation in content.references_of(content.table(kind)[eid]):
            table = content.table(refers.kind)
            if value is None or value in table or (refers.kind, value) in broken:
                continue
            line, col = doc.where(loc)
            problems.add(doc.path, line, f"unknown {refers.kind} id '{value}'", _suggest(value, table), col)


def _check_aliases(content: Content, problems: Problems) -> None:
    seen: dict[str, str] = {}
    for aid, actor in sorted(content.actors.items()):
        doc = content.docs[("actor", aid)]
        for i, name in enumerate([actor.name, *actor.aliases]):
            other = seen.get(name)
            if other and other != aid:
                line, col = doc.where(("aliases", i - 1) if i else ("name",))
                problems.add(doc.path, line, f"name '{name}' also names actor '{other}', so mentions would be ambiguous",
                             "remove the alias from one of the two actors", col)
            seen.setdefault(name, aid)


def _check_lookalikes(content: Content, problems: Problems) -> None:
    """Warn about two entities whose names or aliases look the same but differ as text (lookalike.skeleton)."""
    first: dict[str, tuple[str, str, str, tuple]] = {}  # skeleton -> (text, kind, id, loc) seen first
    for kind in sorted(KINDS):
        if not KINDS[kind].facts:
            continue
        for eid, obj in sorted(content.table(kind).items()):
            field = "name" if "name" in type(obj).model_fields else "title"
            names = [((field,), getattr(obj, field, None))]
            names += [(("aliases", i), alias) for i, alias in enumerate(getattr(obj, "aliases", []))]
            for loc, text in names:
                if not text:
                    continue
                key = skeleton(text)
                seen = first.setdefault(key, (text, kind, eid, loc))
                if seen[1:3] == (kind, eid) or (kind == seen[1] == "actor" and text == seen[0]):
                    continue  # the same entity; or an exact repeat, which _check_aliases reports
                doc, other = content.docs[(kind, eid)], content.docs[(seen[1], seen[2])]
                line, col = doc.where(loc)
                odd = differing(text, seen[0])
                problems.warn(doc.path, line, f"'{visible(text)}' looks the same as '{visible(seen[0])}' "
                              f"({other.path}:{other.where(seen[3])[0]}){f', but holds {odd}' if odd else ''}",
                              "if they are the same, spell them alike (look for letters of another alphabet or "
                              "invisible characters); if not, make them differ visibly", col)


def _check_measures_once(content: Content, problems: Problems) -> None:
    """Refuse a resolution that lists the same measure twice: its page would hold one HTML id twice."""
    for rid, res in sorted(content.resolutions.items()):
        doc, seen = content.docs[("resolution", rid)], {}
        for i, change in enumerate(res.measures):
            line, col = doc.where(("measures", i, "measure"))
            if change.measure in seen:
                problems.add(doc.path, line, f"measure '{change.measure}' is listed twice in this resolution "
                             f"(first on line {seen[change.measure]})", "merge the two entries into one", col)
            seen.setdefault(change.measure, line)


def _check_dates(content: Content, problems: Problems) -> None:
    def on(value: Any) -> Any:  # a date, or the date of the event it names
        return content.events[value].date if isinstance(value, str) and value in content.events else value

    for rid, res in sorted(content.resolutions.items()):
        doc = content.docs[("resolution", rid)]
        for i, m in enumerate(res.measures):
            start, end = on(m.effective) or res.date, on(m.until)
            if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
                line, col = doc.where(("measures", i, "until"))
                problems.add(doc.path, line, f"measure change '{m.measure}' lapses ({end}) before it takes effect ({start})",
                             "check `until` and `effective` (or the resolution's date) against the cited source", col)
        for i, t in enumerate(res.triggers):
            ev = content.events.get(t)
            if ev and min(ev.date, ev.date_at_seat or ev.date) > res.date:
                line, col = doc.where(("triggers", i))
                problems.add(doc.path, line, f"trigger '{t}' ({ev.date}) is after the resolution's date ({res.date})",
                             "check both dates, or remove the trigger", col)
    for aid, actor in sorted(content.actors.items()):
        for i, role in enumerate(actor.roles):
            if role.start and role.end and role.end < role.start:
                line, col = content.docs[("actor", aid)].where(("roles", i, "end"))
                problems.add(content.docs[("actor", aid)].path, line,
                             f"role '{role.title}' ends ({role.end}) before it starts ({role.start})",
                             "check both dates against the cited source", col)
    config = content.config
    seat = config.seat
    for eid, ev in sorted(content.events.items()):
        if not ev.date_at_seat:
            continue
        doc = content.docs[("event", eid)]
        line, col = doc.where(("date_at_seat",))
        if not seat:
            problems.add(doc.path, line, f"date_at_seat needs a place, and the default body '{config.default_body}' "
                         "has no date_place", f"set `date_place:` under bodies.{config.default_body} in briefing.yml, "
                         "or remove date_at_seat", col)
        elif abs((ev.date_at_seat - ev.date).days) > 1:
            problems.add(doc.path, line, "date_at_seat is more than a day from date",
                         f"date is the local date, date_at_seat the same moment in {seat}", col)


def _check_quotes(content: Content, problems: Problems) -> None:
    for (kind, eid), doc in sorted(content.docs.items()):
        if kind == "article":
            continue
        obj = content.table(kind)[eid]
        for loc, src in content.sources_of(obj):
            if not isinstance(src, ArticleSource) or src.article not in content.articles:
                continue
            if content.articles[src.article].find(src.quote) is None:
                line, col = doc.where(loc + ("quote",))
                problems.add(doc.path, line, f"quote not found in article '{src.article}'",
                             "copy the words exactly from one paragraph of the article (whitespace and curly quotes are ignored)",
                             col)
        if isinstance(obj, Actor):
            for i, q in enumerate(obj.quotes):
                cited = [s for s in q.sources if isinstance(s, ArticleSource)]
                if cited and not any(normalise(q.text) in normalise(s.quote) for s in cited):
                    line, col = doc.where(("quotes", i, "text"))
                    problems.add(doc.path, line, "quote text is not inside the quoted source passage",
                                 "make `text` a part of the `quote:` of one of its article sources", col)
