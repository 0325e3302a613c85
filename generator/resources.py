"""The theme folders the package ships, found the same way installed or in a checkout.

The repository keeps ``theme/`` (the Material overrides) and ``theme-zensical/`` at its
root. A wheel carries copies of both inside the package (``setup.py`` puts them there), so a
briefing folder outside the repository gets them from the installed generator; a checkout or
an editable install reads the repository's own folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def theme_folder(name: str) -> Path:
    """The package's ``theme`` or ``theme-zensical`` folder (inside the package once installed)."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name  # a checkout: the repository's own folder


THEME = theme_folder("theme")
"""The Material overrides: styles, print rules, local scripts, the offline iframe shim."""
ZENSICAL_THEME = theme_folder("theme-zensical")
"""The theme folder Zensical builds with (it runs no MkDocs plugin, so it gets its own)."""
