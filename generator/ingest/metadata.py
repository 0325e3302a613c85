"""Metadata: dates, bylines, the headline, the outlet and the language, checked by the content schema.

Dates are read in the forms news pages print them: ``March 8, 2021``, ``Nov. 19,
2019``, ``8 March 2021``, ``22 Dec 2017``, ``2017-12-23`` (also glued to a label, as in
``News2017-12-23``), ``11.14.2019`` and ``11/19/19`` (month and day told apart only when
one of them is above 12; otherwise the date is not read). A *stamp* is a short line
holding a date and nothing else but stamp words, times and time zones (``Published :
22 Dec 2017``, ``Nov 19, 2019 • 2 min read``); a byline may carry one too (``By Tess Bonn
- 11/19/19 06:56 AM EST``).

Only stamps next to the headline count: from the headline to just inside the body.
Dates above the headline (mastheads, "today is" page-view dates) and in sidebars are
never taken; without a stamp there, ingest asks for ``--date``.

The front matter is built as the content schema's ``ArticleMeta``
(:mod:`generator.schema`), so ingest writes nothing that ``check`` would refuse.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from generator.ingest.furniture import ROLE_WORDS, known_outlet
from generator.ingest.report import IngestError, slugify
from generator.ingest.units import EMAIL_RE, WIRE_DATELINE_RE, Unit, is_headline, is_paragraph, key, plain, words
from generator.schema import ArticleMeta

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
DATE_RE = re.compile(
    rf"\b(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})(?!\d)"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_RE})\.?,?\s+(?P<y2>\d{{4}})(?!\d)"
    r"|(?<![\d.])(?P<y3>\d{4})[-./](?P<m3>\d{1,2})[-./](?P<d3>\d{1,2})(?![\d.])"
    r"|(?<![\d.])(?P<a4>\d{1,2})[/.](?P<b4>\d{1,2})[/.](?P<y4>\d{4}|\d{2})(?![\d./])",
    re.IGNORECASE,
)
_TIME_RE = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$)", re.I)
_ZONE = r"est|edt|cst|cdt|mst|mdt|pst|pdt|et|ct|pt|gmt|utc|bst|cet|cest|kst|jst|hkt|ist|am|pm|a\.m|p\.m"
_STAMP_WORDS_RE = re.compile(
    rf"(?<![^\W\d_])(posted|published|publish|updated|update|last|first|modified|on|at|date|dated|time|{_ZONE}"
    r"|mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs|rsday)?|fri(day)?|sat(urday)?|sun(day)?"
    r"|\d+\s*(min|mins|minutes?)(\s+read)?|read|reading"
    r"|publié|publiée|le|mis à jour|publicado|actualizado|el|veröffentlicht|aktualisiert|am|um|pubblicato|il)(?!\w)",
    re.I,
)
_AGO_RE = re.compile(r"\d+\s*(?:days?|hours?|hrs?|minutes?|mins?)\s+ago\b", re.I)
_ZONE_RE = re.compile(rf"\b({_ZONE})\b\.?", re.I)
_UPDATED_RE = re.compile(r"^\W*(last\s+)?(updated|modified|mis à jour|actualizado|aktualisiert)\b", re.I)
_PUBLISHED_RE = re.compile(r"\b(posted|published|first published|publié|publiée|publicado|veröffentlicht|pubblicato)\b",
                           re.I)
_NAME_PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "binti", "al", "el",
                   "y", "du", "dos", "das", "ter", "ten"}
_NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
              "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
              "today", "yesterday", "the", "a", "an", "staff", "our", "this", "contrast", "comparison", "now"}

#: How far from the headline a date stamp may be: up to this many units into the body.
DATE_INTO_BODY = 2
#: How many units above the body's first paragraph the headline is looked for.
HEADLINE_WINDOW = 30
#: Within this many units of the body a quarter of the headline's words in its opening is enough.
HEADLINE_NEAR = 8


def parse_date(match: re.Match) -> _dt.date | None:
    """The calendar date of a :data:`DATE_RE` match, or None (impossible, or day and month ambiguous)."""
    g = match.groupdict()
    try:
        if g["y1"]:
            return _dt.date(int(g["y1"]), _MONTHS.index(g["m1"][:3].lower()) + 1, int(g["d1"]))
        if g["y2"]:
            return _dt.date(int(g["y2"]), _MONTHS.index(g["m2"][:3].lower()) + 1, int(g["d2"]))
        if g["y3"]:
            return _dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        a, b, year = int(g["a4"]), int(g["b4"]), int(g["y4"])
        year += 2000 if year < 100 else 0
        if a > 12 >= b:
            return _dt.date(year, b, a)
        if b > 12 >= a:
            return _dt.date(year, a, b)
        return None  # 03/04/2019: day and month cannot be told apart
    except ValueError:
        return None


def first_date(text: str) -> _dt.date | None:
    for match in DATE_RE.finditer(text):
        date = parse_date(match)
        if date is not None:
            return date
    return None


def stamp(text: str) -> tuple[_dt.date, str] | None:
    """If ``text`` is a date stamp line, return (date, label) with label published, updated or plain.

    A line of several parts (``PUBLISHED: ... | UPDATED: ...``, ``November 20, 2019 / 1:07 AM
    / CBS News``) is a stamp when every part is a stamp, a time, an outlet or a byline; its
    date is the first ``Published`` part's, else the first part's.
    """
    if words(text) > 24:
        return None
    parts = [p for p in re.split(r"\s+[|/·•]\s+|\s*\|\s*", text) if p.strip()]
    if len(parts) == 1:
        return _stamp_part(text)
    found = [_stamp_part(part) for part in parts]
    if not any(found) or not all(f or _filler(part) for f, part in zip(found, parts)):
        return None
    dated = [f for f in found if f]
    return next((f for f in dated if f[1] == "published"), dated[0])


def _filler(part: str) -> bool:
    """A part of a stamp line that is no date: a time, an outlet, a role, a byline or a name."""
    rest = _STAMP_WORDS_RE.sub(" ", _TIME_RE.sub(" ", part)).strip(" ,.:-–—()")
    return (not re.search(r"[^\W\d_]", rest) or bool(known_outlet(rest)) or bool(re.search(ROLE_WORDS, rest, re.I))
            or byline(part) is not None or name_like(rest))


def _stamp_part(text: str) -> tuple[_dt.date, str] | None:
    if words(text) > 16:
        return None
    match = DATE_RE.search(text)
    if not match or (date := parse_date(match)) is None:
        return None
    before, after = text[:match.start()], text[match.end():]
    rest = _AGO_RE.sub(" ", DATE_RE.sub(" ", f"{before} {after}"))  # "... GMT1 day ago"
    rest = _STAMP_WORDS_RE.sub(" ", _TIME_RE.sub(" ", rest))
    # A stamp glued to one section label (``News2017-12-23``) is a stamp too.
    rest = re.sub(r"^\W*[A-Z][a-z]+(?=\W*$)", " ", rest) if not before.strip().count(" ") else rest
    if re.search(r"[^\W\d_]", rest):
        # ... and so is one with the outlet (``Associated Press November 19, 2019``), a byline
        # (``11/19/2019 by Lars Brandle``) or, after the date, the author's name.
        bare = rest.strip(" ,.:-–—()")
        tail = _STAMP_WORDS_RE.sub(" ", _TIME_RE.sub(" ", after)).strip(" ,.:-–—()")
        if not (known_outlet(bare) or re.match(r"^by\s+\S", bare, re.I) and byline(bare)
                or (not before.strip(" ,.:-–—()") or not re.search(r"[^\W\d_]", _STAMP_WORDS_RE.sub(" ", before)))
                and name_like(tail)):
            return None
    return date, _label(text)


def _label(text: str) -> str:
    if _UPDATED_RE.match(text):
        return "updated"
    return "published" if _PUBLISHED_RE.search(text) else "plain"


def name_like(part: str) -> bool:
    """2-5 capitalised words (particles such as ``van``, ``al`` allowed), no weekday or month."""
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


def byline(text: str) -> tuple[list[str], list[str]] | None:
    """If ``text`` is a byline, return (author names, organisation parts).

    ``By Name[, Name and Name][, Agency]`` (a date and time may follow), or a short line
    of names with e-mail addresses (``Name email@x · Name email@y``). Every part must look
    like a personal name, a known outlet or a role; otherwise the line is reporting
    (``By contrast, the council ...``).
    """
    if words(text) > 24:
        return None
    match = re.match(r"^by\s+(.+)$", text, re.I)
    has_email = bool(EMAIL_RE.search(text))
    if not match and not has_email:
        return None
    rest = match.group(1) if match else text
    rest = EMAIL_RE.sub(" ", rest)
    rest = DATE_RE.sub(" ", rest)
    rest = _TIME_RE.sub(" ", rest)
    rest = _ZONE_RE.sub(" ", rest) if rest != (match.group(1) if match else text) else rest
    names: list[str] = []
    orgs: list[str] = []
    for part in re.split(r"\s*(?:[,;|·•/]|\s[-–—]\s|\band\b|&)\s*", rest):
        part = part.strip(" .-–—()")
        if not part or not re.search(r"[^\W\d_]", part):
            continue
        if known_outlet(part) or re.search(ROLE_WORDS, part, re.I):
            orgs.append(part)
        elif name_like(part):
            names.append(part)
        else:
            return None
    if not names and not orgs:
        return None
    return names, orgs


# ------------------------------------------------------------------------------ the head of the article


@dataclass
class Head:
    """What the lines around the headline say: headline, standfirst, dates, authors, outlet hints."""

    headline: Unit | None = None
    title: str | None = None
    standfirst: str | None = None
    dates: list[tuple[int, int, _dt.date, str]] = field(default_factory=list)  # (unit index, line, date, label)
    authors: list[tuple[int, str]] = field(default_factory=list)
    outlet_hints: list[tuple[int, int, str]] = field(default_factory=list)  # (priority, line, name)


def read_stamps_and_bylines(units: list[Unit], head: Head) -> None:
    """Drop date stamps and bylines (anywhere), noting their dates, names and agencies."""
    for index, unit in enumerate(units):
        if not unit.kept:
            continue
        parts = byline(unit.text)
        if not parts:
            if found := stamp(unit.text):
                unit.drop("date-stamp")
                head.dates.append((index, unit.line, found[0], found[1]))
            continue
        unit.drop("byline")
        head.authors.extend((unit.line, name) for name in parts[0])
        for org in parts[1]:
            if known := known_outlet(org):
                head.outlet_hints.append((4, unit.line, known))
        for address in EMAIL_RE.findall(unit.text):
            if known := known_outlet(address.split("@", 1)[1]):
                head.outlet_hints.append((2, unit.line, known))
        if (date := first_date(unit.text)) is not None:
            head.dates.append((index, unit.line, date, _label(unit.text)))


def body_start(units: list[Unit]) -> int:
    """Index of the first kept paragraph inside the main block (len(units) when there is none)."""
    for index, unit in enumerate(units):
        if unit.kept and not unit.outside and is_paragraph(unit.text):
            return index
    return len(units)


_STOPWORDS = set("""the and for are but not you all any can had her was one our out his has have him how its may
new now old see two way who did get let put say she too use with from that this they them then than what when where
which while will would could should into over after about also been were more most some such only other just like
your their there these those here very said says""".split())


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W_]{3,}", plain(text).casefold()) if w not in _STOPWORDS}


_TWO_SENTENCES_RE = re.compile(r"[a-z]{2}[.!?][\"'”’]?\s+[\"'“‘]?[A-Z]")
_GLUED_BYLINE_RE = re.compile(r"^(.{15,}?)\s+by\s+([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})$")


def choose_headline(units: list[Unit], head: Head, title_flag: str | None) -> None:
    """The headline is the headline-like line above the body that the body's opening is about.

    Candidates are the headline-like lines (3-25 words, no final full stop, comma or
    colon) among the :data:`HEADLINE_WINDOW` units above the body's first paragraph.
    Each scores the share of its content words that the first 200 words of the body
    use, less a little for every unit between it and the body; menus, section labels
    and related-story teasers share few words with the story. A candidate needs half
    of its (at least three) content words in the body's opening, or a quarter when it
    is within :data:`HEADLINE_NEAR` units of the body; without one the text has no
    headline (and ingest asks for ``--title``). Later copies of it are removed as
    ``duplicate-headline``; a ``Headline | Outlet`` suffix names the outlet.
    """
    start = body_start(units)
    opening: list[str] = []
    for unit in units[start:]:
        if unit.kept and not unit.outside:
            opening.extend(unit.text.split())
            if len(opening) >= 200:
                break
    vocabulary = _content_words(" ".join(opening))
    best: tuple[float, int] | None = None
    for index in range(max(0, start - HEADLINE_WINDOW), start):
        unit = units[index]
        if not unit.kept or not is_headline(unit.text):
            continue
        content = _content_words(unit.text)
        if len(content) < 3:
            continue
        share = len(content & vocabulary) / len(content)
        # Captions and standfirsts look like headlines too, but run longer or hold two sentences.
        score = share - 0.01 * (start - index) - 0.02 * max(0, words(unit.text) - 16) \
            - (0.3 if _TWO_SENTENCES_RE.search(unit.text) else 0)
        near = start - index <= HEADLINE_NEAR
        if (share >= 0.5 or (near and share >= 0.25)) and (best is None or score > best[0]):
            best = (score, index)
    if best is not None:
        same = key(units[best[1]].text)  # a headline printed twice: the first copy is the headline
        head.headline = next(u for u in units[max(0, start - HEADLINE_WINDOW):] if u.kept and key(u.text) == same)
        head.headline.drop("headline")
        head.title = head.headline.text
        if (glued := _GLUED_BYLINE_RE.match(head.title)) and name_like(glued.group(2)):
            head.title = glued.group(1)  # "Headline by Jane Doe"
        suffix = re.match(r"^(?P<title>.+?)\s+[|–—-]\s+(?P<site>[^|–—-]+)$", head.title)
        if suffix and known_outlet(suffix.group("site")):
            head.title = suffix.group("title")
            head.outlet_hints.append((0, head.headline.line, known_outlet(suffix.group("site"))))
    keys = {key(t) for t in (head.title, title_flag, head.headline.text if head.headline else None) if t}
    for unit in units:
        if unit.kept and key(unit.text) in keys:
            unit.drop("duplicate-headline")


def choose_standfirst(units: list[Unit], head: Head) -> None:
    """The first unit after the headline is a standfirst when the body repeats it or it leads into reporting."""
    if head.headline is None:
        return
    kept = [u for u in units if u.kept and u.line > head.headline.line]
    if not kept:
        return
    first, later = kept[0], kept[1:]
    verbatim = any(key(first.text) == key(u.text) for u in later)
    if verbatim or any(_near_repeat(first.text, u.text) for u in later[:40] if is_paragraph(u.text)):
        head.standfirst = first.text
        first.drop("standfirst")
    elif (not is_paragraph(first.text) and 5 <= words(first.text) <= 40 and not name_like(first.text)
          and later and is_paragraph(later[0].text)):
        head.standfirst = first.text
        first.drop("standfirst")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])", text) if s]


def _near_repeat(candidate: str, paragraph: str) -> bool:
    """True when ``candidate`` is repeated in ``paragraph`` (whole, or as a near-identical sentence run)."""
    wanted = key(candidate)
    if wanted == key(paragraph):
        return True
    sentences = _sentences(paragraph)
    want = len(_sentences(candidate))
    for i in range(len(sentences)):
        chunk = key(" ".join(sentences[i:i + want]))
        matcher = difflib.SequenceMatcher(None, wanted, chunk, autojunk=False)
        if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
            return True
    return False


def publication_date(units: list[Unit], head: Head) -> tuple[_dt.date, int] | None:
    """The date of the stamp next to the headline: (date, line), or None.

    Only stamps after the headline (or, without one, just above the body) and at most
    :data:`DATE_INTO_BODY` units into the body count. ``Posted``/``Published`` beats a
    bare date, which beats ``Updated``.
    """
    start = body_start(units)
    low = units.index(head.headline) if head.headline is not None else start - 4
    high = start + DATE_INTO_BODY
    near = [d for d in head.dates if low < d[0] <= high]
    if not near:
        return None
    rank = {"published": 0, "plain": 1, "updated": 2}
    best = min(near, key=lambda d: (rank[d[3]], d[0]))
    return best[2], best[1]


def outlet_hints_from_furniture(units: list[Unit], head: Head) -> None:
    """Outlet names found in removed furniture: copyright lines, disclaimers, taglines, wire datelines."""
    for unit in units:
        if unit.kind != "removed" or unit.reason in ("headline", "duplicate-headline", "standfirst", "byline",
                                                     "outside-main-block"):
            continue
        flat = plain(unit.text)
        if unit.reason == "copyright":
            if known := known_outlet(flat):
                head.outlet_hints.append((0, unit.line, known))
                continue
            m = re.match(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?P<name>.+?)"
                         r"(?:[.,]?\s*all rights reserved.*)?\.?$", flat, re.I)
            if m and m.group("name") and re.search(r"[^\W\d_]", m.group("name")):
                head.outlet_hints.append((0, unit.line, m.group("name").strip(" .,")))
        elif unit.reason == "disclaimer":
            known = known_outlet(flat)
            m = re.match(r"^(?P<name>.+?)\s+does not take\b", flat, re.I)
            if known or m:
                head.outlet_hints.append((1, unit.line, known or m.group("name")))
        elif known := known_outlet(flat):
            head.outlet_hints.append((3, unit.line, known))
    first_text = next((u for u in units if u.kind == "text"), None)
    if first_text is not None and (m := WIRE_DATELINE_RE.match(first_text.text)):
        if known := known_outlet(m.group("agency").strip()):
            head.outlet_hints.append((5, first_text.line, known))


# ------------------------------------------------------------------------------ language


def detect_language(text: str) -> str:
    """ISO 639-1 code of the body's language (py3langid); ``en`` for text too short to tell."""
    if len(text.split()) < 5:
        return "en"
    import py3langid  # loads its model on first use

    code, _score = py3langid.classify(text[:3000])
    return code


