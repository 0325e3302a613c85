"""Furniture rules as data: the pattern tables, and the two small functions that apply them.

Each entry of :data:`FURNITURE_PATTERNS` is ``(reason, regex, max words or None)``; it is
matched case-insensitively against a unit with curly quotes made straight, and an entry
with a word limit only fires on units that short, so a paragraph of reporting that merely
mentions a newsletter is not touched. :data:`EDGE_PATTERNS` are weaker cues used only
before the first and after the last paragraph. :data:`KNOWN_OUTLETS` names outlets seen
in furniture (never in reporting, which may quote other outlets). Add a site's tagline
or a new outlet here, not in code.
"""

from __future__ import annotations

import functools
import re

from generator.ingest.report import Removed
from generator.ingest.units import BULLET_RE, CLOSERS, Unit, ends_sentence, is_headline, is_paragraph, key, plain, words


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
    ("navigation", r"^[^.!?]+?(\s[›»>]\s[^.!?]+?)+$", 10),  # breadcrumbs: World › Europe › France
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
    ("share", r"^share (this|on|the|all|via|permalink)\b|\bsharing options\b|^(share|tweet|email|e-mail|print|copy link|facebook|twitter|linkedin|whatsapp"
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
    ("caption", r"[a-z][.!?]\s?(reuters|ap|afp|getty images?|associated press|epa|xinhua|shutterstock)$", 60),
    ("caption", r"^in this [^.]{0,80}\b(file )?(photo|image|picture)\b", 80),  # AP style: "In this Dec. 12 photo, ..."
    ("caption", r"^\d+\s*of\s*\d+(?=\D)", 80),  # gallery counters: "1of4A shopper looks at ..."
    ("credits", r"^(additional )?(reporting|writing|editing|editing by|compiled) by\b", 30),
]

