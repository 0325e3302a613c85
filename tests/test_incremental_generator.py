"""The generator's incremental build gives the same pages as a clean one.

After each batch of random edits (add, change, rename and delete an article,
an actor, a resolution, a template of the project's templates/ and the config;
change the title other pages link an entity by; then a template of the
generator's own), a generate run with the cache must return exactly the pages
and warnings of a run without it, and must not have re-rendered pages whose
inputs did not change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import incremental, render
from generator.pipeline import generate
from tests.conftest import make_content, make_project
from tests.edits import Editor


def texts(result) -> dict[str, str]:
    return {p.path: p.text for p in result.pages}


@pytest.fixture
def templates(tmp_path, monkeypatch) -> Path:
    """A private copy of the generator's templates, so a test can edit one."""
    copy = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES, copy)
    monkeypatch.setattr(render, "TEMPLATES", copy)
    return copy


@pytest.mark.parametrize("memory", [True, False], ids=["in-memory", "from-disk"])
@pytest.mark.parametrize("trust", [False, True], ids=["stat-after-1s", "stat-always"])
def test_incremental_generate_equals_clean_generate(tmp_path, templates, memory, trust, monkeypatch):
    if trust:  # every file is remembered by its stat at once, so the random edits go through the stat check
        monkeypatch.setattr(incremental, "RACY_NS", 0)
    project = make_project(tmp_path / "project")
    content = make_content(project)
    folder = tmp_path / "cache"
    editor = Editor(project, seed=10 + memory)
    cache = incremental.Cache.open(folder)
    generate(content, cache)
    for step, batch in enumerate(editor.batches() + [["package_template"]]):
        if batch == ["package_template"]:  # the macro every entity page lists its mentions with
            path = templates / "_macros.md.j2"
            text = path.read_text(encoding="utf-8")
            assert "## {{ title }}" in text
            path.write_text(text.replace("## {{ title }}", "## {{ title }} (edited)"), encoding="utf-8")
        else:
            editor.apply(batch)
        if not memory:
            incremental._MEMORY.clear()  # as a new process would: everything comes from the folder
        cache = incremental.Cache.open(folder)
        got_result = generate(content, cache)
        got = texts(got_result)
        clean = generate(content)
        want = texts(clean)
        assert got == want, f"step {step} ({batch}) differs from a clean generate"
        assert got_result.warnings == clean.warnings, f"step {step} ({batch}): the warnings differ"
        assert cache.stats["rendered"] + cache.stats["reused_pages"] == len(want)
        # Run again with no change: once every file is older than a second (at once here with stat-always),
        # the whole run is reused.
        if not memory:
            incremental._MEMORY.clear()
        again = generate(content, incremental.Cache.open(folder))
        assert texts(again) == want and again.warnings == clean.warnings, f"step {step}: the unchanged run differs"
        assert again.site is None or not trust, f"step {step}: the whole run was not reused"
    assert set(Editor.EDITS) <= set(editor.log), set(Editor.EDITS) - set(editor.log)
    assert any("(edited)" in text for text in want.values()), "the generator's template edit shows on no page"
    # With nothing changed, nothing is parsed or rendered again.
    if not memory:
        incremental._MEMORY.clear()
    cache = incremental.Cache.open(folder)
    again = texts(generate(content, cache))
    assert again == want
    assert cache.stats["rendered"] == 0 and cache.stats["parsed"] == 0, cache.stats


def test_one_edit_rerenders_only_the_pages_that_show_it(tmp_path):
    project = make_project(tmp_path / "project")
    content = make_content(project)
    folder = tmp_path / "cache"
    generate(content, incremental.Cache.open(folder))
    path = content / "events" / "nuclear-test-2016-01-06.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", "summary: Edited. "), encoding="utf-8")
    cache = incremental.Cache.open(folder)
    result = generate(content, cache)
    assert texts(result) == texts(generate(content))
    # The event's page and the pages that show it; not every page.
    assert 1 <= cache.stats["rendered"] < len(result.pages), cache.stats
    assert cache.stats["reused_pages"] == len(result.pages) - cache.stats["rendered"]
    assert cache.stats["parsed"] == 1


