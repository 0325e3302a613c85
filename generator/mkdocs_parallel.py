"""MkDocs' Markdown conversion of the generated pages on a second core (one-shot clean builds).

MkDocs converts every page's Markdown in one process, one page after another (``_populate_page`` in
``mkdocs/commands/build.py``: about half of a build's CPU time). :func:`start` runs after every plugin
has seen the nav, before the pages are read: it makes each generated page (MkDocs made every page
object with the nav) a :class:`_Page`, a subclass whose only change is ``render``, and forks a child. The child takes pages from the end of the list, the parent converts from the start as MkDocs
reads them; each side claims its next page under a lock, so they meet where the work is split evenly
whatever either is slowed by. For each page it takes, the child does what ``_populate_page`` does up to
the conversion (``on_pre_page``, ``read_source``, ``on_page_markdown``), converts it with MkDocs' own
``Page.render``, and sends back what ``render`` set on the page (``content``, ``toc``, the title it
found, the anchors...), the log records made while it converted, and a digest of the Markdown it
converted. When MkDocs reads such a page in the parent, every plugin event runs there as usual, and
``_Page.render`` takes the child's result instead of converting again, if the Markdown the parent
holds is the one the child converted (else it converts). The log records are then handled by their
loggers in the parent, at the point the conversion would have logged them, so the log, and the warnings
``--strict`` counts, are the same.

Correctness first: a page the child did not send (it failed on that page, died, or was too late) is
converted by the parent. ``serve`` and dirty builds do not use it, nor a process with other threads
running (``fork`` would copy a lock held by one); ``parallel: false`` in the briefing plugin's config
turns it off. It helps the wall-clock time only when a core is free; the CPU time is about the same.
"""

from __future__ import annotations

import gc
import hashlib
import io
import logging
import mmap
import os
import pickle
import signal
import struct
import sys
import threading

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.briefing")

_HEAD = struct.Struct(">qQ")
_BOUNDS = struct.Struct("=qq")  # the page's index, the length of what follows
#: How long the parent waits for the claim lock before it takes the child for dead.
_LOCK_TIMEOUT = 30.0
_PIPE_SIZE = 1 << 20
_SETPIPE_SZ = 1031  # Linux's F_SETPIPE_SZ


