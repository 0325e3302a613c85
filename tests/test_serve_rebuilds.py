"""``serve --dirty`` rebuilds in one process give the same bytes as clean builds.

``serve`` keeps state across its rebuilds that a one-shot build never has: the generator's cache in
memory, the plugin's MkDocs ``File`` and ``Page`` objects of unchanged pages, compiled templates, the
search entries of the pages not rebuilt. One server process (``tests/serve_driver.py``: the engine's
own ``build`` called as its ``serve`` calls it) builds the project after each batch of random edits
(add, change, rename and delete an article, an actor, a resolution, a template, and the config:
``mkdocs.yml`` changed and renamed, ``briefing.yml`` changed and deleted; tests/edits.py); after each
build its site folder must equal, file for file and byte for byte, a clean build of the same project
made by a fresh process with the same ``site_url``. The server's first build starts from the
on-disk cache of a ``briefing build``, as ``make bench`` has it.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from generator.engines import DEFAULT_ENGINE
from tests.conftest import make_content, make_project
from tests.edits import SOLO, Editor
from tests.test_incremental import incremental_build, tree

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
DRIVER = Path(__file__).with_name("serve_driver.py")
URL = "http://127.0.0.1:8000/"  # what serve sets site_url to; the clean builds are given the same


class Server:
    """The driver process: one build per config path written to it."""

    def __init__(self, project: Path, site: Path):
        self.proc = subprocess.Popen([sys.executable, str(DRIVER), DEFAULT_ENGINE, str(site), URL], cwd=project,
                                     env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)

    def build(self, config: Path, timeout: float = 900) -> dict:
        self.proc.stdin.write(f"{config}\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.proc.kill()
            raise AssertionError(f"the server gave no answer: {self.proc.stderr.read()[-3000:]}")
        return json.loads(line)

    def close(self) -> str:
        self.proc.stdin.close()
        try:
            self.proc.wait(120)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        return self.proc.stderr.read()


def clean_reference(project: Path, out: Path, config: Path) -> dict[str, bytes]:
    proc = subprocess.run([sys.executable, str(DRIVER), DEFAULT_ENGINE, str(out), URL, "--clean", str(config)],
                          cwd=project, env=ENV, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return tree(out)


def assert_same(site: Path, reference: dict[str, bytes], label: str) -> None:
    got = tree(site)
    assert sorted(got) == sorted(reference), (f"after {label}: files differ: only served "
                                              f"{sorted(set(got) - set(reference))[:10]}, only clean "
                                              f"{sorted(set(reference) - set(got))[:10]}")
    differ = [name for name in reference if got[name] != reference[name]]
    assert not differ, f"after {label}: {differ[:10]} differ from a clean build"


def stages(log: list[str]) -> dict[str, str]:
    """The generator's stages and their seconds, from the plugin's "generated N pages" line."""
    for message in log:
        m = re.search(r"briefing: generated \d+ pages from .*? \((.*?)(?:; \d+ rendered, \d+ unchanged)?\)$", message)
        if m:
            return dict(part.rsplit(" ", 2)[:2] for part in m[1].split(", "))
    raise AssertionError(f"no generator line in {log}")


@pytest.mark.parametrize("seed", [15])
def test_serve_rebuilds_equal_clean_builds_after_random_edits(tmp_path, seed):
    project = make_project(tmp_path / "project")
    make_content(project)
    incremental_build(project)  # the on-disk cache, as `briefing build` leaves it
    site = tmp_path / "served"
    editor = Editor(project, seed=seed)
    server = Server(project, site)
    try:
        first = server.build(editor.config)
        assert first["ok"], first
        # The first build runs the whole pipeline, though the on-disk cache holds this very run: the
        # in-memory state that the next rebuilds start from is then full.
        assert "load" in stages(first["log"]), first["log"]
        assert_same(site, clean_reference(project, tmp_path / "clean-first", editor.config), "the first build")
        partial = 0
        for step, batch in enumerate(editor.batches(size=4)):
            editor.apply(batch)
            got = server.build(editor.config)
            label = f"step {step} ({', '.join(batch)})"
            assert got["ok"], (label, got)
            assert not any("Traceback" in m for m in got["log"]), (label, got["log"])
            assert_same(site, clean_reference(project, tmp_path / f"clean-{step}", editor.config), label)
            if not SOLO & set(batch):
                # Content and page-template edits rebuild only the pages they touch.
                rebuilt = [m for m in got["log"] if re.search(r"briefing: rebuilding \d+ of \d+ pages", m)]
                assert rebuilt, (label, got["log"])
                done, total = map(int, re.search(r"rebuilding (\d+) of (\d+)", rebuilt[0]).groups())
                assert 0 < done < total, (label, rebuilt[0])
                partial += 1
        assert partial, "no batch was a partial rebuild"
        assert set(Editor.EDITS) <= set(editor.log), set(Editor.EDITS) - set(editor.log)
    finally:
        errors = server.close()
    assert "Traceback" not in errors, errors[-3000:]


def test_serve_first_build_frees_each_page_as_it_goes(tmp_path):
    """What converting a page leaves in reference cycles (its Markdown converter, its element tree, Jinja's
    contexts) is freed while serve's first build goes on, not all at its end: the build made one converter per
    page, and far fewer were ever alive at once. With the garbage collector off for the whole build every one
    of them was (13,000 pages' worth at 10,000 articles set serve's peak resident set)."""
    project = make_project(tmp_path / "project")
    make_content(project)
    server = Server(project, tmp_path / "served")
    try:
        first = server.build(project / "mkdocs.yml")
        assert first["ok"], first
        made, most = first["markdown"]
        assert made >= 20, first["markdown"]
        assert most <= made // 2, f"{most} of the build's {made} Markdown converters were alive at once"
    finally:
        errors = server.close()
    assert "Traceback" not in errors, errors[-3000:]
