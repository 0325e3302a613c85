"""Reading a page: a text file, a saved HTML file (by extension or content) or a URL.

A URL is fetched with a timeout, a size cap and a User-Agent naming this tool, only by the
``ingest`` command: nothing here runs at build time (the build never imports ingest).
Every failure is an :class:`IngestError` that names the file or URL and what to do.
"""

from __future__ import annotations

import codecs
import os
import re
import socket
import urllib.error
import urllib.request
from pathlib import Path

from generator.ingest.report import IngestError, IngestResult

#: Largest page read, from disk or the network (a real article page is well under 5 MB).
MAX_BYTES = 10 * 1024 * 1024
#: Seconds to wait for a server to answer and for each read.
TIMEOUT = 20.0
USER_AGENT = "briefing-generator-ingest/0.1 (article ingest for a briefing site; one page per run)"

_URL_RE = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.I)
_HTML_START_RE = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                            re.I | re.S)
_HTML_TAGS_RE = re.compile(rb"<(?:p|div|a|span|script|article|br)\b[^>]*>", re.I)
_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


def is_url(source: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I))


def looks_like_html(data: bytes, name: str) -> bool:
    """``.html``/``.htm``, or content that starts like an HTML document or is full of tags."""
    if name.lower().endswith((".html", ".htm")):
        return True
    head = data[:8192].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START_RE.match(head)) or len(_HTML_TAGS_RE.findall(head)) >= 20


def _binary(data: bytes) -> bool:
    sample = data[:8192]
    return b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 20


def decode_html(data: bytes, declared: str | None = None) -> str:
    """The page's text: its BOM, the HTTP or ``<meta>`` charset, else UTF-8, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    candidates = [declared] if declared else []
    if match := _CHARSET_RE.search(data[:16384]):
        candidates.append(match.group(1).decode("ascii", "ignore"))
    for encoding in candidates + ["utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", "replace")


def read_path(path: Path) -> tuple[bytes, bool]:
    """(bytes, is_html) of a file on disk, refusing a missing, huge or binary file."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_BYTES // 2**20} MB an article "
                              "page can be; save only the article's page")
        data = path.read_bytes()
    except IsADirectoryError:
        raise IngestError(f"{path}: is a folder; give a .txt or .html file") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if _binary(data):
        raise IngestError(f"{path}: a binary file, not a page's text or HTML; give a .txt or .html file")
    return data, looks_like_html(data, path.name)


def fetch_url(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> tuple[bytes, str, str]:
    """GET ``url``: (body, final URL, charset or ""). Refuses errors, timeouts, non-pages and huge pages."""
    if not _URL_RE.match(url):
        raise IngestError(f"{url}: not a plain http(s):// address")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only, checked above)
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
                raise IngestError(f"{url}: the server sent {kind}, not a web page")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise IngestError(f"{url}: the page is {int(length) / 1e6:.0f} MB, larger than the "
                                  f"{max_bytes // 2**20} MB cap; save the article's page and ingest the file")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise IngestError(f"{url}: the page is larger than the {max_bytes // 2**20} MB cap; "
                                  "save the article's page and ingest the file")
            return data, response.geturl(), response.headers.get_content_charset() or ""
    except urllib.error.HTTPError as exc:
        raise IngestError(f"{url}: the server answered {exc.code} {exc.reason}; check the address, or save "
                          "the page in a browser and ingest the file") from None
    except (TimeoutError, socket.timeout):
        raise IngestError(f"{url}: no answer within {timeout:g} s; try again later, or save the page in a "
                          "browser and ingest the file") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise IngestError(f"{url}: no answer within {timeout:g} s; try again later, or save the page in a "
                              "browser and ingest the file") from None
        raise IngestError(f"{url}: cannot fetch ({reason}); check the address and the network") from None
    except (OSError, ValueError) as exc:
        raise IngestError(f"{url}: cannot fetch ({exc}); check the address and the network") from None


def ingest_source(source: str | os.PathLike, *, timeout: float = TIMEOUT, **flags) -> IngestResult:
    """Ingest a text file, a saved page or a URL (``url`` defaults to the address fetched)."""
    from generator.ingest import ingest_html, ingest_text

    name = str(source)
    if is_url(name):
        data, final_url, charset = fetch_url(name, timeout=timeout)
        flags.setdefault("url", None)
        flags["url"] = flags["url"] or final_url
        if looks_like_html(data, "") or not data.strip():
            return ingest_html(decode_html(data, charset or None), source_name=name, **flags)
        return ingest_text(decode_html(data, charset or None), source_name=name, **flags)
    path = Path(source)
    data, html = read_path(path)
    if html:
        return ingest_html(decode_html(data), source_name=str(path), **flags)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text (byte {exc.start}); re-save the file as UTF-8") from None
    return ingest_text(raw, source_name=str(path), **flags)


def ingest_file(path: str | os.PathLike, **flags) -> IngestResult:
    """Ingest one file on disk (text or saved HTML) with ``flags``; see :func:`ingest_source`."""
    return ingest_source(Path(path), **flags)
