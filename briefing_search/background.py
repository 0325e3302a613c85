"""The prebuilt index made on a second core while MkDocs builds the pages (one-shot builds).

A plain MkDocs build uses one core. :class:`Builder` forks a child before the pages are built (the
parent is still small then, so the child shares little memory with it); the parent sends it each
page's search entries as Material's search plugin makes them, and the child tokenizes them while
the parent goes on converting and templating pages. When the parent has built every page it
sends the final list of entries (or says it is the one it sent, page by page, in that order), and
the child finishes the index, writes its files, and answers with what the parent needs (the stub,
sizes, a digest of the files). The files are the same bytes as the index made in one process
(``tests/test_briefing_search.py``).

The child never hangs the build: it reads until the parent's end of the pipe closes (a parent that
stops, or fails, closes it) and then exits; the parent reads the answer until the child's end
closes. A child that fails answers with its error; a child that dies answers nothing, and the
parent then makes the index itself. It helps the wall-clock time only when a core is free; the CPU
time is the same.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable

try:
    import fcntl
except ImportError:  # not on this platform: the pipe keeps its default size
    fcntl = None

#: Linux's F_SETPIPE_SZ (fcntl names it from Python 3.10 on some platforms only).
_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
_PIPE_SIZE = 1 << 20  # the default maximum for an unprivileged process; a page's entries are a few KB


def available() -> bool:
    """Whether a child can be forked safely here: a platform with fork, and no other thread running."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Builder:
    """A forked child that receives lists of documents (``send``) and, on ``finish``, runs ``make``.

    ``start()`` runs in the child first and gives its ``state``; ``add(state, docs)`` runs there for each
    :meth:`send`, and ``make(streamed, final, payload, state)`` on :meth:`finish`, with ``streamed`` (every
    document sent, in order) and ``final`` (the final documents, or None when they are the streamed ones).
    :meth:`answer` gives ``("ok", what make returned)``, or ``("error", type name, message)`` for an
    exception raised in the child.
    """

    def __init__(self, start: Callable[[], object], add: Callable[[object, list], None],
                 make: Callable[[list, list | None, object, object], object]) -> None:
        r_in, w_in = os.pipe()
        r_out, w_out = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or the child would write what is buffered a second time
        pid = os.fork()
        if pid == 0:  # the child
            try:
                os.close(w_in)
                os.close(r_out)
                _child(r_in, w_out, start, add, make)
            finally:
                os._exit(0)  # never the parent's exit handlers, never back into MkDocs
        os.close(r_in)
        os.close(w_out)
        if fcntl is not None:
            try:
                fcntl.fcntl(w_in, _SETPIPE_SZ, _PIPE_SIZE)  # the parent rarely waits on a busy child
            except OSError:
                pass
        self.pid = pid
        self._to = os.fdopen(w_in, "wb")
        self._from = r_out
        self.broken = False

    def send(self, docs: list) -> None:
        """Pass one page's documents to the child (nothing more once it has stopped reading)."""
        if self.broken:
            return
        try:
            self._to.write(pickle.dumps(("docs", docs), protocol=pickle.HIGHEST_PROTOCOL))
            self._to.flush()
        except OSError:  # BrokenPipeError: the child stopped (it says why in its answer)
            self.broken = True

    def finish(self, final: list | None, payload: object) -> None:
        """Send the final documents (None: the ones sent, in that order) and ``payload``; the child then
        makes its answer while the parent goes on (:meth:`answer` waits for it)."""
        if not self.broken:
            try:
                self._to.write(pickle.dumps(("finish", final, payload), protocol=pickle.HIGHEST_PROTOCOL))
                self._to.flush()
            except OSError:
                self.broken = True
        self.close()

    def answer(self) -> object | None:
        """The child's answer (after :meth:`finish`), or None when it died without one; the child has
        exited when this returns."""
        self.close()
        chunks = []
        while True:
            chunk = os.read(self._from, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(self._from)
        self._from = None
        _reap(self.pid)
        try:
            return pickle.loads(b"".join(chunks)) if chunks else None
        except Exception:  # a child killed while it wrote its answer
            return None

    def close(self) -> None:
        """Close the pipe to the child: it exits once it has read what was sent (a build that failed)."""
        if self._to is not None:
            try:
                self._to.close()
            except OSError:
                pass
            self._to = None

    def abandon(self) -> None:
        """Stop the child without an answer (the build failed): close both pipes and reap it."""
        self.close()
        if self._from is not None:
            os.close(self._from)
            self._from = None
            try:
                os.kill(self.pid, signal.SIGTERM)  # not yet reaped, so still this child: no need to let it finish
            except ProcessLookupError:
                pass
            _reap(self.pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _child(r_in: int, w_out: int, start, add, make) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C; this child ends with its pipe
    gc.disable()  # many small objects, no cycles, gone when the child exits
    try:
        with os.fdopen(r_in, "rb") as source:
            state = start()
            streamed: list = []
            while True:
                try:
                    message = pickle.load(source)
                except EOFError:
                    return  # the parent stopped without finishing: nothing to answer
                if message[0] == "docs":
                    streamed += message[1]
                    add(state, message[1])
                else:
                    _, final, payload = message
                    break
        answer = ("ok", make(streamed, final, payload, state))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent as a message
        answer = ("error", type(exc).__name__, str(exc))
    with os.fdopen(w_out, "wb") as out:
        out.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
