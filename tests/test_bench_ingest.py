"""The ingest benchmark (bench/ingest.py) on a one-page corpus written here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bench import ingest as bench

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"

TEXT = """Home
World
Panel finds oil transfers at sea broke the cap

By Mina Farrow | March 4, 2026

The cap allows 500,000 barrels of refined products a year, and every supplier must tell the committee what it delivered each month.

Two of the ships were registered in states that have reported no deliveries to the sanctions committee since the cap came into force.

Most read
"""


def _corpus(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "news_page.html", tmp_path / "p1.html")
    (tmp_path / "p1.txt").write_text(TEXT, encoding="utf-8")
    body = "\n\n".join(TEXT.split("\n\n")[2:4])
    (tmp_path / "p1.json").write_text(json.dumps({
        "title": "Panel finds oil transfers at sea broke the cap", "title_alternatives": [], "date": "2026-03-04",
        "date_ok": ["2026-03-04"], "outlet": "The Harbour Courier", "url": "https://courier.example/x",
        "body": body}), encoding="utf-8")
    return tmp_path


def test_scores(tmp_path):
    corpus = _corpus(tmp_path)
    page = json.loads((corpus / "p1.json").read_text())
    text = bench.run_ingest(corpus / "p1.txt", page)
    assert bench.f1(text["body"], page["body"]) == 1.0
    assert bench.title_right(text["title"], page) and text["date"] == "2026-03-04" and not text["asked"]
    html = bench.run_ingest(corpus / "p1.html", page)
    assert 0.3 < bench.f1(html["body"], page["body"]) < 1.0  # the page has more paragraphs than this annotation
    assert bench.f1("a b c", "a b d") == 2 / 3


def test_main_prints_the_table(tmp_path, capsys):
    assert bench.main([str(_corpus(tmp_path)), "--only", "text"]) == 0
    out = capsys.readouterr().out
    assert "| text | 1.000 | 100% | 100% | 0% | 0% | 0 |" in out.replace("0.0%", "0%")


def test_empty_folder_is_refused(tmp_path, capsys):
    assert bench.main([str(tmp_path)]) == 2
    assert "no NAME.json" in capsys.readouterr().err
