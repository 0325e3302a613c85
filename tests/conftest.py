"""Shared test helpers: a minimal valid content set that tests copy and then break.

The set lives in ``tests/fixtures/bad/_base/content`` (three actors, one event,
one measure, one resolution, one article, all cross-referenced). Each malformed-
input case under ``tests/fixtures/bad/<case>/`` holds only the files it changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
BASE_CONTENT = FIXTURES / "bad" / "_base" / "content"


def make_content(dest: Path, overlay: Path | None = None) -> Path:
    """Copy the minimal valid content set to ``dest/content``; lay ``overlay/content`` over it.

    Returns the new content folder. Overlay files replace or add files; an
    overlay file named ``<name>.delete`` removes ``<name>`` instead.
    """
    content = dest / "content"
    shutil.copytree(BASE_CONTENT, content)
    if overlay is not None and (overlay / "content").is_dir():
        for src in sorted((overlay / "content").rglob("*")):
            if src.is_dir():
                continue
            rel = src.relative_to(overlay / "content")
            target = content / rel
            if src.suffix == ".delete":
                target.with_suffix("").unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    return content


@pytest.fixture
def minimal_content(tmp_path: Path) -> Path:
    """A fresh, writable copy of the minimal valid content set."""
    return make_content(tmp_path)


# The shipped site as each engine builds it (`make site`, `make site-zensical`), once per session
# (tests.browser_util.built_site); for the tests that compare the two engines' output.
@pytest.fixture(scope="module", params=["properdocs", "zensical"])
def engine_site(request, tmp_path_factory) -> tuple[str, Path]:
    from tests.browser_util import built_site

    return request.param, built_site(tmp_path_factory, request.param)


ROOT = Path(__file__).resolve().parent.parent


def make_project(dest: Path) -> Path:
    """A throwaway copy of the project (mkdocs.yml, pages/, theme/, theme-zensical/) in ``dest``, without content/.

    Tests put a content folder next to it and build with
    ``python -m generator build -f dest/mkdocs.yml``, so the real site/ is never touched.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "pages", "theme", "theme-zensical"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copyfile(src, dest / name)
    return dest


#: Test modules about the shipped briefing: its content/ and briefing.yml, its golden pages, the fact
#: base, the built site walked in a browser. `make test` runs them; `make test-engine` leaves them out
#: (``-m "not content"``), and what is left uses its own fixtures only, so it passes whatever briefing
#: content/ holds. Single tests elsewhere carry ``@pytest.mark.content`` themselves.
CONTENT_MODULES = frozenset({
    "test_browser", "test_browser_hostile", "test_determinism", "test_fact_base", "test_facts", "test_golden",
    "test_offline_static", "test_panel_renewals", "test_readme_commands", "test_schema_export",
    "test_searchindex", "test_site_links", "test_site_sections",
})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rpartition(".")[2] in CONTENT_MODULES:
            item.add_marker(pytest.mark.content)