def available() -> bool:
    """Whether a child can be forked safely here: a platform with fork, and no other thread running."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _digest(markdown: str | None) -> bytes | None:
    if markdown is None:
        return None
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class _Page(Page):
    """MkDocs' page, whose ``render`` takes the child's conversion of the same Markdown when there is one."""

    _converter: Converter | None = None
    _index = -1

    def __eq__(self, other) -> bool:  # as MkDocs' own pages compare: by title and file, whatever the class
        return isinstance(other, Page) and self.title == other.title and self.file == other.file

    __hash__ = Page.__hash__

    def render(self, config, files) -> None:
        converter, self._converter = self._converter, None  # one use: a second render converts again
        result = converter.take(self._index, self.markdown) if converter is not None else None
        if result is None:
            super().render(config, files)
            return
        changed, records = result
        for record in records:  # what the conversion logged, where it would have logged it
            logger = logging.getLogger(record.name)
            if logger.isEnabledFor(record.levelno):
                logger.handle(record)
        self.__dict__.update(changed)


class Converter:
    """The parent's side: the child's results by page index, and the claim on the pages not yet converted."""

    def __init__(self, pages: list[_Page], config, files: Files) -> None:
        import multiprocessing  # a lock that works across fork

        self.pages = pages
        self.files = files
        self.sent = 0  # pages the parent took from the child
        self.child_rss = 0  # the child's peak RSS, bytes, once it is reaped
        self.child_cpu = 0.0  # the child's CPU seconds (user + system), once it is reaped
        self._cpu = _own_cpu()
        self._lock = multiprocessing.get_context("fork").Lock()
        # The child's lowest claim and the parent's highest, in memory both processes map (MAP_SHARED).
        self._bounds = mmap.mmap(-1, _BOUNDS.size)
        self._set(len(pages), -1)
        self._frames: dict[int, bytes] = {}
        self._buffer = bytearray()
        r, w = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or the child would write what is buffered a second time
        pid = os.fork()
        if pid == 0:  # the child
            try:
                os.close(r)
                _child(self, w, config, files)
            finally:
                os._exit(0)  # never the parent's exit handlers, never back into MkDocs
        os.close(w)
        try:
            import fcntl
            fcntl.fcntl(r, getattr(fcntl, "F_SETPIPE_SZ", _SETPIPE_SZ), _PIPE_SIZE)
        except (ImportError, OSError):
            pass
        os.set_blocking(r, False)
        self.pid: int | None = pid
        self._from: int | None = r
        for index, page in enumerate(pages):
            page._converter, page._index = self, index

    # -- claims (both processes) -------------------------------------------------------------------
    def _get(self) -> tuple[int, int]:
        return _BOUNDS.unpack_from(self._bounds, 0)

    def _set(self, low: int, high: int) -> None:
        _BOUNDS.pack_into(self._bounds, 0, low, high)

    def _claim_low(self) -> int | None:
        """In the child: the next page from the end, or None when the parent has reached it."""
        with self._lock:
            low, high = self._get()
            if low - 1 <= high:
                return None
            self._set(low - 1, high)
            return low - 1

    def _claim(self, index: int) -> bool | None:
        """In the parent: True when it converts page ``index`` itself, False when the child has it, None when
        the lock cannot be had (the child is taken for dead)."""
        if not self._lock.acquire(timeout=_LOCK_TIMEOUT):
            return None
        try:
            low, high = self._get()
            if index < low:
                self._set(low, max(high, index))
                return True
            return False
        finally:
            self._lock.release()

    # -- the parent --------------------------------------------------------------------------------
    def take(self, index: int, markdown: str | None):
        """The child's conversion of page ``index`` as (attributes render set, log records), if it made one
        of this ``markdown``; None when the parent is to convert the page itself."""
        if self._from is not None:
            self._read(block=False)
        if index not in self._frames:
            if self._from is None:  # the child is done: it sent all it will
                return None
            mine = self._claim(index)
            if mine is None:
                log.info("briefing: the page converter on the second core stopped answering; converting here")
                self.close()
                return None
            if mine:
                return None
            while index not in self._frames and self._from is not None and self._read(block=True):
                pass
        frame = self._frames.pop(index, None)
        if frame is None:
            return None  # the child failed on this page or died first: convert it here
        try:
            digest, changed, records = _Loader(io.BytesIO(frame), self.files).load()
        except Exception:  # noqa: BLE001 - a damaged frame: convert the page here
            return None
        if changed is None or digest != _digest(markdown):
            return None
        self.sent += 1
        return changed, records

    def _read(self, block: bool) -> bool:
        """Read what the child has written (waiting for some if ``block``); False at its end."""
        os.set_blocking(self._from, block)
        while True:
            try:
                chunk = os.read(self._from, 1 << 20)
            except BlockingIOError:
                break
            if not chunk:  # the child is done (or dead)
                self._split()
                self._end()
                return False
            self._buffer += chunk
            if block:
                break
        self._split()
        return True

    def _split(self) -> None:
        buf, at = self._buffer, 0
        while len(buf) - at >= _HEAD.size:
            index, size = _HEAD.unpack_from(buf, at)
            if len(buf) - at - _HEAD.size < size:
                break
            self._frames[index] = bytes(buf[at + _HEAD.size:at + _HEAD.size + size])
            at += _HEAD.size + size
        del buf[:at]

    def _end(self) -> None:
        if self._from is not None:
            os.close(self._from)
            self._from = None
        if self.pid is not None:
            try:
                usage = os.wait4(self.pid, 0)[2]
                self.child_rss = usage.ru_maxrss * 1024  # shared pages included
                self.child_cpu = usage.ru_utime + usage.ru_stime
            except ChildProcessError:
                pass
            self.pid = None
        self._buffer = bytearray()

    def close(self) -> None:
        """Stop the child (at the end of reading the pages, or when the build fails) and reap it."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGTERM)  # not yet reaped, so still this child
            except ProcessLookupError:
                pass
        self._end()
        self._frames.clear()
        for page in self.pages:
            page._converter = None


