"""Content is data: hostile text must come out of a real build as inert text.

The minimal content set is rewritten with script tags, event handlers,
``javascript:`` links, table and link break-outs and attr_list injections in
every kind of field, then built with mkdocs (through ``python -m generator
build``). The built HTML is compared with a build of the clean set: any
``<script>``, ``on*=`` attribute or ``javascript:`` URL that the clean build
does not have came from the content, and fails the test.

Also: no id or path can make the generator write outside its output folder.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.errors import ContentError, Problems
from generator.export import FORMULA_START
from generator.load import load
from generator.render import Page
from generator.validate import validate
from generator.write import check_paths, write

from tests.conftest import make_content, make_project

ROOT = Path(__file__).resolve().parent.parent
XSS = "<script>alert(1)</script>"
# Closes an RCDATA element (<title>, <textarea>) first, then opens a script.
BREAKOUT = "</title></textarea><script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = "[x](javascript:alert(1))"
ATTR = "{: onclick=alert(1) }"
TABLE = "a | b\n| --- | --- |\n| <b>c</b> | d"  # YAML folds it; a literal pipe is still there
LINK_BREAK = "x](javascript:alert(1)) [y"
# attr_list on an image: live only where Markdown parses the text again (the timeline SVG used to be).
ATTR_IMG = "![x](x){: onerror=alert(document.title) }"
# Paragraphs that look like block syntax; each must render as its words, with its anchor.
BLOCK_LOOKALIKES = ['!!! danger "Admonition lookalike"', '??? note "Details lookalike"', "~~~ tilde fence lookalike",
                    "/// details | Block lookalike", ": definition lookalike", "*[HTML]: abbreviation lookalike",
                    "| table | lookalike |", "{: #p1 .attr-lookalike }",
                    "<div>html block lookalike</div>", "[^9]: footnote lookalike", "[r]: http://x reference lookalike",
                    "{{ jinja_lookalike }} {% if x %}"]
# Put around every free-text value of every kind (see _poison_every_text_field): a block opener first,
# then raw tags, an attr_list handler, javascript:, data: and vbscript: links and images, Jinja.
EVERY_PREFIX = '!!! danger "every field" '
EVERY_SUFFIX = (' <b onmouseover=alert(21)>b</b>{: onclick=alert(22) }[j](javascript:alert(23))'
                '![d](data:text/html,<script>alert(24)</script>)[v](vbscript:msgbox(25)) {{ 7*7 }}{% if 1 %}j{% endif %}')
HOSTILE_SENTENCE = (f"Hostile {XSS} and {IMG} then {JS_LINK} and <javascript:alert(1)> "
                    f"and {LINK_BREAK} and a cell | break and <a href=\"javascript:alert(1)\">a</a> {ATTR}")


def _yaml_str(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    import json
    return json.dumps(text, ensure_ascii=False)


def make_hostile(dest: Path) -> Path:
    """The minimal content set with hostile text in names, titles, summaries, quotes and the article body."""
    content = make_content(dest)

    def edit(rel: str, old: str, new: str) -> None:
        path = content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("actors/north-korea.yaml", "name: North Korea", f"name: {_yaml_str('North Korea' + XSS + BREAKOUT)}")
    edit("actors/north-korea.yaml", "  - DPRK", f"  - DPRK\n  - {_yaml_str('Kim' + IMG)}")
    edit("actors/north-korea.yaml", "summary: The Democratic People's Republic of Korea.",
         f"summary: {_yaml_str(HOSTILE_SENTENCE)}")
    edit("actors/china.yaml", "summary: Permanent member of the Security Council.",
         f"summary: {_yaml_str(TABLE)}")
    edit("actors/wang-yi.yaml", "  - title: Foreign Minister of China",
         f"  - title: {_yaml_str('Minister ' + LINK_BREAK + ' ' + ATTR)}")
    edit("events/nuclear-test-2016-01-06.yaml", "title: Fourth nuclear test",
         f"title: {_yaml_str('Fourth test | ' + XSS + ' ' + ATTR + ' ' + ATTR_IMG + ' ' + JS_LINK)}")
    edit("events/nuclear-test-2016-01-06.yaml", "summary: The DPRK announced its fourth nuclear test.",
         f"summary: {_yaml_str(HOSTILE_SENTENCE)}\nplace: {_yaml_str(IMG)}")
    edit("measures/coal.yaml", "name: Coal", f"name: {_yaml_str('Coal | ' + IMG + ' |')}")
    edit("measures/coal.yaml", "description: Restrictions on DPRK exports of coal.",
         f"description: {_yaml_str(HOSTILE_SENTENCE)}")
    edit("resolutions/2270.yaml", "title: Resolution 2270 (2016)", f"title: {_yaml_str('Resolution 2270 ' + XSS + ' ' + ATTR_IMG + ' ' + JS_LINK)}")
    edit("resolutions/2270.yaml", "summary: The Council imposed sectoral sanctions on DPRK mineral exports.",
         f"summary: {_yaml_str(HOSTILE_SENTENCE)}")
    edit("resolutions/2270.yaml", "    detail: Ban on DPRK exports of coal.",
         f"    detail: {_yaml_str(TABLE + ' ' + JS_LINK)}\n    paragraph: {_yaml_str('29' + ATTR)}")
    edit("resolutions/2270.yaml", "    stance: support", f"    stance: support\n    note: {_yaml_str(IMG + JS_LINK)}")
    edit("resolutions/2270.yaml", "    title: Security Council Imposes Fresh Sanctions",
         f"    title: {_yaml_str('Press release ' + XSS + ' ' + LINK_BREAK)}")
    # The article: hostile front matter and body; the quotes other files cite stay in it.
    edit("articles/2016-03-02-test-article.md", "title: A test article about resolution 2270",
         f"title: {_yaml_str('Article ' + XSS + ' ' + LINK_BREAK)}")
    edit("articles/2016-03-02-test-article.md", "outlet: Test Wire", f"outlet: {_yaml_str('Wire ' + IMG)}")
    edit("articles/2016-03-02-test-article.md", "authors: []", f"authors: [{_yaml_str('A ' + XSS)}]")
    body = "\n\n".join([
        f"# Heading {XSS} {{ onclick=alert(1) }}",
        HOSTILE_SENTENCE + " China voted for resolution 2270 and said \"A quote with " + IMG + " inside\".",
        "| a | b |\n| --- | --- |\n| <script>alert(2)</script> | [x](javascript:alert(3)) |",
        "<div onmouseover=\"alert(4)\" markdown=\"1\">*md in html*</div>",
        "[ref]: javascript:alert(5)\n\nSee [ref] and ![img](javascript:alert(6)) and [^1].\n\n[^1]: <svg onload=alert(7)>",
        "    <script>alert(8)</script> (indented code)",
        "```\n<script>alert(9)</script>\n```",
        f"1. {XSS}\n- {IMG}\n> {JS_LINK}",
        "&lt;script&gt;alert(10)&lt;/script&gt; &#60;script&#62; &#x6A;avascript:alert(11)",
        *BLOCK_LOOKALIKES,
    ])
    path = content / "articles/2016-03-02-test-article.md"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + body + "\n", encoding="utf-8")
    body = "\n\n".join(EVERY_PREFIX + p + EVERY_SUFFIX for p in ("Every field payload paragraph.", "Another one."))
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + body + "\n", encoding="utf-8")
    # Cite the hostile paragraph so quotes with markup are rendered too.
    edit("actors/china.yaml", "sources:\n",
         "sources:\n  - article: 2016-03-02-test-article\n"
         f"    quote: {_yaml_str('A quote with ' + IMG + ' inside')}\n")
    POISONED.clear()
    POISONED.extend(_poison_every_text_field(content))
    return content


POISONED: list[str] = []  # "kind:field.path" of every value _poison_every_text_field changed


def _valid(content: Path) -> bool:
    problems = Problems()
    try:
        validate(load(content, problems), problems)
    except ContentError:
        return False
    return True


def _poison_every_text_field(content: Path) -> list[str]:
    """Wrap every string value of every file in EVERY_PREFIX/EVERY_SUFFIX, where the content stays valid.

    Ids, enumerations, dates, URLs and quotes refuse the payload (the check rejects them, so they
    never reach a page); everything else, the free text of every kind, carries it into the build.
    """
    from generator.load import parse_yaml

    changed = []
    for path in sorted(content.rglob("*")):
        if path.suffix not in (".yaml", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            _, front, body = text.split("---\n", 2)
            head, tail = "---\n", "---\n" + body
        else:
            front, head, tail = text, text.partition("\n")[0] + "\n", ""
        data = parse_yaml(front, str(path), Problems())[0]

        def leaves(node, loc=()):
            items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
            for key, value in items:
                if isinstance(value, str):
                    yield node, key, loc + (key,)
                else:
                    yield from leaves(value, loc + (key,))

        for node, key, loc in list(leaves(data)):
            before = node[key]
            node[key] = EVERY_PREFIX + before + EVERY_SUFFIX
            path.write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6) + tail,
                            encoding="utf-8")
            if _valid(content):
                changed.append(f"{path.parent.name}:{'.'.join(str(k) for k in loc)}")
            else:
                node[key] = before
        path.write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6) + tail,
                        encoding="utf-8")
    assert _valid(content)
    return changed


class _Scan(HTMLParser):
    """Collects what could run: scripts, event-handler attributes, script URLs."""

    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc", "background"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.dangerous_tags: list[str] = []
        self._in_script = False
        self._svg = 0

    def handle_starttag(self, tag, attrs):
        self._svg += tag == "svg"
        if tag in ("title", "textarea") and not self._svg:
            # Browsers read these as text up to the closing tag (RCDATA); so must we. Not inside
            # <svg>: there <title> is an SVG element whose content is parsed as markup.
            self.set_cdata_mode(tag)
        if tag == "script":
            src = dict(attrs).get("src")
            self.scripts.append(f"src:{src}" if src else "inline")
            self._in_script = src is None
        if tag in ("iframe", "object", "embed", "svg", "img", "form", "base"):
            self.dangerous_tags.append(tag)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"{tag}[{name}={value}]")
            if name.lower() in self.URL_ATTRS and value is not None:
                squashed = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value)).lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.js_urls.append(f"{tag}[{name}={value}]")

    def handle_data(self, data):
        if self._in_script:
            # Normalise the page-relative paths Material writes into its inline scripts.
            self.scripts[-1] = "inline:" + re.sub(r'"[./]*"', '""', " ".join(data.split()))[:200]

    def handle_endtag(self, tag):
        self._svg -= tag == "svg" and self._svg > 0
        if tag == "script":
            self._in_script = False


def _build_project(tmp: Path, content_maker, engine: str = "properdocs") -> Path:
    project = make_project(tmp / "project")
    content_maker(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--engine", engine, "--site-dir",
                           str(project / "site"), "-f", str(project / "mkdocs.yml")], cwd=project, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project / "site"


def _scan_site(site: Path, parser: type[HTMLParser] = _Scan) -> dict:
    """Each built page, relative path -> a ``parser`` fed its HTML."""
    result = {}
    for page in sorted(site.rglob("*.html")):
        scan = parser()
        scan.feed(page.read_text(encoding="utf-8"))
        result[page.relative_to(site).as_posix()] = scan
    return result


# Zensical, the second engine, builds from the same generated Markdown with its own theme folder.
@pytest.fixture(scope="module", params=["properdocs", "zensical"])
def built(request, tmp_path_factory) -> tuple[Path, Path]:
    """(clean site, hostile site), each built once for the module, with each engine."""
    return (_build_project(tmp_path_factory.mktemp("clean"), make_content, request.param),
            _build_project(tmp_path_factory.mktemp("hostile"), make_hostile, request.param))


@pytest.fixture(scope="module")
def sites(built) -> tuple[dict[str, _Scan], dict[str, _Scan], Path]:
    clean, hostile = built
    return _scan_site(clean), _scan_site(hostile), hostile


def test_hostile_content_passes_check_so_it_really_is_rendered(tmp_path):
    problems = Problems()
    content = validate(load(make_hostile(tmp_path), problems), problems)
    assert XSS in content.actors["north-korea"].name
    assert IMG in content.measures["coal"].name
    # Every kind's free text carries the every-field payload: names, titles, summaries, details, notes.
    fields = {f.split(":")[1].split(".")[0] for f in POISONED}
    assert {f.split(":")[0] for f in POISONED} == {"actors", "events", "measures", "resolutions", "articles"}, POISONED
    assert {"name", "title", "summary", "description", "outlet", "authors", "measures", "actors", "sources",
            "aliases", "roles"} <= fields, sorted(fields)
    assert content.events["nuclear-test-2016-01-06"].summary.startswith(EVERY_PREFIX)


def test_same_pages_are_built(sites):
    clean, hostile, _ = sites
    assert sorted(clean) == sorted(hostile)
    assert len(hostile) >= 10


def test_no_script_from_content(sites):
    clean, hostile, _ = sites
    for page, scan in hostile.items():
        assert Counter(scan.scripts) == Counter(clean[page].scripts), page


def test_no_event_handler_attribute_from_content(sites):
    clean, hostile, _ = sites
    for page, scan in hostile.items():
        assert Counter(scan.handlers) == Counter(clean[page].handlers), (page, scan.handlers)


def test_no_javascript_url_from_content(sites):
    clean, hostile, _ = sites
    for page, scan in hostile.items():
        assert scan.js_urls == clean[page].js_urls == [], (page, scan.js_urls)


def test_no_embedded_elements_from_content(sites):
    clean, hostile, _ = sites
    for page, scan in hostile.items():
        assert Counter(scan.dangerous_tags) == Counter(clean[page].dangerous_tags), (page, scan.dangerous_tags)


def test_hostile_text_is_shown_as_text(sites):
    """The payloads are not dropped silently: readers see them, escaped."""
    _, _, site = sites
    actor = (site / "actors" / "north-korea.html").read_text(encoding="utf-8")
    assert "North Korea&lt;script&gt;alert(1)&lt;/script&gt;" in actor
    article = (site / "articles" / "2016-03-02-test-article.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
    assert "onclick=alert(1)" in article  # visible as text, not as an attribute (checked above)


# --- paths --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["../evil.md", "a/../../evil.md", "/tmp/evil.md", "a\\..\\evil.md", ""])
def test_check_paths_refuses_paths_outside_the_output_folder(path):
    with pytest.raises(ContentError) as info:
        check_paths([Page(path, "x")])
    assert "leaves the output folder" in info.value.problems[0].message


def test_write_refuses_and_writes_nothing_outside(tmp_path):
    out = tmp_path / "out" / "docs"
    with pytest.raises(ContentError):
        write([Page("index.md", "ok"), Page("../../escaped.md", "evil")], out)
    assert not (tmp_path / "escaped.md").exists()
    assert not (tmp_path / "out" / "escaped.md").exists()
    assert not out.exists()


def test_check_paths_refuses_two_pages_on_one_path():
    with pytest.raises(ContentError):
        check_paths([Page("actors/a.md", "1"), Page("actors/A.md", "2")])


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "..", "a/b", "A", "a_b", "-a", "a--b", "/abs"])
def test_ids_in_references_are_pattern_checked(tmp_path, bad_id):
    content = make_content(tmp_path)
    path = content / "resolutions/2270.yaml"
    path.write_text(path.read_text().replace("triggers: [nuclear-test-2016-01-06]", f"triggers: [{_yaml_str(bad_id)}]"))
    problems = Problems()
    with pytest.raises(ContentError) as info:
        validate(load(content, problems), problems)
    assert any("is not a valid id" in p.message for p in info.value.problems)


@pytest.mark.parametrize("name", ["..yaml", "...yaml", ".hidden.yaml", "a b.yaml", "Evil.yaml", "évil.yaml"])
def test_odd_file_names_never_become_ids(tmp_path, name):
    content = make_content(tmp_path)
    (content / "measures" / name).write_text((content / "measures/coal.yaml").read_text())
    problems = Problems()
    try:
        result = validate(load(content, problems), problems)
    except ContentError as exc:
        assert any("not a valid id" in p.message for p in exc.problems)
    else:  # dot-files are skipped
        assert name.startswith(".") and set(result.measures) == {"coal"}


# --- every element and attribute comes from the templates, none from content ----------------------------------


class _Shapes(HTMLParser):
    """Every (tag, attribute names) pair in a document, and the text of each element with an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shapes: set[tuple[str, tuple[str, ...]]] = set()
        self.by_id: dict[str, list[str]] = {}
        self._open: list[str | None] = []
        self._svg = 0

    def handle_starttag(self, tag, attrs):
        self._svg += tag == "svg"
        if tag in ("title", "textarea") and not self._svg:  # RCDATA, as in _Scan
            self.set_cdata_mode(tag)
        self.shapes.add((tag, tuple(sorted(name for name, _ in attrs))))
        if tag in ("p", "h1", "h2", "li", "td"):
            ident = dict(attrs).get("id")
            self._open.append(ident)
            if ident:
                self.by_id[ident] = []

    def handle_endtag(self, tag):
        self._svg -= tag == "svg" and self._svg > 0
        if tag in ("p", "h1", "h2", "li", "td") and self._open:
            self._open.pop()

    def handle_data(self, data):
        for ident in self._open:
            if ident:
                self.by_id[ident].append(data)


