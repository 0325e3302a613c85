"""bench/stages.py: the CPU time of each generator stage, and a digest of the pages that lets runs be compared."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench import corpus

ROOT = Path(__file__).resolve().parent.parent


def test_stage_timings_run_and_show_the_same_pages_with_and_without_a_cache(tmp_path):
    content = tmp_path / "content"
    corpus.generate(content, 30)
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    out = subprocess.run([sys.executable, "-m", "bench.stages", "--content", str(content), "--runs", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600, check=True).stdout
    digests = dict(re.findall(r"^(\w+(?: \w+)?) +total +[\d.]+ .*digest ([0-9a-f]{16})$", out, re.M))
    assert set(digests) == {"full", "cold", "actor edit", "article edit"}, out
    # A run that fills a cache makes the same pages as one without; each edit changes them.
    assert digests["full"] == digests["cold"]
    assert len({digests["cold"], digests["actor edit"], digests["article edit"]}) == 3
    full = next(line for line in out.splitlines() if line.startswith("full "))
    for stage in ("load", "validate", "link", "render", "export"):
        assert re.search(rf"[( ]{stage} \d+\.\d\d[ )]", full), full
    # The edits are undone.
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before
