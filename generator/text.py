"""Escaping helpers: content is data, never markup.

Every value a template prints goes through :func:`md` unless it is already
:class:`markupsafe.Markup` (built here, from escaped parts). So a name holding
``<script>``, a summary holding ``onerror=`` or a quote holding ``](javascript:``
comes out as inert text.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

# Characters Python-Markdown (with tables/footnotes/attr_list) gives meaning to inline.
_INLINE = "\\`*_{}[]|"
_ORDERED = re.compile(r"^(\d+)([.)])")
_WS = re.compile(r"\s+")
# Applied in one pass: HTML-significant characters become entities, each _INLINE character gets a backslash.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in _INLINE}})
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def md(value: object) -> str:
    """Escape ``value`` for use as Markdown inline text (one line)."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return long_date(value)
    # Collapse but do not strip: callers join escaped pieces around links.
    # One translate() does the entity and inline escapes in a single pass (the
    # profile of a 2,000-article build had four re.sub per call as the top cost).
    text = _WS.sub(" ", str(value)).translate(_ESCAPES)
    # At the start of a line these would open a heading, list or setext underline.
    if text[:1] in ("#", "+", "-", "="):
        return "\\" + text
    return _ORDERED.sub(r"\1\\\2", text) if text[:1].isdigit() else text


def long_date(value: dt.date) -> str:
    """``2 March 2016`` (UN house style)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def safe_url(url: str) -> str:
    """An http(s) URL made safe inside ``[text](url)``; anything else becomes ``#``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "#"
    return quote(url, safe=":/?#&=%~+,;@!$*'")


def rel(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative link between two generated pages (``resolutions/2270.md`` style paths)."""
    folder, name = posixpath.split(to_page)
    up = _rel_dir(folder or ".", posixpath.dirname(from_page) or ".")
    target = name if up == "." else f"{up}/{name}"
    return target + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=1024)
def _rel_dir(to_dir: str, from_dir: str) -> str:
    # A site has a handful of folders, so caching per folder pair removes relpath from the profile.
    return posixpath.relpath(to_dir, from_dir)


def link(label: object, href: str) -> Markup:
    """``[label](href)`` with the label escaped; ``href`` must come from :func:`rel` or :func:`safe_url`."""
    return Markup(f"[{md(label)}]({href})")
