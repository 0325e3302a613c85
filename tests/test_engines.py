"""ProperDocs (the build engine) and MkDocs 1.6.1 build byte-identical sites, but for the generator tag.

Both build the minimal content set through the CLI's one way to reach an engine (``briefing build
--engine ...``). Every file must be in both sites with the same bytes; in HTML files the only allowed
difference is ``<meta name="generator" content="...">``, which names the engine.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.engines import ENGINES, engine_command
from tests.conftest import make_content, make_project

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(project: Path, engine: str) -> Path:
    site = project / f"site-{engine}"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--engine", engine, "-f", "mkdocs.yml",
                           "--site-dir", str(site)], cwd=project, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return site


def test_engine_command_is_the_one_way_to_an_engine():
    assert ENGINES[0] == "properdocs"
    assert engine_command("build", "-q")[1:] == ["-m", "properdocs", "build", "-q"]
    with pytest.raises(ValueError):
        engine_command("build", engine="hugo")


def test_properdocs_and_mkdocs_build_the_same_site(tmp_path):
    project = make_project(tmp_path / "project")
    make_content(project)
    sites = {engine: build(project, engine) for engine in ("properdocs", "mkdocs")}
    files = {engine: sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
             for engine, site in sites.items()}
    assert files["properdocs"] == files["mkdocs"]
    assert "resolutions/2270.html" in files["mkdocs"]
    tags, different = set(), []
    for rel in files["mkdocs"]:
        ours, theirs = (sites[e].joinpath(rel).read_bytes() for e in ("properdocs", "mkdocs"))
        if rel.endswith(".html"):
            tags.update(GENERATOR_TAG.findall(ours) + GENERATOR_TAG.findall(theirs))
            ours, theirs = GENERATOR_TAG.sub(b"", ours), GENERATOR_TAG.sub(b"", theirs)
        if ours != theirs:
            different.append(rel)
    assert different == []
    # The tag does name each engine, so the comparison above did mask a real difference.
    assert any(b"properdocs" in t.lower() for t in tags) and any(b"mkdocs-1.6.1" in t for t in tags), tags