@pytest.fixture(scope="module")
def shapes(built) -> tuple[dict[str, _Shapes], dict[str, _Shapes]]:
    clean, hostile = built
    return _scan_site(clean, _Shapes), _scan_site(hostile, _Shapes)


def test_no_element_or_attribute_comes_from_content(shapes):
    """Every (element, attribute names) shape in the hostile site also occurs in the clean site."""
    clean, hostile = shapes
    known = set().union(*(s.shapes for s in clean.values()))
    for page, parsed in hostile.items():
        assert parsed.shapes <= known, (page, sorted(parsed.shapes - known))


def test_timeline_svg_holds_hostile_titles_as_text(sites):
    _, _, site = sites
    parser = _Shapes()
    page = (site / "events" / "index.html").read_text(encoding="utf-8")
    parser.feed(page)
    assert ("svg", ("aria-labelledby", "class", "role", "viewbox", "width", "xmlns")) in parser.shapes
    assert not any(tag == "img" for tag, _ in parser.shapes)
    # The payload is in the SVG's <title> as escaped text, exactly once.
    assert html.escape(ATTR_IMG, quote=False) in page
    assert "{: #" not in re.sub(r"<title>.*?</title>", "", page, flags=re.S)


def test_block_lookalike_paragraphs_render_as_their_words_with_their_anchor(shapes, sites):
    _, hostile = shapes
    article = hostile["articles/2016-03-02-test-article.html"]
    texts = {ident: " ".join("".join(parts).split()) for ident, parts in article.by_id.items()}
    for words in BLOCK_LOOKALIKES:
        found = [ident for ident, text in texts.items() if ident.startswith("p") and text == words]
        assert found, (words, texts)
    # No admonition, details, definition or abbreviation was made from a paragraph.
    assert not any(tag in ("details", "dl", "abbr") for tag, _ in article.shapes)
    raw = (sites[2] / "articles" / "2016-03-02-test-article.html").read_text(encoding="utf-8")
    assert 'class="admonition' not in raw


