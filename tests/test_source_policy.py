"""The source policy: UN pages are primary; other pages are secondary, from allowed publishers only."""

from __future__ import annotations

from pathlib import Path

from generator.pipeline import generate
from generator.config import DEFAULT_PUBLISHERS
from generator.schema import refused_kind

from tests.conftest import FIXTURES, make_content

REUTERS = """  - url: https://www.reuters.com/world/china-profile
    title: China profile
    publisher: Reuters
    quote: "China is a permanent member of the Security Council."
"""


def _page(pages, path: str) -> str:
    return next(p.text for p in pages if p.path == path)


def _china(content: Path, sources: str) -> None:
    (content / "actors" / "china.yaml").write_text(
        "# yaml-language-server: $schema=../../schema/actor.schema.json\nname: China\nkind: state\n"
        "aliases:\n  - Beijing\nsummary: Permanent member of the Security Council.\nsources:\n" + sources,
        encoding="utf-8")


def test_a_secondary_source_is_labelled_and_quoted(tmp_path):
    content = make_content(tmp_path, FIXTURES / "bad" / "secondary-source-passes")
    result = generate(content)
    text = _page(result.pages, "actors/china.md")
    assert ("Secondary source: Reuters, [China profile](https://www.reuters.com/world/china-profile): "
            "“China is a permanent member of the Security Council.”") in text
    # Backed by a UN page as well: no "secondary only" warning.
    assert "secondary sources only" not in text
    assert "United Nations, [Member States](https://www.un.org/en/about-us/member-states)" in text


def test_a_fact_with_only_secondary_sources_says_so(tmp_path):
    content = make_content(tmp_path)
    _china(content, REUTERS)
    text = _page(generate(content).pages, "actors/china.md")
    note = next(line for line in text.splitlines() if "Secondary source: Reuters" in line)
    assert note.endswith("(This fact rests on secondary sources only; no UN document or quoted article confirms it.)")


def test_un_documents_and_pages_are_labelled_primary_and_articles_are_not(tmp_path):
    pages = {p.path: p.text for p in generate(make_content(tmp_path)).pages}
    notes = [line for line in pages["resolutions/2270.md"].splitlines() if line.startswith("[^")]
    # The base 2270 cites a UN document, a UN press release and an article.
    assert any(n.endswith("Primary source: United Nations, [S/RES/2270 (2016)](https://docs.un.org/en/S/RES/2270%282016%29), "
                          "paragraph 29") for n in notes), notes
    assert any("]: Primary source: United Nations, [Security Council Imposes Fresh Sanctions]"
               "(https://press.un.org/en/2016/sc12267.doc.htm)" in n for n in notes), notes
    article = [n for n in notes if "(../articles/" in n]
    assert article and not any("Primary source" in n or "Secondary source" in n for n in article), article


def test_the_primary_label_comes_from_the_source_policy(tmp_path):
    content = make_content(tmp_path)
    (tmp_path / "briefing.yml").write_text("sources:\n  primary_label: Official record\n", encoding="utf-8")
    text = {p.path: p.text for p in generate(content).pages}["resolutions/2270.md"]
    assert "Official record: United Nations, [S/RES/2270 (2016)]" in text
    assert "Primary source" not in text


def test_source_classes():
    assert refused_kind("https://en.wikipedia.org/wiki/X") == "a wiki"
    assert refused_kind("https://someone.blogspot.com/2017/x") == "a blog"
    assert refused_kind("https://www.reddit.com/r/x") == "a forum"
    assert refused_kind("https://web.archive.org/web/2017/https://www.state.gov/") == "a mirror"
    assert refused_kind("https://www.state.gov/x") is None
    # No allowed publisher's own site is itself refused.
    for name, hosts in DEFAULT_PUBLISHERS.items():
        for host in hosts:
            assert refused_kind(f"https://{host}/") is None, name
