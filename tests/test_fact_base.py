"""The shipped fact base, asserted against the content: histories, votes and dates a reader checks first."""

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import derive
from generator.cli import cli
from generator.pipeline import check
from generator.schema import walk_sources

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site():
    return check(ROOT / "content")


def test_iron_ore_is_first_banned_by_2270_with_a_livelihood_exception_then_fully_by_2371(site):
    history = [(rid, ch.change) for rid, ch in derive.measure_history(site, "iron-ore")]
    assert history[:2] == [("2270", "introduced"), ("2371", "tightened")]
    first = derive.measure_history(site, "iron-ore")[0][1]
    assert "livelihood" in first.detail
    # In force from 2016 on, not only from August 2017.
    assert "iron-ore" in {mid for mid, _rid, _ch in derive.in_force(site, dt.date(2016, 6, 1))}
    assert "iron-ore" not in {mid for mid, _rid, _ch in derive.in_force(site, dt.date(2016, 1, 1))}


def test_the_2024_vote_is_13_1_1_with_china_abstaining(site):
    draft = site.content.resolutions["vetoed-2024-03-28"]
    assert draft.outcome == "vetoed"
    assert (draft.vote.for_, draft.vote.against, draft.vote.abstain) == (13, 1, 1)
    assert draft.vote.against_members == ["russia"]
    assert draft.vote.abstaining_members == ["china"]


def test_the_panel_mandate_ends_on_30_april_2024(site):
    end = site.content.events["panel-mandate-ends-2024-04-30"]
    assert end.date == dt.date(2024, 4, 30)
    assert {"panel-of-experts", "committee-1718"} <= set(end.actors)
    ended = [(rid, ch) for rid, ch in derive.measure_history(site, "panel-mandate") if ch.change == "ended"]
    assert [rid for rid, _ch in ended] == ["vetoed-2024-03-28"]
    assert "30 April 2024" in ended[0][1].detail
    # The veto of 28 March did not end it at once: in force until 30 April 2024, gone after.
    in_force = lambda day: {mid for mid, _rid, _ch in derive.in_force(site, day)}  # noqa: E731
    assert "panel-mandate" in in_force(dt.date(2024, 4, 15))
    assert "panel-mandate" not in in_force(dt.date(2024, 5, 1))


def test_caps_carry_their_figures_and_what_they_replaced(site):
    r = site.content.resolutions
    coal = next(ch for ch in r["2321"].measures if ch.measure == "coal")
    assert coal.cap.value == 7_500_000 and "400.9 million" in coal.detail
    petrol_2375 = next(ch for ch in r["2375"].measures if ch.measure == "refined-petroleum")
    assert petrol_2375.cap.value == 2_000_000 and "500,000 barrels from October to December 2017" in petrol_2375.detail
    petrol_2397 = next(ch for ch in r["2397"].measures if ch.measure == "refined-petroleum")
    assert petrol_2397.cap.value == 500_000 and "replacing the 2 million barrels" in petrol_2397.detail


def test_chapter_vii_status_where_a_source_gives_it(site):
    r = site.content.resolutions
    assert r["1695"].chapter_vii is False
    for rid in ("1718", "1874", "2356", "2371", "2375", "2397", "2569", "2680", "vetoed-2022-05-26"):
        assert r[rid].chapter_vii is True, rid


def test_designation_counts_agree_with_the_designations_row(site):
    r = site.content.resolutions
    assert (r["2087"].designations.individuals, r["2087"].designations.entities) == (4, 6)
    assert (r["2270"].designations.individuals, r["2270"].designations.entities) == (16, 12)
    assert (r["2094"].designations.individuals, r["2094"].designations.entities) == (3, 2)
    assert (r["2397"].designations.individuals, r["2397"].designations.entities) == (16, 1)
    # 2087 listed two bankers, not "a banking official".
    listing = next(ch for ch in r["2087"].measures if ch.measure == "designations")
    assert "two individuals in the banking sector" in listing.detail and "a banking official" not in listing.detail
    # check warns on any disagreement; the shipped content has none.
    assert not [w for w in site.content.warnings if "designat" in w.message]


