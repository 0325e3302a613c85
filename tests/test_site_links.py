"""Every internal link and anchor in the built site resolves, and every entity has a page."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser_util import ROOT, built_site


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "img", "script", "link"):
                self.links.append(a[key])


@pytest.fixture(scope="module", params=["properdocs", "zensical"])
def built(request, tmp_path_factory) -> Path:
    """The site as ProperDocs builds it, and as Zensical does (`make site-zensical`)."""
    return built_site(tmp_path_factory, request.param)


def _parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def test_every_internal_link_and_anchor_resolves(built):
    # 404.html uses server-absolute URLs by design; it is never reached from file://.
    parsed = {p: _parse(p) for p in built.rglob("*.html") if p.name != "404.html"}
    broken = []
    checked = 0
    for page, c in parsed.items():
        for link in c.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(built)} -> {link} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(built)} -> {link} (no such anchor)")
    assert checked > 500, "too few links checked: the site is not what this test expects"
    assert not broken, "\n".join(broken[:50])


def test_every_entity_has_a_page(built):
    for folder in ("resolutions", "actors", "events", "measures"):
        for fact in (ROOT / "content" / folder).glob("*.yaml"):
            assert (built / folder / f"{fact.stem}.html").is_file(), f"no page for {folder}/{fact.name}"
    for article in (ROOT / "content" / "articles").glob("*.md"):
        assert (built / "articles" / f"{article.stem}.html").is_file()


def test_citation_links_reach_the_quoted_paragraph(built):
    html = (built / "resolutions" / "2270.html").read_text(encoding="utf-8")
    assert "../articles/2016-03-02-china-gets-tough-on-north-korea-sanctions.html#p" in html
