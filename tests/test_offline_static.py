"""The built site loads nothing from another host: a static scan, no browser.

Every built HTML, CSS, JS and SVG file is scanned for resources that would be fetched while a
page runs: ``src=``, ``srcset=``, ``<link rel=stylesheet|preload|icon…>``, ``url()`` and
``@import`` in CSS (files, ``<style>`` and ``style=``), and, in JS, literal http(s) URLs
handed to fetch/import/importScripts/``.src =``. Well-known CDN hosts are flagged anywhere.
Plain outbound ``<a href>`` links are fine: they load only when the reader clicks them.

Material's JS bundle holds three guarded outside references that never fire on this site;
each is tolerated only together with its guard, and a separate test checks that the condition
which would trigger it does not occur (no mermaid diagram, no repository widget).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser_util import ROOT, built_site

EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.I)
CDN_HOSTS = (
    "unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "fonts.googleapis.com", "fonts.gstatic.com",
    "ajax.googleapis.com", "code.jquery.com", "polyfill.io", "esm.sh", "cdn.skypack.dev",
    "use.fontawesome.com", "kit.fontawesome.com", "bootstrapcdn.com", "googletagmanager.com",
    "google-analytics.com", "cdn.mathjax.org", "cdn.plot.ly",
)
CDN_RE = re.compile("|".join(re.escape(h) for h in CDN_HOSTS), re.I)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.I | re.S)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'");\s]+)""", re.I)
# A literal absolute URL handed to something that loads it at runtime.
JS_LOAD = re.compile(
    r"""(?:\bfetch|\bimport|\bimportScripts|\.open\s*\(\s*['"]GET['"]\s*,|\bnew\s+(?:Worker|EventSource|WebSocket))"""
    r"""\s*\(?\s*['"`]((?:https?:|wss?:)?//[^'"`]+)"""
    r"""|\.(?:src|href)\s*=\s*['"`]((?:https?:)?//[^'"`]+)"""
    r"""|\bfrom\s*['"]((?:https?:)?//[^'"]+)['"]""",
    re.I,
)
# rel values whose href the browser fetches by itself.
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon", "manifest",
                "prefetch", "prerender", "preconnect", "dns-prefetch", "mask-icon"}
URL_ATTRS = {"src", "poster", "data", "background", "xlink:href"}

# Material 9.8.1's bundle: each outside URL together with the guard that keeps it from loading.
GUARDED = [
    # Polyfill, fetched only by browsers without ResizeObserver (every supported browser has it).
    re.compile(r"""typeof ResizeObserver\s*==+\s*"undefined"\s*\?\s*\w+\(\s*"https://unpkg\.com/resize-observer-polyfill"\)"""),
    # Mermaid, fetched only when a page holds a mermaid diagram: test_no_mermaid_diagrams says none does.
    re.compile(r"""typeof mermaid\s*==+\s*"undefined"\s*\|\|\s*mermaid instanceof Element\s*\?\s*\w+\(\s*"https://unpkg\.com/mermaid@[\d.]+/dist/mermaid\.min\.js"\)"""),
    # Repository facts, fetched only with `repo_url` set: test_no_repository_widget says it is not.
    re.compile(r"""`https://api\.github\.com/(?:repos|users)/\$\{"""),
    re.compile(r"""`https://gitlab\.com/api/v4/projects/\$\{"""),
]


class _Scanner(HTMLParser):
    """Collect outside resources from one HTML/SVG document, plus its inline CSS and JS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.local: list[str] = []
        self._in: str | None = None

    def _url(self, kind: str, value: str | None) -> None:
        if not value:
            return
        if EXTERNAL.match(value):
            self.found.append((kind, value.strip()))
        elif not value.startswith(("data:", "#", "blob:", "about:", "javascript:", "mailto:")):
            self.local.append(value.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        for name in URL_ATTRS & a.keys():
            self._url(f"<{tag} {name}=>", a[name])
        for name in ("srcset", "imagesrcset"):
            for part in a.get(name, "").split(","):
                if part.strip():
                    self._url(f"<{tag} {name}=>", part.split()[0])
        rels = set(a.get("rel", "").lower().split())
        if tag == "link" and rels & LOADING_RELS:
            self._url(f"<link rel={a.get('rel')}>", a.get("href"))
        if tag in {"image", "use", "script", "feimage"} and "href" in a:  # SVG: these href load
            self._url(f"<{tag} href=>", a["href"])
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self._url("<meta refresh>", a.get("content", "").partition("url=")[2] or None)
        if "style" in a:
            self.found += [(f"<{tag} style=> {k}", u) for k, u in scan_css(a["style"])]
        if tag in {"script", "style"}:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.found += [(f"<style> {k}", u) for k, u in scan_css(data)]
        elif self._in == "script":
            self.found += [(f"<script> {k}", u) for k, u in scan_js(data)]


def scan_css(text: str) -> list[tuple[str, str]]:
    """Outside resources a stylesheet would load: url() and @import, plus CDN hosts anywhere."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # licence comments name their home pages
    hits = [("@import", m.group(1)) for m in CSS_IMPORT.finditer(text) if EXTERNAL.match(m.group(1))]
    text = CSS_IMPORT.sub("", text)  # so `@import url(...)` is reported once
    hits += [("url()", m.group(2)) for m in CSS_URL.finditer(text) if EXTERNAL.match(m.group(2))]
    hits += [("CDN host", m.group(0)) for m in CDN_RE.finditer(text)]
    return hits


