"""Property: no input makes the checker crash.

Random and mutated YAML (starting from real fact files: lines deleted or
duplicated, indentation swapped, random bytes and unicode spliced in) is fed to
load + validate and to ``check``. The only exception allowed to escape the core
is :class:`generator.errors.ContentError`; the command exits 0 or 1 and never
prints a traceback.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.errors import ContentError, Problems
from generator.load import load
from generator.validate import validate

from tests.conftest import BASE_CONTENT, make_content

ROOT = Path(__file__).resolve().parent.parent
# Real, richer files from content/ (read-only) plus the small base set.
SEEDS = {
    "resolutions/2270.yaml": (ROOT / "content/resolutions/2270.yaml"),
    "actors/wang-yi.yaml": (ROOT / "content/actors/wang-yi.yaml"),
    "events/nuclear-test-2016-01-06.yaml": (ROOT / "content/events/nuclear-test-2016-01-06.yaml"),
    "measures/coal.yaml": (BASE_CONTENT / "measures/coal.yaml"),
    "articles/2016-03-02-test-article.md": (BASE_CONTENT / "articles/2016-03-02-test-article.md"),
}
SEED_BYTES = {rel: path.read_bytes() for rel, path in SEEDS.items() if path.exists()}

# PROPERTY_EXAMPLES=2000 for a longer hunt; the default keeps `make test` fast.
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_chars = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\n\t ") + ["  ", "- ", ": ", "---\n", "<<: ", "\r\n",
                                                                     "\ufeff", "\u2028", "2016-02-30", "~", "null"])
random_unicode = st.text(min_size=1, max_size=8)


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """A real file with a handful of random edits."""
    rel = draw(st.sampled_from(sorted(SEED_BYTES)))
    lines = SEED_BYTES[rel].split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [b""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "bytes", "unicode", "yaml", "swap"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = draw(st.sampled_from([b" ", b"  ", b"    ", b"\t"])) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            payload = {"bytes": st.binary(min_size=1, max_size=6),
                       "unicode": random_unicode.map(lambda s: s.encode("utf-8", "surrogatepass")),
                       "yaml": yaml_chars.map(str.encode)}[op]
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(payload) + lines[i][pos:]
    return rel, b"\n".join(lines)


random_yaml = st.tuples(
    st.sampled_from(sorted(SEED_BYTES)),
    st.lists(st.one_of(yaml_chars, random_unicode), max_size=40).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
)


def _run_core(rel: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = make_content(Path(tmp))
        (content / rel).write_bytes(data)
        problems = Problems()
        try:
            validate(load(content, problems), problems)
        except ContentError as exc:
            assert exc.problems, "ContentError must list at least one problem"
            for p in exc.problems:
                assert p.file.startswith("content/") and p.line >= 1 and p.message


def _run_check(rel: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = make_content(Path(tmp))
        (content / rel).write_bytes(data)
        result = CliRunner().invoke(cli, ["check", "--content", str(content)])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output


@SETTINGS
@given(mutated())
def test_mutated_fact_files_only_raise_content_error(case):
    _run_core(*case)


@SETTINGS
@given(random_yaml)
def test_random_yaml_only_raises_content_error(case):
    _run_core(*case)


@settings(max_examples=max(EXAMPLES * 2 // 3, 1), deadline=None)
@given(st.one_of(mutated(), random_yaml))
def test_check_command_never_crashes(case):
    _run_check(*case)
