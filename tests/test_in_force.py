"""'What was in force on date D', computed from the facts."""

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.derive import in_force, matrix
from generator.pipeline import check

CONTENT = Path(__file__).resolve().parent.parent / "content"


def test_in_force_follows_the_resolutions():
    site = check(CONTENT)
    before = {m for m, _, _ in in_force(site, dt.date(2006, 10, 13))}
    after = {m for m, _, _ in in_force(site, dt.date(2006, 10, 14))}
    assert "arms-embargo" not in before and "arms-embargo" in after  # resolution 1718, 14 October 2006
    assert "coal" in {m for m, _, _ in in_force(site, dt.date(2016, 3, 2))}
    assert "coal" not in {m for m, _, _ in in_force(site, dt.date(2016, 3, 1))}
    # The Panel of Experts mandate from 1874 ended with the 2024 veto.
    assert "panel-mandate" in {m for m, _, _ in in_force(site, dt.date(2020, 1, 1))}
    assert "panel-mandate" not in {m for m, _, _ in in_force(site, dt.date(2025, 1, 1))}


def test_matrix_columns_agree_with_in_force():
    site = check(CONTENT)
    order = site.chronology()
    for mid, cells in matrix(site):
        for rid, cell in zip(order, cells):
            on = site.content.resolutions[rid].date
            assert cell.in_force == (mid in {m for m, _, _ in in_force(site, on)}), (mid, rid)


def test_in_force_command():
    result = CliRunner().invoke(cli, ["in-force", "2016-06-01", "--content", str(CONTENT)])
    assert result.exit_code == 0, result.output
    assert "Coal: introduced by Resolution 2270 (2016) (2016-03-02)" in result.output
