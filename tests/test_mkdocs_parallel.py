"""MkDocs' Markdown conversion on a second core (generator/mkdocs_parallel.py) changes nothing but the time.

- In process, with MkDocs' own ``_populate_page``: pages the forked child converted have the same
  content, table of contents, title, metadata and anchors as pages converted in one process, and the
  warnings their conversion logs (a link to a missing page, an anchor that is not there) come out in the
  parent's log in the same order.
- A child that fails on a page, or is killed, leaves those pages to the parent: the results are the
  same. A page whose Markdown changed after the child converted it is converted again, never taken stale.
- A whole ``mkdocs build`` of a small briefing gives the same site, byte for byte, and the same log with
  the conversion on a second core as with ``parallel: false``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from generator import mkdocs_parallel
from generator.engines import engine_command
from tests.conftest import make_content, make_project

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

PAGES = {
    "index.md": "# Home\n\nSee [there](c.md#there), [nowhere](c.md#nope) and [b](b.md).\n",
    "b.md": "# B\n\nA [broken link](missing.md).\n\n## Part *one*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "c.md": "---\ntitle: Meta title\n---\n\n# C\n\n## There\n\nText[^1] and [back](#there).\n\n[^1]: A note.\n",
    "d.md": "No heading here, [self](#absent).\n",
}
PAGES.update({f"p/{i:02d}.md": f"# Page {i}\n\n" + "Some *text* with [a link](../b.md#part-one).\n\n" * 30
              + f"## Section {i}\n\n- item\n- [c](../c.md)\n" for i in range(24)})


def _project(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    for name, text in PAGES.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nuse_directory_urls: false\nmarkdown_extensions: [toc, footnotes, tables, attr_list]\n"
        "validation:\n  anchors: warn\n", encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def _load(config_file: Path):
    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    files = get_files(config)
    get_navigation(files, config)  # makes every page object, as the build does before on_nav
    return config, files


def _read(config, files) -> None:
    """What MkDocs' build does with the pages between on_nav and on_env, then its anchor check."""
    for file in files.documentation_pages():
        mkdocs_build._populate_page(file.page, config, files)
    for file in files.documentation_pages():
        file.page.validate_anchor_links(files=files, log_level=logging.WARNING)


def _toc(items) -> list:
    return [(i.title, i.id, i.level, _toc(i.children)) for i in items]


def _state(files) -> dict:
    out = {}
    for file in files.documentation_pages():
        p = file.page
        out[file.src_uri] = (p.title, p.content, _toc(p.toc), dict(p.meta), p.present_anchor_ids,
                             {f.src_uri: dict(v) for f, v in (p.links_to_anchors or {}).items()})
    return out


def _log(caplog) -> list:
    return [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.name.startswith("mkdocs")
            and "second core" not in r.getMessage()]


def _reference(config_file: Path, caplog) -> tuple[dict, list]:
    caplog.clear()
    config, files = _load(config_file)
    _read(config, files)
    return _state(files), _log(caplog)


def _child_done(converter) -> None:
    """Wait until the child has converted what it will (it takes every page while the parent waits)."""
    while converter._from is not None:
        converter._read(block=True)


