"""The nav stays sections-only, and the search index stays lean, whatever the page count.

Two synthetic sites (20 and 200 articles, from :mod:`bench.corpus`) are built
with the real mkdocs.yml, theme and plugins. A nav that listed every page would
grow with N and make the site grow as N² (NOTES: 1.6 GB at 2,000 pages).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from bench import corpus
from bench.run import _config, visible_text
from generator.cli import engine_command

ROOT = Path(__file__).resolve().parent.parent
_PRIMARY = re.compile(r'<nav class="md-nav md-nav--primary.*?</nav>\s*</div>\s*</div>\s*</div>', re.S)


def _build(tmp: Path, articles: int) -> Path:
    work = tmp / f"n{articles}"
    work.mkdir()
    corpus.generate(work / "content", articles)
    cfg = _config(work, ROOT / "pages", work / "content")
    subprocess.run(engine_command("build", "--quiet", "-f", str(cfg)), cwd=work, check=True,
                   env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    return work / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[int, Path]:
    tmp = tmp_path_factory.mktemp("navbound")
    return {n: _build(tmp, n) for n in (20, 200)}


def _nav_links(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    nav = _PRIMARY.search(html)
    assert nav, f"no primary nav in {page}"
    return re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*class="md-nav__link',
                      nav.group(0))


@pytest.mark.parametrize("page", ["about.html", "articles/index.html"])
def test_nav_entries_do_not_grow_with_page_count(sites, page):
    small, large = (_nav_links(sites[n] / page) for n in (20, 200))
    assert len(list((sites[200] / "articles").glob("*.html"))) > 10 * 15, "the large site really has more pages"
    assert small == large, "the nav lists the same entries at 20 and at 200 articles"
    assert 0 < len(large) <= 30, f"sections only: {len(large)} nav links"


def test_article_page_html_size_does_not_grow_with_page_count(sites):
    # A nav listing pages would add ~N links to every page; a sections-only page stays the same size.
    def about(n: int) -> int:
        return (sites[n] / "about.html").stat().st_size
    assert abs(about(200) - about(20)) < 2_000


def test_search_index_leaves_out_listings_and_duplicated_blocks(sites):
    site = sites[200]
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = {d["location"].split("#")[0] for d in docs}
    # Listing pages are searchable by their title and introduction ("timeline" finds the timeline), but
    # their listings are data-search-exclude: every title in them is indexed on its own page.
    for listing in ("articles/index.html", "actors/index.html", "events/index.html"):
        assert listing in pages
        text = " ".join(d["text"] for d in docs if d["location"].split("#")[0] == listing)
        assert len(text) < 1_000, (listing, len(text))
    assert any(p.startswith("actors/") for p in pages) and any(p.startswith("articles/") for p in pages)
    # "Mentioned in" snippets repeat article text; the block is data-search-exclude, so only its heading may remain.
    # (The section's index text holds the page's footnotes, which follow it on the page; not the snippets.)
    checked = 0
    for d in docs:
        if d["title"] == "Mentioned in":
            page = (site / d["location"].split("#")[0]).read_text(encoding="utf-8")
            block = re.search(r'<div class="briefing-mentions"[^>]*>(.*?)</div>', page, re.S)
            assert block, d["location"]
            items = [visible_text(f'<article class="md-content__inner">{li}</article>')
                     for li in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]
            assert items
            page_text = " ".join(x["text"] for x in docs if x["location"].split("#")[0] == d["location"].split("#")[0])
            # Footnotes may quote the same article sentence a snippet shows; that text is visible once, keep it.
            page_text = re.sub(r"<ol>(?:(?!</ol>).)*↩.*?</ol>", " ", page_text, flags=re.S)
            for item in items:
                snippet = item.split(": ", 1)[-1][:60]
                assert snippet not in visible_text(f'<article class="md-content__inner">{page_text}</article>')
            checked += 1
    assert checked > 0
    # Infobox labels repeat on every page of a kind; the infobox is data-search-exclude.
    actor_html = (site / "actors").glob("*.html")
    assert any("Latest role" in p.read_text(encoding="utf-8") for p in actor_html), "the label is on the pages"
    actor_text = " ".join(d["text"] for d in docs if d["location"].startswith("actors/"))
    article_text = " ".join(d["text"] for d in docs if d["location"].startswith("articles/"))
    assert "Latest role" not in actor_text
    assert "Published" not in article_text and "Outlet" not in article_text


def test_search_index_is_not_larger_than_visible_text(sites):
    site = sites[200]
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    covered = {d["location"].split("#")[0] for d in data["docs"]}
    visible = sum(len(visible_text((site / p).read_text(encoding="utf-8")).encode()) for p in covered)
    index = (site / "search" / "search_index.json").stat().st_size
    assert index <= 1.1 * visible, f"index {index:,} B vs visible text {visible:,} B"
