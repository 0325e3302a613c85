"""The package installed from a wheel (not editable) carries its theme, templates and init skeleton.

The wheel is built from this checkout the way ``pip install .`` builds it, then installed with
``--no-deps`` into a fresh virtual environment whose dependencies are this interpreter's own
(a ``.pth`` line names its site-packages; the checkout's editable install is not activated from
there, and nothing runs inside the checkout). ``briefing init`` and ``briefing build`` then run
from that environment in a folder outside the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A virtual environment holding the wheel of this checkout; returns its bin/ folder."""
    work = tmp_path_factory.mktemp("install")
    wheel = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", work / "dist", ROOT], work)
    assert wheel.returncode == 0, wheel.stdout + wheel.stderr
    (whl,) = (work / "dist").glob("briefing_generator-*.whl")
    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], work)
    assert made.returncode == 0, made.stderr
    py = venv / "bin" / "python"
    purelib = _run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work).stdout.strip()
    (Path(purelib) / "_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    pip = _run([sys.executable, "-m", "pip", "--python", py, "install", "--no-deps", "--no-index", "--quiet", whl],
               work)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return venv / "bin"


def test_the_installed_package_is_the_wheel_and_carries_its_files(installed, tmp_path):
    probe = _run([installed / "python", "-c",
                  "import generator, generator.resources as r, generator.render as t, generator.project as p\n"
                  "print(generator.__file__); print(r.THEME); print(r.ZENSICAL_THEME); print(t.TEMPLATES);"
                  " print(p.SKELETON)"], tmp_path)
    assert probe.returncode == 0, probe.stderr
    module, theme, zensical, templates, skeleton = map(Path, probe.stdout.split("\n")[:5])
    venv = installed.parent
    for path in (module, theme, zensical, templates, skeleton):
        assert venv in path.parents, f"{path} is not inside the installed package"
    assert sorted(p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file()) == sorted(
        p.relative_to(ROOT / "theme").as_posix() for p in (ROOT / "theme").rglob("*") if p.is_file())
    assert (zensical / "main.html").is_file() and (templates / "home.md.j2").is_file()
    assert (skeleton / "mkdocs.yml.in").is_file() and any((skeleton / "content" / "resolutions").glob("*.yaml"))


def test_init_then_build_with_the_installed_package(installed, tmp_path):
    made = _run([installed / "briefing", "init", "x", "--title", "Installed briefing"], tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    project = tmp_path / "x"
    checked = _run([installed / "briefing", "check"], project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = _run([installed / "briefing", "build"], project)
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site"
    assert "Installed briefing" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "resolutions" / "index.html").is_file() and (site / "about.html").is_file()
    # The theme came from the installed package: its stylesheet, byte for byte, and the offline search shim.
    css = "assets/stylesheets/briefing.css"
    assert (site / css).read_bytes() == (ROOT / "theme" / css).read_bytes()
    assert (site / "assets" / "javascripts" / "vendor" / "iframe-worker" / "shim.js").is_file()


def test_an_installed_package_whose_theme_changed_rebuilds_every_page(installed, tmp_path):
    """A reinstall from a git URL or a folder can change the package's theme under the same version.

    The incremental build must see it (the theme is fingerprinted by content, even under site-packages),
    or every page whose Markdown is unchanged would keep the old theme's HTML.
    """
    made = _run([installed / "briefing", "init", "x", "--title", "Installed briefing"], tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    project = tmp_path / "x"
    assert _run([installed / "briefing", "build"], project).returncode == 0
    probe = _run([installed / "python", "-c", "import generator.resources as r; print(r.THEME)"], tmp_path)
    head = Path(probe.stdout.strip()) / "partials" / "briefing-head.html"
    assert installed.parent in head.parents and head.is_file()
    original = head.read_bytes()
    try:
        head.write_bytes(original + b'<meta name="x-reinstalled" content="1">\n')
        built = _run([installed / "briefing", "build"], project)
        assert built.returncode == 0, built.stdout + built.stderr
        pages = sorted((project / "site").rglob("*.html"))
        stale = [p.relative_to(project / "site").as_posix() for p in pages
                 if 'name="x-reinstalled"' not in p.read_text(encoding="utf-8")
                 and "<head>" in p.read_text(encoding="utf-8")]
        assert pages and not stale, stale[:10]
    finally:
        head.write_bytes(original)