def test_shipped_content_has_no_contradiction_warnings(site):
    assert [w.format() for w in site.content.warnings] == []


def test_check_prints_coverage():
    result = CliRunner().invoke(cli, ["check", "--content", str(ROOT / "content")])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("facts by kind of source:"))
    article, un, secondary = (int(line.split(k)[1].split()[0]) for k in ("article ", "UN ", "secondary "))
    assert article > 50 and un > 100 and secondary > 10
    chapter = next(x for x in result.output.splitlines() if x.startswith("resolutions with Chapter VII status known:"))
    known, total = (int(n) for n in chapter.split("known:")[1].split("with")[0].split(" of "))
    # Known at least for 1695 (no), 1718, 1874, 2356-2397, every renewal but 2094, and the 2022 draft.
    assert total == len(list((ROOT / "content" / "resolutions").glob("*.yaml")))
    assert known >= 18
    assert "with actors:" in result.output


def test_the_2022_icbm_series_and_the_general_assembly_veto_debate(site):
    e = site.content.events
    icbm_2022 = sorted(ev.date for ev in e.values()
                       if ev.kind == "missile-launch" and ev.date.year == 2022 and "ntercontinental" in ev.title)
    assert icbm_2022 == [dt.date(2022, 3, 24), dt.date(2022, 5, 25), dt.date(2022, 11, 3), dt.date(2022, 11, 18)]
    # The 25 May launch came the day before the May 2022 veto; the General Assembly debated that veto on 8 June.
    veto = site.content.resolutions["vetoed-2022-05-26"]
    assert e["missile-launch-2022-05-25"].date + dt.timedelta(days=1) == veto.date
    debate = e["meeting-2022-06-08-general-assembly-veto-debate"]
    assert debate.date == dt.date(2022, 6, 8)
    assert set(veto.vote.against_members) <= set(debate.actors)


def test_the_2017_resolutions_name_their_actors(site):
    parts = {rid: {(p.actor, p.role) for p in site.content.resolutions[rid].actors} for rid in ("2371", "2375", "2397")}
    assert {("united-states", "drafter"), ("china", "negotiator")} <= parts["2371"]
    assert ("united-states", "drafter") in parts["2375"]
    assert ("united-states", "drafter") in parts["2397"]


def test_drafters_and_negotiators_of_the_earlier_resolutions(site):
    parts = {rid: {(p.actor, p.role) for p in site.content.resolutions[rid].actors} for rid in ("1695", "2087", "2321")}
    assert ("japan", "drafter") in parts["1695"] and ("united-states", "co-sponsor") in parts["1695"]
    assert ("united-states", "drafter") in parts["2087"]
    assert {("united-states", "drafter"), ("china", "negotiator")} <= parts["2321"]


def test_the_may_2022_icbm_launch_has_its_date_at_the_seat(site):
    launch = site.content.events["missile-launch-2022-05-25"]
    assert (launch.date, launch.date_at_seat) == (dt.date(2022, 5, 25), dt.date(2022, 5, 24))


def test_roles_read_as_terms_of_office_where_a_source_gives_them(site):
    actors = site.content.actors
    thornton = actors["susan-thornton"].roles[0]
    assert thornton.title == "Acting Assistant Secretary of State for East Asian and Pacific Affairs"
    assert thornton.start == dt.date(2017, 3, 9)
    churkin = actors["vitaly-churkin"].roles[0]
    assert (churkin.start, churkin.end) == (dt.date(2006, 4, 8), dt.date(2017, 2, 20))
    assert actors["john-kerry"].roles[0].start == dt.date(2013, 2, 1)


def test_un_sources_are_english_pages(site):
    # The three links that opened French or Russian pages now cite English pages that say the same.
    urls = [s.url for kind in ("event", "actor") for e in site.content.table(kind).values()
            for _loc, s in walk_sources(e) if getattr(s, "url", None)]
    assert not [u for u in urls if "/fr/" in u or "/ru/" in u or "/zh/" in u]
    assert "https://press.un.org/fr/2017/sgsm18599.doc.htm" not in urls
