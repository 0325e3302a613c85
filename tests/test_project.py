"""A briefing on any topic, with zero code changes: `init`, the examples made with it, the package theme."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.config import Briefing
from generator.derive import in_force
from generator.kinds import KINDS
from generator.link import find_mentions, mention_rules
from generator.pipeline import check, generate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TOPIC_WORDS = re.compile(r"North Korea|DPRK|Korean|Pyongyang", re.I)


def _build(project: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(site)], cwd=project,
                          env=env, capture_output=True, text=True, timeout=300)


def test_init_writes_a_briefing_that_checks_and_builds_outside_the_repository(tmp_path):
    project = tmp_path / "new"
    result = CliRunner().invoke(cli, ["init", str(project), "--title", "A test briefing"])
    assert result.exit_code == 0, result.output
    for name in ("briefing.yml", "mkdocs.yml", "README.md", ".gitignore", ".github/workflows/briefing.yml",
                 "pages/.gitkeep", "schema/briefing.schema.json", "schema/resolution.schema.json"):
        assert (project / name).is_file(), name
    for kind in KINDS.values():  # one marked example of each kind
        files = sorted((project / "content" / kind.folder).glob("*.md" if kind.name == "article" else "*.yaml"))
        assert files and "EXAMPLE" in files[0].read_text(encoding="utf-8"), kind.name
    site = check(project / "content")
    assert site.content.config.title == "A test briefing" and len(site.content.resolutions) == 2
    assert site.content.designations["atomic-energy-organisation-of-iran"].listed_by == "1737"
    built = _build(project, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "A test briefing" in index
    # The package's theme came along: its stylesheet and the offline search shim.
    assert (tmp_path / "site" / "assets" / "stylesheets" / "briefing.css").is_file()
    assert (tmp_path / "site" / "assets" / "javascripts" / "vendor" / "iframe-worker" / "shim.js").is_file()


def test_the_written_config_comments_every_setting_and_reads_back_as_the_defaults(tmp_path):
    CliRunner().invoke(cli, ["init", str(tmp_path / "p"), "--title", "T"])
    text = (tmp_path / "p" / "briefing.yml").read_text(encoding="utf-8")
    assert Briefing.model_validate(yaml.safe_load(text)) == Briefing(title="T")
    for name, info in Briefing.model_fields.items():
        if info.description:
            assert f"# {info.description.split()[0]}" in text and f"\n{name}:" in text, name


def test_init_refuses_a_folder_that_holds_a_briefing(tmp_path):
    CliRunner().invoke(cli, ["init", str(tmp_path / "p"), "--title", "T"])
    again = CliRunner().invoke(cli, ["init", str(tmp_path / "p"), "--title", "T"])
    assert again.exit_code == 2 and "already holds a briefing" in again.output


def test_a_project_template_overrides_the_package_one(tmp_path):
    CliRunner().invoke(cli, ["init", str(tmp_path / "p"), "--title", "T"])
    (tmp_path / "p" / "templates").mkdir()
    (tmp_path / "p" / "templates" / "home.md.j2").write_text("# Our own home page\n", encoding="utf-8")
    pages = {p.path: p.text for p in generate(tmp_path / "p" / "content").pages}
    # The project's template, after the front matter the generator gives every page (its description).
    assert pages["index.md"].startswith("---\ndescription: ") and pages["index.md"].endswith("---\n\n# Our own home page\n")
    assert pages["resolutions/1696.md"].startswith("---")  # the others still come from the package


@pytest.mark.parametrize("example", ["iran", "eu-us"])
def test_each_example_checks_with_zero_code_changes(example):
    result = CliRunner().invoke(cli, ["check", "--content", str(EXAMPLES / example / "content")])
    assert result.exit_code == 0, result.output
    assert "unsourced facts = 0" in result.output


def test_the_iran_briefing_says_nothing_about_north_korea_and_its_measures_end_at_an_event():
    result = generate(EXAMPLES / "iran" / "content")
    assert {p.path for p in result.pages} >= {f"resolutions/{n}.md" for n in (1696, 1737, 1747, 1803, 1929, 2231)}
    for page in result.pages:
        assert not TOPIC_WORDS.search(page.text), page.path
    on = lambda day: {m for m, _, _ in in_force(result.site, day)}  # noqa: E731
    assert {"nuclear-transfers", "asset-freeze", "arms-exports", "cargo-inspection"} <= on(dt.date(2016, 1, 15))
    assert not on(dt.date(2016, 1, 16)) & {"nuclear-transfers", "asset-freeze", "arms-exports", "cargo-inspection"}


def test_the_eu_us_briefing_takes_bodies_identifiers_outcomes_and_sources_from_its_config():
    result = generate(EXAMPLES / "eu-us" / "content")
    pages = {p.path: p.text for p in result.pages}
    law = pages["resolutions/pl-111-195.md"]
    assert "| Enacted | 1 July 2010 |" in law and "| Legal basis |" in law and "Chapter VII" not in law
    assert "EUR-Lex, [" not in law and "[Public Law 111-195](" in pages["articles/2010-07-01-public-law-111-195.md"]
    article = pages["articles/2023-06-24-council-regulation-eu-no-833-2014-consolidated.md"]
    assert "[Regulation (EU) No 833/2014](../resolutions/eu-reg-833-2014.md)" in article
    footnotes = pages["resolutions/eu-reg-833-2014.md"]
    assert "(https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32014R0833)" in footnotes
    assert "United Nations" not in footnotes


def test_eu_and_us_mentions_in_both_spellings_link():
    config = Briefing.model_validate(
        yaml.safe_load((EXAMPLES / "eu-us" / "briefing.yml").read_text(encoding="utf-8")))
    rules = mention_rules(config)
    known = {"eu-reg-833-2014", "pl-111-195"}
    for text, target in (("under Regulation (EU) 833/2014 today", "eu-reg-833-2014"),
                         ("under Regulation (EU) No 833/2014 today", "eu-reg-833-2014"),
                         ("as Public Law 111-195 says", "pl-111-195")):
        spans, missing = find_mentions(text, None, known, rules)
        assert [ref.id for _s, _e, ref in spans] == [target] and not missing, text


def test_the_examples_build(tmp_path):
    import shutil

    for example in ("iran", "eu-us"):
        # A copy, so the build's cache and lock files stay out of the repository.
        project = shutil.copytree(EXAMPLES / example, tmp_path / "projects" / example)
        built = _build(project, tmp_path / example)
        assert built.returncode == 0, built.stdout + built.stderr
        assert (tmp_path / example / "index.html").is_file()


_OWN_WORDING = """title: Own wording
date_note: Our own note on dates.
texts:
  about_method: We checked every fact twice.
