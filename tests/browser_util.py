"""Helpers shared by the offline tests: one built site and one Chromium per test session.

Both test modules (``test_offline_static.py`` and ``test_browser.py``) call :func:`built_site`,
which builds the site once per session into a temporary folder with the project's own
``python -m generator build``, so the tests check exactly what ``make site`` ships.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Flags for Debian's chromium in a container: no sandbox (we may run as root), and no
# background traffic of its own, so every request we see comes from the page.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"

_cache: dict[str, Path] = {}


def built_site(tmp_path_factory: pytest.TempPathFactory, engine: str = "properdocs") -> Path:
    """Build the site with ``engine`` once per session and return its folder (holds ``index.html``).

    ``zensical`` builds as ``make site-zensical`` does, from the output of ``generate``.
    """
    if engine not in _cache:
        out = tmp_path_factory.mktemp(f"offline-{engine}") / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.run([sys.executable, "-m", "generator", "build", "--engine", engine, "--site-dir", str(out)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"site build failed:\n{proc.stdout}\n{proc.stderr}"
        assert (out / "index.html").is_file()
        _cache[engine] = out
    return _cache[engine]


def chromium_skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (Python package) is not installed; run `make test`, which installs requirements.lock"
    if not CHROMIUM.exists():
        return (f"{CHROMIUM} is missing; `make test` installs Debian's chromium when run as root "
                "(apt-get install chromium). Never use `playwright install` here.")
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is not executable"
    return None
