"""Stage 3: link. Resolve mentions, backlinks and citations over the whole content.

Public entry point: :func:`link`. Runs only after everything is loaded and
validated, so every target is known (pelican's "finalized" step, mkdocs'
"gather all data first").

Mentions are found in one pass per paragraph: an Aho-Corasick automaton holds
every name and alias of the kinds the registry marks ``named`` (actors,
designations; never one regex per entity), and each issuing body's compiled
mention patterns find its instruments (briefing.yml ``mentions``). Backlinks come from one inverted index.
"""

from __future__ import annotations

import operator
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

from generator.config import DEFAULT, Briefing
from generator.errors import Problem
from generator.incremental import Cache, digest
from generator.kinds import KINDS, NAMED_KINDS
from generator.schema import ArticleSource
from generator.validate import Content, Paragraph


class MentionRule(NamedTuple):
    """One compiled mention pattern of an issuing body (briefing.yml `bodies: ... mentions:`)."""

    regex: re.Pattern
    id: str  # "{1}", "eu-{1}-{2}"
    hints: tuple[str, ...]  # every match contains one of these; a substring test is far cheaper than the scan
    label: str

    def target(self, match: re.Match) -> str:
        out = self.id
        for i, group in enumerate(match.groups(), 1):
            out = out.replace("{%d}" % i, (group or "").lower())
        return out


def mention_rules(config: Briefing) -> list[MentionRule]:
    """Every body's mention patterns, compiled once per run."""
    return [MentionRule(re.compile(m.pattern), m.id, tuple(m.hints), m.label)
            for body in config.bodies.values() for m in body.mentions]
# "\b[A-Z]" written as "[A-Z](?<!\w[A-Z])": the same matches, but a pattern that opens with a
# character set lets the regex engine skip ahead to the next capital instead of trying every position.
_NAME_RX = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+(?:[ -](?:[A-Z][a-z]+|[A-Z]{2,}))+\b")
_NOT_NAMES = {"The", "A", "An", "In", "On", "But", "And", "This", "That", "These", "Those", "It", "If", "As", "At",
              "For", "With", "After", "Before", "Despite", "Also", "According", "Such", "Similarly", "Second",
              "First", "Last", "Major", "Political", "Negotiations", "Beijing's", "Does", "What", "To", "Over"}

#: Backlink relations that another relation of the same pair already says (dropped as duplicates).
SAID_BY: dict[str, tuple[str, ...]] = {"voted-against": ("vetoed",)}


class Ref(NamedTuple):
    """A page-bearing entity.

    A named tuple rather than a dataclass: Refs are hashed about a million times
    at 10,000 articles, and a tuple's hash and equality run in C.
    """

    kind: str
    id: str

    @property
    def path(self) -> str:
        return KINDS[self.kind].path(self.id)


class Mention(NamedTuple):
    """A span of article text that names an entity (a named tuple: there are one per name in every article)."""

    article: str
    paragraph: Paragraph
    start: int
    end: int
    target: Ref

    @property
    def text(self) -> str:
        return self.paragraph.text[self.start:self.end]


@dataclass(frozen=True)
class Backlink:
    """``source`` points at the entity, as ``relation`` (e.g. 'mentioned', 'trigger')."""

    source: Ref
    relation: str
    snippet: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class UnknownName:
    name: str
    article: str
    line: int
    count: int


@dataclass
class LinkedSite:
    """Content plus everything computed across it."""

    content: Content
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    """All mentions per article, in text order."""
    linked: set[tuple[str, int, int]] = field(default_factory=set)
    """(article, paragraph number, start) of the mentions to render as links."""
    backlinks: dict[Ref, list[Backlink]] = field(default_factory=lambda: defaultdict(list))
    unknown_names: list[UnknownName] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    signature: str = ""
    """Digest of every name and resolution number an article can mention (set when linking with a cache)."""

    def title(self, ref: Ref) -> str:
        obj = self.content.table(ref.kind)[ref.id]
        if ref.kind == "article":
            return obj.meta.title
        return getattr(obj, "title", None) or getattr(obj, "name")

    def chronology(self) -> list[str]:
        """Resolution ids by date (then id), adopted and vetoed alike."""
        return self.ordered("resolution")

    def ordered(self, kind: str) -> list[str]:
        """The ids of ``kind`` in its registry order: by date then id if chronological, else by id."""
        table = self.content.table(kind)
        if KINDS[kind].chronological:
            return sorted(table, key=lambda i: (table[i].date, i))
        return sorted(table)


