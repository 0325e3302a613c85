"""A Python-Markdown extension that keeps footnotes out of the search index.

Python-Markdown's footnotes put their list at the end of a page and a numbered marker in the
text. Search engines index both, so a result's preview showed "1 2" markers, cited passages and
"↩" back-links. This extension marks the list and each marker with ``data-search-exclude``, the
attribute Material's search plugin and Zensical's search leave out; the page looks the same.

The ``briefing-search`` plugin adds it to an MkDocs or ProperDocs build; for Zensical, which runs
no plugins, the derived config names it (``markdown_extensions: [briefing_search.markdown]``).
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

NAME = "briefing_search.markdown"
# The footnote list (<div class="footnote">) and each marker (<sup id="fnref:1">, <sup id="fnref2:1">):
# markup Python-Markdown writes. Text from content is escaped (&lt;div ...), so it never matches.
_FOOTNOTES = re.compile(r'<div class="footnote">|<sup id="fnref\d*:')


def exclude_footnotes(html: str) -> str:
    """``html`` with ``data-search-exclude`` on Python-Markdown's footnote list and footnote markers."""
    if "fnref" not in html and 'class="footnote"' not in html:
        return html
    return _FOOTNOTES.sub(lambda m: m.group().replace(" ", " data-search-exclude ", 1), html)


class _Exclude(Postprocessor):
    def run(self, text: str) -> str:
        return exclude_footnotes(text)


class FootnotesOutOfSearch(Extension):
    """``markdown_extensions: [briefing_search.markdown]``."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(_Exclude(md), "briefing_search_footnotes", 0)


def makeExtension(**kwargs) -> FootnotesOutOfSearch:  # noqa: N802 - Python-Markdown's entry point
    return FootnotesOutOfSearch(**kwargs)
