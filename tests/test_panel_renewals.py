"""The Panel of Experts in the shipped content: created by 1874, renewed year by year, ended by the 2024 veto.

Only the renewals whose date, vote and extension a cited page confirms are in the content; the
dates below are those pages' dates (New York), so a wrong or missing file fails here.
"""

import datetime as dt
from pathlib import Path

import pytest

from generator.derive import in_force, measure_history
from generator.pipeline import check

CONTENT = Path(__file__).resolve().parent.parent / "content"

# resolution id -> (date of the vote, the date the Panel's mandate was extended to)
RENEWALS = {
    "1928": ("2010-06-07", "12 June 2011"),
    "1985": ("2011-06-10", "12 June 2012"),
    "2094": ("2013-03-07", "7 April 2014"),
    "2141": ("2014-03-05", "5 April 2015"),
    "2207": ("2015-03-04", "5 April 2016"),
    # No page read gives 2276's end date in a citable form, only its length (13 months).
    "2276": ("2016-03-24", "13 months"),
    "2407": ("2018-03-21", "24 April 2019"),
    "2464": ("2019-04-10", "24 April 2020"),
    "2515": ("2020-03-30", "30 April 2021"),
    "2569": ("2021-03-26", "30 April 2022"),
    "2627": ("2022-03-25", "30 April 2023"),
    "2680": ("2023-03-23", "30 April 2024"),
}
# Renewals whose vote no page read gives: the content must say so (null) rather than guess.
VOTE_UNKNOWN = {"2276"}
# 2094 is a sanctions resolution that also extended the Panel; for neither it nor 2276 does a page
# read say whether it acted under Chapter VII.
CHAPTER_VII_UNKNOWN = {"2094", "2276"}
# Renewals no page read dates: 2050 (2012) and 2345 (2017). They are left out of the content, so the
# chain has gaps there; if one is added, RENEWALS must list it (see the test below).


@pytest.fixture(scope="module")
def site():
    return check(CONTENT)


@pytest.mark.parametrize("rid", sorted(RENEWALS))
def test_each_renewal_is_an_adopted_resolution_with_its_date_and_end_of_mandate(site, rid):
    date, until = RENEWALS[rid]
    res = site.content.resolutions[rid]
    assert res.outcome == "adopted"
    assert res.symbol == f"S/RES/{rid} ({date[:4]})"
    assert res.date == dt.date.fromisoformat(date)
    changes = [m for m in res.measures if m.measure == "panel-mandate"]
    assert [m.change for m in changes] == ["extended"]
    assert until in changes[0].detail


def test_the_renewals_in_the_content_are_exactly_those_listed(site):
    # Fails when a renewal is removed from content/ and when one is added without its date here.
    extended = {rid for rid, ch in measure_history(site, "panel-mandate") if ch.change == "extended"}
    assert extended == set(RENEWALS)


def test_renewals_were_unanimous_where_recorded(site):
    for rid in RENEWALS:
        vote = site.content.resolutions[rid].vote
        expected = (None, None, None) if rid in VOTE_UNKNOWN else (15, 0, 0)
        assert (vote.for_, vote.against, vote.abstain) == expected, rid


def test_the_mandate_chain_runs_from_1874_to_the_2024_veto(site):
    history = measure_history(site, "panel-mandate")
    rids = [rid for rid, _ in history]
    changes = [ch.change for _, ch in history]
    assert rids[0] == "1874" and changes[0] == "introduced"
    assert set(RENEWALS) <= set(rids)
    # Every change between creation and the end is a renewal, in date order.
    assert set(changes[1:-1]) == {"extended"}
    dates = [site.content.resolutions[rid].date for rid in rids]
    assert dates == sorted(dates)
    last = site.content.resolutions[rids[-1]]
    assert (last.outcome, last.date, changes[-1]) == ("vetoed", dt.date(2024, 3, 28), "ended")
    assert last.vote.against_members == ["russia"]


def test_every_renewal_acted_under_chapter_vii_where_recorded(site):
    for rid in RENEWALS:
        expected = None if rid in CHAPTER_VII_UNKNOWN else True
        assert site.content.resolutions[rid].chapter_vii is expected, rid


def test_the_last_renewal_is_2680_and_the_veto_ended_its_mandate(site):
    history = measure_history(site, "panel-mandate")
    extended = [rid for rid, ch in history if ch.change == "extended"]
    assert extended[-1] == "2680"
    # From 2680 (23 March 2023) until the mandate ran out, the Panel rested on 2680.
    entry = {m: r for m, r, _ in in_force(site, dt.date(2024, 4, 30))}
    assert entry.get("panel-mandate") == "2680"


def test_the_panel_was_in_force_between_renewals_and_not_after_the_veto(site):
    for rid, (date, _) in RENEWALS.items():
        on = dt.date.fromisoformat(date)
        entry = {m: r for m, r, _ in in_force(site, on)}
        assert entry.get("panel-mandate") == rid
    assert "panel-mandate" not in {m for m, _, _ in in_force(site, dt.date(2024, 5, 1))}
