"""``python -m generator init DIR --title "..."``: a new briefing project that builds at once.

It writes ``briefing.yml`` (every setting written out with its description as a
comment), one sourced example file of each kind under ``content/`` (marked as
examples, to be replaced), ``mkdocs.yml`` with a section per kind of the
registry, an empty ``pages/`` for hand-written pages, a README with the two commands, a ``.gitignore``, a
CI workflow and the JSON Schema files editors use. The theme and templates come
from the installed package; a project overrides any of them by putting a file
at the same relative path under its own ``theme/`` or ``templates/``.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from generator.config import Briefing, active
from generator.kinds import KINDS
from generator.schema import json_schema

SKELETON = Path(__file__).parent / "skeleton"


class InitError(Exception):
    """The target folder cannot take a new briefing (it already holds one)."""


def _comment(text: str | None, pad: str) -> list[str]:
    if not text:
        return []
    return [f"{pad}# {line}" for line in textwrap.wrap(" ".join(text.split()), 96)]


def _dump(name: str, value: Any, pad: str) -> list[str]:
    text = yaml.safe_dump({name: value}, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return [pad + line for line in text.rstrip("\n").split("\n")]


def _emit(model: BaseModel, pad: str) -> list[str]:
    lines: list[str] = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        lines += _comment(info.description, pad)
        if isinstance(value, BaseModel):
            lines.append(f"{pad}{name}:")
            lines += _emit(value, pad + "  ")
        else:
            lines += _dump(name, json.loads(json.dumps(_plain(value))), pad)
    return lines


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def commented_config(title: str) -> str:
    """``briefing.yml`` with every setting at its default (the title set), each with its description."""
    config = Briefing(title=title)
    head = ["# yaml-language-server: $schema=schema/briefing.schema.json",
            "# This briefing's settings: everything topic-specific lives here. Every key is optional;",
            "# a key you delete takes the default shown. See the generator's docs/briefing-config.md.", ""]
    return "\n".join(head + _emit(config, "")) + "\n"


def mkdocs_yml() -> str:
    """A MkDocs config for the new project: Material, the briefing plugin, offline, a section per kind (the
    site's title is briefing.yml's)."""
    nav = ["  - Home: index.md", *(f"  - {k.nav_title}: {k.folder}/index.md" for k in KINDS.values()),
           "  - About: about.md"]
    hidden = [f"  /{k.folder}/*.md" for k in KINDS.values()] + ["  /reports/*.md", "  /data/*.md", "  /changes/*.md"]
    return (SKELETON / "mkdocs.yml.in").read_text(encoding="utf-8").replace(
        "@NAV@", "\n".join(nav)).replace("@NOT_IN_NAV@", "\n".join(hidden))


def init(target: str | Path, title: str) -> list[Path]:
    """Write a new briefing project into ``target`` (created if needed; must hold no briefing yet).

    Returns:
        The files written, sorted.
    """
    root = Path(target)
    if (root / "briefing.yml").exists() or (root / "content").exists():
        raise InitError(f"{root} already holds a briefing (briefing.yml or content/); choose an empty folder")
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SKELETON / "content", root / "content")
    # MkDocs needs its docs_dir; the pages (About included) are generated, so it starts empty.
    (root / "pages").mkdir()
    (root / "pages" / ".gitkeep").write_text("", encoding="utf-8")
    for name in ("README.md", "gitignore", "workflow.yml"):
        target_name = {"gitignore": ".gitignore", "workflow.yml": ".github/workflows/briefing.yml"}.get(name, name)
        out = root / target_name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text((SKELETON / name).read_text(encoding="utf-8").replace("@TITLE@", title), encoding="utf-8")
    (root / "briefing.yml").write_text(commented_config(title), encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")
    export_schema(root / "schema", Briefing(title=title))
    return sorted(p for p in root.rglob("*") if p.is_file())


def export_schema(out_dir: Path, config: Briefing) -> list[Path]:
    """Write one ``<kind>.schema.json`` per kind and ``briefing.schema.json``, with ``config``'s vocabularies."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with active(config):
        for kind, model in sorted([(k.name, k.model) for k in KINDS.values()] + [("briefing", Briefing)]):
            data = json_schema(model, f"{kind}.schema.json")
            path = out_dir / f"{kind}.schema.json"
            path.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
            written.append(path)
    return written
