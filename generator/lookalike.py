"""Look-alike names: two names a reader cannot tell apart that are different text.

A Cyrillic "а" in "Chinа", a zero-width joiner in "Bei\u200djing" or a
full-width "Ｃhina" would stand beside the real name unnoticed: mentions would
link to one entity or the other depending on which spelling an article used.
:func:`skeleton` maps a name to a key that is equal for such look-alikes:
NFKC, case folding, invisible format characters dropped, and every character
replaced by one representative of its set of confusable characters (Unicode's
confusables data, as shipped by the ``confusable-homoglyphs`` package).
"""

from __future__ import annotations

import functools
import unicodedata

from confusable_homoglyphs.confusables import confusables_data


@functools.cache
def _representatives() -> dict[str, str]:
    """Character -> the representative of its set of confusables (an ASCII one when the set has one).

    The data lists each pair of single characters both ways; the sets are the connected
    groups of those pairs. Pairs with a multi-character side (``rn`` / ``m``) are left out:
    they would make ordinary spellings look alike.
    """
    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        while parent.get(ch, ch) != ch:
            parent[ch] = parent.get(parent[ch], parent[ch])
            ch = parent[ch]
        return ch

    def better(a: str, b: str) -> bool:  # ASCII first, then the lower code point
        return (not a.isascii(), ord(a)) < (not b.isascii(), ord(b))

    for char, entries in confusables_data.items():
        if len(char) != 1:
            continue
        for entry in entries:
            if len(entry["c"]) == 1:
                a, b = find(char), find(entry["c"])
                if a != b:
                    keep, drop = (a, b) if better(a, b) else (b, a)
                    parent[drop] = keep
    return {ch: find(ch) for ch in parent}


def skeleton(name: str) -> str:
    """A key equal for names that look alike: ``skeleton("Chinа") == skeleton("china")``."""
    reps = _representatives()
    text = unicodedata.normalize("NFKC", name).casefold()
    # Format characters (Cf: zero-width joiners and spaces, soft hyphens) are invisible.
    kept = (reps.get(ch, ch) for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join("".join(kept).split())


def visible(name: str) -> str:
    """``name`` with its invisible format characters shown as ``\\u200d``."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) == "Cf" else ch for ch in name)


def differing(name: str, other: str) -> str:
    """The characters of ``name`` that ``other`` lacks, named: ``U+0430 CYRILLIC SMALL LETTER A``."""
    odd = sorted(set(name) - set(other) - set(other.casefold()) - set(other.upper()))
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip() for ch in odd[:3])
