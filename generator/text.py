"""Escaping helpers: content is data, never markup.

Every value a template prints goes through :func:`md` unless it is already
:class:`markupsafe.Markup` (built here, from escaped parts). So a name holding
``<script>``, a summary holding ``onerror=`` or a quote holding ``](javascript:``
comes out as inert text.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import posixpath
import re
import unicodedata
from urllib.parse import quote, urlsplit

from markupsafe import Markup

# Characters Python-Markdown (with tables/footnotes/attr_list) gives meaning to inline.
_INLINE = "\\`*_{}[]|"
_LINE_START = {c: f"&#{ord(c)};" for c in "!?~:/"}
_ORDERED = re.compile(r"^(\d+)([.)])")
# HTML-significant characters become entities, each _INLINE character gets a backslash. Applied as
# str.replace calls, each skipped when its character is absent: most text holds none of them, and a
# substring test is several times faster than translate() with a mapping. The backslash goes first
# and "&" before "<" and ">", so no replacement is itself escaped again (the same as one pass).
_ESCAPES = (("\\", "\\\\"), ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"),
            *((c, "\\" + c) for c in _INLINE if c != "\\"))
# Typographic quotes and the no-break space -> their plain forms.
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                           "\u00a0": " "})
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


# The whitespace other than " " that str.split() splits at, in ASCII; and any whitespace but " " or a
# run of two, in any text (for the rare text that is not ASCII).
_ASCII_SPACING = ("  ", "\n", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
_SPACING = re.compile(r"[^\S ]|  ")


def _needs_spacing(value: str) -> bool:
    """Whether md()'s whitespace rule would change ``value``: a whitespace run other than one plain space.

    A substring test per character is several times faster than a regex scan, and prose is nearly always ASCII.
    """
    if value.isascii():
        for char in _ASCII_SPACING:
            if char in value:
                return True
        return False
    return _SPACING.search(value) is not None


def md(value: object) -> str:
    """Escape ``value`` for use as Markdown inline text (one line)."""
    # Plain str first: it is nearly every call (about 500,000 at 10,000 articles).
    if type(value) is not str:
        if isinstance(value, Markup):
            return str(value)
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return long_date(value)
        value = str(value)
    # Each whitespace run becomes one space, as re.sub(r"\s+", " ") would (both use Unicode
    # whitespace), but split()/join() is several times faster. The ends are kept as one space,
    # not stripped: callers join escaped pieces around links.
    if _needs_spacing(value):
        words = value.split()
        text = " ".join(words)
        if text != value and value:
            text = (" " if value[0].isspace() else "") + text + (" " if words and value[-1].isspace() else "")
    else:
        text = value  # nearly every call: split()/join() would give it back unchanged
    for char, escaped in _ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    # At the start of a line these would open a heading, list or setext underline.
    first = text[:1]
    if first in ("#", "+", "-", "="):
        return "\\" + text
    # ... and these an admonition (!!!), a details block (???), a tilde fence (~~~), a definition
    # (: ) or a pymdownx block (///); Markdown has no backslash escape for some, so an entity.
    if first in _LINE_START:
        return _LINE_START[first] + text[1:]
    return _ORDERED.sub(r"\1\\\2", text) if first.isdigit() else text


def long_date(value: dt.date) -> str:
    """``2 March 2016``: day, month in words, year."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def safe_url(url: str) -> str:
    """An http(s) URL made safe inside ``[text](url)``; anything else becomes ``#``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "#"
    return quote(url, safe=":/?#&=%~+,;@!$*'")


def rel(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative link between two generated pages (``resolutions/2270.md`` style paths)."""
    # rpartition, not posixpath.split/dirname: the same for these plain paths, and rel() runs
    # for every link (about 300,000 at 10,000 articles).
    folder, _, name = to_page.rpartition("/")
    up = _rel_dir(folder or ".", from_page.rpartition("/")[0] or ".")
    target = name if up == "." else f"{up}/{name}"
    return target + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=1024)
def _rel_dir(to_dir: str, from_dir: str) -> str:
    # A site has a handful of folders, so caching per folder pair removes relpath from the profile.
    return posixpath.relpath(to_dir, from_dir)


def link(label: object, href: str) -> Markup:
    """``[label](href)`` with the label escaped; ``href`` must come from :func:`rel` or :func:`safe_url`."""
    return Markup(f"[{md(label)}]({href})")


def straighten(text: str) -> str:
    """Curly quotes, primes and no-break spaces replaced by their plain forms."""
    return text.translate(_STRAIGHT)


def normalise(text: str) -> str:
    """Text for comparison (quotes against articles, ingest's repeats): NFC, straight quotes, single spaces.

    The one normaliser of the package: validate, render and ingest all compare through it.
    """
    if text.isascii():
        # NFC and the straight quotes leave ASCII as it is; a text with single spaces only (most of
        # them: every paragraph of an article is normalised) comes back whole.
        if text[:1] != " " and text[-1:] != " " and not _needs_spacing(text):
            return text
        return " ".join(text.split())
    return " ".join(straighten(unicodedata.normalize("NFC", text)).split())


def attribute(value: object) -> str:
    """Text escaped once for a double-quoted HTML attribute that a theme prints as it is (a page's or the
    site's description): ``&``, ``<``, ``>`` and ``"``."""
    return html.escape(str(value), quote=False).replace('"', "&quot;")


def search_tag(value: object) -> str:
    """A search tag (front matter ``tags:``), escaped for HTML.

    Material's search plugin copies tags into ``search_index.json`` as they are
    (titles and text it escapes itself), and its search results draw them as
    HTML; so ``<img onerror=...>`` in an alias would run there. The reader sees
    the same characters; search matches the words all the same.
    """
    return html.escape(str(value), quote=False)