#: Lines that end an article: what follows them (the comments) is never part of it. The main
#: block does not run across one of these. ("More in <section>" is not one: pages embed such
#: boxes in the middle of a story.)
END_PATTERNS: list[str] = [
    r"^((view|show|load|read|see|post|add|leave)( all| the)? |\d+ )?comments?( \(\d+\))?:?$",
    r"\bcomments powered by\b|^as you comment\b|^join the (conversation|discussion)\b",
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

#: Words that make a byline part or a short tail line an organisation or a role, not a name.
ROLE_WORDS = (r"\b(staff|writer|reporter|correspondent|editor|bureau|desk|contributor|columnist|fellow|director"
              r"|analyst|professor|researcher|chief|senior|alumni|alumnus|programme|program|head|deputy|associate"
              r"|lecturer|adviser|advisor|news|press|agency|wire|service|media)\b")

_COMPILED = [(reason, re.compile(rx, re.I), limit) for reason, rx, limit in FURNITURE_PATTERNS]
_EDGE_COMPILED = [(reason, re.compile(rx, re.I if reason != "author-bio" else 0)) for reason, rx in EDGE_PATTERNS]
_OUTLETS_COMPILED = [(name, re.compile(rx, re.I if name not in ("The Associated Press", "Agence France-Presse") else 0))
                     for name, rx in KNOWN_OUTLETS]
_END_COMPILED = [re.compile(rx, re.I) for rx in END_PATTERNS]
_PRIVACY_COMPILED = [re.compile(cue, re.I) for cue in _PRIVACY_CUES]


@functools.lru_cache(maxsize=8192)
def pattern_reason(text: str) -> str | None:
    """The reason of the first furniture pattern that ``text`` matches, else None."""
    flat = plain(text)
    n = words(text)
    for reason, rx, limit in _COMPILED:
        if (limit is None or n <= limit) and rx.search(flat):
            return reason
    if n <= 120 and sum(bool(rx.search(flat)) for rx in _PRIVACY_COMPILED) >= 2:
        return "privacy"
    return None


def ends_article(text: str) -> bool:
    """True for a line after which the article is over (see :data:`END_PATTERNS`)."""
    flat = plain(text)
    return words(text) <= 40 and any(rx.search(flat) for rx in _END_COMPILED)


def edge_reason(text: str) -> str | None:
    """The reason of the first weaker (head/tail only) cue that ``text`` matches, else None."""
    flat = plain(text)
    for reason, rx in _EDGE_COMPILED:
        if rx.search(flat):
            return reason
    return None


def known_outlet(text: str) -> str | None:
    """The canonical name of the first known outlet named in ``text``, else None."""
    for name, rx in _OUTLETS_COMPILED:
        if rx.search(text):
            return name
    return None


# ------------------------------------------------------------------------------ the rules applied to units

_PI_RE = re.compile(r"<\?.*?\?>")


def drop_patterned(units: list[Unit]) -> None:
    """Drop every unit that a furniture pattern matches, with that pattern's reason."""
    for unit in units:
        if unit.kept and (reason := pattern_reason(unit.text)):
            unit.drop(reason)


def drop_related_lists(units: list[Unit]) -> None:
    """After a ``Read more:``/``Related`` header, drop the headline-like or bulleted lines that follow."""
    in_list = False
    for unit in units:
        if unit.reason == "related-links":
            in_list = True
            continue
        if in_list and unit.kept and (BULLET_RE.match(unit.text) or is_headline(unit.text)
                                      or (not ends_sentence(unit.text) and words(unit.text) <= 25)):
            unit.drop("related-links")
            continue
        if unit.kept:
            in_list = False


def drop_outside(units: list[Unit]) -> None:
    """Drop what is left outside the main block (see mainblock.py), with the edge reason when one fits."""
    inside = [i for i, u in enumerate(units) if not u.outside]
    first = inside[0] if inside else len(units)
    for index, unit in enumerate(units):
        if unit.kept and unit.outside:
            unit.drop(_edge_drop_reason(unit.text, tail=index > first) or "outside-main-block")


def _edge_drop_reason(text: str, tail: bool) -> str | None:
    """Why a unit before the first (``tail`` False) or after the last paragraph goes; None if it is reporting."""
    if edge := edge_reason(text):
        return edge
    if not tail:
        return None if is_paragraph(text) else "head-fragment"
    if BULLET_RE.match(text) and not ends_sentence(text):
        return "related-links"
    if not is_paragraph(text):
        return "author-bio" if re.search(ROLE_WORDS, text, re.I) or "·" in text else "tail-fragment"
    return None


def trim_edges(units: list[Unit]) -> None:
    """Before the first paragraph, drop fragments; after the last, peel fragments, bios, bullets and weak cues."""
    for tail, order in ((False, units), (True, reversed(units))):
        for unit in order:
            if not unit.kept:
                continue
            if not (reason := _edge_drop_reason(unit.text, tail)):
                break
            unit.drop(reason)


def finish_body(units: list[Unit]) -> list[Removed]:
    """Inline placeholders out, repeated units out, short fragments between paragraphs made crossheads.

    Returns the inline placeholders removed (their units stay).
    """
    removed: list[Removed] = []
    seen: set[str] = set()
    for unit in units:
        if not unit.kept:
            continue
        inline = _PI_RE.findall(unit.text)
        if inline:
            removed.extend(Removed(unit.line, placeholder, "cms-placeholder") for placeholder in inline)
            unit.text = re.sub(r"\s{2,}", " ", _PI_RE.sub(" ", unit.text)).strip()
            if not unit.text:
                unit.kind = "removed"
                continue
        unit_key = key(unit.text)
        if unit_key in seen:
            unit.drop("duplicate")
            continue
        seen.add(unit_key)
        if not is_paragraph(unit.text) and words(unit.text) <= 10 and unit.text.rstrip(CLOSERS)[-1:] != ",":
            unit.kind = "heading"
    return removed


def markdown_body(units: list[Unit]) -> str:
    """Kept units as Markdown paragraphs (``## `` for crossheads), a leading ``#``/``>`` escaped."""
    blocks = [f"## {u.text}" if u.kind == "heading" else re.sub(r"^([#>])", r"\\\1", u.text) for u in units if u.kept]
    return "\n\n".join(blocks)
