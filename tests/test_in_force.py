"""'What was in force on date D', computed from the facts."""

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.derive import in_force, matrix
from generator.pipeline import check

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.mark.content
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
    # The veto was on 28 March 2024, but the mandate ran out only at the end of 30 April 2024.
    assert "panel-mandate" in {m for m, _, _ in in_force(site, dt.date(2024, 4, 15))}
    assert "panel-mandate" in {m for m, _, _ in in_force(site, dt.date(2024, 4, 30))}
    assert "panel-mandate" not in {m for m, _, _ in in_force(site, dt.date(2024, 5, 1))}


@pytest.mark.content
def test_in_force_command_around_the_panel_mandate():
    runner = CliRunner()
    before = runner.invoke(cli, ["in-force", "2024-04-15", "--content", str(CONTENT)])
    after = runner.invoke(cli, ["in-force", "2024-05-01", "--content", str(CONTENT)])
    assert before.exit_code == after.exit_code == 0, before.output + after.output
    # The last renewal before the 2024 veto.
    assert "Panel of Experts mandate: extended by Resolution 2680 (2023) (2023-03-23)" in before.output
    assert "Panel of Experts mandate" not in after.output


@pytest.mark.content
def test_matrix_columns_agree_with_in_force():
    site = check(CONTENT)
    order = site.chronology()
    for mid, cells in matrix(site):
        for rid, cell in zip(order, cells):
            on = site.content.resolutions[rid].date
            assert cell.in_force == (mid in {m for m, _, _ in in_force(site, on)}), (mid, rid)


@pytest.mark.content
def test_in_force_command():
    result = CliRunner().invoke(cli, ["in-force", "2016-06-01", "--content", str(CONTENT)])
    assert result.exit_code == 0, result.output
    assert "Coal: introduced by Resolution 2270 (2016) (2016-03-02)" in result.output


def _timed_site(tmp_path, effective, until):
    """The minimal fixture with its coal ban taking effect at ``effective`` and lapsing at ``until``."""
    from tests.conftest import make_content

    content = make_content(tmp_path / "c")
    (content / "events" / "implementation-day-2016-04-01.yaml").write_text(
        "# yaml-language-server: $schema=../../schema/event.schema.json\n"
        "kind: other\ntitle: Implementation day\ndate: 2016-04-01\nsummary: The ban applies from today.\n"
        "sources:\n  - document: S/RES/2270 (2016)\n", encoding="utf-8")
    path = content / "resolutions" / "2270.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    detail: Ban on DPRK exports of coal.\n",
        f"    detail: Ban on DPRK exports of coal.\n    effective: {effective}\n    until: {until}\n")
    path.write_text(text, encoding="utf-8")
    return check(content)


def test_a_change_takes_effect_at_an_event_and_lapses_on_a_date(tmp_path):
    site = _timed_site(tmp_path, "implementation-day-2016-04-01", "2020-10-18")
    coal = lambda on: "coal" in {m for m, _, _ in in_force(site, on)}  # noqa: E731
    assert not coal(dt.date(2016, 3, 2)) and not coal(dt.date(2016, 3, 31))
    assert coal(dt.date(2016, 4, 1)) and coal(dt.date(2020, 10, 18))
    assert not coal(dt.date(2020, 10, 19))
    # The matrix column of 2270 (2 March) shows the change, not yet in force.
    (_mid, cells), = [row for row in matrix(site) if row[0] == "coal"]
    assert cells[0].change is not None and not cells[0].in_force


def test_the_event_page_lists_the_measure_that_takes_effect_there(tmp_path):
    from generator.render import render

    site = _timed_site(tmp_path, "implementation-day-2016-04-01", "2020-10-18")
    pages = {p.path: p.text for p in render(site)}
    assert "## Measures that change here" in pages["events/implementation-day-2016-04-01.md"]
    assert "Effective [Implementation day](../events/implementation-day-2016-04-01.md) (1 April 2016)." \
        in pages["resolutions/2270.md"]
    assert "In force until 18 October 2020." in pages["resolutions/2270.md"]


def test_a_change_that_lapses_before_it_starts_is_reported(tmp_path):
    import pytest

    from generator.errors import ContentError

    with pytest.raises(ContentError) as info:
        _timed_site(tmp_path, "2016-04-01", "2016-03-01")
    assert any("lapses (2016-03-01) before it takes effect (2016-04-01)" in p.message and p.line == 17
               for p in info.value.problems), [p.format() for p in info.value.problems]