@pytest.mark.parametrize("damage", ["garbage", "wrong-format", "bad-entries", "planted-path", "deleted-texts"])
def test_damaged_generator_cache_is_ignored(tmp_path, damage):
    project = make_project(tmp_path / "project")
    content = make_content(project)
    folder = tmp_path / "cache"
    want = texts(generate(content, incremental.Cache.open(folder)))
    state = folder / incremental.GENERATOR_FILE
    text = state.read_text(encoding="utf-8")
    if damage == "garbage":
        state.write_bytes(b"{\x00\xff")
    elif damage == "wrong-format":
        state.write_text(text.replace('"format":1', '"format":0'), encoding="utf-8")
    elif damage == "bad-entries":
        import json
        data = json.loads(text)
        data["parses"] = {k: [v[0], "not a mapping", 5, None] for k, v in data["parses"].items()}
        data["pages"] = {k: [v[0], v[1], "x", v[3]] for k, v in data["pages"].items()}
        state.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "planted-path":
        import json
        (tmp_path / "secret").write_text("# not a page\n")
        data = json.loads(text)
        data["pages"] = {k: v[:3] + ["../../secret"] for k, v in data["pages"].items()}
        state.write_text(json.dumps(data), encoding="utf-8")
    else:
        shutil.rmtree(folder / incremental.PAGES_DIR)
    incremental._MEMORY.clear()
    assert texts(generate(content, incremental.Cache.open(folder))) == want


def _aged_cache(content: Path, folder: Path, monkeypatch) -> None:
    """A cache that remembers every file by its stat (as files older than a second are)."""
    monkeypatch.setattr(incremental, "RACY_NS", 0)
    generate(content, incremental.Cache.open(folder))


