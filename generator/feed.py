"""The Atom feed of changes (``feed.xml``), written by the render stage from :mod:`generator.history`.

Plain XML built with :mod:`xml.etree.ElementTree`, which escapes every text and
attribute exactly once; characters XML 1.0 cannot hold are dropped first. Links are
relative to the feed (at the site root), so the feed works from ``file://`` and on
any host; pages are linked as ``.html`` files (``use_directory_urls: false``, which
the offline bundle needs). Ids are ``urn:uuid:`` names derived from the commits, so
the same commits give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
PATH = "feed.xml"
#: The feed carries the latest changes only; the "What changed" page lists more.
FEED_CAP = 50
_NOT_XML = re.compile("[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_NAMESPACE = uuid.UUID("6f1c3a52-2d0e-4b0a-9a4e-0c6d8c1f7b21")  # this generator's feeds


@dataclass(frozen=True)
class Entry:
    """One change as the feed shows it."""

    key: str
    """Unique and stable for the change (commit and entity)."""
    when: int
    """Seconds since 1970, UTC."""
    title: str
    page: str | None
    """The generated page it links to (``resolutions/2270.md``), if the entity still has one."""


def page_url(page: str) -> str:
    """A generated page's URL relative to the site root (``resolutions/2270.html``)."""
    return page[: -len(".md")] + ".html" if page.endswith(".md") else page


def timestamp(when: int) -> str:
    """RFC 3339 in UTC: ``2026-11-22T21:04:57Z``."""
    return dt.datetime.fromtimestamp(when, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def atom(title: str, author: str, subtitle: str, entries: list[Entry], origin: str, alternate: str) -> str:
    """The feed as text: ``entries`` newest first (at most :data:`FEED_CAP`); ``alternate`` is the "What changed" page."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(v) for k, v in attrs.items()})
        if text is not None:
            el.text = _text(text)
        return el

    entries = entries[:FEED_CAP]
    add(feed, "title", title)
    if subtitle:
        add(feed, "subtitle", subtitle)
    add(feed, "id", f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'feed ' + origin)}")
    # With no change known, a fixed instant: the same input gives the same bytes.
    add(feed, "updated", timestamp(max((e.when for e in entries), default=0)))
    add(add(feed, "author"), "name", author)
    add(feed, "link", rel="alternate", type="text/html", href=page_url(alternate))
    for e in entries:
        entry = add(feed, "entry")
        add(entry, "title", e.title)
        add(entry, "id", f"urn:uuid:{uuid.uuid5(_NAMESPACE, e.key)}")
        add(entry, "updated", timestamp(e.when))
        add(entry, "link", rel="alternate", type="text/html", href=page_url(e.page or alternate))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