class _IndexField(HTMLParser):
    """The elements inside one search-index field, as Material's result list would draw them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(attrs)))


def _index_elements(value: str) -> list[tuple[str, tuple]]:
    parser = _IndexField()
    parser.feed(value)
    parser.close()
    return parser.elements


def test_search_index_holds_no_element_or_attribute_from_content(sites):
    """Material draws a result's title, text and tags as HTML: only its own kept tags, bare, may be there."""
    import json

    _, _, site = sites
    index = site / "search" / "search_index.json"
    if index.is_file():
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    else:  # Zensical's own index
        docs = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    kept = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}  # Material's search Parser.keep
    tags_seen = []
    for doc in docs:
        for name in ("title", "text"):
            for tag, attrs in _index_elements(doc.get(name, "")):
                assert tag in kept and attrs == (), (doc["location"], name, tag, attrs)
        for value in doc.get("tags", []):
            tags_seen.append(value)
            assert _index_elements(value) == [], (doc["location"], value)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in t for t in tags_seen), tags_seen


# --- the hostile fixtures that must pass `check` render inert too ---------------------------------------------

PASSING_HOSTILE = ["hostile-timeline-title-passes", "hostile-alias-passes", "admonition-paragraph-passes",
                   "hostile-formula-passes"]


def _markdown_extensions() -> tuple[list, dict]:
    """The project's Markdown extensions and their settings, as mkdocs.yml lists them."""
    names, configs = [], {}
    for item in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = config or {}
    return names, configs


