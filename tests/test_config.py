"""briefing.yml: topic settings out of the code, read with file:line errors, defaults without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline import check, generate
from tests.conftest import make_content

ROOT = Path(__file__).resolve().parent.parent


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_without_a_config_the_defaults_apply_and_say_nothing_topic_specific(tmp_path):
    pages = {p.path: p.text for p in generate(make_content(tmp_path)).pages}
    assert "# A sourced briefing" in pages["index.md"]
    # The fixture's facts are about North Korea, but no wording of the package's own is.
    assert "| Date | 6 January 2016 (local date) |" in pages["events/nuclear-test-2016-01-06.md"]
    for text in pages.values():
        assert "Korean local" not in text and "Security Council response" not in text


def test_a_bad_config_is_reported_with_file_and_line(tmp_path):
    content = make_content(tmp_path)
    _write(tmp_path / "briefing.yml", "title: X\nvocabularies:\n  actor_kind: {state: States}\n")
    with pytest.raises(ContentError) as info:
        check(content)
    shown = [p.format() for p in info.value.problems]
    assert any(s.startswith("briefing.yml:3:3: error: unknown field 'vocabularies.actor_kind'") and "actor_kinds" in s
               for s in shown), shown


def test_vocabularies_come_from_the_config(tmp_path):
    content = make_content(tmp_path)
    _write(tmp_path / "briefing.yml", "vocabularies:\n  actor_kinds: {country: Countries, person: People}\n")
    with pytest.raises(ContentError) as info:
        check(content)
    # The base content's actors are `kind: state`, which this config does not allow.
    assert any("'kind' is 'state', not an allowed value" in p.message and "'country' or 'person'" in p.fix
               for p in info.value.problems), [p.format() for p in info.value.problems]


def test_a_body_without_a_size_limit_and_its_own_outcome(tmp_path):
    content = make_content(tmp_path)
    _write(tmp_path / "briefing.yml", """\
default_body: congress
bodies:
  congress:
    name: United States Congress
    short: Congress
    size: null
    identifier: {pattern: '^Public Law \\d+-\\d+$', name: public law number, example: Public Law 111-195}
    mentions: [{pattern: '\\bPublic Law (\\d+)-(\\d+)\\b', id: 'pl-{1}-{2}', label: public law}]
    legal_basis: {field: legal_basis, label: Legal basis}
    date_place: null
vocabularies:
  outcomes:
    enacted: {passed: true, verb: Enacted}
""")
    path = content / "resolutions" / "2270.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("symbol: S/RES/2270 (2016)", "symbol: Public Law 111-195").replace("outcome: adopted", "outcome: enacted")
    text = text.replace("  for: 15\n", "  for: 408\n")
    path.write_text(text, encoding="utf-8")
    path.rename(content / "resolutions" / "pl-111-195.yaml")
    article = content / "articles" / "2016-03-02-test-article.md"
    _write(article, article.read_text(encoding="utf-8") + "\nCongress passed Public Law 111-195 that year.\n")
    result = generate(content)
    pages = {p.path: p.text for p in result.pages}
    page = pages["resolutions/pl-111-195.md"]
    assert "| Enacted | 2 March 2016 |" in page and "| Legal basis | Not recorded |" in page
    assert "[Public Law 111-195](../resolutions/pl-111-195.md)" in pages["articles/2016-03-02-test-article.md"]


@pytest.mark.content
def test_the_shipped_config_is_valid_and_names_the_topic():
    site = check(ROOT / "content")
    assert site.content.config.title == "DPRK sanctions briefing"
    assert site.content.config.vocabularies.event_kinds["nuclear-test"].date_note == "Korean local date"


def _event_with_a_date_at_the_seat(content: Path, seat: str) -> None:
    path = content / "events" / "nuclear-test-2016-01-06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2016-01-06\n", f"date: 2016-01-06\n{seat}\n"),
                    encoding="utf-8")


def test_the_date_at_the_seat_is_labelled_with_the_default_bodys_date_place(tmp_path):
    content = make_content(tmp_path)
    _write(tmp_path / "briefing.yml", "bodies:\n  security-council: {date_place: Geneva}\n")
    _event_with_a_date_at_the_seat(content, "date_at_seat: 2016-01-05")
    pages = {p.path: p.text for p in generate(content).pages}
    assert "| Geneva date | 5 January 2016 |" in pages["events/nuclear-test-2016-01-06.md"]
    assert "| 6 January 2016 (5 January 2016 in Geneva) |" in pages["events/index.md"]
    assert not any("New York" in text for path, text in pages.items() if path.endswith(".md"))


def test_a_date_at_the_seat_needs_the_default_body_to_have_a_date_place(tmp_path):
    content = make_content(tmp_path)
    _write(tmp_path / "briefing.yml", "bodies:\n  security-council: {date_place: null}\n")
    _event_with_a_date_at_the_seat(content, "date_at_seat: 2016-01-05")
    with pytest.raises(ContentError) as info:
        check(content)
    assert [p.format() for p in info.value.problems] == [
        "content/events/nuclear-test-2016-01-06.yaml:5:1: error: date_at_seat needs a place, and the default body "
        "'security-council' has no date_place. Fix: set `date_place:` under bodies.security-council in briefing.yml, "
        "or remove date_at_seat"]


def test_a_date_at_the_seat_more_than_a_day_away_is_named_with_the_place(tmp_path):
    content = make_content(tmp_path)
    _event_with_a_date_at_the_seat(content, "date_at_seat: 2016-01-03")
    with pytest.raises(ContentError) as info:
        check(content)
    assert [p.format() for p in info.value.problems] == [
        "content/events/nuclear-test-2016-01-06.yaml:5:1: error: date_at_seat is more than a day from date. "
        "Fix: date is the local date, date_at_seat the same moment in New York"]
