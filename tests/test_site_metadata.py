"""What a published site tells other sites: sitemap, canonical and OpenGraph tags, the feed link, the edit link.

A copy of the project around the minimal content, committed to a repository of fixed dates
(tests/test_history.py), is built twice: as shipped (no site_url: the sitemap lists nothing, no
og:url) and with ``site_url`` in mkdocs.yml and ``edit_url`` in briefing.yml.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import make_project
from tests.test_history import git, make_repo

SITE_URL = "https://briefing.example.org/dprk/"
EDIT_URL = "https://git.example.org/o/r/-/edit/main/{path}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE = 'Tom & Jerry <b onmouseover="alert(1)">x</b> said "hi".'
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def build(project: Path) -> Path:
    site = project / "site"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(project / "mkdocs.yml"),
                           "--site-dir", str(site)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for name in ("plain", "published"):
        project = make_project(tmp_path_factory.mktemp(name))
        make_repo(project)
        if name == "published":
            config = project / "mkdocs.yml"
            config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
            (project / "briefing.yml").write_text(f"edit_url: {EDIT_URL}\n", encoding="utf-8")
            event = project / "content" / "events" / "nuclear-test-2016-01-06.yaml"
            event.write_text(event.read_text(encoding="utf-8").replace(
                "summary: The DPRK announced its fourth nuclear test.", f"summary: '{HOSTILE}'"), encoding="utf-8")
            git(project, "add", "-A")
            git(project, "commit", "-q", "-m", "publish", when="2030-03-05T10:00:00Z")
        out[name] = build(project)
    return out


def head(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html.split("</head>", 1)[0])


def test_every_page_links_the_feed_and_has_its_own_description(sites):
    site = sites["plain"]
    descriptions = set()
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        html = page.read_text(encoding="utf-8")
        feeds = head(html, r'<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)"')
        assert len(feeds) == 1, page
        assert (page.parent / feeds[0]).resolve() == (site / "feed.xml").resolve(), page
        descriptions.update(head(html, r'<meta name="description" content="([^"]*)"'))
        assert head(html, r'<meta property="og:title" content="[^"]+"'), page
    assert len(descriptions) >= 8  # not one description for all
    ET.parse(site / "feed.xml")


def test_without_site_url_the_sitemap_is_empty_and_nothing_is_absolute(sites):
    site = sites["plain"]
    assert list(ET.parse(site / "sitemap.xml").getroot()) == []
    html = (site / "resolutions" / "2270.html").read_text(encoding="utf-8")
    assert not head(html, r'og:url') and not head(html, r'rel="canonical"')
    assert "Last updated 2 February 2030." in html and "Edit this page" not in html


def test_with_site_url_the_sitemap_is_filled_and_pages_say_where_they_live(sites):
    site = sites["published"]
    urls = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in ET.parse(site / "sitemap.xml").getroot()}
    assert urls[SITE_URL + "resolutions/2270.html"] == "2030-02-02"  # when its facts last changed
    assert urls[SITE_URL + "measures/coal.html"] == "2030-01-01"
    assert SITE_URL + "changes/index.html" in urls and all(u.startswith(SITE_URL) for u in urls)
    html = (site / "resolutions" / "2270.html").read_text(encoding="utf-8")
    assert head(html, r'<meta property="og:url" content="([^"]+)"') == [SITE_URL + "resolutions/2270.html"]
    assert ('href="https://git.example.org/o/r/-/edit/main/content/resolutions/2270.yaml"' in html
            and ">Edit this page</a>" in html)


def test_description_is_escaped_once(sites):
    html = (sites["published"] / "events" / "nuclear-test-2016-01-06.html").read_text(encoding="utf-8")
    shown = "Tom &amp; Jerry &lt;b onmouseover=&quot;alert(1)&quot;&gt;x&lt;/b&gt; said &quot;hi&quot;."
    assert head(html, r'<meta name="description" content="([^"]*)"') == [shown]
    assert head(html, r'<meta property="og:description" content="([^"]*)"') == [shown]
    assert "<b onmouseover" not in html
