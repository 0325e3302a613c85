"""Contradictions between facts that are each valid on their own (warnings, with file:line).

Called by :func:`generator.validate.validate` after the references are checked, so every id
used here exists. Nothing here knows the topic: it reads only the schema's own fields
(measure changes, the ``designations`` group, stances, document links) and the briefing's
source policy (``sources.language_check`` in briefing.yml: which links are documents, which
path segments and query values mean another language).

* a measure tightened, expanded, relaxed or ended before any resolution introduced it, or
  introduced again while an earlier introduction is still in force (no `ended` and no `until`
  between them);
* a designation count that the ``designations`` block of a resolution and its change to a
  measure of the ``designations`` group (the matrix row) give differently;
* the same stance recorded twice for one actor and one resolution on one date, two different
  stances for them on one date, a stance on a resolution's own date that its part in the
  resolution contradicts, or the same actor listed twice in one role on a resolution;
* a link to a primary document (a resolution or document page), or any page on a primary
  host, that opens another language's page instead of the English one.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.config import LanguageCheck
from generator.errors import Problems
from generator.schema import DocumentSource, UrlSource

_COUNT = {"individuals": re.compile(r"\b(\d+)\s+(?:additional\s+|new\s+)?individuals?\b", re.I),
          "entities": re.compile(r"\b(\d+)\s+(?:additional\s+|new\s+)?entit(?:y|ies)\b", re.I)}


def is_document_link(url: str, rule: LanguageCheck = LanguageCheck()) -> bool:
    """Whether an address on a primary host opens a document (a resolution page, a document store)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in rule.document_hosts) or bool(
        re.search(rule.document_path, parts.path, re.I))


def link_language(url: str, rule: LanguageCheck = LanguageCheck()) -> str | None:
    """The other language a document link opens (``"zh"``), or None when it opens the English page."""
    parts = urlsplit(url)
    for segment in parts.path.lower().split("/"):
        if segment in rule.other_languages:
            return segment
    for key, value in parse_qsl(parts.query):
        if key.lower() in ("lang", "language") and value.lower()[:1] in rule.query_initials:
            return value.lower()
    return None


def check(content: Any, problems: Problems) -> None:
    """Add a warning to ``problems`` for every contradiction found in ``content``."""
    _measure_history(content, problems)
    _designation_counts(content, problems)
    _duplicate_stances(content, problems)
    _english_links(content, problems)


def _where(content: Any, kind: str, eid: str, loc: tuple) -> tuple[str, int, int]:
    doc = content.docs[(kind, eid)]
    line, col = doc.where(loc)
    return doc.path, line, col


def _measure_history(content: Any, problems: Problems) -> None:
    changes: dict[str, list[tuple[Any, str, int, Any]]] = {}
    for rid, res in content.resolutions.items():
        if not content.config.vocabularies.outcomes[res.outcome].passed:
            continue
        for i, ch in enumerate(res.measures):
            changes.setdefault(ch.measure, []).append((res.date, rid, i, ch))
    for mid, history in sorted(changes.items()):
        history.sort(key=lambda h: (h[0], h[1], h[2]))
        introduced = next((h for h in history if h[3].change == "introduced"), None)
        for date, rid, i, ch in history:
            if ch.change == "introduced":
                break
            path, line, col = _where(content, "resolution", rid, ("measures", i, "change"))
            if introduced:
                ipath, iline, _ = _where(content, "resolution", introduced[1], ("measures", introduced[2], "change"))
                msg = (f"measure '{mid}' is {ch.change} by {rid} ({date}) before it is introduced by "
                       f"{introduced[1]} ({introduced[0]}) at {ipath}:{iline}")
            else:
                msg = f"measure '{mid}' is {ch.change} by {rid} ({date}) but no adopted resolution introduces it"
            problems.warn(path, line, msg, "check which resolution first imposed the measure and mark that "
                                           "change `introduced`", col)
        _introduced_again(content, problems, mid, history)


def _introduced_again(content: Any, problems: Problems, mid: str, history: list) -> None:
    """Warn at a second `introduced` while the first is in force, as far as the changes tell.

    A change with `until` may lapse on its own, so after one nothing is assumed in force.
    """
    active = None
    for date, rid, i, ch in history:
        if ch.change == "introduced" and active is not None:
            path, line, col = _where(content, "resolution", rid, ("measures", i, "change"))
            apath, aline, _ = _where(content, "resolution", active[1], ("measures", active[2], "change"))
            problems.warn(path, line, f"measure '{mid}' is introduced again by {rid} ({date}) while its introduction "
                                      f"by {active[1]} ({active[0]}) at {apath}:{aline} is still in force",
                          "mark this change `tightened`, `expanded` or `extended`, or record the `ended` change "
                          "in between", col)
        if ch.change == "ended" or ch.until is not None:
            active = None
        elif ch.change == "introduced":
            active = (date, rid, i)


def _stated_counts(text: str) -> dict[str, int]:
    return {field: int(m.group(1)) for field, rx in _COUNT.items() if (m := rx.search(text))}


