"""publish.article_text: full (the default) or excerpts, only the paragraphs facts quote, each linking to the original.

An excerpts build publishes no unquoted paragraph anywhere (article pages, "Mentioned in" snippets, the
search index), every link to an article paragraph still resolves, and `briefing build --article-text full`
(what `make site` zips into the offline bundle) gives the full text whatever briefing.yml says.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import generate
from tests.conftest import ROOT, make_content, make_project

ARTICLE = "2016-03-02-test-article"
URL = "https://example.org/news/2270"
# Words only unquoted parts of the article hold: a heading, a standfirst, and two paragraphs, the first of
# which is where China, Wang Yi and resolution 2270 are first mentioned (so their "Mentioned in" snippets
# would come from it).
UNQUOTED = ["Background briefing", "A standfirst that no fact quotes",
            "dinner in Dandong last winter", "weather in Dandong"]
QUOTED = ["two months after the", "said sanctions are not an end in themselves", "provoke new tension"]


def _content(dest: Path) -> Path:
    content = make_content(dest)
    path = content / "articles" / f"{ARTICLE}.md"
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("---\n\n")
    head = head.replace("language: en\n", "language: en\nstandfirst: A standfirst that no fact quotes\n")
    body = ("## Background briefing\n\nChina and Wang Yi spoke of resolution 2270 over dinner in Dandong last winter, "
            "long before the vote.\n\n## The vote\n\n" + body
            + "\nA closing paragraph about the weather in Dandong.\n")
    path.write_text(head + "---\n\n" + body, encoding="utf-8")
    return content


def _anchors(markdown: str) -> set[str]:
    return set(re.findall(r"^\{: #(p\d+) \}$", markdown, re.M))


def test_excerpts_publish_only_quoted_paragraphs_and_every_paragraph_link_resolves(tmp_path):
    content = _content(tmp_path)
    full = {p.path: p.text for p in generate(content).pages}
    excerpts = {p.path: p.text for p in generate(content, article_text="excerpts").pages}
    page = f"articles/{ARTICLE}.md"
    # The full text holds everything (so the checks below can fail), in the article and in snippets.
    for words in UNQUOTED:
        assert words in full[page], words
    assert "dinner in Dandong" in full["actors/china.md"]
    for path, text in excerpts.items():
        for words in UNQUOTED:
            assert words not in text, f"{path} publishes unquoted text: {words!r}"
    for words in QUOTED:
        assert words in excerpts[page]
    # Only the quoted paragraphs keep their anchors; each is followed by its number and a link to the original.
    kept = _anchors(excerpts[page])
    assert kept and kept < _anchors(full[page]), (kept, _anchors(full[page]))
    assert excerpts[page].count(f"]({URL})") == len(kept) + 2  # + the infobox's and the note's link
    assert f"of {len(_anchors(full[page]))}" in excerpts[page]
    # Every link to a paragraph of the article, from any page (footnotes, mentions), names an anchor it has.
    links = [(path, a) for path, text in excerpts.items() for a in re.findall(rf"{ARTICLE}\.md#(p\d+)", text)]
    assert links and all(a in kept for _, a in links), [x for x in links if x[1] not in kept]
    # The mention in the unquoted paragraph still lists the article, with no snippet and no anchor.
    assert re.search(rf"^- \[[^\]]+\]\(\.\./articles/{ARTICLE}\.md\)$", excerpts["actors/china.md"], re.M)
    # Pages that show no article text are the same in both modes.
    assert excerpts["measures/coal.md"] == full["measures/coal.md"]


def _html_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*"))
                     if p.suffix in (".html", ".js", ".json", ".xml") and p.is_file())


def test_briefing_yml_excerpts_build_and_the_full_text_override(tmp_path):
    project = make_project(tmp_path / "project")
    _content(project)
    (project / "briefing.yml").write_text("publish:\n  article_text: excerpts\n", encoding="utf-8")

    def build(*args: str) -> Path:
        out = tmp_path / f"site{len(list(tmp_path.glob('site*')))}"
        proc = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(project / "mkdocs.yml"),
                               "--site-dir", str(out), *args], cwd=project, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]  # strict: a link to a missing anchor fails the build
        return out

    site = build()
    text = _html_text(site)
    for words in UNQUOTED:
        assert words not in text, words  # nor in the search index
    html = (site / "articles" / f"{ARTICLE}.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="(p\d+)"', html))
    hrefs = set(re.findall(rf'{ARTICLE}\.html#(p\d+)"', text))
    assert hrefs and hrefs <= ids, (hrefs, ids)
    assert 'class="briefing-excerpt-source"' in html
    # What `make site` zips: the full text, whatever briefing.yml says.
    full = _html_text(build("--article-text", "full"))
    for words in UNQUOTED:
        assert words in full, words


def test_make_site_zips_the_full_text_build():
    """The offline bundle is zipped from a build with --article-text full (`make -n` prints the recipe)."""
    proc = subprocess.run(["make", "-n", "site", "STAMP="], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    zipping = [line for line in lines if "zip_site.py" in line]
    assert len(zipping) == 1, lines
    folder = re.search(r"--site-dir (\S+)", zipping[0]).group(1)
    assert any("build --article-text full" in line and f"--site-dir {folder}" in line for line in lines), lines


@pytest.mark.parametrize("value", ["full", "excerpts"])
def test_generate_cli_takes_the_article_text(tmp_path, value):
    content = _content(tmp_path)
    out = tmp_path / "docs"
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", "--content", str(content), "--out", str(out),
                           "--article-text", value], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    page = (out / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    assert ("weather in Dandong" in page) == (value == "full")