def _names(content: Content) -> list[tuple[str, Ref]]:
    """(name, entity) for every name and alias of the kinds articles mention by name, in registry order.

    A name two entities share links to the first: an actor before a designation of the same name.
    """
    out: list[tuple[str, Ref]] = []
    seen: set[str] = set()
    for kind in NAMED_KINDS:
        for eid, obj in sorted(content.table(kind.name).items()):
            # One Ref per entity, shared by all its mentions, instead of one per hit.
            ref = Ref(kind.name, eid)
            for name in sorted({obj.name, *obj.aliases}):
                if name not in seen:
                    seen.add(name)
                    out.append((name, ref))
    return out


def _matcher(names: list[tuple[str, Ref]]) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    for name, ref in names:
        automaton.add_word(name, (len(name), ref))
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton


def find_mentions(text: str, automaton: ahocorasick.Automaton | None, resolutions: set[str],
                  rules: list[MentionRule] | None = None) -> tuple[list[tuple[int, int, Ref]], list[tuple[int, str, str]]]:
    """Leftmost-longest, non-overlapping entity spans in ``text``.

    Returns the spans and the instruments referenced that have no fact file, as
    (position, id, what the rule calls it). ``rules`` default to those of the default config's bodies.
    """
    # Sort keys are (start, -length): leftmost first, then longest.
    found: list[tuple[int, int, int, Ref]] = []
    keep = found.append
    size = len(text)
    if automaton is not None:
        for end_index, (length, ref) in automaton.iter(text):
            end = end_index + 1
            start = end - length
            # Word boundaries checked inline: this loop runs once per automaton hit (half a million at 10,000 articles).
            if start:
                before = text[start - 1]
                if before.isalnum() or before == "_":
                    continue
            if end < size:
                after = text[end]
                if after.isalnum() or after == "_":
                    continue
            keep((start, -length, end, ref))
    missing: list[tuple[int, str, str]] = []
    for rule in _DEFAULT_RULES if rules is None else rules:
        if rule.hints:
            for hint in rule.hints:
                if hint in text:
                    break
            else:
                continue
        for m in rule.regex.finditer(text):
            number = rule.target(m)
            if number in resolutions:
                start, end = m.span()
                keep((start, start - end, end, _resolution_ref(number)))
            else:
                missing.append((m.start(), number, rule.label))
    if not found:
        return [], missing
    if len(found) > 1:
        # A stable sort on (start, -length) only: ties keep match order, and Refs are never compared.
        found.sort(key=_SPAN_ORDER)
    chosen: list[tuple[int, int, Ref]] = []
    last_end = -1
    for start, _neg, end, ref in found:
        if start >= last_end:
            chosen.append((start, end, ref))
            last_end = end
    return chosen, missing


_SPAN_ORDER = operator.itemgetter(0, 1)
_RESOLUTION_REFS: dict[str, Ref] = {}
_DEFAULT_RULES = mention_rules(DEFAULT)


def _resolution_ref(number: str) -> Ref:
    ref = _RESOLUTION_REFS.get(number)
    if ref is None:
        ref = _RESOLUTION_REFS[number] = Ref("resolution", number)
    return ref


def snippet(text: str, start: int, end: int, width: int = 90) -> str:
    """About ``2 * width`` characters of context around a span, cut at word boundaries."""
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    if lo > 0:
        lo = text.find(" ", lo) + 1 or lo
    if hi < len(text):
        cut = text.rfind(" ", end, hi)
        hi = cut if cut > end else hi
    return ("… " if lo > 0 else "") + text[lo:hi].strip() + (" …" if hi < len(text) else "")


