"""The source policy: UN pages are primary; other pages are secondary, from allowed publishers only."""

from __future__ import annotations

from pathlib import Path

from generator.pipeline import generate
from generator.schema import SECONDARY_PUBLISHERS, refused_kind

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


def test_source_classes():
    assert refused_kind("https://en.wikipedia.org/wiki/X") == "a wiki"
    assert refused_kind("https://someone.blogspot.com/2017/x") == "a blog"
    assert refused_kind("https://www.reddit.com/r/x") == "a forum"
    assert refused_kind("https://web.archive.org/web/2017/https://www.state.gov/") == "a mirror"
    assert refused_kind("https://www.state.gov/x") is None
    # No allowed publisher's own site is itself refused.
    for name, hosts in SECONDARY_PUBLISHERS.items():
        for host in hosts:
            assert refused_kind(f"https://{host}/") is None, name
