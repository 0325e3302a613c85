"""The generator's incremental build gives the same pages as a clean one.

After each batch of random edits (add, change, rename and delete an article,
an actor and a resolution; a generator template; the config), a generate run
with the cache must return exactly the pages of a run without it, and must
not have re-rendered pages whose inputs did not change.
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
def test_incremental_generate_equals_clean_generate(tmp_path, templates, memory):
    project = make_project(tmp_path / "project")
    content = make_content(project)
    folder = tmp_path / "cache"
    editor = Editor(project, seed=10 + memory)
    cache = incremental.Cache.open(folder)
    generate(content, cache)
    for step, batch in enumerate(editor.batches(template=False) + [["template"]]):
        if batch == ["template"]:
            path = templates / "actor.md.j2"
            path.write_text(path.read_text(encoding="utf-8").replace("# {{ actor.name }}", "# Actor: {{ actor.name }}"),
                            encoding="utf-8")
        else:
            editor.apply(batch)
        if not memory:
            incremental._MEMORY.clear()  # as a new process would: everything comes from the folder
        cache = incremental.Cache.open(folder)
        got = texts(generate(content, cache))
        want = texts(generate(content))
        assert got == want, f"step {step} ({batch}) differs from a clean generate"
        assert cache.stats["rendered"] + cache.stats["reused_pages"] == len(want)
    assert "change_briefing" in editor.log
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
