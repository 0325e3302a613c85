"""Tests for generator.ingest: raw scraped text -> clean Markdown articles."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.ingest import IngestError, IngestResult, ingest_command, ingest_file, ingest_text, slugify

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
ARTICLES = ROOT / "content" / "articles"

# Flags for what the seed texts do not hold (the same flags used to generate content/articles).
SEED_FLAGS = {
    "000_4aa7310c03ce39b5.txt": dict(
        outlet="The Boston Globe", date="2016-02-25",
        url="https://www.bostonglobe.com/news/world/2016/02/25/and-china-agree-toughen-north-korea-sanctions/"
            "rg6kJyLBoVgNsEEYYD9whL/story.html"),
    "002_c00fe533de5445ef.txt": dict(url="http://english.donga.com/List/3/01/26/1078746/1"),
    "003_6dcbcb41b073ee9e.txt": dict(
        date="2016-03-02",
        url="https://ecfr.eu/article/commentary_china_gets_tough_on_north_korea_sanctions_6016/"),
    "004_c9518c5b791bac2b.txt": dict(
        date="2013-03-05",
        url="https://www.bloomberg.com/news/articles/2013-03-05/china-backs-un-sanctions-targeting-north-korean-diplomats"),
}

SEED_IDS = {
    "000_4aa7310c03ce39b5.txt": "2016-02-25-us-and-china-agree-to-toughen-north-korea-sanctions",
    "002_c00fe533de5445ef.txt": "2017-09-30-us-china-cooperate-on-the-success-of-n-korea-sanctions",
    "003_6dcbcb41b073ee9e.txt": "2016-03-02-china-gets-tough-on-north-korea-sanctions",
    "004_c9518c5b791bac2b.txt": "2013-03-05-china-backs-un-sanctions-targeting-north-korean-diplomats",
}

# Every furniture line of each seed, by raw line number, with the expected reason.
# Every other non-blank line of the seed is reporting and must be in the body verbatim.
SEED_FURNITURE = {
    "000_4aa7310c03ce39b5.txt": {1: "navigation", 3: "headline", 5: "cms-placeholder"},
    "002_c00fe533de5445ef.txt": {1: "navigation", 4: "headline", 6: "duplicate-headline", 8: "date-stamp",
                                 10: "date-stamp", 19: "byline"},
    "003_6dcbcb41b073ee9e.txt": {1: "headline", 3: "standfirst", 21: "disclaimer", 24: "author-bio",
                                 25: "author-bio", 27: "newsletter", 29: "privacy"},
    "004_c9518c5b791bac2b.txt": {1: "headline", 31: "promo"},
}
SEED_CROSSHEADS = {"004_c9518c5b791bac2b.txt": {15, 23}}

SEED_META = {
    "000_4aa7310c03ce39b5.txt": dict(title="US and China agree to toughen North Korea sanctions",
                                     outlet="The Boston Globe", date="2016-02-25", authors=[]),
    "002_c00fe533de5445ef.txt": dict(title="U.S., China cooperate on the success of N. Korea sanctions",
                                     outlet="The Dong-A Ilbo", date="2017-09-30",
                                     authors=["Jeong-Hun Park", "Wan-Jun Yun"]),
    "003_6dcbcb41b073ee9e.txt": dict(title="China gets tough on North Korea sanctions",
                                     outlet="European Council on Foreign Relations", date="2016-03-02", authors=[]),
    "004_c9518c5b791bac2b.txt": dict(title="China Backs UN Sanctions Targeting North Korean Diplomats",
                                     outlet="Bloomberg", date="2013-03-05", authors=[]),
}


def _ingest_seed(name: str) -> IngestResult:
    return ingest_file(SEEDS / name, **SEED_FLAGS[name])


def _body_blocks(body: str) -> list[str]:
    return body.split("\n\n")


def _raw_lines(path: Path) -> dict[int, str]:
    return {n: line.strip() for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if line.strip()}


# ---------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("name", sorted(SEED_FLAGS))
def test_seed_reporting_kept_verbatim_and_furniture_removed(name):
    result = _ingest_seed(name)
    blocks = _body_blocks(result.body)
    furniture = SEED_FURNITURE[name]
    crossheads = SEED_CROSSHEADS.get(name, set())
    expected_blocks = []
    for number, text in _raw_lines(SEEDS / name).items():
        if number in furniture:
            continue
        expected_blocks.append(f"## {text}" if number in crossheads else text)
    # The body is exactly the reporting lines, in order, word for word.
    assert blocks == expected_blocks
    # Every furniture line is listed once, with its line number, text and reason.
    raw = _raw_lines(SEEDS / name)
    assert {r.line: r.reason for r in result.removed} == furniture
    for item in result.removed:
        assert item.text == raw[item.line]
    for number in furniture:
        assert raw[number] not in blocks


@pytest.mark.parametrize("name", sorted(SEED_FLAGS))
def test_seed_metadata(name):
    result = _ingest_seed(name)
    for key, value in SEED_META[name].items():
        assert result.meta[key] == value, key
    assert result.meta["seed"] == name
    assert result.meta["language"] == "en"
    assert result.meta["url"] == SEED_FLAGS[name]["url"]
    assert result.article_id == SEED_IDS[name]
    assert list(result.meta)[:7] == ["title", "outlet", "date", "authors", "url", "language", "seed"]


def test_seed_details():
    globe = _ingest_seed("000_4aa7310c03ce39b5.txt")
    assert globe.body.startswith("UNITED NATIONS — The United States and China")  # dateline kept
    assert "Drophead" not in globe.body and "<?" not in globe.body
    donga = _ingest_seed("002_c00fe533de5445ef.txt")
    assert "rouge regime" in donga.body  # typos are not fixed
    assert "@" not in donga.body and "Posted" not in donga.body
    assert donga.provenance["date"] == "line 8"  # Posted, not Updated
    ecfr = _ingest_seed("003_6dcbcb41b073ee9e.txt")
    assert ecfr.meta["standfirst"] == ("The two new additions to the sanctions regime have teeth and show how the "
                                       "Chinese line on sanctioning North Korea has evolved from deep suspicion to "
                                       "clear support.")
    assert "These two new additions to the sanctions regime have teeth" in ecfr.body
    assert "collective positions" not in ecfr.body and "newsletter" not in ecfr.body
    bloomberg = _ingest_seed("004_c9518c5b791bac2b.txt")
    assert "## ‘Strong Signal’" in bloomberg.body and "## ‘Brandish Threats’" in bloomberg.body
    assert "Terminal" not in bloomberg.body
    assert bloomberg.body.endswith("“It is to get to the table and negotiate a peaceful resolution.”")


def test_outlet_found_in_text_without_flag():
    assert ingest_file(SEEDS / "002_c00fe533de5445ef.txt").meta["outlet"] == "The Dong-A Ilbo"
    assert ingest_file(SEEDS / "003_6dcbcb41b073ee9e.txt", date="2016-03-02").meta["outlet"] == \
        "European Council on Foreign Relations"
    assert ingest_file(SEEDS / "004_c9518c5b791bac2b.txt", date="2013-03-05").meta["outlet"] == "Bloomberg"


def test_flags_override_text():
    result = ingest_file(SEEDS / "002_c00fe533de5445ef.txt", outlet="Dong-A", date="2017-10-01",
                         title="Another title", authors=["A. Writer"], language="ko")
    assert result.meta["outlet"] == "Dong-A"
    assert result.meta["date"] == "2017-10-01"
    assert result.meta["title"] == "Another title"
    assert result.meta["authors"] == ["A. Writer"]
    assert result.meta["language"] == "ko"
    assert result.article_id == "2017-10-01-another-title"
    # The headline of the text is still furniture, not body.
    assert "U.S., China cooperate" not in result.body


@pytest.mark.content
@pytest.mark.parametrize("name", sorted(SEED_FLAGS))
def test_generated_articles_are_in_sync(name):
    result = _ingest_seed(name)
    path = ARTICLES / f"{SEED_IDS[name]}.md"
    assert path.read_bytes() == result.to_markdown().encode("utf-8")


@pytest.mark.parametrize("name", sorted(SEED_FLAGS))
def test_markdown_format(name):
    text = _ingest_seed(name).to_markdown()
    assert text.startswith("---\n") and text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text and "\n\n\n" not in text
    front, body = text[4:].split("\n---\n\n", 1)
    meta = yaml.safe_load(front)
    result = _ingest_seed(name)
    assert {**meta, "date": meta["date"].isoformat()} == result.meta  # round-trips
    assert body == result.body + "\n"


def test_slugify():
    assert slugify("U.S., China cooperate on the success of N. Korea sanctions") == \
        "us-china-cooperate-on-the-success-of-n-korea-sanctions"
    assert slugify("Kim’s “red line” — Seoul/Tokyo talks, café") == "kims-red-line-seoul-tokyo-talks-cafe"
    assert re.fullmatch(r"[a-z0-9-]+", slugify("x" * 300 + " y"))


# ---------------------------------------------------------------------------- unseen fixtures

FIXTURE_FLAGS = {
    "wire_story.txt": {},
    "think_tank.txt": dict(outlet="Institute for Maritime Security"),
}


@pytest.mark.parametrize("name", sorted(FIXTURE_FLAGS))
def test_fixture_matches_expectation(name):
    result = ingest_file(FIXTURES / name, **FIXTURE_FLAGS[name])
    expected = (FIXTURES / name.replace(".txt", ".expected.md")).read_text(encoding="utf-8")
    assert result.to_markdown() == expected


def test_wire_story_furniture_and_reporting():
    result = ingest_file(FIXTURES / "wire_story.txt")
    reasons = {r.line: r.reason for r in result.removed}
    assert reasons == {
        1: "cookie-notice", 2: "cookie-notice", 3: "cookie-notice", 5: "navigation", 6: "navigation",
        8: "headline", 10: "date-stamp", 11: "date-stamp", 13: "byline", 15: "share", 21: "caption",
        23: "promo", 35: "related-links", 36: "related-links", 37: "related-links", 38: "related-links",
        40: "newsletter", 42: "credits", 44: "copyright",
    }
    assert result.meta["date"] == "2021-03-07"  # Published, not Updated
    assert result.meta["authors"] == ["Jane Doe"]
    assert result.meta["outlet"] == "The Harbour Courier"  # the publisher's copyright beats the wire agency
    body = result.body
    for kept in ["SEOUL, March 8 (Reuters) - North Korean vessels delivered coal",
                 "By contrast, the panel said Russia had cooperated",  # "By ..." reporting is not a byline
                 "according to the Daily NK newsletter",  # a paragraph mentioning a newsletter stays
                 "It did not say when the transfers took place.",
                 "## Ship-to-ship transfers"]:
        assert kept in body
    for gone in ["cookie", "Advertisement", "Share this", "Read more", "Sign up", "©", "Photo", "Editing by",
                 "Skip to", "Explainer"]:
        assert gone not in body


def test_think_tank_standfirst_bylines_and_tail():
    result = ingest_file(FIXTURES / "think_tank.txt", outlet="Institute for Maritime Security")
    sentence = "Ship-to-ship transfers at sea have turned the 2017 cap on refined petroleum into a number on paper."
    assert result.meta["standfirst"] == sentence
    assert result.body.count(sentence) == 1  # repeated verbatim: kept once in the body
    assert result.meta["authors"] == ["Amira Haddad", "Tomasz Nowak"]
    assert result.meta["date"] == "2022-04-12"
    # A hard-wrapped paragraph is joined into one.
    assert ("Resolution 2397 limits North Korea to 500,000 barrels of refined products a year, and requires every "
            "supplier to report its deliveries to the sanctions committee each month.") in result.body.split("\n\n")
    reasons = {r.line: r.reason for r in result.removed}
    assert reasons[3] == "head-fragment"
    assert reasons[29] == reasons[30] == "author-bio"
    assert reasons[33] == reasons[34] == "related-links"
    assert reasons[36] == "navigation"
    assert "Tags" not in result.body and "senior fellow" not in result.body


def test_missing_outlet_asks_for_flag():
    with pytest.raises(IngestError, match=r"think_tank\.txt: no outlet found in the text; pass --outlet NAME"):
        ingest_file(FIXTURES / "think_tank.txt")


def test_no_guessing_of_date():
    with pytest.raises(IngestError) as info:
        ingest_text("Council votes on tighter sanctions\n\nThe council met on 6 January 2016 and voted on tighter "
                    "sanctions.\n",
                    source_name="raw/x.txt", outlet="X")
    assert str(info.value) == "raw/x.txt: no publication date found in the text; pass --date YYYY-MM-DD"


def test_bad_date_flag():
    with pytest.raises(IngestError, match="not a real calendar date"):
        ingest_file(SEEDS / "000_4aa7310c03ce39b5.txt", outlet="X", date="2016-02-30")


# ---------------------------------------------------------------------------- command line


def _run(args, cwd: Path, monkeypatch):
    """Run the command in ``cwd``; return the click result and the article files written."""
    cwd.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(ingest_command, [str(a) for a in args])
    articles = cwd / "content" / "articles"
    files = {p.name: p.read_bytes() for p in sorted(articles.glob("*.md"))} if articles.is_dir() else {}
    return result, files


@pytest.mark.content
def test_cli_single_file(tmp_path, monkeypatch):
    name = "002_c00fe533de5445ef.txt"
    result, files = _run([SEEDS / name, "--url", SEED_FLAGS[name]["url"]], tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "  - line 1 [navigation] Go to contents" in result.output
    assert "  - line 19 [byline] Jeong-Hun Park sunshade@donga.com · Wan-Jun Yun zeitung@donga.com" in result.output
    assert f"wrote content/articles/{SEED_IDS[name]}.md" in result.output
    assert files[f"{SEED_IDS[name]}.md"] == (ARTICLES / f"{SEED_IDS[name]}.md").read_bytes()


def test_cli_missing_date_exits_1_without_traceback(tmp_path, monkeypatch):
    result, files = _run([SEEDS / "000_4aa7310c03ce39b5.txt", "--outlet", "The Boston Globe"], tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert "000_4aa7310c03ce39b5.txt" in result.output and "--date" in result.output
    assert "Traceback" not in result.output and result.exc_info[0] is SystemExit
    assert files == {}


def test_cli_folder_progress_and_continues_past_bad_files(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SEED_FLAGS:
        shutil.copy(SEEDS / name, raw / name)
    (raw / "notes.md").write_text("ignored\n")
    result, files = _run([raw], tmp_path, monkeypatch)
    assert result.exit_code == 1
    out = result.output
    for i, name in enumerate(sorted(SEED_FLAGS), 1):
        assert f"[{i}/4] {name}" in out
    # 000 (no date, no outlet), 003 and 004 (no date) fail, one clear line each; 002 is still written.
    errors = [line for line in out.splitlines() if line.startswith("Error:")]
    assert len(errors) == 4, out  # three files + the summary
    assert "000_4aa7310c03ce39b5.txt: no publication date and no outlet found in the text; " \
           "pass --date YYYY-MM-DD --outlet NAME" in out
    assert "3 of 4 page(s) failed" in out
    assert list(files) == [f"{SEED_IDS['002_c00fe533de5445ef.txt']}.md"]
    assert "Traceback" not in out


def test_cli_refuses_per_file_flags_for_a_folder(tmp_path, monkeypatch):
    result, _ = _run([SEEDS, "--date", "2016-01-01"], tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert "--date" in result.output and "Traceback" not in result.output


def test_cli_overwrite_needs_force_and_dry_run_writes_nothing(tmp_path, monkeypatch):
    name = "004_c9518c5b791bac2b.txt"
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = [str(SEEDS / name), "--date", "2013-03-05", "--content-dir", "site"]
    expected = ingest_file(SEEDS / name, date="2013-03-05").to_markdown().encode("utf-8")
    dry = runner.invoke(ingest_command, args + ["--dry-run"])
    assert dry.exit_code == 0 and "would write site/articles/" in dry.output
    assert not Path("site").exists()
    assert runner.invoke(ingest_command, args).exit_code == 0
    out = Path("site/articles") / f"{SEED_IDS[name]}.md"
    assert out.read_bytes() == expected
    again = runner.invoke(ingest_command, args)
    assert again.exit_code == 0 and "unchanged site/articles/" in again.output
    out.write_text("edited by hand\n")
    refused = runner.invoke(ingest_command, args)
    assert refused.exit_code == 1 and "exists and differs; pass --force" in refused.output
    assert out.read_text() == "edited by hand\n"
    forced = runner.invoke(ingest_command, args + ["--force"])
    assert forced.exit_code == 0 and out.read_bytes() == expected


def test_cli_help_has_examples():
    result = CliRunner().invoke(ingest_command, ["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "python -m generator ingest raw/" in result.output


def test_determinism(tmp_path, monkeypatch):
    runs = []
    for n in range(2):
        result, files = _run([SEEDS / "003_6dcbcb41b073ee9e.txt", "--date", "2016-03-02"], tmp_path / str(n), monkeypatch)
        assert result.exit_code == 0, result.output
        runs.append((result.output, files))
    assert runs[0] == runs[1]
    for name in sorted(SEED_FLAGS):
        assert _ingest_seed(name).to_markdown().encode() == _ingest_seed(name).to_markdown().encode()
