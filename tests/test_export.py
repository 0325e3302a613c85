"""Data out (generator/export.py): the JSON downloads read back as the facts they came from and validate
against their own JSON Schema; the CSV tables parse, one row per fact; the downloads page lists them all.

Run on the test fixtures and on both example briefings, never on content/.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator import incremental
from generator.config import active
from generator.export import FOLDER, TABLES, cell, paths
from generator.kinds import KINDS
from generator.pipeline import generate
from tests.conftest import make_content

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def data_files(result) -> dict[str, str]:
    return {p.path.removeprefix(FOLDER + "/"): p.text for p in result.pages if p.path.startswith(FOLDER + "/")}


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    result = generate(make_content(tmp_path_factory.mktemp("export")))
    return result, data_files(result)


@pytest.fixture(scope="module", params=["fixture", "iran", "eu-us"])
def any_run(request, fixture_run):
    if request.param == "fixture":
        return fixture_run
    result = generate(EXAMPLES / request.param / "content")
    return result, data_files(result)


def test_the_data_folder_holds_exactly_the_listed_files(any_run):
    result, files = any_run
    assert sorted(f"{FOLDER}/{name}" for name in files) == paths()
    # The downloads page links every other file, once.
    linked = re.findall(r"\]\(([^)]+)\)", files["index.md"])
    assert sorted(linked) == sorted(name for name in files if name != "index.md")


def test_json_per_kind_reads_back_as_the_same_facts(any_run):
    result, files = any_run
    content = result.site.content
    every = json.loads(files["all.json"])
    assert sorted(every) == sorted(k.folder for k in KINDS.values())
    with active(content.config):
        for kind in KINDS.values():
            data = json.loads(files[f"{kind.folder}.json"])
            assert data == every[kind.folder], kind.name
            table = content.table(kind.name)
            assert list(data) == sorted(table), kind.name
            for eid, entry in data.items():
                original = table[eid] if kind.facts else table[eid].meta
                assert kind.model.model_validate(entry) == original, (kind.name, eid)


def test_every_json_file_validates_against_its_schema(any_run):
    _, files = any_run
    for name in [*(k.folder for k in KINDS.values()), "all"]:
        schema = json.loads(files[f"{name}.schema.json"])
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        data = json.loads(files[f"{name}.json"])
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, (name, errors[:5])
    # The schemas are strict: an unknown field, or a missing kind in all.json, does not validate.
    resolutions = json.loads(files["resolutions.json"])
    if resolutions:
        first = next(iter(resolutions))
        resolutions[first]["colour"] = "red"
        assert not Draft202012Validator(json.loads(files["resolutions.schema.json"])).is_valid(resolutions)
    every = json.loads(files["all.json"])
    del every["actors"]
    assert not Draft202012Validator(json.loads(files["all.schema.json"])).is_valid(every)


def test_csv_tables_have_one_row_per_fact(any_run):
    result, files = any_run
    site, c = result.site, result.site.content
    tables = {t.name: rows(files[f"{t.name}.csv"]) for t in TABLES}
    for t in TABLES:
        header = next(csv.reader(io.StringIO(files[f"{t.name}.csv"])))
        assert tuple(header) == t.columns, t.name
    assert [r["id"] for r in tables["instruments"]] == site.chronology()
    assert len(tables["measure-changes"]) == sum(len(r.measures) for r in c.resolutions.values())
    assert [r["id"] for r in tables["actors"]] == sorted(c.actors)
    assert [r["id"] for r in tables["events"]] == site.ordered("event")
    assert len(tables["stances"]) == sum(len(a.stances) for a in c.actors.values())
    assert [r["id"] for r in tables["designations"]] == sorted(c.designations)
    # Every row keeps its sources.
    for name in ("instruments", "measure-changes", "actors", "events", "stances", "designations"):
        assert all(r["sources"] for r in tables[name]), name
    # The page counts what the files hold.
    page = files["index.md"]
    for t in TABLES:
        assert f"| [{t.name}.csv]({t.name}.csv) | " in page and f" | {len(tables[t.name]):,} |" in page


def test_csv_rows_carry_the_facts_of_the_fixture(fixture_run):
    _, files = fixture_run
    (r2270,) = rows(files["instruments.csv"])
    assert (r2270["id"], r2270["symbol"], r2270["date"], r2270["votes_for"], r2270["triggered_by"]) == (
        "2270", "S/RES/2270 (2016)", "2016-03-02", "15", "nuclear-test-2016-01-06")
    assert r2270["sources"] == "https://press.un.org/en/2016/sc12267.doc.htm; article:2016-03-02-test-article"
    (change,) = rows(files["measure-changes.csv"])
    assert (change["instrument"], change["measure"], change["change"], change["applies_from"], change["sources"]) == (
        "2270", "coal", "introduced", "2016-03-02", "S/RES/2270 (2016)")
    wang = next(r for r in rows(files["actors.csv"]) if r["id"] == "wang-yi")
    assert wang["country"] == "china" and wang["latest_role"] == "Foreign Minister of China"
    # No designations in the fixture: a header, no rows, and the page says 0.
    assert files["designations.csv"].splitlines() == [",".join(TABLES[-1].columns)]
    assert json.loads(files["designations.json"]) == {}
    assert "| [designations.csv](designations.csv) | designated individual, entity or vessel, by id | 0 |" in (
        files["index.md"])


def test_csv_cells_never_start_a_formula():
    assert cell('=HYPERLINK("http://x")') == "'=HYPERLINK(\"http://x\")"
    assert [cell(v) for v in ("+1", "@SUM(A1)", "-2", "\t=1", " =1")] == ["'+1", "'@SUM(A1)", "'-2", "'=1", "'=1"]
    assert cell(["=a", "b"]) == "'=a; b" and cell(["b", "=a"]) == "b; =a"  # one cell: only its start counts
    assert cell("Resolution 2270\n(2016)") == "Resolution 2270 (2016)"
    assert (cell(None), cell(True), cell(500000.0), cell(-2), cell(0.5)) == ("", "true", 500000, -2, 0.5)


def test_the_downloads_are_deterministic_and_cached_like_pages(tmp_path):
    content = make_content(tmp_path)
    folder = tmp_path / "cache"
    first = data_files(generate(content, incremental.Cache.open(folder)))
    assert first == data_files(generate(content))
    path = content / "events" / "nuclear-test-2016-01-06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", "summary: Edited. "), encoding="utf-8")
    incremental._MEMORY.clear()  # as a new process would
    cache = incremental.Cache.open(folder)
    again = data_files(generate(content, cache))
    assert again == data_files(generate(content)) != first
    assert "Edited. The DPRK" in json.loads(again["events.json"])["nuclear-test-2016-01-06"]["summary"]
    assert rows(again["events.csv"])[0]["summary"].startswith("Edited. ")
    cache = incremental.Cache.open(folder)
    assert data_files(generate(content, cache)) == again
    assert cache.stats["rendered"] == 0, cache.stats  # nothing changed: every data file reused
