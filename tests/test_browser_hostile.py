"""Hostile content in a real browser: the timeline page and a search for a hostile alias run no script.

The hostile content set of ``test_injection`` (script tags, ``onerror`` handlers, attr_list
images, ``javascript:`` links in every field, the timeline's titles included) is built, opened
from ``file://`` in Debian's chromium, and every way a payload could run is recorded:
``alert``/``confirm``/``prompt`` are replaced before any page script runs, dialogs are
counted, and the DOM is searched for elements and attributes that only a payload makes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_util import CHROMIUM, CHROMIUM_ARGS, chromium_skip_reason
from tests.test_browser import search, url_of
from tests.test_injection import IMG, _build_project, make_hostile

_SKIP = chromium_skip_reason()
pytestmark = pytest.mark.skipif(_SKIP is not None, reason=_SKIP or "")

# Runs before any script of the page: every payload in the hostile set calls alert().
RECORD = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__ran.push(name + "(" + args.join(",") + ")"); };
}
"""
# Elements and attributes that no template makes and every payload does.
PAYLOAD_DOM = "img[onerror], [onerror], [onclick], [onload], [onmouseover], a[href^='javascript:'], body script:not([src])"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return _build_project(tmp_path_factory.mktemp("hostile-browser"), make_hostile)


@pytest.fixture(scope="module")
def page_in_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(RECORD)
        dialogs: list[str] = []
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        yield page, dialogs
        browser.close()


def _ran(page) -> list[str]:
    return page.evaluate("window.__ran")


def _payload_nodes(page) -> list[str]:
    # Inline scripts Material writes are in <head> and at the end of <body>; count only those in the content.
    return page.evaluate(f"""() => Array.from(document.querySelectorAll(".md-content {PAYLOAD_DOM.replace(', ', ', .md-content ')}, .md-search-result [onerror]"))
                                   .map(e => e.outerHTML.slice(0, 120))""")


def test_timeline_page_runs_no_script(hostile_site, page_in_browser):
    page, dialogs = page_in_browser
    page.goto(url_of(hostile_site, "events/index.html"))
    page.wait_for_load_state("load")
    # A failed image load (onerror) fires after load: wait until every image has loaded or failed (however
    # slow a loaded machine is), then a little more for its event.
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
    page.wait_for_timeout(500)
    assert _ran(page) == [] and dialogs == []
    assert _payload_nodes(page) == []
    # Two timelines: across the page, and down it (shown below 600 px).
    assert page.locator(".md-content svg.briefing-timeline").count() == 2
    # The hostile title is in each SVG as text.
    for sel in ("svg.briefing-timeline:not(.briefing-timeline--vertical)", "svg.briefing-timeline--vertical"):
        titles = page.eval_on_selector_all(f"{sel} title", "els => els.map(e => e.textContent)")
        assert any("onerror=alert(document.title)" in t for t in titles), titles


def test_search_for_a_hostile_alias_runs_no_script(hostile_site, page_in_browser):
    page, dialogs = page_in_browser
    page.goto(url_of(hostile_site, "index.html"))
    results, _ = search(page, "DPRK")
    assert any(r.startswith("actors/north-korea.html") for r in results), results
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")  # as above
    page.wait_for_timeout(500)
    assert _ran(page) == [] and dialogs == []
    assert page.evaluate("document.querySelectorAll('.md-search-result img, .md-search-result [onerror]').length") == 0
    # The alias holding the payload is drawn as a tag, as text.
    tags = page.eval_on_selector_all(".md-search-result .md-tag", "els => els.map(e => e.textContent)")
    assert any("Kim" + IMG in tag for tag in tags), tags
