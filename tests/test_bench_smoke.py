"""The benchmark's synthetic corpus: valid, deterministic and realistic in size (tiny N, fast)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import corpus
from bench.run import generator_stage, table
from generator.pipeline import generate


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "content"
    corpus.generate(out, 40)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_corpus_passes_check_with_no_warnings(content):
    result = generate(content)  # raises ContentError on any error, quotes included
    n = corpus.counts(40)
    assert len(result.site.content.articles) == n["articles"]
    assert len(result.site.content.actors) == n["actors"]
    assert len(result.site.content.resolutions) == n["resolutions"]
    assert result.warnings == []
    cited = [s for a in result.site.content.actors.values() for s in a.sources if hasattr(s, "quote")]
    assert cited, "facts cite article quotes, which check() verified against the articles"


def test_corpus_is_deterministic(content, tmp_path):
    corpus.generate(tmp_path / "again", 40)
    assert _files(tmp_path / "again") == _files(content)
    corpus.generate(tmp_path / "other", 40, seed=2)
    assert _files(tmp_path / "other") != _files(content)


def test_articles_have_realistic_size_and_mention_density(content):
    site = generate(content).site
    for aid, article in site.content.articles.items():
        words = sum(len(p.text.split()) for p in article.paragraphs)
        assert 8 <= len(article.paragraphs) <= 15, aid
        assert 500 <= words <= 1300, (aid, words)
    words = sum(len(p.text.split()) for a in site.content.articles.values() for p in a.paragraphs)
    assert 600 <= words / len(site.content.articles) <= 1000
    mentions = sum(len(m) for m in site.mentions.values())
    assert 1 / 60 < mentions / words < 1 / 15, f"{mentions} mentions in {words} words"
    assert any(m.target.kind == "resolution" for ms in site.mentions.values() for m in ms)


def test_generator_stage_and_table(content):
    t = generator_stage(content)
    assert t["pages"] == len(generate(content).pages)
    row = {"n": 40, "pages": t["pages"], "gen": t, "build_s": 2.0, "plain_s": 1.6, "build_rss": 2**27,
           "site_bytes": 10**7, "search": {"index_bytes": 10**6, "visible_bytes": 2 * 10**6}}
    text = table([row])
    assert re.search(r"\| 40 \| \d+ \| [\d.]+ \(", text)
    assert "1.25×" in text and "0.50×" in text


def test_search_cpu_counts_outermost_tasks_once_and_splits_the_main_thread_at_its_events():
    from bench.search_latency import _thread_times

    def task(tid, ts, dur, tdur, name="RunTask", kind=None):
        return {"ph": "X", "pid": 1, "tid": tid, "ts": ts, "dur": dur, "tdur": tdur, "name": name,
                "args": {"data": {"type": kind}} if kind else {}}

    events = [{"name": "thread_name", "pid": 1, "tid": 1, "args": {"name": "CrRendererMain"}},
              {"name": "thread_name", "pid": 1, "tid": 2, "args": {"name": "ThreadPoolForegroundWorker"}},
              task(1, 0, 100_000, 80_000),
              task(1, 10_000, 50_000, 40_000, "ParseHTML"),  # inside the first: not counted again
              task(1, 200_000, 30_000, 20_000, "EventDispatch", "DOMContentLoaded"),
              task(1, 300_000, 10_000, 5_000),
              task(1, 400_000, 10_000, 10_000, "EventDispatch", "keyup"),
              task(1, 500_000, 100_000, 60_000),
              task(2, 0, 300_000, 200_000),
              task(3, 0, 1_000_000, 900_000)]  # a thread with no name: not the tab's
    got = _thread_times(events)
    assert got == {"all_threads_s": 0.375, "page_main_thread_s": 0.175, "until DOMContentLoaded": 0.1,
                   "until the query": 0.005, "query to result": 0.07}
