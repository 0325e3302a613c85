"""Print views: each section small enough (publish.print_max) gets all its pages on one page, linked from its index.

They stay out of the nav (one link from the section's index, not an entry per page) and out of search.
"""

from __future__ import annotations

import re
from collections import Counter

from generator.kinds import KINDS
from generator.pipeline import generate
from generator.render import PRINT_VIEW, for_print

VIEW = "/" + PRINT_VIEW


def _pages(content) -> dict[str, str]:
    return {p.path: p.text for p in generate(content).pages}


def test_each_section_has_a_print_view_holding_its_pages_in_index_order(minimal_content):
    pages = _pages(minimal_content)
    for kind in KINDS.values():
        entities = sorted(p for p in pages if p.startswith(kind.folder + "/") and p.endswith(".md")
                          and p.rpartition("/")[2] not in ("index.md", PRINT_VIEW))
        view = pages.get(kind.folder + VIEW)
        if not entities:
            assert view is None, kind.folder
            continue
        assert view is not None, kind.folder
        index = pages[f"{kind.folder}/index.md"]
        assert f"]({PRINT_VIEW})" in index, f"{kind.folder}/index.md does not link to its print view"
        # Out of search, and with the sidebar's table of contents (every heading of every page) hidden.
        assert view.startswith("---\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n")
        assert re.search(rf"^# All {len(entities)} ", view, re.M)
        # Each page's title is a second-level heading there, with the page's name as its id, in the order
        # its index lists the pages; the contents list links to each, in the same order.
        names = [e.rpartition("/")[2][:-3] for e in entities]
        titles = [re.search(r"^# (.+)$", pages[e], re.M).group(1) for e in entities]
        headed = [f"{t} {{: #{n} }}" for t, n in zip(titles, names)]
        assert sorted(re.findall(r"^## (.+)$", view, re.M)) == sorted(headed), kind.folder
        order = [index.find(f"]({e.rpartition('/')[2]})") for e in entities]
        in_view = [view.find(f"\n## {h}\n") for h in headed]
        contents = re.search(r'<div class="briefing-print-contents" markdown>\n(.*?)</div>', view, re.S).group(1)
        listed = re.findall(r"^1\. \[(.+)\]\(#([\w-]+)\)$", contents, re.M)
        assert sorted(listed) == sorted(zip(titles, names)), kind.folder
        assert [view.find(f"{{: #{n} }}") for _, n in listed] == sorted(view.find(f"{{: #{n} }}") for _, n in listed)
        # No page's links to its previous and next page (they follow on the same page; their <nav>s were
        # landmarks that axe found not unique).
        assert "briefing-prevnext" not in view
        assert all(i >= 0 for i in in_view)
        if all(o >= 0 for o in order):
            assert sorted(range(len(entities)), key=order.__getitem__) == \
                sorted(range(len(entities)), key=in_view.__getitem__), kind.folder
        # Footnotes: every marker has its definition, and no two pages share a label.
        refs = set(re.findall(r"\[\^([^\]]+)\](?!:)", view))
        defs = re.findall(r"^\[\^([^\]]+)\]:", view, re.M)
        assert refs == set(defs) and len(defs) == len(set(defs)), kind.folder
        notes = sum(len(re.findall(r"^\[\^\d+\]:", pages[e], re.M)) for e in entities)
        assert len(defs) == notes
        # Anchors stay unique.
        anchors = Counter(re.findall(r"^\{: #([\w-]+) \}$", view, re.M))
        assert not [a for a, n in anchors.items() if n > 1], kind.folder


def test_print_max_limits_which_sections_get_one(minimal_content):
    (minimal_content.parent / "briefing.yml").write_text("publish:\n  print_max: 1\n", encoding="utf-8")
    pages = _pages(minimal_content)
    assert "actors" + VIEW not in pages  # three actors
    assert f"]({PRINT_VIEW})" not in pages["actors/index.md"]
    assert "resolutions" + VIEW in pages  # one resolution
    (minimal_content.parent / "briefing.yml").write_text("publish:\n  print_max: 0\n", encoding="utf-8")
    pages = _pages(minimal_content)
    assert not [p for p in pages if p.endswith(VIEW)]
    assert not [p for p, text in pages.items() if f"]({PRINT_VIEW})" in text]


def test_only_the_templates_markup_is_renumbered_never_escaped_content():
    page = ("---\nsearch:\n  boost: 2\n---\n\n# Title\n\nText \\[^1] and \\\\[^2] real[^3].\n{: #p1 }\n\n"
            "\\# not a heading \\{: #p2 }\n\n## Part\n\n[^3]: note\n")
    out = for_print(page, "x")
    assert not out.startswith("---")
    assert out.startswith("## Title {: #x }\n") and "\n### Part\n" in out and "\\# not a heading" in out
    assert "\\[^1]" in out  # escaped: text, left alone
    assert "\\\\[^x--2]" in out  # an escaped backslash, then a real marker
    assert "real[^x--3]" in out and "\n[^x--3]: note" in out
    assert "{: #x--p1 }" in out and "\\{: #p2 }" in out
