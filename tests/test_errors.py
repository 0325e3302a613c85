"""Malformed input gives one precise message per problem, never a traceback.

Each folder under ``tests/fixtures/bad/<case>/`` is a small content set: the
minimal valid set in ``_base/content`` plus the files in ``<case>/content``
(the one broken thing). ``expected.txt`` holds the exact problem lines that
``python -m generator check --content <dir>`` must print, in order; an empty
file means the content must pass. ``grow.txt`` (``<path> <bytes>``) appends a
YAML comment of that many bytes, so the huge-file case is not stored in git.
``special.txt`` makes what git cannot store, one per line: ``fifo <path>``,
``socket <path>``, ``symlink <path> <target>``, ``outside <path> <base file>``
(a symlink to a copy of a base file outside content/) and ``nest <path> <levels>``
(appends a value nested that many levels deep).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import ContentError, Problem
from generator.load import load
from generator.validate import validate

from tests.conftest import FIXTURES, make_content

BAD = FIXTURES / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_"))
PROBLEM_LINE = re.compile(r"^content/\S+:\d+(:\d+)?: (error|warning): .+")


def build_case(case: str, tmp_path: Path) -> Path:
    """The content folder of ``case``, assembled in ``tmp_path``."""
    content = make_content(tmp_path, BAD / case)
    grow = BAD / case / "grow.txt"
    if grow.exists():
        rel, size = grow.read_text().split()
        with open(content / rel, "a", encoding="utf-8") as fh:
            fh.write("#" * int(size) + "\n")
    special = BAD / case / "special.txt"
    for line in special.read_text().splitlines() if special.exists() else []:
        what, rel, *args = line.split()
        path = content / rel
        if what == "fifo":
            os.mkfifo(path)
        elif what == "socket":
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(str(path))
            sock.close()  # the socket file stays
        elif what == "symlink":
            path.symlink_to(args[0])
        elif what == "outside":
            outside = tmp_path / "outside" / path.name
            outside.parent.mkdir(exist_ok=True)
            shutil.copyfile(content / args[0], outside)
            path.symlink_to(outside)
        elif what == "nest":
            with open(path, "a", encoding="utf-8") as fh:
                fh.write("extra: " + "[" * int(args[0]) + "]" * int(args[0]) + "\n")
        else:
            raise ValueError(f"{special}: unknown line {line!r}")
    return content


def expected_lines(case: str) -> list[str]:
    return (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25, CASES
    for case in CASES:
        assert (BAD / case / "expected.txt").exists(), f"{case} has no expected.txt"


def test_base_content_is_valid(tmp_path):
    result = CliRunner().invoke(cli, ["check", "--content", str(make_content(tmp_path))])
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if PROBLEM_LINE.match(line)] == []


@pytest.mark.parametrize("case", CASES)
def test_bad_content_is_reported_exactly(case, tmp_path):
    content = build_case(case, tmp_path)
    result = CliRunner().invoke(cli, ["check", "--content", str(content)])
    want = expected_lines(case)
    got = [line for line in result.output.splitlines() if PROBLEM_LINE.match(line)]
    assert got == want
    assert "Traceback" not in result.output
    # A crash inside the command would surface here as a non-SystemExit exception.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    has_error = any(": error: " in line for line in want)
    assert result.exit_code == (1 if has_error else 0), result.output
    if has_error:
        assert "nothing was built" in result.output
    else:
        assert result.output.rstrip().endswith("OK")


@pytest.mark.parametrize("case", ["several-problems", "yaml-alias-bomb", "non-utf8"])
def test_library_raises_only_content_error_with_the_same_problems(case, tmp_path):
    """Called as a library, the core raises ContentError listing the same problems."""
    content = build_case(case, tmp_path)
    with pytest.raises(ContentError) as info:
        from generator.errors import Problems
        problems = Problems()
        validate(load(content, problems), problems)
    got = [p.format() for p in info.value.problems + info.value.warnings]
    assert sorted(got) == sorted(expected_lines(case))


def test_several_problems_in_several_files_are_all_reported_in_one_run(tmp_path):
    lines = expected_lines("several-problems")
    files = {line.split(":", 1)[0] for line in lines}
    assert len(files) >= 5 and len(lines) >= 6


def test_every_message_has_the_documented_shape():
    """``file:line[:col]: error|warning: message. Fix: ...`` for every expected line."""
    shape = re.compile(r"^content/\S+:\d+(:\d+)?: (error|warning): .+[.?!] Fix: \S.*$")
    for case in CASES:
        for line in expected_lines(case):
            assert shape.match(line), f"{case}: {line}"


def test_problem_format_adds_a_full_stop_once():
    assert Problem("a.yaml", 3, "bad value", "fix it", 5).format() == "a.yaml:3:5: error: bad value. Fix: fix it"
    assert Problem("a.yaml", 3, "did you?", "x").format() == "a.yaml:3: error: did you? Fix: x"


def test_github_format_annotates_and_writes_every_problem_to_the_summary(tmp_path, monkeypatch):
    content = build_case("several-problems", tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = CliRunner().invoke(cli, ["check", "--content", str(content), "--format", "github"])
    assert result.exit_code == 1
    annotations = [line for line in result.output.splitlines() if line.startswith("::")]
    want = expected_lines("several-problems")
    assert len(annotations) == len(want)
    first = want[0]  # content/actors/china.yaml:3:1: error: 'kind' is ...
    assert annotations[0] == ("::error file=content/actors/china.yaml,line=3,col=1::"
                              + first.split(": error: ", 1)[1])
    text = summary.read_text(encoding="utf-8")
    assert f"{len(want)} errors, 0 warnings" in text
    for line in want:
        where = re.match(r"^(\S+?:\d+)", line).group(1)
        assert f"| `{where}` | error |" in text


def test_github_format_escapes_properties_and_data():
    from generator.cli import _escape_data, _escape_property
    assert _escape_property("content/a,b:c.yaml") == "content/a%2Cb%3Ac.yaml"
    assert _escape_data("50% done\nnext") == "50%25 done%0Anext"


def test_check_without_arguments_reads_content_from_the_working_directory(tmp_path):
    make_content(tmp_path, BAD / "unknown-reference")
    proc = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1
    assert expected_lines("unknown-reference")[0] in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_missing_content_folder_is_a_message_not_a_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["check", "--content", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "content folder not found" in result.output
    assert "Traceback" not in result.output


def test_github_summary_holds_problems_beyond_the_ten_annotations_github_shows(tmp_path, monkeypatch):
    content = make_content(tmp_path)
    coal = content / "measures" / "coal.yaml"
    coal.write_text(coal.read_text() + "".join(f"extra_{i:02d}: x\n" for i in range(12)))
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = CliRunner().invoke(cli, ["check", "--content", str(content), "--format", "github"])
    assert result.exit_code == 1
    assert len([line for line in result.output.splitlines() if line.startswith("::error ")]) == 12
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| `content/")]
    assert len(rows) == 12
    assert rows[-1].startswith("| `content/measures/coal.yaml:19` | error | unknown field 'extra_11'.")


def _flood(tmp_path: Path, count: int) -> Path:
    """The minimal set plus ``count`` measure files that each hold one unknown field."""
    content = make_content(tmp_path)
    coal = (content / "measures" / "coal.yaml").read_text()
    for i in range(count):
        (content / "measures" / f"flood-{i:04d}.yaml").write_text(coal.replace("order: 100", f"order: {i}\nbogus: x"))
    return content


def test_a_flood_of_problems_prints_the_first_200_then_a_count(tmp_path):
    content = _flood(tmp_path, 260)
    result = CliRunner().invoke(cli, ["check", "--content", str(content)])
    lines = result.output.splitlines()
    problems = [line for line in lines if PROBLEM_LINE.match(line)]
    assert len(problems) == 200
    assert problems[0].startswith("content/measures/flood-0000.yaml:6:1: error: unknown field 'bogus'.")
    assert "and 60 more in 60 files (fix these first, then check again)" in lines
    assert result.exit_code == 1 and "260 error(s)" in result.output


def test_a_flood_in_github_format_caps_annotations_but_the_summary_lists_all(tmp_path, monkeypatch):
    content = _flood(tmp_path, 230)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = CliRunner().invoke(cli, ["check", "--content", str(content), "--format", "github"])
    annotations = [line for line in result.output.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 200
    assert "::notice::and 30 more in 30 files; the job summary lists them all" in result.output.splitlines()
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| `content/")]
    assert len(rows) == 230


def test_a_file_name_with_a_bidi_control_is_refused_and_shown_escaped(tmp_path):
    content = make_content(tmp_path)
    shutil.copyfile(content / "measures" / "coal.yaml", content / "measures" / "iron\u202egpj.yaml")
    result = CliRunner().invoke(cli, ["check", "--content", str(content)])
    assert result.exit_code == 1
    assert ("content/measures/iron\\u202egpj.yaml:1: error: file name holds bidi control U+202E "
            "(RIGHT-TO-LEFT OVERRIDE). Fix: rename the file using lowercase letters, digits and hyphens") \
        in result.output.splitlines()
    assert "\u202e" not in result.output