def start(config, files: Files, generated) -> Converter | None:
    """Make the generated pages :class:`_Page` (MkDocs made them all with the nav) and fork the child that converts some of
    them; None when there are none or no child can be forked. Call it last in ``on_nav``."""
    if not available():
        return None
    pages = [file.page for file in files.documentation_pages(inclusion=InclusionLevel.is_included)
             if file.src_uri in generated and type(file.page) is Page]  # noqa: E721 - MkDocs' own class only
    if len(pages) < 2:
        return None
    for page in pages:
        # The same object, with all it holds (other code may keep it), whose render can take the child's result.
        page.__class__ = _Page
    return Converter(pages, config, files)


def finish(converter: Converter | None) -> None:
    """After every page is read: the child has nothing left to do; reap it."""
    if converter is not None:
        converter.close()
        import resource  # Unix, as fork is
        log.debug(f"briefing: {converter.sent} of {len(converter.pages)} generated pages converted on a second core; "
                  f"reading the pages took this process {_own_cpu() - converter._cpu:.2f} CPU s and the child "
                  f"{converter.child_cpu:.2f} s; peak RSS: the child {converter.child_rss / 2**20:.0f} MiB, this "
                  f"process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:.0f} MiB so far")


# -- the child ---------------------------------------------------------------------------------------

class _Dumper(pickle.Pickler):
    """Pickles a page's results with its files and pages by path: the parent puts its own objects back."""

    def persistent_id(self, obj):
        if isinstance(obj, File):
            return ("file", obj.src_uri)
        if isinstance(obj, Page):
            return ("page", obj.file.src_uri)
        return None


class _Loader(pickle.Unpickler):
    def __init__(self, stream, files: Files) -> None:
        super().__init__(stream)
        self._files = files

    def persistent_load(self, pid):
        kind, src_uri = pid
        file = self._files.get_file_from_path(src_uri)
        if file is None or (kind == "page" and file.page is None):
            raise pickle.UnpicklingError(f"no {kind} {src_uri}")
        return file if kind == "file" else file.page


def _portable(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message made text, so it pickles (its arguments may be any object)."""
    record.msg, record.args = record.getMessage(), None
    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    return record


def _child(converter: Converter, w: int, config, files: Files) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C; it stops this child
    gc.freeze()  # the parent's objects stay out of the collector's way (and their memory shared)
    captured: list | None = None

    def handle(logger, record):  # this process only: its records go to the parent, or nowhere
        if captured is not None:
            captured.append(record)

    logging.Logger.handle = handle  # the child's own log would repeat or contradict the parent's
    out = os.fdopen(w, "wb")
    try:
        while True:
            index = converter._claim_low()
            if index is None:
                return
            page = converter.pages[index]
            changed = digest = None
            records: list = []
            config._current_page = page
            try:
                page = config.plugins.on_pre_page(page, config=config, files=files)
                page.read_source(config)
                page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config,
                                                                files=files)
                before = dict(page.__dict__)
                captured = records
                if isinstance(page, _Page):
                    Page.render(page, config, files)
                else:
                    page.render(config, files)
                captured = None
                changed = {key: value for key, value in page.__dict__.items()
                           if key not in before or before[key] is not value}
                digest = _digest(page.markdown)
            except Exception:  # noqa: BLE001 - the parent converts the page and gets the error itself
                changed = None
            finally:
                captured = None
                config._current_page = None
            buffer = io.BytesIO()
            _Dumper(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(
                (digest, changed, [_portable(r) for r in records] if changed is not None else []))
            data = buffer.getvalue()
            out.write(_HEAD.pack(index, len(data)) + data)
            out.flush()
            # What this process made for the page is sent: let it go.
            page.markdown = page.content = None
            page.toc, page.meta = [], {}
            if changed is None:
                return
    except BaseException:  # noqa: BLE001 - the parent's end closed (a failed build): stop
        return
    finally:
        try:
            out.close()
        except OSError:
            pass
