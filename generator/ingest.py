"""Ingest stage: raw scraped news text -> clean Markdown article files.

Public entry points: :func:`ingest_text` (pure, text in -> :class:`IngestResult`
out) and the click command :data:`ingest_command` (``generator ingest RAW...``),
which writes ``content/articles/<date>-<slug>.md``.

How a raw file is read
======================

The raw text is split into *units*: one unit per non-blank line. Two
consecutive lines are joined into one unit only when the first does not end a
sentence and the second starts with a lower-case letter (a hard-wrapped
paragraph); a dateline standing alone on its line (``UNITED NATIONS —``) is
joined to the paragraph after it. Every unit keeps the number of its first raw
line, so every removal can be reported as ``line N [reason] text``.

Each unit is then either kept (a body paragraph or a ``##`` crosshead), or
removed with a reason. The decision uses, in this order:

1. **Pattern table** (:data:`FURNITURE_PATTERNS`): small regexes for furniture
   that looks the same everywhere -- navigation (``Skip to main content``,
   ``Go to contents``, breadcrumbs, analytics tags), cookie notices, CMS
   placeholders (any ``<?...?>``, ``[... goes here]``), newsletter calls to
   action, publisher disclaimers, promotional lines (``Advertisement``,
   ``Share this article``, known publisher taglines), ``Read more:`` /
   ``Related`` headers, copyright lines and photo captions. Most entries only
   fire on short lines (a word limit per entry), so a paragraph of reporting
   that merely mentions a newsletter is not touched. A privacy blurb is
   removed anywhere when it has two or more privacy cues (e-mail address,
   unsubscribe, opt-out, privacy notice, analytics...).
2. **Date stamps**: a short line that holds a date and nothing else but
   stamp words/times/time zones (``Posted September. 30, 2017 07:38,``,
   ``Updated 3:14 PM EST, March 8, 2021``, ``8 March 2021``). The first
   ``Posted/Published`` stamp gives the date; an ``Updated`` stamp is used only
   when there is no other.
3. **Bylines**: ``By Name[, Name and Name][, Agency]`` or a short line of names
   with e-mail addresses (``Name email@x · Name email@y``). Every part must
   look like a personal name, a known outlet or a role; otherwise the line is
   reporting (``By contrast, the council ...``). Names become ``authors``.
4. **Headline**: the first remaining unit before any paragraph that looks
   like a headline (3-25 words, no full stop at the end) is the title; later
   copies of it are removed as ``duplicate-headline``.
5. **Related-link lists**: after a ``Read more:``/``Related`` header, the
   following headline-like or bulleted lines are removed.
6. **Standfirst**: the first unit after the headline is a standfirst when it
   is repeated in the body (verbatim, or as a near-identical sentence inside
   a paragraph; similarity >= 0.85) or when it is a headline-like fragment
   directly followed by reporting. It is stored in the front matter; if it
   is repeated verbatim as a whole paragraph the body keeps that paragraph
   once.
7. **Position**: before the first paragraph, short fragments are removed
   (``head-fragment``, e.g. a section label). After the last paragraph,
   the tail is peeled from the end: short fragments (``author-bio`` when they
   name a role such as *Fellow* or *Director*, else ``tail-fragment``),
   weaker furniture matches, author bio sentences (``Jane Doe is a senior
   fellow at ...``) and bullet lines. Peeling stops at the first real
   paragraph.
8. **Crossheads**: a short fragment (at most 10 words, no sentence
   punctuation at the end) between paragraphs becomes ``## <text>``.
9. **Duplicates**: a unit identical (case, spacing and quote style ignored)
   to an earlier kept unit is removed.

A *paragraph* is a unit that ends with sentence punctuation (``. ! ? … : ;``,
closing quotes and brackets ignored) or has 12 words or more; anything else
is a *fragment*. Kept text is never reworded: body paragraphs are the raw
lines, stripped of surrounding whitespace (and of inline ``<?...?>``
placeholders). A body line that would start a Markdown heading or quote
(``#``, ``>``) is backslash-escaped.

Metadata
========

``title``, ``date``, ``authors`` come from the text as above; ``outlet`` from
furniture only (never from reporting, which may quote other outlets): a
copyright line, a disclaimer (``The X does not take collective positions``),
e-mail domains and publisher taglines matched against the known-outlet table
(:data:`KNOWN_OUTLETS`), a ``Headline | Outlet`` suffix, a byline agency
(``By Jane Doe, Reuters``) or a wire dateline (``SEOUL (Reuters) -``), in
that order of priority. Flags always override the text. When the date or
the outlet (or the title) cannot be found and no flag is given,
:class:`IngestError` names the file and the flag to pass: nothing is guessed.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import click
import yaml

from generator.text import normalise, straighten

__all__ = [
    "FURNITURE_PATTERNS",
    "KNOWN_OUTLETS",
    "IngestError",
    "IngestResult",
    "Removed",
    "ingest_command",
    "ingest_file",
    "ingest_text",
    "slugify",
]


# ----------------------------------------------------------------------------------------
# Public data types
# ----------------------------------------------------------------------------------------


@dataclass
class Removed:
    """One raw line that is not part of the article body.

    ``line`` is the 1-based line number in the raw file, ``text`` the line as
    it was (stripped), ``reason`` a short tag such as ``navigation``,
    ``byline`` or ``date-stamp``.
    """

    line: int
    text: str
    reason: str


class IngestError(Exception):
    """A raw file cannot be ingested; the message names the file and the fix.

    e.g. ``raw/x.txt: no publication date found in the text; pass --date YYYY-MM-DD``.
    """


@dataclass
class IngestResult:
    """The outcome of ingesting one raw file.

    ``meta`` holds the front matter in its fixed key order (title, outlet,
    date as ``YYYY-MM-DD`` string, authors, url, language, seed and, when
    there is one, standfirst); ``body`` the Markdown body without a trailing
    newline; ``removed`` every dropped line with its reason, in line order;
    ``provenance`` where each metadata value came from (``"line 8"`` or
    ``"flag"``).
    """

    meta: dict
    body: str
    removed: list[Removed] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def article_id(self) -> str:
        """``<date>-<slug of title>``, the file stem under content/articles/."""
        return f"{self.meta['date']}-{slugify(self.meta['title'])}"

    def to_markdown(self) -> str:
        """The article file: YAML front matter, a blank line, the body, one final newline."""
        meta = dict(self.meta)
        meta["date"] = _dt.date.fromisoformat(meta["date"])
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=False,
                               width=1_000_000)
        return f"---\n{front}---\n\n{self.body}\n"


# ----------------------------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------------------------

#: Furniture that looks alike across sites: (reason, regex, max words or None).
#: Matched case-insensitively against the unit with curly quotes made straight.
#: An entry with a word limit only fires on units that short.
FURNITURE_PATTERNS: list[tuple[str, str, int | None]] = [
    ("cms-placeholder", r"^<\?.*\?>$", None),
    ("cms-placeholder", r"^<!--.*-->$", None),
    ("cms-placeholder", r"^\[[^\]]*\b(goes here|placeholder|insert [a-z ]+ here)\b[^\]]*\]$", 12),
    ("navigation", r"\bskip to\b", 12),
    ("navigation", r"\bscorecardresearch\b", 12),
    ("navigation", r"^go to (main )?(contents?|navigation|top|menu)$", 6),
    ("navigation", r"^(back to top|jump to [a-z ]+|main menu|menu|search|home|close|open menu|toggle navigation"
                   r"|sections|print|print this page|log ?in|sign in|my account)$", 4),
    ("navigation", r"^[^.!?]+?(\s[›»>]\s[^.!?]+?)+$", 10),  # breadcrumbs: World › Asia › Korea
    ("navigation", r"^(tags?|topics?|filed under|categories|sections?)\s*:", 20),
    ("cookie-notice", r"\b(we|this (web)?site|our (web)?site)( and our partners)? uses? cookies\b"
                      r"|\bcookie (policy|settings|preferences|notice|banner|consent)\b", 80),
    ("cookie-notice", r"^(accept|reject|decline|allow)( all)?( cookies)?$|^manage (cookie )?(preferences|settings)$", 4),
    ("newsletter", r"^(subscribe|sign up|sign-up)\b", 30),
    ("newsletter", r"\b(subscribe|sign up|sign-up)\b.{0,60}\b(newsletters?|updates|alerts|inbox|mailing list)\b", 30),
    ("newsletter", r"\bnewsletters?\b", 8),
    ("disclaimer", r"\bdoes not take (collective|institutional|corporate) positions\b"
                   r"|\bonly represent the views of\b|\bdo(es)? not necessarily (reflect|represent)\b"
                   r"|\bviews expressed (here|in this \w+|are)\b.{0,60}\b(author|authors|own)\b", 60),
    ("related-links", r"^(read more|read next|read also|also read|more from [^:]+|more on this( story)?|most read"
                      r"|most popular|recommended( for you)?|see also|you may also like|you might also like|related"
                      r"|related (articles|stories|content|coverage|links|news|reading)|trending( now)?|top stories"
                      r"|editor'?s picks)\s*(:.*)?$", 20),
    ("share", r"^share (this|on|the)\b|^(share|tweet|email|e-mail|print|copy link|facebook|twitter|linkedin|whatsapp"
              r"|reddit)(\s*[|·,/]?\s*(share|tweet|email|e-mail|print|copy link|facebook|twitter|linkedin|whatsapp"
              r"|reddit|x))*$", 8),
    ("promo", r"^(advertisement|advertising|sponsored|sponsored content|ad|story continues below|article continues"
              r" below|continue reading|click here\b.*|listen to (this|the) (article|story).*|download (our|the) app.*"
              r"|follow us\b.*|watch:.*|play video)$", 15),
    # Known publisher taglines (one entry per site; add new ones here).
    ("promo", r"^before it's here, it's on the bloomberg terminal\.?$", None),
    ("copyright", r"^(©|\(c\)|copyright\b)|\ball rights reserved\b", 25),
    ("caption", r"^\(?(photo|image|picture|file photo|photograph|caption)( credit)?\s*:|^\((photo|image|picture)\b.*\)$", 60),
    ("caption", r"\([^()]*\b(photos?|photograph|getty images|image credit)\b[^()]*\)\s*$", 60),
    ("credits", r"^(additional )?(reporting|writing|editing|editing by|compiled) by\b", 30),
]

#: Weaker cues, applied only in the head (before the first paragraph) and the tail
#: (after the last paragraph), where furniture lives.
EDGE_PATTERNS: list[tuple[str, str]] = [
    ("newsletter", r"\bnewsletters?\b|\b(subscribe|sign up|unsubscribe)\b"),
    ("privacy", r"\bprivacy (notice|policy|statement)\b|\bopt[- ]out\b|\bunsubscribe\b"),
    ("disclaimer", r"\bviews (expressed|of the author)\b"),
    ("republication-note", r"^this (article|story|piece) (was |first |originally )*(published|appeared)\b"),
    ("author-bio", r"^([A-Z][\w'’.-]+ ){1,4}(is|was) (a|an|the)\b.*\b(fellow|director|professor|editor|correspondent"
                   r"|reporter|writer|analyst|researcher|author|journalist|lecturer|adviser|advisor)\b"),
]

_PRIVACY_CUES = [r"\bprivacy (notice|policy|statement)\b", r"\bunsubscribe\b", r"\bopt[- ]out\b",
                 r"\bemail address\b|\be-mail address\b", r"\banalytics\b", r"\bterms of (use|service)\b",
                 r"\bmailings?\b"]

#: Outlet names recognised in furniture (never in reporting): canonical name, regex.
KNOWN_OUTLETS: list[tuple[str, str]] = [
    ("Bloomberg", r"\bBloomberg\b|\bbloomberg\.(com|net)\b"),
    ("Reuters", r"\bReuters\b|\breuters\.com\b"),
    ("The Associated Press", r"\bAssociated Press\b|\bapnews\.com\b|^AP$"),
    ("Agence France-Presse", r"\bAgence France[- ]Presse\b|^AFP$|\bafp\.com\b"),
    ("The Boston Globe", r"\bBoston Globe\b|\bbostonglobe\.com\b|\bglobe\.com\b"),
    ("The Dong-A Ilbo", r"\bDong-?A Ilbo\b|\bdonga\.com\b"),
    ("European Council on Foreign Relations", r"\bEuropean Council on Foreign Relations\b|\bECFR\b|\becfr\.eu\b"),
    ("The New York Times", r"\bNew York Times\b|\bnytimes\.com\b"),
    ("The Washington Post", r"\bWashington Post\b|\bwashingtonpost\.com\b"),
    ("The Guardian", r"\bThe Guardian\b|\btheguardian\.com\b"),
    ("BBC News", r"\bBBC\b|\bbbc\.co\.uk\b"),
    ("Yonhap News Agency", r"\bYonhap\b|\byna\.co\.kr\b"),
    ("The Korea Herald", r"\bKorea Herald\b|\bheraldcorp\.com\b"),
    ("The Korea Times", r"\bKorea Times\b|\bkoreatimes\.co\.kr\b"),
    ("NK News", r"\bNK News\b|\bnknews\.org\b"),
    ("Xinhua", r"\bXinhua\b|\bxinhuanet\.com\b"),
    ("The Japan Times", r"\bJapan Times\b|\bjapantimes\.co\.jp\b"),
    ("South China Morning Post", r"\bSouth China Morning Post\b|\bscmp\.com\b"),
]

_ROLE_WORDS = (r"\b(staff|writer|reporter|correspondent|editor|bureau|desk|contributor|columnist|fellow|director"
               r"|analyst|professor|researcher|chief|senior|alumni|alumnus|programme|program|head|deputy|associate"
               r"|lecturer|adviser|advisor|news|press|agency|wire|service|media)\b")

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE_RE = re.compile(
    rf"\b(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})\b"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_RE})\.?,?\s+(?P<y2>\d{{4}})\b"
    r"|\b(?P<y3>\d{4})[-./](?P<m3>\d{1,2})[-./](?P<d3>\d{1,2})\b",
    re.IGNORECASE,
)
_TIME_RE = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$)", re.I)
_STAMP_WORDS_RE = re.compile(
    r"\b(posted|published|updated|last|first|modified|on|at|date|dated|time|am|pm|a\.m|p\.m"
    r"|est|edt|cst|cdt|mst|mdt|pst|pdt|et|ct|pt|gmt|utc|bst|cet|cest|kst|jst|hkt|ist"
    r"|mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs|rsday)?|fri(day)?|sat(urday)?|sun(day)?)\b",
    re.I,
)
_UPDATED_RE = re.compile(r"^\W*(last\s+)?(updated|modified)\b", re.I)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PI_RE = re.compile(r"<\?.*?\?>")
_DATELINE_ONLY_RE = re.compile(r"^[A-Z][A-Z.' ,-]{1,40}(?:\s*\([^)]{1,30}\))?\s*[—–-]{1,2}$")
_WIRE_DATELINE_RE = re.compile(r"^[A-Z][A-Za-z .,'-]{0,60}\((?P<agency>[A-Za-z .-]{2,30})\)\s*[—–-]")
_BULLET_RE = re.compile(r"^([-•*▪►»]|\d+[.)])\s+\S")
_NAME_PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "binti", "al", "el",
                   "y", "du", "dos", "das", "ter", "ten"}
_NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
              "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
              "today", "yesterday", "the", "a", "an", "staff", "our", "this", "contrast", "comparison", "now"}
_TERMINAL = ".!?…:;"
_CLOSERS = "\"'”’»)]"
_MAX_SLUG = 100

_COMPILED = [(reason, re.compile(rx, re.I), limit) for reason, rx, limit in FURNITURE_PATTERNS]
_EDGE_COMPILED = [(reason, re.compile(rx, re.I if reason != "author-bio" else 0)) for reason, rx in EDGE_PATTERNS]
_OUTLETS_COMPILED = [(name, re.compile(rx, re.I if name not in ("The Associated Press", "Agence France-Presse") else 0))
                     for name, rx in KNOWN_OUTLETS]


# ----------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------


def slugify(title: str) -> str:
    """Lowercase ASCII slug: ``U.S., China cooperate ... N. Korea sanctions`` -> ``us-china-cooperate-...-n-korea-sanctions``.

    Accents are folded to ASCII, whitespace, slashes and dashes separate words,
    every other punctuation mark is dropped (so ``U.S.`` -> ``us``). Slugs are
    cut at a word boundary after 100 characters.
    """
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[\s/_\-]+", " ", text)
    text = re.sub(r"[^a-z0-9 ]", "", text)
    words = text.split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > _MAX_SLUG and slug:
            break
        slug = candidate
    return slug


def _key(text: str) -> str:
    """Comparison key: the shared normaliser, case ignored."""
    return normalise(text).casefold()


def _words(text: str) -> int:
    return len(text.split())


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINAL


def _is_paragraph(text: str) -> bool:
    """Reporting-shaped: ends with sentence punctuation or is 12+ words long."""
    return _ends_sentence(text) or _words(text) >= 12


def _is_headline(text: str) -> bool:
    """3-25 words, no final full stop/comma/colon, has letters, no e-mail."""
    n = _words(text)
    if not 3 <= n <= 25 or _EMAIL_RE.search(text):
        return False
    stripped = text.rstrip(_CLOSERS + " ")
    if not stripped or stripped[-1] in ".,;:":
        return False
    return any(c.isalpha() for c in text) and not text.islower()


def _name_like(part: str) -> bool:
    tokens = part.split()
    if not 2 <= len(tokens) <= 5:
        return False
    capitals = 0
    for tok in tokens:
        bare = tok.strip(".,")
        if bare.lower() in _NAME_PARTICLES:
            continue
        if bare.lower() in _NOT_NAMES or not re.fullmatch(r"[^\W\d_][\w'’.-]*", bare):
            return False
        if not bare[0].isupper():
            return False
        capitals += 1
    return capitals >= 2


def _known_outlet(text: str) -> str | None:
    for name, rx in _OUTLETS_COMPILED:
        if rx.search(text):
            return name
    return None


def _parse_date(match: re.Match) -> _dt.date | None:
    g = match.groupdict()
    try:
        if g["y1"]:
            return _dt.date(int(g["y1"]), _MONTHS.index(g["m1"][:3].lower()) + 1, int(g["d1"]))
        if g["y2"]:
            return _dt.date(int(g["y2"]), _MONTHS.index(g["m2"][:3].lower()) + 1, int(g["d2"]))
        return _dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    except ValueError:
        return None


def _stamp(text: str) -> tuple[_dt.date, bool] | None:
    """If ``text`` is a date stamp line, return (date, is_update)."""
    if _words(text) > 16:
        return None
    match = _DATE_RE.search(text)
    if not match:
        return None
    date = _parse_date(match)
    if date is None:
        return None
    rest = _DATE_RE.sub(" ", text)
    rest = _TIME_RE.sub(" ", rest)
    rest = _STAMP_WORDS_RE.sub(" ", rest)
    if re.search(r"[^\W\d_]", rest):
        return None
    return date, bool(_UPDATED_RE.match(text))


def _byline(text: str) -> tuple[list[str], list[str]] | None:
    """If ``text`` is a byline, return (author names, organisation parts)."""
    if _words(text) > 24:
        return None
    match = re.match(r"^by\s+(.+)$", text, re.I)
    has_email = bool(_EMAIL_RE.search(text))
    if not match and not has_email:
        return None
    rest = match.group(1) if match else text
    rest = _EMAIL_RE.sub(" ", rest)
    rest = _DATE_RE.sub(" ", rest)
    rest = _TIME_RE.sub(" ", rest)
    names: list[str] = []
    orgs: list[str] = []
    for part in re.split(r"\s*(?:[,;|·•/]|\band\b|&)\s*", rest):
        part = part.strip(" .-–—()")
        if not part or not re.search(r"[^\W\d_]", part):
            continue
        if _known_outlet(part) or re.search(_ROLE_WORDS, part, re.I):
            orgs.append(part)
        elif _name_like(part):
            names.append(part)
        else:
            return None
    if not names and not orgs:
        return None
    return names, orgs


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])", text) if s]


def _near_repeat(candidate: str, paragraph: str) -> bool:
    """True when ``candidate`` is repeated in ``paragraph`` (whole, or as a near-identical sentence run)."""
    key = _key(candidate)
    if key == _key(paragraph):
        return True
    sentences = _sentences(paragraph)
    want = len(_sentences(candidate))
    for i in range(len(sentences)):
        chunk = _key(" ".join(sentences[i:i + want]))
        matcher = difflib.SequenceMatcher(None, key, chunk, autojunk=False)
        if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
            return True
    return False


# ----------------------------------------------------------------------------------------
# The ingest pipeline
# ----------------------------------------------------------------------------------------


@dataclass
class _Unit:
    line: int
    text: str
    kind: str = "text"  # text | heading | removed
    reason: str = ""

    @property
    def kept(self) -> bool:
        return self.kind != "removed"

    def drop(self, reason: str) -> None:
        self.kind, self.reason = "removed", reason


def _units(raw: str) -> list[_Unit]:
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    units: list[_Unit] = []
    previous_blank = True
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            continue
        if (units and not previous_blank and _words(units[-1].text) >= 6 and not _ends_sentence(units[-1].text)
                and stripped[0].islower()):
            units[-1].text += " " + stripped  # hard-wrapped paragraph
        else:
            units.append(_Unit(number, stripped))
        previous_blank = False
    # A dateline alone on its line belongs to the paragraph after it.
    merged: list[_Unit] = []
    for unit in units:
        if merged and _DATELINE_ONLY_RE.match(merged[-1].text) and _is_paragraph(unit.text):
            merged[-1].text += " " + unit.text
        else:
            merged.append(unit)
    return merged


def _pattern_reason(text: str) -> str | None:
    plain = straighten(text)
    n = _words(text)
    for reason, rx, limit in _COMPILED:
        if (limit is None or n <= limit) and rx.search(plain):
            return reason
    if n <= 120 and sum(bool(re.search(cue, plain, re.I)) for cue in _PRIVACY_CUES) >= 2:
        return "privacy"
    return None


def _edge_reason(text: str) -> str | None:
    plain = straighten(text)
    for reason, rx in _EDGE_COMPILED:
        if rx.search(plain):
            return reason
    return None


def _check_date_flag(date: str, source_name: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date or ""):
        raise IngestError(f"{source_name}: --date must be YYYY-MM-DD, got {date!r}")
    try:
        _dt.date.fromisoformat(date)
    except ValueError:
        raise IngestError(f"{source_name}: --date {date} is not a real calendar date") from None
    return date


def ingest_text(raw: str, *, source_name: str, outlet: str | None = None, date: str | None = None,
                url: str | None = None, title: str | None = None, language: str = "en",
                authors: list[str] | None = None) -> IngestResult:
    """Turn one raw scraped article into front matter + clean Markdown body.

    ``source_name`` is the raw file's path (used in messages; its base name is
    stored as ``seed``). Every keyword flag, when given, overrides what is found
    in the text. Raises :class:`IngestError` when the title, the date or the
    outlet can be found neither in the text nor in a flag.
    """
    seed = Path(source_name).name
    if date is not None:
        date = _check_date_flag(date, source_name)
    if url is not None and not re.fullmatch(r"https?://[^\s<>\"'`\\]+", url):
        raise IngestError(f"{source_name}: --url must be a plain http(s):// address, got {url!r}")
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)?", language or ""):
        raise IngestError(f"{source_name}: --language must be a language code such as en or ko, got {language!r}")

    units = _units(raw)
    removed_extra: list[Removed] = []
    found_dates: list[tuple[bool, int, _dt.date]] = []
    found_authors: list[tuple[int, str]] = []
    outlet_hints: list[tuple[int, int, str]] = []  # (priority, line, name)

    # 1-3. Pattern table, date stamps, bylines.
    for unit in units:
        reason = _pattern_reason(unit.text)
        if reason:
            unit.drop(reason)
            continue
        stamp = _stamp(unit.text)
        if stamp:
            unit.drop("date-stamp")
            found_dates.append((stamp[1], unit.line, stamp[0]))
            continue
        byline = _byline(unit.text)
        if byline:
            unit.drop("byline")
            found_authors.extend((unit.line, name) for name in byline[0])
            for org in byline[1]:
                known = _known_outlet(org)
                if known:
                    outlet_hints.append((4, unit.line, known))
            for address in _EMAIL_RE.findall(unit.text):
                known = _known_outlet(address.split("@", 1)[1])
                if known:
                    outlet_hints.append((2, unit.line, known))

    # 4. Headline: first headline-like unit before any paragraph.
    headline: _Unit | None = None
    for unit in units:
        if not unit.kept:
            continue
        if _is_headline(unit.text):
            headline = unit
            break
        if _is_paragraph(unit.text):
            break  # reporting before any headline: the text has no headline
    text_title = None
    if headline is not None:
        headline.drop("headline")
        text_title = headline.text
        suffix = re.match(r"^(?P<title>.+?)\s+[|–—-]\s+(?P<site>[^|–—-]+)$", text_title)
        if suffix and _known_outlet(suffix.group("site")):
            text_title = suffix.group("title")
            outlet_hints.append((0, headline.line, _known_outlet(suffix.group("site"))))
    title_keys = {_key(t) for t in (text_title, title, headline.text if headline else None) if t}
    for unit in units:
        if unit.kept and _key(unit.text) in title_keys:
            unit.drop("duplicate-headline")

    # 5. Lists of related links after a "Read more:" / "Related" header.
    in_list = False
    for unit in units:
        if unit.reason == "related-links":
            in_list = True
            continue
        if in_list and unit.kept and (_BULLET_RE.match(unit.text) or _is_headline(unit.text)
                                      or (not _ends_sentence(unit.text) and _words(unit.text) <= 25)):
            unit.drop("related-links")
            continue
        if unit.kept:
            in_list = False

    # 6. Standfirst.
    standfirst: str | None = None
    kept = [u for u in units if u.kept and headline is not None and u.line > headline.line]
    if kept:
        first, later = kept[0], kept[1:]
        verbatim = any(_key(first.text) == _key(u.text) for u in later)
        if verbatim or any(_near_repeat(first.text, u.text) for u in later if _is_paragraph(u.text)):
            standfirst = first.text
            first.drop("standfirst")
        elif (not _is_paragraph(first.text) and 5 <= _words(first.text) <= 40 and not _name_like(first.text)
              and later and _is_paragraph(later[0].text)):
            standfirst = first.text
            first.drop("standfirst")

    # 7. Position: head fragments, tail peel.
    for unit in units:
        if not unit.kept:
            continue
        if _is_paragraph(unit.text) and not _edge_reason(unit.text):
            break
        unit.drop(_edge_reason(unit.text) or "head-fragment")
    for unit in reversed(units):
        if not unit.kept:
            continue
        edge = _edge_reason(unit.text)
        if edge:
            unit.drop(edge)
        elif _BULLET_RE.match(unit.text) and not _ends_sentence(unit.text):
            unit.drop("related-links")
        elif not _is_paragraph(unit.text):
            unit.drop("author-bio" if re.search(_ROLE_WORDS, unit.text, re.I) or "·" in unit.text
                      else "tail-fragment")
        else:
            break

    # 8. Crossheads; 9. duplicates; inline placeholders.
    seen: set[str] = set()
    for unit in units:
        if not unit.kept:
            continue
        inline = _PI_RE.findall(unit.text)
        if inline:
            for placeholder in inline:
                removed_extra.append(Removed(unit.line, placeholder, "cms-placeholder"))
            unit.text = re.sub(r"\s{2,}", " ", _PI_RE.sub(" ", unit.text)).strip()
            if not unit.text:
                unit.kind = "removed"
                continue
        key = _key(unit.text)
        if key in seen:
            unit.drop("duplicate")
            continue
        seen.add(key)
        if not _is_paragraph(unit.text) and _words(unit.text) <= 10 and not unit.text.rstrip(_CLOSERS)[-1:] in ",":
            unit.kind = "heading"

    body_units = [u for u in units if u.kept]
    if not any(u.kind == "text" for u in body_units):
        raise IngestError(f"{source_name}: no article text left after removing furniture")

    # Outlet hints from furniture lines.
    for unit in units:
        if unit.kind != "removed" or unit.reason in ("headline", "duplicate-headline", "standfirst", "byline"):
            continue
        plain = straighten(unit.text)
        if unit.reason == "copyright":
            known = _known_outlet(plain)
            if known:
                outlet_hints.append((0, unit.line, known))
            else:
                m = re.match(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?P<name>.+?)"
                             r"(?:[.,]?\s*all rights reserved.*)?\.?$", plain, re.I)
                if m and m.group("name") and re.search(r"[^\W\d_]", m.group("name")):
                    outlet_hints.append((0, unit.line, m.group("name").strip(" .,")))
        elif unit.reason == "disclaimer":
            known = _known_outlet(plain)
            m = re.match(r"^(?P<name>.+?)\s+does not take\b", plain, re.I)
            if known or m:
                outlet_hints.append((1, unit.line, known or m.group("name")))
        else:
            known = _known_outlet(plain)
            if known:
                outlet_hints.append((3, unit.line, known))
    first_text = next((u for u in body_units if u.kind == "text"), None)
    if first_text is not None:
        m = _WIRE_DATELINE_RE.match(first_text.text)
        if m and _known_outlet(m.group("agency").strip()):
            outlet_hints.append((5, first_text.line, _known_outlet(m.group("agency").strip())))

    # Metadata: flags override the text; never guess.
    provenance: dict[str, str] = {}
    missing: list[tuple[str, str]] = []
    final_title = title or text_title
    if title:
        provenance["title"] = "flag"
    elif text_title:
        provenance["title"] = f"line {headline.line}"
    else:
        missing.append(("title", "--title TEXT"))
    final_date = date
    if date:
        provenance["date"] = "flag"
    else:
        stamps = sorted(found_dates, key=lambda s: (s[0], s[1]))  # posted/published before updated
        if stamps:
            final_date = stamps[0][2].isoformat()
            provenance["date"] = f"line {stamps[0][1]}"
        else:
            missing.append(("publication date", "--date YYYY-MM-DD"))
    final_outlet = outlet
    if outlet:
        provenance["outlet"] = "flag"
    elif outlet_hints:
        best = min(outlet_hints)
        final_outlet = best[2]
        provenance["outlet"] = f"line {best[1]}"
    else:
        missing.append(("outlet", "--outlet NAME"))
    if missing:
        what = " and no ".join(m[0] for m in missing)
        flags = " ".join(m[1] for m in missing)
        raise IngestError(f"{source_name}: no {what} found in the text; pass {flags}")
    if authors is not None:
        final_authors = list(authors)
        provenance["authors"] = "flag"
    else:
        final_authors = []
        for _line, name in found_authors:
            if name not in final_authors:
                final_authors.append(name)
        if found_authors:
            provenance["authors"] = f"line {found_authors[0][0]}"
    if not slugify(final_title):
        raise IngestError(f"{source_name}: the title {final_title!r} gives an empty slug; pass --title TEXT")

    meta: dict = {
        "title": final_title,
        "outlet": final_outlet,
        "date": final_date,
        "authors": final_authors,
        "url": url,
        "language": language,
        "seed": seed,
    }
    if standfirst:
        meta["standfirst"] = standfirst

    paragraphs = []
    for unit in body_units:
        if unit.kind == "heading":
            paragraphs.append(f"## {unit.text}")
        else:
            paragraphs.append(re.sub(r"^([#>])", r"\\\1", unit.text))
    removed = sorted([Removed(u.line, u.text, u.reason) for u in units if u.kind == "removed" and u.reason]
                     + removed_extra, key=lambda r: r.line)
    return IngestResult(meta=meta, body="\n\n".join(paragraphs), removed=removed, provenance=provenance)


def ingest_file(path: str | os.PathLike, **flags) -> IngestResult:
    """Read ``path`` (UTF-8) and run :func:`ingest_text` on it with ``flags``."""
    path = Path(path)
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text (byte {exc.start}); re-save the file as UTF-8") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return ingest_text(raw, source_name=str(path), **flags)


# ----------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it."""
    try:
        return Path(os.path.relpath(path.resolve(), Path.cwd().resolve())).as_posix() \
            if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path.resolve())
    except ValueError:
        return str(path)


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@click.command("ingest")
@click.argument("raw", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--outlet", help="Publication name, e.g. 'The Boston Globe' (overrides the text).")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Publication date (overrides the text).")
@click.option("--url", help="Address of the article online.")
@click.option("--title", help="Headline (overrides the first headline-like line).")
@click.option("--language", default="en", show_default=True, help="Language code of the article.")
@click.option("--author", "authors", multiple=True, help="Author name; repeat for several (overrides the byline).")
@click.option("--content-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("content"),
              show_default=True, help="Content folder; articles go to <content-dir>/articles/.")