def scan_js(text: str) -> list[tuple[str, str]]:
    """Outside URLs a script would load at runtime, after removing Material's guarded ones."""
    for guard in GUARDED:
        text = guard.sub("", text)
    hits = [("runtime load", next(g for g in m.groups() if g)) for m in JS_LOAD.finditer(text)]
    hits += [("CDN host", m.group(0)) for m in CDN_RE.finditer(text)]
    return hits


def scan_markup(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Outside resources in an HTML or SVG document, and the local resource paths it loads."""
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.found, scanner.local


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


def _files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in suffixes and p.is_file())


def _pages(site: Path) -> list[Path]:
    """Pages a reader opens. 404.html is left out: only a web server shows it, and MkDocs gives it
    root-absolute asset paths on purpose (it is served at any depth), so under file:// it never appears."""
    return [p for p in _files(site, ".html") if p.relative_to(site).as_posix() != "404.html"]


# --- the scanner itself catches what it must (so a silent scanner cannot pass) ---------------------------

def test_scanner_flags_outside_resources_and_ignores_outbound_links():
    html = """<html><head>
      <link rel="stylesheet" href="https://cdn.example.org/x.css">
      <link rel="icon" href="//example.org/favicon.ico">
      <link rel="preload" href="https://example.org/f.woff2" as="font">
      <script src="https://example.org/a.js"></script>
      <style>@import url("https://example.org/b.css"); body{background:url(//example.org/bg.png)}</style>
      <script>fetch("https://api.example.org/data"); import("https://esm.example.org/m.js");</script>
      </head><body>
      <img src="http://example.org/i.png" srcset="local.png 1x, https://example.org/i2.png 2x">
      <div style="background-image: url('https://example.org/s.png')"></div>
      <a href="https://www.un.org/securitycouncil/">outbound link</a>
      <img src="../assets/images/local.png">
    </body></html>"""
    found, local = scan_markup(html)
    urls = sorted(u for _, u in found)
    assert urls == sorted([
        "https://cdn.example.org/x.css", "//example.org/favicon.ico", "https://example.org/f.woff2",
        "https://example.org/a.js", "https://example.org/b.css", "//example.org/bg.png",
        "https://api.example.org/data", "https://esm.example.org/m.js", "http://example.org/i.png",
        "https://example.org/i2.png", "https://example.org/s.png",
    ])
    assert "https://www.un.org/securitycouncil/" not in urls
    assert local == ["local.png", "../assets/images/local.png"]


def test_scanner_flags_cdn_hosts_in_js_and_css_but_not_guarded_material_code():
    assert scan_js('var s=document.createElement("script");s.src="https://unpkg.com/x";')
    assert scan_js('const u = "https://cdn.jsdelivr.net/npm/y"')
    assert scan_css("@font-face{src:url(https://fonts.gstatic.com/s/roboto.woff2)}")
    assert scan_css('@import "https://fonts.googleapis.com/css?family=Roboto";')
    guarded = 'var a=typeof ResizeObserver=="undefined"?_t("https://unpkg.com/resize-observer-polyfill"):$(void 0)'
    assert scan_js(guarded) == []
    # The same URL without its guard is flagged: the allowance is for the guarded form only.
    assert scan_js('_t("https://unpkg.com/resize-observer-polyfill")')


# --- the built site ---------------------------------------------------------------------------------------

def test_no_outside_resource_in_any_built_file(site):
    problems: list[str] = []
    counts = {"html/svg": 0, "css": 0, "js": 0}
    for path in _files(site, ".html", ".svg"):
        counts["html/svg"] += 1
        found, _ = scan_markup(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(site)}: {kind} {url}" for kind, url in found]
    for path in _files(site, ".css"):
        counts["css"] += 1
        problems += [f"{path.relative_to(site)}: {k} {u}" for k, u in scan_css(path.read_text(encoding="utf-8"))]
    for path in _files(site, ".js"):
        counts["js"] += 1
        problems += [f"{path.relative_to(site)}: {k} {u}" for k, u in scan_js(path.read_text(encoding="utf-8"))]
    assert counts["html/svg"] > 50 and counts["css"] >= 2 and counts["js"] >= 3, counts
    assert not problems, "resources from another host:\n" + "\n".join(problems[:50])


def test_material_guards_are_still_present_where_expected(site):
    """If Material changes its bundle, the allowances above must be revisited, not silently widened."""
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert "unpkg.com" in bundle, "Material's bundle no longer mentions unpkg: drop the GUARDED allowances"
    assert "unpkg.com" not in re.sub("|".join(g.pattern for g in GUARDED[:2]), "", bundle)


def test_every_local_script_stylesheet_and_image_exists_at_every_depth(site):
    """Relative paths resolve from each page's own folder under file:// (e.g. resolutions/2270.html)."""
    missing: list[str] = []
    for page in _pages(site):
        _, local = scan_markup(page.read_text(encoding="utf-8"))
        for ref in local:
            rel = unquote(urlsplit(ref).path)
            if not rel or rel.startswith("/"):
                missing.append(f"{page.relative_to(site)}: root-absolute {ref} breaks under file://")
                continue
            if not (page.parent / rel).resolve().is_file():
                missing.append(f"{page.relative_to(site)}: {ref}")
    assert not missing, "\n".join(missing[:50])


def test_local_iframe_worker_shim_is_loaded_by_every_page(site):
    shim = site / "assets" / "javascripts" / "vendor" / "iframe-worker" / "shim.js"
    assert shim.is_file() and (shim.parent / "LICENSE").is_file()
    tag = re.compile(r'<script src="([^"]*assets/javascripts/vendor/iframe-worker/shim\.js)"')
    without = []
    for page in _pages(site):
        m = tag.search(page.read_text(encoding="utf-8"))
        if not m or (page.parent / m.group(1)).resolve() != shim.resolve():
            without.append(str(page.relative_to(site)))
    assert not without, f"pages without a working local shim: {without[:20]}"
    # Offline search reads the index from a script, since fetch() of JSON is blocked under file://.
    assert (site / "search" / "search_index.js").is_file()


def test_no_mermaid_diagrams(site):
    """Material fetches mermaid from unpkg on any page that has a diagram; the site has none."""
    diagram = re.compile(r'class="[^"]*\bmermaid\b', re.I)
    pages = [str(p.relative_to(site)) for p in _files(site, ".html") if diagram.search(p.read_text(encoding="utf-8"))]
    assert not pages, f"mermaid diagrams would load mermaid from unpkg.com: {pages}"


def test_no_repository_widget(site):
    """With `repo_url` set, Material asks api.github.com for stars and forks on every page."""
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="source"' not in html
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


# --- the zip bundle (no browser; the browser test opens an unzipped copy) ----------------------------------

def _zip_site_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("zip_site", ROOT / "scripts" / "zip_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_zip_is_named_after_the_project_version_and_stamped_with_the_newest_content_date(tmp_path):
    zs = _zip_site_module()
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "articles").mkdir()
    (content / "events" / "a.yaml").write_text("id: a\ndate: 2017-09-03\nsources:\n  - date: '2024-04-30'\n")
    (content / "events" / "b.yaml").write_text("id: b\ndate: 2016-02-30  # impossible, ignored\n")
    (content / "articles" / "x.md").write_text("---\ndate: 2013-03-05\n---\nText 2099-01-01 in prose is no field.\n")
    assert zs.newest_content_date(content).isoformat() == "2024-04-30"
    assert zs.newest_content_date(tmp_path / "missing") is None
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1.2.0rc1+local/build"\n')
    assert zs.project_version(tmp_path / "pyproject.toml") == "1.2.0rc1-local-build"
    import tomllib
    with open(ROOT / "pyproject.toml", "rb") as fh:
        assert zs.project_version() == tomllib.load(fh)["project"]["version"]


def test_zip_is_reproducible_sorted_and_stamped(site, tmp_path):
    zs = _zip_site_module()
    import datetime as dt
    import zipfile

    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    n = zs.write_zip(site, a, "briefing-site-test", dt.date(2016, 3, 2))
    zs.write_zip(site, b, "briefing-site-test", dt.date(2016, 3, 2))
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        infos = zf.infolist()
        assert zf.testzip() is None
    assert len(infos) == n == sum(1 for p in site.rglob("*") if p.is_file())
    names = [i.filename for i in infos]
    assert names == sorted(names) and "briefing-site-test/index.html" in names
    assert {i.date_time for i in infos} == {(2016, 3, 2, 0, 0, 0)}
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind
    with pytest.raises(FileNotFoundError):
        zs.write_zip(tmp_path, tmp_path / "c.zip", "x", dt.date(2016, 3, 2))
