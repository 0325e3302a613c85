"""The shipped fact base: every fact sourced, every quote verbatim, the key resolutions present."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import _count_facts, cli
from generator.pipeline import check
from generator.schema import ArticleSource, DocumentSource, UrlSource, walk_sources
from generator.text import normalise

ROOT = Path(__file__).resolve().parent.parent
#: The UN's own sites the shipped briefing.yml lists as primary: un.org (and subdomains) and the UN Audiovisual Library.
UN_HOSTS = ("un.org", "unmultimedia.org")


@pytest.fixture(scope="module")
def site():
    return check(ROOT / "content")


def test_check_passes_and_reports_zero_unsourced():
    result = CliRunner().invoke(cli, ["check", "--content", str(ROOT / "content")])
    assert result.exit_code == 0, result.output
    assert "unsourced facts = 0" in result.output
    # Every file under content/resolutions is loaded (a renewal added or removed moves this count).
    assert f"resolutions: {len(list((ROOT / 'content' / 'resolutions').glob('*.yaml')))}" in result.output


def test_no_fact_lacks_a_source(site):
    c = site.content
    facts = 0
    for kind in ("resolution", "event", "actor", "measure"):
        for eid, obj in c.table(kind).items():
            f, s, unsourced = _count_facts(obj)
            facts += f
            assert unsourced == 0, f"{kind} {eid} has a fact without a source"
            assert s >= f, f"{kind} {eid}: fewer sources than facts"
    assert facts > 150


def test_every_article_quote_is_verbatim_in_its_article(site):
    c = site.content
    quotes = 0
    for (kind, eid), _doc in c.docs.items():
        if kind == "article":
            continue
        for loc, src in walk_sources(c.table(kind)[eid]):
            if isinstance(src, ArticleSource):
                quotes += 1
                body = normalise(" ".join(p.text for p in c.articles[src.article].paragraphs))
                assert normalise(src.quote) in body, f"{kind}/{eid} {loc}: quote not in {src.article}"
    assert quotes > 50


def test_un_sources_are_un_documents_or_un_pages(site):
    c = site.content
    for (kind, eid), _doc in c.docs.items():
        if kind == "article":
            continue
        for loc, src in walk_sources(c.table(kind)[eid]):
            if isinstance(src, UrlSource):
                host = urlsplit(src.url).hostname or ""
                assert any(host == h or host.endswith("." + h) for h in UN_HOSTS), (kind, eid, loc)
            elif isinstance(src, DocumentSource):
                assert src.document.startswith("S/"), (kind, eid, loc)


def test_resolutions_cover_the_whole_ratchet(site):
    r = site.content.resolutions
    for rid in ["1695", "1718", "1874", "2087", "2094", "2270", "2321", "2356", "2371", "2375", "2397"]:
        assert r[rid].outcome == "adopted"
        assert r[rid].symbol.startswith(f"S/RES/{rid} ")
    vetoed = [x for x in r.values() if x.outcome == "vetoed"]
    assert {v.date.isoformat() for v in vetoed} == {"2022-05-26", "2024-03-28"}
    # Dates as adopted in New York.
    assert r["2270"].date.isoformat() == "2016-03-02"
    assert r["2397"].date.isoformat() == "2017-12-22"


def test_people_have_dated_roles(site):
    for aid, actor in site.content.actors.items():
        for role in actor.roles:
            assert role.start or role.attested, f"{aid}: undated role {role.title}"
    rice = site.content.actors["susan-rice"]
    assert len(rice.roles) >= 2  # a UN ambassador in 2013, national security adviser in 2016


def test_unknown_names_are_reported_not_dropped():
    # "Xiang Zhuang" appears in the ECFR article and has no fact file.
    result = CliRunner().invoke(cli, ["check", "--names", "--content", str(ROOT / "content")])
    assert result.exit_code == 0, result.output
    assert "unknown name: Xiang Zhuang" in result.output
    assert "2016-03-02-china-gets-tough-on-north-korea-sanctions.md:" in result.output