@click.option("--dry-run", is_flag=True, help="Show what would be removed and written; write nothing.")
@click.option("--force", is_flag=True, help="Overwrite an existing article file that differs.")
def ingest_command(raw: tuple[Path, ...], outlet: str | None, date_: str | None, url: str | None,
                   title: str | None, language: str, authors: tuple[str, ...], content_dir: Path,
                   dry_run: bool, force: bool) -> None:
    """Turn raw scraped news text into clean Markdown articles.

    RAW is one or more .txt files or folders (every *.txt in a folder, in
    sorted order). Navigation, bylines, date stamps, newsletter blurbs and
    other furniture are removed and listed with their line numbers; the
    reporting is kept word for word in content/articles/<date>-<slug>.md.
    The date and the outlet are taken from the text when it holds them;
    otherwise pass --date / --outlet (nothing is guessed).

    \b
    Examples:
      python -m generator ingest raw/bloomberg.txt --date 2013-03-05 \\
          --url https://www.bloomberg.com/news/articles/...
      python -m generator ingest raw/globe.txt --outlet "The Boston Globe" --date 2016-02-25
      python -m generator ingest raw/donga.txt --dry-run
      python -m generator ingest raw/            # a folder: files missing a date/outlet are reported, others written
    """
    files: list[Path] = []
    for path in raw:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise click.ClickException(f"{path}: no *.txt files in this folder")
            files.extend(found)
        else:
            files.append(path)
    per_file = {"--outlet": outlet, "--date": date_, "--url": url, "--title": title, "--author": authors}
    given = [name for name, value in per_file.items() if value]
    if len(files) > 1 and given:
        raise click.UsageError(f"{', '.join(given)} describe(s) one article but {len(files)} raw files were given; "
                               "run ingest once per file to use these flags")

    articles_dir = content_dir / "articles"
    failures = 0
    written_ids: dict[str, Path] = {}
    for index, path in enumerate(files, 1):
        click.echo(f"[{index}/{len(files)}] {path.name}")
        try:
            result = ingest_file(path, outlet=outlet, date=date_, url=url, title=title, language=language,
                                 authors=list(authors) if authors else None)
        except IngestError as exc:
            click.echo(f"Error: {exc}", err=True)
            failures += 1
            continue
        for item in result.removed:
            click.echo(f"  - line {item.line} [{item.reason}] {_short(item.text)}")
        found = ", ".join(f"{key} {where}" for key, where in result.provenance.items())
        click.echo(f"  = {result.meta['date']} · {result.meta['outlet']} · {result.meta['title']}"
                   + (f"  ({found})" if found else ""))
        article_id = result.article_id
        out = articles_dir / f"{article_id}.md"
        if not out.resolve().is_relative_to(content_dir.resolve()):
            click.echo(f"Error: {path}: output {out} would be outside {content_dir}; refusing", err=True)
            failures += 1
            continue
        if article_id in written_ids:
            click.echo(f"Error: {path}: gives the same id {article_id} as {written_ids[article_id].name}; "
                       "pass --title to tell them apart", err=True)
            failures += 1
            continue
        written_ids[article_id] = path
        data = result.to_markdown().encode("utf-8")
        if out.exists():
            if out.read_bytes() == data:
                click.echo(f"unchanged {_shown(out)}")
                continue
            if not force:
                click.echo(f"Error: {_shown(out)} exists and differs; pass --force to overwrite it", err=True)
                failures += 1
                continue
        if dry_run:
            click.echo(f"would write {_shown(out)}")
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        click.echo(f"wrote {_shown(out)}")
    if failures:
        raise click.ClickException(f"{failures} of {len(files)} raw file(s) failed")
