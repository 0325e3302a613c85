"""Same input, same bytes: two `generate` runs give identical Markdown trees.

Run in-process and in subprocesses with different PYTHONHASHSEED values, so
nothing may depend on set or dict order that varies between interpreters.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.feed import timestamp as feed_timestamp
from generator.history import read_history

from tests.conftest import ROOT, make_content


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder``: relative path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _generate(content: Path, out: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", "--content", str(content), "--out", str(out)],
                          env=env, capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return tree(out)


@pytest.fixture(scope="module")
def content_sets(tmp_path_factory) -> list[Path]:
    return [ROOT / "content", make_content(tmp_path_factory.mktemp("minimal"))]


def test_two_in_process_runs_are_byte_identical(content_sets, tmp_path):
    for i, content in enumerate(content_sets):
        trees = []
        for run in ("a", "b"):
            out = tmp_path / f"{i}-{run}"
            result = CliRunner().invoke(cli, ["generate", "--content", str(content), "--out", str(out)])
            assert result.exit_code == 0, result.output
            trees.append(tree(out))
        assert trees[0] == trees[1]
        assert len(trees[0]) >= 10


def test_runs_with_different_hash_seeds_are_byte_identical(tmp_path):
    content = ROOT / "content"
    trees = [_generate(content, tmp_path / f"seed-{seed}", seed) for seed in ("0", "1", "4242")]
    assert trees[0] == trees[1] == trees[2]
    pages = [p for p in trees[0] if p.endswith(".md")]
    assert len(pages) >= 50, len(pages)


def test_no_build_time_in_the_pages(tmp_path):
    """No clock time (a build timestamp) appears in any generated page."""
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["generate", "--content", str(ROOT / "content"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    clock = re.compile(rb"\b\d{2}:\d{2}:\d{2}\b|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
    # The feed's times are those of the commits it lists (the same commits give the same times).
    commits = {feed_timestamp(c.when).encode() for c in read_history(ROOT / "content").changes}
    for name, data in tree(out).items():
        if name == "feed.xml":
            data = re.sub(rb"<updated>([^<]*)</updated>",
                          lambda m: b"" if m.group(1) in commits or m.group(1) == b"1970-01-01T00:00:00Z" else m.group(0),
                          data)
        assert not clock.search(data), name
