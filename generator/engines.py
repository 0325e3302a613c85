"""The build engines, and the one place the CLI (and through it the Makefile) reaches them.

- **ProperDocs** (default), the maintained continuation of MkDocs 1.x: reads ``mkdocs.yml``
  and runs the ``briefing`` plugin, which generates the pages during the build.
- **MkDocs 1.6.1**, the last 1.x release: the same build, kept to compare with.
- **Zensical**, the Material team's successor: runs no MkDocs plugins, so it builds the
  output of ``generate`` instead. :func:`zensical_project` lays out a project for it: the
  generated pages plus ``pages/``, the shared assets of ``theme/`` (styles, the local
  iframe-worker shim) and a config derived from ``mkdocs.yml`` that swaps the theme folder
  for ``theme-zensical/`` (the shared escaped title and head tags, no search overrides) and drops the
  plugins it does not know.

Each engine runs as ``python -m <engine>`` with this interpreter, in a subprocess; nothing
here imports an engine.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import yaml

from generator import resources
from generator.config import Briefing
from generator.text import attribute

ENGINES = ("properdocs", "mkdocs", "zensical")
DEFAULT_ENGINE = "properdocs"
ZENSICAL_THEME = "theme-zensical"
#: Set by ``briefing build --article-text`` for the engine's process: the briefing plugin then overrides
#: ``publish.article_text`` of briefing.yml for that build.
ARTICLE_TEXT_ENV = "BRIEFING_ARTICLE_TEXT"
# Plugins Zensical knows; it silently ignores others, so the derived config lists only these.
ZENSICAL_PLUGINS = ("search", "offline")
# The briefing-search plugin's Markdown extension (briefing_search/markdown.py), named by module.
SEARCH_EXTENSION = "briefing_search.markdown"
# Shared with the MkDocs theme folder, copied into the Zensical theme folder.
SHARED_PARTIALS = ("partials/briefing-title.html", "partials/briefing-downloads.html",
                   "partials/briefing-head.html")


def engine_settings(briefing: Briefing) -> dict[str, str]:
    """The engine config's values that briefing.yml sets, the one place they are set: the site's title
    (``site_name``) and, when given, its description (``site_description``), escaped once for the attribute
    the themes print it into as it is. The title needs no escaping: the config refuses markup in it."""
    out = {"site_name": briefing.title}
    if briefing.description:
        out["site_description"] = attribute(" ".join(briefing.description.split()))
    return out


def engine_command(action: str, *args: str, engine: str = DEFAULT_ENGINE) -> list[str]:
    """The command line that runs ``engine`` (``build`` or ``serve``) with this Python."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    return [sys.executable, "-m", engine, action, *args]


def engine_env() -> dict[str, str]:
    """The environment for an engine run: the notices about MkDocs 2.0 off (the README explains the plan)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def zensical_project(config_file: Path, docs: Path, project: Path, briefing: Briefing | None = None) -> Path:
    """Lay out a Zensical project in ``project`` around the generated pages in ``docs``; return its config.

    ``docs`` already holds the output of ``generate``; the hand-written pages of the MkDocs
    docs_dir and the shared theme assets are copied next to them. The config is ``mkdocs.yml``
    with paths relative to ``project``, the Zensical theme folder, only the plugins Zensical runs, and
    the site's title and description from ``briefing`` (the project's briefing.yml, which the briefing
    plugin applies under MkDocs; Zensical runs no plugin, so they are written into its config here);
    the site goes to ``project/site``.
    """
    config_file = config_file.resolve()
    root = config_file.parent
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    docs_dir = root / config.get("docs_dir", "docs")
    if docs_dir.is_dir():
        for src in sorted(docs_dir.rglob("*")):
            if src.is_file():
                dest = docs / src.relative_to(docs_dir)
                if dest.exists():
                    raise FileExistsError(f"{src} would overwrite a generated page")
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
    # The project's own theme folder first, then the package's (as the briefing plugin orders them).
    custom = config["theme"].get("custom_dir")
    theme_dirs = [*([root / custom] if custom else []), resources.THEME]

    def theme_file(rel: str) -> Path:
        return next((d / rel for d in theme_dirs if (d / rel).is_file()), theme_dirs[-1] / rel)

    # The styles and scripts the config names (extra_css, extra_javascript, the local iframe-worker shim
    # in extra.polyfills) live in the MkDocs theme folder: Zensical finds them in the docs folder.
    named = [*config.get("extra_css", []), *config.get("extra_javascript", []),
             *(config.get("extra") or {}).get("polyfills", [])]
    for rel in named:
        rel = rel if isinstance(rel, str) else rel.get("path", "")
        src = theme_file(rel)
        if rel and "://" not in rel and src.is_file():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, docs / rel)
            if (src.parent / "LICENSE").is_file():  # a vendored file's licence travels with it
                shutil.copyfile(src.parent / "LICENSE", (docs / rel).parent / "LICENSE")
    own = root / ZENSICAL_THEME  # a project's own Zensical theme, else the package's
    shutil.copytree(own if own.is_dir() else resources.ZENSICAL_THEME, project / "theme")
    for rel in SHARED_PARTIALS:
        (project / "theme" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(theme_file(rel), project / "theme" / rel)
    names = [p if isinstance(p, str) else next(iter(p)) for p in config.get("plugins", [])]
    plugins = [p for p, name in zip(config.get("plugins", []), names) if name in ZENSICAL_PLUGINS]
    # What the briefing-search plugin does to pages' HTML (footnotes left out of search) is a Markdown
    # extension, which Zensical runs.
    if "briefing-search" in names and SEARCH_EXTENSION not in config.get("markdown_extensions", []):
        config["markdown_extensions"] = [*config.get("markdown_extensions", []), SEARCH_EXTENSION]
    # Paths relative to the derived config: Zensical 0.0.73 panics on an absolute docs_dir.
    config.update(docs_dir=os.path.relpath(docs, project), site_dir="site", plugins=plugins)
    if briefing is not None:
        config.update(engine_settings(briefing))
    config["theme"] = {**config["theme"], "custom_dir": "theme"}
    project.mkdir(parents=True, exist_ok=True)
    out = project / "mkdocs.yml"
    out.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def content_dir(config_file: Path) -> Path:
    """The content folder the ``briefing`` plugin in ``config_file`` names (default ``content``)."""
    config = yaml.safe_load(Path(config_file).read_text(encoding="utf-8"))
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "briefing" in plugin:
            return Path(config_file).resolve().parent / (plugin["briefing"] or {}).get("content_dir", "content")
    return Path(config_file).resolve().parent / "content"