def _link_article(aid: str, article, automaton, resolutions: set[str], known_names: set[str],
                  rules: list[MentionRule]) -> tuple:
    """What one article adds to the site: (mentions, linked, backlinks, warnings, unknown-name sightings).

    A function of the article, the names and instruments it can mention and the mention rules, and nothing
    else, so an incremental build keeps it while the article's bytes and those did not change.
    """
    mentions: list[Mention] = []
    linked: list[tuple[str, int, int]] = []
    backlinks: list[tuple[Ref, Backlink]] = []
    warnings: list[Problem] = []
    sightings: list[tuple[str, int]] = []
    seen_in_section: set[tuple[int, Ref]] = set()
    seen_in_article: set[Ref] = set()
    missing_seen: set[str] = set()
    me = Ref("article", aid)
    new_mention = tuple.__new__  # Mention(...) without its Python-level __new__: one per mention
    for para in article.blocks:
        if para.heading:
            continue
        text = para.text
        spans, missing = find_mentions(text, automaton, resolutions, rules)
        for start, number, label in missing:
            if number not in missing_seen:
                missing_seen.add(number)
                warnings.append(Problem(article.doc.path, para.line,
                                        f"article mentions {label} {number}, which has no fact file",
                                        f"add content/resolutions/{number}.yaml", 0, "warning"))
        section, number = para.section, para.number
        for start, end, ref in spans:
            mentions.append(new_mention(Mention, (aid, para, start, end, ref)))
            if (section, ref) not in seen_in_section:
                seen_in_section.add((section, ref))
                linked.append((aid, number, start))
            if ref not in seen_in_article:
                seen_in_article.add(ref)
                backlinks.append((ref, Backlink(me, "mentioned", snippet(text, start, end), para.anchor)))
        for m in _NAME_RX.finditer(text):
            name = m.group(0)
            words = name.split(" ")
            while words and words[0] in _NOT_NAMES:
                words.pop(0)
            name = " ".join(words)
            if " " not in name or name in known_names:
                continue
            m_start, m_end = m.span()
            if any(s < m_end and m_start < e for s, e, _ in spans):
                continue
            sightings.append((name, para.line))
    return mentions, linked, backlinks, warnings, sightings


def link(content: Content, cache: Cache | None = None) -> LinkedSite:
    """Compute mentions, links to render, backlinks and the unknown-names report.

    With a ``cache`` (:class:`generator.incremental.Cache`), what an article
    adds is reused while its file, the names and instruments it can mention
    and the mention rules are unchanged.
    """
    site = LinkedSite(content)
    rules = mention_rules(content.config)
    names = _names(content)
    automaton = _matcher(names)
    resolutions = set(content.resolutions)
    known_names = {name for name, _ref in names}
    unknown: dict[str, UnknownName] = {}
    if cache is not None:
        site.signature = digest(*sorted(f"{n}={ref.kind}:{ref.id}" for n, ref in names),
                                "|", *sorted(resolutions), "|", repr(content.config))
    for aid, article in sorted(content.articles.items()):
        key = getattr(article.doc, "digest", "")
        record = cache.linked(aid, key, site.signature) if cache is not None and key else None
        if record is None:
            record = _link_article(aid, article, automaton, resolutions, known_names, rules)
            if cache is not None and key:
                cache.keep_linked(aid, key, site.signature, record)
        mentions, linked, backlinks, warnings, sightings = record
        site.mentions[aid] = mentions
        site.linked.update(linked)
        for ref, backlink in backlinks:
            site.backlinks[ref].append(backlink)
        site.warnings += warnings
        for name, line in sightings:
            prev = unknown.get(name)
            unknown[name] = UnknownName(name, prev.article if prev else aid, prev.line if prev else line,
                                        (prev.count if prev else 0) + 1)
    site.unknown_names = sorted(unknown.values(), key=lambda u: (u.name.lower(), u.name))

    def add(target: Ref, source: Ref, relation: str) -> None:
        site.backlinks[target].append(Backlink(source, relation))

    # Declared references (generator.schema.Refers), kind by kind in registry order, then the citations.
    for kind in KINDS:
        for eid in site.ordered(kind) if kind != "article" else ():
            me = Ref(kind, eid)
            for _loc, refers, target, relation in content.references_of(content.table(kind)[eid]):
                if relation is not None and target is not None:
                    add(Ref(refers.kind, target), me, relation)
    for (kind, eid), _doc in sorted(content.docs.items()):
        if kind == "article":
            continue
        cited: set[str] = set()
        for _loc, src in content.sources_of(content.table(kind)[eid]):
            if isinstance(src, ArticleSource) and src.article not in cited:
                cited.add(src.article)
                add(Ref("article", src.article), Ref(kind, eid), "cites")
    # Dedupe while keeping first-seen order: one entity can relate twice (drafter + voted-for).
    # A relation that another one of the same pair already says is dropped too (a member that
    # "vetoed" a draft is not listed again as having "voted against" it).
    for target, links in site.backlinks.items():
        if len(links) < 2:
            continue  # nothing to drop: no pair twice, and no other relation of its pair
        pairs = {(b.source, b.relation) for b in links}
        if len(pairs) == len(links) and not any(b.relation in SAID_BY for b in links):
            continue  # most lists (an entity's mentions: one per article)
        seen: set[tuple[Ref, str]] = set()
        site.backlinks[target] = [b for b in links
                                  if not ((b.source, b.relation) in seen or seen.add((b.source, b.relation)))
                                  and not any((b.source, r) in pairs for r in SAID_BY.get(b.relation, ()))]
    return site


__all__ = ["link", "LinkedSite", "Ref", "Mention", "Backlink", "find_mentions"]
