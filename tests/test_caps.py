"""Long lists are capped so page sizes stay linear in the number of articles.

An entity page lists at most MENTIONS_CAP of the articles that mention it (the
most recent), then says how many more there are; the timeline lists at most
NEAR_CAP "articles of the time" per event, then "and N more".
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.render import MENTIONS_CAP, NEAR_CAP
from tests.conftest import make_content

EVENT_DATE = dt.date(2016, 1, 6)  # the base content's nuclear test, which resolution 2270 answers


def _add_articles(content: Path, count: int) -> dict[str, dt.date]:
    """``count`` articles naming China and resolution 2270; returns their ids and dates.

    They are written in a shuffled date order, so "most recent" cannot come
    from the order they were added in.
    """
    dates = {}
    for i in range(count):
        # Spread over 200 days from the event: some inside the 90-day window, some after it.
        date = EVENT_DATE + dt.timedelta(days=(i * 7919) % 200)
        aid = f"{date.isoformat()}-cap-{count - i:04d}"
        dates[aid] = date
        (content / "articles" / f"{aid}.md").write_text(
            f"---\ntitle: Capped report number {i}\noutlet: Test Wire\ndate: {date.isoformat()}\n"
            f"authors: []\nlanguage: en\n---\n\nDiplomats said China backed resolution 2270 in talks today.\n",
            encoding="utf-8")
    return dates


def _section(text: str, heading: str) -> str:
    """The lines of one ``## heading`` section."""
    start = text.index(f"## {heading}\n")
    nxt = text.find("\n## ", start + 1)
    return text[start:nxt if nxt != -1 else len(text)]


def _linked_articles(section: str) -> list[str]:
    return re.findall(r"^- \[[^\]]*\]\(\.\./articles/([^)#]+)\.md", section, flags=re.M)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Pages of the base content plus MENTIONS_CAP + 17 articles that mention China and 2270."""
    content = make_content(tmp_path_factory.mktemp("caps"))
    base = {a.stem for a in (content / "articles").glob("*.md")}
    dates = _add_articles(content, MENTIONS_CAP + 17)
    result = generate(content)
    for aid in base:
        dates[aid] = result.site.content.articles[aid].meta.date
    return {p.path: p.text for p in result.pages}, dates


@pytest.mark.parametrize("page,heading", [("actors/china.md", "Mentioned in"),
                                          ("resolutions/2270.md", "Articles that discuss it")])
def test_entity_page_lists_the_most_recent_mentions_and_counts_the_rest(built, page, heading):
    pages, dates = built
    section = _section(pages[page], heading)
    listed = _linked_articles(section)
    mentioning = list(dates)  # the base article names China and resolution 2270 too
    total = len(mentioning)
    assert total > MENTIONS_CAP
    assert len(listed) == MENTIONS_CAP
    newest = sorted(mentioning, key=lambda a: (dates[a], a))[-MENTIONS_CAP:]
    assert set(listed) == set(newest)
    assert listed == sorted(listed), "the listed ones keep the uncapped (article id) order"
    more = total - MENTIONS_CAP
    assert f"{more} earlier articles also mention it: see the [articles index](../articles/index.md)" in section


def test_timeline_caps_articles_of_the_time(built):
    pages, dates = built
    row = next(line for line in pages["events/index.md"].splitlines() if "(nuclear-test-2016-01-06.md)" in line)
    cell = row.rstrip(" |").rsplit(" | ", 1)[1]
    window = sorted((d, a) for a, d in dates.items() if EVENT_DATE <= d <= EVENT_DATE + dt.timedelta(days=90))
    assert len(window) > NEAR_CAP
    linked = re.findall(r"\]\(\.\./articles/([^)]+)\.md\)", cell)
    assert linked == [a for _d, a in window[:NEAR_CAP]], "the first articles after the event, in date order"
    assert cell.endswith(f"; and {len(window) - NEAR_CAP} more")


def test_short_lists_are_not_capped(minimal_content):
    _add_articles(minimal_content, MENTIONS_CAP - 2)  # with the base article: one below the cap
    pages = {p.path: p.text for p in generate(minimal_content).pages}
    section = _section(pages["actors/china.md"], "Mentioned in")
    assert len(_linked_articles(section)) == MENTIONS_CAP - 1
    assert "earlier article" not in section


def test_one_more_is_singular(tmp_path):
    content = make_content(tmp_path)
    _add_articles(content, MENTIONS_CAP)  # with the base article: one over the cap
    pages = {p.path: p.text for p in generate(content).pages}
    section = _section(pages["actors/china.md"], "Mentioned in")
    assert len(_linked_articles(section)) == MENTIONS_CAP
    assert "1 earlier article also mentions it" in section


def test_home_lists_the_latest_instruments_up_to_home_max_and_links_to_the_index(tmp_path):
    """publish.home_max caps the home page's table of instruments: the latest by date, in date order."""
    content = make_content(tmp_path)
    base = (content / "resolutions" / "2270.yaml").read_text(encoding="utf-8")
    dates = {"2270": dt.date(2016, 3, 2)}
    for i in range(9):  # written in a shuffled date order, so "latest" cannot come from file order
        date = dt.date(2016, 4, 1) + dt.timedelta(days=(i * 37) % 90)
        rid = f"{9000 + i}"
        dates[rid] = date
        (content / "resolutions" / f"{rid}.yaml").write_text(
            base.replace("symbol: S/RES/2270", f"symbol: S/RES/{rid}").replace("title: Resolution 2270",
                                                                                f"title: Resolution {rid}")
            .replace("date: 2016-03-02", f"date: {date.isoformat()}"), encoding="utf-8")

    def home_rows(max_: int | None) -> tuple[str, list[str]]:
        settings = content.parent / "briefing.yml"
        settings.write_text(f"publish:\n  home_max: {max_}\n" if max_ else "", encoding="utf-8")
        pages = {p.path: p.text for p in generate(content).pages}
        table = _section(pages["index.md"], "The resolutions")
        return table, re.findall(r"^\| [^|]+ \| \[[^\]]*\]\(resolutions/([^)]+)\.md\)", table, flags=re.M)

    by_date = sorted(dates, key=lambda r: (dates[r], r))
    table, listed = home_rows(None)  # the default (50) is above 10: every one, no note
    assert listed == by_date
    assert "lists them all" not in table
    table, listed = home_rows(4)
    assert listed == by_date[-4:]
    assert "The latest 4 of 10 resolutions, by date; [Resolutions](resolutions/index.md) lists them all." in table
    table, listed = home_rows(10)
    assert listed == by_date and "lists them all" not in table
