"""`python -m generator build` swaps the new site in only when the build succeeds.

A build over broken content (or a broken MkDocs config) exits 1 and leaves the
previous site folder byte-for-byte as it was, with no staging folder left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, make_content, make_project


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(project / "site"),
                           "-f", str(project / "mkdocs.yml")], cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture
def project_with_old_site(tmp_path) -> Path:
    project = make_project(tmp_path / "project")
    site = project / "site"
    (site / "sub").mkdir(parents=True)
    (site / "MARKER").write_bytes(b"old build \x00\xff\n")
    (site / "index.html").write_text("<p>old</p>\n")
    (site / "sub" / "page.html").write_text("<p>old page</p>\n")
    return project


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site-"))


def test_failed_content_build_leaves_old_site_untouched(project_with_old_site):
    project = project_with_old_site
    make_content(project, FIXTURES / "bad" / "several-problems")
    before = tree(project / "site")
    proc = build(project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "left as it was" in proc.stderr
    # The content problems are named, with file and line.
    assert "content/events/nuclear-test-2016-01-06.yaml:5:10: error: unknown actor id 'north-corea'" in proc.stderr
    assert tree(project / "site") == before
    assert _leftovers(project) == []


def test_failed_mkdocs_build_leaves_old_site_untouched(project_with_old_site):
    project = project_with_old_site
    make_content(project)
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text() + "\nnot_a_real_option: [\n")
    before = tree(project / "site")
    proc = build(project)
    assert proc.returncode == 1
    assert tree(project / "site") == before
    assert _leftovers(project) == []


def test_good_build_swaps_the_new_site_in(project_with_old_site):
    project = project_with_old_site
    make_content(project)
    proc = build(project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = tree(project / "site")
    assert "MARKER" not in site and "sub/page.html" not in site
    assert "index.html" in site and b"<p>old</p>" not in site["index.html"]
    assert "resolutions/2270.html" in site
    assert _leftovers(project) == []