@pytest.mark.parametrize("case", PASSING_HOSTILE)
def test_hostile_fixtures_that_pass_check_render_without_markup_from_content(case, tmp_path):
    """Each page's Markdown, converted with the site's extensions: no image, handler, script URL or admonition."""
    import markdown

    from generator.pipeline import generate
    from tests.test_errors import build_case

    names, configs = _markdown_extensions()
    for page in generate(build_case(case, tmp_path)).pages:
        if page.path == "feed.xml":
            # The Atom feed: content only ever in text and attribute values, never an element of its own.
            from xml.etree import ElementTree as ET

            atom = "{http://www.w3.org/2005/Atom}"
            tags = {el.tag for el in ET.fromstring(page.text).iter()}
            assert tags <= {atom + t for t in ("feed", "title", "subtitle", "id", "updated", "author", "name",
                                               "link", "entry")}, (case, tags)
            continue
        if page.path.endswith(".js"):
            # Data written for scripts (measures/in-force.js) is never Markdown: JSON whose every <, > and &
            # is an escape, shown by briefing.js as text (textContent), never as markup.
            assert not any(c in page.text for c in "<>&"), (case, page.path)
            continue
        if page.path.endswith(".json"):
            # The JSON downloads are data by construction: whatever a string holds stays a JSON string.
            assert isinstance(json.loads(page.text), dict), (case, page.path)
            continue
        if page.path.endswith(".csv"):
            # The CSV downloads: no cell that a spreadsheet would run as a formula.
            cells = [c for row in csv.reader(io.StringIO(page.text, newline="")) for c in row]
            assert cells and not [c for c in cells if c.startswith(FORMULA_START)], (case, page.path)
            continue
        assert page.path.endswith(".md"), page.path
        body = page.text.split("---\n", 2)[2] if page.text.startswith("---\n") else page.text
        scan = _Scan()
        scan.feed(markdown.markdown(body, extensions=names, extension_configs=configs))
        assert scan.handlers == [] and scan.js_urls == [], (case, page.path, scan.handlers, scan.js_urls)
        assert "img" not in scan.dangerous_tags, (case, page.path)
        assert 'class="admonition' not in markdown.markdown(body, extensions=names, extension_configs=configs)
