"""The committed JSON Schema (schema/) is what `python -m generator schema` exports now,
and every fact file points editors at it on its first line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.kinds import BY_FOLDER, FACT_KINDS, KINDS
from generator.validate import schema_line

from tests.conftest import ROOT

FACT_FILES = sorted(p for kind in FACT_KINDS for p in (ROOT / "content" / kind.folder).glob("*.y*ml"))


def test_committed_schema_equals_a_fresh_export(tmp_path):
    result = CliRunner().invoke(cli, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    fresh = {p.name: p.read_bytes() for p in tmp_path.glob("*.json")}
    committed = {p.name: p.read_bytes() for p in (ROOT / "schema").glob("*.json")}
    assert sorted(fresh) == sorted(f"{kind}.schema.json" for kind in [*KINDS, "briefing"])
    stale = [name for name in fresh if committed.get(name) != fresh[name]]
    assert sorted(committed) == sorted(fresh) and not stale, (
        f"schema/ is out of date ({stale or 'file set differs'}); run `make schema` and commit the result")


def test_exported_schema_is_strict():
    for kind in [*KINDS, "briefing"]:
        data = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert data["$schema"].startswith("https://json-schema.org/")
        assert data["additionalProperties"] is False, kind
        assert data.get("required") or kind == "briefing", kind  # every briefing.yml key is optional
        for name, sub in data.get("$defs", {}).items():
            if sub.get("type") == "object":
                assert sub.get("additionalProperties") is False, (kind, name)


def test_there_are_fact_files():
    assert len(FACT_FILES) >= 50


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fact_file_starts_with_its_schema_line(path):
    kind = BY_FOLDER[path.parent.name].name
    first = path.read_text(encoding="utf-8").partition("\n")[0]
    assert first == schema_line(kind)
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == (ROOT / "schema" / f"{kind}.schema.json").resolve() and target.exists()


def test_contributing_templates_match_the_schema():
    """The commented templates in CONTRIBUTING.md are valid fact files (schema only; ids need not exist)."""
    from generator.errors import Problems
    from generator.load import parse_yaml

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(# yaml-language-server: \$schema=\.\./\.\./schema/(\w+)\.schema\.json\n.*?)```",
                        text, re.S)
    assert sorted(kind for _, kind in blocks) == ["actor", "event", "measure", "resolution"]
    for block, kind in blocks:
        problems = Problems()
        parsed = parse_yaml(block, f"CONTRIBUTING.md ({kind})", problems)
        assert parsed is not None and not problems.items, [p.format() for p in problems.items]
        KINDS[kind].model.model_validate(parsed[0])
