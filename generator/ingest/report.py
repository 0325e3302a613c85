"""What ingest hands back: the result, the report of what was left out and why, and the errors."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

_MAX_SLUG = 100


@dataclass
class Removed:
    """One piece of the page that is not part of the article body.

    ``line`` is the 1-based line number in the raw text file (for a saved page or a
    URL, the number of the block in page order), ``text`` the line as it was
    (stripped), ``reason`` a short tag such as ``navigation``, ``byline`` or
    ``date-stamp``.
    """

    line: int
    text: str
    reason: str


class IngestError(Exception):
    """A page cannot be ingested; the message names the file and the fix.

    e.g. ``raw/x.txt: no publication date found in the text; pass --date YYYY-MM-DD``.
    """


@dataclass
class IngestResult:
    """The outcome of ingesting one page.

    ``meta`` holds the front matter in its fixed key order (title, outlet, date as a
    ``YYYY-MM-DD`` string, authors, url, language, seed and, when there is one,
    standfirst), already checked by the content schema's ``ArticleMeta``; ``body`` the
    Markdown body without a trailing newline; ``removed`` every dropped piece with its
    reason, in page order; ``provenance`` where each metadata value came from
    (``"line 8"``, ``"flag"``, ``"JSON-LD datePublished"``...).
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

    def report_lines(self, limit: int = 110) -> list[str]:
        """One line per removed piece (``  - line N [reason] text``) and a summary of the metadata."""
        lines = [f"  - line {item.line} [{item.reason}] {_short(item.text, limit)}" for item in self.removed]
        found = ", ".join(f"{name} {where}" for name, where in self.provenance.items())
        lines.append(f"  = {self.meta['date']} · {self.meta['outlet']} · {self.meta['title']}"
                     + (f"  ({found})" if found else ""))
        return lines


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slugify(title: str) -> str:
    """Lowercase ASCII slug: ``U.S., E.U. agree ... St. Louis talks`` -> ``us-eu-agree-...-st-louis-talks``.

    Accents are folded to ASCII, whitespace, slashes and dashes separate words,
    every other punctuation mark is dropped (so ``U.S.`` -> ``us``). Slugs are
    cut at a word boundary after 100 characters.
    """
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[\s/_\-]+", " ", text)
    text = re.sub(r"[^a-z0-9 ]", "", text)
    slug = ""
    for word in text.split():
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > _MAX_SLUG and slug:
            break
        slug = candidate
    return slug