def _designation_counts(content: Any, problems: Problems) -> None:
    rows = {mid for mid, m in content.measures.items() if m.group == "designations"}
    if not rows:
        return
    for rid, res in sorted(content.resolutions.items()):
        block = res.designations
        given = {} if block is None else {f: getattr(block, f) for f in _COUNT if getattr(block, f) is not None}
        cells = [(i, ch) for i, ch in enumerate(res.measures) if ch.measure in rows]
        if given and not cells and content.config.vocabularies.outcomes[res.outcome].passed:
            path, line, col = _where(content, "resolution", rid, ("designations",))
            problems.warn(path, line, f"{rid} designates {_counts(given)}, but the matrix row "
                                      f"'{sorted(rows)[0]}' shows no change for it",
                          f"add a `measure: {sorted(rows)[0]}` change to {rid}'s `measures:`", col)
        for i, ch in cells:
            stated = _stated_counts(ch.detail)
            path, line, col = _where(content, "resolution", rid, ("measures", i, "detail"))
            if stated and block is None:
                problems.warn(path, line, f"the '{ch.measure}' change of {rid} states {_counts(stated)}, but the "
                                          f"resolution has no `designations:` counts",
                              "add `designations:` with `individuals:`, `entities:` and their sources", col)
                continue
            for field, n in sorted(stated.items()):
                if field in given and given[field] != n:
                    bpath, bline, _ = _where(content, "resolution", rid, ("designations", field))
                    problems.warn(path, line, f"the '{ch.measure}' change of {rid} states {n} {field}, but its "
                                              f"designations block gives {given[field]} at {bpath}:{bline}",
                                  "make the two counts agree with the cited source", col)


def _counts(counts: dict[str, int]) -> str:
    return " and ".join(f"{n} {field}" for field, n in sorted(counts.items()))


def _duplicate_stances(content: Any, problems: Problems) -> None:
    for aid, actor in sorted(content.actors.items()):
        seen: dict[tuple, int] = {}
        for i, s in enumerate(actor.stances):
            if s.resolution is None:
                continue
            key = (s.resolution, s.date)
            if key not in seen:
                seen[key] = i
                continue
            path, line, col = _where(content, "actor", aid, ("stances", i))
            _, first, _ = _where(content, "actor", aid, ("stances", seen[key]))
            other = actor.stances[seen[key]].position
            if other == s.position:
                problems.warn(path, line, f"{aid} has the stance '{s.position}' on resolution {s.resolution} on {s.date} twice "
                                          f"(also at {path}:{first})",
                              "merge the two entries into one, keeping the sources of both", col)
            else:
                problems.warn(path, line, f"{aid} has the stance '{s.position}' on resolution {s.resolution} on {s.date}, "
                                          f"but '{other}' on the same date at {path}:{first}",
                              "keep the stance the sources support and remove the other, or correct a date", col)
    _stances_against_parts(content, problems)
    for rid, res in sorted(content.resolutions.items()):
        seen_roles: dict[tuple[str, str], int] = {}
        for i, p in enumerate(res.actors):
            key = (p.actor, p.role)
            if key in seen_roles:
                path, line, col = _where(content, "resolution", rid, ("actors", i))
                _, first, _ = _where(content, "resolution", rid, ("actors", seen_roles[key]))
                problems.warn(path, line, f"{p.actor} is listed as {p.role} of {rid} twice (also at {path}:{first})",
                              "merge the two entries into one, keeping the sources of both", col)
            else:
                seen_roles[key] = i


def _stances_against_parts(content: Any, problems: Problems) -> None:
    """A stance an actor takes on a resolution on the day of its vote, unlike the stance of its part in it."""
    for aid, actor in sorted(content.actors.items()):
        for i, s in enumerate(actor.stances):
            res = content.resolutions.get(s.resolution) if s.resolution is not None else None
            if res is None or s.date != res.date:
                continue
            for j, part in enumerate(res.actors):
                if part.actor == aid and part.stance is not None and part.stance != s.position:
                    path, line, col = _where(content, "actor", aid, ("stances", i, "position"))
                    rpath, rline, _ = _where(content, "resolution", s.resolution, ("actors", j, "stance"))
                    problems.warn(path, line, f"{aid} has the stance '{s.position}' on resolution {s.resolution} on "
                                              f"the day of its vote, but its part in it says '{part.stance}' at "
                                              f"{rpath}:{rline}",
                                  "make the two agree with the sources, or date the stance when it was taken", col)


def _english_links(content: Any, problems: Problems) -> None:
    policy = content.config.sources
    rule = policy.language_check
    if rule is None:
        return
    for (kind, eid), doc in sorted(content.docs.items()):
        if kind == "article":
            continue
        for loc, src in content.sources_of(content.table(kind)[eid]):
            if not isinstance(src, (DocumentSource, UrlSource)) or not src.url:
                continue
            document = isinstance(src, DocumentSource) or is_document_link(src.url, rule)
            group = policy.host_group(src.url)
            if not document and group is None:
                continue
            lang = link_language(src.url, rule)
            if not lang:
                continue
            line, col = doc.where(loc + ("url",))
            if document:
                problems.warn(doc.path, line, f"this {policy.primary_name} document link opens the '{lang}' page, not the English one",
                              "use the English address (drop the language part of the path, or use /en/)", col)
            else:
                problems.warn(doc.path, line, f"this {group.label} page is the '{lang}' version, not the English one",
                              "cite the English page that says the same, and copy its own title", col)
