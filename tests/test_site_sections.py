"""Finding the index pages and knowing where one is: on the built shipped site, with no browser.

- Every index page (each nav entry, "What changed", the downloads and the editorial report) is in the
  search index by its title, on both engines (Material's search and Zensical's); the print views stay out,
  since they repeat their section's pages.
- Entity pages are not in the nav (it holds sections only), yet each shows its section's tab as the
  active one, as its section's index does (generator/mkdocs_plugin.py marks the index page active).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from tests.browser_util import ROOT, built_site

ACTIVE_TAB = re.compile(r'<li class="md-tabs__item md-tabs__item--active">\s*<a href="([^"]+)"')
ACTIVE_NAV = re.compile(r'<li class="md-nav__item md-nav__item--active">.*?<a href="([^"]+)"', re.S)


def _nav_pages() -> list[str]:
    """The pages mkdocs.yml's nav names, as built paths."""
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    return [next(iter(item.values())).replace(".md", ".html") for item in nav]


INDEXES = [*_nav_pages(), "changes/index.html", "data/index.html", "reports/index.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


def _search_docs(engine: str, site: Path) -> list[dict]:
    if engine == "zensical":
        return json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _h1(site: Path, rel: str) -> str:
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", (site / rel).read_text(encoding="utf-8"), re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", heading.split('<a class="headerlink"')[0])).strip()


def test_every_index_page_is_searchable_by_its_title(engine_site):
    engine, site = engine_site
    docs = _search_docs(engine, site)
    titles = {d["location"]: html.unescape(d["title"]) for d in docs if "#" not in d["location"]}
    assert len(INDEXES) >= 10 and "designations/index.html" in INDEXES
    for rel in INDEXES:
        assert rel in titles, f"{rel} is not in {engine}'s search index"
        assert titles[rel] == _h1(site, rel), (engine, rel)
    assert not [d["location"] for d in docs if "print_view" in d["location"]]


def test_entity_pages_show_their_sections_tab_as_active(site):
    sections = {rel.rpartition("/")[0]: rel for rel in _nav_pages() if "/" in rel}
    checked = 0
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        folder = rel.rpartition("/")[0]
        text = page.read_text(encoding="utf-8")
        tabs, navs = ACTIVE_TAB.findall(text), ACTIVE_NAV.findall(text)
        if rel in _nav_pages():
            expected = rel.rpartition("/")[2]  # the page itself, linked relative to its folder
        elif folder in sections:
            expected = "index.html"  # its section's index, in the same folder
            checked += 1
        else:
            assert tabs == [], rel  # "What changed", downloads, the report: in no section
            continue
        assert tabs == [expected], (rel, tabs)
        assert navs[:1] == [expected], (rel, navs)  # and the section's entry in the primary nav
    assert checked > 50
