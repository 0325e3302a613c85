"""Build step that pyproject.toml cannot express: the package carries the repository's theme folders.

``theme/`` and ``theme-zensical/`` stay at the repository root (the shipped briefing's
``mkdocs.yml`` names ``theme`` as its ``custom_dir``); a wheel gets copies of both inside
``generator/``, so a briefing folder outside this repository gets them from the installed
package (:mod:`generator.resources`). Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithTheme(build_py):
    """``build_py`` plus the theme folders, copied into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's own folders
            return
        for name in ("theme", "theme-zensical"):
            target = Path(self.build_lib) / "generator" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target)


setup(cmdclass={"build_py": BuildWithTheme})
