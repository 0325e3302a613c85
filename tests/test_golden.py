"""Golden files: the rendered Markdown of one page of every type.

When a template or the content changes on purpose, run `make golden` and review the diff.
"""

import pytest

from tests.regen_golden import GOLDEN, PAGES, golden_name, rendered


@pytest.fixture(scope="module")
def pages():
    return rendered()


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(pages, page):
    expected = (GOLDEN / golden_name(page)).read_text(encoding="utf-8")
    assert pages[page] == expected, f"{page} differs from tests/golden/{golden_name(page)}; run `make golden` if intended"


def test_golden_pages_carry_their_key_facts(pages):
    res = pages["resolutions/2270.md"]
    assert "# Resolution 2270 (2016)" in res
    assert "S/RES/2270 (2016)" in res
    assert "[^1]:" in res  # footnoted sources
    art = pages["articles/2016-03-02-china-gets-tough-on-north-korea-sanctions.md"]
    assert "{: #p1 }" in art  # stable paragraph anchors
    assert "(../resolutions/2270.md)" in art  # the mention of resolution 2270 is linked


def test_golden_files_cover_every_page_type():
    """Every kind's index and one of its pages, the home page, About, the report, the downloads and "What changed" pages."""
    from generator.kinds import KINDS

    folders = {p.split("/")[0] for p in PAGES if "/" in p}
    assert {"index.md", "about.md", "reports/index.md", "data/index.md", "changes/index.md"} <= set(PAGES)
    for kind in KINDS.values():
        assert f"{kind.folder}/index.md" in PAGES, kind.folder
        assert any(p.startswith(kind.folder + "/") and p != f"{kind.folder}/index.md" for p in PAGES), kind.folder
    assert folders == {k.folder for k in KINDS.values()} | {"reports", "data", "changes"}
