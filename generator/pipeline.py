"""The whole core in one call: load -> validate -> link -> render, then export (the data downloads),
with the git history as a second input.

Both the CLI and the MkDocs adapter call :func:`generate`; neither adds logic
of its own. Writing is separate (:mod:`generator.write`) because the MkDocs
adapter hands pages to MkDocs in memory instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.config import Briefing
from generator.errors import Problem, Problems
from generator.export import export
from generator.history import History, read_history
from generator.incremental import Cache, code_digest, digest, inputs_key
from generator.kinds import KINDS
from generator.link import LinkedSite, link
from generator.load import CONFIG_FILE, load, load_config
from generator.render import Page, render, template_dirs
from generator.validate import validate, validate_config


@dataclass
class Result:
    """What a run produced: the pages, the linked site, any warnings, and the history it dated them by."""

    pages: list[Page]
    site: LinkedSite | None
    """None when a run with a cache found nothing changed since the last one (its pages are reused whole)."""
    warnings: list[Problem]
    history: History


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Switch the cyclic garbage collector off for a block, then restore its previous state.

    The one place the collector is paused: around a whole run. Every stage
    allocates many small objects that stay alive until the end (documents,
    models, mentions, backlinks, page text) and make no reference cycles; the
    collector still rescans the whole heap again and again while they pile up
    (at 10,000 articles about 40% of the link stage, and 0.4 s of load and
    validate). Reference counting still frees everything that is dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settings(content_dir: str | os.PathLike) -> Briefing:
    """The project's settings alone: ``briefing.yml`` next to ``content_dir``, validated (the defaults
    when there is none); ContentError listing its problems.

    For what an engine needs before the pages exist, such as the site's title (the MkDocs
    adapter's ``on_config``); :func:`generate` reads the same file again with everything else.
    """
    problems = Problems()
    root = Path(content_dir).resolve().parent
    config = validate_config(load_config(root / CONFIG_FILE, root, problems), problems)
    problems.raise_if_errors()
    return config


def check(content_dir: str | os.PathLike, cache: Cache | None = None,
          times: dict[str, float] | None = None) -> LinkedSite:
    """Load, validate and link; raise ContentError listing every problem.

    ``cache`` (:class:`generator.incremental.Cache`) lets load and validate
    reuse what they made of files whose bytes did not change; ``times``, when
    given, receives the seconds each stage took.
    """
    times = {} if times is None else times
    with paused_gc():
        problems = Problems()
        t0 = time.perf_counter()
        raw = load(content_dir, problems, cache)
        t1 = time.perf_counter()
        content = validate(raw, problems, cache)
        t2 = time.perf_counter()
        site = link(content, cache)
        times.update(load=t1 - t0, validate=t2 - t1, link=time.perf_counter() - t2)
        return site


def generate(content_dir: str | os.PathLike, cache: Cache | None = None,
             times: dict[str, float] | None = None, article_text: str | None = None,
             history: History | None = None) -> Result:
    """Run the full pipeline and return the rendered pages and data files (nothing is written).

    With a ``cache``, only pages whose fingerprint changed are rendered (the
    others keep their text from the cache), and the cache is saved at the end.
    The pages are the same either way; when nothing the last run read has changed
    (:func:`generator.incremental.inputs_key`: the files' stat, the code, the settings, the
    history), its pages and warnings are returned whole, and ``site`` is None. ``article_text`` (``full`` or
    ``excerpts``) overrides ``publish.article_text`` of briefing.yml. ``history`` defaults to what git says
    about ``content_dir`` (:func:`generator.history.read_history`; none, with a
    note, outside a repository).
    """
    times = {} if times is None else times
    with paused_gc():
        t0 = time.perf_counter()
        if history is None:
            history = read_history(content_dir)
            times["history"] = time.perf_counter() - t0
        key = None
        if cache is not None:
            # Nothing that the last run read has changed: its pages and warnings are the answer.
            t0 = time.perf_counter()
            project = Path(os.path.abspath(content_dir)).resolve().parent
            code = [code_digest(d) for d in template_dirs(project)]
            key = inputs_key(content_dir, [k.folder for k in KINDS.values()], *code, cache.settings,
                             repr(article_text), digest(repr(history)))
            reused = cache.reuse_run(key)
            times["unchanged"] = time.perf_counter() - t0
            if reused is not None:
                pages = [Page(path, text, dt.date.fromisoformat(updated) if updated else None)
                         for path, text, updated in reused[0]]
                return Result(pages, None, [Problem(*w) for w in reused[1]], history)
        site = check(content_dir, cache, times)
        if article_text is not None:
            config = site.content.config
            publish = type(config.publish)(**{**config.publish.model_dump(), "article_text": article_text})
            site.content.config = config.model_copy(update={"publish": publish})
        t0 = time.perf_counter()
        pages = render(site, cache, history)
        times["render"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        pages = sorted(pages + export(site, cache, history), key=lambda p: p.path)
        times["export"] = time.perf_counter() - t0
        warnings = sorted(site.content.warnings + site.warnings)
        if cache is not None:
            t0 = time.perf_counter()
            cache.keep_run(key, [(p.path, p.text, p.updated.isoformat() if p.updated else None) for p in pages],
                           [[w.file, w.line, w.message, w.fix, w.col, w.severity] for w in warnings])
            cache.save()
            times["cache"] = time.perf_counter() - t0
    return Result(pages, site, warnings, history)