sources:
  primary_name: Official
"""


def test_about_dates_note_and_primary_name_come_from_the_config(tmp_path):
    from tests.conftest import make_content

    content = make_content(tmp_path)
    (tmp_path / "briefing.yml").write_text(_OWN_WORDING, encoding="utf-8")
    china = content / "actors" / "china.yaml"
    china.write_text(china.read_text(encoding="utf-8").split("sources:")[0] + (
        "sources:\n  - url: https://www.reuters.com/world/china-profile\n    title: China profile\n"
        "    publisher: Reuters\n"), encoding="utf-8")
    pages = {p.path: p.text for p in generate(content).pages}
    about = pages["about.md"]
    assert "- Our own note on dates.\n" in about and "We checked every fact twice." in about
    assert "a primary source (Official documents and pages on un.org)" in about and "Korean" not in about
    assert "Our own note on dates. Select a mark to open its page." in pages["events/index.md"]
    assert "no Official document or quoted article confirms it" in pages["actors/china.md"]
    checked = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert checked.exit_code == 0, checked.output
    assert "facts by kind of source: article " in checked.output and "  Official " in checked.output


def test_without_a_config_the_pages_use_the_neutral_defaults(tmp_path):
    from tests.conftest import make_content

    pages = {p.path: p.text for p in generate(make_content(tmp_path)).pages}
    assert Briefing().date_note in pages["about.md"] and Briefing().date_note in pages["events/index.md"]
    assert Briefing().texts.about_method in pages["about.md"]
