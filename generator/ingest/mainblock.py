"""Step 2: the main block, the stretch of the page where the reporting is, found by text density.

A browser's text of a news page is mostly short lines (menus, link lists, labels) with
one dense run of long sentence-shaped lines: the article. Each unit scores its word
count (less a small offset) when it is shaped like reporting, and a penalty otherwise; the main block is the contiguous run of units
with the highest total (the maximum-sum segment). Units outside it are marked
``outside``: the headline, byline and date stamp are looked for just above it, and
whatever is left outside after that is removed as ``outside-main-block``.
"""

from __future__ import annotations

from generator.ingest.furniture import ends_article, pattern_reason
from generator.ingest.units import Unit, ends_sentence, words

#: Score of a unit that is not shaped like reporting, and of one a furniture pattern matches.
FRAGMENT_PENALTY = 10
FURNITURE_PENALTY = 10
#: Taken off every reporting-shaped unit's word count, so that short teaser sentences
#: between teaser headlines (related stories, most read) add up to nothing.
SENTENCE_OFFSET = 5
#: A reporting-shaped unit: ends a sentence with at least this many words, or is this long anyway.
SENTENCE_WORDS = 8
LONG_WORDS = 20


def unit_score(unit: Unit) -> int:
    n = words(unit.text)
    if pattern_reason(unit.text):
        return -FURNITURE_PENALTY
    if (ends_sentence(unit.text) and n >= SENTENCE_WORDS) or n >= LONG_WORDS:
        return n - SENTENCE_OFFSET
    return -FRAGMENT_PENALTY


def mark_main_block(units: list[Unit]) -> None:
    """Mark every unit outside the densest run of reporting-shaped units as ``outside``."""
    best, best_span = 0, (0, len(units))
    total, start = 0, 0
    for index, unit in enumerate(units):
        if ends_article(unit.text):
            total, start = 0, index + 1  # the block never runs across the end of an article
            continue
        if total <= 0:
            total, start = 0, index
        total += unit_score(unit)
        if total > best:
            best, best_span = total, (start, index + 1)
    low, high = best_span
    for index, unit in enumerate(units):
        unit.outside = not low <= index < high