@pytest.mark.parametrize("memory", [True, False], ids=["in-memory", "from-disk"])
@pytest.mark.parametrize("how", ["same-size-same-mtime", "replaced-by-same-size"])
def test_a_changed_file_is_read_again_whatever_its_size_and_mtime(tmp_path, monkeypatch, memory, how):
    """Unchanged files are not read (size, times, inode); an edit that keeps size and mtime is still seen."""
    import os
    import time

    project = make_project(tmp_path / "project")
    content = make_content(project)
    folder = tmp_path / "cache"
    path = content / "events" / "nuclear-test-2016-01-06.yaml"
    before = path.stat()
    time.sleep(0.05)  # past the file system's timestamp granularity
    _aged_cache(content, folder, monkeypatch)
    text = path.read_text(encoding="utf-8")
    edited = text.replace("fourth nuclear test", "fourth nuclear TEST", 1)
    assert len(edited.encode()) == len(text.encode()) and edited != text
    if how == "same-size-same-mtime":
        path.write_text(edited, encoding="utf-8")
    else:  # a new file (another inode) put in its place, as editors that save atomically do
        tmp = path.with_suffix(".tmp")
        tmp.write_text(edited, encoding="utf-8")
        os.replace(tmp, path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    if not memory:
        incremental._MEMORY.clear()
    cache = incremental.Cache.open(folder)
    result = generate(content, cache)
    assert texts(result) == texts(generate(content))
    assert cache.stats["parsed"] == 1, cache.stats  # the edited file, and only it


def test_unchanged_files_are_not_read_and_fresh_ones_are_not_trusted(tmp_path, monkeypatch):
    from generator import load as load_module

    project = make_project(tmp_path / "project")
    content = make_content(project)
    folder = tmp_path / "cache"
    cache = incremental.Cache.open(folder)
    generate(content, cache)
    assert not cache.files  # every file was written less than a second ago: none is trusted by its stat
    _aged_cache(content, folder, monkeypatch)
    reads = []
    real = load_module._read_text
    monkeypatch.setattr(load_module, "_read_text", lambda path, *a: reads.append(path.name) or real(path, *a))
    incremental._MEMORY.clear()
    cache = incremental.Cache.open(folder)
    reads.clear()
    assert generate(content, cache).site is None  # nothing changed: the whole run is reused, nothing is read
    assert reads == []
    # One fact file edited (its stat is trusted at once): only it is read, and the articles (their bodies).
    edited = content / "events" / "nuclear-test-2016-01-06.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("summary: ", "summary: Edited. "), encoding="utf-8")
    incremental._MEMORY.clear()
    want = texts(generate(content))
    reads.clear()
    cache = incremental.Cache.open(folder)
    assert texts(generate(content, cache)) == want
    articles = sorted(p.name for p in (content / "articles").glob("*.md"))
    assert sorted(reads) == sorted(articles + [edited.name])  # from disk: other fact files are not read
    edited.write_text(edited.read_text(encoding="utf-8").replace("summary: ", "summary: Again. "), encoding="utf-8")
    want = texts(generate(content))
    reads.clear()
    cache = incremental.Cache.open(folder)  # in memory (serve): only the edited file is read
    assert texts(generate(content, cache)) == want
    assert reads == [edited.name] and cache.stats["parsed"] == 1


# -- serve: pages none of whose inputs changed are taken from the last render without their context -------------

EXTRA_ARTICLE = """---
title: A second test article
outlet: Test Wire
date: 2016-03-05
authors: []
url: https://example.org/news/second
language: en
---

The Council met again on sanctions.
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _setup(content: Path) -> None:
    """A second resolution (two, for previous/next) and an article that names nobody yet."""
    (content / "articles" / "2016-03-05-second-article.md").write_text(EXTRA_ARTICLE, encoding="utf-8")
    text = (content / "resolutions" / "2270.yaml").read_text(encoding="utf-8")
    text = text.replace("S/RES/2270 (2016)", "S/RES/2321 (2016)").replace("Resolution 2270", "Resolution 2321")
    text = text.replace("date: 2016-03-02", "date: 2016-11-30")
    (content / "resolutions" / "2321.yaml").write_text(text, encoding="utf-8")
    _edit(content / "resolutions" / "2270.yaml", "    change: introduced\n",
          "    change: introduced\n    effective: nuclear-test-2016-01-06\n")


SHORTCUT_EDITS = {
    # Only the actor's own page and what lists its summary.
    "actor-summary": lambda c: _edit(c / "actors" / "wang-yi.yaml", "summary: ", "summary: Edited. "),
    # A title shows on every page that links to the entity: those are made again.
    "resolution-title": lambda c: _edit(c / "resolutions" / "2270.yaml", "title: Resolution 2270 (2016)",
                                        "title: Resolution 2270 (2016), edited"),
    # An article that starts to mention an actor: the actor's page lists it.
    "article-mentions-actor": lambda c: _edit(c / "articles" / "2016-03-05-second-article.md",
                                              "The Council met", "Wang Yi said the Council met"),
    # A person's country: the people listed on the old and the new country's page.
    "actor-country": lambda c: _edit(c / "actors" / "wang-yi.yaml", "country: china", "country: north-korea"),
    # A fact that starts to cite an article: the article's page lists it.
    "fact-cites-article": lambda c: _edit(c / "measures" / "coal.yaml", "sources:\n",
                                          "sources:\n  - article: 2016-03-05-second-article\n"
                                          "    quote: \"The Council met again on sanctions\"\n"),
    # An event's date: the resolution whose measure takes effect on it, the timeline, the measure.
    "event-date": lambda c: _edit(c / "events" / "nuclear-test-2016-01-06.yaml", "date: 2016-01-06", "date: 2016-01-07"),
    # A resolution's date: the order of instruments, previous and next on the other one's page.
    "resolution-date": lambda c: _edit(c / "resolutions" / "2321.yaml", "date: 2016-11-30", "date: 2016-01-30"),
}


@pytest.mark.parametrize("edit", sorted(SHORTCUT_EDITS))
def test_serve_rebuild_takes_unchanged_pages_whole_and_equals_clean(tmp_path, edit):
    project = make_project(tmp_path / "project")
    content = make_content(project)
    _setup(content)
    folder = tmp_path / "cache"
    before = texts(generate(content, incremental.Cache.open(folder)))
    SHORTCUT_EDITS[edit](content)
    cache = incremental.Cache.open(folder)  # the same process: the last render's record is in memory
    got = texts(generate(content, cache))
    want = texts(generate(content))
    assert got == want, sorted(p for p in want if got.get(p) != want[p])
    assert got != before
    # The shortcut was taken for some pages, and every page that differs was made again.
    assert 0 < cache.stats["unchanged_pages"] < len(want) - cache.stats["rendered"] + 1, cache.stats
    assert cache.stats["rendered"] + cache.stats["reused_pages"] == len(want)
    changed = [p for p in want if before.get(p) != want[p]]
    assert cache.stats["rendered"] >= len(changed)


def test_no_shortcut_when_an_entity_is_added_or_from_disk(tmp_path):
    project = make_project(tmp_path / "project")
    content = make_content(project)
    folder = tmp_path / "cache"
    generate(content, incremental.Cache.open(folder))
    _setup(content)  # adds an article and a resolution: every page is checked in full
    cache = incremental.Cache.open(folder)
    assert texts(generate(content, cache)) == texts(generate(content))
    assert cache.stats["unchanged_pages"] == 0
    incremental._MEMORY.clear()  # a new process: no record of a last render, even with the cache on disk
    SHORTCUT_EDITS["actor-summary"](content)
    cache = incremental.Cache.open(folder)
    assert texts(generate(content, cache)) == texts(generate(content))
    assert cache.stats["unchanged_pages"] == 0 and cache.stats["reused_pages"] > 0


def test_data_downloads_remake_only_what_an_edit_reads(tmp_path, monkeypatch):
    """An actor's summary edited: only the files made from actors (and those of every kind) are made
    again, and only the edited actor is serialised again; the files are those of a clean build."""
    from generator import export

    project = make_project(tmp_path / "project")
    content = make_content(project)
    folder = tmp_path / "cache"
    cache = incremental.Cache.open(folder)
    generate(content, cache)
    before = dict(export._MADE[cache])
    made: list[str] = []
    real = export._Files.make
    monkeypatch.setattr(export._Files, "make", lambda self, path: made.append(path) or real(self, path))
    tables: list[str] = []  # the downloads page counts the rows of the tables it did not make again
    table = export._Files.table
    monkeypatch.setattr(export._Files, "table", lambda self, t: tables.append(t.name) or table(self, t))
    SHORTCUT_EDITS["actor-summary"](content)
    cache = incremental.Cache.open(folder)
    got = {p: t for p, t in texts(generate(content, cache)).items() if p.startswith("data/")}
    assert sorted(made) == ["data/actors.csv", "data/actors.json", "data/all.json", "data/index.md", "data/stances.csv"]
    assert sorted(set(tables)) == ["actors", "stances"]
    assert got == {p: t for p, t in texts(generate(content)).items() if p.startswith("data/")}
    again = export._MADE[cache]
    assert [k for k in before if again[k] is not before[k]] == [("actor", "wang-yi")]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_a_cache_saved_in_the_background_holds_the_same_files(tmp_path, monkeypatch):
    """A one-shot build has a forked child write the cache while it goes on: once waited for, the folder
    holds what a save in the process writes, and the next run reuses it."""
    monkeypatch.setattr(incremental, "RACY_NS", 0)  # both runs trust the files' stat alike, however old they are
    content = make_content(tmp_path)
    here = incremental.Cache.open(tmp_path / "here")
    want = texts(generate(content, here))
    behind = incremental.Cache.open(tmp_path / "behind")
    behind.background = True
    assert texts(generate(content, behind)) == want
    assert behind.writer is not None  # a child was forked to write it
    incremental.wait_saved(behind.writer)

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(tmp_path / "behind") == files(tmp_path / "here") != {}
    incremental._MEMORY.clear()
    again = incremental.Cache.open(tmp_path / "behind")
    result = generate(content, again)
    assert texts(result) == want
    assert result.site is None  # the whole run reused, from the files the child wrote
