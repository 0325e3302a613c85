"""Every command the README and CONTRIBUTING.md show works as written, in a fresh shell.

"A fresh shell" means no virtualenv activated: the test runs each command with a PATH of only the
system folders and no VIRTUAL_ENV, from the repository folder, as a reader would after `make site`.
`.venv/bin/briefing` commands that change the working tree (``ingest``, ``generate``, ``schema``,
``build``) are run with ``--help``. Every `make` command is a target of the Makefile that expands
(``make -n``), and `make bench ARGS="..."` runs for real with the README's options at a tiny size.
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


DOCS = ("README.md", "CONTRIBUTING.md")
STAMP = ".venv/.installed-stamp"  # the Makefile's $(STAMP): `make -o` keeps it from setting up .venv again


def _doc_texts() -> str:
    return "\n".join((ROOT / name).read_text(encoding="utf-8") for name in DOCS)


def readme_commands() -> list[str]:
    """`.venv/bin/briefing ...` inline, and on a line of its own in a code block (its `# comment` left off)."""
    text = _doc_texts()
    found = set(re.findall(r"`(\.venv/bin/briefing [^`]+)`", text))
    found |= {shlex.join(shlex.split(line, comments=True)) for line in re.findall(r"^(\.venv/bin/briefing .+)$", text, re.M)}
    return sorted(found)


def make_commands() -> list[str]:
    """Every `make TARGET [VAR=value ...]` the docs show, inline or in a code block."""
    text = _doc_texts()
    rx = r"""(?:^|`|nohup )(make [a-z][\w-]*(?: [A-Z]+=(?:"[^"]*"|[^\s`"]+))*)"""
    return sorted(set(re.findall(rx, text, re.M)))


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


def test_the_docs_show_make_commands():
    commands = make_commands()
    for shown in ("make site", "make test", "make serve", "make check", 'make bench ARGS="--sizes 2000 --no-browser"'):
        assert shown in commands, (shown, commands)


def _make_n(command: str) -> subprocess.CompletedProcess:
    args = shlex.split(command)
    return subprocess.run([args[0], "-n", "-o", STAMP, *args[1:]], cwd=ROOT, env=fresh_env(), capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("command", make_commands())
def test_make_command_is_a_target_that_expands(command):
    """`make -n`: the target exists and its recipe expands with the variables shown (nothing is run)."""
    proc = _make_n(command)
    assert proc.returncode == 0, (command, proc.stderr)
    assert proc.stdout.strip(), command
    for value in re.findall(r'[A-Z]+=(?:"([^"]*)"|(\S+))', command):
        shown = value[0] or value[1]
        assert shown in proc.stdout, (command, proc.stdout)  # ARGS= and CORPUS= reach the command


def test_make_bench_as_the_readme_shows_it_runs_at_a_tiny_size(tmp_path, monkeypatch, capsys):
    """`make bench ARGS="--sizes 2000 --no-browser"` (README, Performance) with its options, at 40 articles.

    The command line is the one `make -n` expands the README's command to, with only the size and the
    output folders changed; it runs every step (corpus, generator, build, plain build, no-change rebuild,
    and the edit-to-reload timing with a server on 127.0.0.1 stopped by its PID) and prints the targets.
    """
    (shown,) = [c for c in make_commands() if c.startswith("make bench ARGS=")]
    line = [ln for ln in _make_n(shown).stdout.splitlines() if "-m bench.run" in ln]
    assert line, shown
    args = shlex.split(line[0])
    args = args[args.index("bench.run") + 1:]
    assert "--no-browser" in args and args[args.index("--sizes") + 1] == "2000"
    args[args.index("--sizes") + 1] = "40"
    args[args.index("--log") + 1] = str(tmp_path / "bench.log")

    from bench import run as bench_run

    monkeypatch.setattr(bench_run, "OUT", tmp_path / "out")
    monkeypatch.setattr(sys, "argv", ["bench.run", *args])
    monkeypatch.chdir(ROOT)
    bench_run.main()
    printed = capsys.readouterr().out
    results = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert results.strip() in printed
    row = re.search(r"^\| 40 \| (\d+) \|", results, re.M)
    assert row and int(row.group(1)) > 40, results
    for target in ("reload after one fact edit", "rebuild with no change", "full clean build ÷ plain build",
                   "peak RSS", "first search result from file://"):
        assert re.search(rf"^\| {re.escape(target)}[^|]*\|.*\| (met|not met|not measured) \|$", results, re.M), target
    assert re.search(r"\| \d+\.\d\d \(\d+\.\d\d, \d+\.\d\d, \d+\.\d\d\) \|", results), "no reload times"
    assert "targets so far" in (tmp_path / "bench.log").read_text(encoding="utf-8")
    # The server it started for the reload timing is gone.
    left = [pid for pid in os.listdir("/proc") if pid.isdigit() and str(tmp_path).encode() in _cmdline(pid)]
    assert not left, left


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