def test_pages_converted_by_the_child_equal_pages_converted_in_process(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    config_file = _project(tmp_path)
    want, want_log = _reference(config_file, caplog)
    assert any("missing.md" in m for _, level, m in want_log if level == "WARNING"), want_log
    assert any("#nope" in m for _, level, m in want_log if level == "WARNING"), want_log

    caplog.clear()
    config, files = _load(config_file)
    converter = mkdocs_parallel.start(config, files, {f.src_uri for f in files.documentation_pages()})
    assert converter is not None
    _child_done(converter)
    assert len(converter._frames) == len(PAGES)  # the parent took none: the child converted every page
    _read(config, files)
    assert converter.sent == len(PAGES)
    mkdocs_parallel.finish(converter)
    assert _state(files) == want
    assert _log(caplog) == want_log  # the warnings of the child's conversions, in the parent's order
    assert all(type(f.page) is not Page for f in files.documentation_pages())  # the same objects, made _Page


def test_parent_and_child_split_the_pages_and_the_result_is_the_same(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    config_file = _project(tmp_path)
    want, want_log = _reference(config_file, caplog)
    caplog.clear()
    config, files = _load(config_file)
    converter = mkdocs_parallel.start(config, files, {f.src_uri for f in files.documentation_pages()})
    _read(config, files)  # at once: both sides take pages, each from its end
    sent = converter.sent
    mkdocs_parallel.finish(converter)
    assert 0 <= sent <= len(PAGES)
    assert _state(files) == want
    assert _log(caplog) == want_log


def test_a_child_that_fails_on_a_page_leaves_it_and_the_rest_to_the_parent(tmp_path, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    config_file = _project(tmp_path)
    want, want_log = _reference(config_file, caplog)
    caplog.clear()
    parent, original = os.getpid(), Page.render

    def render(self, config, files):
        if os.getpid() != parent and self.file.src_uri == "p/20.md":
            raise RuntimeError("fails in the child only")
        return original(self, config, files)

    monkeypatch.setattr(Page, "render", render)
    config, files = _load(config_file)
    converter = mkdocs_parallel.start(config, files, {f.src_uri for f in files.documentation_pages()})
    _child_done(converter)
    _read(config, files)
    # The child went from the end (p/23 .. p/21), failed on p/20 and stopped: the parent did the rest.
    assert converter.sent == 3
    mkdocs_parallel.finish(converter)
    assert _state(files) == want
    assert _log(caplog) == want_log


def test_a_killed_child_leaves_every_page_to_the_parent(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    config_file = _project(tmp_path)
    want, want_log = _reference(config_file, caplog)
    caplog.clear()
    config, files = _load(config_file)
    converter = mkdocs_parallel.start(config, files, {f.src_uri for f in files.documentation_pages()})
    os.kill(converter.pid, signal.SIGKILL)
    _read(config, files)
    assert converter.pid is None  # reaped
    mkdocs_parallel.finish(converter)
    assert _state(files) == want
    assert _log(caplog) == want_log


def test_a_page_whose_markdown_changed_after_the_child_converted_it_is_converted_again(tmp_path, caplog):
    config_file = _project(tmp_path)
    config, files = _load(config_file)
    converter = mkdocs_parallel.start(config, files, {f.src_uri for f in files.documentation_pages()})
    _child_done(converter)
    (tmp_path / "docs" / "d.md").write_text("# Changed\n\nNew text.\n", encoding="utf-8")
    _read(config, files)
    mkdocs_parallel.finish(converter)
    page = files.get_file_from_path("d.md").page
    assert page.title == "Changed" and "New text." in page.content
    assert converter.sent == len(PAGES) - 1


def test_nothing_is_forked_with_another_thread_running(tmp_path, monkeypatch):
    config, files = _load(_project(tmp_path))
    monkeypatch.setattr(mkdocs_parallel.threading, "active_count", lambda: 2)
    assert mkdocs_parallel.start(config, files, {f.src_uri for f in files.documentation_pages()}) is None
    assert all(type(f.page) is Page for f in files.documentation_pages())


ROOT = Path(__file__).resolve().parents[1]
# This checkout's code in the build (an editable install may point at another one).
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0",
       "PYTHONPATH": os.pathsep.join([str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(project: Path, config: Path, out: Path) -> str:
    shutil.rmtree(project / ".cache", ignore_errors=True)  # both builds start from nothing
    proc = subprocess.run(engine_command("build", "--strict", "-f", str(config), "--site-dir", str(project / "site")),
                          cwd=project, env=ENV, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (project / "site").rename(out)
    log = re.sub(r"\d+\.\d\d s(econds)?", "T", proc.stderr)
    return log.replace(str(config), "CONFIG")


def test_a_build_with_the_conversion_on_a_second_core_is_the_same_site_and_log(tmp_path):
    project = make_project(tmp_path / "project")
    make_content(project)
    serial = project / "mkdocs-serial.yml"
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "content_dir: content\n" in text
    serial.write_text(text.replace("content_dir: content\n", "content_dir: content\n      parallel: false\n"),
                      encoding="utf-8")
    log_parallel = _build(project, project / "mkdocs.yml", tmp_path / "parallel")
    log_serial = _build(project, serial, tmp_path / "serial")
    got, want = _tree(tmp_path / "parallel"), _tree(tmp_path / "serial")
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []
    assert log_parallel == log_serial
