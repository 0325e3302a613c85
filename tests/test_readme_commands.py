"""Every `.venv/bin/briefing` command the README shows works as written, in a fresh shell.

"A fresh shell" means no virtualenv activated: the test runs each command with a PATH of only the
system folders and no VIRTUAL_ENV, from the repository folder, as a reader would after `make site`.
Commands that change the working tree (``ingest``, ``generate``, ``schema``) are run with ``--help``.
The pre-commit hook's entry is run the same way.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BRIEFING = Path(sys.executable).parent / "briefing"
SAFE = {"check", "in-force"}  # read-only commands, run exactly as the README shows them


def fresh_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    return env


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"`(\.venv/bin/briefing [^`]+)`", text)))


def run(command: str) -> subprocess.CompletedProcess:
    args = shlex.split(command)
    if args[1] not in SAFE:
        args = args[:2] + ["--help"]
    return subprocess.run(args, cwd=ROOT, env=fresh_env(), capture_output=True, text=True, timeout=300)


pytestmark = pytest.mark.skipif(not BRIEFING.exists(), reason="the `briefing` command is installed by `make site` / `make test`")


def test_the_readme_shows_briefing_commands():
    commands = readme_commands()
    assert any(c.startswith(".venv/bin/briefing check") for c in commands), commands
    assert "python -m generator check" not in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_works_without_an_activated_virtualenv(command):
    proc = run(command)
    assert proc.returncode == 0, (command, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr


def test_pre_commit_hook_runs_the_project_venv():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    assert hook["entry"].startswith(".venv/bin/")
    proc = subprocess.run(shlex.split(hook["entry"]), cwd=ROOT, env=fresh_env(), capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.rstrip().endswith("OK")
