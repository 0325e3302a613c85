"""Step 1: raw text -> units (one per paragraph line), and the shape tests every later step uses.

A *unit* is one non-blank line, numbered by its first raw line so that every removal
can be reported as ``line N [reason] text``. Lines are joined into one unit when the
text is hard-wrapped (:func:`split_units`), and a dateline standing alone on its line
(``WASHINGTON —``) is joined to the paragraph after it.

A *paragraph* is a unit that ends with sentence punctuation or has 12 words or more;
anything else is a *fragment*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.text import normalise, straighten

TERMINAL = ".!?…:;"
CLOSERS = "\"'”’»)]"

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
BULLET_RE = re.compile(r"^([-•*▪►»]|\d+[.)])\s+\S")
_DATELINE_ONLY_RE = re.compile(r"^[A-Z][A-Z.' ,-]{1,40}(?:\s*\([^)]{1,30}\))?\s*[—–-]{1,2}$")
#: A wire dateline opening a paragraph: ``WASHINGTON, March 3 (Reuters) -``, ``BRUSSELS (AP) —``.
WIRE_DATELINE_RE = re.compile(r"^[A-Z][A-Za-z0-9 .,'-]{0,60}\((?P<agency>[A-Za-z .-]{2,30})\)\s*[—–-]")


@dataclass
class Unit:
    """One paragraph-sized piece of the raw text; ``kind`` is text, heading or removed."""

    line: int
    text: str
    kind: str = "text"
    reason: str = ""
    outside: bool = False  # left out of the main block (see mainblock.py)

    @property
    def kept(self) -> bool:
        return self.kind != "removed"

    def drop(self, reason: str) -> None:
        self.kind, self.reason = "removed", reason


def plain(text: str) -> str:
    """Text with curly quotes straightened, for pattern matching (the project's one normaliser)."""
    return straighten(text)


def key(text: str) -> str:
    """Comparison key: the shared normaliser, case ignored."""
    return normalise(text).casefold()


def words(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] in TERMINAL


def is_paragraph(text: str) -> bool:
    """Reporting-shaped: ends with sentence punctuation or is 12+ words long."""
    return ends_sentence(text) or words(text) >= 12


def is_headline(text: str) -> bool:
    """3-25 words, no final full stop/comma/colon, has letters, not all lower case, no e-mail."""
    n = words(text)
    if not 3 <= n <= 25 or EMAIL_RE.search(text):
        return False
    stripped = text.rstrip(CLOSERS + " ")
    if not stripped or stripped[-1] in ".,;:" or stripped.endswith("..."):
        return False
    return any(c.isalpha() for c in text) and not text.islower()


def _wire_dateline(text: str) -> bool:
    """``WASHINGTON, March 3 (Reuters) -`` at the start: a capitalised place, maybe a date, an agency."""
    return bool(WIRE_DATELINE_RE.match(text)) and text.split("(", 1)[0].split(",", 1)[0].isupper()


def split_units(raw: str) -> list[Unit]:
    """Non-blank lines as units; hard-wrapped lines joined; a lone dateline joined to what follows.

    A line continues the one before it (no blank line between) when the one before
    has 6+ words and does not end a sentence and this one starts in lower case, or
    when both belong to a block of hard-wrapped lines: consecutive lines of similar,
    long width where the earlier does not end a sentence, or the block is a wire
    story opened by a dateline.
    """
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    wrapped = _wrap_width(lines)
    units: list[Unit] = []
    previous_blank = True
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            continue
        last = units[-1] if units else None
        if last is not None and not previous_blank and _continues(last.text, stripped, lines[number - 2], wrapped):
            last.text += " " + stripped
        else:
            units.append(Unit(number, stripped))
        previous_blank = False
    merged: list[Unit] = []
    for unit in units:
        if merged and _DATELINE_ONLY_RE.match(merged[-1].text) and is_paragraph(unit.text):
            merged[-1].text += " " + unit.text
        else:
            merged.append(unit)
    return merged


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text breaks at, when most long lines end near one width."""
    widths = [len(line.rstrip()) for line in lines if len(line.split()) >= 6]
    if len(widths) < 4:
        return None
    top = max(widths)
    if top > 100:
        return None
    near = sum(1 for w in widths if w >= top - 15)
    return top if near >= 0.6 * len(widths) else None


def _continues(previous: str, line: str, previous_raw: str, wrapped: int | None) -> bool:
    if re.match(r"^by\s+[A-Z]", line):
        return False  # a byline under its headline, not a wrapped line
    if words(previous) >= 6 and not ends_sentence(previous) and line[0].islower():
        return True
    if wrapped is None or BULLET_RE.match(line):
        return False
    # In a hard-wrapped text a line that reached the wrap width continues on the next line,
    # unless the next line starts a new paragraph by indentation.
    return len(previous_raw.rstrip()) >= wrapped - 15 and not previous_raw.startswith((" ", "\t")) \
        and not (ends_sentence(previous) and len(previous_raw.rstrip()) < wrapped - 15)
