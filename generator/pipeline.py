"""The whole core in one call: load -> validate -> link -> render.

Both the CLI and the MkDocs adapter call :func:`generate`; neither adds logic
of its own. Writing is separate (:mod:`generator.write`) because the MkDocs
adapter hands pages to MkDocs in memory instead.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass

from generator.errors import Problem, Problems
from generator.link import LinkedSite, link
from generator.load import load
from generator.render import Page, render
from generator.validate import validate


@dataclass
class Result:
    """What a run produced: the pages, the linked site, and any warnings."""

    pages: list[Page]
    site: LinkedSite
    warnings: list[Problem]


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


def check(content_dir: str | os.PathLike) -> LinkedSite:
    """Load, validate and link; raise ContentError listing every problem."""
    with paused_gc():
        problems = Problems()
        raw = load(content_dir, problems)
        content = validate(raw, problems)
        return link(content)


def generate(content_dir: str | os.PathLike) -> Result:
    """Run the full pipeline and return the rendered pages (nothing is written)."""
    with paused_gc():
        site = check(content_dir)
        pages = render(site)
    return Result(pages, site, sorted(site.content.warnings + site.warnings))
