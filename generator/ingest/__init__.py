"""Ingest: a news page (raw text, a saved HTML page or a URL) -> a clean Markdown article.

Public entry points: :func:`ingest_text` (the text path), :func:`ingest_html` (a saved
page's HTML), :func:`ingest_source` (a path or a URL: reads it, tells HTML from text,
runs the right path) and the click command :data:`ingest_command`, which writes
``content/articles/<date>-<slug>.md``. One module per step:

- :mod:`.units` splits the text into numbered units and joins hard-wrapped lines;
- :mod:`.mainblock` finds the dense run of reporting;
- :mod:`.furniture` holds the furniture rules as data and applies them;
- :mod:`.metadata` reads headline, stamps, bylines, outlet and language, and builds
  the front matter through the content schema's ``ArticleMeta``;
- :mod:`.html` extracts a saved page with trafilatura and applies the project's policy;
- :mod:`.fetch` reads files and URLs (timeout, size cap, User-Agent);
- :mod:`.report` is the result: front matter, body, what was removed and why.

Kept text is never reworded: body paragraphs are the page's own lines.
"""

from __future__ import annotations

from generator.ingest import furniture, mainblock, metadata, units as unitmod
from generator.ingest.furniture import FURNITURE_PATTERNS, KNOWN_OUTLETS
from generator.ingest.metadata import Found, Head
from generator.ingest.report import IngestError, IngestResult, Removed, slugify

__all__ = ["FURNITURE_PATTERNS", "KNOWN_OUTLETS", "IngestError", "IngestResult", "Removed", "ingest_command",
           "ingest_file", "ingest_html", "ingest_source", "ingest_text", "slugify"]


def ingest_text(raw: str, *, source_name: str, outlet: str | None = None, date: str | None = None,
                url: str | None = None, title: str | None = None, language: str | None = None,
                authors: list[str] | None = None) -> IngestResult:
    """Turn the text of one news page into front matter + clean Markdown body.

    ``source_name`` names the raw file in messages (its base name is stored as ``seed``).
    Every keyword flag, when given, overrides what is found in the text. Raises
    :class:`IngestError` when the title, the date or the outlet is found neither in
    the text nor in a flag.
    """
    date = metadata.check_date_flag(date, source_name)
    units = unitmod.split_units(raw)                        # 1. units, hard-wrapped lines joined
    mainblock.mark_main_block(units)                        # 2. the dense run of reporting
    furniture.drop_patterned(units)                         # 3. furniture rules (data)
    head = Head()
    metadata.read_stamps_and_bylines(units, head)           # 4. stamps and bylines
    metadata.choose_headline(units, head, title)            # 5. the headline just above the body
    metadata.choose_standfirst(units, head)                 # 6. standfirst
    furniture.drop_related_lists(units)                     # 7. related-link lists
    furniture.drop_outside(units)                           # 8. the rest outside the main block
    furniture.trim_edges(units)                             # 9. head fragments, tail peel
    inline = furniture.finish_body(units)                   # 10. crossheads, duplicates, placeholders
    if not any(u.kind == "text" for u in units):
        raise IngestError(f"{source_name}: no article text left after removing furniture")
    metadata.outlet_hints_from_furniture(units, head)       # 11. outlet from furniture only
    body = furniture.markdown_body(units)
    stamp = metadata.publication_date(units, head)          # 12. date next to the headline
    found_authors = list(dict.fromkeys(name for _line, name in head.authors))
    best_outlet = min(head.outlet_hints) if head.outlet_hints else None
    meta, provenance = metadata.build_meta(                 # 13. front matter via ArticleMeta
        source_name, url=url, standfirst=head.standfirst,
        title=metadata.pick(title, head.title and Found(head.title, f"line {head.headline.line}")),
        date=metadata.pick(date, stamp and Found(stamp[0].isoformat(), f"line {stamp[1]}")),
        outlet=metadata.pick(outlet, best_outlet and Found(best_outlet[2], f"line {best_outlet[1]}")),
        authors=metadata.pick(authors, found_authors and Found(found_authors, f"line {head.authors[0][0]}")),
        language=metadata.pick(language, Found(metadata.detect_language(body), "detected")))
    removed = sorted([Removed(u.line, u.text, u.reason) for u in units if u.kind == "removed" and u.reason] + inline,
                     key=lambda r: r.line)
    return IngestResult(meta=meta, body=body, removed=removed, provenance=provenance)



from generator.ingest.fetch import ingest_file, ingest_source  # noqa: E402  (they call the paths above)
from generator.ingest.html import ingest_html  # noqa: E402
from generator.ingest.command import ingest_command  # noqa: E402