# ------------------------------------------------------------------------------ the front matter


@dataclass
class Found:
    """One metadata value and where it came from (``line 8``, ``flag``, ``JSON-LD datePublished``)."""

    value: object
    where: str


def pick(flag, found: Found | None) -> Found | None:
    """A flag overrides what the page says."""
    if flag is not None:
        return Found(flag, "flag")
    return found or None


def check_date_flag(date: str | None, source_name: str) -> str | None:
    if date is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise IngestError(f"{source_name}: --date must be YYYY-MM-DD, got {date!r}")
    try:
        _dt.date.fromisoformat(date)
    except ValueError:
        raise IngestError(f"{source_name}: --date {date} is not a real calendar date") from None
    return date


def build_meta(source_name: str, *, title: Found | None, outlet: Found | None, date: Found | None,
               authors: Found | None, url: str | None, language: Found, standfirst: str | None,
               what: str = "text") -> tuple[dict, dict[str, str]]:
    """Front matter (checked by ``ArticleMeta``) and provenance; :class:`IngestError` names what is missing."""
    missing = [(name, flag) for name, flag, value in (("title", "--title TEXT", title),
                                                      ("publication date", "--date YYYY-MM-DD", date),
                                                      ("outlet", "--outlet NAME", outlet)) if value is None]
    if missing:
        raise IngestError(f"{source_name}: no {' and no '.join(m[0] for m in missing)} found in the {what}; "
                          f"pass {' '.join(m[1] for m in missing)}")
    if not slugify(str(title.value)):
        raise IngestError(f"{source_name}: the title {title.value!r} gives an empty slug; pass --title TEXT")
    raw = {"title": title.value, "outlet": outlet.value, "date": str(date.value),
           "authors": list(authors.value) if authors else [], "url": url, "language": language.value,
           "seed": None if "://" in source_name else source_name.replace("\\", "/").rsplit("/", 1)[-1], "standfirst": standfirst}
    try:
        checked = ArticleMeta.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise IngestError(f"{source_name}: the front matter would not pass check ({problems}); "
                          "fix it with --title/--outlet/--date/--author/--url/--language") from None
    meta = checked.model_dump(mode="json")
    if meta.get("standfirst") is None:
        meta.pop("standfirst", None)
    provenance = {name: found.where for name, found in (("title", title), ("date", date), ("outlet", outlet),
                                                        ("authors", authors), ("language", language)) if found}
    return meta, provenance
