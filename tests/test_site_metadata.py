"""What a published site tells other sites: sitemap, canonical and OpenGraph tags, the feed link, the edit link.

A copy of the project around the minimal content, committed to a repository of fixed dates
(tests/test_history.py), is built twice: as shipped (no site_url: the sitemap lists nothing, no
og:url) and with ``site_url`` in mkdocs.yml and ``edit_url``, a title and a description in briefing.yml;
that second project is also built with Zensical, the second engine.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import json
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
TITLE = "Tom & Jerry's briefing"
DESCRIPTION = 'Sanctions & <b onmouseover="alert(1)">more</b>, all "sourced".'
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def build(project: Path, engine: str = "properdocs") -> Path:
    site = project / f"site-{engine}"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--engine", engine, "-f",
                           str(project / "mkdocs.yml"), "--site-dir", str(site)], capture_output=True, text=True,
                          timeout=600)
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
            (project / "briefing.yml").write_text(
                f"edit_url: {EDIT_URL}\ntitle: {json.dumps(TITLE)}\ndescription: {json.dumps(DESCRIPTION)}\n",
                encoding="utf-8")
            event = project / "content" / "events" / "nuclear-test-2016-01-06.yaml"
            event.write_text(event.read_text(encoding="utf-8").replace(
                "summary: The DPRK announced its fourth nuclear test.", f"summary: '{HOSTILE}'"), encoding="utf-8")
            git(project, "add", "-A")
            git(project, "commit", "-q", "-m", "publish", when="2030-03-05T10:00:00Z")
        out[name] = build(project)
        if name == "published":
            out["published-zensical"] = build(project, "zensical")
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


@pytest.mark.parametrize("name", ["published", "published-zensical"])
def test_the_title_and_description_are_set_in_briefing_yml_alone(sites, name):
    """mkdocs.yml's site_name is a placeholder; the header, <title> and OpenGraph tags show briefing.yml's
    title, on both engines, and the description is escaped once where pages have none of their own."""
    site = sites[name]
    page = (site / "resolutions" / "2270.html").read_text(encoding="utf-8")
    header = re.search(r'<div class="md-header__topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', page, re.S)
    assert header and header.group(1) == TITLE  # printed as it is: the config refuses markup in a title
    assert [html_lib.unescape(t) for t in head(page, r"<title>([^<]*)</title>")] == [f"Resolution 2270 (2016) - {TITLE}"]
    assert [html_lib.unescape(t) for t in head(page, r'<meta property="og:site_name" content="([^"]*)"')] == [TITLE]
    for html in (p.read_text(encoding="utf-8") for p in site.rglob("*.html")):
        assert "the title in briefing.yml" not in html and "Briefing" not in head(html, r"<title>([^<]*)</title>")
    # 404.html has no description of its own: the site's, escaped once.
    missing = (site / "404.html").read_text(encoding="utf-8")
    for tag in ("name", "property"):
        shown = head(missing, rf'<meta {tag}="(?:og:)?description" content="([^"]*)"')
        assert [html_lib.unescape(d) for d in shown] == [DESCRIPTION], shown
    assert "<b onmouseover" not in missing


def test_a_title_holding_markup_is_refused_with_its_line(tmp_path):
    from generator.errors import ContentError
    from generator.pipeline import settings

    (tmp_path / "content").mkdir()
    (tmp_path / "briefing.yml").write_text('edit_url: null\ntitle: "A <i>briefing</i>"\n', encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        settings(tmp_path / "content")
    [problem] = exc.value.problems
    assert (problem.file, problem.line) == ("briefing.yml", 2) and "without <, >" in problem.message
    (tmp_path / "briefing.yml").write_text("title: Trade & sanctions\n", encoding="utf-8")
    assert settings(tmp_path / "content").title == "Trade & sanctions"
