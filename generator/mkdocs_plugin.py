"""MkDocs adapter: runs the core pipeline inside ``mkdocs build`` and ``mkdocs serve``.

It maps MkDocs events onto :func:`generator.pipeline.generate` and adds no
content logic of its own: the pages come from the core, which never imports
MkDocs. A move to another engine replaces this file, and also what is
MkDocs-specific outside it: ``mkdocs.yml``, the Material overrides in
``theme/`` (including the search worker patch that loads the index
:mod:`generator.searchindex` prebuilds in :meth:`BriefingPlugin.on_post_build`)
and the ``build`` command of the CLI, which runs ``mkdocs build``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.errors import ContentError
from generator.pipeline import generate
from generator.searchindex import write_prebuilt_index
from generator.write import check_paths

log = logging.getLogger("mkdocs.plugins.briefing")
_LAST_TEXTS: dict[str, dict[str, str]] = {}


class BriefingConfig(base.Config):
    """``plugins: - briefing: {...}`` in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    """Turn the generator off (the site then holds only docs_dir pages)."""
    content_dir = c.Dir(exists=True, default="content")
    """Folder of articles and YAML facts, relative to mkdocs.yml (it must exist)."""
    warnings_fail = c.Type(bool, default=False)
    """Treat content warnings (e.g. an article citing a resolution with no fact file) as build errors."""
    prebuilt_search = c.Type(bool, default=True)
    """Write search/prebuilt_index.js, which theme/main.html's search worker loads instead of building an index."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Adds the generated briefing pages to the build as in-memory files."""

    def _content(self, config) -> Path:
        # c.Dir has already made the path absolute, relative to mkdocs.yml.
        return Path(self.config.content_dir)

    def on_files(self, files: Files, /, *, config) -> Files:
        if not self.config.enabled:
            return files
        try:
            result = generate(self._content(config))
            check_paths(result.pages)
        except ContentError as exc:
            for problem in exc.problems:
                log.error(problem.format())
            # PluginError prints one line and no traceback; the problems are logged above.
            raise PluginError(f"{len(exc.problems)} content error(s); run `python -m generator check` for details")
        for warning in result.warnings:
            (log.warning if self.config.warnings_fail else log.info)(warning.format())
        # During `mkdocs serve`, say how many generated pages an edit really changed (the rest are identical).
        # Module-level: `mkdocs serve` reloads the config, and so makes a new plugin, on every rebuild.
        key = str(self._content(config))
        before, texts = _LAST_TEXTS.get(key), {page.path: page.text for page in result.pages}
        _LAST_TEXTS[key] = texts
        if before is not None:
            changed = sorted(p for p, t in texts.items() if before.get(p) != t)
            log.info(f"briefing: {len(changed)} of {len(texts)} generated pages changed"
                     + (f" ({', '.join(changed[:8])}{', …' if len(changed) > 8 else ''})" if changed else ""))
        for page in result.pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(f"{config.docs_dir}/{page.path} would be overwritten by a generated page; "
                                  "rename or remove the hand-written file")
            files.append(File.generated(config, page.path, content=page.text))
        log.info(f"briefing: generated {len(result.pages)} pages from {self.config.content_dir}/")
        return files

    def on_serve(self, server, /, *, config, builder):
        if self.config.enabled:
            # Editing a fact file or article rebuilds the site during `mkdocs serve`.
            server.watch(str(self._content(config)))
        return server

    @event_priority(-90)  # after the search plugin writes search_index.json (0), before `offline` (-100)
    def on_post_build(self, *, config) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.config.prebuilt_search and index.is_file():
            out = write_prebuilt_index(index)
            log.info(f"briefing: prebuilt search index {out.stat().st_size:,} bytes" if out else
                     "briefing: search config not mirrored by generator/searchindex.py; no prebuilt index")
